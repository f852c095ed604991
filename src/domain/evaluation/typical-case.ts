// EVA-5 (issue 14): the typical-case library (典型案例, 004 §3(2)3 抓好典型案例的宣传和推广; 001 §4(1)3;
// 002 §6–7). The association that runs a programme selects a completed project of it — one whose
// completion assessment passed (项目状态“已完成”) — and writes it up as a replicable model: the
// background, what was done and its results, and the replicable experience (可复制推广的经验), with
// tags and files. The write-up starts from the project's summary report (the passed completion
// report's summary, EVA-1) and the accepted third-party performance report when there is one
// (EVA-2), which the writer sees beside the form. A draft is edited until the association publishes
// it on the portal, where it is searchable (X-5); it may be withdrawn from there with a reason,
// corrected and published again.
//
// Pure TypeScript + Zod; no I/O.
import { z } from 'zod';
import { defineLifecycle } from '../lifecycle.js';
import { projectStatusLabel } from '../projects/project.status.js';
import { ZAttachmentIds, text } from '../supervision/common.js';

export const caseStates = ['draft', 'published', 'withdrawn'] as const;
export type CaseState = (typeof caseStates)[number];

export const caseLifecycle = defineLifecycle<CaseState, 'publish' | 'withdraw'>({
  states: { draft: '草稿', published: '已公开', withdrawn: '已撤回' },
  events: {
    publish: { from: ['draft', 'withdrawn'], to: 'published', label: '在门户公开' },
    withdraw: { from: ['published'], to: 'withdrawn', label: '撤回公开' },
  },
});

/** A case is written while it is not on the portal: a draft, or one withdrawn to be corrected. */
export const caseEditable = (status: string): boolean => status === 'draft' || status === 'withdrawn';

/** The project a case is written about: completed, its completion assessment passed. */
export const CASE_PROJECT_STATUS = 'completed' as const;

/** Why a project cannot be written up as a typical case (null: it can). */
export function caseProjectRefusal(projectStatus: string): string | null {
  return projectStatus === CASE_PROJECT_STATUS ? null : `项目当前为“${projectStatusLabel(projectStatus)}”，只有结项考核通过、已完成的试点项目可以编写典型案例`;
}

export const CASE_TITLE_MAX = 100;
export const CASE_SUMMARY_MAX = 500;
export const CASE_BODY_MAX = 20_000;
export const CASE_EXPERIENCE_MAX = 5_000;
export const CASE_TAG_MAX = 20;
export const CASE_TAGS_MAX = 10;

const ZTags = z
  .array(z.string().trim().min(1, '标签不能为空').max(CASE_TAG_MAX, `每个标签不能超过 ${CASE_TAG_MAX} 个字`))
  .max(CASE_TAGS_MAX, `标签不能超过 ${CASE_TAGS_MAX} 个`)
  .refine((t) => new Set(t).size === t.length, '标签重复')
  .default([]);

/** The write-up (the same fields when drafted and when edited). */
export const ZCaseContentInput = z
  .object({
    title: text(CASE_TITLE_MAX, '案例标题'),
    summary: text(CASE_SUMMARY_MAX, '案例摘要'),
    body: text(CASE_BODY_MAX, '案例正文'),
    experience: text(CASE_EXPERIENCE_MAX, '可复制推广的经验'),
    tags: ZTags,
    attachmentIds: ZAttachmentIds,
  })
  .strict();
export type CaseContentInput = z.infer<typeof ZCaseContentInput>;

export const ZCaseCreateInput = ZCaseContentInput.extend({ projectId: z.uuid('请选择试点项目') }).strict();
export type CaseCreateInput = z.infer<typeof ZCaseCreateInput>;

export const ZCaseEditInput = ZCaseContentInput.extend({ rowVersion: z.int('版本号应为整数').min(1, '版本号不正确') }).strict();
export type CaseEditInput = z.infer<typeof ZCaseEditInput>;

export const ZCaseWithdrawInput = z
  .object({
    rowVersion: z.int('版本号应为整数').min(1, '版本号不正确'),
    reason: text(500, '撤回原因'),
  })
  .strict();

// ---------------------------------------------------------------------------------------------
// The write-up's starting point, from the project's own reports
// ---------------------------------------------------------------------------------------------

export interface CaseSourceProject {
  title: string;
  programmeName: string;
  societyName: string;
  departmentName: string;
}
export interface CaseSourceCompletion {
  /** the project summary report (EVA-5): the passed completion report's summary */
  summary: string;
  selfEvaluation: string | null;
  kpis: { name: string; target: number; unit: string; actual: number; achievementPercent: number }[];
}
export interface CaseSourcePerformance {
  score: number | null;
  grade: string | null;
  findings: string;
  recommendations: string | null;
}
export interface CaseDraft {
  title: string;
  summary: string;
  body: string;
  experience: string;
}

const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);
const qty = (n: number) => n.toLocaleString('zh-CN', { maximumFractionDigits: 4 });

/**
 * The draft the writer starts from: the background from the project's parties, what was done from
 * the summary report, the results from the KPIs reached and the third-party evaluation, and the
 * experience from the evaluator's recommendations or the society's self-evaluation (empty when the
 * reports say nothing of it: the writer states it).
 */
export function caseDraftFrom(p: CaseSourceProject, c: CaseSourceCompletion | null, e: CaseSourcePerformance | null): CaseDraft {
  const results = [
    ...(c?.kpis ?? []).map((k) => `${k.name}：目标 ${qty(k.target)} ${k.unit}，完成 ${qty(k.actual)} ${k.unit}（${k.achievementPercent}%）。`),
    ...(e ? [`第三方绩效评估${e.score !== null ? `得分 ${e.score} 分${e.grade ? `（${e.grade}）` : ''}` : ''}：${e.findings}`] : []),
  ];
  const body = [
    '一、项目背景',
    `${p.societyName}受${p.departmentName}委托，在“${p.programmeName}”中承接“${p.title}”。`,
    '',
    '二、主要做法',
    c?.summary ?? '',
    '',
    '三、取得成效',
    ...(results.length ? results : ['']),
  ].join('\n');
  const experience = [e?.recommendations, c?.selfEvaluation].filter((x): x is string => !!x && !!x.trim()).join('\n');
  return {
    title: clip(`${p.societyName}承接“${p.title}”`, CASE_TITLE_MAX),
    summary: clip(c?.summary ?? '', CASE_SUMMARY_MAX),
    body: clip(body, CASE_BODY_MAX),
    experience: clip(experience, CASE_EXPERIENCE_MAX),
  };
}
