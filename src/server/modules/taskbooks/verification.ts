// PUB-2: anyone can check a task book: by its verification code, or by uploading the Word or PDF
// file. A code is checked by recomputing the SM3 digest of the stored content and verifying every
// party's SM2 signature over it; a file matches when its SM3 equals that of a document the platform
// issued for a signed version. One changed byte in the content or in the file fails. The same
// verification recognises a capacity plan's responsibility letter (CAP-5) by its code or issued file
// (capacity/letter-verification.ts): the answer then says kind capacityLetter.
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { organisations, pilotProjects, taskBookDocuments, taskBookSignatures, taskBooks } from '../../db/schema.js';
import { sm3Hex } from '../../platform/crypto/sm3.js';
import { AppError } from '../../platform/errors.js';
import { runUntrusted } from '../untrusted-jobs.js';
import { verifyOrgSignature } from '../../platform/signing-keys.js';
import { signingParties, signingPartyLabels, type SigningParty, type TaskBookState } from '../../../domain/taskbook/taskbook.lifecycle.js';
import type { TaskBookRecordOnFile, TaskBookVerification } from '../../../contract/taskbooks.js';
import type { TaskBookContent } from '../../../domain/taskbook/taskbook.types.js';
import { agreementTextsOf } from '../../../domain/taskbook/agreement.js';
import { contentDigest, normaliseVerificationCode, type TaskBookRow } from './taskbooks.js';
import { taskBookStatusLabel } from './taskbook-views.js';
import { letterByCode, letterIssuedAs, letterRecordOnFile, letterVerification } from '../capacity/letter-verification.js';

const unknown = (reason: string, file?: TaskBookVerification['file']): TaskBookVerification => ({ valid: false, match: 'unknown', reason, record: null, ...(file ? { file } : {}) });

/** The platform's stored record of a version: intact or not, and each party's signature checked. */
async function recordOnFile(db: DbOrTx, book: TaskBookRow): Promise<TaskBookRecordOnFile> {
  const [p] = await db.select().from(pilotProjects).where(eq(pilotProjects.id, book.projectId));
  const partyOrg: Record<SigningParty, string> = { department: p.departmentId, society: p.societyId, association: p.associationId };
  const names = new Map(
    (await db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(inArray(organisations.id, Object.values(partyOrg)))).map((o) => [o.id, o.name]),
  );
  const sigs = await db
    .select()
    .from(taskBookSignatures)
    .where(and(eq(taskBookSignatures.taskBookId, book.id), isNull(taskBookSignatures.withdrawnAt)));
  const recomputed = contentDigest(book, p);
  const texts = agreementTextsOf(book.content as TaskBookContent);
  const intact = book.contentDigest !== null && recomputed === book.contentDigest;
  const signatures: TaskBookRecordOnFile['signatures'] = [];
  for (const s of sigs) {
    const party = s.party as SigningParty;
    const valid = intact && s.digest === recomputed && s.orgId === partyOrg[party] && (await verifyOrgSignature(db, s.orgId, s.keyId, recomputed, s.signature));
    signatures.push({ party, partyLabel: texts.partyLabels[party] ?? signingPartyLabels[party], orgId: s.orgId, orgName: names.get(s.orgId) ?? '', signedAt: s.signedAt.toISOString(), valid });
  }
  signatures.sort((a, b) => signingParties.indexOf(a.party) - signingParties.indexOf(b.party));
  const content = book.content as TaskBookContent;
  return {
    kind: 'taskBook',
    kindLabel: texts.title,
    verificationCode: book.verificationCode ?? '',
    projectName: content.projectName || p.title,
    version: book.version,
    status: book.status as TaskBookState,
    statusLabel: book.status === 'superseded' ? '已签署，已被变更后的新版本替代' : taskBookStatusLabel(book.status),
    contentDigest: book.contentDigest,
    recomputedDigest: recomputed,
    intact,
    signedAt: book.signedAt?.toISOString() ?? null,
    awardFen: null,
    parties: signingParties.map((party) => ({ party, partyLabel: texts.partyLabels[party], orgId: partyOrg[party], orgName: names.get(partyOrg[party]) ?? '' })),
    signatures,
  };
}

/** Why a stored record does not verify, in Chinese; null when it does. */
function reasonOf(record: TaskBookRecordOnFile): string | null {
  if (!record.intact) return '任务书内容与签署时的摘要不一致，可能已被篡改';
  if (record.signatures.length === 0 || !record.signatures.every((s) => s.valid)) return '签名验证未通过';
  if (!signingParties.every((party) => record.signatures.some((s) => s.party === party))) return `三方尚未全部签署，${record.kindLabel === '三方任务书' ? '任务书' : record.kindLabel}尚未生效`;
  return null;
}

/** The answer for a task book that was found (by its code, or as the issued file uploaded). */
async function exact(db: DbOrTx, book: TaskBookRow): Promise<TaskBookVerification> {
  const record = await recordOnFile(db, book);
  const reason = reasonOf(record);
  return { valid: reason === null, match: 'exact', reason, record };
}

export async function verifyByCode(db: DbOrTx, input: string): Promise<TaskBookVerification> {
  const code = normaliseVerificationCode(input);
  if (!code) return unknown('校验码格式不正确：应为 16 位字母或数字（可按 4 位一组用短横线分隔）');
  const [book] = await db.select().from(taskBooks).where(eq(taskBooks.verificationCode, code));
  if (!book) {
    const letter = await letterByCode(db, code);
    return letter ? letterVerification(db, letter) : unknown('未找到与该校验码对应的任务书');
  }
  return exact(db, book);
}

/**
 * Issue 10 §1: the code printed in an uploaded file, read in the cage (platform/untrusted): a worker
 * thread with a memory limit and a deadline, so that a crafted file (a PDF of repeated object
 * references, a docx that inflates without end) costs its worker, not the server. A file the cage
 * gives up on is answered 413/422.
 */
export const extractCodeInCage = (bytes: Buffer): Promise<string | null> => runUntrusted('verification-code', bytes, undefined);

/**
 * A file matches when its SM3 equals that of an issued document (`exact`). Otherwise the code
 * printed in it (read by `extractCode`, in the server `extractCodeInCage`) tells which task book it
 * claims to be: the answer is `tampered`, never valid, and its record is the platform's stored one —
 * not the file's content. A refusal of the cage (AppError) is the answer; any other failure to read
 * a code means the file carries none (`unknown`).
 */
export async function verifyFile(db: DbOrTx, bytes: Buffer, extractCode: (b: Buffer) => Promise<string | null>): Promise<TaskBookVerification> {
  const sm3 = sm3Hex(bytes);
  const [doc] = await db.select().from(taskBookDocuments).where(eq(taskBookDocuments.sm3, sm3)).limit(1);
  if (doc) {
    const [book] = await db.select().from(taskBooks).where(eq(taskBooks.id, doc.taskBookId));
    return { ...(await exact(db, book)), file: { sm3, matched: doc.format as 'docx' | 'pdf', codeInFile: book.verificationCode } };
  }
  const issuedLetter = await letterIssuedAs(db, sm3);
  if (issuedLetter) return { ...(await letterVerification(db, issuedLetter.letter)), file: { sm3, matched: issuedLetter.format, codeInFile: issuedLetter.letter.verificationCode } };
  const codeInFile = await extractCode(bytes).catch((e: unknown) => {
    if (e instanceof AppError) throw e;
    return null;
  });
  const code = codeInFile ? normaliseVerificationCode(codeInFile) : null;
  if (!code) return unknown('该文件不是本平台出具的已签署任务书，或文件已被修改', { sm3, matched: null, codeInFile: null });
  const [book] = await db.select().from(taskBooks).where(eq(taskBooks.verificationCode, code));
  const letter = book ? undefined : await letterByCode(db, code);
  if (!book && !letter) return unknown('文件中的校验码没有对应的任务书', { sm3, matched: null, codeInFile: code });
  const record = book ? await recordOnFile(db, book) : await letterRecordOnFile(db, letter!);
  return {
    valid: false,
    match: 'tampered',
    reason: `文件载有校验码 ${code}，但文件内容与平台出具的签署文本不一致（文件已被修改或不是平台出具的文件）。以下为平台存档的${book ? '任务书' : record.kindLabel}记录，请以其为准。`,
    record,
    file: { sm3, matched: null, codeInFile: code },
  };
}
