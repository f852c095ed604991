// CAP-5, FND-4 routes: the responsibility letter (责任书) of an approved application — drafted, edited
// and frozen by the programme's association, signed by both parties, read (with its Word/PDF) by the
// application's readers. The portal's verification of a letter is the task book's
// (/api/v1/public/task-books/verify, capacity/letter-verification.ts). Use cases in letters.ts.
import { z } from 'zod';
import type { AppDeps, ZApp } from '../../app.js';
import { metaOf, requireActor, requireAnyPermission, requirePermission } from '../../http/guards.js';
import { binaryResponse } from '../../http/contract.js';
import { ZCapacityLetter, ZCapacityLetterEdit, ZCapacityLetterVersionBody } from '../../../contract/capacity-letters.js';
import { documentContentTypes } from '../taskbooks/documents.js';
import { draftLetter, editLetter, freezeLetter, letterView, loadLetter, loadLetterOfApplication, signLetter } from './letters.js';
import { letterDocumentResponse } from './documents/letter-document.js';
import { ZId } from './route-params.js';

/** Whoever may read applications (the read rule itself: applications.ts mayReadApplication). */
const READS = ['capacityApplication.submit', 'capacityApplication.review', 'capacityCall.manage', 'fund.read'] as const;

export async function capacityLetterRoutes(app: ZApp, deps: AppDeps) {
  const { db } = deps.database;
  const tags = ['项目责任书'];
  const read = requireAnyPermission(...READS);

  app.get(
    '/api/v1/capacity-applications/:id/letter',
    { schema: { tags, summary: '申报项目的责任书（尚未起草时为 404）', params: ZId, response: { 200: ZCapacityLetter } }, preHandler: read },
    async (req) => {
      const actor = requireActor(req);
      return letterView(db, await loadLetterOfApplication(db, actor, req.params.id), actor);
    },
  );

  app.post(
    '/api/v1/capacity-applications/:id/letter',
    { schema: { tags, summary: '起草责任书（方案所属科协，评审结果公示无异议的项目）', params: ZId, response: { 201: ZCapacityLetter } }, preHandler: requirePermission('capacityApplication.review') },
    async (req, reply) => {
      const actor = requireActor(req);
      const id = await draftLetter({ db, actor, meta: metaOf(req), applicationId: req.params.id });
      return reply
        .status(201)
        .header('Location', `/api/v1/capacity-letters/${id}`)
        .send(await letterView(db, await loadLetter(db, actor, id), actor));
    },
  );

  app.get(
    '/api/v1/capacity-letters/:id',
    { schema: { tags, summary: '责任书详情：内容、签署情况与可执行操作', params: ZId, response: { 200: ZCapacityLetter } }, preHandler: read },
    async (req) => {
      const actor = requireActor(req);
      return letterView(db, await loadLetter(db, actor, req.params.id), actor);
    },
  );

  app.put(
    '/api/v1/capacity-letters/:id',
    { schema: { tags, summary: '修改起草中的责任书（补充条款、甲方负责人、双方联系人）', params: ZId, body: ZCapacityLetterEdit, response: { 200: ZCapacityLetter } }, preHandler: requirePermission('capacityApplication.review') },
    async (req) => {
      const actor = requireActor(req);
      await editLetter({ db, actor, meta: metaOf(req), id: req.params.id, input: req.body });
      return letterView(db, await loadLetter(db, actor, req.params.id), actor);
    },
  );

  app.post(
    '/api/v1/capacity-letters/:id/freeze',
    { schema: { tags, summary: '责任书定稿，提交双方签署（冻结内容，生成摘要和校验码）', params: ZId, body: ZCapacityLetterVersionBody, response: { 200: ZCapacityLetter } }, preHandler: requirePermission('capacityApplication.review') },
    async (req) => {
      const actor = requireActor(req);
      await freezeLetter({ db, actor, meta: metaOf(req), id: req.params.id, rowVersion: req.body.rowVersion });
      return letterView(db, await loadLetter(db, actor, req.params.id), actor);
    },
  );

  app.post(
    '/api/v1/capacity-letters/:id/sign',
    {
      schema: { tags, summary: '以本单位 SM2 密钥签署责任书；双方签署完毕即批复预算、项目进入实施并核定资助', params: ZId, body: ZCapacityLetterVersionBody, response: { 200: ZCapacityLetter } },
      preHandler: requirePermission('capacityLetter.sign'),
    },
    async (req) => {
      const actor = requireActor(req);
      await signLetter({ db, cipher: deps.cipher, actor, meta: metaOf(req), id: req.params.id, rowVersion: req.body.rowVersion });
      return letterView(db, await loadLetter(db, actor, req.params.id), actor);
    },
  );

  app.get(
    '/api/v1/capacity-letters/:id/document',
    {
      schema: {
        tags,
        summary: '下载责任书（Word 或 PDF）',
        params: ZId,
        querystring: z.object({ format: z.enum(['docx', 'pdf'], { error: '格式应为 docx 或 pdf' }) }).strict(),
        response: { 200: binaryResponse('责任书文件：已签署的为平台出具的文件（每页印有校验码），起草中、待签署的标明草稿或待签署', [documentContentTypes.docx, documentContentTypes.pdf]) },
      },
      preHandler: read,
    },
    async (req, reply) => letterDocumentResponse(deps, reply, await loadLetter(db, requireActor(req), req.params.id), req.query.format),
  );
}
