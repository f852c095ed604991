import type { z } from 'zod';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { organisations, societyProfiles } from '../../db/schema.js';
import type { Actor, RequestMeta } from '../../platform/actor.js';
import { appendAudit, diff, whoFromActor } from '../../platform/audit.js';
import { AppError, validationError } from '../../platform/errors.js';
import type { FieldCipher } from '../../platform/crypto/field-cipher.js';
import { assertInScope } from '../../http/guards.js';
import type { ZSocietyUpdate } from '../../../domain/org/org.types.js';
import { findOrg, nameTaken } from '../orgs/orgs.repo.js';
import { auditedOrg, orgView } from '../orgs/org-view.js';
import { findSociety, listFacts } from './societies.repo.js';
import { factsView, profileView, societyDetailOf } from './society-view.js';

/** ORG-2: change a society's record; the version guards against lost updates. */
export async function updateSociety(opts: {
  db: Db;
  cipher: FieldCipher;
  actor: Actor;
  meta: RequestMeta;
  id: string;
  input: z.infer<typeof ZSocietyUpdate>;
}) {
  const { db, actor, input, cipher } = opts;
  return db.transaction(async (tx) => {
    const row = await findSociety(tx, opts.id, true);
    if (!row) throw new AppError('NOT_FOUND', '学会不存在');
    assertInScope(actor, row.org.path, { entityType: 'organisation', entityId: row.org.id });
    if (row.org.version !== input.version) throw new AppError('CONFLICT', '该学会信息已被他人修改，请刷新后重试', { extra: { currentVersion: row.org.version } });
    if (input.isActive !== undefined && !actor.permissions.has('org.update')) {
      throw validationError([{ path: 'body.isActive', message: '停用或启用学会须由科协管理员操作' }]);
    }
    if (input.name && row.org.parentId && (await nameTaken(tx, row.org.parentId, input.name, row.org.id))) {
      throw new AppError('DUPLICATE', '同一科协下已有同名学会', { errors: [{ path: 'body.name', message: '同一科协下学会名称不能重复' }] });
    }
    const p = input.profile ?? {};
    const merged = { ...row.profile, ...stripUndefined(p) } as Record<string, unknown>;
    if ((merged.standingCouncilSize as number) > (merged.councilSize as number) && (merged.councilSize as number) > 0) {
      throw validationError([{ path: 'body.profile.standingCouncilSize', message: '常务理事人数不能多于理事人数' }]);
    }
    const [org] = await tx
      .update(organisations)
      .set({
        name: input.name,
        shortName: input.shortName,
        creditCode: input.creditCode,
        region: input.region,
        contactName: input.contactName,
        contactPhoneEnc: input.contactPhone === undefined ? undefined : cipher.encryptNullable(input.contactPhone),
        isActive: input.isActive,
        version: sql`${organisations.version} + 1`,
        updatedAt: new Date(),
      })
      .where(and(eq(organisations.id, row.org.id), eq(organisations.version, input.version)))
      .returning();
    if (!org) throw new AppError('CONFLICT');
    const { legalRepPhone, secretaryGeneralPhone, ...plain } = p;
    let profile = row.profile;
    if (Object.keys(p).length) {
      [profile] = await tx
        .update(societyProfiles)
        .set({
          ...stripUndefined(plain),
          legalRepPhoneEnc: legalRepPhone === undefined ? undefined : cipher.encryptNullable(legalRepPhone),
          secretaryGeneralPhoneEnc: secretaryGeneralPhone === undefined ? undefined : cipher.encryptNullable(secretaryGeneralPhone),
        })
        .where(eq(societyProfiles.orgId, row.org.id))
        .returning();
    }
    const parent = org.parentId ? await findOrg(tx, org.parentId) : undefined;
    const beforeView = { ...auditedOrg(orgView(row.org, cipher, parent?.name)), profile: profileView(row.profile, cipher) };
    const afterOrg = orgView(org, cipher, parent?.name);
    const afterView = { ...auditedOrg(afterOrg), profile: profileView(profile, cipher) };
    const orgDiff = diff(beforeView as unknown as Record<string, unknown>, { ...afterView, profile: undefined, version: undefined, updatedAt: undefined });
    const profDiff = diff(beforeView.profile as unknown as Record<string, unknown>, afterView.profile);
    await appendAudit(tx, whoFromActor(actor, opts.meta), {
      action: 'society.update',
      entityType: 'organisation',
      entityId: org.id,
      orgId: org.id,
      orgPath: org.path,
      before: { ...orgDiff.before, profile: profDiff.before },
      after: { ...orgDiff.after, profile: profDiff.after },
      reason: input.reason ?? null,
    });
    return societyDetailOf(actor, afterOrg, afterView.profile, (await listFacts(tx, org.id)).map(factsView));
  });
}

function stripUndefined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
