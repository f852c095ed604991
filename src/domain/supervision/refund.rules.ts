// SUP-6 (002 附件§4(4) 部分或全部退还所拨经费): once a termination is agreed, the refund is decided —
// none, part or all of the funds received (what was disbursed to the society, recorded on the
// termination) — and then tracked to receipt: payments are recorded, their sum never above the
// decided amount; the payment that completes it closes the termination. All money is integer fen.
import { z } from 'zod';
import type { FieldError } from '../field-error.js';
import { fen, formatYuan } from '../money.js';
import { day, optText, text } from './common.js';

export const refundKinds = ['none', 'part', 'all'] as const;
export type RefundKind = (typeof refundKinds)[number];
export const refundKindLabels: Record<RefundKind, string> = { none: '不退还', part: '部分退还', all: '全部退还' };

export const ZRefundDecisionInput = z
  .object({
    kind: z.enum(refundKinds),
    /** required for a partial refund; ignored otherwise (none → 0, all → what was received) */
    amountFen: fen('退还金额').nullable().optional(),
    /** corrects the amount disbursed recorded with the request, when the department finds it wrong */
    receivedFen: fen('已拨付经费').nullable().optional(),
    note: optText(2000, '说明'),
  })
  .strict();
export type RefundDecisionInput = z.infer<typeof ZRefundDecisionInput>;

export type RefundDecision = { ok: true; receivedFen: number; refundFen: number } | { ok: false; errors: FieldError[] };

/** The amount to refund, or why the decision is refused (Chinese). */
export function decideRefund(input: RefundDecisionInput, recordedReceivedFen: number): RefundDecision {
  const receivedFen = input.receivedFen ?? recordedReceivedFen;
  switch (input.kind) {
    case 'none':
      return { ok: true, receivedFen, refundFen: 0 };
    case 'all':
      if (receivedFen === 0) return { ok: false, errors: [{ path: 'kind', message: '尚未拨付经费，无需退还，请选择“不退还”' }] };
      return { ok: true, receivedFen, refundFen: receivedFen };
    case 'part': {
      const amount = input.amountFen;
      if (amount === null || amount === undefined || amount === 0) return { ok: false, errors: [{ path: 'amountFen', message: '部分退还时请填写退还金额' }] };
      if (amount > receivedFen) {
        return { ok: false, errors: [{ path: 'amountFen', message: `退还金额 ${formatYuan(amount)} 不能超过已拨付经费 ${formatYuan(receivedFen)}` }] };
      }
      if (amount === receivedFen) return { ok: false, errors: [{ path: 'kind', message: '退还金额等于已拨付经费，请选择“全部退还”' }] };
      return { ok: true, receivedFen, refundFen: amount };
    }
  }
}

/** One payment received back (到账). */
export const ZRefundPaymentInput = z
  .object({
    amountFen: fen('到账金额').min(1, '到账金额应大于 0'),
    receivedOn: day('到账日期'),
    reference: text(200, '凭证号'),
    note: optText(500, '备注'),
  })
  .strict();
export type RefundPaymentInput = z.infer<typeof ZRefundPaymentInput>;

export type PaymentCheck = { ok: true; event: 'recordPayment' | 'recordFinalPayment'; refundedFen: number } | { ok: false; errors: FieldError[] };

/** A payment may not take the cumulative amount above what was decided; the one that reaches it closes the refund. */
export function checkRefundPayment(payment: Pick<RefundPaymentInput, 'amountFen' | 'receivedOn'>, refundedSoFarFen: number, decidedFen: number, today: string): PaymentCheck {
  const errors: FieldError[] = [];
  const remaining = decidedFen - refundedSoFarFen;
  if (payment.amountFen > remaining) {
    errors.push({ path: 'amountFen', message: `到账金额 ${formatYuan(payment.amountFen)} 超过尚未退还的金额 ${formatYuan(Math.max(remaining, 0))}` });
  }
  if (payment.receivedOn > today) errors.push({ path: 'receivedOn', message: '到账日期不能晚于今天' });
  if (errors.length > 0) return { ok: false, errors };
  const refundedFen = refundedSoFarFen + payment.amountFen;
  return { ok: true, event: refundedFen === decidedFen ? 'recordFinalPayment' : 'recordPayment', refundedFen };
}
