// Issue 4 step 10 (PRG-3, PUB-1), through HTTP on both drivers under presets 000, 001, 002:
// meetings with minutes and decisions; numbered briefings, a disclosed one on the public portal and
// gone again when withdrawn; stage reports due on the programme's stageReportDue and submitted to
// the association one level up; published progress reports on the portal. Refusals change nothing.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { TestClient, as, createTestContext, scalar, type TestContext } from '../../testing/harness.js';
import { signedProject } from '../../testing/project-fixture.js';

let ctx: TestContext;
let admin: TestClient;
let staff: TestClient;
let kjt: TestClient;
let jixie: TestClient;
let jinan: TestClient;
let qingdao: TestClient;
let anon: TestClient;

beforeAll(async () => {
  ctx = await createTestContext();
  [admin, staff, kjt, jixie, jinan, qingdao] = await Promise.all(['sheng.admin', 'sheng.staff', 'kjt.user', 'jixie.user', 'jinan.admin', 'qingdao.admin'].map((u) => as(ctx.app, u)));
  anon = new TestClient(ctx.app);
}, 120_000);
afterAll(async () => ctx?.close());

const year = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4));

async function programme(preset: string, name: string): Promise<{ id: string; parameters: { stageReportDue: string | null; selectionDays: { review: number } } }> {
  const created = await admin.post('/api/v1/programmes', { associationId: ctx.ids.province, presetCode: preset, name, year });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const pub = await admin.post(`/api/v1/programmes/${created.body.id}/publish`, { version: created.body.version, confirmPastStages: true }); // this year's stages as they are (issue 11 §5)
  expect(pub.status).toBe(200);
  return pub.body;
}

const meeting = { kind: 'regular', title: '试点工作第一次例会', heldOn: '2026-05-12', location: '省科协 302 会议室', attendees: ['省科协学会学术部', '省科技厅基础研究处', '山东省机械工程学会'], minutes: '听取各试点项目进展汇报，研究部署下一阶段工作。', decisions: [{ text: '各学会 5 月底前报送实施方案', owner: '各试点学会', dueOn: '2026-05-31' }] };
const count = (table: string, programmeId: string) => scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM ${sql.raw(table)} WHERE programme_id = ${programmeId}`);

describe.each(['000', '001', '002', '004'])('programme records under preset %s (PRG-3)', (preset) => {
  it('meetings, briefings disclosed and withdrawn on the portal, stage reports submitted', async () => {
    const prog = await programme(preset, `预置${preset}工作记录方案`);

    // meetings
    const l0 = await admin.get(`/api/v1/programmes/${prog.id}/meetings`);
    expect(l0.body).toMatchObject({ items: [], actions: ['create'] });
    const badMeeting = await admin.post(`/api/v1/programmes/${prog.id}/meetings`, { ...meeting, attendees: [], decisions: [{ text: '', dueOn: '2026-13-01' }] });
    expect(badMeeting.status).toBe(400);
    expect(badMeeting.body.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['body.attendees', 'body.decisions.0.text', 'body.decisions.0.dueOn']));
    expect((await kjt.post(`/api/v1/programmes/${prog.id}/meetings`, meeting)).status).toBe(403);
    expect((await jinan.post(`/api/v1/programmes/${prog.id}/meetings`, meeting)).status).toBe(403);
    expect((await jinan.get(`/api/v1/programmes/${prog.id}/meetings`)).body.code).toBe('OUT_OF_SCOPE');
    expect(await count('programme_meetings', prog.id)).toBe(0);
    const m = await staff.post(`/api/v1/programmes/${prog.id}/meetings`, meeting);
    expect(m.status, JSON.stringify(m.body)).toBe(201);
    expect(m.headers.location).toBe(`/api/v1/meetings/${m.body.id}`);
    expect((await admin.get(String(m.headers.location))).body).toMatchObject({ id: m.body.id, title: meeting.title, decisions: meeting.decisions });
    expect((await admin.get(`/api/v1/programmes/${prog.id}/meetings`)).body).toMatchObject({ items: [{ id: m.body.id }], nextCursor: null, programme: { id: prog.id, associationId: ctx.ids.province } });
    expect(m.body).toMatchObject({ kindLabel: '工作例会', decisions: meeting.decisions, actions: ['edit'] });
    expect((await admin.put(`/api/v1/meetings/${m.body.id}`, { ...meeting, minutes: '修改后的纪要', rowVersion: m.body.rowVersion + 1 })).status).toBe(409);
    const edited = await admin.put(`/api/v1/meetings/${m.body.id}`, { ...meeting, minutes: '修改后的纪要', rowVersion: m.body.rowVersion });
    expect(edited.body.minutes).toBe('修改后的纪要');

    // briefings: numbered; a disclosed one is public, a withdrawn one is not
    expect((await admin.get(`/api/v1/programmes/${prog.id}/briefings`)).body.nextIssueNo).toBe(1);
    const b1 = await admin.post(`/api/v1/programmes/${prog.id}/briefings`, { issueNo: 1, title: `预置${preset}工作简报第一期`, issuedOn: '2026-05-20', body: '试点工作启动会召开，首批项目完成任务书签署。', disclose: true });
    expect(b1.status, JSON.stringify(b1.body)).toBe(201);
    expect(b1.headers.location).toBe(`/api/v1/briefings/${b1.body.id}`);
    expect((await admin.get(String(b1.headers.location))).body).toEqual(b1.body);
    expect(b1.body).toMatchObject({ disclosure: 'published', actions: ['edit', 'withdrawDisclosure'] });
    const b2 = await admin.post(`/api/v1/programmes/${prog.id}/briefings`, { issueNo: 2, title: `预置${preset}工作简报第二期（内部）`, issuedOn: '2026-06-20', body: '内部情况通报。' });
    expect(b2.body.disclosure).toBe('internal');
    const dup = await admin.post(`/api/v1/programmes/${prog.id}/briefings`, { issueNo: 2, title: '重复期号', issuedOn: '2026-06-21', body: '重复' });
    expect(dup.status).toBe(400);
    expect(dup.body.errors).toEqual([{ path: 'body.issueNo', message: '第 2 期简报已存在，请换一个期号' }]);
    expect(await count('briefings', prog.id)).toBe(2);
    expect((await admin.get(`/api/v1/programmes/${prog.id}/briefings`)).body.nextIssueNo).toBe(3);

    const pub = await anon.get(`/api/v1/public/briefings?programmeId=${prog.id}&count=exact`);
    expect(pub.status).toBe(200);
    expect(pub.body.items.map((x: { id: string }) => x.id)).toEqual([b1.body.id]);
    expect(pub.body.items[0]).toMatchObject({ programmeId: prog.id, associationId: ctx.ids.province });
    expect(pub.body.total).toBe(1);
    expect((await anon.get(`/api/v1/public/briefings?programmeId=${prog.id}`)).body).not.toHaveProperty('total');
    expect((await anon.get('/api/v1/public/briefings?limit=100')).body.items.some((x: { id: string }) => x.id === b1.body.id)).toBe(true);
    const detail = await anon.get(`/api/v1/public/briefings/${b1.body.id}`);
    expect(detail.body).toMatchObject({ issueNo: 1, body: '试点工作启动会召开，首批项目完成任务书签署。', associationName: '山东省科学技术协会' });
    expect((await anon.get(`/api/v1/public/briefings/${b2.body.id}`)).status).toBe(404);

    const noReason = await admin.post(`/api/v1/briefings/${b1.body.id}/withdraw-disclosure`, { rowVersion: b1.body.rowVersion, reason: ' ' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors[0].path).toBe('body.reason');
    expect((await jinan.post(`/api/v1/briefings/${b1.body.id}/withdraw-disclosure`, { rowVersion: b1.body.rowVersion, reason: '越权' })).status).toBe(403);
    expect((await admin.post(`/api/v1/briefings/${b1.body.id}/withdraw-disclosure`, { rowVersion: b1.body.rowVersion + 1, reason: '内容需更正' })).status).toBe(409);
    expect((await anon.get(`/api/v1/public/briefings/${b1.body.id}`)).status).toBe(200);
    const wd = await admin.post(`/api/v1/briefings/${b1.body.id}/withdraw-disclosure`, { rowVersion: b1.body.rowVersion, reason: '内容需更正' });
    expect(wd.status).toBe(200);
    expect(wd.body).toMatchObject({ disclosure: 'withdrawn', actions: ['edit', 'publish'] });
    expect((await anon.get(`/api/v1/public/briefings?programmeId=${prog.id}`)).body.items).toEqual([]);
    expect((await anon.get(`/api/v1/public/briefings/${b1.body.id}`)).status).toBe(404);
    expect((await admin.post(`/api/v1/briefings/${b1.body.id}/withdraw-disclosure`, { rowVersion: wd.body.rowVersion, reason: '再次撤回' })).status).toBe(409);
    const again = await admin.post(`/api/v1/briefings/${b1.body.id}/publish`, { rowVersion: wd.body.rowVersion });
    expect(again.body.disclosure).toBe('published');
    expect((await anon.get(`/api/v1/public/briefings?programmeId=${prog.id}`)).body.items).toHaveLength(1);
    expect(await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = ${b1.body.id}`)).toBe(3);

    // stage reports: due on the programme's date (or the one given when it sets none)
    const given = `${year}-07-15`;
    const sr = await admin.post(`/api/v1/programmes/${prog.id}/stage-reports`, { year, period: '上半年', dueOn: given, title: `${year}年上半年试点工作阶段报告`, body: '上半年完成项目遴选和任务书签署。' });
    expect(sr.status, JSON.stringify(sr.body)).toBe(201);
    expect(sr.headers.location).toBe(`/api/v1/stage-reports/${sr.body.id}`);
    expect((await admin.get(String(sr.headers.location))).body).toEqual(sr.body);
    const expectedDue = prog.parameters.stageReportDue ? `${year}-${prog.parameters.stageReportDue}` : given;
    expect(sr.body).toMatchObject({ status: 'draft', dueOn: expectedDue, actions: ['edit', 'submit'], recipientName: null });
    const todo = ((await admin.get('/api/v1/todos?status=open&limit=100')).body.items as { kind: string; entityId: string; dueAt: string }[]).find((t) => t.entityId === sr.body.id);
    // the to-do is due at the end of the due day; once that has passed, the programme's review days from now (issue 11 §5)
    const dueEnd = new Date(`${expectedDue}T23:59:59+08:00`);
    expect(todo?.kind).toBe('stageReport.submit');
    if (dueEnd.getTime() > Date.now()) expect(todo?.dueAt).toBe(dueEnd.toISOString());
    else expect(Math.abs(new Date(todo!.dueAt).getTime() - Date.now() - prog.parameters.selectionDays.review * 86_400_000)).toBeLessThan(120_000);
    const badYear = await admin.post(`/api/v1/programmes/${prog.id}/stage-reports`, { year: 1999, period: '上半年', title: 't', body: 'b' });
    expect(badYear.status).toBe(400);
    expect(badYear.body.errors[0].path).toBe('body.year');
    expect((await admin.post(`/api/v1/stage-reports/${sr.body.id}/submit`, { rowVersion: sr.body.rowVersion + 1 })).status).toBe(409);
    const sub = await admin.post(`/api/v1/stage-reports/${sr.body.id}/submit`, { rowVersion: sr.body.rowVersion });
    expect(sub.body).toMatchObject({ status: 'submitted', actions: [] });
    expect((await admin.put(`/api/v1/stage-reports/${sr.body.id}`, { year, period: '上半年', title: '改', body: '改', rowVersion: sub.body.rowVersion })).status).toBe(409);
    expect(((await admin.get('/api/v1/todos?status=open&limit=100')).body.items as { entityId: string }[]).some((t) => t.entityId === sr.body.id)).toBe(false);
  });
});

describe('stage reports to the level above, and published progress on the portal (PRG-3, PUB-1)', () => {
  it('a city association submits to the province, which sees only what was submitted', async () => {
    const pid = ctx.ids.programmes.qingdao;
    const draft = await qingdao.post(`/api/v1/programmes/${pid}/stage-reports`, { year, period: '上半年', title: '青岛市试点工作上半年报告', body: '青岛市试点进展。' });
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    expect(draft.body).toMatchObject({ dueOn: `${year}-06-30`, recipientName: '山东省科学技术协会' });
    expect((await admin.get(`/api/v1/programmes/${pid}/stage-reports`)).body).toMatchObject({ items: [], actions: [] });
    expect((await admin.post(`/api/v1/stage-reports/${draft.body.id}/submit`, { rowVersion: draft.body.rowVersion })).status).toBe(403);
    expect((await admin.get('/api/v1/stage-reports/received')).body.items.some((r: { id: string }) => r.id === draft.body.id)).toBe(false);
    expect((await qingdao.post(`/api/v1/stage-reports/${draft.body.id}/submit`, { rowVersion: draft.body.rowVersion })).status).toBe(200);
    const received = (await admin.get('/api/v1/stage-reports/received')).body.items as { id: string; associationName: string }[];
    expect(received.find((r) => r.id === draft.body.id)?.associationName).toBe('青岛市科学技术协会');
    expect((await admin.get(`/api/v1/programmes/${pid}/stage-reports`)).body.items).toHaveLength(1);
    const notes = (await admin.get('/api/v1/notifications?limit=20')).body.items as { title: string }[];
    expect(notes.some((n) => n.title === '青岛市科学技术协会报送阶段报告：青岛市试点工作上半年报告')).toBe(true);
  });

  it('lists published progress reports only', async () => {
    const proj = await signedProject(ctx, { admin, dept: kjt, society: jixie }, '001', '进展公开项目');
    const published = crypto.randomUUID();
    const internal = crypto.randomUUID();
    await ctx.database.db.execute(sql`INSERT INTO progress_reports (id, project_id, title, body, status, disclosure, public_summary, published_at) VALUES
      (${published}, ${proj.projectId}, '评估方案已制定', '内部全文', 'acknowledged', 'published', '已完成评估方案制定。', now()),
      (${internal}, ${proj.projectId}, '内部进展', '内部全文', 'acknowledged', 'internal', null, null)`);
    const list = await anon.get(`/api/v1/public/progress?projectId=${proj.projectId}`);
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({ id: published, projectTitle: '进展公开项目', societyName: '山东省机械工程学会', summary: '已完成评估方案制定。' });
    expect((await anon.get(`/api/v1/public/progress/${internal}`)).status).toBe(404);
    expect((await anon.get(`/api/v1/public/progress/${published}`)).body.title).toBe('评估方案已制定');
    expect((await anon.get('/api/v1/public/progress?cursor=bad')).status).toBe(400);
  });

  it('pages the stage reports received and the public lists by key, ties on the time broken by id (issue 12 §1)', async () => {
    // three reports submitted by Qingdao; the received list pages through them with nothing twice or missed
    const pid = ctx.ids.programmes.qingdao;
    for (const period of ['第一季度', '第二季度', '第三季度']) {
      const d = await qingdao.post(`/api/v1/programmes/${pid}/stage-reports`, { year, period, title: `青岛市${period}报告`, body: '进展。' });
      expect(d.status).toBe(201);
      expect((await qingdao.post(`/api/v1/stage-reports/${d.body.id}/submit`, { rowVersion: d.body.rowVersion })).status).toBe(200);
    }
    const pageAll = async (c: TestClient, url: string) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: { status: number; body: { items: { id: string }[]; nextCursor: string | null; total?: number } } = await c.get(`${url}${url.includes('?') ? '&' : '?'}limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        expect(res.body.total).toBeUndefined();
        seen.push(...res.body.items.map((i) => i.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      return seen;
    };
    const received = await pageAll(admin, '/api/v1/stage-reports/received');
    const whole = (await admin.get('/api/v1/stage-reports/received?limit=100&count=exact')).body;
    expect(whole.total).toBe(whole.items.length);
    expect(received).toEqual(whole.items.map((r: { id: string }) => r.id));
    expect(new Set(received).size).toBe(received.length);
    expect(received.length).toBeGreaterThanOrEqual(3);
    expect(whole.items[0]).toMatchObject({ associationId: expect.any(String), recipientId: ctx.ids.province, recipientName: '山东省科学技术协会' });

    // public briefings of one programme, all published at the same instant: the id breaks the tie
    const prog = await programme('001', '分页简报方案');
    const ids: string[] = [];
    for (const n of [1, 2, 3, 4, 5]) {
      const b = await admin.post(`/api/v1/programmes/${prog.id}/briefings`, { issueNo: n, title: `分页简报第${n}期`, issuedOn: '2026-05-20', body: '正文。', disclose: true });
      expect(b.status).toBe(201);
      ids.push(b.body.id);
    }
    await ctx.database.db.execute(sql`UPDATE briefings SET published_at = '2026-05-20 10:00:00.123456+08' WHERE programme_id = ${prog.id}`);
    const briefingsSeen = await pageAll(anon, `/api/v1/public/briefings?programmeId=${prog.id}`);
    expect(briefingsSeen).toEqual([...ids].sort().reverse());
    expect((await anon.get(`/api/v1/public/briefings?programmeId=${prog.id}&count=exact&limit=1`)).body.total).toBe(5);

    // public progress of one project, three rows published by one statement (one now())
    const proj = await signedProject(ctx, { admin, dept: kjt, society: jixie }, '001', '进展分页项目');
    const rows = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    await ctx.database.db.execute(sql`INSERT INTO progress_reports (id, project_id, title, body, status, disclosure, published_at) VALUES
      (${rows[0]}, ${proj.projectId}, '进展一', '全文', 'acknowledged', 'published', now()),
      (${rows[1]}, ${proj.projectId}, '进展二', '全文', 'acknowledged', 'published', now()),
      (${rows[2]}, ${proj.projectId}, '进展三', '全文', 'acknowledged', 'published', now())`);
    expect(await pageAll(anon, `/api/v1/public/progress?projectId=${proj.projectId}`)).toEqual([...rows].sort().reverse());
    const one = (await anon.get(`/api/v1/public/progress?projectId=${proj.projectId}&count=exact&limit=1`)).body;
    expect(one.total).toBe(3);
    expect(one.items[0]).toMatchObject({ projectId: proj.projectId, programmeId: proj.programmeId, societyId: expect.any(String), departmentId: expect.any(String) });
  });
});
