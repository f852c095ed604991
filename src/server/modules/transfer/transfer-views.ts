// What the API answers for items, catalogue entries and their revisions.
import type { Category, CommissioningMode } from '../../../domain/programme/programme.types.js';
import { commissioningModeLabels } from '../../../domain/programme/programme.types.js';
import { flattenCategories, demandServiceKindLabels, purchaseMethodLabels, type DemandServiceKind, type PurchaseMethod } from '../../../domain/transfer/transfer.types.js';
import { transferItemLifecycle, type TransferItemState } from '../../../domain/transfer/transfer-item.lifecycle.js';
import { demandEntryLifecycle, type DemandEntryState } from '../../../domain/transfer/demand-entry.lifecycle.js';
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

/** `declarationCount`: the declarations the reader may read (selection/declaration-scope.ts declarationReadScope), not all. */
export function itemView(i: Item, ctx: { categories: unknown; programmeName: string; departmentName: string; associationName: string; declarationCount: number }) {
  return {
    id: i.id,
    programmeId: i.programmeId,
    programmeName: ctx.programmeName,
    departmentId: i.departmentId,
    departmentName: ctx.departmentName,
    associationId: i.associationId,
    associationName: ctx.associationName,
    ...itemSnapshot(i),
    categoryLabel: categoryLabel(ctx.categories, i.categoryCode),
    commissioningModeLabel: commissioningModeLabels[i.commissioningMode as CommissioningMode] ?? i.commissioningMode,
    status: i.status,
    statusLabel: transferItemLifecycle.states[i.status as TransferItemState] ?? i.status,
    revision: i.revision,
    version: i.version,
    declarationDeadline: i.declarationDeadline?.toISOString() ?? null,
    declarationCount: ctx.declarationCount,
    publishedAt: i.publishedAt?.toISOString() ?? null,
    withdrawnAt: i.withdrawnAt?.toISOString() ?? null,
    withdrawReason: i.withdrawReason,
    createdAt: i.createdAt.toISOString(),
    updatedAt: i.updatedAt.toISOString(),
  };
}
export type ItemView = ReturnType<typeof itemView>;

export function demandSnapshot(e: Pick<Entry, 'title' | 'serviceKind' | 'description' | 'purchaseMethod' | 'budgetFen' | 'period'>) {
  return { title: e.title, serviceKind: e.serviceKind, description: e.description, purchaseMethod: e.purchaseMethod, budgetFen: e.budgetFen, period: e.period };
}

export function demandView(e: Entry, ctx: { programmeName: string; departmentName: string; associationName: string }) {
  return {
    id: e.id,
    programmeId: e.programmeId,
    programmeName: ctx.programmeName,
    departmentId: e.departmentId,
    departmentName: ctx.departmentName,
    associationName: ctx.associationName,
    ...demandSnapshot(e),
    serviceKindLabel: demandServiceKindLabels[e.serviceKind as DemandServiceKind] ?? e.serviceKind,
    purchaseMethodLabel: purchaseMethodLabels[e.purchaseMethod as PurchaseMethod] ?? e.purchaseMethod,
    status: e.status,
    statusLabel: demandEntryLifecycle.states[e.status as DemandEntryState] ?? e.status,
    revision: e.revision,
    version: e.version,
    publishedAt: e.publishedAt?.toISOString() ?? null,
    withdrawnAt: e.withdrawnAt?.toISOString() ?? null,
    withdrawReason: e.withdrawReason,
    updatedAt: e.updatedAt.toISOString(),
  };
}

const changeKindLabels: Record<string, string> = { publish: '发布', amend: '变更', withdraw: '撤回' };

export function revisionView(r: Revision, categories?: unknown) {
  const snap = r.snapshot as Record<string, unknown>;
  return {
    revision: r.revision,
    changeKind: r.changeKind,
    changeKindLabel: changeKindLabels[r.changeKind] ?? r.changeKind,
    reason: r.reason,
    actorName: r.actorName,
    actorOrgName: r.actorOrgName,
    at: r.at.toISOString(),
    snapshot: categories && typeof snap.categoryCode === 'string' ? { ...snap, categoryLabel: categoryLabel(categories, snap.categoryCode) } : snap,
  };
}
