// SUP-1…SUP-8, PRG-3: what the supervision records share — input building blocks with Chinese
// messages, the project states in which supervision runs, and date helpers (money: ../money.ts).
// Pure TypeScript + Zod; dates are China calendar days as YYYY-MM-DD, money is integer fen.
import { z } from 'zod';
import { calendarDay } from '../calendar-day.js';
import type { ProjectStatus } from '../projects/project.status.js';
import { projectStatusLabel } from '../projects/project.status.js';
import type { SupervisionMeasure } from '../programme/programme.types.js';

/** Required text, trimmed, with a Chinese message naming the field. */
export const text = (max: number, what: string) => z.string().trim().min(1, `请填写${what}`).max(max, `${what}不能超过 ${max} 个字`);
/** Optional text (null or absent when not given). */
export const optText = (max: number, what: string) => z.string().trim().max(max, `${what}不能超过 ${max} 个字`).nullable().optional();

/** A real calendar day written YYYY-MM-DD, inside the platform's range (calendar-day.ts). */
export const day = (what: string) => calendarDay(what);

/** ids of uploaded attachments (the API checks they exist and belong to the actor's organisation). */
export const ZAttachmentIds = z
  .array(z.uuid('附件编号格式不正确'))
  .max(20, '附件不能超过 20 个')
  .refine((ids) => new Set(ids).size === ids.length, '附件重复')
  .default([]);

/** A person on a panel or a list (name and employer). */
export const ZPerson = z
  .object({
    name: text(40, '姓名'),
    employer: text(100, '工作单位'),
    title: optText(60, '职务/职称'),
    /** the platform user, when the person has an account (e.g. an expert) */
    userId: z.uuid('用户编号格式不正确').nullable().optional(),
  })
  .strict();
export type Person = z.infer<typeof ZPerson>;

/** Approve or return with a comment (a comment is required when returning). */
export const ZReturnableDecisionInput = z
  .object({
    decision: z.enum(['approve', 'return']),
    comment: optText(2000, '意见'),
  })
  .strict()
  .refine((d) => d.decision === 'approve' || !!d.comment, { message: '退回时请填写意见', path: ['comment'] });
export type ReturnableDecisionInput = z.infer<typeof ZReturnableDecisionInput>;

/** Project states in which the society reports and the department and association supervise. */
export const supervisedProjectStatuses: readonly ProjectStatus[] = ['implementing'];

/** Refusal message when a project is not under implementation (null when it is). */
export function notImplementingRefusal(status: string): string | null {
  return supervisedProjectStatuses.includes(status as ProjectStatus) ? null : `项目当前为“${projectStatusLabel(status)}”，不在实施阶段`;
}

/** Whole days from `from` to `to` (YYYY-MM-DD, calendar days; negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * PRG-2: the supervision instrument each kind of record belongs to. A programme lists the instruments
 * it uses (`supervisionMeasures`); the platform does not refuse a record whose instrument is not
 * listed (the seeds name instruments, they do not forbid others) — the UI shows the listed ones
 * first and dims the others, a tooltip saying “本方案的监管措施未列明…”.
 */
export const recordMeasures = {
  milestone: 'milestoneControl',
  progressReport: 'progressReports',
  majorMatter: 'majorMatterApproval',
  observer: 'observers',
  inspection: 'expertInspection',
  rectification: 'rectification',
  training: 'training',
  guidance: 'regularGuidance',
  meeting: 'regularMeetings',
  briefing: 'briefings',
} as const satisfies Record<string, SupervisionMeasure>;

export function measureInUse(measures: readonly SupervisionMeasure[], record: keyof typeof recordMeasures): boolean {
  return measures.includes(recordMeasures[record]);
}

export type MeasureRecordKind = keyof typeof recordMeasures;

/** Whether a group of record kinds (a tab, a section) is listed: null when it belongs to no instrument. */
export function kindsListed(measures: readonly SupervisionMeasure[], kinds: readonly MeasureRecordKind[]): boolean | null {
  return kinds.length ? kinds.some((k) => measureInUse(measures, k)) : null;
}

/**
 * PRG-2: things (the supervision tabs of a project …) each holding records of some kinds, in the
 * order the programme's list makes: those of a listed instrument first, then the others, each group
 * in its given order (a stable partition). `listed` is null for a thing of no instrument (the plan,
 * changes …), false for one the programme does not list — the UI dims it, with the reason in a tooltip.
 */
export function orderByMeasures<T>(measures: readonly SupervisionMeasure[], things: readonly T[], kindsOf: (t: T) => readonly MeasureRecordKind[]): { item: T; listed: boolean | null }[] {
  const marked = things.map((item) => ({ item, listed: kindsListed(measures, kindsOf(item)) }));
  return [...marked.filter((m) => m.listed === true), ...marked.filter((m) => m.listed !== true)];
}

/** One line of a programme's supervision summary (the work report's 监管措施). */
export interface MeasureLine {
  measure: SupervisionMeasure;
  listed: boolean;
  /** records of the instrument's kind; null for an instrument without a record of its own (跟踪督导) */
  count: number | null;
}

/**
 * PRG-2: every instrument the programme lists, in its order, with the number of its records; then
 * the instruments it does not list that have records anyway (in the platform's order), unlisted.
 */
export function measureLines(measures: readonly SupervisionMeasure[], counts: Partial<Record<MeasureRecordKind, number>>): MeasureLine[] {
  const countOf = (m: SupervisionMeasure): number | null => {
    const kinds = (Object.keys(recordMeasures) as MeasureRecordKind[]).filter((k) => recordMeasures[k] === m);
    return kinds.length ? kinds.reduce((n, k) => n + (counts[k] ?? 0), 0) : null;
  };
  const listed = [...new Set(measures)].map((measure) => ({ measure, listed: true, count: countOf(measure) }));
  const others = (Object.values(recordMeasures) as SupervisionMeasure[])
    .filter((m, i, all) => all.indexOf(m) === i && !measures.includes(m))
    .map((measure) => ({ measure, listed: false, count: countOf(measure) }))
    .filter((l) => (l.count ?? 0) > 0);
  return [...listed, ...others];
}
