// EVA-1, EVA-3 (issue 14): what the API answers for the completion (结项) of a pilot project — each
// round of the society's report with its KPIs reached, the assessors' verdicts in order, the result,
// and the actions the reading user may take now; the project's list says whether the society may
// report now (or why not), who assesses, and the KPIs of the task book in force that it reports on.
import { z } from 'zod';
import { all, page, ZAttachmentRef, ZDayText, ZInstant } from './common.js';
import { completionAssessorOrder, completionDecisions, completionStates, completionVerdicts } from '../domain/evaluation/completion.js';
import { commissionScopes, commissionStates, performanceStates } from '../domain/evaluation/performance.js';

export const ZCompletionAssessor = z.enum(completionAssessorOrder).describe('department 委托部门；association 协调科协；financeBureau 财政局');

export const ZCompletionKpi = z
  .object({
    name: z.string(),
    target: z.number().describe('任务书目标值'),
    unit: z.string(),
    actual: z.number().describe('实际完成值'),
    evidence: z.string().describe('完成情况说明或佐证'),
    achievementPercent: z.number().int().describe('完成率（%，实际 ÷ 目标，向下取整，可超过 100）'),
  })
  .meta({ id: 'CompletionKpi' });

export const ZCompletionAssessment = z
  .object({
    step: z.number().int().min(0),
    assessor: ZCompletionAssessor,
    assessorLabel: z.string(),
    decision: z.enum(completionDecisions),
    decisionLabel: z.string(),
    opinion: z.string(),
    orgName: z.string(),
    userName: z.string(),
    at: ZInstant,
  })
  .meta({ id: 'CompletionAssessment' });

export const ZCompletionStep = z
  .object({
    step: z.number().int().min(0),
    assessor: ZCompletionAssessor,
    assessorLabel: z.string(),
    state: z.enum(['done', 'pending', 'waiting', 'skipped']).describe('done 已考核；pending 待考核；waiting 尚未到达；skipped 不再考核'),
  })
  .meta({ id: 'CompletionStep' });

export const ZCompletion = z
  .object({
    id: z.uuid(),
    projectId: z.uuid(),
    round: z.number().int().min(1).describe('第几次报告结项'),
    status: z.enum(completionStates),
    statusLabel: z.string(),
    result: z.enum(completionVerdicts).nullable().describe('考核结果（各步骤中最严格的结论）；考核未结束时为 null'),
    summary: z.string().describe('项目总结报告'),
    selfEvaluation: z.string().nullable().describe('绩效自评'),
    kpis: z.array(ZCompletionKpi),
    attachments: z.array(ZAttachmentRef),
    steps: z.array(ZCompletionStep),
    assessments: z.array(ZCompletionAssessment),
    submittedByName: z.string().nullable(),
    submittedAt: ZInstant,
    closedAt: ZInstant.nullable().describe('考核结束或退回、撤回的时间'),
    rowVersion: z.number().int().min(1).describe('版本号（考核、撤回时携带）'),
    actions: z.array(z.enum(['assess', 'withdraw'])).describe('assess 办理当前考核步骤；withdraw 撤回（尚无考核意见时）'),
  })
  .meta({ id: 'Completion' });
export type Completion = z.infer<typeof ZCompletion>;

export const ZCompletionList = all(ZCompletion).extend({
  actions: z.array(z.enum(['report'])).describe('report：承接学会可报告结项'),
  reportRefusal: z.string().nullable().describe('当前不能报告结项的原因；可以报告时为 null'),
  assessors: z.array(z.object({ assessor: ZCompletionAssessor, assessorLabel: z.string() })).describe('结项考核的顺序（本方案的考核评估主体）'),
  selfEvaluationRequired: z.boolean().describe('本方案要求学会绩效自评'),
  kpis: z.array(z.object({ name: z.string(), target: z.number(), unit: z.string() })).describe('生效任务书的量化考核指标（按顺序逐项填报）'),
});
export type CompletionList = z.infer<typeof ZCompletionList>;

// ------------------------------------------------------------------ EVA-2, EVA-3 third-party evaluation

export const ZScoredKpi = z
  .object({
    name: z.string(),
    target: z.number().describe('任务书目标值'),
    unit: z.string(),
    actual: z.number().describe('评估机构核实的完成值'),
    evidence: z.string().describe('核实依据'),
    score: z.number().int().min(0).max(100).describe('按方案计分方法得分（0–100）'),
  })
  .meta({ id: 'ScoredKpi' });

/** A performance report (per project, or the programme's when `projectId` is null). */
export const ZPerformanceEvaluation = z
  .object({
    id: z.uuid(),
    commissionId: z.uuid(),
    commissionTitle: z.string(),
    evaluatorName: z.string().describe('第三方评估机构'),
    projectId: z.uuid().nullable().describe('试点项目；方案总体评估报告为 null'),
    projectTitle: z.string().nullable(),
    societyName: z.string().nullable(),
    status: z.enum(performanceStates),
    statusLabel: z.string(),
    kpis: z.array(ZScoredKpi),
    score: z.number().int().nullable().describe('项目得分（各指标得分的平均，四舍五入）；无量化指标或方案报告为 null'),
    grade: z.string().nullable().describe('绩效等级'),
    passed: z.boolean().nullable().describe('是否达到合格分数线'),
    findings: z.string(),
    recommendations: z.string().nullable(),
    attachments: z.array(ZAttachmentRef),
    updatedByName: z.string().nullable(),
    updatedAt: ZInstant,
    submittedAt: ZInstant.nullable(),
    decidedByName: z.string().nullable(),
    decidedAt: ZInstant.nullable(),
    decisionComment: z.string().nullable(),
    publishedAt: ZInstant.nullable().describe('在门户公开的时间；未公开为 null'),
    rowVersion: z.number().int().min(1),
    actions: z.array(z.enum(['edit', 'submit', 'decide', 'publish', 'unpublish'])).describe('edit 修改评估；submit 提交；decide 采纳或退回；publish / unpublish 在门户公开或撤下'),
  })
  .meta({ id: 'PerformanceEvaluation' });
export type PerformanceEvaluation = z.infer<typeof ZPerformanceEvaluation>;

/** A commissioned project as the commission lists it, with where its report stands. */
export const ZCommissionProject = z
  .object({
    projectId: z.uuid(),
    title: z.string(),
    societyName: z.string(),
    departmentName: z.string(),
    projectStatusLabel: z.string(),
    evaluationId: z.uuid().nullable(),
    evaluationStatus: z.enum(performanceStates).nullable(),
    evaluationStatusLabel: z.string().describe('评估报告所处状态；尚未开始为“未开始”'),
    score: z.number().int().nullable(),
    grade: z.string().nullable(),
    kpis: z.array(z.object({ name: z.string(), target: z.number(), unit: z.string() })).describe('生效任务书的量化考核指标（评估时逐项核实）；无生效任务书为空'),
  })
  .meta({ id: 'CommissionProject' });

export const ZEvaluationCommission = z
  .object({
    id: z.uuid(),
    programmeId: z.uuid(),
    programmeName: z.string(),
    associationName: z.string(),
    evaluatorOrgId: z.uuid(),
    evaluatorName: z.string(),
    title: z.string(),
    scope: z.enum(commissionScopes),
    scopeLabel: z.string(),
    startsOn: ZDayText,
    endsOn: ZDayText,
    note: z.string().nullable(),
    status: z.enum(commissionStates),
    statusLabel: z.string().describe('进行中、未开始、已结束或已撤销'),
    runsToday: z.boolean().describe('今天评估机构可以查看所委托的项目'),
    projects: z.array(ZCommissionProject),
    programmeReport: ZPerformanceEvaluation.nullable().describe('方案总体评估报告；尚未起草为 null'),
    scoring: z.object({ methodLabel: z.string(), grades: z.array(z.object({ label: z.string(), minScore: z.number().int() })), passScore: z.number().int() }).describe('方案的绩效计分方法'),
    createdByName: z.string().nullable(),
    createdAt: ZInstant,
    rowVersion: z.number().int().min(1),
    actions: z.array(z.enum(['cancel', 'evaluate'])).describe('cancel 撤销委托（科协）；evaluate 开展评估（评估机构）'),
  })
  .meta({ id: 'EvaluationCommission' });
export type EvaluationCommission = z.infer<typeof ZEvaluationCommission>;

export const ZEvaluationCommissionItem = ZEvaluationCommission.omit({ projects: true, programmeReport: true, scoring: true, note: true }).extend({
  projectCount: z.number().int(),
  submittedCount: z.number().int().describe('已提交或已采纳的项目评估报告数'),
  acceptedCount: z.number().int(),
}).meta({ id: 'EvaluationCommissionItem' });
export type EvaluationCommissionItem = z.infer<typeof ZEvaluationCommissionItem>;

export const ZEvaluationCommissionList = all(ZEvaluationCommissionItem).extend({
  actions: z.array(z.enum(['create'])).describe('create：可委托第三方评估（科协）'),
});
export type EvaluationCommissionList = z.infer<typeof ZEvaluationCommissionList>;

/** A published result as the portal shows it (PUB-1): no files, no internal comments. */
export const ZPublicPerformanceResult = z
  .object({
    id: z.uuid(),
    programmeName: z.string(),
    evaluatorName: z.string(),
    projectTitle: z.string().nullable(),
    societyName: z.string().nullable(),
    score: z.number().int().nullable(),
    grade: z.string().nullable(),
    kpis: z.array(ZScoredKpi.omit({ evidence: true })),
    findings: z.string(),
    recommendations: z.string().nullable(),
    publishedAt: ZInstant,
  })
  .meta({ id: 'PublicPerformanceResult' });
export const ZPublicPerformanceResultPage = page(ZPublicPerformanceResult);
export type PublicPerformanceResultPage = z.infer<typeof ZPublicPerformanceResultPage>;
