// Issue 13 step 1 (CAP-1, PUB-1), through HTTP on both drivers, with the demo's 济南市科协 and its
// preset-003 programme (co-managed by 济南市财政局): a yearly call created, edited, returned and
// confirmed by the finance bureau, published (every society the programme reaches gets a to-do due on
// the closing day and a notification), shown on the portal, closed. Refusals change nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { SEED_YEAR, TestClient, as, createTestContext, scalar, type TestContext } from '../../testing/harness.js';
import { addDays } from '../../platform/transition.js';
import { chinaDayOf, chinaToday, endOfChinaDay } from '../../../domain/calendar-day.js';

let ctx: TestContext;
let jinan: TestClient;
let jncz: TestClient;
let sheng: TestClient;
let qingdao: TestClient;
let jixie: TestClient;
let anon: TestClient;
let member: TestClient; // a user of 济南市机械工程学会, a society of 济南市科协
let programmeId: string;

const today = chinaToday();
const closesOn = chinaDayOf(addDays(new Date(), 30));
const call = {
  year: SEED_YEAR,
  title: `关于申报${SEED_YEAR}年度学会服务能力提升计划项目的通知`,
  description: '各市级学会：根据年度专项资金预算，现将项目申报工作通知如下。',
  budgetFen: 50_000_000,
  fundCode: 'capacity_special_fund',
  opensOn: today,
  closesOn,
  types: [
    { code: 'demonstration_society', quota: 2, awardFen: 10_000_000 },
    { code: 'academic_exchange', quota: 5, awardFen: 3_000_000 },
  ],
  contact: '市科协学会部 0531-00000000',
};
const calls = () => scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM capacity_calls`);
async function orgId(name: string): Promise<string> {
  const res = (await ctx.database.db.execute(sql`SELECT id FROM organisations WHERE name = ${name}`)) as unknown as { rows: { id: string }[] };
  return res.rows[0].id;
}

beforeAll(async () => {
  ctx = await createTestContext();
  [jinan, jncz, sheng, qingdao, jixie] = await Promise.all(['jinan.admin', 'jncz.user', 'sheng.admin', 'qingdao.admin', 'jixie.user'].map((u) => as(ctx.app, u)));
  anon = new TestClient(ctx.app);
  programmeId = ctx.ids.programmes.jinan;
  const society = await orgId('济南市机械工程学会');
  const u = await jinan.post('/api/v1/users', { orgId: society, username: 'jnjixie.user', displayName: '济南机械学会秘书', password: 'Chengjie@2026', roles: ['society_admin'] });
  expect(u.status, JSON.stringify(u.body)).toBe(201);
  member = await as(ctx.app, 'jnjixie.user');
}, 180_000);
afterAll(async () => ctx?.close());

describe('the yearly call (CAP-1)', () => {
  let id: string;
  let v: number;

  it('refuses what breaks a rule, the wrong programme or the wrong caller, and writes nothing', async () => {
    const over = await jinan.post(`/api/v1/programmes/${programmeId}/capacity-calls`, { ...call, budgetFen: 34_999_999 });
    expect(over.status).toBe(400);
    expect(over.body.errors).toEqual([{ path: 'body.types', message: expect.stringContaining('各类型名额×资助标准合计 350,000.00 元 超过年度预算 349,999.99 元：奖励名额和资助标准应在年度专项资金预算内确定') }]);
    expect(over.body.detail).toContain('超过年度预算');

    const unknown = await jinan.post(`/api/v1/programmes/${programmeId}/capacity-calls`, { ...call, fundCode: 'no_fund', types: [{ code: 'no_type', quota: 1, awardFen: 100 }] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.types.0.code', 'body.fundCode']);
    expect(unknown.body.errors[0].message).toContain('不是本方案的项目类型');

    const order = await jinan.post(`/api/v1/programmes/${programmeId}/capacity-calls`, { ...call, opensOn: closesOn, closesOn: today });
    expect(order.status).toBe(400);
    expect(order.body.errors[0]).toMatchObject({ path: 'body.closesOn', message: expect.stringContaining('不能早于开始日期') });

    // a transfer programme (preset 001) has no calls
    const kind = await sheng.post(`/api/v1/programmes/${ctx.ids.programmes.shandong}/capacity-calls`, call);
    expect(kind.status).toBe(409);
    expect(kind.body.detail).toContain('只有学会服务能力提升计划才发布申报通知');

    // another association (its draft programme is out of its scope); a society; the finance bureau
    const other = await qingdao.post(`/api/v1/programmes/${programmeId}/capacity-calls`, call);
    expect([other.status, other.body.code]).toEqual([403, 'OUT_OF_SCOPE']);
    const soc = await jixie.post(`/api/v1/programmes/${programmeId}/capacity-calls`, call);
    expect([soc.status, soc.body.code]).toEqual([403, 'FORBIDDEN']);
    expect((await jncz.post(`/api/v1/programmes/${programmeId}/capacity-calls`, call)).status).toBe(403);
    expect((await anon.post(`/api/v1/programmes/${programmeId}/capacity-calls`, call)).status).toBe(401);
    expect(await calls()).toBe(0);
  });

  it('creates a draft (201 + Location), one per year, edited with its version', async () => {
    const created = await jinan.post(`/api/v1/programmes/${programmeId}/capacity-calls`, call);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    id = created.body.id;
    expect(created.headers.location).toBe(`/api/v1/capacity-calls/${id}`);
    expect(created.body).toMatchObject({
      status: 'draft',
      statusLabel: '草稿',
      coManagedByFinance: true,
      budgetFen: 50_000_000,
      totalAwardFen: 35_000_000,
      fundName: '益阳市科协学会服务能力提升计划专项资金',
      types: [{ code: 'demonstration_society', name: '综合示范学会', quota: 2, awardFen: 10_000_000 }, { code: 'academic_exchange', name: '学术交流项目', quota: 5, awardFen: 3_000_000 }],
      actions: ['edit'], // the programme is still a draft: nothing goes to the finance bureau yet
    });
    expect((await jinan.get(String(created.headers.location))).body).toMatchObject({ id, title: call.title });
    const list = await jinan.get(`/api/v1/programmes/${programmeId}/capacity-calls?count=exact`);
    expect(list.body).toMatchObject({ items: [{ id }], nextCursor: null, total: 1, actions: ['create'] });

    const dup = await jinan.post(`/api/v1/programmes/${programmeId}/capacity-calls`, call);
    expect([dup.status, dup.body.code]).toEqual([409, 'DUPLICATE']);

    v = created.body.rowVersion;
    const staleEdit = await jinan.put(`/api/v1/capacity-calls/${id}`, { ...call, title: '改过的标题', rowVersion: v + 1 });
    expect([staleEdit.status, staleEdit.body.code]).toEqual([409, 'CONFLICT']);
    const overEdit = await jinan.put(`/api/v1/capacity-calls/${id}`, { ...call, budgetFen: 1_000_000, rowVersion: v });
    expect(overEdit.status).toBe(400);
    const edited = await jinan.put(`/api/v1/capacity-calls/${id}`, { ...call, types: [...call.types, { code: 'social_service', quota: 3, awardFen: 3_000_000 }], rowVersion: v });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body).toMatchObject({ totalAwardFen: 44_000_000, rowVersion: v + 1 });
    v = edited.body.rowVersion;
    // the association above reads it but does not write it; the draft stays with the association
    expect((await sheng.put(`/api/v1/capacity-calls/${id}`, { ...call, rowVersion: v })).status).toBe(403);
    // the programme is a draft: only its association reads it (programme-scope.ts)
    expect((await jncz.get(`/api/v1/capacity-calls/${id}`)).status).toBe(403);
    expect((await jncz.get(`/api/v1/programmes/${programmeId}/capacity-calls`)).status).toBe(403);
    expect(await calls()).toBe(1);
  });

  it('sends nothing out while the programme is a draft', async () => {
    for (const step of ['publish', 'submit']) {
      const early = await jinan.post(`/api/v1/capacity-calls/${id}/${step}`, { rowVersion: v });
      expect(early.status).toBe(409);
      expect(early.body.detail).toContain('尚未发布');
    }
    expect((await member.get(`/api/v1/capacity-calls/${id}`)).status).toBe(403);
    const prog = await jinan.get(`/api/v1/programmes/${programmeId}`);
    const pub = await jinan.post(`/api/v1/programmes/${programmeId}/publish`, { version: prog.body.version, confirmPastStages: true });
    expect(pub.status, JSON.stringify(pub.body)).toBe(200);
    expect((await jinan.get(`/api/v1/capacity-calls/${id}`)).body.actions).toEqual(['edit', 'submit']);
    expect((await jncz.get(`/api/v1/capacity-calls/${id}`)).status).toBe(404); // a draft call stays with the association
    expect((await member.get(`/api/v1/capacity-calls/${id}`)).status).toBe(404);
    expect((await jncz.get(`/api/v1/programmes/${programmeId}/capacity-calls`)).body.items).toEqual([]);
  });

  it('goes to the finance bureau, which returns it with reasons and then confirms it', async () => {
    const early = await jinan.post(`/api/v1/capacity-calls/${id}/publish`, { rowVersion: v });
    expect([early.status, early.body.detail]).toEqual([409, '本方案由科协会同财政局实施，申报通知须经财政局确认后才能发布']);

    const sent = await jinan.post(`/api/v1/capacity-calls/${id}/submit`, { rowVersion: v });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body).toMatchObject({ status: 'pendingConfirmation', actions: ['withdraw'] });
    v = sent.body.rowVersion;
    expect((await jinan.put(`/api/v1/capacity-calls/${id}`, { ...call, rowVersion: v })).status).toBe(409);
    const bureau = await orgId('济南市财政局');
    expect(await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM todos WHERE entity_id = ${id} AND kind = 'capacityCall.confirm' AND status = 'open' AND assignee_org_id = ${bureau}`)).toBe(1);
    const todo = await jncz.get('/api/v1/todos?kind=capacityCall.confirm');
    expect(todo.body.items).toEqual([expect.objectContaining({ kindLabel: '确认申报通知', entityId: id, link: `/app/capacity-calls/${id}` })]);
    const seen = await jncz.get(`/api/v1/capacity-calls/${id}`);
    expect(seen.body.actions).toEqual(['confirm', 'return']);

    expect((await jinan.post(`/api/v1/capacity-calls/${id}/confirm`, { rowVersion: v })).status).toBe(403);
    expect((await jncz.post(`/api/v1/capacity-calls/${id}/return`, { rowVersion: v })).status).toBe(400);
    const back = await jncz.post(`/api/v1/capacity-calls/${id}/return`, { rowVersion: v, comment: '综合示范学会名额偏多，请压减' });
    expect(back.status).toBe(200);
    v = back.body.rowVersion;
    const again = await jinan.get(`/api/v1/capacity-calls/${id}`);
    expect(again.body).toMatchObject({ status: 'draft', returnComment: '综合示范学会名额偏多，请压减', actions: ['edit', 'submit'] });
    expect(back.body).toMatchObject({ status: 'draft', actions: [] }); // the bureau still reads what it returned
    expect((await jinan.get('/api/v1/notifications')).body.items[0]).toMatchObject({ title: '济南市财政局退回申报通知' });

    v = (await jinan.post(`/api/v1/capacity-calls/${id}/submit`, { rowVersion: v })).body.rowVersion;
    const ok = await jncz.post(`/api/v1/capacity-calls/${id}/confirm`, { rowVersion: v });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ status: 'confirmed', confirmedByName: '陈刚', confirmedOrgName: '济南市财政局', actions: [] });
    v = ok.body.rowVersion;
    expect(await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM todos WHERE entity_id = ${id} AND kind = 'capacityCall.confirm' AND status = 'open'`)).toBe(0);
    expect((await jinan.get(`/api/v1/capacity-calls/${id}`)).body.actions).toEqual(['withdraw', 'publish']);
  });

  it('is published, reaching every society of the association with a to-do due on the closing day and a notification', async () => {
    expect((await member.get(`/api/v1/capacity-calls/${id}`)).status).toBe(404); // confirmed, not published
    expect((await anon.get(`/api/v1/public/capacity-calls/${id}`)).status).toBe(404);

    const done = await jinan.post(`/api/v1/capacity-calls/${id}/publish`, { rowVersion: v });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({ status: 'published', actions: ['close'] });
    v = done.body.rowVersion;

    // every active society attached to 济南市科协 (preset 003: relayIncludesSubordinateSocieties false), none elsewhere
    const reached = await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM organisations WHERE type = 'society' AND is_active AND parent_id = ${ctx.ids.jinan}`);
    expect(reached).toBeGreaterThanOrEqual(3);
    expect(await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM todos t JOIN organisations o ON o.id = t.assignee_org_id WHERE t.entity_id = ${id} AND t.kind = 'capacityCall.apply' AND o.parent_id = ${ctx.ids.jinan}`)).toBe(reached);
    expect(await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM todos WHERE entity_id = ${id} AND kind = 'capacityCall.apply'`)).toBe(reached);
    const todos = await member.get('/api/v1/todos?kind=capacityCall.apply');
    expect(todos.body.items).toEqual([expect.objectContaining({ kindLabel: '申报能力提升项目', entityId: id, dueAt: endOfChinaDay(closesOn).toISOString(), link: `/app/capacity-calls/${id}` })]);
    const notes = await member.get('/api/v1/notifications');
    expect(notes.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ title: '济南市科学技术协会发布申报通知', link: `/app/capacity-calls/${id}` })]));
    expect((await jixie.get('/api/v1/todos?kind=capacityCall.apply')).body.items).toEqual([]);

    // the society reads it without the association's actions
    const read = await member.get(`/api/v1/capacity-calls/${id}`);
    expect(read.body).toMatchObject({ status: 'published', actions: [] });
    expect((await member.get(`/api/v1/programmes/${programmeId}/capacity-calls`)).body).toMatchObject({ items: [{ id }], actions: [] });
  });

  it('shows on the portal only once published, without internal fields', async () => {
    // a draft call for the next year stays off the portal
    const draft = await jinan.post(`/api/v1/programmes/${programmeId}/capacity-calls`, { ...call, year: SEED_YEAR + 1 });
    expect(draft.status).toBe(201);
    const list = await anon.get('/api/v1/public/capacity-calls?count=exact');
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ total: 1, nextCursor: null, items: [{ id, status: 'published', statusLabel: '受理中', associationName: '济南市科学技术协会', budgetFen: 50_000_000, closesOn }] });
    expect((await anon.get(`/api/v1/public/capacity-calls/${draft.body.id}`)).status).toBe(404);
    const one = await anon.get(`/api/v1/public/capacity-calls/${id}`);
    expect(one.body).toMatchObject({ id, description: call.description, fundName: '益阳市科协学会服务能力提升计划专项资金', types: expect.arrayContaining([expect.objectContaining({ name: '社会化服务项目', quota: 3 })]) });
    for (const k of ['rowVersion', 'actions', 'returnComment', 'confirmedByName', 'fundCode']) expect(one.body).not.toHaveProperty(k);
    expect((await anon.get(`/api/v1/public/capacity-calls?programmeId=${ctx.ids.programmes.shandong}`)).body.items).toEqual([]);
    // the society does not see the other draft; the finance bureau neither
    expect((await member.get(`/api/v1/programmes/${programmeId}/capacity-calls`)).body.items.map((c: { id: string }) => c.id)).toEqual([id]);
    expect((await jncz.get(`/api/v1/programmes/${programmeId}/capacity-calls`)).body.items.map((c: { id: string }) => c.id)).toEqual([id]);
  });

  it('closes by hand: the societies’ to-dos are done, the portal says 已截止, and every step is audited', async () => {
    expect((await jinan.post(`/api/v1/capacity-calls/${id}/close`, { rowVersion: v - 1 })).status).toBe(409);
    expect((await member.post(`/api/v1/capacity-calls/${id}/close`, { rowVersion: v })).status).toBe(403);
    const closed = await jinan.post(`/api/v1/capacity-calls/${id}/close`, { rowVersion: v });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', actions: [] });
    expect(await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM todos WHERE entity_id = ${id} AND kind = 'capacityCall.apply' AND status = 'open'`)).toBe(0);
    expect((await anon.get(`/api/v1/public/capacity-calls/${id}`)).body).toMatchObject({ status: 'closed', statusLabel: '已截止' });
    const again = await jinan.post(`/api/v1/capacity-calls/${id}/close`, { rowVersion: closed.body.rowVersion });
    expect([again.status, again.body.code]).toEqual([409, 'INVALID_STATE']);

    const res = (await ctx.database.db.execute(sql`SELECT action FROM audit_log WHERE entity_type = 'capacity_call' AND entity_id = ${id} ORDER BY seq`)) as unknown as { rows: { action: string }[] };
    expect(res.rows.map((r) => r.action)).toEqual([
      'capacityCall.create',
      'capacityCall.edit',
      'capacityCall.submit',
      'capacityCall.return',
      'capacityCall.submit',
      'capacityCall.confirm',
      'capacityCall.publish',
      'capacityCall.close',
    ]);
  });
});
