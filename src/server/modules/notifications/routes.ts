// notifications inside the platform: each user reads and marks their own rows (platform/notify.ts).
import { z } from 'zod';
import { and, count, desc, eq, isNull, sql } from 'drizzle-orm';
import type { AppDeps, ZApp } from '../../app.js';
import { requireActor } from '../../http/guards.js';
import { ZPageQuery, cursorKeys, decodeCursor, toPage } from '../../http/paging.js';
import { AppError } from '../../platform/errors.js';
import type { Actor } from '../../platform/actor.js';
import { notifications } from '../../db/schema.js';

const mine = (actor: Actor) => eq(notifications.recipientUserId, actor.userId);

export async function notificationRoutes(app: ZApp, deps: AppDeps) {
  const { db } = deps.database;
  const tags = ['通知'];

  app.get('/api/v1/notifications', { schema: { tags, summary: '我的通知', querystring: z.object({ unread: z.enum(['true', 'false']).optional(), ...ZPageQuery }).strict() } }, async (req) => {
    const actor = requireActor(req);
    const q = req.query;
    const where = and(mine(actor), q.unread === 'true' ? isNull(notifications.readAt) : undefined)!;
    const after = decodeCursor(q.cursor, cursorKeys.instant);
    const rows = await db
      .select()
      .from(notifications)
      .where(after ? and(where, sql`(${notifications.createdAt}, ${notifications.id}) < (${String(after[0])}::timestamptz, ${after[1]}::uuid)`) : where)
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(q.limit + 1);
    const [{ n }] = await db.select({ n: count() }).from(notifications).where(where);
    const page = toPage(rows, q.limit, Number(n), (r) => [r.createdAt.toISOString(), r.id]);
    return {
      ...page,
      items: page.items.map((r) => ({ id: r.id, title: r.title, body: r.body, link: r.link, entityType: r.entityType, entityId: r.entityId, createdAt: r.createdAt.toISOString(), readAt: r.readAt?.toISOString() ?? null })),
    };
  });

  app.get('/api/v1/notifications/unread-count', { schema: { tags, summary: '未读通知数' } }, async (req) => {
    const actor = requireActor(req);
    const [{ n }] = await db.select({ n: count() }).from(notifications).where(and(mine(actor), isNull(notifications.readAt)));
    return { unread: Number(n) };
  });

  app.post('/api/v1/notifications/:id/read', { schema: { tags, summary: '标为已读', params: z.object({ id: z.uuid() }).strict() } }, async (req) => {
    const actor = requireActor(req);
    const [r] = await db.update(notifications).set({ readAt: new Date() }).where(and(eq(notifications.id, req.params.id), mine(actor), isNull(notifications.readAt))).returning({ id: notifications.id });
    if (!r) {
      const [exists] = await db.select({ id: notifications.id }).from(notifications).where(and(eq(notifications.id, req.params.id), mine(actor)));
      if (!exists) throw new AppError('NOT_FOUND', '通知不存在');
    }
    return { ok: true };
  });

  app.post('/api/v1/notifications/read-all', { schema: { tags, summary: '全部标为已读' } }, async (req) => {
    const actor = requireActor(req);
    await db.update(notifications).set({ readAt: new Date() }).where(and(mine(actor), isNull(notifications.readAt)));
    return { ok: true };
  });
}
