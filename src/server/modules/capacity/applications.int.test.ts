// Issue 13 step 2 (CAP-2, CAP-3, FND-1, FND-2), through HTTP on both drivers, with the demo's
// 济南市科协 preset-003 programme: a published call; 济南市机械工程学会 (meets every condition)
// drafts, is refused for a forbidden category and an amount above the award standard, submits,
// is returned by the formal review item by item, corrects and resubmits (two versions kept) and
// passes; 济南市中医药研究会 (no full-time secretary-general, no finance staff) is refused at
// submission with each failed condition and its fact. Refusals change nothing; scope holds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { SEED_YEAR, TestClient, as, createTestContext, scalar, type TestContext } from '../../testing/harness.js';
import { addDays } from '../../platform/transition.js';
import { chinaDayOf, chinaToday } from '../../../domain/calendar-day.js';

let ctx: TestContext;
let jinan: TestClient; // 济南市科协
let jncz: TestClient; // 济南市财政局
let qingdao: TestClient; // another city's association
let jixie: TestClient; // a society of the province, not of 济南
let member: TestClient; // 济南市机械工程学会
let tcm: TestClient; // 济南市中医药研究会
let anon: TestClient;
let callId: string;

const today = chinaToday();
const checklist = ['meets_conditions', 'form_compliant', 'truthful_complete', 'materials_complete', 'budget_reasonable'];
const application = {
  typeCode: 'academic_exchange',
  title: '黄河流域装备制造高端学术论坛',
  goals: '围绕装备制造关键领域举办高端学术研讨会，促进产学研协同创新。',
  indicators: [{ label: '举办学术会议', target: '1 场，参会 200 人' }],
  budget: [
    { category: 'activities', item: '会务费', amountFen: 2_000_000, note: '场地、资料' },
    { category: 'materials', item: '论文集出版印刷费', amountFen: 800_000, note: null },
  ],
  contactName: '王敏',
  contactPhone: '0531-00000001',
};
const count = (table: string) => scalar(ctx.database.db, sql.raw(`SELECT count(*)::int AS n FROM ${table}`));
async function orgId(name: string): Promise<string> {
  const res = (await ctx.database.db.execute(sql`SELECT id FROM organisations WHERE name = ${name}`)) as unknown as { rows: { id: string }[] };
  return res.rows[0].id;
}
async function userFor(society: string, username: string): Promise<TestClient> {
  const u = await jinan.post('/api/v1/users', { orgId: await orgId(society), username, displayName: `${society}秘书`, password: 'Chengjie@2026', roles: ['society_admin'] });
  expect(u.status, JSON.stringify(u.body)).toBe(201);
  return as(ctx.app, username);
}
const items = (failed: Record<string, string> = {}) => checklist.map((code) => ({ code, passed: !(code in failed), note: failed[code] ?? null }));

beforeAll(async () => {
  ctx = await createTestContext();
  [jinan, jncz, qingdao, jixie] = await Promise.all(['jinan.admin', 'jncz.user', 'qingdao.admin', 'jixie.user'].map((u) => as(ctx.app, u)));
  anon = new TestClient(ctx.app);
  member = await userFor('济南市机械工程学会', 'jnjixie.user');
  tcm = await userFor('济南市中医药研究会', 'jntcm.user');
  const programmeId = ctx.ids.programmes.jinan;
  const prog = await jinan.get(`/api/v1/programmes/${programmeId}`);
  expect((await jinan.post(`/api/v1/programmes/${programmeId}/publish`, { version: prog.body.version, confirmPastStages: true })).status).toBe(200);
  const c = await jinan.post(`/api/v1/programmes/${programmeId}/capacity-calls`, {
    year: SEED_YEAR,
    title: `关于申报${SEED_YEAR}年度学会服务能力提升计划项目的通知`,
    description: '各市级学会：现将项目申报工作通知如下。',
    budgetFen: 50_000_000,
    fundCode: 'capacity_special_fund',
    opensOn: today,
    closesOn: chinaDayOf(addDays(new Date(), 30)),
    types: [
      { code: 'demonstration_society', quota: 2, awardFen: 10_000_000 },
      { code: 'academic_exchange', quota: 5, awardFen: 3_000_000 },
    ],
  });
  expect(c.status, JSON.stringify(c.body)).toBe(201);
  callId = c.body.id;
  const s = await jinan.post(`/api/v1/capacity-calls/${callId}/submit`, { rowVersion: c.body.rowVersion });
  const k = await jncz.post(`/api/v1/capacity-calls/${callId}/confirm`, { rowVersion: s.body.rowVersion });
  const p = await jinan.post(`/api/v1/capacity-calls/${callId}/publish`, { rowVersion: k.body.rowVersion });
  expect(p.status, JSON.stringify(p.body)).toBe(200);
}, 180_000);
afterAll(async () => ctx?.close());

describe('applying to a call (CAP-2, FND-1, FND-2)', () => {
  let id: string;
  let v: number;

  it('shows a society its eligibility per type before it writes: the demonstration conditions only for that type', async () => {
    const all = await member.get(`/api/v1/capacity-calls/${callId}/eligibility`);
    expect(all.status, JSON.stringify(all.body)).toBe(200);
    expect(all.body.items.map((x: { typeName: string }) => x.typeName)).toEqual(['综合示范学会', '学术交流项目']);
    const key = { body: (await member.get(`/api/v1/capacity-calls/${callId}/eligibility?typeCode=academic_exchange`)).body.items[0] };
    expect(key.body).toMatchObject({ typeName: '学术交流项目', eligible: true, failed: 0, clause: expect.stringContaining('申报资格') });
    expect(key.body.conditions.every((c: { group: string }) => c.group === 'keyProject')).toBe(true);
    const demo = { body: all.body.items[0] };
    expect(demo.body.conditions.some((c: { group: string }) => c.group === 'demonstration')).toBe(true);
    expect(demo.body.conditions.length).toBeGreaterThan(key.body.conditions.length);

    const weak = { body: (await tcm.get(`/api/v1/capacity-calls/${callId}/eligibility?typeCode=academic_exchange`)).body.items[0] };
    expect(weak.body.eligible).toBe(false);
    expect(weak.body.conditions.filter((c: { status: string }) => c.status === 'fail').length).toBeGreaterThan(0);
    // a society of another association is not reached by the call
    expect((await jixie.get(`/api/v1/capacity-calls/${callId}/eligibility?typeCode=academic_exchange`)).body.code).toBe('OUT_OF_SCOPE');
  });

  it('refuses a budget line in a forbidden category or above the award standard, naming the rule, and writes nothing', async () => {
    const forbidden = await member.post(`/api/v1/capacity-calls/${callId}/applications`, {
      ...application,
      budget: [...application.budget, { category: 'personnel', item: null, amountFen: 100_000, note: null }],
    });
    expect(forbidden.status).toBe(400);
    expect(forbidden.body).toMatchObject({ rule: 'FND-2', clause: expect.stringContaining('第七条') });
    expect(forbidden.body.errors).toEqual([{ path: 'body.budget.2.category', message: expect.stringContaining('专项资金不得用于“人员工资、福利和个人奖金支出”') }]);

    const over = await member.post(`/api/v1/capacity-calls/${callId}/applications`, { ...application, budget: [{ category: 'activities', item: '会务费', amountFen: 3_000_001, note: null }] });
    expect(over.status).toBe(400);
    expect(over.body.errors[0].message).toContain('超过“学术交流项目”的资助标准 30,000.00 元');

    const badItem = await member.post(`/api/v1/capacity-calls/${callId}/applications`, { ...application, budget: [{ category: 'activities', item: '人员工资', amountFen: 100, note: null }] });
    expect(badItem.body.errors[0]).toMatchObject({ path: 'body.budget.0.item', message: expect.stringContaining('不是“项目活动费”的明细') });

    const notOffered = await member.post(`/api/v1/capacity-calls/${callId}/applications`, { ...application, typeCode: 'social_service' });
    expect(notOffered.body.errors[0].path).toBe('body.typeCode');

    expect((await jixie.post(`/api/v1/capacity-calls/${callId}/applications`, application)).body.code).toBe('OUT_OF_SCOPE');
    expect((await jinan.post(`/api/v1/capacity-calls/${callId}/applications`, application)).status).toBe(403);
    expect((await anon.post(`/api/v1/capacity-calls/${callId}/applications`, application)).status).toBe(401);
    expect(await count('capacity_applications')).toBe(0);
  });

  it('keeps a draft with the society: one per type; the association does not see it', async () => {
    const created = await member.post(`/api/v1/capacity-calls/${callId}/applications`, application);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    id = created.body.id;
    v = created.body.rowVersion;
    expect(created.headers.location).toBe(`/api/v1/capacity-applications/${id}`);
    expect(created.body).toMatchObject({
      status: 'draft',
      statusLabel: '草稿',
      version: 0,
      typeName: '学术交流项目',
      requestedFen: 2_800_000,
      awardFen: 3_000_000,
      actions: ['edit', 'submit', 'withdraw'],
      eligibility: { eligible: true },
      content: { budget: [{ categoryLabel: '项目活动费', item: '会务费' }, { categoryLabel: '项目资料费' }] },
    });
    const dup = await member.post(`/api/v1/capacity-calls/${callId}/applications`, application);
    expect([dup.status, dup.body.code]).toEqual([409, 'DUPLICATE']);
    expect((await jinan.get(`/api/v1/capacity-applications/${id}`)).status).toBe(404);
    expect((await jinan.get(`/api/v1/capacity-calls/${callId}/applications`)).body.items).toEqual([]);
    expect((await member.get('/api/v1/capacity-applications')).body.items.map((x: { id: string }) => x.id)).toEqual([id]);
  });

  it('refuses a submission that fails a condition, citing each fact and the clause; nothing changes', async () => {
    const d = await tcm.post(`/api/v1/capacity-calls/${callId}/applications`, { ...application, title: '中医药科普系列讲座' });
    expect(d.status, JSON.stringify(d.body)).toBe(201);
    const refused = await tcm.post(`/api/v1/capacity-applications/${d.body.id}/submit`, { rowVersion: d.body.rowVersion });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ rule: 'CAP-2', clause: '《实施方案》六、申报资格', eligibility: { eligible: false } });
    expect(refused.body.detail).toContain('不符合申报条件，不能提交');
    const after = await tcm.get(`/api/v1/capacity-applications/${d.body.id}`);
    expect(after.body).toMatchObject({ status: 'draft', version: 0, rowVersion: d.body.rowVersion, versions: [] });
    expect(await count('capacity_application_versions')).toBe(0);
    // the society gives its place back
    const w = await tcm.post(`/api/v1/capacity-applications/${d.body.id}/withdraw`, { rowVersion: d.body.rowVersion, reason: '条件不具备' });
    expect(w.body).toMatchObject({ status: 'withdrawn', actions: [] });
  });

  it('submits: a frozen version, the association’s review to-do, the society’s apply to-do done', async () => {
    const stale = await member.post(`/api/v1/capacity-applications/${id}/submit`, { rowVersion: v + 1 });
    expect([stale.status, stale.body.code]).toEqual([409, 'CONFLICT']);
    const s = await member.post(`/api/v1/capacity-applications/${id}/submit`, { rowVersion: v });
    expect(s.status, JSON.stringify(s.body)).toBe(200);
    expect(s.body).toMatchObject({ status: 'submitted', statusLabel: '待形式审查', version: 1, versions: [{ version: 1, submittedByName: '济南市机械工程学会秘书' }], actions: ['withdraw'] });
    v = s.body.rowVersion;
    const todos = await jinan.get('/api/v1/todos?status=open');
    expect(todos.body.items.some((t: { kind: string; link: string }) => t.kind === 'capacityApplication.review' && t.link === `/app/capacity-applications/${id}`)).toBe(true);
    const mine = await member.get('/api/v1/todos?status=open');
    expect(mine.body.items.some((t: { kind: string }) => t.kind === 'capacityCall.apply')).toBe(false);
    // the association and the co-managing finance bureau read it now; the other city's association does not
    expect((await jinan.get(`/api/v1/capacity-applications/${id}`)).body.actions).toEqual(['review']);
    expect((await jncz.get(`/api/v1/capacity-applications/${id}`)).body.actions).toEqual([]);
    expect((await jncz.get(`/api/v1/capacity-calls/${callId}/applications`)).body.items.map((x: { id: string }) => x.id)).toEqual([id]);
    expect([403, 404]).toContain((await qingdao.get(`/api/v1/capacity-applications/${id}`)).status);
    expect((await qingdao.get('/api/v1/capacity-applications')).body.items).toEqual([]);
    expect((await tcm.get(`/api/v1/capacity-applications/${id}`)).status).toBe(404);
    // the submitted content is frozen: no edit until it comes back
    expect((await member.put(`/api/v1/capacity-applications/${id}`, { ...application, rowVersion: v })).status).toBe(409);
  });

  it('reviews the form item by item: refuses an incomplete or inconsistent review, returns with reasons', async () => {
    const partial = await jinan.post(`/api/v1/capacity-applications/${id}/review`, { rowVersion: v, decision: 'pass', items: items().slice(0, 3) });
    expect(partial.status).toBe(400);
    expect(partial.body.detail).toContain('请逐项审查');
    const inconsistent = await jinan.post(`/api/v1/capacity-applications/${id}/review`, { rowVersion: v, decision: 'pass', items: items({ budget_reasonable: '会务费测算偏高' }) });
    expect(inconsistent.body.detail).toContain('有不符合的审查项目，不能通过形式审查');
    const noReason = await jinan.post(`/api/v1/capacity-applications/${id}/review`, { rowVersion: v, decision: 'return', items: items({ budget_reasonable: '' }), comment: '请修改' });
    expect(noReason.body.errors.map((e: { path: string }) => e.path)).toContain('body.items.4.note');
    expect((await jncz.post(`/api/v1/capacity-applications/${id}/review`, { rowVersion: v, decision: 'pass', items: items() })).status).toBe(403);
    expect((await member.post(`/api/v1/capacity-applications/${id}/review`, { rowVersion: v, decision: 'pass', items: items() })).status).toBe(403);

    const back = await jinan.post(`/api/v1/capacity-applications/${id}/review`, { rowVersion: v, decision: 'return', items: items({ budget_reasonable: '会务费测算偏高' }), comment: '请按标准重新测算会务费' });
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    expect(back.body).toMatchObject({
      status: 'returned',
      returnComment: '请按标准重新测算会务费',
      review: { items: expect.arrayContaining([{ code: 'budget_reasonable', label: '项目预算合理', passed: false, note: '会务费测算偏高' }]) },
    });
    const todos = await member.get('/api/v1/todos?status=open');
    expect(todos.body.items.some((t: { kind: string }) => t.kind === 'capacityApplication.revise')).toBe(true);
    v = (await member.get(`/api/v1/capacity-applications/${id}`)).body.rowVersion;
  });

  it('keeps every version: the society corrects and resubmits, the association passes it', async () => {
    const changed = { ...application, budget: [{ category: 'activities', item: '会务费', amountFen: 1_500_000, note: '按标准' }, application.budget[1]], rowVersion: v };
    const e = await member.put(`/api/v1/capacity-applications/${id}`, changed);
    expect(e.status, JSON.stringify(e.body)).toBe(200);
    expect(e.body.requestedFen).toBe(2_300_000);
    const s = await member.post(`/api/v1/capacity-applications/${id}/submit`, { rowVersion: e.body.rowVersion });
    expect(s.body).toMatchObject({ status: 'submitted', version: 2 });
    expect(s.body.versions.map((x: { version: number }) => x.version)).toEqual([2, 1]);
    const first = await jinan.get(`/api/v1/capacity-applications/${id}/versions/1`);
    expect(first.body.content.requestedFen).toBe(2_800_000);
    expect(first.body.eligibility.eligible).toBe(true);
    expect((await jinan.get(`/api/v1/capacity-applications/${id}/versions/3`)).status).toBe(404);

    const queue = await jinan.get('/api/v1/capacity-applications?status=submitted');
    expect(queue.body.items.map((x: { id: string }) => x.id)).toEqual([id]);
    const ok = await jinan.post(`/api/v1/capacity-applications/${id}/review`, { rowVersion: s.body.rowVersion, decision: 'pass', items: items() });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ status: 'passed', statusLabel: '形式审查通过', decidedByName: '赵强', actions: [] });
    const again = await jinan.post(`/api/v1/capacity-applications/${id}/review`, { rowVersion: ok.body.rowVersion, decision: 'pass', items: items() });
    expect(again.status).toBe(409);
    expect((await member.post(`/api/v1/capacity-applications/${id}/withdraw`, { rowVersion: ok.body.rowVersion })).status).toBe(409);
    const audit = await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = ${id}`);
    expect(audit).toBe(6); // create, submit, return, edit, submit, pass — and nothing for the refusals
  });
});
