// SUP-3: what the API returns for major matters (contract/approvals.ts MajorMatter): the matter,
// its council decision, its approval chain step by step and the actions the reading user may take
// now; the project's list says whether the user may report a new one and in what order it goes.
import type { MajorMatter, MajorMatterList } from '../../../contract/approvals.js';
import type { AttachmentRef } from '../../../contract/common.js';
import { leaderApprovalBodyLabels, type LeaderApprovalBody } from '../../../domain/programme/programme.types.js';
import { majorMatterApprovalSteps } from '../../../domain/supervision/approval-chain.js';
import { majorMatterLifecycle, type MajorMatterState } from '../../../domain/supervision/major-matter.lifecycle.js';
import { notImplementingRefusal } from '../../../domain/supervision/common.js';
import type { DbOrTx } from '../../db/client.js';
import type { Actor } from '../../platform/actor.js';
import { loadProjectInScope, type ProjectInScope } from '../projects/projects.js';
import { approvalActions, chainView, filesByRow, stepList } from './approval-chain-view.js';
import { decisionsOf, type DecisionRow } from './approvals.js';
import { listMajorMatters, loadMajorMatter, type MajorMatterRow } from './major-matters.js';

export function majorMatterView(m: MajorMatterRow, rows: DecisionRow[], project: ProjectInScope, actor: Actor, files: AttachmentRef[] = []): MajorMatter {
  return {
    id: m.id,
    projectId: m.projectId,
    title: m.title,
    content: m.content,
    councilDecision: {
      body: m.councilBody as LeaderApprovalBody,
      bodyLabel: leaderApprovalBodyLabels[m.councilBody as LeaderApprovalBody] ?? m.councilBody,
      decidedOn: m.councilDecidedOn,
      reference: m.councilReference,
    },
    status: m.status as MajorMatterState,
    statusLabel: majorMatterLifecycle.states[m.status as MajorMatterState] ?? m.status,
    ...chainView(m.steps, rows, m.status),
    attachments: files,
    submittedByName: m.submittedByName,
    submittedAt: m.submittedAt.toISOString(),
    closedAt: m.closedAt?.toISOString() ?? null,
    rowVersion: m.rowVersion,
    actions: approvalActions(actor, project, m, rows, project.row.p.societyId, 'supervision.report'),
  };
}

async function majorMatterViews(db: DbOrTx, actor: Actor, project: ProjectInScope, rows: MajorMatterRow[]): Promise<MajorMatter[]> {
  const decisions = await decisionsOf(db, 'major_matter', rows.map((r) => r.id));
  const files = await filesByRow(db, rows);
  return rows.map((r) => majorMatterView(r, decisions.get(r.id) ?? [], project, actor, files(r)));
}

/** One matter, read within the actor's scope. */
export async function readMajorMatter(db: DbOrTx, actor: Actor, id: string): Promise<MajorMatter> {
  const { row, project } = await loadMajorMatter(db, actor, id);
  return (await majorMatterViews(db, actor, project, [row]))[0];
}

/** The project's matters (few, whole), and whether the actor's society may report one now. */
export async function majorMatterList(db: DbOrTx, actor: Actor, projectId: string): Promise<MajorMatterList> {
  const project = await loadProjectInScope(db, actor, projectId);
  const items = await majorMatterViews(db, actor, project, await listMajorMatters(db, projectId));
  const createRefusal = notImplementingRefusal(project.row.p.status);
  const actions: MajorMatterList['actions'] = project.party === 'society' && actor.permissions.has('supervision.report') && !createRefusal ? ['create'] : [];
  return { items, nextCursor: null, actions, createRefusal, steps: stepList(majorMatterApprovalSteps(project.parameters.majorMatterSteps)) };
}
