// SUP-3, SUP-5, SUP-6 routes: major matters, change requests, terminations with their refunds.
// Every GET returns the actions the reading user may take; every record is reached through its
// project in the actor's data scope. `supervisionApprovalRoutes` also registers the programme
// records (PRG-3) and the public disclosure routes (PUB-1) of the same builder.
import { z } from 'zod';
import type { AppDeps, ZApp } from '../../app.js';
import { metaOf, requireActor, requireAnyPermission, requirePermission } from '../../http/guards.js';
import type { Actor } from '../../platform/actor.js';
import type { DbOrTx } from '../../db/client.js';
import { approverLabels, type Approver } from '../../../domain/programme/programme.types.js';
import { ZApprovalDecisionInput, deciderLabels, majorMatterApprovalSteps } from '../../../domain/supervision/approval-chain.js';
import { ZMajorMatterInput } from '../../../domain/supervision/major-matter.lifecycle.js';
import { ZChangeRequestInput } from '../../../domain/supervision/change-request.lifecycle.js';
import { ZTerminationInput, terminationRefusal, terminationSteps } from '../../../domain/supervision/termination.lifecycle.js';
import { ZRefundDecisionInput, ZRefundPaymentInput } from '../../../domain/supervision/refund.rules.js';
import { notImplementingRefusal } from '../../../domain/supervision/common.js';
import { taskBookStatusLabel } from '../taskbooks/taskbook-views.js';
import { loadProjectInScope, type ProjectInScope } from '../projects/projects.js';
import { attachmentsOf, decisionsOf } from './approvals.js';
import { changeRequestView, majorMatterView, terminationView, type ChangeRequestRow, type MajorMatterRow, type TerminationRow } from './supervision-views-b.js';
import { decideMajorMatter, listMajorMatters, loadMajorMatter, submitMajorMatter, withdrawMajorMatter } from './major-matters.js';
import { changeBase, decideChangeRequest, listChangeRequests, loadChangeRequest, submitChangeRequest, versionsById, withdrawChangeRequest } from './change-requests.js';
import {
  decideTermination,
  decideTerminationRefund,
  listTerminations,
  loadTermination,
  openTermination,
  orgNames,
  paymentsOf,
  recordRefundPayment,
  requestTermination,
  terminationStart,
  withdrawTermination,
} from './terminations.js';
import { programmeRecordRoutes } from '../programme-records/routes.js';
import { publicDisclosureRoutes } from '../public/public-disclosure.js';

const ZId = z.object({ id: z.uuid('编号格式不正确') }).strict();
const ZRowVersionBody = z.object({ rowVersion: z.number({ error: '缺少版本号' }).int('版本号应为整数').min(1, '版本号不正确') }).strict();

const stepList = (steps: readonly string[]) => steps.map((a) => ({ approver: a, approverLabel: approverLabels[a as Approver] ?? a, decider: deciderLabels[a as Approver] ?? a }));

async function filesByRow<T extends { attachmentIds: string[] }>(db: DbOrTx, rows: T[]) {
  const all = await attachmentsOf(db, [...new Set(rows.flatMap((r) => r.attachmentIds))]);
  return (r: T) => r.attachmentIds.map((id) => all.find((a) => a.id === id)).filter((a) => !!a);
}

export async function supervisionApprovalRoutes(app: ZApp, deps: AppDeps) {
  const { db } = deps.database;

  // ------------------------------------------------------------------ SUP-3 major matters
  const mtags = ['重大事项报批'];

  async function matterViews(actor: Actor, project: ProjectInScope, rows: MajorMatterRow[]) {
    const decisions = await decisionsOf(db, 'major_matter', rows.map((r) => r.id));
    const files = await filesByRow(db, rows);
    return rows.map((r) => majorMatterView(r, decisions.get(r.id) ?? [], project, actor, files(r)));
  }
  async function matterView(actor: Actor, id: string) {
    const { row, project } = await loadMajorMatter(db, actor, id);
    return (await matterViews(actor, project, [row]))[0];
  }

  app.get('/api/v1/projects/:id/major-matters', { schema: { tags: mtags, summary: '项目的重大事项及其报批情况', params: ZId }, preHandler: requireAnyPermission('project.read', 'project.observe') }, async (req) => {
    const actor = requireActor(req);
    const project = await loadProjectInScope(db, actor, req.params.id);
    const items = await matterViews(actor, project, await listMajorMatters(db, req.params.id));
    const createRefusal = notImplementingRefusal(project.row.p.status);
    const actions = project.party === 'society' && actor.permissions.has('supervision.report') && !createRefusal ? ['create'] : [];
    return { items, actions, createRefusal, steps: stepList(majorMatterApprovalSteps(project.parameters.majorMatterSteps)) };
  });

  app.get('/api/v1/major-matters/:id', { schema: { tags: mtags, summary: '重大事项详情', params: ZId }, preHandler: requireAnyPermission('project.read', 'project.observe') }, async (req) => matterView(requireActor(req), req.params.id));

  app.post(
    '/api/v1/projects/:id/major-matters',
    { schema: { tags: mtags, summary: '登记理事会决定并报批重大事项（承接学会，SUP-3）', params: ZId, body: ZMajorMatterInput }, preHandler: requirePermission('supervision.report') },
    async (req, reply) => {
      const actor = requireActor(req);
      const id = await submitMajorMatter({ db, actor, meta: metaOf(req), projectId: req.params.id, input: req.body });
      return reply.status(201).send(await matterView(actor, id));
    },
  );

  app.post(
    '/api/v1/major-matters/:id/decisions',
    { schema: { tags: mtags, summary: '审批重大事项的当前步骤（同意或不同意）', params: ZId, body: ZApprovalDecisionInput }, preHandler: requireAnyPermission('supervision.decide', 'supervision.report') },
    async (req) => {
      const actor = requireActor(req);
      await decideMajorMatter({ db, actor, meta: metaOf(req), id: req.params.id, input: req.body });
      return matterView(actor, req.params.id);
    },
  );

  app.post(
    '/api/v1/major-matters/:id/withdraw',
    { schema: { tags: mtags, summary: '撤回重大事项（尚无审批意见时）', params: ZId, body: ZRowVersionBody }, preHandler: requirePermission('supervision.report') },
    async (req) => {
      const actor = requireActor(req);
      await withdrawMajorMatter({ db, actor, meta: metaOf(req), id: req.params.id, rowVersion: req.body.rowVersion });
      return matterView(actor, req.params.id);
    },
  );

  // ------------------------------------------------------------------ SUP-5 change requests
  const ctags = ['任务书变更'];

  async function changeViews(actor: Actor, project: ProjectInScope, rows: ChangeRequestRow[], withContent: boolean) {
    const decisions = await decisionsOf(db, 'change_request', rows.map((r) => r.id));
    const versions = await versionsById(db, rows.flatMap((r) => [r.baseTaskBookId, r.newTaskBookId]));
    const files = await filesByRow(db, rows);
    return rows.map((r) => {
      const nv = r.newTaskBookId ? versions.get(r.newTaskBookId) : undefined;
      return changeRequestView(r, decisions.get(r.id) ?? [], project, actor, {
        baseVersion: versions.get(r.baseTaskBookId)?.version ?? null,
        newVersion: nv ? { id: nv.id, version: nv.version, status: nv.status, statusLabel: taskBookStatusLabel(nv.status) } : null,
        withContent,
        files: files(r),
      });
    });
  }
  async function changeView(actor: Actor, id: string) {
    const { row, project } = await loadChangeRequest(db, actor, id);
    return (await changeViews(actor, project, [row], true))[0];
  }

  app.get('/api/v1/projects/:id/change-requests', { schema: { tags: ctags, summary: '项目的变更申请及其审批情况', params: ZId }, preHandler: requireAnyPermission('project.read', 'project.observe') }, async (req) => {
    const actor = requireActor(req);
    const project = await loadProjectInScope(db, actor, req.params.id);
    const items = await changeViews(actor, project, await listChangeRequests(db, req.params.id), false);
    const base = await changeBase(db, req.params.id);
    const createRefusal = notImplementingRefusal(project.row.p.status) ?? base.refusal;
    const actions = project.party === 'society' && actor.permissions.has('supervision.report') && !createRefusal ? ['create'] : [];
    return { items, actions, createRefusal, baseTaskBookId: base.baseTaskBookId, steps: stepList(project.parameters.changeApprovers) };
  });

  app.get('/api/v1/change-requests/:id', { schema: { tags: ctags, summary: '变更申请详情（含变更后的任务书内容）', params: ZId }, preHandler: requireAnyPermission('project.read', 'project.observe') }, async (req) =>
    changeView(requireActor(req), req.params.id),
  );

  app.post(
    '/api/v1/projects/:id/change-requests',
    { schema: { tags: ctags, summary: '以书面形式提出任务书变更申请（承接学会，SUP-5）', params: ZId, body: ZChangeRequestInput }, preHandler: requirePermission('supervision.report') },
    async (req, reply) => {
      const actor = requireActor(req);
      const id = await submitChangeRequest({ db, actor, meta: metaOf(req), projectId: req.params.id, input: req.body });
      return reply.status(201).send(await changeView(actor, id));
    },
  );

  app.post(
    '/api/v1/change-requests/:id/decisions',
    { schema: { tags: ctags, summary: '审批变更申请的当前步骤；最后一步同意即形成待重新签署的新版任务书', params: ZId, body: ZApprovalDecisionInput }, preHandler: requireAnyPermission('supervision.decide', 'supervision.report') },
    async (req) => {
      const actor = requireActor(req);
      await decideChangeRequest({ db, actor, meta: metaOf(req), id: req.params.id, input: req.body });
      return changeView(actor, req.params.id);
    },
  );

  app.post(
    '/api/v1/change-requests/:id/withdraw',
    { schema: { tags: ctags, summary: '撤回变更申请（尚无审批意见时）', params: ZId, body: ZRowVersionBody }, preHandler: requirePermission('supervision.report') },
    async (req) => {
      const actor = requireActor(req);
      await withdrawChangeRequest({ db, actor, meta: metaOf(req), id: req.params.id, rowVersion: req.body.rowVersion });
      return changeView(actor, req.params.id);
    },
  );

  // ------------------------------------------------------------------ SUP-6 termination and refund
  const ttags = ['项目中止与经费退还'];

  async function terminationViews(actor: Actor, project: ProjectInScope, rows: TerminationRow[]) {
    const ids = rows.map((r) => r.id);
    const decisions = await decisionsOf(db, 'termination', ids);
    const payments = await paymentsOf(db, ids);
    const names = await orgNames(db, rows.map((r) => r.initiatorOrgId));
    const files = await filesByRow(db, rows);
    return rows.map((r) => terminationView(r, decisions.get(r.id) ?? [], project, actor, { initiatorOrgName: names.get(r.initiatorOrgId) ?? '', payments: payments.get(r.id) ?? [], files: files(r) }));
  }
  async function oneTermination(actor: Actor, id: string) {
    const { row, project } = await loadTermination(db, actor, id);
    return (await terminationViews(actor, project, [row]))[0];
  }

  app.get('/api/v1/projects/:id/terminations', { schema: { tags: ttags, summary: '项目的中止事项、经费退还及到账情况', params: ZId }, preHandler: requireAnyPermission('project.read', 'project.observe') }, async (req) => {
    const actor = requireActor(req);
    const project = await loadProjectInScope(db, actor, req.params.id);
    const items = await terminationViews(actor, project, await listTerminations(db, req.params.id));
    const start = terminationStart(actor, project);
    const createRefusal = terminationRefusal(project.row.p.status) ?? ((await openTermination(db, req.params.id)) ? '该项目已有正在办理的中止事项' : null);
    return {
      items,
      actions: start && !createRefusal ? [start === 'society' ? 'request' : 'impose'] : [],
      createRefusal,
      steps: start ? stepList(terminationSteps(start)) : [],
    };
  });

  app.get('/api/v1/terminations/:id', { schema: { tags: ttags, summary: '中止事项详情', params: ZId }, preHandler: requireAnyPermission('project.read', 'project.observe') }, async (req) => oneTermination(requireActor(req), req.params.id));

  app.post(
    '/api/v1/projects/:id/terminations',
    {
      schema: { tags: ttags, summary: '申请中止（承接学会）或提出中止（委托部门会同协调科协，SUP-6）', params: ZId, body: ZTerminationInput },
      preHandler: requireAnyPermission('supervision.report', 'supervision.decide'),
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const id = await requestTermination({ db, actor, meta: metaOf(req), projectId: req.params.id, input: req.body });
      return reply.status(201).send(await oneTermination(actor, id));
    },
  );

  app.post(
    '/api/v1/terminations/:id/decisions',
    { schema: { tags: ttags, summary: '审批中止的当前步骤；最后一步同意即中止项目', params: ZId, body: ZApprovalDecisionInput }, preHandler: requireAnyPermission('supervision.decide', 'supervision.report') },
    async (req) => {
      const actor = requireActor(req);
      await decideTermination({ db, actor, meta: metaOf(req), id: req.params.id, input: req.body });
      return oneTermination(actor, req.params.id);
    },
  );

  app.post(
    '/api/v1/terminations/:id/withdraw',
    { schema: { tags: ttags, summary: '撤回中止申请（尚无审批意见时）', params: ZId, body: ZRowVersionBody }, preHandler: requireAnyPermission('supervision.report', 'supervision.decide') },
    async (req) => {
      const actor = requireActor(req);
      await withdrawTermination({ db, actor, meta: metaOf(req), id: req.params.id, rowVersion: req.body.rowVersion });
      return oneTermination(actor, req.params.id);
    },
  );

  app.post(
    '/api/v1/terminations/:id/refund-decision',
    {
      schema: { tags: ttags, summary: '确定经费退还：不退还、部分退还或全部退还（金额以分计，不超过已拨付经费）', params: ZId, body: ZRefundDecisionInput.extend({ rowVersion: ZRowVersionBody.shape.rowVersion }).strict() },
      preHandler: requirePermission('supervision.decide'),
    },
    async (req) => {
      const actor = requireActor(req);
      const { rowVersion, ...input } = req.body;
      await decideTerminationRefund({ db, actor, meta: metaOf(req), id: req.params.id, rowVersion, input });
      return oneTermination(actor, req.params.id);
    },
  );

  app.post(
    '/api/v1/terminations/:id/payments',
    { schema: { tags: ttags, summary: '登记退款到账（累计不超过确定的退还金额；全部到账即办结；携带 rowVersion，重复提交被拒绝）', params: ZId, body: ZRefundPaymentInput.extend({ rowVersion: z.number().int().min(1) }).strict() }, preHandler: requirePermission('supervision.manage') },
    async (req, reply) => {
      const actor = requireActor(req);
      const { rowVersion, ...input } = req.body;
      await recordRefundPayment({ db, actor, meta: metaOf(req), id: req.params.id, rowVersion, input });
      return reply.status(201).send(await oneTermination(actor, req.params.id));
    },
  );

  await programmeRecordRoutes(app, deps);
  await publicDisclosureRoutes(app, deps);
}
