// SUP-3, SUP-5, SUP-6 routes: major matters, change requests, terminations with their refunds.
// Every answer is a record of contract/approvals.ts with the actions the reading user may take;
// every record is reached through its project in the actor's data scope. A project's lists are
// short and whole; a creation answers 201 with the record and its Location.
import { z } from 'zod';
import type { AppDeps, ZApp } from '../../app.js';
import { metaOf, requireActor, requireAnyPermission, requirePermission } from '../../http/guards.js';
import { ZChangeRequest, ZChangeRequestList, ZMajorMatter, ZMajorMatterList, ZTermination, ZTerminationList } from '../../../contract/approvals.js';
import { ZApprovalDecisionInput } from '../../../domain/supervision/approval-chain.js';
import { ZMajorMatterInput } from '../../../domain/supervision/major-matter.lifecycle.js';
import { ZChangeRequestInput } from '../../../domain/supervision/change-request.lifecycle.js';
import { ZTerminationInput } from '../../../domain/supervision/termination.lifecycle.js';
import { ZRefundDecisionInput, ZRefundPaymentInput } from '../../../domain/supervision/refund.rules.js';
import { majorMatterList, readMajorMatter } from './major-matter-view.js';
import { changeRequestList, readChangeRequest } from './change-request-view.js';
import { readTermination, terminationList } from './termination-view.js';
import { decideMajorMatter, submitMajorMatter, withdrawMajorMatter } from './major-matters.js';
import { decideChangeRequest, submitChangeRequest, withdrawChangeRequest } from './change-requests.js';
import { decideTermination, decideTerminationRefund, recordRefundPayment, requestTermination, withdrawTermination } from './terminations.js';

const ZId = z.object({ id: z.uuid('编号格式不正确') }).strict();
const ZRowVersionBody = z.object({ rowVersion: z.number({ error: '缺少版本号' }).int('版本号应为整数').min(1, '版本号不正确') }).strict();

export async function supervisionApprovalRoutes(app: ZApp, deps: AppDeps) {
  const { db } = deps.database;
  const read = ['project.read', 'project.observe'] as const;

  // ------------------------------------------------------------------ SUP-3 major matters
  const mtags = ['重大事项报批'];

  app.get(
    '/api/v1/projects/:id/major-matters',
    { schema: { tags: mtags, summary: '项目的重大事项及其报批情况', params: ZId, response: { 200: ZMajorMatterList } }, preHandler: requireAnyPermission(...read) },
    async (req) => majorMatterList(db, requireActor(req), req.params.id),
  );

  app.get('/api/v1/major-matters/:id', { schema: { tags: mtags, summary: '重大事项详情', params: ZId, response: { 200: ZMajorMatter } }, preHandler: requireAnyPermission(...read) }, async (req) =>
    readMajorMatter(db, requireActor(req), req.params.id),
  );

  app.post(
    '/api/v1/projects/:id/major-matters',
    {
      schema: { tags: mtags, summary: '登记理事会决定并报批重大事项（承接学会，SUP-3）', params: ZId, body: ZMajorMatterInput, response: { 201: ZMajorMatter } },
      preHandler: requirePermission('supervision.report'),
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const id = await submitMajorMatter({ db, actor, meta: metaOf(req), projectId: req.params.id, input: req.body });
      return reply.status(201).header('Location', `/api/v1/major-matters/${id}`).send(await readMajorMatter(db, actor, id));
    },
  );

  app.post(
    '/api/v1/major-matters/:id/decisions',
    {
      schema: { tags: mtags, summary: '审批重大事项的当前步骤（同意或不同意）', params: ZId, body: ZApprovalDecisionInput, response: { 200: ZMajorMatter } },
      preHandler: requireAnyPermission('supervision.decide', 'supervision.report'),
    },
    async (req) => {
      const actor = requireActor(req);
      await decideMajorMatter({ db, actor, meta: metaOf(req), id: req.params.id, input: req.body });
      return readMajorMatter(db, actor, req.params.id);
    },
  );

  app.post(
    '/api/v1/major-matters/:id/withdraw',
    { schema: { tags: mtags, summary: '撤回重大事项（尚无审批意见时）', params: ZId, body: ZRowVersionBody, response: { 200: ZMajorMatter } }, preHandler: requirePermission('supervision.report') },
    async (req) => {
      const actor = requireActor(req);
      await withdrawMajorMatter({ db, actor, meta: metaOf(req), id: req.params.id, rowVersion: req.body.rowVersion });
      return readMajorMatter(db, actor, req.params.id);
    },
  );

  // ------------------------------------------------------------------ SUP-5 change requests
  const ctags = ['任务书变更'];

  app.get(
    '/api/v1/projects/:id/change-requests',
    { schema: { tags: ctags, summary: '项目的变更申请及其审批情况', params: ZId, response: { 200: ZChangeRequestList } }, preHandler: requireAnyPermission(...read) },
    async (req) => changeRequestList(db, requireActor(req), req.params.id),
  );

  app.get(
    '/api/v1/change-requests/:id',
    { schema: { tags: ctags, summary: '变更申请详情（含变更后的任务书内容）', params: ZId, response: { 200: ZChangeRequest } }, preHandler: requireAnyPermission(...read) },
    async (req) => readChangeRequest(db, requireActor(req), req.params.id),
  );

  app.post(
    '/api/v1/projects/:id/change-requests',
    {
      schema: { tags: ctags, summary: '以书面形式提出任务书变更申请（承接学会，SUP-5）', params: ZId, body: ZChangeRequestInput, response: { 201: ZChangeRequest } },
      preHandler: requirePermission('supervision.report'),
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const id = await submitChangeRequest({ db, actor, meta: metaOf(req), projectId: req.params.id, input: req.body });
      return reply.status(201).header('Location', `/api/v1/change-requests/${id}`).send(await readChangeRequest(db, actor, id));
    },
  );

  app.post(
    '/api/v1/change-requests/:id/decisions',
    {
      schema: { tags: ctags, summary: '审批变更申请的当前步骤；最后一步同意即形成待重新签署的新版任务书', params: ZId, body: ZApprovalDecisionInput, response: { 200: ZChangeRequest } },
      preHandler: requireAnyPermission('supervision.decide', 'supervision.report'),
    },
    async (req) => {
      const actor = requireActor(req);
      await decideChangeRequest({ db, actor, meta: metaOf(req), id: req.params.id, input: req.body });
      return readChangeRequest(db, actor, req.params.id);
    },
  );

  app.post(
    '/api/v1/change-requests/:id/withdraw',
    { schema: { tags: ctags, summary: '撤回变更申请（尚无审批意见时）', params: ZId, body: ZRowVersionBody, response: { 200: ZChangeRequest } }, preHandler: requirePermission('supervision.report') },
    async (req) => {
      const actor = requireActor(req);
      await withdrawChangeRequest({ db, actor, meta: metaOf(req), id: req.params.id, rowVersion: req.body.rowVersion });
      return readChangeRequest(db, actor, req.params.id);
    },
  );

  // ------------------------------------------------------------------ SUP-6 termination and refund
  const ttags = ['项目中止与经费退还'];

  app.get(
    '/api/v1/projects/:id/terminations',
    { schema: { tags: ttags, summary: '项目的中止事项、经费退还及到账情况', params: ZId, response: { 200: ZTerminationList } }, preHandler: requireAnyPermission(...read) },
    async (req) => terminationList(db, requireActor(req), req.params.id),
  );

  app.get('/api/v1/terminations/:id', { schema: { tags: ttags, summary: '中止事项详情', params: ZId, response: { 200: ZTermination } }, preHandler: requireAnyPermission(...read) }, async (req) =>
    readTermination(db, requireActor(req), req.params.id),
  );

  app.post(
    '/api/v1/projects/:id/terminations',
    {
      schema: { tags: ttags, summary: '申请中止（承接学会）或提出中止（委托部门会同协调科协，SUP-6）', params: ZId, body: ZTerminationInput, response: { 201: ZTermination } },
      preHandler: requireAnyPermission('supervision.report', 'supervision.decide'),
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const id = await requestTermination({ db, actor, meta: metaOf(req), projectId: req.params.id, input: req.body });
      return reply.status(201).header('Location', `/api/v1/terminations/${id}`).send(await readTermination(db, actor, id));
    },
  );

  app.post(
    '/api/v1/terminations/:id/decisions',
    {
      schema: { tags: ttags, summary: '审批中止的当前步骤；最后一步同意即中止项目', params: ZId, body: ZApprovalDecisionInput, response: { 200: ZTermination } },
      preHandler: requireAnyPermission('supervision.decide', 'supervision.report'),
    },
    async (req) => {
      const actor = requireActor(req);
      await decideTermination({ db, actor, meta: metaOf(req), id: req.params.id, input: req.body });
      return readTermination(db, actor, req.params.id);
    },
  );

  app.post(
    '/api/v1/terminations/:id/withdraw',
    {
      schema: { tags: ttags, summary: '撤回中止申请（尚无审批意见时）', params: ZId, body: ZRowVersionBody, response: { 200: ZTermination } },
      preHandler: requireAnyPermission('supervision.report', 'supervision.decide'),
    },
    async (req) => {
      const actor = requireActor(req);
      await withdrawTermination({ db, actor, meta: metaOf(req), id: req.params.id, rowVersion: req.body.rowVersion });
      return readTermination(db, actor, req.params.id);
    },
  );

  app.post(
    '/api/v1/terminations/:id/refund-decision',
    {
      schema: {
        tags: ttags,
        summary: '确定经费退还：不退还、部分退还或全部退还（金额以分计，不超过已拨付经费）',
        params: ZId,
        body: ZRefundDecisionInput.extend({ rowVersion: ZRowVersionBody.shape.rowVersion }).strict(),
        response: { 200: ZTermination },
      },
      preHandler: requirePermission('supervision.decide'),
    },
    async (req) => {
      const actor = requireActor(req);
      const { rowVersion, ...input } = req.body;
      await decideTerminationRefund({ db, actor, meta: metaOf(req), id: req.params.id, rowVersion, input });
      return readTermination(db, actor, req.params.id);
    },
  );

  // A payment is booked on the termination (its total, its state): the answer is the termination
  // with the payment among its `payments`, 200 like every other action on it.
  app.post(
    '/api/v1/terminations/:id/payments',
    {
      schema: {
        tags: ttags,
        summary: '登记退款到账（累计不超过确定的退还金额；全部到账即办结；携带 rowVersion，重复提交被拒绝）',
        params: ZId,
        body: ZRefundPaymentInput.extend({ rowVersion: ZRowVersionBody.shape.rowVersion }).strict(),
        response: { 200: ZTermination },
      },
      preHandler: requirePermission('supervision.manage'),
    },
    async (req) => {
      const actor = requireActor(req);
      const { rowVersion, ...input } = req.body;
      await recordRefundPayment({ db, actor, meta: metaOf(req), id: req.params.id, rowVersion, input });
      return readTermination(db, actor, req.params.id);
    },
  );
}
