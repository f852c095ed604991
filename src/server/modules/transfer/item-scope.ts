// Which transfer items an actor may see (data scope, §3.5; SEL-1 reach for societies) — used by the
// item routes and by every route that answers about an item (the society's qualification check).
import { and, eq, ne, sql, type SQL } from 'drizzle-orm';
import { transferItems } from '../../db/schema.js';
import type { Actor } from '../../platform/actor.js';
import { itemReachesSocietySql } from './transfer.repo.js';

/** Which items a user may see. */
export function itemScope(actor: Actor): SQL {
  switch (actor.orgType) {
    case 'department':
      return eq(transferItems.departmentId, actor.orgId);
    case 'association':
      return and(sql`${transferItems.associationPath} LIKE ${actor.scopePath + '%'}`, ne(transferItems.status, 'draft'))!;
    case 'society':
      // SEL-1: what the relay reached it with (itemReachesSocietySql), and what it has declared.
      // Parenthesised whole: it is combined with AND by callers. An item declared on or sent to
      // countersign is never a draft: the literal `status <> 'draft'` lets the lists walk the
      // visible rows' index (transfer_items_visible_created_idx, 0015) newest first.
      return sql`(${transferItems.status} <> 'draft' AND ((${itemReachesSocietySql(actor)} AND ${transferItems.status} NOT IN ('published', 'withdrawn'))
        OR ${transferItems.id} IN (SELECT item_id FROM declarations WHERE society_id = ${actor.orgId})))`;
    case 'review_office':
      return sql`(${transferItems.status} <> 'draft' AND ${transferItems.id} IN (SELECT ci.item_id FROM countersign_items ci JOIN countersign_opinions co ON co.countersign_id = ci.countersign_id WHERE co.office_org_id = ${actor.orgId}))`;
    default:
      return sql`false`;
  }
}
