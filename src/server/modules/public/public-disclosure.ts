// PUB-1, PRG-3 (001 §5(4) 信息公开, 002 §7): what associations chose to disclose — work briefings
// and the progress reports of pilot projects — on the public portal, no login. Only rows whose
// disclosure is 'published' show; a withdrawn one disappears (its detail answers 404). Newest first,
// key-based paging on (published_at, id), compared on the columns themselves, over the partial
// indexes briefings_public_idx and progress_reports_public_idx (per programme / per project:
// briefings_public_programme_idx, progress_reports_public_project_idx). The total only when asked.
import { z } from 'zod';
import { and, desc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { AppDeps, ZApp } from '../../app.js';
import { ZPageQuery, beforeTimeKey, cursorKeys, decodeCursor, timeKeyOf, toPage, totalOf } from '../../http/paging.js';
import { AppError } from '../../platform/errors.js';
import { briefings, milestones, organisations, pilotProjects, programmes, progressReports } from '../../db/schema.js';
import { ZPublicBriefing, ZPublicBriefingPage, ZPublicProgress, ZPublicProgressPage, type PublicProgress } from '../../../contract/records.js';

const ZId = z.object({ id: z.uuid('编号格式不正确') }).strict();
const society = alias(organisations, 'society');
const dept = alias(organisations, 'dept');

export async function publicDisclosureRoutes(app: ZApp, deps: AppDeps) {
  const { db } = deps.database;
  const tags = ['公开'];

  // ------------------------------------------------------------------ briefings
  const briefingPublished = eq(briefings.disclosure, 'published');
  const briefingColumns = {
    id: briefings.id,
    programmeId: briefings.programmeId,
    programmeName: programmes.name,
    associationId: briefings.associationId,
    associationName: organisations.name,
    issueNo: briefings.issueNo,
    title: briefings.title,
    issuedOn: briefings.issuedOn,
    publishedAt: briefings.publishedAt,
  };
  const briefingBase = () => db.select({ ...briefingColumns, summary: sql<string>`left(${briefings.body}, 160)`, key: timeKeyOf(briefings.publishedAt) }).from(briefings).innerJoin(programmes, eq(programmes.id, briefings.programmeId)).innerJoin(organisations, eq(organisations.id, briefings.associationId));

  app.get(
    '/api/v1/public/briefings',
    {
      schema: {
        tags,
        summary: '公开的工作简报（无需登录，最新公开在前）',
        querystring: z.object({ programmeId: z.uuid('方案编号格式不正确').optional(), ...ZPageQuery }).strict(),
        response: { 200: ZPublicBriefingPage },
      },
    },
    async (req) => {
      const q = req.query;
      const where = and(briefingPublished, q.programmeId ? eq(briefings.programmeId, q.programmeId) : undefined)!;
      const after = decodeCursor(q.cursor, cursorKeys.textTime);
      const rows = await briefingBase()
        .where(and(where, beforeTimeKey(briefings.publishedAt, briefings.id, after)))
        .orderBy(desc(briefings.publishedAt), desc(briefings.id))
        .limit(q.limit + 1);
      const total = await totalOf(db, q.count, db.select({ one: sql`1` }).from(briefings).where(where));
      const page = toPage(rows, q.limit, total, (r) => [r.key, r.id]);
      return { ...page, items: page.items.map(({ key: _key, ...r }) => ({ ...r, publishedAt: r.publishedAt?.toISOString() ?? null })) };
    },
  );

  app.get('/api/v1/public/briefings/:id', { schema: { tags, summary: '公开的工作简报全文', params: ZId, response: { 200: ZPublicBriefing } } }, async (req) => {
    const [r] = await db
      .select({ ...briefingColumns, body: briefings.body })
      .from(briefings)
      .innerJoin(programmes, eq(programmes.id, briefings.programmeId))
      .innerJoin(organisations, eq(organisations.id, briefings.associationId))
      .where(and(eq(briefings.id, req.params.id), briefingPublished));
    if (!r) throw new AppError('NOT_FOUND', '简报不存在或未公开');
    return { ...r, publishedAt: r.publishedAt?.toISOString() ?? null };
  });

  // ------------------------------------------------------------------ project progress
  const progressPublished = eq(progressReports.disclosure, 'published');
  const progressBase = () =>
    db
      .select({
        id: progressReports.id,
        projectId: progressReports.projectId,
        projectTitle: pilotProjects.title,
        programmeId: pilotProjects.programmeId,
        programmeName: programmes.name,
        societyId: pilotProjects.societyId,
        societyName: society.name,
        departmentId: pilotProjects.departmentId,
        departmentName: dept.name,
        title: progressReports.title,
        // what the association chose to publish; the report itself when it gave no summary
        summary: sql<string>`coalesce(nullif(${progressReports.publicSummary}, ''), ${progressReports.body})`,
        milestoneId: progressReports.milestoneId,
        milestoneName: milestones.name,
        completesMilestone: progressReports.completesMilestone,
        submittedAt: progressReports.submittedAt,
        publishedAt: progressReports.publishedAt,
        key: timeKeyOf(progressReports.publishedAt),
      })
      .from(progressReports)
      .innerJoin(pilotProjects, eq(pilotProjects.id, progressReports.projectId))
      .innerJoin(programmes, eq(programmes.id, pilotProjects.programmeId))
      .innerJoin(society, eq(society.id, pilotProjects.societyId))
      .innerJoin(dept, eq(dept.id, pilotProjects.departmentId))
      .leftJoin(milestones, eq(milestones.id, progressReports.milestoneId));
  type ProgressRow = Awaited<ReturnType<ReturnType<typeof progressBase>['execute']>>[number];
  const progressView = ({ key: _key, ...r }: ProgressRow): PublicProgress => ({ ...r, submittedAt: r.submittedAt.toISOString(), publishedAt: r.publishedAt?.toISOString() ?? null });

  app.get(
    '/api/v1/public/progress',
    {
      schema: {
        tags,
        summary: '公开的试点项目进展（无需登录，最新公开在前）',
        querystring: z.object({ programmeId: z.uuid('方案编号格式不正确').optional(), projectId: z.uuid('项目编号格式不正确').optional(), ...ZPageQuery }).strict(),
        response: { 200: ZPublicProgressPage },
      },
    },
    async (req) => {
      const q = req.query;
      const where = and(progressPublished, q.programmeId ? eq(pilotProjects.programmeId, q.programmeId) : undefined, q.projectId ? eq(progressReports.projectId, q.projectId) : undefined)!;
      const after = decodeCursor(q.cursor, cursorKeys.textTime);
      const rows = await progressBase()
        .where(and(where, beforeTimeKey(progressReports.publishedAt, progressReports.id, after)))
        .orderBy(desc(progressReports.publishedAt), desc(progressReports.id))
        .limit(q.limit + 1);
      const total = await totalOf(db, q.count, db.select({ one: sql`1` }).from(progressReports).innerJoin(pilotProjects, eq(pilotProjects.id, progressReports.projectId)).where(where));
      const page = toPage(rows, q.limit, total, (r) => [r.key, r.id]);
      return { ...page, items: page.items.map(progressView) };
    },
  );

  app.get('/api/v1/public/progress/:id', { schema: { tags, summary: '公开的项目进展详情', params: ZId, response: { 200: ZPublicProgress } } }, async (req) => {
    const [r] = await progressBase().where(and(eq(progressReports.id, req.params.id), progressPublished));
    if (!r) throw new AppError('NOT_FOUND', '进展信息不存在或未公开');
    return progressView(r);
  });
}
