// PRG-3: programme-level work records of the association that runs a programme — leading-group and
// regular meetings (例会) with minutes and decisions (001 §5(3)), work briefings (工作简报, 001 §5(4))
// that may be disclosed on the public portal (disclosure.lifecycle.ts), and stage reports to the
// level above, due yearly on the programme's `stageReportDue` (002: 6月底前报成都市科协).
import { z } from 'zod';
import { defineLifecycle } from '../lifecycle.js';
import { ZAttachmentIds, day, optText, text } from './common.js';

// ----------------------------------------------------------------------------------------------
// Meetings
// ----------------------------------------------------------------------------------------------

export const meetingKinds = ['leadingGroup', 'regular'] as const;
export type MeetingKind = (typeof meetingKinds)[number];
export const meetingKindLabels: Record<MeetingKind, string> = { leadingGroup: '领导小组会议', regular: '工作例会' };

export const ZMeetingDecision = z
  .object({
    text: text(1000, '议定事项'),
    owner: optText(100, '责任单位'),
    dueOn: day('完成时限').nullable().optional(),
  })
  .strict();

export const ZMeetingInput = z
  .object({
    kind: z.enum(meetingKinds),
    title: text(120, '会议名称'),
    heldOn: day('会议日期'),
    location: optText(200, '地点'),
    /** attendees: units or people, one per entry */
    attendees: z.array(text(100, '参会单位或人员')).min(1, '请填写参会单位或人员').max(100, '参会单位或人员不能超过 100 项'),
    minutes: text(20000, '会议纪要'),
    decisions: z.array(ZMeetingDecision).max(50, '议定事项不能超过 50 项').default([]),
    attachmentIds: ZAttachmentIds,
  })
  .strict();
export type MeetingInput = z.infer<typeof ZMeetingInput>;

// ----------------------------------------------------------------------------------------------
// Briefings
// ----------------------------------------------------------------------------------------------

/** A briefing (工作简报); `disclose` publishes it on the portal when saved (disclosure.lifecycle.ts). */
export const ZBriefingInput = z
  .object({
    issueNo: z.int('期号应为整数').min(1, '期号应从 1 开始').max(100_000),
    title: text(120, '简报标题'),
    issuedOn: day('编发日期'),
    body: text(20000, '简报正文'),
    disclose: z.boolean().default(false),
    attachmentIds: ZAttachmentIds,
  })
  .strict();
export type BriefingInput = z.infer<typeof ZBriefingInput>;

/** The next issue number of a programme's briefings. */
export function nextIssueNo(existing: readonly number[]): number {
  return existing.reduce((m, n) => Math.max(m, n), 0) + 1;
}

// ----------------------------------------------------------------------------------------------
// Stage reports
// ----------------------------------------------------------------------------------------------

export const stageReportStates = ['draft', 'submitted'] as const;
export type StageReportState = (typeof stageReportStates)[number];

export const stageReportLifecycle = defineLifecycle<StageReportState, 'edit' | 'submit'>({
  states: { draft: '起草中', submitted: '已报送' },
  events: {
    edit: { from: ['draft'], to: 'draft', label: '修改阶段报告' },
    submit: { from: ['draft'], to: 'submitted', label: '报送上级科协' },
  },
});

export const ZStageReportInput = z
  .object({
    year: z.int('年度应为整数').min(2000, '年度不正确').max(2100, '年度不正确'),
    /** e.g. 上半年, 2026年度 */
    period: text(40, '报告期'),
    /** only when the programme sets no `stageReportDue`; otherwise computed */
    dueOn: day('报送期限').nullable().optional(),
    title: text(120, '报告标题'),
    body: text(20000, '报告正文'),
    attachmentIds: ZAttachmentIds,
  })
  .strict();
export type StageReportInput = z.infer<typeof ZStageReportInput>;

/**
 * PRG-3: the due date of a year's stage report from the programme's `stageReportDue` ('MM-DD');
 * 02-29 falls back to 02-28 in a common year. Without the parameter, the date given (or none).
 */
export function stageReportDueOn(stageReportDue: string | null, year: number, given?: string | null): string | null {
  if (!stageReportDue) return given ?? null;
  const [m, d] = stageReportDue.split('-').map(Number);
  const last = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return `${year}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** Late: submitted after the due date, or not submitted and the due date has passed. */
export function isStageReportLate(r: { dueOn: string | null; status: StageReportState; submittedOn: string | null }, today: string): boolean {
  if (!r.dueOn) return false;
  if (r.status === 'submitted') return r.submittedOn !== null && r.submittedOn > r.dueOn;
  return today > r.dueOn;
}
