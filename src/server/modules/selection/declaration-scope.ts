// Issue 11 §1 (SEL-6): the read rule of declarations.ts assertMayReadDeclaration as a condition on
// the `declarations` table, for every list and count. Kept apart (schema imports only) so that the
// item routes and use cases can use it without an import cycle.
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { declarations, transferItems } from '../../db/schema.js';
import type { Actor } from '../../platform/actor.js';

/** assertMayReadDeclaration as a condition on the `declarations` table. */
export function declarationReadScope(actor: Actor): SQL {
  if (!actor.permissions.has('declaration.read')) return sql`false`;
  const recommended = sql`${declarations.recommendedAt} IS NOT NULL`;
  switch (actor.orgType) {
    case 'society':
      return eq(declarations.societyId, actor.orgId);
    case 'association':
      return sql`${declarations.itemId} IN (SELECT id FROM transfer_items WHERE association_path LIKE ${actor.scopePath.replace(/[%_\\]/g, '\\$&') + '%'})`;
    case 'department':
      return sql`(${recommended} AND ${declarations.itemId} IN (SELECT id FROM transfer_items WHERE department_id = ${actor.orgId}))`;
    case 'review_office':
      return sql`(${recommended} AND ${declarations.itemId} IN (SELECT ci.item_id FROM countersign_items ci JOIN countersign_opinions co ON co.countersign_id = ci.countersign_id WHERE co.office_org_id = ${actor.orgId}))`;
    default:
      return sql`false`;
  }
}

/** How many declarations of the item (the `transfer_items` row of the query) the actor may read. */
export function readableDeclarationCount(actor: Actor): SQL<number> {
  return sql<number>`(SELECT count(*)::int FROM declarations WHERE ${declarations.itemId} = ${transferItems.id} AND ${declarationReadScope(actor)})`;
}

export async function countReadableDeclarations(tx: DbOrTx, actor: Actor, itemId: string): Promise<number> {
  const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(declarations).where(and(eq(declarations.itemId, itemId), declarationReadScope(actor)));
  return Number(n);
}
