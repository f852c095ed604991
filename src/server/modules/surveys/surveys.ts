// EVA-4 (issue 14): satisfaction surveys. The association that made a programme surveys the groups
// the programme's parameter `satisfactionSurvey` names (refused when it names none); it edits the
// survey while a draft and opens it: then the departments and the societies of the programme's pilot
// projects are invited (an invitation, a to-do and a notification each), and it may invite other
// organisations of its subtree of the right type and make batches of anonymous links for the public.
// Each invitation is answered once — inside the platform by the invited organisation, or at the
// portal by whoever holds the link (no login; the answer keeps no person, address or organisation).
// The association closes the survey and reads the results (survey-view.ts). Rules:
// domain/evaluation/satisfaction.ts.
//
// Locks: the survey row first (FOR UPDATE to change it, FOR SHARE to answer it, so that a close waits
// for an answer under way and an answer after the close is refused), then the invitation's row
// (FOR UPDATE: one answer per invitation; the unique index on survey_answers.invitation_id backs it).
// A link's token is random (crypto); the database holds its keyed hash (the lookup) and the token
// SM4-encrypted with the data key (so that the association can show and download its links again).
import crypto from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { organisations, pilotProjects, programmes, satisfactionSurveys, surveyAnswers, surveyInvitations } from '../../db/schema.js';
import type { Actor, RequestMeta } from '../../platform/actor.js';
import { appendAudit, whoFromActor } from '../../platform/audit.js';
import type { FieldCipher } from '../../platform/crypto/field-cipher.js';
import { AppError, validationError } from '../../platform/errors.js';
import { applyEvent } from '../../platform/transition.js';
import { closeTodos, openTodo } from '../../platform/todos.js';
import { notifyOrg } from '../../platform/notify.js';
import { isInScope } from '../../../domain/access/roles.js';
import { chinaToday, endOfChinaDay } from '../../../domain/calendar-day.js';
import { withParameterDefaults, type ProgrammeParameters } from '../../../domain/programme/programme.types.js';
import {
  PUBLIC_LINKS_PER_SURVEY,
  answerRefusal,
  checkAnswer,
  groupOrgType,
  groupsRefusal,
  isSatisfied,
  openRefusal,
  programmeSurveyRefusal,
  satisfactionRuleOf,
  surveyGroupLabels,
  surveyLifecycle,
  surveyYear,
  type AnswerInput,
  type SurveyGroup,
  type SurveyInput,
  type SurveyQuestion,
} from '../../../domain/evaluation/satisfaction.js';
import { assertMayReadProgramme } from '../programmes/programme-scope.js';

export type SurveyRow = typeof satisfactionSurveys.$inferSelect;
export type InvitationRow = typeof surveyInvitations.$inferSelect;

export const SURVEY_ENTITY = 'satisfaction_survey';
export const ANSWER_TODO = 'survey.answer' as const;
/** The page where an invited organisation answers (the to-do's and the notification's link). */
export const mySurveyLink = (surveyId: string) => `/app/my-surveys?survey=${surveyId}`;
/** The public page of a link. */
export const publicSurveyPath = (token: string) => `/portal/survey/${token}`;

const TOKEN_HASH_LABEL = 'survey-invitation-token';
/** A new link token: 24 random bytes, URL-safe (32 characters). */
export const newToken = (): string => crypto.randomBytes(24).toString('base64url');
export const tokenHash = (cipher: FieldCipher, token: string): string => cipher.keyedHash(TOKEN_HASH_LABEL, token);

/** The staff of the survey's association and of those above it read it (survey.manage). */
export const readsSurvey = (actor: Actor, s: Pick<SurveyRow, 'associationPath'>): boolean =>
  actor.orgType === 'association' && actor.permissions.has('survey.manage') && isInScope(actor.scopePath, s.associationPath);
/** The survey's own association edits, opens, invites and closes it, and sees its public links. */
export const keepsSurvey = (actor: Actor, s: Pick<SurveyRow, 'associationId'>): boolean => actor.orgType === 'association' && actor.permissions.has('survey.manage') && actor.orgId === s.associationId;

/** A survey the actor reads (404 when none, 403 out of scope); locked when asked. */
export async function loadSurvey(db: DbOrTx, actor: Actor, id: string, lock?: 'update' | 'share'): Promise<SurveyRow> {
  const q = db.select().from(satisfactionSurveys).where(eq(satisfactionSurveys.id, id));
  const [row] = lock ? await q.for(lock) : await q;
  if (!row) throw new AppError('NOT_FOUND', '满意度调查不存在');
  if (!readsSurvey(actor, row)) throw new AppError('OUT_OF_SCOPE', '该满意度调查不在本单位数据范围内', { extra: { entityType: SURVEY_ENTITY, entityId: id } });
  return row;
}

function assertKeeps(actor: Actor, s: SurveyRow, what: string): void {
  if (!keepsSurvey(actor, s)) throw new AppError('FORBIDDEN', `满意度调查由发起调查的科协${what}`);
}

function checkVersion(s: SurveyRow, rowVersion: number): void {
  if (s.rowVersion !== rowVersion) throw new AppError('CONFLICT', '满意度调查已被他人修改，请刷新后重试', { extra: { currentVersion: s.rowVersion } });
}

/** The programme's parameters as read now (a parameter added since it was stored reads its default). */
async function parametersOf(db: DbOrTx, programmeId: string): Promise<ProgrammeParameters> {
  const [p] = await db.select({ parameters: programmes.parameters }).from(programmes).where(eq(programmes.id, programmeId));
  return withParameterDefaults(p.parameters as ProgrammeParameters);
}

/** The problem naming the parameter when the programme surveys no one. */
function noSurveyProblem(message: string): AppError {
  return new AppError('INVALID_STATE', message, { extra: { parameter: 'satisfactionSurvey', parameterLabel: '满意度调查对象' } });
}

function audit(tx: DbOrTx, actor: Actor, meta: RequestMeta, s: SurveyRow, e: { action: string; entityType: string; id: string; before?: unknown; after?: unknown; reason?: string | null }) {
  return appendAudit(tx, whoFromActor(actor, meta), { action: e.action, entityType: e.entityType, entityId: e.id, orgId: s.associationId, orgPath: s.associationPath, before: e.before, after: e.after, reason: e.reason ?? null });
}

const surveyFields = (s: Pick<SurveyRow, 'title' | 'year' | 'groups' | 'opensOn' | 'closesOn' | 'questions'>) => ({
  title: s.title,
  year: s.year,
  respondentGroups: s.groups,
  opensOn: s.opensOn,
  closesOn: s.closesOn,
  questionCount: s.questions.length,
});

// ------------------------------------------------------------------------------------------------
// The association's survey
// ------------------------------------------------------------------------------------------------

/** EVA-4: the association creates a survey of its programme (a draft), for the groups the programme names. */
export async function createSurvey(opts: { db: Db; actor: Actor; meta: RequestMeta; programmeId: string; input: SurveyInput }): Promise<string> {
  const { db, actor, input } = opts;
  return db.transaction(async (tx) => {
    const prog = await assertMayReadProgramme(tx, actor, opts.programmeId);
    if (prog.p.associationId !== actor.orgId || !actor.permissions.has('survey.manage')) throw new AppError('FORBIDDEN', '满意度调查由制定方案的科协发起');
    if (prog.p.status === 'draft') throw new AppError('INVALID_STATE', '方案尚未发布，不能发起满意度调查');
    const allowed = withParameterDefaults(prog.p.parameters as ProgrammeParameters).satisfactionSurvey;
    const refusal = programmeSurveyRefusal(allowed);
    if (refusal) throw noSurveyProblem(refusal);
    const bad = groupsRefusal(input.groups, allowed);
    if (bad) throw validationError(bad, bad[0].message);
    const [row] = await tx
      .insert(satisfactionSurveys)
      .values({
        programmeId: prog.p.id,
        associationId: prog.p.associationId,
        associationPath: prog.associationPath,
        year: surveyYear(input),
        title: input.title,
        intro: input.intro ?? null,
        groups: input.groups,
        questions: input.questions,
        opensOn: input.opensOn,
        closesOn: input.closesOn,
        createdBy: actor.userId,
        createdByName: actor.displayName,
      })
      .returning();
    await audit(tx, actor, opts.meta, row, { action: 'survey.create', entityType: SURVEY_ENTITY, id: row.id, after: { ...surveyFields(row), programmeId: row.programmeId, status: row.status } });
    return row.id;
  });
}

/** The association edits its survey while it is a draft (the whole survey, under the version read). */
export async function updateSurvey(opts: { db: Db; actor: Actor; meta: RequestMeta; id: string; input: SurveyInput; rowVersion: number }): Promise<void> {
  const { db, actor, input } = opts;
  await db.transaction(async (tx) => {
    const s = await loadSurvey(tx, actor, opts.id, 'update');
    assertKeeps(actor, s, '修改');
    applyEvent(surveyLifecycle, s.status, 'edit');
    checkVersion(s, opts.rowVersion);
    const allowed = (await parametersOf(tx, s.programmeId)).satisfactionSurvey;
    const refusal = programmeSurveyRefusal(allowed);
    if (refusal) throw noSurveyProblem(refusal);
    const bad = groupsRefusal(input.groups, allowed);
    if (bad) throw validationError(bad, bad[0].message);
    const [row] = await tx
      .update(satisfactionSurveys)
      .set({ title: input.title, intro: input.intro ?? null, year: surveyYear(input), groups: input.groups, questions: input.questions, opensOn: input.opensOn, closesOn: input.closesOn, rowVersion: sql`${satisfactionSurveys.rowVersion} + 1` })
      .where(eq(satisfactionSurveys.id, s.id))
      .returning();
    await audit(tx, actor, opts.meta, s, { action: 'survey.update', entityType: SURVEY_ENTITY, id: s.id, before: surveyFields(s), after: surveyFields(row) });
  });
}

interface NewInvitation {
  group: SurveyGroup;
  orgId: string | null;
  label: string;
}

/** Writes invitations with their tokens; for organisations also the to-do and the notification. */
async function writeInvitations(tx: DbOrTx, cipher: FieldCipher, actor: Actor, s: SurveyRow, list: readonly NewInvitation[]): Promise<InvitationRow[]> {
  if (!list.length) return [];
  const rows = await tx
    .insert(surveyInvitations)
    .values(
      list.map((i) => {
        const token = newToken();
        return { surveyId: s.id, respondentGroup: i.group, orgId: i.orgId, label: i.label, tokenHash: tokenHash(cipher, token), tokenEnc: cipher.encrypt(token) };
      }),
    )
    .returning();
  const link = mySurveyLink(s.id);
  for (const r of rows) {
    if (!r.orgId) continue;
    await openTodo(tx, { kind: ANSWER_TODO, title: `填写满意度调查：${s.title}（${s.closesOn} 前）`, link, entityType: SURVEY_ENTITY, entityId: s.id, assigneeOrgId: r.orgId, permission: 'survey.answer', dueAt: endOfChinaDay(s.closesOn) });
    await notifyOrg(tx, r.orgId, { permission: 'survey.answer' }, {
      title: `${actor.orgName}邀请贵单位填写满意度调查`,
      body: `“${s.title}”：请于 ${s.opensOn} 至 ${s.closesOn} 在平台内填写，每个单位填写一次。`,
      link,
      entityType: SURVEY_ENTITY,
      entityId: s.id,
    });
  }
  return rows;
}

/** The departments and the societies of the programme's pilot projects (distinct, active), by group. */
async function projectParties(tx: DbOrTx, s: SurveyRow): Promise<NewInvitation[]> {
  const out: NewInvitation[] = [];
  for (const group of ['department', 'society'] as const) {
    if (!s.groups.includes(group)) continue;
    const col = group === 'department' ? pilotProjects.departmentId : pilotProjects.societyId;
    const orgs = await tx
      .selectDistinct({ id: organisations.id, name: organisations.name })
      .from(pilotProjects)
      .innerJoin(organisations, eq(organisations.id, col))
      .where(and(eq(pilotProjects.programmeId, s.programmeId), eq(organisations.isActive, true), eq(organisations.type, groupOrgType[group])))
      .orderBy(organisations.name);
    for (const o of orgs) out.push({ group, orgId: o.id, label: o.name });
  }
  return out;
}

/**
 * EVA-4: the association opens its survey: the departments and societies of the programme's pilot
 * projects are invited (the groups the survey names); the public group gets its links afterwards.
 */
export async function openSurvey(opts: { db: Db; cipher: FieldCipher; actor: Actor; meta: RequestMeta; id: string; rowVersion: number; today?: string }): Promise<void> {
  const { db, actor } = opts;
  await db.transaction(async (tx) => {
    const s = await loadSurvey(tx, actor, opts.id, 'update');
    assertKeeps(actor, s, '开始');
    applyEvent(surveyLifecycle, s.status, 'open');
    checkVersion(s, opts.rowVersion);
    const refusal = openRefusal(s, opts.today ?? chinaToday());
    if (refusal) throw new AppError('INVALID_STATE', refusal);
    // the programme's parameter may have changed since the draft was written
    const allowed = (await parametersOf(tx, s.programmeId)).satisfactionSurvey;
    const none = programmeSurveyRefusal(allowed);
    if (none) throw noSurveyProblem(none);
    const bad = groupsRefusal(s.groups, allowed);
    if (bad) throw noSurveyProblem(`${bad[0].message}，请先修改调查对象`);
    const invited = await writeInvitations(tx, opts.cipher, actor, s, await projectParties(tx, s));
    await tx
      .update(satisfactionSurveys)
      .set({ status: 'open', openedAt: new Date(), rowVersion: sql`${satisfactionSurveys.rowVersion} + 1` })
      .where(eq(satisfactionSurveys.id, s.id));
    await audit(tx, actor, opts.meta, s, { action: 'survey.open', entityType: SURVEY_ENTITY, id: s.id, before: { status: s.status }, after: { status: 'open', invitedCount: invited.length } });
  });
}

/** The association closes its survey: no more answers; the open to-dos are closed. */
export async function closeSurvey(opts: { db: Db; actor: Actor; meta: RequestMeta; id: string; rowVersion: number }): Promise<void> {
  const { db, actor } = opts;
  await db.transaction(async (tx) => {
    const s = await loadSurvey(tx, actor, opts.id, 'update');
    assertKeeps(actor, s, '结束');
    applyEvent(surveyLifecycle, s.status, 'close');
    checkVersion(s, opts.rowVersion);
    const [c] = await tx
      .select({ invited: sql<number>`count(*) FILTER (WHERE ${surveyInvitations.status} <> 'revoked')::int`, answered: sql<number>`count(*) FILTER (WHERE ${surveyInvitations.status} = 'answered')::int` })
      .from(surveyInvitations)
      .where(eq(surveyInvitations.surveyId, s.id));
    await tx
      .update(satisfactionSurveys)
      .set({ status: 'closed', closedAt: new Date(), rowVersion: sql`${satisfactionSurveys.rowVersion} + 1` })
      .where(eq(satisfactionSurveys.id, s.id));
    await closeTodos(tx, { entityType: SURVEY_ENTITY, entityId: s.id, kind: ANSWER_TODO }, actor.userId);
    await audit(tx, actor, opts.meta, s, { action: 'survey.close', entityType: SURVEY_ENTITY, id: s.id, before: { status: s.status }, after: { status: 'closed', invitedCount: Number(c.invited), answeredCount: Number(c.answered) } });
  });
}

/** An open survey the association may add invitations to (not past its closing day). */
function assertTakesInvitations(s: SurveyRow, today: string): void {
  if (s.status !== 'open') throw new AppError('INVALID_STATE', s.status === 'draft' ? '请先开始调查，再邀请单位或生成链接' : '本次调查已结束，不能再邀请');
  if (today > s.closesOn) throw new AppError('INVALID_STATE', `本次调查已于 ${s.closesOn} 截止，不能再邀请`);
}

/**
 * The association invites other organisations of its subtree: departments when the survey asks
 * departments, societies when it asks societies; each once.
 */
export async function inviteOrganisations(opts: { db: Db; cipher: FieldCipher; actor: Actor; meta: RequestMeta; id: string; orgIds: string[]; today?: string }): Promise<number> {
  const { db, actor } = opts;
  return db.transaction(async (tx) => {
    const s = await loadSurvey(tx, actor, opts.id, 'update');
    assertKeeps(actor, s, '邀请');
    assertTakesInvitations(s, opts.today ?? chinaToday());
    const orgs = await tx.select().from(organisations).where(inArray(organisations.id, opts.orgIds));
    const already = new Set(
      (await tx.select({ orgId: surveyInvitations.orgId }).from(surveyInvitations).where(and(eq(surveyInvitations.surveyId, s.id), inArray(surveyInvitations.orgId, opts.orgIds)))).map((r) => r.orgId),
    );
    const asked = (['department', 'society'] as const).filter((g) => s.groups.includes(g));
    const askedText = asked.map((g) => surveyGroupLabels[g]).join('、');
    const errors: { path: string; message: string }[] = [];
    const list: NewInvitation[] = [];
    opts.orgIds.forEach((id, i) => {
      const o = orgs.find((x) => x.id === id);
      const path = `body.orgIds.${i}`;
      const group = asked.find((g) => o && groupOrgType[g] === o.type);
      if (!o || !o.isActive || !o.path.startsWith(s.associationPath)) errors.push({ path, message: '请选择本科协及下级的单位' });
      else if (!group) errors.push({ path, message: asked.length ? `本次调查的对象是${askedText}，${o.name}不属于调查对象` : '本次调查只面向社会公众，请生成公众填写链接' });
      else if (already.has(o.id)) errors.push({ path, message: `${o.name}已在邀请名单中` });
      else list.push({ group, orgId: o.id, label: o.name });
    });
    if (errors.length) throw validationError(errors, errors[0].message);
    const rows = await writeInvitations(tx, opts.cipher, actor, s, list);
    await tx.update(satisfactionSurveys).set({ rowVersion: sql`${satisfactionSurveys.rowVersion} + 1` }).where(eq(satisfactionSurveys.id, s.id));
    await audit(tx, actor, opts.meta, s, { action: 'surveyInvitation.invite', entityType: SURVEY_ENTITY, id: s.id, after: { invitedOrgs: list.map((l) => l.label), invitedCount: rows.length } });
    return rows.length;
  });
}

const publicLabel = (n: number) => `社会公众第 ${String(n).padStart(4, '0')} 份`;

/** The association makes a batch of anonymous links for the public (to hand out); numbered on from the last. */
export async function generatePublicLinks(opts: { db: Db; cipher: FieldCipher; actor: Actor; meta: RequestMeta; id: string; count: number; today?: string }): Promise<number> {
  const { db, actor } = opts;
  return db.transaction(async (tx) => {
    const s = await loadSurvey(tx, actor, opts.id, 'update');
    assertKeeps(actor, s, '生成链接');
    if (!s.groups.includes('public')) throw new AppError('INVALID_STATE', '本次调查的对象不包括社会公众，不能生成公众填写链接');
    assertTakesInvitations(s, opts.today ?? chinaToday());
    const [{ n }] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(surveyInvitations)
      .where(and(eq(surveyInvitations.surveyId, s.id), eq(surveyInvitations.respondentGroup, 'public')));
    const have = Number(n);
    if (have + opts.count > PUBLIC_LINKS_PER_SURVEY) {
      throw validationError([{ path: 'body.count', message: `每次调查最多 ${PUBLIC_LINKS_PER_SURVEY} 个公众填写链接，已生成 ${have} 个，还可生成 ${PUBLIC_LINKS_PER_SURVEY - have} 个` }]);
    }
    const list: NewInvitation[] = Array.from({ length: opts.count }, (_, i) => ({ group: 'public' as const, orgId: null, label: publicLabel(have + i + 1) }));
    await writeInvitations(tx, opts.cipher, actor, s, list);
    await tx.update(satisfactionSurveys).set({ rowVersion: sql`${satisfactionSurveys.rowVersion} + 1` }).where(eq(satisfactionSurveys.id, s.id));
    await audit(tx, actor, opts.meta, s, { action: 'surveyInvitation.generate', entityType: SURVEY_ENTITY, id: s.id, after: { linkCount: opts.count } });
    return opts.count;
  });
}

/** The association withdraws an invitation not answered yet (a link handed out by mistake, an organisation invited wrongly). */
export async function revokeInvitation(opts: { db: Db; actor: Actor; meta: RequestMeta; invitationId: string; reason: string }): Promise<string> {
  const { db, actor } = opts;
  return db.transaction(async (tx) => {
    const [found] = await tx.select({ surveyId: surveyInvitations.surveyId }).from(surveyInvitations).where(eq(surveyInvitations.id, opts.invitationId));
    if (!found) throw new AppError('NOT_FOUND', '调查邀请不存在');
    const s = await loadSurvey(tx, actor, found.surveyId, 'share');
    assertKeeps(actor, s, '作废邀请');
    const [inv] = await tx.select().from(surveyInvitations).where(eq(surveyInvitations.id, opts.invitationId)).for('update');
    if (s.status === 'closed') throw new AppError('INVALID_STATE', '本次调查已结束，邀请不再变动');
    if (inv.status !== 'pending') throw new AppError('INVALID_STATE', inv.status === 'answered' ? '该邀请已经填写，不能作废' : '该邀请已作废');
    await tx.update(surveyInvitations).set({ status: 'revoked', rowVersion: sql`${surveyInvitations.rowVersion} + 1` }).where(eq(surveyInvitations.id, inv.id));
    if (inv.orgId) await closeTodos(tx, { entityType: SURVEY_ENTITY, entityId: s.id, kind: ANSWER_TODO, assigneeOrgId: inv.orgId }, actor.userId);
    await audit(tx, actor, opts.meta, s, { action: 'surveyInvitation.revoke', entityType: 'survey_invitation', id: inv.id, before: { status: inv.status }, after: { status: 'revoked' }, reason: opts.reason });
    return s.id;
  });
}

// ------------------------------------------------------------------------------------------------
// Answers
// ------------------------------------------------------------------------------------------------

/**
 * One answer to a locked invitation of a survey read FOR SHARE: refused when the invitation was
 * answered (409 DUPLICATE) or revoked, or the survey does not take answers today (409
 * INVALID_STATE); checked against the questions asked; `satisfied` by the programme's rule now.
 */
async function recordAnswer(tx: DbOrTx, s: SurveyRow, inv: InvitationRow, input: AnswerInput, today: string): Promise<typeof surveyAnswers.$inferSelect> {
  const refusal = answerRefusal(s, inv.status, today);
  if (inv.status === 'answered') throw new AppError('DUPLICATE', refusal ?? '该调查邀请已经填写过');
  if (refusal) throw new AppError('INVALID_STATE', refusal);
  const checked = checkAnswer(s.questions as SurveyQuestion[], input);
  if (!checked.ok) throw validationError(checked.errors, checked.errors[0].message);
  const rule = satisfactionRuleOf(await parametersOf(tx, s.programmeId));
  const [row] = await tx
    .insert(surveyAnswers)
    .values({ surveyId: s.id, invitationId: inv.id, respondentGroup: inv.respondentGroup, answers: checked.value.answers, overall: checked.value.overall, satisfied: isSatisfied(rule, checked.value.overall), comment: checked.value.comment })
    .onConflictDoNothing()
    .returning();
  if (!row) throw new AppError('DUPLICATE', '该调查邀请已经填写过，每份邀请只能填写一次');
  await tx
    .update(surveyInvitations)
    .set({ status: 'answered', answeredAt: row.answeredAt, rowVersion: sql`${surveyInvitations.rowVersion} + 1` })
    .where(eq(surveyInvitations.id, inv.id));
  return row;
}

const answerFields = (a: typeof surveyAnswers.$inferSelect) => ({ respondentGroup: a.respondentGroup, overallRating: a.overall, satisfied: a.satisfied });

/** EVA-4: an invited department or society answers inside the platform, once. */
export async function answerAsOrganisation(opts: { db: Db; actor: Actor; meta: RequestMeta; surveyId: string; input: AnswerInput; today?: string }): Promise<void> {
  const { db, actor } = opts;
  await db.transaction(async (tx) => {
    const [s] = await tx.select().from(satisfactionSurveys).where(eq(satisfactionSurveys.id, opts.surveyId)).for('share');
    if (!s) throw new AppError('NOT_FOUND', '满意度调查不存在');
    const [inv] = await tx
      .select()
      .from(surveyInvitations)
      .where(and(eq(surveyInvitations.surveyId, s.id), eq(surveyInvitations.orgId, actor.orgId)))
      .for('update');
    if (!inv) throw new AppError('OUT_OF_SCOPE', '本单位未受邀填写本次调查', { extra: { entityType: SURVEY_ENTITY, entityId: s.id } });
    const row = await recordAnswer(tx, s, inv, opts.input, opts.today ?? chinaToday());
    await closeTodos(tx, { entityType: SURVEY_ENTITY, entityId: s.id, kind: ANSWER_TODO, assigneeOrgId: actor.orgId }, actor.userId);
    await appendAudit(tx, whoFromActor(actor, opts.meta), { action: 'surveyAnswer.submit', entityType: 'survey_answer', entityId: row.id, orgId: actor.orgId, orgPath: actor.orgPath, after: answerFields(row) });
  });
}

/** The public invitation of a link (null when the token finds none, or an organisation's). */
export async function publicInvitation(db: DbOrTx, cipher: FieldCipher, token: string): Promise<InvitationRow | null> {
  const [inv] = await db.select().from(surveyInvitations).where(eq(surveyInvitations.tokenHash, tokenHash(cipher, token)));
  return inv && inv.respondentGroup === 'public' ? inv : null;
}

const PUBLIC_RESPONDENT = '社会公众（匿名）';
export const INVALID_LINK = '该调查链接无效，请核对链接是否完整，或向发放链接的单位咨询';

/**
 * EVA-4: whoever holds a public link answers at the portal, once. Anonymous: the answer and its
 * audit entry keep no user, no address and no organisation.
 */
export async function answerPublicly(opts: { db: Db; cipher: FieldCipher; requestId: string | null; token: string; input: AnswerInput; today?: string }): Promise<Date> {
  const { db } = opts;
  const found = await publicInvitation(db, opts.cipher, opts.token);
  if (!found) throw new AppError('NOT_FOUND', INVALID_LINK);
  return db.transaction(async (tx) => {
    const [s] = await tx.select().from(satisfactionSurveys).where(eq(satisfactionSurveys.id, found.surveyId)).for('share');
    const [inv] = await tx.select().from(surveyInvitations).where(eq(surveyInvitations.id, found.id)).for('update');
    const row = await recordAnswer(tx, s, inv, opts.input, opts.today ?? chinaToday());
    // no user, no address, no organisation: the audit log names the respondent only as the public
    await appendAudit(tx, { actorUserId: null, actorName: PUBLIC_RESPONDENT, actorOrgId: null, ip: null, requestId: opts.requestId }, { action: 'surveyAnswer.submit', entityType: 'survey_answer', entityId: row.id, orgId: s.associationId, orgPath: s.associationPath, after: answerFields(row) });
    return row.answeredAt;
  });
}
