// ORG-5 (issue 14): the yearly willingness and capability survey (承接意愿与能力调查, 004 §1). The
// association opens a round for a year (one per association and year); every active society of its
// data scope is invited with a to-do due on the closing day — the to-dos are the round's invitation
// list, so `invited` counts them and only an invited society answers. A society answers once and may
// revise its answer while the round is open (row version: 409 on a stale write); after the closing
// day or once closed it is refused. The association closes the round (the remaining to-dos with it)
// and reads the results. Every change is audited in its transaction.
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { organisations, programmes, todos, willingnessResponses, willingnessRounds } from '../../db/schema.js';
import type { Actor, RequestMeta } from '../../platform/actor.js';
import { appendAudit, whoFromActor } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import { closeTodos, openTodosForSocieties } from '../../platform/todos.js';
import { notifySocieties, type SocietyReach } from '../../platform/notify.js';
import { isInScope } from '../../../domain/access/roles.js';
import { chinaToday, endOfChinaDay } from '../../../domain/calendar-day.js';
import { answerRefusal, countResults, matchProgrammes, openRefusal, roundPhase, roundPhaseLabels, type ProgrammeModes, type ResponseInput, type RoundInput } from '../../../domain/org/willingness.js';
import { procurementModeLabels, type ProcurementMode } from '../../../domain/programme/programme.types.js';
import type { RoundResults, WillingnessAnswer, WillingnessRound } from '../../../contract/willingness.js';

export const WILLINGNESS_TODO = 'willingness.answer';
const ENTITY = 'willingness_round';
export const myRoundLink = (id: string) => `/app/my-society?round=${id}`;

type RoundRow = typeof willingnessRounds.$inferSelect;
type ResponseRow = typeof willingnessResponses.$inferSelect;

/** The invitation of `societyId` (or of anyone, with a column) to the round `roundId`: its to-do. */
export const invitationOf = (roundId: SQL | string, societyId: SQL | string): SQL =>
  sql`EXISTS (SELECT 1 FROM todos t WHERE t.entity_type = ${ENTITY} AND t.kind = ${WILLINGNESS_TODO} AND t.entity_id = ${roundId} AND t.assignee_org_id = ${societyId})`;

const invitedCount = sql<number>`(SELECT count(*)::int FROM todos t WHERE t.entity_type = ${ENTITY} AND t.kind = ${WILLINGNESS_TODO} AND t.entity_id = ${willingnessRounds.id})`;
const answeredCount = sql<number>`(SELECT count(*)::int FROM willingness_responses r WHERE r.round_id = ${willingnessRounds.id})`;

/** A round with the names and counts its view shows, and its key in a list. */
export const roundColumns = {
  w: willingnessRounds,
  associationName: organisations.name,
  associationPath: organisations.path,
  invited: invitedCount,
  answered: answeredCount,
  key: sql<string>`to_char(${willingnessRounds.createdAt} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`,
};
export const roundsFrom = (db: DbOrTx) => db.select(roundColumns).from(willingnessRounds).innerJoin(organisations, eq(organisations.id, willingnessRounds.associationId));
export type RoundWithNames = { w: RoundRow; associationName: string; associationPath: string; invited: number; answered: number; key: string };

/** The association's staff over the round's association read it and its answers (willingness.manage). */
export const readsRound = (actor: Actor, associationPath: string): boolean =>
  actor.orgType === 'association' && actor.permissions.has('willingness.manage') && isInScope(actor.scopePath, associationPath);
/** The round's own association opens and closes it. */
export const keepsRound = (actor: Actor, associationId: string): boolean => actor.orgType === 'association' && actor.permissions.has('willingness.manage') && actor.orgId === associationId;

export function roundView(x: RoundWithNames, actor: Actor, today = chinaToday()): WillingnessRound {
  const w = x.w;
  const phase = roundPhase(w, today);
  return {
    id: w.id,
    association: { id: w.associationId, name: x.associationName },
    year: w.year,
    title: w.title,
    opensOn: w.opensOn,
    closesOn: w.closesOn,
    status: w.status as 'open' | 'closed',
    phase,
    phaseLabel: roundPhaseLabels[phase],
    invited: Number(x.invited),
    answered: Number(x.answered),
    createdAt: w.createdAt.toISOString(),
    closedAt: w.closedAt?.toISOString() ?? null,
    rowVersion: w.rowVersion,
    actions: w.status === 'open' && keepsRound(actor, w.associationId) ? ['close'] : [],
  };
}

export function answerView(r: ResponseRow): WillingnessAnswer {
  return {
    id: r.id,
    willing: r.willing,
    capable: r.capable,
    preferredModes: r.preferredModes as ProcurementMode[],
    preferredModeLabels: r.preferredModes.map((m) => procurementModeLabels[m as ProcurementMode] ?? m),
    hopedItems: r.hopedItems,
    note: r.note,
    answeredByName: r.answeredByName,
    answeredAt: r.answeredAt.toISOString(),
    rowVersion: r.rowVersion,
  };
}

/** A round the actor reads as its association (404 when none or not shown to the actor). */
export async function loadRound(db: DbOrTx, actor: Actor, id: string): Promise<RoundWithNames> {
  const [x] = await roundsFrom(db).where(eq(willingnessRounds.id, id));
  if (!x) throw new AppError('NOT_FOUND', '调查不存在');
  if (!readsRound(actor, x.associationPath)) throw new AppError('OUT_OF_SCOPE', '该调查不在本单位数据范围内', { extra: { entityType: ENTITY, entityId: id } });
  return x;
}

/**
 * The programmes (not drafts) of each round's association in the round's year, oldest first, with
 * their parameter `preferredProcurementModes` (PRG-2) — one statement for any number of rounds.
 */
export async function roundProgrammes(db: DbOrTx, rounds: readonly Pick<RoundRow, 'associationId' | 'year'>[]): Promise<(ProgrammeModes & { associationId: string; year: number })[]> {
  if (!rounds.length) return [];
  const pairs = sql.join(rounds.map((r) => sql`(${r.associationId}::uuid, ${r.year}::int)`), sql`, `);
  const rows = await db
    .select({ id: programmes.id, name: programmes.name, associationId: programmes.associationId, year: programmes.year, modes: sql<string[] | null>`${programmes.parameters} -> 'preferredProcurementModes'` })
    .from(programmes)
    .where(and(sql`${programmes.status} <> 'draft'`, sql`(${programmes.associationId}, ${programmes.year}) IN (${pairs})`))
    .orderBy(asc(programmes.createdAt), asc(programmes.id));
  return rows.map((r) => ({ ...r, modes: Array.isArray(r.modes) ? r.modes : [] }));
}

/** The results: counts over the answers, the hoped items of each society (by name), and the programmes' preferred modes matched. */
export async function roundResults(db: DbOrTx, round: RoundWithNames): Promise<RoundResults> {
  const answers = await db
    .select({ r: willingnessResponses, name: organisations.name })
    .from(willingnessResponses)
    .innerJoin(organisations, eq(organisations.id, willingnessResponses.societyId))
    .where(eq(willingnessResponses.roundId, round.w.id))
    .orderBy(asc(organisations.name), asc(organisations.id));
  const facts = answers.map((a) => a.r);
  const counts = countResults(Number(round.invited), facts);
  return {
    ...counts,
    hopedBySociety: answers.filter((a) => a.r.hopedItems.length > 0).map((a) => ({ society: { id: a.r.societyId, name: a.name }, items: a.r.hopedItems })),
    programmes: matchProgrammes(await roundProgrammes(db, [round.w]), facts),
  };
}

// ------------------------------------------------------------------------------------------------
// Writes
// ------------------------------------------------------------------------------------------------

/** ORG-5: the association opens a round for a year and invites every active society of its scope. */
export async function openRound(opts: { db: Db; actor: Actor; meta: RequestMeta; input: RoundInput; today?: string }): Promise<string> {
  const { db, actor, input } = opts;
  if (actor.orgType !== 'association' || !actor.permissions.has('willingness.manage')) throw new AppError('FORBIDDEN', '承接意愿调查由科协发起');
  const problem = openRefusal(input, opts.today ?? chinaToday());
  if (problem) throw new AppError('VALIDATION_FAILED', problem, { errors: [{ path: 'body.closesOn', message: problem }] });
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(willingnessRounds)
      .values({ associationId: actor.orgId, year: input.year, title: input.title, opensOn: input.opensOn, closesOn: input.closesOn, createdBy: actor.userId })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new AppError('DUPLICATE', `本单位 ${input.year} 年度的承接意愿调查已经发起，每年一次`);
    // every active society of the association's data scope (its subtree)
    const reach: SocietyReach = { associationId: actor.orgId, associationPath: actor.orgPath, includeSubordinate: true };
    const link = myRoundLink(row.id);
    const invited = await openTodosForSocieties(tx, reach, {
      kind: WILLINGNESS_TODO,
      title: `${actor.orgName}承接意愿与能力调查：${row.title}，请于 ${row.closesOn} 前填报`,
      link,
      entityType: ENTITY,
      entityId: row.id,
      permission: 'willingness.answer',
      dueAt: endOfChinaDay(row.closesOn),
    });
    await notifySocieties(tx, reach, { permission: 'willingness.answer' }, {
      title: `${actor.orgName}发起承接意愿与能力调查`,
      body: `“${row.title}”：${row.opensOn} 至 ${row.closesOn} 填报是否愿意承接、是否有能力承担、倾向的承接方式和希望承接的事项。`,
      link,
      entityType: ENTITY,
      entityId: row.id,
    });
    await appendAudit(tx, whoFromActor(actor, opts.meta), {
      action: 'willingnessRound.open',
      entityType: ENTITY,
      entityId: row.id,
      orgId: actor.orgId,
      orgPath: actor.orgPath,
      after: { year: row.year, title: row.title, opensOn: row.opensOn, closesOn: row.closesOn, status: row.status, invitedCount: invited },
    });
    return row.id;
  });
}

/** The association closes its round: no more answers, the remaining to-dos closed. */
export async function closeRound(opts: { db: Db; actor: Actor; meta: RequestMeta; id: string; rowVersion: number }): Promise<void> {
  const { db, actor } = opts;
  await db.transaction(async (tx) => {
    const x = await loadRound(tx, actor, opts.id);
    if (!keepsRound(actor, x.w.associationId)) throw new AppError('FORBIDDEN', `本次调查由${x.associationName}结束`);
    const [row] = await tx.select().from(willingnessRounds).where(eq(willingnessRounds.id, x.w.id)).for('update');
    if (row.rowVersion !== opts.rowVersion) throw new AppError('CONFLICT', '调查已被他人修改，请刷新后重试', { extra: { currentVersion: row.rowVersion } });
    if (row.status === 'closed') throw new AppError('INVALID_STATE', '本次调查已经结束');
    const [{ n: answered }] = await tx.select({ n: sql<number>`count(*)::int` }).from(willingnessResponses).where(eq(willingnessResponses.roundId, row.id));
    await tx
      .update(willingnessRounds)
      .set({ status: 'closed', closedAt: new Date(), rowVersion: sql`${willingnessRounds.rowVersion} + 1` })
      .where(eq(willingnessRounds.id, row.id));
    await closeTodos(tx, { entityType: ENTITY, entityId: row.id, kind: WILLINGNESS_TODO }, actor.userId);
    await appendAudit(tx, whoFromActor(actor, opts.meta), {
      action: 'willingnessRound.close',
      entityType: ENTITY,
      entityId: row.id,
      orgId: row.associationId,
      orgPath: x.associationPath,
      before: { status: row.status },
      after: { status: 'closed', invitedCount: Number(x.invited), answeredCount: Number(answered) },
    });
  });
}

const answerFields = (r: Pick<ResponseRow, 'willing' | 'capable' | 'preferredModes' | 'hopedItems' | 'note'>) => ({
  willing: r.willing,
  capable: r.capable,
  preferredModes: r.preferredModes,
  hopedItems: r.hopedItems,
  note: r.note,
});

/**
 * ORG-5: the society's answer — the first (rowVersion null) or a revision (the version read). The
 * round is read FOR SHARE, so a close waits for the answer and an answer after the close is refused.
 */
export async function answerRound(opts: { db: Db; actor: Actor; meta: RequestMeta; roundId: string; input: ResponseInput; today?: string }): Promise<void> {
  const { db, actor, input } = opts;
  if (actor.orgType !== 'society' || !actor.permissions.has('willingness.answer')) throw new AppError('FORBIDDEN', '承接意愿由学会填报');
  await db.transaction(async (tx) => {
    const [round] = await tx.select().from(willingnessRounds).where(eq(willingnessRounds.id, opts.roundId)).for('share');
    if (!round) throw new AppError('NOT_FOUND', '调查不存在');
    const [invited] = await tx
      .select({ id: todos.id })
      .from(todos)
      .where(and(eq(todos.entityType, ENTITY), eq(todos.kind, WILLINGNESS_TODO), eq(todos.entityId, round.id), eq(todos.assigneeOrgId, actor.orgId)))
      .limit(1);
    if (!invited) throw new AppError('OUT_OF_SCOPE', '本会不在本次调查的范围内', { extra: { entityType: ENTITY, entityId: round.id } });
    const refusal = answerRefusal(round, opts.today ?? chinaToday());
    if (refusal) throw new AppError('INVALID_STATE', refusal);
    const [existing] = await tx
      .select()
      .from(willingnessResponses)
      .where(and(eq(willingnessResponses.roundId, round.id), eq(willingnessResponses.societyId, actor.orgId)))
      .for('update');
    const values = { willing: input.willing, capable: input.capable, preferredModes: input.preferredModes, hopedItems: input.hopedItems, note: input.note ?? null };
    const who = { answeredBy: actor.userId, answeredByName: actor.displayName, answeredAt: new Date() };
    let row: ResponseRow | undefined;
    if (existing) {
      if (input.rowVersion !== existing.rowVersion) {
        throw new AppError('CONFLICT', '本会的填报已被他人修改，请刷新后重试', { extra: { currentVersion: existing.rowVersion } });
      }
      [row] = await tx
        .update(willingnessResponses)
        .set({ ...values, ...who, rowVersion: sql`${willingnessResponses.rowVersion} + 1` })
        .where(and(eq(willingnessResponses.id, existing.id), eq(willingnessResponses.rowVersion, existing.rowVersion)))
        .returning();
      if (!row) throw new AppError('CONFLICT', '本会的填报已被他人修改，请刷新后重试');
    } else {
      if (input.rowVersion !== null) throw new AppError('CONFLICT', '本会的填报已不存在，请刷新后重试');
      [row] = await tx
        .insert(willingnessResponses)
        .values({ roundId: round.id, societyId: actor.orgId, ...values, ...who })
        .onConflictDoNothing()
        .returning();
      if (!row) throw new AppError('CONFLICT', '本会已由他人同时填报，请刷新后重试');
      await closeTodos(tx, { entityType: ENTITY, entityId: round.id, kind: WILLINGNESS_TODO, assigneeOrgId: actor.orgId }, actor.userId);
    }
    await appendAudit(tx, whoFromActor(actor, opts.meta), {
      action: existing ? 'willingnessResponse.revise' : 'willingnessResponse.submit',
      entityType: 'willingness_response',
      entityId: row.id,
      orgId: actor.orgId,
      orgPath: actor.orgPath,
      before: existing ? answerFields(existing) : null,
      after: answerFields(row),
    });
  });
}

/** The rounds the society was invited to (newest first) — the society's own view. */
export const invitedRoundsWhere = (societyId: string): SQL => invitationOf(sql`${willingnessRounds.id}`, sql`${societyId}::uuid`);

export async function myAnswers(db: DbOrTx, societyId: string, roundIds: readonly string[]): Promise<Map<string, ResponseRow>> {
  if (!roundIds.length) return new Map();
  const rows = await db
    .select()
    .from(willingnessResponses)
    .where(and(eq(willingnessResponses.societyId, societyId), sql`${willingnessResponses.roundId} IN (${sql.join(roundIds.map((id) => sql`${id}::uuid`), sql`, `)})`));
  return new Map(rows.map((r) => [r.roundId, r]));
}

