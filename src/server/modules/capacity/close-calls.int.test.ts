// CAP-1 (issue 13): a published call closes by itself once its closing day has ended
// (close-calls.ts), on both drivers, with the demo's 济南市科协 and its preset-003 programme
// (co-managed by 济南市财政局). The calls are made through HTTP as calls.int.test.ts makes them; a
// closing day in the past (the API refuses one) is written with SQL after publishing. On PostgreSQL
// the job runs in two connection pools at the same moment, as two processes would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type SQL } from 'drizzle-orm';
import { SEED_YEAR, as, createTestContext, scalar, TestClient, type TestContext } from '../../testing/harness.js';
import { openDatabase, type Database } from '../../db/client.js';
import { addDays } from '../../platform/transition.js';
import { chinaDayOf, chinaToday, endOfChinaDay } from '../../../domain/calendar-day.js';
import { closeDueCalls, closeDueCallsJob, type ClosedCall } from './close-calls.js';

let ctx: TestContext;
let jinan: TestClient;
let jncz: TestClient;
let anon: TestClient;
let programmeId: string;
let reached: number;

const today = chinaToday();
const inDays = (n: number) => chinaDayOf(addDays(new Date(), n));
const n = (q: SQL) => scalar(ctx.database.db, q);

async function publishedCall(year: number): Promise<{ id: string; rowVersion: number; closesOn: string }> {
  const closesOn = inDays(30);
  const created = await jinan.post(`/api/v1/programmes/${programmeId}/capacity-calls`, {
    year,
    title: `关于申报${year}年度学会服务能力提升计划项目的通知`,
    description: '各市级学会：现将项目申报工作通知如下。',
    budgetFen: 50_000_000,
    fundCode: 'capacity_special_fund',
    opensOn: today,
    closesOn,
    types: [{ code: 'academic_exchange', quota: 5, awardFen: 3_000_000 }],
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.id as string;
  const sent = await jinan.post(`/api/v1/capacity-calls/${id}/submit`, { rowVersion: created.body.rowVersion });
  expect(sent.status, JSON.stringify(sent.body)).toBe(200);
  const ok = await jncz.post(`/api/v1/capacity-calls/${id}/confirm`, { rowVersion: sent.body.rowVersion });
  expect(ok.status, JSON.stringify(ok.body)).toBe(200);
  const pub = await jinan.post(`/api/v1/capacity-calls/${id}/publish`, { rowVersion: ok.body.rowVersion });
  expect(pub.status, JSON.stringify(pub.body)).toBe(200);
  return { id, rowVersion: pub.body.rowVersion, closesOn };
}

/** Moves a published call's period into the past (the API forbids a closing day before today). */
async function closingDayPassed(id: string, daysAgo = 1): Promise<string> {
  const closesOn = inDays(-daysAgo);
  await ctx.database.db.execute(sql`UPDATE capacity_calls SET opens_on = ${inDays(-daysAgo - 30)}, closes_on = ${closesOn} WHERE id = ${id}`);
  return closesOn;
}

const callRow = async (id: string) =>
  ((await ctx.database.db.execute(sql`SELECT status, closed_at, closed_by, row_version FROM capacity_calls WHERE id = ${id}`)) as unknown as {
    rows: { status: string; closed_at: unknown; closed_by: string | null; row_version: number }[];
  }).rows[0];
const openApplyTodos = (id: string) => n(sql`SELECT count(*)::int AS n FROM todos WHERE entity_id = ${id} AND kind = 'capacityCall.apply' AND status = 'open'`);
const closings = (id: string) => n(sql`SELECT count(*)::int AS n FROM audit_log WHERE entity_type = 'capacity_call' AND entity_id = ${id} AND action IN ('capacityCall.close', 'capacityCall.autoClose')`);
const mine = (runs: ClosedCall[][], ids: string[]) => runs.flat().filter((c) => ids.includes(c.id)).map((c) => c.id);

beforeAll(async () => {
  ctx = await createTestContext();
  [jinan, jncz] = await Promise.all(['jinan.admin', 'jncz.user'].map((u) => as(ctx.app, u)));
  anon = new TestClient(ctx.app);
  programmeId = ctx.ids.programmes.jinan;
  const prog = await jinan.get(`/api/v1/programmes/${programmeId}`);
  if (prog.body.status !== 'published') {
    const pub = await jinan.post(`/api/v1/programmes/${programmeId}/publish`, { version: prog.body.version, confirmPastStages: true });
    expect(pub.status, JSON.stringify(pub.body)).toBe(200);
  }
  reached = await n(sql`SELECT count(*)::int AS n FROM organisations WHERE type = 'society' AND is_active AND parent_id = ${ctx.ids.jinan}`);
  expect(reached).toBeGreaterThanOrEqual(3);
}, 180_000);
afterAll(async () => ctx?.close());

describe('the call closes by itself at the end of its closing day (CAP-1)', () => {
  let due: { id: string; rowVersion: number };
  let later: { id: string; rowVersion: number; closesOn: string };

  it('closes a call whose closing day is past — status, time, to-dos, version, notice, one audit row by the system — and leaves one not yet due', async () => {
    due = await publishedCall(SEED_YEAR);
    later = await publishedCall(SEED_YEAR + 1);
    const closesOn = await closingDayPassed(due.id);
    expect(await openApplyTodos(due.id)).toBe(reached);

    const closed = await closeDueCalls(ctx.database.db, new Date());
    expect(closed.filter((c) => [due.id, later.id].includes(c.id))).toEqual([{ id: due.id, title: `关于申报${SEED_YEAR}年度学会服务能力提升计划项目的通知`, closesOn, rowVersion: due.rowVersion + 1 }]);

    const row = await callRow(due.id);
    expect(row).toMatchObject({ status: 'closed', closed_by: null, row_version: due.rowVersion + 1 });
    expect(row.closed_at).not.toBeNull();
    expect(await openApplyTodos(due.id)).toBe(0);
    expect(await n(sql`SELECT count(*)::int AS n FROM todos WHERE entity_id = ${due.id} AND kind = 'capacityCall.apply' AND status = 'done' AND completed_at IS NOT NULL AND completed_by IS NULL`)).toBe(reached);
    // the one not yet due is untouched
    expect(await callRow(later.id)).toMatchObject({ status: 'published', closed_at: null, row_version: later.rowVersion });
    expect(await openApplyTodos(later.id)).toBe(reached);

    const audit = (await ctx.database.db.execute(
      sql`SELECT action, actor_user_id, actor_name, request_id, before, after FROM audit_log WHERE entity_type = 'capacity_call' AND entity_id = ${due.id} AND action = 'capacityCall.autoClose'`,
    )) as unknown as { rows: Record<string, unknown>[] };
    expect(audit.rows).toEqual([{ action: 'capacityCall.autoClose', actor_user_id: null, actor_name: null, request_id: 'job:close-capacity-calls', before: { status: 'published' }, after: { status: 'closed', closesOn } }]);

    // what the users see: the association told and its call closed with no action left; the portal says 已截止
    const notes = await jinan.get('/api/v1/notifications');
    expect(notes.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ title: '申报通知已到期截止', link: `/app/capacity-calls/${due.id}` })]));
    expect((await jinan.get(`/api/v1/capacity-calls/${due.id}`)).body).toMatchObject({ status: 'closed', rowVersion: due.rowVersion + 1, actions: [] });
    expect((await anon.get(`/api/v1/public/capacity-calls/${due.id}`)).body).toMatchObject({ status: 'closed', statusLabel: '已截止' });
    // a close by hand with the version read before the job is stale; with the new one the call is already closed
    const stale = await jinan.post(`/api/v1/capacity-calls/${due.id}/close`, { rowVersion: due.rowVersion });
    expect([stale.status, stale.body.code]).toEqual([409, 'CONFLICT']);
    const again = await jinan.post(`/api/v1/capacity-calls/${due.id}/close`, { rowVersion: due.rowVersion + 1 });
    expect([again.status, again.body.code]).toEqual([409, 'INVALID_STATE']);
  }, 120_000);

  it('running the job again closes nothing more: one audit row, one notice, the version unchanged', async () => {
    const job = closeDueCallsJob(ctx.database.db);
    expect(job.name).toBe('close-capacity-calls');
    expect(await job.run(new Date())).toEqual({ closed: 0 });
    expect(await job.run(new Date())).toEqual({ closed: 0 });
    expect(await closings(due.id)).toBe(1);
    expect(await n(sql`SELECT count(DISTINCT recipient_user_id)::int AS n FROM notifications WHERE entity_id = ${due.id} AND title = '申报通知已到期截止'`)).toBe(
      await n(sql`SELECT count(*)::int AS n FROM notifications WHERE entity_id = ${due.id} AND title = '申报通知已到期截止'`),
    );
    expect((await callRow(due.id)).row_version).toBe(due.rowVersion + 1);
    expect((await callRow(later.id)).status).toBe('published');
  });

  it('keeps a call open through its whole closing day (China time) and closes it the moment the day ends', async () => {
    const lastSecond = endOfChinaDay(later.closesOn); // 23:59:59 in Beijing
    expect(mine([await closeDueCalls(ctx.database.db, lastSecond)], [later.id])).toEqual([]);
    expect((await callRow(later.id)).status).toBe('published');
    const nextDay = new Date(lastSecond.getTime() + 1000); // 00:00:00 the next day
    expect(mine([await closeDueCalls(ctx.database.db, nextDay)], [later.id])).toEqual([later.id]);
    expect((await callRow(later.id)).status).toBe('closed');
    expect(await openApplyTodos(later.id)).toBe(0);
    expect(await closings(later.id)).toBe(1);
  });

  it('closes each due call exactly once when two processes run the job at the same moment', async () => {
    const ids: string[] = [];
    for (const year of [SEED_YEAR + 2, SEED_YEAR + 3, SEED_YEAR + 4]) {
      const c = await publishedCall(year);
      await closingDayPassed(c.id, year - SEED_YEAR);
      ids.push(c.id);
    }
    // Two processes: on PostgreSQL two separate connection pools to the same database; on PGlite
    // (one process by construction) two concurrent calls on its one connection.
    let second: Database | null = null;
    let third: Database | null = null;
    if (ctx.driver === 'postgres') {
      const [{ name }] = ((await ctx.database.db.execute(sql`SELECT current_database() AS name`)) as unknown as { rows: { name: string }[] }).rows;
      const url = new URL(process.env.TEST_DATABASE_URL!);
      url.pathname = `/${name}`;
      second = await openDatabase({ url: url.toString(), poolSize: 2 });
      third = await openDatabase({ url: url.toString(), poolSize: 2 });
    }
    try {
      const dbs = second && third ? [second.db, third.db] : [ctx.database.db, ctx.database.db];
      const runs: ClosedCall[][] = [];
      for (let round = 0; round < 3; round++) runs.push(...(await Promise.all(dbs.map((db) => closeDueCalls(db, new Date())))));
      const claimed = mine(runs, ids);
      expect(claimed.sort()).toEqual([...ids].sort());
    } finally {
      await second?.close();
      await third?.close();
    }
    for (const id of ids) {
      expect(await callRow(id)).toMatchObject({ status: 'closed', closed_by: null });
      expect(await closings(id)).toBe(1);
      expect(await openApplyTodos(id)).toBe(0);
      expect(await n(sql`SELECT count(*)::int AS n FROM notifications WHERE entity_id = ${id} AND title = '申报通知已到期截止'`)).toBe(
        await n(sql`SELECT count(DISTINCT recipient_user_id)::int AS n FROM notifications WHERE entity_id = ${id} AND title = '申报通知已到期截止'`),
      );
    }
  }, 180_000);

  it('races a close by hand: exactly one of the two closes the call', async () => {
    const c = await publishedCall(SEED_YEAR + 5);
    await closingDayPassed(c.id);
    const [byHand, byJob] = await Promise.all([jinan.post(`/api/v1/capacity-calls/${c.id}/close`, { rowVersion: c.rowVersion }), closeDueCalls(ctx.database.db, new Date())]);
    const jobClosed = mine([byJob], [c.id]).length;
    // either the association closed it (and the job found nothing) or the job did (and the hand's version is stale)
    if (byHand.status === 200) expect(jobClosed).toBe(0);
    else expect([byHand.status, byHand.body.code, jobClosed]).toEqual([409, 'CONFLICT', 1]);
    // a job that ran while the hand held the call skipped it; the next run finds it closed either way
    expect(mine([await closeDueCalls(ctx.database.db, new Date())], [c.id])).toEqual([]);
    expect(await closings(c.id)).toBe(1);
    expect((await callRow(c.id)).status).toBe('closed');
    expect(await openApplyTodos(c.id)).toBe(0);
  }, 120_000);
});
