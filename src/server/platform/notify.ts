// X-3: notifications inside the platform go to people: the users of an organisation who may act on
// the matter or are its parties — those holding a permission (domain/access/roles.ts), never every
// account of the organisation — one row per user, so each has their own read state (migration 0011
// says why rows and not a read table). The same transaction that makes the change writes them; a
// row for a user with an e-mail address is also the outbox entry the mail job sends
// (platform/notify-email.ts), so a change that rolls back sends nothing.
import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { roleCodes, roles, type Permission } from '../../domain/access/roles.js';

export interface NewNotification {
  title: string;
  body?: string | null;
  link?: string | null;
  entityType?: string | null;
  entityId?: string | null;
}

/** Who in an organisation receives it: its active users holding any of these permissions. */
export interface Recipients {
  permission: Permission | readonly Permission[];
}

/**
 * The people of a project's parties who follow its supervision: the society's (supervision.report),
 * the department's and the association's (supervision.manage), a finance bureau's (supervision.decide).
 */
export const PROJECT_PARTIES: readonly Permission[] = ['supervision.report', 'supervision.manage', 'supervision.decide'];
/** The outcome of an approval or a refund: those who decide (department, association, finance bureau) and the society. */
export const DECIDERS_AND_SOCIETY: readonly Permission[] = ['supervision.report', 'supervision.decide'];
/** A task book's parties: those who fill in their part or sign it. */
export const TASK_BOOK_PARTIES: readonly Permission[] = ['taskBook.edit', 'taskBook.sign'];

/**
 * The roles holding any of the permissions. A permission experts hold (programme.read, todo.read)
 * would reach the experts of the organisation: workflow notifications never go to them, so such a
 * choice is a programming error.
 */
export function rolesHolding(permission: Recipients['permission']): string[] {
  const wanted: readonly Permission[] = typeof permission === 'string' ? [permission] : permission;
  if (wanted.length === 0) throw new Error('notification recipients need at least one permission');
  for (const p of wanted) {
    if (roles.expert.permissions.includes(p)) throw new Error(`notification permission ${p} is held by experts: choose the permission of those who act`);
  }
  return roleCodes.filter((r) => roles[r].permissions.some((p) => wanted.includes(p)));
}

const inList = (values: readonly string[]) => sql.join(values.map((v) => sql`${v}`), sql`, `);

/**
 * Writes one row per user chosen by `users` (a FROM … WHERE over `users u`): the recipient, its
 * organisation, and the e-mail outbox state when the user has an address. The one INSERT every
 * notification goes through.
 */
async function insertRows(tx: DbOrTx, users: SQL, n: NewNotification): Promise<number> {
  const res = (await tx.execute(sql`
    INSERT INTO notifications (recipient_org_id, recipient_user_id, title, body, link, entity_type, entity_id, email_status, email_next_at)
    SELECT u.org_id, u.id, ${n.title}, ${n.body ?? null}, ${n.link ?? null}, ${n.entityType ?? null}, ${n.entityId ?? null}::uuid,
           CASE WHEN u.email_enc IS NULL THEN NULL ELSE 'pending' END,
           CASE WHEN u.email_enc IS NULL THEN NULL ELSE now() END
    ${users}`)) as unknown as { rowCount?: number; affectedRows?: number };
  return Number(res.rowCount ?? res.affectedRows ?? 0);
}

/** One row per active user of the organisations matched by `orgWhere` (alias o) holding the permission. */
function insertFor(tx: DbOrTx, orgWhere: SQL, to: Recipients, n: NewNotification): Promise<number> {
  return insertRows(
    tx,
    sql`FROM organisations o
    JOIN users u ON u.org_id = o.id AND u.is_active
    WHERE ${orgWhere}
      AND EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role IN (${inList(rolesHolding(to.permission))}))`,
    n,
  );
}

/** To the users of one organisation who hold the permission; returns how many received it. */
export async function notifyOrg(tx: DbOrTx, orgId: string, to: Recipients, n: NewNotification): Promise<number> {
  return insertFor(tx, sql`o.id = ${orgId}::uuid`, to, n);
}

/** To one user (e.g. the person assigned as observer), whatever their role. */
export async function notifyUser(tx: DbOrTx, userId: string, n: NewNotification): Promise<number> {
  return insertRows(tx, sql`FROM users u WHERE u.id = ${userId}::uuid AND u.is_active`, n);
}

/**
 * SEL-1: which societies an association's relay reaches. By default the societies attached to the
 * association itself (001 §4(1)2: 省科协面向学会发布) — not those of the city and county
 * associations below it; with the programme parameter relayIncludesSubordinateSocieties, every
 * active society of its subtree. `o` is the alias of organisations.
 */
export interface SocietyReach {
  associationId: string;
  associationPath: string;
  includeSubordinate: boolean;
}

export function societiesReached(r: SocietyReach): SQL {
  return sql`o.type = 'society' AND o.is_active AND ${
    r.includeSubordinate ? sql`o.path LIKE ${r.associationPath.replace(/[%_\\]/g, '\\$&') + '%'}` : sql`o.parent_id = ${r.associationId}::uuid`
  }`;
}

/** One notification to the permitted users of every society the relay reaches (SEL-1), in one statement. */
export async function notifySocieties(tx: DbOrTx, reach: SocietyReach, to: Recipients, n: NewNotification): Promise<number> {
  return insertFor(tx, societiesReached(reach), to, n);
}
