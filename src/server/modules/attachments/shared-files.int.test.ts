// Issue 10 §5: files where every app process reaches them. With PostgreSQL two app processes — two
// machines, each with its own DATA_DIR — share attachments and issued task-book files (before: a
// file uploaded through one answered 500 through the other); the embedded PGlite keeps its files on
// disk. Either way a file and the record naming it are stored together or not at all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { buildApp, type App } from '../../app.js';
import { openDatabase, type Database } from '../../db/client.js';
import { attachments } from '../../db/schema.js';
import { FILE_CHUNK_BYTES, fileStoreFor, importDiskFiles, localFileStore, storeWithRecord } from '../../platform/files.js';
import { sm3Hex } from '../../platform/crypto/sm3.js';
import { TestClient, as, createTestContext, scalar, type TestContext } from '../../testing/harness.js';

const dirA = fs.mkdtempSync(path.join(os.tmpdir(), 'cj-files-a-'));
const dirB = fs.mkdtempSync(path.join(os.tmpdir(), 'cj-files-b-'));
let ctx: TestContext;
let appB: App | null = null;
let databaseB: Database | null = null;

const filesUnder = (dir: string): string[] => {
  const root = path.join(dir, 'files');
  return fs.existsSync(root) ? fs.readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name) : [];
};
const upload = (c: TestClient, name: string, body: Buffer) =>
  c.request('POST', `/api/v1/attachments?filename=${encodeURIComponent(name)}`, undefined, { headers: { 'content-type': 'application/octet-stream' }, rawBody: body });

beforeAll(async () => {
  ctx = await createTestContext({ dataDir: dirA });
  if (ctx.driver === 'postgres') {
    // A second app process of its own: its own pool on the same database, its own DATA_DIR.
    const name = await ctx.database.db.execute(sql`SELECT current_database() AS n`);
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/${(name as unknown as { rows: { n: string }[] }).rows[0].n}`;
    databaseB = await openDatabase({ url: url.toString(), poolSize: 5 });
    appB = await buildApp({ database: databaseB, config: { ...ctx.config, dataDir: dirB, databaseUrl: url.toString() }, cipher: ctx.cipher });
    await appB.ready();
  }
}, 120_000);
afterAll(async () => {
  await appB?.close();
  await databaseB?.close();
  await ctx?.close();
  for (const d of [dirA, dirB]) fs.rmSync(d, { recursive: true, force: true });
});

describe('attachments on PostgreSQL (issue 10 §5)', () => {
  it('are uploaded through one app process and downloaded through another with its own data directory', async (t) => {
    if (!appB) return t.skip(); // one process only on the embedded database
    // Larger than two chunks: stored as three rows of file_blob_chunks, read back in order.
    const bytes = crypto.randomBytes(2 * FILE_CHUNK_BYTES + 12_345);
    const up = await upload(await as(ctx.app, 'jixie.user'), '跨机器证明.pdf', bytes);
    expect(up.status).toBe(201);
    const down = await (await as(appB, 'jixie.user')).get(`/api/v1/attachments/${up.body.id}`);
    expect(down.status).toBe(200);
    expect(Buffer.compare(down.raw, bytes)).toBe(0);
    // The bytes are in the database, once, with their digest; nothing on either machine's disk.
    expect(await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM file_blobs WHERE key::text = ${up.body.id} AND size_bytes = ${bytes.length} AND sm3 = ${sm3Hex(bytes)}`)).toBe(1);
    expect(await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM file_blob_chunks WHERE key::text = ${up.body.id}`)).toBe(3);
    expect(filesUnder(dirA)).toEqual([]);
    expect(filesUnder(dirB)).toEqual([]);
  });

  it("serve a signed task book's Word and PDF issued through one process, byte for byte, from another, and verify them there", async (t) => {
    if (!appB) return t.skip();
    const [book] = ((await ctx.database.db.execute(sql`SELECT id FROM task_books WHERE status = 'signed' ORDER BY created_at LIMIT 1`)) as unknown as { rows: { id: string }[] }).rows;
    expect(book).toBeDefined();
    const adminA = await as(ctx.app, 'sheng.admin');
    const adminB = await as(appB, 'sheng.admin');
    const anonB = new TestClient(appB);
    for (const format of ['docx', 'pdf'] as const) {
      const issued = await adminA.get(`/api/v1/task-books/${book.id}/document?format=${format}`);
      expect(issued.status).toBe(200);
      const fromB = await adminB.get(`/api/v1/task-books/${book.id}/document?format=${format}`);
      expect(fromB.status).toBe(200);
      expect(Buffer.compare(fromB.raw, issued.raw)).toBe(0);
      const verified = await anonB.request('POST', '/api/v1/public/task-books/verify', undefined, { headers: { 'content-type': String(fromB.headers['content-type']) }, rawBody: fromB.raw });
      expect(verified.body).toMatchObject({ valid: true, file: { matched: format } });
    }
    expect(await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM task_book_documents d JOIN file_blobs b ON b.key::text = d.storage_key WHERE d.task_book_id = ${book.id}`)).toBe(2);
    expect(filesUnder(dirA)).toEqual([]);
    expect(filesUnder(dirB)).toEqual([]);
  }, 120_000);

  it('first downloads racing on two processes store one rendering, and the loser leaves no bytes behind', async (t) => {
    if (!appB) return t.skip();
    const [book] = ((await ctx.database.db.execute(sql`SELECT id FROM task_books WHERE status = 'signed' ORDER BY created_at DESC LIMIT 1`)) as unknown as { rows: { id: string }[] }).rows;
    await ctx.database.db.execute(sql`DELETE FROM task_book_documents WHERE task_book_id = ${book.id}`);
    const [a, b] = await Promise.all([
      (await as(ctx.app, 'sheng.admin')).get(`/api/v1/task-books/${book.id}/document?format=pdf`),
      (await as(appB, 'sheng.admin')).get(`/api/v1/task-books/${book.id}/document?format=pdf`),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(Buffer.compare(a.raw, b.raw)).toBe(0);
    expect(await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM task_book_documents WHERE task_book_id = ${book.id}`)).toBe(1);
    expect(await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM file_blobs WHERE sm3 = ${sm3Hex(a.raw)}`)).toBe(1);
  }, 120_000);

  it('copies files an older PostgreSQL deployment left on a machine into the database at start', async (t) => {
    if (!appB) return t.skip();
    const key = crypto.randomUUID();
    const bytes = Buffer.from('%PDF-1.4 旧版本存在磁盘上的附件');
    await localFileStore(path.join(dirB, 'files')).put(key, bytes);
    await ctx.database.db.insert(attachments).values({ id: key, ownerOrgId: ctx.ids.orgs['山东省科学技术协会'], uploadedBy: ctx.ids.users['sheng.admin'], filename: '旧附件.pdf', contentType: 'application/pdf', sizeBytes: bytes.length, sm3: sm3Hex(bytes), storageKey: key });
    // A machine without the file copies nothing; the one that has it copies it; again is a no-op.
    expect(await importDiskFiles(ctx.database.db, dirA)).toMatchObject({ imported: 0, missing: 1 });
    expect(await importDiskFiles(databaseB!.db, dirB)).toEqual({ imported: 1, missing: 0 });
    expect(await importDiskFiles(ctx.database.db, dirA)).toEqual({ imported: 0, missing: 0 });
    // not yet linked to a record: its uploader reads it
    const down = await (await as(ctx.app, 'sheng.admin')).get(`/api/v1/attachments/${key}`);
    expect(down.status).toBe(200);
    expect(down.raw.toString('utf8')).toBe(bytes.toString('utf8'));
  });
});

describe('attachments on either database', () => {
  it('are stored where the driver says — PostgreSQL rows, or DATA_DIR/files for the embedded database — and read back', async () => {
    const jixie = await as(ctx.app, 'jixie.user');
    const bytes = crypto.randomBytes(5000);
    const before = filesUnder(dirA).length;
    const up = await upload(jixie, '本机证明.pdf', bytes);
    expect(up.status).toBe(201);
    const blobs = await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM file_blobs WHERE key::text = ${up.body.id}`);
    if (ctx.driver === 'postgres') {
      expect(blobs).toBe(1);
      expect(filesUnder(dirA)).toHaveLength(before);
    } else {
      expect(blobs).toBe(0);
      expect(filesUnder(dirA)).toContain(up.body.id);
    }
    const down = await jixie.get(`/api/v1/attachments/${up.body.id}`);
    expect(Buffer.compare(down.raw, bytes)).toBe(0);
  });

  it('stores neither the bytes nor the record when the transaction writing the record fails', async () => {
    const files = fileStoreFor(ctx.database, dirA); // the store the app chose for this driver
    const key = crypto.randomUUID();
    const before = filesUnder(dirA).length;
    await expect(
      storeWithRecord(files, ctx.database.db, key, Buffer.from('半途而废'), async (tx) => {
        await tx.insert(attachments).values({ id: key, ownerOrgId: ctx.ids.orgs['山东省科学技术协会'], filename: 'x.pdf', contentType: 'application/pdf', sizeBytes: 12, sm3: 'x', storageKey: key });
        throw new Error('the audit append failed');
      }),
    ).rejects.toThrow('the audit append failed');
    expect(await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM attachments WHERE id = ${key}`)).toBe(0);
    expect(await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM file_blobs WHERE key = ${key}`)).toBe(0);
    expect(filesUnder(dirA)).toHaveLength(before);
    await expect(files.get(key)).rejects.toThrow();
  });
});
