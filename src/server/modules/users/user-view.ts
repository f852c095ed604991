import type { FieldCipher } from '../../platform/crypto/field-cipher.js';
import { maskEmail, maskIdNumber, maskPhone } from '../../platform/crypto/mask.js';
import { roles, type RoleCode } from '../../../domain/access/roles.js';
import type { findUser } from './users.repo.js';

type Row = NonNullable<Awaited<ReturnType<typeof findUser>>>;

/** A person as lists and details show them: phone, e-mail and ID number masked (§4). */
export function userView(r: Row, roleList: string[], cipher: FieldCipher, now = new Date()) {
  const u = r.user;
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    orgId: u.orgId,
    orgName: r.orgName,
    orgType: r.orgType,
    roles: roleList,
    roleLabels: roleList.map((x) => roles[x as RoleCode]?.label ?? x),
    title: u.title,
    phone: maskPhone(cipher.decryptNullable(u.phoneEnc)),
    email: maskEmail(cipher.decryptNullable(u.emailEnc)),
    idNumber: maskIdNumber(cipher.decryptNullable(u.idNumberEnc)),
    expertFields: u.expertFields,
    conflictOrgIds: u.conflictOrgIds,
    conflictNote: u.conflictNote,
    isActive: u.isActive,
    totpEnabled: u.totpEnabled,
    lockedUntil: r.lockedUntil && r.lockedUntil > now ? r.lockedUntil.toISOString() : null,
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    version: u.version,
    createdAt: u.createdAt.toISOString(),
  };
}
export type UserView = ReturnType<typeof userView>;
