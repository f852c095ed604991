// CAP-6 (issue 13 step 7): what becomes of the evaluations on an evaluation notice (评估结果公示) once
// it has closed — by the rule the result notice follows (notices.ts resultAfterNotice, passed in as
// `decide`): no upheld objection on it (its own or one to the whole notice) → the evaluation is
// cleared (noticeOutcome 'cleared'; the association gets a to-do to disburse the funds, 《实施方案》
// 五、5); an upheld one → noticeOutcome 'upheld', the application evaluationFailed and its award
// cancelled in the ledger; one still pending → it waits, and handling it settles it then.
//
// Locks. A ledger entry locks the fund's account and must come before the transaction's first audit
// row (funds/ledger.repo.ts); the callers — the close job and the handling of an objection — write an
// audit row before they settle, so they first take, in this order, the notice's applications and
// the fund's account (`lockForSettlement`); the ledger entries below then find them held.
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { capacityApplications, capacityCalls, capacityEvaluations, fundAccounts, organisations, programmes } from '../../db/schema.js';
import { appendAudit, type AuditWho } from '../../platform/audit.js';
import { addDays, applyEvent } from '../../platform/transition.js';
import { openTodo } from '../../platform/todos.js';
import { notifyOrg } from '../../platform/notify.js';
import { applicationLifecycle } from '../../../domain/capacity/application.js';
import { clauseOf } from '../../../domain/programme/rule-clauses.js';
import type { ProgrammeParameters } from '../../../domain/programme/programme.types.js';
import { recordFundEntry } from '../funds/ledger.repo.js';
import { applicationLink } from './applications.js';

export const DISBURSE_TODO = 'capacityApplication.disburse';
/** The application's page, opened at its section 评估与拨付. */
export const evaluationLink = (applicationId: string) => `${applicationLink(applicationId)}?section=evaluation`;

export interface SettledEvaluations {
  approved: number;
  upheld: number;
  held: number;
}

/**
 * Takes the row locks a settlement needs before the caller's first audit row: the notices'
 * applications in id order, then — for evaluation notices, which may cancel awards — the fund
 * accounts of their calls. Locks already held are taken again at no cost.
 */
export async function lockForSettlement(tx: DbOrTx, notices: readonly { kind: string; callId: string; applicationIds: readonly string[] }[]): Promise<void> {
  const ids = [...new Set(notices.flatMap((n) => n.applicationIds))].sort();
  if (ids.length) await tx.select({ id: capacityApplications.id }).from(capacityApplications).where(inArray(capacityApplications.id, ids)).orderBy(asc(capacityApplications.id)).for('update');
  const callIds = [...new Set(notices.filter((n) => n.kind === 'evaluation' && n.applicationIds.length).map((n) => n.callId))];
  if (!callIds.length) return;
  const funds = await tx.selectDistinct({ programmeId: capacityCalls.programmeId, fundCode: capacityCalls.fundCode }).from(capacityCalls).where(inArray(capacityCalls.id, callIds));
  for (const f of funds.sort((a, b) => a.programmeId.localeCompare(b.programmeId) || a.fundCode.localeCompare(b.fundCode))) {
    await tx.select({ n: fundAccounts.entries }).from(fundAccounts).where(and(eq(fundAccounts.programmeId, f.programmeId), eq(fundAccounts.fundCode, f.fundCode))).for('update');
  }
}

/**
 * Settles the evaluations on the closed evaluation notice `notice` among `applicationIds` whose
 * outcome is still open, each by `decide(applicationId)`; each change audited as `who`, the society
 * told, the association given its to-do. The caller holds the notice's lock and has called
 * `lockForSettlement` before its first audit row.
 */
export async function settleEvaluations(
  tx: DbOrTx,
  notice: { id: string; title: string },
  applicationIds: readonly string[],
  decide: (applicationId: string) => 'approve' | 'uphold' | null,
  who: AuditWho,
): Promise<SettledEvaluations> {
  const out: SettledEvaluations = { approved: 0, upheld: 0, held: 0 };
  if (!applicationIds.length) return out;
  const rows = await tx
    .select({
      e: capacityEvaluations,
      a: {
        id: capacityApplications.id,
        title: capacityApplications.title,
        status: capacityApplications.status,
        societyId: capacityApplications.societyId,
        societyPath: capacityApplications.societyPath,
        associationId: capacityApplications.associationId,
        programmeId: capacityApplications.programmeId,
      },
      societyName: organisations.name,
      fundCode: capacityCalls.fundCode,
      parameters: programmes.parameters,
    })
    .from(capacityEvaluations)
    .innerJoin(capacityApplications, eq(capacityApplications.id, capacityEvaluations.applicationId))
    .innerJoin(organisations, eq(organisations.id, capacityApplications.societyId))
    .innerJoin(capacityCalls, eq(capacityCalls.id, capacityEvaluations.callId))
    .innerJoin(programmes, eq(programmes.id, capacityApplications.programmeId))
    .where(and(eq(capacityEvaluations.noticeId, notice.id), isNull(capacityEvaluations.noticeOutcome), inArray(capacityEvaluations.applicationId, [...applicationIds])))
    .orderBy(asc(capacityApplications.id))
    .for('update', { of: capacityEvaluations });
  const decided = rows.map((r) => ({ ...r, event: r.a.status === 'funded' ? decide(r.a.id) : null }));
  // the ledger first: the fund's account is locked before this transaction's next audit row
  for (const r of decided) {
    if (r.event !== 'uphold') continue;
    await recordFundEntry(tx, {
      actor: null,
      meta: { ip: who.ip, requestId: who.requestId },
      programmeId: r.a.programmeId,
      fundCode: r.fundCode,
      entry: { kind: 'cancelAward', project: { kind: 'capacityApplication', id: r.a.id } },
      note: `评估结果公示期间的异议经核查成立，撤销资助（${clauseOf(r.parameters as ProgrammeParameters, 'evaluation')}）`,
    });
  }
  const now = new Date();
  for (const r of decided) {
    if (!r.event) {
      out.held += 1;
      continue;
    }
    const outcome = r.event === 'approve' ? 'cleared' : 'upheld';
    await tx
      .update(capacityEvaluations)
      .set({ noticeOutcome: outcome, rowVersion: sql`${capacityEvaluations.rowVersion} + 1` })
      .where(eq(capacityEvaluations.id, r.e.id));
    await appendAudit(tx, who, {
      action: r.event === 'approve' ? 'capacityEvaluation.clear' : 'capacityEvaluation.uphold',
      entityType: 'capacity_evaluation',
      entityId: r.e.id,
      orgId: r.a.societyId,
      orgPath: r.a.societyPath,
      before: { noticeOutcome: null },
      after: { noticeOutcome: outcome, applicationId: r.a.id },
    });
    if (r.event === 'approve') {
      await openTodo(tx, {
        kind: DISBURSE_TODO,
        title: `拨付项目资金：${r.societyName}“${r.a.title}”`,
        link: evaluationLink(r.a.id),
        entityType: 'capacity_application',
        entityId: r.a.id,
        assigneeOrgId: r.a.associationId,
        permission: 'fund.manage',
        dueAt: addDays(now, (r.parameters as ProgrammeParameters).selectionDays.review),
      });
      await notifyOrg(tx, r.a.societyId, { permission: 'capacityApplication.submit' }, {
        title: '评估结果公示期满无异议',
        body: `“${r.a.title}”经评估结果公示无异议，科协将下达项目资金。`,
        link: evaluationLink(r.a.id),
        entityType: 'capacity_application',
        entityId: r.a.id,
      });
      out.approved += 1;
    } else {
      const to = applyEvent(applicationLifecycle, r.a.status, 'failEvaluation');
      await tx.update(capacityApplications).set({ status: to, updatedAt: now, rowVersion: sql`${capacityApplications.rowVersion} + 1` }).where(eq(capacityApplications.id, r.a.id));
      await appendAudit(tx, who, {
        action: 'capacityApplication.failEvaluation',
        entityType: 'capacity_application',
        entityId: r.a.id,
        orgId: r.a.societyId,
        orgPath: r.a.societyPath,
        before: { status: r.a.status },
        after: { status: to },
        reason: `评估结果公示“${notice.title}”期间的异议经核查成立`,
      });
      await notifyOrg(tx, r.a.societyId, { permission: 'capacityApplication.submit' }, {
        title: '评估结果公示异议成立，不予拨付',
        body: `“${r.a.title}”：评估结果公示“${notice.title}”期间的异议经核查成立，项目资助撤销。依据：${clauseOf(r.parameters as ProgrammeParameters, 'evaluation')}`,
        link: evaluationLink(r.a.id),
        entityType: 'capacity_application',
        entityId: r.a.id,
      });
      out.upheld += 1;
    }
  }
  return out;
}
