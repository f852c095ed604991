// Attachments: issue 12 §1. A file is uploaded as raw bytes (the file name in the query) and
// answered with its reference; its bytes are read back at `/api/v1/attachments/{id}` (the Location).
import { z } from 'zod';
import { ZAttachmentRef } from './common.js';

/** The media types the upload reads: the file's bytes as they are; its type follows from its name. */
export const ATTACHMENT_UPLOAD_MEDIA_TYPES = ['application/octet-stream'] as const;

/** The answer to an upload: the stored file's reference (attach it to a record by its id). */
export const ZAttachmentUploaded = ZAttachmentRef;
export type AttachmentUploaded = z.infer<typeof ZAttachmentUploaded>;
