import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { TestClient, as, createTestContext, scalar, type TestContext } from '../../testing/harness.js';
import { auditLog, sessions, users } from '../../db/schema.js';
import { totpAt } from '../../platform/crypto/totp.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => ctx?.close());

const lastAudit = async (action: string) => {
  const [row] = await ctx.database.db.select().from(auditLog).where(eq(auditLog.action, action)).orderBy(sql`seq DESC`).limit(1);
  return row;
};

describe('login and sessions', () => {
  it('logs a demo user in with an httpOnly SameSite session cookie and a readable CSRF cookie, and audits it', async () => {
    const c = new TestClient(ctx.app);
    const res = await c.login('sheng.admin');
    expect(res.status).toBe(200);
    expect(res.body.user.username).toBe('sheng.admin');
    expect(res.body.user.permissions).toContain('org.create');
    const setCookie = ([] as string[]).concat(res.headers['set-cookie'] as string[]);
    const sid = setCookie.find((s) => s.startsWith('cj_sid='))!;
    expect(sid).toMatch(/HttpOnly/i);
    expect(sid).toMatch(/SameSite=Lax/i);
    expect(setCookie.find((s) => s.startsWith('cj_csrf='))).not.toMatch(/HttpOnly/i);
    expect((await lastAudit('auth.login.success'))?.entityId).toBe(ctx.ids.users['sheng.admin']);
    const me = await c.get('/api/v1/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user.orgName).toBe('山东省科学技术协会');
    expect(me.body.csrfToken).toBe(c.cookies.get('cj_csrf'));
  });

  it('answers a visitor who is not signed in with 200 and no user (a quiet probe, issue 12 §2)', async () => {
    const anon = new TestClient(ctx.app);
    const me = await anon.get('/api/v1/auth/me');
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ user: null, csrfToken: null });
    expect(me.headers['set-cookie']).toBeUndefined();
    // every other route still refuses the visitor
    expect((await anon.get('/api/v1/todos/counts')).status).toBe(401);
  });

  it('answers a wrong password and an unknown user identically, and audits both failures', async () => {
    const a = await new TestClient(ctx.app).login('sheng.staff', 'Wrong-password-1');
    const b = await new TestClient(ctx.app).login('nobody.here', 'Wrong-password-1');
    expect(a.status).toBe(401);
    expect(b.status).toBe(401);
    expect(a.body.title).toBe(b.body.title);
    expect(a.body.detail).toBe(b.body.detail);
    expect(a.body.code).toBe('INVALID_CREDENTIALS');
    expect(a.headers['content-type']).toMatch(/application\/problem\+json/);
    const f = await lastAudit('auth.login.failure');
    expect(f?.entityId).toBe('nobody.here');
  });

  it('locks a login name after 5 failures for 15 minutes, even for the right password, until an administrator unlocks it', async () => {
    const c = new TestClient(ctx.app);
    for (let i = 0; i < 4; i++) expect((await c.login('expert.lv', 'Wrong-password-1')).status).toBe(401);
    const fifth = await c.login('expert.lv', 'Wrong-password-1');
    expect(fifth.status).toBe(429);
    expect(fifth.body.code).toBe('ACCOUNT_LOCKED');
    expect(fifth.body.detail).toContain('15');
    expect((await c.login('expert.lv')).status).toBe(429);
    // an unknown name locks the same way, so the lock does not reveal existence
    for (let i = 0; i < 5; i++) await c.login('ghost.user', 'Wrong-password-1');
    expect((await c.login('ghost.user', 'Wrong-password-1')).body.code).toBe('ACCOUNT_LOCKED');
    const admin = await as(ctx.app, 'sheng.admin');
    const list = await admin.get('/api/v1/users?q=expert.lv');
    expect(list.body.items[0].lockedUntil).toBeTruthy();
    expect((await admin.post(`/api/v1/users/${ctx.ids.users['expert.lv']}/unlock`)).status).toBe(200);
    expect((await c.login('expert.lv')).status).toBe(200);
  });

  it('ends a session idle for 30 minutes', async () => {
    const c = await as(ctx.app, 'expert.huang');
    expect((await c.get('/api/v1/auth/me')).status).toBe(200);
    await ctx.database.db.execute(sql`UPDATE sessions SET last_seen_at = now() - interval '31 minutes' WHERE user_id = ${ctx.ids.users['expert.huang']}`);
    const res = await c.get('/api/v1/todos/counts');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('SESSION_EXPIRED');
    // who-am-I answers as for a visitor
    expect((await c.get('/api/v1/auth/me')).body).toEqual({ user: null, csrfToken: null });
  });

  it('keeps sessions in the database so another app instance on the same database accepts the cookie', async () => {
    const c = await as(ctx.app, 'kjt.user');
    const rows = await ctx.database.db.select().from(sessions).where(eq(sessions.userId, ctx.ids.users['kjt.user']));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.idHash !== c.cookies.get('cj_sid'))).toBe(true); // only the digest is stored
  });

  it('logs out and the cookie stops working', async () => {
    const c = await as(ctx.app, 'pinggu.user');
    const sid = c.cookies.get('cj_sid')!;
    expect((await c.post('/api/v1/auth/logout')).status).toBe(200);
    c.cookies.set('cj_sid', sid);
    expect((await c.get('/api/v1/auth/me')).body.user).toBeNull();
    expect((await c.get('/api/v1/todos/counts')).status).toBe(401);
  });
});

describe('login rate limit', () => {
  it('answers more than 30 login attempts a minute from one address with 429 problem+json', async () => {
    const c = new TestClient(ctx.app, '127.9.9.9');
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await c.login(`rate.${i}`, 'Wrong-password-1')).status);
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    const last = await c.login('sheng.admin');
    expect(last.status).toBe(429);
    expect(last.body.code).toBe('RATE_LIMITED');
    expect(last.headers['content-type']).toMatch(/problem\+json/);
  });
});

describe('CSRF', () => {
  it('refuses a state-changing request without the token, changes nothing, and audits the deny', async () => {
    const c = await as(ctx.app, 'sheng.admin');
    const before = await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM organisations`);
    const res = await c.post('/api/v1/orgs', { parentId: ctx.ids.province, type: 'department', name: '山东省测试厅' }, { csrf: false });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('CSRF_FAILED');
    expect(await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM organisations`)).toBe(before);
    const deny = await lastAudit('access.deny');
    expect((deny?.after as { code: string }).code).toBe('CSRF_FAILED');
  });

  it('refuses a token that belongs to another session', async () => {
    const a = await as(ctx.app, 'sheng.admin');
    const b = await as(ctx.app, 'sheng.staff');
    const res = await a.request('POST', '/api/v1/auth/logout', {}, { csrf: false, headers: { 'x-csrf-token': b.cookies.get('cj_csrf')! } });
    expect(res.status).toBe(403);
  });
});

describe('passwords', () => {
  it('refuses a new password shorter than 10 characters or with fewer than three character classes, naming the field', async () => {
    const c = await as(ctx.app, 'expert.shi');
    const short = await c.post('/api/v1/auth/password', { currentPassword: 'Chengjie@2026', newPassword: 'Ab1!' });
    expect(short.status).toBe(400);
    expect(short.body.errors[0].path).toBe('body.newPassword');
    expect(short.body.errors.map((e: { message: string }) => e.message).join()).toContain('10');
    const twoClasses = await c.post('/api/v1/auth/password', { currentPassword: 'Chengjie@2026', newPassword: 'abcdefghijk123' });
    expect(twoClasses.status).toBe(400);
    expect(twoClasses.body.errors[0].message).toContain('三类');
  });

  it('stores passwords as argon2id hashes', async () => {
    const [u] = await ctx.database.db.select({ h: users.passwordHash }).from(users).where(eq(users.username, 'sheng.admin'));
    expect(u.h).toMatch(/^\$argon2id\$/);
  });
});

describe('TOTP second factor', () => {
  it('binds TOTP, then requires a valid code at login', async () => {
    const c = await as(ctx.app, 'expert.he');
    const setup = await c.post('/api/v1/auth/totp/setup');
    expect(setup.status).toBe(200);
    expect(setup.body.otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    const bad = await c.post('/api/v1/auth/totp/enable', { code: '000000' === totpAt(setup.body.secret, Math.floor(Date.now() / 1000)) ? '111111' : '000000' });
    expect(bad.status).toBe(400);
    const ok = await c.post('/api/v1/auth/totp/enable', { code: totpAt(setup.body.secret, Math.floor(Date.now() / 1000)) });
    expect(ok.status).toBe(200);
    const noCode = await new TestClient(ctx.app).login('expert.he');
    expect(noCode.status).toBe(401);
    expect(noCode.body.code).toBe('TOTP_REQUIRED');
    // The code that enabled TOTP is spent (accepted once); the next step's code, inside the ±1
    // window, logs in.
    const withCode = await new TestClient(ctx.app).login('expert.he', 'Chengjie@2026', totpAt(setup.body.secret, Math.floor(Date.now() / 1000) + 30));
    expect(withCode.status).toBe(200);
  });
});

describe('TOTP mandatory for administrators (REQUIRE_ADMIN_TOTP)', () => {
  let strict: TestContext;
  beforeAll(async () => {
    strict = await createTestContext({ requireAdminTotp: true });
  });
  afterAll(async () => strict?.close());

  it('lets an administrator without TOTP do nothing but enrol, then everything', async () => {
    const c = await as(strict.app, 'jinan.admin');
    const me = await c.get('/api/v1/auth/me');
    expect(me.body.user.needsTotpEnrollment).toBe(true);
    const blocked = await c.get('/api/v1/orgs/tree');
    expect(blocked.status).toBe(403);
    expect(blocked.body.code).toBe('TOTP_ENROLLMENT_REQUIRED');
    expect((await c.get('/api/v1/public/programmes')).status).toBe(200);
    expect((await c.get('/api/v1/dictionaries')).status).toBe(200);
    const write = await c.post('/api/v1/orgs', { parentId: strict.ids.jinan, type: 'department', name: '未绑定时新建' });
    expect(write.body.code).toBe('TOTP_ENROLLMENT_REQUIRED');
    const setup = await c.post('/api/v1/auth/totp/setup');
    await c.post('/api/v1/auth/totp/enable', { code: totpAt(setup.body.secret, Math.floor(Date.now() / 1000)) });
    expect((await c.get('/api/v1/orgs/tree')).status).toBe(200);
  });

  it('does not restrict users who are not administrators', async () => {
    const c = await as(strict.app, 'kjt.user');
    expect((await c.get('/api/v1/auth/me')).body.user.needsTotpEnrollment).toBe(false);
    expect((await c.get('/api/v1/programmes')).status).toBe(200);
  });
});
