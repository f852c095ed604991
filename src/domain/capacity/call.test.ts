// CAP-1: the yearly call's input rules, its checks against the programme (preset 003) and its lifecycle.
import { describe, expect, it } from 'vitest';
import { presetYiyang } from '../presets/003-yiyang.js';
import { canTransition, transition } from '../lifecycle.js';
import { ZCallInput, callLifecycle, callProblems, callTotalFen, publishProblem, submitProblem, type CallInput } from './call.js';
import { zhErrorMap } from '../zod-zh.js';

const params = presetYiyang.parameters;
const call: CallInput = {
  year: 2026,
  title: '关于申报2026年度学会服务能力提升计划项目的通知',
  description: '各市级学会：现将2026年度项目申报工作通知如下。',
  budgetFen: 50_000_000, // 50 万元
  fundCode: 'capacity_special_fund',
  opensOn: '2026-04-01',
  closesOn: '2026-04-30',
  types: [
    { code: 'demonstration_society', quota: 2, awardFen: 10_000_000 },
    { code: 'academic_exchange', quota: 5, awardFen: 3_000_000 },
    { code: 'social_service', quota: 3, awardFen: 3_000_000 },
  ],
  contact: null,
};
const parse = (x: unknown) => ZCallInput.safeParse(x, { error: zhErrorMap });
const messages = (x: unknown) => {
  const r = parse(x);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('call input (CAP-1)', () => {
  it('accepts a call of preset 003 within its budget', () => {
    expect(parse(call).success).toBe(true);
    expect(callTotalFen(call.types)).toBe(20_000_000 + 15_000_000 + 9_000_000);
    expect(callProblems(call, params)).toEqual([]);
  });

  it('refuses a closing day before the opening day, repeated types, zero quota or award, no types', () => {
    expect(messages({ ...call, closesOn: '2026-03-31' })).toEqual(['closesOn: 申报截止日期（2026-03-31）不能早于开始日期（2026-04-01）']);
    expect(messages({ ...call, types: [call.types[0], { ...call.types[0] }] })).toEqual(['types.1.code: 项目类型重复：demonstration_society']);
    expect(messages({ ...call, types: [{ ...call.types[0], quota: 0, awardFen: 0 }] })).toEqual(['types.0.quota: 名额至少为 1', 'types.0.awardFen: 资助标准应大于 0']);
    expect(messages({ ...call, types: [] })).toEqual(['types: 请至少设置一种项目类型']);
    expect(messages({ ...call, budgetFen: 12.5 })[0]).toBe('budgetFen: 年度预算应为以分计的整数');
    expect(messages({ ...call, opensOn: '2026-02-30' })[0]).toBe('opensOn: 申报开始日期不是有效日期');
    expect(messages({ ...call, extra: 1 }).length).toBe(1);
  });

  it('refuses types and funds the programme does not have, naming the allowed ones', () => {
    const errors = callProblems({ ...call, fundCode: 'other_fund', types: [{ code: 'no_such_type', quota: 1, awardFen: 100 }] }, params);
    expect(errors).toEqual([
      { path: 'body.types.0.code', message: '项目类型“no_such_type”不是本方案的项目类型，可选：综合示范学会、学术交流项目、社会化服务项目、学会自身建设项目' },
      { path: 'body.fundCode', message: '资金“other_fund”不是本方案的专项资金，可选：益阳市科协学会服务能力提升计划专项资金' },
    ]);
  });

  it('refuses quotas × awards above the budget, naming the rule and both amounts in 元', () => {
    const over = { ...call, budgetFen: 43_999_999 };
    expect(callProblems(over, params)).toEqual([
      { path: 'body.types', message: '各类型名额×资助标准合计 440,000.00 元 超过年度预算 439,999.99 元：奖励名额和资助标准应在年度专项资金预算内确定' },
    ]);
    expect(callProblems({ ...call, budgetFen: 44_000_000 }, params)).toEqual([]); // exactly the budget is fine
  });

  it('follows the programme parameters, not the preset literals (PRG-2)', () => {
    const other = { projectTypes: [{ code: 'x_type', name: '某类型', kind: 'keyProject' as const }], funds: [{ code: 'f2', name: '某资金', amountFen: null, source: null }] };
    expect(callProblems({ ...call, fundCode: 'f2', types: [{ code: 'x_type', quota: 1, awardFen: 1 }] }, other)).toEqual([]);
    expect(callProblems(call, other).map((e) => e.path)).toEqual(['body.types.0.code', 'body.types.1.code', 'body.types.2.code', 'body.fundCode']);
  });

});

describe('call lifecycle (CAP-1)', () => {
  it('goes through the finance bureau when it co-manages the programme', () => {
    expect(params.financeBureauCoManages).toBe(true);
    expect(publishProblem('draft', true)).toMatch(/须经财政局确认/);
    expect(submitProblem(true)).toBeNull();
    let s = transition(callLifecycle, 'draft', 'submit');
    expect(s).toBe('pendingConfirmation');
    expect(canTransition(callLifecycle, s, 'publish')).toBe(false);
    expect(transition(callLifecycle, s, 'return')).toBe('draft');
    s = transition(callLifecycle, s, 'confirm');
    expect(publishProblem(s, true)).toBeNull();
    expect(transition(callLifecycle, s, 'withdraw')).toBe('draft');
    s = transition(callLifecycle, s, 'publish');
    expect(s).toBe('published');
    expect(() => transition(callLifecycle, s, 'withdraw')).toThrow('“已发布”状态下不能撤回修改');
    expect(transition(callLifecycle, s, 'close')).toBe('closed');
    expect(() => transition(callLifecycle, 'closed', 'publish')).toThrow('“已截止”状态下不能发布');
  });

  it('publishes a draft directly when no finance bureau co-manages', () => {
    expect(publishProblem('draft', false)).toBeNull();
    expect(submitProblem(false)).toMatch(/无需财政局确认/);
    expect(transition(callLifecycle, 'draft', 'publish')).toBe('published');
  });
});
