// EVA-1, EVA-3: what the API returns for a project's completion (contract/evaluation.ts): each round
// with its KPIs reached, its steps and verdicts and the actions the reading user may take; the
// project's list says whether the society may report now, or why not.
import type { Completion, CompletionList } from '../../../contract/evaluation.js';
import {
  completionAssessorLabels,
  completionAssessors,
  completionDecisionLabels,
  completionLifecycle,
  completionVerdicts,
  kpiAchievementPercent,
  requiresSelfEvaluation,
  type CompletionAssessor,
  type CompletionDecision,
  type CompletionState,
  type CompletionVerdict,
} from '../../../domain/evaluation/completion.js';
import { mayDecide } from '../../../domain/supervision/approval-chain.js';
import type { DbOrTx } from '../../db/client.js';
import type { Actor } from '../../platform/actor.js';
import { loadProjectInScope, type ProjectInScope } from '../projects/projects.js';
import { filesByRow } from '../supervision/approval-chain-view.js';
import { deciderOf, partiesOf } from '../supervision/approvals.js';
import { bookInForce, listCompletions, loadCompletion, reportRefusal, type CompletionRow } from './completions.js';


export function completionView(c: CompletionRow, project: ProjectInScope, actor: Actor, files: Completion['attachments']): Completion {
  const status = c.status as CompletionState;
  const pending = status === 'assessing' ? c.assessments.length : -1;
  const actions: Completion['actions'] = [];
  if (pending >= 0) {
    const assessor = c.steps[pending] as CompletionAssessor;
    if (actor.permissions.has('supervision.decide') && mayDecide(assessor, deciderOf(actor), partiesOf(project))) actions.push('assess');
    if (pending === 0 && project.party === 'society' && actor.permissions.has('supervision.report')) actions.push('withdraw');
  }
  return {
    id: c.id,
    projectId: c.projectId,
    round: c.round,
    status,
    statusLabel: completionLifecycle.states[status] ?? c.status,
    result: (completionVerdicts as readonly string[]).includes(c.status) ? (c.status as CompletionVerdict) : null,
    summary: c.summary,
    selfEvaluation: c.selfEvaluation,
    kpis: c.kpis.map((k) => ({ ...k, achievementPercent: kpiAchievementPercent(k.target, k.actual) })),
    attachments: files,
    steps: c.steps.map((s, i) => ({
      step: i,
      assessor: s as CompletionAssessor,
      assessorLabel: completionAssessorLabels[s as CompletionAssessor] ?? s,
      state: i < c.assessments.length ? 'done' : i === pending ? 'pending' : status === 'assessing' ? 'waiting' : 'skipped',
    })),
    assessments: c.assessments.map((a) => ({
      step: a.step,
      assessor: a.assessor as CompletionAssessor,
      assessorLabel: completionAssessorLabels[a.assessor as CompletionAssessor] ?? a.assessor,
      decision: a.verdict as CompletionDecision,
      decisionLabel: completionDecisionLabels[a.verdict as CompletionDecision] ?? a.verdict,
      opinion: a.opinion,
      orgName: a.orgName,
      userName: a.userName,
      at: a.at,
    })),
    submittedByName: c.submittedByName,
    submittedAt: c.submittedAt.toISOString(),
    closedAt: c.closedAt?.toISOString() ?? null,
    rowVersion: c.rowVersion,
    actions,
  };
}

async function views(db: DbOrTx, actor: Actor, project: ProjectInScope, rows: CompletionRow[]): Promise<Completion[]> {
  const files = await filesByRow(db, rows);
  return rows.map((r) => completionView(r, project, actor, files(r)));
}

export async function readCompletion(db: DbOrTx, actor: Actor, id: string): Promise<Completion> {
  const { row, project } = await loadCompletion(db, actor, id);
  return (await views(db, actor, project, [row]))[0];
}

/** The project's rounds (few, whole, newest first) and whether the actor may report completion now. */
export async function completionList(db: DbOrTx, actor: Actor, projectId: string): Promise<CompletionList> {
  const project = await loadProjectInScope(db, actor, projectId);
  const items = await views(db, actor, project, await listCompletions(db, projectId));
  const society = project.party === 'society' && actor.permissions.has('supervision.report');
  const refusal = await reportRefusal(db, project);
  const book = await bookInForce(db, projectId);
  const evaluators = project.parameters.evaluators;
  return {
    items,
    nextCursor: null,
    actions: society && !refusal && book ? ['report'] : [],
    reportRefusal: refusal ?? (book ? null : '项目没有生效的任务书，不能报告结项'),
    assessors: completionAssessors(evaluators).map((a) => ({ assessor: a, assessorLabel: completionAssessorLabels[a] })),
    selfEvaluationRequired: requiresSelfEvaluation(evaluators),
    kpis: book?.kpis ?? [],
  };
}
