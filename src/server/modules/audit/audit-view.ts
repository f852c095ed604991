// X-1: the audit log as a person reads it — the filters of the list and the export, and each row
// with its action, actor, the actor's own organisation and the record it concerns by name, with a
// link to that record's page. Names are resolved per page: one query per record type, one for
// the actors, one for the organisations.
import { z } from 'zod';
import { eq, gte, ilike, inArray, isNull, like, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import {
  auditLog,
  societyTiers,
  willingnessResponses,
  willingnessRounds,
  briefings,
  changeRequests,
  countersigns,
  declarations,
  demandEntries,
  implementationPlans,
  inspections,
  majorMatters,
  milestones,
  observers,
  organisations,
  pilotProjects,
  programmeMeetings,
  programmes,
  progressReports,
  rectificationOrders,
  societyYearlyFacts,
  stageReports,
  taskBooks,
  terminations,
  projectCompletions,
  evaluationCommissions,
  performanceEvaluations,
  typicalCases,
  trainingRecords,
  transferItems,
  users,
  attachments,
  capacityCalls,
  capacityApplications,
  capacityNotices,
  capacityObjections,
  capacityProgressReports,
  capacityExpenses,
  capacityBudgetAdjustments,
  capacityLetters,
  capacityEvaluations,
  capacityAcceptances,
  capacityFundReturns,
  fundEntries,
 indicatorPublications, satisfactionSurveys, surveyAnswers, surveyInvitations } from '../../db/schema.js';
import { escapeLike } from '../orgs/orgs.repo.js';
import { parentPath } from '../../../domain/access/roles.js';
import { calendarDay, chinaWallClock, startOfChinaDay } from '../../../domain/calendar-day.js';
import { auditActionLabel, auditEntityTypeLabel } from '../../../domain/audit/actions.js';
import type { Actor } from '../../platform/actor.js';
import { validationError } from '../../platform/errors.js';
import { addDays } from '../../platform/transition.js';
import { assertMayReadProgramme, programmeReadScope } from '../programmes/programme-scope.js';
import type { AuditEntry } from '../../../contract/audit.js';

/** The filters of the list and of its Excel export. */
export const ZAuditFilters = {
  entityType: z.string().max(40).optional().describe('对象类型'),
  entityId: z.string().max(100).optional().describe('对象'),
  actorUserId: z.uuid().optional().describe('操作人（用户）'),
  actor: z.string().trim().max(50).optional().describe('操作人姓名或用户名（部分匹配）'),
  action: z.string().max(60).optional().describe('操作：代码，或其前缀（如 programme，含其下全部操作）'),
  orgId: z.uuid().optional().describe('单位：操作人属于该单位，或记录属于该单位及其下级'),
  from: calendarDay('起始日期').optional(),
  to: calendarDay('截止日期').optional(),
};
export type AuditFilters = { [K in keyof typeof ZAuditFilters]?: z.infer<(typeof ZAuditFilters)[K]> };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The rows the actor may read (their association's subtree) that match the filters. */
export async function auditConditions(db: Db, actor: Actor, q: AuditFilters): Promise<SQL[]> {
  if (q.from && q.to && q.from > q.to) throw validationError([{ path: 'querystring.to', message: '截止日期不能早于起始日期' }], '截止日期不能早于起始日期');
  // Entries about an organisation inside the scope; entries with no organisation (such as a
  // failed login under an unknown name) only for the top of the tree.
  const isTop = parentPath(actor.scopePath) === null;
  const inScope = like(auditLog.orgPath, `${escapeLike(actor.scopePath)}%`);
  const conds: (SQL | undefined)[] = [isTop ? or(inScope, isNull(auditLog.orgPath)) : inScope];
  // issue 11 §1: entries about a draft programme only to those who may read the draft (its own
  // association's programme managers) — never to the association above, in the list or the export
  conds.push(sql`NOT (${auditLog.entityType} = 'programme' AND EXISTS (
    SELECT 1 FROM ${programmes} WHERE ${programmes.id}::text = ${auditLog.entityId} AND ${programmes.status} = 'draft' AND NOT ${programmeReadScope(actor)}))`);
  if (q.entityType) conds.push(eq(auditLog.entityType, q.entityType));
  if (q.entityId) conds.push(eq(auditLog.entityId, q.entityId));
  // issue 11 §1: a programme's change history only to those who may read the programme
  if (q.entityType === 'programme' && q.entityId && UUID.test(q.entityId)) await assertMayReadProgramme(db, actor, q.entityId);
  if (q.actorUserId) conds.push(eq(auditLog.actorUserId, q.actorUserId));
  if (q.actor) {
    const pattern = `%${escapeLike(q.actor)}%`;
    const matching = db.select({ id: users.id }).from(users).where(or(ilike(users.displayName, pattern), ilike(users.username, pattern)));
    conds.push(or(ilike(auditLog.actorName, pattern), inArray(auditLog.actorUserId, matching)));
  }
  if (q.action) {
    // a code, or an area with everything under it: 'item' or 'item.' → item.create … item.import.publish
    const a = q.action.replace(/\.+$/, '');
    conds.push(or(eq(auditLog.action, a), like(auditLog.action, `${escapeLike(a)}.%`)));
  }
  if (q.orgId) {
    const [o] = await db.select({ path: organisations.path }).from(organisations).where(eq(organisations.id, q.orgId));
    conds.push(o ? or(eq(auditLog.actorOrgId, q.orgId), like(auditLog.orgPath, `${escapeLike(o.path)}%`)) : sql`false`);
  }
  if (q.from) conds.push(gte(auditLog.at, startOfChinaDay(q.from)));
  // the whole of the last day: before the next one begins (timestamps carry microseconds)
  if (q.to) conds.push(lt(auditLog.at, addDays(startOfChinaDay(q.to), 1)));
  return conds.filter((c): c is SQL => !!c);
}

export const afterSeq = (seq: number) => lt(auditLog.seq, seq);

type AuditRow = typeof auditLog.$inferSelect;
interface Named {
  title: string;
  link: string | null;
}

const projectTab = (projectId: string, tab: string) => `/app/projects/${projectId}?tab=${tab}`;
const recordsTab = (programmeId: string, tab: string) => `/app/programme-records?programmeId=${programmeId}&tab=${tab}`;

/** One query per record type: the record's title and the page that shows it. */
const resolvers: Record<string, (db: Db, ids: string[]) => Promise<[string, Named][]>> = {
  organisation: async (db, ids) =>
    (await db.select({ id: organisations.id, name: organisations.name, type: organisations.type }).from(organisations).where(inArray(organisations.id, ids))).map((r) => [
      r.id,
      { title: r.name, link: r.type === 'society' ? `/app/societies/${r.id}` : `/app/orgs?id=${r.id}` },
    ]),
  user: async (db, ids) =>
    (await db.select({ id: users.id, displayName: users.displayName, username: users.username }).from(users).where(inArray(users.id, ids))).map((r) => [
      r.id,
      { title: `${r.displayName}（${r.username}）`, link: `/app/users?q=${encodeURIComponent(r.username)}` },
    ]),
  society_yearly_facts: async (db, ids) =>
    (
      await db
        .select({ id: societyYearlyFacts.id, year: societyYearlyFacts.year, societyId: societyYearlyFacts.societyId, name: organisations.name })
        .from(societyYearlyFacts)
        .innerJoin(organisations, eq(organisations.id, societyYearlyFacts.societyId))
        .where(inArray(societyYearlyFacts.id, ids))
    ).map((r) => [r.id, { title: `${r.name} ${r.year} 年度情况`, link: `/app/societies/${r.societyId}` }]),
  attachment: async (db, ids) =>
    (await db.select({ id: attachments.id, filename: attachments.filename }).from(attachments).where(inArray(attachments.id, ids))).map((r) => [r.id, { title: r.filename, link: null }]),
  programme: async (db, ids) =>
    (await db.select({ id: programmes.id, name: programmes.name }).from(programmes).where(inArray(programmes.id, ids))).map((r) => [r.id, { title: r.name, link: `/app/programmes/${r.id}` }]),
  transfer_item: async (db, ids) =>
    (await db.select({ id: transferItems.id, title: transferItems.title }).from(transferItems).where(inArray(transferItems.id, ids))).map((r) => [r.id, { title: r.title, link: `/app/items/${r.id}` }]),
  demand_entry: async (db, ids) =>
    (await db.select({ id: demandEntries.id, title: demandEntries.title }).from(demandEntries).where(inArray(demandEntries.id, ids))).map((r) => [r.id, { title: r.title, link: `/app/demand/${r.id}` }]),
  declaration: async (db, ids) =>
    (
      await db
        .select({ id: declarations.id, society: organisations.name, item: transferItems.title })
        .from(declarations)
        .innerJoin(organisations, eq(organisations.id, declarations.societyId))
        .innerJoin(transferItems, eq(transferItems.id, declarations.itemId))
        .where(inArray(declarations.id, ids))
    ).map((r) => [r.id, { title: `${r.society}申报：${r.item}`, link: `/app/declarations/${r.id}` }]),
  countersign: async (db, ids) =>
    (await db.select({ id: countersigns.id, title: countersigns.title }).from(countersigns).where(inArray(countersigns.id, ids))).map((r) => [r.id, { title: r.title, link: `/app/countersigns/${r.id}` }]),
  pilot_project: async (db, ids) =>
    (await db.select({ id: pilotProjects.id, title: pilotProjects.title }).from(pilotProjects).where(inArray(pilotProjects.id, ids))).map((r) => [r.id, { title: r.title, link: `/app/projects/${r.id}` }]),
  task_book: async (db, ids) =>
    (
      await db
        .select({ id: taskBooks.id, version: taskBooks.version, projectId: taskBooks.projectId, project: pilotProjects.title })
        .from(taskBooks)
        .innerJoin(pilotProjects, eq(pilotProjects.id, taskBooks.projectId))
        .where(inArray(taskBooks.id, ids))
    ).map((r) => [r.id, { title: `${r.project}（第 ${r.version} 版任务书）`, link: projectTab(r.projectId, 'taskbook') }]),
  implementation_plan: async (db, ids) =>
    (
      await db
        .select({ id: implementationPlans.id, version: implementationPlans.version, projectId: implementationPlans.projectId, project: pilotProjects.title })
        .from(implementationPlans)
        .innerJoin(pilotProjects, eq(pilotProjects.id, implementationPlans.projectId))
        .where(inArray(implementationPlans.id, ids))
    ).map((r) => [r.id, { title: `${r.project}（实施方案第 ${r.version} 版）`, link: projectTab(r.projectId, 'plan') }]),
  milestone: async (db, ids) =>
    (
      await db
        .select({ id: milestones.id, name: milestones.name, projectId: milestones.projectId, project: pilotProjects.title })
        .from(milestones)
        .innerJoin(pilotProjects, eq(pilotProjects.id, milestones.projectId))
        .where(inArray(milestones.id, ids))
    ).map((r) => [r.id, { title: `${r.name}（${r.project}）`, link: projectTab(r.projectId, 'progress') }]),
  progress_report: async (db, ids) =>
    (await db.select({ id: progressReports.id, title: progressReports.title, projectId: progressReports.projectId }).from(progressReports).where(inArray(progressReports.id, ids))).map((r) => [
      r.id,
      { title: r.title, link: projectTab(r.projectId, 'progress') },
    ]),
  major_matter: async (db, ids) =>
    (await db.select({ id: majorMatters.id, title: majorMatters.title, projectId: majorMatters.projectId }).from(majorMatters).where(inArray(majorMatters.id, ids))).map((r) => [
      r.id,
      { title: r.title, link: projectTab(r.projectId, 'matters') },
    ]),
  change_request: projectChild(changeRequests, '变更申请', 'changes'),
  termination: projectChild(terminations, '中止申请', 'termination'),
  project_completion: projectChild(projectCompletions, '结项报告', 'completion'),
  inspection: projectChild(inspections, '监督检查', 'inspection'),
  rectification_order: projectChild(rectificationOrders, '整改通知', 'rectification'),
  observer: async (db, ids) =>
    (
      await db
        .select({ id: observers.id, person: observers.personName, projectId: observers.projectId, project: pilotProjects.title })
        .from(observers)
        .innerJoin(pilotProjects, eq(pilotProjects.id, observers.projectId))
        .where(inArray(observers.id, ids))
    ).map((r) => [r.id, { title: `观察员${r.person}（${r.project}）`, link: projectTab(r.projectId, 'inspection') }]),
  training_record: async (db, ids) =>
    (await db.select({ id: trainingRecords.id, title: trainingRecords.title, projectId: trainingRecords.projectId }).from(trainingRecords).where(inArray(trainingRecords.id, ids))).map((r) => [
      r.id,
      { title: r.title, link: r.projectId ? projectTab(r.projectId, 'training') : null },
    ]),
  programme_meeting: async (db, ids) =>
    (await db.select({ id: programmeMeetings.id, title: programmeMeetings.title, programmeId: programmeMeetings.programmeId }).from(programmeMeetings).where(inArray(programmeMeetings.id, ids))).map(
      (r) => [r.id, { title: r.title, link: recordsTab(r.programmeId, 'meetings') }],
    ),
  briefing: async (db, ids) =>
    (await db.select({ id: briefings.id, title: briefings.title, issueNo: briefings.issueNo, programmeId: briefings.programmeId }).from(briefings).where(inArray(briefings.id, ids))).map((r) => [
      r.id,
      { title: `第 ${r.issueNo} 期：${r.title}`, link: recordsTab(r.programmeId, 'briefings') },
    ]),
  stage_report: async (db, ids) =>
    (await db.select({ id: stageReports.id, title: stageReports.title, programmeId: stageReports.programmeId }).from(stageReports).where(inArray(stageReports.id, ids))).map((r) => [
      r.id,
      { title: r.title, link: recordsTab(r.programmeId, 'stageReports') },
    ]),
  capacity_call: async (db, ids) =>
    (await db.select({ id: capacityCalls.id, title: capacityCalls.title }).from(capacityCalls).where(inArray(capacityCalls.id, ids))).map((r) => [r.id, { title: r.title, link: `/app/capacity-calls/${r.id}` }]),
  capacity_application: async (db, ids) =>
    (await db.select({ id: capacityApplications.id, title: capacityApplications.title }).from(capacityApplications).where(inArray(capacityApplications.id, ids))).map((r) => [
      r.id,
      { title: `申报书：${r.title}`, link: `/app/capacity-applications/${r.id}` },
    ]),
  capacity_notice: async (db, ids) =>
    (await db.select({ id: capacityNotices.id, title: capacityNotices.title }).from(capacityNotices).where(inArray(capacityNotices.id, ids))).map((r) => [r.id, { title: r.title, link: `/app/capacity-notices/${r.id}` }]),
  capacity_objection: async (db, ids) =>
    (
      await db
        .select({ id: capacityObjections.id, noticeId: capacityNotices.id, title: capacityNotices.title })
        .from(capacityObjections)
        .innerJoin(capacityNotices, eq(capacityNotices.id, capacityObjections.noticeId))
        .where(inArray(capacityObjections.id, ids))
    ).map((r) => [r.id, { title: `公示异议：${r.title}`, link: `/app/capacity-notices/${r.noticeId}` }]),
  // CAP-5: the responsibility letter, titled by its project
  capacity_letter: capacityChild(capacityLetters, '项目责任书', 'letter'),
  // CAP-6: the evaluation, on its application's page (the section 评估与拨付)
  capacity_evaluation: capacityChild(capacityEvaluations, '项目评估', 'evaluation'),
  // CAP-6, CAP-7: the acceptance and the money coming back, on the application's page (验收 / 资金退还与追回)
  capacity_acceptance: capacityChild(capacityAcceptances, '项目验收', 'closing'),
  capacity_fund_return: async (db, ids) =>
    (
      await db
        .select({ id: capacityFundReturns.id, kind: capacityFundReturns.kind, applicationId: capacityFundReturns.applicationId, project: capacityApplications.title })
        .from(capacityFundReturns)
        .innerJoin(capacityApplications, eq(capacityApplications.id, capacityFundReturns.applicationId))
        .where(inArray(capacityFundReturns.id, ids))
    ).map((r) => [r.id, { title: `${r.kind === 'refund' ? '资金退还' : '资金追回'}：${r.project}`, link: `/app/capacity-applications/${r.applicationId}?section=closing` }]),
  // FND-5, FND-7: an entry of a programme's fund ledger, on the programme's 资金台账
  fund: async (db, ids) =>
    (
      await db
        .select({ id: fundEntries.id, programmeId: fundEntries.programmeId, programme: programmes.name })
        .from(fundEntries)
        .innerJoin(programmes, eq(programmes.id, fundEntries.programmeId))
        .where(inArray(fundEntries.id, ids))
    ).map((r) => [r.id, { title: `资金台账：${r.programme}`, link: `/app/programmes/${r.programmeId}/funds` }]),
  // CAP-6: the records of a funded project, on its application's page (the implementation section)
  capacity_progress_report: capacityChild(capacityProgressReports, '进展报告', 'implementation'),
  capacity_expense: capacityChild(capacityExpenses, '经费支出', 'implementation'),
  capacity_budget_adjustment: capacityChild(capacityBudgetAdjustments, '预算调整', 'implementation'),
  // ORG-4: a classification, titled by its society, on the 学会分类 page; ORG-5: a round and an answer, on the round's page
  evaluation_commission: async (db, ids) =>
    (await db.select({ id: evaluationCommissions.id, title: evaluationCommissions.title }).from(evaluationCommissions).where(inArray(evaluationCommissions.id, ids))).map((r) => [r.id, { title: `第三方评估委托：${r.title}`, link: `/app/evaluation-commissions/${r.id}` }]),
  performance_evaluation: async (db, ids) =>
    (
      await db
        .select({ id: performanceEvaluations.id, commissionId: performanceEvaluations.commissionId, commission: evaluationCommissions.title, project: pilotProjects.title })
        .from(performanceEvaluations)
        .innerJoin(evaluationCommissions, eq(evaluationCommissions.id, performanceEvaluations.commissionId))
        .leftJoin(pilotProjects, eq(pilotProjects.id, performanceEvaluations.projectId))
        .where(inArray(performanceEvaluations.id, ids))
    ).map((r) => [r.id, { title: `第三方评估报告：${r.project ?? `${r.commission}（方案总体评估）`}`, link: `/app/evaluation-commissions/${r.commissionId}` }]),
  // EVA-5: a typical case, titled as written, on its own page
  typical_case: async (db, ids) =>
    (await db.select({ id: typicalCases.id, title: typicalCases.title }).from(typicalCases).where(inArray(typicalCases.id, ids))).map((r) => [r.id, { title: `典型案例：${r.title}`, link: `/app/typical-cases/${r.id}` }]),
  society_tier: async (db, ids) =>
    (
      await db
        .select({ id: societyTiers.id, name: organisations.name })
        .from(societyTiers)
        .innerJoin(organisations, eq(organisations.id, societyTiers.societyId))
        .where(inArray(societyTiers.id, ids))
    ).map((r) => [r.id, { title: `学会分类：${r.name}`, link: `/app/society-tiers?q=${encodeURIComponent(r.name)}` }]),
  willingness_round: async (db, ids) =>
    (await db.select({ id: willingnessRounds.id, title: willingnessRounds.title }).from(willingnessRounds).where(inArray(willingnessRounds.id, ids))).map((r) => [r.id, { title: r.title, link: `/app/willingness/${r.id}` }]),
  willingness_response: async (db, ids) =>
    (
      await db
        .select({ id: willingnessResponses.id, roundId: willingnessResponses.roundId, title: willingnessRounds.title, name: organisations.name })
        .from(willingnessResponses)
        .innerJoin(willingnessRounds, eq(willingnessRounds.id, willingnessResponses.roundId))
        .innerJoin(organisations, eq(organisations.id, willingnessResponses.societyId))
        .where(inArray(willingnessResponses.id, ids))
    ).map((r) => [r.id, { title: `${r.name}的填报：${r.title}`, link: `/app/willingness/${r.roundId}` }]),
  // EVA-4: a survey, an invitation and an answer, titled by the survey (an answer never by its respondent), on the survey's page
  satisfaction_survey: async (db, ids) =>
    (await db.select({ id: satisfactionSurveys.id, title: satisfactionSurveys.title }).from(satisfactionSurveys).where(inArray(satisfactionSurveys.id, ids))).map((r) => [r.id, { title: `满意度调查：${r.title}`, link: `/app/surveys/${r.id}` }]),
  survey_invitation: async (db, ids) =>
    (
      await db
        .select({ id: surveyInvitations.id, label: surveyInvitations.label, surveyId: satisfactionSurveys.id, title: satisfactionSurveys.title })
        .from(surveyInvitations)
        .innerJoin(satisfactionSurveys, eq(satisfactionSurveys.id, surveyInvitations.surveyId))
        .where(inArray(surveyInvitations.id, ids))
    ).map((r) => [r.id, { title: `满意度调查邀请（${r.label}）：${r.title}`, link: `/app/surveys/${r.surveyId}` }]),
  survey_answer: async (db, ids) =>
    (
      await db
        .select({ id: surveyAnswers.id, surveyId: satisfactionSurveys.id, title: satisfactionSurveys.title })
        .from(surveyAnswers)
        .innerJoin(satisfactionSurveys, eq(satisfactionSurveys.id, surveyAnswers.surveyId))
        .where(inArray(surveyAnswers.id, ids))
    ).map((r) => [r.id, { title: `满意度调查答卷：${r.title}`, link: `/app/surveys/${r.surveyId}` }]),
  // STA-1, PUB-1: the indicators an association published for a year, on the indicator page of that year
  indicator_publication: async (db, ids) =>
    (
      await db
        .select({ id: indicatorPublications.id, year: indicatorPublications.year, associationId: indicatorPublications.associationId, name: organisations.name })
        .from(indicatorPublications)
        .innerJoin(organisations, eq(organisations.id, indicatorPublications.associationId))
        .where(inArray(indicatorPublications.id, ids))
    ).map((r) => [r.id, { title: `公开的统计指标：${r.name} ${r.year} 年`, link: `/app/indicators?associationId=${r.associationId}&year=${r.year}` }]),
};

/** A funded project's record: "经费支出：<project>", on its section of the application's page (implementation, letter, evaluation, closing). */
function capacityChild(
  table: typeof capacityProgressReports | typeof capacityExpenses | typeof capacityBudgetAdjustments | typeof capacityLetters | typeof capacityEvaluations | typeof capacityAcceptances,
  what: string,
  section: 'implementation' | 'letter' | 'evaluation' | 'closing',
) {
  return async (db: Db, ids: string[]): Promise<[string, Named][]> =>
    (
      await db
        .select({ id: table.id, applicationId: table.applicationId, project: capacityApplications.title })
        .from(table)
        .innerJoin(capacityApplications, eq(capacityApplications.id, table.applicationId))
        .where(inArray(table.id, ids))
    ).map((r) => [r.id, { title: `${what}：${r.project}`, link: `/app/capacity-applications/${r.applicationId}?section=${section}` }]);
}

/** A project's record without a title of its own: "变更申请：<project>", on its tab of the project. */
function projectChild(table: typeof changeRequests | typeof terminations | typeof inspections | typeof rectificationOrders | typeof projectCompletions, what: string, tab: string) {
  return async (db: Db, ids: string[]): Promise<[string, Named][]> =>
    (
      await db
        .select({ id: table.id, projectId: table.projectId, project: pilotProjects.title })
        .from(table)
        .innerJoin(pilotProjects, eq(pilotProjects.id, table.projectId))
        .where(inArray(table.id, ids))
    ).map((r) => [r.id, { title: `${what}：${r.project}`, link: projectTab(r.projectId, tab) }]);
}

/** An entry as a person reads it: the contract's `AuditEntry`. */
export type AuditView = AuditEntry;

/** The rows as a person reads them (names resolved in a handful of queries, whatever the page size). */
export async function viewAuditRows(db: Db, rows: AuditRow[]): Promise<AuditView[]> {
  const orgIds = [...new Set(rows.flatMap((r) => [r.orgId, r.actorOrgId]).filter((x): x is string => !!x))];
  const userIds = [...new Set(rows.map((r) => r.actorUserId).filter((x): x is string => !!x))];
  const byType = new Map<string, Set<string>>();
  for (const r of rows) {
    if (!r.entityType || !r.entityId || !UUID.test(r.entityId) || !resolvers[r.entityType]) continue;
    if (!byType.has(r.entityType)) byType.set(r.entityType, new Set());
    byType.get(r.entityType)!.add(r.entityId);
  }
  // the ids inside before/after (the organisation a user was put in, the item a project came from …)
  const inner = new Map<number, Set<string>>();
  for (const r of rows) inner.set(r.seq, uuidsIn([r.before, r.after]));
  const refIds = [...new Set([...inner.values()].flatMap((x) => [...x]))];
  const [orgRows, userRows, refs, ...named] = await Promise.all([
    orgIds.length || refIds.length ? db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(inArray(organisations.id, [...new Set([...orgIds, ...refIds])])) : [],
    userIds.length || refIds.length
      ? db.select({ id: users.id, displayName: users.displayName, username: users.username }).from(users).where(inArray(users.id, [...new Set([...userIds, ...refIds])]))
      : [],
    refNames(db, refIds),
    ...[...byType].map(async ([type, ids]) => (await resolvers[type](db, [...ids])).map(([id, n]) => [`${type}:${id}`, n] as const)),
  ]);
  const orgName = new Map(orgRows.map((o) => [o.id, o.name]));
  const user = new Map(userRows.map((u) => [u.id, u]));
  const titles = new Map(named.flat());
  const nameOf = (id: string) => orgName.get(id) ?? (user.get(id) ? `${user.get(id)!.displayName}（${user.get(id)!.username}）` : refs.get(id));
  return rows.map((r) => {
    const u = r.actorUserId ? user.get(r.actorUserId) : undefined;
    const n = r.entityType && r.entityId ? titles.get(`${r.entityType}:${r.entityId}`) : undefined;
    return {
      seq: r.seq,
      at: r.at.toISOString(),
      actorUserId: r.actorUserId,
      actorName: r.actorName,
      actorDisplayName: u?.displayName ?? r.actorName,
      actorUsername: u?.username ?? null,
      actorOrgId: r.actorOrgId,
      actorOrgName: r.actorOrgId ? (orgName.get(r.actorOrgId) ?? null) : null,
      orgId: r.orgId,
      orgName: r.orgId ? (orgName.get(r.orgId) ?? null) : null,
      action: r.action,
      actionLabel: auditActionLabel(r.action),
      entityType: r.entityType,
      entityTypeLabel: auditEntityTypeLabel(r.entityType),
      entityId: r.entityId,
      entityTitle: n?.title ?? fallbackTitle(r, u),
      entityLink: n?.link ?? null,
      before: r.before,
      after: r.after,
      reason: r.reason,
      refs: Object.fromEntries([...inner.get(r.seq)!].flatMap((id) => (nameOf(id) ? [[id, nameOf(id)!]] : []))),
      ip: r.ip,
      hash: r.hash,
    };
  });
}

/** The ids anywhere in a few levels of before/after. */
function uuidsIn(values: unknown[]): Set<string> {
  const out = new Set<string>();
  const walk = (v: unknown, depth: number) => {
    if (typeof v === 'string') {
      if (UUID.test(v)) out.add(v.toLowerCase());
    } else if (v && typeof v === 'object' && depth < 5) for (const x of Array.isArray(v) ? v : Object.values(v)) walk(x, depth + 1);
  };
  for (const v of values) walk(v, 0);
  return out;
}

/** Names of the records an entry refers to by id, beside organisations and users. */
async function refNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!ids.length) return out;
  const found = await Promise.all([
    db.select({ id: programmes.id, name: programmes.name }).from(programmes).where(inArray(programmes.id, ids)),
    db.select({ id: transferItems.id, name: transferItems.title }).from(transferItems).where(inArray(transferItems.id, ids)),
    db.select({ id: pilotProjects.id, name: pilotProjects.title }).from(pilotProjects).where(inArray(pilotProjects.id, ids)),
    db.select({ id: milestones.id, name: milestones.name }).from(milestones).where(inArray(milestones.id, ids)),
  ]);
  for (const r of found.flat()) out.set(r.id, r.name);
  return out;
}

/** A record gone from its table (a deleted draft), or one that is not a table row (a login name). */
function fallbackTitle(r: AuditRow, u: { displayName: string } | undefined): string | null {
  if (!r.entityType) return null;
  if (r.entityType === 'login') return r.entityId;
  for (const v of [r.after, r.before]) {
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      const name = o.title ?? o.name ?? o.displayName ?? o.filename ?? o.username;
      if (typeof name === 'string' && name) return name;
    }
  }
  if (r.entityType === 'user' && r.entityId === r.actorUserId && u) return u.displayName;
  return null;
}

/** The time of a row as the list shows it (Beijing time, to the second). */
export function auditTimeText(at: string | Date): string {
  return chinaWallClock(new Date(at)).slice(0, 19).replace('T', ' ');
}
