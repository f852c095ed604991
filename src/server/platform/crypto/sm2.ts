// SM2 digital signatures (GB/T 32918.2-2016) on the recommended curve sm2p256v1, from sm-crypto.
// TB-4: each unit signs the SM3 digest of a task book's canonical content with its organisation's
// key pair; the private key is kept encrypted at rest (see orgSigningKeys / field cipher).
//
// A signature here is the standard SM2 signature with the GM/T 0009-2012 default signer ID
// '1234567812345678': e = SM3(Z_A || M), where Z_A binds the signer's ID and public key, and the
// output is r || s as 128 lowercase hex characters (not DER). Keys are hex: the private key 64
// characters, the public key uncompressed (04 || x || y, 130 characters).
// Signing and verifying run on native BigInt (sm2-verify.ts), the nonce k from node:crypto;
// sm-crypto is the reference the native code is tested against.
import { randomBytes } from 'node:crypto';
import { sm2 } from 'sm-crypto';
import { sm2PublicKeyNative, sm2SignNative, sm2VerifyNative } from './sm2-verify.js';

export const SM2_DEFAULT_USER_ID = '1234567812345678';
const PRIVATE_HEX = /^[0-9a-f]{64}$/;
const PUBLIC_HEX = /^04[0-9a-f]{128}$/;
const SIGNATURE_HEX = /^[0-9a-f]{128}$/;
/** n of sm2p256v1: a private key must lie in [1, n-2]. */
const CURVE_N = BigInt('0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123');

export interface Sm2KeyPair {
  publicKey: string;
  privateKey: string;
}

const sm2WithDerive = sm2 as typeof sm2 & { getPublicKeyFromPrivateKey(privateKey: string): string };

/**
 * A fresh key pair. The private key comes from node:crypto's CSPRNG (sm-crypto's own generator
 * stretches one 32-byte seed with RC4), drawn until it lies in [1, n-2].
 */
export function generateSm2KeyPair(): Sm2KeyPair {
  for (;;) {
    const d = randomBytes(32).toString('hex');
    if (isValidPrivateKey(d)) return { publicKey: publicKeyOf(d), privateKey: d };
  }
}

export function isValidPrivateKey(privateKey: string): boolean {
  if (!PRIVATE_HEX.test(privateKey)) return false;
  const d = BigInt(`0x${privateKey}`);
  return d >= 1n && d <= CURVE_N - 2n;
}

/** The public key (04 || x || y) of a private key. */
export function publicKeyOf(privateKey: string): string {
  if (!isValidPrivateKey(privateKey)) throw new Error('SM2 private key must be 64 lowercase hex characters in [1, n-2]');
  const pub = sm2PublicKeyNative(privateKey);
  if (!PUBLIC_HEX.test(pub)) throw new Error('SM2 public key derivation failed');
  return pub;
}

/** sm-crypto's derivation: the reference for the native one (tests only). */
export function publicKeyOfReference(privateKey: string): string {
  return sm2WithDerive.getPublicKeyFromPrivateKey(privateKey).toLowerCase();
}

/** A nonce for one signature: 256 bits from node:crypto, drawn until it lies in [1, n-1]. */
function randomNonce(): bigint {
  for (;;) {
    const k = BigInt(`0x${randomBytes(32).toString('hex')}`);
    if (k >= 1n && k < CURVE_N) return k;
  }
}

/** Signs `message` (a string, hashed as UTF-8 with Z_A) with `privateKey`; r || s in hex. */
export function sm2Sign(message: string, privateKey: string, userId = SM2_DEFAULT_USER_ID, nonce: () => bigint = randomNonce): string {
  if (!isValidPrivateKey(privateKey)) throw new Error('SM2 private key must be 64 lowercase hex characters in [1, n-2]');
  const out = sm2SignNative(message, privateKey, publicKeyOf(privateKey), userId, nonce);
  if (!SIGNATURE_HEX.test(out)) throw new Error('SM2 signature has an unexpected form');
  return out;
}

/** True only for a well-formed signature by the holder of `publicKey` over exactly `message`. */
export function sm2Verify(message: string, signature: string, publicKey: string, userId = SM2_DEFAULT_USER_ID): boolean {
  if (typeof signature !== 'string' || typeof publicKey !== 'string' || !SIGNATURE_HEX.test(signature) || !PUBLIC_HEX.test(publicKey)) return false;
  const r = BigInt(`0x${signature.slice(0, 64)}`);
  const s = BigInt(`0x${signature.slice(64)}`);
  if (r < 1n || r >= CURVE_N || s < 1n || s >= CURVE_N) return false;
  return sm2VerifyNative(message, signature, publicKey, userId);
}

/** sm-crypto's own verifier: the reference the native one is checked against (tests only). */
export function sm2VerifyReference(message: string, signature: string, publicKey: string, userId = SM2_DEFAULT_USER_ID): boolean {
  try {
    return sm2.doVerifySignature(message, signature, publicKey, { hash: true, der: false, userId }) === true;
  } catch {
    return false; // a point not on the curve and the like
  }
}
