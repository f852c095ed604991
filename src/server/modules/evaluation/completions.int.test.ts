// Issue 14 §1 (EVA-1, EVA-3, EVA-6), through HTTP on both drivers under presets 001, 002 and 004: the
// society reports completion only once its key nodes are done and with one KPI report per KPI of the
// task book in force (and its self-evaluation where the programme asks for it); the assessors the
// programme's `evaluators` name decide in turn; a return opens a new round; the most severe verdict
// ends the project as 已完成 or 考核未通过, and a failure becomes a failed task in the society's yearly
// facts, which SEL-3's noFailedTask reads. Refusals change nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { TestClient, as, createTestContext, scalar, type TestContext } from '../../testing/harness.js';
import { signedProject } from '../../testing/project-fixture.js';
import { checkCondition } from '../../../domain/selection/qualification.rules.js';

let ctx: TestContext;
let admin: TestClient;
let kjt: TestClient;
let jixie: TestClient;
let nongxue: TestClient;
let jinan: TestClient;
let bureau: TestClient;

beforeAll(async () => {
  ctx = await createTestContext();
  [admin, kjt, jixie, nongxue, jinan] = await Promise.all(['sheng.admin', 'kjt.user', 'jixie.user', 'nongxue.user', 'jinan.admin'].map((u) => as(ctx.app, u)));
  // preset 004 names the finance bureau as an assessor: the province gets one, with an officer
  const org = await admin.post('/api/v1/orgs', { parentId: ctx.ids.province, type: 'finance_bureau', name: '山东省财政厅绩效评价处' });
  expect(org.status, JSON.stringify(org.body)).toBe(201);
  const user = await admin.post('/api/v1/users', { orgId: org.body.id, username: 'sheng.cz', displayName: '财政评价员', password: 'Chengjie@2026', roles: ['finance_officer'] });
  expect(user.status, JSON.stringify(user.body)).toBe(201);
  bureau = await as(ctx.app, 'sheng.cz');
}, 120_000);
afterAll(async () => ctx?.close());

const clientOf = (assessor: string) => ({ department: kjt, association: admin, financeBureau: bureau })[assessor as 'department'] as TestClient;
const count = (table: string, projectId: string) => scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)} WHERE project_id = ${projectId}`);

/** Every key node of the schedule reported done (SUP-2), as the society does before completion. */
async function finishMilestones(projectId: string): Promise<void> {
  const list = (await jixie.get(`/api/v1/projects/${projectId}/milestones`)).body as { items: { id: string; status: string }[] };
  for (const m of list.items.filter((x) => x.status === 'open')) {
    const r = await jixie.post(`/api/v1/projects/${projectId}/progress-reports`, { milestoneId: m.id, completesMilestone: true, title: '节点完成', body: '已按任务书完成。' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  }
}

const report = (extra: Record<string, unknown> = {}) => ({
  summary: '项目按任务书完成：制定评估方案，组织 32 个基地的现场评估，形成评估报告并经专家论证。',
  kpis: [{ actual: 32, evidence: '评估报告附件一：基地名单及现场评估记录' }],
  ...extra,
});

const expected = {
  '001': { assessors: ['association'], selfEvaluation: false },
  '002': { assessors: ['department', 'association'], selfEvaluation: false },
  '004': { assessors: ['association', 'financeBureau'], selfEvaluation: true },
} as const;

describe.each(['001', '002', '004'] as const)('completion under preset %s (EVA-1)', (preset) => {
  const { assessors, selfEvaluation } = expected[preset];
  const withSelf = (extra: Record<string, unknown> = {}) => report(selfEvaluation ? { selfEvaluation: '目标全部完成，经费使用规范，绩效良好。', ...extra } : extra);

  it('is reported once the work is done, returned, reported again and passed: the project is completed', async () => {
    const proj = await signedProject(ctx, { admin, dept: kjt, society: jixie }, preset, `预置${preset}结项项目`);
    const pid = proj.projectId;
    // open key nodes refuse the report; nothing is written
    const l0 = (await jixie.get(`/api/v1/projects/${pid}/completions`)).body;
    expect(l0).toMatchObject({ items: [], actions: [], assessors: assessors.map((a) => ({ assessor: a })), selfEvaluationRequired: selfEvaluation, kpis: [{ name: '评估基地数量', target: 30, unit: '个' }] });
    expect(l0.reportRefusal).toMatch(/尚有 2 个关键节点未完成/);
    expect((await jixie.post(`/api/v1/projects/${pid}/completions`, withSelf())).status).toBe(409);
    await finishMilestones(pid);
    const l1 = (await jixie.get(`/api/v1/projects/${pid}/completions`)).body;
    expect(l1).toMatchObject({ actions: ['report'], reportRefusal: null });
    expect((await kjt.get(`/api/v1/projects/${pid}/completions`)).body.actions).toEqual([]);

    // bad reports: the KPI count, the self-evaluation, the wrong party, malformed values
    const wrongKpis = await jixie.post(`/api/v1/projects/${pid}/completions`, withSelf({ kpis: [] }));
    expect(wrongKpis.status).toBe(400);
    expect(wrongKpis.body.errors).toEqual(expect.arrayContaining([{ path: 'body.kpis', message: '生效任务书有 1 项量化考核指标，请逐项填报实际完成值（已填 0 项）' }]));
    if (selfEvaluation) {
      const noSelf = await jixie.post(`/api/v1/projects/${pid}/completions`, report());
      expect(noSelf.status).toBe(400);
      expect(noSelf.body.errors).toEqual([{ path: 'body.selfEvaluation', message: '本方案要求学会进行绩效自评，请填写绩效自评' }]);
    }
    const negative = await jixie.post(`/api/v1/projects/${pid}/completions`, withSelf({ kpis: [{ actual: -1, evidence: '无' }] }));
    expect(negative.status).toBe(400);
    expect(negative.body.errors[0]).toMatchObject({ path: 'body.kpis.0.actual', message: '实际完成值不能为负' });
    expect((await kjt.post(`/api/v1/projects/${pid}/completions`, withSelf())).status).toBe(403);
    expect((await nongxue.post(`/api/v1/projects/${pid}/completions`, withSelf())).status).toBe(403);
    expect((await jinan.get(`/api/v1/projects/${pid}/completions`)).status).toBe(403);
    expect(await count('project_completions', pid)).toBe(0);

    // round 1
    const r1 = await jixie.post(`/api/v1/projects/${pid}/completions`, withSelf());
    expect(r1.status, JSON.stringify(r1.body)).toBe(201);
    expect(r1.headers.location).toBe(`/api/v1/completions/${r1.body.id}`);
    expect(r1.body).toMatchObject({ round: 1, status: 'assessing', result: null, actions: ['withdraw'], kpis: [{ name: '评估基地数量', target: 30, actual: 32, achievementPercent: 106 }] });
    expect(r1.body.steps.map((s: { state: string }) => s.state)).toEqual(assessors.map((_, i) => (i === 0 ? 'pending' : 'waiting')));
    expect((await jixie.post(`/api/v1/projects/${pid}/completions`, withSelf())).status).toBe(409);
    // while a round is assessed the project is not terminated
    const imposing = await kjt.post(`/api/v1/projects/${pid}/terminations`, { reason: '委托部门提出中止。', receivedFen: 0 });
    expect(imposing.status).toBe(409);
    expect(imposing.body.detail).toBe('项目的结项报告正在考核中，不能中止；如确需中止，请先撤回或退回结项报告');
    expect((await kjt.get(`/api/v1/projects/${pid}/terminations`)).body).toMatchObject({ actions: [], createRefusal: imposing.body.detail });
    const first = clientOf(assessors[0]);
    const other = assessors[0] === 'association' ? kjt : admin;
    expect((await other.post(`/api/v1/completions/${r1.body.id}/assessments`, { decision: 'passed', rowVersion: r1.body.rowVersion })).status).toBe(403);
    expect((await first.post(`/api/v1/completions/${r1.body.id}/assessments`, { decision: 'passed', rowVersion: r1.body.rowVersion + 1 })).status).toBe(409);
    const noReason = await first.post(`/api/v1/completions/${r1.body.id}/assessments`, { decision: 'returned', rowVersion: r1.body.rowVersion });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toEqual([{ path: 'body.opinion', message: '请填写退回的原因' }]);
    const todo = (await first.get('/api/v1/todos?status=open&limit=100')).body.items.find((t: { kind: string; entityId: string }) => t.kind === 'completion.assess' && t.entityId === r1.body.id);
    expect(todo).toBeTruthy();
    const returned = await first.post(`/api/v1/completions/${r1.body.id}/assessments`, { decision: 'returned', opinion: '请补充基地名单的佐证材料。', rowVersion: r1.body.rowVersion });
    expect(returned.status, JSON.stringify(returned.body)).toBe(200);
    expect(returned.body).toMatchObject({ status: 'returned', result: null, actions: [] });
    const revise = (await jixie.get('/api/v1/todos?status=open&limit=100')).body.items.find((t: { kind: string; entityId: string }) => t.kind === 'completion.revise' && t.entityId === pid);
    expect(revise).toBeTruthy();

    // round 2: every assessor in turn; the last verdict ends the project
    const r2 = await jixie.post(`/api/v1/projects/${pid}/completions`, withSelf({ summary: '补充了基地名单及佐证材料。' }));
    expect(r2.status, JSON.stringify(r2.body)).toBe(201);
    expect(r2.body.round).toBe(2);
    let c = r2.body;
    for (const [i, a] of assessors.entries()) {
      const verdict = i === assessors.length - 1 && preset === '002' ? 'passedWithConditions' : 'passed';
      const r = await clientOf(a).post(`/api/v1/completions/${c.id}/assessments`, { decision: verdict, opinion: verdict === 'passed' ? null : '按期报送推广应用情况。', rowVersion: c.rowVersion });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      c = r.body;
    }
    const result = preset === '002' ? 'passedWithConditions' : 'passed';
    expect(c).toMatchObject({ status: result, result, actions: [] });
    expect(c.assessments.map((a: { assessor: string }) => a.assessor)).toEqual(assessors);
    expect((await kjt.get(`/api/v1/projects/${pid}`)).body.status).toBe('completed');
    expect((await jixie.get(`/api/v1/projects/${pid}/completions`)).body).toMatchObject({ actions: [], reportRefusal: '项目当前为“已完成”，不能报告结项' });
    expect((await clientOf(assessors[0]).post(`/api/v1/completions/${c.id}/assessments`, { decision: 'failed', opinion: '再议', rowVersion: c.rowVersion })).status).toBe(409);
    expect(await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE entity_type = 'pilot_project' AND entity_id = ${pid} AND action = 'project.complete'`)).toBe(1);
  });
});

describe('a failed completion (EVA-1 → EVA-6)', () => {
  it('fails the project and records a failed task that SEL-3 noFailedTask reads', async () => {
    const proj = await signedProject(ctx, { admin, dept: kjt, society: jixie }, '002', '结项考核未通过的项目');
    await finishMilestones(proj.projectId);
    const r = await jixie.post(`/api/v1/projects/${proj.projectId}/completions`, report({ kpis: [{ actual: 12, evidence: '仅完成 12 个基地' }] }));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.kpis[0].achievementPercent).toBe(40);
    const d = await kjt.post(`/api/v1/completions/${r.body.id}/assessments`, { decision: 'failed', opinion: '主要指标完成率 40%，未达到任务书要求。', rowVersion: r.body.rowVersion });
    expect(d.status, JSON.stringify(d.body)).toBe(200);
    // the association still assesses; the most severe verdict is the result
    const a = await admin.post(`/api/v1/completions/${r.body.id}/assessments`, { decision: 'passed', rowVersion: d.body.rowVersion });
    expect(a.status, JSON.stringify(a.body)).toBe(200);
    expect(a.body).toMatchObject({ status: 'failed', result: 'failed', statusLabel: '考核未通过' });
    expect((await kjt.get(`/api/v1/projects/${proj.projectId}`)).body).toMatchObject({ status: 'failed', statusLabel: '结项考核未通过' });

    const year = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4));
    const rows = (await ctx.database.db.execute(sql`SELECT f.failed_tasks FROM society_yearly_facts f JOIN organisations o ON o.id = f.society_id WHERE o.name = '山东省机械工程学会' AND f.year = ${year}`)) as unknown as { rows: { failed_tasks: { description: string; occurredOn: string }[] }[] };
    const failed = rows.rows[0].failed_tasks;
    expect(failed).toEqual(expect.arrayContaining([expect.objectContaining({ description: '试点项目“结项考核未通过的项目”结项考核未通过' })]));
    const facts = rows.rows.map(() => ({ year, annualInspection: 'passed' as const, commendations: [], violations: [], criticisms: [], failedTasks: failed, debarments: [] }));
    const record = { secretaryGeneralFullTime: true, fullTimeStaff: 8, financeStaff: 2, hasIndependentAccount: true, partyOrg: 'workingGroup' };
    const check = checkCondition({ rule: 'noFailedTask', label: '近3年无未按要求完成科协交办工作或委托项目的情形', years: 3 }, record, facts, `${year}-12-31`);
    expect(check.status).toBe('fail');
    expect(check.fact).toContain('结项考核未通过');
  });

  it('is withdrawn by the society before any verdict, and not after', async () => {
    const proj = await signedProject(ctx, { admin, dept: kjt, society: jixie }, '001', '撤回结项报告的项目');
    await finishMilestones(proj.projectId);
    const r = await jixie.post(`/api/v1/projects/${proj.projectId}/completions`, report());
    expect((await admin.post(`/api/v1/completions/${r.body.id}/withdraw`, { rowVersion: r.body.rowVersion })).status).toBe(403);
    const w = await jixie.post(`/api/v1/completions/${r.body.id}/withdraw`, { rowVersion: r.body.rowVersion });
    expect(w.status, JSON.stringify(w.body)).toBe(200);
    expect(w.body).toMatchObject({ status: 'withdrawn', actions: [] });
    const again = await jixie.post(`/api/v1/projects/${proj.projectId}/completions`, report());
    expect(again.status).toBe(201);
    expect(again.body.round).toBe(2);
    await admin.post(`/api/v1/completions/${again.body.id}/assessments`, { decision: 'passed', rowVersion: again.body.rowVersion });
    expect((await jixie.post(`/api/v1/completions/${again.body.id}/withdraw`, { rowVersion: again.body.rowVersion + 1 })).status).toBe(409);
  });
});
