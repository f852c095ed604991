// 我的待办 / 我的已办 — everything waiting on the user, with deadlines.
import { z } from 'zod';
import { and, count, desc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { AppDeps, ZApp } from '../../app.js';
import { requireActor, requirePermission } from '../../http/guards.js';
import { ZPageQuery, cursorKeys, decodeCursor, toPage } from '../../http/paging.js';
import { todos } from '../../db/schema.js';
import type { Actor } from '../../platform/actor.js';

function mine(actor: Actor): SQL {
  return or(
    eq(todos.assigneeUserId, actor.userId),
    and(eq(todos.assigneeOrgId, actor.orgId), or(isNull(todos.permission), inArray(todos.permission, [...actor.permissions, '-']))),
  )!;
}

export async function todoRoutes(app: ZApp, deps: AppDeps) {
  const { db } = deps.database;
  const tags = ['待办'];

  app.get(
    '/api/v1/todos',
    {
      schema: { tags, summary: '我的待办 / 我的已办', querystring: z.object({ status: z.enum(['open', 'done']).default('open'), ...ZPageQuery }).strict() },
      preHandler: requirePermission('todo.read'),
    },
    async (req) => {
      const actor = requireActor(req);
      const { status, limit } = req.query;
      const after = decodeCursor(req.query.cursor, cursorKeys.textTime);
      const where = and(mine(actor), eq(todos.status, status))!;
      const key = sql<string>`to_char(${todos.createdAt} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`;
      const rows = await db
        .select({ t: todos, key })
        .from(todos)
        .where(after ? and(where, sql`(${key}, ${todos.id}) < (${after[0]}, ${after[1]}::uuid)`) : where)
        .orderBy(desc(key), desc(todos.id))
        .limit(limit + 1);
      const [{ n }] = await db.select({ n: count() }).from(todos).where(where);
      const page = toPage(rows, limit, Number(n), (r) => [r.key, r.t.id]);
      const now = Date.now();
      return {
        ...page,
        items: page.items.map(({ t }) => ({
          id: t.id,
          kind: t.kind,
          title: t.title,
          link: t.link,
          entityType: t.entityType,
          entityId: t.entityId,
          dueAt: t.dueAt?.toISOString() ?? null,
          isOverdue: !!t.dueAt && t.status === 'open' && t.dueAt.getTime() < now,
          status: t.status,
          createdAt: t.createdAt.toISOString(),
          completedAt: t.completedAt?.toISOString() ?? null,
        })),
      };
    },
  );

  app.get('/api/v1/todos/counts', { schema: { tags, summary: '待办与已办数量' }, preHandler: requirePermission('todo.read') }, async (req) => {
    const actor = requireActor(req);
    const rows = await db.select({ status: todos.status, n: count() }).from(todos).where(mine(actor)).groupBy(todos.status);
    const by = Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    return { open: by.open ?? 0, done: by.done ?? 0 };
  });
}
