// EVA-2, EVA-3 (issue 14): third-party performance evaluation. The association commissions an
// evaluator organisation (第三方评估机构, 001 §4(1)2, §5(5)) for its programme as a whole or for a set of
// its pilot projects, for a period; while the commission runs, the evaluator's staff read exactly the
// commissioned projects (their task books, supervision records and files, nothing else), score each
// KPI of the task book in force — the value they verified against the target, by the programme's
// method (`performanceScoring`) — write their findings and submit a performance report per project
// and one for the programme; the association accepts or returns each report, and may publish an
// accepted one on the portal (PUB-1). A failed evaluation (below the pass score) is a fact of the
// society's year, as a failed completion is (EVA-6).
//
// Pure TypeScript + Zod; no I/O.
import { z } from 'zod';
import { calendarDay } from '../calendar-day.js';
import { defineLifecycle } from '../lifecycle.js';
import { ZAttachmentIds, optText, text } from '../supervision/common.js';

// ---------------------------------------------------------------------------------------------
// The programme's scoring method (PRG-2 parameter `performanceScoring`)
// ---------------------------------------------------------------------------------------------

/** How a KPI's score follows from its target and the verified value. */
export const kpiScoringMethods = ['proportional', 'reachedOrNot'] as const;
export type KpiScoringMethod = (typeof kpiScoringMethods)[number];
export const kpiScoringMethodLabels: Record<KpiScoringMethod, string> = {
  proportional: '按完成比例计分（完成值 ÷ 目标值 × 100，最高 100 分）',
  reachedOrNot: '达到目标计 100 分，未达到计 0 分',
};

export const ZPerformanceGrade = z.strictObject({ label: z.string().min(1).max(20), minScore: z.int().min(0).max(100) });
export type PerformanceGrade = z.infer<typeof ZPerformanceGrade>;

export const ZPerformanceScoring = z
  .strictObject({
    kpiScoring: z.enum(kpiScoringMethods),
    /** grades from the best down; each from its `minScore`; the last starts at 0 */
    grades: z.array(ZPerformanceGrade).min(2).max(6),
    /** a project scoring below this fails the evaluation (EVA-6) */
    passScore: z.int().min(0).max(100),
  })
  .superRefine((v, ctx) => {
    v.grades.forEach((g, i) => {
      if (i > 0 && g.minScore >= v.grades[i - 1].minScore) ctx.addIssue({ code: 'custom', message: '等级应按分数线从高到低排列，且分数线不能相同', path: ['grades', i, 'minScore'] });
    });
    if (v.grades[v.grades.length - 1]?.minScore !== 0) ctx.addIssue({ code: 'custom', message: '最低一个等级的分数线应为 0', path: ['grades', v.grades.length - 1, 'minScore'] });
    if (new Set(v.grades.map((g) => g.label)).size !== v.grades.length) ctx.addIssue({ code: 'custom', message: '等级名称重复', path: ['grades'] });
  });
export type PerformanceScoring = z.infer<typeof ZPerformanceScoring>;

/**
 * Seed silent: the platform's default, the grades of the national rules for the performance
 * evaluation of project spending (财预〔2020〕10号《项目支出绩效评价管理办法》: 优 ≥ 90, 良 80–90,
 * 中 60–80, 差 < 60) with proportional KPI scores; a project below 60 fails.
 */
export const defaultPerformanceScoring: PerformanceScoring = {
  kpiScoring: 'proportional',
  grades: [
    { label: '优', minScore: 90 },
    { label: '良', minScore: 80 },
    { label: '中', minScore: 60 },
    { label: '差', minScore: 0 },
  ],
  passScore: 60,
};

/** EVA-3: one KPI's score, 0–100, by the programme's method (a zero target is reached by any value). */
export function kpiScore(method: KpiScoringMethod, target: number, actual: number): number {
  if (target <= 0) return 100;
  if (method === 'reachedOrNot') return actual >= target ? 100 : 0;
  return Math.min(100, Math.floor((actual / target) * 100 + 1e-9));
}

/** The project's score: the mean of its KPI scores, rounded half up; null without KPIs. */
export function projectScore(scores: readonly number[]): number | null {
  if (!scores.length) return null;
  return Math.round(scores.reduce((s, x) => s + x, 0) / scores.length);
}

/** The grade of a score (the first whose line it reaches). */
export function gradeOf(scoring: PerformanceScoring, score: number): string {
  return (scoring.grades.find((g) => score >= g.minScore) ?? scoring.grades[scoring.grades.length - 1]).label;
}

export const passes = (scoring: PerformanceScoring, score: number): boolean => score >= scoring.passScore;

/** Each grade with its band of scores: 优 “90 分及以上”, 良 “80～89 分”, …, 差 “60 分以下”. */
export function gradeBands(grades: readonly PerformanceGrade[]): Array<{ label: string; band: string }> {
  return grades.map((g, i) => ({
    label: g.label,
    band: i === 0 ? `${g.minScore} 分及以上` : i === grades.length - 1 ? `${grades[i - 1].minScore} 分以下` : `${g.minScore}～${grades[i - 1].minScore - 1} 分`,
  }));
}

/** The scale in one line: 优（90 分及以上）、良（80～89 分）、中（60～79 分）、差（60 分以下）. */
export const gradeScaleText = (grades: readonly PerformanceGrade[]): string => gradeBands(grades).map((g) => `${g.label}（${g.band}）`).join('、');

/** EVA-2: what the programme's report says of the project results it stands on. */
export interface ResultsSummary {
  /** the projects commissioned */
  projects: number;
  /** the results counted (scored project reports) */
  counted: number;
  /** their mean score, to one decimal (half up); null when none */
  meanScore: number | null;
  /** how many in each of the programme's grades, best first; a grade no longer in the scale after them */
  byGrade: Array<{ label: string; count: number }>;
  passed: number;
  failed: number;
}

/** EVA-2: sums up the scored results of a commission's projects (a result without a score is not counted). */
export function summariseResults(scoring: PerformanceScoring, projects: number, results: readonly { score: number | null; grade: string | null; passed: boolean | null }[]): ResultsSummary {
  const scored = results.filter((r): r is { score: number; grade: string | null; passed: boolean | null } => r.score !== null);
  const byGrade = new Map(scoring.grades.map((g) => [g.label, 0]));
  for (const r of scored) {
    const label = r.grade ?? gradeOf(scoring, r.score);
    byGrade.set(label, (byGrade.get(label) ?? 0) + 1);
  }
  const sum = scored.reduce((a, r) => a + r.score, 0);
  return {
    projects,
    counted: scored.length,
    meanScore: scored.length ? Math.round((sum / scored.length) * 10 + 1e-9) / 10 : null,
    byGrade: [...byGrade].map(([label, count]) => ({ label, count })),
    passed: scored.filter((r) => r.passed ?? passes(scoring, r.score)).length,
    failed: scored.filter((r) => !(r.passed ?? passes(scoring, r.score))).length,
  };
}

// ---------------------------------------------------------------------------------------------
// Commissions
// ---------------------------------------------------------------------------------------------

export const commissionScopes = ['programme', 'projects'] as const;
export type CommissionScope = (typeof commissionScopes)[number];
export const commissionScopeLabels: Record<CommissionScope, string> = { programme: '方案的全部试点项目', projects: '指定的试点项目' };

export const commissionStates = ['active', 'cancelled'] as const;
export type CommissionState = (typeof commissionStates)[number];

export const ZCommissionInput = z
  .object({
    evaluatorOrgId: z.uuid('请选择第三方评估机构'),
    title: text(200, '委托事项名称'),
    scope: z.enum(commissionScopes, { error: '请选择评估范围' }),
    projectIds: z.array(z.uuid('项目编号格式不正确')).max(200, '一次委托的项目不能超过 200 个').default([]),
    startsOn: calendarDay('开始日期'),
    endsOn: calendarDay('结束日期'),
    note: optText(2000, '委托要求'),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.endsOn < v.startsOn) ctx.addIssue({ code: 'custom', message: '结束日期不能早于开始日期', path: ['endsOn'] });
    if (v.scope === 'projects' && v.projectIds.length === 0) ctx.addIssue({ code: 'custom', message: '请选择要评估的试点项目', path: ['projectIds'] });
    if (v.scope === 'programme' && v.projectIds.length) ctx.addIssue({ code: 'custom', message: '评估方案的全部项目时不必指定项目', path: ['projectIds'] });
    if (new Set(v.projectIds).size !== v.projectIds.length) ctx.addIssue({ code: 'custom', message: '项目重复', path: ['projectIds'] });
  });
export type CommissionInput = z.infer<typeof ZCommissionInput>;

/** Whether a commission lets its evaluator read on `day` (YYYY-MM-DD, China). */
export const commissionRunsOn = (c: { status: string; startsOn: string; endsOn: string }, day: string): boolean => c.status === 'active' && c.startsOn <= day && day <= c.endsOn;

// ---------------------------------------------------------------------------------------------
// Performance reports (per project, and one for the programme)
// ---------------------------------------------------------------------------------------------

export const performanceStates = ['draft', 'submitted', 'returned', 'accepted'] as const;
export type PerformanceState = (typeof performanceStates)[number];
export type PerformanceEvent = 'save' | 'submit' | 'accept' | 'return';

export const performanceLifecycle = defineLifecycle<PerformanceState, PerformanceEvent>({
  states: { draft: '评估中', submitted: '已提交，待科协审核', returned: '已退回修改', accepted: '科协已采纳' },
  events: {
    save: { from: ['draft', 'returned'], to: 'draft', label: '保存评估' },
    submit: { from: ['draft', 'returned'], to: 'submitted', label: '提交评估报告' },
    accept: { from: ['submitted'], to: 'accepted', label: '采纳评估报告' },
    return: { from: ['submitted'], to: 'returned', label: '退回评估报告' },
  },
});

const ZKpiVerified = z
  .object({
    actual: z.number({ error: '请填写核实的完成值' }).finite('完成值应为数字').min(0, '完成值不能为负').max(1e12, '完成值过大'),
    evidence: text(1000, '核实依据'),
  })
  .strict();

/** The evaluator's work on one project: a verified value per KPI of the task book in force, findings. */
export const ZProjectEvaluationInput = z
  .object({
    kpis: z.array(ZKpiVerified).max(50, '量化指标不能超过 50 项').default([]),
    findings: text(8000, '评估发现和结论'),
    recommendations: optText(4000, '意见建议'),
    attachmentIds: ZAttachmentIds,
    rowVersion: z.number({ error: '缺少版本号' }).int('版本号应为整数').min(0, '版本号不正确'),
  })
  .strict();
export type ProjectEvaluationInput = z.infer<typeof ZProjectEvaluationInput>;

/** The programme's report: findings across the commissioned projects. */
export const ZProgrammeEvaluationInput = z
  .object({
    findings: text(20000, '总体评估结论'),
    recommendations: optText(8000, '意见建议'),
    attachmentIds: ZAttachmentIds,
    rowVersion: z.number({ error: '缺少版本号' }).int('版本号应为整数').min(0, '版本号不正确'),
  })
  .strict();
export type ProgrammeEvaluationInput = z.infer<typeof ZProgrammeEvaluationInput>;

export const ZPerformanceDecisionInput = z
  .object({
    decision: z.enum(['accept', 'return'], { error: '请选择审核结论' }),
    comment: optText(2000, '审核意见'),
    rowVersion: z.number({ error: '缺少版本号' }).int('版本号应为整数').min(1, '版本号不正确'),
  })
  .strict()
  .refine((d) => d.decision === 'accept' || !!d.comment, { message: '退回时请填写意见', path: ['comment'] });
export type PerformanceDecisionInput = z.infer<typeof ZPerformanceDecisionInput>;

/** A KPI as scored: the task book's target, the verified value, its score. */
export interface ScoredKpi {
  name: string;
  target: number;
  unit: string;
  actual: number;
  evidence: string;
  score: number;
}

/** EVA-3: scores every KPI of the book in force by the programme's method; the project's score and grade. */
export function scoreProject(
  scoring: PerformanceScoring,
  kpis: readonly { name: string; target: number; unit: string }[],
  verified: readonly { actual: number; evidence: string }[],
): { kpis: ScoredKpi[]; score: number | null; grade: string | null; passed: boolean | null } {
  const scored = kpis.map((k, i) => ({ ...k, actual: verified[i].actual, evidence: verified[i].evidence, score: kpiScore(scoring.kpiScoring, k.target, verified[i].actual) }));
  const score = projectScore(scored.map((k) => k.score));
  return { kpis: scored, score, grade: score === null ? null : gradeOf(scoring, score), passed: score === null ? null : passes(scoring, score) };
}
