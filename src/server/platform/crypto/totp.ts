// Second factor for privileged accounts: TOTP (RFC 6238) over HOTP (RFC 4226) with HMAC-SHA1,
// 6 digits and 30-second steps — the parameters every authenticator app supports.
// The secret is stored encrypted (users.totp_secret_enc, ORG-6, §4 field cipher).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const TOTP_DIGITS = 6;
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_SECRET_BYTES = 20; // 160 bits, RFC 4226 §4 recommendation

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32, upper case, without '=' padding (as otpauth URIs expect). */
export function base32Encode(buf: Buffer | Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of buf) {
    value = ((value << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += BASE32_ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32_ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/**
 * RFC 4648 base32 decode. Case-insensitive; spaces (any whitespace), '-' separators and '='
 * padding are ignored, so a secret typed in groups ("JBSW Y3DP …") decodes. Throws on any other
 * character.
 */
export function base32Decode(str: string): Buffer {
  const clean = str.replace(/[\s=-]/g, '').toUpperCase();
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of clean) {
    const idx = BASE32_ALPHABET.indexOf(ch);
    if (idx < 0) throw new Error('base32Decode: invalid character');
    value = ((value << 5) | idx) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out); // leftover (< 8) bits are padding
}

/** A new random TOTP secret: 20 bytes, base32 (32 characters). */
export function generateTotpSecret(): string {
  return base32Encode(randomBytes(TOTP_SECRET_BYTES));
}

/** HOTP (RFC 4226 §5.3): dynamic truncation of HMAC-SHA1(key, counter), 6 digits. */
function hotp(key: Buffer, counter: number): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(msg).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** TOTP_DIGITS).padStart(TOTP_DIGITS, '0');
}

function stepOf(unixSeconds: number): number {
  if (!Number.isFinite(unixSeconds) || unixSeconds < 0) {
    throw new RangeError('TOTP time must be a non-negative number of seconds');
  }
  return Math.floor(unixSeconds / TOTP_PERIOD_SECONDS);
}

function secretKey(secretBase32: string): Buffer {
  const key = base32Decode(secretBase32);
  if (key.length === 0) throw new Error('TOTP secret is empty');
  return key;
}

/** The 6-digit code for the 30-second step containing `unixSeconds`. */
export function totpAt(secretBase32: string, unixSeconds: number): string {
  return hotp(secretKey(secretBase32), stepOf(unixSeconds));
}

/**
 * The time step (floor(unixSeconds / 30) + offset, |offset| ≤ window) whose code equals `code`,
 * or null. Use it to refuse a code whose step was already used (RFC 6238 §5.2: a verifier must
 * not accept the same OTP twice) by storing the last accepted step per user.
 * Every candidate is compared in constant time and all candidates are always checked.
 */
export function matchTotpStep(
  secretBase32: string,
  code: string,
  unixSeconds: number,
  window = 1,
): number | null {
  if (!Number.isInteger(window) || window < 0 || window > 10) {
    throw new RangeError('TOTP window must be an integer between 0 and 10');
  }
  const key = secretKey(secretBase32);
  const now = stepOf(unixSeconds);
  // Non-6-digit input is refused before any comparison (no oracle: the format is public).
  if (typeof code !== 'string' || !/^[0-9]{6}$/.test(code)) return null;
  const given = Buffer.from(code, 'ascii');
  let matched: number | null = null;
  for (let step = now - window; step <= now + window; step++) {
    if (step < 0) continue;
    const equal = timingSafeEqual(Buffer.from(hotp(key, step), 'ascii'), given);
    if (equal && matched === null) matched = step;
  }
  return matched;
}

/** True when `code` is the code of the current step or of up to `window` steps either side. */
export function verifyTotp(
  secretBase32: string,
  code: string,
  unixSeconds: number,
  window = 1,
): boolean {
  return matchTotpStep(secretBase32, code, unixSeconds, window) !== null;
}

/**
 * otpauth://totp/ URI for the enrolment QR code (Google Authenticator "Key Uri Format"):
 * label "issuer:account" and every parameter percent-encoded as UTF-8 (encodeURIComponent:
 * spaces become %20, never '+', which some apps show literally).
 */
export function otpauthUri(opts: { secret: string; account: string; issuer: string }): string {
  const secret = opts.secret.replace(/[\s=-]/g, '').toUpperCase();
  const label = `${encodeURIComponent(opts.issuer)}:${encodeURIComponent(opts.account)}`;
  const params = [
    `secret=${secret}`,
    `issuer=${encodeURIComponent(opts.issuer)}`,
    'algorithm=SHA1',
    `digits=${TOTP_DIGITS}`,
    `period=${TOTP_PERIOD_SECONDS}`,
  ].join('&');
  return `otpauth://totp/${label}?${params}`;
}
