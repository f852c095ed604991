// CAP-6, FND-1…FND-5 (issue 13 step 6): the implementation of a funded capacity-plan project — an
// application whose responsibility letter is signed (status 'funded', its `approved_budget` set and
// the letter's `approved_on` starting the execution window; letters.ts).
//  - Progress reports (实施方案 五、3): the society reports; the association is notified.
//  - Expenses: the society records each against a line of the approved budget, with evidence. The
//    pure rules decide (domain/funds/expense.rules.ts checkExpense, from the programme's parameters:
//    expense categories, execution window, procurement threshold): a forbidden category (FND-2), a
//    category or item outside the allowed ones (FND-1), beyond the line (FND-3), outside the window
//    (FND-4) — each refused with its rule and the seed clause, the refused attempt recorded in the
//    audit log in a transaction of its own (the request's rolls back). Accepted: the ledger's
//    expense entry first (funds/ledger.repo.ts recordFundEntry: it locks the fund's account before
//    the audit chain), then the row; a purchase at or above the threshold or a fixed asset is flagged
//    (FND-5) and the association gets a to-do to check it.
//  - Budget adjustments (FND-3, 办法 第十二条): the society asks, the association approves or
//    rejects; approved, the new lines replace `approved_budget`. The award is fixed: the total may
//    not grow; every line in an allowed category; no line below what is already spent on it. One
//    pending at a time (capacity_budget_adjustments_pending_key).
// Every write locks the application row first: the expenses of one project, its adjustments and
// their approval line up behind it, so the sums a rule reads are the ones the change is made on
// (two expenses that together exceed a line: one passes, the other is refused). Reads: whoever reads
// the application (applications.ts mayReadApplication).
import { and, desc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { Db, DbOrTx } from '../../db/client.js';
import { capacityApplications, capacityBudgetAdjustments, capacityExpenses, capacityLetters, capacityProgressReports, organisations, users } from '../../db/schema.js';
import type { Actor, RequestMeta } from '../../platform/actor.js';
import { appendAudit, appendAuditStandalone, whoFromActor } from '../../platform/audit.js';
import { AppError, validationError, type FieldError } from '../../platform/errors.js';
import { addDays, chinaToday } from '../../platform/transition.js';
import { closeTodos, openTodo } from '../../platform/todos.js';
import { notifyOrg } from '../../platform/notify.js';
import { timeKeyOf } from '../../http/paging.js';
import { calendarDay } from '../../../domain/calendar-day.js';
import { fen, formatYuan } from '../../../domain/money.js';
import { text, ZAttachmentIds } from '../../../domain/supervision/common.js';
import type { ExpenseCategories, ProgrammeParameters } from '../../../domain/programme/programme.types.js';
import { ZBudgetLine, applicationLifecycle, budgetTotalFen, implementingStates, type ApplicationState, type RuleRef } from '../../../domain/capacity/application.js';
import { ruleRefOf, type HasRuleClauses, type RuleClauseKey } from '../../../domain/programme/rule-clauses.js';
import { checkExpense, lineKey, windowEndsOn, type BudgetLine } from '../../../domain/funds/expense.rules.js';
import {
  budgetAdjustmentStateLabels,
  type BudgetAdjustment,
  type BudgetExecution,
  type BudgetLineView,
  type CapacityExpense,
  type CapacityProgressReport,
  type ExpenseFlag,
} from '../../../contract/capacity-implementation.js';
import { attachmentRefs, linkAttachments, pickRefs } from '../supervision/supervision-attachments.js';
import { recordFundEntry } from '../funds/ledger.repo.js';
import { findCall, loadProgramme, type ProgrammeForCalls } from './calls.js';
import { applicationLink, mayReadApplication, reviews, type ApplicationRow } from './applications.js';

export const EXPENSE_CHECK_TODO = 'capacityExpense.check';
export const BUDGET_DECIDE_TODO = 'capacityBudget.decide';
/** The application's page, opened at its implementation section. */
export const implementationLink = (applicationId: string) => `${applicationLink(applicationId)}?section=implementation`;

type StoredLine = { category: string; item: string | null; amountFen: number; note: string | null };
type ExpenseRow = typeof capacityExpenses.$inferSelect;
type ReportRow = typeof capacityProgressReports.$inferSelect;
type AdjustmentRow = typeof capacityBudgetAdjustments.$inferSelect;

// ------------------------------------------------------------------------------------------------
// Inputs
// ------------------------------------------------------------------------------------------------

export const ZProgressReportInput = z
  .object({
    title: text(120, '报告标题'),
    body: text(20000, '报告内容'),
    attachmentIds: ZAttachmentIds,
  })
  .strict();
export type ProgressReportInput = z.infer<typeof ZProgressReportInput>;

export const ZExpenseInput = z
  .object({
    category: z.string().trim().min(1, '请选择支出类别').max(40, '支出类别编码不能超过 40 个字符'),
    item: z.string().trim().min(1, '开支项目不能为空').max(100, '开支项目不能超过 100 个字').nullable().optional(),
    amountFen: fen('支出金额').min(1, '支出金额应大于 0'),
    spentOn: calendarDay('支出日期'),
    description: text(500, '支出说明'),
    fixedAsset: z.boolean({ error: '请选择是否形成固定资产' }).default(false),
    attachmentIds: ZAttachmentIds,
  })
  .strict();
export type ExpenseInput = z.infer<typeof ZExpenseInput>;

export const ZAdjustmentInput = z
  .object({
    budget: z.array(ZBudgetLine).min(1, '请至少填写一项预算').max(50, '预算明细不能超过 50 项'),
    reason: text(2000, '调整理由'),
  })
  .strict();
export type AdjustmentInput = z.infer<typeof ZAdjustmentInput>;

export const adjustmentDecisions = ['approve', 'reject'] as const;
export type AdjustmentDecision = (typeof adjustmentDecisions)[number];

// ------------------------------------------------------------------------------------------------
// Rules over the approved budget (pure)
// ------------------------------------------------------------------------------------------------

/** The budget line an expense of (category, item) counts against: the item's own line, else the category's (as checkExpense). */
export const lineFor = <L extends BudgetLine>(budget: readonly L[], category: string, item: string | null): L | undefined =>
  budget.find((b) => b.category === category && b.item === item) ?? budget.find((b) => b.category === category && b.item === null);

/** What is spent on each line of `budget` (keyed by lineKey), from the spending per (category, item); what no line takes. */
export function spentPerLine(budget: readonly BudgetLine[], spending: readonly { category: string; item: string | null; amountFen: number }[]): { byLine: Map<string, number>; unmatchedFen: number } {
  const byLine = new Map<string, number>();
  let unmatchedFen = 0;
  for (const s of spending) {
    const line = lineFor(budget, s.category, s.item);
    if (!line) unmatchedFen += s.amountFen;
    else byLine.set(lineKey(line.category, line.item), (byLine.get(lineKey(line.category, line.item)) ?? 0) + s.amountFen);
  }
  return { byLine, unmatchedFen };
}

export const categoryLabelOf = (categories: ExpenseCategories, code: string): string =>
  categories.allowed.find((c) => c.code === code)?.label ?? categories.forbidden.find((c) => c.code === code)?.label ?? code;
const lineName = (categories: ExpenseCategories, l: { category: string; item: string | null }) => `${categoryLabelOf(categories, l.category)}${l.item ? `—${l.item}` : ''}`;

/**
 * FND-1…FND-3 for an adjusted budget: every line in an allowed category and one of its items,
 * each once; the total not above `capFen` (the approved total: the award is fixed); every expense
 * already recorded still on a line, no line below what is spent on it; and a change at all.
 */
export function adjustmentProblems(
  after: readonly { category: string; item: string | null; amountFen: number }[],
  current: readonly { category: string; item: string | null; amountFen: number }[],
  categories: ExpenseCategories,
  spending: readonly { category: string; item: string | null; amountFen: number }[],
  capFen: number,
): (FieldError & { rule: string })[] {
  const errors: (FieldError & { rule: string })[] = [];
  const seen = new Set<string>();
  after.forEach((l, i) => {
    const at = `body.budget.${i}`;
    const forbidden = categories.forbidden.find((f) => f.code === l.category);
    if (forbidden) {
      errors.push({ path: `${at}.category`, rule: 'FND-2', message: `专项资金不得用于“${forbidden.label}”` });
      return;
    }
    const allowed = categories.allowed.find((c) => c.code === l.category);
    if (!allowed) {
      errors.push({ path: `${at}.category`, rule: 'FND-1', message: `支出类别“${l.category}”不在专项资金的使用范围内，可选：${categories.allowed.map((c) => c.label).join('、')}` });
      return;
    }
    if (l.item !== null && allowed.items.length > 0 && !allowed.items.includes(l.item)) errors.push({ path: `${at}.item`, rule: 'FND-1', message: `“${l.item}”不是“${allowed.label}”的开支项目` });
    const key = lineKey(l.category, l.item);
    if (seen.has(key)) errors.push({ path: `${at}.item`, rule: 'FND-1', message: `预算明细重复：${lineName(categories, l)}` });
    seen.add(key);
  });
  if (errors.length) return errors;
  const total = budgetTotalFen(after);
  if (total > capFen) {
    errors.push({ path: 'body.budget', rule: 'FND-3', message: `调整后的预算合计 ${formatYuan(total)} 超过批复的预算合计 ${formatYuan(capFen)}：资助金额不变，预算只能在科目之间调整或调减` });
  }
  const sameAsNow =
    after.length === current.length && after.every((l) => current.some((c) => c.category === l.category && c.item === l.item && c.amountFen === l.amountFen));
  if (sameAsNow) errors.push({ path: 'body.budget', rule: 'FND-3', message: '调整后的预算与现行批复的预算相同' });
  for (const s of spending) {
    if (!lineFor(after, s.category, s.item)) {
      errors.push({ path: 'body.budget', rule: 'FND-3', message: `“${lineName(categories, s)}”已支出 ${formatYuan(s.amountFen)}，调整后的预算须保留相应科目` });
    }
  }
  const { byLine } = spentPerLine(after, spending);
  after.forEach((l, i) => {
    const spent = byLine.get(lineKey(l.category, l.item)) ?? 0;
    if (spent > l.amountFen) errors.push({ path: `body.budget.${i}.amountFen`, rule: 'FND-3', message: `“${lineName(categories, l)}”已支出 ${formatYuan(spent)}，调整后的预算不能低于已支出的金额` });
  });
  return errors;
}

const clauseKeyOfRule: Record<string, RuleClauseKey> = { 'FND-1': 'allowedCategories', 'FND-2': 'forbiddenCategories', 'FND-3': 'budgetLine', 'FND-4': 'executionWindow', 'FND-5': 'procurement' };
const refOfRule = (params: HasRuleClauses, rule: string): RuleRef => ({ ...ruleRefOf(params, clauseKeyOfRule[rule] ?? 'budgetLine'), rule });

/** A refusal by a rule: 409 with the rule and the clause in words (the page shows the clause). */
function ruleRefusal(params: HasRuleClauses, rule: string, message: string, path?: string): AppError {
  const ref = refOfRule(params, rule);
  return new AppError('INVALID_STATE', `${message}。依据：${ref.clause}`, { errors: path ? [{ path, message }] : undefined, extra: { rule, clause: ref.clause } });
}

// ------------------------------------------------------------------------------------------------
// Loading and guards
// ------------------------------------------------------------------------------------------------

/** The application the actor reads (404 otherwise), with its programme. */
export async function loadReadableApplication(db: DbOrTx, actor: Actor, id: string, lock = false): Promise<{ a: ApplicationRow; prog: ProgrammeForCalls }> {
  const [first] = await db.select().from(capacityApplications).where(eq(capacityApplications.id, id));
  if (!first) throw new AppError('NOT_FOUND', '申报书不存在');
  const prog = await loadProgramme(db, actor, first.programmeId);
  if (!mayReadApplication(prog, actor, first)) throw new AppError('NOT_FOUND', '申报书不存在');
  if (!lock) return { a: first, prog };
  const [a] = await db.select().from(capacityApplications).where(eq(capacityApplications.id, id)).for('update');
  return { a, prog };
}

const ownsProject = (actor: Actor, a: Pick<ApplicationRow, 'societyId'>) => actor.orgType === 'society' && a.societyId === actor.orgId && actor.permissions.has('capacityApplication.submit');

function assertOwnSociety(actor: Actor, a: ApplicationRow, what: string): void {
  if (!ownsProject(actor, a)) throw new AppError('FORBIDDEN', `${what}由承担项目的学会办理`);
}

function assertFunded(a: ApplicationRow, what: string): void {
  if (!implementingStates.includes(a.status as ApplicationState)) {
    const label = applicationLifecycle.states[a.status as ApplicationState] ?? a.status;
    throw new AppError('INVALID_STATE', `项目尚未签订责任书、批复预算（当前：${label}），不能${what}`);
  }
}

async function signedLetter(db: DbOrTx, applicationId: string) {
  const [l] = await db
    .select({ approvedOn: capacityLetters.approvedOn, windowEndsOn: capacityLetters.windowEndsOn, awardFen: capacityLetters.awardFen })
    .from(capacityLetters)
    .where(and(eq(capacityLetters.applicationId, applicationId), eq(capacityLetters.status, 'signed')));
  return l ?? null;
}

/** What the project has spent per (category, item), as filed. */
async function spendingOf(db: DbOrTx, applicationId: string): Promise<{ category: string; item: string | null; amountFen: number }[]> {
  const rows = await db
    .select({ category: capacityExpenses.category, item: capacityExpenses.item, amountFen: sql<number>`sum(${capacityExpenses.amountFen})::bigint`.mapWith(Number) })
    .from(capacityExpenses)
    .where(eq(capacityExpenses.applicationId, applicationId))
    .groupBy(capacityExpenses.category, capacityExpenses.item);
  return rows;
}

function auditApp(tx: DbOrTx, actor: Actor, meta: RequestMeta, a: Pick<ApplicationRow, 'societyId' | 'societyPath'>, e: { action: string; entityType: string; entityId: string; before?: unknown; after?: unknown; reason?: string | null }) {
  return appendAudit(tx, whoFromActor(actor, meta), { action: e.action, entityType: e.entityType, entityId: e.entityId, orgId: a.societyId, orgPath: a.societyPath, before: e.before, after: e.after, reason: e.reason ?? null });
}

/** A budget as the audit log shows it: one line of words each. */
const budgetWords = (categories: ExpenseCategories, lines: readonly StoredLine[]) => lines.map((l) => `${lineName(categories, l)}：${formatYuan(l.amountFen)}`);

// ------------------------------------------------------------------------------------------------
// Progress reports (CAP-6, 实施方案 五、3)
// ------------------------------------------------------------------------------------------------

export async function fileProgressReport(opts: { db: Db; actor: Actor; meta: RequestMeta; applicationId: string; input: ProgressReportInput }): Promise<string> {
  const { db, actor, input } = opts;
  return db.transaction(async (tx) => {
    const { a, prog } = await loadReadableApplication(tx, actor, opts.applicationId, true);
    assertOwnSociety(actor, a, '项目进展报告');
    assertFunded(a, '报送进展报告');
    const id = crypto.randomUUID();
    await tx.insert(capacityProgressReports).values({ id, applicationId: a.id, title: input.title, body: input.body, attachmentIds: input.attachmentIds, createdBy: actor.userId });
    await linkAttachments(tx, actor, input.attachmentIds, 'capacity_progress_report', id);
    await notifyOrg(tx, prog.associationId, { permission: 'capacityApplication.review' }, {
      title: `${actor.orgName}报送项目进展报告`,
      body: `“${a.title}”：${input.title}`,
      link: implementationLink(a.id),
      entityType: 'capacity_progress_report',
      entityId: id,
    });
    await auditApp(tx, actor, opts.meta, a, { action: 'capacityProgressReport.file', entityType: 'capacity_progress_report', entityId: id, after: { applicationId: a.id, title: input.title, attachments: input.attachmentIds.length } });
    return id;
  });
}

// ------------------------------------------------------------------------------------------------
// Expenses (FND-1…FND-5)
// ------------------------------------------------------------------------------------------------

/**
 * Records an expense of the society's funded project, or refuses it by a rule (409 with `rule` and
 * `clause`; the attempt is audited as 'capacityExpense.refused' after the request's transaction has
 * rolled back). Returns the new expense's id.
 */
export async function recordExpense(opts: { db: Db; actor: Actor; meta: RequestMeta; applicationId: string; input: ExpenseInput }): Promise<string> {
  const { db, actor, input } = opts;
  const item = input.item ?? null;
  const seen: { a?: ApplicationRow } = {};
  try {
    return await db.transaction(async (tx) => {
      const { a, prog } = await loadReadableApplication(tx, actor, opts.applicationId, true);
      assertOwnSociety(actor, a, '经费支出');
      assertFunded(a, '登记支出');
      const today = chinaToday();
      if (input.spentOn > today) throw validationError([{ path: 'body.spentOn', message: `支出日期不能晚于今天（${today}）` }], `支出日期不能晚于今天（${today}）`);
      seen.a = a;
      const params = prog.parameters;
      const budget = a.approvedBudget ?? [];
      const letter = await signedLetter(tx, a.id);
      const spending = await spendingOf(tx, a.id);
      const { byLine } = spentPerLine(budget, spending);
      const verdict = checkExpense(
        { category: input.category, item, amountFen: input.amountFen, spentOn: input.spentOn, fixedAsset: input.fixedAsset },
        {
          categories: params.expenseCategories,
          budget,
          spentByLine: byLine,
          approvedOn: letter?.approvedOn ?? null,
          executionWindowMonths: params.executionWindowMonths,
          windowEndsOn: letter?.windowEndsOn ?? null,
          procurementThresholdFen: params.procurementThresholdFen,
        },
      );
      if (!verdict.ok) {
        let message = verdict.message;
        const line = lineFor(budget, input.category, item);
        if (verdict.rule === 'FND-3' && verdict.path === 'amountFen' && line) {
          const spent = byLine.get(lineKey(line.category, line.item)) ?? 0;
          message += `（“${lineName(params.expenseCategories, line)}”批复 ${formatYuan(line.amountFen)}，已支出 ${formatYuan(spent)}，尚余 ${formatYuan(line.amountFen - spent)}）`;
        }
        throw ruleRefusal(params, verdict.rule, message, `body.${verdict.path}`);
      }
      const call = (await findCall(tx, a.callId))!;
      const label = lineName(params.expenseCategories, { category: input.category, item });
      try {
        await recordFundEntry(tx, {
          actor,
          meta: opts.meta,
          programmeId: a.programmeId,
          fundCode: call.fundCode,
          entry: { kind: 'expense', project: { kind: 'capacityApplication', id: a.id }, amountFen: input.amountFen },
          note: `${label}：${input.description}`,
        });
      } catch (e) {
        // the ledger's own refusals (the award, the fund) carry their rule; the page shows the clause
        if (e instanceof AppError && typeof e.extra?.rule === 'string' && !e.extra.clause) throw ruleRefusal(params, String(e.extra.rule), e.message);
        throw e;
      }
      const id = crypto.randomUUID();
      const flags: ExpenseFlag[] = verdict.flags;
      await tx.insert(capacityExpenses).values({
        id,
        applicationId: a.id,
        category: input.category,
        item,
        amountFen: input.amountFen,
        spentOn: input.spentOn,
        description: input.description,
        fixedAsset: input.fixedAsset,
        flags,
        attachmentIds: input.attachmentIds,
        recordedBy: actor.userId,
      });
      await linkAttachments(tx, actor, input.attachmentIds, 'capacity_expense', id);
      if (flags.length) {
        const what = flags.map((f) => (f === 'procurement' ? '政府采购' : '固定资产')).join('、');
        await openTodo(tx, {
          kind: EXPENSE_CHECK_TODO,
          title: `核查经费支出（${what}）：${actor.orgName}“${a.title}”${label} ${formatYuan(input.amountFen)}`,
          link: implementationLink(a.id),
          entityType: 'capacity_expense',
          entityId: id,
          assigneeOrgId: prog.associationId,
          permission: 'capacityApplication.review',
          dueAt: addDays(new Date(), params.selectionDays.review),
        });
        await notifyOrg(tx, prog.associationId, { permission: 'capacityApplication.review' }, {
          title: `${actor.orgName}登记的支出需要核查（${what}）`,
          body: `“${a.title}”${label} ${formatYuan(input.amountFen)}，${input.spentOn}。`,
          link: implementationLink(a.id),
          entityType: 'capacity_expense',
          entityId: id,
        });
      }
      await auditApp(tx, actor, opts.meta, a, {
        action: 'capacityExpense.record',
        entityType: 'capacity_expense',
        entityId: id,
        after: { applicationId: a.id, category: input.category, item, amountFen: input.amountFen, spentOn: input.spentOn, fixedAsset: input.fixedAsset, flags, attachments: input.attachmentIds.length },
      });
      return id;
    });
  } catch (e) {
    // the refused attempt stays on record (the request's own transaction rolled back)
    if (seen.a && e instanceof AppError && typeof e.extra?.rule === 'string') {
      const a = seen.a;
      await appendAuditStandalone(db, whoFromActor(actor, opts.meta), {
        action: 'capacityExpense.refused',
        entityType: 'capacity_application',
        entityId: a.id,
        orgId: a.societyId,
        orgPath: a.societyPath,
        after: { rule: e.extra.rule, clause: e.extra.clause ?? null, category: input.category, item, amountFen: input.amountFen, spentOn: input.spentOn },
        reason: e.message,
      });
    }
    throw e;
  }
}

/** FND-5: the association has looked at a flagged expense (procurement, fixed asset). */
export async function checkFlaggedExpense(opts: { db: Db; actor: Actor; meta: RequestMeta; id: string; note?: string | null }): Promise<string> {
  const { db, actor } = opts;
  return db.transaction(async (tx) => {
    const [first] = await tx.select({ applicationId: capacityExpenses.applicationId }).from(capacityExpenses).where(eq(capacityExpenses.id, opts.id));
    if (!first) throw new AppError('NOT_FOUND', '支出记录不存在');
    const { a, prog } = await loadReadableApplication(tx, actor, first.applicationId);
    if (!reviews(prog, actor)) throw new AppError('FORBIDDEN', `经费支出由${prog.associationName}核查`);
    const [e] = await tx.select().from(capacityExpenses).where(eq(capacityExpenses.id, opts.id)).for('update');
    if (!e.flags.length) throw new AppError('INVALID_STATE', '该笔支出没有需要核查的事项');
    if (e.flagCheckedAt) throw new AppError('INVALID_STATE', '该笔支出已经核查');
    await tx.update(capacityExpenses).set({ flagCheckedAt: new Date(), flagCheckedBy: actor.userId }).where(eq(capacityExpenses.id, e.id));
    await closeTodos(tx, { entityType: 'capacity_expense', entityId: e.id, kind: EXPENSE_CHECK_TODO }, actor.userId);
    await auditApp(tx, actor, opts.meta, a, { action: 'capacityExpense.check', entityType: 'capacity_expense', entityId: e.id, before: { checked: false }, after: { checked: true, flags: e.flags }, reason: opts.note?.trim() || null });
    return a.id;
  });
}

// ------------------------------------------------------------------------------------------------
// Budget adjustments (FND-3)
// ------------------------------------------------------------------------------------------------

function assertAdjustment(after: readonly StoredLine[], current: readonly StoredLine[], params: ProgrammeParameters, spending: { category: string; item: string | null; amountFen: number }[], capFen: number) {
  const errors = adjustmentProblems(after, current, params.expenseCategories, spending, capFen);
  if (!errors.length) return;
  const rules = [...new Set(errors.map((e) => e.rule))];
  const ref = refOfRule(params, rules.includes('FND-2') ? 'FND-2' : rules.includes('FND-1') ? 'FND-1' : 'FND-3');
  throw new AppError('VALIDATION_FAILED', `${errors.map((e) => e.message).join('；')}。依据：${ref.clause}`, { errors: errors.map(({ path, message }) => ({ path, message })), extra: { rule: rules.join(','), clause: ref.clause } });
}

const storedLines = (budget: AdjustmentInput['budget']): StoredLine[] => budget.map((l) => ({ category: l.category, item: l.item ?? null, amountFen: l.amountFen, note: l.note ?? null }));

export async function requestAdjustment(opts: { db: Db; actor: Actor; meta: RequestMeta; applicationId: string; input: AdjustmentInput }): Promise<string> {
  const { db, actor, input } = opts;
  return db.transaction(async (tx) => {
    const { a, prog } = await loadReadableApplication(tx, actor, opts.applicationId, true);
    assertOwnSociety(actor, a, '预算调整');
    assertFunded(a, '申请调整预算');
    const [pending] = await tx.select({ id: capacityBudgetAdjustments.id }).from(capacityBudgetAdjustments).where(and(eq(capacityBudgetAdjustments.applicationId, a.id), eq(capacityBudgetAdjustments.status, 'pending')));
    if (pending) throw new AppError('DUPLICATE', '已有一份待审批的预算调整申请，审批或撤回后才能再次申请', { extra: { adjustmentId: pending.id } });
    const current = a.approvedBudget ?? [];
    const after = storedLines(input.budget);
    assertAdjustment(after, current, prog.parameters, await spendingOf(tx, a.id), budgetTotalFen(current));
    const id = crypto.randomUUID();
    await tx.insert(capacityBudgetAdjustments).values({ id, applicationId: a.id, before: current, after, reason: input.reason, createdBy: actor.userId });
    await openTodo(tx, {
      kind: BUDGET_DECIDE_TODO,
      title: `审批预算调整：${actor.orgName}“${a.title}”`,
      link: implementationLink(a.id),
      entityType: 'capacity_budget_adjustment',
      entityId: id,
      assigneeOrgId: prog.associationId,
      permission: 'capacityApplication.review',
      dueAt: addDays(new Date(), prog.parameters.selectionDays.review),
    });
    await notifyOrg(tx, prog.associationId, { permission: 'capacityApplication.review' }, {
      title: `${actor.orgName}申请调整项目预算`,
      body: `“${a.title}”：${input.reason}`,
      link: implementationLink(a.id),
      entityType: 'capacity_budget_adjustment',
      entityId: id,
    });
    const categories = prog.parameters.expenseCategories;
    await auditApp(tx, actor, opts.meta, a, {
      action: 'capacityBudget.request',
      entityType: 'capacity_budget_adjustment',
      entityId: id,
      before: { budget: budgetWords(categories, current), totalFen: budgetTotalFen(current) },
      after: { applicationId: a.id, status: 'pending', budget: budgetWords(categories, after), totalFen: budgetTotalFen(after) },
      reason: input.reason,
    });
    return id;
  });
}

async function lockAdjustment(tx: DbOrTx, actor: Actor, id: string, rowVersion: number) {
  const [first] = await tx.select({ applicationId: capacityBudgetAdjustments.applicationId }).from(capacityBudgetAdjustments).where(eq(capacityBudgetAdjustments.id, id));
  if (!first) throw new AppError('NOT_FOUND', '预算调整申请不存在');
  const { a, prog } = await loadReadableApplication(tx, actor, first.applicationId, true);
  const [adj] = await tx.select().from(capacityBudgetAdjustments).where(eq(capacityBudgetAdjustments.id, id)).for('update');
  if (adj.rowVersion !== rowVersion) throw new AppError('CONFLICT', '预算调整申请已被他人处理，请刷新后重试', { extra: { currentVersion: adj.rowVersion } });
  return { a, prog, adj };
}

/** The association approves (the new lines replace the approved budget) or rejects, with a comment. */
export async function decideAdjustment(opts: { db: Db; actor: Actor; meta: RequestMeta; id: string; rowVersion: number; decision: AdjustmentDecision; comment?: string | null }): Promise<string> {
  const { db, actor, decision } = opts;
  return db.transaction(async (tx) => {
    const { a, prog, adj } = await lockAdjustment(tx, actor, opts.id, opts.rowVersion);
    if (!reviews(prog, actor)) throw new AppError('FORBIDDEN', `预算调整由${prog.associationName}审批`);
    if (adj.status !== 'pending') throw new AppError('INVALID_STATE', `该预算调整申请${budgetAdjustmentStateLabels[adj.status as 'pending'] ?? adj.status}，不能再审批`);
    const comment = opts.comment?.trim() || null;
    if (decision === 'reject' && !comment) throw validationError([{ path: 'body.comment', message: '请填写不予批准的理由' }], '请填写不予批准的理由');
    const now = new Date();
    const categories = prog.parameters.expenseCategories;
    const current = a.approvedBudget ?? [];
    if (decision === 'approve') {
      // what was spent since the request still fits the new lines
      assertAdjustment(adj.after, current, prog.parameters, await spendingOf(tx, a.id), budgetTotalFen(current));
      await tx
        .update(capacityApplications)
        .set({ approvedBudget: adj.after, updatedAt: now, rowVersion: sql`${capacityApplications.rowVersion} + 1` })
        .where(eq(capacityApplications.id, a.id));
    }
    const status = decision === 'approve' ? 'approved' : 'rejected';
    await tx
      .update(capacityBudgetAdjustments)
      .set({ status, decidedBy: actor.userId, decidedAt: now, comment, rowVersion: sql`${capacityBudgetAdjustments.rowVersion} + 1` })
      .where(eq(capacityBudgetAdjustments.id, adj.id));
    await closeTodos(tx, { entityType: 'capacity_budget_adjustment', entityId: adj.id, kind: BUDGET_DECIDE_TODO }, actor.userId);
    await notifyOrg(tx, a.societyId, { permission: 'capacityApplication.submit' }, {
      title: decision === 'approve' ? '预算调整已批准' : '预算调整未获批准',
      body: `“${a.title}”${comment ? `：${comment}` : ''}`,
      link: implementationLink(a.id),
      entityType: 'capacity_budget_adjustment',
      entityId: adj.id,
    });
    await auditApp(tx, actor, opts.meta, a, {
      action: decision === 'approve' ? 'capacityBudget.approve' : 'capacityBudget.reject',
      entityType: 'capacity_budget_adjustment',
      entityId: adj.id,
      before: { status: 'pending', budget: budgetWords(categories, current), totalFen: budgetTotalFen(current) },
      after: decision === 'approve' ? { status, budget: budgetWords(categories, adj.after), totalFen: budgetTotalFen(adj.after) } : { status },
      reason: comment,
    });
    return a.id;
  });
}

export async function withdrawAdjustment(opts: { db: Db; actor: Actor; meta: RequestMeta; id: string; rowVersion: number }): Promise<string> {
  const { db, actor } = opts;
  return db.transaction(async (tx) => {
    const { a, adj } = await lockAdjustment(tx, actor, opts.id, opts.rowVersion);
    assertOwnSociety(actor, a, '预算调整');
    if (adj.status !== 'pending') throw new AppError('INVALID_STATE', `该预算调整申请${budgetAdjustmentStateLabels[adj.status as 'pending'] ?? adj.status}，不能撤回`);
    await tx.update(capacityBudgetAdjustments).set({ status: 'withdrawn', rowVersion: sql`${capacityBudgetAdjustments.rowVersion} + 1` }).where(eq(capacityBudgetAdjustments.id, adj.id));
    await closeTodos(tx, { entityType: 'capacity_budget_adjustment', entityId: adj.id, kind: BUDGET_DECIDE_TODO }, actor.userId);
    await auditApp(tx, actor, opts.meta, a, { action: 'capacityBudget.withdraw', entityType: 'capacity_budget_adjustment', entityId: adj.id, before: { status: 'pending' }, after: { status: 'withdrawn' } });
    return a.id;
  });
}

// ------------------------------------------------------------------------------------------------
// Reads
// ------------------------------------------------------------------------------------------------

const author = alias(users, 'author');
const checker = alias(users, 'checker');
const decider = alias(users, 'adj_decider');

const reportColumns = { r: capacityProgressReports, createdByName: author.displayName, societyName: organisations.name, key: timeKeyOf(capacityProgressReports.createdAt) };
export const reportsFrom = (db: DbOrTx) =>
  db
    .select(reportColumns)
    .from(capacityProgressReports)
    .innerJoin(capacityApplications, eq(capacityApplications.id, capacityProgressReports.applicationId))
    .innerJoin(organisations, eq(organisations.id, capacityApplications.societyId))
    .leftJoin(author, eq(author.id, capacityProgressReports.createdBy));

export async function reportViews(db: DbOrTx, rows: { r: ReportRow; createdByName: string | null; societyName: string }[]): Promise<CapacityProgressReport[]> {
  const refs = await attachmentRefs(db, rows.flatMap((x) => x.r.attachmentIds));
  return rows.map(({ r, createdByName, societyName }) => ({
    id: r.id,
    applicationId: r.applicationId,
    title: r.title,
    body: r.body,
    attachments: pickRefs(refs, r.attachmentIds),
    createdAt: r.createdAt.toISOString(),
    createdByName,
    societyName,
  }));
}

export async function progressReportOne(db: DbOrTx, actor: Actor, id: string): Promise<CapacityProgressReport> {
  const [x] = await reportsFrom(db).where(eq(capacityProgressReports.id, id));
  if (!x) throw new AppError('NOT_FOUND', '进展报告不存在');
  await loadReadableApplication(db, actor, x.r.applicationId);
  return (await reportViews(db, [x]))[0];
}

const expenseColumns = { e: capacityExpenses, recordedByName: author.displayName, checkedByName: checker.displayName, key: timeKeyOf(capacityExpenses.recordedAt) };
export const expensesFrom = (db: DbOrTx) =>
  db.select(expenseColumns).from(capacityExpenses).leftJoin(author, eq(author.id, capacityExpenses.recordedBy)).leftJoin(checker, eq(checker.id, capacityExpenses.flagCheckedBy));

export async function expenseViews(db: DbOrTx, actor: Actor, prog: ProgrammeForCalls, rows: { e: ExpenseRow; recordedByName: string | null; checkedByName: string | null }[]): Promise<CapacityExpense[]> {
  const refs = await attachmentRefs(db, rows.flatMap((x) => x.e.attachmentIds));
  const categories = prog.parameters.expenseCategories;
  const checks = reviews(prog, actor);
  return rows.map(({ e, recordedByName, checkedByName }) => ({
    id: e.id,
    applicationId: e.applicationId,
    category: e.category,
    categoryLabel: categoryLabelOf(categories, e.category),
    item: e.item,
    amountFen: e.amountFen,
    spentOn: e.spentOn,
    description: e.description,
    fixedAsset: e.fixedAsset,
    flags: e.flags.filter((f): f is ExpenseFlag => f === 'procurement' || f === 'fixedAsset'),
    checkedAt: e.flagCheckedAt?.toISOString() ?? null,
    checkedByName,
    attachments: pickRefs(refs, e.attachmentIds),
    recordedAt: e.recordedAt.toISOString(),
    recordedByName,
    actions: checks && e.flags.length > 0 && !e.flagCheckedAt ? ['check' as const] : [],
  }));
}

export async function expenseOne(db: DbOrTx, actor: Actor, id: string): Promise<CapacityExpense> {
  const [x] = await expensesFrom(db).where(eq(capacityExpenses.id, id));
  if (!x) throw new AppError('NOT_FOUND', '支出记录不存在');
  const { prog } = await loadReadableApplication(db, actor, x.e.applicationId);
  return (await expenseViews(db, actor, prog, [x]))[0];
}

const lineViews = (categories: ExpenseCategories, lines: readonly StoredLine[]): BudgetLineView[] =>
  lines.map((l) => ({ category: l.category, categoryLabel: categoryLabelOf(categories, l.category), item: l.item, amountFen: l.amountFen, note: l.note }));

function adjustmentView(actor: Actor, prog: ProgrammeForCalls, a: ApplicationRow, x: { j: AdjustmentRow; createdByName: string | null; decidedByName: string | null }): BudgetAdjustment {
  const { j } = x;
  const categories = prog.parameters.expenseCategories;
  const status = j.status as BudgetAdjustment['status'];
  const actions: BudgetAdjustment['actions'] = [];
  if (status === 'pending' && reviews(prog, actor)) actions.push('decide');
  if (status === 'pending' && ownsProject(actor, a)) actions.push('withdraw');
  return {
    id: j.id,
    applicationId: j.applicationId,
    before: lineViews(categories, j.before),
    after: lineViews(categories, j.after),
    beforeTotalFen: budgetTotalFen(j.before),
    afterTotalFen: budgetTotalFen(j.after),
    reason: j.reason,
    status,
    statusLabel: budgetAdjustmentStateLabels[status] ?? j.status,
    comment: j.comment,
    createdAt: j.createdAt.toISOString(),
    createdByName: x.createdByName,
    decidedAt: j.decidedAt?.toISOString() ?? null,
    decidedByName: x.decidedByName,
    rowVersion: j.rowVersion,
    actions,
  };
}

const adjustmentsFrom = (db: DbOrTx) =>
  db
    .select({ j: capacityBudgetAdjustments, createdByName: author.displayName, decidedByName: decider.displayName })
    .from(capacityBudgetAdjustments)
    .leftJoin(author, eq(author.id, capacityBudgetAdjustments.createdBy))
    .leftJoin(decider, eq(decider.id, capacityBudgetAdjustments.decidedBy));

export async function adjustmentsOf(db: DbOrTx, actor: Actor, applicationId: string): Promise<BudgetAdjustment[]> {
  const { a, prog } = await loadReadableApplication(db, actor, applicationId);
  const rows = await adjustmentsFrom(db).where(eq(capacityBudgetAdjustments.applicationId, a.id)).orderBy(desc(capacityBudgetAdjustments.createdAt), desc(capacityBudgetAdjustments.id));
  return rows.map((x) => adjustmentView(actor, prog, a, x));
}

export async function adjustmentOne(db: DbOrTx, actor: Actor, id: string): Promise<BudgetAdjustment> {
  const [x] = await adjustmentsFrom(db).where(eq(capacityBudgetAdjustments.id, id));
  if (!x) throw new AppError('NOT_FOUND', '预算调整申请不存在');
  const { a, prog } = await loadReadableApplication(db, actor, x.j.applicationId);
  return adjustmentView(actor, prog, a, x);
}

const share = (spent: number, approved: number) => (approved > 0 ? Math.round((spent / approved) * 10_000) / 10_000 : 0);

/** The approved budget line by line with what is spent and what remains, and what the actor may do. */
export async function budgetExecution(db: DbOrTx, actor: Actor, applicationId: string): Promise<BudgetExecution> {
  const { a, prog } = await loadReadableApplication(db, actor, applicationId);
  const params = prog.parameters;
  const categories = params.expenseCategories;
  const budget = a.approvedBudget ?? [];
  const [letter, spending, pending, unchecked] = await Promise.all([
    signedLetter(db, a.id),
    spendingOf(db, a.id),
    db.select({ id: capacityBudgetAdjustments.id }).from(capacityBudgetAdjustments).where(and(eq(capacityBudgetAdjustments.applicationId, a.id), eq(capacityBudgetAdjustments.status, 'pending'))),
    db
      .select({ n: sql<number>`count(*)::int`.mapWith(Number) })
      .from(capacityExpenses)
      .where(and(eq(capacityExpenses.applicationId, a.id), sql`jsonb_array_length(${capacityExpenses.flags}) > 0`, sql`${capacityExpenses.flagCheckedAt} IS NULL`)),
  ]);
  const { byLine } = spentPerLine(budget, spending);
  const lines = budget.map((l) => {
    const spent = byLine.get(lineKey(l.category, l.item)) ?? 0;
    const own = categories.allowed.find((c) => c.code === l.category)?.items ?? [];
    // a category's line takes the items that have no line of their own
    const items = l.item !== null ? [l.item] : own.filter((it) => !budget.some((b) => b.category === l.category && b.item === it));
    return { category: l.category, categoryLabel: categoryLabelOf(categories, l.category), item: l.item, items, approvedFen: l.amountFen, spentFen: spent, remainingFen: l.amountFen - spent, share: share(spent, l.amountFen), note: l.note };
  });
  const approvedFen = budgetTotalFen(budget);
  const spentFen = spending.reduce((s, x) => s + x.amountFen, 0);
  const funded = implementingStates.includes(a.status as ApplicationState);
  const actions: BudgetExecution['actions'] = [];
  if (funded && ownsProject(actor, a)) {
    actions.push('recordExpense', 'fileReport');
    if (!pending.length) actions.push('requestAdjustment');
  }
  const approvedOn = letter?.approvedOn ?? null;
  return {
    applicationId: a.id,
    status: a.status as ApplicationState,
    funded,
    approvedOn,
    // the window the signed letter froze (FND-4), not one recomputed from today's parameter
    windowEndsOn: letter?.windowEndsOn ?? (approvedOn ? windowEndsOn(approvedOn, params.executionWindowMonths) : null),
    executionWindowMonths: params.executionWindowMonths,
    procurementThresholdFen: params.procurementThresholdFen,
    awardFen: letter?.awardFen ?? null,
    approvedFen,
    spentFen,
    remainingFen: approvedFen - spentFen,
    share: share(spentFen, approvedFen),
    lines,
    categories: categories.allowed.map((c) => ({ code: c.code, label: c.label, items: [...c.items] })),
    pendingAdjustmentId: pending[0]?.id ?? null,
    uncheckedFlags: unchecked[0]?.n ?? 0,
    actions,
  };
}
