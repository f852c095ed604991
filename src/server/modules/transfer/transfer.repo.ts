// SQL for transfer items and demand catalogue entries (no business rules here).
import { alias } from 'drizzle-orm/pg-core';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { demandEntries, organisations, programmes, recordRevisions, transferItems } from '../../db/schema.js';

const dept = alias(organisations, 'dept');
const assoc = alias(organisations, 'assoc');

export async function findItem(tx: DbOrTx, id: string, forUpdate = false) {
  const q = tx
    .select({ item: transferItems, programme: programmes, departmentName: dept.name, departmentPath: dept.path, associationName: assoc.name })
    .from(transferItems)
    .innerJoin(programmes, eq(programmes.id, transferItems.programmeId))
    .innerJoin(dept, eq(dept.id, transferItems.departmentId))
    .innerJoin(assoc, eq(assoc.id, transferItems.associationId))
    .where(eq(transferItems.id, id));
  const [row] = forUpdate ? await q.for('update', { of: transferItems }) : await q;
  return row ?? null;
}
export type ItemRow = NonNullable<Awaited<ReturnType<typeof findItem>>>;

/**
 * SEL-1 (001 §3, 省科协面向学会发布): the societies an item of an association reaches — those attached
 * to the association itself, and those of the associations below it only when the programme's
 * `relayIncludesSubordinateSocieties` says so. The same reach as the relay's notifications
 * (platform/notify.ts societiesReached); `itemReachesSociety` is its twin for a loaded row.
 */
export function itemReachesSocietySql(society: { orgId: string; orgPath: string }) {
  return sql`(${transferItems.associationPath} || ${society.orgId} || '/' = ${society.orgPath}
    OR (${society.orgPath} LIKE ${transferItems.associationPath} || '%'
        AND EXISTS (SELECT 1 FROM programmes rp WHERE rp.id = ${transferItems.programmeId} AND rp.parameters->>'relayIncludesSubordinateSocieties' = 'true')))`;
}

export function itemReachesSociety(society: { orgId: string; orgPath: string }, row: ItemRow): boolean {
  const params = row.programme.parameters as { relayIncludesSubordinateSocieties?: boolean };
  if (society.orgPath === `${row.item.associationPath}${society.orgId}/`) return true;
  return params.relayIncludesSubordinateSocieties === true && society.orgPath.startsWith(row.item.associationPath);
}

export async function findDemandEntry(tx: DbOrTx, id: string, forUpdate = false) {
  const q = tx
    .select({ entry: demandEntries, programmeName: programmes.name, departmentName: dept.name, associationName: assoc.name })
    .from(demandEntries)
    .innerJoin(programmes, eq(programmes.id, demandEntries.programmeId))
    .innerJoin(dept, eq(dept.id, demandEntries.departmentId))
    .innerJoin(assoc, eq(assoc.id, demandEntries.associationId))
    .where(eq(demandEntries.id, id));
  const [row] = forUpdate ? await q.for('update', { of: demandEntries }) : await q;
  return row ?? null;
}
export type DemandRow = NonNullable<Awaited<ReturnType<typeof findDemandEntry>>>;

export async function listRevisions(tx: DbOrTx, entityType: string, entityId: string) {
  return tx
    .select()
    .from(recordRevisions)
    .where(and(eq(recordRevisions.entityType, entityType), eq(recordRevisions.entityId, entityId)))
    .orderBy(sql`${recordRevisions.revision} DESC`);
}

export async function writeRevision(
  tx: DbOrTx,
  r: { entityType: string; entityId: string; revision: number; changeKind: 'publish' | 'amend' | 'withdraw'; snapshot: unknown; reason: string | null; actor: { userId: string; displayName: string; orgName: string } },
) {
  await tx.insert(recordRevisions).values({
    entityType: r.entityType,
    entityId: r.entityId,
    revision: r.revision,
    changeKind: r.changeKind,
    snapshot: r.snapshot,
    reason: r.reason,
    actorUserId: r.actor.userId,
    actorName: r.actor.displayName,
    actorOrgName: r.actor.orgName,
  });
}

/** The name and category tree of each programme of a page (one small query instead of a join per row). */
export async function programmesOf(tx: DbOrTx, ids: readonly string[]): Promise<Map<string, { name: string; categories: unknown }>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await tx.select({ id: programmes.id, name: programmes.name, categories: programmes.categories }).from(programmes).where(inArray(programmes.id, unique));
  return new Map(rows.map((r) => [r.id, { name: r.name, categories: r.categories }]));
}
