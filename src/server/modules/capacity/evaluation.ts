// CAP-6 (issue 13 step 7; 《实施方案》五、4 项目评估和公示, 五、5 资金拨付): the evaluation of a funded
// project, the evaluation notice, and the disbursement.
//  - The association that runs the call (capacityApplication.review, its own staff: applications.ts
//    reviews) proposes the evaluation of an application in 'funded': passed or failed, a score 0–100
//    if it gives one, its findings and files. When the programme's `financeBureauCoManages` says so,
//    the finance bureau attached to exactly that association (capacityCall.confirm; calls.ts
//    loadProgramme `confirmer`) gets a to-do and confirms it or returns it with a comment — the
//    association edits a proposed or returned one (row version: a stale one is 409) — otherwise it
//    stands at once. A confirmed failed evaluation fails the application (evaluationFailed) and
//    cancels its award in the ledger.
//  - The association publishes, for a call, an evaluation notice (评估结果公示) of every confirmed
//    passed evaluation no notice holds yet (notices.ts publishNotice, `evaluationNoticeDays`); several
//    per call. Objections, the close job and the settling of each evaluation: notices.ts,
//    close-notices.ts, evaluation-settle.ts.
//  - The association holding fund.manage disburses a project whose evaluation left its notice with no
//    upheld objection (noticeOutcome 'cleared'): the amount (the award unless it says less; the ledger
//    refuses more, and a second time), the ledger's disburse entry, the application 'disbursed', the
//    to-do closed. Before that, a refusal names the clause 《实施方案》五、5.
// Every write locks the application row first (then the evaluation, then — through the ledger — the
// fund's account, then the audit chain): two racing disbursements or confirmations, one wins.
// Read by whoever reads the application (applications.ts mayReadApplication), experts not.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { Db, DbOrTx } from '../../db/client.js';
import { capacityApplications, capacityEvaluations, capacityNotices, fundEntries, fundProjectBalances, organisations, users } from '../../db/schema.js';
import type { Actor, RequestMeta } from '../../platform/actor.js';
import { appendAudit, whoFromActor } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import { addDays, applyEvent } from '../../platform/transition.js';
import { closeTodos, openTodo } from '../../platform/todos.js';
import { notifyOrg } from '../../platform/notify.js';
import { fen, formatYuan } from '../../../domain/money.js';
import { optText } from '../../../domain/supervision/common.js';
import { applicationLifecycle, type ApplicationState, type RuleRef } from '../../../domain/capacity/application.js';
import { clauseOf, ruleRefOf } from '../../../domain/programme/rule-clauses.js';
import {
  ZEvaluationFields,
  disbursementProblem,
  evaluationLifecycle,
  evaluationNoticeOutcomeLabels,
  evaluationResultLabels,
  type EvaluationInput,
  type EvaluationNoticeOutcome,
  type EvaluationResult,
  type EvaluationState,
} from '../../../domain/capacity/evaluation.js';
import { noticeStatusLabels } from '../../../contract/capacity-notices.js';
import type { CapacityEvaluation, EvaluationAction, EvaluationSection } from '../../../contract/capacity-evaluation.js';
import { attachmentRefs, linkAttachments, pickRefs } from '../supervision/supervision-attachments.js';
import { financeBureausOf } from '../orgs/orgs.repo.js';
import { recordFundEntry } from '../funds/ledger.repo.js';
import { coManaged, findCall, type ProgrammeForCalls } from './calls.js';
import { reviews, type ApplicationRow } from './applications.js';
import { loadReadableApplication } from './implementation.js';
import { evaluationsReadyWhere, publishNotice, type NoticeInput } from './notices.js';
import { DISBURSE_TODO, evaluationLink } from './evaluation-settle.js';

export { evaluationLink };
export const EVALUATION_CONFIRM_TODO = 'capacityEvaluation.confirm';
export const EVALUATION_REVISE_TODO = 'capacityEvaluation.revise';

type EvaluationRow = typeof capacityEvaluations.$inferSelect;

// ------------------------------------------------------------------------------------------------
// Inputs
// ------------------------------------------------------------------------------------------------

export const ZRowVersionField = z.number({ error: '缺少版本号' }).int('版本号应为整数').min(1, '版本号不正确');
export const ZEvaluationEdit = ZEvaluationFields.extend({ rowVersion: ZRowVersionField }).strict();
export type EvaluationEdit = z.infer<typeof ZEvaluationEdit>;

export const ZDisbursementInput = z
  .object({
    rowVersion: ZRowVersionField.describe('申报书的版本号（评估与拨付一节所示）'),
    amountFen: fen('拨付金额').min(1, '拨付金额应大于 0').nullable().optional().describe('不填则按核定的资助金额拨付'),
    note: optText(500, '拨付说明'),
  })
  .strict();
export type DisbursementInput = z.infer<typeof ZDisbursementInput>;

// ------------------------------------------------------------------------------------------------
// Rules and guards
// ------------------------------------------------------------------------------------------------

/** A refusal by a rule: 409 with the rule and the clause in words (a page shows the clause). */
function ruleRefusal(ref: RuleRef, message: string, extra: Record<string, unknown> = {}): AppError {
  return new AppError('INVALID_STATE', `${message}。依据：${ref.clause}`, { extra: { rule: ref.rule, clause: ref.clause, ...extra } });
}

const stateLabel = (s: string) => applicationLifecycle.states[s as ApplicationState] ?? s;

/** The finance bureau that confirms: attached to exactly the programme's association, the programme co-managed. */
const confirms = (prog: ProgrammeForCalls) => prog.confirmer && coManaged(prog);
/** Who disburses: the programme's own association, holding fund.manage. */
export const disburses = (prog: ProgrammeForCalls, actor: Actor) => prog.readsAll && actor.orgId === prog.associationId && actor.permissions.has('fund.manage');

function assertFunded(a: ApplicationRow, prog: ProgrammeForCalls, what: string): void {
  if (a.status !== 'funded') throw ruleRefusal(ruleRefOf(prog.parameters, 'evaluation'), `项目当前为“${stateLabel(a.status)}”，只有实施中的项目才能${what}`);
}

async function lockEvaluation(tx: DbOrTx, applicationId: string): Promise<EvaluationRow | undefined> {
  const [e] = await tx.select().from(capacityEvaluations).where(eq(capacityEvaluations.applicationId, applicationId)).for('update');
  return e;
}

function auditEvaluation(tx: DbOrTx, actor: Actor, meta: RequestMeta, a: Pick<ApplicationRow, 'societyId' | 'societyPath'>, e: { action: string; id: string; before?: unknown; after?: unknown; reason?: string | null }) {
  return appendAudit(tx, whoFromActor(actor, meta), { action: e.action, entityType: 'capacity_evaluation', entityId: e.id, orgId: a.societyId, orgPath: a.societyPath, before: e.before, after: e.after, reason: e.reason ?? null });
}

const auditFields = (x: { result: string; score: number | null; attachmentIds: readonly string[] }) => ({ evaluationResult: x.result, score: x.score, attachments: x.attachmentIds.length });

/**
 * A confirmed failed evaluation: the award cancelled in the ledger — first, before the transaction's
 * first audit row (funds/ledger.repo.ts) — then the application failed, audited and its society told.
 * Split in two so the caller can put its own audit rows between.
 */
async function cancelAwardOf(tx: DbOrTx, actor: Actor, meta: RequestMeta, a: ApplicationRow, prog: ProgrammeForCalls): Promise<void> {
  const call = (await findCall(tx, a.callId))!;
  await recordFundEntry(tx, {
    actor,
    meta,
    programmeId: a.programmeId,
    fundCode: call.fundCode,
    entry: { kind: 'cancelAward', project: { kind: 'capacityApplication', id: a.id } },
    note: `项目未通过评估，撤销资助（${clauseOf(prog.parameters, 'evaluation')}）`,
  });
}
async function failApplication(tx: DbOrTx, actor: Actor, meta: RequestMeta, prog: ProgrammeForCalls, a: ApplicationRow, findings: string): Promise<void> {
  const to = applyEvent(applicationLifecycle, a.status, 'failEvaluation');
  await tx.update(capacityApplications).set({ status: to, updatedAt: new Date(), rowVersion: sql`${capacityApplications.rowVersion} + 1` }).where(eq(capacityApplications.id, a.id));
  await appendAudit(tx, whoFromActor(actor, meta), {
    action: 'capacityApplication.failEvaluation',
    entityType: 'capacity_application',
    entityId: a.id,
    orgId: a.societyId,
    orgPath: a.societyPath,
    before: { status: a.status },
    after: { status: to },
    reason: findings,
  });
  await notifyOrg(tx, a.societyId, { permission: 'capacityApplication.submit' }, {
    title: '项目未通过评估，资助撤销',
    body: `“${a.title}”未通过评估，不予拨付资金。依据：${clauseOf(prog.parameters, 'evaluation')}`,
    link: evaluationLink(a.id),
    entityType: 'capacity_application',
    entityId: a.id,
  });
}

/** The bureaus' to-do and notice of a proposal (or a revised one). */
async function askBureaus(tx: DbOrTx, prog: ProgrammeForCalls, a: ApplicationRow, evaluationId: string, result: EvaluationResult, revised: boolean): Promise<void> {
  const bureaus = await financeBureausOf(tx, prog.associationId);
  if (!bureaus.length) throw new AppError('INVALID_STATE', `${prog.associationName}尚未登记财政局：请先在组织机构中登记参与单位“财政局”`);
  const [soc] = await tx.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, a.societyId));
  for (const orgId of bureaus) {
    await openTodo(tx, {
      kind: EVALUATION_CONFIRM_TODO,
      title: `确认评估结果：${soc?.name ?? ''}“${a.title}”（${evaluationResultLabels[result]}）`,
      link: evaluationLink(a.id),
      entityType: 'capacity_evaluation',
      entityId: evaluationId,
      assigneeOrgId: orgId,
      permission: 'capacityCall.confirm',
      dueAt: addDays(new Date(), prog.parameters.selectionDays.review),
    });
    await notifyOrg(tx, orgId, { permission: 'capacityCall.confirm' }, {
      title: `${prog.associationName}${revised ? '修改后重新提交' : '提交'}项目评估结果，请确认`,
      body: `“${a.title}”：${evaluationResultLabels[result]}。`,
      link: evaluationLink(a.id),
      entityType: 'capacity_evaluation',
      entityId: evaluationId,
    });
  }
}

// ------------------------------------------------------------------------------------------------
// Writes
// ------------------------------------------------------------------------------------------------

/** The association proposes the evaluation of a funded project; without co-management it stands at once. */
export async function proposeEvaluation(opts: { db: Db; actor: Actor; meta: RequestMeta; applicationId: string; input: EvaluationInput }): Promise<string> {
  const { db, actor, meta, input } = opts;
  return db.transaction(async (tx) => {
    const { a, prog } = await loadReadableApplication(tx, actor, opts.applicationId, true);
    if (!reviews(prog, actor)) throw new AppError('FORBIDDEN', `项目评估由${prog.associationName}${coManaged(prog) ? '会同财政局' : ''}进行`);
    const existing = await lockEvaluation(tx, a.id);
    if (existing) {
      throw new AppError('DUPLICATE', existing.status === 'returned' ? '该项目的评估结果已被财政局退回，请修改后重新提交' : '该项目已有评估结果', { extra: { evaluationId: existing.id } });
    }
    assertFunded(a, prog, '评估');
    const co = coManaged(prog);
    const now = new Date();
    const id = crypto.randomUUID();
    const score = input.score ?? null;
    // stands at once without co-management: a failure cancels the award, in the ledger first
    if (!co && input.result === 'failed') await cancelAwardOf(tx, actor, meta, a, prog);
    await tx.insert(capacityEvaluations).values({
      id,
      applicationId: a.id,
      callId: a.callId,
      result: input.result,
      score,
      findings: input.findings,
      attachmentIds: input.attachmentIds,
      status: co ? 'proposed' : 'confirmed',
      proposedBy: actor.userId,
      proposedAt: now,
      ...(co ? {} : { confirmedBy: actor.userId, confirmedOrgId: actor.orgId, confirmedAt: now }),
    });
    await linkAttachments(tx, actor, input.attachmentIds, 'capacity_evaluation', id);
    if (co) await askBureaus(tx, prog, a, id, input.result, false);
    await auditEvaluation(tx, actor, meta, a, { action: 'capacityEvaluation.propose', id, after: { applicationId: a.id, status: co ? 'proposed' : 'confirmed', ...auditFields({ ...input, score }) }, reason: input.findings });
    if (!co) await afterConfirmed(tx, actor, meta, prog, a, input.result, input.findings);
    return id;
  });
}

/** What follows a confirmed evaluation (the ledger already written for a failure): the application, the society, the association. */
async function afterConfirmed(tx: DbOrTx, actor: Actor, meta: RequestMeta, prog: ProgrammeForCalls, a: ApplicationRow, result: string, findings: string): Promise<void> {
  if (result === 'failed') {
    await failApplication(tx, actor, meta, prog, a, findings);
    return;
  }
  await notifyOrg(tx, a.societyId, { permission: 'capacityApplication.submit' }, {
    title: '项目通过评估',
    body: `“${a.title}”通过评估，评估结果将在门户公示 ${prog.parameters.evaluationNoticeDays} 天，公示期满无异议后下达项目资金。`,
    link: evaluationLink(a.id),
    entityType: 'capacity_application',
    entityId: a.id,
  });
}

/** The association edits a proposed or returned evaluation (a stale row version: 409); it goes to the bureau again. Returns the application's id. */
export async function editEvaluation(opts: { db: Db; actor: Actor; meta: RequestMeta; id: string; input: EvaluationEdit }): Promise<string> {
  const { db, actor, meta, input } = opts;
  return db.transaction(async (tx) => {
    const [first] = await tx.select({ applicationId: capacityEvaluations.applicationId }).from(capacityEvaluations).where(eq(capacityEvaluations.id, opts.id));
    if (!first) throw new AppError('NOT_FOUND', '评估结果不存在');
    const { a, prog } = await loadReadableApplication(tx, actor, first.applicationId, true);
    if (!reviews(prog, actor)) throw new AppError('FORBIDDEN', `评估结果由${prog.associationName}修改`);
    const e = (await lockEvaluation(tx, a.id))!;
    if (e.rowVersion !== input.rowVersion) throw new AppError('CONFLICT', '评估结果已被他人修改或处理，请刷新后重试', { extra: { currentVersion: e.rowVersion } });
    const to = applyEvent(evaluationLifecycle, e.status, 'edit');
    assertFunded(a, prog, '修改评估结果');
    const co = coManaged(prog);
    const now = new Date();
    const score = input.score ?? null;
    // the programme no longer co-managed: the edit stands at once
    if (!co && input.result === 'failed') await cancelAwardOf(tx, actor, meta, a, prog);
    await tx
      .update(capacityEvaluations)
      .set({
        result: input.result,
        score,
        findings: input.findings,
        attachmentIds: input.attachmentIds,
        status: co ? to : 'confirmed',
        proposedBy: actor.userId,
        proposedAt: now,
        ...(co ? {} : { confirmedBy: actor.userId, confirmedOrgId: actor.orgId, confirmedAt: now }),
        rowVersion: sql`${capacityEvaluations.rowVersion} + 1`,
      })
      .where(eq(capacityEvaluations.id, e.id));
    await linkAttachments(tx, actor, input.attachmentIds, 'capacity_evaluation', e.id, { previous: e.attachmentIds });
    await closeTodos(tx, { entityType: 'capacity_evaluation', entityId: e.id, kind: EVALUATION_REVISE_TODO }, actor.userId);
    if (co) {
      // the bureaus' to-do stays open while proposed; a returned one is asked again
      await closeTodos(tx, { entityType: 'capacity_evaluation', entityId: e.id, kind: EVALUATION_CONFIRM_TODO }, null);
      await askBureaus(tx, prog, a, e.id, input.result, true);
    }
    await auditEvaluation(tx, actor, meta, a, {
      action: 'capacityEvaluation.edit',
      id: e.id,
      before: { status: e.status, ...auditFields(e) },
      after: { status: co ? to : 'confirmed', ...auditFields({ ...input, score }) },
      reason: input.findings,
    });
    if (!co) await afterConfirmed(tx, actor, meta, prog, a, input.result, input.findings);
    return a.id;
  });
}

/** The co-managing finance bureau confirms the evaluation, or returns it with a comment (a stale row version: 409). Returns the application's id. */
export async function settleEvaluation(opts: { db: Db; actor: Actor; meta: RequestMeta; id: string; rowVersion: number; confirm: boolean; comment: string | null }): Promise<string> {
  const { db, actor, meta } = opts;
  return db.transaction(async (tx) => {
    const [first] = await tx.select({ applicationId: capacityEvaluations.applicationId }).from(capacityEvaluations).where(eq(capacityEvaluations.id, opts.id));
    if (!first) throw new AppError('NOT_FOUND', '评估结果不存在');
    const { a, prog } = await loadReadableApplication(tx, actor, first.applicationId, true);
    if (!confirms(prog)) throw new AppError('FORBIDDEN', `评估结果由${prog.associationName}所在地的财政局确认`);
    const e = (await lockEvaluation(tx, a.id))!;
    if (e.rowVersion !== opts.rowVersion) throw new AppError('CONFLICT', '评估结果已变化，请刷新后重试', { extra: { currentVersion: e.rowVersion } });
    if (e.status !== 'proposed') throw new AppError('INVALID_STATE', e.status === 'confirmed' ? '评估结果已确认' : '评估结果已退回，等待科协修改后重新提交');
    const comment = opts.comment?.trim() || null;
    if (opts.confirm) assertFunded(a, prog, '确认评估结果');
    const to = applyEvent(evaluationLifecycle, e.status, opts.confirm ? 'confirm' : 'return');
    if (opts.confirm && e.result === 'failed') await cancelAwardOf(tx, actor, meta, a, prog);
    const now = new Date();
    await tx
      .update(capacityEvaluations)
      .set(
        opts.confirm
          ? { status: to, confirmedAt: now, confirmedBy: actor.userId, confirmedOrgId: actor.orgId, returnComment: null, rowVersion: sql`${capacityEvaluations.rowVersion} + 1` }
          : { status: to, returnComment: comment, rowVersion: sql`${capacityEvaluations.rowVersion} + 1` },
      )
      .where(eq(capacityEvaluations.id, e.id));
    await closeTodos(tx, { entityType: 'capacity_evaluation', entityId: e.id, kind: EVALUATION_CONFIRM_TODO }, actor.userId);
    await auditEvaluation(tx, actor, meta, a, {
      action: opts.confirm ? 'capacityEvaluation.confirm' : 'capacityEvaluation.return',
      id: e.id,
      before: { status: e.status },
      after: { status: to, evaluationResult: e.result },
      reason: comment,
    });
    await notifyOrg(tx, prog.associationId, { permission: 'capacityApplication.review' }, {
      title: opts.confirm ? `${actor.orgName}已确认项目评估结果` : `${actor.orgName}退回项目评估结果`,
      body: `“${a.title}”：${evaluationResultLabels[e.result as EvaluationResult] ?? e.result}${comment ? `。意见：${comment}` : ''}`,
      link: evaluationLink(a.id),
      entityType: 'capacity_evaluation',
      entityId: e.id,
    });
    if (opts.confirm) await afterConfirmed(tx, actor, meta, prog, a, e.result, e.findings);
    else {
      await openTodo(tx, {
        kind: EVALUATION_REVISE_TODO,
        title: `修改评估结果：“${a.title}”（${actor.orgName}退回）`,
        link: evaluationLink(a.id),
        entityType: 'capacity_evaluation',
        entityId: e.id,
        assigneeOrgId: prog.associationId,
        permission: 'capacityApplication.review',
        dueAt: addDays(now, prog.parameters.selectionDays.review),
      });
    }
    return a.id;
  });
}

/**
 * CAP-6: the notice of a call's evaluation results — every confirmed passed evaluation of a project
 * still funded that no notice holds yet, for the programme's `evaluationNoticeDays`; refused (with
 * 《实施方案》五、4) when there is none. Several per call.
 */
export function publishEvaluationNotice(opts: { db: Db; actor: Actor; meta: RequestMeta; callId: string; input: NoticeInput }): Promise<string> {
  return publishNotice({
    ...opts,
    kind: 'evaluation',
    pick: async (tx, call, prog) => {
      const rows = await tx
        .select({ id: capacityApplications.id, title: capacityApplications.title, societyId: capacityApplications.societyId })
        .from(capacityEvaluations)
        .innerJoin(capacityApplications, eq(capacityApplications.id, capacityEvaluations.applicationId))
        .where(evaluationsReadyWhere(call.id))
        .orderBy(asc(capacityApplications.id))
        .for('update', { of: capacityEvaluations });
      if (!rows.length) throw ruleRefusal(ruleRefOf(prog.parameters, 'evaluation'), '本次申报没有待公示的评估结果：项目评估结果确定为通过后方可公示');
      return rows;
    },
    after: async (tx, noticeId, picked) => {
      await tx.update(capacityEvaluations).set({ noticeId, rowVersion: sql`${capacityEvaluations.rowVersion} + 1` }).where(inArray(capacityEvaluations.applicationId, picked.map((p) => p.id)));
    },
    notice: (a, endsOn) => ({ title: '项目评估结果公示', body: `“${a.title}”通过评估，评估结果已在门户公示至 ${endsOn}。` }),
  });
}

/**
 * The association (fund.manage) disburses a project whose evaluation notice closed with no upheld
 * objection: the amount (the award when not given; the ledger refuses more and a second time), the
 * application disbursed, the to-do closed. Refused with 《实施方案》五、5 before that.
 */
export async function disburse(opts: { db: Db; actor: Actor; meta: RequestMeta; applicationId: string; input: DisbursementInput }): Promise<string> {
  const { db, actor, meta, input } = opts;
  return db.transaction(async (tx) => {
    const { a, prog } = await loadReadableApplication(tx, actor, opts.applicationId, true);
    if (!disburses(prog, actor)) throw new AppError('FORBIDDEN', `项目资金由${prog.associationName}拨付`);
    const e = (await lockEvaluation(tx, a.id)) ?? null;
    const [notice] = e?.noticeId ? await tx.select({ status: capacityNotices.status, endsOn: capacityNotices.endsOn }).from(capacityNotices).where(eq(capacityNotices.id, e.noticeId)) : [];
    const problem = disbursementProblem(a, e, notice ?? null);
    if (problem) throw ruleRefusal(ruleRefOf(prog.parameters, 'disbursement'), problem, { state: a.status });
    if (a.rowVersion !== input.rowVersion) throw new AppError('CONFLICT', '项目已被他人办理，请刷新后重试', { extra: { currentVersion: a.rowVersion } });
    const [balance] = await tx.select({ awardFen: fundProjectBalances.awardFen }).from(fundProjectBalances).where(and(eq(fundProjectBalances.projectKind, 'capacityApplication'), eq(fundProjectBalances.projectId, a.id)));
    if (!balance) throw ruleRefusal(ruleRefOf(prog.parameters, 'disbursement'), '该项目没有核定的资助金额，不能拨付');
    const amountFen = input.amountFen ?? balance.awardFen;
    const note = input.note?.trim() || null;
    const call = (await findCall(tx, a.callId))!;
    // the ledger first (it refuses a second disbursement and one above the award, with its clause)
    await recordFundEntry(tx, {
      actor,
      meta,
      programmeId: a.programmeId,
      fundCode: call.fundCode,
      entry: { kind: 'disburse', project: { kind: 'capacityApplication', id: a.id }, amountFen },
      note: note ?? '经评估结果公示无异议，下达项目资金',
    });
    const now = new Date();
    const to = applyEvent(applicationLifecycle, a.status, 'disburse');
    await tx
      .update(capacityApplications)
      .set({ status: to, disbursedAt: now, disbursedBy: actor.userId, updatedAt: now, rowVersion: sql`${capacityApplications.rowVersion} + 1` })
      .where(eq(capacityApplications.id, a.id));
    await closeTodos(tx, { entityType: 'capacity_application', entityId: a.id, kind: DISBURSE_TODO }, actor.userId);
    await appendAudit(tx, whoFromActor(actor, meta), {
      action: 'capacityApplication.disburse',
      entityType: 'capacity_application',
      entityId: a.id,
      orgId: a.societyId,
      orgPath: a.societyPath,
      before: { status: a.status },
      after: { status: to, amountFen },
      reason: note,
    });
    await notifyOrg(tx, a.societyId, { permission: 'capacityApplication.submit' }, {
      title: '项目资金已拨付',
      body: `“${a.title}”：${prog.associationName}已拨付项目资金 ${formatYuan(amountFen)}。`,
      link: evaluationLink(a.id),
      entityType: 'capacity_application',
      entityId: a.id,
    });
    return a.id;
  });
}

// ------------------------------------------------------------------------------------------------
// Reads
// ------------------------------------------------------------------------------------------------

const proposer = alias(users, 'ev_proposer');
const confirmer = alias(users, 'ev_confirmer');
const confirmedOrg = alias(organisations, 'ev_confirmed_org');
const disburser = alias(users, 'ev_disburser');

/** The evaluation with the names its view shows. */
async function evaluationOf(db: DbOrTx, applicationId: string) {
  const [x] = await db
    .select({ e: capacityEvaluations, proposedByName: proposer.displayName, confirmedByName: confirmer.displayName, confirmedOrgName: confirmedOrg.name })
    .from(capacityEvaluations)
    .leftJoin(proposer, eq(proposer.id, capacityEvaluations.proposedBy))
    .leftJoin(confirmer, eq(confirmer.id, capacityEvaluations.confirmedBy))
    .leftJoin(confirmedOrg, eq(confirmedOrg.id, capacityEvaluations.confirmedOrgId))
    .where(eq(capacityEvaluations.applicationId, applicationId));
  return x ?? null;
}

function evaluationView(x: NonNullable<Awaited<ReturnType<typeof evaluationOf>>>, refs: Awaited<ReturnType<typeof attachmentRefs>>): CapacityEvaluation {
  const { e } = x;
  const outcome = (e.noticeOutcome as EvaluationNoticeOutcome | null) ?? null;
  return {
    id: e.id,
    applicationId: e.applicationId,
    result: e.result as EvaluationResult,
    resultLabel: evaluationResultLabels[e.result as EvaluationResult] ?? e.result,
    score: e.score,
    findings: e.findings,
    attachments: pickRefs(refs, e.attachmentIds),
    status: e.status as EvaluationState,
    statusLabel: evaluationLifecycle.states[e.status as EvaluationState] ?? e.status,
    proposedAt: e.proposedAt.toISOString(),
    proposedByName: x.proposedByName,
    confirmedAt: e.confirmedAt?.toISOString() ?? null,
    confirmedByName: x.confirmedByName,
    confirmedOrgName: x.confirmedOrgName,
    // the bureau's comment belongs to the return: current while returned; once the association has
    // proposed it again, the comment that revision answers (history, until the bureau settles it)
    returnComment: e.status === 'returned' ? e.returnComment : null,
    previousReturnComment: e.status === 'proposed' ? e.returnComment : null,
    noticeOutcome: outcome,
    noticeOutcomeLabel: outcome ? evaluationNoticeOutcomeLabels[outcome] : null,
    rowVersion: e.rowVersion,
  };
}

/** The section 评估与拨付 of an application's page: its evaluation, notice and disbursement, and what the actor may do. */
export async function evaluationSection(db: DbOrTx, actor: Actor, applicationId: string): Promise<EvaluationSection> {
  const { a, prog } = await loadReadableApplication(db, actor, applicationId);
  const x = await evaluationOf(db, a.id);
  const e = x?.e ?? null;
  const [refs, noticeRows, balances, entry, byRows] = await Promise.all([
    attachmentRefs(db, e?.attachmentIds ?? []),
    e?.noticeId ? db.select().from(capacityNotices).where(eq(capacityNotices.id, e.noticeId)) : Promise.resolve([]),
    db.select({ awardFen: fundProjectBalances.awardFen, disbursedFen: fundProjectBalances.disbursedFen }).from(fundProjectBalances).where(and(eq(fundProjectBalances.projectKind, 'capacityApplication'), eq(fundProjectBalances.projectId, a.id))),
    a.disbursedAt
      ? db
          .select({ note: fundEntries.note, amountFen: fundEntries.amountFen })
          .from(fundEntries)
          .where(and(eq(fundEntries.projectKind, 'capacityApplication'), eq(fundEntries.projectId, a.id), eq(fundEntries.kind, 'disburse')))
          .limit(1)
      : Promise.resolve([]),
    a.disbursedBy ? db.select({ name: disburser.displayName }).from(disburser).where(eq(disburser.id, a.disbursedBy)) : Promise.resolve([]),
  ]);
  const n = noticeRows[0] ?? null;
  const balance = balances[0] ?? null;
  const status = a.status as ApplicationState;
  const problem = disbursementProblem(a, e, n ? { status: n.status, endsOn: n.endsOn } : null);
  const actions: EvaluationAction[] = [];
  if (reviews(prog, actor) && status === 'funded') {
    if (!e) actions.push('propose');
    else if (e.status === 'proposed' || e.status === 'returned') actions.push('edit');
  }
  if (confirms(prog) && e?.status === 'proposed' && status === 'funded') actions.push('confirm', 'return');
  if (disburses(prog, actor) && problem === null && !!balance) actions.push('disburse');
  const shown = status === 'funded' || status === 'evaluationFailed';
  return {
    applicationId: a.id,
    applicationStatus: status,
    applicationStatusLabel: stateLabel(a.status),
    applicationRowVersion: a.rowVersion,
    coManaged: coManaged(prog),
    evaluationNoticeDays: prog.parameters.evaluationNoticeDays,
    awardFen: balance?.awardFen ?? null,
    evaluation: x ? evaluationView(x, refs) : null,
    notice: n ? { id: n.id, title: n.title, startsOn: n.startsOn, endsOn: n.endsOn, status: n.status as 'open' | 'closed', statusLabel: noticeStatusLabels[n.status as 'open' | 'closed'] ?? n.status } : null,
    disbursement: a.disbursedAt ? { amountFen: entry[0]?.amountFen ?? balance?.disbursedFen ?? 0, disbursedAt: a.disbursedAt.toISOString(), disbursedByName: byRows[0]?.name ?? null, note: entry[0]?.note ?? null } : null,
    disbursementBlock: shown && problem ? { message: problem, clause: clauseOf(prog.parameters, 'disbursement') } : null,
    actions,
  };
}
