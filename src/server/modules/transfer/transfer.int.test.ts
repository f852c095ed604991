// FUN-1…FUN-4 and SEL-1 through HTTP on both drivers: drafts, versions, the catalogue, the relay.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { TestClient, as, createTestContext, scalar, type TestContext } from '../../testing/harness.js';

let ctx: TestContext;
let kjt: TestClient;
let admin: TestClient;
let jinan: TestClient;
let jixie: TestClient;
let programmeId: string;

beforeAll(async () => {
  ctx = await createTestContext();
  kjt = await as(ctx.app, 'kjt.user');
  admin = await as(ctx.app, 'sheng.admin');
  jinan = await as(ctx.app, 'jinan.admin');
  jixie = await as(ctx.app, 'jixie.user');
  programmeId = ctx.ids.programmes.shandong;
});
afterAll(async () => ctx?.close());

const body = (title: string, extra: Record<string, unknown> = {}) => ({ programmeId, title, categoryCode: 'awards_talent', description: `${title}的工作内容`, commissioningMode: 'authorisedCommission', ...extra });

describe('items (FUN-1, FUN-3)', () => {
  it('keeps a draft to its department: the association, societies and the public do not see it', async () => {
    const d = await kjt.post('/api/v1/items', body('草稿可见性事项'));
    expect(d.status).toBe(201);
    expect(d.body).toMatchObject({ status: 'draft', revision: 0, categoryLabel: '省级科技奖励推荐', commissioningModeLabel: '授权委托', actions: ['edit', 'discard', 'publish'], revisions: [], declarations: [] });
    // 201 with the record as its detail reads it, and where to read it
    expect(d.headers.location).toBe(`/api/v1/items/${d.body.id}`);
    const read = await kjt.get(d.headers.location as string);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(d.body);
    expect((await admin.get(`/api/v1/items/${d.body.id}`)).status).toBe(403);
    expect((await jixie.get(`/api/v1/items/${d.body.id}`)).status).toBe(403);
    expect((await new TestClient(ctx.app).get(`/api/v1/public/items/${d.body.id}`)).status).toBe(404);
    const edited = await kjt.put(`/api/v1/items/${d.body.id}`, { ...body('草稿可见性事项（改）'), programmeId: undefined, version: d.body.version });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body.revision).toBe(0);
    const del = await kjt.request('DELETE', `/api/v1/items/${d.body.id}?version=${edited.body.version}`);
    expect(del.status).toBe(204);
    expect(del.raw.length).toBe(0);
    expect((await kjt.get(`/api/v1/items/${d.body.id}`)).status).toBe(404);
  });

  it('refuses a stale version with 409 and changes nothing', async () => {
    const d = await kjt.post('/api/v1/items', body('版本冲突事项'));
    const p = await kjt.post(`/api/v1/items/${d.body.id}/publish`, { version: d.body.version });
    const stale = await kjt.post(`/api/v1/items/${d.body.id}/withdraw`, { version: d.body.version, reason: '旧版本上的撤回' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('CONFLICT');
    expect((await kjt.get(`/api/v1/items/${d.body.id}`)).body.status).toBe('published');
    const w = await kjt.post(`/api/v1/items/${p.body.id}/withdraw`, { version: p.body.version });
    expect(w.status).toBe(400);
    expect(w.body.errors[0]).toEqual({ path: 'body.reason', message: '请填写撤回原因' });
  });

  it('publishes an item with the longest description allowed, and the portal search finds a word at its end', async () => {
    // 4,000 varied characters: its search vector is far larger than a btree entry may be (2,704 B),
    // so no btree index may carry it (ADR 0006)
    const words = ['海洋', '装备', '标准', '评估', '检测', '认证', '培训', '咨询', '规划', '调研', '数据', '平台', '机制', '体系', '能力', '服务'];
    let text = '';
    for (let i = 0; text.length < 3980; i++) text += `${words[i % words.length]}${words[(i * 7 + 3) % words.length]}第${i}项，`;
    const description = `${text.slice(0, 3990)}盐碱地改良`;
    const d = await kjt.post('/api/v1/items', { ...body('超长内容事项'), description });
    expect(d.status, JSON.stringify(d.body)).toBe(201);
    const p = await kjt.post(`/api/v1/items/${d.body.id}/publish`, { version: d.body.version });
    expect(p.status, JSON.stringify(p.body)).toBe(200);
    const found = (await new TestClient(ctx.app).get(`/api/v1/public/search?q=${encodeURIComponent('盐碱地改良')}&type=item`)).body.items as { title: string }[];
    expect(found.map((r) => r.title)).toContain('超长内容事项');
  });

  it('refuses an unknown field, an over-long title and a negative budget, in Chinese', async () => {
    const res = await kjt.post('/api/v1/items', { ...body('x'.repeat(121)), budgetFen: -1, extra: 1 });
    expect(res.status).toBe(400);
    const paths = res.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['body.title', 'body.budgetFen']));
    expect(res.body.errors.find((e: { path: string }) => e.path === 'body.title').message).toBe('事项名称不能超过 120 个字');
  });

  it('lets a department publish only in its own association\'s published transfer pilot', async () => {
    const jinanDept = await admin.post('/api/v1/users', { orgId: ctx.ids.orgs['济南市科学技术局'], username: 'jnkj.t', displayName: '济南科技局经办', password: 'Chengjie@2026', roles: ['department_user'] });
    expect(jinanDept.status).toBe(201);
    const jn = await as(ctx.app, 'jnkj.t');
    const res = await jn.post('/api/v1/items', body('跨科协发布'));
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('OUT_OF_SCOPE');
  });

  it('opens one relay to-do for the association while published items wait, and closes it after the relay (SEL-1)', async () => {
    const relayTodos = async () => ((await admin.get('/api/v1/todos?limit=100')).body.items as { kind: string; entityId: string }[]).filter((t) => t.kind === 'item.relay' && t.entityId === programmeId);
    expect(await relayTodos()).toHaveLength(1); // the demo's published item waits
    const a = await kjt.post('/api/v1/items', body('转发待办事项一'));
    await kjt.post(`/api/v1/items/${a.body.id}/publish`, { version: a.body.version });
    expect(await relayTodos()).toHaveLength(1);
    const waiting = (await admin.get(`/api/v1/items?programmeId=${programmeId}&status=published&limit=100`)).body.items.map((i: { id: string }) => i.id);
    const r = await admin.post('/api/v1/relays', { programmeId, itemIds: waiting, deadline: '2099-12-31' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.deadline).toBe('2099-12-31T15:59:59.000Z');
    expect(await relayTodos()).toHaveLength(0);
    const again = await admin.post('/api/v1/relays', { programmeId, itemIds: waiting });
    expect(again.status).toBe(409);
    const past = await admin.post('/api/v1/relays', { programmeId, itemIds: [a.body.id], deadline: '2000-01-01' });
    expect(past.status).toBe(400);
  });

  it('refuses a relay by an association outside the programme\'s subtree', async () => {
    const res = await jinan.post('/api/v1/relays', { programmeId, itemIds: [crypto.randomUUID()] });
    expect(res.status).toBe(403);
  });

  it('pages the association\'s list by key to its end: newest first, no row twice, none lost; a total only when asked', async () => {
    const whole = await admin.get('/api/v1/items?limit=100');
    expect(whole.status).toBe(200);
    expect(whole.body).not.toHaveProperty('total');
    const ids = whole.body.items.map((i: { id: string }) => i.id);
    expect(ids.length).toBeGreaterThan(5);
    const created = whole.body.items.map((i: { createdAt: string }) => i.createdAt);
    expect([...created].sort().reverse()).toEqual(created);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { status: number; body: { items: { id: string }[]; nextCursor: string | null } } = await admin.get(`/api/v1/items?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body).not.toHaveProperty('total');
      seen.push(...page.body.items.map((i) => i.id));
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor && pages < 100);
    expect(seen).toEqual(ids);
    expect((await admin.get('/api/v1/items?limit=3&count=exact')).body.total).toBe(ids.length);
    const estimated = (await admin.get('/api/v1/items?limit=3&count=estimate')).body;
    expect(estimated).toMatchObject({ total: ids.length }); // a small list is counted exactly
    expect(estimated.totalEstimated).toBeUndefined();
    // the department's own list, drafts included, pages the same way
    const own = (await kjt.get('/api/v1/items?limit=100&count=exact')).body;
    expect(own.total).toBe(own.items.length);
    expect(own.items.some((i: { status: string }) => i.status === 'draft')).toBe(true);
  });

  it('searches the internal list by a word and filters by status', async () => {
    const res = await admin.get(`/api/v1/items?q=${encodeURIComponent('团体标准')}`);
    expect(res.body.items.map((i: { title: string }) => i.title).sort()).toEqual(['中医药领域团体标准研制', '工业机器人团体标准研制', '新能源汽车团体标准研制'].sort());
    const assigned = await admin.get('/api/v1/items?status=assigned');
    expect(assigned.body.items.map((i: { title: string }) => i.title).sort()).toEqual(['新能源汽车团体标准研制', '省级科研和创新基地运行绩效评估', '科技政策落实情况第三方评估', '全省科普工作绩效第三方评估', '省级技术创新中心建设情况评估', '农业科技推广政策落实情况第三方评估', '医学科研诚信状况调查评估', '中医药适宜技术推广应用评估'].sort());
  });
});

describe('demand catalogue (FUN-4)', () => {
  it('drafts, publishes, amends with a reason and withdraws; every version readable', async () => {
    const c = await kjt.post('/api/v1/demand-entries', { programmeId, title: '区域创新能力监测分析', serviceKind: 'admissionAnalysis', description: '对区域创新能力开展年度监测分析。', purchaseMethod: 'tender', budgetFen: 5_000_000 });
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    expect(c.body).toMatchObject({ status: 'draft', serviceKindLabel: '准入和运行分析', purchaseMethodLabel: '招投标', actions: ['edit', 'discard', 'publish'], revisions: [] });
    expect(c.headers.location).toBe(`/api/v1/demand-entries/${c.body.id}`);
    expect((await kjt.get(c.headers.location as string)).body).toEqual(c.body);
    const p = await kjt.post(`/api/v1/demand-entries/${c.body.id}/publish`, { version: c.body.version });
    const noReason = await kjt.put(`/api/v1/demand-entries/${c.body.id}`, { version: p.body.version, title: '区域创新能力监测分析', serviceKind: 'admissionAnalysis', description: '改', purchaseMethod: 'commission' });
    expect(noReason.status).toBe(400);
    const am = await kjt.put(`/api/v1/demand-entries/${c.body.id}`, { version: p.body.version, reason: '改为委托方式', title: '区域创新能力监测分析', serviceKind: 'admissionAnalysis', description: '对区域创新能力开展年度监测分析。', purchaseMethod: 'commission' });
    expect(am.body).toMatchObject({ revision: 2, purchaseMethodLabel: '委托' });
    const w = await kjt.post(`/api/v1/demand-entries/${c.body.id}/withdraw`, { version: am.body.version, reason: '需求取消' });
    expect(w.body.status).toBe('withdrawn');
    const d = await admin.get(`/api/v1/demand-entries/${c.body.id}`);
    expect(d.body).toMatchObject({ id: c.body.id, status: 'withdrawn', withdrawReason: '需求取消', actions: [] });
    expect(d.body.revisions.map((r: { changeKind: string }) => r.changeKind)).toEqual(['withdraw', 'amend', 'publish']);
    expect(await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = ${c.body.id}`)).toBe(4);
  });

  it('deletes a draft entry with 204 and no body', async () => {
    const c = await kjt.post('/api/v1/demand-entries', { programmeId, title: '待删除的服务草稿', serviceKind: 'planning', description: '草稿。', purchaseMethod: 'tender' });
    const del = await kjt.request('DELETE', `/api/v1/demand-entries/${c.body.id}?version=${c.body.version}`);
    expect(del.status).toBe(204);
    expect(del.raw.length).toBe(0);
    expect((await kjt.get(`/api/v1/demand-entries/${c.body.id}`)).status).toBe(404);
  });

  it('keeps another department off the entry', async () => {
    const entries = (await admin.get('/api/v1/demand-entries?status=published')).body.items;
    const listed = entries.find((e: { departmentName: string }) => e.departmentName === '山东省工业和信息化厅');
    const gxt = (await admin.get(`/api/v1/demand-entries/${listed.id}`)).body;
    const res = await kjt.post(`/api/v1/demand-entries/${gxt.id}/withdraw`, { version: gxt.version, reason: '越权' });
    expect(res.status).toBe(403);
  });
});
