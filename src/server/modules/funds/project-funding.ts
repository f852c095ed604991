// FND-7 (issue 13 step 9): a transfer programme's funds pay a pilot project's agreement funding
// (domain/funds/pilot-funding.ts says what may be paid and why). The coordinating association that
// keeps the programme's ledger (fund.manage) assigns the project's funding to one of the
// programme's funds (the award: the amount it decides, at most the funding of the agreement in
// force; the ledger refuses more than the fund has available), records the payments to the society
// in stages, and refunds and recoveries; a termination's refund payments reach the ledger through
// `refundPaymentToFund`, its agreement cancels what was not yet paid (`cancelAwardOnTermination`).
//
// Every movement goes through the ledger's one write path (ledger.repo.ts recordFundEntry, which
// audits it as fund.*). Locks: the pilot project's row first (every funding write of one project,
// the termination's included, lines up behind it), then recordFundEntry's (the fund's account, the
// project's balance, the audit chain). A repeated submission carries the total it saw
// (disbursedFen / outstandingFen) and is refused (409), never booked twice.
import { and, eq, inArray } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { fundAccounts, fundProjectBalances, programmes, taskBooks, terminations } from '../../db/schema.js';
import type { Actor, RequestMeta } from '../../platform/actor.js';
import { AppError, validationError } from '../../platform/errors.js';
import { notifyOrg, PROJECT_PARTIES } from '../../platform/notify.js';
import { fundRecoveryGroundLabels, type FundRecoveryGround } from '../../../domain/programme/programme.types.js';
import { committedFen, emptySums, outstandingFen, withDerived, type ProjectBalance } from '../../../domain/funds/ledger.js';
import { agreementFundingFen, awardOverFunding, disbursementOverFunding, pilotFundingRefs, refundToFundFen } from '../../../domain/funds/pilot-funding.js';
import { agreementTextsOf } from '../../../domain/taskbook/agreement.js';
import { formatYuan } from '../../../domain/money.js';
import { openTerminationStates } from '../../../domain/supervision/termination.lifecycle.js';
import type { TaskBookContent } from '../../../domain/taskbook/taskbook.types.js';
import type { ProjectFunding } from '../../../contract/funds.js';
import { loadProjectInScope, type ProjectInScope } from '../projects/projects.js';
import { balanceOfProject, recordFundEntry, sumsOfAccount, type FundEntryInput } from './ledger.repo.js';
import { projectEntries } from './funds.js';

type Ref = { rule: string; clause: string };

/** A refusal by a rule: 409 with the rule and its clause (problem+json), the clause also in the message. */
const refusal = (ref: Ref, message: string, path?: string) =>
  new AppError('INVALID_STATE', `${message}。依据：${ref.clause}`, { errors: path ? [{ path, message }] : undefined, extra: { rule: ref.rule, clause: ref.clause } });

/** The ledger's own refusals (written for any programme) told with the pilot's clause of the same rule. */
async function asPilotRefusal<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof AppError && e.code === 'INVALID_STATE' && typeof e.extra?.rule === 'string') {
      const ref = (Object.values(pilotFundingRefs) as Ref[]).find((r) => r.rule === e.extra!.rule);
      if (ref) throw refusal(ref, e.message);
    }
    throw e;
  }
}

const PROJECT = 'project' as const;

export async function projectBalance(db: DbOrTx, projectId: string) {
  const [row] = await db
    .select()
    .from(fundProjectBalances)
    .where(and(eq(fundProjectBalances.projectKind, PROJECT), eq(fundProjectBalances.projectId, projectId)));
  return row ?? null;
}

/** The agreement in force (the signed version) and the funding it promises; null when none is in force. */
async function agreementInForce(db: DbOrTx, projectId: string): Promise<{ content: TaskBookContent; fundingFen: number } | null> {
  const [book] = await db.select({ content: taskBooks.content }).from(taskBooks).where(and(eq(taskBooks.projectId, projectId), eq(taskBooks.status, 'signed')));
  if (!book) return null;
  const content = book.content as TaskBookContent;
  return { content, fundingFen: agreementFundingFen(content) };
}

async function hasOpenTermination(db: DbOrTx, projectId: string): Promise<boolean> {
  const [t] = await db.select({ id: terminations.id }).from(terminations).where(and(eq(terminations.projectId, projectId), inArray(terminations.status, [...openTerminationStates])));
  return !!t;
}

/** The association that keeps the programme's ledger (fund.manage) — here, the project's coordinating association. */
const keeps = (actor: Actor, project: ProjectInScope) => project.party === 'association' && actor.permissions.has('fund.manage');

function requireKeeper(actor: Actor, project: ProjectInScope): void {
  if (!keeps(actor, project)) throw new AppError('FORBIDDEN', `项目经费由${project.row.associationName}在资金台账中登记`);
}

// ------------------------------------------------------------------------------------------------
// Reading
// ------------------------------------------------------------------------------------------------

export async function projectFundingView(db: DbOrTx, actor: Actor, projectId: string): Promise<ProjectFunding> {
  const project = await loadProjectInScope(db, actor, projectId);
  return fundingView(db, actor, project);
}

async function fundingView(db: DbOrTx, actor: Actor, project: ProjectInScope): Promise<ProjectFunding> {
  const p = project.row.p;
  const [row, agreement, entries, openTermination] = await Promise.all([projectBalance(db, p.id), agreementInForce(db, p.id), projectEntries(db, PROJECT, p.id), hasOpenTermination(db, p.id)]);
  const listed = project.parameters.funds ?? [];
  const b: ProjectBalance | null = row ? balanceOfProject(row) : null;
  const keeper = keeps(actor, project);
  let funds: ProjectFunding['funds'] = [];
  if (keeper) {
    const accounts = await db.select().from(fundAccounts).where(eq(fundAccounts.programmeId, p.programmeId));
    funds = listed.map((f) => {
      const a = accounts.find((x) => x.fundCode === f.code);
      return { code: f.code, name: f.name, availableFen: withDerived(a ? sumsOfAccount(a) : emptySums()).availableFen };
    });
  }
  const actions: ProjectFunding['actions'] = [];
  if (keeper) {
    if (!b && p.status === 'implementing' && agreement && agreement.fundingFen > 0 && listed.length) actions.push('award');
    if (b && !b.cancelled && b.disbursedFen < b.awardFen && ['implementing', 'completed'].includes(p.status)) actions.push('disburse');
    if (b && outstandingFen(b) > 0) {
      if (!openTermination && p.status !== 'terminated') actions.push('refund');
      if (project.parameters.sanctions.recoverFundsOn.length) actions.push('recover');
    }
  }
  return {
    projectId: p.id,
    programmeId: p.programmeId,
    programmeName: project.row.programmeName,
    agreementTitle: agreementTextsOf(agreement?.content).title,
    agreementFundingFen: agreement?.fundingFen ?? null,
    award:
      row && b
        ? {
            fundCode: row.fundCode,
            fundName: listed.find((f) => f.code === row.fundCode)?.name ?? '方案参数中已移除的专项资金',
            awardFen: b.awardFen,
            cancelled: b.cancelled,
            disbursedFen: b.disbursedFen,
            refundedFen: b.refundedFen,
            recoveredFen: b.recoveredFen,
            committedFen: committedFen(b),
            outstandingFen: outstandingFen(b),
          }
        : null,
    entries,
    funds,
    recoveryGrounds: keeper ? project.parameters.sanctions.recoverFundsOn.map((g) => ({ code: g, label: fundRecoveryGroundLabels[g] })) : [],
    openTermination,
    actions,
  };
}

// ------------------------------------------------------------------------------------------------
// Writing: the keeper of the programme's ledger
// ------------------------------------------------------------------------------------------------

async function loadForWrite(tx: DbOrTx, actor: Actor, projectId: string) {
  const project = await loadProjectInScope(tx, actor, projectId, { forUpdate: true });
  requireKeeper(actor, project);
  return project;
}

const notifySociety = (tx: DbOrTx, project: ProjectInScope, title: string, body: string) =>
  notifyOrg(tx, project.row.p.societyId, { permission: PROJECT_PARTIES }, { title, body, link: `/app/projects/${project.row.p.id}?tab=funding`, entityType: 'pilot_project', entityId: project.row.p.id });

/** The association assigns the project's funding to one of the programme's funds (核定资助). */
export async function awardProjectFunding(opts: { db: Db; actor: Actor; meta: RequestMeta; projectId: string; input: { fundCode: string; amountFen: number; note: string } }): Promise<ProjectFunding> {
  const { db, actor, input } = opts;
  return db.transaction(async (tx) => {
    const project = await loadForWrite(tx, actor, opts.projectId);
    const p = project.row.p;
    const [prog] = await tx.select({ status: programmes.status, name: programmes.name }).from(programmes).where(eq(programmes.id, p.programmeId));
    if (prog.status === 'closed') throw new AppError('INVALID_STATE', `方案“${prog.name}”已结束，不能再核定资助`);
    if (p.status !== 'implementing') throw refusal(pilotFundingRefs.agreementInForce, p.status === 'established' ? '项目的任务书（合同）尚未签署生效，不能核定资助' : '项目已不在实施中，不能核定资助');
    const agreement = await agreementInForce(tx, p.id);
    if (!agreement) throw refusal(pilotFundingRefs.agreementInForce, '项目没有生效的任务书（合同），不能核定资助');
    const fund = (project.parameters.funds ?? []).find((f) => f.code === input.fundCode);
    if (!fund) throw refusal(pilotFundingRefs.fund, '本方案没有这项专项资金，请从方案所列的专项资金中选择', 'body.fundCode');
    const over = awardOverFunding(input.amountFen, agreement.fundingFen);
    if (over) throw refusal(pilotFundingRefs.agreementFunding, over, 'body.amountFen');
    const entry: FundEntryInput = { kind: 'award', project: { kind: PROJECT, id: p.id }, amountFen: input.amountFen };
    await asPilotRefusal(recordFundEntry(tx, { actor, meta: opts.meta, programmeId: p.programmeId, fundCode: fund.code, entry, societyId: p.societyId, note: input.note }));
    await notifySociety(tx, project, `项目经费已核定：${p.title}`, `${actor.orgName}从“${fund.name}”核定资助 ${formatYuan(input.amountFen)}，将按${agreementTextsOf(agreement.content).title}分期拨付。`);
    return fundingView(tx, actor, project);
  });
}

/** A payment to the society (拨付), one of several: the sum never above the award nor the agreement's funding. */
export async function disburseProjectFunding(opts: { db: Db; actor: Actor; meta: RequestMeta; projectId: string; input: { amountFen: number; note: string; disbursedFen: number } }): Promise<ProjectFunding> {
  const { db, actor, input } = opts;
  return db.transaction(async (tx) => {
    const project = await loadForWrite(tx, actor, opts.projectId);
    const p = project.row.p;
    const row = await projectBalance(tx, p.id);
    if (!row) throw refusal(pilotFundingRefs.disburse, '该项目尚未从专项资金核定资助，不能登记拨付');
    if (row.disbursedFen !== input.disbursedFen) throw new AppError('CONFLICT', '项目经费已有新的拨付（可能已登记这笔拨付），请刷新后核对', { extra: { disbursedFen: row.disbursedFen } });
    if (p.status === 'terminated') throw refusal(pilotFundingRefs.refund, '项目已中止，尚未拨付的资助已撤销，不能再拨付');
    if (p.status !== 'implementing' && p.status !== 'completed') throw refusal(pilotFundingRefs.agreementInForce, '项目尚未进入实施，不能拨付');
    const agreement = await agreementInForce(tx, p.id);
    const over = disbursementOverFunding(input.amountFen, row.disbursedFen, agreement?.fundingFen ?? 0);
    if (over) throw refusal(pilotFundingRefs.agreementFunding, over, 'body.amountFen');
    const recorded = await asPilotRefusal(
      recordFundEntry(tx, { actor, meta: opts.meta, programmeId: row.programmeId, fundCode: row.fundCode, entry: { kind: 'disburse', project: { kind: PROJECT, id: p.id }, amountFen: input.amountFen }, note: input.note }),
    );
    const b = recorded.project!;
    await notifySociety(tx, project, `项目经费已拨付：${p.title}`, `${actor.orgName}拨付 ${formatYuan(input.amountFen)}（累计 ${formatYuan(b.disbursedFen)} / 核定 ${formatYuan(b.awardFen)}）。${input.note}`);
    return fundingView(tx, actor, project);
  });
}

/** Money back from the society outside a termination: a refund (退还), or a recovery (收回) on a ground the programme names. */
export async function returnProjectFunding(opts: {
  db: Db;
  actor: Actor;
  meta: RequestMeta;
  projectId: string;
  input: { kind: 'refund' | 'recover'; amountFen: number; ground: FundRecoveryGround | null; note: string; outstandingFen: number };
}): Promise<ProjectFunding> {
  const { db, actor, input } = opts;
  return db.transaction(async (tx) => {
    const project = await loadForWrite(tx, actor, opts.projectId);
    const p = project.row.p;
    const row = await projectBalance(tx, p.id);
    const ref = input.kind === 'refund' ? pilotFundingRefs.refund : pilotFundingRefs.recover;
    if (!row) throw refusal(ref, '该项目没有从专项资金拨付的经费');
    const b = balanceOfProject(row);
    if (outstandingFen(b) !== input.outstandingFen) throw new AppError('CONFLICT', '项目经费已有新的变动（可能已登记这笔款项），请刷新后核对', { extra: { outstandingFen: outstandingFen(b) } });
    let note = input.note;
    if (input.kind === 'refund') {
      if (p.status === 'terminated' || (await hasOpenTermination(tx, p.id))) throw refusal(ref, '项目中止的退款在“中止与退款”中登记，到账时自动记入资金台账');
    } else {
      const grounds = project.parameters.sanctions.recoverFundsOn;
      if (!input.ground) throw validationError([{ path: 'body.ground', message: '请选择收回资金的情形' }]);
      if (!grounds.includes(input.ground)) throw refusal(ref, `本方案规定的收回资金情形中没有“${fundRecoveryGroundLabels[input.ground]}”`, 'body.ground');
      note = `${fundRecoveryGroundLabels[input.ground]}：${input.note}`;
    }
    await asPilotRefusal(recordFundEntry(tx, { actor, meta: opts.meta, programmeId: row.programmeId, fundCode: row.fundCode, entry: { kind: input.kind, project: { kind: PROJECT, id: p.id }, amountFen: input.amountFen }, note }));
    await notifySociety(tx, project, `项目经费${input.kind === 'refund' ? '退还' : '收回'}已登记：${p.title}`, `${actor.orgName}登记${input.kind === 'refund' ? '退还' : '收回'} ${formatYuan(input.amountFen)}。${note}`);
    return fundingView(tx, actor, project);
  });
}

// ------------------------------------------------------------------------------------------------
// From the termination (SUP-6): the caller holds the project's row lock and has not audited yet
// ------------------------------------------------------------------------------------------------

/** What the fund has out with the society for this project (0 when it was not paid from a fund). */
export async function fundOutstandingOf(tx: DbOrTx, projectId: string): Promise<number> {
  const row = await projectBalance(tx, projectId);
  return row ? outstandingFen(balanceOfProject(row)) : 0;
}

/** The termination is agreed: what the fund has not yet paid is no longer committed (撤销资助). */
export async function cancelAwardOnTermination(tx: DbOrTx, o: { actor: Actor; meta: RequestMeta; projectId: string; reason: string }): Promise<void> {
  const row = await projectBalance(tx, o.projectId);
  if (!row || row.cancelled) return;
  await recordFundEntry(tx, { actor: o.actor, meta: o.meta, programmeId: row.programmeId, fundCode: row.fundCode, entry: { kind: 'cancelAward', project: { kind: PROJECT, id: o.projectId } }, note: `项目中止，撤销尚未拨付的资助：${o.reason.slice(0, 200)}` });
}

/**
 * A refund payment of a terminated project received: back to the fund as far as the fund has money
 * out with the society (refundToFundFen); returns what was booked to the fund (0: not paid from a fund).
 */
export async function refundPaymentToFund(tx: DbOrTx, o: { actor: Actor; meta: RequestMeta; projectId: string; amountFen: number; note: string }): Promise<number> {
  const row = await projectBalance(tx, o.projectId);
  if (!row) return 0;
  const amountFen = refundToFundFen(o.amountFen, outstandingFen(balanceOfProject(row)));
  if (amountFen <= 0) return 0;
  await asPilotRefusal(recordFundEntry(tx, { actor: o.actor, meta: o.meta, programmeId: row.programmeId, fundCode: row.fundCode, entry: { kind: 'refund', project: { kind: PROJECT, id: o.projectId }, amountFen }, note: o.note }));
  return amountFen;
}
