// EVA-5 (issue 14): what the API answers for the typical-case library (典型案例) — a case with the
// actions the reading user may take, the association's list, the completed projects it may write
// about with their reports (the write-up's starting point), and the portal's published cases, which
// carry the write-up, the project and its society and nothing internal (no files, no writers, no
// withdrawal reasons).
import { z } from 'zod';
import { ZAttachmentRef, ZInstant, page, all } from './common.js';
import { caseStates } from '../domain/evaluation/typical-case.js';

const ZCaseProject = z
  .object({
    id: z.uuid(),
    title: z.string(),
    societyId: z.uuid(),
    societyName: z.string().describe('承接学会'),
    departmentId: z.uuid(),
    departmentName: z.string().describe('委托部门'),
  })
  .meta({ id: 'TypicalCaseProject' });

export const ZTypicalCase = z
  .object({
    id: z.uuid(),
    programmeId: z.uuid(),
    programmeName: z.string(),
    associationId: z.uuid(),
    associationName: z.string(),
    project: ZCaseProject,
    title: z.string(),
    summary: z.string().describe('案例摘要'),
    body: z.string().describe('案例正文：背景、主要做法、取得成效'),
    experience: z.string().describe('可复制推广的经验'),
    tags: z.array(z.string()),
    attachments: z.array(ZAttachmentRef),
    status: z.enum(caseStates),
    statusLabel: z.string(),
    createdByName: z.string().nullable(),
    createdAt: ZInstant,
    updatedAt: ZInstant,
    publishedAt: ZInstant.nullable().describe('最近一次在门户公开的时间'),
    withdrawnAt: ZInstant.nullable(),
    rowVersion: z.number().int().min(1).describe('版本号（修改、公开、撤回时携带）'),
    actions: z.array(z.enum(['edit', 'publish', 'withdraw'])).describe('edit 修改（草稿或已撤回）；publish 在门户公开；withdraw 撤回公开'),
  })
  .meta({ id: 'TypicalCase' });
export type TypicalCase = z.infer<typeof ZTypicalCase>;

export const ZTypicalCaseItem = ZTypicalCase.omit({ body: true, experience: true, attachments: true }).meta({ id: 'TypicalCaseItem' });
export type TypicalCaseItem = z.infer<typeof ZTypicalCaseItem>;
export const ZTypicalCasePage = page(ZTypicalCaseItem).extend({ actions: z.array(z.enum(['create'])).describe('create：可编写典型案例（科协管理员）') });
export type TypicalCasePage = z.infer<typeof ZTypicalCasePage>;

/** A completed project of the actor's own programmes: one the association may write up. */
export const ZCaseCandidate = z
  .object({
    projectId: z.uuid(),
    title: z.string(),
    programmeId: z.uuid(),
    programmeName: z.string(),
    societyName: z.string(),
    departmentName: z.string(),
    completedAt: ZInstant.nullable().describe('结项考核通过的时间'),
    caseCount: z.number().int().min(0).describe('已就该项目编写的典型案例数'),
  })
  .meta({ id: 'TypicalCaseCandidate' });
export const ZCaseCandidateList = all(ZCaseCandidate);
export type CaseCandidateList = z.infer<typeof ZCaseCandidateList>;

/** The project's own reports the write-up starts from, and the draft made of them. */
export const ZCaseSources = z
  .object({
    project: ZCaseProject.extend({ programmeId: z.uuid(), programmeName: z.string() }),
    completion: z
      .object({
        id: z.uuid(),
        round: z.number().int(),
        resultLabel: z.string(),
        summary: z.string().describe('项目总结报告（结项报告）'),
        selfEvaluation: z.string().nullable(),
        kpis: z.array(z.object({ name: z.string(), target: z.number(), unit: z.string(), actual: z.number(), achievementPercent: z.number().int() })),
        closedAt: ZInstant.nullable(),
      })
      .nullable()
      .describe('考核通过的结项报告'),
    performance: z
      .object({
        id: z.uuid(),
        evaluatorName: z.string(),
        score: z.number().int().nullable(),
        grade: z.string().nullable(),
        findings: z.string(),
        recommendations: z.string().nullable(),
        decidedAt: ZInstant.nullable(),
      })
      .nullable()
      .describe('科协已采纳的第三方绩效评估报告；没有时为 null'),
    draft: z.object({ title: z.string(), summary: z.string(), body: z.string(), experience: z.string() }).describe('据以上报告生成的案例初稿'),
  })
  .meta({ id: 'TypicalCaseSources' });
export type CaseSources = z.infer<typeof ZCaseSources>;

// ------------------------------------------------------------------ the portal (PUB-1)

export const ZPublicCaseSummary = z
  .object({
    id: z.uuid(),
    programmeId: z.uuid(),
    programmeName: z.string(),
    associationName: z.string(),
    projectTitle: z.string(),
    societyName: z.string(),
    departmentName: z.string(),
    title: z.string(),
    summary: z.string(),
    tags: z.array(z.string()),
    publishedAt: ZInstant,
  })
  .meta({ id: 'PublicCaseSummary' });
export type PublicCaseSummary = z.infer<typeof ZPublicCaseSummary>;
export const ZPublicCasePage = page(ZPublicCaseSummary);

export const ZPublicCase = ZPublicCaseSummary.extend({
  projectId: z.uuid(),
  itemId: z.uuid().describe('项目的来源事项（门户的事项页面）'),
  societyId: z.uuid(),
  body: z.string(),
  experience: z.string().describe('可复制推广的经验'),
}).meta({ id: 'PublicCase' });
export type PublicCase = z.infer<typeof ZPublicCase>;
