import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient, as, createTestContext, type TestContext } from '../../testing/harness.js';

let ctx: TestContext;
let admin: TestClient;
beforeAll(async () => {
  ctx = await createTestContext();
  admin = await as(ctx.app, 'sheng.admin');
});
afterAll(async () => ctx?.close());

describe('programmes from the seed presets (PRG-1, PRG-2)', () => {
  it('offers the five presets, one per seed document', async () => {
    const res = await admin.get('/api/v1/presets');
    expect(res.body.items.map((p: { code: string }) => p.code)).toEqual(['000', '001', '002', '003', '004']);
  });

  for (const code of ['000', '001', '002', '003', '004']) {
    it(`creates a programme from preset ${code} with its stages, categories and parameters`, async () => {
      const res = await admin.post('/api/v1/programmes', { associationId: ctx.ids.province, presetCode: code, name: `预置${code}测试方案`, year: 2027 });
      expect(res.status).toBe(201);
      expect(res.body.status).toBe('draft');
      expect(res.body.presetCode).toBe(code);
      expect(res.body.stages.length).toBeGreaterThan(0);
      expect(res.body.stages.every((s: { startsOn: string }) => s.startsOn.startsWith('2027') || s.startsOn.startsWith('2028'))).toBe(true);
      expect(res.body.categories.length).toBeGreaterThan(0);
      expect(res.body.allowedActions).toEqual(expect.arrayContaining(['publish']));
    });
  }

  it('carries 001\'s five countersigning offices and 003\'s sanctions into the programme', async () => {
    const p1 = (await admin.post('/api/v1/programmes', { associationId: ctx.ids.province, presetCode: '001', name: '山东参数检查方案', year: 2027 })).body;
    expect([...p1.parameters.reviewOffices].sort()).toEqual(['civilAffairs', 'developmentReform', 'establishment', 'finance', 'legal']);
    const p3 = (await admin.post('/api/v1/programmes', { associationId: ctx.ids.jinan, presetCode: '003', name: '益阳参数检查方案', year: 2027 })).body;
    expect(p3.kind).toBe('capacityPlan');
    expect(p3.parameters.sanctions).toMatchObject({ falseMaterialsDebarYears: 3, failedAcceptanceDebarYears: 2 });
  });

  it('edits stages and parameters, and refuses a bad parameter with the field named and nothing changed', async () => {
    const p = (await admin.post('/api/v1/programmes', { associationId: ctx.ids.province, presetCode: '001', name: '可编辑方案', year: 2027 })).body;
    const bad = await admin.patch(`/api/v1/programmes/${p.id}`, {
      version: p.version,
      parameters: { ...p.parameters, noticePeriodDays: -3, sanctions: { ...p.parameters.sanctions, failedAcceptanceDebarYears: 'two' } },
    });
    expect(bad.status).toBe(400);
    const paths = bad.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['body.parameters.noticePeriodDays', 'body.parameters.sanctions.failedAcceptanceDebarYears']));
    expect(bad.body.errors.every((e: { message: string }) => /[\u4e00-\u9fa5]/.test(e.message))).toBe(true);
    const unknown = await admin.patch(`/api/v1/programmes/${p.id}`, { version: p.version, parameters: { ...p.parameters, colour: 'red' } });
    expect(unknown.body.errors[0]).toMatchObject({ path: 'body.parameters.colour' });
    const stages = [...p.stages, { code: 'extra', name: '补充阶段', startsOn: '2027-12-01', endsOn: '2027-11-01' }];
    const badStage = await admin.patch(`/api/v1/programmes/${p.id}`, { version: p.version, stages });
    expect(badStage.body.errors[0].path).toMatch(/^body\.stages\.\d+\.endsOn$/);
    expect((await admin.get(`/api/v1/programmes/${p.id}`)).body.version).toBe(p.version);
    const ok = await admin.patch(`/api/v1/programmes/${p.id}`, { version: p.version, parameters: { ...p.parameters, noticePeriodDays: 7 }, stages: stages.map((s) => (s.code === 'extra' ? { ...s, endsOn: '2027-12-20' } : s)) });
    expect(ok.status).toBe(200);
    expect(ok.body.parameters.noticePeriodDays).toBe(7);
    expect(ok.body.stages.at(-1).code).toBe('extra');
    const history = await admin.get(`/api/v1/audit?entityType=programme&entityId=${p.id}`);
    const upd = history.body.items.find((e: { action: string }) => e.action === 'programme.update');
    expect(upd.before.parameters.noticePeriodDays).toBe(p.parameters.noticePeriodDays);
    expect(upd.after.parameters.noticePeriodDays).toBe(7);
  });

  it('publishes a draft to the public portal, which shows it without login; drafts stay hidden', async () => {
    const p = (await admin.post('/api/v1/programmes', { associationId: ctx.ids.province, presetCode: '000', name: '公开门户测试方案', year: 2027 })).body;
    const anon = new TestClient(ctx.app);
    const hidden = await anon.get(`/api/v1/public/programmes/${p.id}`);
    expect(hidden.status).toBe(404);
    const pub = await admin.post(`/api/v1/programmes/${p.id}/publish`, { version: p.version });
    expect(pub.status).toBe(200);
    const list = await anon.get('/api/v1/public/programmes?limit=100');
    expect(list.status).toBe(200);
    expect(list.body.items.map((x: { name: string }) => x.name)).toContain('公开门户测试方案');
    expect(list.body.items.map((x: { name: string }) => x.name)).not.toContain('可编辑方案');
    expect((await anon.get(`/api/v1/public/programmes/${p.id}`)).body.associationName).toBe('山东省科学技术协会');
    const twice = await admin.post(`/api/v1/programmes/${p.id}/publish`, { version: pub.body.version });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('INVALID_STATE');
  });

  it('pages the public list by key: every published programme once, newest first', async () => {
    const anon = new TestClient(ctx.app);
    const seen: string[] = [];
    let cursor: string | null = null;
    let total: number;
    do {
      const res: { status: number; body: { items: { id: string; publishedAt: string }[]; nextCursor: string | null; total: number } } = await anon.get(
        `/api/v1/public/programmes?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((i) => i.id));
      total = res.body.total;
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen.length).toBe(total);
    expect(new Set(seen).size).toBe(total);
    expect(total).toBeGreaterThanOrEqual(3);
  });

  it('lets exactly one of two racing publications win', async () => {
    const p = (await admin.post('/api/v1/programmes', { associationId: ctx.ids.province, presetCode: '001', name: '并发发布方案', year: 2027 })).body;
    const other = await as(ctx.app, 'sheng.admin');
    const [a, b] = await Promise.all([admin.post(`/api/v1/programmes/${p.id}/publish`, { version: p.version }), other.post(`/api/v1/programmes/${p.id}/publish`, { version: p.version })]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
  });

  it('puts a new draft in the association\'s to-do inbox with its deadline, and moves it to done on publication (X-2)', async () => {
    const jinan = await as(ctx.app, 'jinan.admin');
    const open = await jinan.get('/api/v1/todos?status=open');
    const todo = open.body.items.find((t: { title: string }) => t.title.includes('济南市科协学会服务能力提升计划'));
    expect(todo).toBeTruthy();
    expect(todo.dueAt).toBeTruthy();
    const prog = (await jinan.get(`/api/v1/programmes/${todo.entityId}`)).body;
    expect((await jinan.post(`/api/v1/programmes/${prog.id}/publish`, { version: prog.version, confirmPastStages: true })).status).toBe(200);
    const after = await jinan.get('/api/v1/todos?status=open');
    expect(after.body.items.find((t: { id: string }) => t.id === todo.id)).toBeUndefined();
    const done = await jinan.get('/api/v1/todos?status=done');
    expect(done.body.items.map((t: { id: string }) => t.id)).toContain(todo.id);
    // Nobody else sees it: not Qingdao's administrator, not a department.
    const qd = await as(ctx.app, 'qingdao.admin');
    expect((await qd.get('/api/v1/todos?status=done')).body.items.map((t: { id: string }) => t.id)).not.toContain(todo.id);
  });

  it('gives an empty inbox as an empty list', async () => {
    const expert = await as(ctx.app, 'expert.huang');
    const res = await expert.get('/api/v1/todos');
    expect(res.body).toEqual({ items: [], total: 0, nextCursor: null });
    expect((await expert.get('/api/v1/todos/counts')).body).toEqual({ open: 0, done: 0 });
  });

  it('shows a department its association\'s published programmes but not drafts, and lets it change none', async () => {
    const dept = await as(ctx.app, 'kjt.user');
    const list = await dept.get('/api/v1/programmes?limit=100');
    expect(list.body.items.length).toBeGreaterThan(0);
    expect(list.body.items.every((p: { status: string }) => p.status !== 'draft')).toBe(true);
    const p = list.body.items[0];
    const res = await dept.patch(`/api/v1/programmes/${p.id}`, { version: p.version, name: '部门改名' });
    expect(res.status).toBe(403);
  });

  it('refuses a programme for an association outside the scope', async () => {
    const county = await as(ctx.app, 'pingyin.admin');
    const res = await county.post('/api/v1/programmes', { associationId: ctx.ids.qingdao, presetCode: '002', name: '越权新建方案', year: 2027 });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('OUT_OF_SCOPE');
  });
});
