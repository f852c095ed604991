import { describe, expect, it } from 'vitest';
import { drawExperts, exclusionOf, type ExpertCandidate } from './expert-draw.js';
import { finalScore, rankAgainstQuota, scoreSheetProblems, scoreText, sheetTotalTenths } from './scoring.js';
import { checkCapacityEligibility, eligibilityBlockers } from './eligibility.js';
import { getPreset } from '../presets/index.js';
import type { SocietyRecordFacts, YearFacts } from '../selection/qualification.rules.js';

const pool = (n: number, conflicts: { applicant: string; every: number } | null = null): ExpertCandidate[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `e${String(i).padStart(5, '0')}`,
    orgId: i % 50 === 0 ? 'soc-A' : `org-${i % 7}`,
    fields: i % 3 === 0 ? ['academic_exchange', 'social_service'] : ['academic_exchange'],
    conflictOrgIds: conflicts && i % conflicts.every === 1 ? [conflicts.applicant] : [],
  }));

describe('CAP-4 expert draw', () => {
  it('never draws an expert of the applicant or one in declared conflict, over 1,000 random draws', () => {
    const experts = pool(300, { applicant: 'soc-A', every: 6 });
    const banned = new Set(experts.filter((e) => e.orgId === 'soc-A' || e.conflictOrgIds.includes('soc-A')).map((e) => e.id));
    expect(banned.size).toBeGreaterThan(50);
    for (let i = 0; i < 1000; i++) {
      const r = drawExperts({ pool: experts, count: 5, field: null, applicantOrgId: 'soc-A', seed: `draw-${i}` });
      expect(r.drawn).toHaveLength(5);
      expect(new Set(r.drawn).size).toBe(5);
      for (const id of r.drawn) expect(banned.has(id)).toBe(false);
    }
  });

  it('is uniform within tolerance: each candidate is drawn about count/candidates of the time', () => {
    const experts = pool(40);
    const counts = new Map<string, number>();
    const runs = 20_000;
    let candidates = 0;
    for (let i = 0; i < runs; i++) {
      const r = drawExperts({ pool: experts, count: 3, field: null, applicantOrgId: 'soc-A', seed: `u${i}` });
      candidates = r.candidates.length;
      for (const id of r.drawn) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    const expected = (runs * 3) / candidates;
    // chi-square over the candidates (df = candidates − 1 ≈ 38): 99.9 % quantile ≈ 70
    const chi2 = [...counts.values()].reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    expect(counts.size).toBe(candidates);
    expect(chi2).toBeLessThan(70);
  });

  it('filters by field, reproduces from the seed, and reports a short pool', () => {
    const experts = pool(30);
    const a = drawExperts({ pool: experts, count: 3, field: 'social_service', applicantOrgId: 'soc-A', seed: 's' });
    expect(a.drawn.every((id) => experts.find((e) => e.id === id)!.fields.includes('social_service'))).toBe(true);
    expect(drawExperts({ pool: [...experts].reverse(), count: 3, field: 'social_service', applicantOrgId: 'soc-A', seed: 's' })).toEqual(a);
    expect(drawExperts({ pool: experts, count: 3, field: 'social_service', applicantOrgId: 'soc-A', seed: 't' }).drawn).not.toEqual(a.drawn);
    const short = drawExperts({ pool: experts.slice(0, 4), count: 5, field: null, applicantOrgId: 'soc-A', seed: 's' });
    expect(short.shortBy).toBe(2); // e00000 is the applicant's own expert
  });

  it('replaces a recused expert with a fresh draw that excludes everyone already drawn or declined', () => {
    const experts = pool(20);
    const first = drawExperts({ pool: experts, count: 3, field: null, applicantOrgId: 'soc-A', seed: 'x' });
    const declined = first.drawn[0];
    const again = drawExperts({ pool: experts, count: 1, field: null, applicantOrgId: 'soc-A', exclude: first.drawn, seed: 'y' });
    expect(first.drawn).not.toContain(again.drawn[0]);
    expect(again.drawn[0]).not.toBe(declined);
    expect(exclusionOf(experts.find((e) => e.id === declined)!, { field: null, applicantOrgId: 'soc-A', exclude: first.drawn })).toBe('excluded');
  });
});

describe('CAP-4 scoring', () => {
  const criteria = getPreset('003')!.parameters.expertReviewCriteria;
  const sheet = (...p: number[]) => criteria.map((c, i) => ({ code: c.code, points: p[i] }));

  it('checks a sheet against the programme criteria: every criterion once, within its weight, one decimal', () => {
    expect(scoreSheetProblems(criteria, sheet(18, 17.5, 20, 0, 19))).toEqual([]);
    expect(scoreSheetProblems(criteria, sheet(21, 17.55, 20, -1, 19)).map((e) => e.path)).toEqual(['scores.0.points', 'scores.1.points', 'scores.3.points']);
    expect(scoreSheetProblems(criteria, sheet(18, 17, 20, 10).slice(0, 4)).map((e) => e.message)).toEqual(['缺少“辐射性”的得分']);
    expect(scoreSheetProblems(criteria, [...sheet(1, 1, 1, 1, 1), { code: 'reach', points: 1 }])[0].message).toBe('“辐射性”重复评分');
  });

  it('drops the highest and lowest once the minimum of valid sheets is reached, plain mean below it', () => {
    const totals = [sheet(18, 17.5, 20, 15, 19), sheet(10, 10, 10, 10, 10), sheet(20, 20, 20, 20, 20), sheet(16, 16, 16, 16, 16.3)].map(sheetTotalTenths);
    expect(totals).toEqual([895, 500, 1000, 803]);
    expect(finalScore(totals, 4)).toEqual({ method: 'trimmed', hundredths: 8490, counted: 2, dropped: [500, 1000] });
    expect(finalScore(totals, 5)).toMatchObject({ method: 'mean', hundredths: 7995, counted: 4 });
    expect(finalScore([855, 856, 856], 5)).toMatchObject({ hundredths: 8557 }); // 85.566… rounds half up in integers
    expect(finalScore([], 3)).toBeNull();
    expect(scoreText(8490)).toBe('84.90');
  });

  it('ranks against the quota and leaves a tie at the quota edge to the joint decision', () => {
    const r = rankAgainstQuota(
      [
        { id: 'a', hundredths: 9000, submittedAt: '2026-04-02' },
        { id: 'b', hundredths: 8500, submittedAt: '2026-04-01' },
        { id: 'c', hundredths: 8500, submittedAt: '2026-04-03' },
        { id: 'd', hundredths: 7000, submittedAt: '2026-04-01' },
        { id: 'e', hundredths: null, submittedAt: '2026-04-01' },
      ],
      2,
    );
    expect(r.map((x) => [x.id, x.rank, x.withinQuota, x.tiedAtQuotaEdge])).toEqual([
      ['a', 1, true, false],
      ['b', 2, false, true],
      ['c', 2, false, true],
      ['d', 4, false, false],
      ['e', null, false, false],
    ]);
    expect(rankAgainstQuota([{ id: 'a', hundredths: 9000, submittedAt: 'x' }, { id: 'b', hundredths: 8000, submittedAt: 'x' }], 2).every((x) => x.withinQuota)).toBe(true);
  });
});

describe('CAP-2 eligibility per project type', () => {
  const eligibility = getPreset('003')!.parameters.capacityEligibility;
  const record: SocietyRecordFacts = { secretaryGeneralFullTime: true, fullTimeStaff: 3, financeStaff: 1, hasIndependentAccount: false, partyOrg: 'none' };
  const year = (y: number, f: Partial<YearFacts> = {}): YearFacts => ({ year: y, annualInspection: 'passed', commendations: [], violations: [], criticisms: [], failedTasks: [], debarments: [], ...f });

  it('applies the demonstration conditions only to the demonstration type', () => {
    const facts = [year(2025), year(2024)];
    const key = checkCapacityEligibility(eligibility, 'keyProject', record, facts, '2026-04-10');
    expect(key.eligible).toBe(true);
    expect(key.results.every((r) => r.group === 'keyProject')).toBe(true);
    expect(key.manual).toBe(1);
    const demo = checkCapacityEligibility(eligibility, 'demonstration', record, facts, '2026-04-10');
    expect(demo.eligible).toBe(false);
    expect(eligibilityBlockers(demo)).toEqual([
      '不符合“工作有特色，近3年内获得过市级学会工作先进表彰”：近3年无市级及以上表彰',
      '不符合“财务资产制度健全、管理规范，有独立的银行账号和财务管理人员”：无独立银行账户',
      '不符合“在理事会层面建有党的工作小组，并创造条件建立学会党支部”：未建立党的组织',
    ]);
  });

  it('an active debarment excludes from every type, naming its period and reason', () => {
    const facts = [year(2025, { debarments: [{ reason: '考核验收不合格', startsOn: '2025-07-01', endsOn: '2027-06-30' }] }), year(2024)];
    const r = checkCapacityEligibility(eligibility, 'keyProject', record, facts, '2026-04-10');
    expect(r.eligible).toBe(false);
    expect(eligibilityBlockers(r)).toEqual(['不符合“不在取消申报资格期内”：取消申报资格期 2025-07-01 至 2027-06-30：考核验收不合格']);
    expect(checkCapacityEligibility(eligibility, 'keyProject', record, [...facts, year(2026)], '2027-07-01').eligible).toBe(true); // the day after it ends
  });
});
