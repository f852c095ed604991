// Sessions: an opaque random cookie (httpOnly, SameSite=Lax) whose SM3 digest keys a row in
// `sessions`, so any app process can resolve it. Idle for 30 minutes → gone (session.rules).
import crypto from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { organisations, sessions, userRoles, users } from '../../db/schema.js';
import { sm3Hex } from '../crypto/sm3.js';
import { isSessionExpired, shouldTouchSession } from '../../../domain/identity/session.rules.js';
import { permissionsOf, scopeRootPath } from '../../../domain/access/roles.js';
import type { Actor } from '../actor.js';

export const SESSION_COOKIE = 'cj_sid';
export const CSRF_COOKIE = 'cj_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export const randomToken = (bytes = 32) => crypto.randomBytes(bytes).toString('base64url');

export async function createSession(
  tx: DbOrTx,
  opts: { userId: string; needsTotpEnrollment: boolean; ip: string | null; userAgent: string | null },
): Promise<{ token: string; csrfToken: string }> {
  const token = randomToken();
  const csrfToken = randomToken(24);
  await tx.insert(sessions).values({
    idHash: sm3Hex(token),
    userId: opts.userId,
    csrfToken,
    needsTotpEnrollment: opts.needsTotpEnrollment,
    ip: opts.ip,
    userAgent: opts.userAgent?.slice(0, 300) ?? null,
  });
  return { token, csrfToken };
}

export async function destroySession(db: DbOrTx, idHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.idHash, idHash));
}

export async function destroyUserSessions(db: DbOrTx, userId: string, exceptIdHash?: string): Promise<void> {
  await db
    .delete(sessions)
    .where(exceptIdHash ? and(eq(sessions.userId, userId), sql`${sessions.idHash} <> ${exceptIdHash}`) : eq(sessions.userId, userId));
}

export type SessionLookup = { actor: Actor } | { expired: true } | null;

/**
 * The session behind a cookie digest, its user, the user's organisation and the user's roles in one
 * statement, prepared once per database handle (the session hook runs it on every signed-in request).
 */
const sessionLookups = new WeakMap<Db, ReturnType<typeof prepareSessionLookup>>();
function prepareSessionLookup(db: Db) {
  return db
    .select({
      s: sessions,
      u: {
        id: users.id,
        username: users.username,
        displayName: users.displayName,
        isActive: users.isActive,
        totpEnabled: users.totpEnabled,
        mustChangePassword: users.mustChangePassword,
      },
      o: { id: organisations.id, name: organisations.name, type: organisations.type, path: organisations.path, isActive: organisations.isActive },
      roles: sql<string[]>`array(select ${userRoles.role}::text from ${userRoles} where ${userRoles.userId} = ${users.id})`,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(organisations, eq(organisations.id, users.orgId))
    .where(eq(sessions.idHash, sql.placeholder('idHash')))
    .limit(1)
    .prepare('session_lookup');
}

/** Resolve the cookie to an actor; expired or unknown sessions yield null/expired. */
export async function resolveSession(db: Db, token: string, now = new Date()): Promise<SessionLookup> {
  if (!token || token.length > 100) return null;
  const idHash = sm3Hex(token);
  let lookup = sessionLookups.get(db);
  if (!lookup) sessionLookups.set(db, (lookup = prepareSessionLookup(db)));
  const rows = await lookup.execute({ idHash });
  const row = rows[0];
  if (!row) return null;
  if (!row.u.isActive || !row.o.isActive || isSessionExpired({ createdAt: row.s.createdAt, lastSeenAt: row.s.lastSeenAt }, now)) {
    await destroySession(db, idHash);
    return { expired: true };
  }
  if (shouldTouchSession(row.s.lastSeenAt, now)) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.idHash, idHash));
  }
  const roleList = [...(row.roles ?? [])].sort();
  return {
    actor: {
      userId: row.u.id,
      username: row.u.username,
      displayName: row.u.displayName,
      orgId: row.o.id,
      orgName: row.o.name,
      orgType: row.o.type,
      orgPath: row.o.path,
      roles: roleList,
      permissions: permissionsOf(roleList),
      scopePath: scopeRootPath(row.o),
      sessionIdHash: idHash,
      csrfToken: row.s.csrfToken,
      needsTotpEnrollment: row.s.needsTotpEnrollment,
      totpEnabled: row.u.totpEnabled,
      mustChangePassword: row.u.mustChangePassword,
    },
  };
}
