import { and, asc, eq, gt, ilike, inArray, like, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { loginThrottle, organisations, userRoles, users } from '../../db/schema.js';
import { escapeLike } from '../orgs/orgs.repo.js';
import { totalOf, type CountMode } from '../../http/paging.js';

export interface UserFilter {
  scopePath: string;
  orgId?: string;
  q?: string;
  role?: string;
}

const base = {
  user: users,
  orgName: organisations.name,
  orgType: organisations.type,
  orgPath: organisations.path,
  lockedUntil: loginThrottle.lockedUntil,
};

function whereOf(f: UserFilter): SQL {
  const conds: (SQL | undefined)[] = [like(organisations.path, `${escapeLike(f.scopePath)}%`)];
  if (f.orgId) conds.push(eq(users.orgId, f.orgId));
  if (f.q) conds.push(or(ilike(users.username, `%${escapeLike(f.q)}%`), ilike(users.displayName, `%${escapeLike(f.q)}%`)));
  if (f.role) conds.push(sql`EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = ${users.id} AND r.role = ${f.role})`);
  return and(...conds)!;
}

/** What the list shows (the detail reads the rest): no password hash, no encrypted e-mail or ID number. */
const listColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  title: users.title,
  orgId: users.orgId,
  phoneEnc: users.phoneEnc,
  isActive: users.isActive,
  totpEnabled: users.totpEnabled,
  lastLoginAt: users.lastLoginAt,
  version: users.version,
  orgName: organisations.name,
  orgType: organisations.type,
  lockedUntil: loginThrottle.lockedUntil,
};

/**
 * Paged by user name — unique, so the name alone orders and seeks (`users_username_key`); the
 * cursor still carries the id. The total only when asked (`count`).
 */
export async function listUsers(db: DbOrTx, f: UserFilter, after: [string, string] | null, limit: number, countMode: CountMode) {
  const where = whereOf(f);
  const rows = await db
    .select(listColumns)
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.orgId))
    .leftJoin(loginThrottle, eq(loginThrottle.username, users.username))
    .where(after ? and(where, gt(users.username, after[0])) : where)
    .orderBy(asc(users.username))
    .limit(limit + 1);
  const total = await totalOf(db, countMode, db.select({ one: sql`1` }).from(users).innerJoin(organisations, eq(organisations.id, users.orgId)).where(where));
  return { rows, total };
}
export type UserListRow = Awaited<ReturnType<typeof listUsers>>['rows'][number];

export async function findUser(db: DbOrTx, id: string, forUpdate = false) {
  const q = db
    .select(base)
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.orgId))
    .leftJoin(loginThrottle, eq(loginThrottle.username, users.username))
    .where(eq(users.id, id));
  const [row] = forUpdate ? await q.for('update', { of: users }) : await q;
  return row;
}

export async function rolesByUser(db: DbOrTx, ids: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (!ids.length) return out;
  const rows = await db.select().from(userRoles).where(inArray(userRoles.userId, ids));
  for (const r of rows) out.set(r.userId, [...(out.get(r.userId) ?? []), r.role].sort());
  return out;
}

export async function setRoles(db: DbOrTx, userId: string, roleList: string[]) {
  await db.delete(userRoles).where(eq(userRoles.userId, userId));
  if (roleList.length) await db.insert(userRoles).values(roleList.map((role) => ({ userId, role })));
}

export async function usernameTaken(db: DbOrTx, username: string) {
  const rows = await db.select({ id: users.id }).from(users).where(eq(users.username, username));
  return rows.length > 0;
}

export async function orgsExistInScope(db: DbOrTx, ids: string[], scopePath: string): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await db
    .select({ id: organisations.id })
    .from(organisations)
    .where(and(inArray(organisations.id, ids), like(organisations.path, `${escapeLike(scopePath)}%`)));
  return new Set(rows.map((r) => r.id));
}
