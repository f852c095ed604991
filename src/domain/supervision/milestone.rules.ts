// SUP-2: milestones (关键节点) come from the schedule (进度安排) of the task book in force; the
// society reports progress against them; a milestone past its due date without a completing
// report is overdue, and the alert job tells the three parties once per due date (002 §5 关键节点控制).
//
// When a new task book version comes into force (SUP-5, after all three have signed it) the
// milestones are reconciled with its schedule BY NAME (`reconcileMilestones`):
//   - completed milestones are kept exactly as they are (a reported node is history), whether or not
//     the new schedule still names them;
//   - an open milestone whose name is still in the schedule is updated (due date, deliverable,
//     position, source version); a changed due date clears the overdue alert so the new date can
//     alert again;
//   - an open milestone whose name is gone is cancelled (kept, marked cancelled);
//   - a schedule entry whose name matches no kept milestone is inserted (cancelled rows are not
//     revived: a returning name gets a new row).
// Names are compared trimmed; a name that appears twice pairs the n-th entry with the n-th
// milestone of that name in schedule order.
import { defineLifecycle } from '../lifecycle.js';

export const milestoneStates = ['open', 'completed', 'cancelled'] as const;
export type MilestoneState = (typeof milestoneStates)[number];
export type MilestoneEvent = 'reschedule' | 'complete' | 'cancel';

export const milestoneLifecycle = defineLifecycle<MilestoneState, MilestoneEvent>({
  states: { open: '未完成', completed: '已完成', cancelled: '已取消' },
  events: {
    reschedule: { from: ['open'], to: 'open', label: '按新版本任务书调整' },
    // a progress report that declares the node complete
    complete: { from: ['open'], to: 'completed', label: '报告完成' },
    // gone from the schedule of the task book in force, or the project was terminated
    cancel: { from: ['open'], to: 'cancelled', label: '取消' },
  },
});

/** One entry of a task book's `project.schedule`. */
export interface ScheduleEntry {
  name: string;
  dueOn: string;
  deliverable?: string | null;
}

/** A milestone to insert. `position` is its index in the schedule (the display order). */
export interface MilestoneDraft {
  name: string;
  dueOn: string;
  deliverable: string | null;
  position: number;
}

/** A stored milestone as the rules read it. */
export interface MilestoneRow {
  id: string;
  name: string;
  dueOn: string;
  deliverable: string | null;
  position: number;
  status: MilestoneState;
}

/** SUP-2: the milestones of a schedule, in order (names trimmed, empty deliverables as null). */
export function milestonesFromSchedule(schedule: readonly ScheduleEntry[] | null | undefined): MilestoneDraft[] {
  return (schedule ?? []).map((e, position) => ({
    name: e.name.trim(),
    dueOn: e.dueOn,
    deliverable: e.deliverable?.trim() ? e.deliverable.trim() : null,
    position,
  }));
}

export interface MilestoneUpdate {
  id: string;
  dueOn: string;
  deliverable: string | null;
  position: number;
  /** the due date changed: set `overdue_alerted_at` back to null */
  resetAlert: boolean;
}

export interface MilestonePlan {
  insert: MilestoneDraft[];
  /** open milestones matched by name (also when nothing but the source version changes) */
  update: MilestoneUpdate[];
  /** open milestones no longer in the schedule */
  cancel: string[];
  /** completed milestones, kept unchanged */
  keep: string[];
}

/** SUP-2 + SUP-5: what to do with a project's milestones when a new schedule comes into force. */
export function reconcileMilestones(existing: readonly MilestoneRow[], schedule: readonly ScheduleEntry[] | null | undefined): MilestonePlan {
  const drafts = milestonesFromSchedule(schedule);
  const live = existing.filter((m) => m.status !== 'cancelled').sort((a, b) => a.position - b.position);
  const byName = new Map<string, MilestoneRow[]>();
  for (const m of live) {
    const key = m.name.trim();
    byName.set(key, [...(byName.get(key) ?? []), m]);
  }
  const plan: MilestonePlan = { insert: [], update: [], cancel: [], keep: [] };
  const matched = new Set<string>();
  for (const d of drafts) {
    const m = byName.get(d.name)?.shift();
    if (!m) {
      plan.insert.push(d);
      continue;
    }
    matched.add(m.id);
    if (m.status === 'completed') plan.keep.push(m.id);
    else plan.update.push({ id: m.id, dueOn: d.dueOn, deliverable: d.deliverable, position: d.position, resetAlert: d.dueOn !== m.dueOn });
  }
  for (const m of live) {
    if (matched.has(m.id)) continue;
    if (m.status === 'completed') plan.keep.push(m.id);
    else plan.cancel.push(m.id);
  }
  return plan;
}

/** A progress report as the overdue rule reads it. */
export interface ReportRef {
  milestoneId: string | null;
  completesMilestone: boolean;
}

/**
 * SUP-2: a milestone is overdue from the day after its due date while it is open and no progress
 * report has declared it complete. `today` is the China calendar day (YYYY-MM-DD).
 */
export function isOverdue(milestone: Pick<MilestoneRow, 'id' | 'dueOn' | 'status'>, reports: readonly ReportRef[], today: string): boolean {
  if (milestone.status !== 'open') return false;
  if (reports.some((r) => r.milestoneId === milestone.id && r.completesMilestone)) return false;
  return milestone.dueOn < today;
}

/** The overdue milestones of a list, in due-date order. */
export function overdueMilestones<M extends Pick<MilestoneRow, 'id' | 'dueOn' | 'status'>>(milestones: readonly M[], reports: readonly ReportRef[], today: string): M[] {
  return milestones.filter((m) => isOverdue(m, reports, today)).sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0));
}
