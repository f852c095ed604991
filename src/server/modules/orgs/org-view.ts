import type { FieldCipher } from '../../platform/crypto/field-cipher.js';
import { maskPhone } from '../../platform/crypto/mask.js';
import type { Actor } from '../../platform/actor.js';
import { orgTypeLabels, type OrgType } from '../../../domain/access/roles.js';
import { associationLevels, type AssociationLevel } from '../../../domain/org/org.types.js';
import { orgRelationOf, type Org, type OrgAction, type OrgDetail, type OrgListItem } from '../../../contract/orgs.js';
import type { OrgRow } from './orgs.repo.js';

type OfficeKind = Org['officeKind'];

/** The API shape of an organisation; personal data (contact phone) masked. */
export function orgView(row: OrgRow, cipher: FieldCipher, parentName?: string | null): Org {
  return {
    id: row.id,
    parentId: row.parentId,
    parentName: parentName ?? null,
    relation: row.parentId ? orgRelationOf(row.type as OrgType) : null,
    name: row.name,
    shortName: row.shortName,
    type: row.type as OrgType,
    typeLabel: orgTypeLabels[row.type as OrgType] ?? row.type,
    level: row.level as AssociationLevel | null,
    officeKind: row.officeKind as OfficeKind,
    creditCode: row.creditCode,
    region: row.region,
    contactName: row.contactName,
    contactPhone: maskPhone(cipher.decryptNullable(row.contactPhoneEnc)),
    isActive: row.isActive,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
export type OrgView = Org;

/** The record as the audit log keeps it (the relation follows from the type). */
export function auditedOrg(view: Org): Omit<Org, 'relation'> {
  const { relation: _relation, ...record } = view;
  return record;
}

/**
 * What the actor may do next with an organisation in scope: edit it (societies are edited in their
 * own record), and below an active association add a lower association (when a lower level
 * exists), a participant or a society.
 */
export function orgActionsOf(actor: Pick<Actor, 'permissions'>, org: Pick<Org, 'type' | 'level' | 'isActive'>): OrgAction[] {
  const out: OrgAction[] = [];
  const may = (p: Parameters<Actor['permissions']['has']>[0]) => actor.permissions.has(p);
  if (org.type !== 'society' && may('org.update')) out.push('update');
  if (org.type === 'association' && org.isActive) {
    const lower = associationLevels.indexOf(org.level ?? 'national') < associationLevels.length - 1;
    if (may('org.create') && lower) out.push('createSubordinate');
    if (may('org.create')) out.push('createParticipant');
    if (may('society.create')) out.push('createSociety');
  }
  return out;
}

export const orgDetailOf = (actor: Pick<Actor, 'permissions'>, view: Org): OrgDetail => ({ ...view, actions: orgActionsOf(actor, view) });

/** A row of the organisation list (the columns the list selects). */
export function orgListItemOf(r: {
  id: string;
  parentId: string | null;
  parentName: string | null;
  name: string;
  shortName: string | null;
  type: string;
  level: string | null;
  officeKind: string | null;
  region: string | null;
  isActive: boolean;
  version: number;
}): OrgListItem {
  const type = r.type as OrgType;
  return {
    id: r.id,
    parentId: r.parentId,
    parentName: r.parentName,
    relation: r.parentId ? orgRelationOf(type) : null,
    name: r.name,
    shortName: r.shortName,
    type,
    typeLabel: orgTypeLabels[type] ?? r.type,
    level: r.level as AssociationLevel | null,
    officeKind: r.officeKind as OfficeKind,
    region: r.region,
    isActive: r.isActive,
    version: r.version,
  };
}
