// notifications inside the platform: each user reads and marks their own rows (platform/notify.ts).
import { z } from 'zod';
import { and, count, desc, eq, isNull, sql } from 'drizzle-orm';
import type { AppDeps, ZApp } from '../../app.js';
import { requireActor } from '../../http/guards.js';
import { ZPageQuery, beforeTimeKey, cursorKeys, decodeCursor, timeKeyOf, toPage, totalOf } from '../../http/paging.js';
import { AppError } from '../../platform/errors.js';
import type { Actor } from '../../platform/actor.js';
import { notifications } from '../../db/schema.js';
import { ZOk } from '../../../contract/common.js';
import { ZNotification, ZNotificationPage, ZUnreadCount, type Notification } from '../../../contract/notifications.js';

const mine = (actor: Actor) => eq(notifications.recipientUserId, actor.userId);

/** What the list shows: never the e-mail outbox columns. */
const columns = {
  id: notifications.id,
  title: notifications.title,
  body: notifications.body,
  link: notifications.link,
  entityType: notifications.entityType,
  entityId: notifications.entityId,
  createdAt: notifications.createdAt,
  readAt: notifications.readAt,
};

const view = (r: { id: string; title: string; body: string | null; link: string | null; entityType: string | null; entityId: string | null; createdAt: Date; readAt: Date | null }): Notification => ({
  id: r.id,
  title: r.title,
  body: r.body,
  link: r.link,
  entityType: r.entityType,
  entityId: r.entityId,
  createdAt: r.createdAt.toISOString(),
  readAt: r.readAt?.toISOString() ?? null,
});

export async function notificationRoutes(app: ZApp, deps: AppDeps) {
  const { db } = deps.database;
  const tags = ['通知'];

  app.get(
    '/api/v1/notifications',
    {
      schema: {
        tags,
        summary: '我的通知',
        querystring: z.object({ unread: z.enum(['true', 'false']).optional().describe('true 只看未读'), ...ZPageQuery }).strict(),
        response: { 200: ZNotificationPage },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const q = req.query;
      const where = and(mine(actor), q.unread === 'true' ? isNull(notifications.readAt) : undefined)!;
      const after = decodeCursor(q.cursor, cursorKeys.textTime);
      const rows = await db
        .select({ ...columns, key: timeKeyOf(notifications.createdAt) })
        .from(notifications)
        .where(and(where, beforeTimeKey(notifications.createdAt, notifications.id, after)))
        .orderBy(desc(notifications.createdAt), desc(notifications.id))
        .limit(q.limit + 1);
      const total = await totalOf(db, q.count, db.select({ one: sql`1` }).from(notifications).where(where));
      const page = toPage(rows, q.limit, total, (r) => [r.key, r.id]);
      return { ...page, items: page.items.map(view) };
    },
  );

  app.get('/api/v1/notifications/unread-count', { schema: { tags, summary: '未读通知数', response: { 200: ZUnreadCount } } }, async (req) => {
    const actor = requireActor(req);
    const [{ n }] = await db.select({ n: count() }).from(notifications).where(and(mine(actor), isNull(notifications.readAt)));
    return { unread: Number(n) };
  });

  app.post(
    '/api/v1/notifications/:id/read',
    { schema: { tags, summary: '标为已读（返回该通知）', params: z.object({ id: z.uuid() }).strict(), response: { 200: ZNotification } } },
    async (req) => {
      const actor = requireActor(req);
      const [marked] = await db
        .update(notifications)
        .set({ readAt: new Date() })
        .where(and(eq(notifications.id, req.params.id), mine(actor), isNull(notifications.readAt)))
        .returning(columns);
      if (marked) return view(marked);
      const [already] = await db.select(columns).from(notifications).where(and(eq(notifications.id, req.params.id), mine(actor)));
      if (!already) throw new AppError('NOT_FOUND', '通知不存在');
      return view(already);
    },
  );

  app.post('/api/v1/notifications/read-all', { schema: { tags, summary: '全部标为已读', response: { 200: ZOk } } }, async (req) => {
    const actor = requireActor(req);
    await db.update(notifications).set({ readAt: new Date() }).where(and(mine(actor), isNull(notifications.readAt)));
    return { ok: true as const };
  });
}
