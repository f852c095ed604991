import { z } from 'zod';
import type { AppDeps, ZApp } from '../../app.js';
import { assertInScope, metaOf, requireActor, requirePermission } from '../../http/guards.js';
import { ZPageQuery, cursorKeys, decodeCursor, toPage } from '../../http/paging.js';
import { AppError } from '../../platform/errors.js';
import { appendAudit, whoFromActor } from '../../platform/audit.js';
import { ZSocietyCreate, ZSocietyUpdate, ZYearlyFacts, affiliations, societyTypes } from '../../../domain/org/org.types.js';
import { ZSociety, ZSocietyPage, ZSocietyPersonalData, ZYearlyFacts as ZYearlyFactsOut, type SocietyListItem } from '../../../contract/orgs.js';
import { orgView } from '../orgs/org-view.js';
import { findOrg } from '../orgs/orgs.repo.js';
import { findSociety, listFacts, listSocieties } from './societies.repo.js';
import { factsView, profileView, societyDetailOf } from './society-view.js';
import { createSociety } from './create-society.js';
import { updateSociety } from './update-society.js';
import { putYearlyFacts } from './put-yearly-facts.js';

const ZId = z.object({ id: z.uuid('编号格式不正确') }).strict();

export async function societyRoutes(app: ZApp, deps: AppDeps) {
  const { db } = deps.database;
  const tags = ['学会'];

  app.get(
    '/api/v1/societies',
    {
      schema: {
        tags,
        summary: '学会列表（按名称分页）',
        querystring: z
          .object({
            q: z.string().trim().max(50).optional(),
            societyType: z.enum(societyTypes).optional(),
            affiliation: z.enum(affiliations).optional(),
            associationId: z.uuid().optional(),
            isActive: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
            ...ZPageQuery,
          })
          .strict(),
        response: { 200: ZSocietyPage },
      },
      preHandler: requirePermission('society.read'),
    },
    async (req) => {
      const actor = requireActor(req);
      const q = req.query;
      const { rows, total } = await listSocieties(
        db,
        { scopePath: actor.scopePath, q: q.q, societyType: q.societyType, affiliation: q.affiliation, associationId: q.associationId, isActive: q.isActive },
        decodeCursor(q.cursor, cursorKeys.name),
        q.limit,
        q.count,
      );
      return toPage(rows as SocietyListItem[], q.limit, total, (r) => [r.name, r.id]);
    },
  );

  const loadInScope = async (req: Parameters<typeof requireActor>[0], id: string) => {
    const actor = requireActor(req);
    const row = await findSociety(db, id);
    if (!row) throw new AppError('NOT_FOUND', '学会不存在');
    assertInScope(actor, row.org.path, { entityType: 'organisation', entityId: row.org.id });
    return { actor, row };
  };

  app.get(
    '/api/v1/societies/:id',
    { schema: { tags, summary: '学会档案（基本信息与年度情况）', params: ZId, response: { 200: ZSociety } }, preHandler: requirePermission('society.read') },
    async (req) => {
      const { actor, row } = await loadInScope(req, req.params.id);
      const parent = row.org.parentId ? await findOrg(db, row.org.parentId) : undefined;
      return societyDetailOf(actor, orgView(row.org, deps.cipher, parent?.name), profileView(row.profile, deps.cipher), (await listFacts(db, row.org.id)).map(factsView));
    },
  );

  // Whole phone numbers only for roles that need them, and every full view is audited (§4).
  app.get(
    '/api/v1/societies/:id/personal-data',
    { schema: { tags, summary: '查看学会联系人完整电话（留痕）', params: ZId, response: { 200: ZSocietyPersonalData } }, preHandler: requirePermission('user.pii.read') },
    async (req) => {
      const { actor, row } = await loadInScope(req, req.params.id);
      const full = profileView(row.profile, deps.cipher, true);
      const out = {
        contactPhone: deps.cipher.decryptNullable(row.org.contactPhoneEnc),
        legalRepPhone: full.legalRepPhone,
        secretaryGeneralPhone: full.secretaryGeneralPhone,
      };
      await db.transaction((tx) =>
        appendAudit(tx, whoFromActor(actor, metaOf(req)), {
          action: 'pii.view',
          entityType: 'organisation',
          entityId: row.org.id,
          orgId: row.org.id,
          orgPath: row.org.path,
          after: { fields: ['contactPhone', 'legalRepPhone', 'secretaryGeneralPhone'] },
        }),
      );
      return out;
    },
  );

  app.post(
    '/api/v1/societies',
    { schema: { tags, summary: '新增学会（含档案）', body: ZSocietyCreate, response: { 201: ZSociety } }, preHandler: requirePermission('society.create') },
    async (req, reply) => {
      const view = await createSociety({ db, cipher: deps.cipher, actor: requireActor(req), meta: metaOf(req), input: req.body });
      return reply.status(201).header('Location', `/api/v1/societies/${view.id}`).send(view);
    },
  );

  app.patch(
    '/api/v1/societies/:id',
    { schema: { tags, summary: '修改学会档案', params: ZId, body: ZSocietyUpdate, response: { 200: ZSociety } }, preHandler: requirePermission('society.update') },
    async (req) => updateSociety({ db, cipher: deps.cipher, actor: requireActor(req), meta: metaOf(req), id: req.params.id, input: req.body }),
  );

  app.put(
    '/api/v1/societies/:id/facts/:year',
    {
      schema: {
        tags,
        summary: '录入或更正学会年度情况（年检、表彰、违规、通报批评、未完成任务、取消资格）',
        params: z.object({ id: z.uuid('编号格式不正确'), year: z.coerce.number().int().min(2000, '年度不能早于 2000 年').max(2100) }).strict(),
        body: ZYearlyFacts,
        response: { 200: ZYearlyFactsOut },
      },
      preHandler: requirePermission('society.facts.update'),
    },
    async (req) => putYearlyFacts({ db, actor: requireActor(req), meta: metaOf(req), societyId: req.params.id, year: req.params.year, input: req.body }),
  );
}
