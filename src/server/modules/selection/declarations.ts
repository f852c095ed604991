// SEL-2…SEL-4: a society declares an item it can undertake (with evidence, X-4); the platform checks
// the programme's qualification conditions (SEL-3); the association recommends, returns for more
// information or does not recommend, with reasons (SEL-4).
import crypto from 'node:crypto';
import { and, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { attachments, declarations, organisations, transferItems } from '../../db/schema.js';
import type { Actor, RequestMeta } from '../../platform/actor.js';
import { appendAudit, whoFromActor } from '../../platform/audit.js';
import { AppError, validationError } from '../../platform/errors.js';
import { assertInScope } from '../../http/guards.js';
import { addDays, applyEvent, chinaToday } from '../../platform/transition.js';
import { closeTodos, openTodo } from '../../platform/todos.js';
import { notifyOrg } from '../../platform/notify.js';
import { isInScope } from '../../../domain/access/roles.js';
import { chinaDayOf } from '../../../domain/calendar-day.js';
import { transferItemLifecycle } from '../../../domain/transfer/transfer-item.lifecycle.js';
import { declarationLifecycle, type DeclarationEvent } from '../../../domain/selection/declaration.lifecycle.js';
import { checkQualification, recommendationBlockers, type QualificationResult } from '../../../domain/selection/qualification.rules.js';
import type { ProgrammeParameters } from '../../../domain/programme/programme.types.js';
import { findSociety, listFacts } from '../societies/societies.repo.js';
import { findItem, itemReachesSociety, type ItemRow } from '../transfer/transfer.repo.js';
import { DECLARE_TODO } from '../transfer/relay-items.js';
import { REVIEW_TODO, SUPPLEMENT_TODO } from './close-declarations.js';

export interface DeclarationInput {
  capacityStatement: string;
  plan?: string | null;
  contactName?: string | null;
  attachmentIds: string[];
}

/** SEL-3: the programme's conditions against the society's record and yearly facts, today. */
export async function qualificationOf(tx: DbOrTx, societyId: string, parameters: ProgrammeParameters): Promise<QualificationResult> {
  const soc = await findSociety(tx, societyId);
  if (!soc) throw new AppError('NOT_FOUND', '学会档案不存在');
  const facts = await listFacts(tx, societyId);
  return checkQualification(parameters.qualificationConditions, soc.profile, facts, chinaToday());
}

export async function findDeclaration(tx: DbOrTx, id: string, forUpdate = false) {
  const q = tx
    .select({ d: declarations, societyName: organisations.name })
    .from(declarations)
    .innerJoin(organisations, eq(organisations.id, declarations.societyId))
    .where(eq(declarations.id, id));
  const [row] = forUpdate ? await q.for('update', { of: declarations }) : await q;
  return row ?? null;
}

/** evidence must be files the society itself uploaded, not yet attached elsewhere. */
async function linkEvidence(tx: DbOrTx, actor: Actor, ids: string[], declarationId: string): Promise<void> {
  if (ids.length === 0) return;
  const rows = await tx
    .select({ id: attachments.id })
    .from(attachments)
    .where(and(inArray(attachments.id, ids), eq(attachments.ownerOrgId, actor.orgId), or(isNull(attachments.entityId), eq(attachments.entityId, declarationId))));
  const found = new Set(rows.map((r) => r.id));
  const errors = ids.map((id, i) => (found.has(id) ? null : { path: `body.attachmentIds.${i}`, message: '附件不存在或不属于本学会' })).filter((e) => e !== null);
  if (errors.length) throw validationError(errors);
  await tx.update(attachments).set({ entityType: 'declaration', entityId: declarationId }).where(inArray(attachments.id, ids));
}

function assertSocietyMayDeclare(actor: Actor, row: ItemRow): void {
  if (actor.orgType !== 'society' || !itemReachesSociety(actor, row)) {
    throw new AppError('OUT_OF_SCOPE', '该事项未转发至本学会', { extra: { entityType: 'transfer_item', entityId: row.item.id } });
  }
}

function assertBeforeDeadline(row: ItemRow): void {
  if (row.item.declarationDeadline && row.item.declarationDeadline.getTime() < Date.now()) {
    throw new AppError('INVALID_STATE', `申报已于 ${chinaDayOf(row.item.declarationDeadline)} 截止`);
  }
}

export async function submitDeclaration(opts: { db: Db; actor: Actor; meta: RequestMeta; itemId: string; input: DeclarationInput }) {
  const { db, actor, input } = opts;
  return db.transaction(async (tx) => {
    // The item row is locked: a declaration and a withdrawal of the same item cannot interleave.
    const row = await findItem(tx, opts.itemId, true);
    if (!row) throw new AppError('NOT_FOUND', '事项不存在');
    assertSocietyMayDeclare(actor, row);
    applyEvent(transferItemLifecycle, row.item.status, 'declare');
    assertBeforeDeadline(row);
    const params = row.programme.parameters as ProgrammeParameters;
    const [existing] = await tx
      .select({ id: declarations.id })
      .from(declarations)
      .where(and(eq(declarations.itemId, row.item.id), eq(declarations.societyId, actor.orgId), inArray(declarations.status, ['submitted', 'returned', 'recommended', 'notRecommended', 'selected'])));
    if (existing) throw new AppError('DUPLICATE', '本学会已申报该事项', { extra: { declarationId: existing.id } });
    const qualification = await qualificationOf(tx, actor.orgId, params);
    const id = crypto.randomUUID();
    await tx.insert(declarations).values({
      id,
      itemId: row.item.id,
      programmeId: row.item.programmeId,
      societyId: actor.orgId,
      societyPath: actor.orgPath,
      associationId: row.item.associationId,
      status: 'submitted',
      capacityStatement: input.capacityStatement,
      plan: input.plan ?? null,
      contactName: input.contactName ?? null,
      attachmentIds: input.attachmentIds,
      qualification,
      createdBy: actor.userId,
    });
    await linkEvidence(tx, actor, input.attachmentIds, id);
    // A new declaration changes the item: a department acting on an older view gets 409.
    await tx
      .update(transferItems)
      .set({ declarationCount: sql`${transferItems.declarationCount} + 1`, version: sql`${transferItems.version} + 1` })
      .where(eq(transferItems.id, row.item.id));
    if (row.item.relayId) await closeTodos(tx, { entityType: 'relay', entityId: row.item.relayId, kind: DECLARE_TODO, assigneeOrgId: actor.orgId }, actor.userId);
    await openReviewTodo(tx, id, row, actor.orgName, params);
    await appendAudit(tx, whoFromActor(actor, opts.meta), {
      action: 'declaration.submit',
      entityType: 'declaration',
      entityId: id,
      orgId: actor.orgId,
      orgPath: actor.orgPath,
      after: { itemId: row.item.id, status: 'submitted', isQualified: qualification.isQualified, failed: qualification.failed },
    });
    return (await findDeclaration(tx, id))!;
  });
}

async function openReviewTodo(tx: DbOrTx, declarationId: string, row: ItemRow, societyName: string, params: ProgrammeParameters) {
  await openTodo(tx, {
    kind: REVIEW_TODO,
    title: `审核申报：${societyName} 申报“${row.item.title}”`,
    link: `/app/declarations/${declarationId}`,
    entityType: 'declaration',
    entityId: declarationId,
    assigneeOrgId: row.item.associationId,
    permission: 'declaration.review',
    dueAt: addDays(new Date(), params.selectionDays.review),
  });
}

/** The society's own changes: resubmit after a return, or withdraw. */
export async function changeOwnDeclaration(opts: { db: Db; actor: Actor; meta: RequestMeta; id: string; version: number; event: 'resubmit' | 'withdraw'; input?: DeclarationInput }) {
  const { db, actor } = opts;
  return db.transaction(async (tx) => {
    const found = await findDeclaration(tx, opts.id, true);
    if (!found) throw new AppError('NOT_FOUND', '申报不存在');
    const d = found.d;
    if (d.societyId !== actor.orgId) throw new AppError('OUT_OF_SCOPE', '只能操作本学会的申报', { extra: { entityType: 'declaration', entityId: d.id } });
    const to = applyEvent(declarationLifecycle, d.status, opts.event);
    if (d.version !== opts.version) throw new AppError('CONFLICT', '该申报已有新的变化，请刷新后重试', { extra: { currentVersion: d.version } });
    const row = (await findItem(tx, d.itemId, true))!;
    const params = row.programme.parameters as ProgrammeParameters;
    let patch: Partial<typeof declarations.$inferInsert> = {};
    if (opts.event === 'resubmit') {
      applyEvent(transferItemLifecycle, row.item.status, 'declare');
      const input = opts.input!;
      patch = {
        capacityStatement: input.capacityStatement,
        plan: input.plan ?? null,
        contactName: input.contactName ?? null,
        attachmentIds: input.attachmentIds,
        qualification: await qualificationOf(tx, actor.orgId, params),
        submittedAt: new Date(),
      };
      await linkEvidence(tx, actor, input.attachmentIds, d.id);
      await closeTodos(tx, { entityType: 'declaration', entityId: d.id, kind: SUPPLEMENT_TODO }, actor.userId);
      await openReviewTodo(tx, d.id, row, found.societyName, params);
    } else {
      await closeTodos(tx, { entityType: 'declaration', entityId: d.id, kind: REVIEW_TODO }, actor.userId);
      await closeTodos(tx, { entityType: 'declaration', entityId: d.id, kind: SUPPLEMENT_TODO }, actor.userId);
    }
    await tx
      .update(declarations)
      .set({ ...patch, status: to, version: sql`${declarations.version} + 1`, updatedAt: new Date() })
      .where(and(eq(declarations.id, d.id), eq(declarations.version, opts.version)));
    await appendAudit(tx, whoFromActor(actor, opts.meta), {
      action: `declaration.${opts.event}`,
      entityType: 'declaration',
      entityId: d.id,
      orgId: actor.orgId,
      orgPath: actor.orgPath,
      before: { status: d.status },
      after: { status: to },
    });
    return (await findDeclaration(tx, d.id))!;
  });
}

export type ReviewDecision = Extract<DeclarationEvent, 'recommend' | 'return' | 'notRecommend' | 'reconsider'>;

/** SEL-4: the association's decision on a declaration, with its reason. */
export async function reviewDeclaration(opts: { db: Db; actor: Actor; meta: RequestMeta; id: string; version: number; decision: ReviewDecision; opinion: string; manualConfirmed?: number[] }) {
  const { db, actor } = opts;
  return db.transaction(async (tx) => {
    const found = await findDeclaration(tx, opts.id, true);
    if (!found) throw new AppError('NOT_FOUND', '申报不存在');
    const d = found.d;
    const row = (await findItem(tx, d.itemId, true))!;
    assertInScope(actor, row.item.associationPath, { entityType: 'declaration', entityId: d.id });
    applyEvent(transferItemLifecycle, row.item.status, 'review');
    const to = applyEvent(declarationLifecycle, d.status, opts.decision);
    if (d.version !== opts.version) throw new AppError('CONFLICT', '该申报已有新的变化，请刷新后重试', { extra: { currentVersion: d.version } });
    const params = row.programme.parameters as ProgrammeParameters;
    let qualification = d.qualification as QualificationResult;
    const manualConfirmed = opts.manualConfirmed ?? [];
    if (opts.decision === 'recommend') {
      // Facts may have changed since the declaration: check again, today.
      qualification = await qualificationOf(tx, d.societyId, params);
      const blockers = recommendationBlockers(qualification, manualConfirmed);
      if (blockers.length) {
        throw new AppError('VALIDATION_FAILED', '该学会不符合推荐条件', { errors: blockers.map((message) => ({ path: 'body.manualConfirmed', message })) });
      }
    }
    await tx
      .update(declarations)
      .set({
        status: to,
        reviewOpinion: opts.opinion,
        qualification,
        manualConfirmed: opts.decision === 'recommend' ? manualConfirmed : d.manualConfirmed,
        decidedAt: new Date(),
        // SEL-6: what the department and the review offices may read (kept when selected or closed)
        recommendedAt: opts.decision === 'recommend' ? new Date() : opts.decision === 'reconsider' ? null : d.recommendedAt,
        version: sql`${declarations.version} + 1`,
        updatedAt: new Date(),
      })
      .where(and(eq(declarations.id, d.id), eq(declarations.version, opts.version)));
    await closeTodos(tx, { entityType: 'declaration', entityId: d.id, kind: REVIEW_TODO }, actor.userId);
    if (opts.decision === 'return') {
      await openTodo(tx, {
        kind: SUPPLEMENT_TODO,
        title: `补充申报材料：${row.item.title}`,
        link: `/app/declarations/${d.id}`,
        entityType: 'declaration',
        entityId: d.id,
        assigneeOrgId: d.societyId,
        permission: 'declaration.submit',
        dueAt: row.item.declarationDeadline && row.item.declarationDeadline.getTime() > Date.now() ? row.item.declarationDeadline : addDays(new Date(), params.selectionDays.review),
      });
    }
    if (opts.decision === 'reconsider') await openReviewTodo(tx, d.id, row, found.societyName, params);
    const label = declarationLifecycle.events[opts.decision].label;
    await notifyOrg(tx, d.societyId, { permission: 'declaration.submit' }, { title: `申报${label}：${row.item.title}`, body: opts.opinion, link: `/app/declarations/${d.id}`, entityType: 'declaration', entityId: d.id });
    await appendAudit(tx, whoFromActor(actor, opts.meta), {
      action: `declaration.${opts.decision}`,
      entityType: 'declaration',
      entityId: d.id,
      orgId: d.societyId,
      orgPath: d.societyPath,
      before: { status: d.status },
      after: { status: to, manualConfirmed: opts.decision === 'recommend' ? manualConfirmed : undefined },
      reason: opts.opinion,
    });
    return (await findDeclaration(tx, d.id))!;
  });
}

/**
 * Issue 11 §1 (SEL-6): who may read a declaration — with declaration.read: its society; the
 * association staff whose scope holds the item's association; the item's department, once the
 * association has recommended it; a review office the item was sent to for countersigning, once
 * recommended. "Recommended" is `recommended_at` (kept when the declaration is later selected or
 * closed), so it holds before and after the item is decided. declarationReadScope is the same rule
 * in SQL for lists and counts (declaration-scope.ts).
 */
export async function assertMayReadDeclaration(tx: DbOrTx, actor: Actor, d: typeof declarations.$inferSelect, row: ItemRow): Promise<void> {
  if (actor.permissions.has('declaration.read')) {
    if (actor.orgType === 'society' && d.societyId === actor.orgId) return;
    if (actor.orgType === 'association' && isInScope(actor.scopePath, row.item.associationPath)) return;
    if (d.recommendedAt !== null) {
      if (actor.orgType === 'department' && row.item.departmentId === actor.orgId) return;
      if (actor.orgType === 'review_office') {
        const r = (await tx.execute(sql`
          SELECT 1 FROM countersign_items ci JOIN countersign_opinions co ON co.countersign_id = ci.countersign_id
          WHERE ci.item_id = ${row.item.id} AND co.office_org_id = ${actor.orgId} LIMIT 1`)) as unknown as { rows: unknown[] };
        if (r.rows.length) return;
      }
    }
  }
  throw new AppError('OUT_OF_SCOPE', '无权查看该申报', { extra: { entityType: 'declaration', entityId: d.id } });
}
