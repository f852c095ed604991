// SM3 (GB/T 32905-2016) digests and HMAC-SM3, from node:crypto (OpenSSL 3).
// Used by the audit hash chain, the personal-data field cipher (ORG-6, §4) and session id
// hashing (the sessions table stores only the SM3 of the cookie value).
import { createHash, createHmac } from 'node:crypto';

/** SM3 digest of `data` (strings are hashed as UTF-8), as 64 lowercase hex characters. */
export function sm3Hex(data: string | Buffer): string {
  return createHash('sm3').update(data).digest('hex');
}

/** HMAC-SM3 (RFC 2104 construction with SM3, 64-byte block) of `data` under `key`; 32 bytes. */
export function hmacSm3(key: Buffer, data: string | Buffer): Buffer {
  return createHmac('sm3', key).update(data).digest();
}
