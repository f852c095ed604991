import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { organisations, programmes } from '../../db/schema.js';
import { escapeLike } from '../orgs/orgs.repo.js';
import { beforeTimeKey, timeKeyOf, totalOf, type CountMode } from '../../http/paging.js';

export type ProgrammeRow = typeof programmes.$inferSelect;

export async function findProgramme(db: DbOrTx, id: string, forUpdate = false) {
  const q = db
    .select({ p: programmes, associationName: organisations.name, associationPath: organisations.path })
    .from(programmes)
    .innerJoin(organisations, eq(organisations.id, programmes.associationId))
    .where(eq(programmes.id, id));
  const [row] = forUpdate ? await q.for('update', { of: programmes }) : await q;
  return row;
}

export interface ProgrammeFilter {
  /** the programmes the user may read (programme-scope.ts programmeReadScope) */
  visible: SQL;
  status?: string;
  kind?: string;
  q?: string;
}

/**
 * One page of the programmes the user may read, newest first: `ORDER BY created_at DESC, id DESC`,
 * seeking on the columns themselves (programmes_created_idx), only the columns the list shows; the
 * total only when asked (`count`).
 */
export async function listProgrammes(db: DbOrTx, f: ProgrammeFilter, after: [string, string] | null, limit: number, countMode: CountMode) {
  const conds: (SQL | undefined)[] = [f.visible];
  if (f.status) conds.push(eq(programmes.status, f.status));
  if (f.kind) conds.push(eq(programmes.kind, f.kind));
  if (f.q) conds.push(sql`${programmes.name} ILIKE ${`%${escapeLike(f.q)}%`}`);
  const where = and(...conds)!;
  const rows = await db
    .select({
      id: programmes.id,
      associationId: programmes.associationId,
      name: programmes.name,
      kind: programmes.kind,
      presetCode: programmes.presetCode,
      year: programmes.year,
      status: programmes.status,
      publishedAt: programmes.publishedAt,
      version: programmes.version,
      createdAt: programmes.createdAt,
      updatedAt: programmes.updatedAt,
      associationName: organisations.name,
      key: timeKeyOf(programmes.createdAt),
    })
    .from(programmes)
    .innerJoin(organisations, eq(organisations.id, programmes.associationId))
    .where(and(where, beforeTimeKey(programmes.createdAt, programmes.id, after)))
    .orderBy(desc(programmes.createdAt), desc(programmes.id))
    .limit(limit + 1);
  const total = await totalOf(db, countMode, db.select({ one: sql`1` }).from(programmes).where(where));
  return { rows, total };
}
