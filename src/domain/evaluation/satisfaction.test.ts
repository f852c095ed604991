// EVA-4: the satisfaction survey's rules — the scale and the programme's rule, the questionnaire,
// the groups a programme allows, answers against the questions, phases, and the rates 004 reports
// (满意度 = 满意 ÷ 已填写), on a fixture with known counts.
import { describe, expect, it } from 'vitest';
import {
  ZSatisfactionRule,
  ZSurveyInput,
  ZSurveyQuestions,
  answerRefusal,
  checkAnswer,
  defaultSatisfactionRule,
  defaultSurveyQuestions,
  groupsRefusal,
  isSatisfied,
  mean,
  openRefusal,
  percent,
  programmeSurveyRefusal,
  satisfactionRuleOf,
  satisfactionRuleText,
  surveyPhase,
  surveyResults,
  surveyYear,
  type AnswerFacts,
  type InvitationFacts,
} from './satisfaction.js';
import { getPreset as presetByCode } from '../presets/index.js';
import { ZProgrammeParameters, withParameterDefaults } from '../programme/programme.types.js';

describe('the scale and the programme rule', () => {
  it('counts 非常满意, 满意 and 基本满意 as satisfied by default; a programme may set the line', () => {
    expect([5, 4, 3, 2, 1].map((r) => isSatisfied(defaultSatisfactionRule, r))).toEqual([true, true, true, false, false]);
    expect([5, 4, 3].map((r) => isSatisfied({ satisfiedFrom: 4 }, r))).toEqual([true, true, false]);
    expect(satisfactionRuleText(defaultSatisfactionRule)).toBe('总体评价为非常满意、满意、基本满意的计为满意');
    expect(satisfactionRuleText({ satisfiedFrom: 4 })).toBe('总体评价为非常满意、满意的计为满意');
    expect(ZSatisfactionRule.safeParse({ satisfiedFrom: 6 }).success).toBe(false);
    expect(ZSatisfactionRule.safeParse({ satisfiedFrom: 3, extra: 1 }).success).toBe(false);
  });

  it('is stated in every preset, and a programme stored before the parameter reads the default', () => {
    for (const code of ['000', '001', '002', '003', '004'] as const) expect(presetByCode(code)!.parameters.satisfactionRule).toEqual(defaultSatisfactionRule);
    const stored = { ...presetByCode('004')!.parameters } as Record<string, unknown>;
    delete stored.satisfactionRule;
    expect(satisfactionRuleOf(stored)).toEqual(defaultSatisfactionRule);
    expect((withParameterDefaults(stored) as { satisfactionRule: unknown }).satisfactionRule).toEqual(defaultSatisfactionRule);
    expect(ZProgrammeParameters.parse(stored).satisfactionRule).toEqual(defaultSatisfactionRule);
    // a value set is kept
    expect(satisfactionRuleOf({ ...stored, satisfactionRule: { satisfiedFrom: 4 } })).toEqual({ satisfiedFrom: 4 });
  });
});

describe('the questionnaire and the survey input', () => {
  it('has an overall rating, rated questions and one free answer by default', () => {
    expect(ZSurveyQuestions.safeParse(defaultSurveyQuestions).success).toBe(true);
    expect(defaultSurveyQuestions[0]).toMatchObject({ key: 'overall', kind: 'rating' });
    expect(defaultSurveyQuestions.filter((q) => q.kind === 'rating').length).toBeGreaterThanOrEqual(4);
    expect(defaultSurveyQuestions.filter((q) => q.kind === 'text')).toHaveLength(1);
  });

  it('refuses a questionnaire without the overall rating, with it as text, or with a key twice', () => {
    const msg = (qs: unknown) => {
      const r = ZSurveyQuestions.safeParse(qs);
      return r.success ? null : r.error.issues[0].message;
    };
    expect(msg([{ key: 'service', text: '服务', kind: 'rating' }])).toContain('总体满意度');
    expect(msg([{ key: 'overall', text: '总体', kind: 'text' }])).toBe('总体满意度一题应为五级评价');
    expect(msg([{ key: 'overall', text: '总体', kind: 'rating' }, { key: 'overall', text: '再一次', kind: 'rating' }])).toBe('题目编码重复：overall');
    expect(msg([{ key: 'Overall', text: '总体', kind: 'rating' }])).toContain('题目编码只能由小写字母');
  });

  it('takes the default questions, the year from the opening day, and refuses a closing day before the opening', () => {
    const ok = ZSurveyInput.parse({ title: '调查', groups: ['department'], opensOn: '2026-03-01', closesOn: '2026-03-31' });
    expect(ok.questions).toEqual(defaultSurveyQuestions);
    expect(surveyYear(ok)).toBe(2026);
    expect(surveyYear({ ...ok, year: 2025 })).toBe(2025);
    const bad = ZSurveyInput.safeParse({ title: '调查', groups: ['department'], opensOn: '2026-03-31', closesOn: '2026-03-01' });
    expect(bad.success ? null : bad.error.issues[0]).toMatchObject({ message: '截止日期不能早于开始日期', path: ['closesOn'] });
    expect(ZSurveyInput.safeParse({ title: '调查', groups: [], opensOn: '2026-03-01', closesOn: '2026-03-31' }).success).toBe(false);
    expect(ZSurveyInput.safeParse({ title: '调查', groups: ['society', 'society'], opensOn: '2026-03-01', closesOn: '2026-03-31' }).success).toBe(false);
  });

  it('allows only the groups the programme parameter names, and no survey when it names none', () => {
    expect(groupsRefusal(['department', 'society'], ['department', 'society'])).toBeNull();
    expect(groupsRefusal(['department', 'public'], ['department', 'society'])).toEqual([
      { path: 'body.groups.1', message: '方案的“满意度调查对象”不包括社会公众（方案规定：政府部门、学会）' },
    ]);
    expect(programmeSurveyRefusal([])).toContain('满意度调查对象');
    expect(programmeSurveyRefusal(['public'])).toBeNull();
  });
});

describe('answers', () => {
  const qs = defaultSurveyQuestions;
  const full = { overall: 5, service: 4, neutrality: 4, procedure: 3, delivery: 5, guidance: 4 };

  it('takes every rated question rated 1 … 5 and the free answer trimmed', () => {
    const r = checkAnswer(qs, { answers: { ...full, comment: '  希望加强培训。 ' } });
    expect(r).toEqual({ ok: true, value: { answers: { ...full, comment: '希望加强培训。' }, overall: 5, comment: '希望加强培训。' } });
    const noText = checkAnswer(qs, { answers: { ...full, comment: '   ' } });
    expect(noText.ok && noText.value.comment).toBeNull();
  });

  it('names the question left out, a rating off the scale and a key not asked', () => {
    const r = checkAnswer(qs, { answers: { ...full, overall: 6, delivery: undefined as never, extra: 3 } });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.map((e) => e.path)).toEqual(['body.answers.extra', 'body.answers.overall', 'body.answers.delivery']);
      expect(r.errors[1].message).toBe('第 1 题请选择非常满意、满意、基本满意、不满意、非常不满意之一');
      expect(r.errors[2].message).toBe('请评价第 5 题：按约定的时间进度和质量要求完成承接任务');
    }
  });
});

describe('phases and refusals', () => {
  const s = { status: 'open', opensOn: '2026-03-01', closesOn: '2026-03-31' };
  it('answers only while open, within its days, once per invitation', () => {
    expect(surveyPhase(s, '2026-02-28')).toBe('upcoming');
    expect(surveyPhase(s, '2026-03-31')).toBe('open');
    expect(surveyPhase(s, '2026-04-01')).toBe('ended');
    expect(surveyPhase({ ...s, status: 'closed' }, '2026-03-15')).toBe('closed');
    expect(answerRefusal(s, 'pending', '2026-03-15')).toBeNull();
    expect(answerRefusal(s, 'answered', '2026-03-15')).toContain('已经填写过');
    expect(answerRefusal(s, 'revoked', '2026-03-15')).toContain('已作废');
    expect(answerRefusal(s, 'pending', '2026-02-01')).toBe('本次调查 2026-03-01 开始填写，请届时再来');
    expect(answerRefusal(s, 'pending', '2026-04-01')).toBe('本次调查已于 2026-03-31 截止，不能再填写');
    expect(answerRefusal({ ...s, status: 'closed' }, 'pending', '2026-03-15')).toBe('本次调查已结束，不能再填写');
    expect(openRefusal(s, '2026-04-01')).toContain('截止日期（2026-03-31）已过');
    expect(openRefusal(s, '2026-03-31')).toBeNull();
  });
});

describe('results (004 §3(3)3: 满意度 = 满意 ÷ 已填写)', () => {
  // 4 departments invited, 3 answered (2 satisfied); 5 societies invited (one revoked), 4 answered, all satisfied;
  // 10 public links, 2 answered, 1 satisfied
  const inv: InvitationFacts[] = [
    ...Array.from({ length: 4 }, () => ({ group: 'department', status: 'pending' })),
    ...Array.from({ length: 4 }, () => ({ group: 'society', status: 'answered' })),
    { group: 'society', status: 'revoked' },
    ...Array.from({ length: 10 }, () => ({ group: 'public', status: 'pending' })),
  ];
  const a = (group: string, overall: number, service: number, satisfied = overall >= 3): AnswerFacts => ({ group, satisfied, answers: { overall, service, comment: 'x' } });
  const answers: AnswerFacts[] = [a('department', 5, 5), a('department', 4, 3), a('department', 2, 2), a('society', 5, 4), a('society', 5, 5), a('society', 4, 4), a('society', 3, 3), a('public', 1, 1), a('public', 4, 5)];
  const questions = [
    { key: 'overall', text: '总体', kind: 'rating' as const },
    { key: 'service', text: '服务', kind: 'rating' as const },
    { key: 'comment', text: '意见', kind: 'text' as const },
  ];

  it('counts per group: invited (not revoked), answered, response rate, satisfied, satisfaction rate', () => {
    const r = surveyResults(['society', 'department', 'public'], questions, inv, answers);
    expect(r.groups.map((g) => [g.group, g.label, g.invited, g.answered, g.responseRate, g.satisfied, g.satisfactionRate])).toEqual([
      ['department', '政府部门', 4, 3, 75, 2, 66.7],
      ['society', '学会', 4, 4, 100, 4, 100],
      ['public', '社会公众', 10, 2, 20, 1, 50],
    ]);
    expect(r.total).toEqual({ invited: 18, answered: 9, responseRate: 50, satisfied: 7, satisfactionRate: 77.8 });
  });

  it('averages each rated question, with its distribution and per group; the free answer is not averaged', () => {
    const r = surveyResults(['department', 'society', 'public'], questions, inv, answers);
    expect(r.questions.map((q) => q.key)).toEqual(['overall', 'service']);
    const overall = r.questions[0];
    expect(overall).toMatchObject({ mean: 3.67, count: 9 });
    expect(overall.distribution.map((d) => [d.label, d.count])).toEqual([
      ['非常满意', 3],
      ['满意', 3],
      ['基本满意', 1],
      ['不满意', 1],
      ['非常不满意', 1],
    ]);
    expect(overall.byGroup).toEqual([
      { group: 'department', mean: 3.67, count: 3 },
      { group: 'society', mean: 4.25, count: 4 },
      { group: 'public', mean: 2.5, count: 2 },
    ]);
  });

  it('reads 004’s figures: every department and society satisfied is 100%; nothing answered is no rate', () => {
    const r = surveyResults(['department', 'society'], questions, [{ group: 'department', status: 'answered' }, { group: 'society', status: 'answered' }], [a('department', 5, 5), a('society', 4, 4)]);
    expect(r.groups.map((g) => g.satisfactionRate)).toEqual([100, 100]);
    expect(surveyResults(['public'], questions, [], []).groups[0]).toMatchObject({ invited: 0, responseRate: null, satisfactionRate: null });
    expect(percent(2, 3)).toBe(66.7);
    expect(mean([5, 4])).toBe(4.5);
    expect(mean([])).toBeNull();
  });

  it('keeps each answer’s own satisfied flag (the rule when it was given)', () => {
    const strict = [a('society', 3, 3, false), a('society', 4, 4, true)];
    expect(surveyResults(['society'], questions, [{ group: 'society', status: 'answered' }, { group: 'society', status: 'answered' }], strict).groups[0]).toMatchObject({ satisfied: 1, satisfactionRate: 50 });
  });
});
