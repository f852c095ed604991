// CAP-2: the application form (申报书) as Word or PDF — read as the application itself is read
// (GET /api/v1/capacity-applications/:id). Rendering in documents/application-document.ts.
import { z } from 'zod';
import type { AppDeps, ZApp } from '../../app.js';
import { requireActor, requireAnyPermission } from '../../http/guards.js';
import { binaryResponse } from '../../http/contract.js';
import { documentContentTypes } from '../taskbooks/documents.js';
import { applicationDocumentResponse } from './documents/application-document.js';
import { ZId } from './route-params.js';


export async function capacityApplicationDocumentRoutes(app: ZApp, deps: AppDeps) {
  const { db } = deps.database;
  app.get(
    '/api/v1/capacity-applications/:id/document',
    {
      schema: {
        tags: ['能力提升项目申报'],
        summary: '下载申报书（Word 或 PDF）：已提交的为最近一次提交的版本，草稿标明草稿',
        params: ZId,
        querystring: z.object({ format: z.enum(['docx', 'pdf'], { error: '格式应为 docx 或 pdf' }) }).strict(),
        response: { 200: binaryResponse('申报书文件：已提交的申报书为最近一次提交的版本（内容和当日的资格检查），草稿为当前内容并标明草稿', [documentContentTypes.docx, documentContentTypes.pdf]) },
      },
      preHandler: requireAnyPermission('capacityApplication.submit', 'capacityApplication.review', 'capacityCall.manage', 'fund.read'),
    },
    async (req, reply) => applicationDocumentResponse(db, requireActor(req), reply, req.params.id, req.query.format),
  );
}
