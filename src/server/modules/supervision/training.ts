// SUP-8 (002 §5 经常性工作指导…开展专项培训): training sessions and guidance recorded by the
// coordinating association or the commissioning department. Guidance always concerns one project;
// a training session concerns one project or the whole programme (recorded by an association whose
// scope covers the programme; read by the associations over it and the parties of its projects).
import { and, desc, eq, isNull, or, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { organisations, pilotProjects, programmes, trainingRecords } from '../../db/schema.js';
import { beforeTimeKey, cursorKeys, decodeCursor, timeKeyOf, toPage, totalOf, type CountMode, type Page } from '../../http/paging.js';
import type { Actor, RequestMeta } from '../../platform/actor.js';
import { appendAudit, whoFromActor } from '../../platform/audit.js';
import { AppError, validationError } from '../../platform/errors.js';
import { notifyOrg } from '../../platform/notify.js';
import { isInScope } from '../../../domain/access/roles.js';
import { trainingKindLabels, type TrainingInput, type TrainingKind } from '../../../domain/supervision/training.js';
import { futureDayProblem } from '../../../domain/calendar-day.js';
import { chinaToday } from '../../platform/transition.js';
import { loadProjectInScope, type ProjectInScope } from '../projects/projects.js';
import { auditScope, requireImplementing, requireParty } from './supervision-guards.js';
import { linkAttachments } from './supervision-attachments.js';
import { projectTabLink } from './supervision-todos.js';
import { assertMayReadProgramme, mayReadProgramme } from '../programmes/programme-scope.js';
import { findProgramme } from '../programmes/programmes.repo.js';

export type TrainingRow = typeof trainingRecords.$inferSelect;

export type TrainingWithOrg = TrainingRow & { recordedByOrgName: string };

const withOrg = (db: DbOrTx) =>
  db.select({ t: trainingRecords, orgName: organisations.name }).from(trainingRecords).innerJoin(organisations, eq(organisations.id, trainingRecords.recordedByOrgId));

export async function findTraining(db: DbOrTx, id: string): Promise<TrainingWithOrg | undefined> {
  const [row] = await withOrg(db).where(eq(trainingRecords.id, id));
  return row ? { ...row.t, recordedByOrgName: row.orgName } : undefined;
}

/**
 * The project's records and the programme-wide training sessions of its programme, newest first —
 * the latter only for those who may read them (an observer reads the project's own records).
 */
export async function trainingOfProject(db: DbOrTx, actor: Actor, project: ProjectInScope): Promise<TrainingWithOrg[]> {
  const p = project.row.p;
  const rows = (
    await withOrg(db)
      .where(or(eq(trainingRecords.projectId, p.id), and(eq(trainingRecords.programmeId, p.programmeId), isNull(trainingRecords.projectId))))
      .orderBy(desc(trainingRecords.heldOn), desc(trainingRecords.recordedAt))
  ).map((r) => ({ ...r.t, recordedByOrgName: r.orgName }));
  const programmeWide = rows.find((t) => !t.projectId);
  const withProgrammeWide = programmeWide ? await mayReadProgrammeTraining(db, actor, programmeWide) : false;
  return rows.filter((t) => t.projectId || withProgrammeWide);
}

/** A training record the actor may read, or NOT_FOUND / OUT_OF_SCOPE. */
export async function readTraining(db: DbOrTx, actor: Actor, id: string): Promise<TrainingWithOrg> {
  const t = await findTraining(db, id);
  if (!t) throw new AppError('NOT_FOUND', '记录不存在');
  await assertMayReadTraining(db, actor, t);
  return t;
}

/** What a line of a programme's list shows (the record itself is read by its own route). */
export type TrainingLine = Pick<TrainingRow, 'id' | 'programmeId' | 'projectId' | 'kind' | 'title' | 'heldOn' | 'givenBy' | 'participantCount' | 'recordedByOrgId' | 'recordedAt'> & { recordedByOrgName: string };

/**
 * A page of a programme's records (programme-wide sessions and those of its projects), newest
 * recorded first: `ORDER BY recorded_at DESC, id DESC`, sought by key on the index
 * training_records_programme_recorded_idx; the total only when asked. The overview is the
 * associations': one whose scope covers the programme's association, the programme readable to it.
 */
export async function trainingPageOfProgramme(db: DbOrTx, actor: Actor, programmeId: string, q: { cursor?: string; limit: number; count?: CountMode }): Promise<Page<TrainingLine & { projectTitle: string | null }>> {
  const prog = await programmeScope(db, programmeId);
  if (!prog) throw new AppError('NOT_FOUND', '方案不存在');
  if (actor.orgType !== 'association') throw new AppError('FORBIDDEN', '方案的培训记录汇总由科协查看');
  if (!isInScope(actor.scopePath, prog.associationPath)) throw new AppError('OUT_OF_SCOPE', '该方案不在本单位数据范围内', { extra: { entityType: 'programme', entityId: prog.id } });
  await assertMayReadProgramme(db, actor, prog.id); // issue 11 §1: a draft only to its own association
  const after = decodeCursor(q.cursor, cursorKeys.textTime);
  const ofProgramme = eq(trainingRecords.programmeId, programmeId);
  const rows = await db
    .select({
      id: trainingRecords.id,
      programmeId: trainingRecords.programmeId,
      projectId: trainingRecords.projectId,
      projectTitle: pilotProjects.title,
      kind: trainingRecords.kind,
      title: trainingRecords.title,
      heldOn: trainingRecords.heldOn,
      givenBy: trainingRecords.givenBy,
      participantCount: trainingRecords.participantCount,
      recordedByOrgId: trainingRecords.recordedByOrgId,
      recordedByOrgName: organisations.name,
      recordedAt: trainingRecords.recordedAt,
      key: timeKeyOf(trainingRecords.recordedAt),
    })
    .from(trainingRecords)
    .innerJoin(organisations, eq(organisations.id, trainingRecords.recordedByOrgId))
    .leftJoin(pilotProjects, eq(pilotProjects.id, trainingRecords.projectId))
    .where(and(ofProgramme, beforeTimeKey(trainingRecords.recordedAt, trainingRecords.id, after)))
    .orderBy(desc(trainingRecords.recordedAt), desc(trainingRecords.id))
    .limit(q.limit + 1);
  const total = await totalOf(db, q.count, db.select({ one: sql`1` }).from(trainingRecords).where(ofProgramme));
  const paged = toPage(rows, q.limit, total, (r) => [r.key, r.id]);
  return { ...paged, items: paged.items.map(({ key: _key, ...line }) => line) };
}

/** A programme and the path of its association (scope of a programme-wide record). */
export async function programmeScope(db: DbOrTx, programmeId: string): Promise<{ id: string; name: string; associationId: string; associationPath: string } | undefined> {
  const [row] = await db
    .select({ id: programmes.id, name: programmes.name, associationId: programmes.associationId, associationPath: organisations.path })
    .from(programmes)
    .innerJoin(organisations, eq(organisations.id, programmes.associationId))
    .where(eq(programmes.id, programmeId));
  return row;
}

/** Issue 11 §5: training and guidance are recorded once given — the day is not in the future. */
function assertGiven(input: TrainingInput): void {
  const problem = futureDayProblem(input.heldOn, chinaToday(), '日期');
  if (problem) throw validationError([{ path: 'body.heldOn', message: problem }]);
}

/** SUP-8: the department or the association records training or guidance for a project. */
export async function recordProjectTraining(opts: { db: Db; actor: Actor; meta: RequestMeta; projectId: string; input: TrainingInput; programmeId?: string }): Promise<TrainingRow> {
  const { db, actor, input } = opts;
  assertGiven(input);
  return db.transaction(async (tx) => {
    const project = await loadProjectInScope(tx, actor, opts.projectId, { forUpdate: true });
    requireParty(project, ['department', 'association'], '培训和工作指导由项目委托单位或协调单位记录');
    requireImplementing(project);
    const p = project.row.p;
    if ((input.projectId !== null && input.projectId !== opts.projectId) || (opts.programmeId && opts.programmeId !== p.programmeId)) {
      throw validationError([{ path: 'body.projectId', message: '该项目不属于所选方案' }]);
    }
    const [row] = await tx.insert(trainingRecords).values(values(input, { programmeId: p.programmeId, associationId: p.associationId, associationPath: p.associationPath, projectId: p.id }, actor)).returning();
    await linkAttachments(tx, actor, input.attachmentIds, 'training_record', row.id);
    const kind = trainingKindLabels[input.kind as TrainingKind];
    await notifyOrg(tx, p.societyId, { permission: 'supervision.report' }, { title: `${kind}记录：${input.title}`, body: `${actor.orgName}记录了${input.heldOn}的${kind}（${p.title}）。`, link: projectTabLink(p.id, 'training'), entityType: 'training_record', entityId: row.id });
    await appendAudit(tx, whoFromActor(actor, opts.meta), {
      action: 'training.record',
      entityType: 'training_record',
      entityId: row.id,
      ...auditScope(project),
      after: { projectId: p.id, kind: input.kind, title: input.title, heldOn: input.heldOn },
    });
    return row;
  });
}

/** SUP-8: an association records a programme-wide training session (or one concerning a project of the programme). */
export async function recordProgrammeTraining(opts: { db: Db; actor: Actor; meta: RequestMeta; programmeId: string; input: TrainingInput }): Promise<TrainingRow> {
  const { db, actor, input } = opts;
  assertGiven(input);
  if (input.projectId) return recordProjectTraining({ ...opts, projectId: input.projectId, programmeId: opts.programmeId });
  return db.transaction(async (tx) => {
    const prog = await programmeScope(tx, opts.programmeId);
    if (!prog) throw new AppError('NOT_FOUND', '方案不存在');
    if (actor.orgType !== 'association') throw new AppError('FORBIDDEN', '面向全方案的专项培训由科协记录');
    if (!isInScope(actor.scopePath, prog.associationPath)) throw new AppError('OUT_OF_SCOPE', '该方案不在本单位数据范围内', { extra: { entityType: 'programme', entityId: prog.id } });
    await assertMayReadProgramme(tx, actor, prog.id); // issue 11 §1: a draft only to its own association
    if (input.kind !== 'training') throw validationError([{ path: 'body.projectId', message: '工作指导请选择所指导的项目' }]);
    const [row] = await tx.insert(trainingRecords).values(values(input, { programmeId: prog.id, associationId: prog.associationId, associationPath: prog.associationPath, projectId: null }, actor)).returning();
    await linkAttachments(tx, actor, input.attachmentIds, 'training_record', row.id);
    const societies = await tx.selectDistinct({ id: pilotProjects.societyId }).from(pilotProjects).where(and(eq(pilotProjects.programmeId, prog.id), eq(pilotProjects.status, 'implementing')));
    for (const s of societies) {
      await notifyOrg(tx, s.id, { permission: 'supervision.report' }, { title: `专项培训记录：${input.title}`, body: `${actor.orgName}记录了${input.heldOn}面向“${prog.name}”的专项培训。`, entityType: 'training_record', entityId: row.id });
    }
    await appendAudit(tx, whoFromActor(actor, opts.meta), {
      action: 'training.record',
      entityType: 'training_record',
      entityId: row.id,
      orgId: prog.associationId,
      orgPath: prog.associationPath,
      after: { programmeId: prog.id, kind: input.kind, title: input.title, heldOn: input.heldOn },
    });
    return row;
  });
}

/**
 * SUP-8: a programme-wide training is a programme record: the programme must be readable
 * (programme-scope.ts), then it is read by the association staff over the programme (holding
 * `project.read`) and by the departments and societies that are parties of a project of it (it
 * trains them). Not by finance bureaus, evaluators, experts or observers — an observer reads the
 * records of their project only. (access/read-scope.ts asks the same for its attachments.)
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

/** Whether the actor may read a training record (project records: the project's scope). */
export async function assertMayReadTraining(db: DbOrTx, actor: Actor, t: TrainingRow): Promise<void> {
  if (t.projectId) {
    await loadProjectInScope(db, actor, t.projectId);
    return;
  }
  if (!(await mayReadProgrammeTraining(db, actor, t))) throw new AppError('OUT_OF_SCOPE', '该记录不在本单位数据范围内', { extra: { entityType: 'training_record', entityId: t.id } });
}

function values(input: TrainingInput, where: { programmeId: string; associationId: string; associationPath: string; projectId: string | null }, actor: Actor) {
  return {
    ...where,
    kind: input.kind,
    title: input.title,
    heldOn: input.heldOn,
    location: input.location?.trim() || null,
    givenBy: input.givenBy?.trim() || null,
    participants: input.participants?.trim() || null,
    participantCount: input.participantCount ?? null,
    content: input.content,
    attachmentIds: input.attachmentIds,
    recordedByOrgId: actor.orgId,
    recordedBy: actor.userId,
  };
}
