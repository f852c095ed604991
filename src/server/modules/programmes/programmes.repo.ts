import { and, count, desc, eq, inArray, like, or, sql, type SQL } from 'drizzle-orm';
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
  /** programmes of associations inside this subtree, any state */
  scopePath: string | null;
  /** ancestors whose published programmes the user also sees (a department sees its association's) */
  ancestorIds: string[];
  status?: string;
  kind?: string;
  q?: string;
}

export async function listProgrammes(db: DbOrTx, f: ProgrammeFilter, after: [string, string] | null, limit: number) {
  const visible = or(
    f.scopePath === null ? undefined : like(organisations.path, `${escapeLike(f.scopePath)}%`),
    f.ancestorIds.length ? and(inArray(programmes.associationId, f.ancestorIds), sql`${programmes.status} <> 'draft'`) : undefined,
  );
  const conds: (SQL | undefined)[] = [visible ?? sql`false`];
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

