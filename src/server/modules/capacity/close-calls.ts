// CAP-1 (issue 13): a published yearly call closes by itself once its closing day (closesOn, a
// China calendar day) has ended — what the association's 截止 does by hand (calls.ts changeCall
// 'close'), done by the periodic job runner (platform/jobs.ts) as the system: the status becomes
// closed, closedAt is set (closedBy stays empty: no person closed it), the societies' 申报 to-dos are
// done, the version moves on (a stale change by hand is then refused as 409), the association is told,
// and one audit row per call names the system (no actor) and the job.
//
// Exactly once across processes: the calls are claimed with one UPDATE … RETURNING whose rows are
// chosen FOR UPDATE SKIP LOCKED — a second process running at the same moment skips what the first
// holds and, once the first has committed, no longer finds those calls published. A call held by a
// change by hand (calls.ts locks the programme, then the call) is skipped this tick: that change
// either closes it or leaves it to the next tick. The job locks no programme, so it cannot deadlock
// with those changes.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import type { Job } from '../../platform/jobs.js';
import { appendAudit, whoFromActor } from '../../platform/audit.js';
import { closeTodos } from '../../platform/todos.js';
import { notifyOrg } from '../../platform/notify.js';
import { chinaToday } from '../../../domain/calendar-day.js';
import { CALL_APPLY_TODO, callLink } from './calls.js';

export interface ClosedCall {
  id: string;
  title: string;
  closesOn: string;
  rowVersion: number;
}

/**
 * Closes every published call whose closing day ended before `now` (China time: the day of `now` is
 * later than closesOn; a call closing today stays open until the day is over). Returns the calls
 * this run closed — none that another run or a person closed.
 */
export async function closeDueCalls(db: Db, now: Date = new Date()): Promise<ClosedCall[]> {
  const today = chinaToday(now);
  return db.transaction(async (tx) => {
    const res = (await tx.execute(sql`
      UPDATE capacity_calls AS c
         SET status = 'closed', closed_at = now(), closed_by = NULL, updated_at = now(), row_version = c.row_version + 1
       WHERE c.status = 'published'
         AND c.id IN (
           SELECT d.id FROM capacity_calls AS d
            WHERE d.status = 'published' AND d.closes_on < ${today}
            ORDER BY d.id
            FOR UPDATE SKIP LOCKED)
      RETURNING c.id, c.title, c.closes_on, c.association_id, c.association_path, c.row_version`)) as unknown as {
      rows: { id: string; title: string; closes_on: string; association_id: string; association_path: string; row_version: number }[];
    };
    const who = whoFromActor(null, { ip: null, requestId: 'job:close-capacity-calls' });
    const closed: ClosedCall[] = [];
    for (const r of res.rows) {
      const link = callLink(r.id);
      await closeTodos(tx, { entityType: 'capacity_call', entityId: r.id, kind: CALL_APPLY_TODO }, null);
      await notifyOrg(tx, r.association_id, { permission: 'capacityCall.manage' }, {
        title: '申报通知已到期截止',
        body: `“${r.title}”的申报截止日期 ${r.closes_on} 已过，系统已截止受理申报。`,
        link,
        entityType: 'capacity_call',
        entityId: r.id,
      });
      await appendAudit(tx, who, {
        action: 'capacityCall.autoClose',
        entityType: 'capacity_call',
        entityId: r.id,
        orgId: r.association_id,
        orgPath: r.association_path,
        before: { status: 'published' },
        after: { status: 'closed', closesOn: r.closes_on },
      });
      closed.push({ id: r.id, title: r.title, closesOn: r.closes_on, rowVersion: Number(r.row_version) });
    }
    return closed;
  });
}

/** The periodic job (platform/jobs.ts, registered in main.ts): safe to run in several processes at once. */
export function closeDueCallsJob(db: Db): Job {
  return {
    name: 'close-capacity-calls',
    run: async (now) => ({ closed: (await closeDueCalls(db, now)).length }),
  };
}
