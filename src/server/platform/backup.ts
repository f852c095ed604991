// Issue 10 §5: `npm run backup` and `npm run restore` — one archive that carries the database, the
// files kept on disk and a reminder of the data key, for both drivers:
// - PostgreSQL (DATABASE_URL): `pg_dump -Fc` under an exported snapshot, so that the row counts in
//   the manifest are those of the dump even while the platform is running; restored by
//   `pg_restore | psql --single-transaction`, the count check inside the same transaction, so a
//   restore that fails leaves the database as it was. Attachments and issued documents live in the
//   database (`file_blobs`) and travel in the dump.
// - Embedded PGlite (DATA_DIR/pglite): the data-directory dump (`dumpDataDir`), taken while the
//   platform is stopped (the directory lock refuses a running one); attachments and issued documents
//   live on disk under DATA_DIR/files and travel as parts of the archive.
//
// The archive is a plain ustar file (readable with `tar tvf`) written and read with Node built-ins:
//   manifest.json        format, driver, time, app version, migrations, row counts, key fingerprint, parts
//   manifest.seal.json   SM3 of manifest.json, and its HMAC-SM3 under a key derived from the data key
//   database.pgdump | database.pglite.tar.gz
//   files/<xx>/<uuid>    DATA_DIR/files (whatever is there, any driver)
//   datadir/<name>       the few other DATA_DIR files the platform keeps (CARRIED_DATA_DIR_FILES)
// The data key itself is never in the archive: it is named by its fingerprint, and the restore
// refuses to run without the same key. Everything is verified (SM3 of the manifest, of every part,
// the seal) before anything is written, and the restore refuses a format it does not know.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createHash, timingSafeEqual } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { Config } from '../config.js';
import { listMigrations } from '../db/migrate.js';
import { lockDataDir, DataDirLockedError, type DataDirLock } from './datadir-lock.js';
import { masterKeyFingerprint, readMasterKey } from './crypto/field-cipher.js';
import { hmacSm3 } from './crypto/sm3.js';
import { CHECKPOINT_FILE_NAME } from './audit-checkpoint.js';
import { chinaWallClock } from '../../domain/calendar-day.js';

/** The archive layout this code writes; a restore refuses a higher one (made by a newer platform). */
export const BACKUP_FORMAT = 1;

/** A backup or restore refused or failed in a way a person can act on: one Chinese line, nothing changed. */
export class BackupError extends Error {}

/** A restore that replaced the database but not everything else: the message says what is done and what is not. */
export class RestoreIncompleteError extends BackupError {}

/**
 * Files of DATA_DIR besides pglite/, files/ and data.key that a restore needs: the signed audit
 * checkpoints (X-1), so that `npm run audit:verify` on the new machine checks against them.
 */
export const CARRIED_DATA_DIR_FILES: readonly string[] = [CHECKPOINT_FILE_NAME];

const MANIFEST = 'manifest.json';
const SEAL = 'manifest.seal.json';
const PART_PG = 'database.pgdump';
const PART_PGLITE = 'database.pglite.tar.gz';
/** What the attachment store writes (platform/files.ts localFileStore): DATA_DIR/files/<2 hex>/<uuid>. */
const STORED_FILE = /^[0-9a-f]{2}\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TABLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
/** A manifest lists every file; beyond this it is not one of ours. */
const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;
const CHUNK = 1024 * 1024;
const SEAL_LABEL = 'chengjie/backup-manifest/v1';

export interface ManifestPart {
  name: string;
  size: number;
  sm3: string;
}

export interface BackupManifest {
  format: number;
  app: { name: string; version: string };
  createdAt: string;
  driver: 'postgres' | 'pglite';
  /** server and dump tool versions, e.g. 'PostgreSQL 15.20' and 'pg_dump (PostgreSQL) 15.20' */
  database: { server: string; tool: string };
  /** schema_migrations tags, in order */
  migrations: string[];
  /** rows per table of the public schema at the moment of the dump */
  tables: Record<string, number>;
  /** first 8 hex of SM3 of the data key (platform/crypto/field-cipher.ts) — never the key */
  dataKey: { fingerprint: string };
  /** where attachments and issued documents were: in the database (PostgreSQL) or as parts */
  files: { inDatabase: boolean; count: number; bytes: number };
  parts: ManifestPart[];
}

export type Log = (line: string) => void;

// ---------------------------------------------------------------------------------------------
// The data key: read, never created (a backup or restore that made a fresh key would be worthless)
// ---------------------------------------------------------------------------------------------

export interface KeyInfo {
  key: Buffer;
  fingerprint: string;
  where: string;
}

export function readDataKey(config: Config): KeyInfo | null {
  const filePath = path.join(config.dataDir, 'data.key');
  let found: ReturnType<typeof readMasterKey>;
  try {
    found = readMasterKey({ envValue: config.dataKeyHex, filePath });
  } catch (e) {
    throw new BackupError(`数据密钥无法读取：${(e as Error).message}`);
  }
  if (!found) return null;
  return { key: found.key, fingerprint: masterKeyFingerprint(found.key), where: found.source === 'env' ? '环境变量 DATA_KEY' : filePath };
}

/** Printed at backup and at restore: the archive is useless without the key, and does not hold it. */
export const keyReminder = (fingerprint: string) =>
  `此备份不含数据密钥（DATA_KEY 或 DATA_DIR/data.key，指纹 ${fingerprint}），请另行妥善保管；恢复时须使用同一密钥。`;

const sealOf = (key: Buffer, manifestBytes: Buffer) => ({
  sm3: sm3(manifestBytes),
  hmacSm3: hmacSm3(hmacSm3(key, SEAL_LABEL), manifestBytes).toString('hex'),
});

function sm3(data: Buffer): string {
  return createHash('sm3').update(data).digest('hex');
}

// ---------------------------------------------------------------------------------------------
// ustar: just what we write (regular files, names < 100 bytes), checked strictly when read
// ---------------------------------------------------------------------------------------------

const BLOCK = 512;

function octal(n: number, width: number): string {
  return n.toString(8).padStart(width - 1, '0') + '\0';
}

function tarHeader(name: string, size: number, mtime: number): Buffer {
  const h = Buffer.alloc(BLOCK);
  if (Buffer.byteLength(name) >= 100) throw new Error(`tar name too long: ${name}`);
  h.write(name, 0, 'utf8');
  h.write(octal(0o600, 8), 100);
  h.write(octal(0, 8), 108);
  h.write(octal(0, 8), 116);
  if (size < 8 ** 11) h.write(octal(size, 12), 124);
  else {
    // GNU base-256 for parts of 8 GiB and more: high bit set, big-endian in the remaining bytes.
    let v = BigInt(size);
    for (let i = 135; i > 124; i--, v >>= 8n) h[i] = Number(v & 0xffn);
    h[124] = 0x80;
  }
  h.write(octal(Math.floor(mtime / 1000), 12), 136);
  h.write('        ', 148);
  h.write('0', 156);
  h.write('ustar\0', 257, 'latin1');
  h.write('00', 263, 'latin1');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(octal(sum, 7) + ' ', 148, 'latin1');
  return h;
}

interface TarEntry {
  name: string;
  size: number;
  offset: number;
}

function parseSize(h: Buffer): number {
  if (h[124] & 0x80) {
    let v = 0n;
    for (let i = 125; i < 136; i++) v = (v << 8n) | BigInt(h[i]);
    return Number(v);
  }
  return Number.parseInt(h.subarray(124, 136).toString('latin1').replace(/[\0 ]/g, '') || '0', 8);
}

/** The entries of an archive, headers only; refuses anything this code would not have written. */
async function listTar(fh: fs.promises.FileHandle): Promise<TarEntry[]> {
  const { size: total } = await fh.stat();
  const broken = (why: string) => new BackupError(`备份文件已损坏或不完整（${why}）：未做任何改动。`);
  const entries: TarEntry[] = [];
  const h = Buffer.alloc(BLOCK);
  let pos = 0;
  for (;;) {
    if (pos + BLOCK > total) throw broken('缺少归档结束标记');
    await fh.read(h, 0, BLOCK, pos);
    if (h.every((b) => b === 0)) break;
    const stored = Number.parseInt(h.subarray(148, 156).toString('latin1').replace(/[\0 ]/g, ''), 8);
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i];
    if (sum !== stored) throw broken(`第 ${entries.length + 1} 项的头部校验和不符`);
    if (h.subarray(257, 262).toString('latin1') !== 'ustar') throw broken('不是 ustar 归档');
    const type = String.fromCharCode(h[156]);
    const name = h.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    if (type !== '0' && type !== '\0') throw broken(`含有非普通文件 ${name}`);
    const size = parseSize(h);
    const offset = pos + BLOCK;
    if (!Number.isSafeInteger(size) || offset + size > total) throw broken(`${name} 被截断`);
    entries.push({ name, size, offset });
    pos = offset + Math.ceil(size / BLOCK) * BLOCK;
  }
  return entries;
}

/** Reads `size` bytes at `offset` in chunks (the chunk buffer is reused: consume it before the next). */
async function* readRange(fh: fs.promises.FileHandle, offset: number, size: number): AsyncGenerator<Buffer> {
  const buf = Buffer.allocUnsafe(Math.max(1, Math.min(CHUNK, size)));
  let done = 0;
  while (done < size) {
    const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, size - done), offset + done);
    if (bytesRead === 0) throw new BackupError('备份文件读取中途结束（文件被截断？）：未做任何改动。');
    yield buf.subarray(0, bytesRead);
    done += bytesRead;
  }
}

async function hashRange(fh: fs.promises.FileHandle, e: TarEntry, sink?: fs.promises.FileHandle): Promise<string> {
  const h = createHash('sm3');
  for await (const chunk of readRange(fh, e.offset, e.size)) {
    h.update(chunk);
    if (sink) await sink.write(chunk);
  }
  return h.digest('hex');
}

async function readWhole(fh: fs.promises.FileHandle, e: TarEntry): Promise<Buffer> {
  const out = Buffer.alloc(e.size);
  let done = 0;
  for await (const chunk of readRange(fh, e.offset, e.size)) {
    chunk.copy(out, done);
    done += chunk.length;
  }
  return out;
}

async function fileSm3(file: string): Promise<string> {
  const h = createHash('sm3');
  for await (const chunk of fs.createReadStream(file, { highWaterMark: CHUNK })) h.update(chunk as Buffer);
  return h.digest('hex');
}

// ---------------------------------------------------------------------------------------------
// What is in a database: tables of the public schema with their rows, and the migrations applied
// ---------------------------------------------------------------------------------------------

type Query = (text: string) => Promise<Record<string, unknown>[]>;

const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;

async function inventory(q: Query): Promise<{ tables: Record<string, number>; migrations: string[] }> {
  const names = (await q(`SELECT tablename AS t FROM pg_catalog.pg_tables WHERE schemaname = 'public' ORDER BY tablename`)).map((r) => String(r.t));
  const tables: Record<string, number> = {};
  for (const t of names) tables[t] = Number((await q(`SELECT count(*)::int8 AS n FROM public.${quoteIdent(t)}`))[0].n);
  const migrations = 'schema_migrations' in tables ? (await q(`SELECT tag FROM public.schema_migrations ORDER BY tag`)).map((r) => String(r.tag)) : [];
  return { tables, migrations };
}

/** Objects of the public schema (a restore writes only into a database without any). */
async function existingObjects(q: Query): Promise<string[]> {
  const rows = await q(`
    SELECT c.relname AS name FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
    UNION ALL
    SELECT p.proname FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'
    UNION ALL
    SELECT t.typname FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
     WHERE n.nspname = 'public' AND t.typtype IN ('e', 'd', 'r', 'm') ORDER BY 1`);
  return rows.map((r) => String(r.name));
}

const sampleOf = (names: string[]) => names.slice(0, 5).join('、') + (names.length > 5 ? ' 等' : '');

// ---------------------------------------------------------------------------------------------
// PostgreSQL client tools
// ---------------------------------------------------------------------------------------------

/** The URL without its password (which goes to PGPASSWORD: never on a command line `ps` shows). */
function connection(url: string): { url: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  u.password = '';
  return { url: u.toString(), env };
}

const safeUrl = (url: string) => url.replace(/\/\/([^:@/]+)(:[^@/]*)?@/, '//$1@');

async function toolVersion(tool: 'pg_dump' | 'pg_restore' | 'psql'): Promise<{ text: string; major: number }> {
  const r = await run(tool, ['--version'], {}).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT')
      throw new BackupError(
        `未找到 PostgreSQL 客户端程序 ${tool}：请安装与数据库服务器同一主版本（或更新）的客户端（Debian/Ubuntu：apt-get install postgresql-client-15，或 postgresql-client），并确认它在 PATH 中。`,
      );
    throw e;
  });
  const text = r.stdout.trim();
  const major = Number(/\)\s+(\d+)/.exec(text)?.[1] ?? /(\d+)(\.\d+)*/.exec(text)?.[1] ?? NaN);
  return { text, major };
}

interface RunResult {
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv }): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve({ stdout, stderr }) : reject(Object.assign(new Error(stderr.trim() || `${cmd} exit ${code}`), { stderr }))));
  });
}

const lastLines = (s: string, n = 3) => s.trim().split('\n').slice(-n).join(' / ');

// ---------------------------------------------------------------------------------------------
// Backup
// ---------------------------------------------------------------------------------------------

interface DumpResult {
  part: string;
  file: string;
  server: string;
  tool: string;
  tables: Record<string, number>;
  migrations: string[];
}

async function dumpPostgres(url: string, dir: string, log: Log): Promise<DumpResult> {
  const tool = await toolVersion('pg_dump');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (e) {
    throw new BackupError(`无法连接数据库 ${safeUrl(url)}：${(e as Error).message}`);
  }
  try {
    const q: Query = async (text) => (await client.query(text)).rows as Record<string, unknown>[];
    const serverNum = Number((await q('SHOW server_version_num'))[0].server_version_num);
    const server = `PostgreSQL ${String((await q('SHOW server_version'))[0].server_version).split(' ')[0]}`;
    if (tool.major < Math.floor(serverNum / 10000))
      throw new BackupError(`pg_dump 版本（${tool.text}）低于数据库服务器（${server}）：请安装 ${Math.floor(serverNum / 10000)} 版或更新的 PostgreSQL 客户端。`);
    // The dump and the counts read one snapshot: the manifest describes exactly what was dumped,
    // even while the platform keeps writing.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const snapshot = String((await q('SELECT pg_catalog.pg_export_snapshot() AS s'))[0].s);
    const { tables, migrations } = await inventory(q);
    log(`正在导出 PostgreSQL 数据库（${tool.text}，服务器 ${server}，${Object.keys(tables).length} 张表）…`);
    const file = path.join(dir, PART_PG);
    const conn = connection(url);
    try {
      await run('pg_dump', ['--format=custom', `--snapshot=${snapshot}`, '--no-password', '--file', file, '--dbname', conn.url], { env: conn.env });
    } catch (e) {
      throw new BackupError(`pg_dump 失败：${lastLines((e as { stderr?: string }).stderr ?? (e as Error).message)}`);
    }
    await client.query('COMMIT');
    return { part: PART_PG, file, server, tool: tool.text, tables, migrations };
  } finally {
    await client.end().catch(() => undefined);
  }
}

const runningRefusal = (dataDir: string, pid: number, what: '备份' | '恢复') =>
  new BackupError(
    `平台正在运行（进程 ${pid} 占用内嵌数据库 ${dataDir}）：内嵌数据库只能在平台停止后${what}。请先停止平台（Ctrl+C 或 kill ${pid}），再运行 npm run ${what === '备份' ? 'backup' : 'restore'}。`,
  );

function pgliteVersion(): string {
  const pkg = new URL('../../../node_modules/@electric-sql/pglite/package.json', import.meta.url);
  try {
    return `PGlite ${(JSON.parse(fs.readFileSync(pkg, 'utf8')) as { version: string }).version}`;
  } catch {
    return 'PGlite';
  }
}

async function dumpPglite(dataDir: string, dir: string, log: Log): Promise<DumpResult> {
  const pgdata = path.join(dataDir, 'pglite');
  // Opening a directory without a database would create one: say so instead.
  if (!fs.existsSync(path.join(pgdata, 'PG_VERSION'))) throw new BackupError(`内嵌数据库不存在：${pgdata} 中没有数据库（DATA_DIR 设置是否正确？）。`);
  let lock: DataDirLock;
  try {
    lock = lockDataDir(pgdata);
  } catch (e) {
    if (e instanceof DataDirLockedError) throw runningRefusal(pgdata, e.pid, '备份');
    throw e;
  }
  try {
    const pgl = await PGlite.create({ dataDir: pgdata });
    try {
      const q: Query = async (text) => (await pgl.query<Record<string, unknown>>(text)).rows;
      const server = `PostgreSQL ${String((await q('SHOW server_version'))[0].server_version).split(' ')[0]}`;
      const { tables, migrations } = await inventory(q);
      const tool = `${pgliteVersion()} dumpDataDir`;
      log(`正在导出内嵌数据库（${tool}，${server}，${Object.keys(tables).length} 张表）…`);
      const blob = await pgl.dumpDataDir('gzip');
      const file = path.join(dir, PART_PGLITE);
      await fs.promises.writeFile(file, Buffer.from(await blob.arrayBuffer()), { mode: 0o600 });
      return { part: PART_PGLITE, file, server, tool, tables, migrations };
    } finally {
      await pgl.close();
    }
  } finally {
    lock.release();
  }
}

/** DATA_DIR/files as archive parts (only what the file store writes; half-written *.tmp are skipped). */
async function filesOnDisk(dataDir: string): Promise<{ name: string; file: string }[]> {
  const root = path.join(dataDir, 'files');
  if (!fs.existsSync(root)) return [];
  const out: { name: string; file: string }[] = [];
  for (const dir of (await fs.promises.readdir(root, { withFileTypes: true })).filter((d) => d.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    for (const f of (await fs.promises.readdir(path.join(root, dir.name), { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      const rel = `${dir.name}/${f.name}`;
      if (f.isFile() && STORED_FILE.test(rel)) out.push({ name: `files/${rel}`, file: path.join(root, rel) });
    }
  }
  return out;
}

function appVersion(): { name: string; version: string } {
  const pkg = JSON.parse(fs.readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { name: string; version: string };
  return { name: pkg.name, version: pkg.version };
}

export interface BackupResult {
  file: string;
  manifest: BackupManifest;
  bytes: number;
}

/** Writes one archive of the platform's data to `out` (never overwriting a file). */
export async function backup(opts: { config: Config; out: string; log?: Log }): Promise<BackupResult> {
  const { config } = opts;
  const log = opts.log ?? (() => undefined);
  const out = path.resolve(opts.out);
  if (fs.existsSync(out)) throw new BackupError(`备份文件 ${out} 已存在：不会覆盖，请换一个文件名。`);
  const key = readDataKey(config);
  if (!key)
    throw new BackupError(
      `未找到数据密钥（DATA_KEY 未设置，${path.join(config.dataDir, 'data.key')} 不存在）：备份要记下密钥的指纹，恢复时核对。请设置 DATA_KEY 或 DATA_DIR 后再备份。`,
    );
  await fs.promises.mkdir(path.dirname(out), { recursive: true });
  const staging = `${out}.parts-${process.pid}`;
  const partial = `${out}.partial-${process.pid}`;
  await fs.promises.mkdir(staging, { mode: 0o700 });
  try {
    const driver = config.databaseUrl ? 'postgres' : 'pglite';
    // Copied before the dump: every checkpoint in the copy then names audit rows the dump holds (a
    // checkpoint signed after the snapshot would look, once restored, like rows deleted).
    const extras: { name: string; file: string }[] = [];
    for (const n of CARRIED_DATA_DIR_FILES) {
      const copy = path.join(staging, 'datadir', n);
      await fs.promises.mkdir(path.dirname(copy), { recursive: true, mode: 0o700 });
      try {
        await fs.promises.copyFile(path.join(config.dataDir, n), copy);
        extras.push({ name: `datadir/${n}`, file: copy });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
    }
    const dump = config.databaseUrl ? await dumpPostgres(config.databaseUrl, staging, log) : await dumpPglite(config.dataDir, staging, log);
    // After the dump: every file a dumped row names was written before its row (files.ts), so it is here.
    const files = await filesOnDisk(config.dataDir);
    const sources = [{ name: dump.part, file: dump.file }, ...files, ...extras];
    const parts: ManifestPart[] = [];
    for (const s of sources) parts.push({ name: s.name, size: (await fs.promises.stat(s.file)).size, sm3: await fileSm3(s.file) });
    const fileParts = parts.filter((p) => p.name.startsWith('files/'));
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      app: appVersion(),
      createdAt: new Date().toISOString(),
      driver,
      database: { server: dump.server, tool: dump.tool },
      migrations: dump.migrations,
      tables: dump.tables,
      dataKey: { fingerprint: key.fingerprint },
      files: { inDatabase: 'file_blobs' in dump.tables && driver === 'postgres', count: fileParts.length, bytes: fileParts.reduce((a, p) => a + p.size, 0) },
      parts,
    };
    const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 2) + '\n');
    const sealBytes = Buffer.from(JSON.stringify(sealOf(key.key, manifestBytes), null, 2) + '\n');
    const now = Date.now();
    const fh = await fs.promises.open(partial, 'wx', 0o600);
    try {
      await fh.write(tarHeader(MANIFEST, manifestBytes.length, now));
      await fh.write(pad(manifestBytes));
      await fh.write(tarHeader(SEAL, sealBytes.length, now));
      await fh.write(pad(sealBytes));
      for (const [i, s] of sources.entries()) {
        const p = parts[i];
        await fh.write(tarHeader(p.name, p.size, now));
        const h = createHash('sm3');
        let n = 0;
        for await (const chunk of fs.createReadStream(s.file, { highWaterMark: CHUNK })) {
          h.update(chunk as Buffer);
          n += (chunk as Buffer).length;
          await fh.write(chunk as Buffer);
        }
        // A file that changed between hashing and copying would make an archive that fails its own check.
        if (n !== p.size || h.digest('hex') !== p.sm3) throw new BackupError(`${s.file} 在备份过程中被改动，请重新备份。`);
        if (n % BLOCK) await fh.write(Buffer.alloc(BLOCK - (n % BLOCK)));
      }
      await fh.write(Buffer.alloc(BLOCK * 2));
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fs.promises.rename(partial, out);
    return { file: out, manifest, bytes: (await fs.promises.stat(out)).size };
  } finally {
    await fs.promises.rm(partial, { force: true });
    await fs.promises.rm(staging, { recursive: true, force: true });
  }
}

function pad(b: Buffer): Buffer {
  return b.length % BLOCK ? Buffer.concat([b, Buffer.alloc(BLOCK - (b.length % BLOCK))]) : b;
}

// ---------------------------------------------------------------------------------------------
// Restore
// ---------------------------------------------------------------------------------------------

export interface VerifiedArchive {
  manifest: BackupManifest;
  entries: Map<string, TarEntry>;
  key: KeyInfo;
}

/**
 * Reads and checks the whole archive without writing anything: the manifest's SM3 and seal, the
 * format, the data key, every part's size and SM3, no part missing and none extra.
 */
export async function verifyArchive(file: string, config: Config): Promise<VerifiedArchive> {
  let fh: fs.promises.FileHandle;
  try {
    fh = await fs.promises.open(file, 'r');
  } catch (e) {
    throw new BackupError(`无法打开备份文件 ${file}：${(e as Error).message}`);
  }
  try {
    const list = await listTar(fh);
    if (list[0]?.name !== MANIFEST || list[1]?.name !== SEAL) throw new BackupError(`${file} 不是承接平台的备份（开头没有 ${MANIFEST} 和 ${SEAL}）：未做任何改动。`);
    if (list[0].size > MAX_MANIFEST_BYTES || list[1].size > 4096) throw new BackupError('备份清单过大，不是承接平台的备份：未做任何改动。');
    const manifestBytes = await readWhole(fh, list[0]);
    let seal: { sm3?: unknown; hmacSm3?: unknown };
    let manifest: BackupManifest;
    try {
      seal = JSON.parse((await readWhole(fh, list[1])).toString('utf8')) as typeof seal;
      manifest = JSON.parse(manifestBytes.toString('utf8')) as BackupManifest;
    } catch {
      throw new BackupError('备份清单无法解析（文件已损坏）：未做任何改动。');
    }
    if (seal.sm3 !== sm3(manifestBytes)) throw new BackupError('备份清单的 SM3 与记录不符（文件已损坏或被改动）：未做任何改动。');
    if (!Number.isInteger(manifest.format) || manifest.format > BACKUP_FORMAT)
      throw new BackupError(`此备份的格式为第 ${String(manifest.format)} 版，本程序只认识到第 ${BACKUP_FORMAT} 版：请用制作该备份的（或更新的）承接平台版本恢复。未做任何改动。`);
    const fingerprint = manifest.dataKey?.fingerprint;
    if (typeof fingerprint !== 'string' || !/^[0-9a-f]{8,64}$/.test(fingerprint)) throw new BackupError('备份清单中没有数据密钥指纹：不是承接平台的备份。未做任何改动。');
    const key = readDataKey(config);
    if (!key)
      throw new BackupError(
        `未找到数据密钥：此备份需要指纹为 ${fingerprint} 的密钥，但 DATA_KEY 未设置且 ${path.join(config.dataDir, 'data.key')} 不存在。请设置 DATA_KEY，或把原来的 data.key 放到 DATA_DIR 下，再恢复。未做任何改动。`,
      );
    if (key.fingerprint !== fingerprint)
      throw new BackupError(
        `数据密钥不符：此备份需要指纹为 ${fingerprint} 的密钥，当前密钥（${key.where}）的指纹是 ${key.fingerprint}。用别的密钥恢复，个人信息将无法解密、平台将拒绝启动：请提供备份时的密钥。未做任何改动。`,
      );
    const expected = sealOf(key.key, manifestBytes).hmacSm3;
    if (typeof seal.hmacSm3 !== 'string' || seal.hmacSm3.length !== expected.length || !timingSafeEqual(Buffer.from(seal.hmacSm3), Buffer.from(expected)))
      throw new BackupError('备份清单的密钥校验（HMAC-SM3）不符：清单在备份之后被改动过。未做任何改动。');
    checkManifestShape(manifest);
    const known = new Set(listMigrations().map((m) => m.tag));
    const unknown = manifest.migrations.filter((t) => !known.has(t));
    if (unknown.length) throw new BackupError(`此备份来自更新的平台版本（含本程序没有的迁移 ${unknown.join('、')}）：请先把平台升级到该版本再恢复。未做任何改动。`);
    const entries = new Map(list.slice(2).map((e) => [e.name, e]));
    if (entries.size !== list.length - 2) throw new BackupError('备份中有重复的部分：文件已被改动。未做任何改动。');
    for (const name of entries.keys()) if (!manifest.parts.some((p) => p.name === name)) throw new BackupError(`备份中有清单之外的部分 ${name}：文件已被改动。未做任何改动。`);
    for (const p of manifest.parts) {
      const e = entries.get(p.name);
      if (!e) throw new BackupError(`备份缺少 ${p.name}（文件不完整）：未做任何改动。`);
      if (e.size !== p.size || (await hashRange(fh, e)) !== p.sm3) throw new BackupError(`备份中 ${p.name} 的 SM3 与清单不符（文件已损坏或被改动）：未做任何改动。`);
    }
    return { manifest, entries, key };
  } finally {
    await fh.close();
  }
}

function checkManifestShape(m: BackupManifest) {
  const bad = (why: string) => new BackupError(`备份清单内容不合规（${why}）：未做任何改动。`);
  if (m.driver !== 'postgres' && m.driver !== 'pglite') throw bad('driver');
  if (!Array.isArray(m.migrations) || !m.migrations.every((t) => typeof t === 'string')) throw bad('migrations');
  if (!m.tables || typeof m.tables !== 'object') throw bad('tables');
  for (const [t, n] of Object.entries(m.tables)) if (!TABLE_NAME.test(t) || !Number.isSafeInteger(n) || n < 0) throw bad(`表 ${t}`);
  if (!Array.isArray(m.parts)) throw bad('parts');
  const db = m.driver === 'postgres' ? PART_PG : PART_PGLITE;
  if (m.parts.filter((p) => p.name === db).length !== 1) throw bad('数据库部分');
  for (const p of m.parts) {
    const ok =
      p.name === db ||
      (p.name.startsWith('files/') && STORED_FILE.test(p.name.slice('files/'.length))) ||
      (p.name.startsWith('datadir/') && CARRIED_DATA_DIR_FILES.includes(p.name.slice('datadir/'.length)));
    if (!ok || !Number.isSafeInteger(p.size) || typeof p.sm3 !== 'string') throw bad(`部分 ${p.name}`);
  }
}

export interface RestoreOptions {
  config: Config;
  file: string;
  /** replace what is there (the operator confirmed); otherwise only an empty target is written */
  force?: boolean;
  /** asked once, after every check and before anything is replaced, when `force` meets existing data */
  confirm?: (what: string) => Promise<boolean>;
  /** PostgreSQL: restore no grants (pg_restore --no-acl), for a server without the roles the dump grants to */
  noAcl?: boolean;
  log?: Log;
}

export interface RestoreResult {
  manifest: BackupManifest;
  tables: Record<string, number>;
  /** where --force moved what it replaced on disk (the embedded database, DATA_DIR files): the operator removes it */
  replacedTo?: string;
}

/** Restores an archive made by `backup` into this configuration's database and DATA_DIR. */
export async function restore(opts: RestoreOptions): Promise<RestoreResult> {
  const { config } = opts;
  const log = opts.log ?? (() => undefined);
  const file = path.resolve(opts.file);
  log(`正在校验备份 ${file} …`);
  const archive = await verifyArchive(file, config);
  const { manifest } = archive;
  const driver = config.databaseUrl ? 'postgres' : 'pglite';
  if (manifest.driver !== driver) {
    const from = manifest.driver === 'postgres' ? 'PostgreSQL' : '内嵌数据库 PGlite';
    const to = driver === 'postgres' ? 'PostgreSQL（DATABASE_URL 已设置）' : '内嵌数据库 PGlite（DATABASE_URL 未设置）';
    throw new BackupError(`此备份来自${from}，当前配置使用${to}：只能恢复到同一种数据库。未做任何改动。`);
  }
  log(`备份校验通过：${manifest.createdAt} 由 ${manifest.app.name} ${manifest.app.version} 制作，${Object.keys(manifest.tables).length} 张表，${manifest.files.count} 个磁盘文件，密钥指纹 ${manifest.dataKey.fingerprint}。`);
  return driver === 'postgres' ? restorePostgres(opts, archive, file, log) : restorePglite(opts, archive, file, log);
}

const filesDirState = (dataDir: string) => {
  const root = path.join(dataDir, 'files');
  return fs.existsSync(root) && fs.readdirSync(root).length > 0;
};

/** Writes the archive's file and datadir parts into `dir` (files/…, datadir/…), checking each SM3 again. */
async function extractParts(fh: fs.promises.FileHandle, archive: VerifiedArchive, dir: string, which: (name: string) => boolean): Promise<void> {
  for (const p of archive.manifest.parts.filter((x) => which(x.name))) {
    const target = path.join(dir, ...p.name.split('/'));
    await fs.promises.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    const out = await fs.promises.open(target, 'wx', 0o600);
    let got: string;
    try {
      got = await hashRange(fh, archive.entries.get(p.name)!, out);
      await out.sync();
    } finally {
      await out.close();
    }
    // The archive was checked a moment ago; a change since then is not restored.
    if (got !== p.sm3) throw new BackupError(`备份文件在恢复过程中被改动（${p.name}）：已停止。`);
  }
}

async function withArchive<T>(file: string, f: (fh: fs.promises.FileHandle) => Promise<T>): Promise<T> {
  const fh = await fs.promises.open(file, 'r');
  try {
    return await f(fh);
  } finally {
    await fh.close();
  }
}

function compareCounts(expected: Record<string, number>, got: Record<string, number>): string[] {
  const names = [...new Set([...Object.keys(expected), ...Object.keys(got)])].sort();
  return names.filter((t) => expected[t] !== got[t]).map((t) => `${t}：备份 ${expected[t] ?? '无此表'}，恢复后 ${got[t] ?? '无此表'}`);
}

const stamp = () => chinaWallClock(new Date()).slice(0, 19).replace(/[-:]/g, '').replace('T', '-');

/** What a swap moves into DATA_DIR: a staged path, and where it goes (relative to DATA_DIR). */
export interface Incoming {
  from: string;
  to: string;
}

/** The staged files/ and datadir/ parts, as moves into DATA_DIR. */
function stagedParts(staging: string): Incoming[] {
  const out: Incoming[] = [];
  if (fs.existsSync(path.join(staging, 'files'))) out.push({ from: path.join(staging, 'files'), to: 'files' });
  for (const n of CARRIED_DATA_DIR_FILES) if (fs.existsSync(path.join(staging, 'datadir', n))) out.push({ from: path.join(staging, 'datadir', n), to: n });
  return out;
}

type SwapStep = { op: 'rename'; from: string; to: string } | { op: 'mkdir'; dir: string } | { op: 'rmdir'; dir: string };

async function undoStep(s: SwapStep): Promise<void> {
  if (s.op === 'mkdir') return fs.promises.rmdir(s.dir);
  if (s.op === 'rmdir') return fs.promises.mkdir(s.dir, { mode: 0o700 });
  // Something is where the old data goes back (a new file that could not be moved out): keep both, say so.
  if (fs.lstatSync(s.from, { throwIfNoEntry: false })) throw new Error(`${s.from} 已存在`);
  await fs.promises.rename(s.to, s.from);
}

const listOf = (names: string[]) => names.slice(0, 8).join('、') + (names.length > 8 ? ` 等 ${names.length} 项` : '');

/**
 * Replaces data in DATA_DIR by staged data: moves each of `aside` (relative to DATA_DIR) into a new
 * DATA_DIR/replaced-… (logged as soon as it exists: a process killed halfway leaves the old data
 * there, and the operator must know where), then each of `incoming` into place. Every step is
 * journaled: when one fails the steps done are undone in reverse, the old data goes back and the
 * new goes back to staging, and the error says so; when the undo fails too, the error names what
 * is where. A target that exists is never overwritten (rename would replace a file silently); only
 * an empty directory (files/, checked empty) gives way.
 */
export async function swapIntoDataDir(dataDir: string, aside: readonly string[], incoming: readonly Incoming[], log: Log): Promise<string | undefined> {
  const steps: SwapStep[] = [];
  const step = async (s: SwapStep) => {
    if (s.op === 'rename') await fs.promises.rename(s.from, s.to);
    else if (s.op === 'mkdir') await fs.promises.mkdir(s.dir, { mode: 0o700 });
    else await fs.promises.rmdir(s.dir);
    steps.push(s);
  };
  let replacedTo: string | undefined;
  try {
    if (aside.length) {
      const dir = path.join(dataDir, `replaced-${stamp()}-${process.pid}`);
      await step({ op: 'mkdir', dir });
      replacedTo = dir;
      log(`原有数据将移到 ${dir}（恢复成功并核对无误后可删除；若恢复中途被打断，原有数据就在此处）。`);
      for (const rel of aside) {
        const to = path.join(dir, rel);
        if (!fs.existsSync(path.dirname(to))) await step({ op: 'mkdir', dir: path.dirname(to) });
        await step({ op: 'rename', from: path.join(dataDir, rel), to });
      }
    }
    for (const { from, to: rel } of incoming) {
      const to = path.join(dataDir, rel);
      const there = fs.lstatSync(to, { throwIfNoEntry: false });
      if (there?.isDirectory() && fs.readdirSync(to).length === 0) await step({ op: 'rmdir', dir: to });
      else if (there) throw Object.assign(new Error(`${to} 已存在`), { code: 'EEXIST' });
      await step({ op: 'rename', from, to });
    }
    return replacedTo;
  } catch (e) {
    const why = (e as Error).message;
    const failed: SwapStep[] = [];
    for (const s of [...steps].reverse()) {
      try {
        await undoStep(s);
      } catch {
        failed.push(s);
      }
    }
    if (!failed.length)
      throw new BackupError(`把数据放入 ${dataDir} 时出错（${why}）：已撤销，原有数据已全部移回原处，${dataDir} 与恢复前相同${replacedTo ? `（${replacedTo} 已删除）` : ''}。`);
    // What stayed where it was moved: old data in replaced-…, new data in DATA_DIR.
    const renamed = failed.filter((s): s is Extract<SwapStep, { op: 'rename' }> => s.op === 'rename');
    const oldAside = renamed.filter((s) => replacedTo && s.to.startsWith(replacedTo + path.sep)).map((s) => path.relative(replacedTo!, s.to));
    const newIn = renamed.filter((s) => !(replacedTo && s.to.startsWith(replacedTo + path.sep))).map((s) => path.relative(dataDir, s.to));
    throw new BackupError(
      `把数据放入 ${dataDir} 时出错（${why}），撤销也未能完成。现在：` +
        (oldAside.length ? `原有数据 ${listOf(oldAside)} 在 ${replacedTo} 中（相对该目录的路径即其原来相对 DATA_DIR 的位置）；` : '原有数据都已回到原处；') +
        (newIn.length ? `备份中的 ${listOf(newIn)} 已放入 ${dataDir}，数据目录是新旧混合的，平台不能这样启动。` : '备份中的数据没有留在数据目录中。') +
        `处理：先删除或移走 ${dataDir} 中上面列出的备份数据，再把 ${replacedTo ?? '（无）'} 中的内容按原路径移回 ${dataDir}；或排除出错原因后重新运行 npm run restore -- 备份文件 --force。`,
    );
  }
}

async function restorePglite(opts: RestoreOptions, archive: VerifiedArchive, file: string, log: Log): Promise<RestoreResult> {
  const { config } = opts;
  const { manifest } = archive;
  const pgdata = path.join(config.dataDir, 'pglite');
  let lock: DataDirLock;
  try {
    lock = lockDataDir(pgdata);
  } catch (e) {
    if (e instanceof DataDirLockedError) throw runningRefusal(pgdata, e.pid, '恢复');
    throw e;
  }
  const staging = path.join(config.dataDir, `.restore-${process.pid}`);
  try {
    const present = fs.readdirSync(pgdata).filter((n) => n !== 'chengjie.lock');
    const filesThere = manifest.files.count > 0 && filesDirState(config.dataDir);
    const extrasThere = CARRIED_DATA_DIR_FILES.filter((n) => fs.existsSync(path.join(config.dataDir, n)));
    const occupied = [...(present.length ? [`内嵌数据库 ${pgdata}`] : []), ...(filesThere ? [`文件目录 ${path.join(config.dataDir, 'files')}`] : []), ...extrasThere.map((n) => path.join(config.dataDir, n))];
    if (occupied.length && !opts.force)
      throw new BackupError(`恢复只写入空的数据目录，而 ${occupied.join('、')} 已有数据。若确定要用备份替换现有数据，请加 --force（现有数据会移到一旁保留）。未做任何改动。`);
    await fs.promises.rm(staging, { recursive: true, force: true });
    await fs.promises.mkdir(staging, { mode: 0o700 });
    // Everything is staged and checked beside the data before the existing data is touched.
    await withArchive(file, (fh) => extractParts(fh, archive, staging, (n) => n !== PART_PGLITE));
    const dump = await withArchive(file, (fh) => readWhole(fh, archive.entries.get(PART_PGLITE)!));
    if (sm3(dump) !== manifest.parts.find((p) => p.name === PART_PGLITE)!.sm3) throw new BackupError('备份文件在恢复过程中被改动（数据库部分）：已停止。');
    log('正在载入内嵌数据库…');
    const stagedDb = path.join(staging, 'pglite');
    let pgl: PGlite;
    try {
      pgl = await PGlite.create({ dataDir: stagedDb, loadDataDir: new Blob([dump as Uint8Array<ArrayBuffer>]) });
    } catch (e) {
      // e.g. a data directory of another PostgreSQL major version than this PGlite's
      throw new BackupError(`无法载入内嵌数据库（备份由 ${manifest.database.tool}、${manifest.database.server} 制作，本机为 ${pgliteVersion()}）：${(e as Error).message}。未做任何改动。`);
    }
    let tables: Record<string, number>;
    try {
      tables = (await inventory(async (text) => (await pgl.query<Record<string, unknown>>(text)).rows)).tables;
    } finally {
      await pgl.close();
    }
    const diff = compareCounts(manifest.tables, tables);
    if (diff.length) throw new BackupError(`载入后的行数与备份清单不符（${diff.join('；')}）：未做任何改动。`);
    // The dump was taken under the platform's lock: that stale lock file must not come back.
    await fs.promises.rm(path.join(stagedDb, 'chengjie.lock'), { force: true });
    if (occupied.length && opts.confirm && !(await opts.confirm(`将用备份替换 ${occupied.join('、')}（现有数据移到一旁保留）`))) throw new BackupError('已取消：未做任何改动。');
    // The lock file stays where it is: the directory is never unlocked while it is being filled.
    const aside = [...present.map((n) => `pglite/${n}`), ...(filesThere ? ['files'] : []), ...extrasThere];
    const incoming = [...fs.readdirSync(stagedDb).map((n) => ({ from: path.join(stagedDb, n), to: `pglite/${n}` })), ...stagedParts(staging)];
    const replacedTo = await swapIntoDataDir(config.dataDir, aside, incoming, log);
    return { manifest, tables, replacedTo };
  } finally {
    await fs.promises.rm(staging, { recursive: true, force: true });
    lock.release();
  }
}

async function restorePostgres(opts: RestoreOptions, archive: VerifiedArchive, file: string, log: Log): Promise<RestoreResult> {
  const { config } = opts;
  const url = config.databaseUrl!;
  const { manifest } = archive;
  const restoreTool = await toolVersion('pg_restore');
  await toolVersion('psql');
  const dumpMajor = Number(/\)\s+(\d+)/.exec(manifest.database.tool)?.[1] ?? 0);
  if (restoreTool.major < dumpMajor)
    throw new BackupError(`此备份由 ${manifest.database.tool} 制作，本机的 pg_restore 是 ${restoreTool.text}：请安装 ${dumpMajor} 版或更新的 PostgreSQL 客户端。未做任何改动。`);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (e) {
    throw new BackupError(`无法连接数据库 ${safeUrl(url)}：${(e as Error).message}。未做任何改动。`);
  }
  const staging = path.join(config.dataDir, `.restore-${process.pid}`);
  try {
    const q: Query = async (text) => (await client.query(text)).rows as Record<string, unknown>[];
    const others = Number((await q(`SELECT count(*)::int AS n FROM pg_catalog.pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`))[0].n);
    if (others > 0)
      throw new BackupError(`数据库 ${safeUrl(url)} 还有 ${others} 个其他连接（平台可能仍在运行）：请先停止所有平台进程，再恢复。未做任何改动。`);
    const objects = await existingObjects(q);
    const filesThere = manifest.files.count > 0 && filesDirState(config.dataDir);
    const extrasThere = CARRIED_DATA_DIR_FILES.filter((n) => fs.existsSync(path.join(config.dataDir, n)));
    const occupied = objects.length > 0 || filesThere || extrasThere.length > 0;
    if (occupied && !opts.force) {
      const what = [
        ...(objects.length ? [`数据库 ${safeUrl(url)} 已有 ${objects.length} 个对象（${sampleOf(objects)}）`] : []),
        ...(filesThere ? [`${path.join(config.dataDir, 'files')} 已有文件`] : []),
        ...extrasThere.map((n) => `${path.join(config.dataDir, n)} 已存在`),
      ];
      throw new BackupError(`恢复只写入空的数据库，而${what.join('，')}。若确定要用备份替换现有数据，请加 --force（现有数据将被删除）。未做任何改动。`);
    }
    await fs.promises.rm(staging, { recursive: true, force: true });
    await fs.promises.mkdir(staging, { recursive: true, mode: 0o700 });
    await withArchive(file, (fh) => extractParts(fh, archive, staging, () => true));
    if (occupied && opts.confirm && !(await opts.confirm(`将删除数据库 ${safeUrl(url)} 中的全部现有数据（${objects.length} 个对象）并以备份替换`)))
      throw new BackupError('已取消：未做任何改动。');
    log(`正在恢复 PostgreSQL 数据库（${restoreTool.text}，单一事务）…`);
    await pgRestore(url, path.join(staging, PART_PG), manifest.tables, objects.length > 0, opts.noAcl ?? false);
    const after = await inventory(q);
    const diff = compareCounts(manifest.tables, after.tables);
    if (diff.length)
      throw new RestoreIncompleteError(`数据库 ${safeUrl(url)} 已被替换（事务已提交），但提交后的行数与备份清单不符（${diff.join('；')}）：平台启动前请查明原因（是否有别的进程在恢复时写入），再重新运行 npm run restore -- ${file} --force。`);
    // The transaction has committed: from here on the database is the backup's, whatever happens to the files.
    const incoming = stagedParts(staging);
    let replacedTo: string | undefined;
    try {
      replacedTo = await swapIntoDataDir(config.dataDir, [...(filesThere ? ['files'] : []), ...extrasThere], incoming, log);
    } catch (e) {
      const placed = incoming.map((p) => path.join(config.dataDir, p.to));
      throw new RestoreIncompleteError(
        `数据库 ${safeUrl(url)} 已恢复为备份的内容（事务已提交，行数与备份清单逐表一致），但 DATA_DIR 中的文件（${placed.join('、') || '无'}）未能放入：` +
          `${(e as Error).message} 数据库不会回到恢复前的状态。处理：排除出错原因后重新运行 npm run restore -- ${file} --force（会再次用同一备份替换数据库，结果相同），` +
          `或手动放入：tar -xf ${file} -C 临时目录，把其中 files/ 放为 ${path.join(config.dataDir, 'files')}、datadir/ 下的文件放到 ${config.dataDir} 下。`,
      );
    }
    return { manifest, tables: after.tables, replacedTo };
  } finally {
    await client.end().catch(() => undefined);
    await fs.promises.rm(staging, { recursive: true, force: true });
  }
}

/**
 * `pg_restore -f - | psql` inside one BEGIN … COMMIT written here: the drop of what is there
 * (--force), the whole restore and the row-count check commit together or not at all. The COMMIT
 * is sent only after pg_restore has finished well; any other end closes the connection with the
 * transaction open, and the server rolls it back. Objects are owned by the role of DATABASE_URL
 * (--no-owner); grants to other roles are kept unless `noAcl` (a grant to a role the server does not
 * have fails the whole restore).
 */
async function pgRestore(url: string, dumpFile: string, expected: Record<string, number>, drop: boolean, noAcl: boolean): Promise<void> {
  const conn = connection(url);
  const prefix = 'BEGIN;\n' + (drop
    ? `-- chengjie restore --force: drop what the public schema holds, in this same transaction
DO $chengjie$
DECLARE r record;
BEGIN
  FOR r IN SELECT c.relname, c.relkind FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'f', 'v', 'm', 'S') ORDER BY CASE c.relkind WHEN 'v' THEN 0 WHEN 'm' THEN 0 ELSE 1 END LOOP
    EXECUTE format('DROP %s IF EXISTS public.%I CASCADE',
      CASE r.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END, r.relname);
  END LOOP;
  FOR r IN SELECT p.oid::regprocedure AS sig FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public' LOOP
    EXECUTE format('DROP ROUTINE IF EXISTS %s CASCADE', r.sig);
  END LOOP;
  FOR r IN SELECT t.typname FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
            WHERE n.nspname = 'public' AND t.typtype IN ('e', 'd', 'r', 'm') LOOP
    EXECUTE format('DROP TYPE IF EXISTS public.%I CASCADE', r.typname);
  END LOOP;
END $chengjie$;
`
    : '');
  const rows = Object.entries(expected).map(([t, n]) => `('${t}', ${n}::int8)`);
  const suffix = rows.length
    ? `
-- chengjie restore: the rows must be those the manifest counted, or nothing is committed
DO $chengjie$
DECLARE r record; n int8;
BEGIN
  FOR r IN SELECT * FROM (VALUES ${rows.join(', ')}) AS v(t, expected) LOOP
    EXECUTE format('SELECT count(*) FROM public.%I', r.t) INTO n;
    IF n <> r.expected THEN RAISE EXCEPTION 'row count of % after restore is %, the manifest says %', r.t, n, r.expected; END IF;
  END LOOP;
END $chengjie$;
`
    : '';
  const commit = `${suffix}\nCOMMIT;\n`;
  await new Promise<void>((resolve, reject) => {
    const psql = spawn('psql', ['--no-psqlrc', '--quiet', '--no-password', '-v', 'ON_ERROR_STOP=1', '-f', '-', '--dbname', conn.url], {
      env: conn.env,
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    const restore = spawn('pg_restore', ['--no-owner', ...(noAcl ? ['--no-acl'] : []), '--file', '-', dumpFile], { env: conn.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let psqlErr = '';
    let restoreErr = '';
    psql.stderr.on('data', (d: Buffer) => (psqlErr += d.toString()));
    restore.stderr.on('data', (d: Buffer) => (restoreErr += d.toString()));
    psql.stdin.on('error', () => undefined); // psql stopped early: its exit code tells why
    let restoreCode: number | null = null;
    const fail = (why: string) => new BackupError(`恢复失败，数据库已回滚到恢复前的状态（未做任何改动）：${why}`);
    psql.stdin.write(prefix);
    restore.stdout.pipe(psql.stdin, { end: false });
    restore.on('error', (e) => reject(fail(e.message)));
    psql.on('error', (e) => reject(fail(e.message)));
    restore.on('close', (code) => {
      restoreCode = code;
      // Without the COMMIT, psql ends with the transaction open and the server rolls it back.
      psql.stdin.end(code === 0 ? commit : undefined);
    });
    psql.on('close', (code) => {
      if (restoreCode !== 0 && restoreCode !== null) reject(fail(`pg_restore：${lastLines(restoreErr)}`));
      else if (code !== 0) {
        // The dump grants to roles of the old server (e.g. the application role of the audit log set-up).
        const role = /role "([^"]+)" does not exist/.exec(psqlErr)?.[1];
        const hint = role && !noAcl ? `（本服务器没有角色 ${role}：请先创建备份所授权的角色，或加 --no-acl 不恢复授权、恢复后再重新授权）` : '';
        reject(fail(lastLines(psqlErr) + hint));
      }
      else resolve();
    });
  });
}
