// CAP-1: the yearly call (申报通知) of a capacity-improvement programme (preset 003 §5.1, 办法§3):
// the year's budget from one of the programme's funds, the project types offered with their quota
// (奖励名额) and award standard (资助标准), and the application period. What a call may name comes
// from the programme's parameters (PRG-2: `projectTypes`, `funds`); the quotas times the awards
// must fit in the budget. When the programme's `financeBureauCoManages` says so (003 §通知: 市科协、
// 市财政局联合实施), the finance bureau confirms the call before the association publishes it.
// Pure TypeScript + Zod; money in integer fen, days as YYYY-MM-DD (China).
import { z } from 'zod';
import { defineLifecycle } from '../lifecycle.js';
import { fen, formatYuan } from '../money.js';
import { day, optText, text } from '../supervision/common.js';
import type { FieldError } from '../field-error.js';
import type { ProgrammeParameters } from '../programme/programme.types.js';

/** One project type offered by the call: its code among the programme's `projectTypes`, quota and award. */
export const ZCallType = z
  .object({
    code: z.string().trim().min(1, '请选择项目类型').max(40, '项目类型编码不能超过 40 个字符'),
    quota: z.int('名额应为整数').min(1, '名额至少为 1').max(1000, '名额不能超过 1000'),
    awardFen: fen('资助标准').min(1, '资助标准应大于 0'),
  })
  .strict();
export type CallType = z.infer<typeof ZCallType>;

/** The fields of a call, without the rules across fields (`refineCall`): extend it, then refine. */
export const ZCallFields = z
  .object({
    year: z.int('年度应为整数').min(2000, '年度不能早于 2000 年').max(2100, '年度不能晚于 2100 年'),
    title: text(120, '通知标题'),
    description: text(20000, '通知正文'),
    budgetFen: fen('年度预算').min(1, '年度预算应大于 0'),
    fundCode: z.string().trim().min(1, '请选择资金来源').max(40, '资金编码不能超过 40 个字符'),
    opensOn: day('申报开始日期'),
    closesOn: day('申报截止日期'),
    types: z.array(ZCallType).min(1, '请至少设置一种项目类型').max(20, '项目类型不能超过 20 种'),
    contact: optText(200, '联系方式'),
  })
  .strict();

/** The rules across a call's fields: the period in order, each type once. */
export function refineCall(c: Pick<z.infer<typeof ZCallFields>, 'opensOn' | 'closesOn' | 'types'>, ctx: z.core.$RefinementCtx): void {
  if (c.opensOn > c.closesOn) ctx.addIssue({ code: 'custom', path: ['closesOn'], message: `申报截止日期（${c.closesOn}）不能早于开始日期（${c.opensOn}）`, input: c.closesOn });
  const seen = new Set<string>();
  c.types.forEach((t, i) => {
    if (seen.has(t.code)) ctx.addIssue({ code: 'custom', path: ['types', i, 'code'], message: `项目类型重复：${t.code}`, input: t.code });
    seen.add(t.code);
  });
}

/** The call as the association writes it (create and edit). */
export const ZCallInput = ZCallFields.superRefine(refineCall);
export type CallInput = z.infer<typeof ZCallInput>;

/** Σ quota × award of the types, in fen. */
export const callTotalFen = (types: readonly Pick<CallType, 'quota' | 'awardFen'>[]): number => types.reduce((s, t) => s + t.quota * t.awardFen, 0);

/**
 * The rules a call must meet under its programme (PRG-2), each refusal a field error in Chinese:
 * every type one of the programme's project types, the fund one of its funds, and the quotas times
 * the awards within the budget (CAP-1). Empty when the call may be saved.
 */
export function callProblems(input: CallInput, params: Pick<ProgrammeParameters, 'projectTypes' | 'funds'>, prefix = 'body'): FieldError[] {
  const errors: FieldError[] = [];
  const typeCodes = new Map(params.projectTypes.map((t) => [t.code, t.name]));
  input.types.forEach((t, i) => {
    if (!typeCodes.has(t.code)) {
      const offered = [...typeCodes.values()].join('、') || '（方案未设置项目类型）';
      errors.push({ path: `${prefix}.types.${i}.code`, message: `项目类型“${t.code}”不是本方案的项目类型，可选：${offered}` });
    }
  });
  if (!params.funds.some((f) => f.code === input.fundCode)) {
    const offered = params.funds.map((f) => f.name).join('、') || '（方案未设置专项资金）';
    errors.push({ path: `${prefix}.fundCode`, message: `资金“${input.fundCode}”不是本方案的专项资金，可选：${offered}` });
  }
  const total = callTotalFen(input.types);
  if (total > input.budgetFen) {
    errors.push({ path: `${prefix}.types`, message: `各类型名额×资助标准合计 ${formatYuan(total)} 超过年度预算 ${formatYuan(input.budgetFen)}：奖励名额和资助标准应在年度专项资金预算内确定` });
  }
  return errors;
}

// ----------------------------------------------------------------------------------------------
// Lifecycle
// ----------------------------------------------------------------------------------------------

export const callStates = ['draft', 'pendingConfirmation', 'confirmed', 'published', 'closed'] as const;
export type CallState = (typeof callStates)[number];

/**
 * draft → (pendingConfirmation → confirmed, when the finance bureau co-manages) → published → closed.
 * The finance bureau returns a call it does not confirm (with its reasons); the association may take
 * back a call it sent or that was confirmed, to change it (it must then be confirmed again).
 */
export const callLifecycle = defineLifecycle<CallState, 'submit' | 'confirm' | 'return' | 'withdraw' | 'publish' | 'close'>({
  states: {
    draft: '草稿',
    pendingConfirmation: '待财政局确认',
    confirmed: '财政局已确认',
    published: '已发布',
    closed: '已截止',
  },
  events: {
    submit: { from: ['draft'], to: 'pendingConfirmation', label: '提交财政局确认' },
    confirm: { from: ['pendingConfirmation'], to: 'confirmed', label: '确认' },
    return: { from: ['pendingConfirmation'], to: 'draft', label: '退回' },
    withdraw: { from: ['pendingConfirmation', 'confirmed'], to: 'draft', label: '撤回修改' },
    publish: { from: ['draft', 'confirmed'], to: 'published', label: '发布' },
    close: { from: ['published'], to: 'closed', label: '截止' },
  },
});
export type CallEvent = keyof typeof callLifecycle.events;

/**
 * Whether the finance bureau's confirmation stands between the call and its publication: the
 * programme's `financeBureauCoManages` (003 §5.2, 办法§9). The Chinese refusal, else null.
 */
export function publishProblem(status: CallState, coManaged: boolean): string | null {
  if (coManaged && status === 'draft') return '本方案由科协会同财政局实施，申报通知须经财政局确认后才能发布';
  return null;
}

/** A call of a programme the finance bureau does not co-manage is never sent for confirmation. */
export function submitProblem(coManaged: boolean): string | null {
  return coManaged ? null : '本方案无财政局共同管理，申报通知无需财政局确认，可直接发布';
}

/** The finance bureau's reasons when it returns a call (required), or its remark when it confirms (optional). */
export const returnComment = () => text(2000, '退回意见');
export const confirmComment = () => optText(2000, '确认意见');
