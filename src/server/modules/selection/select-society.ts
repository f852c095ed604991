// SEL-6, SEL-7: the department chooses the undertaking society among the recommended ones, with a
// recorded reason; the choice creates the pilot project; the other declarations close with the
// reason visible to their societies.
import crypto from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { declarations, pilotProjects, transferItems } from '../../db/schema.js';
import type { Actor, RequestMeta } from '../../platform/actor.js';
import { appendAudit, whoFromActor } from '../../platform/audit.js';
import { AppError, validationError } from '../../platform/errors.js';
import { applyEvent } from '../../platform/transition.js';
import { searchVector } from '../../platform/search.js';
import { closeTodos } from '../../platform/todos.js';
import { notifyOrg, TASK_BOOK_PARTIES } from '../../platform/notify.js';
import { transferItemLifecycle } from '../../../domain/transfer/transfer-item.lifecycle.js';
import { declarationLifecycle } from '../../../domain/selection/declaration.lifecycle.js';
import { findItem } from '../transfer/transfer.repo.js';
import { assertOwnItem } from '../transfer/save-item.js';
import { closeDeclarationsOfItem } from './close-declarations.js';
import { findDeclaration } from './declarations.js';
import { SELECT_TODO } from './countersign.js';

export async function selectSociety(opts: { db: Db; actor: Actor; meta: RequestMeta; itemId: string; version: number; declarationId: string; reason: string }) {
  const { db, actor } = opts;
  return db.transaction(async (tx) => {
    const row = await findItem(tx, opts.itemId, true);
    if (!row) throw new AppError('NOT_FOUND', '事项不存在');
    assertOwnItem(actor, row);
    const to = applyEvent(transferItemLifecycle, row.item.status, 'select');
    if (row.item.version !== opts.version) throw new AppError('CONFLICT', '该事项已有新的变化，请刷新后重试', { extra: { currentVersion: row.item.version } });
    const found = await findDeclaration(tx, opts.declarationId, true);
    if (!found || found.d.itemId !== row.item.id) throw validationError([{ path: 'body.declarationId', message: '请在本事项的推荐学会中选择' }]);
    if (found.d.status !== 'recommended') throw validationError([{ path: 'body.declarationId', message: '只能选择科协推荐的学会' }]);
    const dTo = applyEvent(declarationLifecycle, found.d.status, 'select');
    const now = new Date();
    const [updated] = await tx
      .update(transferItems)
      .set({ status: to, version: sql`${transferItems.version} + 1`, updatedAt: now })
      .where(and(eq(transferItems.id, row.item.id), eq(transferItems.version, opts.version)))
      .returning();
    if (!updated) throw new AppError('CONFLICT');
    await tx.update(declarations).set({ status: dTo, decidedAt: now, version: sql`${declarations.version} + 1`, updatedAt: now }).where(eq(declarations.id, found.d.id));
    const projectId = crypto.randomUUID();
    await tx.insert(pilotProjects).values({
      id: projectId,
      programmeId: row.item.programmeId,
      itemId: row.item.id,
      declarationId: found.d.id,
      departmentId: row.item.departmentId,
      societyId: found.d.societyId,
      associationId: row.item.associationId,
      associationPath: row.item.associationPath,
      title: row.item.title,
      categoryCode: row.item.categoryCode,
      selectionReason: opts.reason,
      selectedAt: now,
      selectedBy: actor.userId,
      search: searchVector(row.item.title, row.item.description, found.societyName),
    });
    await closeTodos(tx, { entityType: 'transfer_item', entityId: row.item.id, kind: SELECT_TODO }, actor.userId);
    await closeDeclarationsOfItem(tx, { itemId: row.item.id, exceptDeclarationId: found.d.id, actor, itemTitle: row.item.title, reason: `经择优比选，${row.departmentName}确定由${found.societyName}承接。理由：${opts.reason}` });
    const link = `/app/projects/${projectId}`;
    await notifyOrg(tx, found.d.societyId, { permission: TASK_BOOK_PARTIES }, { title: `已确定由本学会承接：${row.item.title}`, body: opts.reason, link, entityType: 'pilot_project', entityId: projectId });
    await notifyOrg(tx, row.item.associationId, { permission: 'taskBook.edit' }, { title: `试点项目已确定：${row.item.title}`, body: `${row.departmentName}确定由${found.societyName}承接。`, link, entityType: 'pilot_project', entityId: projectId });
    await appendAudit(tx, whoFromActor(actor, opts.meta), {
      action: 'selection.decide',
      entityType: 'transfer_item',
      entityId: row.item.id,
      orgId: actor.orgId,
      orgPath: actor.orgPath,
      before: { status: row.item.status },
      after: { status: to, declarationId: found.d.id, society: found.societyName, projectId },
      reason: opts.reason,
    });
    await appendAudit(tx, whoFromActor(actor, opts.meta), {
      action: 'project.create',
      entityType: 'pilot_project',
      entityId: projectId,
      orgId: row.item.associationId,
      orgPath: row.item.associationPath,
      after: { itemId: row.item.id, departmentId: row.item.departmentId, societyId: found.d.societyId, associationId: row.item.associationId },
      reason: opts.reason,
    });
    return projectId;
  });
}
