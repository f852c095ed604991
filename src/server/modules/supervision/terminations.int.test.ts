// Issue 4 step 8 (SUP-6), through HTTP on both drivers under presets 000, 001, 002: the society asks
// for termination, department and association agree, the project is terminated and its open
// milestones cancelled, part of the funds received is to be refunded, two payments complete it and
// close the termination; a refund above what was received is refused and changes nothing; the
// department imposes a termination with the association. Two payments at once never exceed.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { TestClient, as, createTestContext, scalar, type TestContext } from '../../testing/harness.js';
import { signedProject } from '../../testing/project-fixture.js';

let ctx: TestContext;
let admin: TestClient;
let kjt: TestClient;
let jixie: TestClient;
let jinan: TestClient;
let bianban: TestClient;

beforeAll(async () => {
  ctx = await createTestContext();
  [admin, kjt, jixie, jinan, bianban] = await Promise.all(['sheng.admin', 'kjt.user', 'jixie.user', 'jinan.admin', 'bianban.user'].map((u) => as(ctx.app, u)));
}, 120_000);
afterAll(async () => ctx?.close());

const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const projectStatus = async (id: string) => (await kjt.get(`/api/v1/projects/${id}`)).body.status as string;

/** An open milestone, as the task book's schedule gives them (the milestones module is another's). */
async function openMilestone(projectId: string, taskBookId: string): Promise<void> {
  const n = await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM milestones WHERE project_id = ${projectId} AND status = 'open'`);
  if (n > 0) return;
  await ctx.database.db.execute(sql`INSERT INTO milestones (id, project_id, task_book_id, task_book_version, position, name, due_on) VALUES (${crypto.randomUUID()}, ${projectId}, ${taskBookId}, 1, 0, '制定评估方案', '2027-01-31')`);
}

describe.each(['000', '001', '002', '004'])('termination under preset %s (SUP-6)', (preset) => {
  it('asked by the society, agreed, part refunded in two payments, closed', async () => {
    const proj = await signedProject(ctx, { admin, dept: kjt, society: jixie }, preset, `预置${preset}中止项目`);
    await openMilestone(proj.projectId, proj.taskBookId);
    const l0 = (await jixie.get(`/api/v1/projects/${proj.projectId}/terminations`)).body;
    expect(l0).toMatchObject({ items: [], nextCursor: null, actions: ['request'], createRefusal: null });
    expect((await kjt.get(`/api/v1/projects/${proj.projectId}/terminations`)).body.actions).toEqual(['impose']);
    expect((await admin.get(`/api/v1/projects/${proj.projectId}/terminations`)).body.actions).toEqual([]);

    const bad = await jixie.post(`/api/v1/projects/${proj.projectId}/terminations`, { reason: '承接条件发生变化', receivedFen: 12.5 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('body.receivedFen');
    expect((await admin.post(`/api/v1/projects/${proj.projectId}/terminations`, { reason: '科协提出', receivedFen: 0 })).status).toBe(403);
    expect((await jinan.post(`/api/v1/projects/${proj.projectId}/terminations`, { reason: '越权', receivedFen: 0 })).status).toBe(403);
    expect((await bianban.post(`/api/v1/projects/${proj.projectId}/terminations`, { reason: '越权', receivedFen: 0 })).status).toBe(403);
    expect(await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM terminations WHERE project_id = ${proj.projectId}`)).toBe(0);

    // funds received cannot exceed what the task book in force provides (10,000 元 in the fixture)
    const tooMuch = await jixie.post(`/api/v1/projects/${proj.projectId}/terminations`, { reason: '承接条件发生变化', receivedFen: 1_000_001 });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.errors).toEqual([{ path: 'body.receivedFen', message: '已拨付经费 10,000.01 元 超过生效任务书约定的经费 10,000.00 元' }]);
    const asked = await jixie.post(`/api/v1/projects/${proj.projectId}/terminations`, { reason: '核心专家团队调离，学会已不具备继续承接的条件。', receivedFen: 1_000_000 });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    let t = asked.body;
    expect(t).toMatchObject({ status: 'approving', initiatedBy: 'society', receivedFen: 1_000_000, actions: ['withdraw'] });
    expect(await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM pilot_projects p JOIN organisations o ON o.id = p.society_id WHERE p.id = ${proj.projectId} AND o.id = ${t.initiatorOrgId} AND o.name = ${t.initiatorOrgName}`)).toBe(1);
    // 201 with the record and where to read it; the GET there answers the same record
    expect(asked.headers.location).toBe(`/api/v1/terminations/${t.id}`);
    expect((await jixie.get(asked.headers.location as string)).body).toEqual(t);
    expect(t.steps.map((s: { approver: string }) => s.approver)).toEqual(['department', 'association']);
    expect((await kjt.post(`/api/v1/projects/${proj.projectId}/terminations`, { reason: '重复提出', receivedFen: 0 })).status).toBe(409);
    expect((await admin.post(`/api/v1/terminations/${t.id}/decisions`, { decision: 'approve', step: 0 })).status).toBe(403);
    expect((await jinan.get(`/api/v1/terminations/${t.id}`)).status).toBe(403);

    t = (await kjt.post(`/api/v1/terminations/${t.id}/decisions`, { decision: 'approve', step: 0, opinion: '同意中止' })).body;
    expect(t.status).toBe('approving');
    expect(await projectStatus(proj.projectId)).toBe('implementing');
    const agreed = await admin.post(`/api/v1/terminations/${t.id}/decisions`, { decision: 'approve', step: 1, opinion: '同意' });
    expect(agreed.status, JSON.stringify(agreed.body)).toBe(200);
    t = agreed.body;
    expect(t.status).toBe('decidingRefund');
    expect(await projectStatus(proj.projectId)).toBe('terminated');
    expect(await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM milestones WHERE project_id = ${proj.projectId} AND status = 'open'`)).toBe(0);
    expect(await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM milestones WHERE project_id = ${proj.projectId} AND status = 'cancelled' AND cancelled_at IS NOT NULL`)).toBeGreaterThan(0);
    expect((await kjt.get(`/api/v1/terminations/${t.id}`)).body.actions).toEqual(['decideRefund']);
    // the project's other waiting steps are closed with it (the plan to submit, milestones …)
    expect(await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM todos WHERE status = 'open' AND link LIKE ${`/app/projects/${proj.projectId}%`} AND kind <> 'termination.refundDecide'`)).toBe(0);
    const todo = ((await kjt.get('/api/v1/todos?status=open&limit=100')).body.items as { kind: string; entityId: string; dueAt: string }[]).find((x) => x.kind === 'termination.refundDecide' && x.entityId === t.id);
    expect(todo?.dueAt).toBeTruthy();
    // the project is over: no new supervision records
    expect((await jixie.get(`/api/v1/projects/${proj.projectId}/terminations`)).body.createRefusal).toBe('项目当前为“已中止”，不能中止');

    // a refund above what was received is refused and changes nothing
    const above = await kjt.post(`/api/v1/terminations/${t.id}/refund-decision`, { kind: 'part', amountFen: 1_000_001, rowVersion: t.rowVersion });
    expect(above.status).toBe(400);
    expect(above.body.errors).toEqual([{ path: 'body.amountFen', message: '退还金额 10,000.01 元 不能超过已拨付经费 10,000.00 元' }]);
    expect((await jixie.post(`/api/v1/terminations/${t.id}/refund-decision`, { kind: 'none', rowVersion: t.rowVersion })).status).toBe(403);
    expect((await kjt.post(`/api/v1/terminations/${t.id}/refund-decision`, { kind: 'part', amountFen: 400_000, rowVersion: t.rowVersion - 1 })).status).toBe(409);
    expect((await kjt.post(`/api/v1/terminations/${t.id}/payments`, { amountFen: 100, receivedOn: today, reference: 'X', rowVersion: t.rowVersion })).status).toBe(409);
    const unchanged = (await kjt.get(`/api/v1/terminations/${t.id}`)).body;
    expect(unchanged).toMatchObject({ status: 'decidingRefund', refundKind: null, refundFen: null, rowVersion: t.rowVersion });

    t = (await kjt.post(`/api/v1/terminations/${t.id}/refund-decision`, { kind: 'part', amountFen: 400_000, note: '按未完成工作量比例退还', rowVersion: t.rowVersion })).body;
    expect(t).toMatchObject({ status: 'refunding', refundKind: 'part', refundFen: 400_000, refundedFen: 0, remainingFen: 400_000 });
    expect((await kjt.get(`/api/v1/terminations/${t.id}`)).body.actions).toEqual(['recordPayment']);
    expect((await jixie.post(`/api/v1/terminations/${t.id}/payments`, { amountFen: 100, receivedOn: today, reference: 'X', rowVersion: t.rowVersion })).status).toBe(403);
    const over = await kjt.post(`/api/v1/terminations/${t.id}/payments`, { amountFen: 400_001, receivedOn: today, reference: 'TK-0', rowVersion: t.rowVersion });
    expect(over.status).toBe(400);
    expect(over.body.errors[0].path).toBe('body.amountFen');
    const future = await kjt.post(`/api/v1/terminations/${t.id}/payments`, { amountFen: 100, receivedOn: '2999-01-01', reference: 'TK-0', rowVersion: t.rowVersion });
    expect(future.status).toBe(400);
    expect(future.body.errors[0].path).toBe('body.receivedOn');

    const p1 = await kjt.post(`/api/v1/terminations/${t.id}/payments`, { amountFen: 240_000, receivedOn: today, reference: 'TK-2026-001', rowVersion: t.rowVersion });
    // a payment is booked on the termination: 200 with the termination, the payment among its payments
    expect(p1.status, JSON.stringify(p1.body)).toBe(200);
    expect(p1.body).toMatchObject({ status: 'refunding', refundedFen: 240_000, remainingFen: 160_000 });
    // the same payment submitted again (a double click) carries the old version: refused, booked once
    const again = await kjt.post(`/api/v1/terminations/${t.id}/payments`, { amountFen: 240_000, receivedOn: today, reference: 'TK-2026-001', rowVersion: t.rowVersion });
    expect(again.status).toBe(409);
    const p2 = await admin.post(`/api/v1/terminations/${t.id}/payments`, { amountFen: 160_000, receivedOn: today, reference: 'TK-2026-002', note: '尾款', rowVersion: p1.body.rowVersion });
    expect(p2.status).toBe(200);
    t = p2.body;
    expect(t).toMatchObject({ status: 'closed', refundedFen: 400_000, remainingFen: 0, actions: [] });
    expect(t.payments.map((p: { amountFen: number }) => p.amountFen)).toEqual([240_000, 160_000]);
    expect((await kjt.post(`/api/v1/terminations/${t.id}/payments`, { amountFen: 1, receivedOn: today, reference: 'TK-X', rowVersion: t.rowVersion })).status).toBe(409);
    expect(await scalar(ctx.database.db, sql`SELECT coalesce(sum(amount_fen), 0)::int AS n FROM refund_payments WHERE termination_id = ${t.id}`)).toBe(400_000);
    expect(await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = ${t.id} AND action LIKE 'termination.%'`)).toBe(6);
    expect(await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = ${proj.projectId} AND action = 'project.terminate'`)).toBe(1);
  });

  it('imposed by the department with the association; no refund closes it', async () => {
    const proj = await signedProject(ctx, { admin, dept: kjt, society: jixie }, preset, `预置${preset}部门中止项目`);
    const r = await kjt.post(`/api/v1/projects/${proj.projectId}/terminations`, { reason: '政策调整，该职能不再转移。', receivedFen: 0 });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    let t = r.body;
    expect(r.headers.location).toBe(`/api/v1/terminations/${t.id}`);
    expect(t).toMatchObject({ initiatedBy: 'department', status: 'approving', actions: ['withdraw'] });
    expect(t.steps.map((s: { approver: string }) => s.approver)).toEqual(['association']);
    expect((await jixie.get(`/api/v1/terminations/${t.id}`)).body.actions).toEqual([]);
    expect((await jixie.post(`/api/v1/terminations/${t.id}/withdraw`, { rowVersion: t.rowVersion })).status).toBe(403);
    expect((await kjt.post(`/api/v1/terminations/${t.id}/decisions`, { decision: 'approve', step: 0 })).status).toBe(403);
    t = (await admin.post(`/api/v1/terminations/${t.id}/decisions`, { decision: 'approve', step: 0 })).body;
    expect(t.status).toBe('decidingRefund');
    expect(await projectStatus(proj.projectId)).toBe('terminated');
    const all = await admin.post(`/api/v1/terminations/${t.id}/refund-decision`, { kind: 'all', rowVersion: t.rowVersion });
    expect(all.status).toBe(400);
    expect(all.body.errors[0]).toEqual({ path: 'body.kind', message: '尚未拨付经费，无需退还，请选择“不退还”' });
    t = (await admin.post(`/api/v1/terminations/${t.id}/refund-decision`, { kind: 'none', rowVersion: t.rowVersion })).body;
    expect(t).toMatchObject({ status: 'closed', refundKind: 'none', refundFen: 0 });
    const notes = (await jixie.get('/api/v1/notifications?limit=50')).body.items as { title: string }[];
    expect(notes.some((n) => n.title === `项目已中止：预置${preset}部门中止项目`)).toBe(true);
  });
});

describe('termination refusals and races (SUP-6)', () => {
  it('a rejected or withdrawn request leaves the project running', async () => {
    const proj = await signedProject(ctx, { admin, dept: kjt, society: jixie }, '001', '中止驳回项目');
    const t = (await jixie.post(`/api/v1/projects/${proj.projectId}/terminations`, { reason: '经费不足', receivedFen: 0 })).body;
    const rej = await kjt.post(`/api/v1/terminations/${t.id}/decisions`, { decision: 'reject', step: 0, opinion: '请继续履行任务书' });
    expect(rej.body.status).toBe('rejected');
    expect(await projectStatus(proj.projectId)).toBe('implementing');
    const t2 = (await jixie.post(`/api/v1/projects/${proj.projectId}/terminations`, { reason: '再次申请', receivedFen: 0 })).body;
    expect((await jixie.post(`/api/v1/terminations/${t2.id}/withdraw`, { rowVersion: t2.rowVersion })).body.status).toBe('withdrawn');
    expect(await projectStatus(proj.projectId)).toBe('implementing');
  });

  it('two refund payments at once whose sum exceeds the decision: one fails, the total never exceeds', async () => {
    const proj = await signedProject(ctx, { admin, dept: kjt, society: jixie }, '002', '退款并发项目');
    let t = (await kjt.post(`/api/v1/projects/${proj.projectId}/terminations`, { reason: '政策调整', receivedFen: 1_000_000 })).body;
    t = (await admin.post(`/api/v1/terminations/${t.id}/decisions`, { decision: 'approve', step: 0 })).body;
    t = (await kjt.post(`/api/v1/terminations/${t.id}/refund-decision`, { kind: 'part', amountFen: 100_000, rowVersion: t.rowVersion })).body;
    const results = await Promise.all([
      kjt.post(`/api/v1/terminations/${t.id}/payments`, { amountFen: 60_000, receivedOn: today, reference: 'A', rowVersion: t.rowVersion }),
      admin.post(`/api/v1/terminations/${t.id}/payments`, { amountFen: 60_000, receivedOn: today, reference: 'B', rowVersion: t.rowVersion }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await scalar(ctx.database.db, sql`SELECT coalesce(sum(amount_fen), 0)::int AS n FROM refund_payments WHERE termination_id = ${t.id}`)).toBe(60_000);
    const after = (await kjt.get(`/api/v1/terminations/${t.id}`)).body;
    expect(after).toMatchObject({ refundedFen: 60_000, status: 'refunding' });
  });
});
