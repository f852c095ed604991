// SUP-1: what the API answers for an implementation plan version and for a project's versions,
// with the actions the reading user may take now.
import type { Actor } from '../../platform/actor.js';
import { planLifecycle, planSubmissionRefusal, type PlanContent, type PlanState } from '../../../domain/supervision/plan.lifecycle.js';
import type { ImplementationPlan, ImplementationPlanList } from '../../../contract/implementation.js';
import type { ProjectInScope } from '../projects/projects.js';
import type { PlanRow } from './plans.js';
import { mayAct } from './supervision-guards.js';
import { pickRefs, type AttachmentRef } from './supervision-attachments.js';

export function planView(plan: PlanRow, project: ProjectInScope, actor: Actor, refs: Map<string, AttachmentRef>): ImplementationPlan {
  const status = plan.status as PlanState;
  const actions: ImplementationPlan['actions'] = [];
  if (status === 'submitted' && mayAct(actor, project, ['department'], 'supervision.decide')) actions.push('approve', 'return');
  return {
    id: plan.id,
    projectId: plan.projectId,
    version: plan.version,
    status,
    statusLabel: planLifecycle.states[status] ?? plan.status,
    content: plan.content as PlanContent,
    revisionNote: plan.revisionNote,
    attachments: pickRefs(refs, plan.attachmentIds),
    submittedByName: plan.submittedByName,
    submittedAt: plan.submittedAt.toISOString(),
    decidedByName: plan.decidedByName,
    decidedAt: plan.decidedAt?.toISOString() ?? null,
    decisionComment: plan.decisionComment,
    rowVersion: plan.rowVersion,
    actions,
  };
}

/** Every version (newest first; `plans` come oldest first) and whether the society may submit now. */
export function planListView(plans: PlanRow[], project: ProjectInScope, actor: Actor, refs: Map<string, AttachmentRef>): ImplementationPlanList {
  const latest = plans.at(-1);
  const actions: ImplementationPlanList['actions'] = [];
  if (mayAct(actor, project, ['society'], 'supervision.report') && planSubmissionRefusal((latest?.status as PlanState | undefined) ?? null) === null) actions.push('submit');
  return {
    items: [...plans].reverse().map((x) => planView(x, project, actor, refs)),
    nextCursor: null,
    inForceId: plans.find((x) => x.status === 'approved')?.id ?? null,
    pendingId: plans.find((x) => x.status === 'submitted')?.id ?? null,
    myParty: project.party,
    actions,
  };
}
