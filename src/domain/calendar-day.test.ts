import { describe, expect, it } from 'vitest';
import { DAY_RANGE, calendarDay, chinaDayOf, chinaToday, chinaWallClock, endOfChinaDay, startOfChinaDay } from './calendar-day.js';

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

describe('China days (issue 12 §3: one place for the +08:00 arithmetic)', () => {
  it('tells the China day and clock of an instant, whatever the machine\'s zone', () => {
    expect(chinaDayOf(new Date('2026-12-31T15:59:59.999Z'))).toBe('2026-12-31');
    expect(chinaDayOf(new Date('2026-12-31T16:00:00.000Z'))).toBe('2027-01-01');
    expect(chinaWallClock(new Date('2026-05-01T06:30:09.120Z'))).toBe('2026-05-01T14:30:09.120');
    expect(chinaToday(new Date('2026-02-28T20:00:00Z'))).toBe('2026-03-01');
    expect(chinaToday()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
  it('begins a day at 00:00:00 and ends it at 23:59:59 in Beijing', () => {
    expect(startOfChinaDay('2026-05-12').toISOString()).toBe('2026-05-11T16:00:00.000Z');
    expect(endOfChinaDay('2026-05-12').toISOString()).toBe('2026-05-12T15:59:59.000Z');
    expect(chinaDayOf(startOfChinaDay('2026-05-12'))).toBe('2026-05-12');
    expect(chinaDayOf(endOfChinaDay('2026-05-12'))).toBe('2026-05-12');
  });
});
