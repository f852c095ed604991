// What the API answers for items, catalogue entries and their revisions (src/contract/transfer.ts):
// each view is typed with the contract's type, so a field the contract names and the view forgets
// is a type error, and a field the view adds and the contract does not name never leaves the server.
import type { Category, CommissioningMode } from '../../../domain/programme/programme.types.js';
import { commissioningModeLabels } from '../../../domain/programme/programme.types.js';
import { flattenCategories, demandServiceKindLabels, purchaseMethodLabels, type DemandServiceKind, type PurchaseMethod } from '../../../domain/transfer/transfer.types.js';
import { transferItemLifecycle, type TransferItemState } from '../../../domain/transfer/transfer-item.lifecycle.js';
import { demandEntryLifecycle, type DemandEntryState } from '../../../domain/transfer/demand-entry.lifecycle.js';
import type {
  DemandEntry,
  DemandEntryListItem,
  DemandEntryRevision,
  DemandEntrySnapshot,
  TransferItem,
  TransferItemListItem,
  TransferItemRevision,
  TransferItemSnapshot,
} from '../../../contract/transfer.js';
import type { demandEntries, recordRevisions, transferItems } from '../../db/schema.js';

type Item = typeof transferItems.$inferSelect;
type Entry = typeof demandEntries.$inferSelect;
type Revision = typeof recordRevisions.$inferSelect;

const labelCache = new WeakMap<object, Map<string, string>>();
export function categoryLabel(categories: unknown, code: string): string {
  const key = categories as object;
  let map = labelCache.get(key);
  if (!map) {
    map = flattenCategories((categories ?? []) as Category[]);
    labelCache.set(key, map);
  }
  return map.get(code) ?? code;
}

export const itemStatusLabel = (s: string): string => transferItemLifecycle.states[s as TransferItemState] ?? s;
export const commissioningModeLabel = (m: string): string => commissioningModeLabels[m as CommissioningMode] ?? m;
export const demandStatusLabel = (s: string): string => demandEntryLifecycle.states[s as DemandEntryState] ?? s;
const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

export function itemSnapshot(i: Pick<Item, 'title' | 'categoryCode' | 'description' | 'legalBasis' | 'commissioningMode' | 'budgetFen' | 'expectedPeriod' | 'requiredQualifications'>) {
  return {
    title: i.title,
    categoryCode: i.categoryCode,
    description: i.description,
    legalBasis: i.legalBasis,
    commissioningMode: i.commissioningMode,
    budgetFen: i.budgetFen,
    expectedPeriod: i.expectedPeriod,
    requiredQualifications: i.requiredQualifications,
  };
}

/** The columns of `transfer_items` a list row reads (routes.ts selects exactly these). */
export type ItemListColumns = Pick<
  Item,
  'id' | 'programmeId' | 'departmentId' | 'title' | 'categoryCode' | 'commissioningMode' | 'budgetFen' | 'status' | 'revision' | 'declarationDeadline' | 'publishedAt' | 'createdAt'
>;

/**
 * A row of the item list. `declarationCount`: the declarations the reader may read (selection/declaration-scope.ts);
 * the category's label, already known (the list: category-labels.ts) or found in the programme's `categories`.
 */
export function itemListView(
  i: ItemListColumns,
  ctx: ({ categoryLabel: string } | { categories: unknown }) & { departmentName: string; declarationCount: number },
): TransferItemListItem {
  return {
    id: i.id,
    programmeId: i.programmeId,
    departmentId: i.departmentId,
    departmentName: ctx.departmentName,
    title: i.title,
    categoryCode: i.categoryCode,
    categoryLabel: 'categoryLabel' in ctx ? ctx.categoryLabel : categoryLabel(ctx.categories, i.categoryCode),
    commissioningMode: i.commissioningMode as CommissioningMode,
    commissioningModeLabel: commissioningModeLabel(i.commissioningMode),
    budgetFen: i.budgetFen,
    status: i.status as TransferItemState,
    statusLabel: itemStatusLabel(i.status),
    revision: i.revision,
    declarationDeadline: iso(i.declarationDeadline),
    declarationCount: Number(ctx.declarationCount),
    publishedAt: iso(i.publishedAt),
    createdAt: i.createdAt.toISOString(),
  };
}

/** The item record (`declarationCount` as in the list). */
export function itemView(i: Item, ctx: { categories: unknown; programmeName: string; departmentName: string; associationName: string; declarationCount: number }): TransferItem {
  return {
    ...itemListView(i, ctx),
    programmeName: ctx.programmeName,
    associationId: i.associationId,
    associationName: ctx.associationName,
    description: i.description,
    legalBasis: i.legalBasis,
    expectedPeriod: i.expectedPeriod,
    requiredQualifications: i.requiredQualifications,
    version: i.version,
    withdrawnAt: iso(i.withdrawnAt),
    withdrawReason: i.withdrawReason,
    updatedAt: i.updatedAt.toISOString(),
  };
}

export function demandSnapshot(e: Pick<Entry, 'title' | 'serviceKind' | 'description' | 'purchaseMethod' | 'budgetFen' | 'period'>) {
  return { title: e.title, serviceKind: e.serviceKind, description: e.description, purchaseMethod: e.purchaseMethod, budgetFen: e.budgetFen, period: e.period };
}

/** The columns of `demand_entries` a list row reads. */
export type DemandListColumns = Pick<
  Entry,
  'id' | 'programmeId' | 'departmentId' | 'title' | 'serviceKind' | 'purchaseMethod' | 'budgetFen' | 'period' | 'status' | 'revision' | 'publishedAt' | 'createdAt'
>;

export function demandListView(e: DemandListColumns, ctx: { departmentName: string }): DemandEntryListItem {
  return {
    id: e.id,
    programmeId: e.programmeId,
    departmentId: e.departmentId,
    departmentName: ctx.departmentName,
    title: e.title,
    serviceKind: e.serviceKind as DemandServiceKind,
    serviceKindLabel: demandServiceKindLabels[e.serviceKind as DemandServiceKind] ?? e.serviceKind,
    purchaseMethod: e.purchaseMethod as PurchaseMethod,
    purchaseMethodLabel: purchaseMethodLabels[e.purchaseMethod as PurchaseMethod] ?? e.purchaseMethod,
    budgetFen: e.budgetFen,
    period: e.period,
    status: e.status as DemandEntryState,
    statusLabel: demandStatusLabel(e.status),
    revision: e.revision,
    publishedAt: iso(e.publishedAt),
    createdAt: e.createdAt.toISOString(),
  };
}

export function demandView(e: Entry, ctx: { programmeName: string; departmentName: string; associationName: string }): DemandEntry {
  return {
    ...demandListView(e, ctx),
    programmeName: ctx.programmeName,
    associationId: e.associationId,
    associationName: ctx.associationName,
    description: e.description,
    version: e.version,
    withdrawnAt: iso(e.withdrawnAt),
    withdrawReason: e.withdrawReason,
    updatedAt: e.updatedAt.toISOString(),
  };
}

const changeKindLabels: Record<string, string> = { publish: '发布', amend: '变更', withdraw: '撤回' };

function revisionFields(r: Revision) {
  return {
    revision: r.revision,
    changeKind: r.changeKind as TransferItemRevision['changeKind'],
    changeKindLabel: changeKindLabels[r.changeKind] ?? r.changeKind,
    reason: r.reason,
    actorName: r.actorName,
    actorOrgName: r.actorOrgName,
    at: r.at.toISOString(),
  };
}

/** A version of an item, its category named by the programme's tree. */
export function itemRevisionView(r: Revision, categories: unknown): TransferItemRevision {
  const snap = (r.snapshot ?? {}) as TransferItemSnapshot;
  return { ...revisionFields(r), snapshot: typeof snap.categoryCode === 'string' ? { ...snap, categoryLabel: categoryLabel(categories, snap.categoryCode) } : snap };
}

export function demandRevisionView(r: Revision): DemandEntryRevision {
  return { ...revisionFields(r), snapshot: (r.snapshot ?? {}) as DemandEntrySnapshot };
}
