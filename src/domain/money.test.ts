// Issue 11 §5: the one reading of money — 元 as typed (≤ 2 decimals) → integer fen, and the API's
// fen schema — refuses, with a Chinese message, what it cannot take as it is; nothing is rounded,
// clamped or turned into 0.
import { describe, expect, it } from 'vitest';
import { MONEY_MAX_FEN, ZFen, fen, fenToYuanText, formatWanYuan, formatYuan, parseYuan } from './money.js';
import { zhErrorMap } from './zod-zh.js';
import { futureDayProblem } from './calendar-day.js';
import { pastStages, pastStagesMessage } from './programme/past-stages.js';

describe('parseYuan: 元 as typed → fen', () => {
  it.each([
    ['120000', 12_000_000],
    ['120,000.50', 12_000_050],
    ['1,234,567.8', 123_456_780],
    ['0.05', 5],
    ['0', 0],
    ['0.00', 0],
    [' 88 ', 8_800],
    ['¥ 12', 1_200],
    ['１２３.４', 12_340], // full-width digits from a Chinese input method
    ['12.', 1_200],
    ['007', 700],
    ['300 元', 30_000],
    ['1000000000', 100_000_000_000],
    ['100000000000', MONEY_MAX_FEN], // exactly 1,000 亿元
    [19.99, 1_999], // a number reads through its shortest decimal text, without float drift
    [0, 0],
  ])('reads %j as %d fen', (input, expected) => {
    expect(parseYuan(input)).toEqual({ ok: true, fen: expected });
  });

  it('reads nothing typed as no amount (null), not 0', () => {
    for (const v of ['', '   ', null, undefined]) expect(parseYuan(v)).toEqual({ ok: true, fen: null });
  });

  it.each([
    ['-5', '预算金额不能为负数'],
    ['-0.01', '预算金额不能为负数'],
    ['−5', '预算金额不能为负数'], // U+2212 minus
    [-5, '预算金额不能为负数'],
    ['abc', '应填写数字金额（元），如 120000 或 120,000.50'],
    ['十万', '应填写数字金额（元），如 120000 或 120,000.50'],
    ['50万', '应填写数字金额（元），如 120000 或 120,000.50'],
    ['1,23', '应填写数字金额（元），如 120000 或 120,000.50'],
    ['1e5', '应填写数字金额（元），如 120000 或 120,000.50'],
    ['.5', '应填写数字金额（元），如 120000 或 120,000.50'],
    ['12.5.1', '应填写数字金额（元），如 120000 或 120,000.50'],
    [Number.NaN, '应填写数字金额（元），如 120000 或 120,000.50'],
    [Number.POSITIVE_INFINITY, '应填写数字金额（元），如 120000 或 120,000.50'],
    [{}, '应填写数字金额（元），如 120000 或 120,000.50'],
    [true, '应填写数字金额（元），如 120000 或 120,000.50'],
    ['1.234', '金额最多保留两位小数（到分）'],
    [0.001, '金额最多保留两位小数（到分）'],
    [1e-7, '金额最多保留两位小数（到分）'],
    ['100000000000.01', '预算金额不能超过 1000 亿元'],
    ['99999999999999999999', '预算金额不能超过 1000 亿元'],
    [1e12, '预算金额不能超过 1000 亿元'],
  ])('refuses %j: %s', (input, message) => {
    expect(parseYuan(input, '预算金额')).toEqual({ ok: false, message });
  });
});

describe('fenToYuanText: what a form shows and parseYuan reads back', () => {
  it('keeps two decimals and round-trips', () => {
    expect(fenToYuanText(12_345)).toBe('123.45');
    expect(fenToYuanText(100)).toBe('1.00');
    expect(fenToYuanText(5)).toBe('0.05');
    expect(fenToYuanText(0)).toBe('0.00');
    expect(fenToYuanText(null)).toBe('');
    for (const f of [0, 1, 99, 100, 12_345, 987_654_321, MONEY_MAX_FEN]) expect(parseYuan(fenToYuanText(f))).toEqual({ ok: true, fen: f });
  });
});

describe('formatYuan / formatWanYuan: the one money text (issue 12 §3)', () => {
  it('shows 元 with two decimals and thousands separators', () => {
    expect(formatYuan(1_234_560)).toBe('12,345.60 元');
    expect(formatYuan(12_345_678)).toBe('123,456.78 元');
    expect(formatYuan(5)).toBe('0.05 元');
    expect(formatYuan(0)).toBe('0.00 元');
    expect(formatYuan(100_000)).toBe('1,000.00 元');
    expect(formatYuan(99_999)).toBe('999.99 元');
    expect(formatYuan(MONEY_MAX_FEN)).toBe('100,000,000,000.00 元');
    expect(formatYuan(-1_234_560)).toBe('-12,345.60 元');
  });
  it('shows 万元 with two decimals in summaries, rounded to the nearest 100 元', () => {
    expect(formatWanYuan(1_000_000)).toBe('1.00 万元');
    expect(formatWanYuan(48_000_000)).toBe('48.00 万元');
    expect(formatWanYuan(12_345_678)).toBe('12.35 万元');
    expect(formatWanYuan(12_344_999)).toBe('12.34 万元');
    expect(formatWanYuan(1_005_000)).toBe('1.01 万元'); // half up, on integers: no 1.005 → "1.00" float slip
    expect(formatWanYuan(0)).toBe('0.00 万元');
    expect(formatWanYuan(4_999)).toBe('0.00 万元');
    expect(formatWanYuan(100_000_000_000)).toBe('100,000.00 万元');
    expect(formatWanYuan(-12_345_678)).toBe('-12.35 万元');
    expect(formatWanYuan(-4_999)).toBe('0.00 万元');
  });
});

describe('ZFen / fen(): the schema of every amount the API takes', () => {
  const issue = (schema: typeof ZFen, v: unknown) => schema.safeParse(v, { error: zhErrorMap }).error?.issues[0]?.message;
  it('takes integer fen from 0 to 1,000 亿元', () => {
    for (const v of [0, 1, 12_345, MONEY_MAX_FEN]) expect(ZFen.safeParse(v).success).toBe(true);
  });
  it('refuses, in Chinese and naming the amount, what is not', () => {
    const s = fen('退还金额');
    expect(issue(s, -1)).toBe('退还金额不能为负数');
    expect(issue(s, 12.5)).toBe('退还金额应为以分计的整数');
    expect(issue(s, '100')).toBe('退还金额应为以分计的整数'); // never coerced from text
    expect(issue(s, null)).toBe('退还金额应为以分计的整数');
    expect(issue(s, MONEY_MAX_FEN + 1)).toBe('退还金额不能超过 1000 亿元');
    expect(issue(s, 1e300)).toBeDefined();
    expect(issue(ZFen, Number.NaN)).toBe('金额应为以分计的整数');
    expect(issue(ZFen, undefined)).toBe('缺少必填字段');
  });
  it('leaves a stricter minimum its own message', () => {
    expect(issue(fen('到账金额').min(1, '到账金额应大于 0'), 0)).toBe('到账金额应大于 0');
    expect(issue(ZFen.min(1), 0)).toBe('不能小于 1');
  });
});

describe('days that already happened, and stages already begun', () => {
  it('refuses a meeting or training day after today', () => {
    expect(futureDayProblem('2026-05-12', '2026-05-12', '会议日期')).toBeNull();
    expect(futureDayProblem('2026-05-11', '2026-05-12', '会议日期')).toBeNull();
    expect(futureDayProblem('2026-05-13', '2026-05-12', '会议日期')).toBe('会议日期不能晚于今天（2026-05-12），请记录已举行的活动');
  });
  it('names the stages that start before today', () => {
    const stages = [
      { code: 'a', name: '动员部署', startsOn: '2026-04-01', endsOn: '2026-05-31' },
      { code: 'b', name: '组织实施', startsOn: '2026-05-12', endsOn: '2026-10-31' },
      { code: 'c', name: '总结评估', startsOn: '2026-11-01', endsOn: '2026-12-31' },
    ];
    expect(pastStages(stages, '2026-05-12')).toEqual([{ index: 0, code: 'a', name: '动员部署', startsOn: '2026-04-01', endsOn: '2026-05-31' }]);
    expect(pastStages(stages, '2026-03-31')).toEqual([]);
    expect(pastStages(stages, '2027-01-01').map((s) => s.index)).toEqual([0, 1, 2]);
    expect(pastStagesMessage(pastStages(stages, '2026-05-13'), '2026-05-13')).toBe(
      '以下阶段的开始日期早于今天（2026-05-13）：“动员部署”（2026-04-01 至 2026-05-31）、“组织实施”（2026-05-12 至 2026-10-31）。请调整阶段日期后再发布，或确认按原日期发布。',
    );
  });
});
