// Issue 11 §1: one answer to "may this actor read record (entityType, entityId)?". Each entity type
// is dispatched to its module's own rule — the same permission the record's GET route asks and the
// same data-scope rule it applies — so an attachment is downloadable exactly when the record
// it hangs on is readable, and a test or a notification check can ask the same question.
//   - a declaration: selection/declarations.ts assertMayReadDeclaration (declaration.read);
//   - a pilot project and every record hanging off it: projects.ts loadProjectInScope (the parties'
//     organisations, the association staff and finance bureaus over it, its observers);
//   - a training record: its project's rule, or for a programme-wide session the programme-wide
//     training rule (supervision/training.ts mayReadProgrammeTraining);
//   - a programme record (meeting, briefing, stage report): programme-records/records.ts (the
//     associations over the programme holding programmeRecord.manage; a draft stage report: its own
//     association).
//   - a typical case (EVA-5): cases/cases.ts loadCase (case.read, the association staff over its association);
//   - a capacity application (CAP-2): capacity/applications.ts mayReadApplication (the society its
//     own; the association and the co-managing finance bureau once submitted); its progress reports
//     and expenses (CAP-6), its acceptance, refunds and recoveries (CAP-6, FND-4, FND-6) as the application.
// An entity type not listed here is refused: a new record type is closed until its rule is added.
import { and, eq, isNotNull, ne } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client.js';
import {
  capacityAcceptances,
  capacityApplications,
  capacityEvaluations,
  capacityExpertAssignments,
  capacityExpenses,
  capacityFundReturns,
  capacityProgressReports,
  changeRequests,
  implementationPlans,
  inspections,
  majorMatters,
  milestones,
  observers,
  progressReports,
  rectificationOrders,
  refundPayments,
  taskBooks,
  terminations,
  projectCompletions,
  trainingRecords,
} from '../../db/schema.js';
import type { Actor } from '../../platform/actor.js';
import { AppError } from '../../platform/errors.js';
import { permissionLabels, type Permission } from '../../../domain/access/roles.js';
import { assertMayReadDeclaration, findDeclaration } from '../selection/declarations.js';
import { loadReport } from '../evaluation/commissions.js';
import { loadCase } from '../cases/cases.js';
import { findItem } from '../transfer/transfer.repo.js';
import { loadProjectInScope } from '../projects/projects.js';
import { mayReadProgrammeTraining } from '../supervision/training.js';
import { loadProgramme } from '../capacity/calls.js';
import { mayReadApplication } from '../capacity/applications.js';
import { assertMayReadProgrammeRecordAttachment, programmeRecordAttachmentEntities, type ProgrammeRecordAttachmentEntity } from '../programme-records/records.js';

type Rule = (db: DbOrTx, actor: Actor, id: string) => Promise<void>;

const notFound = () => new AppError('NOT_FOUND', '记录不存在');

/** The expert holds an assignment on the application, accepted (no conflict declared) and not recused. */
async function acceptedExpert(db: DbOrTx, userId: string, applicationId: string): Promise<boolean> {
  const [x] = await db
    .select({ id: capacityExpertAssignments.id })
    .from(capacityExpertAssignments)
    .where(and(eq(capacityExpertAssignments.applicationId, applicationId), eq(capacityExpertAssignments.expertUserId, userId), isNotNull(capacityExpertAssignments.openedAt), ne(capacityExpertAssignments.status, 'recused')));
  return !!x;
}

/** The route guard of the record's GET: the actor holds one of the permissions. */
function needs(actor: Actor, perms: readonly Permission[]): void {
  if (!perms.some((p) => actor.permissions.has(p))) throw new AppError('FORBIDDEN', `当前角色没有“${perms.map((p) => permissionLabels[p]).join('”或“')}”权限`, { extra: { permission: perms.join('|') } });
}

/** A record with a project_id column: readable iff its project is (project.read, or an observer's project.observe). */
function projectRecord(table: PgTable & { id: PgColumn; projectId: PgColumn }): Rule {
  return async (db, actor, id) => {
    needs(actor, ['project.read', 'project.observe']);
    const [r] = (await db.select({ projectId: table.projectId }).from(table).where(eq(table.id, id))) as { projectId: string }[];
    if (!r) throw notFound();
    await loadProjectInScope(db, actor, r.projectId);
  };
}

const programmeRecord =
  (entityType: ProgrammeRecordAttachmentEntity): Rule =>
  async (db, actor, id) => {
    needs(actor, ['programmeRecord.manage']);
    await assertMayReadProgrammeRecordAttachment(db, actor, entityType, id);
  };

/** A record of a funded capacity project (application_id): readable by its application's readers (not its experts). */
function capacityChild(table: typeof capacityProgressReports | typeof capacityExpenses | typeof capacityAcceptances | typeof capacityFundReturns | typeof capacityEvaluations): Rule {
  return async (db, actor, id) => {
    needs(actor, ['capacityApplication.submit', 'capacityApplication.review', 'capacityCall.manage', 'fund.read']);
    const [r] = await db.select({ a: capacityApplications }).from(table).innerJoin(capacityApplications, eq(capacityApplications.id, table.applicationId)).where(eq(table.id, id));
    if (!r) throw notFound();
    const prog = await loadProgramme(db, actor, r.a.programmeId);
    if (!mayReadApplication(prog, actor, r.a)) throw new AppError('OUT_OF_SCOPE', '该记录不在本单位数据范围内', { extra: { entityType: 'capacity_application', entityId: r.a.id } });
  };
}

const rules: Record<string, Rule> = {
  declaration: async (db, actor, id) => {
    needs(actor, ['declaration.read']);
    const found = await findDeclaration(db, id);
    const item = found ? await findItem(db, found.d.itemId) : null;
    if (!found || !item) throw notFound();
    await assertMayReadDeclaration(db, actor, found.d, item);
  },
  pilot_project: async (db, actor, id) => {
    needs(actor, ['project.read', 'project.observe']);
    await loadProjectInScope(db, actor, id);
  },
  task_book: projectRecord(taskBooks),
  implementation_plan: projectRecord(implementationPlans),
  milestone: projectRecord(milestones),
  progress_report: projectRecord(progressReports),
  major_matter: projectRecord(majorMatters),
  change_request: projectRecord(changeRequests),
  termination: projectRecord(terminations),
  project_completion: projectRecord(projectCompletions),
  // EVA-2: a performance report's files read as the report (the commission's association and evaluator)
  performance_evaluation: async (db, actor, id) => {
    needs(actor, ['evaluation.commission', 'evaluation.perform', 'project.read']);
    await loadReport(db, actor, id);
  },
  // EVA-5: a typical case's files read as the case (the association staff over its association)
  typical_case: async (db, actor, id) => {
    needs(actor, ['case.read']);
    await loadCase(db, actor, id);
  },
  refund_payment: projectRecord(refundPayments),
  observer: projectRecord(observers),
  inspection: projectRecord(inspections),
  rectification_order: projectRecord(rectificationOrders),
  training_record: async (db, actor, id) => {
    needs(actor, ['project.read', 'project.observe']);
    const [t] = await db.select().from(trainingRecords).where(eq(trainingRecords.id, id));
    if (!t) throw notFound();
    if (t.projectId) {
      await loadProjectInScope(db, actor, t.projectId);
      return;
    }
    if (!(await mayReadProgrammeTraining(db, actor, t))) throw new AppError('OUT_OF_SCOPE', '该记录不在本单位数据范围内', { extra: { entityType: 'training_record', entityId: id } });
  },
  capacity_application: async (db, actor, id) => {
    needs(actor, ['capacityApplication.submit', 'capacityApplication.review', 'capacityCall.manage', 'fund.read', 'capacityReview.score']);
    const [a] = await db.select().from(capacityApplications).where(eq(capacityApplications.id, id));
    if (!a) throw notFound();
    // CAP-4: an expert drawn to it who declared no conflict reads its files (a recused one no longer)
    if (actor.permissions.has('capacityReview.score') && (await acceptedExpert(db, actor.userId, id))) return;
    const prog = await loadProgramme(db, actor, a.programmeId);
    if (!mayReadApplication(prog, actor, a)) throw new AppError('OUT_OF_SCOPE', '该申报书不在本单位数据范围内', { extra: { entityType: 'capacity_application', entityId: id } });
  },
  // CAP-6: a funded project's progress reports and expenses read as their application
  capacity_progress_report: capacityChild(capacityProgressReports),
  capacity_expense: capacityChild(capacityExpenses),
  // CAP-6: an evaluation (its files) read as its application
  capacity_evaluation: capacityChild(capacityEvaluations),
  // CAP-6, FND-4, FND-6: an acceptance and a refund or recovery read as their application
  capacity_acceptance: capacityChild(capacityAcceptances),
  capacity_fund_return: capacityChild(capacityFundReturns),
  ...Object.fromEntries(programmeRecordAttachmentEntities.map((t) => [t, programmeRecord(t)])),
};

/** The entity types this rule knows (anything else is refused). */
export const readableEntityTypes: readonly string[] = Object.keys(rules);

/**
 * The entity types under which records link evidence files: declarations, the project
 * records of SUP-1…SUP-8 and the programme records of PRG-3. Each is one of `readableEntityTypes`.
 */
export const attachmentEntityTypes = [
  'declaration',
  'implementation_plan',
  'progress_report',
  'major_matter',
  'change_request',
  'termination',
  'project_completion',
  'performance_evaluation',
  'typical_case',
  'inspection',
  'rectification_order',
  'training_record',
  'capacity_application',
  'capacity_progress_report',
  'capacity_expense',
  'capacity_evaluation',
  'capacity_acceptance',
  'capacity_fund_return',
  ...programmeRecordAttachmentEntities,
] as const;

/**
 * Refuses unless the actor may read the record: 404 when it does not exist, 403 (FORBIDDEN or
 * OUT_OF_SCOPE) otherwise — the same answer the record's own GET gives.
 */
export async function assertMayReadRecord(db: DbOrTx, actor: Actor, entityType: string, entityId: string): Promise<void> {
  const rule = Object.hasOwn(rules, entityType) ? rules[entityType] : undefined;
  if (!rule) throw new AppError('OUT_OF_SCOPE', '无权查看该记录', { extra: { entityType, entityId } });
  await rule(db, actor, entityId);
}

/** The same rule as a yes/no (a record that does not exist: no). */
export async function mayReadRecord(db: DbOrTx, actor: Actor, entityType: string, entityId: string): Promise<boolean> {
  try {
    await assertMayReadRecord(db, actor, entityType, entityId);
    return true;
  } catch (e) {
    if (e instanceof AppError && (e.code === 'NOT_FOUND' || e.code === 'FORBIDDEN' || e.code === 'OUT_OF_SCOPE')) return false;
    throw e;
  }
}
