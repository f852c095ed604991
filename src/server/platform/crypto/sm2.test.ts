// TB-4: SM2 signatures — the standard's known answer, round trips, and every kind of tampering.
import { describe, expect, it } from 'vitest';
import { SM2_DEFAULT_USER_ID, generateSm2KeyPair, isValidPrivateKey, publicKeyOf, sm2Sign, sm2Verify, sm2VerifyReference, publicKeyOfReference } from './sm2.js';
import { sm3Hex } from './sm3.js';

// The published example on the recommended curve (draft-shen-sm2-ecdsa; the annex examples of
// GB/T 32918.2 use a test curve): private key d_A, its
// public key, the message "message digest" signed with ID 1234567812345678 (k fixed by the standard).
const KAT = {
  privateKey: '3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8',
  publicKey:
    '04' +
    '09f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020' +
    'ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13',
  message: 'message digest',
  signature:
    'f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3' +
    'b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa',
};

describe('SM2 known answer (published recommended-curve example)', () => {
  it('signs "message digest" exactly as the example does with the example\'s k', () => {
    const k = 0x59276e27d506861a16680f3ad9c02dccef3cc1fa3cdbe4ce6d54b80deac1bc21n;
    expect(sm2Sign(KAT.message, KAT.privateKey, SM2_DEFAULT_USER_ID, () => k)).toBe(KAT.signature);
  });
  it('derives the standard public key from the standard private key', () => {
    expect(publicKeyOf(KAT.privateKey)).toBe(KAT.publicKey);
  });
  it('accepts the standard signature of "message digest" under the default ID', () => {
    expect(SM2_DEFAULT_USER_ID).toBe('1234567812345678');
    expect(sm2Verify(KAT.message, KAT.signature, KAT.publicKey)).toBe(true);
  });
  it('refuses it for another message, another ID, or with r and s swapped', () => {
    expect(sm2Verify('message digesT', KAT.signature, KAT.publicKey)).toBe(false);
    expect(sm2Verify(KAT.message, KAT.signature, KAT.publicKey, 'ALICE123@YAHOO.COM')).toBe(false);
    expect(sm2Verify(KAT.message, KAT.signature.slice(64) + KAT.signature.slice(0, 64), KAT.publicKey)).toBe(false);
  });
});

describe('SM2 sign and verify (TB-4)', () => {
  const pair = generateSm2KeyPair();
  const digest = sm3Hex('{"goals":"完成团体标准研制","kpis":[{"name":"标准数量","target":3,"unit":"项"}]}');

  it('generates key pairs in the expected form, each different', () => {
    expect(pair.privateKey).toMatch(/^[0-9a-f]{64}$/);
    expect(pair.publicKey).toMatch(/^04[0-9a-f]{128}$/);
    expect(publicKeyOf(pair.privateKey)).toBe(pair.publicKey);
    expect(generateSm2KeyPair().privateKey).not.toBe(pair.privateKey);
  });

  it('round-trips: a signature over a digest verifies with the signer\'s public key', () => {
    const sig = sm2Sign(digest, pair.privateKey);
    expect(sig).toMatch(/^[0-9a-f]{128}$/);
    expect(sm2Verify(digest, sig, pair.publicKey)).toBe(true);
    // signatures are randomised (fresh k), and every one of them verifies
    const again = sm2Sign(digest, pair.privateKey);
    expect(again).not.toBe(sig);
    expect(sm2Verify(digest, again, pair.publicKey)).toBe(true);
  });

  it('signs Chinese text as UTF-8', () => {
    const text = '三方任务书：中国科协、政府部门、学会';
    expect(sm2Verify(text, sm2Sign(text, pair.privateKey), pair.publicKey)).toBe(true);
  });

  it('fails when one character of the digest changes (content tampering)', () => {
    const sig = sm2Sign(digest, pair.privateKey);
    const flipped = digest.slice(0, 10) + (digest[10] === '0' ? '1' : '0') + digest.slice(11);
    expect(sm2Verify(flipped, sig, pair.publicKey)).toBe(false);
  });

  it('fails when one hex digit of the signature changes', () => {
    const sig = sm2Sign(digest, pair.privateKey);
    for (const i of [0, 63, 64, 127]) {
      const bad = sig.slice(0, i) + (sig[i] === 'a' ? 'b' : 'a') + sig.slice(i + 1);
      expect(sm2Verify(digest, bad, pair.publicKey)).toBe(false);
    }
  });

  it('fails under another organisation\'s public key', () => {
    const other = generateSm2KeyPair();
    expect(sm2Verify(digest, sm2Sign(digest, pair.privateKey), other.publicKey)).toBe(false);
  });

  it('answers false, never throws, for malformed signatures and keys', () => {
    const sig = sm2Sign(digest, pair.privateKey);
    expect(sm2Verify(digest, '', pair.publicKey)).toBe(false);
    expect(sm2Verify(digest, sig.slice(2), pair.publicKey)).toBe(false);
    expect(sm2Verify(digest, '0'.repeat(128), pair.publicKey)).toBe(false); // r = s = 0
    expect(sm2Verify(digest, 'f'.repeat(128), pair.publicKey)).toBe(false); // r, s ≥ n
    expect(sm2Verify(digest, sig, '04' + '1'.repeat(128))).toBe(false); // not a point on the curve
    expect(sm2Verify(digest, sig, pair.publicKey.slice(2))).toBe(false);
  });

  it('refuses private keys out of range', () => {
    expect(isValidPrivateKey('0'.repeat(64))).toBe(false);
    expect(isValidPrivateKey('f'.repeat(64))).toBe(false);
    expect(isValidPrivateKey(KAT.privateKey.toUpperCase())).toBe(false);
    expect(() => sm2Sign(digest, 'xyz')).toThrow();
  });
});

describe('native SM2 verifier agrees with sm-crypto (sm2-verify.ts)', () => {
  it('on 10 random keys and messages, valid and tampered, under two IDs', () => {
    for (let i = 0; i < 10; i++) {
      const pair = generateSm2KeyPair();
      const msg = `任务书摘要 ${i} ${Math.random()}`;
      const id = i % 2 ? SM2_DEFAULT_USER_ID : 'ALICE123@YAHOO.COM';
      const sig = sm2Sign(msg, pair.privateKey, id);
      const flipped = sig.slice(0, 10) + ((parseInt(sig[10], 16) ^ 1).toString(16)) + sig.slice(11);
      const other = generateSm2KeyPair().publicKey;
      for (const [m, s, k] of [
        [msg, sig, pair.publicKey],
        [msg + ' ', sig, pair.publicKey],
        [msg, flipped, pair.publicKey],
        [msg, sig, other],
      ] as const) {
        expect(sm2Verify(m, s, k, id)).toBe(sm2VerifyReference(m, s, k, id));
        expect(sm2VerifyReference(msg, sig, pair.publicKey, id)).toBe(true); // native signatures verify with sm-crypto
        expect(publicKeyOfReference(pair.privateKey)).toBe(pair.publicKey);
      }
      expect(sm2Verify(msg, sig, pair.publicKey, id)).toBe(true);
    }
  });
  it('refuses a public key that is not on the curve, and r or s out of range', () => {
    const pair = generateSm2KeyPair();
    const sig = sm2Sign('m', pair.privateKey);
    const offCurve = pair.publicKey.slice(0, 129) + (pair.publicKey[129] === '0' ? '1' : '0');
    expect(sm2Verify('m', sig, offCurve)).toBe(false);
    const n = 'fffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123';
    expect(sm2Verify('m', n + sig.slice(64), pair.publicKey)).toBe(false);
    expect(sm2Verify('m', sig.slice(0, 64) + '0'.repeat(64), pair.publicKey)).toBe(false);
  });
});
