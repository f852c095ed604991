// evidence files. Upload as the raw body (the file name in the query), download by those who
// may read the record it is attached to (access/read-scope.ts), or before it is linked by its uploader.
import crypto from 'node:crypto';
import { z } from 'zod';
import { eq } from 'drizzle-orm';
import type { AppDeps, ZApp } from '../../app.js';
import { metaOf, requireActor, requirePermission } from '../../http/guards.js';
import { AppError, validationError } from '../../platform/errors.js';
import { appendAudit, whoFromActor } from '../../platform/audit.js';
import { allowedAttachmentTypes, MAX_ATTACHMENT_BYTES, storeWithRecord } from '../../platform/files.js';
import { sm3Hex } from '../../platform/crypto/sm3.js';
import { attachments } from '../../db/schema.js';
import type { Actor } from '../../platform/actor.js';
import { attachmentEntityTypes, assertMayReadRecord } from '../access/read-scope.js';
import { binaryResponse } from '../../http/contract.js';
import { ATTACHMENT_UPLOAD_MEDIA_TYPES, ZAttachmentUploaded, type AttachmentUploaded } from '../../../contract/attachments.js';

export async function attachmentRoutes(app: ZApp, deps: AppDeps) {
  const { db } = deps.database;
  const store = deps.files; // PostgreSQL or DATA_DIR/files: every app process reaches the bytes
  const tags = ['附件'];

  /**
   * X-4, issue 11 §1: a file not yet linked to a record is its uploader's alone; a linked file is
   * downloadable exactly when its record is readable (access/read-scope.ts) — no exception for the
   * uploading organisation. A refusal names the file, not the record.
   */
  async function assertMayDownload(actor: Actor, a: typeof attachments.$inferSelect): Promise<void> {
    const refused = () => new AppError('OUT_OF_SCOPE', '无权下载该附件', { extra: { entityType: 'attachment', entityId: a.id } });
    if (!a.entityId || !a.entityType) {
      if (a.uploadedBy !== actor.userId) throw refused();
      return;
    }
    if (!(attachmentEntityTypes as readonly string[]).includes(a.entityType)) throw refused();
    try {
      await assertMayReadRecord(db, actor, a.entityType, a.entityId);
    } catch (e) {
      if (e instanceof AppError && e.code === 'NOT_FOUND') throw new AppError('NOT_FOUND', '附件不存在');
      if (e instanceof AppError && (e.code === 'FORBIDDEN' || e.code === 'OUT_OF_SCOPE')) throw refused();
      throw e;
    }
  }

  // Raw uploads arrive as bytes: attachments (octet-stream) and, registered here for the whole app,
  // the Excel import of transfer items (xlsx). Each route accepts only its own media types
  // (`config.upload`, http/contract.ts): any other is a 415 before the body is read.
  app.addContentTypeParser(['application/octet-stream', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'], { parseAs: 'buffer', bodyLimit: 30 * 1024 * 1024 }, (_req, body, done) => done(null, body));

  app.post(
    '/api/v1/attachments',
    {
      schema: {
        tags,
        summary: '上传附件（请求体为文件内容，Content-Type: application/octet-stream；文件类型由文件名判断）',
        querystring: z.object({ filename: z.string().trim().min(1, '请提供文件名').max(200, '文件名过长').describe('文件名（含扩展名）') }).strict(),
        response: { 201: ZAttachmentUploaded },
      },
      config: { upload: ATTACHMENT_UPLOAD_MEDIA_TYPES },
      preHandler: requirePermission('attachment.upload'),
      bodyLimit: MAX_ATTACHMENT_BYTES,
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const body = req.body as unknown;
      if (!Buffer.isBuffer(body) || body.length === 0) throw validationError([{ path: 'body', message: '文件内容为空' }]);
      // Path separators, reserved characters and control characters never reach a stored name.
      const filename = [...req.query.filename].map((ch) => (/[\\/:*?"<>|]/.test(ch) || ch.charCodeAt(0) < 32 ? '_' : ch)).join('');
      const ext = filename.includes('.') ? filename.split('.').pop()!.toLowerCase() : '';
      const contentType = allowedAttachmentTypes[ext];
      if (!contentType) throw validationError([{ path: 'query.filename', message: `不支持的文件类型，可上传：${Object.keys(allowedAttachmentTypes).join('、')}` }]);
      const id = crypto.randomUUID();
      // Nothing half-written: the bytes, the row and its audit entry are stored together or not at all.
      await storeWithRecord(store, db, id, body, async (tx) => {
        await tx.insert(attachments).values({ id, ownerOrgId: actor.orgId, uploadedBy: actor.userId, filename, contentType, sizeBytes: body.length, sm3: sm3Hex(body), storageKey: id });
        await appendAudit(tx, whoFromActor(actor, metaOf(req)), { action: 'attachment.upload', entityType: 'attachment', entityId: id, orgId: actor.orgId, orgPath: actor.orgPath, after: { filename, sizeBytes: body.length } });
      });
      const uploaded: AttachmentUploaded = { id, filename, sizeBytes: body.length, contentType };
      return reply.status(201).header('Location', `/api/v1/attachments/${id}`).send(uploaded);
    },
  );

  // the media types a stored file can have (its type follows from its name at upload)
  const downloadTypes = [...new Set(Object.values(allowedAttachmentTypes))];
  app.get(
    '/api/v1/attachments/:id',
    { schema: { tags, summary: '下载附件', params: z.object({ id: z.uuid('编号格式不正确') }).strict(), response: { 200: binaryResponse('附件内容', downloadTypes) } } },
    async (req, reply) => {
      const actor = requireActor(req);
      const [a] = await db.select().from(attachments).where(eq(attachments.id, req.params.id));
      if (!a) throw new AppError('NOT_FOUND', '附件不存在');
      await assertMayDownload(actor, a);
      const data = await store.get(a.storageKey);
      return reply
        .header('content-type', a.contentType)
        .header('content-disposition', `attachment; filename="file.${a.filename.split('.').pop()}"; filename*=UTF-8''${encodeURIComponent(a.filename)}`)
        .send(data as unknown as string); // bytes: the contract states them as a binary string
    },
  );
}
