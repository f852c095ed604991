// SUP-2: progress reports (进展报告) the society files, against a milestone or in general. A report
// may declare its milestone complete (which completes the milestone at once). The department or the
// association acknowledges it (已阅, with an optional comment); an acknowledged report may be chosen
// for public disclosure (PUB-1, disclosure.lifecycle.ts).
import { z } from 'zod';
import { defineLifecycle } from '../lifecycle.js';
import { ZAttachmentIds, optText, text } from './common.js';
import type { MilestoneState } from './milestone.rules.js';
import type { FieldError } from '../field-error.js';

export const progressReportStates = ['submitted', 'acknowledged'] as const;
export type ProgressReportState = (typeof progressReportStates)[number];

export const progressReportLifecycle = defineLifecycle<ProgressReportState, 'acknowledge'>({
  states: { submitted: '已报送', acknowledged: '已阅' },
  events: {
    acknowledge: { from: ['submitted'], to: 'acknowledged', label: '确认已阅' },
  },
});

export const ZProgressReportInput = z
  .object({
    /** the milestone reported against; null for a general report */
    milestoneId: z.uuid('节点编号格式不正确').nullable().default(null),
    /** the report declares the milestone complete */
    completesMilestone: z.boolean().default(false),
    title: text(120, '报告标题'),
    body: text(8000, '进展情况'),
    attachmentIds: ZAttachmentIds,
  })
  .strict()
  .refine((r) => !r.completesMilestone || r.milestoneId !== null, { message: '报告节点完成时请选择关键节点', path: ['milestoneId'] });
export type ProgressReportInput = z.infer<typeof ZProgressReportInput>;

export const ZAcknowledgeInput = z.object({ comment: optText(2000, '意见') }).strict();

/**
 * Problems with a report against the milestone it names (`milestone` is the stored row's status,
 * or undefined when the id names no milestone of this project).
 */
export function progressReportProblems(input: Pick<ProgressReportInput, 'milestoneId' | 'completesMilestone'>, milestone: MilestoneState | undefined): FieldError[] {
  if (input.milestoneId === null) return [];
  if (milestone === undefined) return [{ path: 'milestoneId', message: '该项目没有这个关键节点' }];
  if (milestone === 'cancelled') return [{ path: 'milestoneId', message: '该关键节点已取消' }];
  if (input.completesMilestone && milestone === 'completed') return [{ path: 'completesMilestone', message: '该关键节点已报告完成' }];
  return [];
}

/** PUB-1: only a report the department or association has read may be disclosed. */
export function progressDisclosureRefusal(status: ProgressReportState): string | null {
  return status === 'acknowledged' ? null : '进展报告经确认已阅后才能公开';
}
