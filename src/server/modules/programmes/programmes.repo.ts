import { and, count, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { organisations, programmes } from '../../db/schema.js';
import { escapeLike } from '../orgs/orgs.repo.js';

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

export async function listProgrammes(db: DbOrTx, f: ProgrammeFilter, after: [string, string] | null, limit: number) {
  const conds: (SQL | undefined)[] = [f.visible];
  if (f.status) conds.push(eq(programmes.status, f.status));
  if (f.kind) conds.push(eq(programmes.kind, f.kind));
  if (f.q) conds.push(sql`${programmes.name} ILIKE ${`%${escapeLike(f.q)}%`}`);
  const where = and(...conds)!;
  const createdKey = sql`to_char(${programmes.createdAt} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`;
  const rows = await db
    .select({ p: programmes, associationName: organisations.name, createdKey: sql<string>`${createdKey}` })
    .from(programmes)
    .innerJoin(organisations, eq(organisations.id, programmes.associationId))
    .where(after ? and(where, sql`(${createdKey}, ${programmes.id}) < (${after[0]}, ${after[1]}::uuid)`) : where)
    .orderBy(desc(createdKey), desc(programmes.id))
    .limit(limit + 1);
  const [{ n }] = await db.select({ n: count() }).from(programmes).innerJoin(organisations, eq(organisations.id, programmes.associationId)).where(where);
  return { rows, total: Number(n) };
}

