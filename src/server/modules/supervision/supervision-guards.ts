// SUP-1…SUP-8: the parties of a pilot project and the guards every supervision record passes — who
// speaks for which party, whether the project is being implemented, the row version — and where
// its audit row is filed.
import type { Actor } from '../../platform/actor.js';
import { AppError } from '../../platform/errors.js';
import type { Permission } from '../../../domain/access/roles.js';
import { notImplementingRefusal } from '../../../domain/supervision/common.js';
import type { ProjectParty } from '../../../contract/implementation.js';
import type { ProjectInScope } from '../projects/projects.js';

export type Party = ProjectParty;

export const partyLabels: Record<Party, string> = { department: '项目委托单位', society: '项目承接单位', association: '项目协调单位' };

/** The name of one of the project's three organisations; null for any other organisation. */
export function partyOrgName(p: ProjectInScope, orgId: string | null | undefined): string | null {
  if (!orgId) return null;
  const r = p.row;
  return orgId === r.p.departmentId ? r.departmentName : orgId === r.p.associationId ? r.associationName : orgId === r.p.societyId ? r.societyName : null;
}

/** The audit row of a project record is filed under the coordinating association (as task books are). */
export function auditScope(p: ProjectInScope) {
  return { orgId: p.row.p.associationId, orgPath: p.row.p.associationPath };
}

/** Refuses with 403 unless the actor speaks for one of the named parties. */
export function requireParty(p: ProjectInScope, parties: readonly Party[], message: string): Party {
  if (!p.party || !parties.includes(p.party)) throw new AppError('FORBIDDEN', message);
  return p.party;
}

/** Supervision records are written only while the project is being implemented. */
export function requireImplementing(p: ProjectInScope): void {
  const refusal = notImplementingRefusal(p.row.p.status);
  if (refusal) throw new AppError('INVALID_STATE', refusal);
}

/** Whether the actor, as one of the parties and holding the permission, may act on an implementing project. */
export function mayAct(actor: Actor, p: ProjectInScope, parties: readonly Party[], permission: Permission): boolean {
  return !!p.party && parties.includes(p.party) && actor.permissions.has(permission) && notImplementingRefusal(p.row.p.status) === null;
}

export function assertRowVersion(current: number, given: number, what: string): void {
  if (current !== given) throw new AppError('CONFLICT', `${what}已被他人处理或修改，请刷新后重试`, { extra: { currentVersion: current } });
}
