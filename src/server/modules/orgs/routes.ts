import { z } from 'zod';
import type { AppDeps, ZApp } from '../../app.js';
import { assertInScope, metaOf, requireActor, requirePermission } from '../../http/guards.js';
import { ZPageQuery, cursorKeys, decodeCursor, toPage } from '../../http/paging.js';
import { AppError } from '../../platform/errors.js';
import { ZOrgCreate, ZOrgType, ZOrgUpdate } from '../../../domain/org/org.types.js';
import { orgTypeLabels, type OrgType } from '../../../domain/access/roles.js';
import { findOrg, listOrgs, listSubtree } from './orgs.repo.js';
import { orgView } from './org-view.js';
import { createOrg } from './create-org.js';
import { updateOrg } from './update-org.js';

const ZId = z.object({ id: z.uuid('编号格式不正确') }).strict();

interface TreeNode {
  id: string;
  parentId: string | null;
  name: string;
  shortName: string | null;
  type: string;
  typeLabel: string;
  level: string | null;
  officeKind: string | null;
  isActive: boolean;
  children: TreeNode[];
}

export async function orgRoutes(app: ZApp, deps: AppDeps) {
  const { db } = deps.database;
  const tags = ['组织机构'];

  app.get(
    '/api/v1/orgs/tree',
    { schema: { tags, summary: '本单位数据范围内的组织机构树' }, preHandler: requirePermission('org.read') },
    async (req) => {
      const actor = requireActor(req);
      const rows = await listSubtree(db, actor.scopePath);
      const byId = new Map<string, TreeNode>();
      const roots: TreeNode[] = [];
      for (const r of rows) {
        byId.set(r.id, { ...r, typeLabel: orgTypeLabels[r.type as OrgType] ?? r.type, children: [] });
      }
      for (const r of rows) {
        const node = byId.get(r.id)!;
        const parent = r.parentId ? byId.get(r.parentId) : undefined;
        if (parent) parent.children.push(node);
        else roots.push(node);
      }
      // associations first, then by type and name
      const order = ['association', 'department', 'review_office', 'finance_bureau', 'evaluator', 'society'];
      const sort = (ns: TreeNode[]) => {
        ns.sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type) || a.name.localeCompare(b.name, 'zh-CN'));
        ns.forEach((n) => sort(n.children));
      };
      sort(roots);
      return { nodes: roots };
    },
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
      },
      preHandler: requirePermission('org.read'),
    },
    async (req) => {
      const actor = requireActor(req);
      const q = req.query;
      const after = decodeCursor(q.cursor, cursorKeys.name);
      const { rows, total } = await listOrgs(db, { scopePath: actor.scopePath, type: q.type, parentId: q.parentId, q: q.q, isActive: q.isActive }, after, q.limit);
      const page = toPage(rows, q.limit, total, (r) => [r.org.name, r.org.id]);
      return { ...page, items: page.items.map((r) => orgView(r.org, deps.cipher, r.parentName)) };
    },
  );

  app.get('/api/v1/orgs/:id', { schema: { tags, summary: '单位详情', params: ZId }, preHandler: requirePermission('org.read') }, async (req) => {
    const actor = requireActor(req);
    const row = await findOrg(db, req.params.id);
    if (!row) throw new AppError('NOT_FOUND', '单位不存在');
    assertInScope(actor, row.path, { entityType: 'organisation', entityId: row.id });
    const parent = row.parentId ? await findOrg(db, row.parentId) : undefined;
    return orgView(row, deps.cipher, parent?.name);
  });

  app.post(
    '/api/v1/orgs',
    { schema: { tags, summary: '新增单位（科协、政府部门、审核部门、财政局、评估机构）', body: ZOrgCreate }, preHandler: requirePermission('org.create') },
    async (req, reply) => {
      const view = await createOrg({ db, cipher: deps.cipher, actor: requireActor(req), meta: metaOf(req), input: req.body });
      return reply.status(201).send(view);
    },
  );

  app.patch(
    '/api/v1/orgs/:id',
    { schema: { tags, summary: '修改单位信息', params: ZId, body: ZOrgUpdate }, preHandler: requirePermission('org.update') },
    async (req) => updateOrg({ db, cipher: deps.cipher, actor: requireActor(req), meta: metaOf(req), id: req.params.id, input: req.body }),
  );
}
