// SUP-1: the implementation plan (实施方案) — goals, organisation and division of duties, working
// mode, mechanisms, safeguards (001 §4(1)2, 000 §4(2)). The society submits it to the department,
// which approves it or returns it with comments; the society then submits a NEW VERSION (one row per
// version, every version kept). At most one version waits for review and one is in force per
// project: approving a newer version supersedes the one in force (a plan may be revised later).
import { z } from 'zod';
import { defineLifecycle } from '../lifecycle.js';
import { ZAttachmentIds, text } from './common.js';

export const planStates = ['submitted', 'returned', 'approved', 'superseded'] as const;
export type PlanState = (typeof planStates)[number];
export type PlanEvent = 'approve' | 'return' | 'supersede';

export const planLifecycle = defineLifecycle<PlanState, PlanEvent>({
  states: { submitted: '待审查', returned: '已退回修改', approved: '已通过', superseded: '已被新版本替代' },
  events: {
    approve: { from: ['submitted'], to: 'approved', label: '审查通过' },
    return: { from: ['submitted'], to: 'returned', label: '退回修改' },
    // when a later version is approved, the version in force steps back (kept, read-only)
    supersede: { from: ['approved'], to: 'superseded', label: '以新版本替代' },
  },
});

/** SUP-1 (001 §4(1)2): the plan's parts, in the seed's order. */
export const ZPlanContent = z
  .object({
    goals: text(4000, '工作目标'),
    organisation: text(4000, '组织结构及分工职责'),
    workingMode: text(4000, '工作模式'),
    mechanisms: text(4000, '工作机制'),
    safeguards: text(4000, '保障措施'),
  })
  .strict();
export type PlanContent = z.infer<typeof ZPlanContent>;

export const planContentLabels: Record<keyof PlanContent, string> = {
  goals: '工作目标',
  organisation: '组织结构及分工职责',
  workingMode: '工作模式',
  mechanisms: '工作机制',
  safeguards: '保障措施',
};

/** What the society submits (first version or a revision). */
export const ZPlanInput = z
  .object({
    content: ZPlanContent,
    /** what changed against the previous version (for a revision) */
    revisionNote: z.string().trim().max(2000, '修改说明不能超过 2000 个字').nullable().optional(),
    attachmentIds: ZAttachmentIds,
  })
  .strict();
export type PlanInput = z.infer<typeof ZPlanInput>;

/** The department's decision: approve, or return with comments (ZReturnableDecisionInput). */
export { ZReturnableDecisionInput as ZPlanDecisionInput } from './common.js';

/**
 * Whether the society may submit a new version, given the status of the project's latest version
 * (null: none yet). Refused while a version waits for review.
 */
export function planSubmissionRefusal(latest: PlanState | null): string | null {
  if (latest === 'submitted') return '已有待审查的实施方案版本，请等待审查结果';
  return null;
}
