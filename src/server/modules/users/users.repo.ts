import { and, asc, count, eq, ilike, inArray, like, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { loginThrottle, organisations, userRoles, users } from '../../db/schema.js';
import { escapeLike } from '../orgs/orgs.repo.js';

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

export async function listUsers(db: DbOrTx, f: UserFilter, after: [string, string] | null, limit: number) {
  const where = whereOf(f);
  const rows = await db
    .select(base)
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.orgId))
    .leftJoin(loginThrottle, eq(loginThrottle.username, users.username))
    .where(after ? and(where, sql`(${users.username}, ${users.id}) > (${after[0]}, ${after[1]}::uuid)`) : where)
    .orderBy(asc(users.username), asc(users.id))
    .limit(limit + 1);
  const [{ n }] = await db.select({ n: count() }).from(users).innerJoin(organisations, eq(organisations.id, users.orgId)).where(where);
  return { rows, total: Number(n) };
}

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
