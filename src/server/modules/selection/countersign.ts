// SEL-5, SEL-6: the association sends the list of items with their recommended societies to the
// review offices the programme names; each office records its own opinion; any office may return
// the list with reasons; when all have agreed, the approval by the programme's level is recorded.
import crypto from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { countersignItems, countersignOpinions, countersigns, declarations, organisations, programmes, transferItems, type RecommendedSociety } from '../../db/schema.js';
import type { Actor, RequestMeta } from '../../platform/actor.js';
import { appendAudit, whoFromActor } from '../../platform/audit.js';
import { AppError, validationError, type FieldError } from '../../platform/errors.js';
import { assertInScope } from '../../http/guards.js';
import { addDays, applyEvent, chinaToday } from '../../platform/transition.js';
import { closeTodos, openTodo } from '../../platform/todos.js';
import { notifyOrg } from '../../platform/notify.js';
import { transferItemLifecycle } from '../../../domain/transfer/transfer-item.lifecycle.js';
import { countersignLifecycle, countersignOutcome, type OpinionDecision } from '../../../domain/selection/countersign.lifecycle.js';
import { approvalLevelLabels, type ApprovalLevel, type ProgrammeParameters } from '../../../domain/programme/programme.types.js';
import { officeKindLabels } from '../../../domain/org/org.types.js';

export const OPINION_TODO = 'countersign.opinion';
export const APPROVE_TODO = 'countersign.approve';
export const REVISE_TODO = 'countersign.revise';
export const SELECT_TODO = 'item.select';

export async function findCountersign(tx: DbOrTx, id: string, forUpdate = false) {
  const q = tx.select().from(countersigns).where(eq(countersigns.id, id));
  const [row] = forUpdate ? await q.for('update') : await q;
  return row ?? null;
}

function checkVersion(c: typeof countersigns.$inferSelect, version: number) {
  if (c.version !== version) throw new AppError('CONFLICT', '会签单已有新的变化，请刷新后重试', { extra: { currentVersion: c.version } });
}

export async function sendCountersign(opts: { db: Db; actor: Actor; meta: RequestMeta; input: { programmeId: string; itemIds: string[]; title: string; note?: string | null } }) {
  const { db, actor, input } = opts;
  return db.transaction(async (tx) => {
    const [p] = await tx
      .select({ programme: programmes, path: organisations.path, name: organisations.name })
      .from(programmes)
      .innerJoin(organisations, eq(organisations.id, programmes.associationId))
      .where(eq(programmes.id, input.programmeId));
    if (!p) throw validationError([{ path: 'body.programmeId', message: '方案不存在' }]);
    assertInScope(actor, p.path, { entityType: 'programme', entityId: p.programme.id });
    const params = p.programme.parameters as ProgrammeParameters;
    const ids = [...new Set(input.itemIds)];
    const items = await tx.select().from(transferItems).where(inArray(transferItems.id, ids)).orderBy(transferItems.id).for('update');
    const decls = await tx
      .select({ d: declarations, societyName: organisations.name })
      .from(declarations)
      .innerJoin(organisations, eq(organisations.id, declarations.societyId))
      .where(inArray(declarations.itemId, ids));
    const errors: FieldError[] = [];
    const recommendedBy = new Map<string, RecommendedSociety[]>();
    ids.forEach((id, i) => {
      const item = items.find((x) => x.id === id);
      const path = `body.itemIds.${i}`;
      if (!item || item.programmeId !== p.programme.id) return errors.push({ path, message: '事项不属于本方案' });
      if (item.status !== 'relayed') return errors.push({ path, message: `“${item.title}”当前为${transferItemLifecycle.states[item.status as 'relayed'] ?? item.status}，不能报送会签` });
      const mine = decls.filter((x) => x.d.itemId === id);
      if (mine.some((x) => x.d.status === 'submitted')) return errors.push({ path, message: `“${item.title}”还有待审核的申报，请先审核` });
      const rec = mine.filter((x) => x.d.status === 'recommended');
      if (rec.length === 0) return errors.push({ path, message: `“${item.title}”没有推荐的学会` });
      recommendedBy.set(id, rec.map((x) => ({ declarationId: x.d.id, societyId: x.d.societyId, societyName: x.societyName, reviewOpinion: x.d.reviewOpinion })));
    });
    // SEL-5: the offices the programme names, attached to this association (ORG-1).
    const offices = params.reviewOffices.length
      ? await tx
          .select({ id: organisations.id, kind: organisations.officeKind, name: organisations.name })
          .from(organisations)
          .where(and(eq(organisations.parentId, p.programme.associationId), eq(organisations.type, 'review_office'), eq(organisations.isActive, true), inArray(organisations.officeKind, params.reviewOffices)))
      : [];
    const missing = params.reviewOffices.filter((k) => !offices.some((o) => o.kind === k));
    if (missing.length) errors.push({ path: 'body.programmeId', message: `${p.name}下尚未登记审核部门：${missing.map((k) => officeKindLabels[k]).join('、')}，请先在组织机构中添加` });
    if (errors.length) throw validationError(errors);
    for (const item of items) applyEvent(transferItemLifecycle, item.status, 'sendCountersign');

    const id = crypto.randomUUID();
    const now = new Date();
    const noOffices = params.reviewOffices.length === 0;
    const chosen = params.reviewOffices.map((k) => offices.find((o) => o.kind === k)!);
    await tx.insert(countersigns).values({
      id,
      programmeId: p.programme.id,
      associationId: p.programme.associationId,
      associationPath: p.path,
      title: input.title,
      note: input.note ?? null,
      status: noOffices ? 'approving' : 'countersigning',
      dueAt: addDays(now, params.selectionDays.countersign),
      sentBy: actor.userId,
      approvalLevel: params.approvalLevel,
    });
    for (const item of items) {
      await tx.insert(countersignItems).values({ countersignId: id, itemId: item.id, itemRevision: item.revision, recommended: recommendedBy.get(item.id)! });
    }
    await tx
      .update(transferItems)
      .set({ status: noOffices ? 'approving' : 'countersigning', version: sql`${transferItems.version} + 1`, updatedAt: now })
      .where(inArray(transferItems.id, ids));
    for (const o of chosen) {
      await tx.insert(countersignOpinions).values({ countersignId: id, officeOrgId: o.id, officeKind: o.kind! });
      await openTodo(tx, { kind: OPINION_TODO, title: `会签：${input.title}`, link: `/app/countersigns/${id}`, entityType: 'countersign', entityId: id, assigneeOrgId: o.id, permission: 'countersign.opinion', dueAt: addDays(now, params.selectionDays.countersign) });
      await notifyOrg(tx, o.id, { permission: 'countersign.opinion' }, { title: `请会签：${input.title}`, body: `${p.name}报送可转移职能事项 ${items.length} 项及推荐学会，请审核其合法性和可操作性。`, link: `/app/countersigns/${id}`, entityType: 'countersign', entityId: id });
    }
    if (noOffices) await openApprovalTodo(tx, id, input.title, p.programme.associationId, params);
    await appendAudit(tx, whoFromActor(actor, opts.meta), {
      action: 'countersign.send',
      entityType: 'countersign',
      entityId: id,
      orgId: p.programme.associationId,
      orgPath: p.path,
      after: { title: input.title, items: items.map((i) => ({ id: i.id, title: i.title, recommended: recommendedBy.get(i.id)!.map((r) => r.societyName) })), offices: chosen.map((o) => o.name) },
      reason: input.note ?? null,
    });
    return id;
  });
}

async function openApprovalTodo(tx: DbOrTx, id: string, title: string, associationId: string, params: ProgrammeParameters) {
  await openTodo(tx, {
    kind: APPROVE_TODO,
    title: `报${approvalLevelLabels[params.approvalLevel]}审批并登记结果：${title}`,
    link: `/app/countersigns/${id}`,
    entityType: 'countersign',
    entityId: id,
    assigneeOrgId: associationId,
    permission: 'countersign.approve',
    dueAt: addDays(new Date(), params.selectionDays.approve),
  });
}

/** SEL-5: one office's opinion. The list row is locked, so offices deciding at once line up. */
export async function giveOpinion(opts: { db: Db; actor: Actor; meta: RequestMeta; id: string; version: number; decision: Exclude<OpinionDecision, 'pending'>; opinion: string | null }) {
  const { db, actor } = opts;
  return db.transaction(async (tx) => {
    const c = await findCountersign(tx, opts.id, true);
    if (!c) throw new AppError('NOT_FOUND', '会签单不存在');
    const ops = await tx.select().from(countersignOpinions).where(eq(countersignOpinions.countersignId, c.id));
    const mine = ops.find((o) => o.officeOrgId === actor.orgId);
    if (!mine) throw new AppError('OUT_OF_SCOPE', '该会签单未送本部门', { extra: { entityType: 'countersign', entityId: c.id } });
    applyEvent(countersignLifecycle, c.status, 'opinion');
    checkVersion(c, opts.version);
    if (mine.decision !== 'pending') throw new AppError('INVALID_STATE', '本部门已提出会签意见');
    if (opts.decision === 'return' && !opts.opinion) throw validationError([{ path: 'body.opinion', message: '退回须填写理由' }]);
    const now = new Date();
    await tx
      .update(countersignOpinions)
      .set({ decision: opts.decision, opinion: opts.opinion, decidedAt: now, decidedBy: actor.userId, decidedByName: actor.displayName })
      .where(and(eq(countersignOpinions.countersignId, c.id), eq(countersignOpinions.officeOrgId, actor.orgId)));
    await closeTodos(tx, { entityType: 'countersign', entityId: c.id, kind: OPINION_TODO, assigneeOrgId: actor.orgId }, actor.userId);
    const decisions = ops.map((o) => (o.officeOrgId === actor.orgId ? opts.decision : (o.decision as OpinionDecision)));
    const outcome = countersignOutcome(decisions);
    const itemIds = (await tx.select({ id: countersignItems.itemId }).from(countersignItems).where(eq(countersignItems.countersignId, c.id))).map((r) => r.id);
    const [p] = await tx.select({ parameters: programmes.parameters }).from(programmes).where(eq(programmes.id, c.programmeId));
    const params = p.parameters as ProgrammeParameters;
    let status = c.status;
    if (outcome === 'returned') {
      status = applyEvent(countersignLifecycle, c.status, 'return');
      await moveItems(tx, itemIds, 'returnCountersign');
      // The other offices need not decide any more.
      await closeTodos(tx, { entityType: 'countersign', entityId: c.id, kind: OPINION_TODO }, actor.userId);
      await openTodo(tx, { kind: REVISE_TODO, title: `会签被${actor.orgName}退回，请修改后重新报送：${c.title}`, link: `/app/countersigns/${c.id}`, entityType: 'countersign', entityId: c.id, assigneeOrgId: c.associationId, permission: 'countersign.send', dueAt: null });
      await notifyOrg(tx, c.associationId, { permission: 'countersign.send' }, { title: `会签被退回：${c.title}`, body: `${actor.orgName}：${opts.opinion ?? ''}`, link: `/app/countersigns/${c.id}`, entityType: 'countersign', entityId: c.id });
    } else if (outcome === 'agreed') {
      status = applyEvent(countersignLifecycle, c.status, 'allAgreed');
      await moveItems(tx, itemIds, 'agreeCountersign');
      await openApprovalTodo(tx, c.id, c.title, c.associationId, params);
    }
    await tx
      .update(countersigns)
      .set({ status, decidedAt: outcome === 'pending' ? null : now, version: sql`${countersigns.version} + 1` })
      .where(and(eq(countersigns.id, c.id), eq(countersigns.version, opts.version)));
    await appendAudit(tx, whoFromActor(actor, opts.meta), {
      action: `countersign.${opts.decision}`,
      entityType: 'countersign',
      entityId: c.id,
      orgId: c.associationId,
      orgPath: c.associationPath,
      before: { status: c.status, office: actor.orgName, decision: 'pending' },
      after: { status, office: actor.orgName, decision: opts.decision },
      reason: opts.opinion,
    });
    return c.id;
  });
}

async function moveItems(tx: DbOrTx, itemIds: string[], event: 'returnCountersign' | 'agreeCountersign' | 'approve') {
  const rows = await tx.select({ id: transferItems.id, status: transferItems.status }).from(transferItems).where(inArray(transferItems.id, itemIds)).orderBy(transferItems.id).for('update');
  for (const r of rows) {
    const to = applyEvent(transferItemLifecycle, r.status, event);
    await tx.update(transferItems).set({ status: to, version: sql`${transferItems.version} + 1`, updatedAt: new Date() }).where(eq(transferItems.id, r.id));
  }
  return rows;
}

/** SEL-6: the association records the approval by the level the programme names. */
export async function recordApproval(opts: { db: Db; actor: Actor; meta: RequestMeta; id: string; version: number; approvalDocument: string; approvedOn: string; note?: string | null }) {
  const { db, actor } = opts;
  return db.transaction(async (tx) => {
    const c = await findCountersign(tx, opts.id, true);
    if (!c) throw new AppError('NOT_FOUND', '会签单不存在');
    assertInScope(actor, c.associationPath, { entityType: 'countersign', entityId: c.id });
    const to = applyEvent(countersignLifecycle, c.status, 'approve');
    checkVersion(c, opts.version);
    if (opts.approvedOn > chinaToday()) throw validationError([{ path: 'body.approvedOn', message: '批准日期不能晚于今天' }]);
    const [p] = await tx.select({ parameters: programmes.parameters }).from(programmes).where(eq(programmes.id, c.programmeId));
    const params = p.parameters as ProgrammeParameters;
    await tx
      .update(countersigns)
      .set({ status: to, approvalDocument: opts.approvalDocument, approvedOn: opts.approvedOn, approvalNote: opts.note ?? null, version: sql`${countersigns.version} + 1` })
      .where(and(eq(countersigns.id, c.id), eq(countersigns.version, opts.version)));
    await closeTodos(tx, { entityType: 'countersign', entityId: c.id, kind: APPROVE_TODO }, actor.userId);
    const itemIds = (await tx.select({ id: countersignItems.itemId }).from(countersignItems).where(eq(countersignItems.countersignId, c.id))).map((r) => r.id);
    await moveItems(tx, itemIds, 'approve');
    const items = await tx.select().from(transferItems).where(inArray(transferItems.id, itemIds));
    for (const item of items) {
      // SEL-6: the department chooses among the recommended societies.
      await openTodo(tx, { kind: SELECT_TODO, title: `择优确定承接学会：${item.title}`, link: `/app/items/${item.id}`, entityType: 'transfer_item', entityId: item.id, assigneeOrgId: item.departmentId, permission: 'selection.decide', dueAt: addDays(new Date(), params.selectionDays.select) });
      await notifyOrg(tx, item.departmentId, { permission: 'selection.decide' }, { title: `可择优确定承接学会：${item.title}`, body: `${approvalLevelLabels[c.approvalLevel as ApprovalLevel]}已同意（${opts.approvalDocument}），请在推荐学会中择优确定委托主体。`, link: `/app/items/${item.id}`, entityType: 'transfer_item', entityId: item.id });
    }
    await appendAudit(tx, whoFromActor(actor, opts.meta), {
      action: 'countersign.approve',
      entityType: 'countersign',
      entityId: c.id,
      orgId: c.associationId,
      orgPath: c.associationPath,
      before: { status: c.status },
      after: { status: to, approvalLevel: c.approvalLevel, approvalDocument: opts.approvalDocument, approvedOn: opts.approvedOn },
      reason: opts.note ?? null,
    });
    return c.id;
  });
}
