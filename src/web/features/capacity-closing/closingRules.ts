// Pure helpers of the 验收 and 资金退还与追回 sections (unit-tested): which states show them, what a
// recovery will do before the user confirms it (the amount, the award cancelled, the funding revoked,
// the debarment written into the society's yearly facts), and a refusal by a rule as the page says it.
import type { CapacityClosing, RecoveryGroundOption } from '../../../contract/capacity-closing';
import { formatYuan } from '../../../domain/money';

export const closingKey = (applicationId: string) => ['capacity-closing', applicationId] as const;

/** The states after the letter's signing: the project holds an award (the sections show from here on). */
export const CLOSING_STATES: ReadonlySet<string> = new Set(['funded', 'disbursed', 'accepted', 'acceptanceFailed', 'evaluationFailed', 'revoked']);

/** The years an acceptance may be for: this year back to the call's year (newest first). */
export function acceptanceYears(callYear: number, thisYear: number): number[] {
  const out: number[] = [];
  for (let y = thisYear; y >= Math.min(callYear, thisYear); y--) out.push(y);
  return out;
}

/**
 * What recording a recovery will do, in words, before it is confirmed: the money, or — with nothing
 * held — the award cancelled when it was never paid; the funding revoked for false materials; the
 * debarment the programme attaches to the ground (with its period), or that none follows.
 */
export function recoveryConsequences(g: RecoveryGroundOption, amountFen: number | null, balance: CapacityClosing['balance']): string[] {
  const out: string[] = [];
  const held = balance?.outstandingFen ?? 0;
  if (amountFen !== null && amountFen > 0) out.push(`从学会追回专项资金 ${formatYuan(amountFen)}，记入资金台账；学会尚持有的已拨付资金将为 ${formatYuan(Math.max(held - amountFen, 0))}。`);
  else if (held === 0 && balance && balance.disbursedFen === 0 && !balance.cancelled) out.push('资金尚未拨付，不涉及追回金额：将撤销该项目的资助，核定的资助金额退回专项资金。');
  else if (amountFen === 0) out.push('不涉及追回金额，只记录追回事由和责任认定。');
  if (g.revokes) out.push('同时撤销对该项目的资助（项目状态改为“资助已撤销”）。');
  if (g.debarment) out.push(`按本方案规定，取消该学会申报资格 ${g.debarment.years} 年（${g.debarment.startsOn} 至 ${g.debarment.endsOn}），记入学会年度情况；在此期间学会的申报将被资格检查拦下。`);
  else if (g.debarYears > 0) out.push('该学会已因本项目以同一事由被取消申报资格，不再重复记入。');
  else out.push('本方案对该事由未规定取消申报资格。');
  return out;
}

/** A refusal by a rule as the page shows it: what is wrong, then the clause it rests on — no requirement id. */
export function refusalParts(detail: string, clause: string | null): { reason: string; clause: string | null } {
  if (!clause) return { reason: detail, clause: null };
  const at = detail.indexOf(`依据：${clause}`);
  const reason = (at >= 0 ? detail.slice(0, at) : detail).replace(/[。；\s]+$/, '');
  return { reason, clause };
}
