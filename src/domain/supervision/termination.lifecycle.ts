// SUP-6: termination (中止) of a project, 002 附件§4(4). Either the society asks for it (its
// reason) and the department and then the association agree, or the department imposes it together
// with the association: the department's request is its own agreement, and the association agrees.
// Agreement terminates the project (pilot_projects.status → 'terminated'; open milestones are
// cancelled); the refund of funds received is then decided (refund.rules.ts: none, part or all) and
// tracked to receipt; no refund, or the full refund received, closes the termination.
// The requester may withdraw before the first decision; any rejection ends it.
import { z } from 'zod';
import { defineLifecycle } from '../lifecycle.js';
import type { Approver } from '../programme/programme.types.js';
import { fen } from '../money.js';
import type { ProjectStatus } from '../projects/project.status.js';
import { projectStatusLabel } from '../projects/project.status.js';
import { ZAttachmentIds, text } from './common.js';

export const terminationStates = ['approving', 'rejected', 'withdrawn', 'decidingRefund', 'refunding', 'closed'] as const;
export type TerminationState = (typeof terminationStates)[number];
export type TerminationEvent = 'approveStep' | 'approveLast' | 'reject' | 'withdraw' | 'decideNoRefund' | 'decideRefund' | 'recordPayment' | 'recordFinalPayment';

export const terminationLifecycle = defineLifecycle<TerminationState, TerminationEvent>({
  states: {
    approving: '审批中',
    rejected: '未同意中止',
    withdrawn: '已撤回',
    decidingRefund: '已中止，待确定经费退还',
    refunding: '经费退还中',
    closed: '已办结',
  },
  events: {
    approveStep: { from: ['approving'], to: 'approving', label: '同意中止' },
    approveLast: { from: ['approving'], to: 'decidingRefund', label: '同意中止' },
    reject: { from: ['approving'], to: 'rejected', label: '不同意中止' },
    withdraw: { from: ['approving'], to: 'withdrawn', label: '撤回中止申请' },
    decideNoRefund: { from: ['decidingRefund'], to: 'closed', label: '确定不退还经费' },
    decideRefund: { from: ['decidingRefund'], to: 'refunding', label: '确定退还经费' },
    recordPayment: { from: ['refunding'], to: 'refunding', label: '登记退款到账' },
    recordFinalPayment: { from: ['refunding'], to: 'closed', label: '登记退款到账' },
  },
});

/** Open terminations (at most one per project). */
export const openTerminationStates: readonly TerminationState[] = ['approving', 'decidingRefund', 'refunding'];

export const terminationInitiators = ['society', 'department'] as const;
export type TerminationInitiator = (typeof terminationInitiators)[number];
export const terminationInitiatorLabels: Record<TerminationInitiator, string> = {
  society: '承接学会主动要求中止',
  department: '委托部门会同协调科协提出中止',
};

/** The approval steps after the request (approval-chain.ts): the initiating department counts as agreeing. */
export function terminationSteps(initiatedBy: TerminationInitiator): Approver[] {
  return initiatedBy === 'society' ? ['department', 'association'] : ['association'];
}

/** A project can be terminated while established or implementing. */
export function terminationRefusal(projectStatus: string): string | null {
  const allowed: readonly ProjectStatus[] = ['established', 'implementing'];
  return allowed.includes(projectStatus as ProjectStatus) ? null : `项目当前为“${projectStatusLabel(projectStatus)}”，不能中止`;
}

/** The request (by the society or the department); `receivedFen` is what has been disbursed to the society so far. */
export const ZTerminationInput = z
  .object({
    reason: text(4000, '中止理由'),
    receivedFen: fen('已拨付经费'),
    attachmentIds: ZAttachmentIds,
  })
  .strict();
export type TerminationInput = z.infer<typeof ZTerminationInput>;
