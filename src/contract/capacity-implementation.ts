// The implementation of a funded capacity-plan project (issue 13 step 6, CAP-6, FND-1…FND-5): the
// society's progress reports, its expenses against the approved budget lines (with evidence;
// procurement at or above the programme's threshold and fixed assets flagged for the association,
// which checks them), budget adjustments through the association's approval, and the budget's
// execution line by line. A refusal by a rule is a problem+json with `rule` and `clause` (the page
// shows the clause in words, never the rule's id).
import { z } from 'zod';
import { ZAttachmentRef, ZDayText, ZInstant, all, page } from './common.js';
import { ZApplicationStatus } from './capacity-applications.js';

const fen = (what: string) => z.number().int().describe(`${what}（分）`);

export const ZCapacityProgressReport = z
  .object({
    id: z.uuid(),
    applicationId: z.uuid(),
    title: z.string(),
    body: z.string(),
    attachments: z.array(ZAttachmentRef),
    createdAt: ZInstant,
    createdByName: z.string().nullable().describe('报告人'),
    societyName: z.string(),
  })
  .meta({ id: 'CapacityProgressReport' });
export type CapacityProgressReport = z.infer<typeof ZCapacityProgressReport>;
export const ZCapacityProgressReportPage = page(ZCapacityProgressReport);
export type CapacityProgressReportPage = z.infer<typeof ZCapacityProgressReportPage>;

export const expenseFlags = ['procurement', 'fixedAsset'] as const;
export const ZExpenseFlag = z.enum(expenseFlags).describe('procurement 达到政府采购限额标准的采购，fixedAsset 形成固定资产');
export type ExpenseFlag = z.infer<typeof ZExpenseFlag>;
export const expenseFlagLabels: Record<ExpenseFlag, string> = { procurement: '政府采购', fixedAsset: '固定资产' };

export const ZCapacityExpense = z
  .object({
    id: z.uuid(),
    applicationId: z.uuid(),
    category: z.string(),
    categoryLabel: z.string().describe('支出类别名称'),
    item: z.string().nullable().describe('开支项目'),
    amountFen: fen('金额'),
    spentOn: ZDayText.describe('支出日期'),
    description: z.string(),
    fixedAsset: z.boolean(),
    flags: z.array(ZExpenseFlag).describe('提请科协核查的事项'),
    checkedAt: ZInstant.nullable().describe('科协核查时间（有核查事项时）'),
    checkedByName: z.string().nullable(),
    attachments: z.array(ZAttachmentRef).describe('支出凭证'),
    recordedAt: ZInstant,
    recordedByName: z.string().nullable(),
    actions: z.array(z.enum(['check'])).describe('当前用户可执行的操作：check 核查'),
  })
  .meta({ id: 'CapacityExpense' });
export type CapacityExpense = z.infer<typeof ZCapacityExpense>;
export const ZCapacityExpensePage = page(ZCapacityExpense);
export type CapacityExpensePage = z.infer<typeof ZCapacityExpensePage>;

export const ZBudgetLineView = z
  .object({
    category: z.string(),
    categoryLabel: z.string(),
    item: z.string().nullable(),
    amountFen: fen('金额'),
    note: z.string().nullable(),
  })
  .meta({ id: 'CapacityBudgetLine' });
export type BudgetLineView = z.infer<typeof ZBudgetLineView>;

export const budgetAdjustmentStates = ['pending', 'approved', 'rejected', 'withdrawn'] as const;
export const budgetAdjustmentStateLabels: Record<(typeof budgetAdjustmentStates)[number], string> = { pending: '待审批', approved: '已批准', rejected: '未批准', withdrawn: '已撤回' };

export const ZBudgetAdjustment = z
  .object({
    id: z.uuid(),
    applicationId: z.uuid(),
    before: z.array(ZBudgetLineView).describe('调整前的批复预算'),
    after: z.array(ZBudgetLineView).describe('申请调整后的预算'),
    beforeTotalFen: fen('调整前合计'),
    afterTotalFen: fen('调整后合计'),
    reason: z.string(),
    status: z.enum(budgetAdjustmentStates).describe('pending 待审批，approved 已批准，rejected 未批准，withdrawn 已撤回'),
    statusLabel: z.string(),
    comment: z.string().nullable().describe('科协审批意见'),
    createdAt: ZInstant,
    createdByName: z.string().nullable(),
    decidedAt: ZInstant.nullable(),
    decidedByName: z.string().nullable(),
    rowVersion: z.number().int(),
    actions: z.array(z.enum(['decide', 'withdraw'])).describe('当前用户可执行的操作：decide 审批，withdraw 撤回'),
  })
  .meta({ id: 'CapacityBudgetAdjustment' });
export type BudgetAdjustment = z.infer<typeof ZBudgetAdjustment>;
export const ZBudgetAdjustmentList = all(ZBudgetAdjustment);
export type BudgetAdjustmentList = z.infer<typeof ZBudgetAdjustmentList>;

export const ZBudgetExecutionLine = z
  .object({
    category: z.string(),
    categoryLabel: z.string(),
    item: z.string().nullable().describe('开支项目；null 为整个类别'),
    /** the items an expense may name on this line: the line's own, or every item of the category */
    items: z.array(z.string()).describe('可在本科目下登记的开支项目'),
    approvedFen: fen('批复预算'),
    spentFen: fen('已支出'),
    remainingFen: fen('结余'),
    share: z.number().describe('执行进度：已支出 ÷ 批复预算（0–1）'),
    note: z.string().nullable().describe('测算依据'),
  })
  .meta({ id: 'CapacityBudgetExecutionLine' });
export type BudgetExecutionLine = z.infer<typeof ZBudgetExecutionLine>;

export const implementationActions = ['recordExpense', 'requestAdjustment', 'fileReport'] as const;

export const ZBudgetExecution = z
  .object({
    applicationId: z.uuid(),
    status: ZApplicationStatus,
    funded: z.boolean().describe('责任书已签订、预算已批复（实施中）'),
    approvedOn: ZDayText.nullable().describe('预算批复日期（责任书签订日）'),
    windowEndsOn: ZDayText.nullable().describe('执行期限的最后一天'),
    executionWindowMonths: z.number().int().describe('方案规定的执行期限（月）'),
    procurementThresholdFen: fen('方案规定的政府采购限额标准'),
    awardFen: fen('资助金额').nullable(),
    approvedFen: fen('批复预算合计'),
    spentFen: fen('已支出合计'),
    remainingFen: fen('结余合计'),
    share: z.number().describe('执行进度（0–1）'),
    lines: z.array(ZBudgetExecutionLine),
    /** the programme's categories, for the adjustment form */
    categories: z.array(z.object({ code: z.string(), label: z.string(), items: z.array(z.string()) })).describe('方案允许的支出类别及开支项目'),
    pendingAdjustmentId: z.uuid().nullable(),
    uncheckedFlags: z.number().int().describe('待科协核查的支出笔数'),
    actions: z.array(z.enum(implementationActions)).describe('当前用户可执行的操作：recordExpense 登记支出，requestAdjustment 申请调整预算，fileReport 报送进展报告'),
  })
  .meta({ id: 'CapacityBudgetExecution' });
export type BudgetExecution = z.infer<typeof ZBudgetExecution>;
