// EVA-5 (issue 14): the typical-case library (典型案例). The association that runs a programme writes up
// a completed project of it (status 'completed': its completion assessment passed) as a replicable
// model, starting from the project's own reports — the passed completion report's summary (the
// project summary report of EVA-5) and the accepted third-party performance report when there is
// one (caseSources) — edits the draft, publishes it on the portal (its search vector set, X-5) and may
// withdraw it with a reason (the vector cleared), correct it and publish it again. The rules are
// domain/evaluation/typical-case.ts.
//
// Who reads a case: the staff of its association and of the associations above (case.read, the
// data scope of the tree); who writes it: the programme's own association (case.manage). Every
// change takes the case's row lock and checks the row version the writer saw.
import { and, desc, eq, inArray, max, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { evaluationCommissions, organisations, performanceEvaluations, pilotProjects, programmes, projectCompletions, typicalCases } from '../../db/schema.js';
import type { Actor, RequestMeta } from '../../platform/actor.js';
import { appendAudit, whoFromActor } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import { applyEvent } from '../../platform/transition.js';
import { searchVector } from '../../platform/search.js';
import { isInScope } from '../../../domain/access/roles.js';
import { completionVerdictLabels, kpiAchievementPercent, type CompletionVerdict } from '../../../domain/evaluation/completion.js';
import { caseDraftFrom, caseEditable, caseLifecycle, caseProjectRefusal, type CaseContentInput, type CaseCreateInput, type CaseState } from '../../../domain/evaluation/typical-case.js';
import type { CaseCandidateList, CaseSources } from '../../../contract/cases.js';
import { loadProjectInScope } from '../projects/projects.js';
import { linkAttachments } from '../supervision/supervision-attachments.js';

export type CaseRow = typeof typicalCases.$inferSelect;

const TYPE = 'typical_case' as const;

/** May the actor read this case: the association staff over its association (case.read). */
export const mayReadCase = (actor: Actor, c: Pick<CaseRow, 'associationPath'>): boolean =>
  actor.orgType === 'association' && actor.permissions.has('case.read') && isInScope(actor.scopePath, c.associationPath);

/** Writes it: the association that runs the programme, with the right. */
export const managesCase = (actor: Actor, c: Pick<CaseRow, 'associationId'>): boolean => actor.orgType === 'association' && actor.orgId === c.associationId && actor.permissions.has('case.manage');

export async function loadCase(db: DbOrTx, actor: Actor, id: string, lock = false): Promise<CaseRow> {
  const q = db.select().from(typicalCases).where(eq(typicalCases.id, id));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw new AppError('NOT_FOUND', '典型案例不存在');
  if (!mayReadCase(actor, row)) throw new AppError('OUT_OF_SCOPE', '该典型案例不在本单位数据范围内', { extra: { entityType: TYPE, entityId: id } });
  return row;
}

const stale = (row: CaseRow) => new AppError('CONFLICT', '典型案例已被他人修改，请刷新后重试', { extra: { currentVersion: row.rowVersion } });

function audit(tx: DbOrTx, actor: Actor, meta: RequestMeta, c: CaseRow, e: { action: string; before?: unknown; after?: unknown; reason?: string | null }) {
  return appendAudit(tx, whoFromActor(actor, meta), { action: e.action, entityType: TYPE, entityId: c.id, orgId: c.associationId, orgPath: c.associationPath, before: e.before ?? null, after: e.after ?? null, reason: e.reason ?? null });
}

/**
 * The completed project the actor's association may write up: readable, of a programme the actor's
 * association runs, its completion assessment passed. Refusals say which rule.
 */
async function caseProject(db: DbOrTx, actor: Actor, projectId: string) {
  const project = await loadProjectInScope(db, actor, projectId);
  const p = project.row.p;
  if (p.associationId !== actor.orgId || !actor.permissions.has('case.manage')) throw new AppError('FORBIDDEN', '典型案例由组织实施该方案的科协编写');
  const refusal = caseProjectRefusal(p.status);
  if (refusal) throw new AppError('INVALID_STATE', refusal, { extra: { state: p.status } });
  return project.row;
}

/** EVA-5: a draft case about a completed project of the actor's programme. */
export async function createCase(opts: { db: Db; actor: Actor; meta: RequestMeta; input: CaseCreateInput }): Promise<string> {
  const { db, actor, input } = opts;
  return db.transaction(async (tx) => {
    const row = await caseProject(tx, actor, input.projectId);
    const p = row.p;
    const [c] = await tx
      .insert(typicalCases)
      .values({
        programmeId: p.programmeId,
        associationId: p.associationId,
        associationPath: p.associationPath,
        projectId: p.id,
        title: input.title,
        summary: input.summary,
        body: input.body,
        experience: input.experience,
        tags: input.tags,
        attachmentIds: input.attachmentIds,
        createdBy: actor.userId,
        createdByName: actor.displayName,
      })
      .returning();
    await linkAttachments(tx, actor, input.attachmentIds, TYPE, c.id);
    await audit(tx, actor, opts.meta, c, { action: 'typicalCase.create', after: { title: c.title, projectId: p.id, status: c.status, tags: c.tags } });
    return c.id;
  });
}

/** The write-up changed while the case is not on the portal (a draft, or withdrawn to be corrected). */
export async function editCase(opts: { db: Db; actor: Actor; meta: RequestMeta; id: string; rowVersion: number; input: CaseContentInput }): Promise<void> {
  const { db, actor, input } = opts;
  await db.transaction(async (tx) => {
    const c = await loadCase(tx, actor, opts.id, true);
    if (!managesCase(actor, c)) throw new AppError('FORBIDDEN', '典型案例由编写它的科协修改');
    if (!caseEditable(c.status)) throw new AppError('INVALID_STATE', '案例已在门户公开，请先撤回公开再修改', { extra: { state: c.status } });
    if (c.rowVersion !== opts.rowVersion) throw stale(c);
    await linkAttachments(tx, actor, input.attachmentIds, TYPE, c.id, { previous: c.attachmentIds });
    await tx
      .update(typicalCases)
      .set({ ...input, updatedAt: new Date(), rowVersion: sql`${typicalCases.rowVersion} + 1` })
      .where(eq(typicalCases.id, c.id));
    await audit(tx, actor, opts.meta, c, { action: 'typicalCase.edit', before: { title: c.title, tags: c.tags }, after: { title: input.title, tags: input.tags } });
  });
}

/** The search vector of a published case: the write-up, its tags, the project and its society — what the portal shows. */
export const caseSearchVector = (c: Pick<CaseRow, 'title' | 'summary' | 'body' | 'experience' | 'tags'>, projectTitle: string, societyName: string) =>
  searchVector(c.title, c.summary, c.body, c.experience, c.tags.join(' '), projectTitle, societyName);

async function caseVector(tx: DbOrTx, c: CaseRow) {
  const [p] = await tx.select({ title: pilotProjects.title, societyName: organisations.name }).from(pilotProjects).innerJoin(organisations, eq(organisations.id, pilotProjects.societyId)).where(eq(pilotProjects.id, c.projectId));
  return caseSearchVector(c, p.title, p.societyName);
}

/** PUB-1: the association publishes the case on the portal, or withdraws it from there with a reason. */
export async function changeCasePublication(opts: { db: Db; actor: Actor; meta: RequestMeta; id: string; rowVersion: number; event: 'publish' | 'withdraw'; reason?: string }): Promise<void> {
  const { db, actor } = opts;
  await db.transaction(async (tx) => {
    const c = await loadCase(tx, actor, opts.id, true);
    if (!managesCase(actor, c)) throw new AppError('FORBIDDEN', opts.event === 'publish' ? '典型案例由编写它的科协公开' : '典型案例由编写它的科协撤回');
    const to = applyEvent(caseLifecycle, c.status, opts.event);
    if (c.rowVersion !== opts.rowVersion) throw stale(c);
    const now = new Date();
    await tx
      .update(typicalCases)
      .set({
        status: to,
        ...(opts.event === 'publish' ? { publishedAt: now, publishedBy: actor.userId, withdrawnAt: null, search: await caseVector(tx, c) } : { withdrawnAt: now, search: null }),
        updatedAt: now,
        rowVersion: sql`${typicalCases.rowVersion} + 1`,
      })
      .where(eq(typicalCases.id, c.id));
    await audit(tx, actor, opts.meta, c, { action: opts.event === 'publish' ? 'typicalCase.publish' : 'typicalCase.withdraw', before: { status: c.status }, after: { status: to }, reason: opts.reason ?? null });
  });
}

/** The completed projects of the programmes the actor's association runs, with how many cases each has (few: whole). */
export async function caseCandidates(db: DbOrTx, actor: Actor): Promise<CaseCandidateList> {
  if (actor.orgType !== 'association' || !actor.permissions.has('case.manage')) return { items: [], nextCursor: null };
  const society = organisations;
  const rows = await db
    .select({ p: pilotProjects, programmeName: programmes.name, societyName: society.name })
    .from(pilotProjects)
    .innerJoin(programmes, eq(programmes.id, pilotProjects.programmeId))
    .innerJoin(society, eq(society.id, pilotProjects.societyId))
    .where(and(eq(pilotProjects.associationId, actor.orgId), eq(pilotProjects.status, 'completed')))
    .orderBy(desc(pilotProjects.selectedAt), desc(pilotProjects.id));
  const ids = rows.map((r) => r.p.id);
  const [depts, closed, counts] = ids.length
    ? await Promise.all([
        db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(inArray(organisations.id, [...new Set(rows.map((r) => r.p.departmentId))])),
        db
          .select({ projectId: projectCompletions.projectId, at: max(projectCompletions.closedAt) })
          .from(projectCompletions)
          .where(and(inArray(projectCompletions.projectId, ids), inArray(projectCompletions.status, ['passed', 'passedWithConditions'])))
          .groupBy(projectCompletions.projectId),
        db.select({ projectId: typicalCases.projectId, n: sql<number>`count(*)::int` }).from(typicalCases).where(inArray(typicalCases.projectId, ids)).groupBy(typicalCases.projectId),
      ])
    : [[], [], []];
  const deptName = new Map(depts.map((d) => [d.id, d.name]));
  const closedAt = new Map(closed.map((c) => [c.projectId, c.at]));
  const caseCount = new Map(counts.map((c) => [c.projectId, c.n]));
  return {
    items: rows.map((r) => ({
      projectId: r.p.id,
      title: r.p.title,
      programmeId: r.p.programmeId,
      programmeName: r.programmeName,
      societyName: r.societyName,
      departmentName: deptName.get(r.p.departmentId) ?? '',
      completedAt: closedAt.get(r.p.id)?.toISOString() ?? null,
      caseCount: caseCount.get(r.p.id) ?? 0,
    })),
    nextCursor: null,
  };
}

/**
 * The write-up's starting point (EVA-5): the project summary report — the passed completion report,
 * its summary, self-evaluation and KPIs reached — and the third-party performance report the
 * association accepted, if any; with the draft made of them (domain caseDraftFrom).
 */
export async function caseSources(db: DbOrTx, actor: Actor, projectId: string): Promise<CaseSources> {
  const row = await caseProject(db, actor, projectId);
  const p = row.p;
  const [completion] = await db
    .select()
    .from(projectCompletions)
    .where(and(eq(projectCompletions.projectId, p.id), inArray(projectCompletions.status, ['passed', 'passedWithConditions'])))
    .orderBy(desc(projectCompletions.round))
    .limit(1);
  const evaluator = organisations;
  const [perf] = await db
    .select({ e: performanceEvaluations, evaluatorName: evaluator.name })
    .from(performanceEvaluations)
    .innerJoin(evaluationCommissions, eq(evaluationCommissions.id, performanceEvaluations.commissionId))
    .innerJoin(evaluator, eq(evaluator.id, evaluationCommissions.evaluatorOrgId))
    .where(and(eq(performanceEvaluations.projectId, p.id), eq(performanceEvaluations.status, 'accepted')))
    .orderBy(desc(performanceEvaluations.decidedAt), desc(performanceEvaluations.id))
    .limit(1);
  const project = { id: p.id, title: p.title, societyId: p.societyId, societyName: row.societyName, departmentId: p.departmentId, departmentName: row.departmentName, programmeId: p.programmeId, programmeName: row.programmeName };
  const c = completion
    ? {
        id: completion.id,
        round: completion.round,
        resultLabel: completionVerdictLabels[completion.status as CompletionVerdict] ?? completion.status,
        summary: completion.summary,
        selfEvaluation: completion.selfEvaluation,
        kpis: completion.kpis.map((k) => ({ name: k.name, target: k.target, unit: k.unit, actual: k.actual, achievementPercent: kpiAchievementPercent(k.target, k.actual) })),
        closedAt: completion.closedAt?.toISOString() ?? null,
      }
    : null;
  const e = perf
    ? { id: perf.e.id, evaluatorName: perf.evaluatorName, score: perf.e.score, grade: perf.e.grade, findings: perf.e.findings, recommendations: perf.e.recommendations, decidedAt: perf.e.decidedAt?.toISOString() ?? null }
    : null;
  return { project, completion: c, performance: e, draft: caseDraftFrom(project, c, e) };
}

export const caseStatusLabel = (s: string): string => caseLifecycle.states[s as CaseState] ?? s;
