import { z } from 'zod';
import { eq } from 'drizzle-orm';
import { verify as argonVerify } from '@node-rs/argon2';
import type { FastifyReply } from 'fastify';
import type { AppDeps, ZApp } from '../../app.js';
import { organisations, sessions, users } from '../../db/schema.js';
import { AppError } from '../../platform/errors.js';
import { appendAudit, whoFromActor } from '../../platform/audit.js';
import { CSRF_COOKIE, SESSION_COOKIE, destroySession, destroyUserSessions, randomToken } from '../../platform/auth/session.js';
import { generateTotpSecret, otpauthUri } from '../../platform/crypto/totp.js';
import { acceptTotpCode, TOTP_REPLAYED_MESSAGE } from '../../platform/auth/totp-once.js';
import { metaOf, requireActor } from '../../http/guards.js';
import { login } from './login.js';
import { assertPasswordStrength, hashPassword } from './passwords.js';
import { isAdminRoleSet, permissionsOf, roles, type RoleCode } from '../../../domain/access/roles.js';
import { ZOk } from '../../../contract/common.js';
import { ZCsrfToken, ZLoginResult, ZSession, ZTotpSetup, type LoginResult, type Me } from '../../../contract/auth.js';

const ZLogin = z
  .object({
    username: z.string().trim().min(1, '请输入用户名').max(64),
    password: z.string().min(1, '请输入密码').max(128),
    totpCode: z.string().regex(/^\d{6}$/, '动态验证码为 6 位数字').optional(),
  })
  .strict();

export async function authRoutes(app: ZApp, deps: AppDeps) {
  const { db } = deps.database;
  const cookieBase = { path: '/', sameSite: 'lax' as const, secure: deps.config.cookieSecure };

  const setSessionCookies = (reply: FastifyReply, token: string, csrf: string) => {
    reply.setCookie(SESSION_COOKIE, token, { ...cookieBase, httpOnly: true });
    reply.setCookie(CSRF_COOKIE, csrf, { ...cookieBase, httpOnly: false });
  };

  const me = async (userId: string, roleList: string[], needsTotpEnrollment: boolean, csrfToken: string): Promise<LoginResult> => {
    const [u] = await db
      .select({
        id: users.id,
        username: users.username,
        displayName: users.displayName,
        orgId: users.orgId,
        orgName: organisations.name,
        orgType: organisations.type,
        orgLevel: organisations.level,
        totpEnabled: users.totpEnabled,
        mustChangePassword: users.mustChangePassword,
      })
      .from(users)
      .innerJoin(organisations, eq(organisations.id, users.orgId))
      .where(eq(users.id, userId));
    const perms = permissionsOf(roleList);
    const user: Me = {
      ...u,
      needsTotpEnrollment,
      roles: roleList,
      roleLabels: roleList.map((r) => roles[r as RoleCode]?.label ?? r),
      permissions: [...perms].sort(),
    };
    return { user, csrfToken };
  };

  app.get('/api/v1/auth/csrf', { schema: { tags: ['身份'], summary: '取得 CSRF 令牌（写入 cj_csrf Cookie）', response: { 200: ZCsrfToken } } }, async (req, reply) => {
    let token = req.actor?.csrfToken ?? req.cookies[CSRF_COOKIE];
    if (!token || token.length > 64) token = randomToken(24);
    reply.setCookie(CSRF_COOKIE, token, { ...cookieBase, httpOnly: false });
    return { csrfToken: token };
  });

  app.post(
    '/api/v1/auth/login',
    {
      schema: { tags: ['身份'], summary: '登录', body: ZLogin, response: { 200: ZLoginResult } },
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
    },
    async (req, reply) => {
      const s = await login({
        db,
        cipher: deps.cipher,
        input: req.body,
        requireAdminTotp: deps.config.requireAdminTotp,
        who: metaOf(req),
        userAgent: req.headers['user-agent'] ?? null,
      });
      setSessionCookies(reply, s.token, s.csrfToken);
      return me(s.userId, s.roles, s.needsTotpEnrollment, s.csrfToken);
    },
  );

  // Open to everyone (http/guards.ts): the web app's first question is who is signed in, and a
  // visitor is answered `{ user: null }` rather than 401, so the probe leaves no error in the console.
  app.get(
    '/api/v1/auth/me',
    { schema: { tags: ['身份'], summary: '当前用户、角色与权限（未登录时 user 为 null）', response: { 200: ZSession } } },
    async (req) => {
      const actor = req.actor;
      if (!actor) return { user: null, csrfToken: null };
      return me(actor.userId, actor.roles, actor.needsTotpEnrollment, actor.csrfToken);
    },
  );

  app.post('/api/v1/auth/logout', { schema: { tags: ['身份'], summary: '退出登录', response: { 200: ZOk } } }, async (req, reply) => {
    if (req.actor) {
      const actor = req.actor;
      await db.transaction(async (tx) => {
        await destroySession(tx, actor.sessionIdHash);
        await appendAudit(tx, whoFromActor(actor, metaOf(req)), {
          action: 'auth.logout',
          entityType: 'user',
          entityId: actor.userId,
          orgId: actor.orgId,
          orgPath: actor.orgPath,
        });
      });
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true as const };
  });

  app.post(
    '/api/v1/auth/password',
    {
      schema: {
        tags: ['身份'],
        summary: '修改本人密码',
        body: z.object({ currentPassword: z.string().min(1).max(128), newPassword: z.string().min(1).max(128) }).strict(),
        response: { 200: ZOk },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const [u] = await db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, actor.userId));
      if (!u || !(await argonVerify(u.hash, req.body.currentPassword).catch(() => false))) {
        throw new AppError('VALIDATION_FAILED', '当前密码不正确', { errors: [{ path: 'body.currentPassword', message: '当前密码不正确' }] });
      }
      assertPasswordStrength(req.body.newPassword, 'body.newPassword', actor.username);
      // A one-time password is replaced, not confirmed.
      if (actor.mustChangePassword && req.body.newPassword === req.body.currentPassword) {
        throw new AppError('VALIDATION_FAILED', '新密码不能与一次性密码相同', { errors: [{ path: 'body.newPassword', message: '新密码不能与一次性密码相同' }] });
      }
      const hash = await hashPassword(req.body.newPassword);
      await db.transaction(async (tx) => {
        await tx.update(users).set({ passwordHash: hash, passwordChangedAt: new Date(), updatedAt: new Date(), mustChangePassword: false }).where(eq(users.id, actor.userId));
        await destroyUserSessions(tx, actor.userId, actor.sessionIdHash);
        await appendAudit(tx, whoFromActor(actor, metaOf(req)), {
          action: 'user.password.change',
          entityType: 'user',
          entityId: actor.userId,
          orgId: actor.orgId,
          orgPath: actor.orgPath,
        });
      });
      return { ok: true as const };
    },
  );

  // TOTP second factor: set up (secret shown once), then enable with a first valid code.
  app.post('/api/v1/auth/totp/setup', { schema: { tags: ['身份'], summary: '生成动态验证码密钥', response: { 200: ZTotpSetup } } }, async (req) => {
    const actor = requireActor(req);
    const [u] = await db.select({ totpEnabled: users.totpEnabled }).from(users).where(eq(users.id, actor.userId));
    if (u?.totpEnabled) throw new AppError('INVALID_STATE', '已绑定动态验证码，如需更换请先解绑');
    const secret = generateTotpSecret();
    // A new secret starts a new count of steps: codes of the old one never match it, and keeping
    // the old last step would refuse the first codes of the new secret when set up again quickly.
    await db.update(users).set({ totpSecretEnc: deps.cipher.encrypt(secret), totpLastStep: null }).where(eq(users.id, actor.userId));
    return { secret, otpauthUri: otpauthUri({ secret, account: actor.username, issuer: '承接平台' }) };
  });

  app.post(
    '/api/v1/auth/totp/enable',
    { schema: { tags: ['身份'], summary: '验证并启用动态验证码', body: z.object({ code: z.string().regex(/^\d{6}$/, '动态验证码为 6 位数字') }).strict(), response: { 200: ZOk } } },
    async (req) => {
      const actor = requireActor(req);
      // One transaction with the user row locked: two enables at once are decided one after the
      // other, and the code's step is taken (acceptTotpCode) so it cannot then be replayed at login.
      await db.transaction(async (tx) => {
        const [u] = await tx.select({ enc: users.totpSecretEnc, on: users.totpEnabled }).from(users).where(eq(users.id, actor.userId)).for('update');
        if (u?.on) throw new AppError('INVALID_STATE', '已启用动态验证码');
        const secret = deps.cipher.decryptNullable(u?.enc ?? null);
        if (!secret) throw new AppError('INVALID_STATE', '请先生成动态验证码密钥');
        const check = await acceptTotpCode(tx, { userId: actor.userId, secret, code: req.body.code, unixSeconds: Math.floor(Date.now() / 1000) });
        if (check !== 'accepted') {
          const message = check === 'replayed' ? TOTP_REPLAYED_MESSAGE : '动态验证码错误';
          throw new AppError('VALIDATION_FAILED', message, { errors: [{ path: 'body.code', message }] });
        }
        await tx.update(users).set({ totpEnabled: true, updatedAt: new Date() }).where(eq(users.id, actor.userId));
        await tx.update(sessions).set({ needsTotpEnrollment: false }).where(eq(sessions.userId, actor.userId));
        await appendAudit(tx, whoFromActor(actor, metaOf(req)), {
          action: 'user.totp.enable',
          entityType: 'user',
          entityId: actor.userId,
          orgId: actor.orgId,
          orgPath: actor.orgPath,
          after: { totpEnabled: true },
        });
      });
      return { ok: true as const };
    },
  );

  app.post(
    '/api/v1/auth/totp/disable',
    { schema: { tags: ['身份'], summary: '解绑动态验证码', body: z.object({ password: z.string().min(1).max(128) }).strict(), response: { 200: ZOk } } },
    async (req) => {
      const actor = requireActor(req);
      const [u] = await db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, actor.userId));
      if (!u || !(await argonVerify(u.hash, req.body.password).catch(() => false))) {
        throw new AppError('VALIDATION_FAILED', '密码不正确', { errors: [{ path: 'body.password', message: '密码不正确' }] });
      }
      if (deps.config.requireAdminTotp && isAdminRoleSet(actor.roles)) {
        throw new AppError('INVALID_STATE', '平台要求管理员必须使用动态验证码，不能解绑');
      }
      await db.transaction(async (tx) => {
        await tx.update(users).set({ totpEnabled: false, totpSecretEnc: null, updatedAt: new Date() }).where(eq(users.id, actor.userId));
        await appendAudit(tx, whoFromActor(actor, metaOf(req)), {
          action: 'user.totp.disable',
          entityType: 'user',
          entityId: actor.userId,
          orgId: actor.orgId,
          orgPath: actor.orgPath,
          before: { totpEnabled: true },
          after: { totpEnabled: false },
        });
      });
      return { ok: true as const };
    },
  );
}
