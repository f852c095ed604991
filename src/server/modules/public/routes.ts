// PUB-1: public pages read without login — here, the published programmes.
import { z } from 'zod';
import { and, desc, eq, ne, sql } from 'drizzle-orm';
import type { AppDeps, ZApp } from '../../app.js';
import { ZPageQuery, cursorKeys, decodeCursor, timeKeyOf, toPage, totalOf } from '../../http/paging.js';
import { AppError } from '../../platform/errors.js';
import { organisations, programmes } from '../../db/schema.js';
import { programmeKindLabels, type ProgrammeKind } from '../../../domain/programme/programme.types.js';
import type { ProgrammeState } from '../../../domain/programme/programme.lifecycle.js';
import { ZPublicProgramme, ZPublicProgrammePage, type Category, type PublicProgramme, type PublicProgrammeSummary, type Stage } from '../../../contract/programmes.js';

type PublicRow = { id: string; name: string; kind: string; year: number; status: string; description: string | null; stages: unknown; publishedAt: Date | null; associationId: string; associationName: string };

function publicSummary(r: PublicRow): PublicProgrammeSummary {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind as ProgrammeKind,
    kindLabel: programmeKindLabels[r.kind as ProgrammeKind] ?? r.kind,
    year: r.year,
    status: r.status as ProgrammeState,
    statusLabel: r.status === 'closed' ? '已结束' : '进行中',
    description: r.description,
    stages: r.stages as Stage[],
    publishedAt: r.publishedAt?.toISOString() ?? null,
    associationId: r.associationId,
    associationName: r.associationName,
  };
}

export async function publicRoutes(app: ZApp, deps: AppDeps) {
  const { db } = deps.database;
  const tags = ['公开'];

  // The busiest public page: its queries are prepared once (no SQL building per request) and the
  // visibility test is a literal so the partial index programmes_public_list_idx serves the order
  // and the seek, on the column itself: (published_at, id) < (key, id). No count unless asked.
  const visible = sql`${programmes.status} <> 'draft'`;
  const listColumns = {
    id: programmes.id,
    name: programmes.name,
    kind: programmes.kind,
    year: programmes.year,
    status: programmes.status,
    description: programmes.description,
    stages: programmes.stages,
    publishedAt: programmes.publishedAt,
    associationId: programmes.associationId,
    associationName: organisations.name,
    key: timeKeyOf(programmes.publishedAt),
  };
  const firstPage = db
    .select(listColumns)
    .from(programmes)
    .innerJoin(organisations, eq(organisations.id, programmes.associationId))
    .where(visible)
    .orderBy(desc(programmes.publishedAt), desc(programmes.id))
    .limit(sql.placeholder('limit'))
    .prepare('public_programmes_first');
  const nextPage = db
    .select(listColumns)
    .from(programmes)
    .innerJoin(organisations, eq(organisations.id, programmes.associationId))
    .where(and(visible, sql`(${programmes.publishedAt}, ${programmes.id}) < (${sql.placeholder('afterAt')}::timestamptz, ${sql.placeholder('afterId')}::uuid)`))
    .orderBy(desc(programmes.publishedAt), desc(programmes.id))
    .limit(sql.placeholder('limit'))
    .prepare('public_programmes_next');

  app.get(
    '/api/v1/public/programmes',
    { schema: { tags, summary: '已发布的方案（无需登录）', querystring: z.object({ ...ZPageQuery }).strict(), response: { 200: ZPublicProgrammePage } } },
    async (req) => {
      const { limit } = req.query;
      const after = decodeCursor(req.query.cursor, cursorKeys.textTime);
      const rows = after ? await nextPage.execute({ limit: limit + 1, afterAt: `${after[0]}Z`, afterId: after[1] }) : await firstPage.execute({ limit: limit + 1 });
      const total = await totalOf(db, req.query.count, db.select({ one: sql`1` }).from(programmes).where(visible));
      const page = toPage(rows, limit, total, (r) => [r.key, r.id]);
      return { ...page, items: page.items.map(publicSummary) };
    },
  );

  app.get(
    '/api/v1/public/programmes/:id',
    { schema: { tags, summary: '已发布方案详情（无需登录）', params: z.object({ id: z.uuid('编号格式不正确') }).strict(), response: { 200: ZPublicProgramme } } },
    async (req): Promise<PublicProgramme> => {
      const [row] = await db
        .select({ p: programmes, associationName: organisations.name })
        .from(programmes)
        .innerJoin(organisations, eq(organisations.id, programmes.associationId))
        .where(and(eq(programmes.id, req.params.id), ne(programmes.status, 'draft')));
      if (!row) throw new AppError('NOT_FOUND', '方案不存在或尚未发布');
      return { ...publicSummary({ ...row.p, associationName: row.associationName }), categories: row.p.categories as Category[] };
    },
  );
}
