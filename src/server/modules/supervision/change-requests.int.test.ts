// Issue 4 step 7 (SUP-5), through HTTP on both drivers under presets 000, 001, 002: the society
// submits a change in writing with the proposed task book content; the programme's changeApprovers
// approve it in order; the last approval makes task book v2 (drafting, with the proposed content);
// the three sign v2, v1 becomes superseded, and both stay readable. Refusals change nothing.
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

const count = (projectId: string) => scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM change_requests WHERE project_id = ${projectId}`);

describe.each(['000', '001', '002', '004'])('change requests under preset %s (SUP-5)', (preset) => {
  it('approved in order → task book v2 with the proposed content, signed again, v1 superseded and readable', async () => {
    const proj = await signedProject(ctx, { admin, dept: kjt, society: jixie }, preset, `预置${preset}变更申请项目`);
    const steps = proj.parameters.changeApprovers;
    const clientOf: Record<string, TestClient> = { department: kjt, association: admin };

    const list0 = await jixie.get(`/api/v1/projects/${proj.projectId}/change-requests`);
    expect(list0.body).toMatchObject({ items: [], nextCursor: null, actions: ['create'], baseTaskBookId: proj.taskBookId, createRefusal: null });
    expect(list0.body.steps.map((s: { approver: string }) => s.approver)).toEqual(steps);
    const v1 = (await jixie.get(`/api/v1/task-books/${proj.taskBookId}`)).body;
    const proposed = {
      ...v1.content,
      project: { ...v1.content.project, goals: '形成评估报告一份，并增加典型案例汇编。', schedule: [...v1.content.project.schedule, { name: '汇编典型案例', dueOn: '2027-09-30', deliverable: '案例汇编' }] },
    };

    // bad input: the field is named and nothing is written
    const empty = await jixie.post(`/api/v1/projects/${proj.projectId}/change-requests`, { baseTaskBookId: proj.taskBookId, reason: '调整工作内容' });
    expect(empty.status).toBe(400);
    expect(empty.body.errors).toEqual([{ path: 'body.changesSummary', message: '请填写变更内容说明或提交变更后的任务书内容' }]);
    const badKpi = await jixie.post(`/api/v1/projects/${proj.projectId}/change-requests`, {
      baseTaskBookId: proj.taskBookId,
      reason: '调整指标',
      proposedContent: { ...proposed, project: { ...proposed.project, kpis: [{ name: '数量', target: -1, unit: '个' }] } },
    });
    expect(badKpi.status).toBe(400);
    expect(badKpi.body.errors[0].path).toBe('body.proposedContent.project.kpis.0.target');
    expect((await kjt.post(`/api/v1/projects/${proj.projectId}/change-requests`, { baseTaskBookId: proj.taskBookId, reason: '部门代提', changesSummary: '略' })).status).toBe(403);
    expect((await jinan.post(`/api/v1/projects/${proj.projectId}/change-requests`, { baseTaskBookId: proj.taskBookId, reason: '越权', changesSummary: '略' })).status).toBe(403);
    expect(await count(proj.projectId)).toBe(0);

    const created = await jixie.post(`/api/v1/projects/${proj.projectId}/change-requests`, {
      baseTaskBookId: proj.taskBookId,
      reason: '委托部门要求增加典型案例汇编，需相应调整工作目标和进度安排。',
      changesSummary: '工作目标增加典型案例汇编；进度安排增加一个节点。',
      proposedContent: proposed,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    let cr = created.body;
    expect(cr).toMatchObject({ status: 'approving', baseVersion: 1, hasProposedContent: true, actions: ['withdraw'] });
    expect(cr.proposedContent.project.goals).toBe(proposed.project.goals);
    // 201 with the record and where to read it; the GET there answers the same record
    expect(created.headers.location).toBe(`/api/v1/change-requests/${cr.id}`);
    expect((await jixie.get(created.headers.location as string)).body).toEqual(cr);
    // the list shows whether there is proposed content, not the content itself
    const listed = (await jixie.get(`/api/v1/projects/${proj.projectId}/change-requests`)).body.items;
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ id: cr.id, hasProposedContent: true });
    expect(listed[0]).not.toHaveProperty('proposedContent');
    // one change at a time
    const second = await jixie.post(`/api/v1/projects/${proj.projectId}/change-requests`, { baseTaskBookId: proj.taskBookId, reason: '再次变更', changesSummary: '略' });
    expect(second.status).toBe(409);
    expect((await jixie.get(`/api/v1/projects/${proj.projectId}/change-requests`)).body.actions).toEqual([]);
    expect(await count(proj.projectId)).toBe(1);

    // refusals on the decision change nothing
    const other = steps[0] === 'department' ? admin : kjt;
    expect((await other.post(`/api/v1/change-requests/${cr.id}/decisions`, { decision: 'approve', step: 0 })).status).toBe(403);
    expect((await bianban.post(`/api/v1/change-requests/${cr.id}/decisions`, { decision: 'approve', step: 0 })).status).toBe(403);
    expect((await jinan.get(`/api/v1/change-requests/${cr.id}`)).status).toBe(403);
    expect((await clientOf[steps[0]].post(`/api/v1/change-requests/${cr.id}/decisions`, { decision: 'approve', step: 3 })).status).toBe(409);
    expect(await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM approval_decisions WHERE subject_id = ${cr.id}`)).toBe(0);

    for (let i = 0; i < steps.length; i++) {
      const r = await clientOf[steps[i]].post(`/api/v1/change-requests/${cr.id}/decisions`, { decision: 'approve', step: i, opinion: '同意变更' });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      cr = r.body;
      if (i < steps.length - 1) expect(cr.newTaskBookId).toBeNull();
    }
    expect(cr.status).toBe('approved');
    expect(cr.newVersion).toMatchObject({ version: 2, status: 'drafting' });
    const books = (await jixie.get(`/api/v1/projects/${proj.projectId}/task-books`)).body.items as { id: string; version: number; status: string; changeRequestId: string | null }[];
    expect(books.map((b) => [b.version, b.status])).toEqual([
      [1, 'signed'],
      [2, 'drafting'],
    ]);
    expect(books[1]).toMatchObject({ id: cr.newTaskBookId, changeRequestId: cr.id });
    let v2 = (await kjt.get(`/api/v1/task-books/${cr.newTaskBookId}`)).body;
    expect(v2.content.project.goals).toBe(proposed.project.goals);
    expect(v2.content.project.schedule).toHaveLength(3);
    // the approved text is binding: no party may edit v2; each party has a to-do to sign it
    expect(v2).toMatchObject({ contentBinding: true, editableParts: [] });
    const edit = await jixie.put(`/api/v1/task-books/${v2.id}/parts/project`, { rowVersion: v2.rowVersion, value: { ...v2.content.project, goals: '签署前悄悄改动' } });
    expect(edit.status).toBe(409);
    expect(await scalar(ctx.database.db, sql`SELECT count(DISTINCT assignee_org_id)::int AS n FROM todos WHERE entity_id = ${v2.id} AND kind = 'taskBook.sign' AND status = 'open' AND due_at IS NOT NULL`)).toBe(3);
    // while v2 is open no further change can be requested against v1
    expect((await jixie.post(`/api/v1/projects/${proj.projectId}/change-requests`, { baseTaskBookId: proj.taskBookId, reason: '又一次变更', changesSummary: '略' })).status).toBe(409);

    // the three sign v2; v1 is then superseded; both stay readable
    let rowVersion = v2.rowVersion;
    for (const c of [kjt, jixie, admin]) {
      const r = await c.post(`/api/v1/task-books/${v2.id}/sign`, { rowVersion });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      rowVersion = r.body.rowVersion;
    }
    v2 = (await jixie.get(`/api/v1/task-books/${v2.id}`)).body;
    expect(v2.status).toBe('signed');
    expect(await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM todos WHERE entity_id = ${v2.id} AND status = 'open'`)).toBe(0);
    const old = await jixie.get(`/api/v1/task-books/${proj.taskBookId}`);
    expect(old.status).toBe(200);
    expect(old.body.status).toBe('superseded');
    expect(old.body.content.project.goals).not.toBe(proposed.project.goals);
    const list = (await admin.get(`/api/v1/projects/${proj.projectId}/change-requests`)).body;
    expect(list.baseTaskBookId).toBe(v2.id);
    expect(list.items[0].newVersion).toMatchObject({ version: 2, status: 'signed' });
    expect(await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = ${cr.id} AND action LIKE 'changeRequest.%'`)).toBe(1 + steps.length);

    // a change made to a version that is no longer in force is refused
    const onOld = await jixie.post(`/api/v1/projects/${proj.projectId}/change-requests`, { baseTaskBookId: proj.taskBookId, reason: '基于旧版变更', changesSummary: '略' });
    expect(onOld.status).toBe(409);

    // rejected: no new version; withdrawn: only before any decision, never with a stale version
    const rejected = (await jixie.post(`/api/v1/projects/${proj.projectId}/change-requests`, { baseTaskBookId: v2.id, reason: '延长期限', changesSummary: '项目周期延长三个月' })).body;
    expect((await jixie.post(`/api/v1/change-requests/${rejected.id}/withdraw`, { rowVersion: rejected.rowVersion + 1 })).status).toBe(409);
    const rej = await clientOf[steps[0]].post(`/api/v1/change-requests/${rejected.id}/decisions`, { decision: 'reject', step: 0, opinion: '理由不充分' });
    expect(rej.body).toMatchObject({ status: 'rejected', newTaskBookId: null });
    expect((await jixie.post(`/api/v1/change-requests/${rejected.id}/withdraw`, { rowVersion: rej.body.rowVersion })).status).toBe(409);
    const third = (await jixie.post(`/api/v1/projects/${proj.projectId}/change-requests`, { baseTaskBookId: v2.id, reason: '调整成员', changesSummary: '增加一名成员' })).body;
    const wd = await jixie.post(`/api/v1/change-requests/${third.id}/withdraw`, { rowVersion: third.rowVersion });
    expect(wd.body.status).toBe('withdrawn');
    expect((await jixie.get(`/api/v1/projects/${proj.projectId}/task-books`)).body.items).toHaveLength(2);
  });
});

describe('racing decisions (SUP-5)', () => {
  it('two approvals of the last step at once make one new version', async () => {
    const proj = await signedProject(ctx, { admin, dept: kjt, society: jixie }, '002', '变更并发审批项目');
    const steps = proj.parameters.changeApprovers;
    const clientOf: Record<string, TestClient> = { department: kjt, association: admin };
    const cr = (await jixie.post(`/api/v1/projects/${proj.projectId}/change-requests`, { baseTaskBookId: proj.taskBookId, reason: '调整进度', changesSummary: '第二个节点推迟一个月' })).body;
    for (let i = 0; i < steps.length - 1; i++) expect((await clientOf[steps[i]].post(`/api/v1/change-requests/${cr.id}/decisions`, { decision: 'approve', step: i })).status).toBe(200);
    const last = steps.length - 1;
    const second = await as(ctx.app, steps[last] === 'association' ? 'sheng.admin' : 'kjt.user');
    const results = await Promise.all([clientOf[steps[last]].post(`/api/v1/change-requests/${cr.id}/decisions`, { decision: 'approve', step: last }), second.post(`/api/v1/change-requests/${cr.id}/decisions`, { decision: 'approve', step: last })]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM task_books WHERE project_id = ${proj.projectId}`)).toBe(2);
  });
});
