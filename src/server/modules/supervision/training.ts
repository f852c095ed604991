// SUP-8 (002 §5 经常性工作指导…开展专项培训): training sessions and guidance recorded by the
// coordinating association or the commissioning department. Guidance always concerns one project;
// a training session concerns one project or the whole programme (recorded by an association whose
// scope covers the programme; read by the associations over it and the parties of its projects).
import { and, desc, eq, isNull, or } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { organisations, pilotProjects, programmes, trainingRecords } from '../../db/schema.js';
import type { Actor, RequestMeta } from '../../platform/actor.js';
import { appendAudit, whoFromActor } from '../../platform/audit.js';
import { AppError, validationError } from '../../platform/errors.js';
import { notifyOrg } from '../../platform/notify.js';
import { isInScope } from '../../../domain/access/roles.js';
import { trainingKindLabels, type TrainingInput, type TrainingKind } from '../../../domain/supervision/training.js';
import { futureDayProblem } from '../../../domain/calendar-day.js';
import { chinaToday } from '../../platform/transition.js';
import { loadProjectInScope } from '../projects/projects.js';
import { auditScope, linkAttachments, mayReadProgrammeTraining, projectTabLink, requireImplementing, requireParty } from './supervision-views-a.js';
import { assertMayReadProgramme } from '../programmes/programme-scope.js';

export type TrainingRow = typeof trainingRecords.$inferSelect;

export type TrainingWithOrg = TrainingRow & { recordedByOrgName: string };

const withOrg = (db: DbOrTx) =>
  db.select({ t: trainingRecords, orgName: organisations.name }).from(trainingRecords).innerJoin(organisations, eq(organisations.id, trainingRecords.recordedByOrgId));

export async function findTraining(db: DbOrTx, id: string): Promise<TrainingWithOrg | undefined> {
  const [row] = await withOrg(db).where(eq(trainingRecords.id, id));
  return row ? { ...row.t, recordedByOrgName: row.orgName } : undefined;
}

/** The project's records and the programme-wide training sessions of its programme, newest first. */
export async function trainingOfProject(db: DbOrTx, projectId: string, programmeId: string): Promise<TrainingWithOrg[]> {
  const rows = await withOrg(db)
    .where(or(eq(trainingRecords.projectId, projectId), and(eq(trainingRecords.programmeId, programmeId), isNull(trainingRecords.projectId))))
    .orderBy(desc(trainingRecords.heldOn), desc(trainingRecords.recordedAt));
  return rows.map((r) => ({ ...r.t, recordedByOrgName: r.orgName }));
}

export async function trainingOfProgramme(db: DbOrTx, programmeId: string): Promise<TrainingWithOrg[]> {
  const rows = await withOrg(db).where(eq(trainingRecords.programmeId, programmeId)).orderBy(desc(trainingRecords.heldOn), desc(trainingRecords.recordedAt));
  return rows.map((r) => ({ ...r.t, recordedByOrgName: r.orgName }));
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
