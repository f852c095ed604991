// Issue 10 §5: `npm run setup` is the way into a real deployment started empty (SEED_DEMO=false):
// the root association and its first administrator, once, audited; a one-time password must be
// changed at first login before anything else works. The CLI is spawned as an operator runs it, on
// the embedded PGlite or on PostgreSQL when TEST_DATABASE_URL is set.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { buildApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { openPlatform } from '../server/platform/bootstrap.js';
import { verifyAuditLog } from '../server/platform/audit.js';
import { TestClient, createScratchDatabase, scalar } from '../server/testing/harness.js';

const PG = process.env.TEST_DATABASE_URL;
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

/** An empty deployment: its own DATA_DIR and, on PostgreSQL, its own database. */
async function emptyDeployment(): Promise<Record<string, string>> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cj-setup-'));
  cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const env: Record<string, string> = { SEED_DEMO: 'false', DATA_DIR: dataDir, DATABASE_URL: '', DATA_KEY: '', LOG_LEVEL: 'warn' };
  if (PG) {
    const scratch = await createScratchDatabase(PG, 'cj_setup');
    cleanups.push(scratch.drop);
    env.DATABASE_URL = scratch.url;
  }
  return env;
}

const setup = (env: Record<string, string>, args: string[], input?: string) =>
  spawnSync(process.execPath, ['--import', 'tsx', path.resolve('src/cli/setup.ts'), ...args], { env: { ...process.env, ...env }, input: input ?? '', encoding: 'utf8', timeout: 120_000 });
const stderrLines = (s: string) => s.trim().split('\n').filter((l) => l && !/Deprecation|trace-warnings|MaxListeners/.test(l));

/** The platform on that deployment, as the server would open it, with an app in front. */
async function platformApp(env: Record<string, string>, overrides: { requireAdminTotp?: boolean } = {}) {
  const config = loadConfig({ ...env }, { logLevel: 'silent', ...overrides });
  const p = await openPlatform(config);
  const app = await buildApp({ database: p.database, config, cipher: p.cipher, files: p.files });
  await app.ready();
  return { p, app, close: async () => (await app.close(), await p.database.close()) };
}

const FLAGS = ['--association', '山东省科学技术协会', '--level', 'provincial', '--login', 'admin', '--name', '张三'];

describe('npm run setup (issue 10 §5)', () => {
  it('creates the root association and its administrator with a one-time password that must be changed first, then refuses to run again', async () => {
    const env = await emptyDeployment();
    const r = setup({ ...env, REQUIRE_ADMIN_TOTP: 'true' }, [...FLAGS, '--one-time']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('已创建根组织「山东省科学技术协会」（省级科协）及其第一位管理员 admin（张三）');
    expect(r.stdout).toContain('首次登录后须先绑定'); // REQUIRE_ADMIN_TOTP
    const oneTime = /一次性密码：(\S+)/.exec(r.stdout)![1];

    // Twice: refused with one Chinese line, nothing written.
    const again = setup(env, [...FLAGS, '--one-time']);
    expect(again.status).toBe(1);
    expect(stderrLines(again.stderr)).toEqual([expect.stringMatching(/^初始化已完成：数据库中已有组织机构/)]);

    const { p, app, close } = await platformApp(env, { requireAdminTotp: true });
    try {
      const db = p.database.db;
      expect(await scalar(db, sql`SELECT count(*)::int AS n FROM organisations`)).toBe(1);
      expect(await scalar(db, sql`SELECT count(*)::int AS n FROM organisations WHERE parent_id IS NULL AND type = 'association' AND level = 'provincial' AND path = id::text || '/'`)).toBe(1);
      // Audited like everything else, by "setup", and the chain holds.
      expect(await scalar(db, sql`SELECT count(*)::int AS n FROM audit_log WHERE actor_name = '平台初始化' AND action IN ('org.create', 'user.create')`)).toBe(2);
      expect((await verifyAuditLog(db)).ok).toBe(true);

      // Both holds at once (one-time password, TOTP required): the password comes first.
      const admin = new TestClient(app);
      expect((await admin.login('admin', oneTime)).status).toBe(200);
      const me = await admin.get('/api/v1/auth/me');
      expect(me.body.user).toMatchObject({ username: 'admin', displayName: '张三', mustChangePassword: true, needsTotpEnrollment: true, roles: ['association_admin'] });
      expect((await admin.get('/api/v1/orgs?limit=10')).status).toBe(403);
      expect((await admin.post('/api/v1/auth/totp/setup')).body).toMatchObject({ code: 'PASSWORD_CHANGE_REQUIRED', title: '请先修改初始密码' });
    } finally {
      await close();
    }
    const plain = await platformApp(env);
    try {
      // Held to the password change: everything else is refused, in Chinese.
      const c = new TestClient(plain.app);
      expect((await c.login('admin', oneTime)).status).toBe(200);
      const held = await c.get('/api/v1/orgs?limit=10');
      expect(held.status).toBe(403);
      expect(held.body).toMatchObject({ code: 'PASSWORD_CHANGE_REQUIRED', title: '请先修改初始密码' });
      expect((await c.post('/api/v1/auth/password', { currentPassword: oneTime, newPassword: oneTime })).status).toBe(400);
      expect((await c.post('/api/v1/auth/password', { currentPassword: oneTime, newPassword: 'Xinmima@2026' })).status).toBe(200);
      // Then it works, in the same session; the one-time password no longer does.
      const orgs = await c.get('/api/v1/orgs?limit=10');
      expect(orgs.status).toBe(200);
      expect(orgs.body.items.map((o: { name: string }) => o.name)).toEqual(['山东省科学技术协会']);
      expect((await new TestClient(plain.app).login('admin', oneTime)).status).toBe(401);
    } finally {
      await plain.close();
    }
    // REQUIRE_ADMIN_TOTP=true: after the password, the administrator is held to binding TOTP.
    const totp = await platformApp(env, { requireAdminTotp: true });
    try {
      const c = new TestClient(totp.app);
      expect((await c.login('admin', 'Xinmima@2026')).status).toBe(200);
      expect((await c.get('/api/v1/auth/me')).body.user).toMatchObject({ mustChangePassword: false, needsTotpEnrollment: true });
      expect((await c.get('/api/v1/orgs?limit=10')).body.code).toBe('TOTP_ENROLLMENT_REQUIRED');
      expect((await c.post('/api/v1/auth/totp/setup')).status).toBe(200);
    } finally {
      await totp.close();
    }
  }, 300_000);

  it('checks inputs with the domain rules, writing nothing, and takes a typed password twice', async () => {
    const env = await emptyDeployment();
    const bad = setup(env, ['--association', '山东省科学技术协会', '--level', 'provincial', '--login', '1admin', '--name', '张三', '--one-time']);
    expect(bad.status).toBe(1);
    expect(stderrLines(bad.stderr)).toEqual([expect.stringContaining('初始化失败：管理员登录名：用户名须以字母开头')]);
    const weak = setup(env, FLAGS, 'short\nshort\n');
    expect(weak.status).toBe(1);
    expect(weak.stderr).toContain('密码长度至少 10 位');
    const differ = setup(env, FLAGS, 'Mima@20260101\nMima@20260102\n');
    expect(differ.status).toBe(1);
    expect(differ.stderr).toContain('两次输入的密码不一致');

    // Asked for what the flags do not give (here piped, as a script would), the level by its label.
    const typed = setup(env, [], '济南市科学技术协会\n市级\njinan.admin\n李四\nMima@20260101\nMima@20260101\n');
    expect(typed.status, typed.stderr).toBe(0);
    expect(typed.stdout).not.toContain('一次性密码');
    const { p, app, close } = await platformApp(env);
    try {
      // The refused runs wrote nothing (else the typed run would have been refused as a second setup).
      expect(await scalar(p.database.db, sql`SELECT count(*)::int AS n FROM organisations`)).toBe(1);
      expect(await scalar(p.database.db, sql`SELECT count(*)::int AS n FROM organisations WHERE level = 'city'`)).toBe(1);
      const c = new TestClient(app);
      expect((await c.login('jinan.admin', 'Mima@20260101')).status).toBe(200);
      expect((await c.get('/api/v1/auth/me')).body.user.mustChangePassword).toBe(false);
      expect((await c.get('/api/v1/orgs?limit=10')).status).toBe(200);
    } finally {
      await close();
    }
  }, 300_000);
});
