// CAP-6, CAP-7, FND-4, FND-6 (issue 13 step 8): how a capacity-plan project ends.
//  - Yearly acceptance (验收, 实施方案 五、6): for a disbursed project the association that runs the
//    programme (capacityApplication.review) proposes passed or failed with its opinion, the year and
//    attachments. When the programme's `financeBureauCoManages` says so, the finance bureau attached
//    to exactly that association (capacityCall.confirm) confirms or returns it — a to-do and a
//    notification, as for the joint decision (expert-review.ts); otherwise it stands at once.
//    Confirmed: the application is accepted, or acceptanceFailed with a to-do for the association to
//    recover the funds (CAP-7).
//  - Refund (退还, FND-4, 办法 第十四条): the association (fund.manage) records money the society gave
//    back — in part or whole, never above what it holds (the ledger's refund rule refuses, with its
//    rule and clause): capacity_fund_returns kind 'refund' and the ledger's refund entry. The window
//    job (close-windows.ts) flags what was not spent and gives the society its to-do; the refunds that
//    make it up close that to-do.
//  - Recovery (追回, FND-6, CAP-7, 办法 第十五条): the association records a recovery on one of the
//    programme's grounds (`sanctions.recoverFundsOn`; any other is refused citing the rule and the
//    clause) with the responsibility found (the persons and their responsibility). The amount is at
//    most what the society holds; 0 only when it holds nothing — then an award never paid is
//    cancelled instead. A ground the programme sanctions (falseMaterials, failedAcceptance: its
//    `sanctions.*DebarYears`, 0 = none) writes a debarment into the society's yearly facts (the one
//    SEL-3 reads: later applications and declarations are refused by themselves) and keeps it on the
//    return row; false materials also revoke the funding (the application → revoked, the award
//    cancelled).
// Every write locks the application row first (the expenses, disbursement and returns of one project
// line up behind it), then — when a debarment follows — the society's row and its yearly facts, then
// the ledger (recordFundEntry: the fund's account, the project's balance, the audit chain), then
// audits: the same order as societies/put-yearly-facts.ts (society row → facts → audit) and
// funds/ledger.repo.ts (account → audit), so none of them can deadlock with another.
// Reads: whoever reads the application (applications.ts mayReadApplication: the society its own, the
// association, the co-managing finance bureau — not the experts).
import { and, asc, desc, eq, gte, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db, DbOrTx } from '../../db/client.js';
import { capacityAcceptances, capacityApplications, capacityFundReturns, capacityLetters, fundProjectBalances, organisations, users } from '../../db/schema.js';
import type { Actor, RequestMeta } from '../../platform/actor.js';
import { appendAudit, whoFromActor } from '../../platform/audit.js';
import { clauseOf, groundClauseKey, ruleRefOf, type HasRuleClauses } from '../../../domain/programme/rule-clauses.js';
import { AppError, validationError } from '../../platform/errors.js';
import { addDays, applyEvent, chinaToday } from '../../platform/transition.js';
import { closeTodos, openTodo } from '../../platform/todos.js';
import { notifyOrg } from '../../platform/notify.js';
import { formatYuan } from '../../../domain/money.js';
import { fundRecoveryGroundLabels, type FundRecoveryGround } from '../../../domain/programme/programme.types.js';
import { applicationLifecycle, type ApplicationState } from '../../../domain/capacity/application.js';
import {
  acceptanceResultLabels,
  acceptanceStateLabels,
  debarYearsOf,
  debarmentFor,
  outstandingOf,
  unspentFen,
  type AcceptanceInput,
  type AcceptanceResult,
  type AcceptanceState,
  type Debarment,
  type ProjectMoney,
  type RecoveryInput,
  type RefundInput,
} from '../../../domain/capacity/closing.js';
import { fundReturnKindLabels, type CapacityAcceptance, type CapacityClosing, type CapacityFundReturn, type RecoveryGroundOption } from '../../../contract/capacity-closing.js';
import { attachmentRefs, linkAttachments, pickRefs } from '../supervision/supervision-attachments.js';
import { recordFundEntry } from '../funds/ledger.repo.js';
import { financeBureausOf } from '../orgs/orgs.repo.js';
import { appendYearlyFacts, lockFacts, type LockedFacts } from '../societies/append-yearly-fact.js';
import { coManaged, findCall, type ProgrammeForCalls } from './calls.js';
import { applicationLink, reviews, type ApplicationRow } from './applications.js';
import { loadReadableApplication } from './implementation.js';

export const ACCEPTANCE_CONFIRM_TODO = 'capacityAcceptance.confirm';
export const REFUND_TODO = 'capacityFunds.refund';
export const RECOVER_TODO = 'capacityFunds.recover';
/** The application's page, opened at its closing section (验收, 资金退还与追回). */
export const closingLink = (applicationId: string) => `${applicationLink(applicationId)}?section=closing`;

type AcceptanceRow = typeof capacityAcceptances.$inferSelect;
type ReturnRow = typeof capacityFundReturns.$inferSelect;

/** The states in which a project holds an award that money may come back from (after the letter's signing). */
export const RETURN_STATES: readonly ApplicationState[] = ['funded', 'disbursed', 'accepted', 'acceptanceFailed', 'evaluationFailed', 'revoked'];

/** A refusal by a rule: 409 with the rule and the clause in words (the page shows the clause). */
function ruleRefusal(ref: { rule: string; clause: string }, message: string, path?: string): AppError {
  return new AppError('INVALID_STATE', `${message}。依据：${ref.clause}`, { errors: path ? [{ path, message }] : undefined, extra: { rule: ref.rule, clause: ref.clause } });
}

/** The actor keeps the programme's ledger: fund.manage at the programme's own association. */
const keepsFunds = (prog: ProgrammeForCalls, actor: Actor) => actor.orgType === 'association' && actor.orgId === prog.associationId && actor.permissions.has('fund.manage');
/** The actor confirms for the finance bureau attached to exactly the programme's association, which co-manages it. */
const confirmsFor = (prog: ProgrammeForCalls) => prog.confirmer && coManaged(prog);

const stateLabel = (s: string) => applicationLifecycle.states[s as ApplicationState] ?? s;

function auditApp(tx: DbOrTx, actor: Actor | null, meta: RequestMeta, a: Pick<ApplicationRow, 'societyId' | 'societyPath'>, e: { action: string; entityType: string; entityId: string; before?: unknown; after?: unknown; reason?: string | null }) {
  return appendAudit(tx, whoFromActor(actor, meta), { action: e.action, entityType: e.entityType, entityId: e.entityId, orgId: a.societyId, orgPath: a.societyPath, before: e.before, after: e.after, reason: e.reason ?? null });
}

/** The project's balance in the ledger (null before its award). */
async function balanceOf(db: DbOrTx, applicationId: string): Promise<ProjectMoney | null> {
  const [b] = await db
    .select()
    .from(fundProjectBalances)
    .where(and(eq(fundProjectBalances.projectKind, 'capacityApplication'), eq(fundProjectBalances.projectId, applicationId)));
  return b ? { awardFen: b.awardFen, cancelled: b.cancelled, disbursedFen: b.disbursedFen, spentFen: b.spentFen, refundedFen: b.refundedFen, recoveredFen: b.recoveredFen } : null;
}

async function signedLetter(db: DbOrTx, applicationId: string) {
  const [l] = await db
    .select({ approvedOn: capacityLetters.approvedOn, windowEndsOn: capacityLetters.windowEndsOn })
    .from(capacityLetters)
    .where(and(eq(capacityLetters.applicationId, applicationId), eq(capacityLetters.status, 'signed')));
  return l ?? null;
}

async function acceptanceRowOf(db: DbOrTx, applicationId: string, lock = false): Promise<AcceptanceRow | undefined> {
  const q = db.select().from(capacityAcceptances).where(eq(capacityAcceptances.applicationId, applicationId));
  const [r] = lock ? await q.for('update') : await q;
  return r;
}

// ------------------------------------------------------------------------------------------------
// Acceptance (CAP-6)
// ------------------------------------------------------------------------------------------------

/**
 * The association proposes the acceptance of a disbursed project (or proposes it again after the
 * finance bureau returned it, naming the returned version). Without co-management it is confirmed
 * at once. Returns the acceptance's id and whether it was created.
 */
export async function proposeAcceptance(opts: { db: Db; actor: Actor; meta: RequestMeta; applicationId: string; input: AcceptanceInput }): Promise<{ id: string; created: boolean }> {
  const { db, actor, input } = opts;
  return db.transaction(async (tx) => {
    const { a, prog } = await loadReadableApplication(tx, actor, opts.applicationId, true);
    if (!reviews(prog, actor)) throw new AppError('FORBIDDEN', `项目验收由${prog.associationName}提出`);
    if (a.status !== 'disbursed') {
      throw ruleRefusal(ruleRefOf(prog.parameters, 'acceptance'), `项目资金尚未拨付或已办结（当前：${stateLabel(a.status)}），不能提出验收结论`);
    }
    const call = (await findCall(tx, a.callId))!;
    const thisYear = Number(chinaToday().slice(0, 4));
    const year = input.year ?? thisYear;
    if (year > thisYear) throw validationError([{ path: 'body.year', message: `验收年度不能晚于 ${thisYear} 年` }], `验收年度不能晚于 ${thisYear} 年`);
    if (year < call.year) throw validationError([{ path: 'body.year', message: `验收年度不能早于申报通知的年度（${call.year} 年）` }], `验收年度不能早于申报通知的年度（${call.year} 年）`);
    const existing = await acceptanceRowOf(tx, a.id, true);
    if (existing) {
      if (existing.status === 'proposed') throw new AppError('DUPLICATE', '验收结论已提交财政局确认');
      if (existing.status === 'confirmed') throw new AppError('INVALID_STATE', '验收结论已确认');
      if (input.rowVersion === undefined) throw validationError([{ path: 'body.rowVersion', message: '重新提出验收结论须写明所退回的版本' }], '重新提出验收结论须写明所退回的版本');
      if (input.rowVersion !== existing.rowVersion) throw new AppError('CONFLICT', '验收结论已变化，请刷新后重试', { extra: { currentVersion: existing.rowVersion } });
    }
    const co = coManaged(prog);
    const bureaus = co ? await financeBureausOf(tx, prog.associationId) : [];
    if (co && !bureaus.length) throw new AppError('INVALID_STATE', `${prog.associationName}尚未登记财政局：请先在组织机构中登记参与单位“财政局”`);
    const now = new Date();
    const values = {
      year,
      result: input.result,
      opinion: input.opinion,
      attachmentIds: input.attachmentIds,
      status: co ? 'proposed' : 'confirmed',
      proposedBy: actor.userId,
      proposedAt: now,
      returnComment: null,
      confirmedAt: co ? null : now,
      confirmedBy: co ? null : actor.userId,
      confirmedOrgId: co ? null : actor.orgId,
    };
    let id: string;
    if (existing) {
      id = existing.id;
      await tx.update(capacityAcceptances).set({ ...values, rowVersion: sql`${capacityAcceptances.rowVersion} + 1` }).where(eq(capacityAcceptances.id, id));
    } else {
      id = crypto.randomUUID();
      await tx.insert(capacityAcceptances).values({ id, applicationId: a.id, ...values });
    }
    await linkAttachments(tx, actor, input.attachmentIds, 'capacity_acceptance', id, { previous: existing?.attachmentIds ?? [] });
    await auditApp(tx, actor, opts.meta, a, {
      action: 'capacityAcceptance.propose',
      entityType: 'capacity_acceptance',
      entityId: id,
      before: existing ? { status: existing.status, acceptanceResult: existing.result } : undefined,
      after: { applicationId: a.id, year, acceptanceResult: input.result, status: values.status, attachments: input.attachmentIds.length },
      reason: input.opinion,
    });
    const link = closingLink(a.id);
    if (co) {
      for (const orgId of bureaus) {
        await openTodo(tx, {
          kind: ACCEPTANCE_CONFIRM_TODO,
          title: `确认验收结果：${a.title}（${acceptanceResultLabels[input.result]}）`,
          link,
          entityType: 'capacity_acceptance',
          entityId: id,
          assigneeOrgId: orgId,
          permission: 'capacityCall.confirm',
          dueAt: addDays(now, prog.parameters.selectionDays.review),
        });
        await notifyOrg(tx, orgId, { permission: 'capacityCall.confirm' }, {
          title: `${prog.associationName}提出项目验收结论，请确认`,
          body: `“${a.title}”（${year} 年度）：${acceptanceResultLabels[input.result]}。`,
          link,
          entityType: 'capacity_acceptance',
          entityId: id,
        });
      }
    } else {
      await applyAcceptance(tx, actor, opts.meta, a, prog, { id, year, result: input.result });
    }
    return { id, created: !existing };
  });
}

/** The finance bureau confirms the association's acceptance, or returns it with a comment. */
export async function settleAcceptance(opts: { db: Db; actor: Actor; meta: RequestMeta; id: string; rowVersion: number; confirm: boolean; comment: string | null }): Promise<string> {
  const { db, actor } = opts;
  return db.transaction(async (tx) => {
    const [first] = await tx.select({ applicationId: capacityAcceptances.applicationId }).from(capacityAcceptances).where(eq(capacityAcceptances.id, opts.id));
    if (!first) throw new AppError('NOT_FOUND', '验收记录不存在');
    // the application first, then the acceptance: the order every change of the project takes
    const { a, prog } = await loadReadableApplication(tx, actor, first.applicationId, true);
    if (!confirmsFor(prog)) throw new AppError('FORBIDDEN', `验收结果由${prog.associationName}所在地的财政局确认`);
    const x = (await acceptanceRowOf(tx, a.id, true))!;
    if (x.rowVersion !== opts.rowVersion) throw new AppError('CONFLICT', '验收结论已变化，请刷新后重试', { extra: { currentVersion: x.rowVersion } });
    if (x.status !== 'proposed') throw new AppError('INVALID_STATE', x.status === 'confirmed' ? '验收结论已确认' : '验收结论已退回，等待科协重新提出');
    const comment = opts.comment?.trim() || null;
    if (!opts.confirm && !comment) throw validationError([{ path: 'body.comment', message: '请填写退回意见' }], '请填写退回意见');
    if (opts.confirm && a.status !== 'disbursed') throw ruleRefusal(ruleRefOf(prog.parameters, 'acceptance'), `项目当前为“${stateLabel(a.status)}”，不能再确认验收结论`);
    const now = new Date();
    await tx
      .update(capacityAcceptances)
      .set(
        opts.confirm
          ? { status: 'confirmed', confirmedAt: now, confirmedBy: actor.userId, confirmedOrgId: actor.orgId, rowVersion: sql`${capacityAcceptances.rowVersion} + 1` }
          : { status: 'returned', returnComment: comment, rowVersion: sql`${capacityAcceptances.rowVersion} + 1` },
      )
      .where(eq(capacityAcceptances.id, x.id));
    await closeTodos(tx, { entityType: 'capacity_acceptance', entityId: x.id, kind: ACCEPTANCE_CONFIRM_TODO }, actor.userId);
    await auditApp(tx, actor, opts.meta, a, {
      action: opts.confirm ? 'capacityAcceptance.confirm' : 'capacityAcceptance.return',
      entityType: 'capacity_acceptance',
      entityId: x.id,
      before: { status: x.status },
      after: { status: opts.confirm ? 'confirmed' : 'returned', acceptanceResult: x.result },
      reason: comment,
    });
    await notifyOrg(tx, prog.associationId, { permission: 'capacityApplication.review' }, {
      title: opts.confirm ? `${actor.orgName}已确认验收结果` : `${actor.orgName}退回验收结论`,
      body: `“${a.title}”：${acceptanceResultLabels[x.result as AcceptanceResult]}${comment ? `。${comment}` : ''}`,
      link: closingLink(a.id),
      entityType: 'capacity_acceptance',
      entityId: x.id,
    });
    if (opts.confirm) await applyAcceptance(tx, actor, opts.meta, a, prog, { id: x.id, year: x.year, result: x.result as AcceptanceResult });
    return x.id;
  });
}

/** A confirmed acceptance: the application accepted, or acceptanceFailed with the association's to-do to recover the funds. */
async function applyAcceptance(tx: DbOrTx, actor: Actor, meta: RequestMeta, a: ApplicationRow, prog: ProgrammeForCalls, x: { id: string; year: number; result: AcceptanceResult }): Promise<void> {
  const event = x.result === 'passed' ? 'accept' : 'failAcceptance';
  const to = applyEvent(applicationLifecycle, a.status, event);
  await tx.update(capacityApplications).set({ status: to, updatedAt: new Date(), rowVersion: sql`${capacityApplications.rowVersion} + 1` }).where(eq(capacityApplications.id, a.id));
  await auditApp(tx, actor, meta, a, { action: `capacityApplication.${event}`, entityType: 'capacity_application', entityId: a.id, before: { status: a.status }, after: { status: to, year: x.year } });
  const link = closingLink(a.id);
  await notifyOrg(tx, a.societyId, { permission: 'capacityApplication.submit' }, {
    title: x.result === 'passed' ? '项目验收合格' : '项目验收不合格',
    body: `“${a.title}”（${x.year} 年度）${x.result === 'passed' ? '验收合格。' : `验收不合格：已拨付的项目资金将予收回${debarYearsOf('failedAcceptance', prog.parameters.sanctions) > 0 ? '，并取消申报资格' : ''}。`}`,
    link,
    entityType: 'capacity_application',
    entityId: a.id,
  });
  if (x.result === 'failed') {
    await openTodo(tx, {
      kind: RECOVER_TODO,
      title: `追回专项资金：${a.title}（验收不合格）`,
      link,
      entityType: 'capacity_application',
      entityId: a.id,
      assigneeOrgId: prog.associationId,
      permission: 'fund.manage',
      dueAt: addDays(new Date(), prog.parameters.selectionDays.review),
    });
  }
}

// ------------------------------------------------------------------------------------------------
// Refunds and recoveries (FND-4, FND-6, CAP-7)
// ------------------------------------------------------------------------------------------------

async function lockForReturn(tx: DbOrTx, actor: Actor, applicationId: string, what: string) {
  const { a, prog } = await loadReadableApplication(tx, actor, applicationId, true);
  if (!keepsFunds(prog, actor)) throw new AppError('FORBIDDEN', `${what}由${prog.associationName}登记`);
  if (!RETURN_STATES.includes(a.status as ApplicationState)) throw ruleRefusal(ruleRefOf(prog.parameters, 'recovery'), `项目尚未签订责任书、核定资助（当前：${stateLabel(a.status)}），不能登记${what}`);
  const balance = await balanceOf(tx, a.id);
  if (!balance) throw ruleRefusal(ruleRefOf(prog.parameters, 'recovery'), `项目在资金台账中没有核定的资助，不能登记${what}`);
  const call = (await findCall(tx, a.callId))!;
  return { a, prog, balance, fundCode: call.fundCode };
}

/** After money came back: the window's refund to-do is done once what was flagged is back, or the society holds nothing more. */
async function settleRefundTodo(tx: DbOrTx, actor: Actor, a: ApplicationRow, after: ProjectMoney): Promise<void> {
  if (!a.windowFlaggedAt) return;
  const [s] = await tx
    .select({ n: sql<number>`coalesce(sum(${capacityFundReturns.amountFen}), 0)::bigint`.mapWith(Number) })
    .from(capacityFundReturns)
    .where(and(eq(capacityFundReturns.applicationId, a.id), gte(capacityFundReturns.recordedAt, a.windowFlaggedAt)));
  if (s.n >= (a.windowUnspentFen ?? 0) || outstandingOf(after) <= 0) {
    await closeTodos(tx, { entityType: 'capacity_application', entityId: a.id, kind: REFUND_TODO }, actor.userId);
  }
}

/** The association records money the society gave back (FND-4); returns the return's id. */
export async function recordRefund(opts: { db: Db; actor: Actor; meta: RequestMeta; applicationId: string; input: RefundInput }): Promise<string> {
  const { db, actor, input } = opts;
  return db.transaction(async (tx) => {
    const { a, prog, balance, fundCode } = await lockForReturn(tx, actor, opts.applicationId, '退还');
    const note = input.note?.trim() || null;
    // the ledger first (it locks the fund's account before the audit chain); it refuses above what is out
    const entry = await recordFundEntry(tx, {
      actor,
      meta: opts.meta,
      programmeId: a.programmeId,
      fundCode,
      entry: { kind: 'refund', project: { kind: 'capacityApplication', id: a.id }, amountFen: input.amountFen },
      note: `退还未使用的专项资金：“${a.title}”${note ? `，${note}` : ''}`,
    });
    const id = crypto.randomUUID();
    await tx.insert(capacityFundReturns).values({ id, applicationId: a.id, kind: 'refund', amountFen: input.amountFen, note, attachmentIds: input.attachmentIds, recordedBy: actor.userId });
    await linkAttachments(tx, actor, input.attachmentIds, 'capacity_fund_return', id);
    const after = entry.project!;
    await settleRefundTodo(tx, actor, a, after);
    await notifyOrg(tx, a.societyId, { permission: 'capacityApplication.submit' }, {
      title: '已登记退还的专项资金',
      body: `“${a.title}”：${prog.associationName}已登记收到退还 ${formatYuan(input.amountFen)}，尚持有已拨付资金 ${formatYuan(outstandingOf(after))}。`,
      link: closingLink(a.id),
      entityType: 'capacity_fund_return',
      entityId: id,
    });
    await auditApp(tx, actor, opts.meta, a, {
      action: 'capacityFundReturn.refund',
      entityType: 'capacity_fund_return',
      entityId: id,
      before: { outstandingFen: outstandingOf(balance) },
      after: { applicationId: a.id, amountFen: input.amountFen, outstandingFen: outstandingOf(after), attachments: input.attachmentIds.length },
      reason: note,
    });
    return id;
  });
}

/**
 * The association records a recovery (FND-6) on one of the programme's grounds, with the
 * responsibility found; the programme's sanctions follow (CAP-7). Returns the return's id.
 */
export async function recordRecovery(opts: { db: Db; actor: Actor; meta: RequestMeta; applicationId: string; input: RecoveryInput }): Promise<string> {
  const { db, actor, input } = opts;
  return db.transaction(async (tx) => {
    const { a, prog, balance, fundCode } = await lockForReturn(tx, actor, opts.applicationId, '追回');
    const params = prog.parameters;
    const ground = input.ground;
    const label = fundRecoveryGroundLabels[ground];
    if (!params.sanctions.recoverFundsOn.includes(ground)) {
      const allowed = params.sanctions.recoverFundsOn.map((g) => `“${fundRecoveryGroundLabels[g]}”`).join('、');
      throw ruleRefusal(ruleRefOf(prog.parameters, 'recovery'), `本方案未规定以“${label}”为由追回专项资金${allowed ? `，可选的事由：${allowed}` : '，本方案未规定追回事由'}`, 'body.ground');
    }
    if (ground === 'failedAcceptance') {
      const acc = await acceptanceRowOf(tx, a.id);
      if (!acc || acc.status !== 'confirmed' || acc.result !== 'failed') {
        throw ruleRefusal(ruleRefOf(prog.parameters, 'sanctions'), '项目没有已确认的“验收不合格”结论，不能以验收不合格为由追回', 'body.ground');
      }
    }
    const outstanding = outstandingOf(balance);
    if (input.amountFen === 0 && outstanding > 0) {
      throw validationError([{ path: 'body.amountFen', message: `学会尚持有已拨付的资金 ${formatYuan(outstanding)}，追回金额应大于 0` }], `学会尚持有已拨付的资金 ${formatYuan(outstanding)}，追回金额应大于 0`);
    }
    // CAP-7: the debarment the ground carries — once per project and ground (a second recovery on the same ground adds none)
    const today = chinaToday();
    const earlier = await tx
      .select({ id: capacityFundReturns.id })
      .from(capacityFundReturns)
      .where(and(eq(capacityFundReturns.applicationId, a.id), eq(capacityFundReturns.ground, ground), sql`${capacityFundReturns.debarment} IS NOT NULL AND ${capacityFundReturns.debarment} <> 'null'::jsonb`));
    const debarment = earlier.length ? null : debarmentFor({ ground, sanctions: params.sanctions, clauses: params, today, projectTitle: a.title, programmeName: prog.name });
    // the society's row and its year's facts, locked before the ledger (put-yearly-facts.ts takes them in this order too)
    const facts = debarment ? await lockFacts(tx, a.societyId, Number(today.slice(0, 4))) : null;

    const revokes = ground === 'falseMaterials';
    const project = { kind: 'capacityApplication' as const, id: a.id };
    const entryNote = `追回专项资金（${label}）：“${a.title}”`;
    let after = balance;
    if (input.amountFen > 0) {
      after = (await recordFundEntry(tx, { actor, meta: opts.meta, programmeId: a.programmeId, fundCode, entry: { kind: 'recover', project, amountFen: input.amountFen }, note: entryNote })).project!;
    }
    // nothing held: an award never paid is cancelled instead; false materials revoke the funding (the award with it)
    const neverPaid = input.amountFen === 0 && balance.disbursedFen === 0;
    const cancels = !after.cancelled && (neverPaid || revokes);
    if (cancels) {
      after = (await recordFundEntry(tx, { actor, meta: opts.meta, programmeId: a.programmeId, fundCode, entry: { kind: 'cancelAward', project }, note: `撤销资助（${label}）：“${a.title}”` })).project!;
    }

    const id = crypto.randomUUID();
    const note = input.note?.trim() || null;
    await tx.insert(capacityFundReturns).values({
      id,
      applicationId: a.id,
      kind: 'recovery',
      amountFen: input.amountFen,
      ground,
      responsibility: input.responsibility,
      note,
      debarment,
      attachmentIds: input.attachmentIds,
      recordedBy: actor.userId,
    });
    await linkAttachments(tx, actor, input.attachmentIds, 'capacity_fund_return', id);
    if (debarment && facts) await writeDebarment(tx, actor, opts.meta, facts, debarment);
    let status = a.status;
    if (revokes && applicationLifecycle.events.revoke.from.includes(a.status as ApplicationState)) {
      status = applyEvent(applicationLifecycle, a.status, 'revoke');
      await tx.update(capacityApplications).set({ status, updatedAt: new Date(), rowVersion: sql`${capacityApplications.rowVersion} + 1` }).where(eq(capacityApplications.id, a.id));
      await auditApp(tx, actor, opts.meta, a, { action: 'capacityApplication.revoke', entityType: 'capacity_application', entityId: a.id, before: { status: a.status }, after: { status, ground }, reason: input.responsibility });
    }
    await closeTodos(tx, { entityType: 'capacity_application', entityId: a.id, kind: RECOVER_TODO }, actor.userId);
    await settleRefundTodo(tx, actor, a, after);
    const parts = [
      input.amountFen > 0 ? `追回 ${formatYuan(input.amountFen)}` : cancels ? '资助未拨付，撤销资助' : '不涉及追回金额',
      status !== a.status ? '撤销资助' : null,
      debarment ? `取消申报资格 ${debarment.years} 年（${debarment.startsOn} 至 ${debarment.endsOn}）` : null,
    ].filter(Boolean);
    await notifyOrg(tx, a.societyId, { permission: 'capacityApplication.submit' }, {
      title: '专项资金追回',
      body: `“${a.title}”：因${label}，${parts.join('；')}。依据：${clauseOf(prog.parameters, groundClauseKey[ground])}。`,
      link: closingLink(a.id),
      entityType: 'capacity_fund_return',
      entityId: id,
    });
    await auditApp(tx, actor, opts.meta, a, {
      action: 'capacityFundReturn.recover',
      entityType: 'capacity_fund_return',
      entityId: id,
      before: { outstandingFen: outstanding },
      after: {
        applicationId: a.id,
        ground,
        amountFen: input.amountFen,
        outstandingFen: outstandingOf(after),
        awardCancelled: cancels,
        ...(debarment ? { debarment: `${debarment.startsOn} 至 ${debarment.endsOn}（${debarment.years} 年）` } : {}),
        attachments: input.attachmentIds.length,
      },
      reason: input.responsibility,
    });
    return id;
  });
}

// ------------------------------------------------------------------------------------------------
// The debarment in the society's yearly facts (ORG-3, read by SEL-3 notDebarred)
// ------------------------------------------------------------------------------------------------

/** CAP-7: the debarment in the society's yearly facts (societies/append-yearly-fact.ts: which year, which row). */
async function writeDebarment(tx: DbOrTx, actor: Actor, meta: RequestMeta, f: LockedFacts, d: Debarment): Promise<void> {
  await appendYearlyFacts(tx, actor, meta, f, { debarments: [{ reason: d.reason, startsOn: d.startsOn, endsOn: d.endsOn }] }, {
    note: '因追回专项资金记入取消申报资格而建立；本年度年检结果尚待录入',
    reason: `追回专项资金，取消申报资格 ${d.years} 年`,
  });
}

// ------------------------------------------------------------------------------------------------
// Reads
// ------------------------------------------------------------------------------------------------

const proposer = alias(users, 'acc_proposer');
const confirmer = alias(users, 'acc_confirmer');
const confirmOrg = alias(organisations, 'acc_confirm_org');
const recorder = alias(users, 'ret_recorder');

const acceptancesFrom = (db: DbOrTx) =>
  db
    .select({ x: capacityAcceptances, proposedByName: proposer.displayName, confirmedByName: confirmer.displayName, confirmedOrgName: confirmOrg.name })
    .from(capacityAcceptances)
    .leftJoin(proposer, eq(proposer.id, capacityAcceptances.proposedBy))
    .leftJoin(confirmer, eq(confirmer.id, capacityAcceptances.confirmedBy))
    .leftJoin(confirmOrg, eq(confirmOrg.id, capacityAcceptances.confirmedOrgId));

async function acceptanceView(db: DbOrTx, actor: Actor, prog: ProgrammeForCalls, a: ApplicationRow, r: { x: AcceptanceRow; proposedByName: string | null; confirmedByName: string | null; confirmedOrgName: string | null }): Promise<CapacityAcceptance> {
  const { x } = r;
  const refs = await attachmentRefs(db, x.attachmentIds);
  const status = x.status as AcceptanceState;
  const actions: CapacityAcceptance['actions'] = [];
  if (status === 'returned' && a.status === 'disbursed' && reviews(prog, actor)) actions.push('repropose');
  if (status === 'proposed' && confirmsFor(prog)) actions.push('confirm', 'return');
  return {
    id: x.id,
    applicationId: x.applicationId,
    year: x.year,
    result: x.result as AcceptanceResult,
    resultLabel: acceptanceResultLabels[x.result as AcceptanceResult] ?? x.result,
    opinion: x.opinion,
    attachments: pickRefs(refs, x.attachmentIds),
    status,
    statusLabel: acceptanceStateLabels[status] ?? x.status,
    proposedAt: x.proposedAt.toISOString(),
    proposedByName: r.proposedByName,
    confirmedAt: x.confirmedAt?.toISOString() ?? null,
    confirmedByName: r.confirmedByName,
    confirmedOrgName: r.confirmedOrgName,
    returnComment: x.returnComment,
    rowVersion: x.rowVersion,
    actions,
  };
}

/** An application's acceptance (404 while none was proposed). */
export async function acceptanceOfApplication(db: DbOrTx, actor: Actor, applicationId: string): Promise<CapacityAcceptance> {
  const { a, prog } = await loadReadableApplication(db, actor, applicationId);
  const [r] = await acceptancesFrom(db).where(eq(capacityAcceptances.applicationId, a.id));
  if (!r) throw new AppError('NOT_FOUND', '尚未提出验收结论');
  return acceptanceView(db, actor, prog, a, r);
}

export async function acceptanceOne(db: DbOrTx, actor: Actor, id: string): Promise<CapacityAcceptance> {
  const [r] = await acceptancesFrom(db).where(eq(capacityAcceptances.id, id));
  if (!r) throw new AppError('NOT_FOUND', '验收记录不存在');
  const { a, prog } = await loadReadableApplication(db, actor, r.x.applicationId);
  return acceptanceView(db, actor, prog, a, r);
}

// a recovery of 0 that cancelled an award never paid: the cancellation is journalled in the same
// transaction, and both rows take the transaction's now() as their time
const awardCancelledSql = sql<boolean>`EXISTS (SELECT 1 FROM fund_entries e WHERE e.project_kind = 'capacityApplication' AND e.project_id = ${capacityFundReturns.applicationId} AND e.kind = 'cancelAward' AND e.recorded_at = ${capacityFundReturns.recordedAt})`;

const returnsFrom = (db: DbOrTx) =>
  db
    .select({ r: capacityFundReturns, recordedByName: recorder.displayName, awardCancelled: awardCancelledSql.mapWith(Boolean) })
    .from(capacityFundReturns)
    .leftJoin(recorder, eq(recorder.id, capacityFundReturns.recordedBy));

async function returnViews(db: DbOrTx, params: HasRuleClauses, rows: { r: ReturnRow; recordedByName: string | null; awardCancelled: boolean }[]): Promise<CapacityFundReturn[]> {
  const refs = await attachmentRefs(db, rows.flatMap((x) => x.r.attachmentIds));
  return rows.map(({ r, recordedByName, awardCancelled }) => {
    const kind = r.kind as CapacityFundReturn['kind'];
    const ground = (r.ground as FundRecoveryGround | null) ?? null;
    return {
      id: r.id,
      applicationId: r.applicationId,
      kind,
      kindLabel: fundReturnKindLabels[kind] ?? r.kind,
      amountFen: r.amountFen,
      awardCancelled: kind === 'recovery' && awardCancelled,
      ground,
      groundLabel: ground ? fundRecoveryGroundLabels[ground] : null,
      groundClause: ground ? clauseOf(params, groundClauseKey[ground]) : null,
      responsibility: r.responsibility,
      note: r.note,
      debarment: r.debarment ?? null,
      attachments: pickRefs(refs, r.attachmentIds),
      recordedAt: r.recordedAt.toISOString(),
      recordedByName,
    };
  });
}

/** An application's refunds and recoveries, newest first. */
export async function fundReturnsOf(db: DbOrTx, actor: Actor, applicationId: string): Promise<CapacityFundReturn[]> {
  const { a, prog } = await loadReadableApplication(db, actor, applicationId);
  return returnViews(db, prog.parameters, await returnsFrom(db).where(eq(capacityFundReturns.applicationId, a.id)).orderBy(desc(capacityFundReturns.recordedAt), desc(capacityFundReturns.id)));
}

export async function fundReturnOne(db: DbOrTx, actor: Actor, id: string): Promise<CapacityFundReturn> {
  const [x] = await returnsFrom(db).where(eq(capacityFundReturns.id, id));
  if (!x) throw new AppError('NOT_FOUND', '退还或追回记录不存在');
  const { prog } = await loadReadableApplication(db, actor, x.r.applicationId);
  return (await returnViews(db, prog.parameters, [x]))[0];
}

/** The closing section of an application: acceptance, window, balance, grounds with what follows, and what the actor may do. */
export async function closingOf(db: DbOrTx, actor: Actor, applicationId: string): Promise<CapacityClosing> {
  const { a, prog } = await loadReadableApplication(db, actor, applicationId);
  const params = prog.parameters;
  const [letter, balance, acc, soc, debarred] = await Promise.all([
    signedLetter(db, a.id),
    balanceOf(db, a.id),
    acceptancesFrom(db).where(eq(capacityAcceptances.applicationId, a.id)),
    db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, a.societyId)),
    db
      .select({ debarment: capacityFundReturns.debarment, ground: capacityFundReturns.ground, amountFen: capacityFundReturns.amountFen, recordedAt: capacityFundReturns.recordedAt })
      .from(capacityFundReturns)
      .where(eq(capacityFundReturns.applicationId, a.id))
      .orderBy(asc(capacityFundReturns.recordedAt), asc(capacityFundReturns.id)),
  ]);
  const today = chinaToday();
  const acceptance = acc[0] ? await acceptanceView(db, actor, prog, a, acc[0]) : null;
  const failedAcceptance = acceptance?.status === 'confirmed' && acceptance.result === 'failed';
  const sanctionedGrounds = new Set(debarred.filter((r) => r.debarment).map((r) => r.ground));
  const grounds: RecoveryGroundOption[] = params.sanctions.recoverFundsOn.map((g) => {
    const d = sanctionedGrounds.has(g) ? null : debarmentFor({ ground: g, sanctions: params.sanctions, clauses: params, today, projectTitle: a.title, programmeName: prog.name });
    const available = g !== 'failedAcceptance' || failedAcceptance;
    return {
      ground: g,
      label: fundRecoveryGroundLabels[g],
      clause: clauseOf(params, groundClauseKey[g]),
      debarYears: debarYearsOf(g, params.sanctions),
      debarment: d,
      revokes: g === 'falseMaterials' && applicationLifecycle.events.revoke.from.includes(a.status as ApplicationState),
      available,
      unavailableReason: available ? null : '须先确认“验收不合格”的验收结论',
    };
  });
  const held = balance ? outstandingOf(balance) : 0;
  const actions: CapacityClosing['actions'] = [];
  if (a.status === 'disbursed' && !acceptance && reviews(prog, actor)) actions.push('proposeAcceptance');
  if (balance && RETURN_STATES.includes(a.status as ApplicationState) && keepsFunds(prog, actor)) {
    if (held > 0) actions.push('recordRefund');
    actions.push('recordRecovery');
  }
  const endsOn = letter?.windowEndsOn ?? null;
  // the flagged money is settled once what came back since the flag makes it up, or the society holds nothing more of what was paid (or the award was cancelled)
  const flaggedAt = a.windowFlaggedAt;
  const backSinceFlag = flaggedAt ? debarred.filter((r) => r.recordedAt >= flaggedAt).reduce((t, r) => t + r.amountFen, 0) : 0;
  const settled = !!flaggedAt && (backSinceFlag >= (a.windowUnspentFen ?? 0) || (held <= 0 && !!balance && (balance.disbursedFen > 0 || balance.cancelled)));
  return {
    applicationId: a.id,
    status: a.status as ApplicationState,
    statusLabel: stateLabel(a.status),
    title: a.title,
    societyName: soc[0]?.name ?? '',
    acceptance,
    coManaged: coManaged(prog),
    window: { approvedOn: letter?.approvedOn ?? null, endsOn, ended: !!endsOn && endsOn < today, flaggedAt: a.windowFlaggedAt?.toISOString() ?? null, unspentFen: a.windowUnspentFen ?? null, settled },
    balance: balance ? { ...balance, outstandingFen: held, unspentFen: unspentFen(balance) } : null,
    grounds,
    debarments: debarred.flatMap((r) => (r.debarment ? [r.debarment] : [])),
    returnsCount: debarred.length,
    clauses: { acceptance: clauseOf(params, 'acceptance'), window: clauseOf(params, 'fundReturn'), recovery: clauseOf(params, 'recovery'), responsibility: clauseOf(params, 'responsibility') },
    actions,
  };
}
