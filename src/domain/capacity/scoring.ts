// CAP-4: expert scores. Each criterion of the programme (`expertReviewCriteria`) is scored out of
// its weight (the weights sum to 100, so a sheet totals 0–100); points have at most one decimal.
// An application's final score is the trimmed mean — the highest and the lowest total dropped —
// when at least the programme's minimum of valid sheets exist, the plain mean otherwise
// (`expertReview.minScoresForTrim`). Arithmetic is done in tenths and hundredths of a point, so
// no float drift decides a ranking.
import type { ReviewCriterion } from '../programme/programme.types.js';
import type { FieldError } from '../field-error.js';

export interface CriterionScore {
  code: string;
  points: number;
}

/** The problems of one expert's sheet against the criteria, or [] when it may be submitted. */
export function scoreSheetProblems(criteria: readonly ReviewCriterion[], scores: readonly CriterionScore[]): FieldError[] {
  const out: FieldError[] = [];
  const byCode = new Map<string, number>();
  scores.forEach((s, i) => {
    const c = criteria.find((x) => x.code === s.code);
    if (!c) return out.push({ path: `scores.${i}.code`, message: '评分项不属于本计划的评审标准' });
    if (byCode.has(s.code)) return out.push({ path: `scores.${i}.code`, message: `“${c.label}”重复评分` });
    byCode.set(s.code, s.points);
    if (!Number.isFinite(s.points) || s.points < 0 || s.points > c.weight) {
      return out.push({ path: `scores.${i}.points`, message: `“${c.label}”的得分应在 0 至 ${c.weight} 分之间` });
    }
    if (Math.round(s.points * 10) !== s.points * 10) out.push({ path: `scores.${i}.points`, message: `“${c.label}”的得分最多保留一位小数` });
  });
  criteria.forEach((c) => {
    if (!byCode.has(c.code)) out.push({ path: 'scores', message: `缺少“${c.label}”的得分` });
  });
  return out;
}

/** A sheet's total in tenths of a point (exact). */
export function sheetTotalTenths(scores: readonly CriterionScore[]): number {
  return scores.reduce((s, x) => s + Math.round(x.points * 10), 0);
}

export interface FinalScore {
  method: 'trimmed' | 'mean';
  /** the final score in hundredths of a point, rounded half up (8567 = 85.67) */
  hundredths: number;
  /** how many sheets were counted, after dropping */
  counted: number;
  /** the totals (tenths) dropped: the highest and the lowest for a trimmed mean */
  dropped: number[];
}

/**
 * The final score from the valid sheets' totals (tenths of a point). Null when there is none.
 * `minForTrim` (≥ 3) is the least number of sheets for which the extremes are dropped.
 */
export function finalScore(totalsTenths: readonly number[], minForTrim: number): FinalScore | null {
  if (totalsTenths.length === 0) return null;
  const sorted = [...totalsTenths].sort((a, b) => a - b);
  const trim = sorted.length >= Math.max(minForTrim, 3);
  const kept = trim ? sorted.slice(1, -1) : sorted;
  const sum = kept.reduce((s, x) => s + x, 0);
  // tenths → hundredths: sum*10/n, rounded half up in integers
  const hundredths = Math.floor((sum * 10 * 2 + kept.length) / (2 * kept.length));
  return { method: trim ? 'trimmed' : 'mean', hundredths, counted: kept.length, dropped: trim ? [sorted[0], sorted[sorted.length - 1]] : [] };
}

export interface RankInput {
  id: string;
  /** null when no valid sheet exists yet */
  hundredths: number | null;
  /** when the application was submitted (ISO), the tie-breaker shown, never silently applied */
  submittedAt: string;
}

export interface Ranked {
  id: string;
  rank: number | null;
  hundredths: number | null;
  /** within the type's quota by score */
  withinQuota: boolean;
  /** its score equals the score at the quota's edge while some with that score fall outside: the joint decision must choose */
  tiedAtQuotaEdge: boolean;
}

/**
 * CAP-4: ranking of one project type's applications against its quota. Equal scores share a
 * rank; when the quota's edge falls inside a group of equal scores, the whole group is marked
 * tied for the association and the finance bureau to decide — the platform does not break it.
 */
export function rankAgainstQuota(apps: readonly RankInput[], quota: number): Ranked[] {
  const scored = apps.filter((a) => a.hundredths !== null).sort((a, b) => b.hundredths! - a.hundredths! || a.submittedAt.localeCompare(b.submittedAt) || a.id.localeCompare(b.id));
  const edge = quota > 0 && scored.length > quota ? scored[quota - 1].hundredths : null;
  const edgeSplit = edge !== null && scored[quota].hundredths === edge;
  const out: Ranked[] = [];
  let rank = 0;
  scored.forEach((a, i) => {
    if (i === 0 || a.hundredths !== scored[i - 1].hundredths) rank = i + 1;
    const tied = edgeSplit && a.hundredths === edge;
    out.push({ id: a.id, rank, hundredths: a.hundredths, withinQuota: !tied && rank <= quota, tiedAtQuotaEdge: tied });
  });
  for (const a of apps) if (a.hundredths === null) out.push({ id: a.id, rank: null, hundredths: null, withinQuota: false, tiedAtQuotaEdge: false });
  return out;
}

/** 8567 → "85.67" */
export const scoreText = (hundredths: number): string => `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`;
