import { describe, expect, it } from 'vitest';
import { DomainError, allowedEvents, transition } from '../lifecycle.js';
import { isOverdue, milestoneLifecycle, milestonesFromSchedule, overdueMilestones, reconcileMilestones, type MilestoneRow } from './milestone.rules.js';
import { ZAcknowledgeInput, ZProgressReportInput, progressDisclosureRefusal, progressReportLifecycle, progressReportProblems } from './progress-report.lifecycle.js';
import { disclosureLifecycle, ZWithdrawDisclosureInput } from './disclosure.lifecycle.js';

const schedule = [
  { name: ' 完成立项 ', dueOn: '2027-01-31', deliverable: '立项批复' },
  { name: '征求意见', dueOn: '2027-05-31', deliverable: ' ' },
  { name: '发布标准', dueOn: '2027-10-31' },
];

const row = (id: string, name: string, dueOn: string, position: number, status: MilestoneRow['status'] = 'open'): MilestoneRow => ({ id, name, dueOn, deliverable: null, position, status });

describe('milestones from a task book schedule (SUP-2)', () => {
  it('keeps the order, trims names, and reads empty deliverables as null', () => {
    expect(milestonesFromSchedule(schedule)).toEqual([
      { name: '完成立项', dueOn: '2027-01-31', deliverable: '立项批复', position: 0 },
      { name: '征求意见', dueOn: '2027-05-31', deliverable: null, position: 1 },
      { name: '发布标准', dueOn: '2027-10-31', deliverable: null, position: 2 },
    ]);
  });
  it('gives none for a missing schedule', () => {
    expect(milestonesFromSchedule(null)).toEqual([]);
    expect(milestonesFromSchedule(undefined)).toEqual([]);
  });
});

describe('overdue milestones (SUP-2)', () => {
  const m = row('m1', '完成立项', '2027-01-31', 0);
  it('is not overdue on its due date, overdue the day after', () => {
    expect(isOverdue(m, [], '2027-01-31')).toBe(false);
    expect(isOverdue(m, [], '2027-02-01')).toBe(true);
  });
  it('is not overdue once a report declares it complete', () => {
    expect(isOverdue(m, [{ milestoneId: 'm1', completesMilestone: true }], '2027-03-01')).toBe(false);
  });
  it('stays overdue with a report that does not complete it, or a report on another milestone', () => {
    expect(isOverdue(m, [{ milestoneId: 'm1', completesMilestone: false }], '2027-03-01')).toBe(true);
    expect(isOverdue(m, [{ milestoneId: 'm2', completesMilestone: true }, { milestoneId: null, completesMilestone: false }], '2027-03-01')).toBe(true);
  });
  it('is never overdue when completed or cancelled', () => {
    expect(isOverdue({ ...m, status: 'completed' }, [], '2030-01-01')).toBe(false);
    expect(isOverdue({ ...m, status: 'cancelled' }, [], '2030-01-01')).toBe(false);
  });
  it('lists the overdue ones by due date', () => {
    const list = [row('b', 'B', '2027-03-01', 1), row('a', 'A', '2027-02-01', 0), row('c', 'C', '2027-12-01', 2)];
    expect(overdueMilestones(list, [], '2027-06-01').map((x) => x.id)).toEqual(['a', 'b']);
  });
});

describe('milestones when a new task book version comes into force (SUP-2, SUP-5)', () => {
  const existing = [
    row('m1', '完成立项', '2027-01-31', 0, 'completed'),
    row('m2', '征求意见', '2027-05-31', 1),
    row('m3', '发布标准', '2027-10-31', 2),
    row('m0', '旧节点', '2026-12-31', 3, 'cancelled'),
  ];
  it('keeps completed ones, updates matched open ones, cancels missing ones, inserts new ones', () => {
    const plan = reconcileMilestones(existing, [
      { name: '完成立项', dueOn: '2027-02-28' }, // completed: kept as it was, even with a new date
      { name: '征求意见', dueOn: '2027-06-30', deliverable: '意见汇总' }, // rescheduled
      { name: '宣贯培训', dueOn: '2027-11-30' }, // new
    ]);
    expect(plan.keep).toEqual(['m1']);
    expect(plan.update).toEqual([{ id: 'm2', dueOn: '2027-06-30', deliverable: '意见汇总', position: 1, resetAlert: true }]);
    expect(plan.cancel).toEqual(['m3']);
    expect(plan.insert).toEqual([{ name: '宣贯培训', dueOn: '2027-11-30', deliverable: null, position: 2 }]);
  });
  it('keeps a completed milestone the new schedule no longer names', () => {
    const plan = reconcileMilestones(existing, [{ name: '发布标准', dueOn: '2027-10-31' }]);
    expect(plan.keep).toEqual(['m1']);
    expect(plan.cancel).toEqual(['m2']);
    expect(plan.update).toEqual([{ id: 'm3', dueOn: '2027-10-31', deliverable: null, position: 0, resetAlert: false }]);
  });
  it('does not revive a cancelled milestone: a returning name is inserted anew', () => {
    const plan = reconcileMilestones(existing, [{ name: '旧节点', dueOn: '2027-12-31' }]);
    expect(plan.insert.map((d) => d.name)).toEqual(['旧节点']);
  });
  it('pairs repeated names in schedule order', () => {
    const twice = [row('x1', '季度报告', '2027-03-31', 0), row('x2', '季度报告', '2027-06-30', 1)];
    const plan = reconcileMilestones(twice, [
      { name: '季度报告', dueOn: '2027-03-31' },
      { name: '季度报告', dueOn: '2027-07-31' },
      { name: '季度报告', dueOn: '2027-09-30' },
    ]);
    expect(plan.update.map((u) => [u.id, u.dueOn, u.resetAlert])).toEqual([
      ['x1', '2027-03-31', false],
      ['x2', '2027-07-31', true],
    ]);
    expect(plan.insert).toEqual([{ name: '季度报告', dueOn: '2027-09-30', deliverable: null, position: 2 }]);
  });
  it('inserts every entry for a project without milestones', () => {
    expect(reconcileMilestones([], schedule).insert).toHaveLength(3);
  });
});

describe('milestone lifecycle (SUP-2)', () => {
  it('completes, cancels and reschedules an open milestone', () => {
    expect(transition(milestoneLifecycle, 'open', 'complete')).toBe('completed');
    expect(transition(milestoneLifecycle, 'open', 'cancel')).toBe('cancelled');
    expect(transition(milestoneLifecycle, 'open', 'reschedule')).toBe('open');
  });
  it('refuses to touch a completed or cancelled milestone', () => {
    expect(() => transition(milestoneLifecycle, 'completed', 'complete')).toThrow('“已完成”状态下不能报告完成');
    expect(() => transition(milestoneLifecycle, 'completed', 'cancel')).toThrowError(DomainError);
    expect(allowedEvents(milestoneLifecycle, 'cancelled')).toEqual([]);
  });
});

describe('progress reports (SUP-2)', () => {
  const id = '7d3e3c0e-4a8e-4d4c-9d2a-7f0f3b1a2c3d';
  it('acknowledges a submitted report once', () => {
    expect(transition(progressReportLifecycle, 'submitted', 'acknowledge')).toBe('acknowledged');
    expect(() => transition(progressReportLifecycle, 'acknowledged', 'acknowledge')).toThrow('“已阅”状态下不能确认已阅');
  });
  it('needs a milestone to declare one complete', () => {
    const r = ZProgressReportInput.safeParse({ title: '一季度进展', body: '已完成立项', completesMilestone: true });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].message).toBe('报告节点完成时请选择关键节点');
    expect(ZProgressReportInput.parse({ title: '一季度进展', body: '进展', milestoneId: id, completesMilestone: true }).milestoneId).toBe(id);
    expect(ZProgressReportInput.parse({ title: '总体进展', body: '进展' })).toMatchObject({ milestoneId: null, completesMilestone: false, attachmentIds: [] });
  });
  it('refuses reports on unknown or cancelled milestones and completing a completed one', () => {
    expect(progressReportProblems({ milestoneId: null, completesMilestone: false }, undefined)).toEqual([]);
    expect(progressReportProblems({ milestoneId: id, completesMilestone: false }, undefined)[0].message).toBe('该项目没有这个关键节点');
    expect(progressReportProblems({ milestoneId: id, completesMilestone: false }, 'cancelled')[0].message).toBe('该关键节点已取消');
    expect(progressReportProblems({ milestoneId: id, completesMilestone: true }, 'completed')[0].path).toBe('completesMilestone');
    expect(progressReportProblems({ milestoneId: id, completesMilestone: false }, 'completed')).toEqual([]);
    expect(progressReportProblems({ milestoneId: id, completesMilestone: true }, 'open')).toEqual([]);
  });
  it('discloses only acknowledged reports, and publishes, withdraws and republishes', () => {
    expect(progressDisclosureRefusal('submitted')).toMatch('已阅');
    expect(progressDisclosureRefusal('acknowledged')).toBeNull();
    expect(transition(disclosureLifecycle, 'internal', 'publish')).toBe('published');
    expect(transition(disclosureLifecycle, 'published', 'withdraw')).toBe('withdrawn');
    expect(transition(disclosureLifecycle, 'withdrawn', 'publish')).toBe('published');
    expect(() => transition(disclosureLifecycle, 'internal', 'withdraw')).toThrow('“未公开”状态下不能撤回公开');
    expect(() => transition(disclosureLifecycle, 'published', 'publish')).toThrowError(DomainError);
  });
  it('validates acknowledgement and withdrawal inputs', () => {
    expect(ZAcknowledgeInput.parse({})).toEqual({});
    expect(ZWithdrawDisclosureInput.safeParse({ reason: '' }).error?.issues[0].message).toBe('请填写撤回公开的原因');
  });
});
