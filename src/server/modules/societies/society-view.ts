import type { FieldCipher } from '../../platform/crypto/field-cipher.js';
import { maskPhone } from '../../platform/crypto/mask.js';
import type { societyProfiles, societyYearlyFacts } from '../../db/schema.js';

type ProfileRow = typeof societyProfiles.$inferSelect;
type FactsRow = typeof societyYearlyFacts.$inferSelect;

/** ORG-2 record as the API shows it; phones masked unless `reveal` (audited by the caller). */
export function profileView(p: ProfileRow, cipher: FieldCipher, reveal = false) {
  const phone = (enc: string | null) => {
    const v = cipher.decryptNullable(enc);
    return reveal ? v : maskPhone(v);
  };
  return {
    societyType: p.societyType,
    affiliation: p.affiliation,
    disciplines: p.disciplines,
    industries: p.industries,
    legalRepName: p.legalRepName,
    legalRepPhone: phone(p.legalRepPhoneEnc),
    secretaryGeneralName: p.secretaryGeneralName,
    secretaryGeneralFullTime: p.secretaryGeneralFullTime,
    secretaryGeneralPhone: phone(p.secretaryGeneralPhoneEnc),
    fullTimeStaff: p.fullTimeStaff,
    financeStaff: p.financeStaff,
    hasIndependentAccount: p.hasIndependentAccount,
    partyOrg: p.partyOrg,
    councilSize: p.councilSize,
    standingCouncilSize: p.standingCouncilSize,
    website: p.website,
    hasMemberDatabase: p.hasMemberDatabase,
    memberCount: p.memberCount,
    hasExpertDatabase: p.hasExpertDatabase,
    expertCount: p.expertCount,
    foundedYear: p.foundedYear,
  };
}

export function factsView(f: FactsRow) {
  return {
    id: f.id,
    year: f.year,
    annualInspection: f.annualInspection,
    commendations: f.commendations,
    violations: f.violations,
    criticisms: f.criticisms,
    failedTasks: f.failedTasks,
    debarments: f.debarments,
    note: f.note,
    version: f.version,
    updatedAt: f.updatedAt.toISOString(),
  };
}
