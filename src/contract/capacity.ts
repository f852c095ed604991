// The capacity-improvement plan (issue 13): CAP-1 the yearly call (申报通知) — as the association and
// the finance bureau work on it, and as the public portal's 通知公告 shows it (PUB-1).
import { z } from 'zod';
import { ZDayText, ZInstant, page } from './common.js';
import { ZProgrammeStatus } from './programmes.js';
import { callStates } from '../domain/capacity/call.js';

export const ZCallStatus = z.enum(callStates).describe('申报通知状态：draft 草稿，pendingConfirmation 待财政局确认，confirmed 财政局已确认，published 已发布，closed 已截止');
export type CallStatus = z.infer<typeof ZCallStatus>;

/** A project type the call offers, with the programme's name and kind of the type. */
export const ZCallTypeView = z
  .object({
    code: z.string().describe('方案的项目类型编码'),
    name: z.string().describe('项目类型名称'),
    quota: z.number().int().describe('奖励名额'),
    awardFen: z.number().int().describe('资助标准（分）'),
  })
  .meta({ id: 'CapacityCallType' });
export type CallTypeView = z.infer<typeof ZCallTypeView>;

export const callActions = ['edit', 'submit', 'withdraw', 'confirm', 'return', 'publish', 'close'] as const;

/** The call as the association and the finance bureau read it. */
export const ZCapacityCall = z
  .object({
    id: z.uuid(),
    programmeId: z.uuid(),
    programmeName: z.string(),
    programmeStatus: ZProgrammeStatus,
    associationId: z.uuid(),
    associationName: z.string().describe('发布通知的科协'),
    year: z.number().int(),
    title: z.string(),
    description: z.string(),
    contact: z.string().nullable(),
    budgetFen: z.number().int().describe('年度预算（分）'),
    totalAwardFen: z.number().int().describe('各类型名额×资助标准合计（分）'),
    fundCode: z.string(),
    fundName: z.string().describe('资金来源（方案的专项资金）'),
    opensOn: ZDayText,
    closesOn: ZDayText,
    types: z.array(ZCallTypeView),
    status: ZCallStatus,
    statusLabel: z.string(),
    coManagedByFinance: z.boolean().describe('方案规定由财政局共同管理：发布前须经财政局确认'),
    submittedAt: ZInstant.nullable(),
    confirmedAt: ZInstant.nullable(),
    confirmedByName: z.string().nullable().describe('确认的财政局经办人'),
    confirmedOrgName: z.string().nullable().describe('确认的财政局'),
    returnComment: z.string().nullable().describe('财政局最近一次退回的意见'),
    publishedAt: ZInstant.nullable(),
    closedAt: ZInstant.nullable(),
    createdAt: ZInstant,
    updatedAt: ZInstant,
    rowVersion: z.number().int(),
    actions: z.array(z.enum(callActions)).describe('当前用户可执行的操作：edit 修改，submit 提交财政局确认，withdraw 撤回修改，confirm 确认，return 退回，publish 发布，close 截止'),
  })
  .meta({ id: 'CapacityCall' });
export type CapacityCall = z.infer<typeof ZCapacityCall>;

export const ZCapacityCallPage = page(ZCapacityCall).extend({ actions: z.array(z.enum(['create'])).describe('create：可新建申报通知') });
export type CapacityCallPage = z.infer<typeof ZCapacityCallPage>;

// ── the portal (PUB-1): published and closed calls, no internal fields ────────────────────────────

const publicCallFields = {
  id: z.uuid(),
  programmeId: z.uuid(),
  programmeName: z.string(),
  associationId: z.uuid(),
  associationName: z.string(),
  year: z.number().int(),
  title: z.string(),
  budgetFen: z.number().int().describe('年度预算（分）'),
  opensOn: ZDayText,
  closesOn: ZDayText,
  status: z.enum(['published', 'closed']).describe('published 受理中，closed 已截止'),
  statusLabel: z.string(),
  publishedAt: ZInstant,
};
export const ZPublicCapacityCallSummary = z.object(publicCallFields).meta({ id: 'PublicCapacityCallSummary' });
export type PublicCapacityCallSummary = z.infer<typeof ZPublicCapacityCallSummary>;
export const ZPublicCapacityCallPage = page(ZPublicCapacityCallSummary);
export type PublicCapacityCallPage = z.infer<typeof ZPublicCapacityCallPage>;
export const ZPublicCapacityCall = z
  .object({ ...publicCallFields, description: z.string(), contact: z.string().nullable(), fundName: z.string(), types: z.array(ZCallTypeView) })
  .meta({ id: 'PublicCapacityCall' });
export type PublicCapacityCall = z.infer<typeof ZPublicCapacityCall>;
