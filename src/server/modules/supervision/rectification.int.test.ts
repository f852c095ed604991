// Issue 4 step 9 (SUP-7, SUP-8) through HTTP on both drivers under presets 000, 001, 002: the
// department (after an inspection) or the association issues a rectification order with a deadline;
// the society responds with a report and evidence; the issuer returns it, the society responds
// again, the issuer closes it; the issuer extends a deadline; overdue orders alert once. Training
// and guidance are recorded by the department or association. Refusals change nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { as, createTestContext, scalar, type TestClient, type TestContext } from '../../testing/harness.js';
import { signedProject } from '../../testing/project-fixture.js';
import { addDays, chinaToday } from '../../platform/transition.js';
import { runOverdueRectificationAlerts } from './rectification.js';

let ctx: TestContext;
let admin: TestClient;
let kjt: TestClient;
let jixie: TestClient;

beforeAll(async () => {
  ctx = await createTestContext();
  admin = await as(ctx.app, 'sheng.admin');
  kjt = await as(ctx.app, 'kjt.user');
  jixie = await as(ctx.app, 'jixie.user');
}, 120_000);
afterAll(async () => ctx?.close());

const n = (q: ReturnType<typeof sql>) => scalar(ctx.database.db, q);
const upload = (c: TestClient, name: string) => c.request('POST', `/api/v1/attachments?filename=${encodeURIComponent(name)}`, undefined, { headers: { 'content-type': 'application/octet-stream' }, rawBody: `bytes of ${name}` });
// Deadlines relative to today, so that the test passes whatever year it runs in (issue 12 §3).
const dayFromToday = (days: number) => chinaToday(addDays(new Date(), days));
const in60 = dayFromToday(60);
const in90 = dayFromToday(90);
const in180 = dayFromToday(180);
const openTodo = (kind: string, id: string) => n(sql`SELECT count(*)::int AS n FROM todos WHERE kind = ${kind} AND entity_id = ${id} AND status = 'open'`);

describe.each(['000', '001', '002', '004'])('rectification and training under preset %s (SUP-7, SUP-8)', (preset) => {
  it('an order is issued after an inspection, answered, returned, answered again and closed; another is extended', async () => {
    const est = await signedProject(ctx, { admin, dept: kjt, society: jixie }, preset, `预置${preset}整改试点项目`);
    const pid = est.projectId;
    const today = chinaToday();
    const insp = await kjt.post(`/api/v1/projects/${pid}/inspections`, { plannedOn: today, purpose: '中期检查', panel: [{ name: '吴刚', employer: '山东大学' }] });
    const f = await kjt.post(`/api/v1/inspections/${insp.body.id}/findings`, { rowVersion: insp.body.rowVersion, inspectedOn: today, findings: '专家库更新不及时。', conclusion: 'needsRectification' });
    expect(f.status).toBe(200);

    // The department and the association may issue; the society may not.
    expect((await kjt.get(`/api/v1/projects/${pid}/rectifications`)).body.actions).toEqual(['issue']);
    expect((await admin.get(`/api/v1/projects/${pid}/rectifications`)).body.actions).toEqual(['issue']);
    expect((await jixie.get(`/api/v1/projects/${pid}/rectifications`)).body).toMatchObject({ items: [], nextCursor: null, actions: [] });
    const order = await kjt.post(`/api/v1/projects/${pid}/rectifications`, { requirements: '一个月内完成专家库更新，并报送整改报告。', deadline: in90, inspectionId: insp.body.id });
    expect(order.status, JSON.stringify(order.body)).toBe(201);
    expect(order.headers.location).toBe(`/api/v1/rectifications/${order.body.id}`);
    expect((await kjt.get(order.headers.location as string)).body).toEqual(order.body);
    expect(order.body).toMatchObject({ status: 'issued', statusLabel: '待整改', issuerKind: 'department', issuerOrgName: '山东省科学技术厅', waitingOn: 'society', overdue: false, actions: ['extend'] });
    expect(await openTodo('rectification.respond', order.body.id)).toBe(1);
    const [{ d }] = (await ctx.database.db.execute(sql`SELECT to_char(due_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS d FROM todos WHERE kind = 'rectification.respond' AND entity_id = ${order.body.id}`) as unknown as { rows: { d: string }[] }).rows;
    expect(d).toBe(in90);

    // The society answers with evidence; the issuer (only) decides; the association may not.
    const seen = await jixie.get(`/api/v1/rectifications/${order.body.id}`);
    expect(seen.body.actions).toEqual(['respond']);
    const ev = await upload(jixie, '整改报告.pdf');
    const r1 = await jixie.post(`/api/v1/rectifications/${order.body.id}/response`, { rowVersion: seen.body.rowVersion, report: '已更新专家库，新增专家 30 名。', attachmentIds: [ev.body.id] });
    expect(r1.status, JSON.stringify(r1.body)).toBe(200);
    expect(r1.body).toMatchObject({ status: 'responded', waitingOn: 'issuer', actions: [] });
    expect(r1.body.responseAttachments[0].filename).toBe('整改报告.pdf');
    expect(await openTodo('rectification.respond', order.body.id)).toBe(0);
    expect(await openTodo('rectification.review', order.body.id)).toBe(1);
    expect((await kjt.get(`/api/v1/attachments/${ev.body.id}`)).status).toBe(200);
    expect((await admin.post(`/api/v1/rectifications/${order.body.id}/decision`, { rowVersion: r1.body.rowVersion, decision: 'approve' })).status).toBe(403);
    expect((await kjt.get(`/api/v1/rectifications/${order.body.id}`)).body.actions).toEqual(['accept', 'return']);
    const back = await kjt.post(`/api/v1/rectifications/${order.body.id}/decision`, { rowVersion: r1.body.rowVersion, decision: 'return', comment: '请补充专家回避制度。' });
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ status: 'returned', decisionComment: '请补充专家回避制度。' });
    expect(await openTodo('rectification.respond', order.body.id)).toBe(1);
    const r2 = await jixie.post(`/api/v1/rectifications/${order.body.id}/response`, { rowVersion: back.body.rowVersion, report: '已补充专家回避制度。', attachmentIds: [ev.body.id] });
    expect(r2.status).toBe(200);
    const closed = await kjt.post(`/api/v1/rectifications/${order.body.id}/decision`, { rowVersion: r2.body.rowVersion, decision: 'approve', comment: '整改到位，予以销号。' });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', statusLabel: '已销号', waitingOn: null, actions: [] });
    expect(closed.body.closedAt).not.toBeNull();
    expect(await n(sql`SELECT count(*)::int AS n FROM todos WHERE entity_id = ${order.body.id} AND status = 'open'`)).toBe(0);
    expect(await n(sql`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = ${order.body.id}`)).toBe(5);

    // The association's own order: extended (the overdue claim cleared), then overdue alerts once.
    // Due today, read right before: a deadline before the server's today is refused, and the order
    // flow above may have run past China's midnight (16:00 UTC).
    const dueToday = chinaToday();
    const a = await admin.post(`/api/v1/projects/${pid}/rectifications`, { requirements: '规范项目经费台账。', deadline: dueToday });
    expect(a.status).toBe(201);
    expect(a.body.issuerKind).toBe('association');
    expect((await kjt.get(`/api/v1/rectifications/${a.body.id}`)).body.actions).toEqual([]);
    const claimed = await runOverdueRectificationAlerts(ctx.database.db, '2099-01-01');
    expect(claimed.filter((c) => c.projectId === pid).map((c) => c.id)).toEqual([a.body.id]);
    expect(await n(sql`SELECT count(DISTINCT recipient_org_id)::int AS n FROM notifications WHERE entity_id = ${a.body.id} AND title LIKE '整改逾期%'`)).toBe(3);
    expect((await runOverdueRectificationAlerts(ctx.database.db, '2099-01-01')).filter((c) => c.projectId === pid)).toEqual([]);
    const shorter = await admin.post(`/api/v1/rectifications/${a.body.id}/extend`, { rowVersion: a.body.rowVersion, deadline: dueToday, reason: '延期' });
    expect(shorter.status).toBe(400);
    expect(shorter.body.errors).toContainEqual({ path: 'body.deadline', message: '新的整改期限应晚于原期限' });
    const ext = await admin.post(`/api/v1/rectifications/${a.body.id}/extend`, { rowVersion: a.body.rowVersion, deadline: in180, reason: '涉及年度审计，需延期。' });
    expect(ext.status, JSON.stringify(ext.body)).toBe(200);
    expect(ext.body).toMatchObject({ deadline: in180, status: 'issued', overdue: false });
    expect(await openTodo('rectification.respond', a.body.id)).toBe(1);
    expect(await n(sql`SELECT count(*)::int AS n FROM rectification_orders WHERE id = ${a.body.id} AND overdue_alerted_at IS NULL`)).toBe(1);
  }, 90_000);

  it('refuses the wrong party, other organisations, wrong states, stale versions and bad input — changing nothing', async () => {
    const est = await signedProject(ctx, { admin, dept: kjt, society: jixie }, preset, `预置${preset}整改拒绝项目`);
    const other = await signedProject(ctx, { admin, dept: kjt, society: jixie }, preset, `预置${preset}整改另一项目`);
    const pid = est.projectId;
    const otherInsp = await kjt.post(`/api/v1/projects/${other.projectId}/inspections`, { plannedOn: '2030-01-01', purpose: '检查', panel: [{ name: '吴刚', employer: '山东大学' }] });
    const o = await kjt.post(`/api/v1/projects/${pid}/rectifications`, { requirements: '整改要求', deadline: in60 });
    expect(o.status).toBe(201);
    const counts = async () => [
      await n(sql`SELECT count(*)::int AS n FROM rectification_orders WHERE project_id = ${pid}`),
      await n(sql`SELECT count(*)::int AS n FROM training_records WHERE project_id = ${pid}`),
      await n(sql`SELECT count(*)::int AS n FROM audit_log WHERE entity_type IN ('rectification_order', 'training_record')`),
      await n(sql`SELECT row_version AS n FROM rectification_orders WHERE id = ${o.body.id}`),
    ];
    const before = await counts();
    const training = { kind: 'guidance', title: '评估方法指导', heldOn: '2026-03-01', content: '讲解评估指标设计。' };

    // wrong party
    expect((await jixie.post(`/api/v1/projects/${pid}/rectifications`, { requirements: 'x', deadline: in60 })).status).toBe(403);
    expect((await kjt.post(`/api/v1/rectifications/${o.body.id}/response`, { rowVersion: o.body.rowVersion, report: 'x' })).status).toBe(403);
    expect((await jixie.post(`/api/v1/rectifications/${o.body.id}/extend`, { rowVersion: o.body.rowVersion, deadline: in180, reason: 'x' })).status).toBe(403);
    expect((await admin.post(`/api/v1/rectifications/${o.body.id}/extend`, { rowVersion: o.body.rowVersion, deadline: in180, reason: '非下达单位' })).status).toBe(403);
    expect((await jixie.post(`/api/v1/projects/${pid}/training-records`, training)).status).toBe(403);
    // out of scope
    for (const username of ['jinan.admin', 'bianban.user']) {
      const c = await as(ctx.app, username);
      expect((await c.get(`/api/v1/projects/${pid}/rectifications`)).status, username).toBe(403);
      expect((await c.get(`/api/v1/rectifications/${o.body.id}`)).status, username).toBe(403);
      expect((await c.post(`/api/v1/projects/${pid}/rectifications`, { requirements: 'x', deadline: in60 })).status, username).toBe(403);
      expect((await c.get(`/api/v1/projects/${pid}/training-records`)).status, username).toBe(403);
      expect((await c.post(`/api/v1/projects/${pid}/training-records`, training)).status, username).toBe(403);
    }
    // wrong state: deciding before any response
    const early = await kjt.post(`/api/v1/rectifications/${o.body.id}/decision`, { rowVersion: o.body.rowVersion, decision: 'approve' });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('INVALID_STATE');
    // stale version
    const stale = await jixie.post(`/api/v1/rectifications/${o.body.id}/response`, { rowVersion: o.body.rowVersion + 1, report: '已整改' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('CONFLICT');
    // bad input
    const past = await kjt.post(`/api/v1/projects/${pid}/rectifications`, { requirements: '整改', deadline: '2020-01-01' });
    expect(past.status).toBe(400);
    expect(past.body.errors).toContainEqual({ path: 'body.deadline', message: '整改期限不能早于今天' });
    const wrongInsp = await kjt.post(`/api/v1/projects/${pid}/rectifications`, { requirements: '整改', deadline: in60, inspectionId: otherInsp.body.id });
    expect(wrongInsp.status).toBe(400);
    expect(wrongInsp.body.errors).toContainEqual({ path: 'body.inspectionId', message: '该项目没有这次检查' });
    const noReport = await jixie.post(`/api/v1/rectifications/${o.body.id}/response`, { rowVersion: o.body.rowVersion, report: '' });
    expect(noReport.status).toBe(400);
    expect(noReport.body.errors).toContainEqual({ path: 'body.report', message: '请填写整改情况' });
    const guidanceWithoutProject = await admin.post(`/api/v1/programmes/${est.programmeId}/training-records`, { ...training });
    expect(guidanceWithoutProject.status).toBe(400);
    expect(guidanceWithoutProject.body.errors).toContainEqual({ path: 'body.projectId', message: '工作指导请选择所指导的项目' });
    const badCount = await kjt.post(`/api/v1/projects/${pid}/training-records`, { ...training, participantCount: -1 });
    expect(badCount.status).toBe(400);
    expect(badCount.body.errors[0]).toMatchObject({ path: 'body.participantCount', message: '参加人数不能为负' });
    expect(await counts()).toEqual(before);

    // a racing response and extension: one wins
    const [r, e] = await Promise.all([
      jixie.post(`/api/v1/rectifications/${o.body.id}/response`, { rowVersion: o.body.rowVersion, report: '已整改' }),
      kjt.post(`/api/v1/rectifications/${o.body.id}/extend`, { rowVersion: o.body.rowVersion, deadline: in180, reason: '延期' }),
    ]);
    expect([r.status, e.status].sort()).toEqual([200, 409]);
  }, 90_000);

  it('records training and guidance for the project and training for the whole programme', async () => {
    const est = await signedProject(ctx, { admin, dept: kjt, society: jixie }, preset, `预置${preset}培训指导试点项目`);
    const pid = est.projectId;
    expect((await kjt.get(`/api/v1/projects/${pid}/training-records`)).body.actions).toEqual(['record']);
    expect((await admin.get(`/api/v1/projects/${pid}/training-records`)).body.actions).toEqual(['record', 'recordProgramme']);
    expect((await jixie.get(`/api/v1/projects/${pid}/training-records`)).body.actions).toEqual([]);
    const slides = await upload(kjt, '培训课件.pdf');
    const g = await kjt.post(`/api/v1/projects/${pid}/training-records`, { kind: 'guidance', title: '评估指标体系指导', heldOn: '2026-03-01', location: '省科技厅 302 会议室', givenBy: '基础研究处', content: '对评估指标的设置和权重提出意见。', attachmentIds: [slides.body.id] });
    expect(g.status, JSON.stringify(g.body)).toBe(201);
    expect(g.body).toMatchObject({ kind: 'guidance', kindLabel: '工作指导', scope: 'project', projectId: pid, recordedByOrgName: '山东省科学技术厅' });
    expect(g.headers.location).toBe(`/api/v1/training-records/${g.body.id}`);
    expect((await jixie.get(g.headers.location as string)).body).toEqual(g.body);
    const t = await admin.post(`/api/v1/programmes/${est.programmeId}/training-records`, { kind: 'training', title: '承接政府职能转移专项培训', heldOn: '2026-04-10', participants: '各试点学会项目负责人', participantCount: 45, content: '讲解任务书管理、经费使用和绩效评估要求。' });
    expect(t.status, JSON.stringify(t.body)).toBe(201);
    expect(t.body).toMatchObject({ scope: 'programme', projectId: null, kindLabel: '专项培训' });
    expect(t.headers.location).toBe(`/api/v1/training-records/${t.body.id}`);
    expect((await admin.get(t.headers.location as string)).body).toEqual(t.body);
    const list = await jixie.get(`/api/v1/projects/${pid}/training-records`);
    expect(list.body.items.map((x: { title: string }) => x.title)).toEqual(['承接政府职能转移专项培训', '评估指标体系指导']);
    expect(list.body).toMatchObject({ nextCursor: null, actions: [] });
    expect((await jixie.get(`/api/v1/training-records/${t.body.id}`)).status).toBe(200);
    expect((await jixie.get(`/api/v1/attachments/${slides.body.id}`)).status).toBe(200);
    expect((await (await as(ctx.app, 'jinan.admin')).get(`/api/v1/training-records/${t.body.id}`)).status).toBe(403);
    expect((await admin.get(`/api/v1/programmes/${est.programmeId}/training-records`)).body.items).toHaveLength(2);

    // The programme's list pages by key to its end, newest recorded first — no duplicates, no gaps —
    // and answers the total only when asked. Its lines are summaries; the record is read by its own route.
    for (let i = 1; i <= 3; i++) {
      expect((await kjt.post(`/api/v1/projects/${pid}/training-records`, { kind: 'guidance', title: `第 ${i} 次现场指导`, heldOn: '2026-05-01', content: '现场指导。' })).status).toBe(201);
    }
    const expected = (
      (await ctx.database.db.execute(sql`SELECT id FROM training_records WHERE programme_id = ${est.programmeId} ORDER BY recorded_at DESC, id DESC`)) as unknown as { rows: { id: string }[] }
    ).rows.map((r) => r.id);
    expect(expected).toHaveLength(5);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const q: string = `/api/v1/programmes/${est.programmeId}/training-records?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const pageRes = await admin.get(q);
      expect(pageRes.status, JSON.stringify(pageRes.body)).toBe(200);
      expect(pageRes.body.total).toBeUndefined();
      seen.push(...pageRes.body.items.map((x: { id: string }) => x.id));
      cursor = pageRes.body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(expected);
    const counted = await admin.get(`/api/v1/programmes/${est.programmeId}/training-records?limit=2&count=exact`);
    expect(counted.body).toMatchObject({ total: 5 });
    expect(counted.body.items).toHaveLength(2);
    const estimated = await admin.get(`/api/v1/programmes/${est.programmeId}/training-records?limit=2&count=estimate`);
    expect(estimated.body.total).toBe(5); // a small list is counted exactly
    expect(estimated.body.totalEstimated).toBeUndefined();
    const line = (await admin.get(`/api/v1/programmes/${est.programmeId}/training-records?limit=10`)).body.items.find((x: { id: string }) => x.id === g.body.id);
    expect(line).toMatchObject({ id: g.body.id, scope: 'project', projectId: pid, projectTitle: `预置${preset}培训指导试点项目`, kindLabel: '工作指导', recordedByOrgId: g.body.recordedByOrgId });
    expect(line.content).toBeUndefined();
    expect((await admin.get(`/api/v1/programmes/${est.programmeId}/training-records?cursor=bm90LWEtY3Vyc29y`)).status).toBe(400);
    expect(await n(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'training.record' AND entity_id IN (${g.body.id}, ${t.body.id})`)).toBe(2);
  }, 90_000);
});
