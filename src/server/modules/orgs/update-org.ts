import type { z } from 'zod';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { organisations } from '../../db/schema.js';
import type { Actor, RequestMeta } from '../../platform/actor.js';
import { appendAudit, diff, whoFromActor } from '../../platform/audit.js';
import { AppError, validationError } from '../../platform/errors.js';
import type { FieldCipher } from '../../platform/crypto/field-cipher.js';
import { assertInScope } from '../../http/guards.js';
import type { ZOrgUpdate } from '../../../domain/org/org.types.js';
import { findOrg, findOrgForUpdate, nameTaken } from './orgs.repo.js';
import { auditedOrg, orgView } from './org-view.js';

/** ORG-1: change an organisation's record (optimistic: the caller's version must be current). */
export async function updateOrg(opts: {
  db: Db;
  cipher: FieldCipher;
  actor: Actor;
  meta: RequestMeta;
  id: string;
  input: z.infer<typeof ZOrgUpdate>;
}) {
  const { db, actor, input, cipher } = opts;
  return db.transaction(async (tx) => {
    const row = await findOrgForUpdate(tx, opts.id);
    if (!row) throw new AppError('NOT_FOUND', '单位不存在');
    assertInScope(actor, row.path, { entityType: 'organisation', entityId: row.id });
    if (row.version !== input.version) throw new AppError('CONFLICT', '该单位已被他人修改，请刷新后重试', { extra: { currentVersion: row.version } });
    if (input.isActive === false && actor.orgPath.startsWith(row.path)) {
      throw validationError([{ path: 'body.isActive', message: '不能停用本人所在单位或其上级单位' }]);
    }
    if (input.officeKind !== undefined && input.officeKind !== null && row.type !== 'review_office') {
      throw validationError([{ path: 'body.officeKind', message: '只有审核部门需要填写类别' }]);
    }
    if (input.name && row.parentId && (await nameTaken(tx, row.parentId, input.name, row.id))) {
      throw new AppError('DUPLICATE', '同一上级下已有同名单位', { errors: [{ path: 'body.name', message: '同一上级下名称不能重复' }] });
    }
    const patch = {
      name: input.name,
      shortName: input.shortName,
      officeKind: input.officeKind,
      creditCode: input.creditCode,
      region: input.region,
      contactName: input.contactName,
      contactPhoneEnc: input.contactPhone === undefined ? undefined : cipher.encryptNullable(input.contactPhone),
      isActive: input.isActive,
    };
    const [updated] = await tx
      .update(organisations)
      .set({ ...patch, version: sql`${organisations.version} + 1`, updatedAt: new Date() })
      .where(and(eq(organisations.id, row.id), eq(organisations.version, input.version)))
      .returning();
    if (!updated) throw new AppError('CONFLICT');
    const parent = row.parentId ? await findOrg(tx, row.parentId) : undefined;
    const before = auditedOrg(orgView(row, cipher, parent?.name));
    const after = orgView(updated, cipher, parent?.name);
    const changes = diff(before as unknown as Record<string, unknown>, { ...auditedOrg(after), version: undefined, updatedAt: undefined });
    await appendAudit(tx, whoFromActor(actor, opts.meta), {
      action: 'org.update',
      entityType: 'organisation',
      entityId: row.id,
      orgId: row.id,
      orgPath: row.path,
      before: changes.before,
      after: changes.after,
      reason: input.reason ?? null,
    });
    return after;
  });
}
