import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient, as, createTestContext, type TestContext } from '../../testing/harness.js';
import { sql, type SQL } from 'drizzle-orm';
import { chinaToday } from '../../../domain/calendar-day.js';
import { validateParameters } from '../../../domain/programme/programme.types.js';
import { presetYiyang } from '../../../domain/presets/index.js';
import { listMigrations } from '../../db/migrate.js';

// Publishing refuses stages that began before today unless the request confirms them (issue 11
// §5): a programme published as it is is next year's, whose stages are all ahead whenever the test
// runs (a fixed 2027 started failing once its first stage, 1 April 2027, had begun; issue 12 §3).
// Next year is counted when the programme is made, not once for the file, so that it is still next
// year's in a run crossing the New Year's midnight in China (16:00 UTC).
const nextYear = () => Number(chinaToday().slice(0, 4)) + 1;

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
    expect(res.body.nextCursor).toBeNull();
  });

  it('states the full parameter, stage and category schemas in the API document (issue 12 §1)', async () => {
    const doc = (await new TestClient(ctx.app).get('/api/openapi.json')).body;
    const deref = (s: { $ref?: string }): Record<string, unknown> => (s.$ref ? doc.components.schemas[s.$ref.split('/').pop()!] : s);
    const patch = deref(doc.paths['/api/v1/programmes/{id}'].patch.requestBody.content['application/json'].schema) as { properties: Record<string, { $ref?: string; anyOf?: { $ref?: string }[] }> };
    const params = deref(patch.properties.parameters) as { properties?: Record<string, unknown>; additionalProperties?: boolean };
    expect(Object.keys(params.properties ?? {})).toEqual(expect.arrayContaining(['reviewOffices', 'selectionDays', 'sanctions', 'majorMatterSteps', 'procurementThresholdFen']));
    expect(params.additionalProperties).toBe(false);
    const detail = deref(doc.paths['/api/v1/programmes/{id}'].get.responses['200'].content['application/json'].schema) as { properties: Record<string, { $ref?: string }> };
    expect(Object.keys(detail.properties)).toEqual(expect.arrayContaining(['actions', 'stages', 'categories', 'parameters', 'associationId', 'associationName']));
    expect(Object.keys((deref(detail.properties.parameters) as { properties: object }).properties)).toContain('selectionDays');
  });

  for (const code of ['000', '001', '002', '003', '004']) {
    it(`creates a programme from preset ${code} with its stages, categories and parameters`, async () => {
      const res = await admin.post('/api/v1/programmes', { associationId: ctx.ids.province, presetCode: code, name: `预置${code}测试方案`, year: 2027 });
      expect(res.status).toBe(201);
      expect(res.headers.location).toBe(`/api/v1/programmes/${res.body.id}`);
      expect((await admin.get(String(res.headers.location))).body).toEqual(res.body);
      expect(res.body.status).toBe('draft');
      expect(res.body.presetCode).toBe(code);
      expect(res.body.stages.length).toBeGreaterThan(0);
      expect(res.body.stages.every((s: { startsOn: string }) => s.startsOn.startsWith('2027') || s.startsOn.startsWith('2028'))).toBe(true);
      expect(res.body.categories.length).toBeGreaterThan(0);
      expect(res.body.actions).toEqual(['edit', 'publish']);
      expect(res.body).not.toHaveProperty('allowedActions');
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
    const p = (await admin.post('/api/v1/programmes', { associationId: ctx.ids.province, presetCode: '000', name: '公开门户测试方案', year: nextYear() })).body;
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

  type PageBody = { items: { id: string; publishedAt: string | null; createdAt?: string }[]; nextCursor: string | null; total?: number; totalEstimated?: boolean };
  async function pageThrough(c: TestClient, url: string): Promise<string[]> {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: PageBody } = await c.get(`${url}${url.includes('?') ? '&' : '?'}limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.total).toBeUndefined(); // no count unless asked
      seen.push(...res.body.items.map((i) => i.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    return seen;
  }

  it('pages the public list by key: every published programme once, newest first; the total only when asked', async () => {
    const anon = new TestClient(ctx.app);
    const seen = await pageThrough(anon, '/api/v1/public/programmes');
    const counted = (await anon.get('/api/v1/public/programmes?limit=1&count=exact')).body as PageBody;
    expect(counted.total).toBe(seen.length);
    expect((await anon.get('/api/v1/public/programmes?limit=1&count=estimate')).body.total).toBe(seen.length); // small: counted exactly
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    const all = (await anon.get('/api/v1/public/programmes?limit=100')).body as PageBody;
    expect(all.items.map((i) => i.id)).toEqual(seen);
    const times = all.items.map((i) => i.publishedAt!);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('pages the programme list by key on created_at: no duplicates or gaps, the total only with count', async () => {
    for (const [i, name] of ['翻页一', '翻页二', '翻页三'].entries()) {
      expect((await admin.post('/api/v1/programmes', { associationId: ctx.ids.province, presetCode: '001', name: `分页测试方案${name}`, year: 2027 + i })).status).toBe(201);
    }
    const seen = await pageThrough(admin, '/api/v1/programmes');
    const whole = (await admin.get('/api/v1/programmes?limit=100&count=exact')).body as PageBody;
    expect(whole.total).toBe(whole.items.length);
    expect(seen).toEqual(whole.items.map((i) => i.id));
    expect(new Set(seen).size).toBe(seen.length);
    const created = whole.items.map((i) => i.createdAt!);
    expect([...created].sort().reverse()).toEqual(created);
    // filtered pages too, and a list row carries what the list shows, not the programme's whole content
    const drafts = await pageThrough(admin, '/api/v1/programmes?status=draft');
    expect(drafts).toEqual(whole.items.filter((i) => (i as { status?: string }).status === 'draft').map((i) => i.id));
    expect(whole.items[0]).not.toHaveProperty('parameters');
    expect(whole.items[0]).toMatchObject({ associationId: expect.any(String), associationName: expect.any(String), version: expect.any(Number) });
  });

  it('lets exactly one of two racing publications win', async () => {
    const p = (await admin.post('/api/v1/programmes', { associationId: ctx.ids.province, presetCode: '001', name: '并发发布方案', year: nextYear() })).body;
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
    expect(res.body).toMatchObject({ items: [], nextCursor: null });
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

describe('migration 0019: the clauses behind the rules become a parameter (PRG-2)', () => {
  it('a programme of preset 003 stored before gets its seed’s clauses; any other none; one that has clauses keeps them', async () => {
    const db = ctx.database.db;
    const rows = async <T>(q: SQL) => ((await db.execute(q)) as unknown as { rows: T[] }).rows;
    const [cap] = await rows<{ id: string }>(sql`SELECT id FROM programmes WHERE preset_code = '003' ORDER BY created_at LIMIT 1`);
    const [pilot, kept] = await rows<{ id: string }>(sql`SELECT id FROM programmes WHERE preset_code <> '003' ORDER BY created_at LIMIT 2`);
    expect([cap, pilot, kept].every(Boolean)).toBe(true);
    await db.execute(sql`UPDATE programmes SET parameters = parameters - 'ruleClauses' WHERE id IN (${cap.id}, ${pilot.id})`);
    await db.execute(sql`UPDATE programmes SET parameters = jsonb_set(parameters, '{ruleClauses}', '{"disbursement": "本市细则第九条"}') WHERE id = ${kept.id}`);
    const m = listMigrations().find((x) => x.tag === '0019_rule_clauses')!;
    expect(m.statements).toHaveLength(2);
    for (const stmt of m.statements) await db.execute(sql.raw(stmt));
    const clausesOf = async (id: string) => (await rows<{ c: unknown }>(sql`SELECT parameters->'ruleClauses' AS c FROM programmes WHERE id = ${id}`))[0].c;
    expect(await clausesOf(cap.id)).toEqual(presetYiyang.parameters.ruleClauses);
    expect(await clausesOf(pilot.id)).toEqual({});
    expect(await clausesOf(kept.id)).toEqual({ disbursement: '本市细则第九条' });
    // what the rules read: every stored programme satisfies the schema again
    for (const r of await rows<{ parameters: unknown }>(sql`SELECT parameters FROM programmes`)) expect(validateParameters(r.parameters).ok).toBe(true);
  });
});
