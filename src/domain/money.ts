// Money (issue 11 §5): amounts are typed in 元 with at most two decimals and kept in integer fen
// (分). One module for both ends: `parseYuan` reads what a person typed (a web form, a spreadsheet
// cell) and says in Chinese why a value is refused — never rounds, clamps or turns it into 0 —
// and `ZFen` is the schema of every amount the API takes (fields named …Fen), with the same
// bounds and Chinese messages, so a bad amount is a 400 naming its field, never a stored 0.00.
// And one way to show an amount (issue 12 §2, §3): `formatYuan` (12,345.60 元) and, in summaries,
// `formatWanYuan` (1.23 万元) — the server's messages, the task-book documents and the web's
// formatters (src/web/shared/format.ts) all print money through these two.
import { z } from 'zod';

/** The largest amount the platform records: 1,000 亿元. */
export const MONEY_MAX_FEN = 10_000_000_000_000;
/** The same bound in 元, for forms. */
export const MONEY_MAX_YUAN = MONEY_MAX_FEN / 100;

const maxLabel = `${MONEY_MAX_YUAN / 1e8} 亿元`;

/**
 * An amount in integer fen (分), 0 … 1,000 亿元. `what` names the field in the messages.
 * Use `.min(1, '…')` on top for amounts that must be positive.
 */
export const fen = (what = '金额') =>
  z
    // only the type's own message: a missing field keeps 缺少必填字段 and a later .min(1) its own
    // wording (zod-zh.ts) — undefined defers to the error map
    .int({ error: (iss) => (iss.code === 'invalid_type' && iss.input !== undefined ? `${what}应为以分计的整数` : undefined) })
    .min(0, `${what}不能为负数`)
    .max(MONEY_MAX_FEN, `${what}不能超过 ${maxLabel}`);

/** Money in integer fen (分), ≤ 1,000 亿元 — the one schema of every amount the API takes. */
export const ZFen = /* @__PURE__ */ fen(); // pure: the web, which reads 元 with parseYuan, drops it

export type YuanRead = { ok: true; fen: number | null } | { ok: false; message: string };

const NOT_A_NUMBER = '应填写数字金额（元），如 120000 或 120,000.50';
const TOO_PRECISE = '金额最多保留两位小数（到分）';
const YUAN_FORMAT = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d*))?$/;

/**
 * What a person typed in 元 → integer fen. Accepts "120000", "120,000.50", "0.5", "¥ 12" and
 * full-width digits; empty → null (no amount). Refuses, with a Chinese message: a negative
 * amount, anything that is not a number, more than two decimals, more than 1,000 亿元.
 * A JavaScript number is read through its shortest decimal text (12.5 → "12.5").
 */
export function parseYuan(input: unknown, what = '金额'): YuanRead {
  if (input === null || input === undefined) return { ok: true, fen: null };
  let s: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return { ok: false, message: NOT_A_NUMBER };
    if (input < 0) return { ok: false, message: `${what}不能为负数` };
    if (input > MONEY_MAX_YUAN) return { ok: false, message: `${what}不能超过 ${maxLabel}` };
    s = String(input);
    if (/e/i.test(s)) return { ok: false, message: TOO_PRECISE }; // below 1e-6
  } else if (typeof input === 'string') {
    s = input.normalize('NFKC').trim().replace(/^[¥￥]\s*/, '').replace(/\s*元$/, '');
  } else {
    return { ok: false, message: NOT_A_NUMBER };
  }
  if (s === '') return { ok: true, fen: null };
  if (/^[-−]/.test(s)) return { ok: false, message: `${what}不能为负数` };
  const m = YUAN_FORMAT.exec(s);
  if (!m) return { ok: false, message: NOT_A_NUMBER };
  const decimals = m[2] ?? '';
  if (decimals.length > 2) return { ok: false, message: TOO_PRECISE };
  const yuan = m[1].replace(/,/g, '').replace(/^0+(?=\d)/, '');
  if (yuan.length > 13) return { ok: false, message: `${what}不能超过 ${maxLabel}` };
  const value = Number(yuan) * 100 + Number(decimals.padEnd(2, '0'));
  if (value > MONEY_MAX_FEN) return { ok: false, message: `${what}不能超过 ${maxLabel}` };
  return { ok: true, fen: value };
}

/** Integer hundredths → "12,345.60": whole part with thousands separators, always two decimals. */
function hundredthsText(n: number): string {
  const abs = Math.abs(n);
  const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${n < 0 ? '-' : ''}${whole}.${String(abs % 100).padStart(2, '0')}`;
}

/** Fen → "12,345.60 元": two decimals and thousands separators, the one money text (a fraction of a fen is rounded). */
export function formatYuan(fen: number): string {
  return `${hundredthsText(Math.round(fen))} 元`;
}

/**
 * Fen → "1.23 万元", for summaries: 万元 with two decimals and thousands separators, rounded to the
 * nearest 100 元 (half up) — 1,000,000 fen → "1.00 万元", 123,456,789 fen → "123.46 万元".
 */
export function formatWanYuan(fen: number): string {
  const hundredths = Math.round(Math.abs(fen) / 10_000); // 0.01 万元 = 100 元 = 10,000 fen
  return `${hundredthsText(fen < 0 && hundredths > 0 ? -hundredths : hundredths)} 万元`;
}

/** Integer fen → the 元 text a form shows and `parseYuan` reads back: 12345 → "123.45", 100 → "1.00". */
export function fenToYuanText(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isInteger(value)) return '';
  const neg = value < 0;
  const abs = Math.abs(value);
  return `${neg ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
