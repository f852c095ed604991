import { describe, expect, it } from 'vitest';
import { DAY_RANGE, calendarDay } from './calendar-day.js';

describe('a calendar day (issue 10 §3)', () => {
  const day = calendarDay('检查日期');
  const message = (s: string) => day.safeParse(s).error?.issues[0].message;

  it('accepts a real day inside the range, its ends included', () => {
    for (const s of ['2026-06-01', '2028-02-29', DAY_RANGE.min, DAY_RANGE.max]) expect(day.safeParse(s).success, s).toBe(true);
  });

  it('refuses year 0000, five-digit years and days outside the range, naming the field', () => {
    for (const s of ['0000-01-01', '1899-12-31', '2101-01-01']) expect(message(s), s).toBe(`检查日期应在 ${DAY_RANGE.min} 至 ${DAY_RANGE.max} 之间`);
    expect(message('99999-01-01')).toBe('检查日期应为 YYYY-MM-DD 格式的日期');
  });

  it('refuses a day the calendar does not have', () => {
    expect(message('2026-02-30')).toBe('检查日期不是有效日期');
    expect(message('2027-02-29')).toBe('检查日期不是有效日期');
  });
});
