// EVA-2, EVA-3: a performance report as Word or PDF, rendered on each request in the task book's worker
// pool (taskbooks/documents/pool.ts, kind 'report'). Read as the report itself is read (commissions.ts
// loadReport: the evaluator's staff for their commission, the association in scope, a draft only by the
// evaluator); on the portal, a published report as PDF, without evidence, files, internal comments or
// names of people (as the portal's result, commission-view.ts publicResults).
import crypto from 'node:crypto';
import { and, eq, isNotNull } from 'drizzle-orm';
import type { FastifyReply } from 'fastify';
import type { DbOrTx } from '../../../db/client.js';
import { evaluationCommissions, performanceEvaluations, programmes, taskBooks } from '../../../db/schema.js';
import type { Actor } from '../../../platform/actor.js';
import { AppError } from '../../../platform/errors.js';
import { commissionScopeLabels, kpiScoringMethodLabels, performanceLifecycle, summariseResults, type CommissionScope, type PerformanceState } from '../../../../domain/evaluation/performance.js';
import { agreementTextsOf } from '../../../../domain/taskbook/agreement.js';
import { attachmentDisposition, documentContentTypes, type DocumentFormat } from '../../taskbooks/documents.js';
import { renderDocumentJob } from '../../taskbooks/documents/pool.js';
import { filesByRow } from '../../supervision/approval-chain-view.js';
import { orgNames } from '../../supervision/terminations.js';
import { commissionProjectIds, loadReport, scoringOf, type CommissionRow, type PerformanceRow } from '../commissions.js';
import { projectsOf } from '../commission-view.js';
import type { PerformanceReportModel } from './model.js';
import { buildPerformanceReport, fileSuffix, reportSubject, reportTitle } from './plan.js';

type Audience = PerformanceReportModel['audience'];

/** Project results a programme report counts: the submitted and accepted ones; on the portal, the published ones. */
const counts = (audience: Audience, r: PerformanceRow) => (audience === 'public' ? r.status === 'accepted' && r.publishedAt !== null : r.status === 'submitted' || r.status === 'accepted');

async function modelOf(db: DbOrTx, row: PerformanceRow, c: CommissionRow, audience: Audience): Promise<PerformanceReportModel> {
  const internal = audience === 'internal';
  const [prog] = await db.select({ name: programmes.name, parameters: programmes.parameters }).from(programmes).where(eq(programmes.id, c.programmeId));
  const scoring = scoringOf(prog.parameters);
  const names = await orgNames(db, [c.associationId, c.evaluatorOrgId]);
  const associationName = names.get(c.associationId) ?? '';
  const evaluatorName = names.get(c.evaluatorOrgId) ?? '';
  const status = row.status as PerformanceState;

  let project: PerformanceReportModel['project'] = null;
  if (row.projectId) {
    const p = (await projectsOf(db, [row.projectId])).get(row.projectId)!;
    const [book] = row.taskBookId
      ? await db.select({ version: taskBooks.version, signedAt: taskBooks.signedAt, code: taskBooks.verificationCode, content: taskBooks.content }).from(taskBooks).where(eq(taskBooks.id, row.taskBookId))
      : [];
    project = {
      title: p.title,
      societyName: p.societyName,
      departmentName: p.departmentName,
      agreement: book ? { title: agreementTextsOf(book.content as { agreementKind?: null }).title, version: book.version, signedAt: book.signedAt?.toISOString() ?? null, verificationCode: book.code } : null,
    };
  }

  let results: PerformanceReportModel['results'] = [];
  let summary: PerformanceReportModel['summary'] = null;
  if (!row.projectId) {
    const ids = await commissionProjectIds(db, c);
    const projects = await projectsOf(db, ids);
    const reports = await db.select().from(performanceEvaluations).where(eq(performanceEvaluations.commissionId, c.id));
    const byProject = new Map(reports.filter((r) => r.projectId).map((r) => [r.projectId!, r]));
    results = ids.flatMap((pid) => {
      const p = projects.get(pid);
      if (!p) return [];
      const r = byProject.get(pid);
      const counted = r && counts(audience, r);
      const statusLabel = internal ? (r ? (performanceLifecycle.states[r.status as PerformanceState] ?? r.status) : '未开始') : counted ? '已公开' : '未公开';
      return [{ title: p.title, societyName: p.societyName, score: counted ? r.score : null, grade: counted ? r.grade : null, passed: counted ? r.passed : null, statusLabel }];
    });
    summary = summariseResults(scoring, results.length, results);
  }

  const decided = (status === 'accepted' || status === 'returned') && row.decidedAt;
  return {
    kind: row.projectId ? 'project' : 'programme',
    audience,
    status,
    programmeName: prog.name,
    commission: {
      title: c.title,
      associationName,
      evaluatorName,
      scopeLabel: commissionScopeLabels[c.scope as CommissionScope] ?? c.scope,
      startsOn: c.startsOn,
      endsOn: c.endsOn,
      note: internal ? c.note : null,
    },
    project,
    scoring: { methodLabel: kpiScoringMethodLabels[scoring.kpiScoring], grades: scoring.grades, passScore: scoring.passScore },
    kpis: row.kpis.map((k) => ({ name: k.name, target: k.target, unit: k.unit, actual: k.actual, score: k.score, evidence: internal ? k.evidence : '' })),
    score: row.score,
    grade: row.grade,
    passed: row.passed,
    findings: row.findings,
    recommendations: row.recommendations,
    attachments: internal ? (await filesByRow(db, [row]))(row).map((f) => f.filename) : [],
    author: { orgName: evaluatorName, userName: internal ? row.updatedByName : null, submittedAt: row.submittedAt?.toISOString() ?? null, updatedAt: row.updatedAt.toISOString() },
    decision: decided
      ? { outcome: status as 'accepted' | 'returned', orgName: associationName, byName: internal ? row.decidedByName : null, at: row.decidedAt!.toISOString(), comment: internal ? row.decisionComment : null }
      : null,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    results,
    summary,
  };
}

/** The report readable by the actor (as GET /performance-evaluations/:id), as a document model. */
export async function performanceReportModel(db: DbOrTx, actor: Actor, id: string): Promise<PerformanceReportModel> {
  const { row, commission } = await loadReport(db, actor, id);
  return modelOf(db, row, commission, 'internal');
}

/** A report published on the portal (accepted and published), as the portal may show it; 404 otherwise. */
export async function publicPerformanceReportModel(db: DbOrTx, id: string): Promise<PerformanceReportModel> {
  const [x] = await db
    .select({ row: performanceEvaluations, commission: evaluationCommissions })
    .from(performanceEvaluations)
    .innerJoin(evaluationCommissions, eq(evaluationCommissions.id, performanceEvaluations.commissionId))
    .where(and(eq(performanceEvaluations.id, id), eq(performanceEvaluations.status, 'accepted'), isNotNull(performanceEvaluations.publishedAt)));
  if (!x) throw new AppError('NOT_FOUND', '该评估结果不存在或未在门户公开');
  return modelOf(db, x.row, x.commission, 'public');
}

const fileName = (m: PerformanceReportModel, format: DocumentFormat) => `${reportTitle(m)}-${reportSubject(m)}${fileSuffix(m)}.${format}`;
const asciiName = (m: PerformanceReportModel, format: DocumentFormat) => `performance-${m.kind}-report${m.status === 'accepted' ? '' : `-${m.status}`}.${format}`;

/** The report's file for a reader of the report, with its Chinese download name. */
export async function performanceReportResponse(db: DbOrTx, actor: Actor, reply: FastifyReply, id: string, format: DocumentFormat) {
  const model = await performanceReportModel(db, actor, id);
  const bytes = await renderDocumentJob(format, { kind: 'report', model: buildPerformanceReport(model) });
  return reply
    .header('content-type', documentContentTypes[format])
    .header('content-disposition', attachmentDisposition(fileName(model, format), asciiName(model, format)))
    .send(bytes); // every API answer is no-store (app.ts)
}

// The portal's PDFs: the same content asked again is served from memory (a few recent ones), so that
// a popular result costs the worker pool one rendering; the key is the content, so a change shows at once.
const PUBLIC_CACHE_SIZE = 16;
const publicCache = new Map<string, Buffer>();

/** A published report as PDF for anyone (the portal's 评估结果). */
export async function publicPerformanceReportResponse(db: DbOrTx, reply: FastifyReply, id: string) {
  const model = await publicPerformanceReportModel(db, id);
  const report = buildPerformanceReport(model);
  const key = crypto.createHash('sha256').update(JSON.stringify(report)).digest('hex');
  let bytes = publicCache.get(key);
  if (bytes) publicCache.delete(key);
  else bytes = await renderDocumentJob('pdf', { kind: 'report', model: report });
  publicCache.set(key, bytes);
  while (publicCache.size > PUBLIC_CACHE_SIZE) publicCache.delete(publicCache.keys().next().value!);
  return reply
    .header('content-type', documentContentTypes.pdf)
    .header('content-disposition', attachmentDisposition(fileName(model, 'pdf'), asciiName(model, 'pdf')))
    .send(bytes);
}
