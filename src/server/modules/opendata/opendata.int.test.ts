// PUB-3 (issue 14 §3) through HTTP on both drivers: every open-data feed answers exactly the public
// records (compared with the database's own count of what the portal shows; a draft item, an internal
// briefing, an unpublished evaluation report never appear), pages by key without repeating or losing
// a record (also while records are published meanwhile), its CSV parses back to the same records,
// and ETag / Last-Modified answer 304 until a record of the feed is published or withdrawn.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { as, createTestContext, TestClient, type TestContext } from '../../testing/harness.js';
import { openDataFeeds, openDataPageSchema, type OpenDataFeedDef } from '../../../contract/opendata.js';
import { decodeTextCell, parseCsv, recordFromCsv } from './csv.js';

let ctx: TestContext;
let anon: TestClient;
let admin: TestClient;
let kjt: TestClient;

beforeAll(async () => {
  ctx = await createTestContext();
  anon = new TestClient(ctx.app);
  [admin, kjt] = await Promise.all(['sheng.admin', 'kjt.user'].map((u) => as(ctx.app, u)));
  // A published and a draft typical case, a live and a withdrawn indicator publication, written
  // directly (their modules' own tests drive them through the API): the feeds read these tables.
  const [p] = await rows<{ id: string; programme_id: string; association_id: string; association_path: string }>(
    sql`SELECT id, programme_id, association_id, association_path FROM pilot_projects ORDER BY selected_at LIMIT 1`,
  );
  for (const [title, status] of [
    ['开放数据测试案例（已公开）', 'published'],
    ['开放数据测试案例（草稿）', 'draft'],
  ] as const) {
    await ctx.database.db.execute(sql`INSERT INTO typical_cases (programme_id, association_id, association_path, project_id, title, summary, body, experience, tags, status, published_at)
      VALUES (${p.programme_id}, ${p.association_id}, ${p.association_path}, ${p.id}, ${title}, '摘要', '=正文以等号开头', '经验', ${JSON.stringify(['科技评估', '+标签'])}::jsonb, ${status}, ${status === 'published' ? sql`now()` : null})`);
  }
  const figures = JSON.stringify({ societies: 12, 'societies.supervised': 5, 'satisfactionDepartments': 97.5, 'satisfactionDepartments.responseRate': null });
  await ctx.database.db.execute(sql`INSERT INTO indicator_publications (association_id, year, figures, published_at) VALUES (${ctx.ids.province}, 2001, ${figures}::jsonb, now())`);
  await ctx.database.db.execute(sql`INSERT INTO indicator_publications (association_id, year, figures, published_at, withdrawn_at) VALUES (${ctx.ids.province}, 2002, ${figures}::jsonb, now(), now())`);
}, 180_000);
afterAll(async () => ctx?.close());

type Rec = Record<string, unknown>;
const BASE = '/api/v1/public/open-data';
const def = (name: string) => openDataFeeds.find((d) => d.name === name)! as OpenDataFeedDef;
const rows = async <T = Record<string, unknown>>(q: ReturnType<typeof sql>) => ((await ctx.database.db.execute(q)) as unknown as { rows: T[] }).rows;
const num = async (q: ReturnType<typeof sql>) => Number((await rows<{ n: number }>(q))[0].n);

/** Every record of a feed, page by page. */
async function readAll(name: string, limit = 3, extra = ''): Promise<Rec[]> {
  const out: Rec[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res = await anon.get(`${BASE}/${name}?limit=${limit}${extra}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.items.length).toBeLessThanOrEqual(limit);
    expect(res.body).not.toHaveProperty('total');
    // every answer is the contract's record, field for field and in order
    const parsed = openDataPageSchema(def(name)).safeParse(res.body);
    expect(parsed.success, `${name}: ${parsed.error?.message}`).toBe(true);
    for (const item of res.body.items) expect(Object.keys(item)).toEqual(def(name).fields.map((f) => f.name));
    out.push(...res.body.items);
    cursor = res.body.nextCursor;
    expect(++pages).toBeLessThan(500);
  } while (cursor);
  return out;
}

/** The CSV of a feed read back as records (the inverse of the writer). */
async function readCsv(name: string, query = ''): Promise<{ text: string; header: string[]; records: Rec[] }> {
  const res = await anon.get(`${BASE}/${name}.csv${query}`);
  expect(res.status).toBe(200);
  expect(String(res.headers['content-type'])).toMatch(/^text\/csv; charset=utf-8/);
  const text = res.raw.toString('utf8');
  const [header, ...body] = parseCsv(text);
  return { text, header, records: body.map((cells) => recordFromCsv(cells, def(name).fields)) };
}

/** Empty text and null are the same empty cell. */
const norm = (name: string, r: Rec) => Object.fromEntries(def(name).fields.map((f) => [f.name, f.nullable && r[f.name] === '' ? null : r[f.name]]));

/** What each feed must hold: the database's own count of the records the portal shows. */
const expectedCount: Record<string, ReturnType<typeof sql>> = {
  programmes: sql`SELECT count(*)::int AS n FROM programmes WHERE status <> 'draft'`,
  items: sql`SELECT count(*)::int AS n FROM transfer_items WHERE status <> 'draft'`,
  'item-versions': sql`SELECT count(*)::int AS n FROM record_revisions r JOIN transfer_items t ON t.id = r.entity_id WHERE r.entity_type = 'transfer_item' AND t.status <> 'draft'`,
  'demand-entries': sql`SELECT count(*)::int AS n FROM demand_entries WHERE status <> 'draft'`,
  'selection-results': sql`SELECT count(*)::int AS n FROM pilot_projects`,
  'task-books': sql`SELECT count(*)::int AS n FROM task_books WHERE status IN ('signed', 'superseded')`,
  progress: sql`SELECT count(*)::int AS n FROM progress_reports WHERE disclosure = 'published'`,
  briefings: sql`SELECT count(*)::int AS n FROM briefings WHERE disclosure = 'published'`,
  'evaluation-results': sql`SELECT count(*)::int AS n FROM performance_evaluations WHERE published_at IS NOT NULL AND status = 'accepted'`,
  'typical-cases': sql`SELECT count(*)::int AS n FROM typical_cases WHERE status = 'published'`,
  indicators: sql`SELECT count(*)::int AS n FROM indicator_publications p, jsonb_each(p.figures) f WHERE p.withdrawn_at IS NULL`,
};

describe('the catalogue', () => {
  it('lists every feed with its fields, in Chinese and English, and its two addresses', async () => {
    const res = await anon.get(BASE);
    expect(res.status).toBe(200);
    expect(res.body.items.map((f: { name: string }) => f.name)).toEqual(Object.keys(expectedCount));
    for (const feed of res.body.items) {
      expect(feed.jsonUrl).toBe(`${BASE}/${feed.name}`);
      expect(feed.csvUrl).toBe(`${BASE}/${feed.name}.csv`);
      expect(feed.fields.length).toBeGreaterThan(3);
      for (const f of feed.fields) {
        expect(f.label, `${feed.name}.${f.name}`).toMatch(/[\u4e00-\u9fff]/);
        expect(f.description).toMatch(/[\u4e00-\u9fff]/);
        expect(f.descriptionEn).toMatch(/^[\x20-\x7e’]+$/);
      }
    }
    expect(res.body.conventions.join('')).toContain('304');
    expect(res.headers.etag).toBeTruthy();
    expect((await anon.request('GET', BASE, undefined, { headers: { 'if-none-match': String(res.headers.etag) } })).status).toBe(304);
  });

  it('documents every feed in the OpenAPI: each field described, no internal column', async () => {
    const doc = (await anon.get('/api/openapi.json')).body as { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }> }>>; components: { schemas: Record<string, { properties?: Record<string, { description?: string }> }> } };
    for (const d of openDataFeeds) {
      const op = doc.paths[`${BASE}/${d.name}`]?.get;
      expect(op, d.name).toBeTruthy();
      expect(doc.paths[`${BASE}/${d.name}.csv`]?.get?.responses['200'].content?.['text/csv'], d.name).toBeTruthy();
      const record = Object.entries(doc.components.schemas).find(([k]) => k.startsWith('OpenData') && k.endsWith('Record') && k.toLowerCase() === `opendata${d.name.replace(/-/g, '')}record`)?.[1];
      expect(record?.properties && Object.keys(record.properties), d.name).toEqual(d.fields.map((f) => f.name));
      for (const [k, p] of Object.entries(record!.properties!)) expect(p.description, `${d.name}.${k}`).toMatch(/[\u4e00-\u9fff].*[A-Za-z]/);
    }
    const names = openDataFeeds.flatMap((d) => d.fields.map((f) => f.name));
    for (const internal of ['verificationCode', 'contentDigest', 'evidence', 'body_internal', 'createdBy', 'rowVersion', 'search', 'attachmentIds', 'actorName', 'actorUserId', 'signature']) expect(names).not.toContain(internal);
  });
});

describe('each feed answers the public records and nothing else', () => {
  for (const name of Object.keys(expectedCount)) {
    it(`${name}: every page holds public records only, the CSV parses back to the same records`, async () => {
      const all = await readAll(name);
      expect(all.length, name).toBe(await num(expectedCount[name]));
      const one = (await anon.get(`${BASE}/${name}?limit=1000`)).body.items as Rec[];
      expect(all).toEqual(one); // pages concatenated = one big page: no record lost or repeated
      const csv = await readCsv(name);
      expect(csv.text.startsWith('\uFEFF')).toBe(true);
      expect(csv.header).toEqual(def(name).fields.map((f) => f.label));
      expect(csv.records.map((r) => norm(name, r))).toEqual(all.map((r) => norm(name, r)));
      const byField = await readCsv(name, '?header=field');
      expect(byField.header).toEqual(def(name).fields.map((f) => f.name));
    });
  }

  it('leaves out the draft item, the draft catalogue entry and the unsigned task books', async () => {
    const items = await readAll('items', 100);
    const drafts = await rows<{ id: string; title: string }>(sql`SELECT id, title FROM transfer_items WHERE status = 'draft'`);
    expect(drafts.map((d) => d.title)).toContain('急需紧缺人才培养和科技人员继续教育');
    for (const d of drafts) expect(items.map((i) => i.id)).not.toContain(d.id);
    expect(items.some((i) => i.status === 'withdrawn' && i.withdrawReason)).toBe(true);
    const versions = await readAll('item-versions', 100);
    for (const d of drafts) expect(versions.map((v) => v.itemId)).not.toContain(d.id);
    expect(versions.some((v) => v.changeKindLabel === '撤回')).toBe(true);
    const entries = await readAll('demand-entries', 100);
    const draftEntries = await rows<{ id: string }>(sql`SELECT id FROM demand_entries WHERE status = 'draft'`);
    expect(draftEntries.length).toBeGreaterThan(0);
    for (const d of draftEntries) expect(entries.map((e) => e.id)).not.toContain(d.id);
    const books = await readAll('task-books', 100);
    const open = await rows<{ project_id: string }>(sql`SELECT project_id FROM task_books WHERE status IN ('drafting', 'signing')`);
    expect(open.length).toBeGreaterThan(0);
    for (const o of open) expect(books.filter((b) => b.projectId === o.project_id && b.statusLabel !== '已签署，已被变更后的新版本替代').length).toBeLessThanOrEqual(1);
    const codes = await rows<{ code: string }>(sql`SELECT verification_code AS code FROM task_books WHERE verification_code IS NOT NULL`);
    const text = JSON.stringify(books) + (await readCsv('task-books')).text;
    for (const c of codes) expect(text).not.toContain(c.code);
  });

  it('shows published briefings and progress only — never an internal briefing or a report body', async () => {
    const briefs = await readAll('briefings', 100);
    const internal = await rows<{ id: string; title: string }>(sql`SELECT id, title FROM briefings WHERE disclosure <> 'published'`);
    expect(internal.length).toBeGreaterThan(0);
    for (const b of internal) expect(briefs.map((x) => x.id)).not.toContain(b.id);
    const progress = await readAll('progress', 100);
    const hidden = await rows<{ id: string }>(sql`SELECT id FROM progress_reports WHERE disclosure <> 'published'`);
    expect(hidden.length).toBeGreaterThan(0);
    for (const h of hidden) expect(progress.map((x) => x.id)).not.toContain(h.id);
    const bodies = await rows<{ body: string; summary: string | null }>(sql`SELECT body, public_summary AS summary FROM progress_reports WHERE disclosure = 'published'`);
    const text = JSON.stringify(progress);
    for (const b of bodies) if (b.body !== b.summary) expect(text).not.toContain(JSON.stringify(b.body).slice(1, -1));
  });

  it('shows an evaluation result once accepted and published, without its evidence; never a draft or submitted report', async () => {
    const reports = await rows<{ id: string; status: string; row_version: number }>(sql`SELECT id, status, row_version FROM performance_evaluations ORDER BY status`);
    expect(reports.length).toBeGreaterThan(0);
    expect(await readAll('evaluation-results')).toEqual([]);
    const submitted = reports.find((r) => r.status === 'submitted')!;
    const before = await anon.get(`${BASE}/evaluation-results`);
    const accepted = await admin.post(`/api/v1/performance-evaluations/${submitted.id}/decision`, { decision: 'accept', rowVersion: submitted.row_version });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    // accepted but not published: still absent, and the feed did not change
    expect(await readAll('evaluation-results')).toEqual([]);
    const published = await admin.post(`/api/v1/performance-evaluations/${submitted.id}/publication`, { publish: true, rowVersion: accepted.body.rowVersion });
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    const after = await readAll('evaluation-results');
    expect(after.map((r) => r.id)).toEqual([submitted.id]);
    const portal = (await anon.get('/api/v1/public/evaluation-results')).body.items[0];
    const { publishedAt: _p, changedAt: _c, ...fields } = after[0];
    const { publishedAt: _q, ...portalFields } = portal;
    expect(fields).toEqual(portalFields); // the same fields as the portal's list
    expect(JSON.stringify(after)).not.toContain('"evidence"');
    expect((await anon.request('GET', `${BASE}/evaluation-results`, undefined, { headers: { 'if-none-match': String(before.headers.etag) } })).status).toBe(200);
    // taken down again: gone, and the ETag moves on again
    const latest = await anon.get(`${BASE}/evaluation-results`);
    const down = await admin.post(`/api/v1/performance-evaluations/${submitted.id}/publication`, { publish: false, rowVersion: published.body.rowVersion });
    expect(down.status).toBe(200);
    const gone = await anon.request('GET', `${BASE}/evaluation-results`, undefined, { headers: { 'if-none-match': String(latest.headers.etag) } });
    expect(gone.status).toBe(200);
    expect(gone.body.items).toEqual([]);
    const draft = reports.find((r) => r.status === 'draft');
    if (draft) expect(JSON.stringify(gone.body)).not.toContain(draft.id);
  });
});

describe('typical cases and published indicators', () => {
  it('shows the published case only, and each figure of a live publication with its name and unit', async () => {
    const cases = (await readAll('typical-cases')).filter((c) => String(c.title).startsWith('开放数据测试案例'));
    expect(cases.map((c) => c.title)).toEqual(['开放数据测试案例（已公开）']);
    expect(cases[0].tags).toEqual(['科技评估', '+标签']);
    const csv = await readCsv('typical-cases');
    expect(csv.text).toContain(',\'=正文以等号开头,');
    const figures = await readAll('indicators', 2);
    const mine = figures.filter((f) => f.year === 2001);
    expect(mine.map((f) => [f.indicator, f.value, f.unit])).toEqual([
      ['satisfactionDepartments', 97.5, '%'],
      ['satisfactionDepartments.responseRate', null, '%'],
      ['societies', 12, '家'],
      ['societies.supervised', 5, '家'],
    ]);
    expect(mine.find((f) => f.indicator === 'societies.supervised')?.indicatorLabel).toBe('学会总数：主管学会');
    expect(figures.filter((f) => f.year === 2002)).toEqual([]);
  });
});

describe('paging by key', () => {
  it('keeps its pages while records are published meanwhile: they come after the last page', async () => {
    const first = await anon.get(`${BASE}/items?limit=4`);
    const programmeId = ctx.ids.programmes.shandong;
    const created = await kjt.post('/api/v1/items', { programmeId, title: '开放数据分页测试事项', categoryCode: 'awards_talent', description: '分页期间发布的事项', commissioningMode: 'authorisedCommission' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect((await kjt.post(`/api/v1/items/${created.body.id}/publish`, { version: created.body.version })).status).toBe(200);
    const rest: Rec[] = [];
    let cursor = first.body.nextCursor as string | null;
    while (cursor) {
      const p = await anon.get(`${BASE}/items?limit=4&cursor=${cursor}`);
      rest.push(...p.body.items);
      cursor = p.body.nextCursor;
    }
    const seen = [...first.body.items, ...rest].map((r: Rec) => r.id);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen[seen.length - 1]).toBe(created.body.id);
    expect(seen.length).toBe(await num(expectedCount.items));
  });

  it('since: only what changed after the given time, in JSON and CSV', async () => {
    const all = await readAll('items', 100);
    const times = all.map((r) => r.changedAt as string).sort();
    const mid = times[Math.floor(times.length / 2)];
    const later = await readAll('items', 100, `&since=${encodeURIComponent(mid)}`);
    // changedAt is written to the millisecond, compared to the microsecond: a record of that very
    // millisecond may come again (never one that changed earlier)
    const ids = later.map((r) => r.id);
    for (const r of all) {
      const t = Date.parse(r.changedAt as string);
      if (t > Date.parse(mid)) expect(ids).toContain(r.id);
      if (t < Date.parse(mid)) expect(ids).not.toContain(r.id);
    }
    expect(later.length).toBeLessThan(all.length);
    expect((await readCsv('items', `?since=${encodeURIComponent(mid)}`)).records.map((r) => r.id)).toEqual(later.map((r) => r.id));
    expect(await readAll('items', 100, '&since=2999-01-01T00:00:00Z')).toEqual([]);
  });

  it('refuses malformed values with a problem+json 400 naming the field, never a 5xx', async () => {
    const bad: [string, string][] = [
      [`${BASE}/items?limit=0`, 'querystring.limit'],
      [`${BASE}/items?limit=1001`, 'querystring.limit'],
      [`${BASE}/items?limit=abc`, 'querystring.limit'],
      [`${BASE}/items?cursor=xyz`, 'querystring.cursor'],
      [`${BASE}/items?cursor=${Buffer.from(JSON.stringify(['0000-01-01T00:00:00.000000', crypto.randomUUID()])).toString('base64url')}`, 'querystring.cursor'],
      [`${BASE}/item-versions?cursor=${Buffer.from(JSON.stringify(['2026-01-01T00:00:00.000000', crypto.randomUUID()])).toString('base64url')}`, 'querystring.cursor'],
      [`${BASE}/indicators?cursor=${Buffer.from(JSON.stringify(['2026-01-01T00:00:00.000000', crypto.randomUUID(), "x'; drop"])).toString('base64url')}`, 'querystring.cursor'],
      [`${BASE}/items?since=yesterday`, 'querystring.since'],
      [`${BASE}/items?since=0000-01-01T00:00:00Z`, 'querystring.since'],
      [`${BASE}/items?since=2026-05-01T08:00:00`, 'querystring.since'],
      [`${BASE}/items.csv?header=en`, 'querystring.header'],
      [`${BASE}/items.csv?limit=5`, 'querystring.limit'],
      [`${BASE}/items?foo=1`, 'querystring.foo'],
    ];
    for (const [url, path] of bad) {
      const res = await anon.get(url);
      expect(res.status, url).toBe(400);
      expect(String(res.headers['content-type']), url).toContain('application/problem+json');
      expect(res.body.errors.map((e: { path: string }) => e.path), url).toContain(path);
      expect(res.body.errors[0].message, url).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

describe('ETag and Last-Modified', () => {
  it('answers 304 while the feed is unchanged; publishing an item changes the ETag, in JSON and CSV', async () => {
    const a = await anon.get(`${BASE}/items?limit=5`);
    const etag = String(a.headers.etag);
    const lastModified = String(a.headers['last-modified']);
    expect(etag).toMatch(/^W\/"[\w-]+"$/);
    expect(Date.parse(lastModified)).not.toBeNaN();
    expect(a.headers['cache-control']).toBe('no-cache');
    const again = await anon.request('GET', `${BASE}/items?limit=5`, undefined, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.raw.length).toBe(0);
    expect(again.headers.etag).toBe(etag);
    expect((await anon.request('GET', `${BASE}/items?limit=5`, undefined, { headers: { 'if-none-match': `"other", ${etag.slice(2)}` } })).status).toBe(304);
    expect((await anon.request('GET', `${BASE}/items?limit=5`, undefined, { headers: { 'if-modified-since': lastModified } })).status).toBe(304);
    expect((await anon.request('GET', `${BASE}/items?limit=5`, undefined, { headers: { 'if-modified-since': new Date(Date.parse(lastModified) - 1000).toUTCString() } })).status).toBe(200);
    // another page or format is another representation
    expect((await anon.get(`${BASE}/items?limit=6`)).headers.etag).not.toBe(etag);
    const csv = await anon.get(`${BASE}/items.csv`);
    expect(csv.headers.etag).not.toBe(etag);
    expect((await anon.request('GET', `${BASE}/items.csv`, undefined, { headers: { 'if-none-match': String(csv.headers.etag) } })).status).toBe(304);
    const demand = await anon.get(`${BASE}/demand-entries`);

    // a new item published: the items feed changes, the demand catalogue does not
    const created = await kjt.post('/api/v1/items', { programmeId: ctx.ids.programmes.shandong, title: '开放数据缓存测试事项', categoryCode: 'awards_talent', description: '缓存校验', commissioningMode: 'authorisedCommission' });
    expect(created.status).toBe(201);
    const draftAnswer = await anon.request('GET', `${BASE}/items?limit=5`, undefined, { headers: { 'if-none-match': etag } });
    expect(draftAnswer.status).toBe(304); // a draft is not public: nothing changed
    await new Promise((r) => setTimeout(r, 1100)); // Last-Modified counts seconds
    expect((await kjt.post(`/api/v1/items/${created.body.id}/publish`, { version: created.body.version })).status).toBe(200);
    const b = await anon.request('GET', `${BASE}/items?limit=5`, undefined, { headers: { 'if-none-match': etag } });
    expect(b.status).toBe(200);
    expect(b.headers.etag).not.toBe(etag);
    expect(Date.parse(String(b.headers['last-modified']))).toBeGreaterThan(Date.parse(lastModified));
    expect((await anon.request('GET', `${BASE}/items?limit=5`, undefined, { headers: { 'if-modified-since': lastModified } })).status).toBe(200);
    expect((await anon.request('GET', `${BASE}/items.csv`, undefined, { headers: { 'if-none-match': String(csv.headers.etag) } })).status).toBe(200);
    expect((await anon.request('GET', `${BASE}/demand-entries`, undefined, { headers: { 'if-none-match': String(demand.headers.etag) } })).status).toBe(304);
  });

  it('a briefing published, then withdrawn from the portal, changes the ETag each time', async () => {
    const [b] = await rows<{ id: string; row_version: number }>(sql`SELECT id, row_version FROM briefings WHERE disclosure = 'internal' ORDER BY issue_no LIMIT 1`);
    const t0 = String((await anon.get(`${BASE}/briefings`)).headers.etag);
    const pub = await admin.post(`/api/v1/briefings/${b.id}/publish`, { rowVersion: b.row_version });
    expect(pub.status, JSON.stringify(pub.body)).toBe(200);
    const r1 = await anon.request('GET', `${BASE}/briefings`, undefined, { headers: { 'if-none-match': t0 } });
    expect(r1.status).toBe(200);
    expect(r1.body.items.map((x: Rec) => x.id)).toContain(b.id);
    const t1 = String(r1.headers.etag);
    const wd = await admin.post(`/api/v1/briefings/${b.id}/withdraw-disclosure`, { rowVersion: pub.body.rowVersion, reason: '内容需要更正' });
    expect(wd.status, JSON.stringify(wd.body)).toBe(200);
    const r2 = await anon.request('GET', `${BASE}/briefings`, undefined, { headers: { 'if-none-match': t1 } });
    expect(r2.status).toBe(200);
    expect(r2.body.items.map((x: Rec) => x.id)).not.toContain(b.id);
    expect(r2.headers.etag).not.toBe(t1);
  });
});

describe('the CSV', () => {
  it('quotes by RFC 4180 and defuses formulas; the text reads back exactly', async () => {
    const title = '=HYPERLINK("http://example.com","点击")';
    const description = '第一行，含逗号与"引号"\n第二行\r\n@SUM(A1:A2)';
    const created = await kjt.post('/api/v1/items', { programmeId: ctx.ids.programmes.shandong, title, categoryCode: 'awards_talent', description, commissioningMode: 'authorisedCommission', expectedPeriod: '-1 年', budgetFen: 1234560 });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect((await kjt.post(`/api/v1/items/${created.body.id}/publish`, { version: created.body.version })).status).toBe(200);
    const { text, records } = await readCsv('items');
    const line = text.slice(text.indexOf(created.body.id), text.indexOf('\r\n', text.indexOf('\n第二行\r\n@SUM(A1:A2)"') + 20));
    expect(line).toContain(`"'=HYPERLINK(""http://example.com"",""点击"")"`);
    expect(line).toContain(",'-1 年,");
    expect(line).toContain(',12345.60,');
    const rec = records.find((r) => r.id === created.body.id)!;
    expect(rec).toMatchObject({ title, description, expectedPeriod: '-1 年', budgetYuan: '12345.60' });
    const json = (await readAll('items', 1000)).find((r) => r.id === created.body.id)!;
    expect(json).toMatchObject({ title, description, budgetYuan: '12345.60' });
    expect(decodeTextCell("''x")).toBe("'x");
    expect(decodeTextCell("'x")).toBe("'x");
    const res = await anon.get(`${BASE}/items.csv`);
    expect(String(res.headers['content-disposition'])).toContain("filename*=UTF-8''");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});
