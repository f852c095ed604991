// TB-5: the task book as Word and PDF. A draft (or one being signed) is rendered on each request and
// marked as such; a signed version's files are rendered once, stored, and served byte for byte from
// then on, so that an uploaded copy is recognised by its SM3 (PUB-2). Rendering runs in worker
// threads (documents/pool.ts): it never blocks the event loop.
import crypto from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { FastifyReply } from 'fastify';
import type { AppDeps } from '../../app.js';
import type { DbOrTx } from '../../db/client.js';
import { societyProfiles, taskBookDocuments } from '../../db/schema.js';
import { storeWithRecord } from '../../platform/files.js';
import { sm3Hex } from '../../platform/crypto/sm3.js';
import type { TaskBookContent } from '../../../domain/taskbook/taskbook.types.js';
import type { SigningParty } from '../../../domain/taskbook/taskbook.lifecycle.js';
import { agreementKindOf, agreementTextsOf } from '../../../domain/taskbook/agreement.js';
import type { ProjectInScope } from '../projects/projects.js';
import { activeSignatures, type TaskBookRow } from './taskbooks.js';
import { partyNames } from './taskbook-views.js';
import type { TaskBookDocumentModel } from './documents/model.js';
import { renderDocument } from './documents/pool.js';
import { extractVerificationCode } from './documents/extract.js';

export type DocumentFormat = 'docx' | 'pdf';

export const documentContentTypes: Record<DocumentFormat, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
};

/**
 * `Content-Disposition` of a download: an ASCII name for old clients, then the real (Chinese) name
 * as RFC 5987 `filename*` — percent-encoded UTF-8, with the characters encodeURIComponent leaves
 * that the grammar does not allow (' ( ) *) encoded too.
 */
export function attachmentDisposition(filename: string, ascii: string): string {
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encoded}`;
}

export async function documentModel(db: DbOrTx, book: TaskBookRow, project: ProjectInScope, publicUrl: string): Promise<TaskBookDocumentModel> {
  const names = partyNames(project);
  const sigs = book.status === 'drafting' ? [] : await activeSignatures(db, book.id);
  // the society's 法定代表人 by its record, for a part that does not name one
  const [profile] = await db.select({ legalRepName: societyProfiles.legalRepName }).from(societyProfiles).where(eq(societyProfiles.orgId, project.row.p.societyId));
  return {
    agreementKind: agreementKindOf(book.content as TaskBookContent),
    projectName: project.row.p.title,
    version: book.version,
    status: book.status as TaskBookDocumentModel['status'],
    verificationCode: book.status === 'drafting' ? null : book.verificationCode,
    contentDigest: book.status === 'drafting' ? null : book.contentDigest,
    parties: { department: { orgName: names.department.orgName }, society: { orgName: names.society.orgName, representative: profile?.legalRepName ?? null }, association: { orgName: names.association.orgName } },
    content: book.content as TaskBookContent,
    signatures: sigs.map((s) => ({ party: s.party as SigningParty, orgName: names[s.party as SigningParty].orgName, operatorName: s.signerName, opinion: s.opinion, signedAt: s.signedAt.toISOString() })),
    verifyUrl: `${publicUrl}/portal/verify`,
  };
}

/** A concurrent request stored its rendering first (the insert found the row taken). */
class LostRace extends Error {}

/** The bytes of a signed version's document: stored ones, or rendered now and stored once. */
export async function issuedDocument(deps: AppDeps, book: TaskBookRow, project: ProjectInScope, format: DocumentFormat): Promise<Buffer> {
  const { db } = deps.database;
  const store = deps.files; // PostgreSQL or DATA_DIR/files: issued through one process, served by any
  const find = async () => (await db.select().from(taskBookDocuments).where(and(eq(taskBookDocuments.taskBookId, book.id), eq(taskBookDocuments.format, format))))[0];
  const found = await find();
  if (found) return store.get(found.storageKey);
  const bytes = await renderDocument(format, await documentModel(db, book, project, deps.config.publicUrl));
  const key = crypto.randomUUID();
  try {
    // The bytes and their row are stored together; the loser of a race stores neither.
    await storeWithRecord(store, db, key, bytes, async (tx) => {
      const inserted = await tx
        .insert(taskBookDocuments)
        .values({ taskBookId: book.id, format, sm3: sm3Hex(bytes), storageKey: key, sizeBytes: bytes.length })
        .onConflictDoNothing()
        .returning();
      if (!inserted.length) throw new LostRace();
    });
    return bytes;
  } catch (e) {
    if (!(e instanceof LostRace)) throw e;
  }
  // a concurrent request stored its rendering first: serve that one, so every copy is the same
  const winner = (await find())!;
  return store.get(winner.storageKey);
}

export async function documentResponse(deps: AppDeps, reply: FastifyReply, book: TaskBookRow, project: ProjectInScope, format: DocumentFormat) {
  const issued = book.status === 'signed' || book.status === 'superseded';
  const bytes = issued ? await issuedDocument(deps, book, project, format) : await renderDocument(format, await documentModel(deps.database.db, book, project, deps.config.publicUrl));
  const suffix = issued ? '' : book.status === 'signing' ? '（签署中）' : '（草稿）';
  const filename = `${agreementTextsOf(book.content as TaskBookContent).title}-${project.row.p.title}-第${book.version}版${suffix}.${format}`;
  return reply
    .header('content-type', documentContentTypes[format])
    .header('content-disposition', `attachment; filename="taskbook-v${book.version}.${format}"; filename*=UTF-8''${encodeURIComponent(filename)}`)
    .header('cache-control', 'private, no-store')
    .send(bytes);
}

export const extractCodeFromFile = (bytes: Buffer) => extractVerificationCode(bytes);
