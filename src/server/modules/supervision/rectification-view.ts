// SUP-7: what the API answers for a rectification order, with the actions the reading user may take
// now (the society: respond; the issuing organisation only: accept or return, extend the deadline).
import type { Actor } from '../../platform/actor.js';
import { canTransition } from '../../../domain/lifecycle.js';
import { isRectificationOverdue, rectificationLifecycle, rectificationWaitingOn, type RectificationIssuer, type RectificationState } from '../../../domain/supervision/rectification.lifecycle.js';
import type { RectificationOrder } from '../../../contract/implementation.js';
import type { ProjectInScope } from '../projects/projects.js';
import type { RectificationRow } from './rectification.js';
import { mayAct, partyLabels, partyOrgName } from './supervision-guards.js';
import { pickRefs, type AttachmentRef } from './supervision-attachments.js';

export function rectificationView(o: RectificationRow, project: ProjectInScope, actor: Actor, refs: Map<string, AttachmentRef>, today: string): RectificationOrder {
  const status = o.status as RectificationState;
  const issuerKind = o.issuerKind as RectificationIssuer;
  const actions: RectificationOrder['actions'] = [];
  if (mayAct(actor, project, ['society'], 'supervision.report') && canTransition(rectificationLifecycle, status, 'respond')) actions.push('respond');
  const issuer = project.party === issuerKind && actor.orgId === o.issuerOrgId && mayAct(actor, project, ['department', 'association'], 'supervision.manage');
  if (issuer) {
    if (canTransition(rectificationLifecycle, status, 'accept')) actions.push('accept', 'return');
    if (canTransition(rectificationLifecycle, status, 'extendDeadline')) actions.push('extend');
  }
  return {
    id: o.id,
    projectId: o.projectId,
    issuerKind,
    issuerLabel: partyLabels[issuerKind] ?? o.issuerKind,
    issuerOrgId: o.issuerOrgId,
    issuerOrgName: partyOrgName(project, o.issuerOrgId),
    inspectionId: o.inspectionId,
    requirements: o.requirements,
    deadline: o.deadline,
    status,
    statusLabel: rectificationLifecycle.states[status] ?? o.status,
    waitingOn: rectificationWaitingOn(status),
    overdue: isRectificationOverdue({ status, deadline: o.deadline }, today),
    attachments: pickRefs(refs, o.attachmentIds),
    response: o.response,
    responseAttachments: pickRefs(refs, o.responseAttachmentIds),
    respondedAt: o.respondedAt?.toISOString() ?? null,
    decisionComment: o.decisionComment,
    decidedAt: o.decidedAt?.toISOString() ?? null,
    closedAt: o.closedAt?.toISOString() ?? null,
    issuedByName: o.issuedByName,
    issuedAt: o.issuedAt.toISOString(),
    rowVersion: o.rowVersion,
    actions,
  };
}
