import crypto from 'node:crypto';
import type { z } from 'zod';
import type { Db } from '../../db/client.js';
import { organisations, societyProfiles } from '../../db/schema.js';
import type { Actor, RequestMeta } from '../../platform/actor.js';
import { appendAudit, whoFromActor } from '../../platform/audit.js';
import { AppError, validationError } from '../../platform/errors.js';
import type { FieldCipher } from '../../platform/crypto/field-cipher.js';
import { assertInScope } from '../../http/guards.js';
import { checkAttachment } from '../../../domain/org/org.rules.js';
import type { ZSocietyCreate } from '../../../domain/org/org.types.js';
import { findOrgForUpdate, nameTaken } from '../orgs/orgs.repo.js';
import { orgView } from '../orgs/org-view.js';
import { profileView } from './society-view.js';

/** ORG-1, ORG-2: a society joins the association's tree with its full record, in one transaction. */
export async function createSociety(opts: { db: Db; cipher: FieldCipher; actor: Actor; meta: RequestMeta; input: z.infer<typeof ZSocietyCreate> }) {
  const { db, actor, input, cipher } = opts;
  return db.transaction(async (tx) => {
    const parent = await findOrgForUpdate(tx, input.parentId);
    if (!parent) throw validationError([{ path: 'body.parentId', message: '所属科协不存在' }]);
    assertInScope(actor, parent.path, { entityType: 'organisation', entityId: parent.id });
    const problems = checkAttachment(parent, { type: 'society' });
    if (problems.length) throw validationError(problems.map((p) => ({ ...p, message: p.path === 'body.parentId' ? '学会必须隶属于科协' : p.message })));
    if (await nameTaken(tx, parent.id, input.name)) {
      throw new AppError('DUPLICATE', `“${parent.name}”下已有同名学会`, { errors: [{ path: 'body.name', message: '同一科协下学会名称不能重复' }] });
    }
    const id = crypto.randomUUID();
    const [org] = await tx
      .insert(organisations)
      .values({
        id,
        parentId: parent.id,
        path: `${parent.path}${id}/`,
        type: 'society',
        name: input.name,
        shortName: input.shortName ?? null,
        creditCode: input.creditCode ?? null,
        region: input.region ?? null,
        contactName: input.contactName ?? null,
        contactPhoneEnc: cipher.encryptNullable(input.contactPhone),
      })
      .returning();
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
    const view = { ...orgView(org, cipher, parent.name), profile: profileView(profile, cipher), yearlyFacts: [] };
    await appendAudit(tx, whoFromActor(actor, opts.meta), {
      action: 'society.create',
      entityType: 'organisation',
      entityId: id,
      orgId: id,
      orgPath: org.path,
      after: view,
    });
    return view;
  });
}
