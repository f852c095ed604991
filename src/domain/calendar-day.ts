// A calendar day written YYYY-MM-DD, shared by every date field and filter (issue 10 §3): a real day
// inside the range the platform deals in. Outside it a day is refused here, at the edge, as a
// 400 naming the field — year 0000 or 99999 used to reach PostgreSQL (a date or timestamptz it
// cannot hold) and come back as a 500.
import { z } from 'zod';

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
