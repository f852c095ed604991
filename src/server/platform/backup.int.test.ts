// Issue 10 §5 drill: the demo data plus an uploaded attachment and an issued task-book PDF are backed
// up with `npm run backup`, the database and the data directory are wiped, and `npm run restore`
// on a "new machine" (a new database, a new DATA_DIR holding only the separately kept key) brings
// back every row, personal data that still decrypts, an intact audit chain, a signed task book
// that verifies, and files byte for byte. Runs on PGlite, and on PostgreSQL with TEST_DATABASE_URL.
// Refusals change nothing: a missing or wrong key, a damaged, truncated or newer archive, a
// non-empty target without --force, a running embedded platform; a PostgreSQL restore that fails
// its count check rolls back, --force included.
import { afterAll, describe, expect, it, vi } from 'vitest';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { PGlite } from '@electric-sql/pglite';
import { as, createTestContext, scalar, TEST_KEY, TestClient } from '../testing/harness.js';
import { loadConfig, type Config } from '../config.js';
import { buildApp } from '../app.js';
import { openDatabase } from '../db/client.js';
import { openPlatform } from './bootstrap.js';
import { verifyAuditLog } from './audit.js';
import { auditCheckpointKey, checkpointFilePath, createAuditCheckpoint, readCheckpointFile, verifyAuditTrail } from './audit-checkpoint.js';
import { lockDataDir } from './datadir-lock.js';
import { masterKeyFingerprint } from './crypto/field-cipher.js';
import { sm3Hex } from './crypto/sm3.js';
import { BACKUP_FORMAT, BackupError, restore, RestoreIncompleteError, type BackupManifest } from './backup.js';

const url = process.env.TEST_DATABASE_URL;
const driver = url ? 'postgres' : 'pglite';
const FINGERPRINT = masterKeyFingerprint(TEST_KEY);
const OTHER_KEY = crypto.randomBytes(32).toString('hex');
/** PostgreSQL: a role the old server grants to and the new one lacks (pg_restore keeps grants). */
const GONE_ROLE = `cj_gone_${crypto.randomBytes(4).toString('hex')}`;

const tmpDirs: string[] = [];
const tmp = (p = 'cj-backup-') => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), p));
  tmpDirs.push(d);
  return d;
};
const databases: string[] = [];
const dbUrl = (name: string) => {
  const u = new URL(url!);
  u.pathname = `/${name}`;
  return u.toString();
};
async function admin<T>(f: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await f(c);
  } finally {
    await c.end();
  }
}
async function newDatabase(): Promise<string> {
  const name = `cj_test_${crypto.randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  databases.push(name);
  return dbUrl(name);
}
afterAll(async () => {
  tmpDirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
  if (url) for (const n of databases) await admin((c) => c.query(`DROP DATABASE IF EXISTS ${n} WITH (FORCE)`));
  if (url) await admin((c) => c.query(`DROP ROLE IF EXISTS ${GONE_ROLE}`));
});

/** The CLI as an operator runs it (`npm run backup` / `npm run restore` are these files under tsx). */
function cli(script: 'backup' | 'restore', args: string[], env: { DATA_DIR: string; DATABASE_URL?: string; DATA_KEY?: string }) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.resolve(`src/cli/${script}.ts`), ...args], {
    env: { ...process.env, DATABASE_URL: env.DATABASE_URL ?? '', DATA_DIR: env.DATA_DIR, DATA_KEY: env.DATA_KEY ?? '' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

const configOf = (dataDir: string, databaseUrl?: string, dataKey?: string): Config =>
  loadConfig({ DATA_DIR: dataDir, DATABASE_URL: databaseUrl ?? '', DATA_KEY: dataKey ?? '', SEED_DEMO: 'false' }, { logLevel: 'silent' });

async function countsOf(config: Config): Promise<Record<string, number>> {
  const database = await openDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: path.join(config.dataDir, 'pglite') });
  try {
    const names = ((await database.db.execute(sql`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`)) as unknown as { rows: { t: string }[] }).rows;
    const out: Record<string, number> = {};
    for (const { t } of names) out[t] = await scalar(database.db, sql`SELECT count(*) AS n FROM ${sql.identifier(t)}`);
    return out;
  } finally {
    await database.close();
  }
}

/** What a refused restore must leave: nothing in the target database or data directory. */
async function targetIsEmpty(config: Config): Promise<boolean> {
  const files = path.join(config.dataDir, 'files');
  if (fs.existsSync(files) && fs.readdirSync(files).length) return false;
  if (config.databaseUrl) {
    const c = new pg.Client({ connectionString: config.databaseUrl });
    await c.connect();
    try {
      return Number((await c.query(`SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'`)).rows[0].n) === 0;
    } finally {
      await c.end();
    }
  }
  const pgdata = path.join(config.dataDir, 'pglite');
  return !fs.existsSync(pgdata) || fs.readdirSync(pgdata).filter((n) => n !== 'chengjie.lock').length === 0;
}

/** Rewrites an archive with the system tar (ustar, explicit members: no directory entries). */
function repack(archive: string, edit: (dir: string) => void): string {
  const dir = tmp('cj-repack-');
  const members = spawnSync('tar', ['-tf', archive], { encoding: 'utf8' }).stdout.trim().split('\n');
  expect(spawnSync('tar', ['-xf', archive, '-C', dir]).status).toBe(0);
  edit(dir);
  const out = path.join(tmp('cj-repacked-'), 'edited.tar');
  expect(spawnSync('tar', ['--format=ustar', '-cf', out, '-C', dir, ...members]).status).toBe(0);
  return out;
}

const expectRefused = async (p: Promise<unknown>, message: RegExp) => {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(BackupError);
  expect((e as Error).message).toMatch(message);
};

describe(`backup and restore drill (${driver})`, () => {
  it('backs up, wipes, restores on a new machine: counts, personal data, audit chain, signed task book, files', async () => {
    // --- the old machine: demo data, an uploaded attachment, the issued PDF of the signed task book ---
    const oldDir = tmp();
    fs.writeFileSync(path.join(oldDir, 'data.key'), TEST_KEY.toString('hex') + '\n', { mode: 0o600 });
    const ctx = await createTestContext({ dataDir: oldDir });
    let oldUrl: string | undefined;
    let attachmentId: string;
    const attachment = crypto.randomBytes(200_000);
    let pdf: Buffer;
    let bookId: string;
    let code: string; // a signed demo task book's verification code, made at its first signature
    const sheng = await as(ctx.app, 'sheng.admin');
    const shengId = ctx.ids.users['sheng.admin'];
    try {
      const up = await sheng.request('POST', `/api/v1/attachments?filename=${encodeURIComponent('备份演练证明.pdf')}`, undefined, {
        headers: { 'content-type': 'application/octet-stream' },
        rawBody: attachment,
      });
      expect(up.status, JSON.stringify(up.body)).toBe(201);
      attachmentId = up.body.id;
      const signed = ((await ctx.database.db.execute(sql`SELECT id, verification_code FROM task_books WHERE status = 'signed' ORDER BY signed_at, id LIMIT 1`)) as unknown as { rows: { id: string; verification_code: string }[] }).rows[0];
      bookId = signed.id;
      code = signed.verification_code;
      expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
      const doc = await sheng.get(`/api/v1/task-books/${bookId}/document?format=pdf`);
      expect(doc.status).toBe(200);
      pdf = doc.raw;
      expect((await sheng.get(`/api/v1/users/${shengId}/personal-data`)).body.phone).toBe('13805310001');
      // A signed checkpoint of the audit chain head, kept in the table and in DATA_DIR.
      const cp = await createAuditCheckpoint(ctx.database.db, { key: auditCheckpointKey(TEST_KEY), file: checkpointFilePath(oldDir) });
      expect(cp.status).toBe('signed');
      if (url) {
        oldUrl = ctx.database.pool!.options.connectionString;
        await admin((c) => c.query(`CREATE ROLE ${GONE_ROLE} NOLOGIN`));
        await ctx.database.db.execute(sql.raw(`GRANT SELECT ON users TO ${GONE_ROLE}`));
      } else {
        // The harness keeps PGlite in memory: put it where a deployment keeps it, DATA_DIR/pglite.
        const blob = await ctx.database.pglite!.dumpDataDir('gzip');
        const onDisk = await PGlite.create({ dataDir: path.join(oldDir, 'pglite'), loadDataDir: blob });
        await onDisk.close();
      }
    } finally {
      if (!url) await ctx.close(); // PostgreSQL: backed up below while the app is still up
    }
    const oldConfig = configOf(oldDir, oldUrl);
    const before = await countsOf(oldConfig);
    expect(before.attachments).toBeGreaterThan(0);
    expect(before.task_book_documents).toBeGreaterThan(0);

    if (!url) {
      // The embedded database is backed up only while the platform is stopped: a running one holds the lock.
      const lock = lockDataDir(path.join(oldDir, 'pglite'));
      try {
        const r = cli('backup', ['--out', path.join(tmp(), 'x.tar')], { DATA_DIR: oldDir });
        expect(r.status).toBe(1);
        expect(r.err).toContain(`平台正在运行（进程 ${process.pid}`);
        expect(r.err).not.toMatch(/\n\s+at /);
      } finally {
        lock.release();
      }
    }

    // --- backup (PostgreSQL: while the platform is running) ---
    const archive = path.join(tmp('cj-backups-'), 'drill.tar');
    const b = cli('backup', ['--out', archive], { DATA_DIR: oldDir, DATABASE_URL: oldUrl });
    expect(b.status, b.err).toBe(0);
    expect(b.out).toContain(`此备份不含数据密钥（DATA_KEY 或 DATA_DIR/data.key，指纹 ${FINGERPRINT}），请另行妥善保管；恢复时须使用同一密钥`);
    const bytes = fs.readFileSync(archive);
    expect(bytes.includes(TEST_KEY.toString('hex'))).toBe(false);
    expect(bytes.includes(TEST_KEY)).toBe(false);
    const members = spawnSync('tar', ['-tf', archive], { encoding: 'utf8' }).stdout.trim().split('\n');
    expect(members.slice(0, 3)).toEqual(['manifest.json', 'manifest.seal.json', url ? 'database.pgdump' : 'database.pglite.tar.gz']);
    const manifest = JSON.parse(spawnSync('tar', ['-xOf', archive, 'manifest.json'], { encoding: 'utf8' }).stdout) as BackupManifest;
    expect(manifest).toMatchObject({ format: BACKUP_FORMAT, driver, dataKey: { fingerprint: FINGERPRINT }, tables: before });
    expect(manifest.migrations).toContain('0000_init');
    expect(members).toContain('datadir/audit-checkpoints.jsonl');
    // Files travel in the database (PostgreSQL with file_blobs) or as parts (on disk); either way once.
    const onDisk = manifest.parts.filter((p) => p.name.startsWith('files/'));
    if (manifest.files.inDatabase) expect(onDisk).toHaveLength(0);
    else {
      expect(onDisk.length).toBe(before.attachments + before.task_book_documents);
      expect(onDisk.find((p) => p.name.endsWith(attachmentId))?.sm3).toBe(sm3Hex(attachment));
    }

    // --- wipe: the database and the whole data directory ---
    if (url) await ctx.close(); // drops the test database
    fs.rmSync(oldDir, { recursive: true, force: true });
    if (url) expect(await admin(async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [new URL(oldUrl!).pathname.slice(1)])).rowCount)).toBe(0);
    if (url) await admin((c) => c.query(`DROP ROLE ${GONE_ROLE}`)); // the new server lacks it

    // --- the new machine: an empty database, a DATA_DIR with nothing but the key kept aside ---
    const newDir = tmp();
    const newUrl = url ? await newDatabase() : undefined;
    const keyless = configOf(newDir, newUrl);
    await expectRefused(restore({ config: keyless, file: archive }), new RegExp(`未找到数据密钥：此备份需要指纹为 ${FINGERPRINT} 的密钥`));
    await expectRefused(restore({ config: configOf(newDir, newUrl, OTHER_KEY), file: archive }), new RegExp(`数据密钥不符：此备份需要指纹为 ${FINGERPRINT} 的密钥`));
    const flipped = Buffer.from(bytes);
    const dbPart = members.indexOf(url ? 'database.pgdump' : 'database.pglite.tar.gz');
    expect(dbPart).toBe(2);
    flipped[flipped.length - 3000] ^= 0xff; // inside the last part's data
    const damaged = path.join(tmp(), 'damaged.tar');
    fs.writeFileSync(damaged, flipped);
    fs.writeFileSync(path.join(newDir, 'data.key'), TEST_KEY.toString('hex') + '\n', { mode: 0o600 });
    const config = configOf(newDir, newUrl);
    await expectRefused(restore({ config, file: damaged }), /的 SM3 与清单不符（文件已损坏或被改动）：未做任何改动/);
    const truncated = path.join(tmp(), 'truncated.tar');
    fs.writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expectRefused(restore({ config, file: truncated }), /损坏或不完整|截断/);
    const newer = repack(archive, (dir) => {
      const m = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as BackupManifest;
      m.format = BACKUP_FORMAT + 1;
      const text = JSON.stringify(m);
      fs.writeFileSync(path.join(dir, 'manifest.json'), text);
      const seal = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.seal.json'), 'utf8')) as { sm3: string };
      fs.writeFileSync(path.join(dir, 'manifest.seal.json'), JSON.stringify({ ...seal, sm3: sm3Hex(text) }));
    });
    await expectRefused(restore({ config, file: newer }), new RegExp(`格式为第 ${BACKUP_FORMAT + 1} 版，本程序只认识到第 ${BACKUP_FORMAT} 版`));
    // A manifest rewritten and re-hashed without the key is caught by its HMAC.
    const forged = repack(archive, (dir) => {
      const text = fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8').replace(/"app": \{/, '"app": { "forged": true,');
      fs.writeFileSync(path.join(dir, 'manifest.json'), text);
      const seal = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.seal.json'), 'utf8')) as { sm3: string };
      fs.writeFileSync(path.join(dir, 'manifest.seal.json'), JSON.stringify({ ...seal, sm3: sm3Hex(text) }));
    });
    await expectRefused(restore({ config, file: forged }), /HMAC-SM3）不符/);
    expect(await targetIsEmpty(config)).toBe(true);
    if (url) {
      // The dump grants to a role this server does not have: the whole restore is rolled back, and says why.
      await expectRefused(restore({ config, file: archive }), new RegExp(`恢复失败，数据库已回滚到恢复前的状态.*本服务器没有角色 ${GONE_ROLE}.*--no-acl`, 's'));
      expect(await targetIsEmpty(config)).toBe(true);
    }

    // --- restore with the CLI (PostgreSQL: --no-acl, the role being absent) ---
    const r = cli('restore', url ? [archive, '--no-acl'] : [archive], { DATA_DIR: newDir, DATABASE_URL: newUrl });
    expect(r.status, r.err).toBe(0);
    expect(r.out).toContain('与备份清单逐表一致');
    if (url) {
      expect(r.out).toContain('已按 --no-acl 跳过授权');
      await admin((c) => c.query(`CREATE ROLE ${GONE_ROLE} NOLOGIN`)); // from here on, as on a server set up like the old one
      const c = new pg.Client({ connectionString: newUrl });
      await c.connect();
      try {
        expect((await c.query(`SELECT has_table_privilege('${GONE_ROLE}', 'public.users', 'SELECT') AS p`)).rows[0].p).toBe(false);
      } finally {
        await c.end();
      }
    }
    expect(r.out).toContain(`指纹 ${FINGERPRINT}`);
    expect(await countsOf(config)).toEqual(before);

    // A second restore into what is now full is refused without --force.
    await expectRefused(restore({ config, file: archive }), /恢复只写入空的/);

    // --- the restored platform, opened as `npm start` opens it ---
    const p = await openPlatform(config);
    const app = await buildApp({ database: p.database, config, cipher: p.cipher });
    await app.ready();
    try {
      const audit = await verifyAuditLog(p.database.db);
      expect(audit.ok, JSON.stringify(audit)).toBe(true);
      expect(audit.checked).toBe(before.audit_log);
      // …and against the signed checkpoints the archive carried back into DATA_DIR.
      const cpFile = checkpointFilePath(newDir);
      const trail = await verifyAuditTrail(p.database.db, { publicKey: auditCheckpointKey(TEST_KEY).publicKey, files: [{ name: cpFile, content: readCheckpointFile(cpFile) }] });
      expect(trail.problems).toEqual([]);
      expect(trail.ok).toBe(true);
      expect(trail.latest?.seq).toBeGreaterThan(0);
      const who = await as(app, 'sheng.admin');
      expect((await who.get(`/api/v1/users/${shengId}/personal-data`)).body.phone).toBe('13805310001');
      const anon = new TestClient(app);
      const v = await anon.get(`/api/v1/public/task-books/verify?code=${code!}`);
      expect(v.body.valid, JSON.stringify(v.body)).toBe(true);
      const again = await who.get(`/api/v1/task-books/${bookId!}/document?format=pdf`);
      expect(again.status).toBe(200);
      expect(sm3Hex(again.raw)).toBe(sm3Hex(pdf!)); // the stored issued file, not a new rendering
      const byFile = await anon.request('POST', '/api/v1/public/task-books/verify', undefined, { headers: { 'content-type': 'application/pdf' }, rawBody: pdf! });
      expect(byFile.body.valid, JSON.stringify(byFile.body)).toBe(true);
      const down = await who.get(`/api/v1/attachments/${attachmentId!}`);
      expect(down.status).toBe(200);
      expect(Buffer.compare(down.raw, attachment)).toBe(0);
    } finally {
      await app.close();
      await p.database.close();
    }

    // --- --force replaces what is there ---
    if (url) {
      // A restore that fails its row-count check rolls back, the --force drop included: counts stay.
      const now = await countsOf(config);
      const wrongCount = repack(archive, (dir) => {
        const m = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as BackupManifest;
        m.tables.users += 1;
        const text = JSON.stringify(m);
        fs.writeFileSync(path.join(dir, 'manifest.json'), text);
        const hmac = crypto.createHmac('sm3', crypto.createHmac('sm3', TEST_KEY).update('chengjie/backup-manifest/v1').digest()).update(text).digest('hex');
        fs.writeFileSync(path.join(dir, 'manifest.seal.json'), JSON.stringify({ sm3: sm3Hex(text), hmacSm3: hmac }));
      });
      await expectRefused(restore({ config, file: wrongCount, force: true }), /恢复失败，数据库已回滚到恢复前的状态.*row count of users/s);
      expect(await countsOf(config)).toEqual(now);
    }
    // A move into DATA_DIR that fails after the database part (the checkpoint file, moved in last).
    // PGlite: the swap is undone, the old database and files are back. PostgreSQL: the transaction
    // has committed, and the error says the database was restored but the files were not.
    const checkpointsBefore = fs.readFileSync(checkpointFilePath(newDir), 'utf8');
    const countsBefore = await countsOf(config);
    const realRename = fs.promises.rename.bind(fs.promises);
    const spy = vi.spyOn(fs.promises, 'rename').mockImplementation(async (from, to) => {
      if (String(to) === checkpointFilePath(newDir) && String(from).includes(`${path.sep}.restore-`)) throw Object.assign(new Error('EIO: simulated'), { code: 'EIO' });
      return realRename(from, to);
    });
    const logged: string[] = [];
    let halfway: unknown;
    try {
      halfway = await restore({ config, file: archive, force: true, log: (l) => logged.push(l) }).then(
        () => null,
        (x: unknown) => x,
      );
    } finally {
      spy.mockRestore();
    }
    expect(halfway).toBeInstanceOf(BackupError);
    expect(logged.some((l) => /原有数据将移到 .*replaced-/.test(l))).toBe(true);
    expect((halfway as Error).message).toContain('已撤销，原有数据已全部移回原处');
    expect(fs.readdirSync(newDir).filter((n) => n.startsWith('replaced-') || n.startsWith('.restore-'))).toEqual([]);
    expect(fs.readFileSync(checkpointFilePath(newDir), 'utf8')).toBe(checkpointsBefore);
    if (url) {
      expect(halfway).toBeInstanceOf(RestoreIncompleteError);
      expect((halfway as Error).message).toMatch(/已恢复为备份的内容（事务已提交.*未能放入.*npm run restore -- .* --force/s);
      expect(await countsOf(config)).toEqual(before); // the database is the backup's
    } else {
      expect(halfway).not.toBeInstanceOf(RestoreIncompleteError);
      expect(await countsOf(config)).toEqual(countsBefore); // the old embedded database, back in place
    }

    const asked: string[] = [];
    const declined = restore({ config, file: archive, force: true, confirm: async (what) => (asked.push(what), false) });
    await expectRefused(declined, /已取消：未做任何改动/);
    expect(asked[0]).toMatch(/将(删除|用备份替换)/);
    const forced = await restore({ config, file: archive, force: true, confirm: async () => true });
    const expected = { ...before };
    // openPlatform above recorded the data key's check value (platform_settings): --force replaced it
    expect(await countsOf(config)).toEqual(expected);
    if (!url) {
      expect(forced.replacedTo).toBeDefined();
      expect(fs.existsSync(path.join(forced.replacedTo!, 'pglite', 'PG_VERSION'))).toBe(true);
    }
  }, 300_000);
});
