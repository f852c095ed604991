// TB-4: organisations sign with their own SM2 key pair. A pair is made on first use, its private
// key kept only as a field-cipher token (SM4 under the master key); one active pair per
// organisation (partial unique index), so two first signatures at the same moment share one pair.
import { and, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { orgSigningKeys } from '../db/schema.js';
import type { FieldCipher } from './crypto/field-cipher.js';
import { generateSm2KeyPair, sm2Sign, sm2Verify } from './crypto/sm2.js';

export interface OrgSignature {
  keyId: string;
  publicKey: string;
  signature: string;
}

async function activeKey(db: DbOrTx, orgId: string) {
  const [row] = await db
    .select()
    .from(orgSigningKeys)
    .where(and(eq(orgSigningKeys.orgId, orgId), isNull(orgSigningKeys.retiredAt)));
  return row;
}

/** The organisation's active key pair row, created on first use. */
export async function orgSigningKey(db: DbOrTx, cipher: FieldCipher, orgId: string) {
  const found = await activeKey(db, orgId);
  if (found) return found;
  const pair = generateSm2KeyPair();
  await db
    .insert(orgSigningKeys)
    .values({ orgId, publicKey: pair.publicKey, privateKeyEnc: cipher.encrypt(pair.privateKey) })
    .onConflictDoNothing();
  const row = await activeKey(db, orgId); // ours, or the one a concurrent first use made
  if (!row) throw new Error(`no signing key for organisation ${orgId}`);
  return row;
}

/** Signs `message` (the SM3 digest of a document's canonical content) as the organisation. */
export async function signAsOrg(db: DbOrTx, cipher: FieldCipher, orgId: string, message: string): Promise<OrgSignature> {
  const key = await orgSigningKey(db, cipher, orgId);
  const signature = sm2Sign(message, cipher.decrypt(key.privateKeyEnc));
  return { keyId: key.id, publicKey: key.publicKey, signature };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Verifies a signature against the key it names (active or retired), and that the key belongs to
 * `orgId`: a signature made with another organisation's key is not that organisation's signature.
 * A malformed key id is simply not a valid signature.
 */
export async function verifyOrgSignature(db: DbOrTx, orgId: string, keyId: string, message: string, signature: string): Promise<boolean> {
  if (!UUID.test(keyId)) return false;
  const [key] = await db.select({ orgId: orgSigningKeys.orgId, publicKey: orgSigningKeys.publicKey }).from(orgSigningKeys).where(eq(orgSigningKeys.id, keyId));
  return !!key && key.orgId === orgId && sm2Verify(message, signature, key.publicKey);
}
