// Issue 4 step 4 (SUP-1) through HTTP on both drivers under presets 000, 001, 002: the society
// submits its implementation plan, the department returns it with comments, the society submits a
// revision, the department approves it, a later revision supersedes it — every version readable.
// Refusals (wrong party, out of scope, wrong state, stale version, bad input) change nothing; an
// approve racing a return: exactly one wins.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { as, createTestContext, scalar, type TestClient, type TestContext } from '../../testing/harness.js';
import { signedProject } from '../../testing/project-fixture.js';

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

const content = (n: number) => ({
  goals: `第 ${n} 稿：形成省级基地运行绩效评估报告。`,
  organisation: '成立项目组，秘书长任组长，学术部负责组织实施。',
  workingMode: '专家评审与现场考察相结合。',
  mechanisms: '周例会、月报告制度。',
  safeguards: '经费专款专用，专家回避制度。',
});

const upload = (c: TestClient, name: string) => c.request('POST', `/api/v1/attachments?filename=${encodeURIComponent(name)}`, undefined, { headers: { 'content-type': 'application/octet-stream' }, rawBody: `bytes of ${name}` });

const count = (table: string, projectId: string) => scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM ${sql.raw(table)} WHERE project_id = ${projectId}`);
const openTodos = (kind: string, entityId: string) => scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM todos WHERE kind = ${kind} AND entity_id = ${entityId} AND status = 'open'`);

describe.each(['000', '001', '002', '004'])('implementation plan under preset %s (SUP-1)', (preset) => {
  it('is submitted, returned with comments, revised and approved; every version stays readable', async () => {
    const est = await signedProject(ctx, { admin, dept: kjt, society: jixie }, preset, `预置${preset}实施方案试点项目`);
    const pid = est.projectId;
    const params = est.parameters as unknown as { selectionDays: { review: number; declare: number } };

    // The society sees what to submit next: a to-do, and the submit action.
    const l0 = await jixie.get(`/api/v1/projects/${pid}/implementation-plans`);
    expect(l0.status).toBe(200);
    expect(l0.body).toMatchObject({ items: [], nextCursor: null, inForceId: null, pendingId: null, actions: ['submit'], myParty: 'society' });
    expect((await kjt.get(`/api/v1/projects/${pid}/implementation-plans`)).body.actions).toEqual([]);
    expect(await openTodos('plan.submit', pid)).toBe(1);

    const file = await upload(jixie, '实施方案.pdf');
    expect(file.status).toBe(201);
    const v1 = await jixie.post(`/api/v1/projects/${pid}/implementation-plans`, { content: content(1), attachmentIds: [file.body.id] });
    expect(v1.status, JSON.stringify(v1.body)).toBe(201);
    expect(v1.body).toMatchObject({ version: 1, status: 'submitted', statusLabel: '待审查', actions: [] });
    expect(v1.body.attachments[0]).toMatchObject({ id: file.body.id, filename: '实施方案.pdf' });
    // 201 with the address of the version, which reads the same record
    expect(v1.headers.location).toBe(`/api/v1/implementation-plans/${v1.body.id}`);
    expect((await jixie.get(v1.headers.location as string)).body).toEqual(v1.body);
    expect(await openTodos('plan.submit', pid)).toBe(0);
    // the department's review to-do is due after the programme's review days.
    const due = await scalar(ctx.database.db, sql`SELECT round(extract(epoch FROM due_at - created_at) / 86400)::int AS n FROM todos WHERE kind = 'plan.review' AND entity_id = ${v1.body.id}`);
    expect(due).toBe(params.selectionDays.review);
    const todo = (await kjt.get('/api/v1/todos?status=open&limit=100')).body.items.find((t: { kind: string; entityId: string }) => t.kind === 'plan.review' && t.entityId === v1.body.id);
    expect(todo.link).toBe(`/app/projects/${pid}?tab=plan`);

    // The department sees what to review; the parties download the evidence.
    const seen = await kjt.get(`/api/v1/implementation-plans/${v1.body.id}`);
    expect(seen.body.actions).toEqual(['approve', 'return']);
    expect((await kjt.get(`/api/v1/attachments/${file.body.id}`)).status).toBe(200);
    expect((await admin.get(`/api/v1/attachments/${file.body.id}`)).status).toBe(200);
    expect((await (await as(ctx.app, 'jinan.admin')).get(`/api/v1/attachments/${file.body.id}`)).status).toBe(403);

    // While a version waits, no second one.
    expect((await jixie.post(`/api/v1/projects/${pid}/implementation-plans`, { content: content(9) })).status).toBe(409);
    expect((await jixie.get(`/api/v1/projects/${pid}/implementation-plans`)).body.actions).toEqual([]);

    // Returned with comments; the society is asked to revise.
    const ret = await kjt.post(`/api/v1/implementation-plans/${v1.body.id}/decision`, { rowVersion: seen.body.rowVersion, decision: 'return', comment: '请细化专家遴选和回避机制。' });
    expect(ret.status, JSON.stringify(ret.body)).toBe(200);
    expect(ret.body).toMatchObject({ status: 'returned', statusLabel: '已退回修改', decisionComment: '请细化专家遴选和回避机制。', actions: [] });
    expect(await openTodos('plan.review', v1.body.id)).toBe(0);
    expect(await openTodos('plan.submit', pid)).toBe(1);

    const v2 = await jixie.post(`/api/v1/projects/${pid}/implementation-plans`, { content: content(2), revisionNote: '补充专家回避机制。' });
    expect(v2.status).toBe(201);
    const ok = await kjt.post(`/api/v1/implementation-plans/${v2.body.id}/decision`, { rowVersion: v2.body.rowVersion, decision: 'approve' });
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe('approved');

    // A later revision supersedes the version in force once approved.
    const v3 = await jixie.post(`/api/v1/projects/${pid}/implementation-plans`, { content: content(3), revisionNote: '根据中期情况调整工作模式。' });
    expect(v3.status).toBe(201);
    expect((await kjt.post(`/api/v1/implementation-plans/${v3.body.id}/decision`, { rowVersion: v3.body.rowVersion, decision: 'approve', comment: '同意' })).status).toBe(200);
    const list = await admin.get(`/api/v1/projects/${pid}/implementation-plans`);
    expect(list.body.items.map((x: { version: number; status: string }) => `${x.version}:${x.status}`)).toEqual(['3:approved', '2:superseded', '1:returned']);
    expect(list.body.inForceId).toBe(v3.body.id);
    expect(list.body.items[2].content.goals).toBe(content(1).goals);
    expect((await jixie.get(`/api/v1/implementation-plans/${v1.body.id}`)).body.decisionComment).toBe('请细化专家遴选和回避机制。');

    // every step audited; the society was told.
    expect(await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE entity_type = 'implementation_plan' AND entity_id IN (${v1.body.id}, ${v2.body.id}, ${v3.body.id})`)).toBe(6);
    expect(await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM notifications WHERE entity_id = ${v1.body.id} AND recipient_org_id = (SELECT society_id FROM pilot_projects WHERE id = ${pid})`)).toBe(1);
  }, 90_000);

  it('refuses the wrong party, other organisations, wrong states, stale versions and bad input — changing nothing', async () => {
    const est = await signedProject(ctx, { admin, dept: kjt, society: jixie }, preset, `预置${preset}实施方案拒绝项目`);
    const pid = est.projectId;
    const v1 = await jixie.post(`/api/v1/projects/${pid}/implementation-plans`, { content: content(1) });
    expect(v1.status).toBe(201);
    const before = { plans: await count('implementation_plans', pid), audit: await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE entity_type = 'implementation_plan'`) };

    // wrong party: the association and the society do not decide; the department does not submit
    const d = { rowVersion: v1.body.rowVersion, decision: 'approve' };
    expect((await admin.post(`/api/v1/implementation-plans/${v1.body.id}/decision`, d)).status).toBe(403);
    expect((await jixie.post(`/api/v1/implementation-plans/${v1.body.id}/decision`, d)).status).toBe(403);
    expect((await kjt.post(`/api/v1/projects/${pid}/implementation-plans`, { content: content(2) })).status).toBe(403);
    // out of scope: another city's association, a review office
    for (const username of ['jinan.admin', 'bianban.user']) {
      const c = await as(ctx.app, username);
      expect((await c.get(`/api/v1/projects/${pid}/implementation-plans`)).status, username).toBe(403);
      expect((await c.get(`/api/v1/implementation-plans/${v1.body.id}`)).status, username).toBe(403);
      expect((await c.post(`/api/v1/implementation-plans/${v1.body.id}/decision`, d)).status, username).toBe(403);
    }
    // stale version
    const stale = await kjt.post(`/api/v1/implementation-plans/${v1.body.id}/decision`, { ...d, rowVersion: v1.body.rowVersion + 3 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('CONFLICT');
    // bad input: a field path and a Chinese message
    const bad = await jixie.post(`/api/v1/projects/${pid}/implementation-plans`, { content: { ...content(2), goals: '  ' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toContainEqual({ path: 'body.content.goals', message: '请填写工作目标' });
    const noComment = await kjt.post(`/api/v1/implementation-plans/${v1.body.id}/decision`, { rowVersion: v1.body.rowVersion, decision: 'return' });
    expect(noComment.status).toBe(400);
    expect(noComment.body.errors).toContainEqual({ path: 'body.comment', message: '退回时请填写意见' });
    const foreignFile = await upload(kjt, '别人的文件.pdf');
    const badFile = await jixie.post(`/api/v1/projects/${pid}/implementation-plans`, { content: content(2), attachmentIds: [foreignFile.body.id] });
    expect(badFile.status).toBe(409); // a version waits: state is checked before the evidence
    expect(await count('implementation_plans', pid)).toBe(before.plans);
    expect(await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE entity_type = 'implementation_plan'`)).toBe(before.audit);

    // wrong state: deciding twice
    expect((await kjt.post(`/api/v1/implementation-plans/${v1.body.id}/decision`, d)).status).toBe(200);
    const twice = await kjt.post(`/api/v1/implementation-plans/${v1.body.id}/decision`, { ...d, rowVersion: v1.body.rowVersion + 1 });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('INVALID_STATE');
    // evidence that is not the society's own is refused with its path
    const badFile2 = await jixie.post(`/api/v1/projects/${pid}/implementation-plans`, { content: content(2), attachmentIds: [foreignFile.body.id] });
    expect(badFile2.status).toBe(400);
    expect(badFile2.body.errors[0].path).toBe('body.attachmentIds.0');
    expect(await count('implementation_plans', pid)).toBe(before.plans);
  }, 90_000);

  it('lets exactly one of a racing approve and return win', async () => {
    const est = await signedProject(ctx, { admin, dept: kjt, society: jixie }, preset, `预置${preset}实施方案并发项目`);
    const v1 = await jixie.post(`/api/v1/projects/${est.projectId}/implementation-plans`, { content: content(1) });
    const kjt2 = await as(ctx.app, 'kjt.user');
    const [a, b] = await Promise.all([
      kjt.post(`/api/v1/implementation-plans/${v1.body.id}/decision`, { rowVersion: v1.body.rowVersion, decision: 'approve' }),
      kjt2.post(`/api/v1/implementation-plans/${v1.body.id}/decision`, { rowVersion: v1.body.rowVersion, decision: 'return', comment: '请修改' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const winner = a.status === 200 ? 'approved' : 'returned';
    expect((await admin.get(`/api/v1/implementation-plans/${v1.body.id}`)).body.status).toBe(winner);
    expect(await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = ${v1.body.id} AND action IN ('plan.approve', 'plan.return')`)).toBe(1);
    expect(await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM todos WHERE kind = 'plan.submit' AND entity_id = ${est.projectId} AND status = 'open'`)).toBe(winner === 'returned' ? 1 : 0);
  }, 90_000);
});
