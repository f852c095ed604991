// Issue 3, "correctness that must hold": refusals change nothing and answer a coded error; two
// conflicting decisions at the same moment — exactly one wins, the other gets 409.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { TestClient, as, createTestContext, scalar, type TestContext } from '../../testing/harness.js';

let ctx: TestContext;
let admin: TestClient;
let kjt: TestClient;
let jixie: TestClient;
let bianban: TestClient;
let yixue: TestClient;
let programmeId: string;

beforeAll(async () => {
  ctx = await createTestContext();
  admin = await as(ctx.app, 'sheng.admin');
  kjt = await as(ctx.app, 'kjt.user');
  jixie = await as(ctx.app, 'jixie.user');
  bianban = await as(ctx.app, 'bianban.user');
  const u = await admin.post('/api/v1/users', { orgId: ctx.ids.orgs['山东省医学会'], username: 'yixue.r', displayName: '医学会经办', password: 'Chengjie@2026', roles: ['society_admin'] });
  expect(u.status).toBe(201);
  yixue = await as(ctx.app, 'yixue.r');
  programmeId = ctx.ids.programmes.shandong;
}, 120_000);
afterAll(async () => ctx?.close());

const demoItem = async (title: string) => {
  const r = (await ctx.database.db.execute(sql`SELECT id, version, status FROM transfer_items WHERE title = ${title}`)) as unknown as { rows: { id: string; version: number; status: string }[] };
  return r.rows[0];
};

async function publishedItem(title: string) {
  const c = await kjt.post('/api/v1/items', { programmeId, title, categoryCode: 'decision_consulting', description: `${title}的内容`, commissioningMode: 'serviceProcurement' });
  expect(c.status, JSON.stringify(c.body)).toBe(201);
  const p = await kjt.post(`/api/v1/items/${c.body.id}/publish`, { version: c.body.version });
  expect(p.status).toBe(200);
  return p.body as { id: string; version: number };
}

async function auditCount(): Promise<number> {
  return scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM audit_log`);
}

describe('refusals change nothing (X-1, §3.3)', () => {
  it('refuses an item whose category is not one of the programme\'s (FUN-2) and names the field', async () => {
    const before = await auditCount();
    const res = await kjt.post('/api/v1/items', { programmeId, title: '类别不对的事项', categoryCode: 'no_such_category', description: '内容', commissioningMode: 'serviceProcurement' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'body.categoryCode', message: '事项类别不在本方案的内容类别中' }]);
    expect(await auditCount()).toBe(before);
  });

  it('refuses an action the lifecycle does not allow in the current state (409 INVALID_STATE)', async () => {
    const it1 = await publishedItem('不能发布两次的事项');
    const again = await kjt.post(`/api/v1/items/${it1.id}/publish`, { version: it1.version });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('INVALID_STATE');
    const declare = await jixie.post(`/api/v1/items/${it1.id}/declarations`, { capacityStatement: '尚未转发就申报的说明文字' });
    expect([403, 409]).toContain(declare.status);
  });

  it('refuses a department acting on another department\'s item (OUT_OF_SCOPE) and audits the deny', async () => {
    const other = await demoItem('工业机器人团体标准研制'); // published by 山东省工业和信息化厅
    const before = await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'access.deny'`);
    const res = await kjt.post(`/api/v1/items/${other.id}/withdraw`, { version: other.version, reason: '越权撤回' });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('OUT_OF_SCOPE');
    const after = await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'access.deny'`);
    expect(after).toBe(before + 1);
    expect((await demoItem('工业机器人团体标准研制')).status).toBe('selecting');
  });

  it('keeps a society from seeing another society\'s declaration', async () => {
    const d = (await ctx.database.db.execute(sql`SELECT d.id FROM declarations d JOIN organisations o ON o.id = d.society_id WHERE o.name = '山东中医药学会'`)) as unknown as { rows: { id: string }[] };
    const res = await jixie.get(`/api/v1/declarations/${d.rows[0].id}`);
    expect(res.status).toBe(403);
    const list = await jixie.get('/api/v1/declarations?limit=100');
    expect(list.body.items.every((x: { societyName: string }) => x.societyName === '山东省机械工程学会')).toBe(true);
  });

  it('shows a review office only what was sent to it', async () => {
    const notSent = await demoItem('工程技术领域职业资格考试考务'); // relayed, never sent to countersign
    expect((await bianban.get(`/api/v1/items/${notSent.id}`)).status).toBe(403);
    const list = await bianban.get('/api/v1/items?limit=100');
    const titles = list.body.items.map((i: { title: string }) => i.title).sort();
    expect(titles).toEqual(['工业机器人团体标准研制', '省级科技计划实施情况整体评估', '省级科研和创新基地运行绩效评估', '新能源汽车团体标准研制', '科技政策落实情况第三方评估', '全省科普工作绩效第三方评估', '省级技术创新中心建设情况评估', '农业科技推广政策落实情况第三方评估', '医学科研诚信状况调查评估', '中医药适宜技术推广应用评估'].sort());
    const cs = await bianban.get('/api/v1/countersigns?limit=100');
    expect(cs.body.items).toHaveLength(6);
    // The item still waiting in countersign has 省编办's opinion pending: its to-do is there.
    const todos = (await bianban.get('/api/v1/todos?limit=50')).body.items;
    expect(todos.some((t: { kind: string }) => t.kind === 'countersign.opinion')).toBe(true);
  });

  it('refuses recommending a society that fails an automatic condition, naming the condition and the fact (SEL-3)', async () => {
    const it1 = await publishedItem('资格核对事项');
    await admin.post('/api/v1/relays', { programmeId, itemIds: [it1.id] });
    const jsj = await admin.post('/api/v1/users', { orgId: ctx.ids.orgs['山东省计算机学会'], username: 'jsj.r', displayName: '计算机学会经办', password: 'Chengjie@2026', roles: ['society_admin'] });
    expect(jsj.status).toBe(201);
    const soc = await as(ctx.app, 'jsj.r');
    const q = await soc.get(`/api/v1/items/${it1.id}/qualification`);
    const failed = q.body.results.filter((r: { status: string }) => r.status === 'fail');
    expect(failed.map((r: { rule: string }) => r.rule)).toEqual(['noFailedTask']);
    expect(failed[0].fact).toContain('未按期报送年度学术活动统计');
    const d = await soc.post(`/api/v1/items/${it1.id}/declarations`, { capacityStatement: '本会可以承担该事项的工作。' });
    expect(d.status).toBe(201);
    const rec = await admin.post(`/api/v1/declarations/${d.body.id}/review`, { version: d.body.version, decision: 'recommend', opinion: '推荐', manualConfirmed: [0, 1] });
    expect(rec.status).toBe(400);
    expect(rec.body.errors.map((e: { message: string }) => e.message).join()).toContain('不符合“近3年无未按要求完成科协交办工作或委托项目的情形”');
    expect((await admin.get(`/api/v1/declarations/${d.body.id}`)).body.status).toBe('submitted');
  });

  it('refuses a second live declaration of the same society for the same item (409 DUPLICATE)', async () => {
    const it1 = await publishedItem('重复申报事项');
    await admin.post('/api/v1/relays', { programmeId, itemIds: [it1.id] });
    const a = await jixie.post(`/api/v1/items/${it1.id}/declarations`, { capacityStatement: '第一次申报的说明文字' });
    expect(a.status).toBe(201);
    const b = await jixie.post(`/api/v1/items/${it1.id}/declarations`, { capacityStatement: '第二次申报的说明文字' });
    expect(b.status).toBe(409);
    expect(b.body.code).toBe('DUPLICATE');
  });

  it('imports nothing from an upload that is not an Excel file, with a Chinese message (FUN-5)', async () => {
    const before = await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM transfer_items`);
    const res = await kjt.request('POST', `/api/v1/programmes/${programmeId}/items/import?publish=true`, undefined, { headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }, rawBody: 'not a spreadsheet' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].message).toContain('Excel');
    expect(await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM transfer_items`)).toBe(before);
  });
});

describe('conflicting decisions at the same moment: exactly one wins (§3.4)', () => {
  it('two selections of the same item: one 201, one 409, one project', async () => {
    const item = await demoItem('工业机器人团体标准研制'); // approved, waiting for 工信厅's choice
    const gxt = await admin.post('/api/v1/users', { orgId: ctx.ids.orgs['山东省工业和信息化厅'], username: 'gxt.a', displayName: '工信厅经办甲', password: 'Chengjie@2026', roles: ['department_user'] });
    const gxt2 = await admin.post('/api/v1/users', { orgId: ctx.ids.orgs['山东省工业和信息化厅'], username: 'gxt.b', displayName: '工信厅经办乙', password: 'Chengjie@2026', roles: ['department_user'] });
    expect([gxt.status, gxt2.status]).toEqual([201, 201]);
    const [a, b] = [await as(ctx.app, 'gxt.a'), await as(ctx.app, 'gxt.b')];
    const d = (await a.get(`/api/v1/items/${item.id}`)).body;
    const decl = d.declarations.find((x: { status: string }) => x.status === 'recommended');
    const results = await Promise.all([
      a.post(`/api/v1/items/${item.id}/select`, { version: d.version, declarationId: decl.id, reason: '甲：综合比选后确定' }),
      b.post(`/api/v1/items/${item.id}/select`, { version: d.version, declarationId: decl.id, reason: '乙：综合比选后确定' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM pilot_projects WHERE item_id = ${item.id}`)).toBe(1);
  });

  it('a withdrawal racing a declaration: exactly one succeeds', async () => {
    const it1 = await publishedItem('撤回与申报竞争的事项');
    await admin.post('/api/v1/relays', { programmeId, itemIds: [it1.id] });
    const fresh = (await kjt.get(`/api/v1/items/${it1.id}`)).body;
    const [w, dcl] = await Promise.all([
      kjt.post(`/api/v1/items/${it1.id}/withdraw`, { version: fresh.version, reason: '部门调整' }),
      yixue.post(`/api/v1/items/${it1.id}/declarations`, { capacityStatement: '本会具备承接该事项的能力。' }),
    ]);
    const statuses = [w.status, dcl.status];
    expect(statuses.filter((s) => s === 200 || s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(1);
    // read as the association: the department counts only declarations recommended to it (SEL-6)
    const state = (await admin.get(`/api/v1/items/${it1.id}`)).body;
    if (w.status === 200) expect(state.status).toBe('withdrawn');
    else expect(state.declarationCount).toBe(1);
  });

  it('two offices answering at once both count, and the list moves on only once all agree', async () => {
    const it1 = await publishedItem('并发会签事项');
    await admin.post('/api/v1/relays', { programmeId, itemIds: [it1.id] });
    const d = await jixie.post(`/api/v1/items/${it1.id}/declarations`, { capacityStatement: '本会具备承接该事项的能力。' });
    await admin.post(`/api/v1/declarations/${d.body.id}/review`, { version: d.body.version, decision: 'recommend', opinion: '推荐', manualConfirmed: [0, 1] });
    const cs = (await admin.post('/api/v1/countersigns', { programmeId, itemIds: [it1.id], title: '并发会签清单' })).body;
    const same = await Promise.all([
      bianban.post(`/api/v1/countersigns/${cs.id}/opinion`, { version: cs.version, decision: 'agree', opinion: '同意' }),
      bianban.post(`/api/v1/countersigns/${cs.id}/opinion`, { version: cs.version, decision: 'agree', opinion: '同意' }),
    ]);
    expect(same.map((r) => r.status).sort()).toEqual([200, 409]);
    const after = (await admin.get(`/api/v1/countersigns/${cs.id}`)).body;
    expect(after.status).toBe('countersigning');
    expect(after.opinions.filter((o: { decision: string }) => o.decision === 'agree')).toHaveLength(1);
  });
});
