// CAP-6, CAP-7, FND-4, FND-6 routes: how a capacity-plan project ends — the yearly acceptance
// (proposed by the association, confirmed or returned by the co-managing finance bureau), refunds and
// recoveries (with ground, responsibility and the debarment that follows), and the closing section's
// state. Reads under /api/v1/capacity-applications/:id/… and /api/v1/<records>/:id, readable exactly
// as the application (society its own, association, co-managing finance bureau; not the experts).
// Use cases and read rules in closing.ts; answers follow src/contract/capacity-closing.ts.
import { z } from 'zod';
import type { AppDeps, ZApp } from '../../app.js';
import { metaOf, requireActor, requireAnyPermission, requirePermission } from '../../http/guards.js';
import { text } from '../../../domain/supervision/common.js';
import { ZAcceptanceInput, ZRecoveryInput, ZRefundInput } from '../../../domain/capacity/closing.js';
import { ZCapacityAcceptance, ZCapacityClosing, ZCapacityFundReturn, ZCapacityFundReturnList } from '../../../contract/capacity-closing.js';
import { acceptanceOfApplication, acceptanceOne, closingOf, fundReturnOne, fundReturnsOf, proposeAcceptance, recordRecovery, recordRefund, settleAcceptance } from './closing.js';
import { ZId, ZRowVersion } from './route-params.js';

export async function capacityClosingRoutes(app: ZApp, deps: AppDeps) {
  const { db } = deps.database;
  const tags = ['能力提升项目验收与资金追回'];
  const read = requireAnyPermission('capacityApplication.submit', 'capacityApplication.review', 'capacityCall.manage', 'fund.read');

  app.get(
    '/api/v1/capacity-applications/:id/closing',
    { schema: { tags, summary: '项目的验收、执行期满的未使用资金、退还与追回情况，以及本方案的追回事由和随之的取消申报资格', params: ZId, response: { 200: ZCapacityClosing } }, preHandler: read },
    async (req) => closingOf(db, requireActor(req), req.params.id),
  );

  // ---------------------------------------------------------------------------------------------
  // Acceptance (CAP-6)
  // ---------------------------------------------------------------------------------------------
  app.get(
    '/api/v1/capacity-applications/:id/acceptance',
    { schema: { tags, summary: '项目的验收结论（尚未提出时为 404）', params: ZId, response: { 200: ZCapacityAcceptance } }, preHandler: read },
    async (req) => acceptanceOfApplication(db, requireActor(req), req.params.id),
  );

  app.post(
    '/api/v1/capacity-applications/:id/acceptance',
    {
      schema: {
        tags,
        summary: '科协提出资金已拨付项目的验收结论（合格或不合格，附验收意见）；与财政局共同管理的方案由财政局确认，否则即时生效；财政局退回后重新提出须写明所退回的版本',
        params: ZId,
        body: ZAcceptanceInput,
        response: { 200: ZCapacityAcceptance, 201: ZCapacityAcceptance },
      },
      preHandler: requirePermission('capacityApplication.review'),
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const { id, created } = await proposeAcceptance({ db, actor, meta: metaOf(req), applicationId: req.params.id, input: req.body });
      const view = await acceptanceOne(db, actor, id);
      return created ? reply.status(201).header('Location', `/api/v1/capacity-acceptances/${id}`).send(view) : reply.status(200).send(view);
    },
  );

  app.get('/api/v1/capacity-acceptances/:id', { schema: { tags, summary: '验收结论详情', params: ZId, response: { 200: ZCapacityAcceptance } }, preHandler: read }, async (req) =>
    acceptanceOne(db, requireActor(req), req.params.id),
  );

  app.post(
    '/api/v1/capacity-acceptances/:id/confirm',
    { schema: { tags, summary: '财政局确认科协提出的验收结论（项目随之验收合格或不合格）', params: ZId, body: z.object({ rowVersion: ZRowVersion }).strict(), response: { 200: ZCapacityAcceptance } }, preHandler: requirePermission('capacityCall.confirm') },
    async (req) => {
      const actor = requireActor(req);
      await settleAcceptance({ db, actor, meta: metaOf(req), id: req.params.id, rowVersion: req.body.rowVersion, confirm: true, comment: null });
      return acceptanceOne(db, actor, req.params.id);
    },
  );

  app.post(
    '/api/v1/capacity-acceptances/:id/return',
    {
      schema: { tags, summary: '财政局退回科协提出的验收结论（须写明意见）', params: ZId, body: z.object({ rowVersion: ZRowVersion, comment: text(2000, '退回意见') }).strict(), response: { 200: ZCapacityAcceptance } },
      preHandler: requirePermission('capacityCall.confirm'),
    },
    async (req) => {
      const actor = requireActor(req);
      await settleAcceptance({ db, actor, meta: metaOf(req), id: req.params.id, rowVersion: req.body.rowVersion, confirm: false, comment: req.body.comment });
      return acceptanceOne(db, actor, req.params.id);
    },
  );

  // ---------------------------------------------------------------------------------------------
  // Refunds and recoveries (FND-4, FND-6, CAP-7)
  // ---------------------------------------------------------------------------------------------
  app.get(
    '/api/v1/capacity-applications/:id/fund-returns',
    { schema: { tags, summary: '项目专项资金的退还和追回记录（最新在前）', params: ZId, response: { 200: ZCapacityFundReturnList } }, preHandler: read },
    async (req) => ({ items: await fundReturnsOf(db, requireActor(req), req.params.id), nextCursor: null }),
  );

  app.post(
    '/api/v1/capacity-applications/:id/refunds',
    {
      schema: { tags, summary: '科协登记学会退还的专项资金（部分或全部，不超过学会尚持有的已拨付资金）', params: ZId, body: ZRefundInput, response: { 201: ZCapacityFundReturn } },
      preHandler: requirePermission('fund.manage'),
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const id = await recordRefund({ db, actor, meta: metaOf(req), applicationId: req.params.id, input: req.body });
      return reply.status(201).header('Location', `/api/v1/capacity-fund-returns/${id}`).send(await fundReturnOne(db, actor, id));
    },
  );

  app.post(
    '/api/v1/capacity-applications/:id/recoveries',
    {
      schema: {
        tags,
        summary: '科协按本方案规定的事由追回专项资金并认定相关人员的责任；弄虚作假的同时撤销资助；按方案规定记入取消申报资格',
        params: ZId,
        body: ZRecoveryInput,
        response: { 201: ZCapacityFundReturn },
      },
      preHandler: requirePermission('fund.manage'),
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const id = await recordRecovery({ db, actor, meta: metaOf(req), applicationId: req.params.id, input: req.body });
      return reply.status(201).header('Location', `/api/v1/capacity-fund-returns/${id}`).send(await fundReturnOne(db, actor, id));
    },
  );

  app.get('/api/v1/capacity-fund-returns/:id', { schema: { tags, summary: '退还或追回记录详情', params: ZId, response: { 200: ZCapacityFundReturn } }, preHandler: read }, async (req) =>
    fundReturnOne(db, requireActor(req), req.params.id),
  );
}
