// SUP-4: what the API answers for an expert panel inspection, with the actions the reading user may
// take now (the department: change, record findings, cancel; after findings calling for it, the
// department or the association: issue a rectification order).
import type { Actor } from '../../platform/actor.js';
import { allowedEvents } from '../../../domain/lifecycle.js';
import { inspectionConclusionLabels, inspectionLifecycle, type InspectionConclusion, type InspectionState } from '../../../domain/supervision/inspection.lifecycle.js';
import type { Inspection, PanelPerson } from '../../../contract/implementation.js';
import type { ProjectInScope } from '../projects/projects.js';
import type { InspectionRow } from './inspections.js';
import { mayAct } from './supervision-guards.js';
import { pickRefs, type AttachmentRef } from './supervision-attachments.js';

export function inspectionView(i: InspectionRow, project: ProjectInScope, actor: Actor, refs: Map<string, AttachmentRef>): Inspection {
  const status = i.status as InspectionState;
  const conclusion = i.conclusion as InspectionConclusion | null;
  const actions: Inspection['actions'] = [];
  if (mayAct(actor, project, ['department'], 'supervision.manage')) actions.push(...allowedEvents(inspectionLifecycle, status));
  if (status === 'findingsRecorded' && (conclusion === 'needsRectification' || conclusion === 'fail') && mayAct(actor, project, ['department', 'association'], 'supervision.manage')) actions.push('issueRectification');
  return {
    id: i.id,
    projectId: i.projectId,
    plannedOn: i.plannedOn,
    purpose: i.purpose,
    panel: i.panel as PanelPerson[],
    status,
    statusLabel: inspectionLifecycle.states[status] ?? i.status,
    inspectedOn: i.inspectedOn,
    findings: i.findings,
    conclusion,
    conclusionLabel: conclusion ? (inspectionConclusionLabels[conclusion] ?? conclusion) : null,
    attachments: pickRefs(refs, i.attachmentIds),
    cancelledReason: i.cancelledReason,
    createdAt: i.createdAt.toISOString(),
    findingsRecordedAt: i.findingsRecordedAt?.toISOString() ?? null,
    rowVersion: i.rowVersion,
    actions,
  };
}
