// Pure helpers of the web app: formats shown to users, the URL cursor stack, the login return
// path, and Chinese field names for API errors.
import { describe, expect, it } from 'vitest';
import { fmtDate, fmtDateCn, fmtDateTime, fmtMoney, fmtWanYuan, fmtYuan } from './format';
import { fenToYuanText, moneyRules, moneyToFen } from './MoneyInput';
import { parseCursorStack, popCursor, pushCursor, safeRedirect } from './url';
import { fieldPath } from './api';
import { describePath } from './fieldLabels';
import { normaliseCondition } from '../features/programmes/conditions';
import { currentStageIndex } from './stageIndex';

describe('dates are shown in China Standard Time (§6: 2026-11-22 in tables, 2026年11月22日 in documents)', () => {
  it('formats an instant late on the UTC day as the next day in Beijing', () => {
    expect(fmtDate('2026-11-21T16:30:00.000Z')).toBe('2026-11-22');
    expect(fmtDateTime('2026-11-21T16:30:00.000Z')).toBe('2026-11-22 00:30');
    expect(fmtDateCn('2026-11-21T16:30:00.000Z')).toBe('2026年11月22日');
  });
  it('shows a plain date as it is and an empty value as a dash', () => {
    expect(fmtDate('2026-03-05')).toBe('2026-03-05');
    expect(fmtDateCn('2026-03-05')).toBe('2026年3月5日');
    expect(fmtDate(null)).toBe('—');
  });
});

describe('money is integer fen shown as 元 with separators, 万元 in summaries', () => {
  it('formats fen as 元 with two decimals and thousands separators', () => {
    expect(fmtYuan(12345678)).toBe('123,456.78 元');
    expect(fmtYuan(0)).toBe('0.00 元');
  });
  it('formats large sums as 万元 and small ones as 元', () => {
    expect(fmtWanYuan(100_000_000)).toBe('100.00 万元');
    expect(fmtMoney(100_000_000)).toBe('100.00 万元');
    expect(fmtMoney(99_999)).toBe('999.99 元');
  });
  it('converts typed 元 to fen without floating-point drift, and sends what it cannot read as typed (never 0)', () => {
    expect(moneyToFen('19.99')).toBe(1999);
    expect(moneyToFen('1,000,000')).toBe(100_000_000);
    expect(moneyToFen('')).toBeNull();
    expect(moneyToFen('-5')).toBe('-5');
    expect(moneyToFen('abc')).toBe('abc');
    expect(moneyToFen('1.234')).toBe('1.234');
    expect(fenToYuanText(1999)).toBe('19.99');
    expect(fenToYuanText(null)).toBe('');
  });
  it('puts the reason on the money field and blocks the submit, instead of clamping or zeroing', async () => {
    const check = (v: unknown, o: Parameters<typeof moneyRules>[0] = { label: '已拨付经费' }) =>
      (moneyRules(o).at(-1) as { validator: (r: unknown, v: unknown) => Promise<void> }).validator({}, v).then(
        () => null,
        (e: Error) => e.message,
      );
    expect(await check('45,000.5')).toBeNull();
    expect(await check('')).toBeNull();
    expect(moneyRules({ label: '已拨付经费', required: true })[0]).toMatchObject({ required: true, message: '请填写已拨付经费' });
    expect(await check('-5')).toBe('已拨付经费不能为负数');
    expect(await check('4.5万')).toBe('应填写数字金额（元），如 120000 或 120,000.50');
    expect(await check('1.005')).toBe('金额最多保留两位小数（到分）');
    expect(await check('200000000000')).toBe('已拨付经费不能超过 1000 亿元');
    expect(await check('0', { label: '到账金额', min: 1, minMessage: '到账金额应大于 0' })).toBe('到账金额应大于 0');
    expect(await check('300.01', { label: '到账金额', max: 30_000, maxMessage: '到账金额超过尚未退还的 300.00 元' })).toBe('到账金额超过尚未退还的 300.00 元');
  });
});

describe('the cursor stack in the URL pages forward and back', () => {
  it('pushes the next cursor and pops back to page 1', () => {
    const p2 = pushCursor(parseCursorStack(null), 'abc');
    const p3 = pushCursor(parseCursorStack(p2), 'de_f-g');
    expect(parseCursorStack(p3)).toEqual(['abc', 'de_f-g']);
    expect(popCursor(parseCursorStack(p3))).toBe('abc');
    expect(popCursor(parseCursorStack(p2))).toBeNull();
  });
});

describe('the return path after login stays inside the platform', () => {
  it('accepts an app path and refuses other sites and the login page', () => {
    expect(safeRedirect('/app/societies?q=1')).toBe('/app/societies?q=1');
    expect(safeRedirect('//evil.example.com')).toBe('/app');
    expect(safeRedirect('https://evil.example.com')).toBe('/app');
    expect(safeRedirect('/\\evil.example.com')).toBe('/app');
    expect(safeRedirect('/login?redirect=/app')).toBe('/app');
    expect(safeRedirect(null)).toBe('/app');
  });
});

describe('API field errors land on form fields and read in Chinese', () => {
  it('strips the body prefix and turns indexes into numbers', () => {
    expect(fieldPath('body.profile.fullTimeStaff')).toEqual(['profile', 'fullTimeStaff']);
    expect(fieldPath('body.stages.0.endsOn')).toEqual(['stages', 0, 'endsOn']);
    expect(fieldPath('params.year')).toEqual(['year']);
  });
  it('names a nested parameter in Chinese', () => {
    expect(describePath('body.parameters.sanctions.failedAcceptanceDebarYears')).toBe('政策参数 › 惩戒规则 › 验收不合格取消申报资格年限');
    expect(describePath('body.parameters.qualificationConditions.2.years')).toBe('政策参数 › 承接资格条件 › 第 3 项 › 年数');
  });
});

describe('a qualification condition keeps only the arguments of its rule (the API refuses unknown keys)', () => {
  it('drops years when the rule changes to one without arguments', () => {
    expect(normaliseCondition({ rule: 'notDebarred', label: ' 不在取消申报资格期内 ', years: 3 })).toEqual({ rule: 'notDebarred', label: '不在取消申报资格期内' });
  });
  it('gives a commendation rule its level and look-back', () => {
    expect(normaliseCondition({ rule: 'commendation', label: '获市级表彰', years: 2 })).toEqual({ rule: 'commendation', label: '获市级表彰', level: 'city', withinYears: 3 });
  });
});

describe('the current stage follows today’s date', () => {
  const stages = [
    { code: 'a', name: 'A', startsOn: '2026-04-01', endsOn: '2026-05-31' },
    { code: 'b', name: 'B', startsOn: '2026-07-01', endsOn: '2026-12-31' },
  ];
  it('is the stage containing today, between stages the next one, after all of them past the end', () => {
    expect(currentStageIndex(stages, '2026-04-15')).toBe(0);
    expect(currentStageIndex(stages, '2026-06-15')).toBe(0.5);
    expect(currentStageIndex(stages, '2027-01-01')).toBe(2);
    expect(currentStageIndex(stages, '2026-01-01')).toBe(-0.5);
  });
});
