import { z } from 'zod';
import type { AppDeps, ZApp } from '../../app.js';
import { assertInScope, metaOf, requireActor, requirePermission } from '../../http/guards.js';
import { ZPageQuery, cursorKeys, decodeCursor, toPage } from '../../http/paging.js';
import { AppError } from '../../platform/errors.js';
import { ZOrgCreate, ZOrgType, ZOrgUpdate } from '../../../domain/org/org.types.js';
import { ZOrgDetail, ZOrgPage, ZOrgTree } from '../../../contract/orgs.js';
import { findOrg, listOrgs } from './orgs.repo.js';
import { orgDetailOf, orgListItemOf, orgView } from './org-view.js';
import { orgTreeOf } from './org-tree.js';
import { createOrg } from './create-org.js';
import { updateOrg } from './update-org.js';

const ZId = z.object({ id: z.uuid('编号格式不正确') }).strict();

export async function orgRoutes(app: ZApp, deps: AppDeps) {
  const { db } = deps.database;
  const tags = ['组织机构'];

  app.get(
    '/api/v1/orgs/tree',
    {
      schema: { tags, summary: '本单位数据范围内的组织机构树（下级单位与参与单位分列）', response: { 200: ZOrgTree } },
      preHandler: requirePermission('org.read'),
    },
    async (req) => orgTreeOf(db, requireActor(req).scopePath),
  );

  app.get(
    '/api/v1/orgs',
    {
      schema: {
        tags,
        summary: '组织机构列表（按名称分页）',
        querystring: z
          .object({
            type: ZOrgType.optional(),
            parentId: z.uuid().optional(),
            q: z.string().trim().max(50).optional(),
            isActive: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
            ...ZPageQuery,
          })
          .strict(),
        response: { 200: ZOrgPage },
      },
      preHandler: requirePermission('org.read'),
    },
    async (req) => {
      const actor = requireActor(req);
      const q = req.query;
      const after = decodeCursor(q.cursor, cursorKeys.name);
      const { rows, total } = await listOrgs(db, { scopePath: actor.scopePath, type: q.type, parentId: q.parentId, q: q.q, isActive: q.isActive }, after, q.limit, q.count);
      const page = toPage(rows, q.limit, total, (r) => [r.name, r.id]);
      return { ...page, items: page.items.map(orgListItemOf) };
    },
  );

  app.get(
    '/api/v1/orgs/:id',
    { schema: { tags, summary: '单位详情', params: ZId, response: { 200: ZOrgDetail } }, preHandler: requirePermission('org.read') },
    async (req) => {
      const actor = requireActor(req);
      const row = await findOrg(db, req.params.id);
      if (!row) throw new AppError('NOT_FOUND', '单位不存在');
      assertInScope(actor, row.path, { entityType: 'organisation', entityId: row.id });
      const parent = row.parentId ? await findOrg(db, row.parentId) : undefined;
      return orgDetailOf(actor, orgView(row, deps.cipher, parent?.name));
    },
  );

  app.post(
    '/api/v1/orgs',
    {
      schema: { tags, summary: '新增下级科协或参与单位（政府部门、审核部门、财政局、第三方评估机构）', body: ZOrgCreate, response: { 201: ZOrgDetail } },
      preHandler: requirePermission('org.create'),
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const view = await createOrg({ db, cipher: deps.cipher, actor, meta: metaOf(req), input: req.body });
      return reply.status(201).header('Location', `/api/v1/orgs/${view.id}`).send(orgDetailOf(actor, view));
    },
  );

  app.patch(
    '/api/v1/orgs/:id',
    { schema: { tags, summary: '修改单位信息', params: ZId, body: ZOrgUpdate, response: { 200: ZOrgDetail } }, preHandler: requirePermission('org.update') },
    async (req) => {
      const actor = requireActor(req);
      return orgDetailOf(actor, await updateOrg({ db, cipher: deps.cipher, actor, meta: metaOf(req), id: req.params.id, input: req.body }));
    },
  );
}
