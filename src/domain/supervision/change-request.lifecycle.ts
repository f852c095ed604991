// SUP-5: a change request (变更请求). The society submits it in writing to the department and the
// association (002 附件§4(2)): its reason and the proposed new task book content, or a description of
// the proposed changes. It is approved step by step by the programme's `changeApprovers`, in order
// (approval-chain.ts). Approved → the API creates a new task book version (drafting, from the
// proposed content or from the base version) that must be signed again by the three parties; the
// version in force stays until the new one is signed. Rejected ends it; the society may withdraw it
// before the first decision. At most one change request per project is being approved at a time.
import { z } from 'zod';
import { defineLifecycle } from '../lifecycle.js';
import { ZTaskBookContent } from '../taskbook/taskbook.types.js';
import type { TaskBookState } from '../taskbook/taskbook.lifecycle.js';
import { ZAttachmentIds, optText, text } from './common.js';

export const changeRequestStates = ['approving', 'approved', 'rejected', 'withdrawn'] as const;
export type ChangeRequestState = (typeof changeRequestStates)[number];
export type ChangeRequestEvent = 'approveStep' | 'approveLast' | 'reject' | 'withdraw';

export const changeRequestLifecycle = defineLifecycle<ChangeRequestState, ChangeRequestEvent>({
  states: { approving: '报批中', approved: '已批准', rejected: '未获批准', withdrawn: '已撤回' },
  events: {
    approveStep: { from: ['approving'], to: 'approving', label: '审批同意' },
    approveLast: { from: ['approving'], to: 'approved', label: '审批同意' },
    reject: { from: ['approving'], to: 'rejected', label: '审批不同意' },
    withdraw: { from: ['approving'], to: 'withdrawn', label: '撤回变更请求' },
  },
});

export const ZChangeRequestInput = z
  .object({
    /** the signed task book version the change is made to */
    baseTaskBookId: z.uuid('任务书编号格式不正确'),
    reason: text(4000, '变更理由'),
    /** the proposed changes in words */
    changesSummary: optText(4000, '变更内容说明'),
    /** the proposed new task book content (becomes the new version's draft) */
    proposedContent: ZTaskBookContent.nullable().default(null),
    attachmentIds: ZAttachmentIds,
  })
  .strict()
  .refine((r) => !!r.changesSummary || r.proposedContent !== null, { message: '请填写变更内容说明或提交变更后的任务书内容', path: ['changesSummary'] });
export type ChangeRequestInput = z.infer<typeof ZChangeRequestInput>;

/** A change is made to the version in force: the base must be signed, and no new version may be open. */
export function changeRequestRefusal(base: TaskBookState, projectHasOpenVersion: boolean): string | null {
  if (base !== 'signed') return '只能对已签署生效的任务书提出变更';
  if (projectHasOpenVersion) return '该项目已有正在起草或签署的任务书版本';
  return null;
}
