// STA-1, STA-2, PUB-1 routes (issue 14): the indicator sheet of an association subtree and year with
// its drill-downs, the dashboards, the publication of a year's indicators, and the portal's reading.
import { z } from 'zod';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { AppDeps, ZApp } from '../../app.js';
import { metaOf, requireActor, requirePermission } from '../../http/guards.js';
import { ZPageQuery, beforeTimeKey, cursorKeys, decodeCursor, timeKeyOf, toPage } from '../../http/paging.js';
import { indicatorPublications, organisations } from '../../db/schema.js';
import { appendAudit, whoFromActor } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import { ZDashboard, ZIndicatorMemberPage, ZIndicatorSheet, ZPublicIndicators, ZPublicIndicatorsPage, type Dashboard, type IndicatorSheet, type PublicIndicators } from '../../../contract/indicators.js';
import { ZOk } from '../../../contract/common.js';
import { countKeys, indicatorDefinitions, type CountKey, type IndicatorValue } from '../../../domain/statistics/indicators.js';
import { associationInScope, canPublishIndicators, currentYear, indicatorSheet, memberPage, publishIndicators, toIndicators, yearsOf } from './indicators.js';
import { dashboard } from './dashboard.js';
import { cachedAnswer } from './answer-cache.js';
import { chinaToday } from '../../../domain/calendar-day.js';
import { buildStatisticsReport, workReportScope, writeReportWorkbook } from './reports.js';
import { binaryResponse } from '../../http/contract.js';
import { attachmentDisposition, documentContentTypes } from '../taskbooks/documents.js';
import { renderDocumentJob } from '../taskbooks/documents/pool.js';
import type { ReportDocument } from '../taskbooks/documents/report.js';
import type { FastifyReply } from 'fastify';
import { PassThrough } from 'node:stream';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const ZReportFormat = z.object({ format: z.enum(['docx', 'pdf', 'xlsx'], { error: '格式应为 docx、pdf 或 xlsx' }) });

/** STA-3: a report as Word or PDF (the shared worker pool) or as Excel (streamed), with its Chinese name. */
async function sendReport(reply: FastifyReply, report: ReportDocument, format: 'docx' | 'pdf' | 'xlsx', name: string, ascii: string) {
  if (format === 'xlsx') {
    const out = new PassThrough();
    void writeReportWorkbook(out, report).catch((e: unknown) => out.destroy(e as Error));
    return reply.header('content-type', XLSX).header('content-disposition', attachmentDisposition(`${name}.xlsx`, `${ascii}.xlsx`)).send(out as unknown as string);
  }
  const bytes = await renderDocumentJob(format, { kind: 'report', model: report });
  return reply.header('content-type', documentContentTypes[format]).header('content-disposition', attachmentDisposition(`${name}.${format}`, `${ascii}.${format}`)).send(bytes);
}

const ZYear = z.coerce.number({ error: '年度应为数字' }).int('年度应为整数').min(2000, '年度不能早于 2000 年').max(2100, '年度不能晚于 2100 年');
const ZScopeQuery = {
  associationId: z.uuid('科协编号格式不正确').optional().describe('科协（默认本单位）；统计其本级及全部下级'),
  year: ZYear.optional().describe('年度（默认今年）'),
};
const ZId = z.object({ id: z.uuid('编号格式不正确') }).strict();

/** The figures as published, read back as indicators (values only: the parts keep their numbers). */
function fromFigures(figures: Record<string, number>): PublicIndicators['indicators'] {
  const values: IndicatorValue[] = indicatorDefinitions.map((d) => ({
    key: d.key,
    value: figures[d.key] ?? null,
    ...(d.unit === '%' ? { responseRate: figures[`${d.key}.responseRate`] ?? null } : {}),
    parts: d.parts.map((p) => ({ label: p.label, count: p.count, value: figures[p.count] ?? 0 })),
  }));
  return toIndicators(values);
}

export async function indicatorRoutes(app: ZApp, deps: AppDeps) {
  const { db } = deps.database;
  const tags = ['统计指标与看板'];
  const read = requirePermission('statistics.read');
  const publish = requirePermission('statistics.publish');

  app.get(
    '/api/v1/indicators',
    {
      schema: { tags, summary: '统计指标：科协本级及下级在一个年度的指标，附统计口径和按下级科协分列', querystring: z.object(ZScopeQuery).strict(), response: { 200: ZIndicatorSheet } },
      preHandler: read,
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const a = await associationInScope(db, actor, req.query.associationId);
      const y = req.query.year;
      const key = `sheet|${a.id}|${y ?? ''}|${canPublishIndicators(actor)}|${chinaToday()}`;
      const body = await cachedAnswer(db, key, ZIndicatorSheet, async () => indicatorSheet(db, actor, a, y ?? (await yearsOf(db, a))[0]));
      // already validated against the contract and serialized (answer-cache.ts): sent as it is
      return reply.type('application/json; charset=utf-8').send(body as unknown as IndicatorSheet);
    },
  );

  app.get(
    '/api/v1/indicators/members',
    {
      schema: {
        tags,
        summary: '指标下钻：一个计数所计入的记录',
        querystring: z.object({ ...ZScopeQuery, count: z.enum(countKeys, { error: '请选择要下钻的计数' }), cursor: ZPageQuery.cursor, limit: ZPageQuery.limit }).strict(),
        response: { 200: ZIndicatorMemberPage },
      },
      preHandler: read,
    },
    async (req) => {
      const actor = requireActor(req);
      const q = req.query;
      const a = await associationInScope(db, actor, q.associationId);
      const after = decodeCursor(q.cursor, cursorKeys.idPair);
      const { rows, key } = await memberPage(db, a, q.year ?? currentYear(), q.count as CountKey, after, q.limit);
      const page = toPage(rows, q.limit, undefined, key);
      return { ...page, items: page.items.map(({ associationId: _a, ...m }) => m) };
    },
  );

  app.get(
    '/api/v1/dashboards',
    {
      schema: {
        tags,
        summary: '统计看板：事项、试点项目、关键节点、专项资金和评估结果（科协本级及下级，或一个方案）',
        querystring: z.object({ ...ZScopeQuery, programmeId: z.uuid('方案编号格式不正确').optional().describe('只看一个方案') }).strict(),
        response: { 200: ZDashboard },
      },
      preHandler: read,
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const a = await associationInScope(db, actor, req.query.associationId);
      const q = req.query;
      const body = await cachedAnswer(db, `dashboard|${a.id}|${q.year ?? ''}|${q.programmeId ?? ''}|${chinaToday()}`, ZDashboard, () => dashboard(db, a, q.year, q.programmeId));
      // already validated against the contract and serialized (answer-cache.ts): sent as it is
      return reply.type('application/json; charset=utf-8').send(body as unknown as Dashboard);
    },
  );

  // STA-3: the performance self-evaluation report of the subtree and year, and a programme's work report.
  app.get(
    '/api/v1/reports/self-evaluation',
    {
      schema: {
        tags,
        summary: '绩效自评报告（科协本级及下级一个年度，由数据生成：Word、PDF 或 Excel）',
        querystring: z.object({ ...ZScopeQuery, ...ZReportFormat.shape }).strict(),
        response: { 200: binaryResponse('绩效自评报告文件', [documentContentTypes.docx, documentContentTypes.pdf, XLSX]) },
      },
      preHandler: read,
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const a = await associationInScope(db, actor, req.query.associationId);
      const year = req.query.year ?? currentYear();
      const report = await buildStatisticsReport(db, actor, { association: a, year, programme: null });
      return sendReport(reply, report, req.query.format, `${a.name}${year}年绩效自评报告`, `self-evaluation-${year}`);
    },
  );
  app.get(
    '/api/v1/programmes/:id/work-report',
    {
      schema: {
        tags,
        summary: '方案工作报告（由数据生成：Word、PDF 或 Excel）',
        params: ZId,
        querystring: ZReportFormat.strict(),
        response: { 200: binaryResponse('方案工作报告文件', [documentContentTypes.docx, documentContentTypes.pdf, XLSX]) },
      },
      preHandler: read,
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const scope = await workReportScope(db, actor, req.params.id);
      const report = await buildStatisticsReport(db, actor, scope);
      return sendReport(reply, report, req.query.format, `${scope.programme!.name}工作报告`, 'work-report');
    },
  );

  // PUB-1: the association publishes a year's indicators as they stand; publishing again replaces them.
  app.post(
    '/api/v1/indicators/publications',
    {
      schema: {
        tags,
        summary: '在门户公开本科协一个年度的统计指标（以当前数值；已公开的以新数值替换）',
        body: z.object({ associationId: z.uuid('科协编号格式不正确'), year: ZYear }).strict(),
        response: { 201: ZIndicatorSheet },
      },
      preHandler: publish,
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const a = await associationInScope(db, actor, req.body.associationId);
      if (a.id !== actor.orgId) throw new AppError('FORBIDDEN', '只能公开本科协的统计指标；下级科协的指标由其自行公开');
      const year = req.body.year;
      const id = await publishIndicators({ db, actor, meta: metaOf(req), association: a, year });
      return reply.status(201).header('Location', `/api/v1/public/indicators/${id}`).send(await indicatorSheet(db, actor, a, year));
    },
  );

  app.post(
    '/api/v1/indicators/publications/:id/withdraw',
    { schema: { tags, summary: '撤回门户公开的统计指标', params: ZId, response: { 200: ZOk } }, preHandler: publish },
    async (req) => {
      const actor = requireActor(req);
      await db.transaction(async (tx) => {
        const [row] = await tx.select().from(indicatorPublications).where(eq(indicatorPublications.id, req.params.id)).for('update');
        if (!row || row.associationId !== actor.orgId) throw new AppError('NOT_FOUND', '没有找到该公开的统计指标');
        if (row.withdrawnAt) throw new AppError('CONFLICT', '该统计指标已撤回公开');
        await tx.update(indicatorPublications).set({ withdrawnAt: new Date() }).where(eq(indicatorPublications.id, row.id));
        await appendAudit(tx, whoFromActor(actor, metaOf(req)), {
          action: 'indicatorPublication.withdraw',
          entityType: 'indicator_publication',
          entityId: row.id,
          orgId: row.associationId,
          orgPath: actor.orgPath,
          before: { year: row.year },
        });
      });
      return { ok: true as const };
    },
  );

  // PUB-1: the published indicators, newest first, and one publication.
  const publicColumns = {
    id: indicatorPublications.id,
    year: indicatorPublications.year,
    figures: indicatorPublications.figures,
    publishedAt: indicatorPublications.publishedAt,
    associationId: organisations.id,
    associationName: organisations.name,
    key: timeKeyOf(indicatorPublications.publishedAt),
  };
  const toPublic = (r: { id: string; year: number; figures: Record<string, number>; publishedAt: Date; associationId: string; associationName: string }): PublicIndicators => ({
    id: r.id,
    association: { id: r.associationId, name: r.associationName },
    year: r.year,
    publishedAt: r.publishedAt.toISOString(),
    indicators: fromFigures(r.figures),
  });
  app.get(
    '/api/v1/public/indicators',
    { schema: { tags: ['门户'], summary: '公开的统计指标（各科协公开的年度指标，最新在前）', querystring: z.object({ ...ZPageQuery }).strict(), response: { 200: ZPublicIndicatorsPage } } },
    async (req) => {
      const q = req.query;
      const after = decodeCursor(q.cursor, cursorKeys.textTime);
      const rows = await db
        .select(publicColumns)
        .from(indicatorPublications)
        .innerJoin(organisations, eq(organisations.id, indicatorPublications.associationId))
        .where(and(sql`${indicatorPublications.withdrawnAt} IS NULL`, beforeTimeKey(indicatorPublications.publishedAt, indicatorPublications.id, after)))
        .orderBy(desc(indicatorPublications.publishedAt), desc(indicatorPublications.id))
        .limit(q.limit + 1);
      const page = toPage(rows, q.limit, undefined, (r) => [r.key, r.id]);
      return { ...page, items: page.items.map(toPublic) };
    },
  );
  app.get('/api/v1/public/indicators/:id', { schema: { tags: ['门户'], summary: '一份公开的统计指标', params: ZId, response: { 200: ZPublicIndicators } } }, async (req) => {
    const [row] = await db
      .select(publicColumns)
      .from(indicatorPublications)
      .innerJoin(organisations, eq(organisations.id, indicatorPublications.associationId))
      .where(and(eq(indicatorPublications.id, req.params.id), sql`${indicatorPublications.withdrawnAt} IS NULL`));
    if (!row) throw new AppError('NOT_FOUND', '没有找到该公开的统计指标，或已撤回');
    return toPublic(row);
  });
}
