// EVA-2, EVA-3: what the API returns for commissions and performance reports (contract/evaluation.ts),
// with the actions the reading user may take; and the portal's published results (PUB-1).
import { and, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { beforeTimeKey, cursorKeys, decodeCursor, timeKeyOf, toPage, totalOf, type CountMode } from '../../http/paging.js';
import { alias } from 'drizzle-orm/pg-core';
import type { EvaluationCommission, EvaluationCommissionItem, EvaluationCommissionList, PerformanceEvaluation, PublicPerformanceResultPage } from '../../../contract/evaluation.js';
import { commissionRunsOn, commissionScopeLabels, kpiScoringMethodLabels, performanceLifecycle, type CommissionScope, type PerformanceState } from '../../../domain/evaluation/performance.js';
import { projectStatusLabel } from '../../../domain/projects/project.status.js';
import type { DbOrTx } from '../../db/client.js';
import { evaluationCommissions, organisations, performanceEvaluations, pilotProjects, programmes } from '../../db/schema.js';
import type { Actor } from '../../platform/actor.js';
import { chinaToday } from '../../platform/transition.js';
import { filesByRow } from '../supervision/approval-chain-view.js';
import { orgNames } from '../supervision/terminations.js';
import { bookInForce } from './completions.js';
import { commissionProjectIds, listCommissionRows, loadCommission, loadReport, managesCommission, performsCommission, reportVisibleTo, scoringOf, type CommissionRow, type PerformanceRow } from './commissions.js';

const society = alias(organisations, 'pe_society');
const dept = alias(organisations, 'pe_dept');

/** What the reader may do with a commission now: the association cancels it, the evaluator evaluates. */
const commissionActions = (actor: Actor, c: CommissionRow): EvaluationCommission['actions'] => [
  ...(managesCommission(actor, c) && c.status === 'active' ? (['cancel'] as const) : []),
  ...(performsCommission(actor, c) ? (['evaluate'] as const) : []),
];

function commissionStatusLabel(c: CommissionRow, today: string): string {
  if (c.status === 'cancelled') return '已撤销';
  if (today < c.startsOn) return '未开始';
  if (today > c.endsOn) return '已结束';
  return '进行中';
}

function reportView(r: PerformanceRow, c: CommissionRow, actor: Actor, x: { evaluatorName: string; project?: { title: string; societyName: string }; files: PerformanceEvaluation['attachments'] }): PerformanceEvaluation {
  const actions: PerformanceEvaluation['actions'] = [];
  const status = r.status as PerformanceState;
  if (performsCommission(actor, c) && (status === 'draft' || status === 'returned')) actions.push('edit', 'submit');
  if (managesCommission(actor, c)) {
    if (status === 'submitted') actions.push('decide');
    if (status === 'accepted') actions.push(r.publishedAt ? 'unpublish' : 'publish');
  }
  return {
    id: r.id,
    commissionId: c.id,
    commissionTitle: c.title,
    evaluatorName: x.evaluatorName,
    projectId: r.projectId,
    projectTitle: x.project?.title ?? null,
    societyName: x.project?.societyName ?? null,
    status,
    statusLabel: performanceLifecycle.states[status] ?? r.status,
    kpis: r.kpis,
    score: r.score,
    grade: r.grade,
    passed: r.passed,
    findings: r.findings,
    recommendations: r.recommendations,
    attachments: x.files,
    updatedByName: r.updatedByName,
    updatedAt: r.updatedAt.toISOString(),
    submittedAt: r.submittedAt?.toISOString() ?? null,
    decidedByName: r.decidedByName,
    decidedAt: r.decidedAt?.toISOString() ?? null,
    decisionComment: r.decisionComment,
    publishedAt: r.publishedAt?.toISOString() ?? null,
    rowVersion: r.rowVersion,
    actions,
  };
}

/** The projects' titles, societies, departments and states, by id. */
export async function projectsOf(db: DbOrTx, ids: string[]) {
  if (!ids.length) return new Map<string, { title: string; societyName: string; departmentName: string; status: string }>();
  const rows = await db
    .select({ id: pilotProjects.id, title: pilotProjects.title, societyName: society.name, departmentName: dept.name, status: pilotProjects.status })
    .from(pilotProjects)
    .innerJoin(society, eq(society.id, pilotProjects.societyId))
    .innerJoin(dept, eq(dept.id, pilotProjects.departmentId))
    .where(inArray(pilotProjects.id, ids));
  return new Map(rows.map((r) => [r.id, r]));
}

export async function readReport(db: DbOrTx, actor: Actor, id: string): Promise<PerformanceEvaluation> {
  const { row, commission } = await loadReport(db, actor, id);
  const evaluatorName = (await orgNames(db, [commission.evaluatorOrgId])).get(commission.evaluatorOrgId) ?? '';
  const project = row.projectId ? (await projectsOf(db, [row.projectId])).get(row.projectId) : undefined;
  const files = await filesByRow(db, [row]);
  return reportView(row, commission, actor, { evaluatorName, project, files: files(row) });
}

export async function readCommission(db: DbOrTx, actor: Actor, id: string): Promise<EvaluationCommission> {
  const c = await loadCommission(db, actor, id);
  const today = chinaToday();
  const ids = await commissionProjectIds(db, c);
  const projects = await projectsOf(db, ids);
  // a draft is the evaluator's: the association sees that the work is under way, not its content
  const reports = await db.select().from(performanceEvaluations).where(eq(performanceEvaluations.commissionId, c.id));
  const shown = (r: PerformanceRow | undefined) => (r && reportVisibleTo(actor, c, r) ? r : undefined);
  const byProject = new Map(reports.filter((r) => r.projectId).map((r) => [r.projectId!, r]));
  const [prog] = await db.select({ name: programmes.name, parameters: programmes.parameters }).from(programmes).where(eq(programmes.id, c.programmeId));
  const n = await orgNames(db, [c.associationId, c.evaluatorOrgId]);
  const evaluatorName = n.get(c.evaluatorOrgId) ?? '';
  const books = new Map(await Promise.all(ids.map(async (pid) => [pid, (await bookInForce(db, pid))?.kpis ?? []] as const)));
  const programmeRow = shown(reports.find((r) => r.projectId === null));
  const files = await filesByRow(db, programmeRow ? [programmeRow] : []);
  const scoring = scoringOf(prog.parameters);
  return {
    id: c.id,
    programmeId: c.programmeId,
    programmeName: prog.name,
    associationName: n.get(c.associationId) ?? '',
    evaluatorOrgId: c.evaluatorOrgId,
    evaluatorName,
    title: c.title,
    scope: c.scope as CommissionScope,
    scopeLabel: commissionScopeLabels[c.scope as CommissionScope] ?? c.scope,
    startsOn: c.startsOn,
    endsOn: c.endsOn,
    note: c.note,
    status: c.status as 'active' | 'cancelled',
    statusLabel: commissionStatusLabel(c, today),
    runsToday: commissionRunsOn(c, today),
    projects: ids.flatMap((pid) => {
      const p = projects.get(pid);
      if (!p) return [];
      const all = byProject.get(pid);
      const r = shown(all);
      return [
        {
          projectId: pid,
          title: p.title,
          societyName: p.societyName,
          departmentName: p.departmentName,
          projectStatusLabel: projectStatusLabel(p.status),
          evaluationId: r?.id ?? null,
          evaluationStatus: (r?.status as PerformanceState | undefined) ?? null,
          evaluationStatusLabel: all ? (performanceLifecycle.states[all.status as PerformanceState] ?? all.status) : '未开始',
          score: r?.score ?? null,
          grade: r?.grade ?? null,
          kpis: books.get(pid) ?? [],
        },
      ];
    }),
    programmeReport: programmeRow ? reportView(programmeRow, c, actor, { evaluatorName, files: files(programmeRow) }) : null,
    scoring: { methodLabel: kpiScoringMethodLabels[scoring.kpiScoring], grades: scoring.grades, passScore: scoring.passScore },
    createdByName: c.createdByName,
    createdAt: c.createdAt.toISOString(),
    rowVersion: c.rowVersion,
    actions: commissionActions(actor, c),
  };
}

export async function commissionList(db: DbOrTx, actor: Actor): Promise<EvaluationCommissionList> {
  const rows = await listCommissionRows(db, actor);
  const today = chinaToday();
  const n = await orgNames(db, rows.flatMap((r) => [r.associationId, r.evaluatorOrgId]));
  const progNames = new Map(
    rows.length ? (await db.select({ id: programmes.id, name: programmes.name }).from(programmes).where(inArray(programmes.id, [...new Set(rows.map((r) => r.programmeId))]))).map((r) => [r.id, r.name]) : [],
  );
  const counts = new Map(
    rows.length
      ? (
          await db
            .select({
              id: performanceEvaluations.commissionId,
              submitted: sql<number>`count(*) FILTER (WHERE ${performanceEvaluations.projectId} IS NOT NULL AND ${performanceEvaluations.status} IN ('submitted', 'accepted'))::int`,
              accepted: sql<number>`count(*) FILTER (WHERE ${performanceEvaluations.projectId} IS NOT NULL AND ${performanceEvaluations.status} = 'accepted')::int`,
            })
            .from(performanceEvaluations)
            .where(inArray(performanceEvaluations.commissionId, rows.map((r) => r.id)))
            .groupBy(performanceEvaluations.commissionId)
        ).map((r) => [r.id, r])
      : [],
  );
  const items: EvaluationCommissionItem[] = [];
  for (const c of rows) {
    items.push({
      id: c.id,
      programmeId: c.programmeId,
      programmeName: progNames.get(c.programmeId) ?? '',
      associationName: n.get(c.associationId) ?? '',
      evaluatorOrgId: c.evaluatorOrgId,
      evaluatorName: n.get(c.evaluatorOrgId) ?? '',
      title: c.title,
      scope: c.scope as CommissionScope,
      scopeLabel: commissionScopeLabels[c.scope as CommissionScope] ?? c.scope,
      startsOn: c.startsOn,
      endsOn: c.endsOn,
      status: c.status as 'active' | 'cancelled',
      statusLabel: commissionStatusLabel(c, today),
      runsToday: commissionRunsOn(c, today),
      createdByName: c.createdByName,
      createdAt: c.createdAt.toISOString(),
      rowVersion: c.rowVersion,
      projectCount: (await commissionProjectIds(db, c)).length,
      submittedCount: counts.get(c.id)?.submitted ?? 0,
      acceptedCount: counts.get(c.id)?.accepted ?? 0,
      actions: commissionActions(actor, c),
    });
  }
  return { items, nextCursor: null, actions: actor.orgType === 'association' && actor.permissions.has('evaluation.commission') ? ['create'] : [] };
}

/** PUB-1: the published results, newest first, keyed on (published_at, id); no files, no internal comments. */
export async function publicResults(db: DbOrTx, q: { programmeId?: string; cursor?: string; limit: number; count?: CountMode }): Promise<PublicPerformanceResultPage> {
  const ev = alias(organisations, 'pub_evaluator');
  const published = and(isNotNull(performanceEvaluations.publishedAt), eq(performanceEvaluations.status, 'accepted'), q.programmeId ? eq(evaluationCommissions.programmeId, q.programmeId) : undefined)!;
  const after = decodeCursor(q.cursor, cursorKeys.textTime);
  const rows = await db
    .select({
      id: performanceEvaluations.id,
      programmeName: programmes.name,
      evaluatorName: ev.name,
      projectTitle: pilotProjects.title,
      societyName: society.name,
      score: performanceEvaluations.score,
      grade: performanceEvaluations.grade,
      kpis: performanceEvaluations.kpis,
      findings: performanceEvaluations.findings,
      recommendations: performanceEvaluations.recommendations,
      publishedAt: performanceEvaluations.publishedAt,
      key: timeKeyOf(performanceEvaluations.publishedAt),
    })
    .from(performanceEvaluations)
    .innerJoin(evaluationCommissions, eq(evaluationCommissions.id, performanceEvaluations.commissionId))
    .innerJoin(programmes, eq(programmes.id, evaluationCommissions.programmeId))
    .innerJoin(ev, eq(ev.id, evaluationCommissions.evaluatorOrgId))
    .leftJoin(pilotProjects, eq(pilotProjects.id, performanceEvaluations.projectId))
    .leftJoin(society, eq(society.id, pilotProjects.societyId))
    .where(and(published, beforeTimeKey(performanceEvaluations.publishedAt, performanceEvaluations.id, after)))
    .orderBy(desc(performanceEvaluations.publishedAt), desc(performanceEvaluations.id))
    .limit(q.limit + 1);
  const total = await totalOf(db, q.count, db.select({ one: sql`1` }).from(performanceEvaluations).innerJoin(evaluationCommissions, eq(evaluationCommissions.id, performanceEvaluations.commissionId)).where(published));
  const page = toPage(rows, q.limit, total, (r) => [r.key, r.id]);
  return {
    ...page,
    items: page.items.map(({ key: _key, kpis, publishedAt, ...r }) => ({ ...r, kpis: kpis.map(({ evidence: _e, ...k }) => k), publishedAt: publishedAt!.toISOString() })),
  };
}
