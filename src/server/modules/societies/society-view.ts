import type { FieldCipher } from '../../platform/crypto/field-cipher.js';
import { maskPhone } from '../../platform/crypto/mask.js';
import type { societyProfiles, societyYearlyFacts } from '../../db/schema.js';
import type { Actor } from '../../platform/actor.js';
import type { Org, Society, SocietyAction, SocietyProfile, YearlyFacts } from '../../../contract/orgs.js';

type ProfileRow = typeof societyProfiles.$inferSelect;
type FactsRow = typeof societyYearlyFacts.$inferSelect;

/** ORG-2 record as the API shows it; phones masked unless `reveal` (audited by the caller). */
export function profileView(p: ProfileRow, cipher: FieldCipher, reveal = false): SocietyProfile {
  const phone = (enc: string | null) => {
    const v = cipher.decryptNullable(enc);
    return reveal ? v : maskPhone(v);
  };
  return {
    societyType: p.societyType as SocietyProfile['societyType'],
    affiliation: p.affiliation as SocietyProfile['affiliation'],
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
    partyOrg: p.partyOrg as SocietyProfile['partyOrg'],
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

export function factsView(f: FactsRow): YearlyFacts {
  return {
    id: f.id,
    year: f.year,
    annualInspection: f.annualInspection as YearlyFacts['annualInspection'],
    commendations: f.commendations as YearlyFacts['commendations'],
    violations: f.violations,
    criticisms: f.criticisms,
    failedTasks: f.failedTasks,
    debarments: f.debarments,
    note: f.note,
    version: f.version,
    updatedAt: f.updatedAt.toISOString(),
  };
}

/** What the actor may do next with a society in scope. */
export function societyActionsOf(actor: Pick<Actor, 'permissions'>): SocietyAction[] {
  const out: SocietyAction[] = [];
  if (actor.permissions.has('society.update')) out.push('update');
  if (actor.permissions.has('org.update')) out.push('setActive');
  if (actor.permissions.has('user.pii.read')) out.push('viewPersonalData');
  if (actor.permissions.has('society.facts.update')) out.push('putYearlyFacts');
  return out;
}

/** The society's detail: the organisation, its record, its years and what the actor may do. */
export function societyDetailOf(actor: Pick<Actor, 'permissions'>, org: Org, profile: SocietyProfile, yearlyFacts: YearlyFacts[]): Society {
  return { ...org, profile, yearlyFacts, actions: societyActionsOf(actor) };
}
