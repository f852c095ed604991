// FND-1…FND-5: may a project record this expense against its approved budget? Every rule reads
// the programme's parameters (PRG-2): the allowed and forbidden categories (FND-1, FND-2), the
// execution window from budget approval (FND-4, `executionWindowMonths`), the procurement
// threshold (FND-5, `procurementThresholdFen`). A refusal names its rule; a purchase at or above
// the threshold and a fixed asset are accepted and flagged for the association.
import type { ExpenseCategories } from '../programme/programme.types.js';

export interface BudgetLine {
  /** an allowed category's code */
  category: string;
  /** one of the category's items, or null for the category as a whole */
  item: string | null;
  amountFen: number;
}

export interface ExpenseInput {
  /** an allowed or forbidden category code, as the society files it */
  category: string;
  item: string | null;
  amountFen: number;
  spentOn: string;
  fixedAsset: boolean;
}

export interface ExpenseContext {
  categories: ExpenseCategories;
  budget: readonly BudgetLine[];
  /** what is already spent on each line, keyed by lineKey */
  spentByLine: ReadonlyMap<string, number>;
  /** the day the budget was approved (FND-4); null: not approved yet */
  approvedOn: string | null;
  executionWindowMonths: number;
  /** the window's last day as the signed responsibility letter froze it; when given, it is the window (FND-4) */
  windowEndsOn?: string | null;
  procurementThresholdFen: number;
}

export type ExpenseVerdict =
  | { ok: false; rule: 'FND-1' | 'FND-2' | 'FND-3' | 'FND-4'; path: string; message: string }
  | { ok: true; flags: ('procurement' | 'fixedAsset')[] };

export const lineKey = (category: string, item: string | null): string => `${category}\u0000${item ?? ''}`;

/**
 * The last day of the execution window that starts on `approvedOn`: the corresponding day of the
 * month `months` later, or that month's last day when it has no such day (民法典 第二百零一条、
 * 第二百零三条: the starting day is not counted; 2026-06-16 + 12 months → 2027-06-16,
 * 2026-01-31 + 1 month → 2026-02-28).
 */
export function windowEndsOn(approvedOn: string, months: number): string {
  const [y, m, d] = approvedOn.split('-').map(Number);
  const monthIndex = m - 1 + months;
  const ty = y + Math.floor(monthIndex / 12);
  const tm = monthIndex % 12;
  const lastDay = new Date(Date.UTC(ty, tm + 1, 0)).getUTCDate();
  return new Date(Date.UTC(ty, tm, Math.min(d, lastDay))).toISOString().slice(0, 10);
}

export function checkExpense(e: ExpenseInput, ctx: ExpenseContext): ExpenseVerdict {
  const forbidden = ctx.categories.forbidden.find((f) => f.code === e.category);
  if (forbidden) return { ok: false, rule: 'FND-2', path: 'category', message: `专项资金不得用于“${forbidden.label}”` };
  const allowed = ctx.categories.allowed.find((c) => c.code === e.category);
  if (!allowed) return { ok: false, rule: 'FND-1', path: 'category', message: '支出类别不在本计划的经费开支范围内' };
  if (e.item !== null && allowed.items.length > 0 && !allowed.items.includes(e.item)) return { ok: false, rule: 'FND-1', path: 'item', message: `“${e.item}”不是“${allowed.label}”的开支项目` };
  if (ctx.approvedOn === null) return { ok: false, rule: 'FND-4', path: 'spentOn', message: '项目预算尚未批复，支出自预算批复之日起计算' };
  if (e.spentOn < ctx.approvedOn) return { ok: false, rule: 'FND-4', path: 'spentOn', message: `支出日期早于预算批复日期（${ctx.approvedOn}），不能列支` };
  // the signed letter's window stands even if the programme's parameter changes later
  const ends = ctx.windowEndsOn ?? windowEndsOn(ctx.approvedOn, ctx.executionWindowMonths);
  if (e.spentOn > ends) return { ok: false, rule: 'FND-4', path: 'spentOn', message: `支出日期晚于执行期限（${ends}），未使用的资金应按规定退还` };
  // the line: the item's own line when the budget has one, else the category's
  const line = ctx.budget.find((b) => b.category === e.category && b.item === e.item) ?? ctx.budget.find((b) => b.category === e.category && b.item === null);
  if (!line) return { ok: false, rule: 'FND-3', path: 'category', message: `批复的预算中没有“${allowed.label}${e.item ? `—${e.item}` : ''}”，调整预算须按申报程序报批` };
  const spent = ctx.spentByLine.get(lineKey(line.category, line.item)) ?? 0;
  if (spent + e.amountFen > line.amountFen) return { ok: false, rule: 'FND-3', path: 'amountFen', message: '超出该预算科目的批复金额，调整预算须按申报程序报批' };
  const flags: ('procurement' | 'fixedAsset')[] = [];
  if (e.amountFen >= ctx.procurementThresholdFen) flags.push('procurement');
  if (e.fixedAsset) flags.push('fixedAsset');
  return { ok: true, flags };
}
