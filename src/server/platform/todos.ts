// to-dos are written in the same transaction as the change that creates the waiting step,
// and closed in the transaction of the step that resolves it.
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { todos } from '../db/schema.js';

export interface NewTodo {
  kind: string;
  title: string;
  link: string;
  entityType: string;
  entityId: string;
  assigneeUserId?: string | null;
  assigneeOrgId?: string | null;
  permission?: string | null;
  dueAt?: Date | null;
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

export async function closeTodos(tx: DbOrTx, where: { entityType: string; entityId: string; kind: string }, byUserId: string | null): Promise<void> {
  await tx
    .update(todos)
    .set({ status: 'done', completedAt: new Date(), completedBy: byUserId })
    .where(and(eq(todos.entityType, where.entityType), eq(todos.entityId, where.entityId), eq(todos.kind, where.kind), eq(todos.status, 'open')));
}
