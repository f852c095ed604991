// Test harness for integration tests through HTTP (ARCHITECTURE §3.10): a real database —
// PGlite by default (cloned from a migrated, seeded template), PostgreSQL when TEST_DATABASE_URL
// is set (a database per test file, copied from a migrated, seeded template database, dropped
// after) — and a cookie-keeping client.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { SQL } from 'drizzle-orm';
import { buildApp, type App } from '../app.js';
import { loadConfig, type Config } from '../config.js';
import { openDatabase, type Database } from '../db/client.js';
import { migrate } from '../db/migrate.js';
import { seedDemo, type DemoIds } from '../../cli/demo/demo.js';
import { createFieldCipher, type FieldCipher } from '../platform/crypto/field-cipher.js';
import { sm3Hex } from '../platform/crypto/sm3.js';

export const TEST_KEY = Buffer.from('00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff', 'hex');
// The demo's yearly facts are relative to the current year, so qualification checks (SEL-3,
// counted from today) see the same history whenever the tests run.
export const SEED_YEAR = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4));

export interface TestContext {
  app: App;
  database: Database;
  cipher: FieldCipher;
  ids: DemoIds;
  config: Config;
  driver: 'pglite' | 'postgres';
  close(): Promise<void>;
}

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');

let templateKeyMemo: string | undefined;
function templateKey(): string {
  // The template is the product of migrations, the seed and the use cases it calls: any change
  // to server or domain sources makes a new one.
  if (templateKeyMemo) return templateKeyMemo;
  const sources = (dir: string): string[] =>
    fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path.join(root, dir, e.name)] : [],
    );
  const files = [
    ...sources('src/server'),
    ...sources('src/domain'),
    // the demo data the template is seeded with (a change there made no new template before)
    ...sources('src/cli/demo'),
    ...fs.readdirSync(path.join(root, 'src/server/db/migrations')).filter((f) => f.endsWith('.sql')).map((f) => path.join(root, 'src/server/db/migrations', f)),
  ];
  const h = files.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
  // Today's date too: the demo's deadlines (declaration windows, to-dos) count from the seeding day.
  return (templateKeyMemo = sm3Hex(`${h}\n${new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)}`).slice(0, 16));
}

async function pgliteTemplate(): Promise<{ blob: Blob; ids: DemoIds }> {
  const dir = path.join(root, 'node_modules/.cache/chengjie');
  const key = templateKey();
  const tar = path.join(dir, `pglite-${key}.tar.gz`);
  const idsFile = path.join(dir, `pglite-${key}.json`);
  if (fs.existsSync(tar) && fs.existsSync(idsFile)) {
    return { blob: new Blob([fs.readFileSync(tar)]), ids: JSON.parse(fs.readFileSync(idsFile, 'utf8')) as DemoIds };
  }
  const pgl = await PGlite.create();
  const database = await openDatabase({ pglite: pgl });
  await migrate(database.db);
  const { ids } = await seedDemo({ db: database.db, cipher: createFieldCipher(TEST_KEY), year: SEED_YEAR });
  const dump = await pgl.dumpDataDir('gzip');
  await pgl.close();
  fs.mkdirSync(dir, { recursive: true });
  for (const old of fs.readdirSync(dir)) if (/^pglite-[0-9a-f]{16}\.(tar\.gz|json)$/.test(old) && !old.includes(key)) fs.rmSync(path.join(dir, old), { force: true });
  const tmp = `${tar}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
  fs.writeFileSync(`${idsFile}.${process.pid}.tmp`, JSON.stringify(ids));
  fs.renameSync(`${idsFile}.${process.pid}.tmp`, idsFile);
  fs.renameSync(tmp, tar);
  return { blob: new Blob([fs.readFileSync(tar)]), ids };
}

/**
 * A new empty database on the PostgreSQL server of `serverUrl` (TEST_DATABASE_URL), named
 * `<prefix>_<random hex>`: its URL, and `drop` to remove it (connections and all) after the test.
 */
export async function createScratchDatabase(serverUrl: string, prefix: string): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${crypto.randomBytes(6).toString('hex')}`;
  const admin = async (statement: string) => {
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    try {
      await c.query(statement);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return { name, url: u.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

async function withAdmin<T>(serverUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

// PostgreSQL: the migrated, seeded demo database is built once per server and template key, as the
// database `cj_tpl_<key>` (its ids, and when it was built, in the database's comment, written last:
// a template without one is unfinished), and each test file gets a copy of it (CREATE DATABASE …
// TEMPLATE, a second where migrating and seeding take tens). Advisory locks (on the server's own
// database) keep builders apart: a clone holds the key's lock shared, a build or a drop exclusive.
const TEMPLATE_LOCK = 727002;
const lockOf = (key: string) => parseInt(key.slice(0, 8), 16) | 0;
// templates of other trees (other keys) are dropped once this old and nobody is copying them
const TEMPLATE_MAX_AGE_MS = 3_600_000;

async function templateNote(c: pg.Client, name: string): Promise<{ ids: DemoIds; built: string } | null> {
  const r = await c.query<{ note: string | null }>(`SELECT shobj_description(oid, 'pg_database') AS note FROM pg_database WHERE datname = $1`, [name]);
  return r.rows[0]?.note ? (JSON.parse(r.rows[0].note) as { ids: DemoIds; built: string }) : null;
}

async function buildPostgresTemplate(c: pg.Client, serverUrl: string, key: string): Promise<void> {
  const name = `cj_tpl_${key}`;
  await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`); // an unfinished one (a build that died)
  await c.query(`CREATE DATABASE ${name}`);
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  const database = await openDatabase({ url: u.toString(), poolSize: 4 });
  let ids: DemoIds;
  try {
    await migrate(database.db);
    ids = (await seedDemo({ db: database.db, cipher: createFieldCipher(TEST_KEY), year: SEED_YEAR })).ids;
  } finally {
    await database.close();
  }
  await c.query(`COMMENT ON DATABASE ${name} IS ${c.escapeLiteral(JSON.stringify({ ids, built: new Date().toISOString() }))}`);
  // Templates of other keys (older sources, another working tree): dropped when old, unused now and
  // without a live copy; one still wanted is simply built again by its next test file.
  const others = await c.query<{ datname: string; note: string | null }>(
    `SELECT datname, shobj_description(oid, 'pg_database') AS note FROM pg_database WHERE datname LIKE 'cj\\_tpl\\_%' AND datname <> $1`,
    [name],
  );
  for (const o of others.rows) {
    const otherKey = o.datname.slice('cj_tpl_'.length);
    if (!/^[0-9a-f]{16}$/.test(otherKey)) continue;
    const built = o.note ? Date.parse((JSON.parse(o.note) as { built?: string }).built ?? '') : NaN;
    if (Date.now() - (Number.isNaN(built) ? 0 : built) < TEMPLATE_MAX_AGE_MS) continue;
    const got = await c.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [TEMPLATE_LOCK, lockOf(otherKey)]);
    if (!got.rows[0].ok) continue;
    try {
      const copies = await c.query(`SELECT 1 FROM pg_database WHERE datname LIKE $1`, [`cj\\_test\\_${otherKey}\\_%`]);
      if (!copies.rowCount) await c.query(`DROP DATABASE IF EXISTS ${o.datname}`);
    } catch {
      /* in use after all: left for a later build */
    } finally {
      await c.query('SELECT pg_advisory_unlock($1, $2)', [TEMPLATE_LOCK, lockOf(otherKey)]);
    }
  }
}

/** A copy of the demo template (built first if this server has none for these sources), dropped after the test. */
async function clonePostgresTemplate(serverUrl: string): Promise<{ url: string; ids: DemoIds; drop: () => Promise<void> }> {
  const key = templateKey();
  const template = `cj_tpl_${key}`;
  const name = `cj_test_${key}_${crypto.randomBytes(6).toString('hex')}`;
  const ids = await withAdmin(serverUrl, async (c) => {
    for (;;) {
      await c.query('SELECT pg_advisory_lock_shared($1, $2)', [TEMPLATE_LOCK, lockOf(key)]);
      try {
        const note = await templateNote(c, template);
        if (note) {
          await c.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
          return note.ids;
        }
      } finally {
        await c.query('SELECT pg_advisory_unlock_shared($1, $2)', [TEMPLATE_LOCK, lockOf(key)]);
      }
      await c.query('SELECT pg_advisory_lock($1, $2)', [TEMPLATE_LOCK, lockOf(key)]);
      try {
        if (!(await templateNote(c, template))) await buildPostgresTemplate(c, serverUrl, key);
      } finally {
        await c.query('SELECT pg_advisory_unlock($1, $2)', [TEMPLATE_LOCK, lockOf(key)]);
      }
    }
  });
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return { url: u.toString(), ids, drop: () => withAdmin(serverUrl, async (c) => void (await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))) };
}

/**
 * The end of a test run on PostgreSQL (vitest's global setup): this tree's template is dropped, so
 * the run leaves no database behind — unless another run is copying it right now (it then stays,
 * and the next build of another key drops it once it is old).
 */
export async function dropPostgresTemplate(serverUrl: string): Promise<void> {
  const key = templateKey();
  await withAdmin(serverUrl, async (c) => {
    const got = await c.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [TEMPLATE_LOCK, lockOf(key)]);
    if (!got.rows[0].ok) return;
    try {
      await c.query(`DROP DATABASE IF EXISTS cj_tpl_${key}`);
    } catch {
      /* a copy is being made from it by another run: left for later */
    } finally {
      await c.query('SELECT pg_advisory_unlock($1, $2)', [TEMPLATE_LOCK, lockOf(key)]);
    }
  });
}

export async function createTestContext(overrides: Partial<Config> = {}, opts: { configure?: (app: App) => void } = {}): Promise<TestContext> {
  const cipher = createFieldCipher(TEST_KEY);
  const config = loadConfig({}, { logLevel: 'silent', dataDir: path.join(os.tmpdir(), 'chengjie-test'), requireAdminTotp: false, ...overrides });
  const url = process.env.TEST_DATABASE_URL;
  let database: Database;
  let ids: DemoIds;
  let drop: (() => Promise<void>) | undefined;
  if (url) {
    const copy = await clonePostgresTemplate(url);
    database = await openDatabase({ url: copy.url, poolSize: 30 });
    ids = copy.ids;
    drop = copy.drop;
  } else {
    const t = await pgliteTemplate();
    const pgl = await PGlite.create({ loadDataDir: t.blob });
    database = await openDatabase({ pglite: pgl });
    ids = t.ids;
  }
  const app = await buildApp({ database, config: { ...config, databaseUrl: url }, cipher });
  opts.configure?.(app); // a test's own hook (the contract test adds a stray field before serialisation)
  await app.ready();
  return {
    app,
    database,
    cipher,
    ids,
    config,
    driver: database.driver,
    close: async () => {
      await app.close();
      await database.close();
      await drop?.();
    },
  };
}

/** Runs a `SELECT … AS n` and returns n (tests count rows to prove nothing was written). */
export async function scalar(db: Database['db'], query: SQL): Promise<number> {
  const res = (await db.execute(query)) as unknown as { rows: { n: number | string }[] };
  return Number(res.rows[0].n);
}

export interface Res {
  status: number;
  body: any;
  headers: Record<string, string | string[] | number | undefined>;
  /** the answer's bytes (downloads: Excel, attachments) */
  raw: Buffer;
}

/** A browser-like client: keeps cookies, sends the CSRF header on writes. */
export class TestClient {
  cookies = new Map<string, string>();
  constructor(
    readonly app: App,
    // Each client gets its own loopback address, as separate browsers would, so the per-address
    // login rate limit does not couple unrelated tests.
    readonly ip = `127.${1 + Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`,
  ) {}

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown, opts: { csrf?: boolean; headers?: Record<string, string>; rawBody?: string | Buffer } = {}): Promise<Res> {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (this.cookies.size) headers.cookie = this.cookieHeader();
    if (method !== 'GET' && opts.csrf !== false) {
      if (!this.cookies.has('cj_csrf')) await this.request('GET', '/api/v1/auth/csrf');
      headers.cookie = this.cookieHeader();
      headers['x-csrf-token'] = this.cookies.get('cj_csrf')!;
    }
    let payload: string | Buffer | undefined;
    if (opts.rawBody !== undefined) {
      payload = opts.rawBody;
      headers['content-type'] ??= 'application/json';
    } else if (body !== undefined) {
      payload = JSON.stringify(body);
      headers['content-type'] = 'application/json';
    }
    const res = await this.app.inject({ method, url, headers, payload, remoteAddress: this.ip });
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    let parsed: unknown = res.body;
    try {
      parsed = res.body ? JSON.parse(res.body) : null;
    } catch {
      /* not JSON */
    }
    return { status: res.statusCode, body: parsed, headers: res.headers, raw: res.rawPayload };
  }

  get(url: string) {
    return this.request('GET', url);
  }
  post(url: string, body?: unknown, opts?: { csrf?: boolean }) {
    return this.request('POST', url, body ?? {}, opts);
  }
  patch(url: string, body: unknown, opts?: { csrf?: boolean }) {
    return this.request('PATCH', url, body, opts);
  }
  put(url: string, body: unknown, opts?: { csrf?: boolean }) {
    return this.request('PUT', url, body, opts);
  }

  async login(username: string, password = 'Chengjie@2026', totpCode?: string): Promise<Res> {
    const res = await this.post('/api/v1/auth/login', { username, password, ...(totpCode ? { totpCode } : {}) });
    return res;
  }
}

/** Logs a demo user in and returns the client; fails the test if login fails. */
export async function as(app: App, username: string): Promise<TestClient> {
  const c = new TestClient(app);
  const res = await c.login(username);
  if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return c;
}
