import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createFieldCipher,
  FIELD_CIPHER_PREFIX,
  loadOrCreateMasterKey,
} from './field-cipher.js';
import { hmacSm3 } from './sm3.js';

const KEY = Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex');

/** Flip one bit of one byte of a base64url part of the token (part 0 = iv, 1 = ct, 2 = mac). */
function flip(token: string, part: 0 | 1 | 2, byteIndex = 0): string {
  const parts = token.slice(FIELD_CIPHER_PREFIX.length).split('.');
  const bytes = Buffer.from(parts[part], 'base64url');
  bytes[byteIndex] ^= 0x01;
  parts[part] = bytes.toString('base64url');
  return FIELD_CIPHER_PREFIX + parts.join('.');
}

describe('SM4 (node:crypto / OpenSSL)', () => {
  it('matches the GB/T 32907-2016 known-answer vector (sm4-ecb, no padding)', () => {
    const key = Buffer.from('0123456789abcdeffedcba9876543210', 'hex');
    const cipher = createCipheriv('sm4-ecb', key, null).setAutoPadding(false);
    const ct = Buffer.concat([cipher.update(key), cipher.final()]);
    expect(ct.toString('hex')).toBe('681edf34d206965e86b3e94f536e4246');
    const decipher = createDecipheriv('sm4-ecb', key, null).setAutoPadding(false);
    expect(Buffer.concat([decipher.update(ct), decipher.final()]).toString('hex')).toBe(
      '0123456789abcdeffedcba9876543210',
    );
  });
});

describe('createFieldCipher (ORG-6, §4)', () => {
  const cipher = createFieldCipher(KEY);

  it('refuses a master key that is not exactly 32 bytes', () => {
    expect(() => createFieldCipher(Buffer.alloc(16))).toThrow(/32 bytes/);
    expect(() => createFieldCipher(Buffer.alloc(33))).toThrow(/32 bytes/);
    expect(() => createFieldCipher('x'.repeat(32) as unknown as Buffer)).toThrow(/32 bytes/);
  });

  it.each([
    ['ASCII', '13812345678'],
    ['Chinese', '张三丰 / 北京市海淀区'],
    ['empty string', ''],
    ['exactly one block', '0123456789abcdef'],
    ['emoji and long text', '😀'.repeat(100)],
  ])('round-trips %s', (_, plain) => {
    const token = cipher.encrypt(plain);
    expect(token.startsWith('sm4v1:')).toBe(true);
    expect(token).toMatch(/^sm4v1:[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(cipher.decrypt(token)).toBe(plain);
  });

  it('follows the documented scheme (derived keys, SM4-CBC, HMAC-SM3 over "v1"+iv+ct)', () => {
    const token = cipher.encrypt('承接');
    const [iv, ct, mac] = token.slice(6).split('.').map((p) => Buffer.from(p, 'base64url'));
    const encKey = hmacSm3(KEY, 'chengjie/field/enc').subarray(0, 16);
    const macKey = hmacSm3(KEY, 'chengjie/field/mac');
    expect(hmacSm3(macKey, Buffer.concat([Buffer.from('v1'), iv, ct])).equals(mac)).toBe(true);
    const d = createDecipheriv('sm4-cbc', encKey, iv);
    expect(Buffer.concat([d.update(ct), d.final()]).toString('utf8')).toBe('承接');
  });

  it('gives a different token each time for the same value (random IV)', () => {
    const a = cipher.encrypt('13812345678');
    const b = cipher.encrypt('13812345678');
    expect(a).not.toBe(b);
    expect(a.split('.')[0]).not.toBe(b.split('.')[0]);
    expect(cipher.decrypt(a)).toBe(cipher.decrypt(b));
  });

  it('a second cipher from the same master key decrypts (keys are derived deterministically)', () => {
    expect(createFieldCipher(Buffer.from(KEY)).decrypt(cipher.encrypt('同一把钥匙'))).toBe('同一把钥匙');
  });

  it.each([
    ['iv', 0, 0],
    ['ciphertext (first byte)', 1, 0],
    ['ciphertext (last byte)', 1, 15],
    ['mac (first byte)', 2, 0],
    ['mac (last byte)', 2, 31],
  ] as const)('flipping one byte of the %s → FIELD_CIPHER_TAMPERED', (_, part, index) => {
    const token = cipher.encrypt('0123456789abcdef-secret');
    expect(() => cipher.decrypt(flip(token, part, index))).toThrow('FIELD_CIPHER_TAMPERED');
  });

  it('a wrong master key → FIELD_CIPHER_TAMPERED', () => {
    const other = createFieldCipher(randomBytes(32));
    expect(() => other.decrypt(cipher.encrypt('secret'))).toThrow('FIELD_CIPHER_TAMPERED');
  });

  it('swapping the ciphertext of two tokens → FIELD_CIPHER_TAMPERED', () => {
    const a = cipher.encrypt('aaaa').split('.');
    const b = cipher.encrypt('bbbb').split('.');
    expect(() => cipher.decrypt([a[0], b[1], a[2]].join('.'))).toThrow('FIELD_CIPHER_TAMPERED');
  });

  it.each([
    ['empty', ''],
    ['plain text', '13812345678'],
    ['wrong prefix', 'sm4v2:' + 'x'.repeat(30)],
    ['missing parts', FIELD_CIPHER_PREFIX + 'abc.def'],
    ['too many parts', FIELD_CIPHER_PREFIX + 'a.b.c.d'],
    ['empty parts', FIELD_CIPHER_PREFIX + '..'],
    ['bad base64url', FIELD_CIPHER_PREFIX + 'a+b.c/d.e=f'],
  ])('a malformed token (%s) → FIELD_CIPHER_TAMPERED', (_, token) => {
    expect(() => cipher.decrypt(token)).toThrow('FIELD_CIPHER_TAMPERED');
  });

  it('refuses a truncated or padded token', () => {
    const token = cipher.encrypt('secret');
    expect(() => cipher.decrypt(token.slice(0, -1))).toThrow('FIELD_CIPHER_TAMPERED');
    expect(() => cipher.decrypt(token + 'A')).toThrow('FIELD_CIPHER_TAMPERED');
    expect(() => cipher.decrypt(token + '=')).toThrow('FIELD_CIPHER_TAMPERED');
  });

  it('nullable helpers pass null through and encrypt every string', () => {
    expect(cipher.encryptNullable(null)).toBeNull();
    expect(cipher.encryptNullable(undefined)).toBeNull();
    expect(cipher.decryptNullable(null)).toBeNull();
    const token = cipher.encryptNullable('');
    expect(token).not.toBeNull();
    expect(cipher.decryptNullable(token)).toBe('');
    expect(cipher.decryptNullable(cipher.encryptNullable('李四'))).toBe('李四');
    expect(() => cipher.decryptNullable('garbage')).toThrow('FIELD_CIPHER_TAMPERED');
  });
});

describe('loadOrCreateMasterKey (§4)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'chengjie-key-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('uses a 64-hex env value (trimmed, either case) and ignores the file', () => {
    const hex = KEY.toString('hex');
    const filePath = join(dir, 'master.key');
    expect(loadOrCreateMasterKey({ envValue: ` ${hex.toUpperCase()}\n`, filePath }).equals(KEY)).toBe(true);
    expect(() => statSync(filePath)).toThrow(); // nothing written
  });

  it.each([
    ['too short', 'abcd'],
    ['too long', 'a'.repeat(66)],
    ['not hex', 'g'.repeat(64)],
    ['base64', Buffer.alloc(32).toString('base64')],
  ])('throws a clear error for a bad env value (%s), without echoing it', (_, envValue) => {
    expect(() => loadOrCreateMasterKey({ envValue, filePath: join(dir, 'k') })).toThrow(
      /64 hex characters/,
    );
    try {
      loadOrCreateMasterKey({ envValue, filePath: join(dir, 'k') });
    } catch (err) {
      expect((err as Error).message).not.toContain(envValue);
    }
  });

  it('treats a blank env value as absent', () => {
    const filePath = join(dir, 'master.key');
    expect(loadOrCreateMasterKey({ envValue: '  ', filePath })).toHaveLength(32);
    expect(statSync(filePath).isFile()).toBe(true);
  });

  it('creates the key file (and parent dirs) with mode 0600, then reads the same key back', () => {
    const filePath = join(dir, 'nested', 'deeper', 'master.key');
    const created = loadOrCreateMasterKey({ filePath });
    expect(created).toHaveLength(32);
    expect(readFileSync(filePath, 'utf8').trim()).toBe(created.toString('hex'));
    if (process.platform !== 'win32') {
      expect(statSync(filePath).mode & 0o777).toBe(0o600);
    }
    expect(loadOrCreateMasterKey({ filePath }).equals(created)).toBe(true);
    expect(readFileSync(filePath, 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    expect(readdirSync(join(dir, 'nested', 'deeper'))).toEqual(['master.key']); // no temp files left
    const cipher = createFieldCipher(created);
    expect(createFieldCipher(loadOrCreateMasterKey({ filePath })).decrypt(cipher.encrypt('x'))).toBe('x');
  });

  it('reads an existing hex key file', () => {
    const filePath = join(dir, 'master.key');
    writeFileSync(filePath, KEY.toString('hex') + '\n');
    expect(loadOrCreateMasterKey({ filePath }).equals(KEY)).toBe(true);
  });

  it('refuses (and never overwrites) a malformed key file', () => {
    const filePath = join(dir, 'master.key');
    writeFileSync(filePath, 'not a key');
    expect(() => loadOrCreateMasterKey({ filePath })).toThrow(/malformed/);
    expect(readFileSync(filePath, 'utf8')).toBe('not a key');
  });
});
