// FUN-4: a department's demand catalogue — services it will buy by tender or commission. Same
// publication rules as items: drafts edit freely; published entries amend with a reason and a new
// revision (FUN-3); withdrawal keeps the entry readable with its reason.
import crypto from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { demandEntries } from '../../db/schema.js';
import type { Actor, RequestMeta } from '../../platform/actor.js';
import { appendAudit, diff, whoFromActor } from '../../platform/audit.js';
import { AppError, validationError } from '../../platform/errors.js';
import { applyEvent } from '../../platform/transition.js';
import { searchVector } from '../../platform/search.js';
import { demandEntryLifecycle } from '../../../domain/transfer/demand-entry.lifecycle.js';
import type { DemandEntryInput } from '../../../domain/transfer/transfer.types.js';
import { findDemandEntry, writeRevision, type DemandRow } from './transfer.repo.js';
import { demandSnapshot, demandView } from './transfer-views.js';
import { programmeForDepartment } from './save-item.js';
import type { DemandEntry } from '../../../contract/transfer.js';

const viewOf = (row: DemandRow, e = row.entry): DemandEntry => demandView(e, row);

function load(row: DemandRow | null, actor: Actor, version: number): DemandRow {
  if (!row) throw new AppError('NOT_FOUND', '目录条目不存在');
  if (row.entry.departmentId !== actor.orgId) throw new AppError('OUT_OF_SCOPE', '只能操作本部门的需求服务目录', { extra: { entityType: 'demand_entry', entityId: row.entry.id } });
  if (row.entry.version !== version) throw new AppError('CONFLICT', '该条目已被他人修改，请刷新后重试', { extra: { currentVersion: row.entry.version } });
  return row;
}

const fields = (input: DemandEntryInput) => ({
  title: input.title,
  serviceKind: input.serviceKind,
  description: input.description,
  purchaseMethod: input.purchaseMethod,
  budgetFen: input.budgetFen ?? null,
  period: input.period ?? null,
});

export async function createDemandEntry(opts: { db: Db; actor: Actor; meta: RequestMeta; programmeId: string; input: DemandEntryInput }) {
  const { db, actor } = opts;
  return db.transaction(async (tx) => {
    const p = await programmeForDepartment(tx, actor, opts.programmeId);
    const id = crypto.randomUUID();
    await tx.insert(demandEntries).values({ id, programmeId: p.programme.id, departmentId: actor.orgId, associationId: p.programme.associationId, associationPath: p.associationPath, ...fields(opts.input), createdBy: actor.userId });
    const row = (await findDemandEntry(tx, id))!;
    await appendAudit(tx, whoFromActor(actor, opts.meta), { action: 'demand.create', entityType: 'demand_entry', entityId: id, orgId: actor.orgId, orgPath: actor.orgPath, after: demandSnapshot(row.entry) });
    return viewOf(row);
  });
}

export async function updateDemandEntry(opts: { db: Db; actor: Actor; meta: RequestMeta; id: string; version: number; reason?: string | null; input: DemandEntryInput }) {
  const { db, actor } = opts;
  return db.transaction(async (tx) => {
    const row = load(await findDemandEntry(tx, opts.id, true), actor, opts.version);
    const isDraft = row.entry.status === 'draft';
    applyEvent(demandEntryLifecycle, row.entry.status, isDraft ? 'edit' : 'amend');
    if (!isDraft && !opts.reason) throw validationError([{ path: 'body.reason', message: '变更已发布的条目须填写变更原因' }]);
    const next = fields(opts.input);
    const revision = isDraft ? row.entry.revision : row.entry.revision + 1;
    const [updated] = await tx
      .update(demandEntries)
      .set({ ...next, revision, search: isDraft ? null : searchVector(next.title, next.description), version: sql`${demandEntries.version} + 1`, updatedAt: new Date() })
      .where(and(eq(demandEntries.id, row.entry.id), eq(demandEntries.version, opts.version)))
      .returning();
    if (!updated) throw new AppError('CONFLICT');
    if (!isDraft) await writeRevision(tx, { entityType: 'demand_entry', entityId: row.entry.id, revision, changeKind: 'amend', snapshot: demandSnapshot(updated), reason: opts.reason ?? null, actor });
    const changes = diff(demandSnapshot(row.entry) as Record<string, unknown>, demandSnapshot(updated));
    await appendAudit(tx, whoFromActor(actor, opts.meta), { action: isDraft ? 'demand.update' : 'demand.amend', entityType: 'demand_entry', entityId: row.entry.id, orgId: actor.orgId, orgPath: actor.orgPath, before: changes.before, after: changes.after, reason: opts.reason ?? null });
    return viewOf(row, updated);
  });
}

export async function deleteDraftDemandEntry(opts: { db: Db; actor: Actor; meta: RequestMeta; id: string; version: number }) {
  return opts.db.transaction(async (tx) => {
    const row = load(await findDemandEntry(tx, opts.id, true), opts.actor, opts.version);
    applyEvent(demandEntryLifecycle, row.entry.status, 'discard');
    await tx.delete(demandEntries).where(eq(demandEntries.id, row.entry.id));
    await appendAudit(tx, whoFromActor(opts.actor, opts.meta), { action: 'demand.delete', entityType: 'demand_entry', entityId: row.entry.id, orgId: opts.actor.orgId, orgPath: opts.actor.orgPath, before: demandSnapshot(row.entry) });
  });
}

export async function changeDemandEntryState(opts: { db: Db; actor: Actor; meta: RequestMeta; id: string; version: number; event: 'publish' | 'withdraw'; reason?: string | null }) {
  const { db, actor } = opts;
  return db.transaction(async (tx) => {
    const row = load(await findDemandEntry(tx, opts.id, true), actor, opts.version);
    const to = applyEvent(demandEntryLifecycle, row.entry.status, opts.event);
    if (opts.event === 'withdraw' && !opts.reason) throw validationError([{ path: 'body.reason', message: '请填写撤回原因' }]);
    const now = new Date();
    const revision = row.entry.revision + 1;
    const [updated] = await tx
      .update(demandEntries)
      .set({
        status: to,
        revision,
        ...(opts.event === 'publish' ? { publishedAt: now, search: searchVector(row.entry.title, row.entry.description) } : { withdrawnAt: now, withdrawReason: opts.reason ?? null }),
        version: sql`${demandEntries.version} + 1`,
        updatedAt: now,
      })
      .where(and(eq(demandEntries.id, row.entry.id), eq(demandEntries.version, opts.version)))
      .returning();
    if (!updated) throw new AppError('CONFLICT');
    await writeRevision(tx, { entityType: 'demand_entry', entityId: row.entry.id, revision, changeKind: opts.event, snapshot: demandSnapshot(updated), reason: opts.reason ?? null, actor });
    await appendAudit(tx, whoFromActor(actor, opts.meta), { action: `demand.${opts.event}`, entityType: 'demand_entry', entityId: row.entry.id, orgId: actor.orgId, orgPath: actor.orgPath, before: { status: row.entry.status }, after: { status: to, revision }, reason: opts.reason ?? null });
    return viewOf(row, updated);
  });
}
