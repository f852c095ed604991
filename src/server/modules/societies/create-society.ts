import type { z } from 'zod';
import type { Db } from '../../db/client.js';
import { societyProfiles } from '../../db/schema.js';
import { insertOrgUnderParent } from '../orgs/create-org.js';
import type { Actor, RequestMeta } from '../../platform/actor.js';
import { appendAudit, whoFromActor } from '../../platform/audit.js';
import type { FieldCipher } from '../../platform/crypto/field-cipher.js';
import type { ZSocietyCreate } from '../../../domain/org/org.types.js';
import { auditedOrg, orgView } from '../orgs/org-view.js';
import { profileView, societyDetailOf } from './society-view.js';

/** ORG-1, ORG-2: a society joins the association's tree with its full record, in one transaction. */
export async function createSociety(opts: { db: Db; cipher: FieldCipher; actor: Actor; meta: RequestMeta; input: z.infer<typeof ZSocietyCreate> }) {
  const { db, actor, input, cipher } = opts;
  return db.transaction(async (tx) => {
    const { parent, row: org } = await insertOrgUnderParent(tx, actor, cipher, { ...input, type: 'society' });
    const id = org.id;
    const p = input.profile;
    const [profile] = await tx
      .insert(societyProfiles)
      .values({
        orgId: id,
        societyType: p.societyType,
        affiliation: p.affiliation,
        disciplines: p.disciplines,
        industries: p.industries,
        legalRepName: p.legalRepName ?? null,
        legalRepPhoneEnc: cipher.encryptNullable(p.legalRepPhone),
        secretaryGeneralName: p.secretaryGeneralName ?? null,
        secretaryGeneralFullTime: p.secretaryGeneralFullTime,
        secretaryGeneralPhoneEnc: cipher.encryptNullable(p.secretaryGeneralPhone),
        fullTimeStaff: p.fullTimeStaff,
        financeStaff: p.financeStaff,
        hasIndependentAccount: p.hasIndependentAccount,
        partyOrg: p.partyOrg,
        councilSize: p.councilSize,
        standingCouncilSize: p.standingCouncilSize,
        website: p.website ?? null,
        hasMemberDatabase: p.hasMemberDatabase,
        memberCount: p.memberCount,
        hasExpertDatabase: p.hasExpertDatabase,
        expertCount: p.expertCount,
        foundedYear: p.foundedYear ?? null,
      })
      .returning();
    const orgRecord = orgView(org, cipher, parent.name);
    const view = societyDetailOf(actor, orgRecord, profileView(profile, cipher), []);
    await appendAudit(tx, whoFromActor(actor, opts.meta), {
      action: 'society.create',
      entityType: 'organisation',
      entityId: id,
      orgId: id,
      orgPath: org.path,
      after: { ...auditedOrg(orgRecord), profile: view.profile, yearlyFacts: [] },
    });
    return view;
  });
}
