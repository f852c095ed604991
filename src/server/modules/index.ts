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
import { supervisionApprovalRoutes } from './supervision/approval-routes.js';
import { evaluationRoutes, performanceEvaluationRoutes } from './evaluation/routes.js';
import { programmeRecordRoutes } from './programme-records/routes.js';
import { publicDisclosureRoutes } from './public/public-disclosure.js';
import { implementationRoutes } from './supervision/implementation-routes.js';
import { capacityCallRoutes } from './capacity/routes.js';
import { capacityApplicationRoutes } from './capacity/application-routes.js';
import { capacityReviewRoutes } from './capacity/expert-routes.js';
import { capacityApplicationDocumentRoutes } from './capacity/application-document-routes.js';
import { capacityNoticeRoutes } from './capacity/notice-routes.js';
import { capacityImplementationRoutes } from './capacity/implementation-routes.js';
import { capacityLetterRoutes } from './capacity/letter-routes.js';
import { capacityEvaluationRoutes } from './capacity/evaluation-routes.js';
import { capacityClosingRoutes } from './capacity/closing-routes.js';
import { capacityProjectRoutes } from './capacity/projects.js';
import { fundRoutes } from './funds/routes.js';
import { societyTierRoutes } from './societies/tier-routes.js';
import { willingnessRoutes } from './willingness/routes.js';
import { surveyRoutes } from './surveys/routes.js';
import { indicatorRoutes } from './indicators/routes.js';
import { caseRoutes } from './cases/routes.js';
import { openDataRoutes } from './opendata/routes.js';
import { registerModuleHooks } from './hooks.js';

/** Every module's routes, each registered once, here only (the order is the OpenAPI document's). */
const routeModules = [
  systemRoutes,
  authRoutes,
  orgRoutes,
  societyRoutes,
  userRoutes,
  programmeRoutes,
  publicRoutes,
  todoRoutes,
  auditRoutes,
  attachmentRoutes,
  notificationRoutes,
  transferRoutes,
  selectionRoutes,
  publicTransferRoutes,
  taskBookRoutes,
  supervisionApprovalRoutes, // SUP-3, SUP-5, SUP-6
  programmeRecordRoutes, // PRG-3
  publicDisclosureRoutes, // PUB-1 disclosure
  implementationRoutes, // SUP-1, SUP-2, SUP-4, SUP-7, SUP-8
  evaluationRoutes, // EVA-1, EVA-3 the completion of a pilot project
  performanceEvaluationRoutes, // EVA-2, EVA-3, PUB-1 third-party evaluation, its reports and their publication
  caseRoutes, // EVA-5, PUB-1 the typical-case library and its portal pages
  capacityCallRoutes, // CAP-1, PUB-1 calls
  capacityApplicationRoutes, // CAP-2, CAP-3 applications and formal review
  capacityReviewRoutes, // CAP-4 expert review, ranking and the joint decision
  capacityApplicationDocumentRoutes, // CAP-2 the application form as Word and PDF
  capacityNoticeRoutes, // CAP-5, PUB-1 the result notice and its objections
  capacityImplementationRoutes, // CAP-6, FND-1…FND-5 progress reports, expenses, budget adjustments
  capacityLetterRoutes, // CAP-5, FND-4 the responsibility letter
  capacityEvaluationRoutes, // CAP-6 evaluation, evaluation notice, disbursement
  capacityClosingRoutes, // CAP-6, CAP-7, FND-4, FND-6 acceptance, refunds, recoveries and sanctions
  capacityProjectRoutes, // 项目实施与验收: the funded projects and where each stands after funding
  fundRoutes, // FND-5, FND-7 the fund ledger
  societyTierRoutes, // ORG-4, EVA-6 society tiers and the platform's suggestion
  willingnessRoutes, // ORG-5 the willingness and capability survey
  surveyRoutes, // EVA-4 satisfaction surveys: invitations, public links, answers and results
  indicatorRoutes, // STA-1, STA-2, PUB-1 indicators with their drill-downs, dashboards, published indicators
  openDataRoutes, // PUB-3 open data: the public facts as paged feeds and CSV, with ETag / Last-Modified
];

export async function registerModules(app: ZApp, deps: AppDeps): Promise<void> {
  registerModuleHooks();
  for (const mod of routeModules) await mod(app, deps);
}
