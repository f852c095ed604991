// 我的待办 / 我的已办 — everything waiting on the user, with deadlines, each with its type.
import { z } from 'zod';
import { and, count, desc, eq, inArray, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import { unionAll } from 'drizzle-orm/pg-core';
import type { AppDeps, ZApp } from '../../app.js';
import { requireActor, requirePermission } from '../../http/guards.js';
import { ZPageQuery, beforeTimeKey, cursorKeys, decodeCursor, timeKeyOf, toPage, totalOf } from '../../http/paging.js';
import { todos } from '../../db/schema.js';
import type { Actor } from '../../platform/actor.js';
import { ZTodoCounts, ZTodoKind, ZTodoPage, ZTodoStatus, todoKindLabels, type Todo, type TodoKind } from '../../../contract/todos.js';

/** Addressed to the user, or to the user's organisation for a permission the user holds. */
const toUser = (actor: Actor): SQL => eq(todos.assigneeUserId, actor.userId);
const toOrg = (actor: Actor): SQL =>
  and(eq(todos.assigneeOrgId, actor.orgId), or(isNull(todos.permission), inArray(todos.permission, [...actor.permissions, '-'])))!;
const mine = (actor: Actor): SQL => or(toUser(actor), toOrg(actor))!;

const listColumns = {
  id: todos.id,
  kind: todos.kind,
  title: todos.title,
  link: todos.link,
  entityType: todos.entityType,
  entityId: todos.entityId,
  dueAt: todos.dueAt,
  status: todos.status,
  createdAt: todos.createdAt,
  completedAt: todos.completedAt,
  key: timeKeyOf(todos.createdAt),
};
interface Row {
  id: string;
  kind: string;
  title: string;
  link: string;
  entityType: string;
  entityId: string;
  dueAt: Date | null;
  status: string;
  createdAt: Date;
  completedAt: Date | null;
}

function todoView(t: Row, now: number): Todo {
  const kind = t.kind as TodoKind;
  return {
    id: t.id,
    kind,
    kindLabel: todoKindLabels[kind],
    title: t.title,
    link: t.link,
    entityType: t.entityType,
    entityId: t.entityId,
    dueAt: t.dueAt?.toISOString() ?? null,
    isOverdue: !!t.dueAt && t.status === 'open' && t.dueAt.getTime() < now,
    status: t.status as Todo['status'],
    createdAt: t.createdAt.toISOString(),
    completedAt: t.completedAt?.toISOString() ?? null,
  };
}

export async function todoRoutes(app: ZApp, deps: AppDeps) {
  const { db } = deps.database;
  const tags = ['待办'];

  app.get(
    '/api/v1/todos',
    {
      schema: {
        tags,
        summary: '我的待办 / 我的已办（可按待办类型筛选）',
        querystring: z.object({ status: ZTodoStatus.default('open'), kind: ZTodoKind.optional().describe('待办类型'), ...ZPageQuery }).strict(),
        response: { 200: ZTodoPage },
      },
      preHandler: requirePermission('todo.read'),
    },
    async (req) => {
      const actor = requireActor(req);
      const { status, kind, limit } = req.query;
      const after = decodeCursor(req.query.cursor, cursorKeys.textTime);
      const filter = and(eq(todos.status, status), kind ? eq(todos.kind, kind) : undefined, beforeTimeKey(todos.createdAt, todos.id, after));
      // The two ways a to-do reaches the user, each read in index order (assignee, status,
      // created_at DESC, id DESC) up to the page, then merged: never a scan of all their to-dos.
      const branch = (who: SQL) =>
        db
          .select(listColumns)
          .from(todos)
          .where(and(who, filter))
          .orderBy(desc(todos.createdAt), desc(todos.id))
          .limit(limit + 1);
      const notAlsoMine = or(isNull(todos.assigneeUserId), ne(todos.assigneeUserId, actor.userId))!;
      const rows = await unionAll(branch(toUser(actor)), branch(and(toOrg(actor), notAlsoMine)!))
        .orderBy(desc(todos.createdAt), desc(todos.id))
        .limit(limit + 1);
      const where = and(mine(actor), eq(todos.status, status), kind ? eq(todos.kind, kind) : undefined);
      const total = await totalOf(db, req.query.count, db.select({ one: sql`1` }).from(todos).where(where));
      const page = toPage(rows, limit, total, (r) => [r.key, r.id]);
      const now = Date.now();
      return { ...page, items: page.items.map((t) => todoView(t, now)) };
    },
  );

  app.get('/api/v1/todos/counts', { schema: { tags, summary: '待办与已办数量', response: { 200: ZTodoCounts } }, preHandler: requirePermission('todo.read') }, async (req) => {
    const actor = requireActor(req);
    const rows = await db.select({ status: todos.status, n: count() }).from(todos).where(mine(actor)).groupBy(todos.status);
    const by = Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    return { open: by.open ?? 0, done: by.done ?? 0 };
  });
}
