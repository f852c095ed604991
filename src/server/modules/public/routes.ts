// PUB-1: public pages read without login — here, the published programmes.
import { z } from 'zod';
import { and, desc, eq, ne, sql } from 'drizzle-orm';
import type { AppDeps, ZApp } from '../../app.js';
import { ZPageQuery, cursorKeys, decodeCursor, toPage } from '../../http/paging.js';
import { AppError } from '../../platform/errors.js';
import { organisations, programmes } from '../../db/schema.js';
import { programmeKindLabels, type ProgrammeKind } from '../../../domain/programme/programme.types.js';

export async function publicRoutes(app: ZApp, deps: AppDeps) {
  const { db } = deps.database;
  const tags = ['公开'];

  // The busiest public page: its queries are prepared once (no SQL building per request) and the
  // visibility test is a literal so the partial index programmes_public_list_idx serves it.
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
    associationName: organisations.name,
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
  const countVisible = db.select({ n: sql<number>`count(*)::int` }).from(programmes).where(visible).prepare('public_programmes_count');

  app.get(
    '/api/v1/public/programmes',
    { schema: { tags, summary: '已发布的方案（无需登录）', querystring: z.object({ ...ZPageQuery }).strict() } },
    async (req) => {
      const { limit } = req.query;
      const after = decodeCursor(req.query.cursor, cursorKeys.instant);
      const rows = after
        ? await nextPage.execute({ limit: limit + 1, afterAt: String(after[0]), afterId: after[1] })
        : await firstPage.execute({ limit: limit + 1 });
      const [{ n }] = await countVisible.execute();
      const page = toPage(rows, limit, Number(n), (r) => [r.publishedAt!.toISOString(), r.id]);
      return {
        ...page,
        items: page.items.map((r) => ({
          id: r.id,
          name: r.name,
          kind: r.kind,
          kindLabel: programmeKindLabels[r.kind as ProgrammeKind] ?? r.kind,
          year: r.year,
          status: r.status,
          statusLabel: r.status === 'closed' ? '已结束' : '进行中',
          description: r.description,
          stages: r.stages,
          publishedAt: r.publishedAt?.toISOString() ?? null,
          associationName: r.associationName,
        })),
      };
    },
  );

  app.get(
    '/api/v1/public/programmes/:id',
    { schema: { tags, summary: '已发布方案详情（无需登录）', params: z.object({ id: z.uuid('编号格式不正确') }).strict() } },
    async (req) => {
      const [row] = await db
        .select({ p: programmes, associationName: organisations.name })
        .from(programmes)
        .innerJoin(organisations, eq(organisations.id, programmes.associationId))
        .where(and(eq(programmes.id, req.params.id), ne(programmes.status, 'draft')));
      if (!row) throw new AppError('NOT_FOUND', '方案不存在或尚未发布');
      const p = row.p;
      return {
        id: p.id,
        name: p.name,
        kind: p.kind,
        kindLabel: programmeKindLabels[p.kind as ProgrammeKind] ?? p.kind,
        year: p.year,
        status: p.status,
        statusLabel: p.status === 'closed' ? '已结束' : '进行中',
        description: p.description,
        stages: p.stages,
        categories: p.categories,
        associationName: row.associationName,
        publishedAt: p.publishedAt?.toISOString() ?? null,
      };
    },
  );
}
