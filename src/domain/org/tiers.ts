// ORG-4, EVA-6 (issue 14): the association's classification of its societies for managed development
// — 004 §3(1) “固强一批、新建一批、稳定一批、退出一批” — and the tier the platform suggests from the
// facts it holds. The association decides (every classification a row, the latest in force, with its
// reasons); the suggestion only informs it and is kept beside the decision. Pure: no I/O.
import { z } from 'zod';

export const societyTierCodes = ['strengthen', 'build', 'stabilise', 'exit'] as const;
export type SocietyTier = (typeof societyTierCodes)[number];
export const ZSocietyTier = z.enum(societyTierCodes, { error: '请选择分类：固强、新建、稳定或退出' });
export const societyTierLabels: Record<SocietyTier, string> = {
  strengthen: '固强',
  build: '新建',
  stabilise: '稳定',
  exit: '退出',
};
/** What each tier means in 004 §3(1), for a tooltip beside the choice. */
export const societyTierHints: Record<SocietyTier, string> = {
  strengthen: '固强一批：承接成效好的学会，继续加强支持',
  build: '新建一批：新成立或正在培育承接能力的学会',
  stabilise: '稳定一批：保持现有承接工作的学会',
  exit: '退出一批：承接不力或受到处理、应退出承接的学会',
};

/**
 * A classification. `basedOn` is the classification in force the user saw (null: none yet): when
 * another has been recorded since, the new one is refused (409) instead of silently overriding it —
 * society_tiers keeps no row version, its rows are never changed, so the latest row's id is the guard.
 */
export const ZTierInput = z
  .object({
    tier: ZSocietyTier,
    reasons: z.string({ error: '请填写分类理由' }).trim().min(1, '请填写分类理由').max(1000, '分类理由不能超过 1000 个字'),
    basedOn: z.uuid('当前分类的编号格式不正确').nullable(),
  })
  .strict();
export type TierInput = z.infer<typeof ZTierInput>;

// ------------------------------------------------------------------------------------------------
// EVA-6: the suggestion
// ------------------------------------------------------------------------------------------------

/**
 * How many years back the facts count: this calendar year and the three before it. The seeds (004
 * §3(1) and the others) name the four tiers but no period to judge them over, so this is the
 * platform's own constant, in one place; the yearly facts of the demo cover the three past years.
 */
export const TIER_LOOKBACK_YEARS = 3;
/** A society founded within this many years (this year included) is new: suggested 新建 unless the facts say otherwise. The seeds are silent here too. */
export const NEW_SOCIETY_YEARS = 5;
/** This many failures (completions, capacity evaluations or acceptances failed) within the look-back suggest 退出. */
export const EXIT_FAILURES = 2;

/** The first year the facts count from, for the year `year`. */
export const tierLookbackFrom = (year: number): number => year - TIER_LOOKBACK_YEARS;

/** What the platform knows of a society within the look-back (the server gathers them). */
export interface TierFacts {
  /** the current year (China) */
  year: number;
  foundedYear: number | null;
  /** pilot-project completions closed within the look-back, by result */
  completions: { passed: number; passedWithConditions: number; failed: number };
  /** capacity projects: evaluations and acceptances confirmed as failed */
  capacityFailures: { evaluations: number; acceptances: number };
  /** EVA-2: third-party performance evaluations of its pilot projects the association accepted, by outcome */
  performance: { passed: number; failed: number };
  sanctions: {
    /** violations recorded in the yearly facts */
    violations: number;
    /** criticisms (通报批评) recorded in the yearly facts */
    criticisms: number;
    /** debarments whose period includes today */
    debarmentsInForce: number;
    /** years whose annual inspection failed */
    failedInspections: number;
    /** capacity funds recovered (追回) */
    recoveries: number;
  };
  /** the society's latest answer to a willingness survey, if any */
  willingness: { year: number; willing: boolean; capable: boolean } | null;
}

export interface TierSuggestion {
  tier: SocietyTier;
  /** why, in Chinese: the deciding rule first, then the other facts considered */
  reasons: string[];
}

/** The facts that count against a society, each as a Chinese phrase (none: empty). */
function adverse(f: TierFacts): string[] {
  const out: string[] = [];
  if (f.completions.failed) out.push(`试点项目结项未通过 ${f.completions.failed} 个`);
  if (f.performance.failed) out.push(`试点项目第三方绩效评估不合格 ${f.performance.failed} 个`);
  if (f.capacityFailures.evaluations) out.push(`能力提升项目评估不合格 ${f.capacityFailures.evaluations} 个`);
  if (f.capacityFailures.acceptances) out.push(`能力提升项目验收不合格 ${f.capacityFailures.acceptances} 个`);
  if (f.sanctions.recoveries) out.push(`被追回专项资金 ${f.sanctions.recoveries} 次`);
  if (f.sanctions.debarmentsInForce) out.push(`处于取消申报资格期内`);
  if (f.sanctions.failedInspections) out.push(`年检不合格 ${f.sanctions.failedInspections} 次`);
  if (f.sanctions.violations) out.push(`违规记录 ${f.sanctions.violations} 条`);
  if (f.sanctions.criticisms) out.push(`通报批评 ${f.sanctions.criticisms} 次`);
  return out;
}

/**
 * EVA-6: the tier the facts suggest, with the reasons — never a decision. The rules, in order:
 *  1. 退出 — a debarment in force; or at least EXIT_FAILURES failures (completions, third-party
 *     evaluations, capacity evaluations or acceptances); or the latest survey says not willing while
 *     anything counts against it;
 *  2. 固强 — at least one completion passed or third-party evaluation passed, and nothing against it;
 *  3. 新建 — founded within NEW_SOCIETY_YEARS years, or willing but not yet capable, with no failure;
 *  4. 稳定 — everything else (the facts against it, if any, listed).
 */
export function suggestTier(f: TierFacts): TierSuggestion {
  const from = tierLookbackFrom(f.year);
  const period = `${from}–${f.year} 年`;
  const passes = f.completions.passed + f.completions.passedWithConditions + f.performance.passed;
  const failures = f.completions.failed + f.performance.failed + f.capacityFailures.evaluations + f.capacityFailures.acceptances;
  const against = adverse(f);
  const w = f.willingness;
  const isNew = f.foundedYear !== null && f.year - f.foundedYear < NEW_SOCIETY_YEARS;

  const context: string[] = [];
  const completed = f.completions.passed + f.completions.passedWithConditions;
  if (completed) context.push(`${period}试点项目结项通过 ${completed} 个${f.completions.passedWithConditions ? `（其中有条件通过 ${f.completions.passedWithConditions} 个）` : ''}`);
  if (f.performance.passed) context.push(`${period}试点项目第三方绩效评估合格 ${f.performance.passed} 个`);
  if (w) context.push(`${w.year} 年承接意愿调查：${w.willing ? '愿意承接' : '不愿承接'}，${w.capable ? '认为有能力承担' : '认为能力不足'}`);
  if (f.foundedYear !== null) context.push(`成立于 ${f.foundedYear} 年`);
  const withAgainst = (lead: string) => [lead, ...(against.length ? [`${period}：${against.join('；')}`] : []), ...context];

  if (f.sanctions.debarmentsInForce > 0) return { tier: 'exit', reasons: withAgainst('处于取消申报资格期内，建议退出') };
  if (failures >= EXIT_FAILURES) return { tier: 'exit', reasons: withAgainst(`${period}未通过结项、评估或验收共 ${failures} 次（达到 ${EXIT_FAILURES} 次），建议退出`) };
  if (w && !w.willing && against.length) return { tier: 'exit', reasons: withAgainst('最近一次调查表示不愿承接，且有不良记录，建议退出') };
  if (passes > 0 && against.length === 0) return { tier: 'strengthen', reasons: withAgainst(`${period}试点项目结项通过或绩效评估合格，且无不良记录，建议固强`) };
  if (failures === 0 && isNew) return { tier: 'build', reasons: withAgainst(`成立不满 ${NEW_SOCIETY_YEARS} 年，建议新建培育`) };
  if (failures === 0 && w && w.willing && !w.capable) return { tier: 'build', reasons: withAgainst('愿意承接但认为能力不足，建议新建培育') };
  return { tier: 'stabilise', reasons: withAgainst(against.length ? '有不良记录但未达到退出的条件，建议稳定并加强监管' : '无突出成效或不良记录，建议稳定') };
}
