// Issue 11 §1, "Attachments follow their record" and "Evaluators and observers", through HTTP on
// both drivers. An expert of the province association (expert.huang) and the evaluator
// (pinggu.user), assigned as observers of one project through the API, read that project — every
// supervision GET, its task book and its files — and nothing else, write nothing, and lose it all
// when the assignment ends. A file attached to a record of every entity type is downloadable
// exactly by those who may read the record: never by an association expert or a user of an
// unrelated organisation; a file not yet linked is its uploader's alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { as, createTestContext, scalar, type TestClient, type TestContext } from '../../testing/harness.js';
import { signedProject } from '../../testing/project-fixture.js';
import { chinaToday } from '../../platform/transition.js';
import { attachmentEntityTypes } from './read-scope.js';

let ctx: TestContext;
const c: Record<string, TestClient> = {};
const USERS = ['sheng.admin', 'sheng.staff', 'kjt.user', 'jixie.user', 'expert.huang', 'expert.wang', 'pinggu.user', 'qingdao.admin', 'bianban.user', 'jncz.user'] as const;
type User = (typeof USERS)[number];

// Today (and its year) is read where it is used, never once for the file: a run that crosses China's
// midnight (16:00 UTC) would otherwise count "tomorrow", "yesterday" and the open assignments from a
// day the server has left.
const today = () => chinaToday();
const year = () => Number(today().slice(0, 4));
const upload = (u: User, name: string) => c[u].request('POST', `/api/v1/attachments?filename=${encodeURIComponent(name)}`, undefined, { headers: { 'content-type': 'application/octet-stream' }, rawBody: `bytes of ${name}` });
const userId = async (username: string) => ((await ctx.database.db.execute(sql`SELECT id::text AS id FROM users WHERE username = ${username}`)) as unknown as { rows: { id: string }[] }).rows[0].id;
const n = (q: ReturnType<typeof sql>) => scalar(ctx.database.db, q);
/** The projects the user observes in the data (the demo data may assign them elsewhere too), sorted. */
/** The projects a user's observer assignments open today, and (EVA-2) the evaluation commissions running today to their organisation. */
const observedInData = async (username: string, day = today()) =>
  ((await ctx.database.db.execute(sql`
    SELECT o.project_id::text AS id FROM observers o JOIN users u ON u.id = o.user_id
    WHERE u.username = ${username} AND o.ended_on IS NULL AND o.from_on <= ${day} AND o.to_on >= ${day}
    UNION
    SELECT p.id::text FROM pilot_projects p JOIN evaluation_commissions c ON (c.scope = 'programme' AND c.programme_id = p.programme_id) OR (c.scope = 'projects' AND c.project_ids ? p.id::text)
    JOIN users u ON u.org_id = c.evaluator_org_id
    WHERE u.username = ${username} AND c.status = 'active' AND c.starts_on <= ${day} AND c.ends_on >= ${day} ORDER BY 1`)) as unknown as { rows: { id: string }[] }).rows.map((r) => r.id);
const listed = async (u: User) => {
  const r = await c[u].get('/api/v1/projects?limit=100');
  expect(r.status, u).toBe(200);
  return r.body.items.map((p: { id: string }) => p.id).sort() as string[];
};

/** Creates a record through the API with one fresh file attached; returns the record's and the file's ids. */
async function withFile(u: User, name: string, path: string, body: Record<string, unknown>): Promise<{ id: string; file: string }> {
  const f = await upload(u, name);
  expect(f.status, JSON.stringify(f.body)).toBe(201);
  const r = await c[u].post(path, { ...body, attachmentIds: [f.body.id] });
  expect(r.status, `${path} ${JSON.stringify(r.body)}`).toBe(201);
  return { id: r.body.id, file: f.body.id };
}

let A: Awaited<ReturnType<typeof signedProject>>;
let B: Awaited<ReturnType<typeof signedProject>>;
/** one record with a file per case; `type` is the entity type the file hangs on */
const rec: Record<string, { type: string; id: string; file: string }> = {};
const observerIds: Record<string, { id: string; rowVersion: number; fromOn: string }> = {};

beforeAll(async () => {
  ctx = await createTestContext();
  for (const u of USERS) c[u] = await as(ctx.app, u);
  const parties = { admin: c['sheng.admin'], dept: c['kjt.user'], society: c['jixie.user'] };
  A = await signedProject(ctx, parties, '001', '观察员可见的试点项目');
  B = await signedProject(ctx, parties, '001', '观察员不可见的试点项目');
  const pA = `/api/v1/projects/${A.projectId}`;
  const add = async (key: string, type: string, u: User, path: string, body: Record<string, unknown>) => (rec[key] = { type, ...(await withFile(u, `${key}.pdf`, path, body)) });

  const relayed = (await c['jixie.user'].get('/api/v1/items?status=relayed&limit=50')).body.items.find((i: { title: string }) => i.title === '工程技术领域职业资格考试考务');
  await add('declaration', 'declaration', 'jixie.user', `/api/v1/items/${relayed.id}/declarations`, { capacityStatement: '本会具有考务组织经验和保密管理制度。' });
  await add('plan', 'implementation_plan', 'jixie.user', `${pA}/implementation-plans`, {
    content: { goals: '形成评估报告。', organisation: '成立项目组。', workingMode: '专家评审。', mechanisms: '周例会制度。', safeguards: '专家回避制度。' },
  });
  await add('progress', 'progress_report', 'jixie.user', `${pA}/progress-reports`, { title: '第一季度工作进展', body: '已组建专家组。' });
  await add('matter', 'major_matter', 'jixie.user', `${pA}/major-matters`, {
    title: '调整专家组组长',
    content: '拟调整评估专家组组成。',
    councilDecision: { body: 'standingCouncil', decidedOn: today(), reference: '第八届常务理事会第五次会议' },
  });
  await add('change', 'change_request', 'jixie.user', `${pA}/change-requests`, { baseTaskBookId: A.taskBookId, reason: '调整进度安排。', changesSummary: '节点顺延一个月。' });
  await add('inspection', 'inspection', 'kjt.user', `${pA}/inspections`, { plannedOn: today(), purpose: '中期检查。', panel: [{ name: '吴刚', employer: '山东大学', title: '教授' }] });
  await add('rectification', 'rectification_order', 'kjt.user', `${pA}/rectifications`, { requirements: '完成专家库更新。', deadline: `${year() + 4}-03-31` });
  await add('guidance', 'training_record', 'kjt.user', `${pA}/training-records`, { kind: 'guidance', title: '评估方法指导', heldOn: today(), content: '讲解评估指标设计。' });
  await add('programmeTraining', 'training_record', 'sheng.admin', `/api/v1/programmes/${A.programmeId}/training-records`, { kind: 'training', title: '试点学会专项培训', heldOn: today(), content: '任务书签署与项目管理。' });
  await add('meeting', 'programme_meeting', 'sheng.admin', `/api/v1/programmes/${A.programmeId}/meetings`, {
    kind: 'regular',
    title: '试点工作例会',
    heldOn: today(),
    attendees: ['省科协学会学术部'],
    minutes: '听取试点项目进展汇报。',
  });
  await add('briefing', 'briefing', 'sheng.admin', `/api/v1/programmes/${A.programmeId}/briefings`, { issueNo: 1, title: '工作简报第一期', issuedOn: today(), body: '试点工作启动。' });
  await add('stageReport', 'stage_report', 'sheng.admin', `/api/v1/programmes/${A.programmeId}/stage-reports`, { year: year(), period: '上半年', dueOn: `${year()}-12-31`, title: '阶段报告', body: '完成项目遴选。' });
  // CAP-2: a submitted capacity application of 山东省机械工程学会 on a published call of the province
  // (written directly: the flow that makes one is applications.int.test.ts'), its file uploaded by the society
  {
    const f = await upload('jixie.user', 'capacity.pdf');
    const db = ctx.database.db;
    const [call] = ((await db.execute(sql`
      INSERT INTO capacity_calls (programme_id, association_id, association_path, year, title, description, budget_fen, fund_code, opens_on, closes_on, types, status, published_at)
      SELECT p.id, p.association_id, o.path, 2040, '申报通知', '正文', 1000000, 'capacity_special_fund', '2040-04-01', '2040-04-30', '[{"code":"academic_exchange","quota":1,"awardFen":100000}]'::jsonb, 'published', now()
      FROM programmes p JOIN organisations o ON o.id = p.association_id WHERE p.id = ${A.programmeId} RETURNING id`)) as unknown as { rows: { id: string }[] }).rows;
    const [app] = ((await db.execute(sql`
      INSERT INTO capacity_applications (call_id, programme_id, association_id, association_path, society_id, society_path, type_code, title, goals, indicators, budget, requested_fen, status, version, attachment_ids)
      SELECT c.id, c.programme_id, c.association_id, c.association_path, s.id, s.path, 'academic_exchange', '申报书', '目标', '[]'::jsonb, '[]'::jsonb, 100, 'submitted', 1, ${JSON.stringify([f.body.id])}::jsonb
      FROM capacity_calls c, organisations s WHERE c.id = ${call.id} AND s.name = '山东省机械工程学会' RETURNING id`)) as unknown as { rows: { id: string }[] }).rows;
    await db.execute(sql`UPDATE attachments SET entity_type = 'capacity_application', entity_id = ${app.id} WHERE id = ${f.body.id}`);
    rec.capacity = { type: 'capacity_application', id: app.id, file: f.body.id };
    // CAP-6: a progress report and an expense on it, each with a file of the society (the flow is implementation.int.test.ts')
    for (const [key, type, insert] of [
      ['capacityReport', 'capacity_progress_report', sql`INSERT INTO capacity_progress_reports (application_id, title, body) VALUES (${app.id}, '进展报告', '进展') RETURNING id`],
      ['capacityExpense', 'capacity_expense', sql`INSERT INTO capacity_expenses (application_id, category, item, amount_fen, spent_on, description) VALUES (${app.id}, 'activities', NULL, 100, '2040-05-01', '会务费') RETURNING id`],
      // CAP-6: its evaluation (the flow is evaluation.int.test.ts')
      ['capacityEvaluation', 'capacity_evaluation', sql`INSERT INTO capacity_evaluations (application_id, call_id, result, findings) VALUES (${app.id}, ${call.id}, 'passed', '评估意见') RETURNING id`],
      // CAP-6, FND-4, FND-6: its acceptance and a recovery (the flow is closing.int.test.ts')
      ['capacityAcceptance', 'capacity_acceptance', sql`INSERT INTO capacity_acceptances (application_id, year, result, opinion) VALUES (${app.id}, 2040, 'passed', '验收意见') RETURNING id`],
      ['capacityFundReturn', 'capacity_fund_return', sql`INSERT INTO capacity_fund_returns (application_id, kind, amount_fen, ground, responsibility) VALUES (${app.id}, 'recovery', 100, 'misappropriation', '责任认定') RETURNING id`],
    ] as const) {
      const g = await upload('jixie.user', `${key}.pdf`);
      const [row] = ((await db.execute(insert)) as unknown as { rows: { id: string }[] }).rows;
      await db.execute(sql`UPDATE attachments SET entity_type = ${type}, entity_id = ${row.id} WHERE id = ${g.body.id}`);
      rec[key] = { type, id: row.id, file: g.body.id };
    }
  }
  await add('termination', 'termination', 'jixie.user', `${pA}/terminations`, { reason: '承接条件发生变化。', receivedFen: 0 });
  // EVA-1: a completion report of project A with the society's file (the flow is evaluation/completions.int.test.ts')
  {
    const g = await upload('jixie.user', 'completion.pdf');
    const db = ctx.database.db;
    const [row] = ((await db.execute(sql`INSERT INTO project_completions (project_id, round, summary, steps) VALUES (${A.projectId}, 1, '结项报告', '["association"]'::jsonb) RETURNING id`)) as unknown as { rows: { id: string }[] }).rows;
    await db.execute(sql`UPDATE attachments SET entity_type = 'project_completion', entity_id = ${row.id} WHERE id = ${g.body.id}`);
    rec.completion = { type: 'project_completion', id: row.id, file: g.body.id };
  }
  // EVA-2: a performance report with the evaluator's file, on a commission of project A's programme that
  // has not begun (the evaluator reads its own commission and reports, never project A through it)
  {
    const g = await upload('pinggu.user', 'evaluation.pdf');
    const db = ctx.database.db;
    const [cm] = ((await db.execute(sql`
      INSERT INTO evaluation_commissions (programme_id, association_id, association_path, evaluator_org_id, title, scope, project_ids, starts_on, ends_on)
      SELECT p.id, p.association_id, o.path, e.id, '下年度评估', 'projects', ${JSON.stringify([A.projectId])}::jsonb, '2099-01-01', '2099-12-31'
      FROM programmes p JOIN organisations o ON o.id = p.association_id, organisations e WHERE p.id = ${A.programmeId} AND e.name = '山东省科技评估中心' RETURNING id`)) as unknown as { rows: { id: string }[] }).rows;
    const [row] = ((await db.execute(sql`INSERT INTO performance_evaluations (commission_id, project_id, findings, status) VALUES (${cm.id}, ${A.projectId}, '评估发现', 'submitted') RETURNING id`)) as unknown as { rows: { id: string }[] }).rows;
    await db.execute(sql`UPDATE attachments SET entity_type = 'performance_evaluation', entity_id = ${row.id} WHERE id = ${g.body.id}`);
    rec.evaluation = { type: 'performance_evaluation', id: row.id, file: g.body.id };
  }
  // EVA-5: a typical case (a draft) written by the association, with its file (the flow is cases/cases.int.test.ts')
  {
    const g = await upload('sheng.admin', 'case.pdf');
    const db = ctx.database.db;
    const [row] = ((await db.execute(sql`
      INSERT INTO typical_cases (programme_id, association_id, association_path, project_id, title, summary, body, experience, attachment_ids)
      SELECT p.id, p.association_id, o.path, ${A.projectId}, '典型案例', '摘要', '正文', '经验', ${JSON.stringify([g.body.id])}::jsonb
      FROM programmes p JOIN organisations o ON o.id = p.association_id WHERE p.id = ${A.programmeId} RETURNING id`)) as unknown as { rows: { id: string }[] }).rows;
    await db.execute(sql`UPDATE attachments SET entity_type = 'typical_case', entity_id = ${row.id} WHERE id = ${g.body.id}`);
    rec.typicalCase = { type: 'typical_case', id: row.id, file: g.body.id };
  }
  // a file of the other project
  await add('otherProject', 'progress_report', 'jixie.user', `/api/v1/projects/${B.projectId}/progress-reports`, { title: '另一项目进展', body: '略。' });
}, 300_000);
afterAll(async () => ctx?.close());

const OBSERVERS = ['expert.huang', 'pinggu.user'] as const;
const projectRecordKeys = ['plan', 'progress', 'matter', 'change', 'inspection', 'rectification', 'guidance', 'termination'];

/** Every supervision GET of project A (lists, then each record), as the project page asks them. */
function supervisionGets(): string[] {
  const p = `/api/v1/projects/${A.projectId}`;
  return [
    p,
    `${p}/task-books`,
    `/api/v1/task-books/${A.taskBookId}`,
    `${p}/implementation-plans`,
    `/api/v1/implementation-plans/${rec.plan.id}`,
    `${p}/milestones`,
    `${p}/progress-reports`,
    `/api/v1/progress-reports/${rec.progress.id}`,
    `${p}/major-matters`,
    `/api/v1/major-matters/${rec.matter.id}`,
    `${p}/change-requests`,
    `/api/v1/change-requests/${rec.change.id}`,
    `${p}/terminations`,
    `/api/v1/terminations/${rec.termination.id}`,
    `${p}/observers`,
    `${p}/inspections`,
    `/api/v1/inspections/${rec.inspection.id}`,
    `${p}/rectifications`,
    `/api/v1/rectifications/${rec.rectification.id}`,
    `${p}/training-records`,
    `/api/v1/training-records/${rec.guidance.id}`,
  ];
}

/** Every `actions` (and the task book's `editableParts`) list anywhere in an answer. */
function offeredActions(body: unknown): string[] {
  if (Array.isArray(body)) return body.flatMap(offeredActions);
  if (!body || typeof body !== 'object') return [];
  return Object.entries(body).flatMap(([k, v]) => ((k === 'actions' || k === 'editableParts') && Array.isArray(v) ? (v as string[]) : offeredActions(v)));
}

describe('observers read the project they observe, read-only, and nothing else (SUP-4, issue 11 §1)', () => {
  it('before the assignment, an association expert and the evaluator read neither the project nor its files', async () => {
    for (const u of OBSERVERS) {
      const ids = await listed(u);
      expect(ids, u).toEqual(await observedInData(u));
      expect(ids, u).not.toContain(A.projectId);
      expect((await c[u].get(`/api/v1/projects/${A.projectId}`)).status, u).toBe(403);
      expect((await c[u].get(`/api/v1/projects/${A.projectId}/progress-reports`)).status, u).toBe(403);
      for (const k of projectRecordKeys) expect((await c[u].get(`/api/v1/attachments/${rec[k].file}`)).status, `${u} ${k}`).toBe(403);
    }
  });

  it('the association assigns them through the API, naming their accounts; an unknown account is refused', async () => {
    const bad = await c['sheng.admin'].post(`/api/v1/projects/${A.projectId}/observers`, { personName: '无此人', employer: '某单位', userId: '00000000-0000-4000-8000-000000000000', fromOn: today(), toOn: `${year() + 4}-12-31` });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('body.userId');
    for (const u of OBSERVERS) {
      const fromOn = today();
      const o = await c['sheng.staff'].post(`/api/v1/projects/${A.projectId}/observers`, { personName: u === 'pinggu.user' ? '褚红' : '黄专家', employer: u === 'pinggu.user' ? '山东省科技评估中心' : '山东省科学技术协会', userId: await userId(u), fromOn, toOn: `${year() + 4}-12-31` });
      expect(o.status, JSON.stringify(o.body)).toBe(201);
      observerIds[u] = { id: o.body.id, rowVersion: o.body.rowVersion, fromOn };
    }
  });

  it('an observer lists the projects they observe and answers every supervision GET of it, offering no action', async () => {
    for (const u of OBSERVERS) {
      const ids = await listed(u);
      expect(ids, u).toContain(A.projectId);
      expect(ids, u).not.toContain(B.projectId);
      expect(ids, u).toEqual(await observedInData(u));
      for (const url of supervisionGets()) {
        const r = await c[u].get(url);
        expect(r.status, `${u} ${url} ${JSON.stringify(r.body)}`).toBe(200);
        expect(offeredActions(r.body), `${u} ${url}`).toEqual([]);
      }
      expect((await c[u].get(`/api/v1/projects/${A.projectId}/task-books`)).body.actions).toEqual([]);
      const doc = await c[u].get(`/api/v1/task-books/${A.taskBookId}/document?format=docx`);
      expect(doc.status, u).toBe(200);
      // the project's own training and guidance; the programme-wide sessions are programme records
      const training = (await c[u].get(`/api/v1/projects/${A.projectId}/training-records`)).body.items.map((t: { id: string }) => t.id);
      expect(training, u).toEqual([rec.guidance.id]);
      expect((await c[u].get(`/api/v1/training-records/${rec.programmeTraining.id}`)).status, u).toBe(403);
      // the parties still see the programme-wide session on the project page
      expect((await c['jixie.user'].get(`/api/v1/projects/${A.projectId}/training-records`)).body.items.map((t: { id: string }) => t.id)).toContain(rec.programmeTraining.id);
      // files of the project's records
      for (const k of projectRecordKeys) {
        const down = await c[u].get(`/api/v1/attachments/${rec[k].file}`);
        expect(down.status, `${u} ${k}`).toBe(200);
        expect(down.raw.toString('utf8')).toBe(`bytes of ${k}.pdf`);
      }
      // nothing of the other project, nor of the programme, nor the declaration
      expect((await c[u].get(`/api/v1/projects/${B.projectId}`)).status, u).toBe(403);
      expect((await c[u].get(`/api/v1/projects/${B.projectId}/progress-reports`)).status, u).toBe(403);
      expect((await c[u].get(`/api/v1/progress-reports/${rec.otherProject.id}`)).status, u).toBe(403);
      for (const k of ['otherProject', 'programmeTraining', 'meeting', 'briefing', 'stageReport', 'declaration']) expect((await c[u].get(`/api/v1/attachments/${rec[k].file}`)).status, `${u} ${k}`).toBe(403);
    }
  });

  it('nobody else gains anything: an unassigned expert, a review office, another association and a city finance bureau are refused every supervision GET', async () => {
    for (const u of ['expert.wang', 'bianban.user', 'qingdao.admin', 'jncz.user'] as const) {
      expect(await listed(u), u).not.toContain(A.projectId);
      for (const url of supervisionGets()) expect((await c[u].get(url)).status, `${u} ${url}`).toBe(403);
    }
  });

  it('an observer writes nothing: every write of the project is refused and no row changes', async () => {
    const p = `/api/v1/projects/${A.projectId}`;
    const tables = ['implementation_plans', 'progress_reports', 'major_matters', 'change_requests', 'terminations', 'observers', 'inspections', 'rectification_orders', 'training_records'];
    const before = await Promise.all(tables.map((t) => n(sql`SELECT count(*)::int AS n FROM ${sql.raw(t)}`)));
    const changes = () => n(sql`SELECT count(*)::int AS n FROM audit_log WHERE action <> 'access.deny'`);
    const changesBefore = await changes();
    for (const u of OBSERVERS) {
      const tries: [string, string, unknown][] = [
        ['POST', `${p}/implementation-plans`, { content: { goals: 'x', organisation: 'x', workingMode: 'x', mechanisms: 'x', safeguards: 'x' } }],
        ['POST', `${p}/progress-reports`, { title: '观察员报告', body: 'x' }],
        ['POST', `/api/v1/progress-reports/${rec.progress.id}/acknowledge`, {}],
        ['POST', `${p}/major-matters`, { title: 'x', content: 'x', councilDecision: { body: 'council', decidedOn: today(), reference: 'x' } }],
        ['POST', `/api/v1/major-matters/${rec.matter.id}/decisions`, { decision: 'approve', step: 0 }],
        ['POST', `${p}/change-requests`, { baseTaskBookId: A.taskBookId, reason: 'x', changesSummary: 'x' }],
        ['POST', `${p}/terminations`, { reason: 'x', receivedFen: 0 }],
        ['POST', `${p}/observers`, { personName: 'x', employer: 'x', fromOn: today(), toOn: today() }],
        ['POST', `/api/v1/observers/${observerIds[u].id}/end`, { rowVersion: observerIds[u].rowVersion, endedOn: today(), reason: 'x' }],
        ['POST', `${p}/inspections`, { plannedOn: today(), purpose: 'x', panel: [{ name: 'x', employer: 'x' }] }],
        ['POST', `${p}/rectifications`, { requirements: 'x', deadline: `${year() + 4}-01-31` }],
        ['POST', `${p}/training-records`, { kind: 'guidance', title: 'x', heldOn: today(), content: 'x' }],
        ['POST', `/api/v1/task-books/${A.taskBookId}/sign`, { rowVersion: 1 }],
      ];
      for (const [method, url, body] of tries) {
        const r = await c[u].request(method as 'POST', url, body);
        expect(r.status, `${u} ${method} ${url} ${JSON.stringify(r.body)}`).toBe(403);
      }
    }
    expect(await Promise.all(tables.map((t) => n(sql`SELECT count(*)::int AS n FROM ${sql.raw(t)}`)))).toEqual(before);
    // the refusals are audited as denials; no change is
    expect(await changes()).toBe(changesBefore);
  });
});

describe('a file is downloadable exactly when its record is readable (X-4, issue 11 §1)', () => {
  // A = 200, R = 403, per user; the observers are assigned to project A at this point.
  //                                   admin staff kjt jixie huang wang pinggu qingdao bianban jncz
  const expected: Record<string, string> = {
    declaration:       'A A R A R R R R R R', // not recommended: the society and the association only
    plan:              'A A A A A R A R R R',
    progress:          'A A A A A R A R R R',
    matter:            'A A A A A R A R R R',
    change:            'A A A A A R A R R R',
    inspection:        'A A A A A R A R R R',
    rectification:     'A A A A A R A R R R',
    guidance:          'A A A A A R A R R R',
    termination:       'A A A A A R A R R R',
    completion:        'A A A A A R A R R R',
    evaluation:        'A A R R R R A R R R', // EVA-2: the commissioning association's staff and the evaluator, not the project's parties
    typicalCase:       'A A R R R R R R R R', // EVA-5: the association's staff over the programme (a draft; once published the portal shows no files)
    programmeTraining: 'A A A A R R R R R R', // the association staff and the parties of the programme's projects
    meeting:           'A A R R R R R R R R', // programme records: the associations' staff
    briefing:          'A A R R R R R R R R',
    stageReport:       'A A R R R R R R R R', // a draft: its own association
    otherProject:      'A A A A R R R R R R', // no observer there
    capacity:          'A A R A R R R R R R', // a submitted application: the society and the association staff
    capacityReport:    'A A R A R R R R R R', // CAP-6: as its application
    capacityExpense:   'A A R A R R R R R R',
    capacityEvaluation: 'A A R A R R R R R R',
    capacityAcceptance: 'A A R A R R R R R R',
    capacityFundReturn: 'A A R A R R R R R R',
  };
  const columns: User[] = ['sheng.admin', 'sheng.staff', 'kjt.user', 'jixie.user', 'expert.huang', 'expert.wang', 'pinggu.user', 'qingdao.admin', 'bianban.user', 'jncz.user'];

  it('covers every entity type an attachment can hang on', () => {
    expect(new Set(Object.values(rec).map((r) => r.type))).toEqual(new Set(attachmentEntityTypes));
    expect(new Set(Object.keys(expected))).toEqual(new Set(Object.keys(rec)));
  });

  it('answers each user as the record would', async () => {
    const wrong: string[] = [];
    for (const [key, row] of Object.entries(expected)) {
      const cells = row.split(/\s+/);
      for (const [i, u] of columns.entries()) {
        const r = await c[u].get(`/api/v1/attachments/${rec[key].file}`);
        const want = cells[i] === 'A' ? 200 : 403;
        if (r.status !== want) wrong.push(`${key} as ${u}: ${r.status}, expected ${want}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('a file whose record type is unknown is refused to everyone', async () => {
    const f = await upload('sheng.admin', '来历不明.pdf');
    await ctx.database.db.execute(sql`UPDATE attachments SET entity_type = 'unknown_record', entity_id = ${A.projectId} WHERE id = ${f.body.id}`);
    for (const u of ['sheng.admin', 'sheng.staff', 'jixie.user'] as const) expect((await c[u].get(`/api/v1/attachments/${f.body.id}`)).status, u).toBe(403);
  });

  it('a file not yet linked to a record is its uploader’s alone — not the rest of the organisation', async () => {
    const f = await upload('sheng.staff', '草稿附件.pdf');
    expect((await c['sheng.staff'].get(`/api/v1/attachments/${f.body.id}`)).status).toBe(200);
    for (const u of ['sheng.admin', 'expert.huang', 'expert.wang', 'jixie.user', 'qingdao.admin'] as const) expect((await c[u].get(`/api/v1/attachments/${f.body.id}`)).status, u).toBe(403);
  });
});

describe('when the assignment ends, the observer loses the project (SUP-4)', () => {
  it('an assignment that begins tomorrow opens nothing yet (the days observerActiveOn counts)', async () => {
    await ctx.database.db.execute(sql`UPDATE observers SET from_on = (${today()}::date + 1)::text WHERE id = ${observerIds['expert.huang'].id}`);
    try {
      expect(await listed('expert.huang')).not.toContain(A.projectId);
      for (const url of supervisionGets()) expect((await c['expert.huang'].get(url)).status, url).toBe(403);
      for (const k of projectRecordKeys) expect((await c['expert.huang'].get(`/api/v1/attachments/${rec[k].file}`)).status, k).toBe(403);
    } finally {
      await ctx.database.db.execute(sql`UPDATE observers SET from_on = ${observerIds['expert.huang'].fromOn} WHERE id = ${observerIds['expert.huang'].id}`);
    }
    expect((await c['expert.huang'].get(`/api/v1/projects/${A.projectId}`)).status).toBe(200);
  });

  it('ended early by the association, or expired: no project, no record, no file', async () => {
    const ended = await c['sheng.admin'].post(`/api/v1/observers/${observerIds['expert.huang'].id}/end`, { rowVersion: observerIds['expert.huang'].rowVersion, endedOn: today(), reason: '工作调整' });
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);
    // the evaluator's assignment ran out yesterday
    await ctx.database.db.execute(sql`UPDATE observers SET to_on = (${today()}::date - 1)::text WHERE id = ${observerIds['pinggu.user'].id}`);
    for (const u of OBSERVERS) {
      const ids = await listed(u);
      expect(ids, u).not.toContain(A.projectId);
      expect(ids, u).toEqual(await observedInData(u));
      for (const url of supervisionGets()) expect((await c[u].get(url)).status, `${u} ${url}`).toBe(403);
      for (const k of projectRecordKeys) expect((await c[u].get(`/api/v1/attachments/${rec[k].file}`)).status, `${u} ${k}`).toBe(403);
    }
  });
});
