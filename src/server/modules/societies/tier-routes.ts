// ORG-4, EVA-6 routes (issue 14): the association's societies with the tier in force and the
// platform's suggestion (paged by name), a society's tiers and history, and a classification.
import { z } from 'zod';
import { and, asc, eq, ilike, like, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { AppDeps, ZApp } from '../../app.js';
import { metaOf, requireActor, requirePermission } from '../../http/guards.js';
import { ZPageQuery, cursorKeys, decodeCursor, toPage, totalOf } from '../../http/paging.js';
import { organisations, societyProfiles } from '../../db/schema.js';
import { escapeLike } from '../orgs/orgs.repo.js';
import { ZTierInput, societyTierCodes } from '../../../domain/org/tiers.js';
import { ZSocietyTierPage, ZSocietyTiers, type SocietyTierItem } from '../../../contract/society-tiers.js';
import { classifies, classifySociety, currentTierIs, readSocietyTiers, seesSuggestion, suggestionView, suggestionsFor, tierCounts, tierRecordView, tierRows } from './tiers.js';

const ZId = z.object({ id: z.uuid('编号格式不正确') }).strict();

export async function societyTierRoutes(app: ZApp, deps: AppDeps) {
  const { db } = deps.database;
  const tags = ['学会分类'];
  const read = requirePermission('society.tier.read');

  app.get(
    '/api/v1/society-tiers',
    {
      schema: {
        tags,
        summary: '学会分类：本单位数据范围内的学会、现行分类和平台建议（按名称分页）',
        querystring: z
          .object({
            q: z.string().trim().max(50, '关键词不能超过 50 个字').optional(),
            tier: z.enum([...societyTierCodes, 'none']).optional().describe('现行分类；none 为尚未分类'),
            ...ZPageQuery,
          })
          .strict(),
        response: { 200: ZSocietyTierPage },
      },
      preHandler: read,
    },
    async (req) => {
      const actor = requireActor(req);
      const q = req.query;
      const parent = alias(organisations, 'parent');
      const where = and(
        eq(organisations.type, 'society'),
        like(organisations.path, `${escapeLike(actor.scopePath)}%`),
        q.q ? ilike(organisations.name, `%${escapeLike(q.q)}%`) : undefined,
        q.tier ? currentTierIs(q.tier) : undefined,
      )!;
      const after = decodeCursor(q.cursor, cursorKeys.name);
      const rows = await db
        .select({ id: organisations.id, name: organisations.name, associationName: parent.name, foundedYear: societyProfiles.foundedYear })
        .from(organisations)
        .innerJoin(societyProfiles, eq(societyProfiles.orgId, organisations.id))
        .leftJoin(parent, eq(parent.id, organisations.parentId))
        .where(after ? and(where, sql`(${organisations.name}, ${organisations.id}) > (${after[0]}, ${after[1]}::uuid)`) : where)
        .orderBy(asc(organisations.name), asc(organisations.id))
        .limit(q.limit + 1);
      const total = await totalOf(db, q.count, db.select({ one: sql`1` }).from(organisations).innerJoin(societyProfiles, eq(societyProfiles.orgId, organisations.id)).where(where));
      const page = toPage(rows, q.limit, total, (r) => [r.name, r.id]);
      const shown = page.items;
      const current = new Map(
        (await tierRows(db, shown.map((r) => r.id), true)).map((t) => [t.societyId, seesSuggestion(actor) ? tierRecordView(t) : { ...tierRecordView(t), suggestedTier: null, suggestedTierLabel: null }]),
      );
      const suggestions = seesSuggestion(actor) ? await suggestionsFor(db, shown) : new Map();
      const may = classifies(actor);
      const items: SocietyTierItem[] = shown.map((r) => {
        const s = suggestions.get(r.id);
        return {
          societyId: r.id,
          societyName: r.name,
          associationName: r.associationName,
          foundedYear: r.foundedYear,
          current: current.get(r.id) ?? null,
          suggestion: s ? suggestionView(s) : null,
          actions: may ? ['classify'] : [],
        };
      });
      // the counts per tier with the first page only (docs/UI.md: the total is counted on the first page)
      return { ...page, items, ...(q.count ? { counts: await tierCounts(db, actor.scopePath) } : {}) };
    },
  );

  app.get(
    '/api/v1/societies/:id/tiers',
    { schema: { tags, summary: '学会的现行分类、平台建议和历次分类', params: ZId, response: { 200: ZSocietyTiers } }, preHandler: read },
    async (req) => readSocietyTiers(db, requireActor(req), req.params.id),
  );

  app.post(
    '/api/v1/societies/:id/tiers',
    { schema: { tags, summary: '学会分类定级（固强、新建、稳定、退出，须写明理由；保留历次分类）', params: ZId, body: ZTierInput, response: { 201: ZSocietyTiers } }, preHandler: requirePermission('society.tier.classify') },
    async (req, reply) => {
      const actor = requireActor(req);
      await classifySociety({ db, actor, meta: metaOf(req), societyId: req.params.id, input: req.body });
      return reply.status(201).header('Location', `/api/v1/societies/${req.params.id}/tiers`).send(await readSocietyTiers(db, actor, req.params.id));
    },
  );
}
