// The expert review's rules as the pages apply them: the live total of a sheet and the note the
// association's proposal needs — the same answers as the server's (expert-review.ts).
import { describe, expect, it } from 'vitest';
import { defaultSelection, hundredthsOf, proposalNoteNeed, sheetTotal, tenthsText, type RankingEntryLike } from './reviewRules';

const e = (id: string, score: string | null, extra: Partial<RankingEntryLike> = {}): RankingEntryLike => ({
  applicationId: id,
  status: 'reviewed',
  scoreText: score,
  tiedAtQuotaEdge: false,
  withinQuota: false,
  ...extra,
});

describe('the expert’s total', () => {
  it('adds in tenths, so 0.1 steps never drift, and counts the empty criteria', () => {
    expect(sheetTotal([18, 17.5, 16.1, 15.2, 13.5])).toEqual({ tenths: 803, missing: 0 });
    expect(tenthsText(sheetTotal([0.1, 0.2]).tenths)).toBe('0.3');
    expect(sheetTotal([20, null, undefined, 5])).toEqual({ tenths: 250, missing: 2 });
    expect(tenthsText(800)).toBe('80.0');
  });
});

describe('the note a proposal needs (the server’s rule)', () => {
  it('reads the server’s score text exactly', () => {
    expect(hundredthsOf('85.67')).toBe(8567);
    expect(hundredthsOf('80.5')).toBe(8050);
    expect(hundredthsOf('90')).toBe(9000);
    expect(hundredthsOf(null)).toBeNull();
  });

  it('needs none when the highest scores are chosen', () => {
    const list = [e('a', '90.00', { withinQuota: true }), e('b', '85.00', { withinQuota: true }), e('c', '80.00')];
    expect(proposalNoteNeed(list, ['a', 'b'], 2)).toBeNull();
    expect(defaultSelection(list)).toEqual(['a', 'b']);
    // fewer than the quota, in score order: no reasons needed
    expect(proposalNoteNeed(list, ['a'], 2)).toBeNull();
    expect(proposalNoteNeed(list, [], 2)).toBeNull();
  });

  it('needs reasons when a higher score is passed over', () => {
    const list = [e('a', '90.00'), e('b', '85.00'), e('c', '80.00')];
    expect(proposalNoteNeed(list, ['a', 'c'], 2)).toMatchObject({ kind: 'passedOver', message: '未按得分顺序选择：请写明理由' });
    expect(proposalNoteNeed(list, ['b'], 1)?.kind).toBe('passedOver');
  });

  it('needs reasons for any choice inside a tie at the quota’s edge, and counts only completed reviews', () => {
    const list = [e('a', '90.00', { withinQuota: true }), e('b', '85.00', { tiedAtQuotaEdge: true }), e('c', '85.00', { tiedAtQuotaEdge: true }), e('d', null, { status: 'expertReview' })];
    expect(defaultSelection(list)).toEqual(['a']);
    expect(proposalNoteNeed(list, ['a', 'b'], 2)).toMatchObject({ kind: 'tie', message: '名额边界有同分的申报书：请写明选择的理由' });
    // leaving both tied out while a place remains is a choice too
    expect(proposalNoteNeed(list, ['a'], 2)?.kind).toBe('tie');
    // with one place the edge is the 90 alone: no tie, choosing it needs no reasons
    expect(proposalNoteNeed(list, ['a'], 1)).toBeNull();
  });
});
