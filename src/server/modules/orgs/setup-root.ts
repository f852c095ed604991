// Issue 10 §5, ORG-1: the way into an empty real deployment (`npm run setup`, SEED_DEMO=false): the
// root association of the tree and its first administrator, written once. Every other organisation
// and user is then created through the application by that administrator.
import crypto from 'node:crypto';
import { z } from 'zod';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { organisations, userRoles, users } from '../../db/schema.js';
import { appendAudit, type AuditWho } from '../../platform/audit.js';
import type { FieldCipher } from '../../platform/crypto/field-cipher.js';
import { hashPassword } from '../auth/passwords.js';
import { ZAssociationLevel, ZOrgCreate } from '../../../domain/org/org.types.js';
import { ZUserCreate, ZUsername } from '../../../domain/org/user.types.js';
import { auditedOrg, orgView } from './org-view.js';
import { userView } from '../users/user-view.js';
import { findUser } from '../users/users.repo.js';

/** What setup asks for, checked by the same schemas as the organisation and user forms. */
export const ZRootSetup = z
  .object({
    association: ZOrgCreate.shape.name,
    level: ZAssociationLevel,
    login: ZUsername,
    displayName: ZUserCreate.shape.displayName,
  })
  .strict();
export type RootSetupInput = z.infer<typeof ZRootSetup>;

/** Setup ran before (an organisation exists): refused, nothing written. */
export class SetupAlreadyDoneError extends Error {}

// Serialises two setups started at once on one database: the second sees the first one's rows.
const SETUP_LOCK = 727010;
/** The audit log's actor for the rows setup writes (there is no user yet to name). */
export const SETUP_ACTOR = '平台初始化';
export const ROOT_ADMIN_ROLE = 'association_admin';

export async function setupRootAssociation(opts: {
  db: Db;
  cipher: FieldCipher;
  input: RootSetupInput;
  /** checked against the password rules by the caller */
  password: string;
  /** a printed one-time password: the administrator must change it at first login */
  oneTime: boolean;
}): Promise<{ orgId: string; userId: string }> {
  const { db, cipher, input } = opts;
  const passwordHash = await hashPassword(opts.password);
  const who: AuditWho = { actorUserId: null, actorName: SETUP_ACTOR, actorOrgId: null, ip: null, requestId: 'npm-run-setup' };
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${SETUP_LOCK})`);
    const existing = (await tx.execute(sql`SELECT count(*)::int AS n FROM organisations`)) as unknown as { rows: { n: number }[] };
    if (Number(existing.rows[0].n) > 0) throw new SetupAlreadyDoneError('已有组织机构，初始化只能在空数据库上运行一次');
    const orgId = crypto.randomUUID();
    const path = `${orgId}/`;
    const [org] = await tx
      .insert(organisations)
      .values({ id: orgId, parentId: null, path, type: 'association', level: input.level, name: input.association })
      .returning();
    const [user] = await tx
      .insert(users)
      .values({ orgId, username: input.login, displayName: input.displayName, passwordHash, mustChangePassword: opts.oneTime })
      .returning({ id: users.id });
    await tx.insert(userRoles).values({ userId: user.id, role: ROOT_ADMIN_ROLE });
    const reason = '平台首次初始化：创建根组织与第一位管理员';
    await appendAudit(tx, who, { action: 'org.create', entityType: 'organisation', entityId: orgId, orgId, orgPath: path, after: auditedOrg(orgView(org, cipher, null)), reason });
    await appendAudit(tx, who, {
      action: 'user.create',
      entityType: 'user',
      entityId: user.id,
      orgId,
      orgPath: path,
      after: { ...userView((await findUser(tx, user.id))!, [ROOT_ADMIN_ROLE], cipher), mustChangePassword: opts.oneTime },
      reason,
    });
    return { orgId, userId: user.id };
  });
}
