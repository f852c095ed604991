// ORG-6, §4: personal data shown in lists is masked; the full value is only shown on a detail
// view to someone allowed to see it (and that read is audited, X-1).
// All functions count Unicode code points (not UTF-16 units), trim the input, pass null and
// undefined through as null, and give '' for an empty value. Shorter values keep fewer visible
// characters, so an odd or short value is never shown in full.

type Maybe = string | null | undefined;

function chars(v: string): string[] {
  return Array.from(v.trim());
}

function keepEnds(cs: string[], head: number, tail: number): string {
  return cs.slice(0, head).join('') + '*'.repeat(cs.length - head - tail) + cs.slice(cs.length - tail).join('');
}

/**
 * '13812345678' → '138****5678'. 11 or more characters: first 3 and last 4 kept;
 * 7–10 (e.g. a landline without area code): last 4; 5–6: last 2; 1–4: all masked.
 */
export function maskPhone(v: Maybe): string | null {
  if (v === null || v === undefined) return null;
  const cs = chars(v);
  if (cs.length >= 11) return keepEnds(cs, 3, 4);
  if (cs.length >= 7) return keepEnds(cs, 0, 4);
  if (cs.length >= 5) return keepEnds(cs, 0, 2);
  return '*'.repeat(cs.length);
}

/**
 * 'zhangsan@example.com' → 'z***@example.com': first character of the local part and a fixed
 * '***' (the local part's length is not revealed), domain kept. A one-character local part is
 * '***@domain'; a value without '@' is masked like a name: first character + '***'.
 */
export function maskEmail(v: Maybe): string | null {
  if (v === null || v === undefined) return null;
  const s = v.trim();
  if (s === '') return '';
  const at = s.lastIndexOf('@');
  if (at < 0) return chars(s)[0] + '***';
  const local = chars(s.slice(0, at));
  const domain = s.slice(at);
  return (local.length > 1 ? local[0] : '') + '***' + domain;
}

/**
 * ID numbers: 18-character resident ID → first 4 + 10 '*' + last 4 ('1101**********1234');
 * 15 or more characters: first 4 and last 4 kept; 8–14 (passports, old formats): first 2 and
 * last 2; 3–7: first and last; 1–2: all masked.
 */
export function maskIdNumber(v: Maybe): string | null {
  if (v === null || v === undefined) return null;
  const cs = chars(v);
  if (cs.length >= 15) return keepEnds(cs, 4, 4);
  if (cs.length >= 8) return keepEnds(cs, 2, 2);
  if (cs.length >= 3) return keepEnds(cs, 1, 1);
  return '*'.repeat(cs.length);
}

/**
 * '张三丰' → '张**', '张三' → '张*': the first character kept, every other one masked;
 * a one-character name is '*'.
 */
export function maskName(v: Maybe): string | null {
  if (v === null || v === undefined) return null;
  const cs = chars(v);
  if (cs.length <= 1) return '*'.repeat(cs.length);
  return keepEnds(cs, 1, 0);
}
