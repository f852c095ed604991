// PUB-1, X-5 through HTTP on both drivers: what the public sees without login.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient, as, createTestContext, type TestContext } from '../../testing/harness.js';

let ctx: TestContext;
let anon: TestClient;
let kjt: TestClient;

beforeAll(async () => {
  ctx = await createTestContext();
  anon = new TestClient(ctx.app);
  kjt = await as(ctx.app, 'kjt.user');
});
afterAll(async () => ctx?.close());

interface PublicItem {
  id: string;
  title: string;
  categoryCode: string;
  status: string;
  publishedAt: string;
}

describe('public items, catalogue and results (PUB-1)', () => {
  it('lists published items newest first, never drafts, with the total when asked', async () => {
    const res = await anon.get('/api/v1/public/items?limit=100&count=exact');
    expect(res.status).toBe(200);
    const titles = res.body.items.map((i: PublicItem) => i.title);
    expect(titles).toContain('省级科研和创新基地运行绩效评估');
    expect(titles).not.toContain('急需紧缺人才培养和科技人员继续教育'); // the demo draft
    expect(res.body.total).toBe(res.body.items.length);
    const dates = res.body.items.map((i: PublicItem) => i.publishedAt);
    expect([...dates].sort().reverse()).toEqual(dates);
  });

  it('pages by key: no row twice, none lost, and no total unless asked', async () => {
    const all = (await anon.get('/api/v1/public/items?limit=100')).body.items.map((i: PublicItem) => i.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: PublicItem[]; nextCursor: string | null; total?: number } } = await anon.get(`/api/v1/public/items?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.body).not.toHaveProperty('total');
      seen.push(...page.body.items.map((i) => i.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
    expect((await anon.get('/api/v1/public/items?limit=2&count=estimate')).body.total).toBe(all.length);
  });

  it('pages the catalogue and the results by key to their end', async () => {
    for (const path of ['/api/v1/public/demand-entries', '/api/v1/public/projects']) {
      const all = (await anon.get(`${path}?limit=100&count=exact`)).body;
      expect(all.total).toBe(all.items.length);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await anon.get(`${path}?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...page.body.items.map((i) => i.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen, path).toEqual(all.items.map((i: { id: string }) => i.id));
    }
  });

  it('filters by category, and refuses a malformed category or cursor with a Chinese message', async () => {
    const res = await anon.get('/api/v1/public/items?categoryCode=standard_tcm');
    expect(res.body.items.map((i: PublicItem) => i.title)).toEqual(['中医药领域团体标准研制']);
    expect(res.body.items[0].categoryLabel).toBe('技术标准研制（团体标准） / 中医药');
    expect((await anon.get('/api/v1/public/items?categoryCode=DROP%20TABLE')).status).toBe(400);
    const bad = await anon.get('/api/v1/public/items?cursor=xyz');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].message).toBe('分页游标无效');
  });

  it('keeps a withdrawn item readable with its reason and every version (FUN-3)', async () => {
    const list = (await anon.get('/api/v1/public/items?limit=100')).body.items as PublicItem[];
    const g = list.find((i) => i.status === 'withdrawn')!;
    const res = await anon.get(`/api/v1/public/items/${g.id}`);
    expect(res.body.withdrawReason).toBe('该事项并入省科技计划整体评估，不再单独转移');
    expect(res.body.revisions.map((r: { changeKind: string }) => r.changeKind)).toEqual(['withdraw', 'amend', 'publish']);
    expect(res.body.revisions[2].snapshot.title).toBe('省级科研项目完成情况评估');
    expect(res.body.revisions[1].reason).toBe('评估范围扩大到成果转化情况');
  });

  it('answers 404 for a draft item, as if it did not exist', async () => {
    const drafts = (await kjt.get('/api/v1/items?status=draft')).body.items;
    expect(drafts.length).toBeGreaterThan(0);
    expect((await anon.get(`/api/v1/public/items/${drafts[0].id}`)).status).toBe(404);
  });

  it('shows the demand catalogue with purchase method and versions, and the selection results', async () => {
    const cat = await anon.get('/api/v1/public/demand-entries');
    expect(cat.body.items.map((e: { purchaseMethodLabel: string }) => e.purchaseMethodLabel).sort()).toEqual(['委托', '招投标', '招投标']);
    const amended = cat.body.items.find((e: { revision: number }) => e.revision === 2);
    const detail = await anon.get(`/api/v1/public/demand-entries/${amended.id}`);
    expect(detail.body.revisions.map((r: { reason: string | null }) => r.reason)).toEqual(['增加重点产业链专题', null]);
    expect(detail.body).toMatchObject({ departmentName: '山东省科学技术厅', associationName: '山东省科学技术协会' });
    expect(detail.body.associationId).toBe(ctx.ids.province);
    const results = await anon.get('/api/v1/public/projects');
    expect(results.body.items.map((r: { title: string }) => r.title).sort()).toEqual(['新能源汽车团体标准研制', '省级科研和创新基地运行绩效评估', '科技政策落实情况第三方评估', '全省科普工作绩效第三方评估', '省级技术创新中心建设情况评估', '农业科技推广政策落实情况第三方评估', '医学科研诚信状况调查评估', '中医药适宜技术推广应用评估'].sort());
    expect(results.body.items.find((r: { title: string }) => r.title === '省级科研和创新基地运行绩效评估')).toMatchObject({ societyName: '山东省机械工程学会', departmentName: '山东省科学技术厅' });
  });
});

describe('Chinese full-text search (X-5), same answers on both drivers', () => {
  const search = async (q: string, type?: string) => (await anon.get(`/api/v1/public/search?q=${encodeURIComponent(q)}${type ? `&type=${type}` : ''}`)).body.items as { type: string; title: string }[];

  it('finds items by any word of the title or description', async () => {
    expect((await search('工业机器人')).map((r) => r.title)).toEqual(['工业机器人团体标准研制']);
    expect((await search('机器人')).map((r) => r.title)).toEqual(['工业机器人团体标准研制']);
    expect((await search('考场组织')).map((r) => r.title)).toEqual(['工程技术领域职业资格考试考务']); // a word of the description
    expect((await search('职业资格')).map((r) => r.title)).toEqual(['工程技术领域职业资格考试考务']);
  });

  it('finds catalogue entries and projects, and filters by type', async () => {
    expect((await search('产业链', 'demand')).map((r) => r.title)).toEqual(['全省高新技术产业发展调查研究']);
    const both = await search('科研');
    expect(both.map((r) => r.type).sort()).toEqual(expect.arrayContaining(['item', 'project']));
    expect((await search('科研', 'project')).map((r) => r.title).sort()).toEqual(['医学科研诚信状况调查评估', '省级科研和创新基地运行绩效评估'].sort());
  });

  it('takes the newest matching items, whether they fill from the newest items or need every match, and ranks them', async () => {
    const items = async (q: string, limit: number) =>
      ((await anon.get(`/api/v1/public/search?q=${encodeURIComponent(q)}&type=item&limit=${limit}`)).body.items as { title: string; at: string }[]);
    const all = await items('评估', 50); // several visible items: every match
    expect(all.length).toBeGreaterThan(2);
    const newest = [...all].sort((a, b) => b.at.localeCompare(a.at));
    // limit 1 and 2: the page fills inside the window of newest items — exactly the newest matches
    expect((await items('评估', 1)).map((r) => r.title)).toEqual(newest.slice(0, 1).map((r) => r.title));
    expect((await items('评估', 2)).map((r) => r.title).sort()).toEqual(newest.slice(0, 2).map((r) => r.title).sort());
    // one ranked list: the items naming the word in their title before those matching in the description
    const inTitle = all.map((r) => r.title.includes('评估'));
    expect(inTitle).toEqual([...inTitle].sort((a, b) => Number(b) - Number(a)));
    expect(inTitle).toContain(true);
    // none twice
    expect(new Set(all.map((r) => r.title)).size).toBe(all.length);
  });

  it('never finds drafts, and answers an empty list for punctuation or an unknown word', async () => {
    expect(await search('继续教育')).toEqual([]); // only in the demo draft
    expect(await search('，。！')).toEqual([]);
    expect(await search('量子引力')).toEqual([]);
    expect((await anon.get('/api/v1/public/search?q=')).status).toBe(400);
  });
});

describe('category labels of the item lists (category-labels.ts: cached per programme version)', () => {
  it('follow an edit of the programme’s categories on the next page, public and signed in', async () => {
    type Node = { code: string; name: string; children?: Node[] };
    type Row = { id: string; programmeId: string; categoryCode: string; categoryLabel: string };
    const admin = await as(ctx.app, 'sheng.admin');
    const publicRows = async (): Promise<Row[]> => (await anon.get('/api/v1/public/items?limit=100')).body.items;
    const staffRows = async (): Promise<Row[]> => (await admin.get('/api/v1/items?limit=100')).body.items;
    const before = await publicRows();
    const p = (await admin.get(`/api/v1/programmes/${before[0].programmeId}`)).body as { id: string; version: number; categories: Node[] };
    const code = before[0].categoryCode;
    // twice, so that the second reading is the cache's
    expect((await publicRows()).find((r) => r.id === before[0].id)?.categoryLabel).toBe(before[0].categoryLabel);
    const staffBefore = (await staffRows()).find((r) => r.id === before[0].id);
    expect(staffBefore?.categoryLabel).toBe(before[0].categoryLabel);
    const rename = (nodes: Node[]): Node[] => nodes.map((n) => ({ ...n, name: n.code === code ? `${n.name}（新）` : n.name, ...(n.children ? { children: rename(n.children) } : {}) }));
    const res = await admin.patch(`/api/v1/programmes/${p.id}`, { version: p.version, categories: rename(p.categories), reason: '类别名称调整' });
    expect(res.status).toBe(200);
    expect((await publicRows()).find((r) => r.id === before[0].id)?.categoryLabel).toBe(`${before[0].categoryLabel}（新）`);
    expect((await staffRows()).find((r) => r.id === before[0].id)?.categoryLabel).toBe(`${before[0].categoryLabel}（新）`);
    // the item's detail reads the tree itself: the same label
    expect((await admin.get(`/api/v1/items/${before[0].id}`)).body.categoryLabel).toBe(`${before[0].categoryLabel}（新）`);
  });
});
