// EVA-5, PUB-1 routes (issue 14): the typical-case library — the association's list, the completed
// projects it may write up and their reports, a case's draft, edits, publication on the portal and
// withdrawal; and the portal's published cases (no login). Every answer is a record of
// contract/cases.ts; a creation answers 201 with its Location.
import { z } from 'zod';
import type { AppDeps, ZApp } from '../../app.js';
import { metaOf, requireActor, requirePermission } from '../../http/guards.js';
import { ZPageQuery } from '../../http/paging.js';
import { ZCaseCandidateList, ZCaseSources, ZPublicCase, ZPublicCasePage, ZTypicalCase, ZTypicalCasePage } from '../../../contract/cases.js';
import { ZCaseCreateInput, ZCaseEditInput, ZCaseWithdrawInput, caseStates } from '../../../domain/evaluation/typical-case.js';
import { caseCandidates, caseSources, changeCasePublication, createCase, editCase } from './cases.js';
import { caseList, publicCase, publicCaseList, readCase } from './case-view.js';

const ZId = z.object({ id: z.uuid('编号格式不正确') }).strict();
const ZRowVersionBody = z.object({ rowVersion: z.number({ error: '缺少版本号' }).int('版本号应为整数').min(1, '版本号不正确') }).strict();

export async function caseRoutes(app: ZApp, deps: AppDeps) {
  const { db } = deps.database;
  const tags = ['典型案例'];

  app.get(
    '/api/v1/typical-cases',
    {
      schema: {
        tags,
        summary: '典型案例（本科协及下级科协的，新编写的在前）',
        querystring: z.object({ programmeId: z.uuid('方案编号格式不正确').optional(), status: z.enum(caseStates).optional(), ...ZPageQuery }).strict(),
        response: { 200: ZTypicalCasePage },
      },
      preHandler: requirePermission('case.read'),
    },
    async (req) => caseList(db, requireActor(req), req.query),
  );

  app.get(
    '/api/v1/typical-cases/candidates',
    { schema: { tags, summary: '可编写典型案例的项目：本科协方案中结项考核通过、已完成的试点项目', response: { 200: ZCaseCandidateList } }, preHandler: requirePermission('case.manage') },
    async (req) => caseCandidates(db, requireActor(req)),
  );

  app.get(
    '/api/v1/typical-cases/sources',
    {
      schema: {
        tags,
        summary: '编写典型案例的素材：项目总结报告（考核通过的结项报告）、已采纳的第三方评估报告，及据此生成的案例初稿',
        querystring: z.object({ projectId: z.uuid('项目编号格式不正确') }).strict(),
        response: { 200: ZCaseSources },
      },
      preHandler: requirePermission('case.manage'),
    },
    async (req) => caseSources(db, requireActor(req), req.query.projectId),
  );

  app.post(
    '/api/v1/typical-cases',
    { schema: { tags, summary: '编写典型案例（草稿）：选择本科协方案中已完成的试点项目（EVA-5）', body: ZCaseCreateInput, response: { 201: ZTypicalCase } }, preHandler: requirePermission('case.manage') },
    async (req, reply) => {
      const actor = requireActor(req);
      const id = await createCase({ db, actor, meta: metaOf(req), input: req.body });
      return reply.status(201).header('Location', `/api/v1/typical-cases/${id}`).send(await readCase(db, actor, id));
    },
  );

  app.get('/api/v1/typical-cases/:id', { schema: { tags, summary: '典型案例详情', params: ZId, response: { 200: ZTypicalCase } }, preHandler: requirePermission('case.read') }, async (req) =>
    readCase(db, requireActor(req), req.params.id),
  );

  app.put(
    '/api/v1/typical-cases/:id',
    { schema: { tags, summary: '修改典型案例（草稿或已撤回公开的）', params: ZId, body: ZCaseEditInput, response: { 200: ZTypicalCase } }, preHandler: requirePermission('case.manage') },
    async (req) => {
      const actor = requireActor(req);
      const { rowVersion, ...input } = req.body;
      await editCase({ db, actor, meta: metaOf(req), id: req.params.id, rowVersion, input });
      return readCase(db, actor, req.params.id);
    },
  );

  app.post(
    '/api/v1/typical-cases/:id/publish',
    { schema: { tags, summary: '在门户公开典型案例（可被站内检索）', params: ZId, body: ZRowVersionBody, response: { 200: ZTypicalCase } }, preHandler: requirePermission('case.manage') },
    async (req) => {
      const actor = requireActor(req);
      await changeCasePublication({ db, actor, meta: metaOf(req), id: req.params.id, rowVersion: req.body.rowVersion, event: 'publish' });
      return readCase(db, actor, req.params.id);
    },
  );

  app.post(
    '/api/v1/typical-cases/:id/withdraw',
    { schema: { tags, summary: '撤回已公开的典型案例（填写原因；撤回后可修改并重新公开）', params: ZId, body: ZCaseWithdrawInput, response: { 200: ZTypicalCase } }, preHandler: requirePermission('case.manage') },
    async (req) => {
      const actor = requireActor(req);
      await changeCasePublication({ db, actor, meta: metaOf(req), id: req.params.id, rowVersion: req.body.rowVersion, event: 'withdraw', reason: req.body.reason });
      return readCase(db, actor, req.params.id);
    },
  );

  // PUB-1: the portal
  app.get(
    '/api/v1/public/cases',
    {
      schema: {
        tags: ['公开'],
        summary: '公开的典型案例（无需登录，最新公开在前）',
        querystring: z.object({ programmeId: z.uuid('方案编号格式不正确').optional(), ...ZPageQuery }).strict(),
        response: { 200: ZPublicCasePage },
      },
    },
    async (req) => publicCaseList(db, req.query),
  );

  app.get('/api/v1/public/cases/:id', { schema: { tags: ['公开'], summary: '公开的典型案例全文', params: ZId, response: { 200: ZPublicCase } } }, async (req) => publicCase(db, req.params.id));
}
