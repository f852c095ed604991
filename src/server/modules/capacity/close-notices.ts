// CAP-5 (issue 13 step 5): a public notice closes by itself once its last day (endsOn, a China
// calendar day) has ended — done by the periodic job runner (platform/jobs.ts) as the system: the
// status becomes closed, closedAt is set, the version moves on, the association is told, one audit
// row per notice names no actor; then each result on it is settled (notices.ts settleResults): an
// upheld objection → objectionUpheld, a pending one → it stays selected until handled, none →
// approved, each audited and its society told. An evaluation notice (CAP-6) settles its evaluations by
// the same rule (evaluation-settle.ts): none upheld → cleared (the association's to-do: 拨付资金), an
// upheld objection → the evaluation fails and the award is cancelled in the ledger, pending → waits.
// The notices' applications and, for evaluation notices, the fund accounts are locked before the first
// audit row (lockForSettlement: the ledger's lock order).
//
// Exactly once across processes, as close-calls.ts: the notices are claimed with one UPDATE …
// RETURNING whose rows are chosen FOR UPDATE SKIP LOCKED — a second process running at the same
// moment skips what the first holds and, once the first has committed, no longer finds them open.
// A notice held by an objection being filed or handled (both lock it first) is skipped this tick:
// that change commits first and the next tick closes the notice, seeing its outcome.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import type { Job } from '../../platform/jobs.js';
import { appendAudit, whoFromActor } from '../../platform/audit.js';
import { notifyOrg } from '../../platform/notify.js';
import { chinaToday } from '../../../domain/calendar-day.js';
import { noticeLink, settleResults, type Settled } from './notices.js';
import { lockForSettlement } from './evaluation-settle.js';

export interface ClosedNotice extends Settled {
  id: string;
  title: string;
  endsOn: string;
  rowVersion: number;
}

/**
 * Closes every open notice whose last day ended before `now` (China time: a notice ending today is
 * open until the day is over) and settles its results. Returns the notices this run closed — none
 * that another run closed.
 */
export async function closeDueNotices(db: Db, now: Date = new Date()): Promise<ClosedNotice[]> {
  const today = chinaToday(now);
  return db.transaction(async (tx) => {
    const res = (await tx.execute(sql`
      UPDATE capacity_notices AS n
         SET status = 'closed', closed_at = now(), row_version = n.row_version + 1
       WHERE n.status = 'open'
         AND n.id IN (
           SELECT d.id FROM capacity_notices AS d
            WHERE d.status = 'open' AND d.ends_on < ${today}
            ORDER BY d.id
            FOR UPDATE SKIP LOCKED)
      RETURNING n.id, n.kind, n.call_id, n.title, n.ends_on, n.application_ids, n.association_id, n.association_path, n.row_version`)) as unknown as {
      rows: { id: string; kind: string; call_id: string; title: string; ends_on: string; application_ids: string[] | string; association_id: string; association_path: string; row_version: number }[];
    };
    const who = whoFromActor(null, { ip: null, requestId: 'job:close-capacity-notices' });
    const closed: ClosedNotice[] = [];
    const claimed = res.rows.sort((a, b) => a.id.localeCompare(b.id)).map((r) => ({ ...r, applicationIds: (typeof r.application_ids === 'string' ? JSON.parse(r.application_ids) : r.application_ids) as string[] }));
    await lockForSettlement(tx, claimed.map((r) => ({ kind: r.kind, callId: r.call_id, applicationIds: r.applicationIds })));
    for (const r of claimed) {
      const applicationIds = r.applicationIds;
      await appendAudit(tx, who, {
        action: 'capacityNotice.autoClose',
        entityType: 'capacity_notice',
        entityId: r.id,
        orgId: r.association_id,
        orgPath: r.association_path,
        before: { status: 'open' },
        after: { status: 'closed', endsOn: r.ends_on },
      });
      const settled = await settleResults(tx, { id: r.id, kind: r.kind, title: r.title }, applicationIds, who);
      await notifyOrg(tx, r.association_id, { permission: 'capacityApplication.review' }, {
        title: '公示期满，公示已结束',
        body: `“${r.title}”公示至 ${r.ends_on}，已结束：${
          r.kind === 'evaluation' ? `${settled.approved} 个项目无异议可拨付资金，${settled.upheld} 个项目异议成立不予拨付` : `${settled.approved} 个项目无异议确定资助，${settled.upheld} 个项目异议成立不予资助`
        }${settled.held ? `，${settled.held} 个项目的异议尚待处理` : ''}。`,
        link: noticeLink(r.id),
        entityType: 'capacity_notice',
        entityId: r.id,
      });
      closed.push({ id: r.id, title: r.title, endsOn: r.ends_on, rowVersion: Number(r.row_version), ...settled });
    }
    return closed;
  });
}

/** The periodic job (platform/jobs.ts, registered in main.ts): safe to run in several processes at once. */
export function closeDueNoticesJob(db: Db): Job {
  return {
    name: 'close-capacity-notices',
    run: async (now) => ({ closed: (await closeDueNotices(db, now)).length }),
  };
}
