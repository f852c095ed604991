// EVA-4 routes (issue 14): the association's satisfaction surveys (list, programmes it may survey,
// create, edit, open, invite, public links and their CSV, revoke, close, results, invitations, free
// answers); an invited organisation's own invitations and its answer; the public questionnaire behind
// a link and its answer — no login, the answer rate-limited per address. Use cases in surveys.ts,
// reads in survey-view.ts.
import { z } from 'zod';
import type { AppDeps, ZApp } from '../../app.js';
import { metaOf, requireActor, requirePermission } from '../../http/guards.js';
import { binaryResponse } from '../../http/contract.js';
import { ZPageQuery } from '../../http/paging.js';
import { ZAnswerInput, ZInviteOrgsInput, ZPublicLinksInput, ZSurveyInput, ZSurveyUpdateInput, surveyGroups, surveyStates } from '../../../domain/evaluation/satisfaction.js';
import {
  ZMySurvey,
  ZMySurveyPage,
  ZPublicSurvey,
  ZSurvey,
  ZSurveyCommentPage,
  ZSurveyInvitationPage,
  ZSurveyPage,
  ZSurveyProgrammeList,
  ZSurveyReceipt,
  ZSurveyResults,
} from '../../../contract/surveys.js';
import { answerAsOrganisation, answerPublicly, closeSurvey, createSurvey, generatePublicLinks, inviteOrganisations, openSurvey, revokeInvitation, updateSurvey } from './surveys.js';
import { commentList, invitationList, myInvitations, publicLinksCsv, readPublicSurvey, readResults, readSurvey, surveyList, surveyProgrammes } from './survey-view.js';

/** PUB-1: public answers per client address and minute in this process (each link answers once besides). */
export const PUBLIC_ANSWERS_PER_MINUTE = 10;
/** Questionnaires read per client address and minute through public links (a link is unguessable; this slows probing). */
const PUBLIC_READS_PER_MINUTE = 120;

const ZId = z.object({ id: z.uuid('编号格式不正确') }).strict();
const ZProgrammeId = z.object({ id: z.uuid('方案编号格式不正确') }).strict();
const ZToken = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, '该调查链接无效，请核对链接是否完整') }).strict();
const ZRowVersion = z.number({ error: '缺少版本号' }).int('版本号应为整数').min(1, '版本号不正确');
const CSV = 'text/csv';

export async function surveyRoutes(app: ZApp, deps: AppDeps) {
  const { db } = deps.database;
  const { cipher } = deps;
  const publicUrl = deps.config.publicUrl.replace(/\/+$/, '');
  const tags = ['满意度调查'];
  const manage = requirePermission('survey.manage');
  const answer = requirePermission('survey.answer');

  app.get(
    '/api/v1/surveys',
    {
      schema: {
        tags,
        summary: '满意度调查（本科协及下级科协发起的，最新在前）',
        querystring: z.object({ programmeId: z.uuid('方案编号格式不正确').optional(), status: z.enum(surveyStates).optional().describe('draft 草稿，open 调查中，closed 已结束'), ...ZPageQuery }).strict(),
        response: { 200: ZSurveyPage },
      },
      preHandler: manage,
    },
    async (req) => surveyList(db, requireActor(req), req.query),
  );

  app.get(
    '/api/v1/surveys/programmes',
    { schema: { tags, summary: '本科协可以发起满意度调查的方案（已发布），及各方案规定的调查对象', response: { 200: ZSurveyProgrammeList } }, preHandler: manage },
    async (req) => surveyProgrammes(db, requireActor(req)),
  );

  app.post(
    '/api/v1/programmes/:id/surveys',
    {
      schema: {
        tags,
        summary: '新建方案的满意度调查（草稿；调查对象须是方案政策参数“满意度调查对象”所列的，参数为空的方案不能调查）',
        params: ZProgrammeId,
        body: ZSurveyInput,
        response: { 201: ZSurvey },
      },
      preHandler: manage,
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const id = await createSurvey({ db, actor, meta: metaOf(req), programmeId: req.params.id, input: req.body });
      return reply.status(201).header('Location', `/api/v1/surveys/${id}`).send(await readSurvey(db, actor, id));
    },
  );

  app.get('/api/v1/surveys/:id', { schema: { tags, summary: '满意度调查详情：问卷、调查对象、各类对象的邀请数和已填写数', params: ZId, response: { 200: ZSurvey } }, preHandler: manage }, async (req) =>
    readSurvey(db, requireActor(req), req.params.id),
  );

  app.put(
    '/api/v1/surveys/:id',
    { schema: { tags, summary: '修改满意度调查（草稿时；整体替换）', params: ZId, body: ZSurveyUpdateInput, response: { 200: ZSurvey } }, preHandler: manage },
    async (req) => {
      const actor = requireActor(req);
      const { rowVersion, ...input } = req.body;
      await updateSurvey({ db, actor, meta: metaOf(req), id: req.params.id, input, rowVersion });
      return readSurvey(db, actor, req.params.id);
    },
  );

  app.post(
    '/api/v1/surveys/:id/open',
    {
      schema: { tags, summary: '开始调查：邀请方案试点项目的委托部门和承接学会（按调查对象），各发待办和通知', params: ZId, body: z.object({ rowVersion: ZRowVersion }).strict(), response: { 200: ZSurvey } },
      preHandler: manage,
    },
    async (req) => {
      const actor = requireActor(req);
      await openSurvey({ db, cipher, actor, meta: metaOf(req), id: req.params.id, rowVersion: req.body.rowVersion });
      return readSurvey(db, actor, req.params.id);
    },
  );

  app.post(
    '/api/v1/surveys/:id/close',
    { schema: { tags, summary: '结束调查：不再接受填写，关闭未办的待办', params: ZId, body: z.object({ rowVersion: ZRowVersion }).strict(), response: { 200: ZSurvey } }, preHandler: manage },
    async (req) => {
      const actor = requireActor(req);
      await closeSurvey({ db, actor, meta: metaOf(req), id: req.params.id, rowVersion: req.body.rowVersion });
      return readSurvey(db, actor, req.params.id);
    },
  );

  app.post(
    '/api/v1/surveys/:id/invitations',
    { schema: { tags, summary: '邀请本科协及下级的其他政府部门或学会填写（调查中；按调查对象）', params: ZId, body: ZInviteOrgsInput, response: { 200: ZSurvey } }, preHandler: manage },
    async (req) => {
      const actor = requireActor(req);
      await inviteOrganisations({ db, cipher, actor, meta: metaOf(req), id: req.params.id, orgIds: req.body.orgIds });
      return readSurvey(db, actor, req.params.id);
    },
  );

  app.post(
    '/api/v1/surveys/:id/public-links',
    { schema: { tags, summary: '生成一批社会公众匿名填写链接（调查中；每个链接填写一次）', params: ZId, body: ZPublicLinksInput, response: { 200: ZSurvey } }, preHandler: manage },
    async (req) => {
      const actor = requireActor(req);
      await generatePublicLinks({ db, cipher, actor, meta: metaOf(req), id: req.params.id, count: req.body.count });
      return readSurvey(db, actor, req.params.id);
    },
  );

  app.get(
    '/api/v1/surveys/:id/public-links.csv',
    {
      schema: { tags, operationId: 'getSurveysByIdPublicLinksCsv', summary: '下载社会公众填写链接（CSV：序号、链接、状态；发起调查的科协）', params: ZId, response: { 200: binaryResponse('公众填写链接（.csv）', [CSV]) } },
      preHandler: manage,
    },
    async (req, reply) => {
      const { title, csv } = await publicLinksCsv(db, cipher, publicUrl, requireActor(req), req.params.id);
      return reply
        .header('content-type', `${CSV}; charset=utf-8`)
        .header('content-disposition', `attachment; filename="survey-links.csv"; filename*=UTF-8''${encodeURIComponent(`公众填写链接-${title}.csv`)}`)
        .send(csv);
    },
  );

  app.get(
    '/api/v1/surveys/:id/invitations',
    {
      schema: {
        tags,
        summary: '调查的邀请（单位按名称，公众链接按序号；已填写、待填写、已作废）',
        params: ZId,
        querystring: z.object({ group: z.enum(surveyGroups).optional(), status: z.enum(['pending', 'answered', 'revoked']).optional().describe('pending 待填写，answered 已填写，revoked 已作废'), ...ZPageQuery }).strict(),
        response: { 200: ZSurveyInvitationPage },
      },
      preHandler: manage,
    },
    async (req) => invitationList(db, cipher, publicUrl, requireActor(req), req.params.id, req.query),
  );

  app.post(
    '/api/v1/survey-invitations/:id/revoke',
    {
      schema: {
        tags,
        summary: '作废一个尚未填写的邀请（如误发的链接）',
        params: ZId,
        body: z.object({ reason: z.string({ error: '请填写作废原因' }).trim().min(1, '请填写作废原因').max(500, '作废原因不能超过 500 个字') }).strict(),
        response: { 200: ZSurvey },
      },
      preHandler: manage,
    },
    async (req) => {
      const actor = requireActor(req);
      const surveyId = await revokeInvitation({ db, actor, meta: metaOf(req), invitationId: req.params.id, reason: req.body.reason });
      return readSurvey(db, actor, surveyId);
    },
  );

  app.get(
    '/api/v1/surveys/:id/results',
    { schema: { tags, summary: '调查结果：各类对象的回收率和满意度（满意 ÷ 已填写），各题平均分', params: ZId, response: { 200: ZSurveyResults } }, preHandler: manage },
    async (req) => readResults(db, requireActor(req), req.params.id),
  );

  app.get(
    '/api/v1/surveys/:id/comments',
    {
      schema: {
        tags,
        summary: '调查的文字意见（最新在前；社会公众的匿名）',
        params: ZId,
        querystring: z.object({ group: z.enum(surveyGroups).optional(), ...ZPageQuery }).strict(),
        response: { 200: ZSurveyCommentPage },
      },
      preHandler: manage,
    },
    async (req) => commentList(db, requireActor(req), req.params.id, req.query),
  );

  // ------------------------------------------------------------------ the invited organisation
  app.get(
    '/api/v1/surveys/mine',
    {
      schema: { tags, summary: '本单位受邀填写的满意度调查（最新在前），含问卷和本单位的填写', querystring: z.object({ surveyId: z.uuid('调查编号格式不正确').optional(), ...ZPageQuery }).strict(), response: { 200: ZMySurveyPage } },
      preHandler: answer,
    },
    async (req) => myInvitations(db, requireActor(req), req.query),
  );

  app.post(
    '/api/v1/surveys/:id/answer',
    { schema: { tags, summary: '本单位填写满意度调查（每份邀请填写一次，调查期内）', params: ZId, body: ZAnswerInput, response: { 200: ZMySurvey } }, preHandler: answer },
    async (req) => {
      const actor = requireActor(req);
      await answerAsOrganisation({ db, actor, meta: metaOf(req), surveyId: req.params.id, input: req.body });
      return (await myInvitations(db, actor, { limit: 1, surveyId: req.params.id })).items[0];
    },
  );

  // ------------------------------------------------------------------ the public link
  const ptags = ['门户'];
  app.get(
    '/api/v1/public/surveys/:token',
    {
      schema: { tags: ptags, summary: '公众填写链接的问卷（无需登录）：调查名称、题目、评价等级，及能否填写', params: ZToken, response: { 200: ZPublicSurvey } },
      config: { rateLimit: { max: PUBLIC_READS_PER_MINUTE, timeWindow: '1 minute' } },
    },
    async (req) => readPublicSurvey(db, cipher, req.params.token),
  );

  app.post(
    '/api/v1/public/surveys/:token/answer',
    {
      schema: { tags: ptags, summary: '通过公众链接匿名填写满意度调查（每个链接填写一次；不记录填写人、网络地址和单位；同一地址有次数限制）', params: ZToken, body: ZAnswerInput, response: { 200: ZSurveyReceipt } },
      config: { rateLimit: { max: PUBLIC_ANSWERS_PER_MINUTE, timeWindow: '1 minute' } },
    },
    async (req) => {
      const answeredAt = await answerPublicly({ db, cipher, requestId: String(req.id), token: req.params.token, input: req.body });
      return { answeredAt: answeredAt.toISOString(), message: '提交成功，感谢您参与本次满意度调查！您的填写是匿名的，平台不记录填写人和网络地址。' };
    },
  );
}
