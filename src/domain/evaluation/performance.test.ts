import { describe, expect, it } from 'vitest';
import { ZCommissionInput, ZPerformanceScoring, commissionRunsOn, defaultPerformanceScoring, gradeBands, gradeOf, gradeScaleText, kpiScore, passes, projectScore, scoreProject, summariseResults } from './performance.js';

describe('KPI scores by the programme method (EVA-3)', () => {
  it('proportional: the share of the target reached, capped at 100; a zero target is reached', () => {
    expect(kpiScore('proportional', 30, 24)).toBe(80);
    expect(kpiScore('proportional', 30, 45)).toBe(100);
    expect(kpiScore('proportional', 3, 1)).toBe(33);
    expect(kpiScore('proportional', 0, 0)).toBe(100);
  });
  it('reachedOrNot: all or nothing', () => {
    expect(kpiScore('reachedOrNot', 30, 29.99)).toBe(0);
    expect(kpiScore('reachedOrNot', 30, 30)).toBe(100);
  });
  it('the project score is the rounded mean; none without KPIs', () => {
    expect(projectScore([80, 100, 33])).toBe(71);
    expect(projectScore([85, 90])).toBe(88);
    expect(projectScore([])).toBeNull();
  });
});

describe('grades and the pass score (财预〔2020〕10号 as the platform default)', () => {
  it('grades each score by the first line it reaches', () => {
    expect([100, 90, 89, 80, 79, 60, 59, 0].map((s) => gradeOf(defaultPerformanceScoring, s))).toEqual(['优', '优', '良', '良', '中', '中', '差', '差']);
    expect(passes(defaultPerformanceScoring, 60)).toBe(true);
    expect(passes(defaultPerformanceScoring, 59)).toBe(false);
  });
  it('scores a whole project', () => {
    const r = scoreProject(defaultPerformanceScoring, [{ name: '基地', target: 30, unit: '个' }, { name: '报告', target: 2, unit: '份' }], [{ actual: 24, evidence: 'a' }, { actual: 2, evidence: 'b' }]);
    expect(r).toMatchObject({ score: 90, grade: '优', passed: true });
    expect(r.kpis.map((k) => k.score)).toEqual([80, 100]);
  });
  it('refuses grades out of order, without a zero line, or repeated', () => {
    expect(ZPerformanceScoring.safeParse(defaultPerformanceScoring).success).toBe(true);
    expect(ZPerformanceScoring.safeParse({ ...defaultPerformanceScoring, grades: [{ label: '合格', minScore: 60 }, { label: '优', minScore: 90 }, { label: '差', minScore: 0 }] }).success).toBe(false);
    expect(ZPerformanceScoring.safeParse({ ...defaultPerformanceScoring, grades: [{ label: '合格', minScore: 60 }, { label: '差', minScore: 10 }] }).success).toBe(false);
    expect(ZPerformanceScoring.safeParse({ ...defaultPerformanceScoring, grades: [{ label: '差', minScore: 60 }, { label: '差', minScore: 0 }] }).success).toBe(false);
  });
});

describe('commissions (EVA-2)', () => {
  const base = { evaluatorOrgId: '8d6f2f0e-6a57-4d9c-9f0b-5c3a5d1e2f10', title: '评估', startsOn: '2026-12-01', endsOn: '2026-12-31' };
  it('names projects exactly when the scope is a set of projects', () => {
    expect(ZCommissionInput.safeParse({ ...base, scope: 'programme' }).success).toBe(true);
    expect(ZCommissionInput.safeParse({ ...base, scope: 'projects' }).success).toBe(false);
    expect(ZCommissionInput.safeParse({ ...base, scope: 'programme', projectIds: [base.evaluatorOrgId] }).success).toBe(false);
    expect(ZCommissionInput.safeParse({ ...base, scope: 'projects', projectIds: [base.evaluatorOrgId, base.evaluatorOrgId] }).success).toBe(false);
    expect(ZCommissionInput.safeParse({ ...base, scope: 'programme', endsOn: '2026-11-30' }).success).toBe(false);
  });
  it('runs on its days while active', () => {
    const c = { status: 'active', startsOn: '2026-12-01', endsOn: '2026-12-31' };
    expect(['2026-11-30', '2026-12-01', '2026-12-31', '2027-01-01'].map((d) => commissionRunsOn(c, d))).toEqual([false, true, true, false]);
    expect(commissionRunsOn({ ...c, status: 'cancelled' }, '2026-12-10')).toBe(false);
  });
});

describe('the programme report sums up its projects (EVA-2)', () => {
  it('names each grade with its band of scores, from the programme scale', () => {
    expect(gradeScaleText(defaultPerformanceScoring.grades)).toBe('优（90 分及以上）、良（80～89 分）、中（60～79 分）、差（60 分以下）');
    expect(gradeBands([{ label: '合格', minScore: 70 }, { label: '不合格', minScore: 0 }])).toEqual([{ label: '合格', band: '70 分及以上' }, { label: '不合格', band: '70 分以下' }]);
  });
  it('counts the scored results: mean to one decimal, per grade best first, passed and failed', () => {
    const s = summariseResults(defaultPerformanceScoring, 5, [
      { score: 100, grade: '优', passed: true },
      { score: 33, grade: '差', passed: false },
      { score: 85, grade: '良', passed: true },
      { score: null, grade: null, passed: null },
    ]);
    expect(s).toEqual({ projects: 5, counted: 3, meanScore: 72.7, byGrade: [{ label: '优', count: 1 }, { label: '良', count: 1 }, { label: '中', count: 0 }, { label: '差', count: 1 }], passed: 2, failed: 1 });
  });
  it('keeps a grade given under an earlier scale, after the current ones; nothing counted gives no mean', () => {
    expect(summariseResults(defaultPerformanceScoring, 1, [{ score: 75, grade: '合格', passed: true }]).byGrade.at(-1)).toEqual({ label: '合格', count: 1 });
    expect(summariseResults(defaultPerformanceScoring, 2, [])).toMatchObject({ counted: 0, meanScore: null, passed: 0, failed: 0 });
  });
});
