// SUP-3: major matters (重大事项). The society records its council's (or standing council's)
// decision and sends the matter through the approval steps the programme names after the council
// (parameters.majorMatterSteps), one decision per step by the approver the step names; any
// rejection ends it; the society may withdraw it before the first decision.
import { desc, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { majorMatters } from '../../db/schema.js';
import type { Actor, RequestMeta } from '../../platform/actor.js';
import { appendAudit, whoFromActor } from '../../platform/audit.js';
import { AppError } from '../../platform/errors.js';
import { applyEvent, chinaToday } from '../../platform/transition.js';
import { notifyOrg, DECIDERS_AND_SOCIETY } from '../../platform/notify.js';
import { approverLabels } from '../../../domain/programme/programme.types.js';
import { approvalDecisionLabels, majorMatterApprovalSteps, type ApprovalDecisionInput } from '../../../domain/supervision/approval-chain.js';
import { majorMatterInitialState, majorMatterLifecycle, majorMatterProblems, type MajorMatterInput } from '../../../domain/supervision/major-matter.lifecycle.js';
import { notImplementingRefusal } from '../../../domain/supervision/common.js';
import { loadProjectInScope, type ProjectInScope } from '../projects/projects.js';
import { bodyErrors, closeSteps, linkAttachments, openStep, recordDecision, subjectLink, withdrawSubject } from './approvals.js';

export type MajorMatterRow = typeof majorMatters.$inferSelect;

const TYPE = 'major_matter' as const;

export async function listMajorMatters(db: DbOrTx, projectId: string): Promise<MajorMatterRow[]> {
  return db.select().from(majorMatters).where(eq(majorMatters.projectId, projectId)).orderBy(desc(majorMatters.submittedAt), desc(majorMatters.id));
}

export async function findMajorMatter(db: DbOrTx, id: string): Promise<MajorMatterRow | undefined> {
  const [row] = await db.select().from(majorMatters).where(eq(majorMatters.id, id));
  return row;
}

/** Loads a matter and its project in the actor's scope; with `lock`, the project and then the matter FOR UPDATE. */
export async function loadMajorMatter(tx: DbOrTx, actor: Actor, id: string, lock = false): Promise<{ row: MajorMatterRow; project: ProjectInScope }> {
  const first = await findMajorMatter(tx, id);
  if (!first) throw new AppError('NOT_FOUND', '重大事项不存在');
  const project = await loadProjectInScope(tx, actor, first.projectId, { forUpdate: lock });
  if (!lock) return { row: first, project };
  const [row] = await tx.select().from(majorMatters).where(eq(majorMatters.id, id)).for('update');
  return { row, project };
}

function audit(tx: DbOrTx, actor: Actor, meta: RequestMeta, project: ProjectInScope, e: { action: string; id: string; before?: unknown; after?: unknown; reason?: string | null }) {
  return appendAudit(tx, whoFromActor(actor, meta), {
    action: e.action,
    entityType: TYPE,
    entityId: e.id,
    orgId: project.row.p.associationId,
    orgPath: project.row.p.associationPath,
    before: e.before,
    after: e.after,
    reason: e.reason ?? null,
  });
}

/** The society records its council's decision and sends the matter for approval. */
export async function submitMajorMatter(opts: { db: Db; actor: Actor; meta: RequestMeta; projectId: string; input: MajorMatterInput }): Promise<string> {
  const { db, actor, input } = opts;
  return db.transaction(async (tx) => {
    const project = await loadProjectInScope(tx, actor, opts.projectId, { forUpdate: true });
    if (project.party !== 'society') throw new AppError('FORBIDDEN', '重大事项由项目承接学会在理事会（常务理事会）决定后报批');
    const notImplementing = notImplementingRefusal(project.row.p.status);
    if (notImplementing) throw new AppError('INVALID_STATE', notImplementing);
    const problems = majorMatterProblems(input, chinaToday());
    if (problems.length) throw bodyErrors(problems);
    const steps = majorMatterApprovalSteps(project.parameters.majorMatterSteps);
    const status = majorMatterInitialState(steps);
    const now = new Date();
    const [row] = await tx
      .insert(majorMatters)
      .values({
        projectId: opts.projectId,
        title: input.title,
        content: input.content,
        councilBody: input.councilDecision.body,
        councilDecidedOn: input.councilDecision.decidedOn,
        councilReference: input.councilDecision.reference,
        steps,
        status,
        attachmentIds: input.attachmentIds,
        submittedBy: actor.userId,
        submittedByName: actor.displayName,
        submittedAt: now,
        closedAt: status === 'approving' ? null : now,
      })
      .returning();
    await linkAttachments(tx, actor, input.attachmentIds, TYPE, row.id);
    const p = project.row.p;
    if (steps.length) {
      await openStep(tx, { type: TYPE, subjectId: row.id, project, approver: steps[0], title: input.title, body: `${project.row.societyName}报批重大事项（${p.title}），已经${input.councilDecision.reference}决定。` });
    } else {
      for (const orgId of [p.departmentId, p.associationId]) {
        await notifyOrg(tx, orgId, { permission: 'supervision.decide' }, { title: `重大事项已经学会理事会决定：${input.title}`, body: `项目：${p.title}。本方案未规定理事会之后的报批步骤。`, link: subjectLink(TYPE, p.id), entityType: TYPE, entityId: row.id });
      }
    }
    await audit(tx, actor, opts.meta, project, { action: 'majorMatter.submit', id: row.id, after: { status, steps, title: input.title, councilDecision: input.councilDecision } });
    return row.id;
  });
}

/** One approval decision on the waiting step. */
export async function decideMajorMatter(opts: { db: Db; actor: Actor; meta: RequestMeta; id: string; input: ApprovalDecisionInput }): Promise<void> {
  const { db, actor } = opts;
  await db.transaction(async (tx) => {
    const { row, project } = await loadMajorMatter(tx, actor, opts.id, true);
    if (row.status === 'approving') {
      const notImplementing = notImplementingRefusal(project.row.p.status);
      if (notImplementing) throw new AppError('INVALID_STATE', notImplementing);
    }
    const out = await recordDecision(tx, { type: TYPE, subjectId: row.id, status: row.status, steps: row.steps, project, actor, input: opts.input });
    const to = applyEvent(majorMatterLifecycle, row.status, out.event);
    const now = new Date();
    await tx
      .update(majorMatters)
      .set({ status: to, closedAt: to === 'approving' ? null : now, rowVersion: sql`${majorMatters.rowVersion} + 1` })
      .where(eq(majorMatters.id, row.id));
    await closeSteps(tx, TYPE, row.id, actor.userId);
    const p = project.row.p;
    const link = subjectLink(TYPE, p.id);
    const verdict = `${actor.orgName}（${approverLabels[out.approver]}）${approvalDecisionLabels[opts.input.decision]}`;
    if (out.next) {
      await openStep(tx, { type: TYPE, subjectId: row.id, project, approver: out.next, title: row.title, body: `${verdict}，请办理下一步审批。项目：${p.title}` });
      await notifyOrg(tx, p.societyId, { permission: 'supervision.report' }, { title: `重大事项审批进展：${row.title}`, body: `${verdict}，已转${approverLabels[out.next]}审批。`, link, entityType: TYPE, entityId: row.id });
    } else {
      const title = to === 'approved' ? `重大事项已批准：${row.title}` : `重大事项未获批准：${row.title}`;
      for (const orgId of new Set([p.societyId, p.departmentId, p.associationId])) {
        if (orgId === actor.orgId) continue;
        await notifyOrg(tx, orgId, { permission: DECIDERS_AND_SOCIETY }, { title, body: `${verdict}${opts.input.opinion ? `。意见：${opts.input.opinion}` : ''}`, link, entityType: TYPE, entityId: row.id });
      }
    }
    await audit(tx, actor, opts.meta, project, {
      action: 'majorMatter.decide',
      id: row.id,
      before: { status: row.status, step: out.step },
      after: { status: to, step: out.step, approver: out.approver, decision: opts.input.decision },
      reason: opts.input.opinion ?? null,
    });
  });
}

/** The society withdraws its matter before anyone has decided. */
export async function withdrawMajorMatter(opts: { db: Db; actor: Actor; meta: RequestMeta; id: string; rowVersion: number }): Promise<void> {
  const { db, actor } = opts;
  await db.transaction(async (tx) => {
    const { row, project } = await loadMajorMatter(tx, actor, opts.id, true);
    if (project.party !== 'society' || !actor.permissions.has('supervision.report')) throw new AppError('FORBIDDEN', '只有报批的承接学会可以撤回重大事项');
    const to = applyEvent(majorMatterLifecycle, row.status, 'withdraw');
    await withdrawSubject(tx, { type: TYPE, row, rowVersion: opts.rowVersion, to, project, actor, what: '重大事项', notice: { title: `重大事项已撤回：${row.title}`, body: `${actor.orgName}已撤回该重大事项的报批，无需审批。` } });
    await audit(tx, actor, opts.meta, project, { action: 'majorMatter.withdraw', id: row.id, before: { status: row.status }, after: { status: to } });
  });
}
