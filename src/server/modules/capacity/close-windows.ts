// FND-4 (issue 13 step 8, 办法 第十四条): a funded project's execution window — from the budget's
// approval, frozen on its signed responsibility letter (capacity_letters.window_ends_on) — ends; what
// the project has not spent of the special fund is then to be refunded in part or whole. The periodic
// job runner (platform/jobs.ts) flags, as the system, every application still carried out
// (domain implementingStates) whose window's last day is before today (China day: a window ending
// today is open until the day is over) and that is not flagged yet: window_flagged_at, and
// window_unspent_fen = what was not spent (domain/capacity/closing.ts unspentFen: disbursed −
// refunded − recovered − spent once paid, else award − spent, never below 0). With money unspent,
// the society gets a to-do (退还未使用的专项资金, due in the programme's selectionDays.declare days: no
// parameter names a refund's term) and the association a notification; one audit row per
// application names no actor. An accepted project is flagged too (what it did not spend still goes
// back); the society's to-do only when it holds paid-out money — an award not yet paid is the
// association's to settle, which the notification tells it.
//
// Exactly once across processes, as close-calls.ts: the applications are claimed with one UPDATE …
// RETURNING whose rows are chosen FOR UPDATE SKIP LOCKED — a second process running at the same
// moment skips what the first holds and, once the first has committed, finds them flagged. An
// application held by a change (an expense, a refund — they lock the application first) is skipped
// this tick and flagged at the next. The unspent amount is read in a statement after the claim, so it
// sees everything committed before the row was locked (the claim's own snapshot may be older).
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { capacityApplications, capacityExpenses, capacityLetters, fundProjectBalances, programmes } from '../../db/schema.js';
import type { Job } from '../../platform/jobs.js';
import { appendAudit, whoFromActor } from '../../platform/audit.js';
import { openTodo } from '../../platform/todos.js';
import { notifyOrg } from '../../platform/notify.js';
import { chinaToday } from '../../../domain/calendar-day.js';
import { addDays } from '../../platform/transition.js';
import type { ProgrammeParameters } from '../../../domain/programme/programme.types.js';
import { formatYuan } from '../../../domain/money.js';
import { implementingStates, type ApplicationState } from '../../../domain/capacity/application.js';
import { unspentFen } from '../../../domain/capacity/closing.js';
import { REFUND_TODO, closingLink } from './closing.js';

/** Still carried out, or accepted with the window still running: what is unspent at its end goes back all the same. */
const windowStates: readonly ApplicationState[] = [...implementingStates, 'accepted'];

export interface FlaggedWindow {
  id: string;
  title: string;
  windowEndsOn: string;
  unspentFen: number;
}

/**
 * Flags every implementing application whose execution window ended before `now`'s China day.
 * Returns the applications this run flagged — none another run or an earlier tick flagged.
 */
export async function flagEndedWindows(db: Db, now: Date = new Date()): Promise<FlaggedWindow[]> {
  const today = chinaToday(now);
  return db.transaction(async (tx) => {
    const states = sql.join(windowStates.map((s) => sql`${s}`), sql`, `);
    const claimed = (await tx.execute(sql`
      UPDATE capacity_applications AS a
         SET window_flagged_at = now(), updated_at = now(), row_version = a.row_version + 1
       WHERE a.window_flagged_at IS NULL
         AND a.id IN (
           SELECT d.id FROM capacity_applications AS d
             JOIN capacity_letters AS l ON l.application_id = d.id AND l.status = 'signed'
            WHERE d.window_flagged_at IS NULL AND d.status IN (${states}) AND l.window_ends_on < ${today}
            ORDER BY d.id
            FOR UPDATE OF d SKIP LOCKED)
      RETURNING a.id`)) as unknown as { rows: { id: string }[] };
    const ids = claimed.rows.map((r) => r.id).sort();
    if (!ids.length) return [];
    // a new statement: the project's sums as committed before the claim locked its row
    const rows = await tx
      .select({
        a: capacityApplications,
        windowEndsOn: capacityLetters.windowEndsOn,
        letterAwardFen: capacityLetters.awardFen,
        b: fundProjectBalances,
        programmeName: programmes.name,
        parameters: programmes.parameters,
      })
      .from(capacityApplications)
      .innerJoin(capacityLetters, eq(capacityLetters.applicationId, capacityApplications.id))
      .innerJoin(programmes, eq(programmes.id, capacityApplications.programmeId))
      .leftJoin(fundProjectBalances, and(eq(fundProjectBalances.projectKind, 'capacityApplication'), eq(fundProjectBalances.projectId, capacityApplications.id)))
      .where(inArray(capacityApplications.id, ids))
      .orderBy(capacityApplications.id);
    const who = whoFromActor(null, { ip: null, requestId: 'job:flag-capacity-windows' });
    const flagged: FlaggedWindow[] = [];
    for (const { a, windowEndsOn, letterAwardFen, b, programmeName, parameters } of rows) {
      let unspent: number;
      if (b) unspent = unspentFen({ awardFen: b.awardFen, cancelled: b.cancelled, disbursedFen: b.disbursedFen, spentFen: b.spentFen, refundedFen: b.refundedFen, recoveredFen: b.recoveredFen });
      else {
        // no award in the ledger (not expected once the letter is signed): the letter's award less what was filed
        const [s] = await tx
          .select({ n: sql<number>`coalesce(sum(${capacityExpenses.amountFen}), 0)::bigint`.mapWith(Number) })
          .from(capacityExpenses)
          .where(eq(capacityExpenses.applicationId, a.id));
        unspent = unspentFen({ awardFen: letterAwardFen, cancelled: false, disbursedFen: 0, spentFen: s.n, refundedFen: 0, recoveredFen: 0 });
      }
      await tx.update(capacityApplications).set({ windowUnspentFen: unspent }).where(eq(capacityApplications.id, a.id));
      const ends = windowEndsOn ?? '';
      const link = closingLink(a.id);
      // the society refunds only what it holds; money never paid out is the association's to settle (disburse less, or cancel)
      const holds = b ? b.disbursedFen - b.refundedFen - b.recoveredFen > 0 : false;
      if (unspent > 0) {
        if (holds) {
          await openTodo(tx, {
            kind: REFUND_TODO,
            title: `退还未使用的专项资金：${a.title}（${formatYuan(unspent)}）`,
            link,
            entityType: 'capacity_application',
            entityId: a.id,
            assigneeOrgId: a.societyId,
            permission: 'capacityApplication.submit',
            // no parameter names a refund's term: the society's own step of the programme's deadlines
            // (selectionDays.declare, as for revising a returned application), counted from the flagging
            dueAt: addDays(now, (parameters as ProgrammeParameters).selectionDays.declare),
          });
        }
        await notifyOrg(tx, a.associationId, { permission: 'fund.manage' }, {
          title: '项目执行期满，尚有未使用的专项资金',
          body: holds
            ? `“${a.title}”（${programmeName}）的执行期限已于 ${ends} 届满，未使用的专项资金 ${formatYuan(unspent)}，应部分或全部退还。`
            : `“${a.title}”（${programmeName}）的执行期限已于 ${ends} 届满，资金尚未拨付，未使用的资助 ${formatYuan(unspent)}：请按实际支出拨付或撤销。`,
          link,
          entityType: 'capacity_application',
          entityId: a.id,
        });
      }
      await appendAudit(tx, who, {
        action: 'capacityApplication.windowFlag',
        entityType: 'capacity_application',
        entityId: a.id,
        orgId: a.societyId,
        orgPath: a.societyPath,
        after: { windowEndsOn: ends, unspentFen: unspent },
      });
      flagged.push({ id: a.id, title: a.title, windowEndsOn: ends, unspentFen: unspent });
    }
    return flagged;
  });
}

/** The periodic job (platform/jobs.ts, registered in main.ts): safe to run in several processes at once. */
export function flagEndedWindowsJob(db: Db): Job {
  return {
    name: 'flag-capacity-windows',
    run: async (now) => ({ flagged: (await flagEndedWindows(db, now)).length }),
  };
}
