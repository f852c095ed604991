// A calendar day written YYYY-MM-DD, shared by every date field and filter (issue 10 §3): a real day
// inside the range the platform deals in. Outside it a day is refused here, at the edge, as a
// 400 naming the field — year 0000 or 99999 used to reach PostgreSQL (a date or timestamptz it
// cannot hold) and come back as a 500. It is also the one place that knows China's days: which day an
// instant falls on, today, and where a day begins and ends (issue 12 §3).
import { z } from 'zod';

/** China Standard Time is UTC+8 all year (Asia/Shanghai has had no summer time since 1991). */
const CHINA_OFFSET_MS = 8 * 3_600_000;

/**
 * An instant as China wall-clock time, `YYYY-MM-DDTHH:mm:ss.sss` without a zone: its first ten
 * characters are the China calendar day, the next ones the time a clock in Beijing shows.
 */
export const chinaWallClock = (at: Date): string => new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 23);

/** The China calendar day of an instant, YYYY-MM-DD. */
export const chinaDayOf = (at: Date): string => chinaWallClock(at).slice(0, 10);

/** Today in China as YYYY-MM-DD — the day policy periods and deadlines are counted in. */
export const chinaToday = (now: Date = new Date()): string => chinaDayOf(now);

/** The first instant of a China calendar day (00:00:00 in Beijing). */
export const startOfChinaDay = (day: string): Date => new Date(`${day}T00:00:00+08:00`);

/** The last second of a China calendar day (23:59:59 in Beijing): a deadline written YYYY-MM-DD runs to here. */
export const endOfChinaDay = (day: string): Date => new Date(`${day}T23:59:59+08:00`);

/** The days a record can carry: from the founding of the oldest societies to well past any plan. */
export const DAY_RANGE = { min: '1900-01-01', max: '2100-12-31' } as const;

const DAY_FORMAT = /^\d{4}-\d{2}-\d{2}$/;

/** True when `s` names a day of the calendar (no 02-30), whatever the year. */
export function isRealDay(s: string): boolean {
  const t = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().startsWith(s);
}

export const isDayInRange = (s: string): boolean => s >= DAY_RANGE.min && s <= DAY_RANGE.max;

/** A real day in DAY_RANGE; `what` names the field in the Chinese messages (without it, the messages say 日期 once). */
export const calendarDay = (what?: string) =>
  z
    .string()
    .regex(DAY_FORMAT, what ? `${what}应为 YYYY-MM-DD 格式的日期` : '应为 YYYY-MM-DD 格式的有效日期')
    .refine(isRealDay, what ? `${what}不是有效日期` : '应为 YYYY-MM-DD 格式的有效日期')
    .refine(isDayInRange, `${what ?? '日期'}应在 ${DAY_RANGE.min} 至 ${DAY_RANGE.max} 之间`);

/**
 * A day on which something already happened (a meeting held, a training given: issue 11 §5) is
 * not after `today` (the China calendar day); the Chinese message when it is, else null.
 */
export function futureDayProblem(day: string, today: string, what: string): string | null {
  return day > today ? `${what}不能晚于今天（${today}），请记录已举行的活动` : null;
}
