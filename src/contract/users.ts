// ORG-6: people — a user in the list and in detail, personal data masked (§4).
import { z } from 'zod';
import { ZInstant, page } from './common.js';

/** What the caller may do with a user. */
export const userActions = ['edit', 'resetPassword', 'unlock', 'deactivate', 'activate', 'viewPersonalData'] as const;
export const ZUserAction = z.enum(userActions);
export type UserAction = z.infer<typeof ZUserAction>;

/** A user as the list shows them: phone masked; e-mail, ID number and expert data in the detail. */
export const ZUserListItem = z
  .object({
    id: z.uuid(),
    username: z.string(),
    displayName: z.string(),
    title: z.string().nullable().describe('职务'),
    orgId: z.uuid(),
    orgName: z.string(),
    orgType: z.string().describe('所属单位类型（字典 orgTypes）'),
    roles: z.array(z.string()).describe('角色代码（字典 roles）'),
    roleLabels: z.array(z.string()).describe('角色中文名称'),
    phone: z.string().nullable().describe('电话（已脱敏）'),
    isActive: z.boolean(),
    totpEnabled: z.boolean().describe('已绑定动态验证码'),
    lockedUntil: ZInstant.nullable().describe('登录锁定至；null 表示未锁定'),
    lastLoginAt: ZInstant.nullable(),
    version: z.number().int().describe('乐观锁版本号（修改时提交）'),
  })
  .meta({ id: 'UserListItem' });
export type UserListItem = z.infer<typeof ZUserListItem>;

export const ZUserPage = page(ZUserListItem);
export type UserPage = z.infer<typeof ZUserPage>;

/** A user in full (personal data still masked; the whole values at /users/{id}/personal-data, audited). */
export const ZUserRecord = ZUserListItem.extend({
  email: z.string().nullable().describe('电子邮箱（已脱敏）'),
  idNumber: z.string().nullable().describe('身份证号（已脱敏）'),
  expertFields: z.array(z.string()).describe('专家领域'),
  conflictOrgIds: z.array(z.uuid()).describe('回避单位'),
  conflictNote: z.string().nullable().describe('回避说明'),
  createdAt: ZInstant,
});
export type UserRecord = z.infer<typeof ZUserRecord>;

export const ZUser = ZUserRecord.extend({ actions: z.array(ZUserAction).describe('当前用户可执行的操作') }).meta({ id: 'User' });
export type User = z.infer<typeof ZUser>;

/** The whole personal data, read on purpose (the reading is audited). */
export const ZUserPersonalData = z.object({ phone: z.string().nullable(), email: z.string().nullable(), idNumber: z.string().nullable() });
export type UserPersonalData = z.infer<typeof ZUserPersonalData>;
