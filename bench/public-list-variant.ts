// Diagnostics server for bench/public-list.ts: the FULL platform app, built exactly as
// src/server/main.ts builds it (openPlatform + buildApp: all plugins and hooks), plus one extra
// route that is the proposed fix of the public list, so both can be measured in one process:
//   GET /api/v1/public/programmes              the route as it is in src/
//   GET /api/v1/public/programmes-prepared     same SQL and JSON, but both drizzle queries built
//                                              once and prepared (named statements, placeholder
//                                              for the limit), and items mapped without {...r}
// Only the first page (no cursor) is implemented by the extra route.
//   DATABASE_URL=… DATA_DIR=… PORT=… node --import tsx bench/public-list-variant.ts
import { z } from 'zod';
import { desc, eq, ne, sql } from 'drizzle-orm';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { loadConfig } from '../src/server/config.js';
import { buildApp } from '../src/server/app.js';
import { openPlatform } from '../src/server/platform/bootstrap.js';
import { seedDemoIfEmpty } from '../src/cli/demo/demo.js';
import { ZPageQuery } from '../src/server/http/paging.js';
import { AppError } from '../src/server/platform/errors.js';
import { encodeCursor } from '../src/server/http/paging.js';
import { organisations, programmes } from '../src/server/db/schema.js';
import { programmeKindLabels, type ProgrammeKind } from '../src/domain/programme/programme.types.js';

const config = loadConfig();
const platform = await openPlatform(config, { seed: seedDemoIfEmpty });
const app = await buildApp({ database: platform.database, config, cipher: platform.cipher });
const { db } = platform.database;

const visible = ne(programmes.status, 'draft');
const listQ = db
  .select({
    id: programmes.id,
    name: programmes.name,
    kind: programmes.kind,
    year: programmes.year,
    status: programmes.status,
    description: programmes.description,
    stages: programmes.stages,
    publishedAt: programmes.publishedAt,
    associationName: organisations.name,
  })
  .from(programmes)
  .innerJoin(organisations, eq(organisations.id, programmes.associationId))
  .where(visible)
  .orderBy(desc(programmes.publishedAt), desc(programmes.id))
  .limit(sql.placeholder('limit'))
  .prepare('bench_public_programmes_first_page');
const countQ = db
  .select({ n: sql<number>`count(*)::int` })
  .from(programmes)
  .where(visible)
  .prepare('bench_public_programmes_count');

app.withTypeProvider<ZodTypeProvider>().get(
  '/api/v1/public/programmes-prepared',
  { schema: { hide: true, querystring: z.object({ ...ZPageQuery }).strict() } },
  async (req) => {
    const { limit } = req.query;
    if (req.query.cursor) throw new AppError('BAD_REQUEST', 'bench variant: first page only');
    const [rows, [{ n }]] = [await listQ.execute({ limit: limit + 1 }), await countQ.execute()];
    const hasMore = rows.length > limit;
    const kept = hasMore ? rows.slice(0, limit) : rows;
    const items = kept.map((r) => ({
      id: r.id,
      name: r.name,
      kind: r.kind,
      year: r.year,
      status: r.status,
      description: r.description,
      stages: r.stages,
      publishedAt: r.publishedAt?.toISOString() ?? null,
      associationName: r.associationName,
      kindLabel: programmeKindLabels[r.kind as ProgrammeKind] ?? r.kind,
      statusLabel: r.status === 'closed' ? '已结束' : '进行中',
    }));
    const last = kept[kept.length - 1];
    return { items, total: Number(n), nextCursor: hasMore && last ? encodeCursor([last.publishedAt!.toISOString(), last.id]) : null };
  },
);

const close = async () => {
  await app.close();
  await platform.database.close();
  process.exit(0);
};
process.on('SIGTERM', () => void close());
process.on('SIGINT', () => void close());
await app.listen({ port: config.port, host: '127.0.0.1' });
console.log(`variant listening on ${config.port}`);
