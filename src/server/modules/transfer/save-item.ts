// FUN-1, FUN-3: a department drafts, publishes, amends and withdraws its transferable items.
// Each change: one transaction with the row locked, the expected version checked, an audit
// event, a revision (once published) and the to-dos it opens or closes.
import crypto from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { organisations, programmes, todos, transferItems } from '../../db/schema.js';
import type { Actor, RequestMeta } from '../../platform/actor.js';
import { appendAudit, diff, whoFromActor } from '../../platform/audit.js';
import { AppError, validationError } from '../../platform/errors.js';
import { applyEvent } from '../../platform/transition.js';
import { searchVector } from '../../platform/search.js';
import { closeTodos, openTodo } from '../../platform/todos.js';
import { parentPath } from '../../../domain/access/roles.js';
import { transferItemLifecycle, type TransferItemEvent } from '../../../domain/transfer/transfer-item.lifecycle.js';
import { checkItemAgainstProgramme, type TransferItemInput } from '../../../domain/transfer/transfer.types.js';
import type { ProgrammeParameters } from '../../../domain/programme/programme.types.js';
import { findItem, writeRevision, type ItemRow } from './transfer.repo.js';
import { closeDeclarationsOfItem } from '../selection/close-declarations.js';
import { countReadableDeclarations } from '../selection/declaration-scope.js';
import { itemSnapshot, itemView } from './transfer-views.js';
import type { TransferItem } from '../../../contract/transfer.js';

export const RELAY_TODO = 'item.relay';

/** FUN-1: a department publishes into a published transfer-pilot programme of its own association. */
export async function programmeForDepartment(tx: DbOrTx, actor: Actor, programmeId: string) {
  const [p] = await tx
    .select({ programme: programmes, associationPath: organisations.path, associationName: organisations.name })
    .from(programmes)
    .innerJoin(organisations, eq(organisations.id, programmes.associationId))
    .where(eq(programmes.id, programmeId));
  if (!p) throw validationError([{ path: 'body.programmeId', message: '方案不存在' }]);
  if (actor.orgType !== 'department' || parentPath(actor.orgPath) !== p.associationPath) {
    throw new AppError('OUT_OF_SCOPE', '只能在本部门所属科协的方案中发布事项', { extra: { entityType: 'programme', entityId: programmeId } });
  }
  if (p.programme.kind !== 'transferPilot') throw validationError([{ path: 'body.programmeId', message: '该方案不是承接政府转移职能试点方案' }]);
  if (p.programme.status !== 'published') throw new AppError('INVALID_STATE', '方案未发布或已结束，不能发布事项');
  return p;
}

/** A department acts only on its own items. */
export function assertOwnItem(actor: Actor, row: ItemRow): void {
  if (row.item.departmentId !== actor.orgId) {
    throw new AppError('OUT_OF_SCOPE', '只能操作本部门发布的事项', { extra: { entityType: 'transfer_item', entityId: row.item.id } });
  }
}

function checkVersion(row: ItemRow, version: number) {
  if (row.item.version !== version) throw new AppError('CONFLICT', '该事项已有新的变化（如学会已申报），请刷新后重试', { extra: { currentVersion: row.item.version } });
}

/** The item as its reader sees it (the count: the declarations the reader may read, issue 11 §1). */
const viewOf = async (tx: DbOrTx, actor: Actor, row: ItemRow, item = row.item): Promise<TransferItem> =>
  itemView(item, { categories: row.programme.categories, programmeName: row.programme.name, departmentName: row.departmentName, associationName: row.associationName, declarationCount: await countReadableDeclarations(tx, actor, item.id) });

export async function createItem(opts: { db: Db; actor: Actor; meta: RequestMeta; programmeId: string; input: TransferItemInput }) {
  const { db, actor, input } = opts;
  return db.transaction(async (tx) => {
    const p = await programmeForDepartment(tx, actor, opts.programmeId);
    const params = p.programme.parameters as ProgrammeParameters;
    const errors = checkItemAgainstProgramme(input, { categories: p.programme.categories as never, commissioningModes: params.commissioningModes });
    if (errors.length) throw validationError(errors);
    const id = crypto.randomUUID();
    await tx.insert(transferItems).values({
      id,
      programmeId: p.programme.id,
      departmentId: actor.orgId,
      associationId: p.programme.associationId,
      associationPath: p.associationPath,
      ...normalise(input),
      status: 'draft',
      createdBy: actor.userId,
    });
    const row = (await findItem(tx, id))!;
    const view = await viewOf(tx, actor, row);
    await appendAudit(tx, whoFromActor(actor, opts.meta), {
      action: 'item.create',
      entityType: 'transfer_item',
      entityId: id,
      orgId: actor.orgId,
      orgPath: actor.orgPath,
      after: itemSnapshot(row.item),
    });
    return view;
  });
}

function normalise(input: TransferItemInput) {
  return {
    title: input.title,
    categoryCode: input.categoryCode,
    description: input.description,
    legalBasis: input.legalBasis ?? null,
    commissioningMode: input.commissioningMode,
    budgetFen: input.budgetFen ?? null,
    expectedPeriod: input.expectedPeriod ?? null,
    requiredQualifications: input.requiredQualifications ?? null,
  };
}

/** Edit a draft (no revision yet) or amend a published item (FUN-3: new revision, reason required). */
export async function updateItem(opts: { db: Db; actor: Actor; meta: RequestMeta; id: string; version: number; reason?: string | null; input: TransferItemInput }) {
  const { db, actor, input } = opts;
  return db.transaction(async (tx) => {
    const row = await findItem(tx, opts.id, true);
    if (!row) throw new AppError('NOT_FOUND', '事项不存在');
    assertOwnItem(actor, row);
    const isDraft = row.item.status === 'draft';
    applyEvent(transferItemLifecycle, row.item.status, isDraft ? 'edit' : 'amend');
    checkVersion(row, opts.version);
    if (!isDraft && !opts.reason) throw validationError([{ path: 'body.reason', message: '变更已发布的事项须填写变更原因' }]);
    const params = row.programme.parameters as ProgrammeParameters;
    const errors = checkItemAgainstProgramme(input, { categories: row.programme.categories as never, commissioningModes: params.commissioningModes });
    if (errors.length) throw validationError(errors);
    const next = normalise(input);
    const revision = isDraft ? 0 : row.item.revision + 1;
    const [updated] = await tx
      .update(transferItems)
      .set({
        ...next,
        revision: isDraft ? row.item.revision : revision,
        search: isDraft ? null : searchVector(next.title, next.description),
        version: sql`${transferItems.version} + 1`,
        updatedAt: new Date(),
      })
      .where(and(eq(transferItems.id, row.item.id), eq(transferItems.version, opts.version)))
      .returning();
    if (!updated) throw new AppError('CONFLICT');
    if (!isDraft) {
      await writeRevision(tx, { entityType: 'transfer_item', entityId: row.item.id, revision, changeKind: 'amend', snapshot: itemSnapshot(updated), reason: opts.reason ?? null, actor });
    }
    const changes = diff(itemSnapshot(row.item) as Record<string, unknown>, itemSnapshot(updated));
    await appendAudit(tx, whoFromActor(actor, opts.meta), {
      action: isDraft ? 'item.update' : 'item.amend',
      entityType: 'transfer_item',
      entityId: row.item.id,
      orgId: actor.orgId,
      orgPath: actor.orgPath,
      before: changes.before,
      after: changes.after,
      reason: opts.reason ?? null,
    });
    return viewOf(tx, actor, row, updated);
  });
}

export async function deleteDraftItem(opts: { db: Db; actor: Actor; meta: RequestMeta; id: string; version: number }) {
  return opts.db.transaction(async (tx) => {
    const row = await findItem(tx, opts.id, true);
    if (!row) throw new AppError('NOT_FOUND', '事项不存在');
    assertOwnItem(opts.actor, row);
    applyEvent(transferItemLifecycle, row.item.status, 'discard');
    checkVersion(row, opts.version);
    await tx.delete(transferItems).where(and(eq(transferItems.id, row.item.id), eq(transferItems.version, opts.version)));
    await appendAudit(tx, whoFromActor(opts.actor, opts.meta), {
      action: 'item.delete',
      entityType: 'transfer_item',
      entityId: row.item.id,
      orgId: opts.actor.orgId,
      orgPath: opts.actor.orgPath,
      before: itemSnapshot(row.item),
    });
  });
}

/** Publish (revision 1, visible on the portal, waits in the association's inbox for relay) or withdraw. */
export async function changeItemState(opts: { db: Db; actor: Actor; meta: RequestMeta; id: string; version: number; event: Extract<TransferItemEvent, 'publish' | 'withdraw'>; reason?: string | null }) {
  const { db, actor } = opts;
  return db.transaction(async (tx) => {
    const row = await findItem(tx, opts.id, true);
    if (!row) throw new AppError('NOT_FOUND', '事项不存在');
    assertOwnItem(actor, row);
    const to = applyEvent(transferItemLifecycle, row.item.status, opts.event);
    checkVersion(row, opts.version);
    if (opts.event === 'withdraw' && !opts.reason) throw validationError([{ path: 'body.reason', message: '请填写撤回原因' }]);
    if (opts.event === 'publish' && row.programme.status !== 'published') throw new AppError('INVALID_STATE', '方案未发布或已结束，不能发布事项');
    const now = new Date();
    const revision = row.item.revision + 1;
    const [updated] = await tx
      .update(transferItems)
      .set({
        status: to,
        revision,
        ...(opts.event === 'publish'
          ? { publishedAt: now, search: searchVector(row.item.title, row.item.description) }
          : { withdrawnAt: now, withdrawReason: opts.reason ?? null }),
        version: sql`${transferItems.version} + 1`,
        updatedAt: now,
      })
      .where(and(eq(transferItems.id, row.item.id), eq(transferItems.version, opts.version)))
      .returning();
    if (!updated) throw new AppError('CONFLICT');
    await writeRevision(tx, { entityType: 'transfer_item', entityId: row.item.id, revision, changeKind: opts.event, snapshot: itemSnapshot(updated), reason: opts.reason ?? null, actor });
    if (opts.event === 'withdraw') await closeOpenDeclarationsOnWithdraw(tx, row.item.id, opts.reason ?? '', actor);
    await syncRelayTodo(tx, row.item.programmeId, row.item.associationId, row.programme.name, actor.userId);
    await appendAudit(tx, whoFromActor(actor, opts.meta), {
      action: `item.${opts.event}`,
      entityType: 'transfer_item',
      entityId: row.item.id,
      orgId: actor.orgId,
      orgPath: actor.orgPath,
      before: { status: row.item.status },
      after: { status: to, revision },
      reason: opts.reason ?? null,
    });
    return viewOf(tx, actor, row, updated);
  });
}

/**
 * SEL-1: while a programme has published items not yet relayed, one to-do waits in its
 * association's inbox; it closes when none are left (after a relay or a withdrawal).
 */
export async function syncRelayTodo(tx: DbOrTx, programmeId: string, associationId: string, programmeName: string, byUserId: string): Promise<void> {
  const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(transferItems).where(and(eq(transferItems.programmeId, programmeId), eq(transferItems.status, 'published')));
  const [open] = await tx
    .select({ id: todos.id })
    .from(todos)
    .where(and(eq(todos.entityType, 'programme'), eq(todos.entityId, programmeId), eq(todos.kind, RELAY_TODO), eq(todos.status, 'open')));
  if (Number(n) > 0 && !open) {
    await openTodo(tx, {
      kind: RELAY_TODO,
      title: `转发新发布的可转移职能事项：${programmeName}`,
      link: `/app/items?programmeId=${programmeId}&status=published`,
      entityType: 'programme',
      entityId: programmeId,
      assigneeOrgId: associationId,
      permission: 'item.relay',
      dueAt: null,
    });
  } else if (Number(n) === 0 && open) {
    await closeTodos(tx, { entityType: 'programme', entityId: programmeId, kind: RELAY_TODO }, byUserId);
  }
}

/** SEL-7 / FUN-3: a withdrawn item closes its live declarations, with the reason shown to each society. */
async function closeOpenDeclarationsOnWithdraw(tx: DbOrTx, itemId: string, reason: string, actor: Actor): Promise<void> {
  await closeDeclarationsOfItem(tx, { itemId, reason: `事项已撤回：${reason}`, exceptDeclarationId: null, actor });
}
