// CAP-5, PUB-2: the responsibility letter (责任书) as Word and PDF, like the task book's documents
// (taskbooks/documents.ts): a letter being drafted or signed is rendered on each request and marked
// 草稿 / 待签署; a signed letter's files are rendered once, stored with their SM3
// (capacity_letter_documents) and served byte for byte from then on, so that an uploaded copy is
// recognised on the portal. Rendering runs in the task book's worker pool.
import crypto from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { FastifyReply } from 'fastify';
import type { AppDeps } from '../../../app.js';
import type { DbOrTx } from '../../../db/client.js';
import { capacityLetterDocuments } from '../../../db/schema.js';
import { storeWithRecord } from '../../../platform/files.js';
import { sm3Hex } from '../../../platform/crypto/sm3.js';
import type { CapacityLetterContent, CapacityLetterParty, CapacityLetterState } from '../../../../contract/capacity-letters.js';
import { documentContentTypes, type DocumentFormat } from '../../taskbooks/documents.js';
import { renderDocumentJob } from '../../taskbooks/documents/pool.js';
import { letterSignatures, type LetterInScope } from '../letters.js';
import type { LetterDocumentModel } from './letter-model.js';

export async function letterDocumentModel(db: DbOrTx, x: LetterInScope, publicUrl: string): Promise<LetterDocumentModel> {
  const { letter } = x;
  const content = letter.content as CapacityLetterContent;
  const names: Record<CapacityLetterParty, string> = { association: x.prog.associationName, society: x.societyName };
  const sigs = letter.status === 'drafting' ? [] : await letterSignatures(db, letter.id);
  return {
    projectName: content.project.title,
    status: letter.status as CapacityLetterState,
    verificationCode: letter.status === 'drafting' ? null : letter.verificationCode,
    contentDigest: letter.status === 'drafting' ? null : letter.contentDigest,
    content,
    approvedOn: letter.approvedOn,
    windowEndsOn: letter.windowEndsOn,
    signatures: sigs.map((s) => ({ party: s.party as CapacityLetterParty, orgName: names[s.party as CapacityLetterParty] ?? '', operatorName: s.signerName, signedAt: s.signedAt.toISOString() })),
    verifyUrl: `${publicUrl}/portal/verify`,
  };
}

const render = (format: DocumentFormat, model: LetterDocumentModel) => renderDocumentJob(format, { kind: 'capacityLetter', model });

/** A concurrent request stored its rendering first (the insert found the row taken). */
class LostRace extends Error {}

/** The bytes of a signed letter's document: stored ones, or rendered now and stored once. */
async function issuedLetterDocument(deps: AppDeps, x: LetterInScope, format: DocumentFormat): Promise<Buffer> {
  const { db } = deps.database;
  const store = deps.files;
  const find = async () => (await db.select().from(capacityLetterDocuments).where(and(eq(capacityLetterDocuments.letterId, x.letter.id), eq(capacityLetterDocuments.format, format))))[0];
  const found = await find();
  if (found) return store.get(found.storageKey);
  const bytes = await render(format, await letterDocumentModel(db, x, deps.config.publicUrl));
  const key = crypto.randomUUID();
  try {
    // the bytes and their row together; the loser of a race stores neither and serves the winner's
    await storeWithRecord(store, db, key, bytes, async (tx) => {
      const inserted = await tx
        .insert(capacityLetterDocuments)
        .values({ letterId: x.letter.id, format, sm3: sm3Hex(bytes), storageKey: key, sizeBytes: bytes.length })
        .onConflictDoNothing()
        .returning();
      if (!inserted.length) throw new LostRace();
    });
    return bytes;
  } catch (e) {
    if (!(e instanceof LostRace)) throw e;
  }
  return store.get((await find())!.storageKey);
}

/** A value of `filename*` (RFC 5987): percent-encoded UTF-8, the characters encodeURIComponent leaves that it does not allow too. */
const rfc5987 = (s: string) => encodeURIComponent(s).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export async function letterDocumentResponse(deps: AppDeps, reply: FastifyReply, x: LetterInScope, format: DocumentFormat) {
  const issued = x.letter.status === 'signed';
  const bytes = issued ? await issuedLetterDocument(deps, x, format) : await render(format, await letterDocumentModel(deps.database.db, x, deps.config.publicUrl));
  const content = x.letter.content as CapacityLetterContent;
  const suffix = issued ? '' : x.letter.status === 'signing' ? '（待签署）' : '（草稿）';
  const filename = `${content.title}-${x.societyName}-${content.project.title}${suffix}.${format}`;
  const ascii = `capacity-letter${issued ? '' : x.letter.status === 'signing' ? '-signing' : '-draft'}.${format}`;
  return reply
    .header('content-type', documentContentTypes[format])
    .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${rfc5987(filename)}`)
    .header('cache-control', 'private, no-store')
    .send(bytes);
}
