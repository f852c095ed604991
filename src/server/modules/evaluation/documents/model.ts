// EVA-2, EVA-3: what a performance report as Word and PDF is made from — a project's report (项目绩效
// 评价报告) or the programme's (计划整体绩效评价报告, with the results of the commissioned projects).
// Filled by report-document.ts from the report, its commission and the programme's scoring; printed
// by plan.ts as a report of blocks (taskbooks/documents/report.ts). For the portal (`audience:
// 'public'`) the model carries no evidence, files, internal comments or names of people.
import type { PerformanceState, ResultsSummary } from '../../../../domain/evaluation/performance.js';

export interface PerformanceReportModel {
  kind: 'project' | 'programme';
  audience: 'internal' | 'public';
  status: PerformanceState;
  programmeName: string;
  commission: {
    title: string;
    /** 委托单位: the commissioning association */
    associationName: string;
    /** 评价机构 */
    evaluatorName: string;
    scopeLabel: string;
    startsOn: string; // YYYY-MM-DD
    endsOn: string;
    /** 委托要求 (internal only) */
    note: string | null;
  };
  /** the project reported on (a project's report) */
  project: {
    title: string;
    societyName: string;
    departmentName: string;
    /** the task book (or contract) whose KPIs were scored */
    agreement: { title: string; version: number; signedAt: string | null; verificationCode: string | null } | null;
  } | null;
  /** the programme's scoring (performanceScoring) */
  scoring: { methodLabel: string; grades: Array<{ label: string; minScore: number }>; passScore: number };
  kpis: Array<{ name: string; target: number; unit: string; actual: number; score: number; /** '' for the portal */ evidence: string }>;
  score: number | null;
  grade: string | null;
  passed: boolean | null;
  findings: string;
  recommendations: string | null;
  /** file names of the attachments (internal only) */
  attachments: string[];
  /** who wrote it: the evaluator, its member of staff (internal only), when */
  author: { orgName: string; userName: string | null; submittedAt: string | null; updatedAt: string };
  /** the association's decision, while it stands (accepted, or returned for revision) */
  decision: { outcome: 'accepted' | 'returned'; orgName: string; /** internal only */ byName: string | null; at: string; /** internal only */ comment: string | null } | null;
  publishedAt: string | null;
  /** the programme's report: each commissioned project and where its result stands */
  results: Array<{ title: string; societyName: string; score: number | null; grade: string | null; passed: boolean | null; statusLabel: string }>;
  summary: ResultsSummary | null;
}
