// CAP-5, PUB-1 (issue 13 step 5): the public notice (公示) of a yearly call's results and the
// objections to it.
//  - The association that runs the programme publishes the notice once every application of the
//    call has its result (none still passed / under expert review / reviewed) and at least one is
//    selected (《实施方案》五、2：评审合格的项目进行公示): the selected applications, from today (China
//    day) for the programme's notice period (PRG-2: `noticePeriodDays` calendar days; the evaluation
//    notice of CAP-6 takes `evaluationNoticeDays` through the same function: evaluation.ts). One
//    result notice per call (a unique index; the call's row lock serialises two publishers); as many
//    evaluation notices as the evaluations need.
//  - Anyone may object on the portal while the notice is open (startsOn ≤ today ≤ endsOn): the
//    content, a contact (phone or e-mail) and optionally a name, both SM4-encrypted; the address is
//    kept only as a keyed hash (HMAC-SM3 under the data key), which a per-notice daily limit counts.
//    The association gets a to-do and a notification for each objection.
//  - The association handles each objection with an outcome and its reasons; the society concerned
//    is told. When the notice has closed (close-notices.ts), each result is settled by one rule
//    (`resultAfterNotice`): an upheld objection on it → objectionUpheld (it does not proceed); one
//    still pending → it stays selected until handled, and handling it settles it; none → approved.
//    An objection to the notice as a whole (no application named) counts for every result on it.
//    An evaluation notice's evaluations are settled by the same rule (evaluation-settle.ts).
// Lock order everywhere: the notice, then its objections, then its applications.
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { Db, DbOrTx } from '../../db/client.js';
import { capacityApplications, capacityCalls, capacityEvaluations, capacityNotices, capacityObjections, organisations, programmes, users } from '../../db/schema.js';
import type { Actor, RequestMeta } from '../../platform/actor.js';
import { appendAudit, whoFromActor, type AuditWho } from '../../platform/audit.js';
import { AppError, validationError } from '../../platform/errors.js';
import { addDays, applyEvent, chinaToday } from '../../platform/transition.js';
import { closeTodos, openTodo } from '../../platform/todos.js';
import { notifyOrg } from '../../platform/notify.js';
import type { FieldCipher } from '../../platform/crypto/field-cipher.js';
import { maskEmail, maskName, maskPhone } from '../../platform/crypto/mask.js';
import { startOfChinaDay } from '../../../domain/calendar-day.js';
import { optText, text } from '../../../domain/supervision/common.js';
import { applicationLifecycle, offeredTypes, type ApplicationState } from '../../../domain/capacity/application.js';
import { evaluationNoticeOutcomeLabels, type EvaluationNoticeOutcome } from '../../../domain/capacity/evaluation.js';
import { scoreText } from '../../../domain/capacity/scoring.js';
import type { ProgrammeParameters } from '../../../domain/programme/programme.types.js';
import {
  noticeKindLabels,
  noticeStatusLabels,
  objectionStatusLabels,
  type CapacityNotice,
  type CapacityNoticeSummary,
  type CapacityObjection,
  type NoticeKind,
  type NoticeResult,
  type ObjectionStatus,
  type PublicNoticeResult,
} from '../../../contract/capacity-notices.js';
import { ruleRefOf, type HasRuleClauses } from '../../../domain/programme/rule-clauses.js';
import { coManaged, findCall, loadProgramme, mayReadCall, type CallRow, type ProgrammeForCalls } from './calls.js';
import { applicationLink, reviews } from './applications.js';
import { lockForSettlement, settleEvaluations } from './evaluation-settle.js';

export type NoticeRow = typeof capacityNotices.$inferSelect;
export type ObjectionRow = typeof capacityObjections.$inferSelect;

export const OBJECTION_TODO = 'capacityObjection.handle';
export const noticeLink = (id: string) => `/app/capacity-notices/${id}`;

/** Where a refusal of a notice comes from (the problem+json names both; a page shows the clause). */
/** The rule behind a notice of each kind, with the programme's clause. */
const noticeRuleOf = (params: HasRuleClauses, kind: NoticeKind) => ruleRefOf(params, kind === 'evaluation' ? 'evaluation' : 'resultNotice');

/**
 * Objections one address may file on one notice in one China day (the database's check; the route
 * also has a per-minute limit in the process). A platform safeguard against flooding, not a rule of
 * the programme.
 */
export const OBJECTIONS_PER_ADDRESS_PER_DAY = 5;
const IP_HASH_LABEL = 'capacity-objection/ip';

/** The programme parameter that gives each kind's period (PRG-2: read, never a literal). */
export const noticeDaysParam = { result: 'noticePeriodDays', evaluation: 'evaluationNoticeDays' } as const satisfies Record<NoticeKind, keyof ProgrammeParameters>;

/** The application states in which a call's result is not yet decided (a result notice waits for them). */
export const undecidedStates: readonly ApplicationState[] = ['passed', 'expertReview', 'reviewed'];

// ------------------------------------------------------------------------------------------------
// Inputs
// ------------------------------------------------------------------------------------------------

export const ZNoticeInput = z
  .object({
    title: text(200, '公示标题'),
    body: text(20000, '公示内容'),
  })
  .strict();
export type NoticeInput = z.infer<typeof ZNoticeInput>;

const PHONE = /^[0-9+\-() ]{5,20}$/;
const isEmail = (v: string) => z.email().safeParse(v).success;
export const ZObjectionInput = z
  .object({
    applicationId: z.uuid('项目编号格式不正确').nullable().optional().describe('所针对的项目；不填表示针对整个公示'),
    content: text(2000, '异议内容'),
    name: optText(50, '姓名'),
    contact: z
      .string({ error: '请填写联系方式' })
      .trim()
      .min(1, '请填写联系方式')
      .max(120, '联系方式不能超过 120 个字符')
      .refine((v) => PHONE.test(v) || isEmail(v), '联系方式应为电话号码或电子邮箱'),
  })
  .strict();
export type ObjectionInput = z.infer<typeof ZObjectionInput>;

export const ZHandleInput = z
  .object({
    rowVersion: z.number({ error: '缺少版本号' }).int('版本号应为整数').min(1, '版本号不正确'),
    outcome: z.enum(['upheld', 'notUpheld'], { error: '请选择处理结果：异议成立或异议不成立' }),
    reason: text(2000, '处理理由'),
  })
  .strict();
export type HandleInput = z.infer<typeof ZHandleInput>;

// ------------------------------------------------------------------------------------------------
// Rules
// ------------------------------------------------------------------------------------------------

/** `day` plus `n` calendar days (YYYY-MM-DD). */
export function plusDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** Whether a notice takes objections on `today`: open, and today within its period (both days counted). */
export const acceptsObjections = (n: Pick<NoticeRow, 'status' | 'startsOn' | 'endsOn'>, today: string): boolean => n.status === 'open' && n.startsOn <= today && today <= n.endsOn;

/**
 * CAP-5: what becomes of a selected result once its notice has closed, from the objections that
 * concern it (its own and those to the notice as a whole): any upheld → it does not proceed; any
 * still pending → it waits (null); otherwise → approved.
 */
export function resultAfterNotice(objections: readonly { status: string }[]): 'approve' | 'uphold' | null {
  if (objections.some((o) => o.status === 'upheld')) return 'uphold';
  if (objections.some((o) => o.status === 'pending')) return null;
  return 'approve';
}

const concerns = (o: Pick<ObjectionRow, 'applicationId'>, applicationId: string) => o.applicationId === null || o.applicationId === applicationId;

/** Who reads a notice with its objections inside the platform: the association staff over the programme, the co-managing finance bureau. */
export function readsNotices(prog: ProgrammeForCalls, actor: Actor): boolean {
  if (actor.orgType === 'association') return prog.readsAll;
  if (actor.orgType === 'finance_bureau') return actor.permissions.has('fund.read') && actor.scopePath === prog.associationPath && coManaged(prog);
  return false;
}

// ------------------------------------------------------------------------------------------------
// Publishing
// ------------------------------------------------------------------------------------------------

function auditNotice(tx: DbOrTx, who: AuditWho, n: Pick<NoticeRow, 'id' | 'associationId' | 'associationPath'>, e: { action: string; before?: unknown; after?: unknown; reason?: string | null }) {
  return appendAudit(tx, who, { action: e.action, entityType: 'capacity_notice', entityId: n.id, orgId: n.associationId, orgPath: n.associationPath, before: e.before, after: e.after, reason: e.reason ?? null });
}

export interface PickedApplication {
  id: string;
  title: string;
  societyId: string;
}

/**
 * A notice of any kind: the call read and kept by the actor's association, locked (one result notice
 * per call), the applications chosen by `pick` (which refuses when the call is not ready), the
 * period from today for the programme's days of that kind; `after` records what the notice now
 * holds (evaluation.ts). Returns the new notice's id.
 */
export async function publishNotice(opts: {
  db: Db;
  actor: Actor;
  meta: RequestMeta;
  callId: string;
  kind: NoticeKind;
  input: NoticeInput;
  pick: (tx: DbOrTx, call: CallRow, prog: ProgrammeForCalls) => Promise<PickedApplication[]>;
  notice: (a: PickedApplication, endsOn: string) => { title: string; body: string };
  after?: (tx: DbOrTx, noticeId: string, picked: PickedApplication[]) => Promise<void>;
}): Promise<string> {
  const { db, actor, kind } = opts;
  return db.transaction(async (tx) => {
    const first = await findCall(tx, opts.callId);
    if (!first) throw new AppError('NOT_FOUND', '申报通知不存在');
    const prog = await loadProgramme(tx, actor, first.programmeId);
    if (!mayReadCall(prog, first)) throw new AppError('NOT_FOUND', '申报通知不存在');
    if (!reviews(prog, actor)) throw new AppError('FORBIDDEN', `公示由${prog.associationName}发布`);
    const call = (await findCall(tx, first.id, true))!;
    if (call.status !== 'published' && call.status !== 'closed') throw new AppError('INVALID_STATE', '申报通知尚未发布，没有可公示的结果');
    const [taken] = kind === 'result' ? await tx.select({ id: capacityNotices.id }).from(capacityNotices).where(and(eq(capacityNotices.callId, call.id), eq(capacityNotices.kind, kind))) : [];
    if (taken) throw new AppError('DUPLICATE', `本次申报通知的${noticeKindLabels[kind]}已经发布，每次只发布一次`, { extra: { noticeId: taken.id } });
    const picked = await opts.pick(tx, call, prog);
    const startsOn = chinaToday();
    const days = prog.parameters[noticeDaysParam[kind]];
    const endsOn = plusDays(startsOn, days);
    const [row] = await tx
      .insert(capacityNotices)
      .values({
        callId: call.id,
        programmeId: call.programmeId,
        associationId: call.associationId,
        associationPath: call.associationPath,
        kind,
        title: opts.input.title,
        body: opts.input.body,
        applicationIds: picked.map((a) => a.id),
        startsOn,
        endsOn,
        publishedBy: actor.userId,
      })
      .returning();
    await opts.after?.(tx, row.id, picked);
    for (const a of picked) {
      await notifyOrg(tx, a.societyId, { permission: 'capacityApplication.submit' }, { ...opts.notice(a, endsOn), link: applicationLink(a.id), entityType: 'capacity_application', entityId: a.id });
    }
    await auditNotice(tx, whoFromActor(actor, opts.meta), row, {
      action: kind === 'result' ? 'capacityNotice.publish' : 'capacityNotice.publishEvaluation',
      after: { status: row.status, title: row.title, startsOn, endsOn, days, applicationCount: picked.length },
    });
    return row.id;
  });
}

/**
 * CAP-5: the notice of a call's results: refused while any application is undecided or when none
 * is selected, citing 《实施方案》五、2.
 */
export function publishResultNotice(opts: { db: Db; actor: Actor; meta: RequestMeta; callId: string; input: NoticeInput }): Promise<string> {
  return publishNotice({
    ...opts,
    kind: 'result',
    pick: async (tx, call, prog) => {
      const noticeRule = noticeRuleOf(prog.parameters, 'result');
      const apps = await tx
        .select({ id: capacityApplications.id, title: capacityApplications.title, societyId: capacityApplications.societyId, status: capacityApplications.status })
        .from(capacityApplications)
        .where(eq(capacityApplications.callId, call.id))
        .orderBy(asc(capacityApplications.id))
        .for('update');
      const undecided = apps.filter((a) => undecidedStates.includes(a.status as ApplicationState));
      if (undecided.length) {
        const states = [...new Set(undecided.map((a) => applicationLifecycle.states[a.status as ApplicationState]))].join('、');
        throw new AppError('INVALID_STATE', `尚有 ${undecided.length} 份申报未确定评审结果（${states}），不能公示。依据：${noticeRule.clause}`, { extra: { ...noticeRule, undecided: undecided.length } });
      }
      const selected = apps.filter((a) => a.status === 'selected');
      if (!selected.length) throw new AppError('INVALID_STATE', `本次申报没有拟资助的项目，无可公示的结果。依据：${noticeRule.clause}`, { extra: { ...noticeRule } });
      return selected;
    },
    notice: (a, endsOn) => ({ title: '项目评审结果公示', body: `“${a.title}”拟予资助，已在门户公示至 ${endsOn}。` }),
  });
}

// ------------------------------------------------------------------------------------------------
// Settling the results once the notice has closed
// ------------------------------------------------------------------------------------------------

export interface Settled {
  approved: number;
  upheld: number;
  held: number;
}

/**
 * Applies `resultAfterNotice` to the notice's selected applications among `applicationIds` (the
 * notice closed): each moved is audited as `who` and its society told. An evaluation notice's
 * evaluations are settled by the same rule (evaluation-settle.ts). The caller holds the notice's row
 * lock and, before its first audit row, has taken `lockForSettlement`.
 */
export async function settleResults(tx: DbOrTx, notice: Pick<NoticeRow, 'id' | 'kind' | 'title'>, applicationIds: readonly string[], who: AuditWho): Promise<Settled> {
  const out: Settled = { approved: 0, upheld: 0, held: 0 };
  if (applicationIds.length === 0) return out;
  const objections = await tx.select({ applicationId: capacityObjections.applicationId, status: capacityObjections.status }).from(capacityObjections).where(eq(capacityObjections.noticeId, notice.id));
  if (notice.kind === 'evaluation') return settleEvaluations(tx, notice, applicationIds, (id) => resultAfterNotice(objections.filter((o) => concerns(o, id))), who);
  if (notice.kind !== 'result') return out;
  const apps = await tx
    .select({ id: capacityApplications.id, title: capacityApplications.title, status: capacityApplications.status, societyId: capacityApplications.societyId, societyPath: capacityApplications.societyPath })
    .from(capacityApplications)
    .where(and(inArray(capacityApplications.id, [...applicationIds]), eq(capacityApplications.status, 'selected')))
    .orderBy(asc(capacityApplications.id))
    .for('update');
  for (const a of apps) {
    const event = resultAfterNotice(objections.filter((o) => concerns(o, a.id)));
    if (!event) {
      out.held += 1;
      continue;
    }
    const to = applyEvent(applicationLifecycle, a.status, event);
    await tx.update(capacityApplications).set({ status: to, updatedAt: new Date(), rowVersion: sql`${capacityApplications.rowVersion} + 1` }).where(eq(capacityApplications.id, a.id));
    await appendAudit(tx, who, {
      action: `capacityApplication.${event}`,
      entityType: 'capacity_application',
      entityId: a.id,
      orgId: a.societyId,
      orgPath: a.societyPath,
      before: { status: a.status },
      after: { status: to },
    });
    await notifyOrg(tx, a.societyId, { permission: 'capacityApplication.submit' }, {
      title: event === 'approve' ? '公示期满无异议，项目确定资助' : '公示异议成立，项目不予资助',
      body: `“${a.title}”${event === 'approve' ? '经公示无异议，将签订项目责任书。' : `：公示“${notice.title}”期间的异议经核查成立。`}`,
      link: applicationLink(a.id),
      entityType: 'capacity_application',
      entityId: a.id,
    });
    if (event === 'approve') out.approved += 1;
    else out.upheld += 1;
  }
  return out;
}

// ------------------------------------------------------------------------------------------------
// Objections (the portal, no login)
// ------------------------------------------------------------------------------------------------

/**
 * Files an objection to an open notice: its application one of the notice's, the address under its
 * daily limit; name and contact encrypted, the address kept as a keyed hash only. The association
 * gets a to-do and a notification; the audit row names no person and no address.
 */
export async function fileObjection(opts: { db: Db; cipher: FieldCipher; meta: RequestMeta; noticeId: string; input: ObjectionInput; now?: Date }): Promise<{ id: string; createdAt: Date }> {
  const { db, cipher, input } = opts;
  const now = opts.now ?? new Date();
  return db.transaction(async (tx) => {
    const [found] = await tx
      .select({ n: capacityNotices, programmeStatus: programmes.status, parameters: programmes.parameters })
      .from(capacityNotices)
      .innerJoin(programmes, eq(programmes.id, capacityNotices.programmeId))
      .where(eq(capacityNotices.id, opts.noticeId));
    if (!found || found.programmeStatus === 'draft') throw new AppError('NOT_FOUND', '公示不存在');
    const [notice] = await tx.select().from(capacityNotices).where(eq(capacityNotices.id, opts.noticeId)).for('update');
    const today = chinaToday(now);
    if (!acceptsObjections(notice, today)) {
      throw new AppError('INVALID_STATE', notice.status === 'open' && today < notice.startsOn ? `公示自 ${notice.startsOn} 开始，届时受理异议` : `公示期为 ${notice.startsOn} 至 ${notice.endsOn}，公示已结束，不再受理异议`, {
        extra: { ...noticeRuleOf(found.parameters as ProgrammeParameters, notice.kind as NoticeKind), startsOn: notice.startsOn, endsOn: notice.endsOn },
      });
    }
    const applicationId = input.applicationId ?? null;
    if (applicationId !== null && !notice.applicationIds.includes(applicationId)) {
      throw validationError([{ path: 'body.applicationId', message: '所选项目不在本次公示中' }], '所选项目不在本次公示中');
    }
    const ipHash = cipher.keyedHash(IP_HASH_LABEL, opts.meta.ip ?? 'unknown');
    const filed = Number(
      (
        await tx
          .select({ n: sql<number>`count(*)::int` })
          .from(capacityObjections)
          .where(and(eq(capacityObjections.ipHash, ipHash), eq(capacityObjections.noticeId, notice.id), sql`${capacityObjections.createdAt} >= ${startOfChinaDay(today).toISOString()}::timestamptz`))
      )[0].n,
    );
    if (filed >= OBJECTIONS_PER_ADDRESS_PER_DAY) {
      throw new AppError('RATE_LIMITED', `同一网络地址每天对同一公示最多提出 ${OBJECTIONS_PER_ADDRESS_PER_DAY} 条异议，请明天再提交或通过公示中的联系方式反映`);
    }
    const [row] = await tx
      .insert(capacityObjections)
      .values({ noticeId: notice.id, applicationId, content: input.content, nameEnc: cipher.encryptNullable(input.name?.trim() || null), contactEnc: cipher.encrypt(input.contact), ipHash, createdAt: now })
      .returning({ id: capacityObjections.id, createdAt: capacityObjections.createdAt });
    let target = '整个公示';
    if (applicationId) {
      const [a] = await tx.select({ title: capacityApplications.title, society: organisations.name }).from(capacityApplications).innerJoin(organisations, eq(organisations.id, capacityApplications.societyId)).where(eq(capacityApplications.id, applicationId));
      target = `${a.society}“${a.title}”`;
    }
    const params = found.parameters as ProgrammeParameters;
    const link = noticeLink(notice.id);
    await openTodo(tx, {
      kind: OBJECTION_TODO,
      title: `处理公示异议：${target}`,
      link,
      entityType: 'capacity_objection',
      entityId: row.id,
      assigneeOrgId: notice.associationId,
      permission: 'capacityApplication.review',
      dueAt: addDays(now, params.selectionDays.review),
    });
    await notifyOrg(tx, notice.associationId, { permission: 'capacityApplication.review' }, {
      title: '收到公示异议',
      body: `“${notice.title}”：针对${target}的异议，请核查处理。`,
      link,
      entityType: 'capacity_notice',
      entityId: notice.id,
    });
    // no actor and no address: the objector is known to the platform only by the encrypted contact
    await appendAudit(tx, whoFromActor(null, { ip: null, requestId: opts.meta.requestId }), {
      action: 'capacityObjection.file',
      entityType: 'capacity_objection',
      entityId: row.id,
      orgId: notice.associationId,
      orgPath: notice.associationPath,
      after: { status: 'pending', applicationId },
    });
    return row;
  });
}

// ------------------------------------------------------------------------------------------------
// Handling an objection (the association)
// ------------------------------------------------------------------------------------------------

/** The objection with its notice and programme, the caller a reader of the notice (404 otherwise). */
async function objectionInScope(tx: DbOrTx, actor: Actor, id: string) {
  const [o] = await tx.select().from(capacityObjections).where(eq(capacityObjections.id, id));
  if (!o) throw new AppError('NOT_FOUND', '异议不存在');
  const [notice] = await tx.select().from(capacityNotices).where(eq(capacityNotices.id, o.noticeId));
  const prog = await loadProgramme(tx, actor, notice.programmeId);
  if (!readsNotices(prog, actor)) throw new AppError('NOT_FOUND', '异议不存在');
  return { objection: o, notice, prog };
}

/**
 * The association records the outcome of an objection with its reasons: once (a second handling, or
 * a stale version, is 409). The to-do closes, the society concerned is told; when the notice has
 * already closed, the results the objection concerns are settled now.
 */
export async function handleObjection(opts: { db: Db; actor: Actor; meta: RequestMeta; id: string; input: HandleInput }): Promise<string> {
  const { db, actor, input } = opts;
  return db.transaction(async (tx) => {
    const { prog, notice: first } = await objectionInScope(tx, actor, opts.id);
    if (!reviews(prog, actor)) throw new AppError('FORBIDDEN', `公示异议由${prog.associationName}处理`);
    const [notice] = await tx.select().from(capacityNotices).where(eq(capacityNotices.id, first.id)).for('update');
    const [o] = await tx.select().from(capacityObjections).where(eq(capacityObjections.id, opts.id)).for('update');
    if (o.status !== 'pending') {
      throw new AppError('INVALID_STATE', `该异议已于 ${o.handledAt ? chinaToday(o.handledAt) : ''} 处理（${objectionStatusLabels[o.status as ObjectionStatus] ?? o.status}），不能再次处理`, { extra: { currentVersion: o.rowVersion } });
    }
    if (o.rowVersion !== input.rowVersion) throw new AppError('CONFLICT', '异议已被他人处理或修改，请刷新后重试', { extra: { currentVersion: o.rowVersion } });
    const now = new Date();
    const settling = o.applicationId ? [o.applicationId] : notice.applicationIds;
    // a closed notice settles now: its applications (and, for an evaluation notice, the fund's account) locked before the audit row
    if (notice.status === 'closed') await lockForSettlement(tx, [{ kind: notice.kind, callId: notice.callId, applicationIds: settling }]);
    await tx
      .update(capacityObjections)
      .set({ status: input.outcome, outcomeReason: input.reason, handledBy: actor.userId, handledAt: now, rowVersion: sql`${capacityObjections.rowVersion} + 1` })
      .where(eq(capacityObjections.id, o.id));
    await closeTodos(tx, { entityType: 'capacity_objection', entityId: o.id, kind: OBJECTION_TODO }, actor.userId);
    const who = whoFromActor(actor, opts.meta);
    await appendAudit(tx, who, {
      action: 'capacityObjection.handle',
      entityType: 'capacity_objection',
      entityId: o.id,
      orgId: notice.associationId,
      orgPath: notice.associationPath,
      before: { status: o.status },
      after: { status: input.outcome, applicationId: o.applicationId },
      reason: input.reason,
    });
    // the society concerned (every society on the notice when the objection is to the notice as a whole)
    const concerned = await tx
      .select({ id: capacityApplications.id, title: capacityApplications.title, societyId: capacityApplications.societyId })
      .from(capacityApplications)
      .where(inArray(capacityApplications.id, o.applicationId ? [o.applicationId] : notice.applicationIds));
    for (const a of concerned) {
      await notifyOrg(tx, a.societyId, { permission: 'capacityApplication.submit' }, {
        title: input.outcome === 'upheld' ? '公示异议经核查成立' : '公示异议经核查不成立',
        body: `“${notice.title}”中针对${o.applicationId ? `“${a.title}”` : '整个公示'}的异议：${input.reason}`,
        link: applicationLink(a.id),
        entityType: 'capacity_application',
        entityId: a.id,
      });
    }
    if (notice.status === 'closed') await settleResults(tx, notice, settling, who);
    return notice.id;
  });
}

/** The objector's name and contact for the staff who handle it; every view audited (pii.view). */
export async function objectionPersonalData(opts: { db: Db; cipher: FieldCipher; actor: Actor; meta: RequestMeta; id: string }): Promise<{ name: string | null; contact: string }> {
  const { db, actor } = opts;
  return db.transaction(async (tx) => {
    const { objection, notice, prog } = await objectionInScope(tx, actor, opts.id);
    if (!reviews(prog, actor)) throw new AppError('FORBIDDEN', `异议人的联系方式仅供${prog.associationName}处理异议的人员查看`);
    await appendAudit(tx, whoFromActor(actor, opts.meta), {
      action: 'pii.view',
      entityType: 'capacity_objection',
      entityId: objection.id,
      orgId: notice.associationId,
      orgPath: notice.associationPath,
      after: { fields: objection.nameEnc ? ['异议人姓名', '联系方式'] : ['联系方式'] },
    });
    return { name: opts.cipher.decryptNullable(objection.nameEnc), contact: opts.cipher.decrypt(objection.contactEnc) };
  });
}

// ------------------------------------------------------------------------------------------------
// Reads
// ------------------------------------------------------------------------------------------------

const publisher = alias(users, 'publisher');
const handler = alias(users, 'handler');

interface ResultRow {
  id: string;
  title: string;
  typeCode: string;
  status: string;
  finalScoreHundredths: number | null;
  societyName: string;
  /** CAP-6: on an evaluation notice, the evaluation's score and its outcome there */
  evaluationScore: number | null;
  evaluationOutcome: string | null;
}

/** The notice's applications with their societies (and evaluations), in the call's type order, best score first. */
async function resultsOf(db: DbOrTx, ids: readonly string[], callTypes: CallRow['types']): Promise<ResultRow[]> {
  if (!ids.length) return [];
  const rows = await db
    .select({
      id: capacityApplications.id,
      title: capacityApplications.title,
      typeCode: capacityApplications.typeCode,
      status: capacityApplications.status,
      finalScoreHundredths: capacityApplications.finalScoreHundredths,
      societyName: organisations.name,
      evaluationScore: capacityEvaluations.score,
      evaluationOutcome: capacityEvaluations.noticeOutcome,
    })
    .from(capacityApplications)
    .innerJoin(organisations, eq(organisations.id, capacityApplications.societyId))
    .leftJoin(capacityEvaluations, eq(capacityEvaluations.applicationId, capacityApplications.id))
    .where(inArray(capacityApplications.id, [...ids]));
  const order = (code: string) => {
    const i = callTypes.findIndex((t) => t.code === code);
    return i < 0 ? callTypes.length : i;
  };
  return rows.sort((a, b) => order(a.typeCode) - order(b.typeCode) || (b.finalScoreHundredths ?? -1) - (a.finalScoreHundredths ?? -1) || a.societyName.localeCompare(b.societyName, 'zh'));
}

function typeOf(r: ResultRow, call: Pick<CallRow, 'types'>, params: ProgrammeParameters) {
  const t = offeredTypes(call.types, params.projectTypes).find((x) => x.code === r.typeCode);
  return { typeName: t?.name ?? params.projectTypes.find((x) => x.code === r.typeCode)?.name ?? r.typeCode, awardFen: t?.awardFen ?? null };
}

export function publicResultOf(r: ResultRow, call: Pick<CallRow, 'types'>, params: ProgrammeParameters, kind: string): PublicNoticeResult {
  const t = typeOf(r, call, params);
  // an evaluation notice shows the evaluation's score (out of 100), a result notice the experts' final score
  const score = kind === 'evaluation' ? (r.evaluationScore === null ? null : String(r.evaluationScore)) : r.finalScoreHundredths === null ? null : scoreText(r.finalScoreHundredths);
  return { applicationId: r.id, societyName: r.societyName, typeName: t.typeName, projectTitle: r.title, scoreText: score, awardFen: t.awardFen };
}

/** The fields every view of a notice shares. */
export function noticeStatusFields(n: Pick<NoticeRow, 'kind' | 'status' | 'startsOn' | 'endsOn' | 'applicationIds'>, today = chinaToday()) {
  return {
    kindLabel: noticeKindLabels[n.kind as NoticeKind] ?? '公示',
    status: n.status as 'open' | 'closed',
    statusLabel: noticeStatusLabels[n.status as 'open' | 'closed'] ?? n.status,
    acceptsObjections: acceptsObjections(n, today),
    resultCount: n.applicationIds.length,
  };
}

const maskContact = (v: string) => (v.includes('@') ? maskEmail(v) : maskPhone(v)) ?? '';

/** A call's notice as the association reads it. */
async function internalView(db: DbOrTx, cipher: FieldCipher, actor: Actor, n: NoticeRow, prog: ProgrammeForCalls, withDetail: true): Promise<CapacityNotice>;
async function internalView(db: DbOrTx, cipher: FieldCipher, actor: Actor, n: NoticeRow, prog: ProgrammeForCalls, withDetail: false): Promise<CapacityNoticeSummary>;
async function internalView(db: DbOrTx, cipher: FieldCipher, actor: Actor, n: NoticeRow, prog: ProgrammeForCalls, withDetail: boolean): Promise<CapacityNotice | CapacityNoticeSummary> {
  const call = (await findCall(db, n.callId))!;
  const [pub] = n.publishedBy ? await db.select({ name: publisher.displayName }).from(publisher).where(eq(publisher.id, n.publishedBy)) : [];
  const objections = await db
    .select({ o: capacityObjections, handledByName: handler.displayName })
    .from(capacityObjections)
    .leftJoin(handler, eq(handler.id, capacityObjections.handledBy))
    .where(eq(capacityObjections.noticeId, n.id))
    .orderBy(desc(capacityObjections.createdAt), desc(capacityObjections.id));
  const summary: CapacityNoticeSummary = {
    id: n.id,
    callId: n.callId,
    callTitle: call.title,
    programmeId: n.programmeId,
    programmeName: prog.name,
    associationName: prog.associationName,
    kind: n.kind as NoticeKind,
    title: n.title,
    startsOn: n.startsOn,
    endsOn: n.endsOn,
    ...noticeStatusFields(n),
    pendingObjections: objections.filter((x) => x.o.status === 'pending').length,
    objectionCount: objections.length,
    publishedAt: n.publishedAt.toISOString(),
    publishedByName: pub?.name ?? null,
    closedAt: n.closedAt?.toISOString() ?? null,
    rowVersion: n.rowVersion,
  };
  if (!withDetail) return summary;
  const results = await resultsOf(db, n.applicationIds, call.types);
  const byId = new Map(results.map((r) => [r.id, r]));
  const handles = reviews(prog, actor);
  const resultViews: NoticeResult[] = results.map((r) => {
    const mine = objections.filter((x) => concerns(x.o, r.id));
    const status = r.status as ApplicationState;
    const outcome = n.kind === 'evaluation' ? ((r.evaluationOutcome as EvaluationNoticeOutcome | null) ?? null) : null;
    return {
      ...publicResultOf(r, call, prog.parameters, n.kind),
      typeCode: r.typeCode,
      status,
      statusLabel: applicationLifecycle.states[status] ?? r.status,
      pendingObjections: mine.filter((x) => x.o.status === 'pending').length,
      upheldObjections: mine.filter((x) => x.o.status === 'upheld').length,
      evaluationOutcome: outcome,
      evaluationOutcomeLabel: outcome ? evaluationNoticeOutcomeLabels[outcome] : null,
    };
  });
  const objectionViews: CapacityObjection[] = objections.map(({ o, handledByName }) => {
    const app = o.applicationId ? byId.get(o.applicationId) : undefined;
    const status = o.status as ObjectionStatus;
    return {
      id: o.id,
      applicationId: o.applicationId,
      projectTitle: app?.title ?? null,
      societyName: app?.societyName ?? null,
      content: o.content,
      nameMasked: maskName(cipher.decryptNullable(o.nameEnc)),
      contactMasked: maskContact(cipher.decrypt(o.contactEnc)),
      status,
      statusLabel: objectionStatusLabels[status] ?? o.status,
      outcomeReason: o.outcomeReason,
      handledByName,
      handledAt: o.handledAt?.toISOString() ?? null,
      createdAt: o.createdAt.toISOString(),
      rowVersion: o.rowVersion,
      actions: handles ? (status === 'pending' ? ['handle', 'viewContact'] : ['viewContact']) : [],
    };
  });
  return { ...summary, body: n.body, results: resultViews, objections: objectionViews };
}

/** One notice with its objections, for a reader inside the platform; 404 otherwise. */
export async function noticeOne(db: DbOrTx, cipher: FieldCipher, actor: Actor, id: string): Promise<CapacityNotice> {
  const [n] = await db.select().from(capacityNotices).where(eq(capacityNotices.id, id));
  if (!n) throw new AppError('NOT_FOUND', '公示不存在');
  const prog = await loadProgramme(db, actor, n.programmeId);
  if (!readsNotices(prog, actor)) throw new AppError('NOT_FOUND', '公示不存在');
  return internalView(db, cipher, actor, n, prog, true);
}

/** A call's notices (one result notice, evaluation notices as published), with what the actor may publish and how many results wait. */
export async function noticesOfCall(db: DbOrTx, cipher: FieldCipher, actor: Actor, callId: string) {
  const call = await findCall(db, callId);
  if (!call) throw new AppError('NOT_FOUND', '申报通知不存在');
  const prog = await loadProgramme(db, actor, call.programmeId);
  if (!mayReadCall(prog, call)) throw new AppError('NOT_FOUND', '申报通知不存在');
  if (!readsNotices(prog, actor)) throw new AppError('FORBIDDEN', `公示及异议由${prog.associationName}查看和处理`);
  const rows = await db.select().from(capacityNotices).where(eq(capacityNotices.callId, call.id)).orderBy(desc(capacityNotices.publishedAt), desc(capacityNotices.id));
  const items = await Promise.all(rows.map((n) => internalView(db, cipher, actor, n, prog, false)));
  const counts = await db
    .select({ status: capacityApplications.status, n: sql<number>`count(*)::int` })
    .from(capacityApplications)
    .where(eq(capacityApplications.callId, call.id))
    .groupBy(capacityApplications.status);
  const count = (states: readonly string[]) => counts.filter((c) => states.includes(c.status)).reduce((s, c) => s + Number(c.n), 0);
  const open = reviews(prog, actor) && (call.status === 'published' || call.status === 'closed');
  const evaluationsReady = await countEvaluationsReady(db, call.id);
  const actions: ('publishResult' | 'publishEvaluation')[] = [];
  if (open && !rows.some((n) => n.kind === 'result')) actions.push('publishResult');
  if (open && evaluationsReady > 0) actions.push('publishEvaluation');
  return {
    items,
    nextCursor: null,
    actions,
    undecided: count(undecidedStates),
    selected: count(['selected']),
    periodDays: prog.parameters[noticeDaysParam.result],
    clause: noticeRuleOf(prog.parameters, 'result').clause,
    evaluationsReady,
    evaluationPeriodDays: prog.parameters[noticeDaysParam.evaluation],
  };
}

/** CAP-6: the call's confirmed, passed evaluations of projects still funded that no evaluation notice holds yet. */
export const evaluationsReadyWhere = (callId: string) =>
  and(
    eq(capacityEvaluations.callId, callId),
    eq(capacityEvaluations.status, 'confirmed'),
    eq(capacityEvaluations.result, 'passed'),
    isNull(capacityEvaluations.noticeId),
    eq(capacityApplications.status, 'funded'),
  );

async function countEvaluationsReady(db: DbOrTx, callId: string): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int`.mapWith(Number) })
    .from(capacityEvaluations)
    .innerJoin(capacityApplications, eq(capacityApplications.id, capacityEvaluations.applicationId))
    .where(evaluationsReadyWhere(callId));
  return r?.n ?? 0;
}

// ── the portal ───────────────────────────────────────────────────────────────────────────────────

/** The notices the portal shows: every notice of a programme that is itself on the portal (not a draft). */
export const publicNoticeWhere = sql`${programmes.status} <> 'draft'`;

export async function publicNoticeOne(db: DbOrTx, id: string) {
  const [r] = await db
    .select({ n: capacityNotices, programmeName: programmes.name, parameters: programmes.parameters, associationName: organisations.name, callTypes: capacityCalls.types })
    .from(capacityNotices)
    .innerJoin(programmes, eq(programmes.id, capacityNotices.programmeId))
    .innerJoin(organisations, eq(organisations.id, capacityNotices.associationId))
    .innerJoin(capacityCalls, eq(capacityCalls.id, capacityNotices.callId))
    .where(and(eq(capacityNotices.id, id), publicNoticeWhere));
  if (!r) throw new AppError('NOT_FOUND', '公示不存在');
  const n = r.n;
  const params = r.parameters as ProgrammeParameters;
  const results = await resultsOf(db, n.applicationIds, r.callTypes);
  return {
    id: n.id,
    kind: n.kind as NoticeKind,
    title: n.title,
    body: n.body,
    associationName: r.associationName,
    programmeName: r.programmeName,
    startsOn: n.startsOn,
    endsOn: n.endsOn,
    ...noticeStatusFields(n),
    publishedAt: n.publishedAt.toISOString(),
    results: results.map((x) => publicResultOf(x, { types: r.callTypes }, params, n.kind)),
  };
}
