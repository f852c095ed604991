// Issue 10 §5: the platform refuses to start when the SM4 data key does not match the data — with one
// line naming the expected key and the given one — and never makes a fresh key for a database that
// holds encrypted data. Runs on the embedded PGlite, or on PostgreSQL when TEST_DATABASE_URL is set.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/client.js';
import { organisations } from '../db/schema.js';
import { openPlatform } from './bootstrap.js';
import { DataKeyError, loadDataKey, recordDataKey } from './data-key.js';
import { masterKeyFingerprint } from './crypto/field-cipher.js';
import { migrate } from '../db/migrate.js';

const PG = process.env.TEST_DATABASE_URL;
const dirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'cj-key-'));
  dirs.push(d);
  return d;
};
const dbs: string[] = [];
async function freshDatabaseUrl(): Promise<string | undefined> {
  if (!PG) return undefined;
  const name = `cj_key_${crypto.randomBytes(5).toString('hex')}`;
  const c = new pg.Client({ connectionString: PG });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  dbs.push(name);
  const u = new URL(PG);
  u.pathname = `/${name}`;
  return u.toString();
}
afterAll(async () => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  if (PG && dbs.length) {
    const c = new pg.Client({ connectionString: PG });
    await c.connect();
    for (const n of dbs) await c.query(`DROP DATABASE IF EXISTS ${n} WITH (FORCE)`);
    await c.end();
  }
});

const OTHER_KEY = 'ab'.repeat(32);
let url: string | undefined;
let dataDir: string;
const env = (extra: Record<string, string> = {}) => ({ SEED_DEMO: 'false', DATA_DIR: dataDir, ...(url ? { DATABASE_URL: url } : {}), ...extra });
const keyFile = () => path.join(dataDir, 'data.key');

/** What a refused start must leave as it was: the check value, the rows, the applied migrations. */
async function snapshot() {
  const database = await openDatabase(url ? { url } : { dataDir: path.join(dataDir, 'pglite') });
  try {
    const r = (await database.db.execute(sql`SELECT
      (SELECT coalesce(string_agg(name || '=' || value::text, ','), '') FROM platform_settings) AS settings,
      (SELECT count(*)::int FROM organisations) AS orgs,
      (SELECT count(*)::int FROM schema_migrations) AS migrations`)) as unknown as { rows: Record<string, unknown>[] };
    return r.rows[0];
  } finally {
    await database.close();
  }
}

async function withDatabase<T>(fn: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<T>): Promise<T> {
  const database = await openDatabase(url ? { url } : { dataDir: path.join(dataDir, 'pglite') });
  try {
    return await fn(database.db);
  } finally {
    await database.close();
  }
}

let firstKeyHex: string;
let fingerprint: string;

beforeAll(async () => {
  url = await freshDatabaseUrl();
  dataDir = tmp();
  // First start: a new key file, and the database records which key it is under.
  const p = await openPlatform(loadConfig(env()));
  try {
    expect(p.dataKey.created).toBe(true);
    firstKeyHex = fs.readFileSync(keyFile(), 'utf8').trim();
    fingerprint = masterKeyFingerprint(Buffer.from(firstKeyHex, 'hex'));
    expect(p.dataKey).toMatchObject({ fingerprint, source: 'file' });
    // Personal data under that key.
    await p.database.db.insert(organisations).values({ id: crypto.randomUUID(), path: 'x/', type: 'association', level: 'provincial', name: '测试科协', contactPhoneEnc: p.cipher.encrypt('13800000000') });
    const row = (await p.database.db.execute(sql`SELECT value FROM platform_settings WHERE name = 'data_key_check'`)) as unknown as { rows: { value: { fingerprint: string } }[] };
    expect(row.rows[0].value.fingerprint).toBe(fingerprint);
  } finally {
    await p.database.close();
  }
}, 120_000);

describe('the data key (issue 10 §5)', () => {
  it('is accepted at the next start, from the key file or from DATA_KEY', async () => {
    for (const extra of [{}, { DATA_KEY: firstKeyHex }] as Record<string, string>[]) {
      const p = await openPlatform(loadConfig(env(extra)));
      expect(p.dataKey).toMatchObject({ fingerprint, created: false, source: 'DATA_KEY' in extra ? 'env' : 'file' });
      await p.database.close();
    }
  }, 120_000);

  it('refuses a wrong key with one line naming the expected and the given key and where it was read, writing nothing', async () => {
    const before = await snapshot();
    const err = await openPlatform(loadConfig(env({ DATA_KEY: OTHER_KEY }))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataKeyError);
    const message = (err as Error).message;
    expect(message).not.toContain('\n');
    expect(message).toContain(`数据库需要密钥 ${fingerprint}`);
    expect(message).toContain(`当前密钥 ${masterKeyFingerprint(Buffer.from(OTHER_KEY, 'hex'))}`);
    expect(message).toContain('DATA_KEY');
    expect(message).toContain(`expected key ${fingerprint}`);
    expect(await snapshot()).toEqual(before);
    expect(fs.readFileSync(keyFile(), 'utf8').trim()).toBe(firstKeyHex);
  }, 120_000);

  it('never makes a new key for a database that holds encrypted data: a missing key file is refused', async () => {
    const before = await snapshot();
    fs.renameSync(keyFile(), `${keyFile()}.aside`);
    try {
      const err = await openPlatform(loadConfig(env())).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DataKeyError);
      expect((err as Error).message).toContain(`未找到数据密钥：数据库已有加密数据（需要密钥 ${fingerprint}）`);
      expect((err as Error).message).toContain(keyFile());
      expect(fs.existsSync(keyFile())).toBe(false);
      expect(await snapshot()).toEqual(before);
    } finally {
      fs.renameSync(`${keyFile()}.aside`, keyFile());
    }
  }, 120_000);

  it('gives a database from before the check value one at its next start, only if the key decrypts what is there', async () => {
    await withDatabase((db) => db.execute(sql`DELETE FROM platform_settings`));
    // A wrong key cannot read the existing personal data: refused, and no check value is written.
    const wrong = await openPlatform(loadConfig(env({ DATA_KEY: OTHER_KEY }))).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(DataKeyError);
    expect((wrong as Error).message).toContain('无法解密数据库中已有的加密数据');
    expect((await snapshot()).settings).toBe('');
    // No key at all: refused too, no key file made.
    fs.renameSync(keyFile(), `${keyFile()}.aside`);
    try {
      const none = await openPlatform(loadConfig(env())).catch((e: unknown) => e);
      expect((none as Error).message).toContain('未找到数据密钥');
      expect(fs.existsSync(keyFile())).toBe(false);
    } finally {
      fs.renameSync(`${keyFile()}.aside`, keyFile());
    }
    // The right key: accepted, and the check value written from it.
    const p = await openPlatform(loadConfig(env()));
    await p.database.close();
    expect((await snapshot()).settings).toContain(fingerprint);
  }, 180_000);

  it('lets only one of two processes starting at once with different new keys record its key; the other refuses and removes its key file', async () => {
    const otherUrl = await freshDatabaseUrl();
    const database = await openDatabase(otherUrl ? { url: otherUrl } : {});
    try {
      const [a, b] = [tmp(), tmp()].map((d) => path.join(d, 'data.key'));
      const keyA = await loadDataKey(database.db, { filePath: a });
      const keyB = await loadDataKey(database.db, { filePath: b });
      expect(keyA.created && keyB.created).toBe(true);
      await migrate(database.db);
      await recordDataKey(database.db, keyA);
      await expect(recordDataKey(database.db, keyB)).rejects.toThrow(`数据库需要密钥 ${keyA.fingerprint}`);
      expect(fs.existsSync(a)).toBe(true);
      expect(fs.existsSync(b)).toBe(false);
    } finally {
      await database.close();
    }
  }, 120_000);

  it('stops the server process with exit 1 and that one line on stderr', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.resolve('src/server/main.ts')], {
      env: { ...process.env, ...env({ DATA_KEY: OTHER_KEY }), DATABASE_URL: url ?? '', PORT: '0', LOG_LEVEL: 'warn', PUBLIC_URL: 'https://chengjie.example.cn' },
      encoding: 'utf8',
      timeout: 90_000,
    });
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split('\n').filter((l) => !/Deprecation|trace-warnings/.test(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^启动失败：数据密钥与数据库不符：数据库需要密钥 ${fingerprint}，当前密钥 [0-9a-f]{8}（读自 环境变量 DATA_KEY）.* / Data key does not match the database: expected key ${fingerprint}`));
    expect(r.stdout).not.toContain('承接平台已启动');
  }, 120_000);
});
