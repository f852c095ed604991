// Issue 14 §1 (EVA-5, PUB-1) through HTTP on both drivers: 山东省科协 writes a typical case about its
// completed project (医学科研诚信状况调查评估, the demo's passed completion), starting from the
// project's summary report; a project not completed is refused in words; the association's staff
// read the case but do not write it, another association neither reads nor publishes it, an
// association below does not read it; a draft never reaches the portal; publication shows the
// write-up, the project and its society and nothing internal; withdrawal (with a reason) takes it
// off the portal and out of the search, and a corrected case is published again. Refusals change nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { TestClient, as, createTestContext, scalar, type TestContext } from '../../testing/harness.js';

let ctx: TestContext;
let anon: TestClient;
let admin: TestClient;
let staff: TestClient;
let qingdao: TestClient;
let jinan: TestClient;
let yixue: TestClient;
let passed: string;
let failed: string;
let implementing: string;

const projectId = async (title: string) => (await ctx.database.db.execute(sql`SELECT id FROM pilot_projects WHERE title = ${title}`)) as unknown as { rows: { id: string }[] };

beforeAll(async () => {
  ctx = await createTestContext();
  anon = new TestClient(ctx.app);
  [admin, staff, qingdao, jinan, yixue] = await Promise.all(['sheng.admin', 'sheng.staff', 'qingdao.admin', 'jinan.admin', 'yixue.user'].map((u) => as(ctx.app, u)));
  passed = (await projectId('医学科研诚信状况调查评估')).rows[0].id;
  failed = (await projectId('中医药适宜技术推广应用评估')).rows[0].id;
  implementing = (await projectId('省级科研和创新基地运行绩效评估')).rows[0].id;
}, 120_000);
afterAll(async () => ctx?.close());

const cases = () => scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM typical_cases`);
const content = (title: string) => ({
  title,
  summary: '学会依托专科分会开展全省医学科研诚信状况调查评估，评估建议被委托单位采纳。',
  body: '一、项目背景\n……\n二、主要做法\n分层抽样问卷调查、现场访谈和同行专家论证相结合。\n三、取得成效\n建议被采纳 4 条。',
  experience: '依托专科分会组建评估专家组；评估与整改衔接。',
  tags: ['科研诚信', '第三方评估'],
});

describe('the typical-case library (EVA-5)', () => {
  it('offers the completed projects of its own programmes, with their reports and a draft made of them', async () => {
    const cand = await admin.get('/api/v1/typical-cases/candidates');
    expect(cand.status).toBe(200);
    const ids = cand.body.items.map((c: { projectId: string }) => c.projectId);
    expect(ids).toContain(passed);
    expect(ids).not.toContain(failed);
    expect(ids).not.toContain(implementing);
    expect(cand.body.items.find((c: { projectId: string }) => c.projectId === passed)).toMatchObject({ title: '医学科研诚信状况调查评估', societyName: '山东省医学会', departmentName: '山东省卫生健康委员会', caseCount: 3 });
    expect((await qingdao.get('/api/v1/typical-cases/candidates')).body.items).toEqual([]);
    expect((await staff.get('/api/v1/typical-cases/candidates')).status).toBe(403);

    const src = await admin.get(`/api/v1/typical-cases/sources?projectId=${passed}`);
    expect(src.status, JSON.stringify(src.body)).toBe(200);
    // the project summary report is the passed completion report's summary (round 2: round 1 was returned)
    expect(src.body.completion).toMatchObject({ round: 2, resultLabel: '通过' });
    expect(src.body.completion.summary).toContain('现场访谈 126 人次');
    // the demo's performance report is submitted, not accepted: it is not a source yet
    expect(src.body.performance).toBeNull();
    expect(src.body.draft.title).toBe('山东省医学会承接“医学科研诚信状况调查评估”');
    expect(src.body.draft.summary).toBe(src.body.completion.summary);
    expect(src.body.draft.body).toContain('山东省医学会受山东省卫生健康委员会委托');
    expect(src.body.draft.body).toContain('完成调查评估的医疗和科研机构：目标 40 家，完成 42 家（105%）');

    const notDone = await admin.get(`/api/v1/typical-cases/sources?projectId=${failed}`);
    expect(notDone.status).toBe(409);
    expect(notDone.body.detail).toBe('项目当前为“结项考核未通过”，只有结项考核通过、已完成的试点项目可以编写典型案例');
    expect((await qingdao.get(`/api/v1/typical-cases/sources?projectId=${passed}`)).status).toBe(403);
  });

  it('refuses a project that is not completed, and a writer who is not the programme’s association; nothing is written', async () => {
    const before = await cases();
    const f = await admin.post('/api/v1/typical-cases', { ...content('未通过项目的案例'), projectId: failed });
    expect(f.status).toBe(409);
    expect(f.body).toMatchObject({ code: 'INVALID_STATE', detail: '项目当前为“结项考核未通过”，只有结项考核通过、已完成的试点项目可以编写典型案例' });
    const i = await admin.post('/api/v1/typical-cases', { ...content('实施中项目的案例'), projectId: implementing });
    expect(i.status).toBe(409);
    expect(i.body.detail).toContain('项目当前为“实施中”');
    expect((await staff.post('/api/v1/typical-cases', { ...content('工作人员编写'), projectId: passed })).status).toBe(403);
    expect((await qingdao.post('/api/v1/typical-cases', { ...content('他会编写'), projectId: passed })).status).toBe(403);
    expect((await yixue.post('/api/v1/typical-cases', { ...content('学会编写'), projectId: passed })).status).toBe(403);
    const bad = await admin.post('/api/v1/typical-cases', { ...content(''), experience: '', projectId: passed });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string; message: string }) => `${e.path} ${e.message}`)).toEqual(['body.title 请填写案例标题', 'body.experience 请填写可复制推广的经验']);
    expect(await cases()).toBe(before);
  });

  it('drafts, edits, publishes, withdraws with a reason and publishes again; scope and the portal follow', async () => {
    const att = await admin.request('POST', `/api/v1/attachments?filename=${encodeURIComponent('案例照片.pdf')}`, undefined, { headers: { 'content-type': 'application/octet-stream' }, rawBody: '%PDF-1.4 案例' });
    expect(att.status).toBe(201);
    const created = await admin.post('/api/v1/typical-cases', { ...content('依托专科分会开展医学科研诚信评估'), projectId: passed, attachmentIds: [att.body.id] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.headers.location).toBe(`/api/v1/typical-cases/${created.body.id}`);
    expect(created.body).toMatchObject({ status: 'draft', statusLabel: '草稿', actions: ['edit', 'publish'], project: { id: passed, societyName: '山东省医学会' }, programmeName: expect.any(String), attachments: [{ filename: '案例照片.pdf' }] });
    const id: string = created.body.id;

    // who reads it: the association's staff (read-only), not another association nor one below it
    const seen = await staff.get(`/api/v1/typical-cases/${id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.actions).toEqual([]);
    expect((await staff.get(`/api/v1/attachments/${att.body.id}`)).status).toBe(200);
    expect((await qingdao.get(`/api/v1/typical-cases/${id}`)).status).toBe(403);
    expect((await qingdao.get(`/api/v1/attachments/${att.body.id}`)).status).toBe(403);
    expect((await jinan.get(`/api/v1/typical-cases/${id}`)).status).toBe(403);
    expect((await yixue.get(`/api/v1/typical-cases/${id}`)).status).toBe(403);
    expect((await qingdao.get('/api/v1/typical-cases?limit=100')).body.items.map((c: { id: string }) => c.id)).not.toContain(id);
    const list = await staff.get('/api/v1/typical-cases?limit=100&count=exact');
    expect(list.body.items.map((c: { id: string }) => c.id)).toContain(id);
    expect(list.body.actions).toEqual([]);
    expect((await admin.get('/api/v1/typical-cases?status=published&limit=100')).body.items.every((c: { status: string }) => c.status === 'published')).toBe(true);

    // a draft never reaches the portal
    expect((await anon.get(`/api/v1/public/cases/${id}`)).status).toBe(404);
    expect((await anon.get('/api/v1/public/cases?limit=100')).body.items.map((c: { id: string }) => c.id)).not.toContain(id);

    // edits: a stale version is refused; another association neither edits nor publishes
    const stale = await admin.put(`/api/v1/typical-cases/${id}`, { ...content('旧版本'), rowVersion: 99 });
    expect(stale.status).toBe(409);
    expect((await qingdao.put(`/api/v1/typical-cases/${id}`, { ...content('他会修改'), rowVersion: 1 })).status).toBe(403);
    expect((await qingdao.post(`/api/v1/typical-cases/${id}/publish`, { rowVersion: 1 })).status).toBe(403);
    expect((await staff.post(`/api/v1/typical-cases/${id}/publish`, { rowVersion: 1 })).status).toBe(403);
    const edited = await admin.put(`/api/v1/typical-cases/${id}`, { ...content('依托专科分会开展医学科研诚信评估的做法'), body: '分层抽样、结构化访谈与同行论证相结合，评估组织方式称作“三段式核验”。', attachmentIds: [att.body.id], rowVersion: 1 });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body).toMatchObject({ title: '依托专科分会开展医学科研诚信评估的做法', rowVersion: 2 });
    expect((await anon.get(`/api/v1/public/search?q=${encodeURIComponent('三段式核验')}`)).body.items).toEqual([]);

    // published: on the portal with the project and its society, nothing internal; searchable
    const pub = await admin.post(`/api/v1/typical-cases/${id}/publish`, { rowVersion: 2 });
    expect(pub.status, JSON.stringify(pub.body)).toBe(200);
    expect(pub.body).toMatchObject({ status: 'published', statusLabel: '已公开', actions: ['withdraw'] });
    expect((await admin.put(`/api/v1/typical-cases/${id}`, { ...content('公开后修改'), rowVersion: 3 })).status).toBe(409);
    const portal = await anon.get(`/api/v1/public/cases/${id}`);
    expect(portal.status).toBe(200);
    expect(portal.body).toMatchObject({ id, title: '依托专科分会开展医学科研诚信评估的做法', projectId: passed, projectTitle: '医学科研诚信状况调查评估', societyName: '山东省医学会', departmentName: '山东省卫生健康委员会', experience: '依托专科分会组建评估专家组；评估与整改衔接。' });
    for (const internal of ['rowVersion', 'createdByName', 'attachments', 'status', 'actions', 'withdrawnAt']) expect(portal.body).not.toHaveProperty(internal);
    const pubList = await anon.get('/api/v1/public/cases?limit=1&count=exact');
    expect(pubList.body.items[0].id).toBe(id);
    expect(pubList.body.total).toBe(2); // the demo's published case and this one
    const page2 = await anon.get(`/api/v1/public/cases?limit=1&cursor=${pubList.body.nextCursor}`);
    expect(page2.body.items[0].id).not.toBe(id);
    expect(page2.body.nextCursor).toBeNull();
    const otherProgramme = (await anon.get(`/api/v1/public/cases?programmeId=${ctx.ids.programmes.qingdao}`)).body.items;
    expect(otherProgramme).toEqual([]);
    const found = await anon.get(`/api/v1/public/search?q=${encodeURIComponent('三段式核验')}`);
    expect(found.body.items).toEqual([expect.objectContaining({ type: 'case', typeLabel: '典型案例', id, orgName: '山东省医学会', orgLabel: '承接学会' })]);

    // withdrawn with a reason: off the portal and out of the search; corrected and published again
    expect((await admin.post(`/api/v1/typical-cases/${id}/withdraw`, { rowVersion: 3 })).status).toBe(400);
    expect((await qingdao.post(`/api/v1/typical-cases/${id}/withdraw`, { rowVersion: 3, reason: '越权' })).status).toBe(403);
    const wd = await admin.post(`/api/v1/typical-cases/${id}/withdraw`, { rowVersion: 3, reason: '数据需与评估报告核对' });
    expect(wd.status).toBe(200);
    expect(wd.body).toMatchObject({ status: 'withdrawn', statusLabel: '已撤回', actions: ['edit', 'publish'] });
    expect((await anon.get(`/api/v1/public/cases/${id}`)).status).toBe(404);
    expect((await anon.get(`/api/v1/public/search?q=${encodeURIComponent('三段式核验')}`)).body.items).toEqual([]);
    const audit = (await ctx.database.db.execute(sql`SELECT reason FROM audit_log WHERE action = 'typicalCase.withdraw' AND entity_id = ${id}`)) as unknown as { rows: { reason: string }[] };
    expect(audit.rows).toEqual([{ reason: '数据需与评估报告核对' }]);
    const fixed = await admin.put(`/api/v1/typical-cases/${id}`, { ...content('依托专科分会开展医学科研诚信评估的做法'), body: '核对后：分层抽样与“四段式核验”。', attachmentIds: [att.body.id], rowVersion: 4 });
    expect(fixed.status).toBe(200);
    expect((await admin.post(`/api/v1/typical-cases/${id}/publish`, { rowVersion: 5 })).status).toBe(200);
    expect((await anon.get(`/api/v1/public/search?q=${encodeURIComponent('四段式核验')}&type=case`)).body.items.map((h: { id: string }) => h.id)).toEqual([id]);
    expect((await anon.get(`/api/v1/public/search?q=${encodeURIComponent('三段式核验')}`)).body.items).toEqual([]);
  });

  it('the demo: three cases about the passed project, one published, each action audited', async () => {
    const all = (await admin.get('/api/v1/typical-cases?limit=100')).body.items.filter((c: { project: { id: string }; createdByName: string }) => c.project.id === passed && c.createdByName !== null);
    expect(all.length).toBeGreaterThanOrEqual(3);
    const demo = await ctx.database.db.execute(sql`SELECT status, count(*)::int AS n FROM typical_cases WHERE created_by = (SELECT id FROM users WHERE username = 'sheng.admin') AND title NOT LIKE '依托专科分会%' GROUP BY status ORDER BY status`);
    expect((demo as unknown as { rows: unknown[] }).rows).toEqual([
      { status: 'draft', n: 2 },
      { status: 'published', n: 1 },
    ]);
    const actions = await ctx.database.db.execute(sql`SELECT DISTINCT action FROM audit_log WHERE entity_type = 'typical_case' ORDER BY action`);
    expect((actions as unknown as { rows: { action: string }[] }).rows.map((r) => r.action)).toEqual(expect.arrayContaining(['typicalCase.create', 'typicalCase.publish']));
  });
});
