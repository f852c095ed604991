// FND-5, FND-7: the ledger of a programme's funds. Every movement is an entry in integer fen;
// the balances are sums of entries and they always balance:
//
//   budgeted = available + committed + paidOut
//   committed = Σ over active awards of (award − disbursed)   money promised, not yet paid
//               (a capacity award is paid once: what its one disbursement left out is released)
//   paidOut   = disbursed − refunded − recovered               money out of the fund
//
// A capacity project's award is disbursed once (CAP-6: after the evaluation notice). A transfer
// pilot's task-book funding is paid in stages (`staged`, fixed by the award): any number of
// disbursements, their sum never above the award — so committed never goes negative either.
//
// `refusalIn` is the one place that says whether an entry may be made. It reads only what a
// decision needs (`EntryScope`: the fund's sums and the one project's balance), so the server asks
// it with the rows it has locked and refuses (409) exactly what the in-memory ledger refuses
// (`entryRefusal`, `applyEntry`); `applyToScope` gives the sums after the entry, which the server
// writes back. The property tests drive random sequences through both and compare.
import { formatYuan } from '../money.js';

export type LedgerEntry =
  | { kind: 'budget'; fund: string; amountFen: number }
  | { kind: 'award'; fund: string; project: string; amountFen: number; staged?: boolean }
  | { kind: 'cancelAward'; project: string }
  | { kind: 'disburse'; project: string; amountFen: number }
  | { kind: 'expense'; project: string; amountFen: number }
  | { kind: 'refund'; project: string; amountFen: number }
  | { kind: 'recover'; project: string; amountFen: number };

/** The kinds of entry, in the order of a fund's life, with their names in the journal. */
export const ledgerEntryKinds = ['budget', 'award', 'cancelAward', 'disburse', 'expense', 'refund', 'recover'] as const satisfies readonly LedgerEntry['kind'][];
export type LedgerEntryKind = (typeof ledgerEntryKinds)[number];
export const ledgerEntryKindLabels: Record<LedgerEntryKind, string> = {
  budget: '预算入账',
  award: '核定资助',
  cancelAward: '撤销资助',
  disburse: '拨付',
  expense: '支出',
  refund: '退还',
  recover: '收回',
};

export interface ProjectBalance {
  fund: string;
  awardFen: number;
  /** paid in stages (a transfer pilot's task-book funding); otherwise disbursed once (CAP-6) */
  staged: boolean;
  /** an award cancelled (upheld objection, failed acceptance, termination) commits nothing more */
  cancelled: boolean;
  disbursedFen: number;
  spentFen: number;
  refundedFen: number;
  recoveredFen: number;
}

export interface FundBalance {
  budgetedFen: number;
  awardedFen: number;
  committedFen: number;
  disbursedFen: number;
  spentFen: number;
  refundedFen: number;
  recoveredFen: number;
  paidOutFen: number;
  availableFen: number;
}

export interface Ledger {
  budgets: Map<string, number>;
  projects: Map<string, ProjectBalance>;
}

export const emptyLedger = (): Ledger => ({ budgets: new Map(), projects: new Map() });

/** Money the society holds from the fund and may still give back. */
export const outstandingFen = (p: ProjectBalance): number => p.disbursedFen - p.refundedFen - p.recoveredFen;

export type LedgerRefusal = { rule: 'FND-5' | 'FND-6' | 'CAP-6' | 'FND-1'; message: string };

/** The running sums of one fund, as `fund_accounts` keeps them: a FundBalance without what is derived. */
export type FundSums = Omit<FundBalance, 'paidOutFen' | 'availableFen'>;

/** The running sums, in the order of the columns that keep them. */
export const SUM_KEYS = ['budgetedFen', 'awardedFen', 'committedFen', 'disbursedFen', 'spentFen', 'refundedFen', 'recoveredFen'] as const satisfies readonly (keyof FundSums)[];

export const emptySums = (): FundSums => ({ budgetedFen: 0, awardedFen: 0, committedFen: 0, disbursedFen: 0, spentFen: 0, refundedFen: 0, recoveredFen: 0 });

/**
 * What a decision about one entry needs, and no more — what the database locks for it: the sums of
 * the fund the entry moves (null while nothing has been budgeted in it) and the balance of the one
 * project it names (null before the project's award, and for a budget entry). The server builds it
 * from the locked `fund_accounts` and `fund_project_balances` rows; `scopeOf` builds it from a
 * whole in-memory ledger. Both decide with `refusalIn` and move the sums with `applyToScope`.
 */
export interface EntryScope {
  fund: FundSums | null;
  project: ProjectBalance | null;
}

/** The fund an entry moves: its own for a budget or an award, the project's for the others. */
function fundOf(l: Ledger, e: LedgerEntry): string | undefined {
  return e.kind === 'budget' || e.kind === 'award' ? e.fund : l.projects.get(e.project)?.fund;
}

/** The part of `l` a decision about `e` reads. */
export function scopeOf(l: Ledger, e: LedgerEntry): EntryScope {
  const fund = fundOf(l, e);
  const sums = fund !== undefined && l.budgets.has(fund) ? sumsOf(fundBalance(l, fund)) : null;
  return { fund: sums, project: e.kind === 'budget' ? null : (l.projects.get(e.project) ?? null) };
}

/** Why `e` may not be entered, judged on the scope it reads, in Chinese — or null when it may. */
export function refusalIn(s: EntryScope, e: LedgerEntry): LedgerRefusal | null {
  if ('amountFen' in e && (!Number.isInteger(e.amountFen) || e.amountFen <= 0)) return { rule: 'FND-5', message: '金额应为正的整数（分）' };
  if (e.kind === 'budget') return null;
  if (e.kind === 'award') {
    if (!s.fund) return { rule: 'FND-5', message: '该资金尚未列入本计划' };
    if (s.project) return { rule: 'FND-5', message: '该项目已核定资助金额' };
    const available = withDerived(s.fund).availableFen;
    return e.amountFen > available ? { rule: 'FND-5', message: `资助金额超过该资金的可用余额（${formatYuan(available)}）` } : null;
  }
  const p = s.project;
  if (!p) return { rule: 'FND-5', message: '该项目没有核定的资助金额' };
  switch (e.kind) {
    case 'cancelAward':
      return p.cancelled ? { rule: 'FND-5', message: '该项目的资助已撤销' } : null;
    case 'disburse':
      if (p.cancelled) return { rule: p.staged ? 'FND-5' : 'CAP-6', message: '该项目的资助已撤销，不能拨付' };
      if (p.staged) {
        const left = p.awardFen - p.disbursedFen;
        return e.amountFen > left ? { rule: 'FND-5', message: `拨付累计不能超过核定的资助金额（尚可拨付 ${formatYuan(Math.max(left, 0))}）` } : null;
      }
      if (p.disbursedFen > 0) return { rule: 'CAP-6', message: '该项目的资金已拨付，不能重复拨付' };
      return e.amountFen > p.awardFen ? { rule: 'CAP-6', message: '拨付金额不能超过核定的资助金额' } : null;
    case 'expense':
      return p.spentFen + e.amountFen > p.awardFen ? { rule: 'FND-1', message: '支出合计不能超过批复的项目预算' } : null;
    case 'refund':
    case 'recover':
      return e.amountFen > outstandingFen(p) ? { rule: 'FND-6', message: `${e.kind === 'refund' ? '退还' : '收回'}金额不能超过已拨付且尚未退还、收回的资金` } : null;
  }
}

/** Why `e` may not be entered into `l`, in Chinese, or null when it may. */
export function entryRefusal(l: Ledger, e: LedgerEntry): LedgerRefusal | null {
  return refusalIn(scopeOf(l, e), e);
}

/** What one project adds to its fund's sums. */
function contribution(p: ProjectBalance | null): FundSums {
  if (!p) return emptySums();
  return { budgetedFen: 0, awardedFen: p.cancelled ? 0 : p.awardFen, committedFen: committedFen(p), disbursedFen: p.disbursedFen, spentFen: p.spentFen, refundedFen: p.refundedFen, recoveredFen: p.recoveredFen };
}

/**
 * The fund's sums and the project's balance after `e` (what the server writes back to the rows it
 * locked); throws when `refusalIn` refuses it. The fund's sums move by the project's contribution
 * after less before, so they stay the sums `fundBalance` would find.
 */
export function applyToScope(s: EntryScope, e: LedgerEntry): { fund: FundSums; project: ProjectBalance | null } {
  const refusal = refusalIn(s, e);
  if (refusal) throw new RangeError(refusal.message);
  const fund = { ...(s.fund ?? emptySums()) };
  if (e.kind === 'budget') {
    fund.budgetedFen += e.amountFen;
    return { fund, project: null };
  }
  const before = s.project;
  let after: ProjectBalance;
  if (e.kind === 'award') after = { fund: e.fund, awardFen: e.amountFen, staged: e.staged === true, cancelled: false, disbursedFen: 0, spentFen: 0, refundedFen: 0, recoveredFen: 0 };
  else {
    after = { ...before! };
    if (e.kind === 'cancelAward') after.cancelled = true;
    else if (e.kind === 'disburse') after.disbursedFen += e.amountFen;
    else if (e.kind === 'expense') after.spentFen += e.amountFen;
    else if (e.kind === 'refund') after.refundedFen += e.amountFen;
    else after.recoveredFen += e.amountFen;
  }
  const was = contribution(before);
  const now = contribution(after);
  for (const k of SUM_KEYS) fund[k] += now[k] - was[k];
  return { fund, project: after };
}

/** The running sums of a balance (what is derived left out). */
export function sumsOf(b: FundBalance): FundSums {
  const { paidOutFen: _p, availableFen: _a, ...sums } = b;
  return sums;
}

/** The ledger after `e`; throws when `entryRefusal` refuses it. Does not change `l`. */
export function applyEntry(l: Ledger, e: LedgerEntry): Ledger {
  const refusal = entryRefusal(l, e);
  if (refusal) throw new RangeError(refusal.message);
  const budgets = new Map(l.budgets);
  const projects = new Map(l.projects);
  if (e.kind === 'budget') budgets.set(e.fund, (budgets.get(e.fund) ?? 0) + e.amountFen);
  else if (e.kind === 'award') projects.set(e.project, { fund: e.fund, awardFen: e.amountFen, staged: e.staged === true, cancelled: false, disbursedFen: 0, spentFen: 0, refundedFen: 0, recoveredFen: 0 });
  else {
    const p = { ...projects.get(e.project)! };
    if (e.kind === 'cancelAward') p.cancelled = true;
    else if (e.kind === 'disburse') p.disbursedFen += e.amountFen;
    else if (e.kind === 'expense') p.spentFen += e.amountFen;
    else if (e.kind === 'refund') p.refundedFen += e.amountFen;
    else p.recoveredFen += e.amountFen;
    projects.set(e.project, p);
  }
  return { budgets, projects };
}

/** What an award still commits: nothing once cancelled or paid. */
export const committedFen = (p: ProjectBalance): number => (p.cancelled || (!p.staged && p.disbursedFen > 0) ? 0 : Math.max(p.awardFen - p.disbursedFen, 0));

export function fundBalance(l: Ledger, fund: string): FundBalance {
  const b: FundBalance = { budgetedFen: l.budgets.get(fund) ?? 0, awardedFen: 0, committedFen: 0, disbursedFen: 0, spentFen: 0, refundedFen: 0, recoveredFen: 0, paidOutFen: 0, availableFen: 0 };
  for (const p of l.projects.values()) {
    if (p.fund !== fund) continue;
    if (!p.cancelled) b.awardedFen += p.awardFen;
    b.committedFen += committedFen(p);
    b.disbursedFen += p.disbursedFen;
    b.spentFen += p.spentFen;
    b.refundedFen += p.refundedFen;
    b.recoveredFen += p.recoveredFen;
  }
  return withDerived(b);
}

/** paidOut and available from the sums (the SQL ledger uses this too, over its own sums). */
export function withDerived(b: Omit<FundBalance, 'paidOutFen' | 'availableFen'>): FundBalance {
  const paidOutFen = b.disbursedFen - b.refundedFen - b.recoveredFen;
  return { ...b, paidOutFen, availableFen: b.budgetedFen - b.committedFen - paidOutFen };
}
