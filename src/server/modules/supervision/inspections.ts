// SUP-4 (002 §5 派观察员参与项目巡视; 002 附件§4(1) 委派专家组检查): observers the coordinating
// association assigns to a project for a period (and may end early), and the expert panel
// inspections the commissioning department plans, then records findings and a conclusion for, or
// cancels. A conclusion needing rectification is the usual ground of a rectification order (SUP-7).
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { inspections, observers, organisations, users } from '../../db/schema.js';
import { isInScope } from '../../../domain/access/roles.js';
import type { Actor, RequestMeta } from '../../platform/actor.js';
import { appendAudit, whoFromActor } from '../../platform/audit.js';
import { AppError, validationError } from '../../platform/errors.js';
import { addDays, applyEvent, chinaToday } from '../../platform/transition.js';
import { closeTodos, deadlineFrom, openTodo } from '../../platform/todos.js';
import { notifyOrg, notifyUser, PROJECT_PARTIES } from '../../platform/notify.js';
import {
  findingsProblems,
  inspectionConclusionLabels,
  inspectionLifecycle,
  type InspectionConclusion,
  type InspectionFindingsInput,
  type InspectionInput,
  type ObserverInput,
} from '../../../domain/supervision/inspection.lifecycle.js';
import { loadProjectInScope, type ProjectInScope } from '../projects/projects.js';
import { assertRowVersion, auditScope, requireImplementing, requireParty } from './supervision-guards.js';
import { linkAttachments } from './supervision-attachments.js';
import { projectTabLink } from './supervision-todos.js';
import { endOfChinaDay } from '../../../domain/calendar-day.js';

export type ObserverRow = typeof observers.$inferSelect;
export type InspectionRow = typeof inspections.$inferSelect;

/** X-2: the department records the panel's findings (due `selectionDays.review` days after the planned date). */
export const INSPECTION_FINDINGS_TODO = 'inspection.findings';

// ----------------------------------------------------------------------------------------------
// Observers
// ----------------------------------------------------------------------------------------------

export async function observersOfProject(db: DbOrTx, projectId: string): Promise<ObserverRow[]> {
  return db.select().from(observers).where(eq(observers.projectId, projectId)).orderBy(desc(observers.fromOn), desc(observers.createdAt));
}

async function findObserver(db: DbOrTx, id: string, forUpdate = false): Promise<ObserverRow | undefined> {
  const q = db.select().from(observers).where(eq(observers.id, id));
  const [row] = forUpdate ? await q.for('update') : await q;
  return row;
}

/** An observer assignment and its project, read in the actor's scope. */
export async function loadObserverInScope(db: DbOrTx, actor: Actor, id: string): Promise<{ observer: ObserverRow; project: ProjectInScope }> {
  const observer = await findObserver(db, id);
  if (!observer) throw new AppError('NOT_FOUND', '观察员委派记录不存在');
  return { observer, project: await loadProjectInScope(db, actor, observer.projectId) };
}

/** SUP-4: the coordinating association assigns an observer. */
export async function assignObserver(opts: { db: Db; actor: Actor; meta: RequestMeta; projectId: string; input: ObserverInput }): Promise<ObserverRow> {
  const { db, actor, input } = opts;
  return db.transaction(async (tx) => {
    const project = await loadProjectInScope(tx, actor, opts.projectId, { forUpdate: true });
    requireParty(project, ['association'], '观察员由项目协调单位（科协）委派');
    requireImplementing(project);
    const p = project.row.p;
    // the account named reads the project while assigned: an active user the association can see
    if (input.userId) {
      const [u] = await tx.select({ isActive: users.isActive, orgPath: organisations.path }).from(users).innerJoin(organisations, eq(organisations.id, users.orgId)).where(eq(users.id, input.userId));
      if (!u || !u.isActive || !isInScope(actor.scopePath, u.orgPath)) throw validationError([{ path: 'body.userId', message: '所选账号不存在、已停用或不在本单位数据范围内' }]);
    }
    const [row] = await tx
      .insert(observers)
      .values({ projectId: p.id, personName: input.personName, employer: input.employer, userId: input.userId ?? null, fromOn: input.fromOn, toOn: input.toOn, duties: input.duties?.trim() || null, assignedByOrgId: actor.orgId, assignedBy: actor.userId })
      .returning();
    const link = projectTabLink(p.id, 'inspection');
    for (const orgId of [p.societyId, p.departmentId]) {
      await notifyOrg(tx, orgId, { permission: PROJECT_PARTIES }, { title: `委派观察员：${p.title}`, body: `${actor.orgName}委派${input.personName}（${input.employer}）为项目观察员，${input.fromOn} 至 ${input.toOn}。`, link, entityType: 'observer', entityId: row.id });
    }
    // the person assigned, when they have an account: they read the project while assigned (SUP-4)
    if (row.userId) {
      await notifyUser(tx, row.userId, { title: `您被委派为项目观察员：${p.title}`, body: `${actor.orgName}委派您为项目观察员，${input.fromOn} 至 ${input.toOn}。${row.duties ? `职责：${row.duties}` : ''}`, link, entityType: 'observer', entityId: row.id });
    }
    await appendAudit(tx, whoFromActor(actor, opts.meta), {
      action: 'observer.assign',
      entityType: 'observer',
      entityId: row.id,
      ...auditScope(project),
      after: { projectId: p.id, personName: row.personName, employer: row.employer, fromOn: row.fromOn, toOn: row.toOn },
    });
    return row;
  });
}

/** SUP-4: the association ends an assignment early. */
export async function endObserver(opts: { db: Db; actor: Actor; meta: RequestMeta; observerId: string; rowVersion: number; endedOn: string; reason: string }): Promise<ObserverRow> {
  const { db, actor } = opts;
  return db.transaction(async (tx) => {
    const first = await findObserver(tx, opts.observerId);
    if (!first) throw new AppError('NOT_FOUND', '观察员委派记录不存在');
    const project = await loadProjectInScope(tx, actor, first.projectId, { forUpdate: true });
    const o = (await findObserver(tx, opts.observerId, true))!;
    requireParty(project, ['association'], '观察员委派由项目协调单位（科协）结束');
    requireImplementing(project);
    if (o.endedOn) throw new AppError('INVALID_STATE', `该观察员的委派已于 ${o.endedOn} 结束`);
    assertRowVersion(o.rowVersion, opts.rowVersion, '该观察员委派记录');
    if (opts.endedOn < o.fromOn) throw validationError([{ path: 'body.endedOn', message: `结束日期不能早于委派开始日期 ${o.fromOn}` }]);
    if (opts.endedOn > o.toOn) throw validationError([{ path: 'body.endedOn', message: `提前结束日期不能晚于原定结束日期 ${o.toOn}` }]);
    const [updated] = await tx
      .update(observers)
      .set({ endedOn: opts.endedOn, endedReason: opts.reason, rowVersion: sql`${observers.rowVersion} + 1` })
      .where(and(eq(observers.id, o.id), eq(observers.rowVersion, opts.rowVersion)))
      .returning();
    if (!updated) throw new AppError('CONFLICT');
    const p = project.row.p;
    await notifyOrg(tx, p.societyId, { permission: 'supervision.report' }, { title: `观察员委派结束：${p.title}`, body: `${o.personName}的观察员委派于 ${opts.endedOn} 结束：${opts.reason}`, link: projectTabLink(p.id, 'inspection'), entityType: 'observer', entityId: o.id });
    await appendAudit(tx, whoFromActor(actor, opts.meta), {
      action: 'observer.end',
      entityType: 'observer',
      entityId: o.id,
      ...auditScope(project),
      before: { toOn: o.toOn, endedOn: null },
      after: { endedOn: opts.endedOn },
      reason: opts.reason,
    });
    return updated;
  });
}

// ----------------------------------------------------------------------------------------------
// Expert panel inspections
// ----------------------------------------------------------------------------------------------

export async function inspectionsOfProject(db: DbOrTx, projectId: string): Promise<InspectionRow[]> {
  return db.select().from(inspections).where(eq(inspections.projectId, projectId)).orderBy(desc(inspections.plannedOn), asc(inspections.createdAt));
}

export async function findInspection(db: DbOrTx, id: string, forUpdate = false): Promise<InspectionRow | undefined> {
  const q = db.select().from(inspections).where(eq(inspections.id, id));
  const [row] = forUpdate ? await q.for('update') : await q;
  return row;
}

export async function loadInspectionInScope(tx: DbOrTx, actor: Actor, id: string, forUpdate: boolean): Promise<{ inspection: InspectionRow; project: ProjectInScope }> {
  const first = await findInspection(tx, id);
  if (!first) throw new AppError('NOT_FOUND', '检查记录不存在');
  const project = await loadProjectInScope(tx, actor, first.projectId, { forUpdate });
  const inspection = forUpdate ? (await findInspection(tx, id, true))! : first;
  return { inspection, project };
}

// the inspection's day plus the programme's days; for a day long past, those days from now (issue 11 §5)
const findingsDueAt = (project: ProjectInScope, plannedOn: string) => deadlineFrom(addDays(endOfChinaDay(plannedOn), project.parameters.selectionDays.review), project.parameters.selectionDays.review);

/** SUP-4: the commissioning department plans an expert panel inspection. */
export async function planInspection(opts: { db: Db; actor: Actor; meta: RequestMeta; projectId: string; input: InspectionInput }): Promise<InspectionRow> {
  const { db, actor, input } = opts;
  return db.transaction(async (tx) => {
    const project = await loadProjectInScope(tx, actor, opts.projectId, { forUpdate: true });
    requireParty(project, ['department'], '专家组检查由项目委托单位安排');
    requireImplementing(project);
    const p = project.row.p;
    const [row] = await tx
      .insert(inspections)
      .values({ projectId: p.id, departmentId: p.departmentId, plannedOn: input.plannedOn, purpose: input.purpose, panel: input.panel, attachmentIds: input.attachmentIds, createdBy: actor.userId })
      .returning();
    await linkAttachments(tx, actor, input.attachmentIds, 'inspection', row.id);
    const link = projectTabLink(p.id, 'inspection');
    await openTodo(tx, { kind: INSPECTION_FINDINGS_TODO, title: `登记专家组检查意见（${input.plannedOn}）：${p.title}`, link, entityType: 'inspection', entityId: row.id, assigneeOrgId: p.departmentId, permission: 'supervision.manage', dueAt: findingsDueAt(project, input.plannedOn) });
    for (const orgId of [p.societyId, p.associationId]) {
      await notifyOrg(tx, orgId, { permission: PROJECT_PARTIES }, { title: `专家组检查安排：${p.title}`, body: `${actor.orgName}定于 ${input.plannedOn} 派专家组（${input.panel.map((x) => x.name).join('、')}）检查：${input.purpose}`, link, entityType: 'inspection', entityId: row.id });
    }
    await appendAudit(tx, whoFromActor(actor, opts.meta), {
      action: 'inspection.plan',
      entityType: 'inspection',
      entityId: row.id,
      ...auditScope(project),
      after: { projectId: p.id, plannedOn: row.plannedOn, purpose: row.purpose, panel: input.panel.map((x) => x.name) },
    });
    return row;
  });
}

/** SUP-4: the department changes a planned inspection (date, panel, purpose). */
export async function editInspection(opts: { db: Db; actor: Actor; meta: RequestMeta; inspectionId: string; rowVersion: number; input: InspectionInput }): Promise<InspectionRow> {
  const { db, actor, input } = opts;
  return db.transaction(async (tx) => {
    const { inspection, project } = await loadInspectionInScope(tx, actor, opts.inspectionId, true);
    requireParty(project, ['department'], '专家组检查由项目委托单位安排');
    requireImplementing(project);
    applyEvent(inspectionLifecycle, inspection.status, 'edit');
    assertRowVersion(inspection.rowVersion, opts.rowVersion, '该检查安排');
    await linkAttachments(tx, actor, input.attachmentIds, 'inspection', inspection.id, { previous: inspection.attachmentIds });
    const [updated] = await tx
      .update(inspections)
      .set({ plannedOn: input.plannedOn, purpose: input.purpose, panel: input.panel, attachmentIds: input.attachmentIds, rowVersion: sql`${inspections.rowVersion} + 1` })
      .where(and(eq(inspections.id, inspection.id), eq(inspections.rowVersion, opts.rowVersion)))
      .returning();
    if (!updated) throw new AppError('CONFLICT');
    const p = project.row.p;
    if (input.plannedOn !== inspection.plannedOn) {
      await closeTodos(tx, { entityType: 'inspection', entityId: inspection.id, kind: INSPECTION_FINDINGS_TODO }, actor.userId);
      await openTodo(tx, { kind: INSPECTION_FINDINGS_TODO, title: `登记专家组检查意见（${input.plannedOn}）：${p.title}`, link: projectTabLink(p.id, 'inspection'), entityType: 'inspection', entityId: inspection.id, assigneeOrgId: p.departmentId, permission: 'supervision.manage', dueAt: findingsDueAt(project, input.plannedOn) });
      await notifyOrg(tx, p.societyId, { permission: 'supervision.report' }, { title: `专家组检查改期：${p.title}`, body: `检查日期由 ${inspection.plannedOn} 改为 ${input.plannedOn}。`, link: projectTabLink(p.id, 'inspection'), entityType: 'inspection', entityId: inspection.id });
    }
    await appendAudit(tx, whoFromActor(actor, opts.meta), {
      action: 'inspection.edit',
      entityType: 'inspection',
      entityId: inspection.id,
      ...auditScope(project),
      before: { plannedOn: inspection.plannedOn, purpose: inspection.purpose, panel: inspection.panel },
      after: { plannedOn: updated.plannedOn, purpose: updated.purpose, panel: updated.panel },
    });
    return updated;
  });
}

/** SUP-4: the department records the panel's findings and conclusion. */
export async function recordFindings(opts: { db: Db; actor: Actor; meta: RequestMeta; inspectionId: string; rowVersion: number; input: InspectionFindingsInput; today?: string }): Promise<InspectionRow> {
  const { db, actor, input } = opts;
  return db.transaction(async (tx) => {
    const { inspection, project } = await loadInspectionInScope(tx, actor, opts.inspectionId, true);
    requireParty(project, ['department'], '检查意见由项目委托单位登记');
    requireImplementing(project);
    const to = applyEvent(inspectionLifecycle, inspection.status, 'recordFindings');
    assertRowVersion(inspection.rowVersion, opts.rowVersion, '该检查记录');
    const problems = findingsProblems(input, opts.today ?? chinaToday());
    if (problems.length) throw validationError(problems.map((e) => ({ path: `body.${e.path}`, message: e.message })));
    await linkAttachments(tx, actor, input.attachmentIds, 'inspection', inspection.id, { previous: inspection.attachmentIds, adding: true });
    const newIds = input.attachmentIds.filter((id) => !inspection.attachmentIds.includes(id));
    const [updated] = await tx
      .update(inspections)
      .set({
        status: to,
        inspectedOn: input.inspectedOn,
        findings: input.findings,
        conclusion: input.conclusion,
        attachmentIds: [...inspection.attachmentIds, ...newIds],
        findingsRecordedBy: actor.userId,
        findingsRecordedAt: new Date(),
        rowVersion: sql`${inspections.rowVersion} + 1`,
      })
      .where(and(eq(inspections.id, inspection.id), eq(inspections.rowVersion, opts.rowVersion)))
      .returning();
    if (!updated) throw new AppError('CONFLICT');
    const p = project.row.p;
    await closeTodos(tx, { entityType: 'inspection', entityId: inspection.id, kind: INSPECTION_FINDINGS_TODO }, actor.userId);
    const label = inspectionConclusionLabels[input.conclusion as InspectionConclusion];
    for (const orgId of [p.societyId, p.associationId]) {
      await notifyOrg(tx, orgId, { permission: PROJECT_PARTIES }, { title: `专家组检查意见：${label}（${p.title}）`, body: input.findings.slice(0, 200), link: projectTabLink(p.id, 'inspection'), entityType: 'inspection', entityId: inspection.id });
    }
    await appendAudit(tx, whoFromActor(actor, opts.meta), {
      action: 'inspection.recordFindings',
      entityType: 'inspection',
      entityId: inspection.id,
      ...auditScope(project),
      before: { status: inspection.status },
      after: { status: to, inspectedOn: input.inspectedOn, conclusion: input.conclusion },
    });
    return updated;
  });
}

/** SUP-4: the department cancels a planned inspection. */
export async function cancelInspection(opts: { db: Db; actor: Actor; meta: RequestMeta; inspectionId: string; rowVersion: number; reason: string }): Promise<InspectionRow> {
  const { db, actor } = opts;
  return db.transaction(async (tx) => {
    const { inspection, project } = await loadInspectionInScope(tx, actor, opts.inspectionId, true);
    requireParty(project, ['department'], '专家组检查由项目委托单位取消');
    requireImplementing(project);
    const to = applyEvent(inspectionLifecycle, inspection.status, 'cancel');
    assertRowVersion(inspection.rowVersion, opts.rowVersion, '该检查安排');
    const [updated] = await tx
      .update(inspections)
      .set({ status: to, cancelledReason: opts.reason, rowVersion: sql`${inspections.rowVersion} + 1` })
      .where(and(eq(inspections.id, inspection.id), eq(inspections.rowVersion, opts.rowVersion)))
      .returning();
    if (!updated) throw new AppError('CONFLICT');
    const p = project.row.p;
    await closeTodos(tx, { entityType: 'inspection', entityId: inspection.id, kind: INSPECTION_FINDINGS_TODO }, actor.userId);
    for (const orgId of [p.societyId, p.associationId]) {
      await notifyOrg(tx, orgId, { permission: PROJECT_PARTIES }, { title: `专家组检查已取消：${p.title}`, body: `原定 ${inspection.plannedOn} 的检查已取消：${opts.reason}`, link: projectTabLink(p.id, 'inspection'), entityType: 'inspection', entityId: inspection.id });
    }
    await appendAudit(tx, whoFromActor(actor, opts.meta), {
      action: 'inspection.cancel',
      entityType: 'inspection',
      entityId: inspection.id,
      ...auditScope(project),
      before: { status: inspection.status },
      after: { status: to },
      reason: opts.reason,
    });
    return updated;
  });
}
