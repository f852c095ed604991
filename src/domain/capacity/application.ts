// CAP-2, CAP-3, FND-1, FND-2: a society's application (申报书) to a yearly call — one project type
// of the call, the project's goals and indicators, and its budget by the programme's allowed expense
// categories (003 办法 第六条: 资料费 / 活动费 / 其他费用 and their items). What may be asked for
// comes from the call (its types and award standards) and the programme's parameters (PRG-2); a
// budget line in a forbidden category (办法 第七条) is refused citing the rule. The association then
// goes through the programme's formal-review checklist item by item (CAP-3, 实施方案 五.2): all
// items met → passed; otherwise returned for correction (the society edits and resubmits, each
// submission a new version) or rejected.
// Pure TypeScript + Zod; money in integer fen.
import { z } from 'zod';
import { defineLifecycle } from '../lifecycle.js';
import { fen, formatYuan } from '../money.js';
import { optText, text } from '../supervision/common.js';
import type { FieldError } from '../field-error.js';
import type { ChecklistItem, ExpenseCategories, ProjectType } from '../programme/programme.types.js';
import { clauseOf, type HasRuleClauses } from '../programme/rule-clauses.js';

/**
 * Where a refusal comes from: the requirement and the clause of the seed document in words. The
 * problem+json carries both (`rule`, `clause`); a page shows the clause, never the requirement ID.
 */
export interface RuleRef {
  rule: string;
  clause: string;
}
// The clauses themselves are the programme's (domain/programme/rule-clauses.ts ruleRefOf, PRG-2).

export const ZIndicator = z
  .object({
    label: text(100, '指标名称'),
    target: text(200, '目标值'),
  })
  .strict();

export const ZBudgetLine = z
  .object({
    category: z.string().trim().min(1, '请选择支出类别').max(40, '支出类别编码不能超过 40 个字符'),
    item: z.string().trim().min(1, '明细不能为空').max(100, '明细不能超过 100 个字').nullable(),
    amountFen: fen('预算金额').min(1, '预算金额应大于 0'),
    note: optText(500, '测算依据'),
  })
  .strict();
export type BudgetLineInput = z.infer<typeof ZBudgetLine>;

/** The application's content as the society writes it (create, edit; every version freezes it). */
export const ZApplicationFields = z
  .object({
    typeCode: z.string().trim().min(1, '请选择项目类型').max(40, '项目类型编码不能超过 40 个字符'),
    title: text(120, '项目名称'),
    goals: text(20000, '项目目标和主要内容'),
    indicators: z.array(ZIndicator).min(1, '请至少填写一项绩效指标').max(30, '绩效指标不能超过 30 项'),
    budget: z.array(ZBudgetLine).min(1, '请至少填写一项预算').max(50, '预算明细不能超过 50 项'),
    contactName: optText(50, '联系人'),
    contactPhone: optText(30, '联系电话'),
    attachmentIds: z.array(z.uuid('附件编号格式不正确')).max(20, '附件不能超过 20 个').default([]),
  })
  .strict();
export type ApplicationInput = z.infer<typeof ZApplicationFields>;

export const budgetTotalFen = (budget: readonly { amountFen: number }[]): number => budget.reduce((s, l) => s + l.amountFen, 0);

/** The clause a refusal of the content cites: the forbidden categories before the allowed ones, else the award standard. */
export function applicationProblemsClause(params: HasRuleClauses, problems: readonly { rule: string }[]): string {
  const has = (rule: string) => problems.some((p) => p.rule === rule);
  return clauseOf(params, has('FND-2') ? 'forbiddenCategories' : has('FND-1') ? 'allowedCategories' : 'awardStandard');
}

/**
 * The rules an application's content must meet under its call and programme, each a field error in
 * Chinese (with its rule): the type one the call offers, every budget line in an allowed category
 * (and one of its items when the category lists items), none in a forbidden one, each line once, and
 * the total within the type's award standard. Empty when the content may be saved.
 */
export function applicationProblems(
  input: ApplicationInput,
  offered: readonly { code: string; name: string; awardFen: number }[],
  params: { expenseCategories: ExpenseCategories } & HasRuleClauses,
  prefix = 'body',
): (FieldError & { rule: string })[] {
  const categories = params.expenseCategories;
  const errors: (FieldError & { rule: string })[] = [];
  const type = offered.find((t) => t.code === input.typeCode);
  if (!type) {
    errors.push({ path: `${prefix}.typeCode`, rule: 'CAP-1', message: `“${input.typeCode}”不是本次申报通知的项目类型，可选：${offered.map((t) => t.name).join('、')}` });
  }
  const seen = new Set<string>();
  input.budget.forEach((l, i) => {
    const at = `${prefix}.budget.${i}`;
    const forbidden = categories.forbidden.find((f) => f.code === l.category);
    if (forbidden) {
      errors.push({ path: `${at}.category`, rule: 'FND-2', message: `专项资金不得用于“${forbidden.label}”（${clauseOf(params, 'forbiddenCategories')}）` });
      return;
    }
    const allowed = categories.allowed.find((c) => c.code === l.category);
    if (!allowed) {
      errors.push({ path: `${at}.category`, rule: 'FND-1', message: `支出类别“${l.category}”不在专项资金的使用范围内，可选：${categories.allowed.map((c) => c.label).join('、')}` });
      return;
    }
    if (l.item !== null && allowed.items.length > 0 && !allowed.items.includes(l.item)) {
      errors.push({ path: `${at}.item`, rule: 'FND-1', message: `“${l.item}”不是“${allowed.label}”的明细，可选：${allowed.items.join('、')}` });
    }
    const key = `${l.category}\u0000${l.item ?? ''}`;
    if (seen.has(key)) errors.push({ path: `${at}.item`, rule: 'FND-1', message: `预算明细重复：${allowed.label}${l.item ? ` / ${l.item}` : ''}` });
    seen.add(key);
  });
  const total = budgetTotalFen(input.budget);
  if (type && total > type.awardFen) {
    errors.push({ path: `${prefix}.budget`, rule: 'CAP-1', message: `预算合计 ${formatYuan(total)} 超过“${type.name}”的资助标准 ${formatYuan(type.awardFen)}` });
  }
  return errors;
}

/** The call's offered types with the programme's names (a type the programme no longer names keeps its code). */
export function offeredTypes(callTypes: readonly { code: string; quota: number; awardFen: number }[], projectTypes: readonly ProjectType[]) {
  return callTypes.map((t) => {
    const p = projectTypes.find((x) => x.code === t.code);
    return { ...t, name: p?.name ?? t.code, kind: p?.kind ?? ('keyProject' as const) };
  });
}

/** Whether `today` is within the call's application period (both days counted). */
export function windowProblem(call: { status: string; opensOn: string; closesOn: string }, today: string): string | null {
  if (call.status !== 'published') return call.status === 'closed' ? `申报已于 ${call.closesOn} 截止` : '申报通知尚未发布';
  if (today < call.opensOn) return `申报自 ${call.opensOn} 开始受理`;
  if (today > call.closesOn) return `申报已于 ${call.closesOn} 截止`;
  return null;
}

// ----------------------------------------------------------------------------------------------
// Formal review (CAP-3)
// ----------------------------------------------------------------------------------------------

export const ZReviewItem = z
  .object({
    code: z.string().trim().min(1).max(40),
    passed: z.boolean({ error: '请逐项选择是否符合' }),
    note: optText(1000, '审查意见'),
  })
  .strict();

export const formalDecisions = ['pass', 'return', 'reject'] as const;
export type FormalDecision = (typeof formalDecisions)[number];

/**
 * The formal review's rules across the checklist (the programme's `formalReviewChecklist`): every
 * item answered once; pass only when every item is met; return or reject name at least one item not
 * met, each with its note, and a comment to the society.
 */
export function formalReviewProblems(
  decision: FormalDecision,
  items: readonly { code: string; passed: boolean; note?: string | null }[],
  comment: string | null | undefined,
  checklist: readonly ChecklistItem[],
): FieldError[] {
  const errors: FieldError[] = [];
  const codes = new Set(checklist.map((c) => c.code));
  const answered = new Set<string>();
  items.forEach((it, i) => {
    if (!codes.has(it.code)) errors.push({ path: `body.items.${i}.code`, message: `“${it.code}”不是本方案形式审查清单中的项目` });
    else if (answered.has(it.code)) errors.push({ path: `body.items.${i}.code`, message: '同一审查项目只能填写一次' });
    answered.add(it.code);
    if (!it.passed && !it.note?.trim()) errors.push({ path: `body.items.${i}.note`, message: '不符合的项目请写明原因' });
  });
  const missing = checklist.filter((c) => !answered.has(c.code));
  if (missing.length) errors.push({ path: 'body.items', message: `请逐项审查：尚未填写“${missing.map((c) => c.label).join('”“')}”` });
  const failed = items.filter((it) => !it.passed).length;
  if (decision === 'pass' && failed > 0) errors.push({ path: 'body.decision', message: '有不符合的审查项目，不能通过形式审查：请退回修改或不予受理' });
  if (decision !== 'pass' && failed === 0) errors.push({ path: 'body.decision', message: '各项均符合时应通过形式审查；退回或不予受理须至少有一项不符合' });
  if (decision !== 'pass' && !comment?.trim()) errors.push({ path: 'body.comment', message: decision === 'return' ? '请填写退回修改的意见' : '请填写不予受理的理由' });
  return errors;
}

// ----------------------------------------------------------------------------------------------
// Lifecycle
// ----------------------------------------------------------------------------------------------

export const applicationStates = [
  'draft',
  'submitted',
  'returned',
  'rejected',
  'passed',
  'withdrawn',
  'expertReview',
  'reviewed',
  'selected',
  'notSelected',
  'approved',
  'objectionUpheld',
  'funded',
  'evaluationFailed',
  'disbursed',
  'accepted',
  'acceptanceFailed',
  'revoked',
] as const;
export type ApplicationState = (typeof applicationStates)[number];

/**
 * draft → submitted → passed (formal review, CAP-3) | returned → submitted again | rejected.
 * The society may withdraw what it has not yet had reviewed (draft, submitted, returned).
 * CAP-4: passed → expertReview (experts drawn) → reviewed (every drawn expert scored: the final
 * score) → selected | notSelected (the joint decision of association and finance bureau).
 * CAP-5: a selected result goes on public notice; when the notice closes it is approved, or, with an
 * upheld objection, it does not proceed (objectionUpheld). Approved: the responsibility letter, signed by
 * the association and the society, approves the budget and funds the project (funded, FND-4).
 * CAP-6: the association with the finance bureau evaluates the funded project (评估): a failed
 * evaluation — or an upheld objection on the evaluation notice — cancels the award
 * (evaluationFailed); a passed one that leaves its evaluation notice with no upheld objection may be
 * disbursed (disbursed, 资金拨付); the yearly acceptance (验收) of a disbursed project is passed
 * (accepted) or failed (acceptanceFailed: recovery and debarment follow, CAP-7).
 * CAP-7, FND-6: a recovery for false materials revokes the funding at any stage after it was granted.
 */
export const applicationLifecycle = defineLifecycle<
  ApplicationState,
  'submit' | 'pass' | 'return' | 'reject' | 'withdraw' | 'draw' | 'score' | 'select' | 'notSelect' | 'approve' | 'uphold' | 'fund' | 'failEvaluation' | 'disburse' | 'accept' | 'failAcceptance' | 'revoke'
>({
  states: {
    draft: '草稿',
    submitted: '待形式审查',
    returned: '退回修改',
    rejected: '不予受理',
    passed: '形式审查通过',
    withdrawn: '已撤回',
    expertReview: '专家评审中',
    reviewed: '专家评审完成',
    selected: '拟资助',
    notSelected: '未入选',
    approved: '公示无异议',
    objectionUpheld: '异议成立',
    funded: '实施中',
    evaluationFailed: '评估未通过',
    disbursed: '资金已拨付',
    accepted: '验收合格',
    acceptanceFailed: '验收不合格',
    revoked: '资助已撤销',
  },
  events: {
    submit: { from: ['draft', 'returned'], to: 'submitted', label: '提交申报' },
    pass: { from: ['submitted'], to: 'passed', label: '通过形式审查' },
    return: { from: ['submitted'], to: 'returned', label: '退回修改' },
    reject: { from: ['submitted'], to: 'rejected', label: '不予受理' },
    withdraw: { from: ['draft', 'submitted', 'returned'], to: 'withdrawn', label: '撤回申报' },
    draw: { from: ['passed'], to: 'expertReview', label: '抽取评审专家' },
    score: { from: ['expertReview'], to: 'reviewed', label: '专家评分完成' },
    select: { from: ['reviewed'], to: 'selected', label: '确定拟资助' },
    notSelect: { from: ['reviewed'], to: 'notSelected', label: '未入选' },
    approve: { from: ['selected'], to: 'approved', label: '公示无异议' },
    uphold: { from: ['selected'], to: 'objectionUpheld', label: '异议成立' },
    fund: { from: ['approved'], to: 'funded', label: '签订责任书' },
    failEvaluation: { from: ['funded'], to: 'evaluationFailed', label: '评估未通过' },
    disburse: { from: ['funded'], to: 'disbursed', label: '拨付资金' },
    accept: { from: ['disbursed'], to: 'accepted', label: '验收合格' },
    failAcceptance: { from: ['disbursed'], to: 'acceptanceFailed', label: '验收不合格' },
    revoke: { from: ['funded', 'disbursed', 'accepted', 'acceptanceFailed'], to: 'revoked', label: '撤销资助' },
  },
});
export type ApplicationEvent = keyof typeof applicationLifecycle.events;

/** The states in which an application still holds its place in the call (one per society and type). */
export const liveApplicationStates: readonly ApplicationState[] = ['draft', 'submitted', 'returned', 'passed', 'expertReview', 'reviewed', 'selected', 'approved', 'funded', 'disbursed', 'accepted', 'acceptanceFailed'];

/** CAP-6, FND-4: the states in which the society carries out the project and records its spending. */
export const implementingStates: readonly ApplicationState[] = ['funded', 'disbursed'];
