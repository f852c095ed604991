// TB-4 on both drivers: an organisation's SM2 key pair is made once, kept encrypted, and signs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { orgSigningKeys } from '../db/schema.js';
import { createTestContext, scalar, type TestContext } from '../testing/harness.js';
import { sm3Hex } from './crypto/sm3.js';
import { orgSigningKey, signAsOrg, verifyOrgSignature } from './signing-keys.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => ctx?.close());

describe('organisation signing keys (TB-4)', () => {
  const digest = sm3Hex('{"taskBook":"示例"}');

  it('makes one key pair on first use and keeps the private key only encrypted', async () => {
    const orgId = ctx.ids.orgs['山东省科学技术厅'];
    const a = await orgSigningKey(ctx.database.db, ctx.cipher, orgId);
    const b = await orgSigningKey(ctx.database.db, ctx.cipher, orgId);
    expect(b.id).toBe(a.id);
    expect(a.publicKey).toMatch(/^04[0-9a-f]{128}$/);
    expect(a.privateKeyEnc.startsWith('sm4v1:')).toBe(true);
    const plain = ctx.cipher.decrypt(a.privateKeyEnc);
    expect(plain).toMatch(/^[0-9a-f]{64}$/);
    // the stored row holds no trace of the private key in clear
    const stored = await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM org_signing_keys WHERE private_key_enc LIKE ${'%' + plain + '%'} OR public_key LIKE ${'%' + plain + '%'}`);
    expect(stored).toBe(0);
  });

  it('signs as the organisation; the signature verifies with its key and fails for other content or another key', async () => {
    const kjt = ctx.ids.orgs['山东省科学技术厅'];
    const jixie = ctx.ids.orgs['山东省机械工程学会'];
    const s = await signAsOrg(ctx.database.db, ctx.cipher, kjt, digest);
    expect(await verifyOrgSignature(ctx.database.db, kjt, s.keyId, digest, s.signature)).toBe(true);
    expect(await verifyOrgSignature(ctx.database.db, kjt, s.keyId, sm3Hex('{"taskBook":"示例!"}'), s.signature)).toBe(false);
    const other = await signAsOrg(ctx.database.db, ctx.cipher, jixie, digest);
    expect(other.keyId).not.toBe(s.keyId);
    expect(await verifyOrgSignature(ctx.database.db, kjt, other.keyId, digest, s.signature)).toBe(false);
    // the society's own signature is valid as the society's, never as the department's
    expect(await verifyOrgSignature(ctx.database.db, jixie, other.keyId, digest, other.signature)).toBe(true);
    expect(await verifyOrgSignature(ctx.database.db, kjt, other.keyId, digest, other.signature)).toBe(false);
    expect(await verifyOrgSignature(ctx.database.db, kjt, 'abc', digest, s.signature)).toBe(false);
    expect(await verifyOrgSignature(ctx.database.db, kjt, '00000000-0000-4000-8000-000000000000', digest, s.signature)).toBe(false);
  });

  it('two first uses at the same moment end with one active key pair', async () => {
    const orgId = ctx.ids.orgs['山东省农学会'];
    const [x, y] = await Promise.all([orgSigningKey(ctx.database.db, ctx.cipher, orgId), orgSigningKey(ctx.database.db, ctx.cipher, orgId)]);
    expect(x.id).toBe(y.id);
    const rows = await ctx.database.db.select().from(orgSigningKeys).where(eq(orgSigningKeys.orgId, orgId));
    expect(rows).toHaveLength(1);
  });
});
