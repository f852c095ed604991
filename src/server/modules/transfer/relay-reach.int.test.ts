// Issue 11 §2 (SEL-1, PRG-2), on both drivers: the province association's relay reaches the
// societies attached to it (001 §4(1)2 省科协面向学会发布), not those of the city and county
// associations below — unless the programme's parameter relayIncludesSubordinateSocieties says so.
// The to-dos, the notifications and the list the relay dialog shows agree.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { as, createTestContext, type TestClient, type TestContext } from '../../testing/harness.js';

let ctx: TestContext;
let admin: TestClient;
let kjt: TestClient;

const rowsOf = async <T>(q: ReturnType<typeof sql>): Promise<T[]> => ((await ctx.database.db.execute(q)) as unknown as { rows: T[] }).rows;
const leaf = (cats: { code: string; children?: unknown[] }[]): string => (cats[0].children ? leaf(cats[0].children as never) : cats[0].code);

beforeAll(async () => {
  ctx = await createTestContext();
  admin = await as(ctx.app, 'sheng.admin');
  kjt = await as(ctx.app, 'kjt.user');
  // a user in a city association's society, so that notifications to it could be seen
  const u = await admin.post('/api/v1/users', { orgId: ctx.ids.orgs['济南市机械工程学会'], username: 'jnjixie.test', displayName: '测试济南', password: 'Chengjie@2026', roles: ['society_admin'] });
  expect(u.status, JSON.stringify(u.body)).toBe(201);
}, 300_000);
afterAll(async () => ctx?.close());

async function relayOnce(name: string, includeSubordinate: boolean | undefined) {
  const year = new Date().getFullYear();
  let p = (await admin.post('/api/v1/programmes', { associationId: ctx.ids.province, presetCode: '001', name, year })).body;
  expect(p.parameters.relayIncludesSubordinateSocieties).toBe(false); // the preset's value (001 §4(1)2)
  if (includeSubordinate !== undefined) {
    const patched = await admin.patch(`/api/v1/programmes/${p.id}`, { version: p.version, parameters: { ...p.parameters, relayIncludesSubordinateSocieties: includeSubordinate } });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    p = patched.body;
  }
  const pub = await admin.post(`/api/v1/programmes/${p.id}/publish`, { version: p.version, confirmPastStages: true });
  expect(pub.status, JSON.stringify(pub.body)).toBe(200);
  const it1 = await kjt.post('/api/v1/items', { programmeId: p.id, title: `${name}事项`, categoryCode: leaf(pub.body.categories), description: '组织专家开展评估。', commissioningMode: 'authorisedCommission', budgetFen: 500_000, expectedPeriod: '6个月' });
  expect(it1.status, JSON.stringify(it1.body)).toBe(201);
  expect((await kjt.post(`/api/v1/items/${it1.body.id}/publish`, { version: it1.body.version })).status).toBe(200);
  const shown = await admin.get(`/api/v1/relays/recipients?programmeId=${p.id}`);
  expect(shown.status, JSON.stringify(shown.body)).toBe(200);
  const relay = await admin.post('/api/v1/relays', { programmeId: p.id, itemIds: [it1.body.id] });
  expect(relay.status, JSON.stringify(relay.body)).toBe(200);
  const todoOrgs = (await rowsOf<{ org_id: string }>(sql`SELECT assignee_org_id AS org_id FROM todos WHERE entity_id = ${relay.body.relayId}`)).map((r) => r.org_id).sort();
  const notified = await rowsOf<{ org_id: string; username: string }>(sql`
    SELECT n.recipient_org_id AS org_id, u.username FROM notifications n JOIN users u ON u.id = n.recipient_user_id WHERE n.entity_id = ${relay.body.relayId}`);
  return { programmeId: p.id as string, itemId: it1.body.id as string, relay: relay.body, shown: shown.body as { includeSubordinate: boolean; societies: { id: string; name: string }[] }, todoOrgs, notified };
}

const societiesWhere = async (q: ReturnType<typeof sql>) => (await rowsOf<{ id: string }>(sql`SELECT id FROM organisations o WHERE o.type = 'society' AND o.is_active AND ${q} ORDER BY id`)).map((r) => r.id).sort();

describe('relay reach (SEL-1)', () => {
  it('by default reaches only the societies attached to the programme’s own association', async () => {
    const r = await relayOnce('直属学会转发测试方案', undefined);
    const direct = await societiesWhere(sql`o.parent_id = ${ctx.ids.province}`);
    expect(direct.length).toBeGreaterThanOrEqual(5);
    expect(r.todoOrgs).toEqual(direct);
    expect(r.relay.societyCount).toBe(direct.length);
    expect(r.shown.includeSubordinate).toBe(false);
    expect(r.shown.societies.map((s) => s.id).sort()).toEqual(direct);
    expect(r.notified.every((n) => direct.includes(n.org_id))).toBe(true);
    expect(r.notified.map((n) => n.username)).toContain('jixie.user');
    expect(r.notified.map((n) => n.username)).not.toContain('jnjixie.test');
    expect(r.todoOrgs).not.toContain(ctx.ids.orgs['济南市机械工程学会']);
    expect(r.todoOrgs).not.toContain(ctx.ids.orgs['青岛市海洋学会']);
    // the city society does not find it in its inbox either
    const jn = await as(ctx.app, 'jnjixie.test');
    expect(((await jn.get('/api/v1/notifications?limit=100')).body.items as { entityId: string }[]).some((n) => n.entityId === r.relay.relayId)).toBe(false);
    // nor in its item list, the item itself, or by declaring on it (the item's reach is the relay's)
    expect(((await jn.get(`/api/v1/items?programmeId=${r.programmeId}&limit=100`)).body.items ?? []).map((i: { id: string }) => i.id)).not.toContain(r.itemId);
    expect((await jn.get(`/api/v1/items/${r.itemId}`)).status).toBe(403);
    expect((await jn.get(`/api/v1/items/${r.itemId}/qualification`)).status).toBe(404);
    const declared = await jn.post(`/api/v1/items/${r.itemId}/declarations`, { capacityStatement: '本学会具备承接该事项的专业能力和人员。', attachmentIds: [] });
    expect(declared.status).toBe(403);
    expect(await rowsOf(sql`SELECT 1 FROM declarations WHERE item_id = ${r.itemId}`)).toEqual([]);
    // while the province's own society sees it and may declare
    const jixie = await as(ctx.app, 'jixie.user');
    const seen = await jixie.get(`/api/v1/items/${r.itemId}`);
    expect(seen.status).toBe(200);
    expect(seen.body.actions).toContain('declare');
  });

  it('with relayIncludesSubordinateSocieties the societies of the city and county associations below are reached too', async () => {
    const r = await relayOnce('含下级学会转发测试方案', true);
    const province = (await rowsOf<{ path: string }>(sql`SELECT path FROM organisations WHERE id = ${ctx.ids.province}`))[0].path;
    const all = await societiesWhere(sql`o.path LIKE ${province + '%'}`);
    expect(all).toContain(ctx.ids.orgs['济南市机械工程学会']);
    expect(all).toContain(ctx.ids.orgs['青岛市海洋学会']);
    expect(r.todoOrgs).toEqual(all);
    expect(r.relay.societyCount).toBe(all.length);
    expect(r.shown.includeSubordinate).toBe(true);
    expect(r.shown.societies.map((s) => s.id).sort()).toEqual(all);
    expect(r.notified.map((n) => n.username)).toEqual(expect.arrayContaining(['jixie.user', 'jnjixie.test']));
    const jn = await as(ctx.app, 'jnjixie.test');
    const note = ((await jn.get('/api/v1/notifications?limit=100')).body.items as { entityId: string; link: string }[]).find((n) => n.entityId === r.relay.relayId);
    expect(note?.link).toBe(`/app/declare?relay=${r.relay.relayId}`);
    const item = await jn.get(`/api/v1/items/${r.itemId}`);
    expect(item.status).toBe(200);
    expect((await jn.get(`/api/v1/items/${r.itemId}/qualification`)).status).toBe(200);
    expect(item.body.actions).toContain('declare');
  });

  it('the parameter is a yes/no, and only the association in scope sees who a relay reaches', async () => {
    const year = new Date().getFullYear();
    const p = (await admin.post('/api/v1/programmes', { associationId: ctx.ids.province, presetCode: '001', name: '参数校验测试方案', year })).body;
    const bad = await admin.patch(`/api/v1/programmes/${p.id}`, { version: p.version, parameters: { ...p.parameters, relayIncludesSubordinateSocieties: '是' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.some((e: { path: string }) => e.path === 'body.parameters.relayIncludesSubordinateSocieties')).toBe(true);
    const jinan = await as(ctx.app, 'jinan.admin');
    expect((await jinan.get(`/api/v1/relays/recipients?programmeId=${p.id}`)).status).toBe(403);
    const jixie = await as(ctx.app, 'jixie.user');
    expect((await jixie.get(`/api/v1/relays/recipients?programmeId=${p.id}`)).status).toBe(403);
  });
});
