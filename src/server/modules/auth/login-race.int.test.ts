// Issue 10 §2: the login lockout and the TOTP step hold under truly concurrent requests. The app
// listens on a real socket and every client connects from its own loopback address (Linux routes
// all of 127/8 to lo), so the per-address rate limit of the login route (30 a minute) never answers
// one of these requests: the database-backed lockout alone must hold.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { verify as argonVerify } from '@node-rs/argon2';
import { TestClient, createTestContext, scalar, type TestContext } from '../../testing/harness.js';
import { auditLog, loginThrottle, users } from '../../db/schema.js';
import { totpAt, TOTP_PERIOD_SECONDS } from '../../platform/crypto/totp.js';
import { LOCKOUT_MAX_FAILURES, LOCKOUT_MINUTES } from '../../../domain/identity/lockout.rules.js';
import { AppError } from '../../platform/errors.js';
import { login } from './login.js';

let ctx: TestContext;
let port: number;
beforeAll(async () => {
  ctx = await createTestContext();
  await ctx.app.listen({ host: '127.0.0.1', port: 0 });
  port = (ctx.app.server.address() as AddressInfo).port;
});
afterAll(async () => ctx?.close());

interface Answer {
  status: number;
  body: { code?: string; title?: string; detail?: string };
}

/** One login over TCP from `localAddress`; a fresh connection each time (no keep-alive). */
function postLogin(localAddress: string, body: Record<string, string>): Promise<Answer> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        localAddress,
        agent: false,
        method: 'POST',
        path: '/api/v1/auth/login',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          // CSRF before a session: the header must equal the cj_csrf cookie (double submit).
          cookie: 'cj_csrf=race-test-token',
          'x-csrf-token': 'race-test-token',
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const ADDRESSES = Array.from({ length: 10 }, (_, i) => `127.0.${10 + i}.${1 + i}`);
const throttleOf = async (name: string) => (await ctx.database.db.select().from(loginThrottle).where(eq(loginThrottle.username, name)))[0];
const auditCount = (action: string, name: string) =>
  scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE action = ${action} AND entity_id = ${name}`);

describe('login lockout under concurrent guesses (issue 10 §2)', () => {
  it('50 wrong guesses at once from 10 addresses: exactly the 5th locks, the rest are refused as locked, then the right password is refused too', async () => {
    const name = 'expert.lv';
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => postLogin(ADDRESSES[i % ADDRESSES.length], { username: name, password: `Wrong-password-${i}` })),
    );
    const codes = answers.map((a) => a.body.code);
    // The in-process rate limiter never answered: each address sent 5 requests.
    expect(codes).not.toContain('RATE_LIMITED');
    expect(codes.filter((c) => c === 'INVALID_CREDENTIALS')).toHaveLength(LOCKOUT_MAX_FAILURES - 1);
    expect(codes.filter((c) => c === 'ACCOUNT_LOCKED')).toHaveLength(50 - (LOCKOUT_MAX_FAILURES - 1));
    for (const a of answers) expect(a.status === 401 || a.status === 429).toBe(true);

    const row = await throttleOf(name);
    expect(row.failures).toBe(LOCKOUT_MAX_FAILURES);
    expect(row.lockedUntil).not.toBeNull();
    const lockMs = row.lockedUntil!.getTime() - Date.now();
    expect(lockMs).toBeGreaterThan((LOCKOUT_MINUTES - 1) * 60_000);
    expect(lockMs).toBeLessThanOrEqual(LOCKOUT_MINUTES * 60_000);

    // Each counted failure is audited once with its own count: 1, 2, 3, 4, 5 — no lost update.
    const failures = await ctx.database.db
      .select({ after: auditLog.after })
      .from(auditLog)
      .where(and(eq(auditLog.action, 'auth.login.failure'), eq(auditLog.entityId, name)));
    expect(failures.map((f) => (f.after as { failures: number }).failures).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
    expect(await auditCount('auth.login.locked', name)).toBe(50 - LOCKOUT_MAX_FAILURES);

    // The right password, from an address that never guessed, is refused until the lock ends.
    const right = await postLogin('127.0.99.1', { username: name, password: 'Chengjie@2026' });
    expect(right.status).toBe(429);
    expect(right.body.code).toBe('ACCOUNT_LOCKED');
    expect(right.body.detail).toMatch(/分钟/);
    expect((await throttleOf(name)).failures).toBe(LOCKOUT_MAX_FAILURES);
    expect(await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM sessions WHERE user_id = ${ctx.ids.users[name]}`)).toBe(0);
  });

  it('an unknown login name locks the same way under the same load', async () => {
    const name = 'nobody.at.all';
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => postLogin(ADDRESSES[i % ADDRESSES.length], { username: name, password: `Wrong-password-${i}` })),
    );
    expect(answers.filter((a) => a.body.code === 'INVALID_CREDENTIALS')).toHaveLength(LOCKOUT_MAX_FAILURES - 1);
    expect((await throttleOf(name)).failures).toBe(LOCKOUT_MAX_FAILURES);
  });

  it('a right password whose check began before the lock is refused when the lock is taken while it verifies, and does not clear the lock', async () => {
    const name = 'expert.huang';
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let verifying!: () => void;
    const started = new Promise<void>((r) => (verifying = r));
    // The real argon2 check, held open until five wrong guesses have locked the name.
    const pending = login({
      db: ctx.database.db,
      cipher: ctx.cipher,
      input: { username: name, password: 'Chengjie@2026' },
      requireAdminTotp: false,
      who: { ip: '127.0.98.1', requestId: null },
      userAgent: null,
      verifyPassword: async (hash, password) => {
        verifying();
        const ok = await argonVerify(hash, password);
        await gate;
        return ok;
      },
    }).then(
      () => 'logged-in',
      (e: unknown) => (e instanceof AppError ? e.code : String(e)),
    );
    await started;
    const guesses = await Promise.all(
      Array.from({ length: LOCKOUT_MAX_FAILURES }, (_, i) => postLogin(ADDRESSES[i], { username: name, password: `Wrong-password-${i}` })),
    );
    expect(guesses.filter((g) => g.body.code === 'INVALID_CREDENTIALS')).toHaveLength(LOCKOUT_MAX_FAILURES - 1);
    expect(guesses.filter((g) => g.body.code === 'ACCOUNT_LOCKED')).toHaveLength(1);
    release();
    expect(await pending).toBe('ACCOUNT_LOCKED');
    const row = await throttleOf(name);
    expect(row.failures).toBe(LOCKOUT_MAX_FAILURES);
    expect(row.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
    expect(await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM sessions WHERE user_id = ${ctx.ids.users[name]}`)).toBe(0);
  });

  it('a wrong guess whose check began before a success is counted after it, from the reset counter', async () => {
    const name = 'expert.shi';
    for (let i = 0; i < LOCKOUT_MAX_FAILURES - 1; i++) await postLogin(ADDRESSES[i], { username: name, password: `Wrong-password-${i}` });
    expect((await throttleOf(name)).failures).toBe(LOCKOUT_MAX_FAILURES - 1);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let verifying!: () => void;
    const started = new Promise<void>((r) => (verifying = r));
    const pendingWrong = login({
      db: ctx.database.db,
      cipher: ctx.cipher,
      input: { username: name, password: 'Wrong-password-late' },
      requireAdminTotp: false,
      who: { ip: '127.0.98.2', requestId: null },
      userAgent: null,
      verifyPassword: async (hash, password) => {
        verifying();
        const ok = await argonVerify(hash, password);
        await gate;
        return ok;
      },
    }).then(
      () => 'logged-in',
      (e: unknown) => (e instanceof AppError ? e.code : String(e)),
    );
    await started;
    const ok = await postLogin('127.0.97.1', { username: name, password: 'Chengjie@2026' });
    expect(ok.status).toBe(200);
    expect(await throttleOf(name)).toBeUndefined();
    release();
    // Counted from the reset state (1 failure), not from the 4 it saw before verifying.
    expect(await pendingWrong).toBe('INVALID_CREDENTIALS');
    const row = await throttleOf(name);
    expect(row.failures).toBe(1);
    expect(row.lockedUntil).toBeNull();
  });
});

describe('TOTP code accepted once (issue 10 §2)', () => {
  it('refuses a replayed code at login — also when the same code is sent twice at once — and a code of an older step', async () => {
    const name = 'expert.he';
    const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    await ctx.database.db.update(users).set({ totpSecretEnc: ctx.cipher.encrypt(secret), totpEnabled: true }).where(eq(users.username, name));
    const now = Math.floor(Date.now() / 1000);
    const code = totpAt(secret, now);
    // Sent twice at the same moment from two addresses: one login, one refusal.
    const both = await Promise.all(
      ['127.0.50.1', '127.0.50.2'].map((a) => postLogin(a, { username: name, password: 'Chengjie@2026', totpCode: code })),
    );
    expect(both.map((b) => b.status).sort()).toEqual([200, 401]);
    const refused = both.find((b) => b.status === 401)!;
    expect(refused.body.code).toBe('TOTP_INVALID');
    expect(refused.body.detail).toMatch(/已使用/);
    // Later, the same code again: refused.
    const again = await postLogin('127.0.50.3', { username: name, password: 'Chengjie@2026', totpCode: code });
    expect(again.status).toBe(401);
    expect(again.body.detail).toMatch(/已使用/);
    // The code of the step before (still inside the ±1 window) is older than the one used: refused.
    const older = await postLogin('127.0.50.4', { username: name, password: 'Chengjie@2026', totpCode: totpAt(secret, now - TOTP_PERIOD_SECONDS) });
    if (totpAt(secret, now - TOTP_PERIOD_SECONDS) !== code) expect(older.status).toBe(401);
    const [u] = await ctx.database.db.select({ step: users.totpLastStep }).from(users).where(eq(users.username, name));
    expect(u.step).toBe(Math.floor(now / TOTP_PERIOD_SECONDS) + (totpAt(secret, now - TOTP_PERIOD_SECONDS) === code ? -1 : 0));
  });

  it('the code that enabled TOTP cannot then be replayed to log in', async () => {
    const c = new TestClient(ctx.app);
    expect((await c.login('pinggu.user')).status).toBe(200);
    const setup = await c.post('/api/v1/auth/totp/setup');
    const code = totpAt(setup.body.secret, Math.floor(Date.now() / 1000));
    // Enabling twice at once with the same code: one binds, the other is refused.
    const both = await Promise.all([c.post('/api/v1/auth/totp/enable', { code }), c.post('/api/v1/auth/totp/enable', { code })]);
    expect(both.map((b) => b.status).sort()).toEqual([200, 409]);
    const replay = await postLogin('127.0.51.1', { username: 'pinggu.user', password: 'Chengjie@2026', totpCode: code });
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('TOTP_INVALID');
    expect(replay.body.detail).toMatch(/已使用/);
  });
});
