// SUP-2, PUB-1: what the API answers for a progress report, with the actions the reading user may
// take now (acknowledge it; for the coordinating association, disclose it on the portal or withdraw it).
import type { Actor } from '../../platform/actor.js';
import { canTransition } from '../../../domain/lifecycle.js';
import { progressDisclosureRefusal, progressReportLifecycle, type ProgressReportState } from '../../../domain/supervision/progress-report.lifecycle.js';
import { disclosureLifecycle, type DisclosureState } from '../../../domain/supervision/disclosure.lifecycle.js';
import type { ProgressReport } from '../../../contract/implementation.js';
import type { ProjectInScope } from '../projects/projects.js';
import type { ProgressReportRow } from './progress.js';
import { mayAct, partyOrgName } from './supervision-guards.js';
import { pickRefs, type AttachmentRef } from './supervision-attachments.js';

export function progressReportView(r: ProgressReportRow & { milestoneName: string | null }, project: ProjectInScope, actor: Actor, refs: Map<string, AttachmentRef>): ProgressReport {
  const status = r.status as ProgressReportState;
  const disclosure = r.disclosure as DisclosureState;
  const actions: ProgressReport['actions'] = [];
  if (status === 'submitted' && mayAct(actor, project, ['department', 'association'], 'supervision.manage')) actions.push('acknowledge');
  // PUB-1: the coordinating association discloses acknowledged reports (whatever the project's status)
  if (project.party === 'association' && actor.permissions.has('programmeRecord.manage')) {
    if (progressDisclosureRefusal(status) === null && canTransition(disclosureLifecycle, disclosure, 'publish')) actions.push('publish');
    if (canTransition(disclosureLifecycle, disclosure, 'withdraw')) actions.push('withdrawDisclosure');
  }
  return {
    id: r.id,
    projectId: r.projectId,
    milestoneId: r.milestoneId,
    milestoneName: r.milestoneName,
    completesMilestone: r.completesMilestone,
    title: r.title,
    body: r.body,
    attachments: pickRefs(refs, r.attachmentIds),
    status,
    statusLabel: progressReportLifecycle.states[status] ?? r.status,
    submittedByName: r.submittedByName,
    submittedAt: r.submittedAt.toISOString(),
    acknowledgedAt: r.acknowledgedAt?.toISOString() ?? null,
    acknowledgedByOrgId: r.acknowledgedByOrgId,
    acknowledgedByOrgName: partyOrgName(project, r.acknowledgedByOrgId),
    acknowledgeComment: r.acknowledgeComment,
    disclosure,
    disclosureLabel: disclosureLifecycle.states[disclosure] ?? r.disclosure,
    publicSummary: r.publicSummary,
    publishedAt: r.publishedAt?.toISOString() ?? null,
    withdrawnAt: r.withdrawnAt?.toISOString() ?? null,
    rowVersion: r.rowVersion,
    actions,
  };
}
