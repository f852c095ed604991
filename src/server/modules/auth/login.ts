// Login (identity, issue 2): argon2id passwords, lockout per login name after 5 failures for 15
// minutes, optional TOTP, every success and failure audited. A wrong password never reveals
// whether the user exists: unknown names are throttled and answered exactly like known ones.
import { eq, sql } from 'drizzle-orm';
import { verify as argonVerify } from '@node-rs/argon2';
import type { Db } from '../../db/client.js';
import { loginThrottle, organisations, userRoles, users } from '../../db/schema.js';
import { appendAudit, type AuditWho } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import { createSession } from '../../platform/auth/session.js';
import { isLocked, nextLockState, LOCKOUT_MINUTES } from '../../../domain/identity/lockout.rules.js';
import { isAdminRoleSet } from '../../../domain/access/roles.js';
import { verifyTotp } from '../../platform/crypto/totp.js';
import type { FieldCipher } from '../../platform/crypto/field-cipher.js';
import { DUMMY_PASSWORD_HASH } from './passwords.js';

export interface LoginInput {
  username: string;
  password: string;
  totpCode?: string;
}

export async function login(opts: {
  db: Db;
  cipher: FieldCipher;
  input: LoginInput;
  requireAdminTotp: boolean;
  who: Omit<AuditWho, 'actorUserId' | 'actorName' | 'actorOrgId'>;
  userAgent: string | null;
  now?: Date;
}): Promise<{ token: string; csrfToken: string; userId: string; roles: string[]; needsTotpEnrollment: boolean }> {
  const { db, input } = opts;
  const now = opts.now ?? new Date();
  const name = input.username.trim().toLowerCase();

  const [throttle] = await db.select().from(loginThrottle).where(eq(loginThrottle.username, name));
  const state = { failures: throttle?.failures ?? 0, lockedUntil: throttle?.lockedUntil ?? null };
  const anonymousWho: AuditWho = { ...opts.who, actorUserId: null, actorName: name, actorOrgId: null };

  if (isLocked(state, now)) {
    await db.transaction((tx) =>
      appendAudit(tx, anonymousWho, { action: 'auth.login.locked', entityType: 'login', entityId: name, after: { username: name } }),
    );
    throw new AppError('ACCOUNT_LOCKED', `登录失败次数过多，请 ${LOCKOUT_MINUTES} 分钟后再试`);
  }

  const [user] = await db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      passwordHash: users.passwordHash,
      isActive: users.isActive,
      totpEnabled: users.totpEnabled,
      totpSecretEnc: users.totpSecretEnc,
      orgId: users.orgId,
      orgPath: organisations.path,
      orgActive: organisations.isActive,
    })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.orgId))
    .where(eq(users.username, name));

  // Always spend the same argon2 work, found or not.
  const passwordOk = await argonVerify(user?.passwordHash ?? DUMMY_PASSWORD_HASH, input.password).catch(() => false);
  const accountOk = !!user && user.isActive && user.orgActive && passwordOk;

  const fail = async (why: string, code: 'INVALID_CREDENTIALS' | 'TOTP_INVALID') => {
    const next = nextLockState(state, 'failure', now);
    await db.transaction(async (tx) => {
      await tx
        .insert(loginThrottle)
        .values({ username: name, failures: next.failures, lockedUntil: next.lockedUntil, updatedAt: now })
        .onConflictDoUpdate({
          target: loginThrottle.username,
          set: { failures: next.failures, lockedUntil: next.lockedUntil, updatedAt: now },
        });
      await appendAudit(tx, user ? { ...anonymousWho, actorUserId: user.id, actorName: user.displayName, actorOrgId: user.orgId } : anonymousWho, {
        action: 'auth.login.failure',
        entityType: 'login',
        entityId: name,
        orgId: user?.orgId ?? null,
        orgPath: user?.orgPath ?? null,
        after: { username: name, reason: why, failures: next.failures, locked: !!next.lockedUntil },
      });
    });
    if (next.lockedUntil) throw new AppError('ACCOUNT_LOCKED', `登录失败次数过多，账户已锁定 ${LOCKOUT_MINUTES} 分钟`);
    throw new AppError(code);
  };

  if (!accountOk) return fail(user && !user.isActive ? 'inactive' : 'bad-credentials', 'INVALID_CREDENTIALS');

  if (user.totpEnabled) {
    if (!input.totpCode) throw new AppError('TOTP_REQUIRED', '请输入动态验证码');
    const secret = opts.cipher.decryptNullable(user.totpSecretEnc);
    if (!secret || !verifyTotp(secret, input.totpCode, Math.floor(now.getTime() / 1000))) {
      return fail('bad-totp', 'TOTP_INVALID');
    }
  }

  const roleRows = await db.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, user.id));
  const needsTotpEnrollment = opts.requireAdminTotp && !user.totpEnabled && isAdminRoleSet(roleRows.map((r) => r.role));

  return db.transaction(async (tx) => {
    await tx.delete(loginThrottle).where(eq(loginThrottle.username, name));
    await tx.update(users).set({ lastLoginAt: now }).where(eq(users.id, user.id));
    const s = await createSession(tx, { userId: user.id, needsTotpEnrollment, ip: opts.who.ip, userAgent: opts.userAgent });
    await appendAudit(tx, { ...anonymousWho, actorUserId: user.id, actorName: `${user.displayName}（${user.username}）`, actorOrgId: user.orgId }, {
      action: 'auth.login.success',
      entityType: 'user',
      entityId: user.id,
      orgId: user.orgId,
      orgPath: user.orgPath,
      after: { username: name, totp: user.totpEnabled, needsTotpEnrollment },
    });
    // Keep at most 10 live sessions per user.
    await tx.execute(sql`DELETE FROM sessions WHERE user_id = ${user.id} AND id_hash NOT IN (
      SELECT id_hash FROM sessions WHERE user_id = ${user.id} ORDER BY last_seen_at DESC LIMIT 10)`);
    return { ...s, userId: user.id, roles: roleRows.map((r) => r.role).sort(), needsTotpEnrollment };
  });
}
