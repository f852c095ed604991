// CAP-6, FND-1…FND-5 routes: the implementation of a funded capacity-plan project — progress reports,
// expenses (with the association's check of flagged ones), budget adjustments and their approval, and
// the budget's execution per line. Lists and creation under /api/v1/capacity-applications/:id/…
// (201 with the record and its Location), reads and actions on /api/v1/<records>/:id/…. Use cases
// and read rules in implementation.ts; answers follow src/contract/capacity-implementation.ts.
import { z } from 'zod';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { AppDeps, ZApp } from '../../app.js';
import { metaOf, requireActor, requireAnyPermission, requirePermission } from '../../http/guards.js';
import { ZPageQuery, beforeTimeKey, cursorKeys, decodeCursor, toPage, totalOf } from '../../http/paging.js';
import { capacityExpenses, capacityProgressReports } from '../../db/schema.js';
import { optText } from '../../../domain/supervision/common.js';
import {
  ZBudgetAdjustment,
  ZBudgetAdjustmentList,
  ZBudgetExecution,
  ZCapacityExpense,
  ZCapacityExpensePage,
  ZCapacityProgressReport,
  ZCapacityProgressReportPage,
} from '../../../contract/capacity-implementation.js';
import {
  ZAdjustmentInput,
  ZExpenseInput,
  ZProgressReportInput,
  adjustmentDecisions,
  adjustmentOne,
  adjustmentsOf,
  budgetExecution,
  checkFlaggedExpense,
  decideAdjustment,
  expenseOne,
  expenseViews,
  expensesFrom,
  fileProgressReport,
  loadReadableApplication,
  progressReportOne,
  recordExpense,
  reportViews,
  reportsFrom,
  requestAdjustment,
  withdrawAdjustment,
} from './implementation.js';
import { ZId, ZRowVersion } from './route-params.js';


export async function capacityImplementationRoutes(app: ZApp, deps: AppDeps) {
  const { db } = deps.database;
  const tags = ['能力提升项目实施'];
  const read = requireAnyPermission('capacityApplication.submit', 'capacityApplication.review', 'capacityCall.manage', 'fund.read');
  const society = requirePermission('capacityApplication.submit');
  const association = requirePermission('capacityApplication.review');

  // ---------------------------------------------------------------------------------------------
  // Progress reports (CAP-6)
  // ---------------------------------------------------------------------------------------------
  app.get(
    '/api/v1/capacity-applications/:id/progress-reports',
    { schema: { tags, summary: '能力提升项目的进展报告（最新在前）', params: ZId, querystring: z.object({ ...ZPageQuery }).strict(), response: { 200: ZCapacityProgressReportPage } }, preHandler: read },
    async (req) => {
      const actor = requireActor(req);
      const { a } = await loadReadableApplication(db, actor, req.params.id);
      const q = req.query;
      const where = eq(capacityProgressReports.applicationId, a.id);
      const after = decodeCursor(q.cursor, cursorKeys.textTime);
      const rows = await reportsFrom(db)
        .where(and(where, beforeTimeKey(capacityProgressReports.createdAt, capacityProgressReports.id, after)))
        .orderBy(desc(capacityProgressReports.createdAt), desc(capacityProgressReports.id))
        .limit(q.limit + 1);
      const total = await totalOf(db, q.count, db.select({ one: sql`1` }).from(capacityProgressReports).where(where));
      const page = toPage(rows, q.limit, total, (r) => [r.key, r.r.id]);
      return { ...page, items: await reportViews(db, page.items) };
    },
  );

  app.post(
    '/api/v1/capacity-applications/:id/progress-reports',
    { schema: { tags, summary: '学会报送项目进展报告（科协收到通知）', params: ZId, body: ZProgressReportInput, response: { 201: ZCapacityProgressReport } }, preHandler: society },
    async (req, reply) => {
      const actor = requireActor(req);
      const id = await fileProgressReport({ db, actor, meta: metaOf(req), applicationId: req.params.id, input: req.body });
      return reply.status(201).header('Location', `/api/v1/capacity-progress-reports/${id}`).send(await progressReportOne(db, actor, id));
    },
  );

  app.get('/api/v1/capacity-progress-reports/:id', { schema: { tags, summary: '进展报告详情', params: ZId, response: { 200: ZCapacityProgressReport } }, preHandler: read }, async (req) =>
    progressReportOne(db, requireActor(req), req.params.id),
  );

  // ---------------------------------------------------------------------------------------------
  // Expenses (FND-1…FND-5)
  // ---------------------------------------------------------------------------------------------
  app.get(
    '/api/v1/capacity-applications/:id/expenses',
    { schema: { tags, summary: '能力提升项目的经费支出（最新登记的在前）', params: ZId, querystring: z.object({ ...ZPageQuery }).strict(), response: { 200: ZCapacityExpensePage } }, preHandler: read },
    async (req) => {
      const actor = requireActor(req);
      const { a, prog } = await loadReadableApplication(db, actor, req.params.id);
      const q = req.query;
      const where = eq(capacityExpenses.applicationId, a.id);
      const after = decodeCursor(q.cursor, cursorKeys.textTime);
      const rows = await expensesFrom(db)
        .where(and(where, beforeTimeKey(capacityExpenses.recordedAt, capacityExpenses.id, after)))
        .orderBy(desc(capacityExpenses.recordedAt), desc(capacityExpenses.id))
        .limit(q.limit + 1);
      const total = await totalOf(db, q.count, db.select({ one: sql`1` }).from(capacityExpenses).where(where));
      const page = toPage(rows, q.limit, total, (r) => [r.key, r.e.id]);
      return { ...page, items: await expenseViews(db, actor, prog, page.items) };
    },
  );

  app.post(
    '/api/v1/capacity-applications/:id/expenses',
    {
      schema: {
        tags,
        summary: '学会登记经费支出（按批复的预算科目；禁止开支、超出科目预算、超出执行期限的拒绝登记并说明依据；政府采购和固定资产提请科协核查）',
        params: ZId,
        body: ZExpenseInput,
        response: { 201: ZCapacityExpense },
      },
      preHandler: society,
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const id = await recordExpense({ db, actor, meta: metaOf(req), applicationId: req.params.id, input: req.body });
      return reply.status(201).header('Location', `/api/v1/capacity-expenses/${id}`).send(await expenseOne(db, actor, id));
    },
  );

  app.get('/api/v1/capacity-expenses/:id', { schema: { tags, summary: '经费支出详情', params: ZId, response: { 200: ZCapacityExpense } }, preHandler: read }, async (req) =>
    expenseOne(db, requireActor(req), req.params.id),
  );

  app.post(
    '/api/v1/capacity-expenses/:id/check',
    { schema: { tags, summary: '科协核查提请核查的支出（政府采购、固定资产）', params: ZId, body: z.object({ note: optText(1000, '核查意见') }).strict(), response: { 200: ZCapacityExpense } }, preHandler: association },
    async (req) => {
      const actor = requireActor(req);
      await checkFlaggedExpense({ db, actor, meta: metaOf(req), id: req.params.id, note: req.body.note ?? null });
      return expenseOne(db, actor, req.params.id);
    },
  );

  // ---------------------------------------------------------------------------------------------
  // Budget adjustments (FND-3)
  // ---------------------------------------------------------------------------------------------
  app.get(
    '/api/v1/capacity-applications/:id/budget-adjustments',
    { schema: { tags, summary: '能力提升项目的预算调整申请（最新在前）', params: ZId, response: { 200: ZBudgetAdjustmentList } }, preHandler: read },
    async (req) => ({ items: await adjustmentsOf(db, requireActor(req), req.params.id), nextCursor: null }),
  );

  app.post(
    '/api/v1/capacity-applications/:id/budget-adjustments',
    { schema: { tags, summary: '学会申请调整批复的预算（合计不增加，不低于已支出，报科协审批）', params: ZId, body: ZAdjustmentInput, response: { 201: ZBudgetAdjustment } }, preHandler: society },
    async (req, reply) => {
      const actor = requireActor(req);
      const id = await requestAdjustment({ db, actor, meta: metaOf(req), applicationId: req.params.id, input: req.body });
      return reply.status(201).header('Location', `/api/v1/capacity-budget-adjustments/${id}`).send(await adjustmentOne(db, actor, id));
    },
  );

  app.get('/api/v1/capacity-budget-adjustments/:id', { schema: { tags, summary: '预算调整申请详情', params: ZId, response: { 200: ZBudgetAdjustment } }, preHandler: read }, async (req) =>
    adjustmentOne(db, requireActor(req), req.params.id),
  );

  app.post(
    '/api/v1/capacity-budget-adjustments/:id/decide',
    {
      schema: {
        tags,
        summary: '科协审批预算调整：批准（替换批复的预算）或不予批准（须写明理由）',
        params: ZId,
        body: z
          .object({
            rowVersion: ZRowVersion,
            decision: z.enum(adjustmentDecisions, { error: '请选择批准或不予批准' }),
            comment: optText(2000, '审批意见'),
          })
          .strict(),
        response: { 200: ZBudgetAdjustment },
      },
      preHandler: association,
    },
    async (req) => {
      const actor = requireActor(req);
      const b = req.body;
      await decideAdjustment({ db, actor, meta: metaOf(req), id: req.params.id, rowVersion: b.rowVersion, decision: b.decision, comment: b.comment ?? null });
      return adjustmentOne(db, actor, req.params.id);
    },
  );

  app.post(
    '/api/v1/capacity-budget-adjustments/:id/withdraw',
    { schema: { tags, summary: '学会撤回待审批的预算调整申请', params: ZId, body: z.object({ rowVersion: ZRowVersion }).strict(), response: { 200: ZBudgetAdjustment } }, preHandler: society },
    async (req) => {
      const actor = requireActor(req);
      await withdrawAdjustment({ db, actor, meta: metaOf(req), id: req.params.id, rowVersion: req.body.rowVersion });
      return adjustmentOne(db, actor, req.params.id);
    },
  );

  // ---------------------------------------------------------------------------------------------
  // Budget execution
  // ---------------------------------------------------------------------------------------------
  app.get(
    '/api/v1/capacity-applications/:id/budget-execution',
    { schema: { tags, summary: '预算执行情况：各科目的批复预算、已支出、结余和执行进度，执行期限', params: ZId, response: { 200: ZBudgetExecution } }, preHandler: read },
    async (req) => budgetExecution(db, requireActor(req), req.params.id),
  );
}
