// CAP-4 on the page, pure (unit-tested): the expert's live total (in tenths, as the server adds
// it), the score method in words, and the association's proposal checked as the server checks it
// (expert-review.ts proposeDecision) — a choice that passes over a higher score, or that is made
// inside a tie at the quota's edge, needs its reasons — so the page says so before anything is sent.
import { rankAgainstQuota } from '../../../domain/capacity/scoring';

/** The final score's method in words. */
export const scoreMethodText = { trimmed: '去掉一个最高分和一个最低分后的平均分', mean: '平均分' } as const;

/** A criterion's points as typed (at most one decimal) → tenths; null when not typed. */
export function tenthsOf(points: number | null | undefined): number | null {
  return typeof points === 'number' && Number.isFinite(points) ? Math.round(points * 10) : null;
}

/** The sheet's total as the expert types it: the sum in tenths, and how many criteria are still empty. */
export function sheetTotal(points: readonly (number | null | undefined)[]): { tenths: number; missing: number } {
  let tenths = 0;
  let missing = 0;
  for (const p of points) {
    const t = tenthsOf(p);
    if (t === null) missing++;
    else tenths += t;
  }
  return { tenths, missing };
}

/** 805 → "80.5" */
export const tenthsText = (tenths: number): string => `${Math.floor(tenths / 10)}.${tenths % 10}`;

/** "85.67" (the server's score text) → 8567; null when there is none. */
export function hundredthsOf(scoreText: string | null): number | null {
  if (!scoreText) return null;
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(scoreText.trim());
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

export interface RankingEntryLike {
  applicationId: string;
  status: string;
  scoreText: string | null;
  tiedAtQuotaEdge: boolean;
  withinQuota: boolean;
}

/** Why the proposal needs a note, in the server's words; null when it needs none. */
export type NoteNeed = { kind: 'passedOver' | 'tie'; message: string } | null;

/**
 * The server's rule for a proposal of one type: among the applications whose expert review is
 * complete, a chosen one scoring below one not chosen (passing over a higher score), or a choice
 * touching a tie at the quota's edge (choosing one of the tied, or leaving a tied one out while
 * places remain), needs the reasons.
 */
export function proposalNoteNeed(entries: readonly RankingEntryLike[], selected: readonly string[], quota: number): NoteNeed {
  const reviewed = entries.filter((e) => e.status === 'reviewed' && hundredthsOf(e.scoreText) !== null);
  const ranked = rankAgainstQuota(
    reviewed.map((e) => ({ id: e.applicationId, hundredths: hundredthsOf(e.scoreText), submittedAt: '' })),
    quota,
  );
  const chosen = new Set(selected);
  const lowestChosen = Math.min(...ranked.filter((r) => chosen.has(r.id)).map((r) => r.hundredths!));
  const passedOver = selected.length > 0 && ranked.some((r) => !chosen.has(r.id) && r.hundredths! > lowestChosen);
  const tieChoice = ranked.some((r) => r.tiedAtQuotaEdge && chosen.has(r.id)) || ranked.some((r) => r.tiedAtQuotaEdge && !chosen.has(r.id) && selected.length < quota);
  if (passedOver) return { kind: 'passedOver', message: '未按得分顺序选择：请写明理由' };
  if (tieChoice) return { kind: 'tie', message: '名额边界有同分的申报书：请写明选择的理由' };
  return null;
}

/** The proposal the page starts from: those within the quota by score (a tie at the edge is left to the user). */
export function defaultSelection(entries: readonly RankingEntryLike[]): string[] {
  return entries.filter((e) => e.status === 'reviewed' && e.withinQuota && !e.tiedAtQuotaEdge).map((e) => e.applicationId);
}
