// FND-7 (issue 13 step 9): a transfer programme's funds (000's three special funds, 004's
// 200,000-yuan earmark, 001's 学会创新和服务能力提升工程) pay the funding a pilot project's agreement
// in force promises. What the association decides — which fund, how much (the award) — and every
// payment, refund and recovery are entries of the programme's fund ledger (ledger.ts): the ledger
// decides what the fund has available and what the society still holds.
//
// - The award is at most the agreement's funding: the budget amounts of the 经费支持 blocks that say
//   有 (the department's and the association's, TB-1 / seed 002 附件), as the termination already
//   counts what may have been received (SUP-6). Which block the money stands for is the parties'
//   business; the fund pays up to the whole.
// - A pilot is paid in stages (ledger `staged`): the seeds pay task-book funding by the agreement, not
//   in one sum after a public notice as the capacity plan does (CAP-6). 002 附件§4(4) 部分或全部退还所拨
//   经费 and 004 §3(3)3 经费补助 presuppose payments made along the way; their sum never passes the
//   award, nor the funding of the agreement in force (a change request may lower it).
// - Money the society pays back on termination (refund payments, SUP-6) goes back to the fund first,
//   as far as the fund has money out with the society; any rest was the department's own money and
//   stays on the termination only.
import type { Funding, TaskBookContent } from '../taskbook/taskbook.types.js';
import type { RuleRef } from '../capacity/application.js';
import { formatYuan } from '../money.js';

/** The rules a refusal about a pilot's funding names, with the clause in words (a page shows the clause, never the id). */
export const pilotFundingRefs = {
  agreementFunding: { rule: 'TB-1', clause: '任务书（合同）约定的经费：各方“经费支持”栏所列的预算额度' },
  agreementInForce: { rule: 'TB-4', clause: '任务书（合同）经各方签署后生效，项目经费按生效的文本拨付' },
  fund: { rule: 'FND-7', clause: '方案设立的专项资金：试点项目经费从方案所列的专项资金中列支' },
  available: { rule: 'FND-5', clause: '专项资金单独核算、专款专用：资助以该项资金的可用余额为限' },
  disburse: { rule: 'FND-5', clause: '专项资金按核定的资助分期拨付，累计不超过核定的资助金额' },
  refund: { rule: 'FND-6', clause: '任务书共同条款：承担单位中止任务时，部分或全部退还所拨经费' },
  recover: { rule: 'FND-6', clause: '方案参数“收回资金的情形”：收回已拨付的项目资金，并记录责任' },
} as const satisfies Record<string, RuleRef>;

const supported = (f: Funding | null | undefined): number => (f?.supported ? (f.budgetFen ?? 0) : 0);

/** What the agreement promises in funding: the budget amounts of the funding blocks that say 有. */
export function agreementFundingFen(content: Pick<TaskBookContent, 'department' | 'association'>): number {
  return supported(content.department?.funding) + supported(content.association?.funding);
}

/** Why an award of `amountFen` may not be made against an agreement promising `fundingFen`, or null. */
export function awardOverFunding(amountFen: number, fundingFen: number): string | null {
  if (fundingFen <= 0) return '生效的任务书（合同）没有约定经费支持，不能从专项资金核定资助';
  return amountFen > fundingFen ? `资助金额 ${formatYuan(amountFen)} 超过生效的任务书（合同）约定的经费 ${formatYuan(fundingFen)}` : null;
}

/** Why a disbursement of `amountFen` would pay more than the agreement in force promises, or null. */
export function disbursementOverFunding(amountFen: number, disbursedFen: number, fundingFen: number): string | null {
  const left = fundingFen - disbursedFen;
  return amountFen > left ? `拨付累计将超过生效的任务书（合同）约定的经费 ${formatYuan(fundingFen)}（尚可拨付 ${formatYuan(Math.max(left, 0))}）` : null;
}

/** How much of a refund payment goes back to the fund: what the fund has out with the society, at most. */
export const refundToFundFen = (paymentFen: number, outstandingFen: number): number => Math.max(0, Math.min(paymentFen, outstandingFen));
