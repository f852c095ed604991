import { describe, expect, it } from 'vitest';
import { DomainError, allowedEvents, transition } from '../lifecycle.js';
import { nextStep } from './approval-chain.js';
import { ZTerminationInput, openTerminationStates, terminationLifecycle, terminationRefusal, terminationStates, terminationSteps } from './termination.lifecycle.js';
import { ZRefundDecisionInput, ZRefundPaymentInput, checkRefundPayment, decideRefund } from './refund.rules.js';

describe('termination lifecycle (SUP-6)', () => {
  it('a society request is agreed by department then association', () => {
    expect(terminationSteps('society')).toEqual(['department', 'association']);
    expect(nextStep(terminationSteps('society'), [{ step: 0, approver: 'department', decision: 'approve' }])).toEqual({ kind: 'pending', step: 1, approver: 'association' });
  });
  it('a department-imposed termination needs only the association', () => {
    expect(terminationSteps('department')).toEqual(['association']);
  });
  it('walks approving → decidingRefund → refunding → closed', () => {
    let s = transition(terminationLifecycle, 'approving', 'approveStep');
    s = transition(terminationLifecycle, s, 'approveLast');
    expect(s).toBe('decidingRefund');
    s = transition(terminationLifecycle, s, 'decideRefund');
    expect(s).toBe('refunding');
    expect(transition(terminationLifecycle, s, 'recordPayment')).toBe('refunding');
    expect(transition(terminationLifecycle, s, 'recordFinalPayment')).toBe('closed');
  });
  it('closes at once without a refund; ends on rejection or withdrawal', () => {
    expect(transition(terminationLifecycle, 'decidingRefund', 'decideNoRefund')).toBe('closed');
    expect(transition(terminationLifecycle, 'approving', 'reject')).toBe('rejected');
    expect(transition(terminationLifecycle, 'approving', 'withdraw')).toBe('withdrawn');
  });
  it('refuses refund steps before agreement and anything after the end', () => {
    expect(() => transition(terminationLifecycle, 'approving', 'decideRefund')).toThrow('“审批中”状态下不能确定退还经费');
    expect(() => transition(terminationLifecycle, 'decidingRefund', 'recordPayment')).toThrowError(DomainError);
    expect(() => transition(terminationLifecycle, 'refunding', 'withdraw')).toThrowError(DomainError);
    expect(() => transition(terminationLifecycle, 'decidingRefund', 'withdraw')).toThrowError(DomainError);
    for (const s of ['closed', 'rejected', 'withdrawn'] as const) expect(allowedEvents(terminationLifecycle, s)).toEqual([]);
  });
  it('counts as open until closed, rejected or withdrawn', () => {
    expect(terminationStates.filter((s) => allowedEvents(terminationLifecycle, s).length > 0)).toEqual([...openTerminationStates]);
  });
  it('terminates established or implementing projects only', () => {
    expect(terminationRefusal('implementing')).toBeNull();
    expect(terminationRefusal('established')).toBeNull();
    expect(terminationRefusal('terminated')).toBe('项目当前为“已中止”，不能中止');
  });
  it('validates the request', () => {
    expect(ZTerminationInput.parse({ reason: '条件不落实', receivedFen: 0 }).attachmentIds).toEqual([]);
    expect(ZTerminationInput.safeParse({ reason: '条件不落实', receivedFen: 1.5 }).success).toBe(false);
    expect(ZTerminationInput.safeParse({ reason: '条件不落实', receivedFen: -1 }).success).toBe(false);
  });
});

describe('refund decision (SUP-6)', () => {
  it('none refunds nothing, all refunds what was received', () => {
    expect(decideRefund({ kind: 'none' }, 50_000_000)).toEqual({ ok: true, receivedFen: 50_000_000, refundFen: 0 });
    expect(decideRefund({ kind: 'all' }, 50_000_000)).toEqual({ ok: true, receivedFen: 50_000_000, refundFen: 50_000_000 });
  });
  it('a part refund is between nothing and what was received', () => {
    expect(decideRefund({ kind: 'part', amountFen: 12_345_678 }, 50_000_000)).toEqual({ ok: true, receivedFen: 50_000_000, refundFen: 12_345_678 });
  });
  it('refuses more than was received, in Chinese, in yuan', () => {
    const r = decideRefund({ kind: 'part', amountFen: 50_000_001 }, 50_000_000);
    expect(r).toEqual({ ok: false, errors: [{ path: 'amountFen', message: '退还金额 500,000.01 元 不能超过已拨付经费 500,000.00 元' }] });
  });
  it('refuses a part refund without an amount, or equal to all', () => {
    expect(decideRefund({ kind: 'part' }, 100).ok).toBe(false);
    expect(decideRefund({ kind: 'part', amountFen: 0 }, 100).ok).toBe(false);
    expect(decideRefund({ kind: 'part', amountFen: 100 }, 100)).toEqual({ ok: false, errors: [{ path: 'kind', message: '退还金额等于已拨付经费，请选择“全部退还”' }] });
  });
  it('refuses refunding when nothing was received', () => {
    expect(decideRefund({ kind: 'all' }, 0).ok).toBe(false);
    expect(decideRefund({ kind: 'none' }, 0).ok).toBe(true);
  });
  it('uses a corrected received amount when given', () => {
    expect(decideRefund({ kind: 'all', receivedFen: 30_000 }, 50_000)).toEqual({ ok: true, receivedFen: 30_000, refundFen: 30_000 });
    expect(decideRefund({ kind: 'part', amountFen: 40_000, receivedFen: 30_000 }, 50_000).ok).toBe(false);
  });
  it('validates the decision input (integer fen)', () => {
    expect(ZRefundDecisionInput.safeParse({ kind: 'part', amountFen: 10.5 }).success).toBe(false);
    expect(ZRefundDecisionInput.safeParse({ kind: 'some' }).success).toBe(false);
  });
});

describe('refund payments (SUP-6)', () => {
  const pay = (amountFen: number, receivedOn = '2027-03-01') => ({ amountFen, receivedOn });
  it('records payments until the decided amount, the last one closing it', () => {
    expect(checkRefundPayment(pay(3_000), 0, 10_000, '2027-03-02')).toEqual({ ok: true, event: 'recordPayment', refundedFen: 3_000 });
    expect(checkRefundPayment(pay(7_000), 3_000, 10_000, '2027-03-02')).toEqual({ ok: true, event: 'recordFinalPayment', refundedFen: 10_000 });
  });
  it('refuses a payment above what remains', () => {
    const r = checkRefundPayment(pay(7_001), 3_000, 10_000, '2027-03-02');
    expect(r).toEqual({ ok: false, errors: [{ path: 'amountFen', message: '到账金额 70.01 元 超过尚未退还的金额 70.00 元' }] });
  });
  it('refuses a payment dated in the future', () => {
    expect(checkRefundPayment(pay(1, '2027-03-03'), 0, 10_000, '2027-03-02')).toEqual({ ok: false, errors: [{ path: 'receivedOn', message: '到账日期不能晚于今天' }] });
  });
  it('validates the payment input', () => {
    expect(ZRefundPaymentInput.safeParse({ amountFen: 0, receivedOn: '2027-03-01', reference: 'X1' }).error?.issues[0].message).toBe('到账金额应大于 0');
    expect(ZRefundPaymentInput.safeParse({ amountFen: 1, receivedOn: '2027-02-30', reference: 'X1' }).error?.issues[0].message).toBe('到账日期不是有效日期');
    expect(ZRefundPaymentInput.safeParse({ amountFen: 1, receivedOn: '2027-02-28', reference: '' }).error?.issues[0].message).toBe('请填写凭证号');
  });
});
