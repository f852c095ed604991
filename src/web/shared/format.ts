// Display formats (§6): 2026-11-22 in tables, 2026年11月22日 in documents, money as 元 with
// thousands separators and 万元 in summaries. Times are shown in China Standard Time whatever
// the browser's zone. Money and today's date are the domain's (src/domain/money.ts,
// calendar-day.ts), so a page prints them as the server's messages and documents do.
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import 'dayjs/locale/zh-cn';
import { chinaToday } from '../../domain/calendar-day';
import { formatWanYuan, formatYuan } from '../../domain/money';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.locale('zh-cn');

export const TZ = 'Asia/Shanghai';
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

type DateInput = string | Date | null | undefined;

function toCst(v: string | Date) {
  return dayjs(v).tz(TZ);
}

/** 2026-11-22 (a plain date string is shown as it is). */
export function fmtDate(v: DateInput, empty = '—'): string {
  if (!v) return empty;
  if (typeof v === 'string' && DATE_ONLY.test(v)) return v;
  const d = toCst(v);
  return d.isValid() ? d.format('YYYY-MM-DD') : empty;
}

/** 2026-11-22 14:05 */
export function fmtDateTime(v: DateInput, empty = '—'): string {
  if (!v) return empty;
  if (typeof v === 'string' && DATE_ONLY.test(v)) return v;
  const d = toCst(v);
  return d.isValid() ? d.format('YYYY-MM-DD HH:mm') : empty;
}

/** 2026-11-22 14:05:09 */
export function fmtDateTimeSec(v: DateInput, empty = '—'): string {
  if (!v) return empty;
  const d = toCst(v);
  return d.isValid() ? d.format('YYYY-MM-DD HH:mm:ss') : empty;
}

/** 2026年11月22日 */
export function fmtDateCn(v: DateInput, empty = '—'): string {
  if (!v) return empty;
  const d = typeof v === 'string' && DATE_ONLY.test(v) ? dayjs(v) : toCst(v);
  return d.isValid() ? d.format('YYYY年M月D日') : empty;
}

/** 2026-04-01 至 2026-05-31 */
export function fmtRange(from: string | null | undefined, to: string | null | undefined): string {
  return `${fmtDate(from)} 至 ${fmtDate(to)}`;
}

/** 12345678 fen → "123,456.78 元" (formatYuan), `empty` when there is no amount. */
export function fmtYuan(fen: number | null | undefined, empty = '—'): string {
  if (fen === null || fen === undefined || !Number.isFinite(fen)) return empty;
  return formatYuan(fen);
}

/** 12345678 fen → "12.35 万元" (formatWanYuan), `empty` when there is no amount. */
export function fmtWanYuan(fen: number | null | undefined, empty = '—'): string {
  if (fen === null || fen === undefined || !Number.isFinite(fen)) return empty;
  return formatWanYuan(fen);
}

/** 元 below 10,000 元, 万元 from there (for summaries). */
export function fmtMoney(fen: number | null | undefined, empty = '—'): string {
  if (fen === null || fen === undefined || !Number.isFinite(fen)) return empty;
  return Math.abs(fen) >= 1_000_000 ? fmtWanYuan(fen) : fmtYuan(fen);
}

// 元 typed in a form → fen: MoneyInput.tsx (moneyToFen), which refuses what it cannot read instead
// of rounding it.

export const fmtCount = (n: number | null | undefined, unit = ''): string =>
  n === null || n === undefined ? '—' : `${new Intl.NumberFormat('zh-CN').format(n)}${unit}`;

/** A measured quantity (a KPI's target or value): grouped digits, up to four decimals, no unit. */
export const fmtQuantity = (n: number): string => n.toLocaleString('zh-CN', { maximumFractionDigits: 4 });

/** Today's date (CST) as YYYY-MM-DD. */
export const todayCst = (): string => chinaToday();
export const currentYearCst = (): number => Number(chinaToday().slice(0, 4));

export { dayjs };
