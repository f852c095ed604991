// SEL-7 and after: reading pilot projects within the actor's data scope. Every record hanging off a
// project (task books, plans, reports, matters …) is reached through `loadProjectInScope`, so the
// scope rule lives in one place.
import { and, desc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client.js';
import { evaluationCommissions, observers, organisations, pilotProjects, programmes, taskBooks } from '../../db/schema.js';
import type { Actor } from '../../platform/actor.js';
import { AppError } from '../../platform/errors.js';
import { chinaToday } from '../../platform/transition.js';
import { beforeTimeKey, cursorKeys, decodeCursor, timeKeyOf, toPage, totalOf, type CountMode } from '../../http/paging.js';
import { categoryLabel } from '../transfer/transfer-views.js';
import { assertMayReadProgramme } from '../programmes/programme-scope.js';
import { projectStatusLabel, type ProjectStatus } from '../../../domain/projects/project.status.js';
import type { ProgrammeParameters } from '../../../domain/programme/programme.types.js';
import { agreementKindForProgramme, agreementTexts, agreementTextsOf } from '../../../domain/taskbook/agreement.js';
import type { TaskBookContent } from '../../../domain/taskbook/taskbook.types.js';
import type { PilotProject, PilotProjectPage } from '../../../contract/selection.js';

const society = alias(organisations, 'society');
const dept = alias(organisations, 'dept');
const assoc = alias(organisations, 'assoc');

/**
 * The projects an actor's organisation reads (§4 data scope), for holders of `project.read`: the
 * association staff over the project's association, the finance bureau attached to it or above, the
 * commissioning department and the undertaking society. Review officers, evaluators and experts
 * read none this way.
 */
function orgProjectScope(actor: Actor): SQL {
  if (!actor.permissions.has('project.read')) return sql`false`;
  switch (actor.orgType) {
    case 'association':
    case 'finance_bureau':
      return sql`${pilotProjects.associationPath} LIKE ${actor.scopePath.replace(/[%_\\]/g, '\\$&') + '%'}`;
    case 'department':
      return eq(pilotProjects.departmentId, actor.orgId);
    case 'society':
      return eq(pilotProjects.societyId, actor.orgId);
    default:
      return sql`false`;
  }
}

/**
 * SUP-4: the projects the actor observes — an assignment naming their account, begun (its first day
 * is today or earlier), not ended early and not expired (its last day is today or later, China
 * time) — whatever their role or organisation: the same days as observerActiveOn.
 */
export function observedProjects(actor: Actor): SQL {
  return sql`EXISTS (SELECT 1 FROM ${observers} WHERE ${and(eq(observers.projectId, pilotProjects.id), eq(observers.userId, actor.userId), isNull(observers.endedOn), sql`${observers.fromOn} <= ${chinaToday()}`, sql`${observers.toOn} >= ${chinaToday()}`)})`;
}

/**
 * EVA-2: the projects a third-party evaluator's staff read — those of a commission to their
 * organisation that runs today (China time): every project of the commissioned programme, or the
 * commissioned ones. Read-only, like an observer's; nothing once the commission ends or is cancelled.
 */
export function commissionedProjects(actor: Actor): SQL {
  if (actor.orgType !== 'evaluator' || !actor.permissions.has('evaluation.perform')) return sql`false`;
  const today = chinaToday();
  return sql`EXISTS (SELECT 1 FROM ${evaluationCommissions} c WHERE c.evaluator_org_id = ${actor.orgId} AND c.status = 'active' AND c.starts_on <= ${today} AND c.ends_on >= ${today} AND ((c.scope = 'programme' AND c.programme_id = ${pilotProjects.programmeId}) OR (c.scope = 'projects' AND c.project_ids ? (${pilotProjects.id})::text)))`;
}

/** Which pilot projects an actor may read: its organisation's scope, an observer assignment or an evaluation commission (both read-only). */
export function projectScope(actor: Actor): SQL {
  return or(orgProjectScope(actor), observedProjects(actor), commissionedProjects(actor))!;
}

const projectColumns = {
  p: pilotProjects,
  societyName: society.name,
  departmentName: dept.name,
  associationName: assoc.name,
  programmeName: programmes.name,
  categories: programmes.categories,
  parameters: programmes.parameters,
  presetCode: programmes.presetCode,
};

export function projectQuery(db: DbOrTx) {
  return db
    .select(projectColumns)
    .from(pilotProjects)
    .innerJoin(society, eq(society.id, pilotProjects.societyId))
    .innerJoin(dept, eq(dept.id, pilotProjects.departmentId))
    .innerJoin(assoc, eq(assoc.id, pilotProjects.associationId))
    .innerJoin(programmes, eq(programmes.id, pilotProjects.programmeId));
}

export type ProjectRow = Awaited<ReturnType<ReturnType<typeof projectQuery>['execute']>>[number];

export function projectView(r: ProjectRow): PilotProject {
  return {
    id: r.p.id,
    programmeId: r.p.programmeId,
    programmeName: r.programmeName,
    itemId: r.p.itemId,
    declarationId: r.p.declarationId,
    title: r.p.title,
    categoryCode: r.p.categoryCode,
    categoryLabel: categoryLabel(r.categories, r.p.categoryCode),
    departmentId: r.p.departmentId,
    departmentName: r.departmentName,
    societyId: r.p.societyId,
    societyName: r.societyName,
    associationId: r.p.associationId,
    associationName: r.associationName,
    status: r.p.status as ProjectStatus,
    statusLabel: projectStatusLabel(r.p.status),
    selectionReason: r.p.selectionReason,
    selectedAt: r.p.selectedAt.toISOString(),
    agreementTitle: agreementTexts[agreementKindForProgramme((r.parameters as ProgrammeParameters).agreementKind)].title,
    programmeHoldsFunds: ((r.parameters as ProgrammeParameters).funds ?? []).length > 0,
    supervisionMeasures: (r.parameters as ProgrammeParameters).supervisionMeasures ?? [],
    readOnlyAs: null,
  };
}

export interface ProjectInScope {
  row: ProjectRow;
  parameters: ProgrammeParameters;
  /** The actor's relation to the project: which party it speaks for, if any. */
  party: 'department' | 'society' | 'association' | null;
}

/**
 * Loads a project the actor may read, or throws NOT_FOUND / OUT_OF_SCOPE. `party` is the role the
 * actor's organisation plays in it: the commissioning department, the undertaking society or the
 * coordinating association; an association above it, and an observer, read but speak for no party (null).
 */
export async function loadProjectInScope(db: DbOrTx, actor: Actor, projectId: string, opts: { forUpdate?: boolean } = {}): Promise<ProjectInScope> {
  if (opts.forUpdate) await db.execute(sql`SELECT 1 FROM pilot_projects WHERE id = ${projectId} FOR UPDATE`);
  const [row] = await projectQuery(db).where(eq(pilotProjects.id, projectId));
  if (!row) throw new AppError('NOT_FOUND', '试点项目不存在');
  const [ok] = await db.select({ id: pilotProjects.id }).from(pilotProjects).where(and(eq(pilotProjects.id, projectId), projectScope(actor)));
  if (!ok) throw new AppError('OUT_OF_SCOPE', '该项目不在本单位数据范围内', { extra: { entityType: 'pilot_project', entityId: projectId } });
  // A party speaks for its organisation: only through `project.read` (an observer speaks for none).
  const party = !actor.permissions.has('project.read')
    ? null
    : actor.orgType === 'department' && actor.orgId === row.p.departmentId
      ? 'department'
      : actor.orgType === 'society' && actor.orgId === row.p.societyId
        ? 'society'
        : actor.orgType === 'association' && actor.orgId === row.p.associationId
          ? 'association'
          : null;
  return { row, parameters: row.parameters as ProgrammeParameters, party };
}

/** Why a reader without `project.read` reads the project: an observer assignment first, else an evaluation commission. */
async function readOnlyAs(db: DbOrTx, actor: Actor, projectId: string): Promise<PilotProject['readOnlyAs']> {
  if (actor.permissions.has('project.read')) return null;
  const [observed] = await db.select({ id: pilotProjects.id }).from(pilotProjects).where(and(eq(pilotProjects.id, projectId), observedProjects(actor)));
  if (observed) return 'observer';
  const [commissioned] = await db.select({ id: pilotProjects.id }).from(pilotProjects).where(and(eq(pilotProjects.id, projectId), commissionedProjects(actor)));
  return commissioned ? 'evaluator' : null;
}

/** SEL-7: a pilot project the actor may read (the parties, the associations above, observers). */
export async function readProject(db: DbOrTx, actor: Actor, projectId: string): Promise<PilotProject> {
  const view = { ...projectView((await loadProjectInScope(db, actor, projectId)).row), readOnlyAs: await readOnlyAs(db, actor, projectId) };
  // a drafted agreement is what its latest version records, whatever the programme says since (docs/adr/0011)
  const [latest] = await db.select({ content: taskBooks.content }).from(taskBooks).where(eq(taskBooks.projectId, projectId)).orderBy(desc(taskBooks.version)).limit(1);
  return latest ? { ...view, agreementTitle: agreementTextsOf(latest.content as TaskBookContent).title } : view;
}

/** Whether the actor observes any project today (SUP-4): without, the list's scope needs no observer test. */
async function observesAny(db: DbOrTx, actor: Actor): Promise<boolean> {
  const [row] = await db
    .select({ one: sql`1` })
    .from(observers)
    .where(and(eq(observers.userId, actor.userId), isNull(observers.endedOn), sql`${observers.fromOn} <= ${chinaToday()}`, sql`${observers.toOn} >= ${chinaToday()}`))
    .limit(1);
  return !!row;
}

export interface ProjectListQuery {
  programmeId?: string;
  cursor?: string;
  limit: number;
  count?: CountMode;
}

/**
 * The pilot projects the actor reads, newest choice first, keyed on (selected_at, id). Only the
 * columns the list shows; the category labels from one read of the page's programmes.
 */
export async function listProjects(db: DbOrTx, actor: Actor, q: ProjectListQuery): Promise<PilotProjectPage> {
  if (q.programmeId) await assertMayReadProgramme(db, actor, q.programmeId);
  // an OR with the observer test keeps the planner from the party's index: add it only when needed
  const scope = actor.orgType === 'evaluator' || (await observesAny(db, actor)) ? projectScope(actor) : orgProjectScope(actor);
  const where = and(scope, q.programmeId ? eq(pilotProjects.programmeId, q.programmeId) : undefined)!;
  const after = decodeCursor(q.cursor, cursorKeys.textTime);
  const rows = await db
    .select({
      id: pilotProjects.id,
      programmeId: pilotProjects.programmeId,
      title: pilotProjects.title,
      categoryCode: pilotProjects.categoryCode,
      departmentId: pilotProjects.departmentId,
      departmentName: dept.name,
      societyId: pilotProjects.societyId,
      societyName: society.name,
      associationId: pilotProjects.associationId,
      associationName: assoc.name,
      status: pilotProjects.status,
      selectedAt: pilotProjects.selectedAt,
      key: timeKeyOf(pilotProjects.selectedAt),
    })
    .from(pilotProjects)
    .innerJoin(society, eq(society.id, pilotProjects.societyId))
    .innerJoin(dept, eq(dept.id, pilotProjects.departmentId))
    .innerJoin(assoc, eq(assoc.id, pilotProjects.associationId))
    .where(and(where, beforeTimeKey(pilotProjects.selectedAt, pilotProjects.id, after)))
    .orderBy(desc(pilotProjects.selectedAt), desc(pilotProjects.id))
    .limit(q.limit + 1);
  const total = await totalOf(db, q.count, db.select({ one: sql`1` }).from(pilotProjects).where(where));
  const p = toPage(rows, q.limit, total, (r) => [r.key, r.id]);
  const programmeIds = [...new Set(p.items.map((r) => r.programmeId))];
  const categories = new Map(
    programmeIds.length ? (await db.select({ id: programmes.id, categories: programmes.categories }).from(programmes).where(inArray(programmes.id, programmeIds))).map((r) => [r.id, r.categories]) : [],
  );
  return {
    ...p,
    items: p.items.map((r) => ({
      id: r.id,
      programmeId: r.programmeId,
      title: r.title,
      categoryCode: r.categoryCode,
      categoryLabel: categoryLabel(categories.get(r.programmeId) ?? [], r.categoryCode),
      departmentId: r.departmentId,
      departmentName: r.departmentName,
      societyId: r.societyId,
      societyName: r.societyName,
      associationId: r.associationId,
      associationName: r.associationName,
      status: r.status as ProjectStatus,
      statusLabel: projectStatusLabel(r.status),
      selectedAt: r.selectedAt.toISOString(),
    })),
  };
}
