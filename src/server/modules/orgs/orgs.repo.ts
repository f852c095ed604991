// SQL for organisations: explicit columns, no business rules.
import { and, asc, eq, ilike, like, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client.js';
import { organisations } from '../../db/schema.js';
import { totalOf, type CountMode } from '../../http/paging.js';

export type OrgRow = typeof organisations.$inferSelect;

export async function findOrg(db: DbOrTx, id: string): Promise<OrgRow | undefined> {
  const [row] = await db.select().from(organisations).where(eq(organisations.id, id));
  return row;
}

export async function findOrgForUpdate(db: DbOrTx, id: string): Promise<OrgRow | undefined> {
  const [row] = await db.select().from(organisations).where(eq(organisations.id, id)).for('update');
  return row;
}

export interface OrgListFilter {
  scopePath: string;
  type?: string;
  parentId?: string;
  q?: string;
  isActive?: boolean;
}

function whereOf(f: OrgListFilter): SQL {
  const conds: (SQL | undefined)[] = [like(organisations.path, `${escapeLike(f.scopePath)}%`)];
  if (f.type) conds.push(eq(organisations.type, f.type));
  if (f.parentId) conds.push(eq(organisations.parentId, f.parentId));
  if (f.isActive !== undefined) conds.push(eq(organisations.isActive, f.isActive));
  if (f.q) conds.push(or(ilike(organisations.name, `%${escapeLike(f.q)}%`), ilike(organisations.shortName, `%${escapeLike(f.q)}%`)));
  return and(...conds)!;
}

/**
 * A page of organisations in `ORDER BY name, id`, seeking on the columns as a row value
 * (`organisations_name_idx`, or `organisations_type_name_idx` with a type); only the list's columns.
 */
export async function listOrgs(db: DbOrTx, f: OrgListFilter, after: [string, string] | null, limit: number, count: CountMode) {
  const where = whereOf(f);
  const parent = alias(organisations, 'parent');
  const rows = await db
    .select({
      id: organisations.id,
      parentId: organisations.parentId,
      parentName: parent.name,
      name: organisations.name,
      shortName: organisations.shortName,
      type: organisations.type,
      level: organisations.level,
      officeKind: organisations.officeKind,
      region: organisations.region,
      isActive: organisations.isActive,
      version: organisations.version,
    })
    .from(organisations)
    .leftJoin(parent, eq(parent.id, organisations.parentId))
    .where(after ? and(where, sql`(${organisations.name}, ${organisations.id}) > (${after[0]}, ${after[1]}::uuid)`) : where)
    .orderBy(asc(organisations.name), asc(organisations.id))
    .limit(limit + 1);
  const total = await totalOf(db, count, db.select({ one: sql`1` }).from(organisations).where(where));
  return { rows, total };
}

export async function listSubtree(db: DbOrTx, scopePath: string) {
  return db
    .select({
      id: organisations.id,
      parentId: organisations.parentId,
      path: organisations.path,
      name: organisations.name,
      shortName: organisations.shortName,
      type: organisations.type,
      level: organisations.level,
      officeKind: organisations.officeKind,
      isActive: organisations.isActive,
    })
    .from(organisations)
    .where(like(organisations.path, `${escapeLike(scopePath)}%`))
    .orderBy(asc(organisations.path));
}

export async function nameTaken(db: DbOrTx, parentId: string, name: string, exceptId?: string): Promise<boolean> {
  const rows = await db
    .select({ id: organisations.id })
    .from(organisations)
    .where(and(eq(organisations.parentId, parentId), eq(organisations.name, name), exceptId ? sql`${organisations.id} <> ${exceptId}` : undefined));
  return rows.length > 0;
}

/**
 * The active finance bureaus attached to an association (participant units whose parent it is): the
 * bureau that co-manages its programmes — approval steps (supervision/approvals.ts) and the
 * capacity calls' confirmation (capacity/calls.ts).
 */
export async function financeBureausOf(db: DbOrTx, associationId: string): Promise<string[]> {
  const rows = await db
    .select({ id: organisations.id })
    .from(organisations)
    .where(and(eq(organisations.type, 'finance_bureau'), eq(organisations.isActive, true), eq(organisations.parentId, associationId)));
  return rows.map((r) => r.id);
}

export const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
