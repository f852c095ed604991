import type { FieldCipher } from '../../platform/crypto/field-cipher.js';
import { maskPhone } from '../../platform/crypto/mask.js';
import { orgTypeLabels, type OrgType } from '../../../domain/access/roles.js';
import type { OrgRow } from './orgs.repo.js';

/** The API shape of an organisation; personal data (contact phone) masked. */
export function orgView(row: OrgRow, cipher: FieldCipher, parentName?: string | null) {
  return {
    id: row.id,
    parentId: row.parentId,
    parentName: parentName ?? null,
    name: row.name,
    shortName: row.shortName,
    type: row.type,
    typeLabel: orgTypeLabels[row.type as OrgType] ?? row.type,
    level: row.level,
    officeKind: row.officeKind,
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
export type OrgView = ReturnType<typeof orgView>;
