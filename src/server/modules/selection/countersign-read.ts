// SEL-5, SEL-6: reading countersign lists. Who reads a list (countersignReadScope): the association
// staff over the list's association, a review office it was sent to, a department with an item on
// it. What each reads of it and may do: domain/selection/selection.actions.ts.
import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client.js';
import { countersignItems, countersignOpinions, countersigns, declarations, organisations, programmes, transferItems } from '../../db/schema.js';
import type { Actor } from '../../platform/actor.js';
import { AppError } from '../../platform/errors.js';
import { beforeTimeKey, cursorKeys, decodeCursor, timeKeyOf, toPage, totalOf, type CountMode } from '../../http/paging.js';
import { countersignActionsFor, countersignItemsVisibleTo, recommendedVisibleTo } from '../../../domain/selection/selection.actions.js';
import type { CountersignState, OpinionDecision } from '../../../domain/selection/countersign.lifecycle.js';
import type { TransferItemState } from '../../../domain/transfer/transfer-item.lifecycle.js';
import type { Countersign, CountersignPage } from '../../../contract/selection.js';
import { categoryLabel } from '../transfer/transfer-views.js';
import { assertMayReadProgramme } from '../programmes/programme-scope.js';
import { findCountersign } from './countersign.js';
import { declarationReadScope } from './declaration-scope.js';
import { countersignListItem, countersignView } from './selection-views.js';

const dept = alias(organisations, 'dept');
const assoc = alias(organisations, 'assoc');
const likePrefix = (p: string) => p.replace(/[%_\\]/g, '\\$&') + '%';

/** SEL-5, SEL-6: the countersign lists an actor reads, as a condition on `countersigns`. */
export function countersignReadScope(actor: Actor): SQL {
  switch (actor.orgType) {
    case 'association':
      return sql`${countersigns.associationPath} LIKE ${likePrefix(actor.scopePath)}`;
    case 'review_office':
      return sql`${countersigns.id} IN (SELECT countersign_id FROM countersign_opinions WHERE office_org_id = ${actor.orgId})`;
    case 'department':
      return sql`${countersigns.id} IN (SELECT ci.countersign_id FROM countersign_items ci JOIN transfer_items t ON t.id = ci.item_id WHERE t.department_id = ${actor.orgId})`;
    default:
      return sql`false`;
  }
}

/** A list the actor may read, with what they see of it and may do; NOT_FOUND / OUT_OF_SCOPE otherwise. */
export async function readCountersign(db: DbOrTx, actor: Actor, id: string): Promise<Countersign> {
  const c = await findCountersign(db, id);
  if (!c) throw new AppError('NOT_FOUND', '会签单不存在');
  const [visible] = await db.select({ id: countersigns.id }).from(countersigns).where(and(eq(countersigns.id, id), countersignReadScope(actor)));
  if (!visible) throw new AppError('OUT_OF_SCOPE', '该会签单不在本单位数据范围内', { extra: { entityType: 'countersign', entityId: id } });
  const [p] = await db
    .select({ name: programmes.name, categories: programmes.categories, associationName: organisations.name })
    .from(programmes)
    .innerJoin(organisations, eq(organisations.id, c.associationId))
    .where(eq(programmes.id, c.programmeId));
  const items = await db
    .select({ ci: countersignItems, title: transferItems.title, categoryCode: transferItems.categoryCode, status: transferItems.status, departmentId: transferItems.departmentId, departmentName: dept.name })
    .from(countersignItems)
    .innerJoin(transferItems, eq(transferItems.id, countersignItems.itemId))
    .innerJoin(dept, eq(dept.id, transferItems.departmentId))
    .where(eq(countersignItems.countersignId, id));
  const ops = await db
    .select({ o: countersignOpinions, officeName: organisations.name })
    .from(countersignOpinions)
    .innerJoin(organisations, eq(organisations.id, countersignOpinions.officeOrgId))
    .where(eq(countersignOpinions.countersignId, id));
  const shown = countersignItemsVisibleTo(actor, items);
  // SEL-6: outside the association, a society on the list only while its declaration stands recommended
  const listed = [...new Set(shown.flatMap((i) => i.ci.recommended.map((r) => r.declarationId)))];
  const readable =
    actor.orgType === 'association' || listed.length === 0
      ? new Set<string>()
      : new Set((await db.select({ id: declarations.id }).from(declarations).where(and(inArray(declarations.id, listed), declarationReadScope(actor)))).map((r) => r.id));
  const own = ops.find((o) => o.o.officeOrgId === actor.orgId);
  return countersignView(c, {
    programmeName: p.name,
    associationName: p.associationName,
    items: shown.map((i) => ({
      itemId: i.ci.itemId,
      title: i.title,
      categoryCode: i.categoryCode,
      categoryLabel: categoryLabel(p.categories, i.categoryCode),
      departmentId: i.departmentId,
      departmentName: i.departmentName,
      status: i.status as TransferItemState,
      itemRevision: i.ci.itemRevision,
      recommended: recommendedVisibleTo(actor, i.ci.recommended, readable),
    })),
    opinions: ops.map((o) => ({ ...o.o, officeName: o.officeName })),
    actions: countersignActionsFor(actor, c, own ? (own.o.decision as OpinionDecision) : null),
  });
}

export interface CountersignListQuery {
  status?: CountersignState;
  programmeId?: string;
  cursor?: string;
  limit: number;
  count?: CountMode;
}

/** The lists the actor reads, newest first. */
export async function listCountersigns(db: DbOrTx, actor: Actor, q: CountersignListQuery): Promise<CountersignPage> {
  if (q.programmeId) await assertMayReadProgramme(db, actor, q.programmeId);
  const where = and(countersignReadScope(actor), q.status ? eq(countersigns.status, q.status) : undefined, q.programmeId ? eq(countersigns.programmeId, q.programmeId) : undefined)!;
  const after = decodeCursor(q.cursor, cursorKeys.textTime);
  const rows = await db
    .select({
      id: countersigns.id,
      programmeId: countersigns.programmeId,
      associationId: countersigns.associationId,
      title: countersigns.title,
      status: countersigns.status,
      dueAt: countersigns.dueAt,
      sentAt: countersigns.sentAt,
      approvalLevel: countersigns.approvalLevel,
      approvalDocument: countersigns.approvalDocument,
      key: timeKeyOf(countersigns.sentAt),
      associationName: assoc.name,
      itemCount: sql<number>`(SELECT count(*)::int FROM countersign_items ci WHERE ci.countersign_id = ${countersigns.id})`,
    })
    .from(countersigns)
    .innerJoin(assoc, eq(assoc.id, countersigns.associationId))
    .where(and(where, beforeTimeKey(countersigns.sentAt, countersigns.id, after)))
    .orderBy(desc(countersigns.sentAt), desc(countersigns.id))
    .limit(q.limit + 1);
  const total = await totalOf(db, q.count, db.select({ one: sql`1` }).from(countersigns).where(where));
  const p = toPage(rows, q.limit, total, (r) => [r.key, r.id]);
  return { ...p, items: p.items.map(countersignListItem) };
}
