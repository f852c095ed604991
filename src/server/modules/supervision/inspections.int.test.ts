// Issue 4 step 6, SUP-4 half, through HTTP on both drivers under presets 000, 001, 002: the
// coordinating association assigns observers (and may end an assignment early); the commissioning
// department plans an expert panel inspection, may change or cancel it, and records the panel's
// findings and conclusion. Refusals change nothing; a racing findings/cancel: exactly one wins.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { as, createTestContext, scalar, type TestClient, type TestContext } from '../../testing/harness.js';
import { signedProject } from '../../testing/project-fixture.js';
import { addDays, chinaToday } from '../../platform/transition.js';

let ctx: TestContext;
let admin: TestClient;
let staff: TestClient;
let kjt: TestClient;
let jixie: TestClient;

beforeAll(async () => {
  ctx = await createTestContext();
  admin = await as(ctx.app, 'sheng.admin');
  staff = await as(ctx.app, 'sheng.staff');
  kjt = await as(ctx.app, 'kjt.user');
  jixie = await as(ctx.app, 'jixie.user');
}, 120_000);
afterAll(async () => ctx?.close());

const n = (q: ReturnType<typeof sql>) => scalar(ctx.database.db, q);
const upload = (c: TestClient, name: string) => c.request('POST', `/api/v1/attachments?filename=${encodeURIComponent(name)}`, undefined, { headers: { 'content-type': 'application/octet-stream' }, rawBody: `bytes of ${name}` });
const panel = [
  { name: '吴刚', employer: '山东大学', title: '教授' },
  { name: '孙丽', employer: '山东省科学院', title: '研究员' },
];
// Relative to today: an assignment that began a month ago and runs for four more years (a fixed
// end date made the test fail once that day had passed, issue 12 §3). Made at each use, not once
// for the file: the bad input below ends the assignment the day before it starts only if both days
// are counted from the same today, and a run may cross China's midnight (16:00 UTC).
const dayFromToday = (days: number) => chinaToday(addDays(new Date(), days));
const observer = () => ({ personName: '周明', employer: '山东省科协学会学术部', fromOn: dayFromToday(-30), toOn: dayFromToday(4 * 365), duties: '参与项目巡视，列席项目例会。' });

describe.each(['000', '001', '002', '004'])('observers and inspections under preset %s (SUP-4)', (preset) => {
  it('the association assigns and ends observers; the department plans, changes and records an inspection', async () => {
    const est = await signedProject(ctx, { admin, dept: kjt, society: jixie }, preset, `预置${preset}监督检查试点项目`);
    const pid = est.projectId;
    const today = chinaToday();

    // Observers: the association sees the action, the others do not.
    expect((await admin.get(`/api/v1/projects/${pid}/observers`)).body.actions).toEqual(['assign']);
    expect((await kjt.get(`/api/v1/projects/${pid}/observers`)).body.actions).toEqual([]);
    const o = await staff.post(`/api/v1/projects/${pid}/observers`, observer());
    expect(o.status, JSON.stringify(o.body)).toBe(201);
    expect(o.body).toMatchObject({ personName: '周明', active: true, endedOn: null, actions: ['end'], assignedByOrgName: '山东省科学技术协会', assignedByOrgId: ctx.ids.province });
    // 201 with the record's address, which reads the same record
    expect(o.headers.location).toBe(`/api/v1/observers/${o.body.id}`);
    const read = await jixie.get(o.headers.location as string);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: o.body.id, personName: '周明', actions: [] });
    expect((await admin.get(`/api/v1/observers/${o.body.id}`)).body.actions).toEqual(['end']);
    const whole = await admin.get(`/api/v1/projects/${pid}/observers`);
    expect(whole.body).toMatchObject({ nextCursor: null, actions: ['assign'] });
    expect(await n(sql`SELECT count(DISTINCT recipient_org_id)::int AS n FROM notifications WHERE entity_id = ${o.body.id}`)).toBe(2); // society and department (their people, issue 11 §2)
    const ended = await admin.post(`/api/v1/observers/${o.body.id}/end`, { rowVersion: o.body.rowVersion, endedOn: today, reason: '工作调动' });
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);
    expect(ended.body).toMatchObject({ endedOn: today, endedReason: '工作调动', actions: [] });
    expect((await admin.post(`/api/v1/observers/${o.body.id}/end`, { rowVersion: ended.body.rowVersion, endedOn: today, reason: '再次结束' })).status).toBe(409);
    const seenBySociety = await jixie.get(`/api/v1/projects/${pid}/observers`);
    expect(seenBySociety.body.items).toHaveLength(1);

    // Inspection: planned with evidence, then moved; the department has a to-do to record findings.
    expect((await kjt.get(`/api/v1/projects/${pid}/inspections`)).body.actions).toEqual(['plan']);
    expect((await admin.get(`/api/v1/projects/${pid}/inspections`)).body.actions).toEqual([]);
    const notice = await upload(kjt, '检查通知.pdf');
    const planned = await kjt.post(`/api/v1/projects/${pid}/inspections`, { plannedOn: today, purpose: '中期检查：进度、经费使用和成果质量。', panel, attachmentIds: [notice.body.id] });
    expect(planned.status, JSON.stringify(planned.body)).toBe(201);
    expect(planned.body).toMatchObject({ status: 'planned', statusLabel: '已安排', actions: ['edit', 'recordFindings', 'cancel'] });
    expect(planned.headers.location).toBe(`/api/v1/inspections/${planned.body.id}`);
    expect((await kjt.get(planned.headers.location as string)).body).toEqual(planned.body);
    expect((await jixie.get(`/api/v1/inspections/${planned.body.id}`)).body.actions).toEqual([]);
    expect((await jixie.get(`/api/v1/attachments/${notice.body.id}`)).status).toBe(200);
    expect(await n(sql`SELECT count(*)::int AS n FROM todos WHERE kind = 'inspection.findings' AND entity_id = ${planned.body.id} AND status = 'open'`)).toBe(1);
    const moved = await kjt.put(`/api/v1/inspections/${planned.body.id}`, { rowVersion: planned.body.rowVersion, plannedOn: '2026-01-05', purpose: planned.body.purpose, panel: [...panel, { name: '钱进', employer: '齐鲁工业大学' }], attachmentIds: [notice.body.id] });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body.panel).toHaveLength(3);
    expect(await n(sql`SELECT count(*)::int AS n FROM todos WHERE kind = 'inspection.findings' AND entity_id = ${planned.body.id} AND status = 'open'`)).toBe(1);

    // Findings: not dated after today; then recorded with a conclusion; the society and association are told.
    const future = await kjt.post(`/api/v1/inspections/${planned.body.id}/findings`, { rowVersion: moved.body.rowVersion, inspectedOn: '2099-01-01', findings: '未来', conclusion: 'pass' });
    expect(future.status).toBe(400);
    expect(future.body.errors).toContainEqual({ path: 'body.inspectedOn', message: '检查日期不能晚于今天' });
    const report = await upload(kjt, '专家组检查意见.pdf');
    const f = await kjt.post(`/api/v1/inspections/${planned.body.id}/findings`, { rowVersion: moved.body.rowVersion, inspectedOn: today, findings: '评估进度滞后约一个月，专家库更新不及时。', conclusion: 'needsRectification', attachmentIds: [report.body.id] });
    expect(f.status, JSON.stringify(f.body)).toBe(200);
    expect(f.body).toMatchObject({ status: 'findingsRecorded', conclusion: 'needsRectification', conclusionLabel: '需整改', actions: ['issueRectification'] });
    expect(f.body.attachments.map((a: { filename: string }) => a.filename)).toEqual(['检查通知.pdf', '专家组检查意见.pdf']);
    expect((await admin.get(`/api/v1/inspections/${planned.body.id}`)).body.actions).toEqual(['issueRectification']);
    expect(await n(sql`SELECT count(*)::int AS n FROM todos WHERE kind = 'inspection.findings' AND entity_id = ${planned.body.id} AND status = 'open'`)).toBe(0);
    expect(await n(sql`SELECT count(DISTINCT recipient_org_id)::int AS n FROM notifications WHERE entity_id = ${planned.body.id} AND title LIKE '专家组检查意见%'`)).toBe(2);
    expect(await n(sql`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = ${planned.body.id}`)).toBe(3);

    // Wrong state: no second findings, no cancelling after findings.
    const again = await kjt.post(`/api/v1/inspections/${planned.body.id}/cancel`, { rowVersion: f.body.rowVersion, reason: '取消' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('INVALID_STATE');

    // Another one is cancelled with a reason. A file taken off it in an edit is no longer the
    // record's: the society can no longer download it through the inspection.
    const wrong = await upload(kjt, '误传的名单.pdf');
    const p2 = await kjt.post(`/api/v1/projects/${pid}/inspections`, { plannedOn: '2030-06-01', purpose: '年度检查', panel, attachmentIds: [wrong.body.id] });
    expect((await jixie.get(`/api/v1/attachments/${wrong.body.id}`)).status).toBe(200);
    const unlinked = await kjt.put(`/api/v1/inspections/${p2.body.id}`, { rowVersion: p2.body.rowVersion, plannedOn: '2030-06-01', purpose: '年度检查', panel, attachmentIds: [] });
    expect(unlinked.status, JSON.stringify(unlinked.body)).toBe(200);
    expect((await jixie.get(`/api/v1/attachments/${wrong.body.id}`)).status).toBe(403);
    p2.body.rowVersion = unlinked.body.rowVersion;
    const c = await kjt.post(`/api/v1/inspections/${p2.body.id}/cancel`, { rowVersion: p2.body.rowVersion, reason: '与年度考核合并进行' });
    expect(c.status).toBe(200);
    expect(c.body).toMatchObject({ status: 'cancelled', cancelledReason: '与年度考核合并进行', actions: [] });
    const list = await jixie.get(`/api/v1/projects/${pid}/inspections`);
    expect(list.body.items.map((i: { status: string }) => i.status)).toEqual(['cancelled', 'findingsRecorded']);
    expect(list.body).toMatchObject({ nextCursor: null, actions: [] });
  }, 90_000);

  it('refuses the wrong party, other organisations, wrong states, stale versions and bad input — changing nothing', async () => {
    const est = await signedProject(ctx, { admin, dept: kjt, society: jixie }, preset, `预置${preset}监督检查拒绝项目`);
    const pid = est.projectId;
    const o = await admin.post(`/api/v1/projects/${pid}/observers`, observer());
    const i = await kjt.post(`/api/v1/projects/${pid}/inspections`, { plannedOn: '2030-01-01', purpose: '专项检查', panel });
    expect([o.status, i.status]).toEqual([201, 201]);
    const counts = async () => [
      await n(sql`SELECT count(*)::int AS n FROM observers WHERE project_id = ${pid}`),
      await n(sql`SELECT count(*)::int AS n FROM inspections WHERE project_id = ${pid}`),
      await n(sql`SELECT count(*)::int AS n FROM audit_log WHERE entity_type IN ('observer', 'inspection')`),
      await n(sql`SELECT count(*)::int AS n FROM inspections WHERE project_id = ${pid} AND status = 'planned' AND row_version = 1`),
    ];
    const before = await counts();

    // wrong party
    expect((await kjt.post(`/api/v1/projects/${pid}/observers`, observer())).status).toBe(403);
    expect((await jixie.post(`/api/v1/projects/${pid}/observers`, observer())).status).toBe(403);
    expect((await admin.post(`/api/v1/projects/${pid}/inspections`, { plannedOn: '2030-01-01', purpose: 'x', panel })).status).toBe(403);
    expect((await jixie.post(`/api/v1/inspections/${i.body.id}/cancel`, { rowVersion: i.body.rowVersion, reason: '不想被查' })).status).toBe(403);
    expect((await admin.post(`/api/v1/inspections/${i.body.id}/findings`, { rowVersion: i.body.rowVersion, inspectedOn: '2026-01-01', findings: 'x', conclusion: 'good' })).status).toBe(403);
    expect((await kjt.post(`/api/v1/observers/${o.body.id}/end`, { rowVersion: o.body.rowVersion, endedOn: dayFromToday(1), reason: 'x' })).status).toBe(403);
    // out of scope
    for (const username of ['jinan.admin', 'bianban.user']) {
      const c = await as(ctx.app, username);
      expect((await c.get(`/api/v1/projects/${pid}/observers`)).status, username).toBe(403);
      expect((await c.get(`/api/v1/projects/${pid}/inspections`)).status, username).toBe(403);
      expect((await c.get(`/api/v1/inspections/${i.body.id}`)).status, username).toBe(403);
      expect((await c.get(`/api/v1/observers/${o.body.id}`)).status, username).toBe(403);
      expect((await c.post(`/api/v1/projects/${pid}/observers`, observer())).status, username).toBe(403);
      expect((await c.post(`/api/v1/observers/${o.body.id}/end`, { rowVersion: o.body.rowVersion, endedOn: dayFromToday(1), reason: 'x' })).status, username).toBe(403);
    }
    // stale versions
    expect((await kjt.post(`/api/v1/inspections/${i.body.id}/cancel`, { rowVersion: 9, reason: '取消' })).status).toBe(409);
    expect((await admin.post(`/api/v1/observers/${o.body.id}/end`, { rowVersion: 9, endedOn: dayFromToday(1), reason: '调动' })).status).toBe(409);
    // bad input, with field paths
    const badObs = await admin.post(`/api/v1/projects/${pid}/observers`, { ...observer(), toOn: dayFromToday(-31) });
    expect(badObs.status).toBe(400);
    expect(badObs.body.errors).toContainEqual({ path: 'body.toOn', message: '结束日期不能早于开始日期' });
    const badEnd = await admin.post(`/api/v1/observers/${o.body.id}/end`, { rowVersion: o.body.rowVersion, endedOn: dayFromToday(-60), reason: '调动' });
    expect(badEnd.status).toBe(400);
    expect(badEnd.body.errors[0].path).toBe('body.endedOn');
    const noPanel = await kjt.post(`/api/v1/projects/${pid}/inspections`, { plannedOn: '2030-01-01', purpose: '专项检查', panel: [] });
    expect(noPanel.status).toBe(400);
    expect(noPanel.body.errors).toContainEqual({ path: 'body.panel', message: '请填写专家组成员' });
    const badConclusion = await kjt.post(`/api/v1/inspections/${i.body.id}/findings`, { rowVersion: i.body.rowVersion, inspectedOn: '2026-01-01', findings: '良好', conclusion: 'excellent' });
    expect(badConclusion.status).toBe(400);
    expect(badConclusion.body.errors[0].path).toBe('body.conclusion');
    const badDate = await kjt.put(`/api/v1/inspections/${i.body.id}`, { rowVersion: i.body.rowVersion, plannedOn: '2030-02-30', purpose: '专项检查', panel });
    expect(badDate.status).toBe(400);
    expect(badDate.body.errors).toContainEqual({ path: 'body.plannedOn', message: '检查日期不是有效日期' });
    expect(await counts()).toEqual(before);

    // a racing findings and cancel: one wins
    const kjt2 = await as(ctx.app, 'kjt.user');
    const [a, b] = await Promise.all([
      kjt.post(`/api/v1/inspections/${i.body.id}/findings`, { rowVersion: i.body.rowVersion, inspectedOn: '2026-01-01', findings: '总体良好', conclusion: 'good' }),
      kjt2.post(`/api/v1/inspections/${i.body.id}/cancel`, { rowVersion: i.body.rowVersion, reason: '改期' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect(await n(sql`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = ${i.body.id} AND action IN ('inspection.recordFindings', 'inspection.cancel')`)).toBe(1);
  }, 90_000);
});
