// What a date field's typed text says (issue 11 §5): a day written yyyy-MM-dd, nothing, or a
// mistake with the message to show on the field. The date inputs (DayPicker.tsx) read their text
// with these when the user leaves them, so that text antd's DatePicker cannot parse becomes an
// error on the field instead of silently disappearing.
import { DAY_RANGE, isDayInRange, isRealDay } from '../../domain/calendar-day';

export const DAY_FORMAT_MESSAGE = '日期格式应为 yyyy-MM-dd，如 2026-05-01';
export const DAY_OUT_OF_RANGE_MESSAGE = `日期应在 ${DAY_RANGE.min} 至 ${DAY_RANGE.max} 之间`;
export const RANGE_BOTH_MESSAGE = '请选择开始和结束日期';
export const RANGE_ORDER_MESSAGE = '结束日期不能早于开始日期';

export type DayText = { kind: 'empty' } | { kind: 'day'; day: string } | { kind: 'bad'; message: string };

/** The text of a date input: empty (blank), a real day yyyy-MM-dd within DAY_RANGE, or bad with its message. */
export function readDayText(text: string | null | undefined): DayText {
  const t = (text ?? '').trim();
  if (!t) return { kind: 'empty' };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(t) || !isRealDay(t)) return { kind: 'bad', message: DAY_FORMAT_MESSAGE };
  if (!isDayInRange(t)) return { kind: 'bad', message: DAY_OUT_OF_RANGE_MESSAGE };
  return { kind: 'day', day: t };
}

export type RangeDays = [string | null, string | null];
export type DayRangeText = { kind: 'ok'; days: RangeDays } | { kind: 'bad'; message: string; side: 0 | 1; days: RangeDays };

/**
 * The two texts of a date-range input. Each must read as a day or be empty; one side empty is
 * a mistake unless `allowEmpty` allows it for that side (both empty is no range at all: the
 * field's own required rule speaks then); the end is not before the start. A mistake names the
 * side it is on, and `days` keeps what could be read, so that the good side is not lost.
 */
export function readDayRangeTexts(start: string | null | undefined, end: string | null | undefined, allowEmpty: readonly [boolean, boolean] = [false, false]): DayRangeText {
  const reads = [readDayText(start), readDayText(end)] as const;
  const days = reads.map((r) => (r.kind === 'day' ? r.day : null)) as RangeDays;
  for (const side of [0, 1] as const) {
    const r = reads[side];
    if (r.kind === 'bad') return { kind: 'bad', message: r.message, side, days };
  }
  const [from, to] = days;
  if ((from === null) !== (to === null)) {
    const side = from === null ? 0 : 1;
    if (!allowEmpty[side]) return { kind: 'bad', message: RANGE_BOTH_MESSAGE, side, days };
  }
  // The end is not kept: handed back to antd, a reversed range would be swapped silently.
  if (from !== null && to !== null && to < from) return { kind: 'bad', message: RANGE_ORDER_MESSAGE, side: 1, days: [from, null] };
  return { kind: 'ok', days };
}
