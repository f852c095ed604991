// CAP-1 (issue 13 step 1): the yearly call (申报通知) of a capacity-improvement programme. The
// association that runs the programme writes it; when the programme's `financeBureauCoManages`
// says so, the finance bureau attached to that association (a participant unit whose parent is the
// association — the same bureau that decides the programme's approval steps, supervision/approvals.ts
// approverOrgs) confirms it before it is published; publishing reaches every society the programme
// reaches (the relay's rule, `relayIncludesSubordinateSocieties`: platform/notify.ts societiesReached)
// with a to-do due on the closing day and a notification. Every change is audited in the same
// transaction, with its to-dos and notifications.
import { and, eq, inArray, isNotNull, ne, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db, DbOrTx } from '../../db/client.js';
import { capacityCalls, organisations, users } from '../../db/schema.js';
import type { Actor, RequestMeta } from '../../platform/actor.js';
import { appendAudit, whoFromActor } from '../../platform/audit.js';
import { AppError, validationError } from '../../platform/errors.js';
import { addDays, applyEvent, chinaToday } from '../../platform/transition.js';
import { closeTodos, openTodo, openTodosForSocieties } from '../../platform/todos.js';
import { timeKeyOf } from '../../http/paging.js';
import { notifyOrg, notifySocieties, type SocietyReach } from '../../platform/notify.js';
import { isInScope } from '../../../domain/access/roles.js';
import { endOfChinaDay } from '../../../domain/calendar-day.js';
import { formatYuan } from '../../../domain/money.js';
import { programmeKindLabels, type ProgrammeParameters } from '../../../domain/programme/programme.types.js';
import { callLifecycle, callProblems, publishProblem, submitProblem, type CallEvent, type CallInput, type CallState } from '../../../domain/capacity/call.js';
import { assertProgrammeRowReadable } from '../programmes/programme-scope.js';
import { financeBureausOf } from '../orgs/orgs.repo.js';
import { findProgramme } from '../programmes/programmes.repo.js';

export type CallRow = typeof capacityCalls.$inferSelect;

export const CALL_CONFIRM_TODO = 'capacityCall.confirm';
export const CALL_APPLY_TODO = 'capacityCall.apply';
export const callLink = (id: string) => `/app/capacity-calls/${id}`;

export interface ProgrammeForCalls {
  id: string;
  name: string;
  status: string;
  kind: string;
  associationId: string;
  associationName: string;
  associationPath: string;
  parameters: ProgrammeParameters;
  /** the actor works for the programme's association and keeps its calls */
  mine: boolean;
  /** the actor works for a finance bureau attached to the programme's association and confirms its calls */
  confirmer: boolean;
  /** the actor reads the calls in every state (association staff over the programme) */
  readsAll: boolean;
  /** the actor reads the calls sent to the finance bureau (bureaus attached within the scope) */
  readsSent: boolean;
}

/**
 * A programme whose calls the actor may read: the programme readable (programme-scope.ts, 403
 * OUT_OF_SCOPE otherwise). `lock` takes the programme row FOR UPDATE (serialises the calls of a
 * programme: one per year).
 */
export async function loadProgramme(db: DbOrTx, actor: Actor, programmeId: string, opts: { lock?: boolean } = {}): Promise<ProgrammeForCalls> {
  const r = await findProgramme(db, programmeId, opts.lock);
  if (!r) throw new AppError('NOT_FOUND', '方案不存在');
  assertProgrammeRowReadable(actor, r);
  const manages = actor.orgType === 'association' && actor.permissions.has('capacityCall.manage');
  const confirms = actor.orgType === 'finance_bureau' && actor.permissions.has('capacityCall.confirm');
  return {
    ...programmeFields(r),
    mine: manages && actor.orgId === r.p.associationId,
    // a finance bureau's data scope is the association it is attached to (domain/access/roles.ts scopeRootPath)
    confirmer: confirms && actor.scopePath === r.associationPath,
    readsAll: manages && isInScope(actor.scopePath, r.associationPath),
    // the bureau attached to exactly this association: a bureau higher up does not read a city's calls in draft
    readsSent: confirms && actor.scopePath === r.associationPath,
  };
}

/** The programme's own fields, whoever asks (the actor's rights are loadProgramme's to add). */
export function programmeFields(r: NonNullable<Awaited<ReturnType<typeof findProgramme>>>): Omit<ProgrammeForCalls, 'mine' | 'confirmer' | 'readsAll' | 'readsSent'> {
  return {
    id: r.p.id,
    name: r.p.name,
    status: r.p.status,
    kind: r.p.kind,
    associationId: r.p.associationId,
    associationName: r.associationName,
    associationPath: r.associationPath,
    parameters: r.p.parameters as ProgrammeParameters,
  };
}

export const coManaged = (prog: Pick<ProgrammeForCalls, 'parameters'>) => prog.parameters.financeBureauCoManages === true;

/**
 * Whether the actor sees a call (the programme already readable): the association staff over the
 * programme every call; the finance bureaus within the scope a call once sent to them (returned
 * ones too); everyone else who reads the programme the published and closed calls.
 */
export function mayReadCall(prog: ProgrammeForCalls, c: { status: string; submittedAt: Date | null }): boolean {
  if (prog.readsAll) return true;
  if (prog.readsSent && (c.status !== 'draft' || c.submittedAt !== null)) return true;
  return c.status === 'published' || c.status === 'closed';
}

/** The same rule as a condition on capacity_calls, for a programme's list. */
export function callReadScope(prog: ProgrammeForCalls): SQL | undefined {
  if (prog.readsAll) return undefined;
  if (prog.readsSent) return or(ne(capacityCalls.status, 'draft'), isNotNull(capacityCalls.submittedAt));
  return inArray(capacityCalls.status, ['published', 'closed']);
}

/** What the actor may do next with a call. */
export function callActionsFor(prog: ProgrammeForCalls, status: CallState): ('edit' | 'submit' | 'withdraw' | 'confirm' | 'return' | 'publish' | 'close')[] {
  const out: ('edit' | 'submit' | 'withdraw' | 'confirm' | 'return' | 'publish' | 'close')[] = [];
  const co = coManaged(prog);
  if (prog.mine) {
    if (status === 'draft') out.push('edit');
    if (status === 'draft' && co && prog.status === 'published') out.push('submit');
    if (status === 'pendingConfirmation' || status === 'confirmed') out.push('withdraw');
    if ((status === 'confirmed' || (status === 'draft' && !co)) && prog.status === 'published') out.push('publish');
    if (status === 'published') out.push('close');
  }
  if (prog.confirmer && status === 'pendingConfirmation') out.push('confirm', 'return');
  return out;
}

// ------------------------------------------------------------------------------------------------
// Reads
// ------------------------------------------------------------------------------------------------

const confirmer = alias(users, 'confirmer');
const confirmedOrg = alias(organisations, 'confirmed_org');

/** The call with the names its view shows, and its key in the programme's list (created_at as cursor text). */
export const callColumns = {
  c: capacityCalls,
  confirmedByName: confirmer.displayName,
  confirmedOrgName: confirmedOrg.name,
  key: timeKeyOf(capacityCalls.createdAt),
};
export const callsFrom = (db: DbOrTx) =>
  db.select(callColumns).from(capacityCalls).leftJoin(confirmer, eq(confirmer.id, capacityCalls.confirmedBy)).leftJoin(confirmedOrg, eq(confirmedOrg.id, capacityCalls.confirmedOrgId));
export type CallWithNames = { c: CallRow; confirmedByName: string | null; confirmedOrgName: string | null; key: string };

export async function findCall(db: DbOrTx, id: string, lock = false): Promise<CallRow | undefined> {
  const q = db.select().from(capacityCalls).where(eq(capacityCalls.id, id));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

// ------------------------------------------------------------------------------------------------
// Writes
// ------------------------------------------------------------------------------------------------

function audit(tx: DbOrTx, actor: Actor, meta: RequestMeta, prog: ProgrammeForCalls, e: { action: string; id: string; before?: unknown; after?: unknown; reason?: string | null }) {
  return appendAudit(tx, whoFromActor(actor, meta), {
    action: e.action,
    entityType: 'capacity_call',
    entityId: e.id,
    orgId: prog.associationId,
    orgPath: prog.associationPath,
    before: e.before,
    after: e.after,
    reason: e.reason ?? null,
  });
}

/** The association's own right to write the programme's calls; the programme must be a capacity plan. */
function assertKeeper(prog: ProgrammeForCalls): void {
  if (prog.kind !== 'capacityPlan') {
    throw new AppError('INVALID_STATE', `“${prog.name}”是${programmeKindLabels[prog.kind as keyof typeof programmeKindLabels] ?? prog.kind}方案，只有学会服务能力提升计划才发布申报通知`);
  }
  if (!prog.mine) throw new AppError('FORBIDDEN', `申报通知由${prog.associationName}编制和发布`);
}

/** The rules that need the programme (PRG-2: its types and funds; CAP-1: within the budget). */
function assertFits(input: CallInput, prog: ProgrammeForCalls): void {
  const errors = callProblems(input, prog.parameters);
  if (errors.length) throw validationError(errors, errors.map((e) => e.message).join('；'));
}

async function assertYearFree(tx: DbOrTx, programmeId: string, year: number, exceptId: string | null): Promise<void> {
  const [taken] = await tx.select({ id: capacityCalls.id }).from(capacityCalls).where(and(eq(capacityCalls.programmeId, programmeId), eq(capacityCalls.year, year)));
  if (taken && taken.id !== exceptId) throw new AppError('DUPLICATE', `本方案 ${year} 年度的申报通知已存在，每个年度只发布一份申报通知`);
}

const stale = (current: number) => new AppError('CONFLICT', '申报通知已被他人修改，请刷新后重试', { extra: { currentVersion: current } });

const fieldsOf = (input: CallInput) => ({
  year: input.year,
  title: input.title,
  description: input.description,
  contact: input.contact ?? null,
  budgetFen: input.budgetFen,
  fundCode: input.fundCode,
  opensOn: input.opensOn,
  closesOn: input.closesOn,
  types: input.types.map((t) => ({ code: t.code, quota: t.quota, awardFen: t.awardFen })),
});
const auditFields = (c: Pick<CallRow, 'year' | 'title' | 'budgetFen' | 'fundCode' | 'opensOn' | 'closesOn' | 'types'>) => ({
  year: c.year,
  title: c.title,
  budgetFen: c.budgetFen,
  fundCode: c.fundCode,
  opensOn: c.opensOn,
  closesOn: c.closesOn,
  types: c.types,
});

export async function createCall(opts: { db: Db; actor: Actor; meta: RequestMeta; programmeId: string; input: CallInput }): Promise<string> {
  const { db, actor, input } = opts;
  return db.transaction(async (tx) => {
    const prog = await loadProgramme(tx, actor, opts.programmeId, { lock: true });
    assertKeeper(prog);
    assertFits(input, prog);
    await assertYearFree(tx, prog.id, input.year, null);
    const [row] = await tx
      .insert(capacityCalls)
      .values({ programmeId: prog.id, associationId: prog.associationId, associationPath: prog.associationPath, ...fieldsOf(input), createdBy: actor.userId })
      .returning();
    await audit(tx, actor, opts.meta, prog, { action: 'capacityCall.create', id: row.id, after: { ...auditFields(row), status: row.status } });
    return row.id;
  });
}

/** The call locked for a change, with its programme (locked first: the order every change takes). */
async function lockCall(tx: DbOrTx, actor: Actor, id: string, rowVersion: number): Promise<{ row: CallRow; prog: ProgrammeForCalls }> {
  const first = await findCall(tx, id);
  if (!first) throw new AppError('NOT_FOUND', '申报通知不存在');
  const prog = await loadProgramme(tx, actor, first.programmeId, { lock: true });
  if (!mayReadCall(prog, first)) throw new AppError('NOT_FOUND', '申报通知不存在');
  const row = (await findCall(tx, id, true))!;
  if (row.rowVersion !== rowVersion) throw stale(row.rowVersion);
  return { row, prog };
}

export async function editCall(opts: { db: Db; actor: Actor; meta: RequestMeta; id: string; rowVersion: number; input: CallInput }): Promise<void> {
  const { db, actor, input } = opts;
  await db.transaction(async (tx) => {
    const { row, prog } = await lockCall(tx, actor, opts.id, opts.rowVersion);
    assertKeeper(prog);
    if (row.status !== 'draft') throw new AppError('INVALID_STATE', `“${callLifecycle.states[row.status as CallState] ?? row.status}”的申报通知不能修改${row.status === 'pendingConfirmation' || row.status === 'confirmed' ? '，请先撤回' : ''}`);
    assertFits(input, prog);
    await assertYearFree(tx, prog.id, input.year, row.id);
    await tx
      .update(capacityCalls)
      .set({ ...fieldsOf(input), updatedAt: new Date(), rowVersion: sql`${capacityCalls.rowVersion} + 1` })
      .where(eq(capacityCalls.id, row.id));
    await audit(tx, actor, opts.meta, prog, { action: 'capacityCall.edit', id: row.id, before: auditFields(row), after: auditFields({ ...row, ...fieldsOf(input) }) });
  });
}

const AUDIT_ACTION = {
  submit: 'capacityCall.submit',
  confirm: 'capacityCall.confirm',
  return: 'capacityCall.return',
  withdraw: 'capacityCall.withdraw',
  publish: 'capacityCall.publish',
  close: 'capacityCall.close',
} as const satisfies Record<CallEvent, string>;

/**
 * A step of the call's lifecycle: the association submits it to the finance bureau, withdraws it,
 * publishes or closes it; the finance bureau confirms or returns it. Refusals: the wrong party
 * (403), the wrong state or a programme not published (409), a stale version (409).
 */
export async function changeCall(opts: { db: Db; actor: Actor; meta: RequestMeta; id: string; rowVersion: number; event: CallEvent; comment?: string | null }): Promise<void> {
  const { db, actor, event } = opts;
  await db.transaction(async (tx) => {
    const { row, prog } = await lockCall(tx, actor, opts.id, opts.rowVersion);
    const co = coManaged(prog);
    if (event === 'confirm' || event === 'return') {
      if (!prog.confirmer) throw new AppError('FORBIDDEN', `申报通知由${prog.associationName}所在地的财政局确认`);
    } else {
      assertKeeper(prog);
    }
    // the finance bureau reads a programme once it is published (programme-scope.ts): nothing goes out before
    if ((event === 'submit' || event === 'publish') && prog.status !== 'published') {
      throw new AppError('INVALID_STATE', `方案“${prog.name}”尚未发布或已结束，不能${event === 'submit' ? '提交财政局确认' : '发布申报通知'}`);
    }
    const to = applyEvent(callLifecycle, row.status, event);
    const now = new Date();
    const set: Partial<typeof capacityCalls.$inferInsert> = { status: to, updatedAt: now };
    const link = callLink(row.id);
    let after: Record<string, unknown> = { status: to };

    if (event === 'submit') {
      const problem = submitProblem(co);
      if (problem) throw new AppError('INVALID_STATE', problem);
      const bureaus = await financeBureausOf(tx, prog.associationId);
      if (!bureaus.length) throw new AppError('INVALID_STATE', `${prog.associationName}尚未登记财政局：请先在组织机构中登记参与单位“财政局”，再提交确认`);
      Object.assign(set, { submittedAt: now, submittedBy: actor.userId, returnComment: null });
      const dueAt = addDays(now, prog.parameters.selectionDays.review);
      for (const orgId of bureaus) {
        await openTodo(tx, { kind: CALL_CONFIRM_TODO, title: `确认申报通知：${row.title}`, link, entityType: 'capacity_call', entityId: row.id, assigneeOrgId: orgId, permission: 'capacityCall.confirm', dueAt });
        await notifyOrg(tx, orgId, { permission: 'capacityCall.confirm' }, {
          title: `${prog.associationName}提交申报通知，请确认`,
          body: `“${row.title}”：年度预算 ${formatYuan(row.budgetFen)}，申报期 ${row.opensOn} 至 ${row.closesOn}。`,
          link,
          entityType: 'capacity_call',
          entityId: row.id,
        });
      }
    }
    if (event === 'withdraw' || event === 'confirm' || event === 'return') {
      await closeTodos(tx, { entityType: 'capacity_call', entityId: row.id, kind: CALL_CONFIRM_TODO }, actor.userId);
    }
    if (event === 'withdraw') Object.assign(set, { confirmedAt: null, confirmedBy: null, confirmedOrgId: null });
    if (event === 'confirm' || event === 'return') {
      if (event === 'confirm') Object.assign(set, { confirmedAt: now, confirmedBy: actor.userId, confirmedOrgId: actor.orgId });
      else Object.assign(set, { returnComment: opts.comment ?? null });
      after = { ...after, comment: opts.comment ?? null };
      await notifyOrg(tx, prog.associationId, { permission: 'capacityCall.manage' }, {
        title: event === 'confirm' ? `${actor.orgName}已确认申报通知` : `${actor.orgName}退回申报通知`,
        body: `“${row.title}”${opts.comment ? `：${opts.comment}` : ''}`,
        link,
        entityType: 'capacity_call',
        entityId: row.id,
      });
    }
    if (event === 'publish') {
      const problem = publishProblem(row.status as CallState, co);
      if (problem) throw new AppError('INVALID_STATE', problem);
      const today = chinaToday();
      if (row.closesOn < today) throw new AppError('INVALID_STATE', `申报截止日期（${row.closesOn}）已过，请修改后再发布`);
      // SEL-1's reach (PRG-2): the association's own societies, or its whole subtree when the programme says so
      const reach: SocietyReach = { associationId: prog.associationId, associationPath: prog.associationPath, includeSubordinate: prog.parameters.relayIncludesSubordinateSocieties === true };
      const societyCount = await openTodosForSocieties(tx, reach, {
        kind: CALL_APPLY_TODO,
        title: `${prog.associationName}发布申报通知：${row.title}，请于 ${row.closesOn} 前申报`,
        link,
        entityType: 'capacity_call',
        entityId: row.id,
        permission: 'capacityApplication.submit',
        dueAt: endOfChinaDay(row.closesOn),
      });
      await notifySocieties(tx, reach, { permission: 'capacityApplication.submit' }, {
        title: `${prog.associationName}发布申报通知`,
        body: `“${row.title}”：申报期 ${row.opensOn} 至 ${row.closesOn}。`,
        link,
        entityType: 'capacity_call',
        entityId: row.id,
      });
      Object.assign(set, { publishedAt: now, publishedBy: actor.userId });
      after = { ...after, societyCount };
    }
    if (event === 'close') {
      await closeTodos(tx, { entityType: 'capacity_call', entityId: row.id, kind: CALL_APPLY_TODO }, actor.userId);
      Object.assign(set, { closedAt: now, closedBy: actor.userId });
    }

    await tx
      .update(capacityCalls)
      .set({ ...set, rowVersion: sql`${capacityCalls.rowVersion} + 1` })
      .where(eq(capacityCalls.id, row.id));
    await audit(tx, actor, opts.meta, prog, { action: AUDIT_ACTION[event], id: row.id, before: { status: row.status }, after, reason: opts.comment ?? null });
  });
}
