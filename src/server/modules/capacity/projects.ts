// 项目实施与验收 (issue 13, CAP-6, CAP-7, FND-4…FND-6): the funded projects of the capacity plan —
// every application whose responsibility letter was signed — with where each stands after funding,
// across a call, a programme or the reader's whole scope, filtered by stage, by who acts next and by
// a keyword, paged by key.
//
// The stage is one SQL expression (`stageSql`) over the application's status, its evaluation and the
// evaluation's notice, its acceptance, the window flag and the project's balance in the ledger, so
// the list filters on it and still pages by its key; what a stage means in words and who acts next
// is domain/capacity/project-stage.ts. The order of the CASE is the order of precedence:
//   1. a recovery recorded (or the funding revoked)                → recovered
//   2. a confirmed failed acceptance                               → acceptanceFailed (科协 recovers)
//   3. the window flagged with money unspent and not yet settled  → windowRefund (the society holds
//      paid-out money) / windowUnpaid (nothing paid out: the association settles). "Settled" is
//      closing.ts closingOf's rule: what came back since the flag makes up the flagged amount, or the
//      society holds nothing more of what was paid (or the award was cancelled)
//   4. disbursed: the acceptance proposed / returned              → acceptancePending / acceptanceReturned
//   5. accepted, disbursed, evaluationFailed                      → accepted, disbursed, evaluationFailed
//   6. funded: by the evaluation — none, proposed, returned, confirmed without a notice, on an open
//      notice, its notice closed with an objection pending, cleared
//
// Read rule: the applications' (applications.ts applicationReadScope — the association of the
// programme and those above it, the finance bureau attached to exactly that association when the
// programme is co-managed, a society its own; experts never: the route's permissions).
// Only the columns the list shows are read; the total only when asked (http/paging.ts totalOf).
import { z } from 'zod';
import { and, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { AppDeps, ZApp } from '../../app.js';
import type { DbOrTx } from '../../db/client.js';
import { requireActor, requireAnyPermission } from '../../http/guards.js';
import { ZPageQuery, beforeTimeKey, cursorKeys, decodeCursor, timeKeyOf, toPage, totalOf } from '../../http/paging.js';
import type { Actor } from '../../platform/actor.js';
import {
  capacityAcceptances,
  capacityApplications,
  capacityCalls,
  capacityEvaluations,
  capacityLetters,
  capacityNotices,
  fundProjectBalances,
  organisations,
} from '../../db/schema.js';
import {
  fundedApplicationStates,
  projectStageFilters,
  projectStageGroupLabels,
  projectStageInfo,
  stagesOfFilter,
  stagesWaitingOn,
  waitingParties,
  waitingPartyLabels,
  type ProjectStage,
  type ProjectStageFilter,
} from '../../../domain/capacity/project-stage.js';
import { ZCapacityProjectPage, type CapacityProjectPage, type CapacityProjectRow } from '../../../contract/capacity-projects.js';
import { escapeLike } from '../orgs/orgs.repo.js';
import { applicationReadScope } from './applications.js';

const a = capacityApplications;
const e = capacityEvaluations;
const n = capacityNotices;
const x = capacityAcceptances;
const b = fundProjectBalances;

/** What the society holds of what was paid out (the ledger's own rule: closing.ts outstandingOf). */
const heldSql = sql`(coalesce(${b.disbursedFen}, 0) - coalesce(${b.refundedFen}, 0) - coalesce(${b.recoveredFen}, 0))`;
const recoveredSql = sql`EXISTS (SELECT 1 FROM capacity_fund_returns r WHERE r.application_id = ${a.id} AND r.kind = 'recovery')`;
const backSinceFlagSql = sql`(SELECT coalesce(sum(r.amount_fen), 0) FROM capacity_fund_returns r WHERE r.application_id = ${a.id} AND r.recorded_at >= ${a.windowFlaggedAt})`;
const windowOpenSql = sql`(${a.windowFlaggedAt} IS NOT NULL AND coalesce(${a.windowUnspentFen}, 0) > 0
  AND NOT (${backSinceFlagSql} >= coalesce(${a.windowUnspentFen}, 0)
           OR (${heldSql} <= 0 AND ${b.projectId} IS NOT NULL AND (${b.disbursedFen} > 0 OR ${b.cancelled}))))`;

/** The project's stage (domain/capacity/project-stage.ts ProjectStage), in the order of precedence above. */
export const stageSql = sql<ProjectStage>`(CASE
  WHEN ${a.status} = 'revoked' OR ${recoveredSql} THEN 'recovered'
  WHEN ${a.status} = 'acceptanceFailed' THEN 'acceptanceFailed'
  WHEN ${windowOpenSql} THEN (CASE WHEN ${heldSql} > 0 THEN 'windowRefund' ELSE 'windowUnpaid' END)
  WHEN ${a.status} = 'disbursed' AND ${x.status} = 'proposed' THEN 'acceptancePending'
  WHEN ${a.status} = 'disbursed' AND ${x.status} = 'returned' THEN 'acceptanceReturned'
  WHEN ${a.status} = 'accepted' THEN 'accepted'
  WHEN ${a.status} = 'disbursed' THEN 'disbursed'
  WHEN ${a.status} = 'evaluationFailed' THEN 'evaluationFailed'
  WHEN ${e.id} IS NULL THEN 'implementing'
  WHEN ${e.status} = 'proposed' THEN 'evaluationPending'
  WHEN ${e.status} = 'returned' THEN 'evaluationReturned'
  WHEN ${e.noticeOutcome} = 'cleared' THEN 'evaluationCleared'
  WHEN ${e.noticeId} IS NULL THEN 'evaluationConfirmed'
  WHEN ${n.status} = 'open' THEN 'evaluationNotice'
  ELSE 'evaluationObjections'
END)`;

export const ZProjectListQuery = z
  .object({
    callId: z.uuid('申报通知编号格式不正确').optional().describe('只看这一期申报通知的项目'),
    programmeId: z.uuid('方案编号格式不正确').optional().describe('只看这个方案的项目'),
    stage: z
      .enum(projectStageFilters as [ProjectStageFilter, ...ProjectStageFilter[]], { error: '阶段不正确' })
      .optional()
      .describe('阶段：一组（implementing 实施中、evaluation 评估、disbursed 已拨付、acceptance 验收、window 执行期满未使用资金、recovery 追回）或其中一个阶段'),
    waitingOn: z.enum(waitingParties, { error: '办理方不正确' }).optional().describe('下一步由谁办理：association 科协，financeBureau 财政局，society 学会'),
    keyword: z.string().trim().max(50, '关键词不能超过 50 个字').optional().describe('项目名称或承担学会名称中的文字'),
    ...ZPageQuery,
  })
  .strict();
export type ProjectListQuery = z.infer<typeof ZProjectListQuery>;

function whereOf(actor: Actor, q: ProjectListQuery): SQL {
  const keyword = q.keyword ? `%${escapeLike(q.keyword)}%` : null;
  return and(
    applicationReadScope(actor),
    inArray(a.status, [...fundedApplicationStates]),
    q.callId ? eq(a.callId, q.callId) : undefined,
    q.programmeId ? eq(a.programmeId, q.programmeId) : undefined,
    keyword ? or(ilike(a.title, keyword), sql`EXISTS (SELECT 1 FROM organisations o WHERE o.id = ${a.societyId} AND o.name ILIKE ${keyword})`) : undefined,
    q.stage ? inArray(stageSql, stagesOfFilter(q.stage)) : undefined,
    q.waitingOn ? inArray(stageSql, stagesWaitingOn(q.waitingOn)) : undefined,
  )!;
}

export async function listProjects(db: DbOrTx, actor: Actor, q: ProjectListQuery): Promise<CapacityProjectPage> {
  const where = whereOf(actor, q);
  const after = decodeCursor(q.cursor, cursorKeys.textTime);
  const rows = await db
    .select({
      id: a.id,
      callId: a.callId,
      title: a.title,
      societyName: organisations.name,
      callTitle: capacityCalls.title,
      callYear: capacityCalls.year,
      // the programme's name of the type (PRG-2), looked up for the page's rows only
      typeName: sql<string | null>`(SELECT t->>'name' FROM programmes p, jsonb_array_elements(p.parameters->'projectTypes') t WHERE p.id = ${a.programmeId} AND t->>'code' = ${a.typeCode})`,
      typeCode: a.typeCode,
      stage: stageSql,
      awardFen: b.awardFen,
      cancelled: b.cancelled,
      disbursedFen: b.disbursedFen,
      spentFen: b.spentFen,
      held: heldSql.mapWith(Number),
      windowEndsOn: capacityLetters.windowEndsOn,
      windowFlaggedAt: a.windowFlaggedAt,
      unspentFen: a.windowUnspentFen,
      key: timeKeyOf(a.createdAt),
    })
    .from(a)
    .innerJoin(organisations, eq(organisations.id, a.societyId))
    .innerJoin(capacityCalls, eq(capacityCalls.id, a.callId))
    .leftJoin(capacityLetters, and(eq(capacityLetters.applicationId, a.id), eq(capacityLetters.status, 'signed')))
    .leftJoin(e, eq(e.applicationId, a.id))
    .leftJoin(n, eq(n.id, e.noticeId))
    .leftJoin(x, eq(x.applicationId, a.id))
    .leftJoin(b, and(eq(b.projectKind, 'capacityApplication'), eq(b.projectId, a.id)))
    .where(and(where, beforeTimeKey(a.createdAt, a.id, after)))
    .orderBy(desc(a.createdAt), desc(a.id))
    .limit(q.limit + 1);
  // the count reads the joins the stage reads (each at most one row per application)
  const counted = db
    .select({ one: sql`1` })
    .from(a)
    .leftJoin(e, eq(e.applicationId, a.id))
    .leftJoin(n, eq(n.id, e.noticeId))
    .leftJoin(x, eq(x.applicationId, a.id))
    .leftJoin(b, and(eq(b.projectKind, 'capacityApplication'), eq(b.projectId, a.id)))
    .where(where);
  const total = await totalOf(db, q.count, counted);
  const page = toPage(rows, q.limit, total, (r) => [r.key, r.id]);
  return {
    ...page,
    items: page.items.map((r): CapacityProjectRow => {
      const info = projectStageInfo[r.stage] ?? projectStageInfo.implementing;
      return {
        id: r.id,
        callId: r.callId,
        callTitle: r.callTitle,
        callYear: r.callYear,
        title: r.title,
        societyName: r.societyName,
        typeName: r.typeName ?? r.typeCode,
        stage: r.stage,
        stageLabel: info.label,
        stageGroup: info.group,
        stageGroupLabel: projectStageGroupLabels[info.group],
        waitingOn: info.waitingOn,
        waitingOnLabel: info.waitingOn ? waitingPartyLabels[info.waitingOn] : '—',
        nextStep: info.nextStep,
        section: info.section,
        awardFen: r.awardFen ?? null,
        awardCancelled: r.cancelled ?? false,
        disbursedFen: r.disbursedFen ?? 0,
        spentFen: r.spentFen ?? 0,
        outstandingFen: r.held,
        windowEndsOn: r.windowEndsOn ?? null,
        unspentFen: r.windowFlaggedAt ? (r.unspentFen ?? 0) : null,
      };
    }),
  };
}

export async function capacityProjectRoutes(app: ZApp, deps: AppDeps) {
  const { db } = deps.database;
  // whoever reads applications (applications.ts applicationReadScope narrows it); experts not
  const read = requireAnyPermission('capacityApplication.submit', 'capacityApplication.review', 'capacityCall.manage', 'fund.read');
  app.get(
    '/api/v1/capacity-projects',
    {
      schema: {
        tags: ['项目实施与验收'],
        summary: '获得资助的能力提升项目及其所处阶段（实施、评估、拨付、验收、执行期满、追回）和下一步由谁办理；可按申报通知、方案、阶段、办理方和关键词筛选',
        querystring: ZProjectListQuery,
        response: { 200: ZCapacityProjectPage },
      },
      preHandler: read,
    },
    async (req) => listProjects(db, requireActor(req), req.query),
  );
}
