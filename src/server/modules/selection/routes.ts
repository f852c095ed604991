// SEL-2…SEL-7: declarations, the association's review, countersign by the review offices,
// approval, the department's choice, and the pilot projects it creates. The handlers are thin:
// parse, call the use case, answer; the rules live in the use cases and in domain/selection.
import { z } from 'zod';
import type { AppDeps, ZApp } from '../../app.js';
import { metaOf, requireActor, requireAnyPermission, requirePermission } from '../../http/guards.js';
import { ZPageQuery } from '../../http/paging.js';
import { declarationStates } from '../../../domain/selection/declaration.lifecycle.js';
import { countersignStates } from '../../../domain/selection/countersign.lifecycle.js';
import { calendarDay } from '../../../domain/calendar-day.js';
import { ZCountersign, ZCountersignPage, ZDeclaration, ZDeclarationPage, ZPilotProject, ZPilotProjectPage, ZQualificationResult } from '../../../contract/selection.js';
import { listProjects, readProject } from '../projects/projects.js';
import { changeOwnDeclaration, reviewDeclaration, submitDeclaration } from './declarations.js';
import { listDeclarations, qualificationForItem, readDeclaration } from './declaration-read.js';
import { giveOpinion, recordApproval, sendCountersign } from './countersign.js';
import { listCountersigns, readCountersign } from './countersign-read.js';
import { selectSociety } from './select-society.js';

const ZId = z.object({ id: z.uuid('编号格式不正确') }).strict();
const ZVersion = z.number().int().min(1);
const ZDeclarationInput = z
  .object({
    capacityStatement: z.string().trim().min(10, '承接能力说明至少 10 个字').max(4000, '承接能力说明不能超过 4000 个字'),
    plan: z.string().trim().max(4000, '承接设想不能超过 4000 个字').nullable().optional(),
    contactName: z.string().trim().max(30).nullable().optional(),
    attachmentIds: z.array(z.uuid()).max(20, '附件不能超过 20 个').default([]),
  })
  .strict();

export async function selectionRoutes(app: ZApp, deps: AppDeps) {
  const { db } = deps.database;
  const tags = ['申报与遴选'];

  app.get(
    '/api/v1/items/:id/qualification',
    { schema: { tags, summary: '本学会对照方案资格条件的自查结果', params: ZId, response: { 200: ZQualificationResult } }, preHandler: requirePermission('declaration.submit') },
    async (req) => qualificationForItem(db, requireActor(req), req.params.id),
  );

  app.post(
    '/api/v1/items/:id/declarations',
    { schema: { tags, summary: '学会申报可承接事项', params: ZId, body: ZDeclarationInput, response: { 201: ZDeclaration } }, preHandler: requirePermission('declaration.submit') },
    async (req, reply) => {
      const actor = requireActor(req);
      const found = await submitDeclaration({ db, actor, meta: metaOf(req), itemId: req.params.id, input: req.body });
      return reply
        .status(201)
        .header('Location', `/api/v1/declarations/${found.d.id}`)
        .send(await readDeclaration(db, actor, found.d.id));
    },
  );

  app.get(
    '/api/v1/declarations',
    {
      schema: {
        tags,
        summary: '申报列表（按数据范围，申报时间倒序）',
        querystring: z.object({ itemId: z.uuid().optional(), programmeId: z.uuid().optional(), status: z.enum(declarationStates).optional(), ...ZPageQuery }).strict(),
        response: { 200: ZDeclarationPage },
      },
      preHandler: requirePermission('declaration.read'),
    },
    async (req) => listDeclarations(db, requireActor(req), req.query),
  );

  app.get(
    '/api/v1/declarations/:id',
    { schema: { tags, summary: '申报详情、资格核对与可执行操作', params: ZId, response: { 200: ZDeclaration } }, preHandler: requirePermission('declaration.read') },
    async (req) => readDeclaration(db, requireActor(req), req.params.id),
  );

  app.put(
    '/api/v1/declarations/:id',
    { schema: { tags, summary: '补充后重新申报', params: ZId, body: ZDeclarationInput.extend({ version: ZVersion }).strict(), response: { 200: ZDeclaration } }, preHandler: requirePermission('declaration.submit') },
    async (req) => {
      const actor = requireActor(req);
      const { version, ...input } = req.body;
      await changeOwnDeclaration({ db, actor, meta: metaOf(req), id: req.params.id, version, event: 'resubmit', input });
      return readDeclaration(db, actor, req.params.id);
    },
  );

  app.post(
    '/api/v1/declarations/:id/withdraw',
    { schema: { tags, summary: '撤回申报', params: ZId, body: z.object({ version: ZVersion }).strict(), response: { 200: ZDeclaration } }, preHandler: requirePermission('declaration.submit') },
    async (req) => {
      const actor = requireActor(req);
      await changeOwnDeclaration({ db, actor, meta: metaOf(req), id: req.params.id, version: req.body.version, event: 'withdraw' });
      return readDeclaration(db, actor, req.params.id);
    },
  );

  app.post(
    '/api/v1/declarations/:id/review',
    {
      schema: {
        tags,
        summary: '科协审核申报：推荐、退回补充、不予推荐或重新审核',
        params: ZId,
        body: z
          .object({
            version: ZVersion,
            decision: z.enum(['recommend', 'return', 'notRecommend', 'reconsider']),
            opinion: z.string().trim().min(2, '请填写审核意见（推荐理由或退回原因）').max(2000),
            manualConfirmed: z.array(z.number().int().min(0).max(100)).max(30).optional(),
          })
          .strict(),
        response: { 200: ZDeclaration },
      },
      preHandler: requirePermission('declaration.review'),
    },
    async (req) => {
      const actor = requireActor(req);
      await reviewDeclaration({ db, actor, meta: metaOf(req), id: req.params.id, ...req.body });
      return readDeclaration(db, actor, req.params.id);
    },
  );

  // SEL-5, SEL-6
  const ctags = ['会签与审批'];

  app.get(
    '/api/v1/countersigns',
    {
      schema: {
        tags: ctags,
        summary: '会签单列表（按数据范围；审核部门只见送本部门的）',
        querystring: z.object({ status: z.enum(countersignStates).optional(), programmeId: z.uuid().optional(), ...ZPageQuery }).strict(),
        response: { 200: ZCountersignPage },
      },
      preHandler: requirePermission('item.read'),
    },
    async (req) => listCountersigns(db, requireActor(req), req.query),
  );

  app.get(
    '/api/v1/countersigns/:id',
    { schema: { tags: ctags, summary: '会签单详情：事项及推荐学会、各部门意见、审批', params: ZId, response: { 200: ZCountersign } }, preHandler: requirePermission('item.read') },
    async (req) => readCountersign(db, requireActor(req), req.params.id),
  );

  app.post(
    '/api/v1/countersigns',
    {
      schema: {
        tags: ctags,
        summary: '将推荐清单报送审核部门会签',
        body: z
          .object({ programmeId: z.uuid(), itemIds: z.array(z.uuid()).min(1, '请选择要报送的事项').max(200), title: z.string().trim().min(4, '标题至少 4 个字').max(120), note: z.string().trim().max(1000).nullable().optional() })
          .strict(),
        response: { 201: ZCountersign },
      },
      preHandler: requirePermission('countersign.send'),
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const id = await sendCountersign({ db, actor, meta: metaOf(req), input: req.body });
      return reply
        .status(201)
        .header('Location', `/api/v1/countersigns/${id}`)
        .send(await readCountersign(db, actor, id));
    },
  );

  app.post(
    '/api/v1/countersigns/:id/opinion',
    {
      schema: {
        tags: ctags,
        summary: '审核部门提出会签意见：同意或退回',
        params: ZId,
        body: z.object({ version: ZVersion, decision: z.enum(['agree', 'return']), opinion: z.string().trim().max(2000).nullable().optional() }).strict(),
        response: { 200: ZCountersign },
      },
      preHandler: requirePermission('countersign.opinion'),
    },
    async (req) => {
      const actor = requireActor(req);
      await giveOpinion({ db, actor, meta: metaOf(req), id: req.params.id, version: req.body.version, decision: req.body.decision, opinion: req.body.opinion || null });
      return readCountersign(db, actor, req.params.id);
    },
  );

  app.post(
    '/api/v1/countersigns/:id/approve',
    {
      schema: {
        tags: ctags,
        summary: '登记方案规定层级的审批结果',
        params: ZId,
        body: z
          .object({
            version: ZVersion,
            approvalDocument: z.string().trim().min(2, '请填写批准文号或会议纪要编号').max(100),
            approvedOn: calendarDay('批准日期'),
            note: z.string().trim().max(1000).nullable().optional(),
          })
          .strict(),
        response: { 200: ZCountersign },
      },
      preHandler: requirePermission('countersign.approve'),
    },
    async (req) => {
      const actor = requireActor(req);
      await recordApproval({ db, actor, meta: metaOf(req), id: req.params.id, ...req.body });
      return readCountersign(db, actor, req.params.id);
    },
  );

  app.post(
    '/api/v1/items/:id/select',
    {
      schema: {
        tags,
        summary: '委托部门择优确定承接学会，生成试点项目',
        params: ZId,
        body: z.object({ version: ZVersion, declarationId: z.uuid('请选择承接学会'), reason: z.string().trim().min(4, '请填写选定理由（至少 4 个字）').max(2000) }).strict(),
        response: { 201: ZPilotProject },
      },
      preHandler: requirePermission('selection.decide'),
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const projectId = await selectSociety({ db, actor, meta: metaOf(req), itemId: req.params.id, ...req.body });
      return reply
        .status(201)
        .header('Location', `/api/v1/projects/${projectId}`)
        .send(await readProject(db, actor, projectId));
    },
  );

  // SEL-7: pilot projects.
  const ptags = ['试点项目'];
  app.get(
    '/api/v1/projects',
    {
      schema: { tags: ptags, summary: '试点项目列表（按数据范围，确定时间倒序）', querystring: z.object({ programmeId: z.uuid().optional(), ...ZPageQuery }).strict(), response: { 200: ZPilotProjectPage } },
      preHandler: requireAnyPermission('project.read', 'project.observe'),
    },
    async (req) => listProjects(db, requireActor(req), req.query),
  );

  app.get(
    '/api/v1/projects/:id',
    { schema: { tags: ptags, summary: '试点项目详情', params: ZId, response: { 200: ZPilotProject } }, preHandler: requireAnyPermission('project.read', 'project.observe') },
    async (req) => readProject(db, requireActor(req), req.params.id),
  );
}
