import crypto from 'node:crypto';
import type { z } from 'zod';
import type { Db } from '../../db/client.js';
import { organisations } from '../../db/schema.js';
import type { Actor, RequestMeta } from '../../platform/actor.js';
import { appendAudit, whoFromActor } from '../../platform/audit.js';
import { AppError, validationError } from '../../platform/errors.js';
import type { FieldCipher } from '../../platform/crypto/field-cipher.js';
import { assertInScope } from '../../http/guards.js';
import { checkAttachment } from '../../../domain/org/org.rules.js';
import type { ZOrgCreate } from '../../../domain/org/org.types.js';
import { findOrgForUpdate, nameTaken } from './orgs.repo.js';
import { orgView } from './org-view.js';

/** ORG-1: attach a new association, department, review office, finance bureau or evaluator. */
export async function createOrg(opts: { db: Db; cipher: FieldCipher; actor: Actor; meta: RequestMeta; input: z.infer<typeof ZOrgCreate> }) {
  const { db, actor, input, cipher } = opts;
  return db.transaction(async (tx) => {
    const parent = await findOrgForUpdate(tx, input.parentId);
    if (!parent) throw validationError([{ path: 'body.parentId', message: '上级单位不存在' }]);
    assertInScope(actor, parent.path, { entityType: 'organisation', entityId: parent.id });
    const problems = checkAttachment(parent, input);
    if (problems.length) throw validationError(problems);
    if (await nameTaken(tx, parent.id, input.name)) {
      throw new AppError('DUPLICATE', `“${parent.name}”下已有同名单位`, { errors: [{ path: 'body.name', message: '同一上级下名称不能重复' }] });
    }
    const id = crypto.randomUUID();
    const [row] = await tx
      .insert(organisations)
      .values({
        id,
        parentId: parent.id,
        path: `${parent.path}${id}/`,
        type: input.type,
        level: input.type === 'association' ? (input.level ?? null) : null,
        officeKind: input.officeKind ?? null,
        name: input.name,
        shortName: input.shortName ?? null,
        creditCode: input.creditCode ?? null,
        region: input.region ?? null,
        contactName: input.contactName ?? null,
        contactPhoneEnc: cipher.encryptNullable(input.contactPhone),
      })
      .returning();
    const view = orgView(row, cipher, parent.name);
    await appendAudit(tx, whoFromActor(actor, opts.meta), {
      action: 'org.create',
      entityType: 'organisation',
      entityId: id,
      orgId: id,
      orgPath: row.path,
      after: view,
    });
    return view;
  });
}
