import type { FieldCipher } from '../../platform/crypto/field-cipher.js';
import { maskEmail, maskIdNumber, maskPhone } from '../../platform/crypto/mask.js';
import type { Actor } from '../../platform/actor.js';
import { roles, type RoleCode } from '../../../domain/access/roles.js';
import type { User, UserAction, UserListItem, UserRecord } from '../../../contract/users.js';
import type { findUser, UserListRow } from './users.repo.js';

type Row = NonNullable<Awaited<ReturnType<typeof findUser>>>;

const roleLabelsOf = (roleList: string[]) => roleList.map((x) => roles[x as RoleCode]?.label ?? x);
const lockedUntilOf = (lockedUntil: Date | null, now: Date) => (lockedUntil && lockedUntil > now ? lockedUntil.toISOString() : null);

/** A person as the list shows them: the phone masked (§4), nothing decrypted the list does not show. */
export function userListItemView(r: UserListRow, roleList: string[], cipher: FieldCipher, now = new Date()): UserListItem {
  return {
    id: r.id,
    username: r.username,
    displayName: r.displayName,
    title: r.title,
    orgId: r.orgId,
    orgName: r.orgName,
    orgType: r.orgType,
    roles: roleList,
    roleLabels: roleLabelsOf(roleList),
    phone: maskPhone(cipher.decryptNullable(r.phoneEnc)),
    isActive: r.isActive,
    totpEnabled: r.totpEnabled,
    lockedUntil: lockedUntilOf(r.lockedUntil, now),
    lastLoginAt: r.lastLoginAt?.toISOString() ?? null,
    version: r.version,
  };
}

/** A person in full: phone, e-mail and ID number masked (§4). Also what the audit log records. */
export function userView(r: Row, roleList: string[], cipher: FieldCipher, now = new Date()): UserRecord {
  const u = r.user;
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    orgId: u.orgId,
    orgName: r.orgName,
    orgType: r.orgType,
    roles: roleList,
    roleLabels: roleLabelsOf(roleList),
    title: u.title,
    phone: maskPhone(cipher.decryptNullable(u.phoneEnc)),
    email: maskEmail(cipher.decryptNullable(u.emailEnc)),
    idNumber: maskIdNumber(cipher.decryptNullable(u.idNumberEnc)),
    expertFields: u.expertFields,
    conflictOrgIds: u.conflictOrgIds,
    conflictNote: u.conflictNote,
    isActive: u.isActive,
    totpEnabled: u.totpEnabled,
    lockedUntil: lockedUntilOf(r.lockedUntil, now),
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    version: u.version,
    createdAt: u.createdAt.toISOString(),
  };
}
export type UserView = UserRecord;

/** What the actor may do with the user (the routes check the same permissions). */
export function userActionsOf(actor: Actor, u: Pick<UserRecord, 'id' | 'isActive' | 'lockedUntil'>): UserAction[] {
  const out: UserAction[] = [];
  if (actor.permissions.has('user.update')) {
    out.push('edit', 'resetPassword');
    if (u.lockedUntil) out.push('unlock');
    if (u.id !== actor.userId) out.push(u.isActive ? 'deactivate' : 'activate');
  }
  if (actor.permissions.has('user.pii.read')) out.push('viewPersonalData');
  return out;
}

/** The detail as the API answers it: the record and what the caller may do next. */
export const userDetail = (actor: Actor, record: UserRecord): User => ({ ...record, actions: userActionsOf(actor, record) });
