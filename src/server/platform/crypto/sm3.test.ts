import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hmacSm3, sm3Hex } from './sm3.js';

describe('sm3Hex', () => {
  // Known-answer vectors from GB/T 32905-2016, appendix A.
  it('hashes "abc" to the standard vector', () => {
    expect(sm3Hex('abc')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });

  it('hashes the 64-byte "abcd"×16 message to the standard vector', () => {
    expect(sm3Hex('abcd'.repeat(16))).toBe(
      'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732',
    );
  });

  it('treats a string and its UTF-8 bytes alike', () => {
    expect(sm3Hex('承接平台')).toBe(sm3Hex(Buffer.from('承接平台', 'utf8')));
    expect(sm3Hex('')).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('hmacSm3', () => {
  it('returns 32 bytes and depends on key and data', () => {
    const key = Buffer.alloc(32, 7);
    const mac = hmacSm3(key, 'message');
    expect(mac).toHaveLength(32);
    expect(hmacSm3(key, 'message').equals(mac)).toBe(true);
    expect(hmacSm3(Buffer.alloc(32, 8), 'message').equals(mac)).toBe(false);
    expect(hmacSm3(key, 'message!').equals(mac)).toBe(false);
  });

  it('is the RFC 2104 construction over SM3 (checked against a hand-built HMAC)', () => {
    // HMAC(K, m) = H((K0 ^ opad) || H((K0 ^ ipad) || m)), block size 64 bytes.
    const manual = (key: Buffer, msg: Buffer): string => {
      const k0 = Buffer.alloc(64);
      (key.length > 64 ? createHash('sm3').update(key).digest() : key).copy(k0);
      const ipad = Buffer.from(k0.map((b) => b ^ 0x36));
      const opad = Buffer.from(k0.map((b) => b ^ 0x5c));
      const inner = createHash('sm3').update(Buffer.concat([ipad, msg])).digest();
      return createHash('sm3').update(Buffer.concat([opad, inner])).digest('hex');
    };
    for (const key of [Buffer.from('key'), Buffer.alloc(32, 0xab), Buffer.alloc(100, 1)]) {
      expect(hmacSm3(key, 'data').toString('hex')).toBe(manual(key, Buffer.from('data')));
    }
  });
});
