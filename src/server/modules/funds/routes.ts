// FND-5, FND-7 routes (issue 13): a programme's fund ledger — the balances per fund, the journal and
// the project balances of one fund (key-based pages), the budget entry (预算入账) and the Excel export.
// Who reads and who writes: funds.ts (loadFundProgramme). And a pilot project's funding from its
// programme's funds (project-funding.ts): read as the project is, written by the association that
// keeps the ledger — the award, the staged disbursements, refunds and recoveries.
import { PassThrough } from 'node:stream';
import { z } from 'zod';
import { sql } from 'drizzle-orm';
import type { AppDeps, ZApp } from '../../app.js';
import { metaOf, requireActor, requireAnyPermission, requirePermission } from '../../http/guards.js';
import { binaryResponse } from '../../http/contract.js';
import { ZPageQuery, cursorKeys, decodeCursor, toPage, totalOf } from '../../http/paging.js';
import { fundEntries, fundProjectBalances } from '../../db/schema.js';
import { ZCode } from '../../../domain/programme/programme.types.js';
import { ZFen } from '../../../domain/money.js';
import { text } from '../../../domain/supervision/common.js';
import { ZFundAccount, ZFundEntryPage, ZFundLedger, ZFundProjectPage, ZProjectFunding, fundProjectKindValues } from '../../../contract/funds.js';
import { ZFundRecoveryGround } from '../../../domain/programme/programme.types.js';
import { awardProjectFunding, disburseProjectFunding, projectFundingView, returnProjectFunding } from './project-funding.js';
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
const ZAwardBody = z
  .object({
    fundCode: ZCode.describe('方案参数中的资金编码'),
    amountFen: ZFen.min(1, '资助金额应大于 0'),
    note: text(500, '核定说明（如核定文件、会议纪要）'),
  })
  .strict();
const ZTotalSeen = (what: string) => z.number({ error: `缺少${what}` }).int(`${what}应为整数（分）`).min(0).describe(`打开表单时的${what}（分）：已有新的变动时拒绝（409），不会重复登记`);
const ZDisburseBody = z
  .object({
    amountFen: ZFen.min(1, '拨付金额应大于 0'),
    note: text(500, '拨付说明（如拨款凭证号、拨付依据）'),
    disbursedFen: ZTotalSeen('已拨付合计'),
  })
  .strict();
const ZReturnBody = z
  .object({
    kind: z.enum(['refund', 'recover'], { error: '类别应为退还或收回' }).describe('refund 退还，recover 收回'),
    amountFen: ZFen.min(1, '金额应大于 0'),
    ground: ZFundRecoveryGround.nullable().default(null).describe('收回资金的情形（收回时必填，须为方案参数所列）'),
    note: text(500, '说明（如到账凭证号、责任认定）'),
    outstandingFen: ZTotalSeen('学会尚持有金额'),
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

  // FND-7: a pilot project's funding from its programme's funds — read as the project is (its parties,
  // the associations over it, its observers), written by the association keeping the ledger
  const projectTags = ['资金台账', '试点项目'];
  app.get(
    '/api/v1/projects/:id/funding',
    {
      schema: { tags: projectTags, summary: '试点项目的专项资金：核定资助、分期拨付、退还、收回及台账记录（FND-7）', params: ZId, response: { 200: ZProjectFunding } },
      preHandler: requireAnyPermission('project.read', 'project.observe'),
    },
    async (req) => projectFundingView(db, requireActor(req), req.params.id),
  );
  app.post(
    '/api/v1/projects/:id/funding/award',
    {
      schema: { tags: projectTags, summary: '从方案的专项资金核定项目经费（不超过生效任务书或合同约定的经费和该资金的可用余额）', params: ZId, body: ZAwardBody, response: { 200: ZProjectFunding } },
      preHandler: manage,
    },
    async (req) => awardProjectFunding({ db, actor: requireActor(req), meta: metaOf(req), projectId: req.params.id, input: req.body }),
  );
  app.post(
    '/api/v1/projects/:id/funding/disbursements',
    {
      schema: { tags: projectTags, summary: '登记向承接学会拨付项目经费（可分期，累计不超过核定的资助）', params: ZId, body: ZDisburseBody, response: { 200: ZProjectFunding } },
      preHandler: manage,
    },
    async (req) => disburseProjectFunding({ db, actor: requireActor(req), meta: metaOf(req), projectId: req.params.id, input: req.body }),
  );
  app.post(
    '/api/v1/projects/:id/funding/returns',
    {
      schema: { tags: projectTags, summary: '登记学会退还或被收回的项目经费（中止项目的退款在中止与退款中登记）', params: ZId, body: ZReturnBody, response: { 200: ZProjectFunding } },
      preHandler: manage,
    },
    async (req) => returnProjectFunding({ db, actor: requireActor(req), meta: metaOf(req), projectId: req.params.id, input: req.body }),
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
