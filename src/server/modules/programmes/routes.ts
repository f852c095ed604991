import { z } from 'zod';
import type { AppDeps, ZApp } from '../../app.js';
import { metaOf, requireActor, requirePermission } from '../../http/guards.js';
import { ZPageQuery, cursorKeys, decodeCursor, toPage } from '../../http/paging.js';
import { AppError } from '../../platform/errors.js';
import { ZPresetCode, ZProgrammeKind } from '../../../domain/programme/programme.types.js';
import { ZPresetList, ZProgramme, ZProgrammeCategories, ZProgrammePage, ZProgrammeParameters, ZProgrammeStages } from '../../../contract/programmes.js';
import { programmeStates } from '../../../domain/programme/programme.lifecycle.js';
import { presets } from '../../../domain/presets/index.js';
import { listProgrammes } from './programmes.repo.js';
import { assertMayReadProgramme, programmeReadScope } from './programme-scope.js';
import { programmeSummary, programmeView } from './programme-view.js';
import { changeProgrammeState, createProgramme, updateProgramme } from './save-programme.js';

const ZId = z.object({ id: z.uuid('编号格式不正确') }).strict();
const ZReason = z.string().trim().max(500).nullable().optional();

export async function programmeRoutes(app: ZApp, deps: AppDeps) {
  const { db } = deps.database;
  const tags = ['方案'];

  app.get('/api/v1/presets', { schema: { tags, summary: '预置方案（每份政策文件一个）', response: { 200: ZPresetList } }, preHandler: requirePermission('programme.read') }, async () => ({
    items: presets.map((p) => ({ ...p })),
    nextCursor: null,
  }));

  app.get(
    '/api/v1/programmes',
    {
      schema: {
        tags,
        summary: '方案列表',
        querystring: z
          .object({ status: z.enum(programmeStates).optional(), kind: ZProgrammeKind.optional(), q: z.string().trim().max(50).optional(), ...ZPageQuery })
          .strict(),
        response: { 200: ZProgrammePage },
      },
      preHandler: requirePermission('programme.read'),
    },
    async (req) => {
      const actor = requireActor(req);
      const q = req.query;
      const { rows, total } = await listProgrammes(db, { visible: programmeReadScope(actor), status: q.status, kind: q.kind, q: q.q }, decodeCursor(q.cursor, cursorKeys.textTime), q.limit, q.count);
      const page = toPage(rows, q.limit, total, (r) => [r.key, r.id]);
      return { ...page, items: page.items.map((r) => programmeSummary(r, r.associationName)) };
    },
  );

  app.get('/api/v1/programmes/:id', { schema: { tags, summary: '方案详情', params: ZId, response: { 200: ZProgramme } }, preHandler: requirePermission('programme.read') }, async (req) => {
    // Issue 11 §1: a draft only to its own association's staff; published ones along the tree.
    const row = await assertMayReadProgramme(db, requireActor(req), req.params.id);
    return programmeView(row.p, row.associationName);
  });

  app.post(
    '/api/v1/programmes',
    {
      schema: {
        tags,
        summary: '由预置方案新建方案',
        body: z
          .object({
            associationId: z.uuid(),
            presetCode: ZPresetCode,
            name: z.string().trim().min(4, '名称至少 4 个字').max(100),
            year: z.number().int().min(2015).max(2100),
            description: z.string().trim().max(2000).nullable().optional(),
          })
          .strict(),
        response: { 201: ZProgramme },
      },
      preHandler: requirePermission('programme.create'),
    },
    async (req, reply) => {
      const created = await createProgramme({ db, actor: requireActor(req), meta: metaOf(req), input: req.body });
      return reply.status(201).header('Location', `/api/v1/programmes/${created.id}`).send(created);
    },
  );

  app.patch(
    '/api/v1/programmes/:id',
    {
      schema: {
        tags,
        summary: '修改方案（阶段、内容类别、政策参数）',
        params: ZId,
        body: z
          .object({
            version: z.number().int().min(1),
            reason: ZReason,
            name: z.string().trim().min(4, '名称至少 4 个字').max(100).optional(),
            description: z.string().trim().max(2000).nullable().optional(),
            year: z.number().int().min(2015).max(2100).optional(),
            stages: ZProgrammeStages.optional().describe('阶段列表（整体替换）'),
            categories: ZProgrammeCategories.optional().describe('内容类别树（整体替换）'),
            parameters: ZProgrammeParameters.optional().describe('政策参数（PRG-2，整体替换）'),
          })
          .strict(),
        response: { 200: ZProgramme },
      },
      preHandler: requirePermission('programme.update'),
    },
    async (req) => updateProgramme({ db, actor: requireActor(req), meta: metaOf(req), id: req.params.id, input: req.body }),
  );

  for (const event of ['publish', 'close'] as const) {
    app.post(
      `/api/v1/programmes/:id/${event}`,
      {
        schema: {
          tags,
          summary: event === 'publish' ? '发布方案（在门户公开）' : '结束方案',
          params: ZId,
          body: z
            .object({
              version: z.number().int().min(1),
              reason: ZReason,
              confirmPastStages: z.boolean().optional().describe('发布时：确认按原日期发布开始日期早于今天的阶段（否则拒绝并列出这些阶段）'),
            })
            .strict(),
          response: { 200: ZProgramme },
        },
        preHandler: requirePermission('programme.publish'),
      },
      async (req) => {
        if (event === 'close' && !req.body.reason) throw new AppError('VALIDATION_FAILED', '请填写结束原因', { errors: [{ path: 'body.reason', message: '请填写结束原因' }] });
        return changeProgrammeState({ db, actor: requireActor(req), meta: metaOf(req), id: req.params.id, event, version: req.body.version, reason: req.body.reason, confirmPastStages: req.body.confirmPastStages });
      },
    );
  }
}
