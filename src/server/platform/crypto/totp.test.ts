import { describe, expect, it } from 'vitest';
import {
  base32Decode,
  base32Encode,
  generateTotpSecret,
  matchTotpStep,
  otpauthUri,
  totpAt,
  verifyTotp,
} from './totp.js';

// RFC 6238 appendix B uses the ASCII seed "12345678901234567890" for HMAC-SHA1.
const RFC_SECRET = base32Encode(Buffer.from('12345678901234567890', 'ascii'));

describe('base32 (RFC 4648)', () => {
  it.each([
    ['', ''],
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
  ])('encodes %j as %s (RFC 4648 §10, unpadded) and decodes back', (plain, encoded) => {
    expect(base32Encode(Buffer.from(plain))).toBe(encoded);
    expect(base32Decode(encoded).toString()).toBe(plain);
  });

  it('encodes the RFC 6238 seed as the well-known secret', () => {
    expect(RFC_SECRET).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
  });

  it('decodes case-insensitively, ignoring spaces and "=" padding', () => {
    expect(base32Decode('mzxw6ytboi======').toString()).toBe('foobar');
    expect(base32Decode('MZXW 6YTB OI').toString()).toBe('foobar');
    expect(base32Decode(' mZxW6ytBoI ').toString()).toBe('foobar');
  });

  it('refuses characters outside the alphabet', () => {
    expect(() => base32Decode('MZXW1')).toThrow();
    expect(() => base32Decode('MZXW8')).toThrow();
    expect(() => base32Decode('中文')).toThrow();
  });

  it('round-trips random buffers of every length 0..40', () => {
    for (let n = 0; n <= 40; n++) {
      const buf = Buffer.from(Array.from({ length: n }, (_, i) => (i * 97 + n * 13) & 0xff));
      expect(base32Decode(base32Encode(buf)).equals(buf)).toBe(true);
    }
  });
});

describe('generateTotpSecret', () => {
  it('gives 20 random bytes as 32 base32 characters', () => {
    const s = generateTotpSecret();
    expect(s).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Decode(s)).toHaveLength(20);
    expect(generateTotpSecret()).not.toBe(s);
  });
});

describe('totpAt (RFC 6238 appendix B, SHA1, truncated to 6 digits)', () => {
  it.each([
    [59, '287082'],
    [1111111109, '081804'],
    [1111111111, '050471'],
    [1234567890, '005924'],
    [2000000000, '279037'],
    [20000000000, '353130'],
  ])('T=%i → %s', (t, code) => {
    expect(totpAt(RFC_SECRET, t)).toBe(code);
  });

  it('is constant within a 30-second step', () => {
    expect(totpAt(RFC_SECRET, 60)).toBe(totpAt(RFC_SECRET, 89));
    expect(totpAt(RFC_SECRET, 59)).not.toBe(totpAt(RFC_SECRET, 60));
  });

  it('refuses negative or non-finite time', () => {
    expect(() => totpAt(RFC_SECRET, -1)).toThrow(RangeError);
    expect(() => totpAt(RFC_SECRET, Number.NaN)).toThrow(RangeError);
  });
});

describe('verifyTotp', () => {
  const t = 1111111111; // step 37037037, code 050471
  const step = Math.floor(t / 30);

  it('accepts the current code', () => {
    expect(verifyTotp(RFC_SECRET, '050471', t)).toBe(true);
  });

  it('accepts ±1 step with the default window, not ±2', () => {
    expect(verifyTotp(RFC_SECRET, totpAt(RFC_SECRET, t - 30), t)).toBe(true);
    expect(verifyTotp(RFC_SECRET, totpAt(RFC_SECRET, t + 30), t)).toBe(true);
    expect(verifyTotp(RFC_SECRET, totpAt(RFC_SECRET, t - 60), t)).toBe(false);
    expect(verifyTotp(RFC_SECRET, totpAt(RFC_SECRET, t + 60), t)).toBe(false);
  });

  it('window 0 accepts only the current step; window 2 accepts ±2', () => {
    expect(verifyTotp(RFC_SECRET, totpAt(RFC_SECRET, t), t, 0)).toBe(true);
    expect(verifyTotp(RFC_SECRET, totpAt(RFC_SECRET, t - 30), t, 0)).toBe(false);
    expect(verifyTotp(RFC_SECRET, totpAt(RFC_SECRET, t + 60), t, 2)).toBe(true);
    expect(verifyTotp(RFC_SECRET, totpAt(RFC_SECRET, t - 90), t, 2)).toBe(false);
  });

  it('works at T=59 (step 1) where the window reaches step 0 but not below', () => {
    expect(verifyTotp(RFC_SECRET, '287082', 59)).toBe(true);
    expect(verifyTotp(RFC_SECRET, totpAt(RFC_SECRET, 0), 10, 1)).toBe(true);
  });

  it.each(['', '05047', '0504710', ' 050471', '050 471', '05047a', '５０４７１１', '+50471'])(
    'rejects non-6-digit input %j',
    (code) => {
      expect(verifyTotp(RFC_SECRET, code, t)).toBe(false);
    },
  );

  it('rejects a non-string code without throwing', () => {
    expect(verifyTotp(RFC_SECRET, 50471 as unknown as string, t)).toBe(false);
  });

  it('rejects a wrong code and a code from another secret', () => {
    expect(verifyTotp(RFC_SECRET, '000000', t)).toBe(false);
    const other = generateTotpSecret();
    expect(verifyTotp(other, '050471', t)).toBe(totpAt(other, t) === '050471');
  });

  it('refuses a bad window', () => {
    expect(() => verifyTotp(RFC_SECRET, '050471', t, -1)).toThrow(RangeError);
    expect(() => verifyTotp(RFC_SECRET, '050471', t, 1.5)).toThrow(RangeError);
  });

  it('matchTotpStep reports the matched step (for replay refusal)', () => {
    expect(matchTotpStep(RFC_SECRET, '050471', t)).toBe(step);
    expect(matchTotpStep(RFC_SECRET, totpAt(RFC_SECRET, t - 30), t)).toBe(step - 1);
    expect(matchTotpStep(RFC_SECRET, totpAt(RFC_SECRET, t + 30), t)).toBe(step + 1);
    expect(matchTotpStep(RFC_SECRET, '000000', t)).toBeNull();
  });

  it('accepts a secret typed in lower case with spaces', () => {
    const typed = RFC_SECRET.toLowerCase().replace(/(.{4})/g, '$1 ');
    expect(verifyTotp(typed, '050471', t)).toBe(true);
  });
});

describe('otpauthUri', () => {
  it('URI-encodes the Chinese issuer (UTF-8 percent-encoding) in label and parameter', () => {
    const uri = otpauthUri({ secret: RFC_SECRET, account: 'zhangsan', issuer: '承接平台' });
    const enc = '%E6%89%BF%E6%8E%A5%E5%B9%B3%E5%8F%B0';
    expect(encodeURIComponent('承接平台')).toBe(enc);
    expect(uri).toBe(
      `otpauth://totp/${enc}:zhangsan?secret=${RFC_SECRET}&issuer=${enc}&algorithm=SHA1&digits=6&period=30`,
    );
    expect(uri).toMatch(/^[\x21-\x7e]+$/); // printable ASCII only
  });

  it('parses back with URL', () => {
    const uri = otpauthUri({ secret: RFC_SECRET, account: '张三 @org', issuer: '承接平台' });
    const url = new URL(uri);
    expect(url.protocol).toBe('otpauth:');
    expect(url.host).toBe('totp');
    expect(decodeURIComponent(url.pathname)).toBe('/承接平台:张三 @org');
    expect(url.searchParams.get('issuer')).toBe('承接平台');
    expect(url.searchParams.get('secret')).toBe(RFC_SECRET);
    expect(uri).not.toContain('+');
    expect(uri).toContain('%20%40org');
  });

  it('encodes a colon in the account so it cannot split the label', () => {
    const uri = otpauthUri({ secret: 'MZXW6', account: 'a:b', issuer: 'X' });
    expect(uri.startsWith('otpauth://totp/X:a%3Ab?')).toBe(true);
  });
});
