import crypto from 'node:crypto';
import type { z } from 'zod';
import type { Db, Tx } from '../../db/client.js';
import { organisations } from '../../db/schema.js';
import type { Actor, RequestMeta } from '../../platform/actor.js';
import { appendAudit, whoFromActor } from '../../platform/audit.js';
import { AppError, validationError } from '../../platform/errors.js';
import type { FieldCipher } from '../../platform/crypto/field-cipher.js';
import { assertInScope } from '../../http/guards.js';
import { checkAttachment } from '../../../domain/org/org.rules.js';
import type { ZOrgCreate } from '../../../domain/org/org.types.js';
import { findOrgForUpdate, nameTaken } from './orgs.repo.js';
import { auditedOrg, orgView } from './org-view.js';

export interface NewOrgInput {
  parentId: string;
  type: string;
  name: string;
  shortName?: string | null;
  level?: string | null;
  officeKind?: string | null;
  creditCode?: string | null;
  region?: string | null;
  contactName?: string | null;
  contactPhone?: string | null;
}

/**
 * ORG-1: the one way an organisation joins the tree — parent inside the actor's scope, attachment
 * rules, a name unique under the parent, and the materialised path. Call inside a transaction.
 */
export async function insertOrgUnderParent(tx: Tx, actor: Actor, cipher: FieldCipher, input: NewOrgInput) {
  const isSociety = input.type === 'society';
  const parent = await findOrgForUpdate(tx, input.parentId);
  if (!parent) throw validationError([{ path: 'body.parentId', message: isSociety ? '所属科协不存在' : '上级单位不存在' }]);
  assertInScope(actor, parent.path, { entityType: 'organisation', entityId: parent.id });
  const problems = checkAttachment(parent, input);
  if (problems.length) throw validationError(problems.map((p) => (isSociety && p.path === 'body.parentId' ? { ...p, message: '学会必须隶属于科协' } : p)));
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
  return { parent, row };
}

/** ORG-1: attach a new association, department, review office, finance bureau or evaluator. */
export async function createOrg(opts: { db: Db; cipher: FieldCipher; actor: Actor; meta: RequestMeta; input: z.infer<typeof ZOrgCreate> }) {
  const { db, actor, input, cipher } = opts;
  return db.transaction(async (tx) => {
    const { parent, row } = await insertOrgUnderParent(tx, actor, cipher, input);
    const view = orgView(row, cipher, parent.name);
    await appendAudit(tx, whoFromActor(actor, opts.meta), {
      action: 'org.create',
      entityType: 'organisation',
      entityId: row.id,
      orgId: row.id,
      orgPath: row.path,
      after: auditedOrg(view),
    });
    return view;
  });
}
