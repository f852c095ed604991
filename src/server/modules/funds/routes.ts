// FND-5, FND-7 routes (issue 13): a programme's fund ledger — the balances per fund, the journal and
// the project balances of one fund (key-based pages), the budget entry (预算入账) and the Excel export.
// Who reads and who writes: funds.ts (loadFundProgramme).
import { PassThrough } from 'node:stream';
import { z } from 'zod';
import { sql } from 'drizzle-orm';
import type { AppDeps, ZApp } from '../../app.js';
import { metaOf, requireActor, requirePermission } from '../../http/guards.js';
import { binaryResponse } from '../../http/contract.js';
import { ZPageQuery, cursorKeys, decodeCursor, toPage, totalOf } from '../../http/paging.js';
import { fundEntries, fundProjectBalances } from '../../db/schema.js';
import { ZCode } from '../../../domain/programme/programme.types.js';
import { ZFen } from '../../../domain/money.js';
import { text } from '../../../domain/supervision/common.js';
import { ZFundAccount, ZFundEntryPage, ZFundLedger, ZFundProjectPage, fundProjectKindValues } from '../../../contract/funds.js';
import {
  assertFundOf,
  fundAccountsOf,
  fundEntriesPage,
  fundEntriesWhere,
  fundEntryView,
  fundLedgerView,
  fundProjectView,
  fundProjectsPage,
  fundProjectsWhere,
  loadFundProgramme,
  recordBudget,
  writeFundWorkbook,
} from './funds.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const ZId = z.object({ id: z.uuid('编号格式不正确') }).strict();
const ZFundParams = z.object({ id: z.uuid('编号格式不正确'), fundCode: ZCode.describe('方案参数中的资金编码') }).strict();
const ZBudgetBody = z
  .object({
    amountFen: ZFen.min(1, '预算金额应大于 0'),
    note: text(500, '入账说明（如预算批复文号）'),
  })
  .strict();
/** The project list's key: the project id, then its kind (fund_project_balances_fund_idx). */
const projectCursor = z.tuple([z.uuid(), z.enum(fundProjectKindValues)]);

export async function fundRoutes(app: ZApp, deps: AppDeps) {
  const { db } = deps.database;
  const tags = ['资金台账'];
  const read = requirePermission('fund.read');
  const manage = requirePermission('fund.manage');

  app.get(
    '/api/v1/programmes/:id/funds',
    { schema: { tags, summary: '方案的资金台账：各项专项资金的预算、核定、拨付、支出、退还、收回和可用余额（FND-5、FND-7）', params: ZId, response: { 200: ZFundLedger } }, preHandler: read },
    async (req) => {
      const prog = await loadFundProgramme(db, requireActor(req), req.params.id);
      return fundLedgerView(db, prog);
    },
  );

  // Newest first, key-based on (recorded_at, id) over fund_entries_fund_recorded_idx; the total only when asked.
  app.get(
    '/api/v1/programmes/:id/funds/:fundCode/entries',
    { schema: { tags, summary: '一项专项资金的台账明细（最新在前）', params: ZFundParams, querystring: z.object({ ...ZPageQuery }).strict(), response: { 200: ZFundEntryPage } }, preHandler: read },
    async (req) => {
      const prog = await loadFundProgramme(db, requireActor(req), req.params.id);
      await assertFundOf(db, prog, req.params.fundCode);
      const q = req.query;
      const after = decodeCursor(q.cursor, cursorKeys.textTime);
      const rows = await fundEntriesPage(db, prog, req.params.fundCode, after, q.limit);
      const total = await totalOf(db, q.count, db.select({ one: sql`1` }).from(fundEntries).where(fundEntriesWhere(prog, req.params.fundCode)));
      const page = toPage(rows, q.limit, total, (r) => [r.key, r.e.id]);
      return { ...page, items: page.items.map(fundEntryView) };
    },
  );

  // Key-based on (project_id, project_kind) over fund_project_balances_fund_idx.
  app.get(
    '/api/v1/programmes/:id/funds/:fundCode/projects',
    { schema: { tags, summary: '一项专项资金资助的项目及其资金情况（承接学会、核定、拨付、支出、退还、收回）', params: ZFundParams, querystring: z.object({ ...ZPageQuery }).strict(), response: { 200: ZFundProjectPage } }, preHandler: read },
    async (req) => {
      const prog = await loadFundProgramme(db, requireActor(req), req.params.id);
      await assertFundOf(db, prog, req.params.fundCode);
      const q = req.query;
      const after = decodeCursor(q.cursor, projectCursor);
      const rows = await fundProjectsPage(db, prog, req.params.fundCode, after, q.limit);
      const total = await totalOf(db, q.count, db.select({ one: sql`1` }).from(fundProjectBalances).where(fundProjectsWhere(prog, req.params.fundCode)));
      const page = toPage(rows, q.limit, total, (r) => [r.b.projectId, r.b.projectKind]);
      return { ...page, items: page.items.map(fundProjectView) };
    },
  );

  app.post(
    '/api/v1/programmes/:id/funds/:fundCode/budget',
    { schema: { tags, summary: '登记专项资金预算（预算入账，金额以分计，须填写说明）', params: ZFundParams, body: ZBudgetBody, response: { 200: ZFundAccount } }, preHandler: manage },
    async (req) => {
      const actor = requireActor(req);
      await recordBudget({ db, actor, meta: metaOf(req), programmeId: req.params.id, fundCode: req.params.fundCode, amountFen: req.body.amountFen, note: req.body.note });
      const prog = await loadFundProgramme(db, actor, req.params.id);
      return (await fundAccountsOf(db, prog)).find((f) => f.code === req.params.fundCode)!;
    },
  );

  app.get(
    '/api/v1/programmes/:id/funds/export.xlsx',
    {
      schema: {
        tags,
        operationId: 'getProgrammesByIdFundsExport',
        summary: '导出资金台账（Excel：各项资金余额和项目资金，金额以元计）',
        params: ZId,
        response: { 200: binaryResponse('资金台账（.xlsx）', [XLSX]) },
      },
      preHandler: read,
    },
    async (req, reply) => {
      const prog = await loadFundProgramme(db, requireActor(req), req.params.id);
      const out = new PassThrough();
      void writeFundWorkbook(out, db, prog).catch((e: unknown) => out.destroy(e as Error));
      return reply
        .header('content-type', XLSX)
        .header('content-disposition', `attachment; filename="funds.xlsx"; filename*=UTF-8''${encodeURIComponent(`资金台账-${prog.name}.xlsx`)}`)
        .send(out as unknown as string); // streamed bytes: the contract states them as a binary string
    },
  );
}
