// notifications inside the platform, each user's own rows.
import { z } from 'zod';
import { ZInstant, page } from './common.js';

export const ZNotification = z
  .object({
    id: z.uuid(),
    title: z.string(),
    body: z.string().nullable(),
    link: z.string().nullable().describe('相关页面（站内路径）'),
    entityType: z.string().nullable().describe('相关记录的类型'),
    entityId: z.uuid().nullable().describe('相关记录的编号'),
    createdAt: ZInstant,
    readAt: ZInstant.nullable().describe('标为已读的时间；null 表示未读'),
  })
  .meta({ id: 'Notification' });
export type Notification = z.infer<typeof ZNotification>;

export const ZNotificationPage = page(ZNotification);
export type NotificationPage = z.infer<typeof ZNotificationPage>;

export const ZUnreadCount = z.object({ unread: z.number().int().describe('未读通知数') });
export type UnreadCount = z.infer<typeof ZUnreadCount>;
