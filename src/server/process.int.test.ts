// The platform as a process: start-up failures a person can fix give one clear line, the embedded
// database refuses a second process, and a server killed mid-request leaves nothing half-written.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { sql } from 'drizzle-orm';
import { lockDataDir } from './platform/datadir-lock.js';
import { openDatabase } from './db/client.js';
import { verifyAuditLog } from './platform/audit.js';
import { createScratchDatabase, scalar } from './testing/harness.js';
import { openPlatform } from './platform/bootstrap.js';
import { loadConfig } from './config.js';

const main = path.resolve('src/server/main.ts');
const tmpDirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'cj-proc-'));
  tmpDirs.push(d);
  return d;
};
afterAll(() => tmpDirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });

describe('starting the platform', () => {
  it('gives one clear line, not a stack trace, when the database is unreachable', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', main], {
      env: { ...process.env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', DATA_DIR: tmp(), PORT: '0' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split('\n').filter((l) => !/Deprecation|trace-warnings/.test(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^启动失败：无法连接数据库 postgres:\/\/nobody@127\.0\.0\.1:1\/none/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a second process on the same embedded data directory with a clear message', () => {
    const dir = tmp();
    const lock = lockDataDir(path.join(dir, 'pglite'));
    try {
      const r = spawnSync(process.execPath, ['--import', 'tsx', main], { env: { ...process.env, DATABASE_URL: '', DATA_DIR: dir, PORT: '0' }, encoding: 'utf8', timeout: 30_000 });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`正被另一个进程（pid ${process.pid}）使用`);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    } finally {
      lock.release();
    }
  });

  it('takes over a lock left by a process that no longer exists', () => {
    const dir = path.join(tmp(), 'pglite');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'chengjie.lock'), '999999');
    const lock = lockDataDir(dir);
    expect(fs.readFileSync(path.join(dir, 'chengjie.lock'), 'utf8')).toBe(String(process.pid));
    lock.release();
  });
});

describe('demo data', () => {
  it('is not written into an empty database when SEED_DEMO=false', async () => {
    const off = await openPlatform(loadConfig({ SEED_DEMO: 'false', DATA_DIR: tmp() }));
    try {
      expect(off.seededUsers).toBeNull();
      expect(await scalar(off.database.db, sql`SELECT count(*) AS n FROM organisations`)).toBe(0);
    } finally {
      await off.database.close();
    }
  }, 180_000); // a fresh embedded database migrated: seconds alone, a minute and more on a loaded machine
});

describe('killing the server mid-request', () => {
  it('leaves every society with its record and exactly one audit row, and the audit chain intact', async () => {
    const port = await freePort();
    const dataDir = tmp();
    let dbUrl: string | undefined;
    let dropDb: (() => Promise<void>) | undefined;
    if (process.env.TEST_DATABASE_URL) ({ url: dbUrl, drop: dropDb } = await createScratchDatabase(process.env.TEST_DATABASE_URL, 'cj_kill'));
    const env = { ...process.env, DATABASE_URL: dbUrl ?? '', DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn' };
    let child: ChildProcess | undefined = spawn(process.execPath, ['--import', 'tsx', main], { env, stdio: 'ignore' });
    try {
      const base = `http://127.0.0.1:${port}`;
      // the first start migrates and writes the demo data: a loaded machine may take minutes
      for (const deadline = Date.now() + 180_000; Date.now() < deadline; ) {
        const ok = await fetch(`${base}/api/v1/health`).then((r) => r.ok, () => false);
        if (ok) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      const csrf = await fetch(`${base}/api/v1/auth/csrf`);
      const csrfCookie = csrf.headers.getSetCookie().map((c) => c.split(';')[0]);
      const token = csrfCookie[0].split('=')[1];
      const login = await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: csrfCookie.join('; '), 'x-csrf-token': token },
        body: JSON.stringify({ username: 'sheng.admin', password: 'Chengjie@2026' }),
      });
      expect(login.status).toBe(200);
      const cookies = login.headers.getSetCookie().map((c) => c.split(';')[0]);
      const session = cookies.join('; ');
      const sessionCsrf = cookies.find((c) => c.startsWith('cj_csrf='))!.split('=')[1];
      const body = (i: number) => ({
        parentId: undefined as unknown,
        name: `断电测试学会${i}`,
        profile: {
          societyType: 'society', affiliation: 'supervised', disciplines: ['测试'], industries: [], secretaryGeneralFullTime: true, fullTimeStaff: 1, financeStaff: 1,
          hasIndependentAccount: true, partyOrg: 'none', councilSize: 5, standingCouncilSize: 1, hasMemberDatabase: false, memberCount: 1, hasExpertDatabase: false, expertCount: 0,
          legalRepPhone: '13800000000',
        },
      });
      const me = await (await fetch(`${base}/api/v1/auth/me`, { headers: { cookie: session } })).json();
      const parentId = me.user.orgId;
      const requests = Array.from({ length: 60 }, (_, i) =>
        fetch(`${base}/api/v1/societies`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie: session, 'x-csrf-token': sessionCsrf },
          body: JSON.stringify({ ...body(i), parentId }),
        }).then((r) => r.status, () => 'killed'),
      );
      // Kill as soon as some creations have committed, while others are in flight.
      await new Promise((r) => setTimeout(r, 150));
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGKILL');
      const outcomes = await Promise.all(requests);
      await exited; // the pid is gone (reaped) before the data directory is opened again
      child = undefined;
      expect(outcomes).toContain('killed');

      const database = await openDatabase(dbUrl ? { url: dbUrl } : { dataDir: path.join(dataDir, 'pglite') });
      try {
        const societies = await scalar(database.db, sql`SELECT count(*) AS n FROM organisations WHERE name LIKE '断电测试学会%'`);
        const withProfile = await scalar(database.db, sql`SELECT count(*) AS n FROM organisations o JOIN society_profiles p ON p.org_id = o.id WHERE o.name LIKE '断电测试学会%'`);
        const audited = await scalar(
          database.db,
          sql`SELECT count(*) AS n FROM audit_log a JOIN organisations o ON a.entity_id = o.id::text WHERE a.action = 'society.create' AND o.name LIKE '断电测试学会%'`,
        );
        expect(withProfile).toBe(societies);
        expect(audited).toBe(societies);
        expect(outcomes.filter((o) => o === 201).length).toBeLessThanOrEqual(societies);
        expect((await verifyAuditLog(database.db)).ok).toBe(true);
      } finally {
        await database.close();
      }
    } finally {
      child?.kill('SIGKILL');
      await dropDb?.();
    }
  }, 300_000);
});

describe('the public address printed on task books (issue 11 §3)', () => {
  const run = (env: Record<string, string>) =>
    spawnSync(process.execPath, ['--import', 'tsx', main], { env: { ...process.env, DATABASE_URL: '', PORT: '0', ...env }, encoding: 'utf8', timeout: 30_000 });
  const errorLines = (stderr: string) => stderr.trim().split('\n').filter((l) => !/Deprecation|trace-warnings/.test(l));

  it('refuses a production start (SEED_DEMO=false) without PUBLIC_URL, in one line, before opening anything', () => {
    const dir = tmp();
    const r = run({ SEED_DEMO: 'false', PUBLIC_URL: '', DATA_DIR: dir });
    expect(r.status).toBe(1);
    const lines = errorLines(r.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^启动失败：未设置 PUBLIC_URL。正式部署（SEED_DEMO=false）须设置平台的公开访问地址/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(fs.readdirSync(dir)).toEqual([]); // no database, no key file
  });

  it('refuses an address that is not http(s), in one line', () => {
    const r = run({ SEED_DEMO: 'false', PUBLIC_URL: 'chengjie.example.cn/portal', DATA_DIR: tmp() });
    expect(r.status).toBe(1);
    expect(errorLines(r.stderr)).toEqual(['启动失败：PUBLIC_URL 无效：chengjie.example.cn/portal（应为平台的公开访问地址，如 https://chengjie.example.cn）']);
  });

  it('starts a production deployment with PUBLIC_URL and shows the address in the banner', async () => {
    let dbUrl: string | undefined;
    let dropDb: (() => Promise<void>) | undefined;
    if (process.env.TEST_DATABASE_URL) ({ url: dbUrl, drop: dropDb } = await createScratchDatabase(process.env.TEST_DATABASE_URL, 'cj_puburl'));
    const env = { ...process.env, SEED_DEMO: 'false', PUBLIC_URL: 'https://chengjie.example.cn/', DATABASE_URL: dbUrl ?? '', DATA_DIR: tmp(), PORT: String(await freePort()), LOG_LEVEL: 'warn', JOB_INTERVAL_SECONDS: '0' };
    const child = spawn(process.execPath, ['--import', 'tsx', main], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let out = '';
      let err = '';
      child.stderr!.on('data', (d: Buffer) => (err += d.toString('utf8')));
      const banner = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no banner in 90 s:\n${out}\n${err}`)), 90_000);
        child.stdout!.on('data', (d: Buffer) => {
          out += d.toString('utf8');
          const line = out.split('\n').find((l) => l.startsWith('公开地址：'));
          if (line) {
            clearTimeout(timer);
            resolve(line);
          }
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}:\n${out}\n${err}`)));
      });
      expect(banner).toBe('公开地址：https://chengjie.example.cn（任务书上的核验网址 https://chengjie.example.cn/portal/verify）');
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
      await dropDb?.();
    }
  }, 120_000);
});
