// FND-5, FND-7: the ledger of a programme's funds. Every movement is an entry in integer fen;
// the balances are sums of entries, never stored separately, and they always balance:
//
//   budgeted = available + committed + paidOut
//   committed = Σ over active awards of (award − disbursed)   money promised, not yet paid
//   paidOut   = disbursed − refunded − recovered               money out of the fund
//
// `applyEntry` is the one place that says whether an entry may be made, so the server refuses
// (409/422) exactly what this refuses, and the property test drives random sequences through it.
import { formatYuan } from '../money.js';

export type LedgerEntry =
  | { kind: 'budget'; fund: string; amountFen: number }
  | { kind: 'award'; fund: string; project: string; amountFen: number }
  | { kind: 'cancelAward'; project: string }
  | { kind: 'disburse'; project: string; amountFen: number }
  | { kind: 'expense'; project: string; amountFen: number }
  | { kind: 'refund'; project: string; amountFen: number }
  | { kind: 'recover'; project: string; amountFen: number };

export interface ProjectBalance {
  fund: string;
  awardFen: number;
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

/** Why `e` may not be entered into `l`, in Chinese, or null when it may. */
export function entryRefusal(l: Ledger, e: LedgerEntry): LedgerRefusal | null {
  if ('amountFen' in e && (!Number.isInteger(e.amountFen) || e.amountFen <= 0)) return { rule: 'FND-5', message: '金额应为正的整数（分）' };
  if (e.kind === 'budget') return null;
  if (e.kind === 'award') {
    if (!l.budgets.has(e.fund)) return { rule: 'FND-5', message: '该资金尚未列入本计划' };
    if (l.projects.has(e.project)) return { rule: 'FND-5', message: '该项目已核定资助金额' };
    const available = fundBalance(l, e.fund).availableFen;
    return e.amountFen > available ? { rule: 'FND-5', message: `资助金额超过该资金的可用余额（${formatYuan(available)}）` } : null;
  }
  const p = l.projects.get(e.project);
  if (!p) return { rule: 'FND-5', message: '该项目没有核定的资助金额' };
  switch (e.kind) {
    case 'cancelAward':
      return p.cancelled ? { rule: 'FND-5', message: '该项目的资助已撤销' } : null;
    case 'disburse':
      if (p.cancelled) return { rule: 'CAP-6', message: '该项目的资助已撤销，不能拨付' };
      if (p.disbursedFen > 0) return { rule: 'CAP-6', message: '该项目的资金已拨付，不能重复拨付' };
      return e.amountFen > p.awardFen ? { rule: 'CAP-6', message: '拨付金额不能超过核定的资助金额' } : null;
    case 'expense':
      return p.spentFen + e.amountFen > p.awardFen ? { rule: 'FND-1', message: '支出合计不能超过批复的项目预算' } : null;
    case 'refund':
    case 'recover':
      return e.amountFen > outstandingFen(p) ? { rule: 'FND-6', message: `${e.kind === 'refund' ? '退还' : '收回'}金额不能超过已拨付且尚未退还、收回的资金` } : null;
  }
}

/** The ledger after `e`; throws when `entryRefusal` refuses it. Does not change `l`. */
export function applyEntry(l: Ledger, e: LedgerEntry): Ledger {
  const refusal = entryRefusal(l, e);
  if (refusal) throw new RangeError(refusal.message);
  const budgets = new Map(l.budgets);
  const projects = new Map(l.projects);
  if (e.kind === 'budget') budgets.set(e.fund, (budgets.get(e.fund) ?? 0) + e.amountFen);
  else if (e.kind === 'award') projects.set(e.project, { fund: e.fund, awardFen: e.amountFen, cancelled: false, disbursedFen: 0, spentFen: 0, refundedFen: 0, recoveredFen: 0 });
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
export const committedFen = (p: ProjectBalance): number => (p.cancelled ? 0 : Math.max(p.awardFen - p.disbursedFen, 0));

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
