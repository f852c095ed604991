// X-4, issue 10 §5: attachment and issued-document bytes behind one storage interface, chosen once at
// start from the database driver (`fileStoreFor`) and handed to the modules through AppDeps:
// - PostgreSQL (DATABASE_URL): the bytes live in the database (`file_blobs`), so every app process,
//   on any machine, reads what another one wrote, and a backup of the database carries them;
// - embedded PGlite (one process by design): on disk under DATA_DIR/files.
// An S3-compatible object store could implement the same interface later (put/get/remove by key;
// no transaction to join, so it would write before the record and remove on failure, like disk).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import type { Database, Db, DbOrTx, Tx } from '../db/client.js';
import { fileBlobChunks, fileBlobs } from '../db/schema.js';
import { sm3Hex } from './crypto/sm3.js';

export interface FileStore {
  /** 'database': writes join the caller's transaction; 'disk': written at once, removed on failure */
  readonly kind: 'database' | 'disk';
  /** Stores bytes under a new key. `tx`: the transaction that records the key (database store only). */
  put(key: string, data: Buffer, tx?: DbOrTx): Promise<void>;
  /** The bytes stored under key; throws when there are none (a record without its file is a fault). */
  get(key: string): Promise<Buffer>;
  remove(key: string, tx?: DbOrTx): Promise<void>;
}

const STORAGE_KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const assertKey = (key: string) => {
  if (!STORAGE_KEY.test(key)) throw new Error(`bad storage key ${key}`);
};

export function localFileStore(root: string): FileStore {
  const where = (key: string) => {
    assertKey(key);
    return path.join(root, key.slice(0, 2), key);
  };
  return {
    kind: 'disk',
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

// pg gives bytea as a Buffer, PGlite as a Uint8Array: one Buffer either way, without a copy.
const asBuffer = (b: Uint8Array) => (Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength));

/** Size of one stored chunk (file_blob_chunks): one query's answer stays small to parse. */
export const FILE_CHUNK_BYTES = 1024 * 1024;

async function insertBlob(db: DbOrTx, key: string, data: Buffer): Promise<boolean> {
  const inserted = await db
    .insert(fileBlobs)
    .values({ key, sizeBytes: data.length, sm3: sm3Hex(data) })
    .onConflictDoNothing()
    .returning({ key: fileBlobs.key });
  if (!inserted.length) return false;
  for (let seq = 0, at = 0; at < data.length || seq === 0; seq++, at += FILE_CHUNK_BYTES) {
    await db.insert(fileBlobChunks).values({ key, seq, bytes: data.subarray(at, at + FILE_CHUNK_BYTES) });
  }
  return true;
}

export function databaseFileStore(db: Db): FileStore {
  return {
    kind: 'database',
    async put(key, data, tx) {
      assertKey(key);
      if (tx) {
        if (!(await insertBlob(tx, key, data))) throw new Error(`stored file ${key} exists`);
        return;
      }
      await db.transaction(async (t) => {
        if (!(await insertBlob(t, key, data))) throw new Error(`stored file ${key} exists`);
      });
    },
    async get(key) {
      assertKey(key);
      const [head] = await db.select({ size: fileBlobs.sizeBytes }).from(fileBlobs).where(eq(fileBlobs.key, key));
      if (!head) throw new Error(`stored file ${key} is missing`);
      // One chunk a query: the event loop parses 1 MiB at a time, other requests run in between.
      const out = Buffer.allocUnsafe(head.size);
      let at = 0;
      for (let seq = 0; at < head.size || seq === 0; seq++) {
        const [chunk] = await db
          .select({ bytes: fileBlobChunks.bytes })
          .from(fileBlobChunks)
          .where(and(eq(fileBlobChunks.key, key), eq(fileBlobChunks.seq, seq)));
        if (!chunk) throw new Error(`stored file ${key} lacks chunk ${seq}`);
        const bytes = asBuffer(chunk.bytes);
        if (at + bytes.length > head.size) throw new Error(`stored file ${key} is longer than recorded`);
        bytes.copy(out, at);
        at += bytes.length;
        if (!bytes.length) break;
      }
      if (at !== head.size) throw new Error(`stored file ${key} is shorter than recorded`);
      return out;
    },
    async remove(key, tx) {
      assertKey(key);
      await (tx ?? db).delete(fileBlobs).where(eq(fileBlobs.key, key)); // chunks go with it (ON DELETE CASCADE)
    },
  };
}

/** The one store of this process: in PostgreSQL when that is the database, else on disk. */
export function fileStoreFor(database: Pick<Database, 'db' | 'driver'>, dataDir: string): FileStore {
  return database.driver === 'postgres' ? databaseFileStore(database.db) : localFileStore(path.join(dataDir, 'files'));
}

/**
 * Stores the bytes and writes the record that names them as one step: afterwards both are there
 * or neither is. The database store writes inside the record's transaction; the disk store writes
 * the file first (renamed into place, so never half a file) and removes it when the transaction
 * fails — a crash between the two leaves an unnamed file, never a record without its file.
 */
export async function storeWithRecord<T>(store: FileStore, db: Db, key: string, data: Buffer, write: (tx: Tx) => Promise<T>): Promise<T> {
  if (store.kind === 'database') {
    return db.transaction(async (tx) => {
      await store.put(key, data, tx);
      return write(tx);
    });
  }
  await store.put(key, data);
  try {
    return await db.transaction(write);
  } catch (e) {
    await store.remove(key).catch(() => undefined);
    throw e;
  }
}

/**
 * Upgrade path for a PostgreSQL deployment that kept files on this machine's disk before they moved
 * into the database (migration 0009): copies every file a record names that is not in `file_blobs`
 * yet but is under DATA_DIR/files here, and leaves the disk copy alone (the backup of the old
 * layout). Idempotent and safe to run from every process at every start; a record whose file is on
 * another machine is copied when that machine starts. Returns how many were copied and how many
 * records still lack their bytes.
 */
export async function importDiskFiles(db: Db, dataDir: string): Promise<{ imported: number; missing: number }> {
  const res = (await db.execute(sql`
    SELECT storage_key AS key FROM attachments a
      WHERE NOT EXISTS (SELECT 1 FROM file_blobs b WHERE b.key::text = a.storage_key)
    UNION
    SELECT storage_key FROM task_book_documents d
      WHERE NOT EXISTS (SELECT 1 FROM file_blobs b WHERE b.key::text = d.storage_key)`)) as unknown as { rows: { key: string }[] };
  if (!res.rows.length) return { imported: 0, missing: 0 };
  const disk = localFileStore(path.join(dataDir, 'files'));
  let imported = 0;
  for (const { key } of res.rows) {
    if (!STORAGE_KEY.test(key)) continue;
    let data: Buffer;
    try {
      data = await disk.get(key);
    } catch {
      continue; // not on this machine
    }
    if (await db.transaction((tx) => insertBlob(tx, key, data))) imported++;
  }
  return { imported, missing: res.rows.length - imported };
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
