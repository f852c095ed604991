// Login (identity, issue 2): argon2id passwords, lockout per login name after 5 failures for 15
// minutes, optional TOTP, every success and failure audited. A wrong password never reveals
// whether the user exists: unknown names are throttled and answered exactly like known ones.
//
// Under concurrency (issue 10 §2) the outcome of an attempt is decided after the slow argon2 check,
// inside one transaction holding the name's login_throttle row lock, from the row as it is then —
// never from what was read before the check. So 50 guesses at once count 1, 2, 3, 4, 5 and lock;
// a right password whose check began before the lock is refused once the lock is there and does
// not clear it; a failure that began before a success counts from the reset counter.
import { eq, sql } from 'drizzle-orm';
import { verify as argonVerify } from '@node-rs/argon2';
import type { Db, Tx } from '../../db/client.js';
import { loginThrottle, organisations, userRoles, users } from '../../db/schema.js';
import { appendAudit, type AuditWho } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import { createSession } from '../../platform/auth/session.js';
import { isLocked, nextLockState, LOCKOUT_MINUTES, type LockState } from '../../../domain/identity/lockout.rules.js';
import { isAdminRoleSet } from '../../../domain/access/roles.js';
import { acceptTotpCode, TOTP_REPLAYED_MESSAGE } from '../../platform/auth/totp-once.js';
import type { FieldCipher } from '../../platform/crypto/field-cipher.js';
import { DUMMY_PASSWORD_HASH } from './passwords.js';

export interface LoginInput {
  username: string;
  password: string;
  totpCode?: string;
}

type LoginResult = { token: string; csrfToken: string; userId: string; roles: string[]; needsTotpEnrollment: boolean };

/** What the locked decision came to; refusals are thrown only after their audit row committed. */
type Outcome =
  | { kind: 'success'; result: LoginResult }
  | { kind: 'locked' }
  | { kind: 'totp-required' }
  | { kind: 'failure'; code: 'INVALID_CREDENTIALS' | 'TOTP_INVALID'; detail?: string; locked: boolean };

/**
 * Inserts the name's throttle row if absent and locks it, in one statement (an upsert either
 * inserts or locks the row it conflicts with, waiting for a concurrent writer), and returns the
 * row as it is once locked. Every login decision for the name queues here, one at a time.
 */
async function lockThrottleRow(tx: Tx, name: string, now: Date): Promise<LockState> {
  const [row] = await tx
    .insert(loginThrottle)
    .values({ username: name, failures: 0, lockedUntil: null, updatedAt: now })
    .onConflictDoUpdate({ target: loginThrottle.username, set: { username: sql`excluded.username` } })
    .returning({ failures: loginThrottle.failures, lockedUntil: loginThrottle.lockedUntil });
  return { failures: row.failures, lockedUntil: row.lockedUntil };
}

export async function login(opts: {
  db: Db;
  cipher: FieldCipher;
  input: LoginInput;
  requireAdminTotp: boolean;
  who: Omit<AuditWho, 'actorUserId' | 'actorName' | 'actorOrgId'>;
  userAgent: string | null;
  now?: Date;
  /** the argon2 check; tests wrap it to hold a check open while other attempts run */
  verifyPassword?: (hash: string, password: string) => Promise<boolean>;
}): Promise<LoginResult> {
  const { db, input } = opts;
  const now = opts.now ?? new Date();
  const name = input.username.trim().toLowerCase();
  const verifyPassword = opts.verifyPassword ?? argonVerify;
  const anonymousWho: AuditWho = { ...opts.who, actorUserId: null, actorName: name, actorOrgId: null };
  const auditLocked = (tx: Tx) =>
    appendAudit(tx, anonymousWho, { action: 'auth.login.locked', entityType: 'login', entityId: name, after: { username: name } });
  const lockedError = () => new AppError('ACCOUNT_LOCKED', `登录失败次数过多，请 ${LOCKOUT_MINUTES} 分钟后再试`);

  // A name already locked is refused before any argon2 work. This read only ever refuses; the
  // decision that counts is taken under the row lock below.
  const [throttle] = await db.select().from(loginThrottle).where(eq(loginThrottle.username, name));
  if (isLocked({ failures: throttle?.failures ?? 0, lockedUntil: throttle?.lockedUntil ?? null }, now)) {
    await db.transaction((tx) => auditLocked(tx));
    throw lockedError();
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
  const passwordOk = await verifyPassword(user?.passwordHash ?? DUMMY_PASSWORD_HASH, input.password).catch(() => false);
  const accountOk = !!user && user.isActive && user.orgActive && passwordOk;

  const outcome = await db.transaction(async (tx): Promise<Outcome> => {
    const state = await lockThrottleRow(tx, name, now);
    // Locked meanwhile (by attempts that finished while this one verified): refused whatever the
    // password, and neither counted nor extended.
    if (isLocked(state, now)) {
      await auditLocked(tx);
      return { kind: 'locked' };
    }

    const fail = async (why: string, code: 'INVALID_CREDENTIALS' | 'TOTP_INVALID', detail?: string): Promise<Outcome> => {
      const next = nextLockState(state, 'failure', now);
      await tx
        .update(loginThrottle)
        .set({ failures: next.failures, lockedUntil: next.lockedUntil, updatedAt: now })
        .where(eq(loginThrottle.username, name));
      await appendAudit(tx, user ? { ...anonymousWho, actorUserId: user.id, actorName: user.displayName, actorOrgId: user.orgId } : anonymousWho, {
        action: 'auth.login.failure',
        entityType: 'login',
        entityId: name,
        orgId: user?.orgId ?? null,
        orgPath: user?.orgPath ?? null,
        after: { username: name, reason: why, failures: next.failures, locked: !!next.lockedUntil },
      });
      return { kind: 'failure', code, detail, locked: !!next.lockedUntil };
    };

    if (!accountOk) return fail(user && !user.isActive ? 'inactive' : 'bad-credentials', 'INVALID_CREDENTIALS');

    if (user.totpEnabled) {
      if (!input.totpCode) return { kind: 'totp-required' };
      const secret = opts.cipher.decryptNullable(user.totpSecretEnc);
      const check = secret
        ? await acceptTotpCode(tx, { userId: user.id, secret, code: input.totpCode, unixSeconds: Math.floor(now.getTime() / 1000) })
        : 'invalid';
      // A replayed code counts as a failure too: whoever sends it knows the password.
      if (check === 'replayed') return fail('totp-replayed', 'TOTP_INVALID', TOTP_REPLAYED_MESSAGE);
      if (check !== 'accepted') return fail('bad-totp', 'TOTP_INVALID');
    }

    const roleRows = await tx.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, user.id));
    const needsTotpEnrollment = opts.requireAdminTotp && !user.totpEnabled && isAdminRoleSet(roleRows.map((r) => r.role));

    // Success clears the name's counter (nextLockState: success → no failures, no lock).
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
    return { kind: 'success', result: { ...s, userId: user.id, roles: roleRows.map((r) => r.role).sort(), needsTotpEnrollment } };
  });

  switch (outcome.kind) {
    case 'success':
      return outcome.result;
    case 'locked':
      throw lockedError();
    case 'totp-required':
      throw new AppError('TOTP_REQUIRED', '请输入动态验证码');
    case 'failure':
      if (outcome.locked) throw new AppError('ACCOUNT_LOCKED', `登录失败次数过多，账户已锁定 ${LOCKOUT_MINUTES} 分钟`);
      throw new AppError(outcome.code, outcome.detail);
  }
}
