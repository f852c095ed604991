// PUB-2 for the responsibility letter (责任书): the portal's verification (taskbooks/verification.ts,
// /portal/verify) also recognises a letter's code and an issued letter file. A code is checked as a
// task book's is: the SM3 digest recomputed from the stored content and both parties' SM2 signatures
// verified over it; a file matches when its SM3 is that of a document issued for a signed letter.
// The answer is the task book's shape with kind 'capacityLetter': 责任书, the parties, the project,
// the award and the day it was signed.
import { eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { capacityApplications, capacityLetterDocuments, capacityLetterSignatures, capacityLetters, organisations } from '../../db/schema.js';
import { verifyOrgSignature } from '../../platform/signing-keys.js';
import type { TaskBookRecordOnFile, TaskBookVerification } from '../../../contract/taskbooks.js';
import type { CapacityLetterContent, CapacityLetterParty } from '../../../contract/capacity-letters.js';
import { letterDigest, letterPartyLabels, letterStatusLabel, type LetterRow } from './letters.js';

const ORDER: readonly CapacityLetterParty[] = ['association', 'society'];

/** The platform's stored record of a letter: intact or not, and each party's signature checked. */
export async function letterRecordOnFile(db: DbOrTx, letter: LetterRow): Promise<TaskBookRecordOnFile> {
  const [app] = await db.select().from(capacityApplications).where(eq(capacityApplications.id, letter.applicationId));
  const partyOrg: Record<CapacityLetterParty, string> = { association: app.associationId, society: app.societyId };
  const names = new Map((await db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(inArray(organisations.id, Object.values(partyOrg)))).map((o) => [o.id, o.name]));
  const sigs = await db.select().from(capacityLetterSignatures).where(eq(capacityLetterSignatures.letterId, letter.id));
  const recomputed = letterDigest(letter, app);
  const intact = letter.contentDigest !== null && recomputed === letter.contentDigest;
  const signatures: TaskBookRecordOnFile['signatures'] = [];
  for (const s of sigs) {
    const party = s.party as CapacityLetterParty;
    const valid = intact && s.digest === recomputed && s.orgId === partyOrg[party] && (await verifyOrgSignature(db, s.orgId, s.keyId, recomputed, s.signature));
    signatures.push({ party, partyLabel: letterPartyLabels[party], orgId: s.orgId, orgName: names.get(s.orgId) ?? '', signedAt: s.signedAt.toISOString(), valid });
  }
  signatures.sort((a, b) => ORDER.indexOf(a.party as CapacityLetterParty) - ORDER.indexOf(b.party as CapacityLetterParty));
  const content = letter.content as CapacityLetterContent;
  return {
    kind: 'capacityLetter',
    kindLabel: content.title,
    verificationCode: letter.verificationCode ?? '',
    projectName: content.project.title,
    version: 1,
    status: letter.status as TaskBookRecordOnFile['status'],
    statusLabel: letterStatusLabel(letter.status),
    contentDigest: letter.contentDigest,
    recomputedDigest: recomputed,
    intact,
    signedAt: letter.signedAt?.toISOString() ?? null,
    awardFen: letter.awardFen,
    parties: ORDER.map((party) => ({ party, partyLabel: letterPartyLabels[party], orgId: partyOrg[party], orgName: names.get(partyOrg[party]) ?? '' })),
    signatures,
  };
}

/** Why a stored letter does not verify, in Chinese; null when it does. */
function reasonOf(record: TaskBookRecordOnFile): string | null {
  if (!record.intact) return `${record.kindLabel}内容与签署时的摘要不一致，可能已被篡改`;
  if (record.signatures.length === 0 || !record.signatures.every((s) => s.valid)) return '签名验证未通过';
  if (!ORDER.every((party) => record.signatures.some((s) => s.party === party))) return `双方尚未全部签署，${record.kindLabel}尚未生效`;
  return null;
}

export async function letterVerification(db: DbOrTx, letter: LetterRow): Promise<TaskBookVerification> {
  const record = await letterRecordOnFile(db, letter);
  const reason = reasonOf(record);
  return { valid: reason === null, match: 'exact', reason, record };
}

/** The letter with this (normalised) code, or undefined. */
export async function letterByCode(db: DbOrTx, code: string): Promise<LetterRow | undefined> {
  return (await db.select().from(capacityLetters).where(eq(capacityLetters.verificationCode, code)))[0];
}

/** The signed letter a file with this SM3 was issued for (its format), or undefined. */
export async function letterIssuedAs(db: DbOrTx, sm3: string): Promise<{ letter: LetterRow; format: 'docx' | 'pdf' } | undefined> {
  const [doc] = await db.select().from(capacityLetterDocuments).where(eq(capacityLetterDocuments.sm3, sm3)).limit(1);
  if (!doc) return undefined;
  const [letter] = await db.select().from(capacityLetters).where(eq(capacityLetters.id, doc.letterId));
  return letter ? { letter, format: doc.format as 'docx' | 'pdf' } : undefined;
}
