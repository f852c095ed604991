// ORG-6: create and change users. Roles must fit the organisation's type; personal data is
// encrypted before it reaches the database.
import type { z } from 'zod';
import { and, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { users } from '../../db/schema.js';
import type { Actor, RequestMeta } from '../../platform/actor.js';
import { appendAudit, diff, whoFromActor } from '../../platform/audit.js';
import { AppError, validationError } from '../../platform/errors.js';
import type { FieldCipher } from '../../platform/crypto/field-cipher.js';
import { assertInScope } from '../../http/guards.js';
import { rolesForOrgType, type OrgType } from '../../../domain/access/roles.js';
import type { ZUserCreate, ZUserUpdate } from '../../../domain/org/user.types.js';
import { findOrg } from '../orgs/orgs.repo.js';
import { destroyUserSessions } from '../../platform/auth/session.js';
import { assertPasswordStrength, hashPassword } from '../auth/passwords.js';
import { findUser, orgsExistInScope, rolesByUser, setRoles, usernameTaken } from './users.repo.js';
import { userView } from './user-view.js';

function assertRolesFit(orgType: string, roleList: string[]) {
  const allowed = rolesForOrgType(orgType as OrgType);
  const bad = roleList.filter((r) => !allowed.includes(r as never));
  if (bad.length) throw validationError([{ path: 'body.roles', message: `该类单位的用户不能担任：${bad.join('、')}` }]);
}

async function assertConflictOrgs(tx: DbOrTx, actor: Actor, ids: string[] | undefined) {
  if (!ids?.length) return;
  const found = await orgsExistInScope(tx, ids, actor.scopePath);
  const missing = ids.filter((i) => !found.has(i));
  if (missing.length) throw validationError([{ path: 'body.conflictOrgIds', message: '回避单位不存在或不在本单位数据范围内' }]);
}

export async function createUser(opts: { db: Db; cipher: FieldCipher; actor: Actor; meta: RequestMeta; input: z.infer<typeof ZUserCreate> }) {
  const { db, actor, input, cipher } = opts;
  assertPasswordStrength(input.password, 'body.password', input.username);
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const org = await findOrg(tx, input.orgId);
    if (!org) throw validationError([{ path: 'body.orgId', message: '所属单位不存在' }]);
    assertInScope(actor, org.path, { entityType: 'organisation', entityId: org.id });
    assertRolesFit(org.type, input.roles);
    await assertConflictOrgs(tx, actor, input.conflictOrgIds);
    if (await usernameTaken(tx, input.username)) {
      throw new AppError('DUPLICATE', '用户名已被使用', { errors: [{ path: 'body.username', message: '用户名已被使用' }] });
    }
    const [u] = await tx
      .insert(users)
      .values({
        orgId: org.id,
        username: input.username,
        displayName: input.displayName,
        passwordHash,
        title: input.title ?? null,
        phoneEnc: cipher.encryptNullable(input.phone),
        emailEnc: cipher.encryptNullable(input.email),
        idNumberEnc: cipher.encryptNullable(input.idNumber),
        expertFields: input.expertFields ?? [],
        conflictOrgIds: input.conflictOrgIds ?? [],
        conflictNote: input.conflictNote ?? null,
      })
      .onConflictDoNothing()
      .returning();
    if (!u) throw new AppError('DUPLICATE', '用户名已被使用', { errors: [{ path: 'body.username', message: '用户名已被使用' }] });
    const roleList = [...new Set(input.roles)].sort();
    await setRoles(tx, u.id, roleList);
    const row = (await findUser(tx, u.id))!;
    const view = userView(row, roleList, cipher);
    await appendAudit(tx, whoFromActor(actor, opts.meta), {
      action: 'user.create',
      entityType: 'user',
      entityId: u.id,
      orgId: org.id,
      orgPath: org.path,
      after: view,
    });
    return view;
  });
}

export async function updateUser(opts: { db: Db; cipher: FieldCipher; actor: Actor; meta: RequestMeta; id: string; input: z.infer<typeof ZUserUpdate> }) {
  const { db, actor, input, cipher } = opts;
  return db.transaction(async (tx) => {
    const row = await findUser(tx, opts.id, true);
    if (!row) throw new AppError('NOT_FOUND', '用户不存在');
    assertInScope(actor, row.orgPath, { entityType: 'user', entityId: row.user.id });
    if (row.user.version !== input.version) throw new AppError('CONFLICT', '该用户已被他人修改，请刷新后重试', { extra: { currentVersion: row.user.version } });
    const before = userView(row, (await rolesByUser(tx, [row.user.id])).get(row.user.id) ?? [], cipher);
    if (input.roles) assertRolesFit(row.orgType, input.roles);
    if (row.user.id === actor.userId) {
      if (input.isActive === false) throw validationError([{ path: 'body.isActive', message: '不能停用本人账号' }]);
      if (input.roles && !input.roles.includes('association_admin') && before.roles.includes('association_admin')) {
        throw validationError([{ path: 'body.roles', message: '不能取消本人的管理员角色' }]);
      }
    }
    await assertConflictOrgs(tx, actor, input.conflictOrgIds);
    const [u] = await tx
      .update(users)
      .set({
        displayName: input.displayName,
        title: input.title,
        phoneEnc: input.phone === undefined ? undefined : cipher.encryptNullable(input.phone),
        emailEnc: input.email === undefined ? undefined : cipher.encryptNullable(input.email),
        idNumberEnc: input.idNumber === undefined ? undefined : cipher.encryptNullable(input.idNumber),
        expertFields: input.expertFields,
        conflictOrgIds: input.conflictOrgIds,
        conflictNote: input.conflictNote,
        isActive: input.isActive,
        version: sql`${users.version} + 1`,
        updatedAt: new Date(),
      })
      .where(and(eq(users.id, row.user.id), eq(users.version, input.version)))
      .returning();
    if (!u) throw new AppError('CONFLICT');
    if (input.roles) await setRoles(tx, u.id, [...new Set(input.roles)].sort());
    // A deactivated user, or one whose roles changed, signs in again.
    if (input.isActive === false || input.roles) await destroyUserSessions(tx, u.id);
    const after = userView((await findUser(tx, u.id))!, (await rolesByUser(tx, [u.id])).get(u.id) ?? [], cipher);
    const changes = diff(before as unknown as Record<string, unknown>, { ...after, version: undefined });
    await appendAudit(tx, whoFromActor(actor, opts.meta), {
      action: 'user.update',
      entityType: 'user',
      entityId: u.id,
      orgId: row.user.orgId,
      orgPath: row.orgPath,
      before: changes.before,
      after: changes.after,
      reason: input.reason ?? null,
    });
    return after;
  });
}

export async function resetPassword(opts: { db: Db; actor: Actor; meta: RequestMeta; id: string; newPassword: string; reason?: string | null }) {
  const { db, actor } = opts;
  const row0 = await findUser(db, opts.id);
  if (!row0) throw new AppError('NOT_FOUND', '用户不存在');
  assertInScope(actor, row0.orgPath, { entityType: 'user', entityId: row0.user.id });
  assertPasswordStrength(opts.newPassword, 'body.newPassword', row0.user.username);
  const hash = await hashPassword(opts.newPassword);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash: hash, passwordChangedAt: new Date(), updatedAt: new Date() }).where(eq(users.id, row0.user.id));
    await destroyUserSessions(tx, row0.user.id);
    await appendAudit(tx, whoFromActor(actor, opts.meta), {
      action: 'user.password.reset',
      entityType: 'user',
      entityId: row0.user.id,
      orgId: row0.user.orgId,
      orgPath: row0.orgPath,
      reason: opts.reason ?? null,
    });
  });
  return { ok: true };
}
