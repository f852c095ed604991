// SUP-1, SUP-2, SUP-4, SUP-7, SUP-8: what the implementation records share on the server — the
// party and state guards, evidence linking and listing, to-do deadlines from the programme
// parameters (PRG-2, X-2), the page links, and who may read a programme-wide training.
import { and, eq, inArray, isNull, or } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { attachments, pilotProjects } from '../../db/schema.js';
import type { Actor } from '../../platform/actor.js';
import { AppError, validationError } from '../../platform/errors.js';
import { addDays } from '../../platform/transition.js';
import type { Permission } from '../../../domain/access/roles.js';
import { isInScope } from '../../../domain/access/roles.js';
import { notImplementingRefusal, type Person } from '../../../domain/supervision/common.js';
import { allowedEvents, canTransition } from '../../../domain/lifecycle.js';
import { planLifecycle, planSubmissionRefusal, type PlanContent, type PlanState } from '../../../domain/supervision/plan.lifecycle.js';
import { isOverdue, milestoneLifecycle, type MilestoneState } from '../../../domain/supervision/milestone.rules.js';
import { progressDisclosureRefusal, progressReportLifecycle, type ProgressReportState } from '../../../domain/supervision/progress-report.lifecycle.js';
import { disclosureLifecycle, type DisclosureState } from '../../../domain/supervision/disclosure.lifecycle.js';
import { inspectionConclusionLabels, inspectionLifecycle, observerActiveOn, type InspectionConclusion, type InspectionState } from '../../../domain/supervision/inspection.lifecycle.js';
import { isRectificationOverdue, rectificationLifecycle, rectificationWaitingOn, type RectificationState } from '../../../domain/supervision/rectification.lifecycle.js';
import { trainingKindLabels, type TrainingKind } from '../../../domain/supervision/training.js';
import type { PlanRow } from './plans.js';
import type { MilestoneRecord } from './milestones.js';
import type { ProgressReportRow } from './progress.js';
import type { InspectionRow, ObserverRow } from './inspections.js';
import type { RectificationRow } from './rectification.js';
import type { TrainingWithOrg } from './training.js';
import type { ProjectInScope } from '../projects/projects.js';
import { findProgramme } from '../programmes/programmes.repo.js';
import { mayReadProgramme } from '../programmes/programme-scope.js';

export type Party = 'department' | 'society' | 'association';

export const partyLabels: Record<Party, string> = { department: '项目委托单位', society: '项目承接单位', association: '项目协调单位' };

/** The project page tab a record lives on (links in to-dos and notifications). */
export type SupervisionTab = 'plan' | 'progress' | 'inspection' | 'rectification' | 'training';
export const projectTabLink = (projectId: string, tab: SupervisionTab) => `/app/projects/${projectId}?tab=${tab}`;

/** The three organisations of a project. */
export function partyOrgs(p: ProjectInScope): Record<Party, string> {
  return { department: p.row.p.departmentId, society: p.row.p.societyId, association: p.row.p.associationId };
}

/** The audit row of a project record is filed under the coordinating association (as task books are). */
export function auditScope(p: ProjectInScope) {
  return { orgId: p.row.p.associationId, orgPath: p.row.p.associationPath };
}

/** Refuses with 403 unless the actor speaks for one of the named parties. */
export function requireParty(p: ProjectInScope, parties: readonly Party[], message: string): Party {
  if (!p.party || !parties.includes(p.party)) throw new AppError('FORBIDDEN', message);
  return p.party;
}

/** Supervision records are written only while the project is being implemented. */
export function requireImplementing(p: ProjectInScope): void {
  const refusal = notImplementingRefusal(p.row.p.status);
  if (refusal) throw new AppError('INVALID_STATE', refusal);
}

/** Whether the actor, as one of the parties and holding the permission, may act on an implementing project. */
export function mayAct(actor: Actor, p: ProjectInScope, parties: readonly Party[], permission: Permission): boolean {
  return !!p.party && parties.includes(p.party) && actor.permissions.has(permission) && notImplementingRefusal(p.row.p.status) === null;
}

export function assertRowVersion(current: number, given: number, what: string): void {
  if (current !== given) throw new AppError('CONFLICT', `${what}已被他人处理或修改，请刷新后重试`, { extra: { currentVersion: current } });
}

// ---------------------------------------------------------------------------------------------
// Deadlines from the programme parameters (PRG-2)
// ---------------------------------------------------------------------------------------------

/**
 * A review step of the department or association (plan review, reading a progress report,
 * accepting a rectification report): the programme's `selectionDays.review`, the days its
 * association has to review a declaration — the programme's own measure of a review step.
 */
export const reviewDueAt = (p: ProjectInScope, from = new Date()): Date => addDays(from, p.parameters.selectionDays.review);

/**
 * The society preparing a document (its first implementation plan, a revision after return): the
 * programme's `selectionDays.declare`, the days a society has to prepare its declaration.
 */
export const prepareDueAt = (p: ProjectInScope, from = new Date()): Date => addDays(from, p.parameters.selectionDays.declare);

/** The end of a China calendar day (a due date or deadline written YYYY-MM-DD). */
export const endOfChinaDay = (day: string): Date => new Date(`${day}T23:59:59+08:00`);

// ---------------------------------------------------------------------------------------------
// Evidence
// ---------------------------------------------------------------------------------------------

/**
 * the record's attachment list becomes `ids`. New ids must be files the actor's organisation
 * uploaded and not attached elsewhere; ids the record had before (`previous`) stay whoever uploaded
 * them; ids dropped from the list are unlinked, so they are no longer downloadable through the
 * record. Errors name the position in the request's own list.
 */
export async function linkAttachments(
  tx: DbOrTx,
  actor: Actor,
  ids: readonly string[],
  entityType: string,
  entityId: string,
  opts: { previous?: readonly string[]; path?: string; /** `ids` add to the list instead of replacing it */ adding?: boolean } = {},
): Promise<void> {
  const previous = new Set(opts.previous ?? []);
  const fresh = ids.filter((id) => !previous.has(id));
  if (fresh.length) {
    const rows = await tx
      .select({ id: attachments.id })
      .from(attachments)
      .where(and(inArray(attachments.id, fresh), eq(attachments.ownerOrgId, actor.orgId), or(isNull(attachments.entityId), and(eq(attachments.entityType, entityType), eq(attachments.entityId, entityId)))));
    const found = new Set(rows.map((r) => r.id));
    const path = opts.path ?? 'body.attachmentIds';
    const errors = ids.map((id, i) => (previous.has(id) || found.has(id) ? null : { path: `${path}.${i}`, message: '附件不存在、不属于本单位或已用于其他记录' })).filter((e) => e !== null);
    if (errors.length) throw validationError(errors);
    await tx.update(attachments).set({ entityType, entityId }).where(inArray(attachments.id, fresh));
  }
  const removed = opts.adding ? [] : [...previous].filter((id) => !ids.includes(id));
  if (removed.length) {
    await tx
      .update(attachments)
      .set({ entityType: null, entityId: null })
      .where(and(inArray(attachments.id, removed), eq(attachments.entityType, entityType), eq(attachments.entityId, entityId)));
  }
}

export interface AttachmentRef {
  id: string;
  filename: string;
  sizeBytes: number;
  contentType: string;
}

/** The files named by lists of ids, in the order given. */
export async function attachmentRefs(db: DbOrTx, ids: readonly string[]): Promise<Map<string, AttachmentRef>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: attachments.id, filename: attachments.filename, sizeBytes: attachments.sizeBytes, contentType: attachments.contentType }).from(attachments).where(inArray(attachments.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r]));
}

export const pickRefs = (refs: Map<string, AttachmentRef>, ids: readonly string[]): AttachmentRef[] => ids.map((id) => refs.get(id)).filter((r): r is AttachmentRef => !!r);

/**
 * SUP-8: a programme-wide training is a programme record: the programme must be readable
 * (programme-scope.ts), then it is read by the association staff over the programme (holding
 * `project.read`) and by the departments and societies that are parties of a project of it (it
 * trains them). Not by finance bureaus, evaluators, experts or observers — an observer reads the
 * records of their project only.
 */
export async function mayReadProgrammeTraining(db: DbOrTx, actor: Actor, t: { programmeId: string; associationPath: string }): Promise<boolean> {
  if (!actor.permissions.has('project.read')) return false;
  const prog = await findProgramme(db, t.programmeId);
  if (!prog || !mayReadProgramme(actor, prog.p, prog.associationPath)) return false;
  if (actor.orgType === 'association') return isInScope(actor.scopePath, t.associationPath);
  const party = actor.orgType === 'department' ? eq(pilotProjects.departmentId, actor.orgId) : actor.orgType === 'society' ? eq(pilotProjects.societyId, actor.orgId) : null;
  if (!party) return false;
  const [hit] = await db
    .select({ id: pilotProjects.id })
    .from(pilotProjects)
    .where(and(eq(pilotProjects.programmeId, t.programmeId), party))
    .limit(1);
  return !!hit;
}

// ---------------------------------------------------------------------------------------------
// Views: what the API returns, with the actions the reading user may take now
// ---------------------------------------------------------------------------------------------

const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;

/** The name of one of the project's organisations (or of another, when given). */
function orgNameIn(p: ProjectInScope, orgId: string | null | undefined): string | null {
  if (!orgId) return null;
  const r = p.row;
  return orgId === r.p.departmentId ? r.departmentName : orgId === r.p.associationId ? r.associationName : orgId === r.p.societyId ? r.societyName : null;
}

export function planView(plan: PlanRow, project: ProjectInScope, actor: Actor, refs: Map<string, AttachmentRef>) {
  const actions: ('approve' | 'return')[] = [];
  if (plan.status === 'submitted' && mayAct(actor, project, ['department'], 'supervision.decide')) actions.push('approve', 'return');
  return {
    id: plan.id,
    projectId: plan.projectId,
    version: plan.version,
    status: plan.status,
    statusLabel: planLifecycle.states[plan.status as PlanState] ?? plan.status,
    content: plan.content as PlanContent,
    revisionNote: plan.revisionNote,
    attachments: pickRefs(refs, plan.attachmentIds),
    submittedByName: plan.submittedByName,
    submittedAt: plan.submittedAt.toISOString(),
    decidedByName: plan.decidedByName,
    decidedAt: iso(plan.decidedAt),
    decisionComment: plan.decisionComment,
    rowVersion: plan.rowVersion,
    actions,
  };
}

/** SUP-1: every version (newest first) and whether the society may submit now. */
export function planListView(plans: PlanRow[], project: ProjectInScope, actor: Actor, refs: Map<string, AttachmentRef>) {
  const latest = plans.at(-1);
  const actions: 'submit'[] = [];
  if (mayAct(actor, project, ['society'], 'supervision.report') && planSubmissionRefusal((latest?.status as PlanState | undefined) ?? null) === null) actions.push('submit');
  return {
    items: [...plans].reverse().map((x) => planView(x, project, actor, refs)),
    inForceId: plans.find((x) => x.status === 'approved')?.id ?? null,
    pendingId: plans.find((x) => x.status === 'submitted')?.id ?? null,
    myParty: project.party,
    actions,
  };
}

export function milestoneView(m: MilestoneRecord & { reportCount: number }, project: ProjectInScope, actor: Actor, today: string) {
  const actions: 'report'[] = [];
  if (m.status === 'open' && mayAct(actor, project, ['society'], 'supervision.report')) actions.push('report');
  return {
    id: m.id,
    projectId: m.projectId,
    position: m.position,
    name: m.name,
    dueOn: m.dueOn,
    deliverable: m.deliverable,
    status: m.status,
    statusLabel: milestoneLifecycle.states[m.status as MilestoneState] ?? m.status,
    overdue: isOverdue({ id: m.id, dueOn: m.dueOn, status: m.status as MilestoneState }, [], today),
    overdueAlertedAt: iso(m.overdueAlertedAt),
    taskBookVersion: m.taskBookVersion,
    completedAt: iso(m.completedAt),
    completedByReportId: m.completedByReportId,
    cancelledAt: iso(m.cancelledAt),
    reportCount: m.reportCount,
    actions,
  };
}

export function progressReportView(r: ProgressReportRow & { milestoneName: string | null }, project: ProjectInScope, actor: Actor, refs: Map<string, AttachmentRef>) {
  const actions: ('acknowledge' | 'publish' | 'withdrawDisclosure')[] = [];
  if (r.status === 'submitted' && mayAct(actor, project, ['department', 'association'], 'supervision.manage')) actions.push('acknowledge');
  // PUB-1: the coordinating association discloses acknowledged reports (whatever the project's status)
  if (project.party === 'association' && actor.permissions.has('programmeRecord.manage')) {
    const disclosure = r.disclosure as DisclosureState;
    if (progressDisclosureRefusal(r.status as ProgressReportState) === null && canTransition(disclosureLifecycle, disclosure, 'publish')) actions.push('publish');
    if (canTransition(disclosureLifecycle, disclosure, 'withdraw')) actions.push('withdrawDisclosure');
  }
  return {
    id: r.id,
    projectId: r.projectId,
    milestoneId: r.milestoneId,
    milestoneName: r.milestoneName,
    completesMilestone: r.completesMilestone,
    title: r.title,
    body: r.body,
    attachments: pickRefs(refs, r.attachmentIds),
    status: r.status,
    statusLabel: progressReportLifecycle.states[r.status as ProgressReportState] ?? r.status,
    submittedByName: r.submittedByName,
    submittedAt: r.submittedAt.toISOString(),
    acknowledgedAt: iso(r.acknowledgedAt),
    acknowledgedByOrgName: orgNameIn(project, r.acknowledgedByOrgId),
    acknowledgeComment: r.acknowledgeComment,
    disclosure: r.disclosure,
    disclosureLabel: disclosureLifecycle.states[r.disclosure as DisclosureState] ?? r.disclosure,
    publicSummary: r.publicSummary,
    publishedAt: iso(r.publishedAt),
    withdrawnAt: iso(r.withdrawnAt),
    rowVersion: r.rowVersion,
    actions,
  };
}

export function observerView(o: ObserverRow, project: ProjectInScope, actor: Actor, today: string) {
  const actions: 'end'[] = [];
  if (!o.endedOn && o.toOn >= today && mayAct(actor, project, ['association'], 'supervision.manage')) actions.push('end');
  return {
    id: o.id,
    projectId: o.projectId,
    personName: o.personName,
    employer: o.employer,
    userId: o.userId,
    fromOn: o.fromOn,
    toOn: o.toOn,
    duties: o.duties,
    endedOn: o.endedOn,
    endedReason: o.endedReason,
    active: observerActiveOn(o, today),
    assignedByOrgName: orgNameIn(project, o.assignedByOrgId),
    createdAt: o.createdAt.toISOString(),
    rowVersion: o.rowVersion,
    actions,
  };
}

export function inspectionView(i: InspectionRow, project: ProjectInScope, actor: Actor, refs: Map<string, AttachmentRef>) {
  const actions: ('edit' | 'recordFindings' | 'cancel' | 'issueRectification')[] = [];
  if (mayAct(actor, project, ['department'], 'supervision.manage')) {
    for (const e of allowedEvents(inspectionLifecycle, i.status as InspectionState)) actions.push(e);
  }
  if (i.status === 'findingsRecorded' && (i.conclusion === 'needsRectification' || i.conclusion === 'fail') && mayAct(actor, project, ['department', 'association'], 'supervision.manage')) actions.push('issueRectification');
  return {
    id: i.id,
    projectId: i.projectId,
    plannedOn: i.plannedOn,
    purpose: i.purpose,
    panel: i.panel as Person[],
    status: i.status,
    statusLabel: inspectionLifecycle.states[i.status as InspectionState] ?? i.status,
    inspectedOn: i.inspectedOn,
    findings: i.findings,
    conclusion: i.conclusion,
    conclusionLabel: i.conclusion ? (inspectionConclusionLabels[i.conclusion as InspectionConclusion] ?? i.conclusion) : null,
    attachments: pickRefs(refs, i.attachmentIds),
    cancelledReason: i.cancelledReason,
    createdAt: i.createdAt.toISOString(),
    findingsRecordedAt: iso(i.findingsRecordedAt),
    rowVersion: i.rowVersion,
    actions,
  };
}

export function rectificationView(o: RectificationRow, project: ProjectInScope, actor: Actor, refs: Map<string, AttachmentRef>, today: string) {
  const actions: ('respond' | 'accept' | 'return' | 'extend')[] = [];
  const status = o.status as RectificationState;
  if (mayAct(actor, project, ['society'], 'supervision.report') && canTransition(rectificationLifecycle, status, 'respond')) actions.push('respond');
  const issuer = project.party === o.issuerKind && actor.orgId === o.issuerOrgId && mayAct(actor, project, ['department', 'association'], 'supervision.manage');
  if (issuer) {
    if (canTransition(rectificationLifecycle, status, 'accept')) actions.push('accept', 'return');
    if (canTransition(rectificationLifecycle, status, 'extendDeadline')) actions.push('extend');
  }
  return {
    id: o.id,
    projectId: o.projectId,
    issuerKind: o.issuerKind,
    issuerLabel: partyLabels[o.issuerKind as Party] ?? o.issuerKind,
    issuerOrgName: orgNameIn(project, o.issuerOrgId),
    inspectionId: o.inspectionId,
    requirements: o.requirements,
    deadline: o.deadline,
    status: o.status,
    statusLabel: rectificationLifecycle.states[status] ?? o.status,
    waitingOn: rectificationWaitingOn(status),
    overdue: isRectificationOverdue({ status, deadline: o.deadline }, today),
    attachments: pickRefs(refs, o.attachmentIds),
    response: o.response,
    responseAttachments: pickRefs(refs, o.responseAttachmentIds),
    respondedAt: iso(o.respondedAt),
    decisionComment: o.decisionComment,
    decidedAt: iso(o.decidedAt),
    closedAt: iso(o.closedAt),
    issuedByName: o.issuedByName,
    issuedAt: o.issuedAt.toISOString(),
    rowVersion: o.rowVersion,
    actions,
  };
}

export function trainingView(t: TrainingWithOrg, refs: Map<string, AttachmentRef>) {
  return {
    id: t.id,
    programmeId: t.programmeId,
    projectId: t.projectId,
    scope: t.projectId ? ('project' as const) : ('programme' as const),
    kind: t.kind,
    kindLabel: trainingKindLabels[t.kind as TrainingKind] ?? t.kind,
    title: t.title,
    heldOn: t.heldOn,
    location: t.location,
    givenBy: t.givenBy,
    participants: t.participants,
    participantCount: t.participantCount,
    content: t.content,
    attachments: pickRefs(refs, t.attachmentIds),
    recordedByOrgName: t.recordedByOrgName,
    recordedAt: t.recordedAt.toISOString(),
  };
}
