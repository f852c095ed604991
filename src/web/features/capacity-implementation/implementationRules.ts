// Pure helpers of the 经费预算与支出 section (unit-tested): what the record-expense form offers from
// the approved lines, a refusal by a rule as the page says it (the clause in words, never the
// requirement's id), and the adjustment form's totals.
import type { BudgetExecution } from '../../../contract/capacity-implementation';

export const implementationKey = (applicationId: string) => ['capacity-implementation', applicationId] as const;

/** The categories of the approved budget, each with the items an expense may name under it (in the lines' order). */
export function expenseChoices(lines: BudgetExecution['lines']): { value: string; label: string; items: string[]; wholeCategory: boolean }[] {
  const out: { value: string; label: string; items: string[]; wholeCategory: boolean }[] = [];
  for (const l of lines) {
    let c = out.find((x) => x.value === l.category);
    if (!c) {
      c = { value: l.category, label: l.categoryLabel, items: [], wholeCategory: false };
      out.push(c);
    }
    for (const it of l.items) if (!c.items.includes(it)) c.items.push(it);
    if (l.item === null) c.wholeCategory = true;
  }
  return out;
}

/** The line an expense of (category, item) counts against: the item's own, else the category's (as the server decides). */
export function lineOf(lines: BudgetExecution['lines'], category: string | undefined, item: string | null | undefined) {
  if (!category) return undefined;
  return lines.find((l) => l.category === category && l.item === (item ?? null)) ?? lines.find((l) => l.category === category && l.item === null);
}

/** A refusal by a rule as the page shows it: what is wrong, then the clause it rests on — no requirement id. */
export function refusalText(detail: string, clause: string | null): { reason: string; clause: string | null } {
  if (!clause) return { reason: detail, clause: null };
  const at = detail.indexOf(`依据：${clause}`);
  const reason = (at >= 0 ? detail.slice(0, at) : detail).replace(/[。；\s]+$/, '');
  return { reason, clause };
}

/** A share (0–1) as a whole percentage for a progress bar, never above 100. */
export const percentOf = (share: number): number => Math.min(100, Math.max(0, Math.round(share * 100)));
