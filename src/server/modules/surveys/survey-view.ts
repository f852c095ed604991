// EVA-4 reads (issue 14): a survey as the association reads it (with its counts and the actions the
// reader may take), its results, its invitations (the public links shown only to its own
// association), the free answers, an organisation's own invitations, and the public questionnaire
// behind a link. Scope: surveys.ts readsSurvey / keepsSurvey.
import { and, asc, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { organisations, programmes, satisfactionSurveys, surveyAnswers, surveyInvitations } from '../../db/schema.js';
import type { Actor } from '../../platform/actor.js';
import type { FieldCipher } from '../../platform/crypto/field-cipher.js';
import { AppError } from '../../platform/errors.js';
import { beforeTimeKey, cursorKeys, decodeCursor, timeKeyOf, toPage, totalOf, type CountMode } from '../../http/paging.js';
import { escapeLike } from '../orgs/orgs.repo.js';
import { chinaToday, chinaWallClock } from '../../../domain/calendar-day.js';
import { withParameterDefaults, type ProgrammeParameters } from '../../../domain/programme/programme.types.js';
import {
  answerRefusal,
  programmeSurveyRefusal,
  ratingLabels,
  ratingScale,
  satisfactionRuleOf,
  satisfactionRuleText,
  surveyGroupLabels,
  surveyGroups,
  surveyLifecycle,
  surveyPhase,
  surveyPhaseLabels,
  surveyResults,
  type Rating,
  type SurveyGroup,
  type SurveyQuestion,
  type SurveyState,
} from '../../../domain/evaluation/satisfaction.js';
import type { MySurvey, PublicSurvey, Survey, SurveyAction, SurveyComment, SurveyInvitation, SurveyProgramme, SurveyResults } from '../../../contract/surveys.js';
import { INVALID_LINK, keepsSurvey, loadSurvey, publicInvitation, publicSurveyPath, type InvitationRow, type SurveyRow } from './surveys.js';
import { programmeReadScope } from '../programmes/programme-scope.js';

type Q = { cursor?: string; limit: number; count?: CountMode };

const invitationStatusLabels: Record<InvitationRow['status'] & string, string> = { pending: '待填写', answered: '已填写', revoked: '已作废' };
const statusLabelOf = (s: string) => invitationStatusLabels[s] ?? s;
const groupLabel = (g: string) => surveyGroupLabels[g as SurveyGroup] ?? g;
export const scale = () => ratingScale.map((rating) => ({ rating, label: ratingLabels[rating] }));
const moment = (d: Date) => chinaWallClock(d).slice(0, 16).replace('T', ' ');

const surveyColumns = {
  s: satisfactionSurveys,
  programmeName: programmes.name,
  parameters: programmes.parameters,
  associationName: organisations.name,
  key: timeKeyOf(satisfactionSurveys.createdAt),
};
type SurveyWithNames = { s: SurveyRow; programmeName: string; parameters: unknown; associationName: string; key: string };
const surveysFrom = (db: DbOrTx) =>
  db.select(surveyColumns).from(satisfactionSurveys).innerJoin(programmes, eq(programmes.id, satisfactionSurveys.programmeId)).innerJoin(organisations, eq(organisations.id, satisfactionSurveys.associationId));

type Counts = Map<string, { group: SurveyGroup; invited: number; answered: number }[]>;
async function countsOf(db: DbOrTx, ids: readonly string[]): Promise<Counts> {
  const out: Counts = new Map();
  if (!ids.length) return out;
  const rows = await db
    .select({
      surveyId: surveyInvitations.surveyId,
      group: surveyInvitations.respondentGroup,
      invited: sql<number>`count(*) FILTER (WHERE ${surveyInvitations.status} <> 'revoked')::int`,
      answered: sql<number>`count(*) FILTER (WHERE ${surveyInvitations.status} = 'answered')::int`,
    })
    .from(surveyInvitations)
    .where(inArray(surveyInvitations.surveyId, [...ids]))
    .groupBy(surveyInvitations.surveyId, surveyInvitations.respondentGroup);
  for (const r of rows) {
    const list = out.get(r.surveyId) ?? [];
    list.push({ group: r.group as SurveyGroup, invited: Number(r.invited), answered: Number(r.answered) });
    out.set(r.surveyId, list);
  }
  return out;
}

function actionsOf(actor: Actor, s: SurveyRow): SurveyAction[] {
  if (!keepsSurvey(actor, s)) return [];
  if (s.status === 'draft') return ['edit', 'open'];
  const out: SurveyAction[] = [];
  if (s.status === 'open') {
    out.push('close');
    if (s.groups.includes('department') || s.groups.includes('society')) out.push('invite');
    if (s.groups.includes('public')) out.push('generateLinks');
  }
  if (s.groups.includes('public')) out.push('downloadLinks');
  return out;
}

export function surveyView(x: SurveyWithNames, counts: Counts, actor: Actor, today = chinaToday()): Survey {
  const s = x.s;
  const phase = surveyPhase(s, today);
  const c = counts.get(s.id) ?? [];
  const groups = surveyGroups.filter((g) => s.groups.includes(g));
  return {
    id: s.id,
    programme: { id: s.programmeId, name: x.programmeName },
    association: { id: s.associationId, name: x.associationName },
    year: s.year,
    title: s.title,
    intro: s.intro,
    groups,
    groupLabels: groups.map(groupLabel),
    questions: s.questions,
    opensOn: s.opensOn,
    closesOn: s.closesOn,
    status: s.status as SurveyState,
    statusLabel: surveyLifecycle.states[s.status as SurveyState] ?? s.status,
    phase,
    phaseLabel: surveyPhaseLabels[phase],
    counts: groups.map((group) => ({ group, label: groupLabel(group), invited: c.find((r) => r.group === group)?.invited ?? 0, answered: c.find((r) => r.group === group)?.answered ?? 0 })),
    satisfiedRule: satisfactionRuleText(satisfactionRuleOf(x.parameters)),
    createdByName: s.createdByName,
    createdAt: s.createdAt.toISOString(),
    openedAt: s.openedAt?.toISOString() ?? null,
    closedAt: s.closedAt?.toISOString() ?? null,
    rowVersion: s.rowVersion,
    actions: actionsOf(actor, s),
  };
}

export async function readSurvey(db: DbOrTx, actor: Actor, id: string): Promise<Survey> {
  await loadSurvey(db, actor, id);
  const [x] = await surveysFrom(db).where(eq(satisfactionSurveys.id, id));
  return surveyView(x, await countsOf(db, [id]), actor);
}

/** The surveys of the associations within the caller's scope, newest first. */
export async function surveyList(db: DbOrTx, actor: Actor, q: Q & { programmeId?: string; status?: SurveyState }) {
  const where = and(
    actor.orgType === 'association' ? sql`${satisfactionSurveys.associationPath} LIKE ${`${escapeLike(actor.scopePath)}%`}` : sql`false`,
    q.programmeId ? eq(satisfactionSurveys.programmeId, q.programmeId) : undefined,
    q.status ? eq(satisfactionSurveys.status, q.status) : undefined,
  )!;
  const after = decodeCursor(q.cursor, cursorKeys.textTime);
  const rows = await surveysFrom(db)
    .where(and(where, beforeTimeKey(satisfactionSurveys.createdAt, satisfactionSurveys.id, after)))
    .orderBy(desc(satisfactionSurveys.createdAt), desc(satisfactionSurveys.id))
    .limit(q.limit + 1);
  const total = await totalOf(db, q.count, db.select({ one: sql`1` }).from(satisfactionSurveys).where(where));
  const page = toPage(rows, q.limit, total, (r) => [r.key, r.s.id]);
  const counts = await countsOf(db, page.items.map((x) => x.s.id));
  const today = chinaToday();
  return { ...page, items: page.items.map((x) => surveyView(x, counts, actor, today)), actions: actor.orgType === 'association' && actor.permissions.has('survey.manage') ? ['create' as const] : [] };
}

/** The programmes of the caller's own association it may survey, with the groups each names. */
export async function surveyProgrammes(db: DbOrTx, actor: Actor): Promise<{ items: SurveyProgramme[]; nextCursor: null }> {
  if (actor.orgType !== 'association') return { items: [], nextCursor: null };
  const rows = await db
    .select({ id: programmes.id, name: programmes.name, year: programmes.year, status: programmes.status, parameters: programmes.parameters })
    .from(programmes)
    .where(and(eq(programmes.associationId, actor.orgId), sql`${programmes.status} <> 'draft'`, programmeReadScope(actor)))
    .orderBy(desc(programmes.year), asc(programmes.name), asc(programmes.id));
  return {
    items: rows.map((p) => {
      const params = withParameterDefaults(p.parameters as ProgrammeParameters);
      const groups = surveyGroups.filter((g) => params.satisfactionSurvey.includes(g));
      return {
        id: p.id,
        name: p.name,
        year: p.year,
        statusLabel: p.status === 'closed' ? '已结束' : '已发布',
        groups,
        groupLabels: groups.map(groupLabel),
        satisfiedRule: satisfactionRuleText(satisfactionRuleOf(params)),
        refusal: programmeSurveyRefusal(params.satisfactionSurvey),
      };
    }),
    nextCursor: null,
  };
}

/** EVA-4, 004 §3(3)3: per group invited, answered, response rate, satisfied, satisfaction rate; per question the means. */
export async function readResults(db: DbOrTx, actor: Actor, id: string): Promise<SurveyResults> {
  const s = await loadSurvey(db, actor, id);
  const invitations = await db.select({ group: surveyInvitations.respondentGroup, status: surveyInvitations.status }).from(surveyInvitations).where(eq(surveyInvitations.surveyId, s.id));
  const answers = await db.select({ group: surveyAnswers.respondentGroup, satisfied: surveyAnswers.satisfied, answers: surveyAnswers.answers }).from(surveyAnswers).where(eq(surveyAnswers.surveyId, s.id));
  const [p] = await db.select({ parameters: programmes.parameters }).from(programmes).where(eq(programmes.id, s.programmeId));
  return { ...surveyResults(s.groups, s.questions as SurveyQuestion[], invitations, answers), satisfiedRule: satisfactionRuleText(satisfactionRuleOf(p.parameters)) };
}

/** The public link of an invitation, for its survey's own association only. */
const linkOf = (cipher: FieldCipher, publicUrl: string, inv: Pick<InvitationRow, 'respondentGroup' | 'tokenEnc'>): string => `${publicUrl}${publicSurveyPath(cipher.decrypt(inv.tokenEnc))}`;

/** The invitations by label (organisations by name, public links by number); filters by group and state. */
export async function invitationList(db: DbOrTx, cipher: FieldCipher, publicUrl: string, actor: Actor, id: string, q: Q & { group?: SurveyGroup; status?: 'pending' | 'answered' | 'revoked' }) {
  const s = await loadSurvey(db, actor, id);
  const keeps = keepsSurvey(actor, s);
  const i = surveyInvitations;
  const where = and(eq(i.surveyId, s.id), q.group ? eq(i.respondentGroup, q.group) : undefined, q.status ? eq(i.status, q.status) : undefined)!;
  const after = decodeCursor(q.cursor, cursorKeys.name);
  const rows = await db
    .select({ i, orgName: organisations.name })
    .from(i)
    .leftJoin(organisations, eq(organisations.id, i.orgId))
    .where(after ? and(where, sql`(${i.label}, ${i.id}) > (${after[0]}, ${after[1]}::uuid)`) : where)
    .orderBy(asc(i.label), asc(i.id))
    .limit(q.limit + 1);
  const total = await totalOf(db, q.count, db.select({ one: sql`1` }).from(i).where(where));
  const page = toPage(rows, q.limit, total, (r) => [r.i.label, r.i.id]);
  const items: SurveyInvitation[] = page.items.map(({ i: inv, orgName }) => ({
    id: inv.id,
    group: inv.respondentGroup as SurveyGroup,
    groupLabel: groupLabel(inv.respondentGroup),
    label: inv.label,
    org: inv.orgId ? { id: inv.orgId, name: orgName ?? inv.label } : null,
    status: inv.status as SurveyInvitation['status'],
    statusLabel: statusLabelOf(inv.status),
    link: keeps && inv.respondentGroup === 'public' ? linkOf(cipher, publicUrl, inv) : null,
    createdAt: inv.createdAt.toISOString(),
    answeredAt: inv.answeredAt?.toISOString() ?? null,
    actions: keeps && inv.status === 'pending' && s.status !== 'closed' ? ['revoke' as const] : [],
  }));
  return { ...page, items };
}

const csvCell = (v: string): string => (/[",\r\n]/.test(v) || /^[=+\-@]/.test(v) ? `"${(/^[=+\-@]/.test(v) ? `'${v}` : v).replace(/"/g, '""')}"` : v);

/** The public links of a survey as CSV (UTF-8 with BOM, for Excel): its own association only. */
export async function publicLinksCsv(db: DbOrTx, cipher: FieldCipher, publicUrl: string, actor: Actor, id: string): Promise<{ title: string; csv: string }> {
  const s = await loadSurvey(db, actor, id);
  if (!keepsSurvey(actor, s)) throw new AppError('FORBIDDEN', '公众填写链接只有发起调查的科协可以下载');
  const rows = await db
    .select()
    .from(surveyInvitations)
    .where(and(eq(surveyInvitations.surveyId, s.id), eq(surveyInvitations.respondentGroup, 'public')))
    .orderBy(asc(surveyInvitations.label), asc(surveyInvitations.id));
  const lines = [['序号', '填写链接', '状态', '生成时间', '填写时间'].join(',')];
  for (const r of rows) lines.push([r.label, linkOf(cipher, publicUrl, r), statusLabelOf(r.status), moment(r.createdAt), r.answeredAt ? moment(r.answeredAt) : ''].map(csvCell).join(','));
  return { title: s.title, csv: `\uFEFF${lines.join('\r\n')}\r\n` };
}

/** The answers with free text, newest first; a public one names no respondent. */
export async function commentList(db: DbOrTx, actor: Actor, id: string, q: Q & { group?: SurveyGroup }) {
  const s = await loadSurvey(db, actor, id);
  const a = surveyAnswers;
  const where = and(eq(a.surveyId, s.id), isNotNull(a.comment), q.group ? eq(a.respondentGroup, q.group) : undefined)!;
  const after = decodeCursor(q.cursor, cursorKeys.textTime);
  const rows = await db
    .select({ a, orgName: organisations.name, key: timeKeyOf(a.answeredAt) })
    .from(a)
    .innerJoin(surveyInvitations, eq(surveyInvitations.id, a.invitationId))
    .leftJoin(organisations, eq(organisations.id, surveyInvitations.orgId))
    .where(and(where, beforeTimeKey(a.answeredAt, a.id, after)))
    .orderBy(desc(a.answeredAt), desc(a.id))
    .limit(q.limit + 1);
  const total = await totalOf(db, q.count, db.select({ one: sql`1` }).from(a).where(where));
  const page = toPage(rows, q.limit, total, (r) => [r.key, r.a.id]);
  const texts = (s.questions as SurveyQuestion[]).filter((x) => x.kind === 'text');
  const items: SurveyComment[] = page.items.map(({ a: ans, orgName }) => ({
    id: ans.id,
    group: ans.respondentGroup as SurveyGroup,
    groupLabel: groupLabel(ans.respondentGroup),
    respondent: ans.respondentGroup === 'public' ? null : orgName,
    overall: ans.overall,
    overallLabel: ratingLabels[ans.overall as Rating] ?? String(ans.overall),
    satisfied: ans.satisfied,
    texts: texts.filter((t) => typeof ans.answers[t.key] === 'string').map((t) => ({ key: t.key, question: t.text, text: ans.answers[t.key] as string })),
    answeredAt: ans.answeredAt.toISOString(),
  }));
  return { ...page, items };
}

// ------------------------------------------------------------------------------------------------
// The invited organisation's own, and the public link
// ------------------------------------------------------------------------------------------------

/** The invitations of the caller's organisation, newest first, each with the questionnaire and its answer. */
export async function myInvitations(db: DbOrTx, actor: Actor, q: Q & { surveyId?: string }) {
  const i = surveyInvitations;
  const where = and(eq(i.orgId, actor.orgId), q.surveyId ? eq(i.surveyId, q.surveyId) : undefined)!;
  const after = decodeCursor(q.cursor, cursorKeys.textTime);
  const rows = await db
    .select({ i, s: satisfactionSurveys, programmeName: programmes.name, associationName: organisations.name, key: timeKeyOf(i.createdAt) })
    .from(i)
    .innerJoin(satisfactionSurveys, eq(satisfactionSurveys.id, i.surveyId))
    .innerJoin(programmes, eq(programmes.id, satisfactionSurveys.programmeId))
    .innerJoin(organisations, eq(organisations.id, satisfactionSurveys.associationId))
    .where(and(where, beforeTimeKey(i.createdAt, i.id, after)))
    .orderBy(desc(i.createdAt), desc(i.id))
    .limit(q.limit + 1);
  const total = await totalOf(db, q.count, db.select({ one: sql`1` }).from(i).where(where));
  const page = toPage(rows, q.limit, total, (r) => [r.key, r.i.id]);
  const answers = page.items.length
    ? await db
        .select()
        .from(surveyAnswers)
        .where(
          inArray(
            surveyAnswers.invitationId,
            page.items.map((r) => r.i.id),
          ),
        )
    : [];
  const today = chinaToday();
  const items: MySurvey[] = page.items.map(({ i: inv, s, programmeName, associationName }) => {
    const phase = surveyPhase(s, today);
    const a = answers.find((x) => x.invitationId === inv.id);
    const refusal = answerRefusal(s, inv.status, today);
    return {
      invitationId: inv.id,
      survey: { id: s.id, title: s.title, intro: s.intro, associationName, programmeName, opensOn: s.opensOn, closesOn: s.closesOn, phase, phaseLabel: surveyPhaseLabels[phase], questions: s.questions },
      group: inv.respondentGroup as SurveyGroup,
      groupLabel: groupLabel(inv.respondentGroup),
      status: inv.status as MySurvey['status'],
      statusLabel: statusLabelOf(inv.status),
      answer: a ? { answers: a.answers, overall: a.overall, answeredAt: a.answeredAt.toISOString() } : null,
      scale: scale(),
      mayAnswer: refusal === null,
      refusal,
    };
  });
  return { ...page, items };
}

/** The questionnaire behind a public link, with whether it can be answered now (404 for no such link). */
export async function readPublicSurvey(db: DbOrTx, cipher: FieldCipher, token: string): Promise<PublicSurvey> {
  const inv = await publicInvitation(db, cipher, token);
  if (!inv) throw new AppError('NOT_FOUND', INVALID_LINK);
  const [x] = await surveysFrom(db).where(eq(satisfactionSurveys.id, inv.surveyId));
  const s = x.s;
  const today = chinaToday();
  const refusal = answerRefusal(s, inv.status, today);
  const phase = surveyPhase(s, today);
  const state: PublicSurvey['state'] = inv.status === 'answered' ? 'answered' : inv.status === 'revoked' ? 'revoked' : phase === 'draft' ? 'upcoming' : phase;
  return {
    title: s.title,
    intro: s.intro,
    associationName: x.associationName,
    programmeName: x.programmeName,
    groupLabel: groupLabel(inv.respondentGroup),
    opensOn: s.opensOn,
    closesOn: s.closesOn,
    questions: s.questions,
    scale: scale(),
    state,
    mayAnswer: refusal === null,
    refusal,
  };
}
