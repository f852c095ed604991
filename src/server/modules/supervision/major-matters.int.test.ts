// Issue 4 step 6 (SUP-3), through HTTP on both drivers under presets 000, 001, 002: the society
// records its council's decision and the matter goes through every approval step the programme
// names; a rejected one ends; refusals (wrong party, out of scope, wrong state, stale, bad input)
// change nothing; two approvers of the same step at once: exactly one wins.
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

const matter = (title: string) => ({
  title,
  content: `${title}：拟调整评估专家组组成并增加现场核查环节。`,
  councilDecision: { body: 'standingCouncil', decidedOn: '2026-03-10', reference: '第八届常务理事会第五次会议' },
});

type Todo = { kind: string; entityId: string; dueAt: string | null };
const openTodos = async (c: TestClient): Promise<Todo[]> => (await c.get('/api/v1/todos?status=open&limit=100')).body.items;
const decisions = (id: string) => scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM approval_decisions WHERE subject_id = ${id}`);

describe.each(['000', '001', '002', '004'])('major matters under preset %s (SUP-3)', (preset) => {
  it('go through every step the programme names after the council, and a rejection ends one', async () => {
    const proj = await signedProject(ctx, { admin, dept: kjt, society: jixie }, preset, `预置${preset}重大事项项目`);
    const expected = proj.parameters.majorMatterSteps.filter((s) => s !== 'council');
    expect(expected.length).toBeGreaterThan(0);

    const list0 = await jixie.get(`/api/v1/projects/${proj.projectId}/major-matters`);
    expect(list0.status).toBe(200);
    expect(list0.body).toMatchObject({ items: [], nextCursor: null, actions: ['create'], createRefusal: null });
    expect(list0.body.steps.map((s: { approver: string }) => s.approver)).toEqual(expected);
    expect((await kjt.get(`/api/v1/projects/${proj.projectId}/major-matters`)).body.actions).toEqual([]);

    // bad input names the field and writes nothing
    const before = await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM major_matters WHERE project_id = ${proj.projectId}`);
    const future = await jixie.post(`/api/v1/projects/${proj.projectId}/major-matters`, { ...matter('未来日期'), councilDecision: { ...matter('x').councilDecision, decidedOn: '2099-01-01' } });
    expect(future.status).toBe(400);
    expect(future.body.errors).toEqual([{ path: 'body.councilDecision.decidedOn', message: '理事会决定日期不能晚于今天' }]);
    const noTitle = await jixie.post(`/api/v1/projects/${proj.projectId}/major-matters`, { ...matter('x'), title: ' ' });
    expect(noTitle.status).toBe(400);
    expect(noTitle.body.errors[0].path).toBe('body.title');
    const byDept = await kjt.post(`/api/v1/projects/${proj.projectId}/major-matters`, matter('部门代报'));
    expect(byDept.status).toBe(403);
    expect(await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM major_matters WHERE project_id = ${proj.projectId}`)).toBe(before);

    const created = await jixie.post(`/api/v1/projects/${proj.projectId}/major-matters`, matter('调整专家组'));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    let m = created.body;
    // 201 with the record and where to read it; the GET there answers the same record
    expect(created.headers.location).toBe(`/api/v1/major-matters/${m.id}`);
    expect((await jixie.get(created.headers.location as string)).body).toEqual(m);
    expect(m.status).toBe('approving');
    expect(m.councilDecision).toMatchObject({ body: 'standingCouncil', bodyLabel: '常务理事会', reference: '第八届常务理事会第五次会议' });
    expect(m.steps.map((s: { approver: string }) => s.approver)).toEqual(expected);
    expect(m.actions).toEqual(['withdraw']);

    // the first approver has a to-do with the programme's review deadline
    const days = (proj.parameters as unknown as { selectionDays: { review: number } }).selectionDays.review;
    const clientOf: Record<string, TestClient> = { department: kjt, association: admin };
    const todo = (await openTodos(clientOf[expected[0]])).find((t) => t.kind === 'majorMatter.decide' && t.entityId === m.id);
    expect(todo).toBeDefined();
    expect(Math.abs(new Date(todo!.dueAt!).getTime() - (Date.now() + days * 86_400_000))).toBeLessThan(120_000);

    // refusals change nothing
    const wrong = expected[0] === 'department' ? admin : kjt;
    expect((await wrong.get(`/api/v1/major-matters/${m.id}`)).body.actions).toEqual([]);
    const wrongParty = await wrong.post(`/api/v1/major-matters/${m.id}/decisions`, { decision: 'approve', step: 0 });
    expect(wrongParty.status).toBe(403);
    expect((await jixie.post(`/api/v1/major-matters/${m.id}/decisions`, { decision: 'approve', step: 0 })).status).toBe(403);
    const outOfScope = await jinan.post(`/api/v1/major-matters/${m.id}/decisions`, { decision: 'approve', step: 0 });
    expect(outOfScope.status).toBe(403);
    expect(outOfScope.body.code).toBe('OUT_OF_SCOPE');
    expect((await jinan.get(`/api/v1/major-matters/${m.id}`)).status).toBe(403);
    expect((await bianban.get(`/api/v1/projects/${proj.projectId}/major-matters`)).status).toBe(403);
    expect((await bianban.post(`/api/v1/major-matters/${m.id}/decisions`, { decision: 'approve', step: 0 })).status).toBe(403);
    const staleStep = await clientOf[expected[0]].post(`/api/v1/major-matters/${m.id}/decisions`, { decision: 'approve', step: 1 });
    expect(staleStep.status).toBe(409);
    const noOpinion = await clientOf[expected[0]].post(`/api/v1/major-matters/${m.id}/decisions`, { decision: 'reject', step: 0 });
    expect(noOpinion.status).toBe(400);
    expect(noOpinion.body.errors).toEqual([{ path: 'body.opinion', message: '不同意时请填写审批意见' }]);
    const unknownField = await clientOf[expected[0]].post(`/api/v1/major-matters/${m.id}/decisions`, { decision: 'approve', step: 0, extra: 1 });
    expect(unknownField.status).toBe(400);
    expect(await decisions(m.id)).toBe(0);
    expect((await jixie.get(`/api/v1/major-matters/${m.id}`)).body.rowVersion).toBe(m.rowVersion);

    // every step in order, by the approver the step names
    for (let i = 0; i < expected.length; i++) {
      const c = clientOf[expected[i]];
      const view = await c.get(`/api/v1/major-matters/${m.id}`);
      expect(view.body.actions).toEqual(['decide']);
      expect(view.body.position).toMatchObject({ kind: 'pending', step: i, approver: expected[i] });
      const r = await c.post(`/api/v1/major-matters/${m.id}/decisions`, { decision: 'approve', step: i, opinion: '同意' });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      m = r.body;
      if (i === 0) {
        // the society may no longer withdraw
        expect((await jixie.post(`/api/v1/major-matters/${m.id}/withdraw`, { rowVersion: m.rowVersion })).status).toBe(409);
      }
    }
    expect(m.status).toBe('approved');
    expect(m.position).toEqual({ kind: 'approved' });
    expect(m.steps.every((s: { state: string }) => s.state === 'approved')).toBe(true);
    expect(m.steps[0].decision).toMatchObject({ decisionLabel: '同意', opinion: '同意' });
    // the deciding organisation's name comes with its id
    expect(await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM organisations WHERE id = ${m.steps[0].decision.orgId} AND name = ${m.steps[0].decision.orgName}`)).toBe(1);
    expect(await decisions(m.id)).toBe(expected.length);
    // wrong state: nothing more to decide
    const again = await clientOf[expected.at(-1)!].post(`/api/v1/major-matters/${m.id}/decisions`, { decision: 'approve', step: expected.length - 1 });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('INVALID_STATE');
    expect((await openTodos(clientOf[expected.at(-1)!])).some((t) => t.entityId === m.id)).toBe(false);
    const notes = (await jixie.get('/api/v1/notifications?limit=50')).body.items as { title: string }[];
    expect(notes.some((n) => n.title === '重大事项已批准：调整专家组')).toBe(true);
    const audit = await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = ${m.id} AND action IN ('majorMatter.submit', 'majorMatter.decide')`);
    expect(audit).toBe(1 + expected.length);

    // a rejected one ends at the first step; no one decides after it
    const second = (await jixie.post(`/api/v1/projects/${proj.projectId}/major-matters`, matter('变更评估范围'))).body;
    const rej = await clientOf[expected[0]].post(`/api/v1/major-matters/${second.id}/decisions`, { decision: 'reject', step: 0, opinion: '评估范围调整依据不足' });
    expect(rej.status).toBe(200);
    expect(rej.body.status).toBe('rejected');
    expect(rej.body.position).toMatchObject({ kind: 'rejected' });
    if (expected.length > 1) expect((await clientOf[expected[1]].post(`/api/v1/major-matters/${second.id}/decisions`, { decision: 'approve', step: 1 })).status).toBe(409);
    expect((await jixie.post(`/api/v1/major-matters/${second.id}/withdraw`, { rowVersion: rej.body.rowVersion })).status).toBe(409);

    // withdrawn before the first decision; a stale version is refused first
    const third = (await jixie.post(`/api/v1/projects/${proj.projectId}/major-matters`, matter('撤回事项'))).body;
    expect((await jixie.post(`/api/v1/major-matters/${third.id}/withdraw`, { rowVersion: third.rowVersion + 1 })).status).toBe(409);
    expect((await kjt.post(`/api/v1/major-matters/${third.id}/withdraw`, { rowVersion: third.rowVersion })).status).toBe(403);
    const wd = await jixie.post(`/api/v1/major-matters/${third.id}/withdraw`, { rowVersion: third.rowVersion });
    expect(wd.status).toBe(200);
    expect(wd.body.status).toBe('withdrawn');
    expect(wd.body.position).toEqual({ kind: 'withdrawn' });
    expect(wd.body.steps.every((x: { state: string }) => x.state === 'skipped')).toBe(true);
    expect((await openTodos(clientOf[expected[0]])).some((t) => t.entityId === third.id)).toBe(false);

    const list = await kjt.get(`/api/v1/projects/${proj.projectId}/major-matters`);
    expect(list.body.items.map((x: { status: string }) => x.status)).toEqual(['withdrawn', 'rejected', 'approved']);
    expect(list.body.nextCursor).toBeNull();
  });
});

describe('racing decisions (SUP-3)', () => {
  it('two approvers of the same step at once: one 200, one 409, one decision row', async () => {
    const proj = await signedProject(ctx, { admin, dept: kjt, society: jixie }, '001', '重大事项并发审批项目');
    const m = (await jixie.post(`/api/v1/projects/${proj.projectId}/major-matters`, matter('并发审批'))).body;
    const kjt2 = await as(ctx.app, 'kjt.user');
    const results = await Promise.all([
      kjt.post(`/api/v1/major-matters/${m.id}/decisions`, { decision: 'approve', step: 0 }),
      kjt2.post(`/api/v1/major-matters/${m.id}/decisions`, { decision: 'reject', step: 0, opinion: '不同意' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await decisions(m.id)).toBe(1);
    const after = (await jixie.get(`/api/v1/major-matters/${m.id}`)).body;
    const winner = results.find((r) => r.status === 200)!.body;
    expect(after.status).toBe(winner.status);
  });
});

describe('evidence of a major matter (X-4)', () => {
  it('is downloadable by the parties of the project, not by an association out of scope', async () => {
    const proj = await signedProject(ctx, { admin, dept: kjt, society: jixie }, '000', '重大事项附件项目');
    const up = await jixie.request('POST', `/api/v1/attachments?filename=${encodeURIComponent('理事会决议.pdf')}`, undefined, { headers: { 'content-type': 'application/octet-stream' }, rawBody: '%PDF-1.4 决议' });
    expect(up.status).toBe(201);
    const foreign = await kjt.request('POST', `/api/v1/attachments?filename=x.pdf`, undefined, { headers: { 'content-type': 'application/octet-stream' }, rawBody: '%PDF-1.4 x' });
    const bad = await jixie.post(`/api/v1/projects/${proj.projectId}/major-matters`, { ...matter('附件事项'), attachmentIds: [up.body.id, foreign.body.id] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ path: 'body.attachmentIds.1', message: '附件不存在、不属于本单位或已用于其他记录' }]);
    const m = await jixie.post(`/api/v1/projects/${proj.projectId}/major-matters`, { ...matter('附件事项'), attachmentIds: [up.body.id] });
    expect(m.status).toBe(201);
    expect(m.body.attachments).toEqual([{ id: up.body.id, filename: '理事会决议.pdf', sizeBytes: up.body.sizeBytes, contentType: up.body.contentType }]);
    expect((await kjt.get(`/api/v1/attachments/${up.body.id}`)).status).toBe(200);
    expect((await admin.get(`/api/v1/attachments/${up.body.id}`)).status).toBe(200);
    expect((await jinan.get(`/api/v1/attachments/${up.body.id}`)).status).toBe(403);
  });
});
