import { describe, expect, it } from 'vitest';
import {
  ZCompletionDecisionInput,
  ZCompletionReportInput,
  completionAssessors,
  completionReportProblems,
  completionResult,
  kpiAchievementPercent,
  projectStatusAfter,
  requiresSelfEvaluation,
} from './completion.js';
import { presets } from '../presets/index.js';

describe('completion assessors from the programme (EVA-1, PRG-2)', () => {
  it('takes department, association, finance bureau in that order from `evaluators`', () => {
    expect(completionAssessors(['association', 'department'])).toEqual(['department', 'association']);
    expect(completionAssessors(['society', 'association', 'financeBureau'])).toEqual(['association', 'financeBureau']);
  });
  it('has the association record it when the programme names none of them (001: a third party)', () => {
    expect(completionAssessors(['thirdParty'])).toEqual(['association']);
    expect(completionAssessors(['society'])).toEqual(['association']);
  });
  it('reads each seed preset as its seed says', () => {
    const by = Object.fromEntries(presets.map((p) => [p.code, completionAssessors(p.parameters.evaluators)]));
    expect(by['000']).toEqual(['department', 'association']);
    expect(by['001']).toEqual(['association']);
    expect(by['002']).toEqual(['department', 'association']);
    expect(by['004']).toEqual(['association', 'financeBureau']);
    expect(presets.filter((p) => requiresSelfEvaluation(p.parameters.evaluators)).map((p) => p.code)).toEqual(['004']);
  });
});

describe('the result of a round', () => {
  it('is the most severe verdict', () => {
    expect(completionResult(['passed', 'passed'])).toBe('passed');
    expect(completionResult(['passed', 'passedWithConditions'])).toBe('passedWithConditions');
    expect(completionResult(['failed', 'passed'])).toBe('failed');
    expect(() => completionResult([])).toThrow();
    expect(projectStatusAfter('passedWithConditions')).toBe('completed');
    expect(projectStatusAfter('failed')).toBe('failed');
  });
});

describe('KPI achievement (EVA-3)', () => {
  it('is actual over target in whole percent, not capped; a zero target is reached', () => {
    expect(kpiAchievementPercent(30, 32)).toBe(106);
    expect(kpiAchievementPercent(30, 12)).toBe(40);
    expect(kpiAchievementPercent(3, 1)).toBe(33);
    expect(kpiAchievementPercent(0.3, 0.3)).toBe(100);
    expect(kpiAchievementPercent(0, 0)).toBe(100);
  });
});

describe('report and decision inputs', () => {
  const base = { summary: '已完成。', kpis: [{ actual: 1, evidence: '见附件' }] };
  it('asks for one KPI report per KPI, and the self-evaluation where the programme asks', () => {
    const input = ZCompletionReportInput.parse(base);
    expect(completionReportProblems(input, 1, ['department'])).toEqual([]);
    expect(completionReportProblems(input, 2, ['department']).map((p) => p.path)).toEqual(['kpis']);
    expect(completionReportProblems(input, 1, ['society', 'association']).map((p) => p.path)).toEqual(['selfEvaluation']);
    expect(completionReportProblems({ ...input, selfEvaluation: '良好' }, 1, ['society'])).toEqual([]);
  });
  it('refuses unknown fields, blank summaries and evidence, negative values', () => {
    expect(ZCompletionReportInput.safeParse({ ...base, extra: 1 }).success).toBe(false);
    expect(ZCompletionReportInput.safeParse({ ...base, summary: '  ' }).success).toBe(false);
    expect(ZCompletionReportInput.safeParse({ ...base, kpis: [{ actual: 1, evidence: '' }] }).success).toBe(false);
    expect(ZCompletionReportInput.safeParse({ ...base, kpis: [{ actual: -1, evidence: 'x' }] }).success).toBe(false);
  });
  it('asks for the reason of anything but a plain pass', () => {
    expect(ZCompletionDecisionInput.safeParse({ decision: 'passed', rowVersion: 1 }).success).toBe(true);
    for (const decision of ['passedWithConditions', 'failed', 'returned']) {
      expect(ZCompletionDecisionInput.safeParse({ decision, rowVersion: 1 }).success).toBe(false);
      expect(ZCompletionDecisionInput.safeParse({ decision, opinion: '理由', rowVersion: 1 }).success).toBe(true);
    }
  });
});
