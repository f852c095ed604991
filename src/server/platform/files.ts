// attachment bytes behind one storage interface (ARCHITECTURE §1): local disk under DATA_DIR
// by default; an S3-compatible store can implement the same three calls for production.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface FileStore {
  put(key: string, data: Buffer): Promise<void>;
  get(key: string): Promise<Buffer>;
  remove(key: string): Promise<void>;
}

export function localFileStore(root: string): FileStore {
  const where = (key: string) => {
    if (!/^[0-9a-f-]{36}$/.test(key)) throw new Error(`bad storage key ${key}`);
    return path.join(root, key.slice(0, 2), key);
  };
  return {
    async put(key, data) {
      const file = where(key);
      await fs.promises.mkdir(path.dirname(file), { recursive: true });
      // Written beside, then renamed: a crash never leaves a half file under the final name.
      const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
      await fs.promises.writeFile(tmp, data, { flag: 'wx' });
      await fs.promises.rename(tmp, file);
    },
    async get(key) {
      return fs.promises.readFile(where(key));
    },
    async remove(key) {
      await fs.promises.rm(where(key), { force: true });
    },
  };
}

/** Types a user may attach as evidence: documents, spreadsheets, images, archives. */
export const allowedAttachmentTypes: Record<string, string> = {
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  wps: 'application/vnd.ms-works',
  ofd: 'application/ofd',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  zip: 'application/zip',
  txt: 'text/plain',
};

export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;
