// SUP-4: what the API answers for an observer assignment, with the actions the reading user may take now.
import type { Actor } from '../../platform/actor.js';
import { observerActiveOn } from '../../../domain/supervision/inspection.lifecycle.js';
import type { Observer } from '../../../contract/implementation.js';
import type { ProjectInScope } from '../projects/projects.js';
import type { ObserverRow } from './inspections.js';
import { mayAct, partyOrgName } from './supervision-guards.js';

export function observerView(o: ObserverRow, project: ProjectInScope, actor: Actor, today: string): Observer {
  const actions: Observer['actions'] = [];
  if (!o.endedOn && o.toOn >= today && mayAct(actor, project, ['association'], 'supervision.manage')) actions.push('end');
  return {
    id: o.id,
    projectId: o.projectId,
    personName: o.personName,
    employer: o.employer,
    userId: o.userId,
    fromOn: o.fromOn,
    toOn: o.toOn,
    duties: o.duties,
    endedOn: o.endedOn,
    endedReason: o.endedReason,
    active: observerActiveOn(o, today),
    assignedByOrgId: o.assignedByOrgId,
    assignedByOrgName: partyOrgName(project, o.assignedByOrgId),
    createdAt: o.createdAt.toISOString(),
    rowVersion: o.rowVersion,
    actions,
  };
}
