// SUP-1, SUP-2, SUP-4, SUP-7, SUP-8 routes: implementation plans, milestones and progress reports,
// observers and expert panel inspections, rectification orders, training and guidance. Lists and
// creation under /api/v1/projects/:id/… (201 with the record and its Location), reads and actions on
// /api/v1/<records>/:id/…; every record carries the `actions` the current user may take, every list
// what the user may start. Answers follow src/contract/implementation.ts. Loading this module
// registers the milestone reconciliation with task book signing (SUP-2 + SUP-5).
import { z } from 'zod';
import type { AppDeps, ZApp } from '../../app.js';
import { metaOf, requireActor, requireAnyPermission, requirePermission } from '../../http/guards.js';
import { ZPageQuery } from '../../http/paging.js';
import type { Actor } from '../../platform/actor.js';
import { chinaToday } from '../../platform/transition.js';
import { ZPlanDecisionInput, ZPlanInput } from '../../../domain/supervision/plan.lifecycle.js';
import { ZAcknowledgeInput, ZProgressReportInput } from '../../../domain/supervision/progress-report.lifecycle.js';
import { ZPublishInput, ZWithdrawDisclosureInput } from '../../../domain/supervision/disclosure.lifecycle.js';
import { ZInspectionCancelInput, ZInspectionFindingsInput, ZInspectionInput, ZObserverEndInput, ZObserverInput } from '../../../domain/supervision/inspection.lifecycle.js';
import { ZRectificationDecisionInput, ZRectificationExtendInput, ZRectificationInput, ZRectificationResponseInput } from '../../../domain/supervision/rectification.lifecycle.js';
import { ZTrainingInput } from '../../../domain/supervision/training.js';
import { loadProjectInScope, type ProjectInScope } from '../projects/projects.js';
import { decidePlan, loadPlanInScope, plansOfProject, submitPlan } from './plans.js';
import { milestonesOfProject } from './milestones.js';
import { acknowledgeProgressReport, changeProgressDisclosure, loadReportInScope, reportsOfProject, submitProgressReport } from './progress.js';
import {
  assignObserver,
  cancelInspection,
  editInspection,
  endObserver,
  inspectionsOfProject,
  loadInspectionInScope,
  loadObserverInScope,
  observersOfProject,
  planInspection,
  recordFindings,
} from './inspections.js';
import { decideRectification, extendRectification, issueRectification, loadRectificationInScope, rectificationsOfProject, respondRectification } from './rectification.js';
import { findTraining, readTraining, recordProgrammeTraining, recordProjectTraining, trainingOfProject, trainingPageOfProgramme } from './training.js';
import { mayAct } from './supervision-guards.js';
import { attachmentRefs } from './supervision-attachments.js';
import { planListView, planView } from './plan-view.js';
import { milestoneView } from './milestone-view.js';
import { progressReportView } from './progress-report-view.js';
import { observerView } from './observer-view.js';
import { inspectionView } from './inspection-view.js';
import { rectificationView } from './rectification-view.js';
import { trainingSummaryView, trainingView } from './training-view.js';
import {
  ZImplementationPlan,
  ZImplementationPlanList,
  ZInspection,
  ZInspectionList,
  ZMilestoneList,
  ZObserver,
  ZObserverList,
  ZProgressReport,
  ZProgressReportList,
  ZRectificationList,
  ZRectificationOrder,
  ZTrainingList,
  ZTrainingPage,
  ZTrainingRecord,
  type InspectionList,
  type MilestoneList,
  type ObserverList,
  type ProgressReportList,
  type RectificationList,
  type TrainingList,
} from '../../../contract/implementation.js';

const ZId = z.object({ id: z.uuid('编号格式不正确') }).strict();
const ZRowVersion = z.number({ error: '缺少版本号' }).int('版本号应为整数').min(1, '版本号无效');
const withVersion = { rowVersion: ZRowVersion };

export async function implementationRoutes(app: ZApp, deps: AppDeps) {
  const { db } = deps.database;

  // ------------------------------------------------------------------------------------------
  // SUP-1 implementation plans
  // ------------------------------------------------------------------------------------------
  const planTags = ['实施方案'];

  async function planOut(actor: Actor, id: string) {
    const { plan, project } = await loadPlanInScope(db, actor, id, false);
    return planView(plan, project, actor, await attachmentRefs(db, plan.attachmentIds));
  }

  app.get('/api/v1/projects/:id/implementation-plans', { schema: { tags: planTags, summary: '实施方案各版本（新版本在前）及可执行操作', params: ZId, response: { 200: ZImplementationPlanList } }, preHandler: requireAnyPermission('project.read', 'project.observe') }, async (req) => {
    const actor = requireActor(req);
    const project = await loadProjectInScope(db, actor, req.params.id);
    const plans = await plansOfProject(db, req.params.id);
    return planListView(plans, project, actor, await attachmentRefs(db, plans.flatMap((x) => x.attachmentIds)));
  });

  app.post(
    '/api/v1/projects/:id/implementation-plans',
    { schema: { tags: planTags, summary: '提交实施方案（首次或修改后的新版本，承接学会，SUP-1）', params: ZId, body: ZPlanInput, response: { 201: ZImplementationPlan } }, preHandler: requirePermission('supervision.report') },
    async (req, reply) => {
      const actor = requireActor(req);
      const plan = await submitPlan({ db, actor, meta: metaOf(req), projectId: req.params.id, input: req.body });
      return reply.status(201).header('Location', `/api/v1/implementation-plans/${plan.id}`).send(await planOut(actor, plan.id));
    },
  );

  app.get('/api/v1/implementation-plans/:id', { schema: { tags: planTags, summary: '实施方案某一版本', params: ZId, response: { 200: ZImplementationPlan } }, preHandler: requireAnyPermission('project.read', 'project.observe') }, async (req) => planOut(requireActor(req), req.params.id));

  app.post(
    '/api/v1/implementation-plans/:id/decision',
    { schema: { tags: planTags, summary: '审查实施方案：通过，或填写意见退回修改（委托单位）', params: ZId, body: ZPlanDecisionInput.extend(withVersion), response: { 200: ZImplementationPlan } }, preHandler: requirePermission('supervision.decide') },
    async (req) => {
      const actor = requireActor(req);
      const { rowVersion, ...input } = req.body;
      const plan = await decidePlan({ db, actor, meta: metaOf(req), planId: req.params.id, rowVersion, input });
      return planOut(actor, plan.id);
    },
  );

  // ------------------------------------------------------------------------------------------
  // SUP-2 milestones and progress reports
  // ------------------------------------------------------------------------------------------
  const progressTags = ['关键节点与进展报告'];

  async function reportOut(actor: Actor, id: string) {
    const { project } = await loadReportInScope(db, actor, id, false);
    const r = (await reportsOfProject(db, project.row.p.id, id))[0];
    return progressReportView(r, project, actor, await attachmentRefs(db, r.attachmentIds));
  }

  app.get('/api/v1/projects/:id/milestones', { schema: { tags: progressTags, summary: '关键节点（来自生效任务书的进度安排）', params: ZId, response: { 200: ZMilestoneList } }, preHandler: requireAnyPermission('project.read', 'project.observe') }, async (req) => {
    const actor = requireActor(req);
    const project = await loadProjectInScope(db, actor, req.params.id);
    const today = chinaToday();
    const rows = await milestonesOfProject(db, req.params.id);
    const list: MilestoneList = {
      items: rows.map((m) => milestoneView(m, project, actor, today)),
      nextCursor: null,
      today,
      actions: mayAct(actor, project, ['society'], 'supervision.report') ? ['report'] : [],
    };
    return list;
  });

  app.get('/api/v1/projects/:id/progress-reports', { schema: { tags: progressTags, summary: '进展报告（新报告在前）及可执行操作', params: ZId, response: { 200: ZProgressReportList } }, preHandler: requireAnyPermission('project.read', 'project.observe') }, async (req) => {
    const actor = requireActor(req);
    const project = await loadProjectInScope(db, actor, req.params.id);
    const rows = await reportsOfProject(db, req.params.id);
    const refs = await attachmentRefs(db, rows.flatMap((r) => r.attachmentIds));
    const list: ProgressReportList = { items: rows.map((r) => progressReportView(r, project, actor, refs)), nextCursor: null, actions: mayAct(actor, project, ['society'], 'supervision.report') ? ['submit'] : [] };
    return list;
  });

  app.post(
    '/api/v1/projects/:id/progress-reports',
    { schema: { tags: progressTags, summary: '报送进展报告（可针对关键节点并报告完成，承接学会）', params: ZId, body: ZProgressReportInput, response: { 201: ZProgressReport } }, preHandler: requirePermission('supervision.report') },
    async (req, reply) => {
      const actor = requireActor(req);
      const r = await submitProgressReport({ db, actor, meta: metaOf(req), projectId: req.params.id, input: req.body });
      return reply.status(201).header('Location', `/api/v1/progress-reports/${r.id}`).send(await reportOut(actor, r.id));
    },
  );

  app.get('/api/v1/progress-reports/:id', { schema: { tags: progressTags, summary: '进展报告详情', params: ZId, response: { 200: ZProgressReport } }, preHandler: requireAnyPermission('project.read', 'project.observe') }, async (req) => reportOut(requireActor(req), req.params.id));

  app.post(
    '/api/v1/progress-reports/:id/acknowledge',
    { schema: { tags: progressTags, summary: '确认已阅进展报告（委托单位或协调单位）', params: ZId, body: ZAcknowledgeInput.extend(withVersion), response: { 200: ZProgressReport } }, preHandler: requirePermission('supervision.manage') },
    async (req) => {
      const actor = requireActor(req);
      const r = await acknowledgeProgressReport({ db, actor, meta: metaOf(req), reportId: req.params.id, rowVersion: req.body.rowVersion, comment: req.body.comment });
      return reportOut(actor, r.id);
    },
  );

  // PUB-1: the coordinating association chooses acknowledged reports for the public portal
  app.post(
    '/api/v1/progress-reports/:id/publish',
    {
      schema: { tags: progressTags, summary: '在门户网站公开已阅的进展报告（可附公开摘要，不填则公开报告正文；协调单位，PUB-1）', params: ZId, body: ZPublishInput.extend(withVersion).strict(), response: { 200: ZProgressReport } },
      preHandler: requirePermission('programmeRecord.manage'),
    },
    async (req) => {
      const actor = requireActor(req);
      const r = await changeProgressDisclosure({ db, actor, meta: metaOf(req), reportId: req.params.id, rowVersion: req.body.rowVersion, event: 'publish', publicSummary: req.body.publicSummary });
      return reportOut(actor, r.id);
    },
  );

  app.post(
    '/api/v1/progress-reports/:id/withdraw-disclosure',
    { schema: { tags: progressTags, summary: '从门户网站撤回公开的进展报告（须说明原因；协调单位）', params: ZId, body: ZWithdrawDisclosureInput.extend(withVersion).strict(), response: { 200: ZProgressReport } }, preHandler: requirePermission('programmeRecord.manage') },
    async (req) => {
      const actor = requireActor(req);
      const r = await changeProgressDisclosure({ db, actor, meta: metaOf(req), reportId: req.params.id, rowVersion: req.body.rowVersion, event: 'withdraw', reason: req.body.reason });
      return reportOut(actor, r.id);
    },
  );

  // ------------------------------------------------------------------------------------------
  // SUP-4 observers and expert panel inspections
  // ------------------------------------------------------------------------------------------
  const inspTags = ['观察员与专家组检查'];

  async function observersOut(actor: Actor, project: ProjectInScope): Promise<ObserverList> {
    const today = chinaToday();
    return {
      items: (await observersOfProject(db, project.row.p.id)).map((o) => observerView(o, project, actor, today)),
      nextCursor: null,
      actions: mayAct(actor, project, ['association'], 'supervision.manage') ? ['assign'] : [],
    };
  }

  async function inspectionOut(actor: Actor, id: string) {
    const { inspection, project } = await loadInspectionInScope(db, actor, id, false);
    return inspectionView(inspection, project, actor, await attachmentRefs(db, inspection.attachmentIds));
  }

  app.get('/api/v1/projects/:id/observers', { schema: { tags: inspTags, summary: '项目观察员及可执行操作', params: ZId, response: { 200: ZObserverList } }, preHandler: requireAnyPermission('project.read', 'project.observe') }, async (req) => {
    const actor = requireActor(req);
    return observersOut(actor, await loadProjectInScope(db, actor, req.params.id));
  });

  app.post(
    '/api/v1/projects/:id/observers',
    { schema: { tags: inspTags, summary: '委派观察员（协调单位）', params: ZId, body: ZObserverInput, response: { 201: ZObserver } }, preHandler: requirePermission('supervision.manage') },
    async (req, reply) => {
      const actor = requireActor(req);
      const o = await assignObserver({ db, actor, meta: metaOf(req), projectId: req.params.id, input: req.body });
      const project = await loadProjectInScope(db, actor, o.projectId);
      return reply.status(201).header('Location', `/api/v1/observers/${o.id}`).send(observerView(o, project, actor, chinaToday()));
    },
  );

  app.get('/api/v1/observers/:id', { schema: { tags: inspTags, summary: '观察员委派详情', params: ZId, response: { 200: ZObserver } }, preHandler: requireAnyPermission('project.read', 'project.observe') }, async (req) => {
    const actor = requireActor(req);
    const { observer, project } = await loadObserverInScope(db, actor, req.params.id);
    return observerView(observer, project, actor, chinaToday());
  });

  app.post(
    '/api/v1/observers/:id/end',
    { schema: { tags: inspTags, summary: '提前结束观察员委派（协调单位）', params: ZId, body: ZObserverEndInput.extend(withVersion), response: { 200: ZObserver } }, preHandler: requirePermission('supervision.manage') },
    async (req) => {
      const actor = requireActor(req);
      const o = await endObserver({ db, actor, meta: metaOf(req), observerId: req.params.id, rowVersion: req.body.rowVersion, endedOn: req.body.endedOn, reason: req.body.reason });
      const project = await loadProjectInScope(db, actor, o.projectId);
      return observerView(o, project, actor, chinaToday());
    },
  );

  app.get('/api/v1/projects/:id/inspections', { schema: { tags: inspTags, summary: '专家组检查（按检查日期倒序）及可执行操作', params: ZId, response: { 200: ZInspectionList } }, preHandler: requireAnyPermission('project.read', 'project.observe') }, async (req) => {
    const actor = requireActor(req);
    const project = await loadProjectInScope(db, actor, req.params.id);
    const rows = await inspectionsOfProject(db, req.params.id);
    const refs = await attachmentRefs(db, rows.flatMap((r) => r.attachmentIds));
    const list: InspectionList = { items: rows.map((i) => inspectionView(i, project, actor, refs)), nextCursor: null, actions: mayAct(actor, project, ['department'], 'supervision.manage') ? ['plan'] : [] };
    return list;
  });

  app.post(
    '/api/v1/projects/:id/inspections',
    { schema: { tags: inspTags, summary: '安排专家组检查（委托单位）', params: ZId, body: ZInspectionInput, response: { 201: ZInspection } }, preHandler: requirePermission('supervision.manage') },
    async (req, reply) => {
      const actor = requireActor(req);
      const i = await planInspection({ db, actor, meta: metaOf(req), projectId: req.params.id, input: req.body });
      return reply.status(201).header('Location', `/api/v1/inspections/${i.id}`).send(await inspectionOut(actor, i.id));
    },
  );

  app.get('/api/v1/inspections/:id', { schema: { tags: inspTags, summary: '专家组检查详情', params: ZId, response: { 200: ZInspection } }, preHandler: requireAnyPermission('project.read', 'project.observe') }, async (req) => inspectionOut(requireActor(req), req.params.id));

  app.put(
    '/api/v1/inspections/:id',
    { schema: { tags: inspTags, summary: '修改检查安排（检查前，委托单位）', params: ZId, body: ZInspectionInput.extend(withVersion), response: { 200: ZInspection } }, preHandler: requirePermission('supervision.manage') },
    async (req) => {
      const actor = requireActor(req);
      const { rowVersion, ...input } = req.body;
      const i = await editInspection({ db, actor, meta: metaOf(req), inspectionId: req.params.id, rowVersion, input });
      return inspectionOut(actor, i.id);
    },
  );

  app.post(
    '/api/v1/inspections/:id/findings',
    { schema: { tags: inspTags, summary: '登记专家组检查发现和结论（委托单位）', params: ZId, body: ZInspectionFindingsInput.extend(withVersion), response: { 200: ZInspection } }, preHandler: requirePermission('supervision.manage') },
    async (req) => {
      const actor = requireActor(req);
      const { rowVersion, ...input } = req.body;
      const i = await recordFindings({ db, actor, meta: metaOf(req), inspectionId: req.params.id, rowVersion, input });
      return inspectionOut(actor, i.id);
    },
  );

  app.post(
    '/api/v1/inspections/:id/cancel',
    { schema: { tags: inspTags, summary: '取消检查（委托单位）', params: ZId, body: ZInspectionCancelInput.extend(withVersion), response: { 200: ZInspection } }, preHandler: requirePermission('supervision.manage') },
    async (req) => {
      const actor = requireActor(req);
      const i = await cancelInspection({ db, actor, meta: metaOf(req), inspectionId: req.params.id, rowVersion: req.body.rowVersion, reason: req.body.reason });
      return inspectionOut(actor, i.id);
    },
  );

  // ------------------------------------------------------------------------------------------
  // SUP-7 rectification orders
  // ------------------------------------------------------------------------------------------
  const rectTags = ['整改'];

  async function rectificationOut(actor: Actor, id: string) {
    const { order, project } = await loadRectificationInScope(db, actor, id, false);
    return rectificationView(order, project, actor, await attachmentRefs(db, [...order.attachmentIds, ...order.responseAttachmentIds]), chinaToday());
  }

  app.get('/api/v1/projects/:id/rectifications', { schema: { tags: rectTags, summary: '整改通知（新通知在前）及可执行操作', params: ZId, response: { 200: ZRectificationList } }, preHandler: requireAnyPermission('project.read', 'project.observe') }, async (req) => {
    const actor = requireActor(req);
    const project = await loadProjectInScope(db, actor, req.params.id);
    const rows = await rectificationsOfProject(db, req.params.id);
    const refs = await attachmentRefs(db, rows.flatMap((r) => [...r.attachmentIds, ...r.responseAttachmentIds]));
    const today = chinaToday();
    const list: RectificationList = { items: rows.map((o) => rectificationView(o, project, actor, refs, today)), nextCursor: null, actions: mayAct(actor, project, ['department', 'association'], 'supervision.manage') ? ['issue'] : [] };
    return list;
  });

  app.post(
    '/api/v1/projects/:id/rectifications',
    { schema: { tags: rectTags, summary: '下达整改通知（委托单位或协调单位）', params: ZId, body: ZRectificationInput, response: { 201: ZRectificationOrder } }, preHandler: requirePermission('supervision.manage') },
    async (req, reply) => {
      const actor = requireActor(req);
      const o = await issueRectification({ db, actor, meta: metaOf(req), projectId: req.params.id, input: req.body });
      return reply.status(201).header('Location', `/api/v1/rectifications/${o.id}`).send(await rectificationOut(actor, o.id));
    },
  );

  app.get('/api/v1/rectifications/:id', { schema: { tags: rectTags, summary: '整改通知详情', params: ZId, response: { 200: ZRectificationOrder } }, preHandler: requireAnyPermission('project.read', 'project.observe') }, async (req) => rectificationOut(requireActor(req), req.params.id));

  app.post(
    '/api/v1/rectifications/:id/response',
    { schema: { tags: rectTags, summary: '报送整改报告（承接学会）', params: ZId, body: ZRectificationResponseInput.extend(withVersion), response: { 200: ZRectificationOrder } }, preHandler: requirePermission('supervision.report') },
    async (req) => {
      const actor = requireActor(req);
      const o = await respondRectification({ db, actor, meta: metaOf(req), orderId: req.params.id, rowVersion: req.body.rowVersion, report: req.body.report, attachmentIds: req.body.attachmentIds });
      return rectificationOut(actor, o.id);
    },
  );

  app.post(
    '/api/v1/rectifications/:id/decision',
    { schema: { tags: rectTags, summary: '验收整改：通过（销号）或退回重新整改（下达单位）', params: ZId, body: ZRectificationDecisionInput.extend(withVersion), response: { 200: ZRectificationOrder } }, preHandler: requirePermission('supervision.manage') },
    async (req) => {
      const actor = requireActor(req);
      const { rowVersion, ...input } = req.body;
      const o = await decideRectification({ db, actor, meta: metaOf(req), orderId: req.params.id, rowVersion, input });
      return rectificationOut(actor, o.id);
    },
  );

  app.post(
    '/api/v1/rectifications/:id/extend',
    { schema: { tags: rectTags, summary: '延长整改期限（下达单位）', params: ZId, body: ZRectificationExtendInput.extend(withVersion), response: { 200: ZRectificationOrder } }, preHandler: requirePermission('supervision.manage') },
    async (req) => {
      const actor = requireActor(req);
      const o = await extendRectification({ db, actor, meta: metaOf(req), orderId: req.params.id, rowVersion: req.body.rowVersion, deadline: req.body.deadline, reason: req.body.reason });
      return rectificationOut(actor, o.id);
    },
  );

  // ------------------------------------------------------------------------------------------
  // SUP-8 training and guidance
  // ------------------------------------------------------------------------------------------
  const trainTags = ['培训与工作指导'];

  app.get('/api/v1/projects/:id/training-records', { schema: { tags: trainTags, summary: '项目的培训和工作指导记录（含面向全方案的专项培训）及可执行操作', params: ZId, response: { 200: ZTrainingList } }, preHandler: requireAnyPermission('project.read', 'project.observe') }, async (req) => {
    const actor = requireActor(req);
    const project = await loadProjectInScope(db, actor, req.params.id);
    const rows = await trainingOfProject(db, actor, project);
    const refs = await attachmentRefs(db, rows.flatMap((r) => r.attachmentIds));
    const mayRecord = mayAct(actor, project, ['department', 'association'], 'supervision.manage');
    const list: TrainingList = {
      items: rows.map((t) => trainingView(t, refs)),
      nextCursor: null,
      actions: [...(mayRecord ? (['record'] as const) : []), ...(mayRecord && project.party === 'association' ? (['recordProgramme'] as const) : [])],
    };
    return list;
  });

  app.post(
    '/api/v1/projects/:id/training-records',
    {
      schema: { tags: trainTags, summary: '记录对本项目的培训或工作指导（委托单位或协调单位；projectId 可省略，即本项目）', params: ZId, body: ZTrainingInput, response: { 201: ZTrainingRecord } },
      // the project is the one in the path: fill it in before the body is checked
      preValidation: async (req) => {
        const body = req.body as Record<string, unknown> | null;
        if (body && typeof body === 'object' && !Array.isArray(body) && body.projectId === undefined) body.projectId = (req.params as { id?: string }).id;
      },
      preHandler: requirePermission('supervision.manage'),
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const t = await recordProjectTraining({ db, actor, meta: metaOf(req), projectId: req.params.id, input: req.body });
      return reply.status(201).header('Location', `/api/v1/training-records/${t.id}`).send(trainingView((await findTraining(db, t.id))!, await attachmentRefs(db, t.attachmentIds)));
    },
  );

  app.get(
    '/api/v1/programmes/:id/training-records',
    {
      schema: { tags: trainTags, summary: '方案的培训和工作指导记录（科协；按记录时间倒序分页，详情见单条记录）', params: ZId, querystring: z.object(ZPageQuery).strict(), response: { 200: ZTrainingPage } },
      preHandler: requirePermission('supervision.manage'),
    },
    async (req) => {
      const page = await trainingPageOfProgramme(db, requireActor(req), req.params.id, req.query);
      return { ...page, items: page.items.map(trainingSummaryView) };
    },
  );

  app.post(
    '/api/v1/programmes/:id/training-records',
    { schema: { tags: trainTags, summary: '记录面向全方案的专项培训（科协）', params: ZId, body: ZTrainingInput, response: { 201: ZTrainingRecord } }, preHandler: requirePermission('supervision.manage') },
    async (req, reply) => {
      const actor = requireActor(req);
      const t = await recordProgrammeTraining({ db, actor, meta: metaOf(req), programmeId: req.params.id, input: req.body });
      return reply.status(201).header('Location', `/api/v1/training-records/${t.id}`).send(trainingView((await findTraining(db, t.id))!, await attachmentRefs(db, t.attachmentIds)));
    },
  );

  app.get('/api/v1/training-records/:id', { schema: { tags: trainTags, summary: '培训或工作指导记录详情', params: ZId, response: { 200: ZTrainingRecord } }, preHandler: requireAnyPermission('project.read', 'project.observe') }, async (req) => {
    const t = await readTraining(db, requireActor(req), req.params.id);
    return trainingView(t, await attachmentRefs(db, t.attachmentIds));
  });
}
