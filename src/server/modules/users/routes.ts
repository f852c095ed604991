import { z } from 'zod';
import { eq } from 'drizzle-orm';
import type { AppDeps, ZApp } from '../../app.js';
import { assertInScope, metaOf, requireActor, requirePermission } from '../../http/guards.js';
import { ZPageQuery, cursorKeys, decodeCursor, toPage } from '../../http/paging.js';
import type { Actor } from '../../platform/actor.js';
import { AppError } from '../../platform/errors.js';
import { appendAudit, whoFromActor } from '../../platform/audit.js';
import { loginThrottle } from '../../db/schema.js';
import { roleCodes } from '../../../domain/access/roles.js';
import { ZUserCreate, ZUserUpdate } from '../../../domain/org/user.types.js';
import { findUser, listUsers, rolesByUser } from './users.repo.js';
import { userDetail, userListItemView, userView } from './user-view.js';
import { ZUser, ZUserPage, ZUserPersonalData } from '../../../contract/users.js';
import { createUser, resetPassword, updateUser } from './save-user.js';

const ZId = z.object({ id: z.uuid('编号格式不正确') }).strict();

export async function userRoutes(app: ZApp, deps: AppDeps) {
  const { db } = deps.database;
  const tags = ['用户'];

  app.get(
    '/api/v1/users',
    {
      schema: {
        tags,
        summary: '用户列表（个人信息已脱敏）',
        querystring: z
          .object({
            orgId: z.uuid().optional().describe('所属单位'),
            q: z.string().trim().max(50).optional().describe('用户名或姓名（部分匹配）'),
            role: z.enum(roleCodes).optional().describe('角色'),
            ...ZPageQuery,
          })
          .strict(),
        response: { 200: ZUserPage },
      },
      preHandler: requirePermission('user.read'),
    },
    async (req) => {
      const actor = requireActor(req);
      const q = req.query;
      const { rows, total } = await listUsers(db, { scopePath: actor.scopePath, orgId: q.orgId, q: q.q, role: q.role }, decodeCursor(q.cursor, cursorKeys.name), q.limit, q.count);
      const page = toPage(rows, q.limit, total, (r) => [r.username, r.id]);
      const roleMap = await rolesByUser(db, page.items.map((r) => r.id));
      return { ...page, items: page.items.map((r) => userListItemView(r, roleMap.get(r.id) ?? [], deps.cipher)) };
    },
  );

  const loadInScope = async (req: Parameters<typeof requireActor>[0], id: string) => {
    const actor = requireActor(req);
    const row = await findUser(db, id);
    if (!row) throw new AppError('NOT_FOUND', '用户不存在');
    assertInScope(actor, row.orgPath, { entityType: 'user', entityId: row.user.id });
    return { actor, row };
  };

  /** The user as GET /users/{id} answers it, read again after a change. */
  const detail = async (actor: Actor, id: string) => {
    const row = await findUser(db, id);
    if (!row) throw new AppError('NOT_FOUND', '用户不存在');
    return userDetail(actor, userView(row, (await rolesByUser(db, [row.user.id])).get(row.user.id) ?? [], deps.cipher));
  };

  app.get(
    '/api/v1/users/:id',
    { schema: { tags, summary: '用户详情（个人信息已脱敏）', params: ZId, response: { 200: ZUser } }, preHandler: requirePermission('user.read') },
    async (req) => {
      const { actor, row } = await loadInScope(req, req.params.id);
      return userDetail(actor, userView(row, (await rolesByUser(db, [row.user.id])).get(row.user.id) ?? [], deps.cipher));
    },
  );

  app.get(
    '/api/v1/users/:id/personal-data',
    { schema: { tags, summary: '查看完整个人信息（留痕）', params: ZId, response: { 200: ZUserPersonalData } }, preHandler: requirePermission('user.pii.read') },
    async (req) => {
      const { actor, row } = await loadInScope(req, req.params.id);
      const out = {
        phone: deps.cipher.decryptNullable(row.user.phoneEnc),
        email: deps.cipher.decryptNullable(row.user.emailEnc),
        idNumber: deps.cipher.decryptNullable(row.user.idNumberEnc),
      };
      await db.transaction((tx) =>
        appendAudit(tx, whoFromActor(actor, metaOf(req)), {
          action: 'pii.view',
          entityType: 'user',
          entityId: row.user.id,
          orgId: row.user.orgId,
          orgPath: row.orgPath,
          after: { fields: ['phone', 'email', 'idNumber'] },
        }),
      );
      return out;
    },
  );

  app.post(
    '/api/v1/users',
    { schema: { tags, summary: '新增用户', body: ZUserCreate, response: { 201: ZUser } }, preHandler: requirePermission('user.create') },
    async (req, reply) => {
      const actor = requireActor(req);
      const view = await createUser({ db, cipher: deps.cipher, actor, meta: metaOf(req), input: req.body });
      return reply.status(201).header('Location', `/api/v1/users/${view.id}`).send(userDetail(actor, view));
    },
  );

  app.patch(
    '/api/v1/users/:id',
    { schema: { tags, summary: '修改用户（角色、状态、个人信息）', params: ZId, body: ZUserUpdate, response: { 200: ZUser } }, preHandler: requirePermission('user.update') },
    async (req) => {
      const actor = requireActor(req);
      return userDetail(actor, await updateUser({ db, cipher: deps.cipher, actor, meta: metaOf(req), id: req.params.id, input: req.body }));
    },
  );

  app.post(
    '/api/v1/users/:id/password',
    {
      schema: {
        tags,
        summary: '重置用户密码（该用户的会话全部失效）',
        params: ZId,
        body: z.object({ newPassword: z.string().min(1).max(128), reason: z.string().trim().max(500).nullable().optional() }).strict(),
        response: { 200: ZUser },
      },
      preHandler: requirePermission('user.update'),
    },
    async (req) => {
      const actor = requireActor(req);
      await resetPassword({ db, actor, meta: metaOf(req), id: req.params.id, newPassword: req.body.newPassword, reason: req.body.reason });
      return detail(actor, req.params.id);
    },
  );

  app.post('/api/v1/users/:id/unlock', { schema: { tags, summary: '解除登录锁定', params: ZId, response: { 200: ZUser } }, preHandler: requirePermission('user.update') }, async (req) => {
    const { actor, row } = await loadInScope(req, req.params.id);
    await db.transaction(async (tx) => {
      await tx.delete(loginThrottle).where(eq(loginThrottle.username, row.user.username));
      await appendAudit(tx, whoFromActor(actor, metaOf(req)), {
        action: 'user.unlock',
        entityType: 'user',
        entityId: row.user.id,
        orgId: row.user.orgId,
        orgPath: row.orgPath,
      });
    });
    return detail(actor, row.user.id);
  });
}
