// The capacity-improvement plan (issue 13 step 5): CAP-5 the public notice (公示) of a call's results
// and the objections to it — as the portal shows it to anyone (PUB-1: only public fields, never an
// objector's name, contact or address) and as the association that handles the objections reads it.
// The same shapes serve the evaluation notice of CAP-6 (kind 'evaluation', 评估结果公示): its results are
// the evaluations that passed, with their evaluation score.
import { z } from 'zod';
import { ZDayText, ZInstant, all, page } from './common.js';
import { ZApplicationStatus } from './capacity-applications.js';
import { evaluationNoticeOutcomes } from '../domain/capacity/evaluation.js';

export const noticeKinds = ['result', 'evaluation'] as const;
export type NoticeKind = (typeof noticeKinds)[number];
export const noticeKindLabels: Record<NoticeKind, string> = { result: '评审结果公示', evaluation: '评估结果公示' };
export const ZNoticeKind = z.enum(noticeKinds).describe('公示类型：result 评审结果公示（拟资助项目），evaluation 项目评估结果公示');

export const noticeStates = ['open', 'closed'] as const;
export const noticeStatusLabels: Record<(typeof noticeStates)[number], string> = { open: '公示中', closed: '已结束' };
export const ZNoticeStatus = z.enum(noticeStates).describe('open 公示中，closed 已结束');

export const objectionStates = ['pending', 'upheld', 'notUpheld'] as const;
export type ObjectionStatus = (typeof objectionStates)[number];
export const objectionStatusLabels: Record<ObjectionStatus, string> = { pending: '待处理', upheld: '异议成立', notUpheld: '异议不成立' };
export const ZObjectionStatus = z.enum(objectionStates).describe('pending 待处理，upheld 异议成立，notUpheld 异议不成立');

// ── the portal (PUB-1) ───────────────────────────────────────────────────────────────────────────

const publicNoticeFields = {
  id: z.uuid(),
  kind: ZNoticeKind,
  kindLabel: z.string(),
  title: z.string(),
  associationName: z.string().describe('发布公示的科协'),
  programmeName: z.string(),
  startsOn: ZDayText.describe('公示开始日期'),
  endsOn: ZDayText.describe('公示截止日期（含当日）'),
  status: ZNoticeStatus,
  statusLabel: z.string().describe('公示中 / 已结束'),
  acceptsObjections: z.boolean().describe('今天是否受理异议（公示期内且未结束）'),
  resultCount: z.number().int().describe('公示的项目数'),
  publishedAt: ZInstant,
};

export const ZPublicCapacityNoticeSummary = z.object(publicNoticeFields).meta({ id: 'PublicCapacityNoticeSummary' });
export type PublicCapacityNoticeSummary = z.infer<typeof ZPublicCapacityNoticeSummary>;
export const ZPublicCapacityNoticePage = page(ZPublicCapacityNoticeSummary);
export type PublicCapacityNoticePage = z.infer<typeof ZPublicCapacityNoticePage>;

/** A result on the notice: who, which project, its final score and the award standard of its type. */
export const ZPublicNoticeResult = z
  .object({
    applicationId: z.uuid().describe('提出异议时可指明的项目'),
    societyName: z.string().describe('申报学会'),
    typeName: z.string().describe('项目类型'),
    projectTitle: z.string().describe('项目名称'),
    scoreText: z.string().nullable().describe('评审结果公示：专家评审最终得分（两位小数）；评估结果公示：评估得分（未打分时为空）'),
    awardFen: z.number().int().nullable().describe('该类型的资助标准（分）'),
  })
  .meta({ id: 'PublicCapacityNoticeResult' });
export type PublicNoticeResult = z.infer<typeof ZPublicNoticeResult>;

export const ZPublicCapacityNotice = z
  .object({ ...publicNoticeFields, body: z.string(), results: z.array(ZPublicNoticeResult) })
  .meta({ id: 'PublicCapacityNotice' });
export type PublicCapacityNotice = z.infer<typeof ZPublicCapacityNotice>;

/** The receipt of an objection: nothing of it or of any other objection is given back. */
export const ZObjectionReceipt = z
  .object({
    id: z.uuid().describe('受理编号'),
    createdAt: ZInstant,
    message: z.string().describe('受理说明'),
  })
  .meta({ id: 'CapacityObjectionReceipt' });
export type ObjectionReceipt = z.infer<typeof ZObjectionReceipt>;

// ── the association (internal) ───────────────────────────────────────────────────────────────────

export const ZNoticeResult = z
  .object({
    applicationId: z.uuid(),
    societyName: z.string(),
    typeCode: z.string(),
    typeName: z.string(),
    projectTitle: z.string(),
    scoreText: z.string().nullable(),
    awardFen: z.number().int().nullable(),
    status: ZApplicationStatus,
    statusLabel: z.string(),
    pendingObjections: z.number().int().describe('针对该项目（或整个公示）的待处理异议数'),
    upheldObjections: z.number().int().describe('成立的异议数'),
    evaluationOutcome: z.enum(evaluationNoticeOutcomes).nullable().describe('评估结果公示结束后：cleared 无异议（可拨付资金），upheld 异议成立（不予拨付）；评审结果公示为空'),
    evaluationOutcomeLabel: z.string().nullable(),
  })
  .meta({ id: 'CapacityNoticeResult' });
export type NoticeResult = z.infer<typeof ZNoticeResult>;

export const objectionActions = ['handle', 'viewContact'] as const;
export const ZCapacityObjection = z
  .object({
    id: z.uuid(),
    applicationId: z.uuid().nullable().describe('所针对的项目；为空表示针对整个公示'),
    projectTitle: z.string().nullable(),
    societyName: z.string().nullable(),
    content: z.string().describe('异议内容'),
    nameMasked: z.string().nullable().describe('提出人（部分隐去）'),
    contactMasked: z.string().describe('联系方式（部分隐去；完整信息查看留痕）'),
    status: ZObjectionStatus,
    statusLabel: z.string(),
    outcomeReason: z.string().nullable().describe('处理理由'),
    handledByName: z.string().nullable(),
    handledAt: ZInstant.nullable(),
    createdAt: ZInstant,
    rowVersion: z.number().int(),
    actions: z.array(z.enum(objectionActions)).describe('handle 处理异议，viewContact 查看完整联系方式（留痕）'),
  })
  .meta({ id: 'CapacityObjection' });
export type CapacityObjection = z.infer<typeof ZCapacityObjection>;

const noticeFields = {
  id: z.uuid(),
  callId: z.uuid(),
  callTitle: z.string(),
  programmeId: z.uuid(),
  programmeName: z.string(),
  associationName: z.string(),
  kind: ZNoticeKind,
  kindLabel: z.string(),
  title: z.string(),
  startsOn: ZDayText,
  endsOn: ZDayText,
  status: ZNoticeStatus,
  statusLabel: z.string(),
  acceptsObjections: z.boolean(),
  resultCount: z.number().int(),
  pendingObjections: z.number().int(),
  objectionCount: z.number().int(),
  publishedAt: ZInstant,
  publishedByName: z.string().nullable(),
  closedAt: ZInstant.nullable(),
  rowVersion: z.number().int(),
};

export const ZCapacityNoticeSummary = z.object(noticeFields).meta({ id: 'CapacityNoticeSummary' });
export type CapacityNoticeSummary = z.infer<typeof ZCapacityNoticeSummary>;

export const ZCapacityNotice = z
  .object({ ...noticeFields, body: z.string(), results: z.array(ZNoticeResult), objections: z.array(ZCapacityObjection) })
  .meta({ id: 'CapacityNotice' });
export type CapacityNotice = z.infer<typeof ZCapacityNotice>;

/** A call's notices (one result notice, any number of evaluation notices), with what the actor may do. */
export const ZCapacityNoticeList = all(ZCapacityNoticeSummary).extend({
  actions: z.array(z.enum(['publishResult', 'publishEvaluation'])).describe('publishResult：可发布评审结果公示；publishEvaluation：有待公示的评估结果，可发布评估结果公示'),
  undecided: z.number().int().describe('尚未确定评审结果的申报数（形式审查通过、专家评审中或评审完成）'),
  selected: z.number().int().describe('拟资助的申报数'),
  periodDays: z.number().int().describe('评审结果公示的公示期（天，方案的政策参数）'),
  clause: z.string().describe('评审结果公示的依据（方案的条款）'),
  evaluationsReady: z.number().int().describe('已确定通过评估、尚未公示的项目数'),
  evaluationPeriodDays: z.number().int().describe('评估结果公示的公示期（天，方案的政策参数）'),
});
export type CapacityNoticeList = z.infer<typeof ZCapacityNoticeList>;

/** The objector's name and contact, for the staff who handle it (every view audited). */
export const ZObjectionPersonalData = z
  .object({ name: z.string().nullable(), contact: z.string() })
  .meta({ id: 'CapacityObjectionPersonalData' });
export type ObjectionPersonalData = z.infer<typeof ZObjectionPersonalData>;
