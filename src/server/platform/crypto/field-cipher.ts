// ORG-6, §4: personal data at rest (columns ending in _enc: phone, email, id number, TOTP secret)
// is encrypted with SM4 (GB/T 32907-2016) before it reaches the database.
//
// Scheme "sm4v1" (encrypt-then-MAC):
//   encKey = HMAC-SM3(masterKey, 'chengjie/field/enc')[0..16)      — SM4 key, 128 bits
//   macKey = HMAC-SM3(masterKey, 'chengjie/field/mac')              — 32 bytes
//   iv     = 16 random bytes per value
//   ct     = SM4-CBC(encKey, iv, PKCS#7(utf8(plain)))
//   mac    = HMAC-SM3(macKey, 'v1' || iv || ct)
//   token  = 'sm4v1:' + b64url(iv) + '.' + b64url(ct) + '.' + b64url(mac)
// decrypt checks the MAC (constant time) before any decryption; any malformed or altered token,
// or a token made under another master key, fails with Error('FIELD_CIPHER_TAMPERED').
import {
  createCipheriv,
  createDecipheriv,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { hmacSm3, sm3Hex } from './sm3.js';

export const FIELD_CIPHER_PREFIX = 'sm4v1:';
export const FIELD_CIPHER_TAMPERED = 'FIELD_CIPHER_TAMPERED';
export const MASTER_KEY_BYTES = 32;

const IV_BYTES = 16;
const BLOCK_BYTES = 16;
const MAC_BYTES = 32;
const MAC_VERSION = Buffer.from('v1', 'ascii');
const B64URL = /^[A-Za-z0-9_-]+$/;
const HEX_KEY = /^[0-9a-fA-F]{64}$/;

export interface FieldCipher {
  encrypt(plain: string): string;
  decrypt(token: string): string;
  /** null and undefined give null; every string (even '') is encrypted. */
  encryptNullable(v: string | null | undefined): string | null;
  /** null gives null; anything else must be a valid token. */
  decryptNullable(v: string | null): string | null;
  /**
   * A keyed hash (hex) of a value that must be matched but never stored (an objector's address,
   * CAP-5): HMAC-SM3 under a key derived from the master key, separated by `label`. The same value
   * gives the same hash in every process with the same key; without the key nothing is recoverable.
   */
  keyedHash(label: string, value: string): string;
}

function tampered(): Error {
  return new Error(FIELD_CIPHER_TAMPERED);
}

/** Strict base64url: only the URL alphabet, no padding, and canonical (re-encodes identically). */
function fromB64url(part: string): Buffer | null {
  if (!B64URL.test(part)) return null;
  const bytes = Buffer.from(part, 'base64url');
  return bytes.toString('base64url') === part ? bytes : null;
}

export function createFieldCipher(masterKey: Buffer): FieldCipher {
  if (!Buffer.isBuffer(masterKey) || masterKey.length !== MASTER_KEY_BYTES) {
    throw new Error(`field cipher master key must be exactly ${MASTER_KEY_BYTES} bytes`);
  }
  const encKey = hmacSm3(masterKey, 'chengjie/field/enc').subarray(0, 16);
  const macKey = hmacSm3(masterKey, 'chengjie/field/mac');
  const hashKey = hmacSm3(masterKey, 'chengjie/field/hash');

  const macOf = (iv: Buffer, ct: Buffer): Buffer =>
    hmacSm3(macKey, Buffer.concat([MAC_VERSION, iv, ct]));

  function encrypt(plain: string): string {
    if (typeof plain !== 'string') throw new TypeError('field cipher encrypts strings only');
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('sm4-cbc', encKey, iv);
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const mac = macOf(iv, ct);
    return (
      FIELD_CIPHER_PREFIX +
      iv.toString('base64url') +
      '.' +
      ct.toString('base64url') +
      '.' +
      mac.toString('base64url')
    );
  }

  function decrypt(token: string): string {
    if (typeof token !== 'string' || !token.startsWith(FIELD_CIPHER_PREFIX)) throw tampered();
    const parts = token.slice(FIELD_CIPHER_PREFIX.length).split('.');
    if (parts.length !== 3) throw tampered();
    const [iv, ct, mac] = parts.map(fromB64url);
    if (
      !iv ||
      !ct ||
      !mac ||
      iv.length !== IV_BYTES ||
      mac.length !== MAC_BYTES ||
      ct.length === 0 ||
      ct.length % BLOCK_BYTES !== 0
    ) {
      throw tampered();
    }
    if (!timingSafeEqual(macOf(iv, ct), mac)) throw tampered();
    try {
      const decipher = createDecipheriv('sm4-cbc', encKey, iv);
      return Buffer.concat([decipher.update(ct), decipher.final()]).toString('utf8');
    } catch {
      // Unreachable with a valid MAC unless the encryptor was faulty; never leak padding errors.
      throw tampered();
    }
  }

  return {
    encrypt,
    decrypt,
    encryptNullable: (v) => (v === null || v === undefined ? null : encrypt(v)),
    decryptNullable: (v) => (v === null ? null : decrypt(v)),
    keyedHash: (label, value) => hmacSm3(hashKey, `${label}\u0000${value}`).toString('hex'),
  };
}

/** Where the master key of this process came from (named in the start-up refusal, issue 10 §5). */
export type MasterKeySource = 'env' | 'file';

/**
 * The 32-byte master key when one is configured, without ever creating one:
 * 1. `envValue` (DATA_KEY) when given and non-blank: 64 hex chars;
 * 2. else the hex key in `filePath` (DATA_DIR/data.key);
 * 3. else null — whether a new key may be made depends on the database (platform/data-key.ts).
 * A malformed env value or key file throws. Error messages never contain key material.
 */
export function readMasterKey(opts: { envValue?: string; filePath: string }): { key: Buffer; source: MasterKeySource } | null {
  const fromEnv = opts.envValue?.trim();
  if (fromEnv) {
    if (!HEX_KEY.test(fromEnv)) {
      throw new Error(
        `master key from the environment must be exactly 64 hex characters (32 bytes); got ${fromEnv.length} characters`,
      );
    }
    return { key: Buffer.from(fromEnv, 'hex'), source: 'env' };
  }
  const existing = readKeyFile(opts.filePath);
  return existing ? { key: existing, source: 'file' } : null;
}

/**
 * A new random key written to `filePath` (mode 0600, parent dir created with 0700). An existing
 * file is never overwritten, since losing the key makes every encrypted column unreadable: when
 * another process created it meanwhile, that key is returned with `created: false`.
 */
export function createMasterKeyFile(filePath: string): { key: Buffer; created: boolean } {
  const key = randomBytes(MASTER_KEY_BYTES);
  mkdirSync(dirname(filePath), { recursive: true, mode: 0o700 });
  // Write a private temp file, then link it into place: link() fails if another process created
  // the key meanwhile, and nobody ever sees a half-written key file.
  const tmp = `${filePath}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  try {
    chmodSync(tmp, 0o600); // the mode given to writeFileSync is subject to the umask
    try {
      linkSync(tmp, filePath);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw err;
      // A filesystem without hard links: exclusive create is the next best thing.
      writeFileSync(filePath, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
      chmodSync(filePath, 0o600);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      const raced = readKeyFile(filePath);
      if (raced) return { key: raced, created: false };
    }
    throw err;
  } finally {
    rmSync(tmp, { force: true });
  }
  return { key, created: true };
}

/**
 * The 32-byte master key for createFieldCipher (§4 key handling): the configured one
 * (readMasterKey), else a new key file (createMasterKeyFile). The server does not call this: it
 * creates a key only for a database without encrypted data (platform/data-key.ts).
 */
export function loadOrCreateMasterKey(opts: { envValue?: string; filePath: string }): Buffer {
  return readMasterKey(opts)?.key ?? createMasterKeyFile(opts.filePath).key;
}

/** Key id shown to people (issue 10 §5): the first 8 hex of SM3 of the key — names it, reveals nothing usable. */
export const masterKeyFingerprint = (key: Buffer): string => sm3Hex(key).slice(0, 8);

/** The check value stored in the database: HMAC-SM3 of a fixed label under the key (hex). */
export const masterKeyCheckValue = (key: Buffer): string => hmacSm3(key, 'chengjie/data-key-check/v1').toString('hex');

function readKeyFile(filePath: string): Buffer | null {
  let text: string;
  try {
    text = readFileSync(filePath, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const hex = text.trim();
  if (!HEX_KEY.test(hex)) {
    throw new Error(
      `master key file ${filePath} is malformed: expected 64 hex characters (32 bytes); refusing to replace it`,
    );
  }
  return Buffer.from(hex, 'hex');
}
