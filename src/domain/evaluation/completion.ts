// EVA-1: the completion (结项) of a pilot project — 002 附件§4(1) “承担单位完成试点项目任务后，由委托单位
// 联合协调单位进行考核评估”. The society reports completion with its summary report and, for every
// quantitative KPI of the task book in force (EVA-3), the value reached and its evidence; when the
// programme's `evaluators` include the society (004 §3(3)3 绩效自评报告) the report carries its
// performance self-evaluation. The assessors are those of the programme's `evaluators` that assess a
// project — the commissioning department, the coordinating association, the finance bureau, in that
// order; a programme naming none of them (001: a third party evaluates) has the association record
// the assessment. Each assessor in turn passes, passes with conditions, fails or returns the report;
// a return sends it back to the society for a new round; after the last verdict the most severe
// verdict is the result: the project becomes 已完成 (passed, passed with conditions) or 考核未通过.
//
// Pure TypeScript + Zod; no I/O.
import { z } from 'zod';
import { defineLifecycle, DomainError } from '../lifecycle.js';
import type { Evaluator } from '../programme/programme.types.js';
import { projectStatusLabel, type ProjectStatus } from '../projects/project.status.js';
import { ZAttachmentIds, optText, text } from '../supervision/common.js';

export const completionStates = ['assessing', 'returned', 'withdrawn', 'passed', 'passedWithConditions', 'failed'] as const;
export type CompletionState = (typeof completionStates)[number];
export type CompletionEvent = 'assessStep' | 'closePassed' | 'closePassedWithConditions' | 'closeFailed' | 'return' | 'withdraw';

export const completionVerdicts = ['passed', 'passedWithConditions', 'failed'] as const;
export type CompletionVerdict = (typeof completionVerdicts)[number];
export const completionVerdictLabels: Record<CompletionVerdict, string> = {
  passed: '通过',
  passedWithConditions: '有条件通过',
  failed: '不通过',
};

/** A step's decision: a verdict, or returning the report to the society. */
export const completionDecisions = [...completionVerdicts, 'returned'] as const;
export type CompletionDecision = (typeof completionDecisions)[number];
export const completionDecisionLabels: Record<CompletionDecision, string> = { ...completionVerdictLabels, returned: '退回修改' };

export const completionLifecycle = defineLifecycle<CompletionState, CompletionEvent>({
  states: {
    assessing: '考核中',
    returned: '已退回修改',
    withdrawn: '已撤回',
    passed: '考核通过',
    passedWithConditions: '有条件通过',
    failed: '考核未通过',
  },
  events: {
    assessStep: { from: ['assessing'], to: 'assessing', label: '考核' },
    // the last verdict closes the round with the most severe verdict of all steps (completionResult)
    closePassed: { from: ['assessing'], to: 'passed', label: '考核' },
    closePassedWithConditions: { from: ['assessing'], to: 'passedWithConditions', label: '考核' },
    closeFailed: { from: ['assessing'], to: 'failed', label: '考核' },
    return: { from: ['assessing'], to: 'returned', label: '退回修改' },
    withdraw: { from: ['assessing'], to: 'withdrawn', label: '撤回结项报告' },
  },
});

/** The assessors of a project's completion, in order, from the programme's `evaluators`. */
export const completionAssessorOrder = ['department', 'association', 'financeBureau'] as const;
export type CompletionAssessor = (typeof completionAssessorOrder)[number];
export const completionAssessorLabels: Record<CompletionAssessor, string> = {
  department: '委托部门',
  association: '协调科协',
  financeBureau: '财政局',
};

export function completionAssessors(evaluators: readonly Evaluator[]): CompletionAssessor[] {
  const named = completionAssessorOrder.filter((a) => evaluators.includes(a));
  return named.length ? named : ['association'];
}

/** 004 §3(3)3: a programme whose evaluators include the society asks for its performance self-evaluation. */
export const requiresSelfEvaluation = (evaluators: readonly Evaluator[]): boolean => evaluators.includes('society');

/** The most severe verdict of a round (failed > passed with conditions > passed). */
export function completionResult(verdicts: readonly CompletionVerdict[]): CompletionVerdict {
  if (verdicts.length === 0) throw new DomainError('INVALID_STATE', '尚无考核意见');
  if (verdicts.includes('failed')) return 'failed';
  if (verdicts.includes('passedWithConditions')) return 'passedWithConditions';
  return 'passed';
}

/** The event that closes a round with its result. */
export const closingEvent: Record<CompletionVerdict, CompletionEvent> = {
  passed: 'closePassed',
  passedWithConditions: 'closePassedWithConditions',
  failed: 'closeFailed',
};

/** The project's status after a round's result. */
export const projectStatusAfter = (result: CompletionVerdict): ProjectStatus => (result === 'failed' ? 'failed' : 'completed');

/** A project can report completion while it is implemented (its agreement in force). */
export function completionReportRefusal(projectStatus: string): string | null {
  return projectStatus === 'implementing' ? null : `项目当前为“${projectStatusLabel(projectStatus)}”，不能报告结项`;
}

/**
 * EVA-3: how far a KPI was reached, in whole percent (actual ÷ target, not capped: more than the
 * target shows above 100); a target of 0 is reached by any value.
 */
export function kpiAchievementPercent(target: number, actual: number): number {
  if (target <= 0) return 100;
  return Math.floor((actual / target) * 100 + 1e-9);
}

const ZKpiReport = z
  .object({
    actual: z.number({ error: '请填写实际完成值' }).finite('实际完成值应为数字').min(0, '实际完成值不能为负').max(1e12, '实际完成值过大'),
    evidence: text(500, '完成情况说明或佐证'),
  })
  .strict();
export type KpiReport = z.infer<typeof ZKpiReport>;

/** The society's completion report: one KPI report per KPI of the task book in force, in its order. */
export const ZCompletionReportInput = z
  .object({
    summary: text(8000, '项目总结报告'),
    selfEvaluation: optText(8000, '绩效自评'),
    kpis: z.array(ZKpiReport).max(50, '量化指标不能超过 50 项').default([]),
    attachmentIds: ZAttachmentIds,
  })
  .strict();
export type CompletionReportInput = z.infer<typeof ZCompletionReportInput>;

/** An assessor's decision on the pending step. */
export const ZCompletionDecisionInput = z
  .object({
    decision: z.enum(completionDecisions, { error: '请选择考核结论' }),
    opinion: optText(2000, '考核意见'),
    rowVersion: z.number({ error: '缺少版本号' }).int('版本号应为整数').min(1, '版本号不正确'),
  })
  .strict()
  .superRefine((d, ctx) => {
    if (d.decision !== 'passed' && !d.opinion) {
      const what = d.decision === 'returned' ? '退回的原因' : d.decision === 'failed' ? '不通过的理由' : '须满足的条件';
      ctx.addIssue({ code: 'custom', message: `请填写${what}`, path: ['opinion'] });
    }
  });
export type CompletionDecisionInput = z.infer<typeof ZCompletionDecisionInput>;

/** Problems of a report against the task book's KPIs and the programme (empty: acceptable). */
export function completionReportProblems(input: CompletionReportInput, kpiCount: number, evaluators: readonly Evaluator[]): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  if (input.kpis.length !== kpiCount) {
    out.push({ path: 'kpis', message: kpiCount === 0 ? '生效任务书没有量化考核指标，无需填报指标完成情况' : `生效任务书有 ${kpiCount} 项量化考核指标，请逐项填报实际完成值（已填 ${input.kpis.length} 项）` });
  }
  if (requiresSelfEvaluation(evaluators) && !input.selfEvaluation) out.push({ path: 'selfEvaluation', message: '本方案要求学会进行绩效自评，请填写绩效自评' });
  return out;
}
