// SQL for transfer items and demand catalogue entries (no business rules here).
import { alias } from 'drizzle-orm/pg-core';
import { and, eq, sql } from 'drizzle-orm';
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
