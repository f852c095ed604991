// CAP-6 (《实施方案》五、4, 五、5): the evaluation (评估) of a funded capacity-plan project and the
// disbursement (资金拨付) that may follow it. The association that runs the programme proposes the
// evaluation — passed or failed, an optional score out of 100, its findings and files; when the
// programme's `financeBureauCoManages` says so the finance bureau attached to that association
// confirms it or returns it with a comment (the association edits a proposed or returned one), else it
// stands at once. A confirmed passed evaluation goes on an evaluation notice (评估结果公示) for the
// programme's `evaluationNoticeDays`; when that notice closes with no upheld objection the evaluation
// is cleared and the project's funds may be disbursed — once, never above the award (the ledger's
// rule). A failed evaluation, or an upheld objection on its notice, cancels the award.
// Pure TypeScript + Zod.
import { z } from 'zod';
import { defineLifecycle } from '../lifecycle.js';
import { text, ZAttachmentIds } from '../supervision/common.js';
import { applicationLifecycle, type ApplicationState } from './application.js';

export const evaluationResults = ['passed', 'failed'] as const;
export type EvaluationResult = (typeof evaluationResults)[number];
export const evaluationResultLabels: Record<EvaluationResult, string> = { passed: '通过评估', failed: '未通过评估' };

export const evaluationStates = ['proposed', 'returned', 'confirmed'] as const;
export type EvaluationState = (typeof evaluationStates)[number];

/** proposed → confirmed (the bureau, or at once without co-management) | returned → (edit) proposed. */
export const evaluationLifecycle = defineLifecycle<EvaluationState, 'edit' | 'confirm' | 'return'>({
  states: { proposed: '待财政局确认', returned: '财政局退回', confirmed: '已确定' },
  events: {
    edit: { from: ['proposed', 'returned'], to: 'proposed', label: '修改评估结果' },
    confirm: { from: ['proposed'], to: 'confirmed', label: '确认评估结果' },
    return: { from: ['proposed'], to: 'returned', label: '退回评估结果' },
  },
});

/** What became of a passed evaluation on its notice: cleared (no upheld objection) or upheld. */
export const evaluationNoticeOutcomes = ['cleared', 'upheld'] as const;
export type EvaluationNoticeOutcome = (typeof evaluationNoticeOutcomes)[number];
export const evaluationNoticeOutcomeLabels: Record<EvaluationNoticeOutcome, string> = { cleared: '公示无异议', upheld: '公示异议成立' };

/** The evaluation as the association writes it (propose, edit). */
export const ZEvaluationFields = z
  .object({
    result: z.enum(evaluationResults, { error: '请选择评估结论：通过评估或未通过评估' }),
    score: z.number({ error: '评估得分应为 0 至 100 的整数' }).int('评估得分应为整数').min(0, '评估得分不能低于 0 分').max(100, '评估得分不能超过 100 分').nullable().optional(),
    findings: text(20000, '评估意见'),
    attachmentIds: ZAttachmentIds,
  })
  .strict();
export type EvaluationInput = z.infer<typeof ZEvaluationFields>;

/**
 * CAP-6, 实施方案 五、5 (经公示无异议的项目，下达项目资金): why the project's funds may not be
 * disbursed now, in Chinese — or null when they may. From the application's state, its evaluation
 * and the evaluation's notice.
 */
export function disbursementProblem(
  app: { status: string },
  evaluation: { status: string; result: string; noticeId: string | null; noticeOutcome: string | null } | null,
  notice: { status: string; endsOn: string } | null,
): string | null {
  const status = app.status as ApplicationState;
  if (status === 'disbursed' || status === 'accepted' || status === 'acceptanceFailed') return '该项目的资金已拨付，不能重复拨付';
  if (status === 'evaluationFailed') return evaluation?.noticeOutcome === 'upheld' ? '评估结果公示期间的异议经核查成立，不予拨付' : '项目未通过评估，不予拨付';
  if (status !== 'funded') return `项目当前为“${applicationLifecycle.states[status] ?? status}”，不能拨付资金`;
  if (!evaluation) return '项目尚未评估：通过评估并经公示无异议后，方可拨付资金';
  if (evaluation.status !== 'confirmed') return evaluation.status === 'returned' ? '评估结果已被财政局退回，尚未确定，不能拨付资金' : '评估结果尚待财政局确认，不能拨付资金';
  if (evaluation.result !== 'passed') return '项目未通过评估，不予拨付';
  if (evaluation.noticeOutcome === 'upheld') return '评估结果公示期间的异议经核查成立，不予拨付';
  if (evaluation.noticeOutcome === 'cleared') return null;
  if (!evaluation.noticeId || !notice) return '评估结果尚未公示：公示期满无异议后，方可拨付资金';
  if (notice.status === 'open') return `评估结果公示至 ${notice.endsOn}，公示期满无异议后方可拨付资金`;
  return '评估结果公示期间的异议尚待处理，处理后方可确定是否拨付';
}
