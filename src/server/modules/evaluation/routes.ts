// EVA-1, EVA-3 routes (issue 14): the completion of a pilot project — the society's report, the
// assessors' verdicts, withdrawal. Every answer is a record of contract/evaluation.ts with the
// actions the reading user may take; every record is reached through its project in the actor's
// data scope. A project's rounds are few and whole; a report answers 201 with its Location.
import { z } from 'zod';
import type { AppDeps, ZApp } from '../../app.js';
import { metaOf, requireActor, requireAnyPermission, requirePermission } from '../../http/guards.js';
import { ZPageQuery } from '../../http/paging.js';
import { ZCompletion, ZCompletionList, ZEvaluationCommission, ZEvaluationCommissionList, ZPerformanceEvaluation, ZPublicPerformanceResultPage } from '../../../contract/evaluation.js';
import { ZCompletionDecisionInput, ZCompletionReportInput } from '../../../domain/evaluation/completion.js';
import { ZCommissionInput, ZPerformanceDecisionInput, ZProgrammeEvaluationInput, ZProjectEvaluationInput } from '../../../domain/evaluation/performance.js';
import { completionList, readCompletion } from './completion-view.js';
import { assessCompletion, reportCompletion, withdrawCompletion } from './completions.js';
import { commissionList, publicResults, readCommission, readReport } from './commission-view.js';
import { cancelCommission, createCommission, decideEvaluation, publishEvaluation, saveProgrammeEvaluation, saveProjectEvaluation } from './commissions.js';
import { binaryResponse } from '../../http/contract.js';
import { documentContentTypes } from '../taskbooks/documents.js';
import { performanceReportResponse, publicPerformanceReportResponse } from './documents/report-document.js';

const ZId = z.object({ id: z.uuid('编号格式不正确') }).strict();
const ZRowVersionBody = z.object({ rowVersion: z.number({ error: '缺少版本号' }).int('版本号应为整数').min(1, '版本号不正确') }).strict();

export async function evaluationRoutes(app: ZApp, deps: AppDeps) {
  const { db } = deps.database;
  const read = ['project.read', 'project.observe'] as const;
  const tags = ['结项考核'];

  app.get(
    '/api/v1/projects/:id/completions',
    { schema: { tags, summary: '项目的结项报告及考核（各次报告，新的在前）', params: ZId, response: { 200: ZCompletionList } }, preHandler: requireAnyPermission(...read) },
    async (req) => completionList(db, requireActor(req), req.params.id),
  );

  app.get('/api/v1/completions/:id', { schema: { tags, summary: '结项报告详情', params: ZId, response: { 200: ZCompletion } }, preHandler: requireAnyPermission(...read) }, async (req) =>
    readCompletion(db, requireActor(req), req.params.id),
  );

  app.post(
    '/api/v1/projects/:id/completions',
    {
      schema: { tags, summary: '报告结项：总结报告、量化指标完成情况与佐证（承接学会，EVA-1）', params: ZId, body: ZCompletionReportInput, response: { 201: ZCompletion } },
      preHandler: requirePermission('supervision.report'),
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const id = await reportCompletion({ db, actor, meta: metaOf(req), projectId: req.params.id, input: req.body });
      return reply.status(201).header('Location', `/api/v1/completions/${id}`).send(await readCompletion(db, actor, id));
    },
  );

  app.post(
    '/api/v1/completions/:id/assessments',
    {
      schema: {
        tags,
        summary: '结项考核当前步骤：通过、有条件通过、不通过或退回修改；最后一步后以最严格的结论为考核结果',
        params: ZId,
        body: ZCompletionDecisionInput,
        response: { 200: ZCompletion },
      },
      preHandler: requirePermission('supervision.decide'),
    },
    async (req) => {
      const actor = requireActor(req);
      await assessCompletion({ db, actor, meta: metaOf(req), id: req.params.id, input: req.body });
      return readCompletion(db, actor, req.params.id);
    },
  );

  app.post(
    '/api/v1/completions/:id/withdraw',
    { schema: { tags, summary: '撤回结项报告（尚无考核意见时）', params: ZId, body: ZRowVersionBody, response: { 200: ZCompletion } }, preHandler: requirePermission('supervision.report') },
    async (req) => {
      const actor = requireActor(req);
      await withdrawCompletion({ db, actor, meta: metaOf(req), id: req.params.id, rowVersion: req.body.rowVersion });
      return readCompletion(db, actor, req.params.id);
    },
  );
}

const ZCommissionProjectParams = z.object({ id: z.uuid('编号格式不正确'), projectId: z.uuid('项目编号格式不正确') }).strict();
const ZProgrammeId = z.object({ id: z.uuid('方案编号格式不正确') }).strict();
/** downloads of the portal's report PDFs per address and minute */
const PUBLIC_REPORTS_PER_MINUTE = 30;
const ZSubmitFlag = { submit: z.boolean({ error: '请说明是否提交' }).default(false).describe('true：保存并提交科协审核') };

/** EVA-2, EVA-3: commissions of a third-party evaluator, its reports per project and for the programme, their review and publication. */
export async function performanceEvaluationRoutes(app: ZApp, deps: AppDeps) {
  const { db } = deps.database;
  const tags = ['第三方评估'];
  const readers = ['evaluation.commission', 'evaluation.perform', 'project.read'] as const;

  app.get(
    '/api/v1/evaluation-commissions',
    { schema: { tags, summary: '评估委托（科协：本科协及下级的委托；评估机构：委托给本机构的）', response: { 200: ZEvaluationCommissionList } }, preHandler: requireAnyPermission(...readers) },
    async (req) => commissionList(db, requireActor(req)),
  );

  app.get('/api/v1/evaluation-commissions/:id', { schema: { tags, summary: '评估委托详情：委托的项目及其评估报告、方案总体评估报告、计分方法', params: ZId, response: { 200: ZEvaluationCommission } }, preHandler: requireAnyPermission(...readers) }, async (req) =>
    readCommission(db, requireActor(req), req.params.id),
  );

  app.post(
    '/api/v1/programmes/:id/evaluation-commissions',
    {
      schema: { tags, summary: '委托第三方评估机构评估方案的全部或指定试点项目（制定方案的科协，EVA-2）', params: ZProgrammeId, body: ZCommissionInput, response: { 201: ZEvaluationCommission } },
      preHandler: requirePermission('evaluation.commission'),
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const id = await createCommission({ db, actor, meta: metaOf(req), programmeId: req.params.id, input: req.body });
      return reply.status(201).header('Location', `/api/v1/evaluation-commissions/${id}`).send(await readCommission(db, actor, id));
    },
  );

  app.post(
    '/api/v1/evaluation-commissions/:id/cancel',
    {
      schema: { tags, summary: '撤销评估委托：评估机构此后不能再查看所委托的项目', params: ZId, body: ZRowVersionBody.extend({ reason: z.string().trim().min(1, '请填写撤销原因').max(500, '撤销原因不能超过 500 个字') }).strict(), response: { 200: ZEvaluationCommission } },
      preHandler: requirePermission('evaluation.commission'),
    },
    async (req) => {
      const actor = requireActor(req);
      await cancelCommission({ db, actor, meta: metaOf(req), id: req.params.id, rowVersion: req.body.rowVersion, reason: req.body.reason });
      return readCommission(db, actor, req.params.id);
    },
  );

  app.put(
    '/api/v1/evaluation-commissions/:id/projects/:projectId/evaluation',
    {
      schema: {
        tags,
        summary: '保存（或提交）对一个项目的评估：逐项核实任务书量化指标并按方案计分，评估发现和结论（受托评估机构，EVA-3）；rowVersion 首次为 0',
        params: ZCommissionProjectParams,
        body: ZProjectEvaluationInput.extend(ZSubmitFlag).strict(),
        response: { 200: ZPerformanceEvaluation },
      },
      preHandler: requirePermission('evaluation.perform'),
    },
    async (req) => {
      const actor = requireActor(req);
      const { submit, ...input } = req.body;
      const id = await saveProjectEvaluation({ db, actor, meta: metaOf(req), commissionId: req.params.id, projectId: req.params.projectId, input, submit });
      return readReport(db, actor, id);
    },
  );

  app.put(
    '/api/v1/evaluation-commissions/:id/programme-evaluation',
    {
      schema: { tags, summary: '保存（或提交）方案总体评估报告（受托评估机构，EVA-2）；rowVersion 首次为 0', params: ZId, body: ZProgrammeEvaluationInput.extend(ZSubmitFlag).strict(), response: { 200: ZPerformanceEvaluation } },
      preHandler: requirePermission('evaluation.perform'),
    },
    async (req) => {
      const actor = requireActor(req);
      const { submit, ...input } = req.body;
      const id = await saveProgrammeEvaluation({ db, actor, meta: metaOf(req), commissionId: req.params.id, input, submit });
      return readReport(db, actor, id);
    },
  );

  app.get('/api/v1/performance-evaluations/:id', { schema: { tags, summary: '评估报告详情', params: ZId, response: { 200: ZPerformanceEvaluation } }, preHandler: requireAnyPermission(...readers) }, async (req) =>
    readReport(db, requireActor(req), req.params.id),
  );

  app.get(
    '/api/v1/performance-evaluations/:id/document',
    {
      schema: {
        tags,
        summary: '下载评估报告（Word 或 PDF）：项目绩效评价报告或计划整体绩效评价报告，读者同评估报告详情',
        params: ZId,
        querystring: z.object({ format: z.enum(['docx', 'pdf'], { error: '格式应为 docx 或 pdf' }) }).strict(),
        response: { 200: binaryResponse('评估报告文件：委托单位采纳前的标明草稿、待审核或退回修改', [documentContentTypes.docx, documentContentTypes.pdf]) },
      },
      preHandler: requireAnyPermission(...readers),
    },
    async (req, reply) => performanceReportResponse(db, requireActor(req), reply, req.params.id, req.query.format),
  );

  app.post(
    '/api/v1/performance-evaluations/:id/decision',
    { schema: { tags, summary: '审核评估报告：采纳或退回（委托评估的科协）', params: ZId, body: ZPerformanceDecisionInput, response: { 200: ZPerformanceEvaluation } }, preHandler: requirePermission('evaluation.commission') },
    async (req) => {
      const actor = requireActor(req);
      await decideEvaluation({ db, actor, meta: metaOf(req), id: req.params.id, input: req.body });
      return readReport(db, actor, req.params.id);
    },
  );

  app.post(
    '/api/v1/performance-evaluations/:id/publication',
    {
      schema: { tags, summary: '在门户公开或撤下已采纳的评估结果（PUB-1）', params: ZId, body: ZRowVersionBody.extend({ publish: z.boolean({ error: '请说明公开或撤下' }) }).strict(), response: { 200: ZPerformanceEvaluation } },
      preHandler: requirePermission('evaluation.commission'),
    },
    async (req) => {
      const actor = requireActor(req);
      await publishEvaluation({ db, actor, meta: metaOf(req), id: req.params.id, rowVersion: req.body.rowVersion, publish: req.body.publish });
      return readReport(db, actor, req.params.id);
    },
  );

  app.get(
    '/api/v1/public/evaluation-results/:id/document',
    // public and unauthenticated: a per-address limit keeps the worker pool's load in bounds
    {
      schema: {
        tags: ['门户'],
        summary: '下载门户公开的评估报告（PDF，无需登录）：只限已公开的评估结果，不含核实依据、附件和内部意见',
        params: ZId,
        querystring: z.object({ format: z.enum(['pdf'], { error: '格式应为 pdf' }) }).strict(),
        response: { 200: binaryResponse('评估报告（PDF）', [documentContentTypes.pdf]) },
      },
      config: { rateLimit: { max: PUBLIC_REPORTS_PER_MINUTE, timeWindow: '1 minute' } },
    },
    async (req, reply) => publicPerformanceReportResponse(db, reply, req.params.id),
  );

  app.get(
    '/api/v1/public/evaluation-results',
    {
      schema: {
        tags: ['门户'],
        summary: '公开的第三方评估结果（无需登录，最新公开在前）',
        querystring: z.object({ programmeId: z.uuid('方案编号格式不正确').optional(), ...ZPageQuery }).strict(),
        response: { 200: ZPublicPerformanceResultPage },
      },
    },
    async (req) => publicResults(db, req.query),
  );
}
