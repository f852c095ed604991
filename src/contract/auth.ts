// Sign-in, the signed-in user, CSRF token, password and TOTP answers.
import { z } from 'zod';

/** The signed-in user with roles and permissions. */
export const ZMe = z
  .object({
    id: z.uuid(),
    username: z.string(),
    displayName: z.string(),
    orgId: z.uuid(),
    orgName: z.string(),
    orgType: z.string().describe('所属单位类型（字典 orgTypes）'),
    orgLevel: z.string().nullable().describe('所属科协的层级（字典 associationLevels）'),
    totpEnabled: z.boolean().describe('已绑定动态验证码'),
    mustChangePassword: z.boolean().describe('一次性密码：须先修改密码'),
    needsTotpEnrollment: z.boolean().describe('管理员须先绑定动态验证码'),
    roles: z.array(z.string()).describe('角色代码（字典 roles）'),
    roleLabels: z.array(z.string()).describe('角色中文名称'),
    permissions: z.array(z.string()).describe('权限代码（resource.action）'),
  })
  .meta({ id: 'Me' });
export type Me = z.infer<typeof ZMe>;

/** After a successful login: the user and the CSRF token of the new session. */
export const ZLoginResult = z.object({ user: ZMe, csrfToken: z.string().describe('本会话的 CSRF 令牌（同 cj_csrf Cookie）') });
export type LoginResult = z.infer<typeof ZLoginResult>;

/**
 * `GET /auth/me`: who is signed in. It never answers 401: a visitor without a session (or whose
 * session ended) gets `{ user: null, csrfToken: null }`, so the app's first probe stays quiet.
 */
export const ZSession = z
  .object({
    user: ZMe.nullable().describe('当前用户；未登录（或登录已过期）时为 null'),
    csrfToken: z.string().nullable().describe('本会话的 CSRF 令牌；未登录时为 null'),
  })
  .meta({ id: 'Session' });
export type Session = z.infer<typeof ZSession>;

export const ZCsrfToken = z.object({ csrfToken: z.string().describe('CSRF 令牌（同时写入 cj_csrf Cookie）') });
export type CsrfToken = z.infer<typeof ZCsrfToken>;

/** A new TOTP secret, shown once. */
export const ZTotpSetup = z.object({
  secret: z.string().describe('Base32 密钥（仅此一次显示）'),
  otpauthUri: z.string().describe('otpauth:// 地址，供生成二维码'),
});
export type TotpSetup = z.infer<typeof ZTotpSetup>;
