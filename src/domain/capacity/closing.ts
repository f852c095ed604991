// CAP-6, CAP-7, FND-4, FND-6 (issue 13 step 8): how a capacity-plan project ends — the yearly
// acceptance (验收, 实施方案 五、6), the execution window's unspent money (办法 第十四条: what is not spent
// within a year is refunded in part or in whole), recoveries on the programme's grounds (办法 第十五条:
// 追回相应专项资金，并追究相关人员的责任) and the debarments that follow (实施方案 七（二）). The rules
// here read the programme's parameters (`sanctions`), never literals.
// Pure TypeScript + Zod; money in integer fen; days are China calendar days (YYYY-MM-DD).
import { z } from 'zod';
import { fen } from '../money.js';
import { optText, text, ZAttachmentIds } from '../supervision/common.js';
import { ZFundRecoveryGround, fundRecoveryGroundLabels, type FundRecoveryGround, type Sanctions } from '../programme/programme.types.js';
import { citationOf, groundClauseKey, type HasRuleClauses } from '../programme/rule-clauses.js';

// The clauses a refusal or a record of this step cites are the programme's (rule-clauses.ts: acceptance,
// fundReturn, recovery, responsibility, sanctions and one per recovery ground).

// ------------------------------------------------------------------------------------------------
// Inputs
// ------------------------------------------------------------------------------------------------

export const acceptanceResults = ['passed', 'failed'] as const;
export type AcceptanceResult = (typeof acceptanceResults)[number];
export const acceptanceResultLabels: Record<AcceptanceResult, string> = { passed: '验收合格', failed: '验收不合格' };
export const acceptanceStates = ['proposed', 'returned', 'confirmed'] as const;
export type AcceptanceState = (typeof acceptanceStates)[number];
export const acceptanceStateLabels: Record<AcceptanceState, string> = { proposed: '待财政局确认', returned: '财政局退回', confirmed: '已确认' };

export const ZAcceptanceInput = z
  .object({
    result: z.enum(acceptanceResults, { error: '请选择验收结论' }),
    opinion: text(5000, '验收意见'),
    /** the year accepted (default: this year) */
    year: z.int('验收年度应为整数').min(2000, '验收年度不正确').max(2100, '验收年度不正确').optional(),
    attachmentIds: ZAttachmentIds,
    /** the returned acceptance's version, when proposing it again */
    rowVersion: z.int('版本号应为整数').min(1, '版本号不正确').optional(),
  })
  .strict();
export type AcceptanceInput = z.infer<typeof ZAcceptanceInput>;

export const ZRefundInput = z
  .object({
    amountFen: fen('退还金额').min(1, '退还金额应大于 0'),
    note: optText(1000, '说明'),
    attachmentIds: ZAttachmentIds,
  })
  .strict();
export type RefundInput = z.infer<typeof ZRefundInput>;

export const ZRecoveryInput = z
  .object({
    ground: ZFundRecoveryGround,
    /** 0 only when nothing is outstanding (an award never paid is then cancelled) */
    amountFen: fen('追回金额'),
    /** FND-6: the persons and the responsibility found (追究相关人员的责任) */
    responsibility: text(2000, '责任认定（相关人员及其责任）'),
    note: optText(1000, '说明'),
    attachmentIds: ZAttachmentIds,
  })
  .strict();
export type RecoveryInput = z.infer<typeof ZRecoveryInput>;

// ------------------------------------------------------------------------------------------------
// Money
// ------------------------------------------------------------------------------------------------

export interface ProjectMoney {
  awardFen: number;
  cancelled: boolean;
  disbursedFen: number;
  spentFen: number;
  refundedFen: number;
  recoveredFen: number;
}

/**
 * FND-4: what the project did not spend of the special fund when its window ended. Paid out: what
 * the society holds (disbursed − refunded − recovered) less what it spent; not paid yet: the award
 * less what it spent (nothing when the award is cancelled). Never below 0.
 */
export function unspentFen(p: ProjectMoney): number {
  if (p.disbursedFen > 0) return Math.max(0, p.disbursedFen - p.refundedFen - p.recoveredFen - p.spentFen);
  if (p.cancelled) return 0;
  return Math.max(0, p.awardFen - p.spentFen);
}

/** What the society holds from the fund and may still give back (the ledger's own rule). */
export const outstandingOf = (p: Pick<ProjectMoney, 'disbursedFen' | 'refundedFen' | 'recoveredFen'>): number => p.disbursedFen - p.refundedFen - p.recoveredFen;

// ------------------------------------------------------------------------------------------------
// Sanctions (CAP-7)
// ------------------------------------------------------------------------------------------------

/** The years of debarment a ground carries under the programme's sanctions (0 = none). */
export function debarYearsOf(ground: FundRecoveryGround, s: Sanctions): number {
  if (ground === 'falseMaterials') return s.falseMaterialsDebarYears;
  if (ground === 'failedAcceptance') return s.failedAcceptanceDebarYears;
  return 0;
}

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** The day before `day` (YYYY-MM-DD). */
export function dayBefore(day: string): string {
  const t = Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) - 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/**
 * A debarment of `years` years from `today`: from today to the day before the same day `years`
 * years on (a 29 February starts a period whose anniversary in a common year is 1 March, so the
 * period ends on 28 February) — `years` whole years, today counted.
 */
export function debarmentPeriod(today: string, years: number): { startsOn: string; endsOn: string } {
  const y = Number(today.slice(0, 4)) + years;
  const md = today.slice(5);
  const anniversary = md === '02-29' && !isLeap(y) ? `${y}-03-01` : `${y}-${md}`;
  return { startsOn: today, endsOn: dayBefore(anniversary) };
}

/** The reason written into the society's yearly facts: the ground, the clause, the years and the project. */
export function debarmentReason(o: { ground: FundRecoveryGround; years: number; projectTitle: string; programmeName: string; clauses: HasRuleClauses | null }): string {
  const citation = citationOf(o.clauses, groundClauseKey[o.ground]);
  const reason = `${fundRecoveryGroundLabels[o.ground]}，${citation ? `依据${citation}` : ''}取消申报资格 ${o.years} 年（项目“${o.projectTitle}”，${o.programmeName}）`;
  return reason.length > 500 ? `${reason.slice(0, 499)}…` : reason;
}

export interface Debarment {
  reason: string;
  startsOn: string;
  endsOn: string;
  years: number;
}

/** The debarment a recovery on `ground` writes today, or null when the programme sets none for it. */
export function debarmentFor(o: { ground: FundRecoveryGround; sanctions: Sanctions; clauses: HasRuleClauses | null; today: string; projectTitle: string; programmeName: string }): Debarment | null {
  const years = debarYearsOf(o.ground, o.sanctions);
  if (years <= 0) return null;
  return { ...debarmentPeriod(o.today, years), years, reason: debarmentReason({ ground: o.ground, years, projectTitle: o.projectTitle, programmeName: o.programmeName, clauses: o.clauses }) };
}
