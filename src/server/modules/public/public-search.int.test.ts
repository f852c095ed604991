// X-5 (issue 14 §3) through HTTP on both drivers: the public search covers briefings, progress
// disclosures and typical cases beside items, catalogue entries and projects, in one ranked list
// with the kind of each hit. A briefing is found by a word of its body, a progress disclosure by its
// title and public summary — never by a word of the report's internal body —, a case by its
// write-up; a withdrawn one is not found; a briefing edited on the portal is found by its new words.
// A hit naming the word in its title ranks before a newer one matching elsewhere. Rows published
// before the vectors existed are made searchable once by the start-up backfill, which a second run
// leaves as it is.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { TestClient, as, createTestContext, type TestContext } from '../../testing/harness.js';
import { backfillSearchVectors, missingSearchVectors } from './search-backfill.js';

let ctx: TestContext;
let anon: TestClient;
let admin: TestClient;
let kjt: TestClient;
let jixie: TestClient;
let programmeId: string;
let implementing: string;
let passed: string;

const idOf = async (q: ReturnType<typeof sql>) => ((await ctx.database.db.execute(q)) as unknown as { rows: { id: string }[] }).rows[0].id;

beforeAll(async () => {
  ctx = await createTestContext();
  anon = new TestClient(ctx.app);
  [admin, kjt, jixie] = await Promise.all(['sheng.admin', 'kjt.user', 'jixie.user'].map((u) => as(ctx.app, u)));
  programmeId = ctx.ids.programmes.shandong;
  implementing = await idOf(sql`SELECT id FROM pilot_projects WHERE title = '省级科研和创新基地运行绩效评估'`);
  passed = await idOf(sql`SELECT id FROM pilot_projects WHERE title = '医学科研诚信状况调查评估'`);
}, 120_000);
afterAll(async () => ctx?.close());

interface Hit {
  type: string;
  typeLabel: string;
  id: string;
  title: string;
  summary: string | null;
  orgName: string;
  orgLabel: string;
  statusLabel: string;
  at: string;
}
const search = async (q: string, type?: string): Promise<Hit[]> => {
  const r = await anon.get(`/api/v1/public/search?q=${encodeURIComponent(q)}${type ? `&type=${type}` : ''}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.items;
};
const kinds = (hits: Hit[]) => hits.map((h) => `${h.type}:${h.title}`);

async function briefing(title: string, body: string, disclose: boolean) {
  const next = (await admin.get(`/api/v1/programmes/${programmeId}/briefings`)).body.nextIssueNo;
  const r = await admin.post(`/api/v1/programmes/${programmeId}/briefings`, { issueNo: next, title, issuedOn: '2026-05-20', body, disclose });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: string; rowVersion: number };
}

describe('one ranked search over every public kind (X-5)', () => {
  it('finds a published briefing by a word of its body, and follows its edits and its withdrawal', async () => {
    const internal = await briefing('内部通报（未公开）', '冷链物流试点的内部情况。', false);
    expect(await search('冷链物流')).toEqual([]); // not on the portal, not searchable
    const b = await briefing('冷链物流领域承接工作简报', '本期介绍冷链物流行业协会承接标准制定的情况。', true);
    const hits = await search('冷链物流');
    expect(hits).toEqual([expect.objectContaining({ type: 'briefing', typeLabel: '工作简报', id: b.id, orgName: '山东省科学技术协会', orgLabel: '编发单位' })]);
    expect(hits[0].statusLabel).toMatch(/^第 \d+ 期$/);
    expect(hits.map((h) => h.id)).not.toContain(internal.id);

    // edited on the portal: found by its new words, no longer by the old ones
    const edited = await admin.put(`/api/v1/briefings/${b.id}`, { issueNo: (await admin.get(`/api/v1/briefings/${b.id}`)).body.issueNo, title: '冷链物流领域承接工作简报', issuedOn: '2026-05-20', body: '本期介绍珊瑚礁保护协会的承接情况。', attachmentIds: [], rowVersion: b.rowVersion });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(kinds(await search('珊瑚礁'))).toEqual(['briefing:冷链物流领域承接工作简报']);
    expect(await search('行业协会承接标准')).toEqual([]);

    // withdrawn: not found
    const wd = await admin.post(`/api/v1/briefings/${b.id}/withdraw-disclosure`, { rowVersion: edited.body.rowVersion, reason: '数据需核实' });
    expect(wd.status, JSON.stringify(wd.body)).toBe(200);
    expect(await search('珊瑚礁')).toEqual([]);
    expect(await search('冷链物流', 'briefing')).toEqual([]);
    // published again: found again
    expect((await admin.post(`/api/v1/briefings/${b.id}/publish`, { rowVersion: wd.body.rowVersion })).status).toBe(200);
    expect(kinds(await search('珊瑚礁'))).toEqual(['briefing:冷链物流领域承接工作简报']);
  });

  it('finds a progress disclosure by its title and public summary, never by a word of the internal body', async () => {
    const filed = await jixie.post(`/api/v1/projects/${implementing}/progress-reports`, { title: '候鸟迁徙监测点评估进展', body: '内部：雪豹栖息地调查数据和专家名单暂不公开。' });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    const ack = await kjt.post(`/api/v1/progress-reports/${filed.body.id}/acknowledge`, { rowVersion: filed.body.rowVersion });
    expect(ack.status).toBe(200);
    expect(await search('候鸟迁徙')).toEqual([]); // acknowledged, not disclosed
    const pub = await admin.post(`/api/v1/progress-reports/${filed.body.id}/publish`, { rowVersion: ack.body.rowVersion, publicSummary: '已完成湿地监测点布设和首轮数据采集。' });
    expect(pub.status, JSON.stringify(pub.body)).toBe(200);

    const byTitle = await search('候鸟迁徙');
    expect(byTitle).toEqual([expect.objectContaining({ type: 'progress', typeLabel: '项目进展', id: filed.body.id, summary: '已完成湿地监测点布设和首轮数据采集。', orgName: '山东省机械工程学会', orgLabel: '承接学会' })]);
    expect(kinds(await search('湿地监测', 'progress'))).toEqual(['progress:候鸟迁徙监测点评估进展']);
    // the internal body is not indexed
    expect(await search('雪豹')).toEqual([]);
    expect(await search('专家名单', 'progress')).toEqual([]);

    const wd = await admin.post(`/api/v1/progress-reports/${filed.body.id}/withdraw-disclosure`, { rowVersion: pub.body.rowVersion, reason: '摘要需修改' });
    expect(wd.status, JSON.stringify(wd.body)).toBe(200);
    expect(await search('候鸟迁徙')).toEqual([]);
    expect(await search('湿地监测')).toEqual([]);
  });

  it('finds a published case, ranks a title hit before a newer match elsewhere, and forgets a withdrawn case', async () => {
    await briefing('盐田湿地承接工作简报', '本期通报。', true);
    const c = await admin.post('/api/v1/typical-cases', {
      projectId: passed,
      title: '医学科研诚信评估的组织方式',
      summary: '学会组织开展调查评估。',
      body: '评估组借鉴了盐田湿地保护项目的分层抽样方法。',
      experience: '专家组与被评估机构分离。',
      tags: ['科研诚信'],
    });
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    expect(await search('盐田湿地', 'case')).toEqual([]); // a draft is not searchable
    const pub = await admin.post(`/api/v1/typical-cases/${c.body.id}/publish`, { rowVersion: c.body.rowVersion });
    expect(pub.status).toBe(200);

    // one list: the briefing names the word in its title, the newer case only in its body
    const hits = await search('盐田湿地');
    expect(kinds(hits)).toEqual(['briefing:盐田湿地承接工作简报', 'case:医学科研诚信评估的组织方式']);
    expect(hits[1].at > hits[0].at).toBe(true);
    expect(hits[1]).toMatchObject({ typeLabel: '典型案例', orgName: '山东省医学会', orgLabel: '承接学会' });
    // a word of the case's tags, and of its project's society, find it too
    expect(kinds(await search('科研诚信', 'case'))).toContain('case:医学科研诚信评估的组织方式');
    // every kind in one answer, each labelled
    const mixed = await search('评估');
    expect([...new Set(mixed.map((h) => h.type))]).toEqual(expect.arrayContaining(['item', 'demand', 'project', 'case']));
    expect(mixed.every((h) => h.typeLabel && h.orgLabel)).toBe(true);
    const inTitle = mixed.map((h) => h.title.includes('评估'));
    expect(inTitle).toEqual([...inTitle].sort((a, b) => Number(b) - Number(a))); // title hits first, whatever their kind

    expect((await admin.post(`/api/v1/typical-cases/${c.body.id}/withdraw`, { rowVersion: pub.body.rowVersion, reason: '需补充数据' })).status).toBe(200);
    expect(kinds(await search('盐田湿地'))).toEqual(['briefing:盐田湿地承接工作简报']);
  });

  it('makes rows published before the vectors existed searchable once, at start-up, and a second run changes nothing', async () => {
    const b = await briefing('红树林修复工作简报', '红树林修复试点启动。', true);
    const db = ctx.database.db;
    // as before migration 0022: published rows without a vector (the demo's disclosed briefing and progress report too)
    await db.execute(sql`UPDATE briefings SET search = NULL WHERE disclosure = 'published'`);
    await db.execute(sql`UPDATE progress_reports SET search = NULL WHERE disclosure = 'published'`);
    const withdrawn = await idOf(sql`SELECT id FROM briefings WHERE disclosure = 'withdrawn' LIMIT 1`).catch(() => null);
    expect(await search('红树林')).toEqual([]);
    const missing = await missingSearchVectors(db);
    expect(missing).toBeGreaterThanOrEqual(2);

    const first = await backfillSearchVectors(db);
    expect(first.briefings + first.progress + first.cases).toBe(missing);
    expect(first.progress).toBeGreaterThanOrEqual(1); // the demo's disclosed progress report
    expect(await missingSearchVectors(db)).toBe(0);
    expect(kinds(await search('红树林'))).toEqual(['briefing:红树林修复工作简报']);
    expect((await search('红树林'))[0].id).toBe(b.id);
    // only published rows: nothing internal or withdrawn got a vector
    const stray = (await db.execute(sql`SELECT count(*)::int AS n FROM briefings WHERE disclosure <> 'published' AND search IS NOT NULL`)) as unknown as { rows: { n: number }[] };
    expect(stray.rows[0].n).toBe(0);
    const strayProgress = (await db.execute(sql`SELECT count(*)::int AS n FROM progress_reports WHERE disclosure <> 'published' AND search IS NOT NULL`)) as unknown as { rows: { n: number }[] };
    expect(strayProgress.rows[0].n).toBe(0);
    if (withdrawn) expect(((await db.execute(sql`SELECT search IS NULL AS empty FROM briefings WHERE id = ${withdrawn}`)) as unknown as { rows: { empty: boolean }[] }).rows[0].empty).toBe(true);

    // a second run (another start, another process) finds nothing to do
    const vectors = async () => ((await db.execute(sql`SELECT string_agg(id::text || search::text, '|' ORDER BY id) AS v FROM briefings WHERE search IS NOT NULL`)) as unknown as { rows: { v: string }[] }).rows[0].v;
    const before = await vectors();
    expect(await backfillSearchVectors(db)).toEqual({ briefings: 0, progress: 0, cases: 0 });
    expect(await vectors()).toBe(before);
  });
});
