// SUP-5: what the API returns for change requests (contract/approvals.ts): the request, its
// approval chain, the task book versions it refers to and the actions the reading user may take
// now. The project's list leaves out the proposed content (the detail carries it) and says whether
// the user may request a change now, against which version and who approves it.
import type { ChangeRequest, ChangeRequestItem, ChangeRequestList } from '../../../contract/approvals.js';
import type { AttachmentRef } from '../../../contract/common.js';
import { changeRequestLifecycle, type ChangeRequestState } from '../../../domain/supervision/change-request.lifecycle.js';
import { notImplementingRefusal } from '../../../domain/supervision/common.js';
import type { TaskBookState } from '../../../domain/taskbook/taskbook.lifecycle.js';
import type { TaskBookContent } from '../../../domain/taskbook/taskbook.types.js';
import type { DbOrTx } from '../../db/client.js';
import type { Actor } from '../../platform/actor.js';
import { loadProjectInScope, type ProjectInScope } from '../projects/projects.js';
import { taskBookStatusLabel } from '../taskbooks/taskbook-views.js';
import { approvalActions, chainView, filesByRow, stepList } from './approval-chain-view.js';
import { decisionsOf, type DecisionRow } from './approvals.js';
import { changeBase, listChangeRequests, loadChangeRequest, versionsById, type ChangeRequestListRow } from './change-requests.js';

type Version = { id: string; version: number; status: string };

export function changeRequestView(
  c: ChangeRequestListRow,
  rows: DecisionRow[],
  project: ProjectInScope,
  actor: Actor,
  extra: { baseVersion: number | null; newVersion: Version | null; files?: AttachmentRef[] },
): ChangeRequestItem {
  const nv = extra.newVersion;
  return {
    id: c.id,
    projectId: c.projectId,
    baseTaskBookId: c.baseTaskBookId,
    baseVersion: extra.baseVersion,
    reason: c.reason,
    changesSummary: c.changesSummary,
    hasProposedContent: c.hasProposedContent,
    status: c.status as ChangeRequestState,
    statusLabel: changeRequestLifecycle.states[c.status as ChangeRequestState] ?? c.status,
    ...chainView(c.steps, rows, c.status),
    newTaskBookId: c.newTaskBookId,
    newVersion: nv ? { id: nv.id, version: nv.version, status: nv.status as TaskBookState, statusLabel: taskBookStatusLabel(nv.status) } : null,
    attachments: extra.files ?? [],
    submittedByName: c.submittedByName,
    submittedAt: c.submittedAt.toISOString(),
    closedAt: c.closedAt?.toISOString() ?? null,
    rowVersion: c.rowVersion,
    actions: approvalActions(actor, project, c, rows, project.row.p.societyId, 'supervision.report'),
  };
}

async function changeRequestViews(db: DbOrTx, actor: Actor, project: ProjectInScope, rows: ChangeRequestListRow[]): Promise<ChangeRequestItem[]> {
  const decisions = await decisionsOf(db, 'change_request', rows.map((r) => r.id));
  const versions = await versionsById(db, rows.flatMap((r) => [r.baseTaskBookId, r.newTaskBookId]));
  const files = await filesByRow(db, rows);
  return rows.map((r) =>
    changeRequestView(r, decisions.get(r.id) ?? [], project, actor, {
      baseVersion: versions.get(r.baseTaskBookId)?.version ?? null,
      newVersion: (r.newTaskBookId && versions.get(r.newTaskBookId)) || null,
      files: files(r),
    }),
  );
}

/** One request with the proposed task book content, read within the actor's scope. */
export async function readChangeRequest(db: DbOrTx, actor: Actor, id: string): Promise<ChangeRequest> {
  const { row, project } = await loadChangeRequest(db, actor, id);
  const { proposedContent, ...rest } = row;
  const [item] = await changeRequestViews(db, actor, project, [{ ...rest, hasProposedContent: proposedContent !== null }]);
  return { ...item, proposedContent: (proposedContent ?? null) as TaskBookContent | null };
}

/** The project's requests (few, whole), and whether the actor's society may request a change now. */
export async function changeRequestList(db: DbOrTx, actor: Actor, projectId: string): Promise<ChangeRequestList> {
  const project = await loadProjectInScope(db, actor, projectId);
  const items = await changeRequestViews(db, actor, project, await listChangeRequests(db, projectId));
  const base = await changeBase(db, projectId);
  const createRefusal = notImplementingRefusal(project.row.p.status) ?? base.refusal;
  const actions: ChangeRequestList['actions'] = project.party === 'society' && actor.permissions.has('supervision.report') && !createRefusal ? ['create'] : [];
  return { items, nextCursor: null, actions, createRefusal, baseTaskBookId: base.baseTaskBookId, steps: stepList(project.parameters.changeApprovers) };
}
