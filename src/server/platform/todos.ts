// to-dos are written in the same transaction as the change that creates the waiting step,
// and closed in the transaction of the step that resolves it.
import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { todos } from '../db/schema.js';
import { addDays } from './transition.js';
import { societiesReached, type SocietyReach } from './notify.js';
import type { TodoKind } from '../../contract/todos.js';

export interface NewTodo {
  /** one of the kinds the contract names, each with its Chinese tag (issue 12 §2) */
  kind: TodoKind;
  title: string;
  link: string;
  entityType: string;
  entityId: string;
  assigneeUserId?: string | null;
  assigneeOrgId?: string | null;
  permission?: string | null;
  dueAt?: Date | null;
}

/**
 * Issue 11 §5: the deadline of a to-do that follows a date a record names (a programme
 * stage's start, an inspection's day plus its days, a stage report's due day). That instant while
 * it is still ahead; once it has passed, `days` calendar days from now — the programme's days for
 * the step (PRG-2) — so that a deadline is never before the to-do is created.
 */
export function deadlineFrom(at: Date, days: number, now = new Date()): Date {
  return at.getTime() > now.getTime() ? at : addDays(now, days);
}

export async function openTodo(tx: DbOrTx, t: NewTodo): Promise<void> {
  await tx.insert(todos).values({
    kind: t.kind,
    title: t.title,
    link: t.link,
    entityType: t.entityType,
    entityId: t.entityId,
    assigneeUserId: t.assigneeUserId ?? null,
    assigneeOrgId: t.assigneeOrgId ?? null,
    permission: t.permission ?? null,
    dueAt: t.dueAt ?? null,
  });
}

export async function closeTodos(
  tx: DbOrTx,
  where: { entityType: string; entityId: string; kind: TodoKind; assigneeOrgId?: string },
  byUserId: string | null,
): Promise<void> {
  await tx
    .update(todos)
    .set({ status: 'done', completedAt: new Date(), completedBy: byUserId })
    .where(
      and(
        eq(todos.entityType, where.entityType),
        eq(todos.entityId, where.entityId),
        eq(todos.kind, where.kind),
        eq(todos.status, 'open'),
        where.assigneeOrgId ? eq(todos.assigneeOrgId, where.assigneeOrgId) : undefined,
      ),
    );
}

/** SEL-1: one to-do for every active society the relay reaches (notify.ts societiesReached), in one statement. */
export async function openTodosForSocieties(tx: DbOrTx, reach: SocietyReach, t: Omit<NewTodo, 'assigneeUserId' | 'assigneeOrgId'>): Promise<number> {
  const res = (await tx.execute(sql`
    INSERT INTO todos (kind, title, link, entity_type, entity_id, assignee_org_id, permission, due_at)
    SELECT ${t.kind}, ${t.title}, ${t.link}, ${t.entityType}, ${t.entityId}::uuid, o.id, ${t.permission ?? null}, ${t.dueAt ? t.dueAt.toISOString() : null}::timestamptz
    FROM organisations o
    WHERE ${societiesReached(reach)}`)) as unknown as { rowCount?: number; affectedRows?: number };
  return Number(res.rowCount ?? res.affectedRows ?? 0);
}
