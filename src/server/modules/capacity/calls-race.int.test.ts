// CAP-1 (issue 13): racing decisions on the yearly call — exactly one wins, the other is a 409 —
// with requests really concurrent: PostgreSQL only (TEST_DATABASE_URL), where the app's pool gives
// each request its own connection and the database, not the event loop, decides the order. On the
// embedded PGlite (one connection) the requests would only take turns, so the file is skipped there.
// Two sessions of the same association (two browsers) create a call for the same programme and year
// at once, and publish the same call with the same version at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type SQL } from 'drizzle-orm';
import { SEED_YEAR, as, createTestContext, scalar, type TestClient, type TestContext } from '../../testing/harness.js';
import { addDays } from '../../platform/transition.js';
import { chinaDayOf, chinaToday } from '../../../domain/calendar-day.js';

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

let ctx: TestContext;
let jinanA: TestClient;
let jinanB: TestClient;
let jncz: TestClient;
let programmeId: string;

const callFor = (year: number) => ({
  year,
  title: `关于申报${year}年度学会服务能力提升计划项目的通知`,
  description: '各市级学会：现将项目申报工作通知如下。',
  budgetFen: 50_000_000,
  fundCode: 'capacity_special_fund',
  opensOn: chinaToday(),
  closesOn: chinaDayOf(addDays(new Date(), 30)),
  types: [{ code: 'academic_exchange', quota: 5, awardFen: 3_000_000 }],
});
const n = (q: SQL) => scalar(ctx.database.db, q);

describe.skipIf(!onPostgres)('racing changes of a yearly call on PostgreSQL (CAP-1)', () => {
  beforeAll(async () => {
    ctx = await createTestContext();
    expect(ctx.driver).toBe('postgres');
    [jinanA, jinanB, jncz] = await Promise.all(['jinan.admin', 'jinan.admin', 'jncz.user'].map((u) => as(ctx.app, u)));
    programmeId = ctx.ids.programmes.jinan;
    // the demo's societies under 济南市科协 have no users yet: one, so that publishing has someone to notify
    const res = (await ctx.database.db.execute(sql`SELECT id FROM organisations WHERE name = '济南市机械工程学会'`)) as unknown as { rows: { id: string }[] };
    const u = await jinanA.post('/api/v1/users', { orgId: res.rows[0].id, username: 'jnjixie.user', displayName: '济南机械学会秘书', password: 'Chengjie@2026', roles: ['society_admin'] });
    expect(u.status, JSON.stringify(u.body)).toBe(201);
    const prog = await jinanA.get(`/api/v1/programmes/${programmeId}`);
    if (prog.body.status !== 'published') {
      const pub = await jinanA.post(`/api/v1/programmes/${programmeId}/publish`, { version: prog.body.version, confirmPastStages: true });
      expect(pub.status, JSON.stringify(pub.body)).toBe(200);
    }
  }, 180_000);
  afterAll(async () => ctx?.close());

  it('two creations for the same programme and year at once: one 201, one 409 DUPLICATE, one row', async () => {
    // a few years, each raced by the two sessions, so that the interleavings vary
    for (const year of [SEED_YEAR, SEED_YEAR + 1, SEED_YEAR + 2]) {
      const answers = await Promise.all([jinanA, jinanB].map((c) => c.post(`/api/v1/programmes/${programmeId}/capacity-calls`, callFor(year))));
      expect(answers.map((a) => a.status).sort(), JSON.stringify(answers.map((a) => a.body))).toEqual([201, 409]);
      const lost = answers.find((a) => a.status === 409)!;
      expect(lost.body).toMatchObject({ code: 'DUPLICATE', detail: `本方案 ${year} 年度的申报通知已存在，每个年度只发布一份申报通知` });
      const won = answers.find((a) => a.status === 201)!;
      expect(await n(sql`SELECT count(*)::int AS n FROM capacity_calls WHERE programme_id = ${programmeId} AND year = ${year}`)).toBe(1);
      expect(await n(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'capacityCall.create' AND entity_id = ${won.body.id}`)).toBe(1);
      expect(await n(sql`SELECT count(*)::int AS n FROM audit_log a JOIN capacity_calls c ON c.id::text = a.entity_id WHERE a.action = 'capacityCall.create' AND c.programme_id = ${programmeId} AND c.year = ${year}`)).toBe(1);
    }
  }, 120_000);

  it('two publications of the same call with the same version at once: one 200, one 409, one set of to-dos and notices', async () => {
    const year = SEED_YEAR + 3;
    const created = await jinanA.post(`/api/v1/programmes/${programmeId}/capacity-calls`, callFor(year));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    const sent = await jinanA.post(`/api/v1/capacity-calls/${id}/submit`, { rowVersion: created.body.rowVersion });
    const ok = await jncz.post(`/api/v1/capacity-calls/${id}/confirm`, { rowVersion: sent.body.rowVersion });
    expect(ok.body.status).toBe('confirmed');
    const v = ok.body.rowVersion as number;

    const answers = await Promise.all([jinanA, jinanB].map((c) => c.post(`/api/v1/capacity-calls/${id}/publish`, { rowVersion: v })));
    expect(answers.map((a) => a.status).sort(), JSON.stringify(answers.map((a) => a.body))).toEqual([200, 409]);
    expect(answers.find((a) => a.status === 200)!.body).toMatchObject({ status: 'published', rowVersion: v + 1 });
    expect(answers.find((a) => a.status === 409)!.body).toMatchObject({ code: 'CONFLICT', currentVersion: v + 1 });

    const reached = await n(sql`SELECT count(*)::int AS n FROM organisations WHERE type = 'society' AND is_active AND parent_id = ${ctx.ids.jinan}`);
    expect(reached).toBeGreaterThanOrEqual(3);
    // one to-do per society reached, not two
    expect(await n(sql`SELECT count(*)::int AS n FROM todos WHERE entity_id = ${id} AND kind = 'capacityCall.apply'`)).toBe(reached);
    expect(await n(sql`SELECT count(*)::int AS n FROM (SELECT assignee_org_id FROM todos WHERE entity_id = ${id} AND kind = 'capacityCall.apply' GROUP BY 1 HAVING count(*) > 1) x`)).toBe(0);
    // one notification per recipient, one publish in the audit log, the version moved once
    expect(await n(sql`SELECT count(*)::int AS n FROM (SELECT recipient_user_id FROM notifications WHERE entity_id = ${id} AND title LIKE '%发布申报通知' GROUP BY 1 HAVING count(*) > 1) x`)).toBe(0);
    expect(await n(sql`SELECT count(*)::int AS n FROM notifications n JOIN users u ON u.id = n.recipient_user_id WHERE n.entity_id = ${id} AND u.username = 'jnjixie.user'`)).toBe(1);
    expect(await n(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'capacityCall.publish' AND entity_id = ${id}`)).toBe(1);
    expect(await n(sql`SELECT row_version AS n FROM capacity_calls WHERE id = ${id}`)).toBe(v + 1);
  }, 120_000);
});
