// X-4: the evidence of supervision records (and of the approval chains' records, approvals.ts) —
// linking the files a request names to the record, and listing them in its views. Who may download
// a linked file is the record's read rule (access/read-scope.ts).
import { and, eq, inArray, isNull, or } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { attachments } from '../../db/schema.js';
import type { Actor } from '../../platform/actor.js';
import { validationError } from '../../platform/errors.js';
import type { AttachmentRef } from '../../../contract/common.js';

export type { AttachmentRef };

/**
 * The record's attachment list becomes `ids`. New ids must be files the actor's organisation
 * uploaded and not attached elsewhere; ids the record had before (`previous`) stay whoever uploaded
 * them; ids dropped from the list are unlinked, so they are no longer downloadable through the
 * record. Errors name the position in the request's own list.
 */
export async function linkAttachments(
  tx: DbOrTx,
  actor: Actor,
  ids: readonly string[],
  entityType: string,
  entityId: string,
  opts: { previous?: readonly string[]; path?: string; /** `ids` add to the list instead of replacing it */ adding?: boolean } = {},
): Promise<void> {
  const previous = new Set(opts.previous ?? []);
  const fresh = ids.filter((id) => !previous.has(id));
  if (fresh.length) {
    const rows = await tx
      .select({ id: attachments.id })
      .from(attachments)
      .where(and(inArray(attachments.id, fresh), eq(attachments.ownerOrgId, actor.orgId), or(isNull(attachments.entityId), and(eq(attachments.entityType, entityType), eq(attachments.entityId, entityId)))));
    const found = new Set(rows.map((r) => r.id));
    const path = opts.path ?? 'body.attachmentIds';
    const errors = ids.map((id, i) => (previous.has(id) || found.has(id) ? null : { path: `${path}.${i}`, message: '附件不存在、不属于本单位或已用于其他记录' })).filter((e) => e !== null);
    if (errors.length) throw validationError(errors);
    await tx.update(attachments).set({ entityType, entityId }).where(inArray(attachments.id, fresh));
  }
  const removed = opts.adding ? [] : [...previous].filter((id) => !ids.includes(id));
  if (removed.length) {
    await tx
      .update(attachments)
      .set({ entityType: null, entityId: null })
      .where(and(inArray(attachments.id, removed), eq(attachments.entityType, entityType), eq(attachments.entityId, entityId)));
  }
}

/** The files named by lists of ids, by id (one query for a whole list of records). */
export async function attachmentRefs(db: DbOrTx, ids: readonly string[]): Promise<Map<string, AttachmentRef>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: attachments.id, filename: attachments.filename, sizeBytes: attachments.sizeBytes, contentType: attachments.contentType }).from(attachments).where(inArray(attachments.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r]));
}

/** The files of one record, in its own order (ids no longer found are left out). */
export const pickRefs = (refs: Map<string, AttachmentRef>, ids: readonly string[]): AttachmentRef[] => ids.map((id) => refs.get(id)).filter((r): r is AttachmentRef => !!r);
