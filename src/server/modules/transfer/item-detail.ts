// An item or a catalogue entry as its detail answers it (GET, and the creation and changes that
// answer the record): the record, its versions, what the reader may see of its declarations and
// countersigns, the result, and the actions the reader may take now.
import { and, desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { countersignItems, countersigns, declarations, organisations, pilotProjects, transferItems } from '../../db/schema.js';
import type { Actor } from '../../platform/actor.js';
import { AppError } from '../../platform/errors.js';
import { assertInScope } from '../../http/guards.js';
import { isInScope } from '../../../domain/access/roles.js';
import { allowedEvents } from '../../../domain/lifecycle.js';
import { transferItemLifecycle, type TransferItemState } from '../../../domain/transfer/transfer-item.lifecycle.js';
import { countersignLifecycle, type CountersignState } from '../../../domain/selection/countersign.lifecycle.js';
import type { ProgrammeParameters } from '../../../domain/programme/programme.types.js';
import type { DemandEntryAction, DemandEntryDetail, TransferItemAction, TransferItemDetail } from '../../../contract/transfer.js';
import { findDemandEntry, findItem, itemReachesSociety, listRevisions, type DemandRow, type ItemRow } from './transfer.repo.js';
import { itemScope } from './item-scope.js';
import { demandRevisionView, demandView, itemRevisionView, itemView } from './transfer-views.js';
import { declarationSummary } from '../selection/selection-views.js';
import { declarationReadScope } from '../selection/declaration-scope.js';

async function assertMayReadItem(db: DbOrTx, actor: Actor, row: ItemRow): Promise<void> {
  const [hit] = await db.select({ id: transferItems.id }).from(transferItems).where(and(eq(transferItems.id, row.item.id), itemScope(actor)));
  if (!hit) throw new AppError('OUT_OF_SCOPE', '该事项不在本单位数据范围内', { extra: { entityType: 'transfer_item', entityId: row.item.id } });
}

/** The actions this user may take on the item now ("the actions allowed now", §6). */
export function itemActions(actor: Actor, row: ItemRow, hasOwnLiveDeclaration: boolean): TransferItemAction[] {
  const state = row.item.status as TransferItemState;
  const events = allowedEvents(transferItemLifecycle, state);
  const out: TransferItemAction[] = [];
  const p = actor.permissions;
  if (actor.orgId === row.item.departmentId && p.has('item.manage')) {
    for (const e of ['edit', 'discard', 'publish', 'amend', 'withdraw'] as const) if (events.includes(e)) out.push(e);
  }
  if (actor.orgId === row.item.departmentId && p.has('selection.decide') && events.includes('select')) out.push('select');
  if (actor.orgType === 'association' && isInScope(actor.scopePath, row.item.associationPath)) {
    if (p.has('item.relay') && events.includes('relay')) out.push('relay');
    if (p.has('countersign.send') && events.includes('sendCountersign')) out.push('sendCountersign');
  }
  if (actor.orgType === 'society' && p.has('declaration.submit') && events.includes('declare') && itemReachesSociety(actor, row) && !hasOwnLiveDeclaration) {
    if (!row.item.declarationDeadline || row.item.declarationDeadline.getTime() >= Date.now()) out.push('declare');
  }
  return out;
}

const LIVE_DECLARATION = ['submitted', 'returned', 'recommended', 'notRecommended', 'selected'];

/** The item's detail for this reader; 404 when it does not exist, 403 outside the reader's scope. */
export async function loadItemDetail(db: DbOrTx, actor: Actor, id: string): Promise<TransferItemDetail> {
  const row = await findItem(db, id);
  if (!row) throw new AppError('NOT_FOUND', '事项不存在');
  await assertMayReadItem(db, actor, row);
  const revisions = (await listRevisions(db, 'transfer_item', row.item.id)).map((r) => itemRevisionView(r, row.programme.categories));
  // Issue 11 §1 (SEL-6): the declarations the reader may read — the department and the review
  // offices only those recommended to them, before and after the item is decided.
  const visible = await db
    .select({ d: declarations, societyName: organisations.name })
    .from(declarations)
    .innerJoin(organisations, eq(organisations.id, declarations.societyId))
    .where(and(eq(declarations.itemId, row.item.id), declarationReadScope(actor)))
    .orderBy(declarations.submittedAt);
  const isOffice = actor.orgType === 'review_office';
  const own = visible.some(({ d }) => d.societyId === actor.orgId && LIVE_DECLARATION.includes(d.status));
  const csRows =
    actor.orgType === 'association' || actor.orgId === row.item.departmentId || isOffice
      ? await db
          .select({ id: countersigns.id, title: countersigns.title, status: countersigns.status, sentAt: countersigns.sentAt })
          .from(countersignItems)
          .innerJoin(countersigns, eq(countersigns.id, countersignItems.countersignId))
          .where(and(eq(countersignItems.itemId, row.item.id), isOffice ? sql`${countersigns.id} IN (SELECT countersign_id FROM countersign_opinions WHERE office_org_id = ${actor.orgId})` : undefined))
          .orderBy(desc(countersigns.sentAt))
      : [];
  const [project] = await db
    .select({ id: pilotProjects.id, societyId: pilotProjects.societyId, societyName: organisations.name, selectionReason: pilotProjects.selectionReason, selectedAt: pilotProjects.selectedAt })
    .from(pilotProjects)
    .innerJoin(organisations, eq(organisations.id, pilotProjects.societyId))
    .where(eq(pilotProjects.itemId, row.item.id));
  const params = row.programme.parameters as ProgrammeParameters;
  return {
    ...itemView(row.item, { categories: row.programme.categories, programmeName: row.programme.name, departmentName: row.departmentName, associationName: row.associationName, declarationCount: visible.length }),
    actions: itemActions(actor, row, own),
    revisions,
    declarations: visible.map((r) => declarationSummary(r.d, r.societyName)),
    countersigns: csRows.map((c) => ({
      id: c.id,
      title: c.title,
      status: c.status as CountersignState,
      statusLabel: countersignLifecycle.states[c.status as CountersignState] ?? c.status,
      sentAt: c.sentAt.toISOString(),
    })),
    project: project ? { ...project, selectedAt: project.selectedAt.toISOString() } : null,
    qualificationConditions: (params.qualificationConditions ?? []).map((c) => ({ rule: c.rule, label: c.label })),
  };
}

/** Drafts only to their department; an association within its scope; others what is published. */
function assertMayReadEntry(actor: Actor, row: DemandRow): void {
  if (row.entry.departmentId === actor.orgId) return;
  if (row.entry.status === 'draft') throw new AppError('OUT_OF_SCOPE', '该条目不在本单位数据范围内', { extra: { entityType: 'demand_entry', entityId: row.entry.id } });
  if (actor.orgType === 'association') assertInScope(actor, row.entry.associationPath, { entityType: 'demand_entry', entityId: row.entry.id });
}

const entryActions: Record<string, DemandEntryAction[]> = { draft: ['edit', 'discard', 'publish'], published: ['amend', 'withdraw'], withdrawn: [] };

export async function loadDemandEntryDetail(db: DbOrTx, actor: Actor, id: string): Promise<DemandEntryDetail> {
  const row = await findDemandEntry(db, id);
  if (!row) throw new AppError('NOT_FOUND', '目录条目不存在');
  assertMayReadEntry(actor, row);
  const revisions = (await listRevisions(db, 'demand_entry', row.entry.id)).map(demandRevisionView);
  const isOwner = row.entry.departmentId === actor.orgId && actor.permissions.has('demand.manage');
  return { ...demandView(row.entry, row), actions: isOwner ? (entryActions[row.entry.status] ?? []) : [], revisions };
}
