// Issue 11 §5: a date typed in a wrong format is an error on its field, not a dropped value.
// The reading of a date input's text, and the rule that turns the picker's remembered bad text
// into the field's message (and so blocks the submit).
import { describe, expect, it } from 'vitest';
import { DAY_FORMAT_MESSAGE, DAY_OUT_OF_RANGE_MESSAGE, RANGE_BOTH_MESSAGE, RANGE_ORDER_MESSAGE, readDayRangeTexts, readDayText } from './dayText';
import { dayProblem, dayRule } from './DayPicker';
import { dayjs } from './format';

describe('the text of a date input', () => {
  it('reads a real day written yyyy-MM-dd, ignoring surrounding blanks', () => {
    expect(readDayText('2026-05-01')).toEqual({ kind: 'day', day: '2026-05-01' });
    expect(readDayText('  2024-02-29 ')).toEqual({ kind: 'day', day: '2024-02-29' });
  });

  it('treats no text as no date (the required rule, if any, speaks)', () => {
    expect(readDayText('')).toEqual({ kind: 'empty' });
    expect(readDayText('   ')).toEqual({ kind: 'empty' });
    expect(readDayText(undefined)).toEqual({ kind: 'empty' });
  });

  it('refuses a month or day that does not exist, with the format message', () => {
    for (const t of ['2026-13-45', '2026-02-30', '2025-02-29', '2026-00-10', '2026-04-31']) {
      expect(readDayText(t)).toEqual({ kind: 'bad', message: DAY_FORMAT_MESSAGE });
    }
  });

  it('refuses other spellings and stray characters instead of guessing', () => {
    for (const t of ['2026/5/1x', '2026/05/01', '2026-5-1', '20260501', '2026-05-01x', '05-01-2026', 'abc', '２０２６-05-01']) {
      expect(readDayText(t)).toEqual({ kind: 'bad', message: DAY_FORMAT_MESSAGE });
    }
    expect(DAY_FORMAT_MESSAGE).toBe('日期格式应为 yyyy-MM-dd，如 2026-05-01');
  });

  it('refuses a real day outside the days the platform can store', () => {
    expect(readDayText('1899-12-31')).toEqual({ kind: 'bad', message: DAY_OUT_OF_RANGE_MESSAGE });
    expect(readDayText('2101-01-01')).toEqual({ kind: 'bad', message: DAY_OUT_OF_RANGE_MESSAGE });
    expect(readDayText('1900-01-01')).toEqual({ kind: 'day', day: '1900-01-01' });
  });
});

describe('the two texts of a date-range input', () => {
  it('reads both days, or no range when both are empty', () => {
    expect(readDayRangeTexts('2026-05-01', '2026-05-30')).toEqual({ kind: 'ok', days: ['2026-05-01', '2026-05-30'] });
    expect(readDayRangeTexts('', ' ')).toEqual({ kind: 'ok', days: [null, null] });
  });

  it('names the side with the bad text and keeps the readable side', () => {
    expect(readDayRangeTexts('2026-05-01', '2026-05-3x')).toEqual({ kind: 'bad', message: DAY_FORMAT_MESSAGE, side: 1, days: ['2026-05-01', null] });
    expect(readDayRangeTexts('2026-13-01', '2026-05-30')).toEqual({ kind: 'bad', message: DAY_FORMAT_MESSAGE, side: 0, days: [null, '2026-05-30'] });
  });

  it('asks for both days unless the side may stay empty (filters)', () => {
    expect(readDayRangeTexts('2026-05-01', '')).toEqual({ kind: 'bad', message: RANGE_BOTH_MESSAGE, side: 1, days: ['2026-05-01', null] });
    expect(readDayRangeTexts('', '2026-05-30')).toMatchObject({ kind: 'bad', message: RANGE_BOTH_MESSAGE, side: 0 });
    expect(readDayRangeTexts('2026-05-01', '', [true, true])).toEqual({ kind: 'ok', days: ['2026-05-01', null] });
    expect(readDayRangeTexts('', '2026-05-30', [true, true])).toEqual({ kind: 'ok', days: [null, '2026-05-30'] });
  });

  it('refuses an end before the start instead of swapping the days', () => {
    expect(readDayRangeTexts('2026-05-01', '2026-04-30')).toEqual({ kind: 'bad', message: RANGE_ORDER_MESSAGE, side: 1, days: ['2026-05-01', null] });
    expect(readDayRangeTexts('2026-05-01', '2026-05-01')).toEqual({ kind: 'ok', days: ['2026-05-01', '2026-05-01'] });
  });
});

describe('the rule of a date field', () => {
  const check = (v: unknown) => (dayRule as { validator: (r: unknown, v: unknown) => Promise<void> }).validator({}, v);

  it('passes a day, a range and no value', async () => {
    await expect(check(dayjs('2026-05-01'))).resolves.toBeUndefined();
    await expect(check([dayjs('2026-05-01'), null])).resolves.toBeUndefined();
    await expect(check(null)).resolves.toBeUndefined();
    await expect(check(undefined)).resolves.toBeUndefined();
  });

  it('fails, with the format message, on the invalid day a picker keeps for bad text — on either side of a range', async () => {
    const bad = dayjs(Number.NaN);
    expect(dayProblem(bad)).toBe(DAY_FORMAT_MESSAGE);
    expect(dayProblem([dayjs('2026-05-01'), bad])).toBe(DAY_FORMAT_MESSAGE);
    expect(dayProblem(dayjs('2026-05-01'))).toBeNull();
    await expect(check(bad)).rejects.toThrow(DAY_FORMAT_MESSAGE);
    await expect(check([bad, dayjs('2026-05-30')])).rejects.toThrow(DAY_FORMAT_MESSAGE);
  });
});
