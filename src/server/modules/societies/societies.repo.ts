import { and, asc, desc, eq, ilike, like, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client.js';
import { organisations, societyProfiles, societyYearlyFacts } from '../../db/schema.js';
import { escapeLike } from '../orgs/orgs.repo.js';
import { totalOf, type CountMode } from '../../http/paging.js';

export interface SocietyFilter {
  scopePath: string;
  q?: string;
  societyType?: string;
  affiliation?: string;
  associationId?: string;
  isActive?: boolean;
}

function whereOf(f: SocietyFilter): SQL {
  const conds: (SQL | undefined)[] = [eq(organisations.type, 'society'), like(organisations.path, `${escapeLike(f.scopePath)}%`)];
  if (f.q) conds.push(or(ilike(organisations.name, `%${escapeLike(f.q)}%`), sql`${societyProfiles.disciplines}::text ILIKE ${`%${escapeLike(f.q)}%`}`));
  if (f.societyType) conds.push(eq(societyProfiles.societyType, f.societyType));
  if (f.affiliation) conds.push(eq(societyProfiles.affiliation, f.affiliation));
  if (f.associationId) conds.push(eq(organisations.parentId, f.associationId));
  if (f.isActive !== undefined) conds.push(eq(organisations.isActive, f.isActive));
  return and(...conds)!;
}

/**
 * A page of societies in `ORDER BY name, id` (`organisations_type_name_idx` serves the order and
 * the seek, compared as a row value on the columns); only the list's columns.
 */
export async function listSocieties(db: DbOrTx, f: SocietyFilter, after: [string, string] | null, limit: number, count: CountMode) {
  const where = whereOf(f);
  const latestInspection = sql<{ year: number; result: string } | null>`(
    SELECT json_build_object('year', y.year, 'result', y.annual_inspection) FROM society_yearly_facts y
    WHERE y.society_id = "organisations"."id" ORDER BY y.year DESC LIMIT 1)`; // qualified: a bare "id" would be y's
  const association = alias(organisations, 'association');
  const rows = await db
    .select({
      id: organisations.id,
      name: organisations.name,
      shortName: organisations.shortName,
      associationId: organisations.parentId,
      associationName: association.name,
      societyType: societyProfiles.societyType,
      affiliation: societyProfiles.affiliation,
      disciplines: societyProfiles.disciplines,
      secretaryGeneralName: societyProfiles.secretaryGeneralName,
      secretaryGeneralFullTime: societyProfiles.secretaryGeneralFullTime,
      fullTimeStaff: societyProfiles.fullTimeStaff,
      latestInspection,
      isActive: organisations.isActive,
      version: organisations.version,
    })
    .from(organisations)
    .innerJoin(societyProfiles, eq(societyProfiles.orgId, organisations.id))
    .leftJoin(association, eq(association.id, organisations.parentId))
    .where(after ? and(where, sql`(${organisations.name}, ${organisations.id}) > (${after[0]}, ${after[1]}::uuid)`) : where)
    .orderBy(asc(organisations.name), asc(organisations.id))
    .limit(limit + 1);
  const total = await totalOf(db, count, db.select({ one: sql`1` }).from(organisations).innerJoin(societyProfiles, eq(societyProfiles.orgId, organisations.id)).where(where));
  return { rows, total };
}

export async function findSociety(db: DbOrTx, id: string, forUpdate = false) {
  const q = db
    .select({ org: organisations, profile: societyProfiles })
    .from(organisations)
    .innerJoin(societyProfiles, eq(societyProfiles.orgId, organisations.id))
    .where(and(eq(organisations.id, id), eq(organisations.type, 'society')));
  const [row] = forUpdate ? await q.for('update', { of: organisations }) : await q;
  return row;
}

export async function listFacts(db: DbOrTx, societyId: string) {
  return db.select().from(societyYearlyFacts).where(eq(societyYearlyFacts.societyId, societyId)).orderBy(desc(societyYearlyFacts.year));
}

export async function findFacts(db: DbOrTx, societyId: string, year: number) {
  const [row] = await db
    .select()
    .from(societyYearlyFacts)
    .where(and(eq(societyYearlyFacts.societyId, societyId), eq(societyYearlyFacts.year, year)))
    .for('update');
  return row;
}
