// CAP-2, CAP-3 (issue 13 step 2): a society's application to a published yearly call, and the
// association's formal review of it.
//  - A society the call reaches (the call's to-do went to it: platform/notify.ts societiesReached)
//    writes a draft for one of the call's types; the content follows the call and the programme's
//    expense categories (domain/capacity/application.ts applicationProblems, FND-1/FND-2).
//  - Submitting checks the application period (a first submission only: a returned application is
//    corrected after the closing day too) and the eligibility (domain/capacity/eligibility.ts over
//    the society's record, yearly facts and debarments, CAP-2); a failed condition refuses with each
//    fact and the clause. Each submission freezes a numbered version with its eligibility.
//  - The association that runs the programme reviews the submitted version against the programme's
//    checklist (CAP-3): passed, returned for correction (a to-do for the society), or rejected.
// Reads: the society its own applications; the association staff over the programme and the
// finance bureau attached to the programme's association every application once submitted.
// Every change is audited in its transaction, with its to-dos and notifications.
import { and, eq, ne, sql, type SQL } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { attachments, capacityApplicationVersions, capacityApplications, capacityDecisions, organisations } from '../../db/schema.js';
import type { Actor, RequestMeta } from '../../platform/actor.js';
import { appendAudit, whoFromActor } from '../../platform/audit.js';
import { clauseOf, ruleRefOf, type HasRuleClauses } from '../../../domain/programme/rule-clauses.js';
import { AppError, validationError } from '../../platform/errors.js';
import { addDays, applyEvent, chinaToday } from '../../platform/transition.js';
import { closeTodos, openTodo } from '../../platform/todos.js';
import { notifyOrg } from '../../platform/notify.js';
import { isInScope } from '../../../domain/access/roles.js';
import { formatYuan } from '../../../domain/money.js';
import type { ProgrammeParameters } from '../../../domain/programme/programme.types.js';
import { checkCapacityEligibility, type CapacityEligibilityResult } from '../../../domain/capacity/eligibility.js';
import {
  applicationLifecycle,
  applicationProblems,
  applicationProblemsClause,
  budgetTotalFen,
  formalReviewProblems,
  offeredTypes,
  windowProblem,
  type ApplicationInput,
  type ApplicationState,
  type FormalDecision,
} from '../../../domain/capacity/application.js';
import { findSociety, listFacts } from '../societies/societies.repo.js';
import { CALL_APPLY_TODO, findCall, loadProgramme, type CallRow, type ProgrammeForCalls } from './calls.js';

export type ApplicationRow = typeof capacityApplications.$inferSelect;

export const REVIEW_TODO = 'capacityApplication.review';
export const REVISE_TODO = 'capacityApplication.revise';
export const applicationLink = (id: string) => `/app/capacity-applications/${id}`;

/** Whether the actor's own society is one the call's programme reaches (the call's to-do went to it). */
export async function callReachesSociety(db: DbOrTx, prog: ProgrammeForCalls, actor: Actor): Promise<boolean> {
  if (actor.orgType !== 'society') return false;
  const [org] = await db.select({ parentId: organisations.parentId, path: organisations.path, active: organisations.isActive }).from(organisations).where(eq(organisations.id, actor.orgId));
  if (!org?.active) return false;
  if (prog.parameters.relayIncludesSubordinateSocieties === true) return isInScope(prog.associationPath, org.path);
  return org.parentId === prog.associationId;
}

/** The programme's reviewers of applications: its own association's staff (capacityApplication.review). */
export const reviews = (prog: ProgrammeForCalls, actor: Actor) => prog.readsAll && actor.orgId === prog.associationId && actor.permissions.has('capacityApplication.review');

/** Who reads an application (its programme already readable). */
export function mayReadApplication(prog: ProgrammeForCalls, actor: Actor, a: Pick<ApplicationRow, 'societyId' | 'version'>): boolean {
  if (actor.orgType === 'society') return a.societyId === actor.orgId;
  if (a.version === 0) return false; // a draft never submitted is the society's own
  if (actor.orgType === 'association') return prog.readsAll && (actor.permissions.has('capacityApplication.review') || actor.permissions.has('capacityCall.manage'));
  if (actor.orgType === 'finance_bureau') return prog.confirmer && prog.parameters.financeBureauCoManages === true;
  return false;
}

/** The same rule as a condition on capacity_applications (a list over one call or the actor's scope). */
export function applicationReadScope(actor: Actor): SQL {
  if (actor.orgType === 'society') return eq(capacityApplications.societyId, actor.orgId);
  const submitted = ne(capacityApplications.version, 0);
  if (actor.orgType === 'association' && (actor.permissions.has('capacityApplication.review') || actor.permissions.has('capacityCall.manage'))) {
    return and(submitted, sql`${capacityApplications.associationPath} LIKE ${actor.scopePath.replace(/[%_\\]/g, '\\$&') + '%'}`)!;
  }
  if (actor.orgType === 'finance_bureau' && actor.permissions.has('fund.read')) {
    // the finance bureau's scope root is the association it is attached to (roles.ts scopeRootPath)
    return and(
      submitted,
      eq(capacityApplications.associationPath, actor.scopePath),
      sql`EXISTS (SELECT 1 FROM programmes p WHERE p.id = ${capacityApplications.programmeId} AND p.parameters->>'financeBureauCoManages' = 'true')`,
    )!;
  }
  return sql`false`;
}

export function applicationActionsFor(prog: ProgrammeForCalls, actor: Actor, a: Pick<ApplicationRow, 'societyId' | 'status'>): ('edit' | 'submit' | 'withdraw' | 'review')[] {
  const out: ('edit' | 'submit' | 'withdraw' | 'review')[] = [];
  const status = a.status as ApplicationState;
  if (actor.orgType === 'society' && a.societyId === actor.orgId && actor.permissions.has('capacityApplication.submit')) {
    if (status === 'draft' || status === 'returned') out.push('edit', 'submit');
    if (applicationLifecycle.events.withdraw.from.includes(status)) out.push('withdraw');
  }
  if (status === 'submitted' && reviews(prog, actor)) out.push('review');
  return out;
}

// ------------------------------------------------------------------------------------------------
// Eligibility (CAP-2)
// ------------------------------------------------------------------------------------------------

/** The society's eligibility for a type of the call, today: its record, yearly facts and debarments. */
export async function eligibilityOf(db: DbOrTx, societyId: string, params: ProgrammeParameters, call: Pick<CallRow, 'types'>, typeCode: string) {
  const type = offeredTypes(call.types, params.projectTypes).find((t) => t.code === typeCode);
  if (!type) throw validationError([{ path: 'typeCode', message: `“${typeCode}”不是本次申报通知的项目类型` }]);
  const soc = await findSociety(db, societyId);
  if (!soc) throw new AppError('NOT_FOUND', '学会档案不存在');
  const facts = await listFacts(db, societyId);
  const result = checkCapacityEligibility(params.capacityEligibility, type.kind, soc.profile, facts, chinaToday());
  return { type, result };
}

export function eligibilityView(type: { code: string; name: string }, r: CapacityEligibilityResult, params: HasRuleClauses) {
  return {
    checkedOn: r.checkedOn,
    typeCode: type.code,
    typeName: type.name,
    eligible: r.eligible,
    failed: r.failed,
    manual: r.manual,
    conditions: r.results.map((x) => ({ index: x.index, label: x.label, group: x.group, status: x.status, fact: x.fact })),
    clause: clauseOf(params, 'eligibility'),
  };
}

// ------------------------------------------------------------------------------------------------
// Writes
// ------------------------------------------------------------------------------------------------

function audit(tx: DbOrTx, actor: Actor, meta: RequestMeta, a: Pick<ApplicationRow, 'id' | 'societyId' | 'societyPath'>, e: { action: string; before?: unknown; after?: unknown; reason?: string | null }) {
  return appendAudit(tx, whoFromActor(actor, meta), {
    action: e.action,
    entityType: 'capacity_application',
    entityId: a.id,
    orgId: a.societyId,
    orgPath: a.societyPath,
    before: e.before,
    after: e.after,
    reason: e.reason ?? null,
  });
}

const stale = (current: number) => new AppError('CONFLICT', '申报书已被他人修改，请刷新后重试', { extra: { currentVersion: current } });

/** The content's rules under the call and the programme; refusals are field errors naming their rule. */
function assertContent(input: ApplicationInput, call: CallRow, params: ProgrammeParameters): void {
  const errors = applicationProblems(input, offeredTypes(call.types, params.projectTypes), params);
  if (errors.length) {
    const rules = [...new Set(errors.map((e) => e.rule))];
    throw new AppError('VALIDATION_FAILED', errors.map((e) => e.message).join('；'), {
      errors: errors.map(({ path, message }) => ({ path, message })),
      extra: { rule: rules.join(','), clause: applicationProblemsClause(params, errors) },
    });
  }
}

/** X-4: attachments must be files the society uploaded, not attached to another record. */
async function linkAttachments(tx: DbOrTx, actor: Actor, ids: string[], applicationId: string): Promise<void> {
  if (ids.length === 0) return;
  const rows = await tx
    .select({ id: attachments.id, entityId: attachments.entityId })
    .from(attachments)
    .where(and(sql`${attachments.id} IN (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})`, eq(attachments.ownerOrgId, actor.orgId)));
  const ok = new Set(rows.filter((r) => r.entityId === null || r.entityId === applicationId).map((r) => r.id));
  const errors = ids.map((id, i) => (ok.has(id) ? null : { path: `body.attachmentIds.${i}`, message: '附件不存在或不属于本学会' })).filter((e) => e !== null);
  if (errors.length) throw validationError(errors);
  await tx.update(attachments).set({ entityType: 'capacity_application', entityId: applicationId }).where(sql`${attachments.id} IN (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})`);
}

const contentOf = (input: ApplicationInput) => ({
  typeCode: input.typeCode,
  title: input.title,
  goals: input.goals,
  indicators: input.indicators.map((i) => ({ label: i.label, target: i.target })),
  budget: input.budget.map((l) => ({ category: l.category, item: l.item ?? null, amountFen: l.amountFen, note: l.note ?? null })),
  requestedFen: budgetTotalFen(input.budget),
  contactName: input.contactName ?? null,
  contactPhone: input.contactPhone ?? null,
  attachmentIds: input.attachmentIds ?? [],
});

async function assertPlaceFree(tx: DbOrTx, callId: string, societyId: string, typeCode: string, exceptId: string | null): Promise<void> {
  const [taken] = await tx
    .select({ id: capacityApplications.id })
    .from(capacityApplications)
    .where(and(eq(capacityApplications.callId, callId), eq(capacityApplications.societyId, societyId), eq(capacityApplications.typeCode, typeCode), ne(capacityApplications.status, 'withdrawn')));
  if (taken && taken.id !== exceptId) throw new AppError('DUPLICATE', '本学会已申报本次通知的该类项目，每类项目只能申报一份', { extra: { applicationId: taken.id } });
}

export async function createApplication(opts: { db: Db; actor: Actor; meta: RequestMeta; callId: string; input: ApplicationInput }): Promise<string> {
  const { db, actor, input } = opts;
  return db.transaction(async (tx) => {
    const call = await findCall(tx, opts.callId);
    if (!call) throw new AppError('NOT_FOUND', '申报通知不存在');
    const prog = await loadProgramme(tx, actor, call.programmeId);
    if (call.status !== 'published' && call.status !== 'closed') throw new AppError('NOT_FOUND', '申报通知不存在');
    if (!(await callReachesSociety(tx, prog, actor))) throw new AppError('OUT_OF_SCOPE', `本次申报通知面向${prog.associationName}所属学会`, { extra: { entityType: 'capacity_call', entityId: call.id } });
    // a draft may be written once the call is published, before its first day too; not after it closed
    const today = chinaToday();
    const closed = windowProblem(call, today < call.opensOn ? call.opensOn : today);
    if (closed) throw new AppError('INVALID_STATE', closed, { extra: ruleRefOf(prog.parameters, 'applicationWindow') });
    assertContent(input, call, prog.parameters);
    // the society's row serialises its applications to the call: one per type
    await tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.id, actor.orgId)).for('update');
    await assertPlaceFree(tx, call.id, actor.orgId, input.typeCode, null);
    const id = crypto.randomUUID();
    await tx.insert(capacityApplications).values({
      id,
      callId: call.id,
      programmeId: call.programmeId,
      associationId: call.associationId,
      associationPath: call.associationPath,
      societyId: actor.orgId,
      societyPath: actor.orgPath,
      ...contentOf(input),
      createdBy: actor.userId,
    });
    await linkAttachments(tx, actor, input.attachmentIds ?? [], id);
    await audit(tx, actor, opts.meta, { id, societyId: actor.orgId, societyPath: actor.orgPath }, { action: 'capacityApplication.create', after: { callId: call.id, typeCode: input.typeCode, title: input.title, requestedFen: budgetTotalFen(input.budget) } });
    return id;
  });
}

/** The application locked for a change, with its call and programme. The caller must read it. */
async function lockApplication(tx: DbOrTx, actor: Actor, id: string, rowVersion: number) {
  const [first] = await tx.select().from(capacityApplications).where(eq(capacityApplications.id, id));
  if (!first) throw new AppError('NOT_FOUND', '申报书不存在');
  const prog = await loadProgramme(tx, actor, first.programmeId);
  if (!mayReadApplication(prog, actor, first)) throw new AppError('NOT_FOUND', '申报书不存在');
  const [row] = await tx.select().from(capacityApplications).where(eq(capacityApplications.id, id)).for('update');
  if (row.rowVersion !== rowVersion) throw stale(row.rowVersion);
  const call = (await findCall(tx, row.callId))!;
  return { row, prog, call };
}

function assertOwnSociety(actor: Actor, row: ApplicationRow): void {
  if (actor.orgType !== 'society' || row.societyId !== actor.orgId || !actor.permissions.has('capacityApplication.submit')) {
    throw new AppError('FORBIDDEN', '申报书由申报学会填写和提交');
  }
}

export async function editApplication(opts: { db: Db; actor: Actor; meta: RequestMeta; id: string; rowVersion: number; input: ApplicationInput }): Promise<void> {
  const { db, actor, input } = opts;
  await db.transaction(async (tx) => {
    const { row, prog, call } = await lockApplication(tx, actor, opts.id, opts.rowVersion);
    assertOwnSociety(actor, row);
    // the society's row serialises its applications to the call (a type changed here vs. one created there; attachments)
    await tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.id, row.societyId)).for('update');
    if (row.status !== 'draft' && row.status !== 'returned') {
      throw new AppError('INVALID_STATE', `“${applicationLifecycle.states[row.status as ApplicationState] ?? row.status}”的申报书不能修改`);
    }
    assertContent(input, call, prog.parameters);
    if (input.typeCode !== row.typeCode) {
      if (row.version > 0) throw validationError([{ path: 'body.typeCode', message: '已提交过的申报书不能改变项目类型' }]);
      await assertPlaceFree(tx, call.id, row.societyId, input.typeCode, row.id);
    }
    await tx
      .update(capacityApplications)
      .set({ ...contentOf(input), updatedAt: new Date(), rowVersion: sql`${capacityApplications.rowVersion} + 1` })
      .where(eq(capacityApplications.id, row.id));
    await linkAttachments(tx, actor, input.attachmentIds ?? [], row.id);
    await audit(tx, actor, opts.meta, row, { action: 'capacityApplication.edit', before: { title: row.title, requestedFen: row.requestedFen }, after: { title: input.title, requestedFen: budgetTotalFen(input.budget) } });
  });
}

/**
 * Submits (or resubmits) the application: the period for a first submission (CAP-1), the
 * eligibility (CAP-2) — each failed condition with its fact; then a new frozen version, the
 * association's review to-do and a notification.
 */
export async function submitApplication(opts: { db: Db; actor: Actor; meta: RequestMeta; id: string; rowVersion: number }): Promise<void> {
  const { db, actor } = opts;
  await db.transaction(async (tx) => {
    const { row, prog, call } = await lockApplication(tx, actor, opts.id, opts.rowVersion);
    assertOwnSociety(actor, row);
    const to = applyEvent(applicationLifecycle, row.status, 'submit');
    if (row.version === 0) {
      const problem = windowProblem(call, chinaToday());
      if (problem) throw new AppError('INVALID_STATE', problem, { extra: ruleRefOf(prog.parameters, 'applicationWindow') });
    }
    // the content is checked again: the call or the programme may have changed since it was saved
    assertContent(
      { typeCode: row.typeCode, title: row.title, goals: row.goals, indicators: row.indicators, budget: row.budget, contactName: row.contactName, contactPhone: row.contactPhone, attachmentIds: row.attachmentIds },
      call,
      prog.parameters,
    );
    const { type, result } = await eligibilityOf(tx, row.societyId, prog.parameters, call, row.typeCode);
    const eligibility = eligibilityView(type, result, prog.parameters);
    if (!result.eligible) {
      const failed = eligibility.conditions.filter((c) => c.status === 'fail');
      throw new AppError('INVALID_STATE', `不符合申报条件，不能提交：${failed.map((c) => `“${c.label}”（${c.fact}）`).join('；')}。依据：${clauseOf(prog.parameters, 'eligibility')}`, {
        extra: { ...ruleRefOf(prog.parameters, 'eligibility'), eligibility },
      });
    }
    const version = row.version + 1;
    const now = new Date();
    const content = { typeCode: row.typeCode, title: row.title, goals: row.goals, indicators: row.indicators, budget: row.budget, requestedFen: row.requestedFen, contactName: row.contactName, contactPhone: row.contactPhone, attachmentIds: row.attachmentIds };
    await tx.insert(capacityApplicationVersions).values({ applicationId: row.id, version, content, eligibility, submittedAt: now, submittedBy: actor.userId });
    await tx
      .update(capacityApplications)
      .set({ status: to, version, submittedAt: now, submittedBy: actor.userId, updatedAt: now, rowVersion: sql`${capacityApplications.rowVersion} + 1` })
      .where(eq(capacityApplications.id, row.id));
    const link = applicationLink(row.id);
    await closeTodos(tx, { entityType: 'capacity_application', entityId: row.id, kind: REVISE_TODO }, actor.userId);
    await closeTodos(tx, { entityType: 'capacity_call', entityId: call.id, kind: CALL_APPLY_TODO, assigneeOrgId: row.societyId }, actor.userId);
    await openTodo(tx, {
      kind: REVIEW_TODO,
      title: `形式审查：${actor.orgName}“${row.title}”${version > 1 ? `（第 ${version} 版）` : ''}`,
      link,
      entityType: 'capacity_application',
      entityId: row.id,
      assigneeOrgId: prog.associationId,
      permission: 'capacityApplication.review',
      dueAt: addDays(now, prog.parameters.selectionDays.review),
    });
    await notifyOrg(tx, prog.associationId, { permission: 'capacityApplication.review' }, {
      title: `${actor.orgName}${version > 1 ? '重新提交' : '提交'}申报书`,
      body: `“${row.title}”（${type.name}），预算 ${formatYuan(row.requestedFen)}。`,
      link,
      entityType: 'capacity_application',
      entityId: row.id,
    });
    await audit(tx, actor, opts.meta, row, { action: 'capacityApplication.submit', before: { status: row.status }, after: { status: to, version, eligible: true, manual: result.manual } });
  });
}

export async function withdrawApplication(opts: { db: Db; actor: Actor; meta: RequestMeta; id: string; rowVersion: number; reason?: string | null }): Promise<void> {
  const { db, actor } = opts;
  await db.transaction(async (tx) => {
    const { row, prog } = await lockApplication(tx, actor, opts.id, opts.rowVersion);
    assertOwnSociety(actor, row);
    const to = applyEvent(applicationLifecycle, row.status, 'withdraw');
    await tx.update(capacityApplications).set({ status: to, updatedAt: new Date(), rowVersion: sql`${capacityApplications.rowVersion} + 1` }).where(eq(capacityApplications.id, row.id));
    await closeTodos(tx, { entityType: 'capacity_application', entityId: row.id, kind: REVIEW_TODO }, actor.userId);
    await closeTodos(tx, { entityType: 'capacity_application', entityId: row.id, kind: REVISE_TODO }, actor.userId);
    if (row.version > 0) {
      await notifyOrg(tx, prog.associationId, { permission: 'capacityApplication.review' }, {
        title: `${actor.orgName}撤回申报书`,
        body: `“${row.title}”${opts.reason ? `：${opts.reason}` : ''}`,
        link: applicationLink(row.id),
        entityType: 'capacity_application',
        entityId: row.id,
      });
    }
    await audit(tx, actor, opts.meta, row, { action: 'capacityApplication.withdraw', before: { status: row.status }, after: { status: to }, reason: opts.reason ?? null });
  });
}

const DECISION_EVENT = { pass: 'pass', return: 'return', reject: 'reject' } as const satisfies Record<FormalDecision, string>;

/** CAP-3: the association's formal review of the submitted version, item by item. */
export async function reviewApplication(opts: {
  db: Db;
  actor: Actor;
  meta: RequestMeta;
  id: string;
  rowVersion: number;
  decision: FormalDecision;
  items: { code: string; passed: boolean; note?: string | null }[];
  comment?: string | null;
}): Promise<void> {
  const { db, actor, decision } = opts;
  await db.transaction(async (tx) => {
    const { row, prog } = await lockApplication(tx, actor, opts.id, opts.rowVersion);
    if (!reviews(prog, actor)) throw new AppError('FORBIDDEN', `申报书由${prog.associationName}进行形式审查`);
    const to = applyEvent(applicationLifecycle, row.status, DECISION_EVENT[decision]);
    if (decision === 'pass') {
      // a late pass would join a type whose results are already proposed or decided (CAP-4): refused, the association may reject it
      const [decided] = await tx
        .select({ status: capacityDecisions.status })
        .from(capacityDecisions)
        .where(and(eq(capacityDecisions.callId, row.callId), eq(capacityDecisions.typeCode, row.typeCode), ne(capacityDecisions.status, 'returned')));
      if (decided) throw new AppError('INVALID_STATE', '该类项目的评审结果已提出或已确定，不能再通过形式审查进入专家评审；如不予受理，请选择“不予受理”并写明理由', { extra: ruleRefOf(prog.parameters, 'formalReview') });
    }
    const checklist = prog.parameters.formalReviewChecklist;
    const errors = formalReviewProblems(decision, opts.items, opts.comment, checklist);
    if (errors.length) throw new AppError('VALIDATION_FAILED', errors.map((e) => e.message).join('；'), { errors, extra: ruleRefOf(prog.parameters, 'formalReview') });
    const now = new Date();
    const review = { items: opts.items.map((i) => ({ code: i.code, passed: i.passed, note: i.note?.trim() || null })), comment: opts.comment?.trim() || null };
    await tx
      .update(capacityApplications)
      .set({
        status: to,
        review,
        returnComment: decision === 'return' ? review.comment : row.returnComment,
        decidedAt: now,
        decidedBy: actor.userId,
        updatedAt: now,
        rowVersion: sql`${capacityApplications.rowVersion} + 1`,
      })
      .where(eq(capacityApplications.id, row.id));
    await closeTodos(tx, { entityType: 'capacity_application', entityId: row.id, kind: REVIEW_TODO }, actor.userId);
    const link = applicationLink(row.id);
    if (decision === 'return') {
      await openTodo(tx, {
        kind: REVISE_TODO,
        title: `修改申报书：“${row.title}”`,
        link,
        entityType: 'capacity_application',
        entityId: row.id,
        assigneeOrgId: row.societyId,
        permission: 'capacityApplication.submit',
        dueAt: addDays(now, prog.parameters.selectionDays.declare),
      });
    }
    const failed = review.items.filter((i) => !i.passed).map((i) => checklist.find((c) => c.code === i.code)?.label ?? i.code);
    await notifyOrg(tx, row.societyId, { permission: 'capacityApplication.submit' }, {
      title: decision === 'pass' ? '申报书通过形式审查' : decision === 'return' ? '申报书退回修改' : '申报书不予受理',
      body: `“${row.title}”${failed.length ? `：不符合“${failed.join('”“')}”` : ''}${review.comment ? `。${review.comment}` : ''}`,
      link,
      entityType: 'capacity_application',
      entityId: row.id,
    });
    await audit(tx, actor, opts.meta, row, { action: `capacityApplication.${decision}`, before: { status: row.status }, after: { status: to, version: row.version, items: review.items }, reason: review.comment });
  });
}
