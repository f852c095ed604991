// SUP-2: what the API answers for a milestone (关键节点), with the actions the reading user may take now.
import type { Actor } from '../../platform/actor.js';
import { isOverdue, milestoneLifecycle, type MilestoneState } from '../../../domain/supervision/milestone.rules.js';
import type { Milestone } from '../../../contract/implementation.js';
import type { ProjectInScope } from '../projects/projects.js';
import type { MilestoneRecord } from './milestones.js';
import { mayAct } from './supervision-guards.js';

export function milestoneView(m: MilestoneRecord & { reportCount: number }, project: ProjectInScope, actor: Actor, today: string): Milestone {
  const status = m.status as MilestoneState;
  const actions: Milestone['actions'] = [];
  if (status === 'open' && mayAct(actor, project, ['society'], 'supervision.report')) actions.push('report');
  return {
    id: m.id,
    projectId: m.projectId,
    position: m.position,
    name: m.name,
    dueOn: m.dueOn,
    deliverable: m.deliverable,
    status,
    statusLabel: milestoneLifecycle.states[status] ?? m.status,
    overdue: isOverdue({ id: m.id, dueOn: m.dueOn, status }, [], today),
    overdueAlertedAt: m.overdueAlertedAt?.toISOString() ?? null,
    taskBookVersion: m.taskBookVersion,
    completedAt: m.completedAt?.toISOString() ?? null,
    completedByReportId: m.completedByReportId,
    cancelledAt: m.cancelledAt?.toISOString() ?? null,
    reportCount: m.reportCount,
    actions,
  };
}
