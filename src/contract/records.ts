// Programme records (PRG-3: meetings, work briefings, stage reports) and what associations disclose on
// the public portal (PUB-1: briefings, pilot projects' progress): issue 12 §1.
import { z } from 'zod';
import { ZAttachmentRef, ZDayText, ZInstant, all, page } from './common.js';
import { ZProgrammeStatus } from './programmes.js';
import { meetingKinds, stageReportStates } from '../domain/supervision/programme-record.js';
import { disclosureStates } from '../domain/supervision/disclosure.lifecycle.js';

/** The programme a records page is about, and where its stage reports go. */
export const ZRecordsProgramme = z
  .object({
    id: z.uuid(),
    name: z.string(),
    status: ZProgrammeStatus,
    associationId: z.uuid(),
    associationName: z.string().describe('制定方案、填写工作记录的科协'),
    parentAssociationId: z.uuid().nullable().describe('上一级科协（阶段报告报送单位）；不在本平台时为 null'),
    parentAssociationName: z.string().nullable(),
    stageReportDue: z.string().nullable().describe('方案规定的阶段报告每年报送期限（MM-DD）；未规定为 null'),
  })
  .meta({ id: 'RecordsProgramme' });
export type RecordsProgramme = z.infer<typeof ZRecordsProgramme>;

/** A programme the user may keep or read records of (the page's picker). */
export const ZRecordsProgrammeOption = z
  .object({
    id: z.uuid(),
    name: z.string(),
    year: z.number().int(),
    status: ZProgrammeStatus,
    associationId: z.uuid(),
    associationName: z.string(),
    mine: z.boolean().describe('本单位的方案（本单位填写其工作记录）'),
  })
  .meta({ id: 'RecordsProgrammeOption' });
export type RecordsProgrammeOption = z.infer<typeof ZRecordsProgrammeOption>;
export const ZRecordsProgrammeOptions = all(ZRecordsProgrammeOption);
export type RecordsProgrammeOptions = z.infer<typeof ZRecordsProgrammeOptions>;

/** What a list of records says the caller may start. */
const ZCreateActions = z.array(z.enum(['create'])).describe('create：可新增记录');
const listOf = <T extends z.ZodType>(item: T) => all(item).extend({ programme: ZRecordsProgramme, actions: ZCreateActions });

// ── meetings ────────────────────────────────────────────────────────────────────────────────────

export const ZMeetingDecisionView = z.object({
  text: z.string(),
  owner: z.string().nullable().optional().describe('责任单位'),
  dueOn: ZDayText.nullable().optional().describe('完成时限'),
});

export const ZMeeting = z
  .object({
    id: z.uuid(),
    programmeId: z.uuid(),
    kind: z.enum(meetingKinds).describe('leadingGroup 领导小组会议，regular 工作例会'),
    kindLabel: z.string(),
    title: z.string(),
    heldOn: ZDayText,
    location: z.string().nullable(),
    attendees: z.array(z.string()),
    minutes: z.string(),
    decisions: z.array(ZMeetingDecisionView).describe('议定事项'),
    attachments: z.array(ZAttachmentRef),
    recordedAt: ZInstant,
    rowVersion: z.number().int(),
    actions: z.array(z.enum(['edit'])).describe('edit：可修改'),
  })
  .meta({ id: 'Meeting' });
export type Meeting = z.infer<typeof ZMeeting>;
export const ZMeetingList = listOf(ZMeeting);
export type MeetingList = z.infer<typeof ZMeetingList>;

// ── briefings ───────────────────────────────────────────────────────────────────────────────────

export const ZDisclosure = z.enum(disclosureStates).describe('门户公开：internal 未公开，published 已公开，withdrawn 已撤回公开');

export const ZBriefing = z
  .object({
    id: z.uuid(),
    programmeId: z.uuid(),
    issueNo: z.number().int().describe('期号'),
    title: z.string(),
    issuedOn: ZDayText,
    body: z.string(),
    disclosure: ZDisclosure,
    disclosureLabel: z.string(),
    publishedAt: ZInstant.nullable(),
    withdrawnAt: ZInstant.nullable(),
    attachments: z.array(ZAttachmentRef),
    createdAt: ZInstant,
    updatedAt: ZInstant,
    rowVersion: z.number().int(),
    actions: z.array(z.enum(['edit', 'publish', 'withdrawDisclosure'])).describe('edit 修改，publish 在门户公开，withdrawDisclosure 撤回公开'),
  })
  .meta({ id: 'Briefing' });
export type Briefing = z.infer<typeof ZBriefing>;
export const ZBriefingList = listOf(ZBriefing).extend({ nextIssueNo: z.number().int().describe('下一期的期号') });
export type BriefingList = z.infer<typeof ZBriefingList>;

// ── stage reports ───────────────────────────────────────────────────────────────────────────────

export const ZStageReport = z
  .object({
    id: z.uuid(),
    programmeId: z.uuid(),
    programmeName: z.string(),
    associationId: z.uuid().describe('报送的科协'),
    associationName: z.string(),
    recipientId: z.uuid().nullable().describe('接收的上一级科协；不在本平台时为 null'),
    recipientName: z.string().nullable(),
    year: z.number().int(),
    period: z.string().describe('报告期，如“上半年”'),
    dueOn: ZDayText.nullable(),
    title: z.string(),
    body: z.string(),
    status: z.enum(stageReportStates).describe('draft 起草中，submitted 已报送'),
    statusLabel: z.string(),
    late: z.boolean().describe('已过报送期限（未报送或逾期报送）'),
    submittedAt: ZInstant.nullable(),
    attachments: z.array(ZAttachmentRef),
    createdAt: ZInstant,
    rowVersion: z.number().int(),
    actions: z.array(z.enum(['edit', 'submit'])).describe('edit 修改，submit 报送'),
  })
  .meta({ id: 'StageReport' });
export type StageReport = z.infer<typeof ZStageReport>;
export const ZStageReportList = listOf(ZStageReport);
export type StageReportList = z.infer<typeof ZStageReportList>;
/** The stage reports the associations below submitted to the caller's association, newest first. */
export const ZReceivedStageReports = page(ZStageReport);

// ── public disclosure (PUB-1) ───────────────────────────────────────────────────────────────────

const publicBriefingFields = {
  id: z.uuid(),
  programmeId: z.uuid(),
  programmeName: z.string(),
  associationId: z.uuid(),
  associationName: z.string(),
  issueNo: z.number().int(),
  title: z.string(),
  issuedOn: ZDayText,
  publishedAt: ZInstant.nullable(),
};
/** A disclosed briefing as the portal lists it: the first 160 characters as its summary. */
export const ZPublicBriefingSummary = z.object({ ...publicBriefingFields, summary: z.string().describe('正文开头（至多 160 字）') }).meta({ id: 'PublicBriefingSummary' });
export type PublicBriefingSummary = z.infer<typeof ZPublicBriefingSummary>;
export const ZPublicBriefingPage = page(ZPublicBriefingSummary);
export type PublicBriefingPage = z.infer<typeof ZPublicBriefingPage>;
/** A disclosed briefing in full. */
export const ZPublicBriefing = z.object({ ...publicBriefingFields, body: z.string() }).meta({ id: 'PublicBriefing' });
export type PublicBriefing = z.infer<typeof ZPublicBriefing>;

/** A pilot project's progress report the association chose to disclose. */
export const ZPublicProgress = z
  .object({
    id: z.uuid(),
    projectId: z.uuid(),
    projectTitle: z.string(),
    programmeId: z.uuid(),
    programmeName: z.string(),
    societyId: z.uuid(),
    societyName: z.string().describe('承接学会'),
    departmentId: z.uuid(),
    departmentName: z.string().describe('委托的政府部门'),
    title: z.string(),
    summary: z.string().describe('科协公开的摘要；未写摘要时为报告正文'),
    milestoneId: z.uuid().nullable(),
    milestoneName: z.string().nullable(),
    completesMilestone: z.boolean(),
    submittedAt: ZInstant,
    publishedAt: ZInstant.nullable(),
  })
  .meta({ id: 'PublicProgress' });
export type PublicProgress = z.infer<typeof ZPublicProgress>;
export const ZPublicProgressPage = page(ZPublicProgress);
export type PublicProgressPage = z.infer<typeof ZPublicProgressPage>;
