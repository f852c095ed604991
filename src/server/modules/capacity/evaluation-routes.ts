// CAP-6 routes (issue 13 step 7): the evaluation of a funded project (proposed and edited by the
// programme's association, confirmed or returned by the co-managing finance bureau), the call's
// evaluation notice (评估结果公示; its objections and the portal are notice-routes.ts'), and the
// disbursement. The section 评估与拨付 of an application is read by the application's readers.
// Use cases and read rule in evaluation.ts; answers follow src/contract/capacity-evaluation.ts.
import { z } from 'zod';
import type { AppDeps, ZApp } from '../../app.js';
import { metaOf, requireActor, requireAnyPermission, requirePermission } from '../../http/guards.js';
import { optText, text } from '../../../domain/supervision/common.js';
import { ZEvaluationFields } from '../../../domain/capacity/evaluation.js';
import { ZEvaluationSection } from '../../../contract/capacity-evaluation.js';
import { ZCapacityNotice } from '../../../contract/capacity-notices.js';
import { ZDisbursementInput, ZEvaluationEdit, disburse, editEvaluation, evaluationSection, proposeEvaluation, publishEvaluationNotice, settleEvaluation } from './evaluation.js';
import { ZNoticeInput, noticeOne } from './notices.js';
import { ZId, ZRowVersion } from './route-params.js';

/** Whoever may read applications (the read rule itself: applications.ts mayReadApplication); experts not. */
const READS = ['capacityApplication.submit', 'capacityApplication.review', 'capacityCall.manage', 'fund.read'] as const;

export async function capacityEvaluationRoutes(app: ZApp, deps: AppDeps) {
  const { db } = deps.database;
  const tags = ['项目评估与资金拨付'];
  const read = requireAnyPermission(...READS);
  const review = requirePermission('capacityApplication.review');

  app.get(
    '/api/v1/capacity-applications/:id/evaluation',
    { schema: { tags, summary: '项目的评估与拨付：评估结果、评估结果公示、资金拨付及可执行的操作', params: ZId, response: { 200: ZEvaluationSection } }, preHandler: read },
    async (req) => evaluationSection(db, requireActor(req), req.params.id),
  );

  app.post(
    '/api/v1/capacity-applications/:id/evaluation',
    {
      schema: { tags, summary: '提出项目评估结果（方案所属科协；财政局共同实施的，提交财政局确认）', params: ZId, body: ZEvaluationFields, response: { 201: ZEvaluationSection } },
      preHandler: review,
    },
    async (req, reply) => {
      const actor = requireActor(req);
      await proposeEvaluation({ db, actor, meta: metaOf(req), applicationId: req.params.id, input: req.body });
      return reply
        .status(201)
        .header('Location', `/api/v1/capacity-applications/${req.params.id}/evaluation`)
        .send(await evaluationSection(db, actor, req.params.id));
    },
  );

  app.put(
    '/api/v1/capacity-evaluations/:id',
    { schema: { tags, summary: '修改待确认或被退回的评估结果（重新提交财政局确认）', params: ZId, body: ZEvaluationEdit, response: { 200: ZEvaluationSection } }, preHandler: review },
    async (req) => {
      const actor = requireActor(req);
      const applicationId = await editEvaluation({ db, actor, meta: metaOf(req), id: req.params.id, input: req.body });
      return evaluationSection(db, actor, applicationId);
    },
  );

  const settle = (path: string, confirm: boolean, summary: string, body: z.ZodType<{ rowVersion: number; comment?: string | null }>) =>
    app.post(
      `/api/v1/capacity-evaluations/:id/${path}`,
      { schema: { tags, summary, params: ZId, body, response: { 200: ZEvaluationSection } }, preHandler: requirePermission('capacityCall.confirm') },
      async (req) => {
        const actor = requireActor(req);
        const applicationId = await settleEvaluation({ db, actor, meta: metaOf(req), id: req.params.id, rowVersion: req.body.rowVersion, confirm, comment: req.body.comment ?? null });
        return evaluationSection(db, actor, applicationId);
      },
    );
  settle('confirm', true, '财政局确认项目评估结果', z.object({ rowVersion: ZRowVersion, comment: optText(2000, '确认意见') }).strict());
  settle('return', false, '财政局退回项目评估结果（须填写意见）', z.object({ rowVersion: ZRowVersion, comment: text(2000, '退回意见') }).strict());

  app.post(
    '/api/v1/capacity-applications/:id/disbursement',
    {
      schema: { tags, summary: '拨付项目资金（评估结果公示期满无异议的项目；默认按核定的资助金额）', params: ZId, body: ZDisbursementInput, response: { 200: ZEvaluationSection } },
      preHandler: requirePermission('fund.manage'),
    },
    async (req) => {
      const actor = requireActor(req);
      await disburse({ db, actor, meta: metaOf(req), applicationId: req.params.id, input: req.body });
      return evaluationSection(db, actor, req.params.id);
    },
  );

  app.post(
    '/api/v1/capacity-calls/:id/evaluation-notices',
    {
      schema: { tags: ['评审结果公示'], summary: '发布评估结果公示：通过评估的项目在门户公示，公示期按方案规定的天数', params: ZId, body: ZNoticeInput, response: { 201: ZCapacityNotice } },
      preHandler: review,
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const id = await publishEvaluationNotice({ db, actor, meta: metaOf(req), callId: req.params.id, input: req.body });
      return reply.status(201).header('Location', `/api/v1/capacity-notices/${id}`).send(await noticeOne(db, deps.cipher, actor, id));
    },
  );
}
