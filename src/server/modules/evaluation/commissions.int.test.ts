// Issue 14 §1 (EVA-2, EVA-3, EVA-6, PUB-1), through HTTP on both drivers under presets 001, 002 and
// 004: the association commissions 山东省科技评估中心 for one project; while the commission runs its
// staff read that project (read-only) and nothing else; they score its KPIs by the programme's method
// and report; the association returns, then accepts and publishes; the portal shows the result without
// its evidence. A failed evaluation, once accepted, is a failed task of the society's year. A
// cancelled or not yet started commission opens nothing. Refusals change nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { TestClient, as, createTestContext, scalar, type TestContext } from '../../testing/harness.js';
import { signedProject } from '../../testing/project-fixture.js';

let ctx: TestContext;
let admin: TestClient;
let kjt: TestClient;
let jixie: TestClient;
let pinggu: TestClient;
let qingdao: TestClient;
let evaluatorOrgId: string;

beforeAll(async () => {
  ctx = await createTestContext();
  [admin, kjt, jixie, pinggu, qingdao] = await Promise.all(['sheng.admin', 'kjt.user', 'jixie.user', 'pinggu.user', 'qingdao.admin'].map((u) => as(ctx.app, u)));
  evaluatorOrgId = ctx.ids.orgs['山东省科技评估中心'];
}, 120_000);
afterAll(async () => ctx?.close());

const day = (offset: number) => new Date(Date.now() + 8 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);
const rowsOf = async (table: string) => scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)}`);

describe.each(['001', '002', '004'] as const)('third-party evaluation under preset %s (EVA-2, EVA-3)', (preset) => {
  it('commissions one project, scores it, is returned, accepted and published; the evaluator reads that project only', async () => {
    const a = await signedProject(ctx, { admin, dept: kjt, society: jixie }, preset, `预置${preset}评估项目`);
    const b = await signedProject(ctx, { admin, dept: kjt, society: jixie }, preset, `预置${preset}未委托项目`);
    const base = { evaluatorOrgId, title: `${preset} 试点项目绩效评估`, scope: 'projects', projectIds: [a.projectId], startsOn: day(0), endsOn: day(30) };

    // refusals: the wrong party, the wrong evaluator, a project of another programme, bad dates
    const before = await rowsOf('evaluation_commissions');
    expect((await kjt.post(`/api/v1/programmes/${a.programmeId}/evaluation-commissions`, base)).status).toBe(403);
    expect((await qingdao.post(`/api/v1/programmes/${a.programmeId}/evaluation-commissions`, base)).status).toBe(403);
    const notEvaluator = await admin.post(`/api/v1/programmes/${a.programmeId}/evaluation-commissions`, { ...base, evaluatorOrgId: ctx.ids.province });
    expect(notEvaluator.status).toBe(400);
    expect(notEvaluator.body.errors).toEqual([{ path: 'body.evaluatorOrgId', message: '请选择本科协登记的第三方评估机构' }]);
    const otherProgramme = await admin.post(`/api/v1/programmes/${a.programmeId}/evaluation-commissions`, { ...base, projectIds: [a.projectId, b.projectId].reverse() });
    expect(otherProgramme.status).toBe(400);
    expect(otherProgramme.body.errors[0].path).toBe('body.projectIds.0');
    const dates = await admin.post(`/api/v1/programmes/${a.programmeId}/evaluation-commissions`, { ...base, endsOn: day(-1) });
    expect(dates.status).toBe(400);
    expect(dates.body.errors[0]).toMatchObject({ path: 'body.endsOn', message: '结束日期不能早于开始日期' });
    expect(await rowsOf('evaluation_commissions')).toBe(before);

    // before the commission the evaluator reads neither project
    expect((await pinggu.get(`/api/v1/projects/${a.projectId}`)).status).toBe(403);
    const created = await admin.post(`/api/v1/programmes/${a.programmeId}/evaluation-commissions`, base);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.headers.location).toBe(`/api/v1/evaluation-commissions/${created.body.id}`);
    expect(created.body).toMatchObject({ evaluatorName: '山东省科技评估中心', statusLabel: '进行中', runsToday: true, actions: ['cancel'], projects: [{ projectId: a.projectId, evaluationStatusLabel: '未开始' }] });
    const cid: string = created.body.id;

    // the evaluator: its commission, the commissioned project and its records read-only; nothing else
    const list = (await pinggu.get('/api/v1/evaluation-commissions')).body;
    expect(list.items.find((c: { id: string }) => c.id === cid)).toMatchObject({ actions: ['evaluate'], projectCount: 1 });
    expect((await pinggu.get(`/api/v1/evaluation-commissions/${cid}`)).body.actions).toEqual(['evaluate']);
    expect((await pinggu.get(`/api/v1/projects/${a.projectId}`)).body).toMatchObject({ id: a.projectId, readOnlyAs: 'evaluator' });
    expect((await admin.get(`/api/v1/projects/${a.projectId}`)).body.readOnlyAs).toBeNull();
    expect((await pinggu.get(`/api/v1/projects/${a.projectId}/task-books`)).status).toBe(200);
    expect((await pinggu.get(`/api/v1/projects/${a.projectId}/milestones`)).status).toBe(200);
    expect((await pinggu.get(`/api/v1/projects/${b.projectId}`)).status).toBe(403);
    expect((await pinggu.get(`/api/v1/projects/${b.projectId}/task-books`)).status).toBe(403);
    expect((await pinggu.post(`/api/v1/projects/${a.projectId}/progress-reports`, { title: '越权', body: '越权' })).status).toBe(403);
    expect((await pinggu.get(`/api/v1/projects?limit=50`)).body.items.map((p: { id: string }) => p.id)).toContain(a.projectId);
    expect((await pinggu.get(`/api/v1/projects?limit=50`)).body.items.map((p: { id: string }) => p.id)).not.toContain(b.projectId);
    expect((await qingdao.get(`/api/v1/evaluation-commissions/${cid}`)).status).toBe(403);

    // scoring: 24 of 30 → 80 分, 良, passed; the project outside the commission is refused
    const path = `/api/v1/evaluation-commissions/${cid}/projects/${a.projectId}/evaluation`;
    const draft = { kpis: [{ actual: 24, evidence: '现场核查 24 个基地的评估报告' }], findings: '项目组织规范，主要指标完成 80%。', recommendations: '加快剩余基地的评估。', rowVersion: 0 };
    expect((await pinggu.put(`/api/v1/evaluation-commissions/${cid}/projects/${b.projectId}/evaluation`, draft)).status).toBe(404);
    expect((await admin.put(path, draft)).status).toBe(403);
    const wrongCount = await pinggu.put(path, { ...draft, kpis: [] });
    expect(wrongCount.status).toBe(400);
    expect(wrongCount.body.errors[0].path).toBe('body.kpis');
    const saved = await pinggu.put(path, draft);
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body).toMatchObject({ status: 'draft', score: 80, grade: '良', passed: true, kpis: [{ name: '评估基地数量', target: 30, actual: 24, score: 80 }], actions: ['edit', 'submit'] });
    expect((await pinggu.put(path, draft)).status).toBe(409); // it saw no report; one exists now
    // a draft is the evaluator's: the association sees the work under way, not its content
    expect((await admin.get(`/api/v1/performance-evaluations/${saved.body.id}`)).status).toBe(403);
    expect((await admin.get(`/api/v1/evaluation-commissions/${cid}`)).body.projects[0]).toMatchObject({ evaluationId: null, evaluationStatusLabel: '评估中', score: null, kpis: [{ name: '评估基地数量', target: 30, unit: '个' }] });
    const submitted = await pinggu.put(path, { ...draft, rowVersion: saved.body.rowVersion, submit: true });
    expect(submitted.body).toMatchObject({ status: 'submitted', actions: [] });
    expect((await admin.get(`/api/v1/performance-evaluations/${submitted.body.id}`)).body.actions).toEqual(['decide']);
    expect((await kjt.get(`/api/v1/performance-evaluations/${submitted.body.id}`)).status).toBe(403);
    const noComment = await admin.post(`/api/v1/performance-evaluations/${submitted.body.id}/decision`, { decision: 'return', rowVersion: submitted.body.rowVersion });
    expect(noComment.status).toBe(400);
    const returned = await admin.post(`/api/v1/performance-evaluations/${submitted.body.id}/decision`, { decision: 'return', comment: '请补充满意度调查结果。', rowVersion: submitted.body.rowVersion });
    expect(returned.body).toMatchObject({ status: 'returned', decisionComment: '请补充满意度调查结果。' });
    const again = await pinggu.put(path, { ...draft, findings: '补充了满意度调查：委托部门满意。', rowVersion: returned.body.rowVersion, submit: true });
    expect(again.body.status).toBe('submitted');
    expect((await admin.post(`/api/v1/performance-evaluations/${again.body.id}/publication`, { publish: true, rowVersion: again.body.rowVersion })).status).toBe(409);
    const accepted = await admin.post(`/api/v1/performance-evaluations/${again.body.id}/decision`, { decision: 'accept', rowVersion: again.body.rowVersion });
    expect(accepted.body).toMatchObject({ status: 'accepted', actions: ['publish'] });
    const published = await admin.post(`/api/v1/performance-evaluations/${again.body.id}/publication`, { publish: true, rowVersion: accepted.body.rowVersion });
    expect(published.body.actions).toEqual(['unpublish']);
    const portal = (await new TestClient(ctx.app).get(`/api/v1/public/evaluation-results?programmeId=${a.programmeId}`)).body;
    expect(portal.items).toHaveLength(1);
    expect(portal.items[0]).toMatchObject({ projectTitle: `预置${preset}评估项目`, societyName: '山东省机械工程学会', evaluatorName: '山东省科技评估中心', score: 80, grade: '良', kpis: [{ name: '评估基地数量', actual: 24, score: 80 }] });
    expect(portal.items[0].kpis[0]).not.toHaveProperty('evidence');
    expect(portal.items[0]).not.toHaveProperty('decisionComment');

    // the programme's report
    const prog = await pinggu.put(`/api/v1/evaluation-commissions/${cid}/programme-evaluation`, { findings: '试点项目总体实施规范。', rowVersion: 0, submit: true });
    expect(prog.status, JSON.stringify(prog.body)).toBe(200);
    expect(prog.body).toMatchObject({ projectId: null, status: 'submitted', score: null });
    expect((await pinggu.get(`/api/v1/evaluation-commissions/${cid}`)).body.programmeReport).toMatchObject({ id: prog.body.id, status: 'submitted' });

    // cancelled: the evaluator reads the project no more
    const cur = (await admin.get(`/api/v1/evaluation-commissions/${cid}`)).body;
    const cancelled = await admin.post(`/api/v1/evaluation-commissions/${cid}/cancel`, { rowVersion: cur.rowVersion, reason: '评估任务调整。' });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', statusLabel: '已撤销', actions: [] });
    expect((await pinggu.get(`/api/v1/projects/${a.projectId}`)).status).toBe(403);
    expect((await pinggu.put(path, { ...draft, rowVersion: published.body.rowVersion })).status).toBe(403);
    expect((await pinggu.get(`/api/v1/evaluation-commissions/${cid}`)).status).toBe(200);
  });
});

describe('a failed evaluation and a commission not yet started (EVA-6)', () => {
  it('records a failed task once the association accepts a report below the pass score', async () => {
    const p = await signedProject(ctx, { admin, dept: kjt, society: jixie }, '001', '评估不合格的项目');
    const c = await admin.post(`/api/v1/programmes/${p.programmeId}/evaluation-commissions`, { evaluatorOrgId, title: '不合格评估', scope: 'projects', projectIds: [p.projectId], startsOn: day(0), endsOn: day(10) });
    const r = await pinggu.put(`/api/v1/evaluation-commissions/${c.body.id}/projects/${p.projectId}/evaluation`, { kpis: [{ actual: 10, evidence: '仅完成 10 个' }], findings: '主要指标完成三分之一。', rowVersion: 0, submit: true });
    expect(r.body).toMatchObject({ score: 33, grade: '差', passed: false });
    const failedBefore = await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM society_yearly_facts f, jsonb_array_elements(f.failed_tasks) e WHERE e->>'description' LIKE '%第三方绩效评估不合格%'`);
    await admin.post(`/api/v1/performance-evaluations/${r.body.id}/decision`, { decision: 'accept', rowVersion: r.body.rowVersion });
    expect(await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM society_yearly_facts f, jsonb_array_elements(f.failed_tasks) e WHERE e->>'description' LIKE '%第三方绩效评估不合格%'`)).toBe(failedBefore + 1);
  });

  it('opens nothing before its first day, for the whole programme too', async () => {
    const p = await signedProject(ctx, { admin, dept: kjt, society: jixie }, '002', '尚未开始评估的项目');
    const c = await admin.post(`/api/v1/programmes/${p.programmeId}/evaluation-commissions`, { evaluatorOrgId, title: '下月评估', scope: 'programme', startsOn: day(5), endsOn: day(40) });
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    expect(c.body).toMatchObject({ statusLabel: '未开始', runsToday: false, projects: [{ projectId: p.projectId }] });
    expect((await pinggu.get(`/api/v1/projects/${p.projectId}`)).status).toBe(403);
    expect((await pinggu.put(`/api/v1/evaluation-commissions/${c.body.id}/projects/${p.projectId}/evaluation`, { kpis: [{ actual: 1, evidence: 'x' }], findings: 'x', rowVersion: 0 })).status).toBe(403);
    const withIds = await admin.post(`/api/v1/programmes/${p.programmeId}/evaluation-commissions`, { evaluatorOrgId, title: 'x', scope: 'programme', projectIds: [p.projectId], startsOn: day(0), endsOn: day(1) });
    expect(withIds.status).toBe(400);
  });
});
