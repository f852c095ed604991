import type { AppDeps, ZApp } from '../app.js';
import { systemRoutes } from './system/routes.js';
import { authRoutes } from './auth/routes.js';
import { orgRoutes } from './orgs/routes.js';
import { societyRoutes } from './societies/routes.js';
import { userRoutes } from './users/routes.js';
import { programmeRoutes } from './programmes/routes.js';
import { publicRoutes } from './public/routes.js';
import { todoRoutes } from './todos/routes.js';
import { auditRoutes } from './audit/routes.js';
import { attachmentRoutes } from './attachments/routes.js';
import { notificationRoutes } from './notifications/routes.js';
import { transferRoutes } from './transfer/routes.js';
import { selectionRoutes } from './selection/routes.js';
import { publicTransferRoutes } from './public/public-transfer.js';
import { taskBookRoutes } from './taskbooks/routes.js';

export async function registerModules(app: ZApp, deps: AppDeps): Promise<void> {
  for (const mod of [systemRoutes, authRoutes, orgRoutes, societyRoutes, userRoutes, programmeRoutes, publicRoutes, todoRoutes, auditRoutes, attachmentRoutes, notificationRoutes, transferRoutes, selectionRoutes, publicTransferRoutes, taskBookRoutes]) {
    await mod(app, deps);
  }
  await (await import('./supervision/approval-routes.js')).supervisionApprovalRoutes(app, deps); // SUP-3, SUP-5, SUP-6, PRG-3, PUB-1 disclosure
  await (await import('./supervision/implementation-routes.js')).implementationRoutes(app, deps); // SUP-1, SUP-2, SUP-4, SUP-7, SUP-8
}
