// Issue 11 §1, on both drivers: everything hanging off a programme checks the programme's scope. A
// draft programme is read only by its own association's staff who manage programmes — not by the
// association above it, other associations, departments, experts, evaluators or finance bureaus —
// and so are its Excel template, exports, records, lists and change history. A published programme
// is read along the tree: inside its association's subtree, and by those whose scope holds it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { TestClient, as, createTestContext, type TestContext } from '../../testing/harness.js';

let ctx: TestContext;
let draftId: string;
const users = ['jinan.admin', 'sheng.admin', 'qingdao.admin', 'kjt.user', 'expert.wang', 'pinggu.user', 'jncz.user'] as const;
type User = (typeof users)[number];
const client = {} as Record<User, TestClient>;

beforeAll(async () => {
  ctx = await createTestContext();
  for (const u of users) client[u] = await as(ctx.app, u);
  draftId = ctx.ids.programmes.jinan;
}, 120_000);
afterAll(async () => ctx?.close());

/** Every GET that hangs off a programme (by path or by filter). */
const routesOf = (id: string) => [
  `/api/v1/programmes/${id}`,
  `/api/v1/programmes/${id}/items/template`,
  `/api/v1/programmes/${id}/meetings`,
  `/api/v1/programmes/${id}/briefings`,
  `/api/v1/programmes/${id}/stage-reports`,
  `/api/v1/programmes/${id}/training-records`,
  `/api/v1/items?programmeId=${id}`,
  `/api/v1/items/export?programmeId=${id}`,
  `/api/v1/demand-entries?programmeId=${id}`,
  `/api/v1/declarations?programmeId=${id}`,
  `/api/v1/countersigns?programmeId=${id}`,
  `/api/v1/projects?programmeId=${id}`,
  `/api/v1/audit?entityType=programme&entityId=${id}`,
  `/api/v1/relays/recipients?programmeId=${id}`,
];

async function listed(c: TestClient, id: string): Promise<boolean> {
  const res = await c.get('/api/v1/programmes?limit=100');
  expect(res.status).toBe(200);
  return (res.body.items as { id: string }[]).some((p) => p.id === id);
}

describe('a draft programme and everything hanging off it (issue 11 §1)', () => {
  it('is Jinan\'s own: its administrator reads the programme, the template, the records, the lists and the history', async () => {
    const jinan = client['jinan.admin'];
    for (const url of routesOf(draftId)) expect((await jinan.get(url)).status, url).toBe(200);
    expect((await jinan.get(`/api/v1/programmes/${draftId}`)).body.status).toBe('draft');
    expect(await listed(jinan, draftId)).toBe(true);
  });

  it.each(users.filter((u) => u !== 'jinan.admin'))('is refused to %s through every route, and not listed', async (u) => {
    const c = client[u];
    for (const url of routesOf(draftId)) {
      const res = await c.get(url);
      expect([403, 404], `${u} GET ${url} → ${res.status}`).toContain(res.status);
    }
    expect(await listed(c, draftId)).toBe(false);
  });

  it('leaves no trace of it in the province\'s audit log: not by id, by action, nor in the export', async () => {
    const admin = client['sheng.admin'];
    const byId = await admin.get(`/api/v1/audit?entityId=${draftId}&limit=100`);
    expect(byId.status).toBe(200);
    expect(byId.body.items).toEqual([]);
    const byAction = await admin.get('/api/v1/audit?action=programme&limit=100');
    expect(byAction.status).toBe(200);
    expect((byAction.body.items as { entityId: string }[]).map((e) => e.entityId)).not.toContain(draftId);
    const exported = await admin.request('GET', '/api/v1/audit/export?action=programme');
    expect(exported.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exported.raw as unknown as ArrayBuffer);
    const cells: string[] = [];
    wb.worksheets[0].eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value ?? ''))));
    expect(cells.length).toBeGreaterThan(7); // headers and the province's own programme rows
    expect(cells.some((t) => t.includes('济南市科协学会服务能力提升计划'))).toBe(false);
    // while Jinan reads its own history
    expect((await client['jinan.admin'].get(`/api/v1/audit?entityId=${draftId}&limit=100`)).body.items.length).toBeGreaterThan(0);
  });

  it('refuses the province changing or publishing Jinan\'s draft it cannot read', async () => {
    const v = (await client['jinan.admin'].get(`/api/v1/programmes/${draftId}`)).body.version;
    const patch = await client['sheng.admin'].patch(`/api/v1/programmes/${draftId}`, { version: v, name: '省科协越权修改的方案' });
    expect(patch.status).toBe(403);
    const pub = await client['sheng.admin'].post(`/api/v1/programmes/${draftId}/publish`, { version: v, confirmPastStages: true });
    expect(pub.status).toBe(403);
    expect((await client['jinan.admin'].get(`/api/v1/programmes/${draftId}`)).body.version).toBe(v);
  });

  it('is not on the public portal', async () => {
    const anon = new TestClient(ctx.app);
    expect((await anon.get(`/api/v1/public/programmes/${draftId}`)).status).toBe(404);
    const list = await anon.get('/api/v1/public/programmes?limit=100');
    expect((list.body.items as { id: string }[]).map((p) => p.id)).not.toContain(draftId);
  });
});

describe('published programmes are read along the tree (issue 11 §1)', () => {
  const expectRead = async (id: string, readers: User[], others: User[]) => {
    for (const u of readers) {
      expect((await client[u].get(`/api/v1/programmes/${id}`)).status, `${u} reads`).toBe(200);
      // the template: to whoever reads the programme and holds item.read (refused by permission otherwise)
      const t = await client[u].get(`/api/v1/programmes/${id}/items/template`);
      expect(t.status === 200 || t.body?.code === 'FORBIDDEN', `${u} template ${t.status}`).toBe(true);
      expect(await listed(client[u], id), `${u} lists`).toBe(true);
    }
    for (const u of others) {
      expect((await client[u].get(`/api/v1/programmes/${id}`)).status, `${u} refused`).toBe(403);
      expect([403, 404], `${u} template`).toContain((await client[u].get(`/api/v1/programmes/${id}/items/template`)).status);
      expect(await listed(client[u], id), `${u} does not list`).toBe(false);
    }
  };

  it('the province\'s: everyone in the province tree', async () => {
    await expectRead(ctx.ids.programmes.shandong, [...users], []);
  });

  it('Qingdao\'s: Qingdao, the province over it and the province\'s evaluator and experts — not Jinan, its finance bureau or a province department', async () => {
    await expectRead(ctx.ids.programmes.qingdao, ['qingdao.admin', 'sheng.admin', 'pinggu.user', 'expert.wang'], ['jinan.admin', 'jncz.user', 'kjt.user']);
  });

  it('Jinan\'s, once published: now the province, Jinan\'s finance bureau, the evaluator and the experts over it read it too', async () => {
    const p = (await client['jinan.admin'].get(`/api/v1/programmes/${draftId}`)).body;
    const pub = await client['jinan.admin'].post(`/api/v1/programmes/${draftId}/publish`, { version: p.version, confirmPastStages: true });
    expect(pub.status, JSON.stringify(pub.body)).toBe(200);
    await expectRead(draftId, ['jinan.admin', 'sheng.admin', 'jncz.user', 'pinggu.user', 'expert.wang'], ['qingdao.admin', 'kjt.user']);
    // the records of a published programme: the associations over it read them
    expect((await client['sheng.admin'].get(`/api/v1/programmes/${draftId}/meetings`)).status).toBe(200);
    expect((await client['qingdao.admin'].get(`/api/v1/programmes/${draftId}/meetings`)).status).toBe(403);
  });
});
