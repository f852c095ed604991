// Issue 11 §1 (SEL-6), on both drivers: a declaration the association did not recommend stays with its
// society and the association. The department and the review offices read only what was recommended
// to them — in the declaration detail, the item detail (list and count), the declarations list and
// the countersign list — before and after the item is decided.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { TestClient, as, createTestContext, type TestContext } from '../../testing/harness.js';

let ctx: TestContext;
let admin: TestClient;
let kjt: TestClient;
let gxt: TestClient;
let expert: TestClient;
const offices: TestClient[] = [];
const society: Record<'jixie' | 'yixue' | 'jisuanji' | 'nongxue', TestClient> = {} as never;

interface Category {
  code: string;
  children?: Category[];
}
const leafOf = (cats: Category[]): string => (cats[0].children ? leafOf(cats[0].children) : cats[0].code);

let programmeId: string;
let manualIdx: number[];
let itemId: string;
/** jixie: recommended, then selected; yixue: recommended, then closed by the choice;
 * jisuanji: not recommended; nongxue: recommended, reconsidered, then not recommended. */
const decl: Record<'jixie' | 'yixue' | 'jisuanji' | 'nongxue', string> = {} as never;
let countersignId: string;

/** An account of its own for the test (the demo's accounts may change; the organisations stay). */
async function makeUser(orgName: string, username: string, role: string): Promise<TestClient> {
  const res = await admin.post('/api/v1/users', { orgId: ctx.ids.orgs[orgName], username, displayName: `测试${username.slice(-4)}`, password: 'Chengjie@2026', roles: [role] });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return as(ctx.app, username);
}

beforeAll(async () => {
  ctx = await createTestContext();
  admin = await as(ctx.app, 'sheng.admin');
  kjt = await as(ctx.app, 'kjt.user');
  gxt = await makeUser('山东省工业和信息化厅', 'scope.gxt', 'department_user');
  expert = await as(ctx.app, 'expert.wang');
  for (const u of ['fgw.user', 'mzt.user', 'czt.user', 'fzb.user', 'bianban.user']) offices.push(await as(ctx.app, u));
  society.jixie = await as(ctx.app, 'jixie.user');
  society.yixue = await makeUser('山东省医学会', 'scope.yixue', 'society_admin');
  society.jisuanji = await makeUser('山东省计算机学会', 'scope.jisuanji', 'society_admin');
  society.nongxue = await makeUser('山东省农学会', 'scope.nongxue', 'society_admin');
  programmeId = ctx.ids.programmes.shandong;
  const p = (await admin.get(`/api/v1/programmes/${programmeId}`)).body as { categories: Category[]; parameters: { qualificationConditions: { rule: string }[] } };
  manualIdx = p.parameters.qualificationConditions.map((c, i) => (c.rule === 'manual' ? i : -1)).filter((i) => i >= 0);
  const created = await kjt.post('/api/v1/items', { programmeId, title: '申报可见范围测试事项', categoryCode: leafOf(p.categories), description: '组织专家开展评估并形成报告。', commissioningMode: 'authorisedCommission', budgetFen: 1_000_000, expectedPeriod: '6个月' });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const pub = await kjt.post(`/api/v1/items/${created.body.id}/publish`, { version: created.body.version });
  expect(pub.status, JSON.stringify(pub.body)).toBe(200);
  itemId = created.body.id;
  const relay = await admin.post('/api/v1/relays', { programmeId, itemIds: [itemId] });
  expect(relay.status, JSON.stringify(relay.body)).toBe(200);
  for (const k of ['jixie', 'yixue', 'jisuanji', 'nongxue'] as const) {
    const d = await society[k].post(`/api/v1/items/${itemId}/declarations`, { capacityStatement: '本会设有专业委员会，近三年承担同类项目多项。' });
    expect(d.status, JSON.stringify(d.body)).toBe(201);
    decl[k] = d.body.id;
  }
}, 180_000);
afterAll(async () => ctx?.close());

async function review(id: string, decision: 'recommend' | 'notRecommend' | 'reconsider', manual: number[] = manualIdx) {
  const cur = (await admin.get(`/api/v1/declarations/${id}`)).body;
  const res = await admin.post(`/api/v1/declarations/${id}/review`, { version: cur.version, decision, opinion: '审核意见：经研究决定。', ...(decision === 'recommend' ? { manualConfirmed: manual } : {}) });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

const ids = (items: { id: string }[]) => items.map((x) => x.id).sort();
const sorted = (...xs: string[]) => [...xs].sort();

/** Everything a reader gets to see of the item's declarations, through every path. */
async function seenBy(c: TestClient) {
  const item = await c.get(`/api/v1/items/${itemId}`);
  const list = await c.get(`/api/v1/declarations?itemId=${itemId}&limit=100&count=exact`);
  const byProgramme = await c.get(`/api/v1/declarations?programmeId=${programmeId}&limit=100`);
  const detail: Record<string, number> = {};
  for (const [k, id] of Object.entries(decl)) detail[k] = (await c.get(`/api/v1/declarations/${id}`)).status;
  return {
    itemStatus: item.status,
    itemDeclarations: item.status === 200 ? ids(item.body.declarations) : null,
    itemCount: item.status === 200 ? (item.body.declarationCount as number) : null,
    list: list.status === 200 ? ids(list.body.items) : null,
    listTotal: list.status === 200 ? (list.body.total as number) : null,
    inProgrammeList: byProgramme.status === 200 ? (byProgramme.body.items as { id: string }[]).map((x) => x.id).filter((x) => Object.values(decl).includes(x)).sort() : null,
    detail,
  };
}

describe('declarations not recommended stay with their society and the association (issue 11 §1, SEL-6)', () => {
  it('while the association reviews: the department reads only the recommended one; reconsidering takes it back', async () => {
    await review(decl.jixie, 'recommend');
    await review(decl.jisuanji, 'notRecommend', []);
    await review(decl.nongxue, 'recommend');
    // recommended: the department sees it…
    expect((await kjt.get(`/api/v1/declarations/${decl.nongxue}`)).status).toBe(200);
    // …and when the association reconsiders, no more (recommended_at cleared)
    await review(decl.nongxue, 'reconsider');
    await review(decl.nongxue, 'notRecommend', []);
    await review(decl.yixue, 'recommend');
    const rec = [decl.jixie, decl.yixue];
    const dept = await seenBy(kjt);
    expect(dept.itemDeclarations).toEqual(sorted(...rec));
    expect(dept.itemCount).toBe(2);
    expect(dept.list).toEqual(sorted(...rec));
    expect(dept.listTotal).toBe(2);
    expect(dept.inProgrammeList).toEqual(sorted(...rec));
    expect(dept.detail).toEqual({ jixie: 200, yixue: 200, jisuanji: 403, nongxue: 403 });
    // the association sees all four, each society its own
    const assoc = await seenBy(admin);
    expect(assoc.itemDeclarations).toEqual(sorted(...Object.values(decl)));
    expect(assoc.itemCount).toBe(4);
    expect(assoc.detail).toEqual({ jixie: 200, yixue: 200, jisuanji: 200, nongxue: 200 });
    const own = await seenBy(society.jisuanji);
    expect(own.itemDeclarations).toEqual([decl.jisuanji]);
    expect(own.itemCount).toBe(1);
    expect(own.detail).toEqual({ jixie: 403, yixue: 403, jisuanji: 200, nongxue: 403 });
    // no countersign yet: the review offices see nothing
    for (const o of offices) expect((await seenBy(o)).detail).toEqual({ jixie: 403, yixue: 403, jisuanji: 403, nongxue: 403 });
    // another department, an expert: nothing
    expect((await seenBy(gxt)).detail).toEqual({ jixie: 403, yixue: 403, jisuanji: 403, nongxue: 403 });
    expect((await seenBy(expert)).detail).toEqual({ jixie: 403, yixue: 403, jisuanji: 403, nongxue: 403 });
  });

  it('in countersign: each review office reads the recommended societies only, in the countersign list too', async () => {
    const send = await admin.post('/api/v1/countersigns', { programmeId, itemIds: [itemId], title: '申报可见范围测试清单' });
    expect(send.status, JSON.stringify(send.body)).toBe(201);
    countersignId = send.body.id;
    for (const o of offices) {
      const seen = await seenBy(o);
      expect(seen.itemDeclarations).toEqual(sorted(decl.jixie, decl.yixue));
      expect(seen.itemCount).toBe(2);
      expect(seen.list).toEqual(sorted(decl.jixie, decl.yixue));
      expect(seen.detail).toEqual({ jixie: 200, yixue: 200, jisuanji: 403, nongxue: 403 });
      const cs = await o.get(`/api/v1/countersigns/${countersignId}`);
      expect(cs.body.items[0].recommended.map((r: { declarationId: string }) => r.declarationId).sort()).toEqual(sorted(decl.jixie, decl.yixue));
    }
    let cs = send.body;
    for (const o of offices) {
      const r = await o.post(`/api/v1/countersigns/${countersignId}/opinion`, { version: cs.version, decision: 'agree', opinion: '同意' });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      cs = r.body;
    }
    const appr = await admin.post(`/api/v1/countersigns/${countersignId}/approve`, { version: cs.version, approvalDocument: '鲁政字〔测试〕1号', approvedOn: new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10) });
    expect(appr.status, JSON.stringify(appr.body)).toBe(200);
  });

  it('after the department decides: the recommended ones stay readable (selected and closed), the others stay closed to it', async () => {
    const d = (await kjt.get(`/api/v1/items/${itemId}`)).body;
    const pick = await kjt.post(`/api/v1/items/${itemId}/select`, { version: d.version, declarationId: decl.jixie, reason: '专家资源和同类经验更优。' });
    expect(pick.status, JSON.stringify(pick.body)).toBe(201);
    // all but the chosen one are closed now
    const statuses = Object.fromEntries(await Promise.all(Object.entries(decl).map(async ([k, id]) => [k, (await admin.get(`/api/v1/declarations/${id}`)).body.status])));
    expect(statuses).toEqual({ jixie: 'selected', yixue: 'closed', jisuanji: 'closed', nongxue: 'closed' });
    for (const reader of [kjt, ...offices]) {
      const seen = await seenBy(reader);
      expect(seen.itemDeclarations).toEqual(sorted(decl.jixie, decl.yixue));
      expect(seen.itemCount).toBe(2);
      expect(seen.list).toEqual(sorted(decl.jixie, decl.yixue));
      expect(seen.inProgrammeList).toEqual(sorted(decl.jixie, decl.yixue));
      expect(seen.detail).toEqual({ jixie: 200, yixue: 200, jisuanji: 403, nongxue: 403 });
      const closed = await reader.get(`/api/v1/declarations?itemId=${itemId}&status=closed`);
      expect(ids(closed.body.items)).toEqual([decl.yixue]);
    }
    // the closed societies still read their own, with the reason
    const mine = await society.jisuanji.get(`/api/v1/declarations/${decl.jisuanji}`);
    expect(mine.status).toBe(200);
    expect(mine.body.closedReason).toContain('专家资源和同类经验更优');
  });

  it('keeps recommended_at through select and close, and only where the association recommended', async () => {
    const rows = (await ctx.database.db.execute(sql`SELECT id, status, recommended_at FROM declarations WHERE item_id = ${itemId}`)) as unknown as { rows: { id: string; status: string; recommended_at: unknown }[] };
    const byId = new Map(rows.rows.map((r) => [r.id, r.recommended_at !== null]));
    expect(Object.fromEntries(Object.entries(decl).map(([k, id]) => [k, byId.get(id)]))).toEqual({ jixie: true, yixue: true, jisuanji: false, nongxue: false });
  });

  it('the migration fills recommended_at from the history as the use cases set it (demo data)', async () => {
    const db = ctx.database.db;
    const before = (await db.execute(sql`SELECT id, recommended_at IS NOT NULL AS r FROM declarations ORDER BY id`)) as unknown as { rows: { id: string; r: boolean }[] };
    expect(before.rows.some((r) => r.r)).toBe(true);
    expect(before.rows.some((r) => !r.r)).toBe(true);
    const file = path.join(path.dirname(new URL(import.meta.url).pathname), '../../db/migrations/0010_declaration_recommended_at.sql');
    const statements = fs.readFileSync(file, 'utf8').split('--> statement-breakpoint').slice(1);
    expect(statements.length).toBeGreaterThanOrEqual(3);
    await db.transaction(async (tx) => {
      await tx.execute(sql`UPDATE declarations SET recommended_at = NULL`);
      for (const s of statements) await tx.execute(sql.raw(s));
      const after = (await tx.execute(sql`SELECT id, recommended_at IS NOT NULL AS r FROM declarations ORDER BY id`)) as unknown as { rows: { id: string; r: boolean }[] };
      expect(after.rows).toEqual(before.rows);
      tx.rollback();
    }).catch((e: unknown) => {
      if (!(e instanceof Error && /rollback/i.test(e.message))) throw e;
    });
  });
});
