// Issue 13 step 4 (CAP-4, ORG-6), through HTTP on both drivers, with the demo's 济南市科协 preset-003
// programme and the province's six experts: two applications pass the formal review; experts are
// drawn (the programme's number, seeded, reproducible from what is kept); an expert sees only their
// own assignment, the content only after declaring no conflict, never another sheet; a recusal draws
// a replacement at once, and with nobody left the rest score alone (plain mean), five sheets give the
// trimmed mean; the ranking per type against the quota; the joint decision — a choice passing over a
// higher score needs its reasons, the finance bureau returns and then confirms; the applications
// are selected or not. On PostgreSQL, two confirmations race: one wins.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { SEED_YEAR, TestClient, as, createTestContext, scalar, type TestContext } from '../../testing/harness.js';
import { addDays } from '../../platform/transition.js';
import { chinaDayOf, chinaToday } from '../../../domain/calendar-day.js';
import { drawExperts } from '../../../domain/capacity/expert-draw.js';
import { finalScore, scoreText } from '../../../domain/capacity/scoring.js';
import { expertPool } from './expert-review.js';

let ctx: TestContext;
let jinan: TestClient;
let jncz: TestClient;
let qingdao: TestClient;
let member: TestClient; // 济南市机械工程学会
let consult: TestClient; // 济南市科技咨询协会
let callId: string;
const apps: Record<'a' | 'b', string> = { a: '', b: '' };
const checklist = ['meets_conditions', 'form_compliant', 'truthful_complete', 'materials_complete', 'budget_reasonable'];
const criteria = ['basic_conditions', 'sustainability', 'scientific_soundness', 'demonstration_value', 'reach'];
const sheet = (points: number[]) => criteria.map((code, i) => ({ code, points: points[i] }));

const rows = async <T>(q: ReturnType<typeof sql>): Promise<T[]> => ((await ctx.database.db.execute(q)) as unknown as { rows: T[] }).rows;
async function orgId(name: string): Promise<string> {
  return (await rows<{ id: string }>(sql`SELECT id FROM organisations WHERE name = ${name}`))[0].id;
}
async function userFor(society: string, username: string): Promise<TestClient> {
  const u = await jinan.post('/api/v1/users', { orgId: await orgId(society), username, displayName: `${society}秘书`, password: 'Chengjie@2026', roles: ['society_admin'] });
  expect(u.status, JSON.stringify(u.body)).toBe(201);
  return as(ctx.app, username);
}
/** The experts assigned to an application: assignment id, username, status. */
const assigned = (applicationId: string) =>
  rows<{ id: string; username: string; status: string; row_version: number }>(sql`
    SELECT x.id, u.username, x.status, x.row_version FROM capacity_expert_assignments x JOIN users u ON u.id = x.expert_user_id
    WHERE x.application_id = ${applicationId} ORDER BY x.created_at, u.username`);
const experts = new Map<string, TestClient>();
const expertClient = async (username: string) => {
  if (!experts.has(username)) experts.set(username, await as(ctx.app, username));
  return experts.get(username)!;
};

async function applyAndPass(client: TestClient, title: string): Promise<string> {
  const d = await client.post(`/api/v1/capacity-calls/${callId}/applications`, {
    typeCode: 'academic_exchange',
    title,
    goals: '举办高端学术研讨会。',
    indicators: [{ label: '学术会议', target: '1 场' }],
    budget: [{ category: 'activities', item: '会务费', amountFen: 1_000_000, note: null }],
  });
  expect(d.status, JSON.stringify(d.body)).toBe(201);
  const s = await client.post(`/api/v1/capacity-applications/${d.body.id}/submit`, { rowVersion: d.body.rowVersion });
  expect(s.status, JSON.stringify(s.body)).toBe(200);
  const p = await jinan.post(`/api/v1/capacity-applications/${d.body.id}/review`, { rowVersion: s.body.rowVersion, decision: 'pass', items: checklist.map((code) => ({ code, passed: true })) });
  expect(p.status, JSON.stringify(p.body)).toBe(200);
  return d.body.id;
}
const rowVersionOf = async (id: string) => (await jinan.get(`/api/v1/capacity-applications/${id}`)).body.rowVersion as number;

beforeAll(async () => {
  ctx = await createTestContext();
  [jinan, jncz, qingdao] = await Promise.all(['jinan.admin', 'jncz.user', 'qingdao.admin'].map((u) => as(ctx.app, u)));
  member = await userFor('济南市机械工程学会', 'jnjixie.user');
  consult = await userFor('济南市科技咨询协会', 'jnzixun.user');
  const programmeId = ctx.ids.programmes.jinan;
  const prog = await jinan.get(`/api/v1/programmes/${programmeId}`);
  expect((await jinan.post(`/api/v1/programmes/${programmeId}/publish`, { version: prog.body.version, confirmPastStages: true })).status).toBe(200);
  const c = await jinan.post(`/api/v1/programmes/${programmeId}/capacity-calls`, {
    year: SEED_YEAR,
    title: `${SEED_YEAR}年度学会服务能力提升计划项目申报通知`,
    description: '正文',
    budgetFen: 50_000_000,
    fundCode: 'capacity_special_fund',
    opensOn: chinaToday(),
    closesOn: chinaDayOf(addDays(new Date(), 30)),
    types: [{ code: 'academic_exchange', quota: 1, awardFen: 3_000_000 }],
  });
  callId = c.body.id;
  const s = await jinan.post(`/api/v1/capacity-calls/${callId}/submit`, { rowVersion: c.body.rowVersion });
  const k = await jncz.post(`/api/v1/capacity-calls/${callId}/confirm`, { rowVersion: s.body.rowVersion });
  expect((await jinan.post(`/api/v1/capacity-calls/${callId}/publish`, { rowVersion: k.body.rowVersion })).status).toBe(200);
  apps.a = await applyAndPass(member, '装备制造学术论坛');
  apps.b = await applyAndPass(consult, '科技咨询服务论坛');
}, 180_000);
afterAll(async () => ctx?.close());

describe('the expert review (CAP-4, ORG-6)', () => {
  it('refuses a draw by the wrong party, for the wrong state, or that the pool cannot fill — nothing is written', async () => {
    const v = await rowVersionOf(apps.a);
    expect((await jncz.post(`/api/v1/capacity-applications/${apps.a}/expert-draw`, { rowVersion: v })).status).toBe(403);
    expect((await member.post(`/api/v1/capacity-applications/${apps.a}/expert-draw`, { rowVersion: v })).status).toBe(403);
    const narrow = await jinan.post(`/api/v1/capacity-applications/${apps.a}/expert-draw`, { rowVersion: v, field: '海洋科学' });
    expect(narrow.status).toBe(409);
    expect(narrow.body.detail).toContain('每个项目抽取 5 名，符合条件（不属于申报单位、未申明利益冲突、研究领域为“海洋科学”）的只有 1 名');
    expect(narrow.body).toMatchObject({ rule: 'CAP-4', clause: expect.stringContaining('组织专家评审') });
    expect(await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM capacity_expert_assignments`)).toBe(0);
  });

  it('draws the programme’s number of experts with a kept seed; the draw can be re-run from what is kept', async () => {
    const r = await jinan.post(`/api/v1/capacity-applications/${apps.a}/expert-draw`, { rowVersion: await rowVersionOf(apps.a) });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ status: '专家评审中', expertsPerApplication: 5, draws: [{ seq: 1, reason: 'initial', candidateCount: 6, shortBy: 0 }], actions: [] });
    expect(r.body.assignments).toHaveLength(5);
    const [kept] = await rows<{ seed: string; candidates: string[]; drawn: string[] }>(sql`SELECT seed, candidates, drawn FROM capacity_expert_draws WHERE application_id = ${apps.a}`);
    const pool = await expertPool(ctx.database.db, (await rows<{ path: string }>(sql`SELECT path FROM organisations WHERE name = '济南市科学技术协会'`))[0].path);
    const again = drawExperts({ pool, count: 5, field: null, applicantOrgId: await orgId('济南市机械工程学会'), exclude: [], seed: kept.seed });
    expect(again).toMatchObject({ candidates: kept.candidates, drawn: kept.drawn });
    const audit = await rows<{ after: { seed: string } }>(sql`SELECT after FROM audit_log WHERE action = 'capacityReview.draw' AND entity_id = ${apps.a}`);
    expect(audit[0].after.seed).toBe(kept.seed);
    // a second draw is refused: the application is under review now
    expect((await jinan.post(`/api/v1/capacity-applications/${apps.a}/expert-draw`, { rowVersion: await rowVersionOf(apps.a) })).status).toBe(409);
  });

  it('shows an expert only their own assignment; the content only after declaring no conflict; no other sheet', async () => {
    const list = await assigned(apps.a);
    const [first, second] = list;
    const e1 = await expertClient(first.username);
    const mine = await e1.get('/api/v1/expert-reviews');
    expect(mine.body.items.map((x: { id: string }) => x.id)).toEqual([first.id]);
    const before = await e1.get(`/api/v1/expert-reviews/${first.id}`);
    expect(before.body).toMatchObject({ societyName: '济南市机械工程学会', title: '装备制造学术论坛', accepted: false, content: null, actions: ['accept', 'recuse'] });
    expect((await e1.get(`/api/v1/expert-reviews/${second.id}`)).status).toBe(404);
    const early = await e1.post(`/api/v1/expert-reviews/${first.id}/submit`, { rowVersion: before.body.rowVersion, scores: sheet([18, 17, 16, 15, 14]) });
    expect(early.body.detail).toContain('请先申明与申报单位无利益冲突');
    const opened = await e1.post(`/api/v1/expert-reviews/${first.id}/accept`, { rowVersion: before.body.rowVersion });
    expect(opened.body).toMatchObject({ accepted: true, content: { title: '装备制造学术论坛', requestedFen: 1_000_000 }, actions: ['recuse', 'submit'] });
    // the sheet follows the programme's criteria and weights
    const bad = await e1.post(`/api/v1/expert-reviews/${first.id}/submit`, { rowVersion: opened.body.rowVersion, scores: [...sheet([18, 17, 16, 15]).slice(0, 4), { code: 'reach', points: 21 }] });
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toContain('“辐射性”的得分应在 0 至 20 分之间');
    const ok = await e1.post(`/api/v1/expert-reviews/${first.id}/submit`, { rowVersion: opened.body.rowVersion, scores: sheet([18, 17, 16, 15, 14]), comment: '基础扎实' });
    expect(ok.body).toMatchObject({ status: 'submitted', totalText: '80.00', actions: [] });
    // another expert sees their own sheet only
    const e2 = await expertClient(second.username);
    const other = await e2.get(`/api/v1/expert-reviews/${second.id}`);
    expect(other.body.scores).toBeNull();
    expect(JSON.stringify(other.body)).not.toContain('基础扎实');
    // the society and another city read no sheet
    expect((await member.get(`/api/v1/capacity-applications/${apps.a}/expert-review`)).status).toBe(403); // no right to read reviews
    expect([403, 404]).toContain((await qingdao.get(`/api/v1/capacity-applications/${apps.a}/expert-review`)).status);
    expect((await e2.get(`/api/v1/capacity-applications/${apps.a}/expert-review`)).status).toBe(403);
  });

  it('replaces an expert who declares a conflict; with nobody left, the rest score alone (plain mean)', async () => {
    let list = await assigned(apps.a);
    const recuser = list.find((x) => x.status === 'assigned')!;
    const e = await expertClient(recuser.username);
    const r = await e.post(`/api/v1/expert-reviews/${recuser.id}/recuse`, { rowVersion: recuser.row_version, reason: '曾在申报单位兼职' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ status: 'recused', content: null, actions: [] });
    list = await assigned(apps.a);
    expect(list).toHaveLength(6); // the sixth expert drawn in their place
    const review = await jinan.get(`/api/v1/capacity-applications/${apps.a}/expert-review`);
    expect(review.body.draws.map((d: { reason: string }) => d.reason)).toEqual(['initial', 'replacement']);
    expect(review.body.draws[1]).toMatchObject({ candidateCount: 1, drawnNames: [expect.any(String)], replacedName: expect.any(String) });
    // a second recusal: nobody left to draw; the association is told
    const second = list.find((x) => x.status === 'assigned')!;
    const r2 = await (await expertClient(second.username)).post(`/api/v1/expert-reviews/${second.id}/recuse`, { rowVersion: second.row_version, reason: '与申报单位负责人有亲属关系' });
    expect(r2.status).toBe(200);
    expect(await assigned(apps.a)).toHaveLength(6);
    const note = await jinan.get('/api/v1/notifications?limit=50');
    expect(note.body.items.some((n: { title: string }) => n.title === '评审专家回避，专家库中已无可替换的专家')).toBe(true);

    // the three left score: 3 sheets < 5 → the plain mean of 80.0, 70.5, 91.0
    const totals = [800];
    for (const [i, x] of (await assigned(apps.a)).filter((y) => y.status === 'assigned').entries()) {
      const c = await expertClient(x.username);
      const a = await c.post(`/api/v1/expert-reviews/${x.id}/accept`, { rowVersion: x.row_version });
      const points = i === 0 ? [15, 14, 14, 14, 13.5] : [20, 18, 18, 18, 17];
      totals.push(points.reduce((s, p) => s + p * 10, 0));
      const s = await c.post(`/api/v1/expert-reviews/${x.id}/submit`, { rowVersion: a.body.rowVersion, scores: sheet(points) });
      expect(s.status, JSON.stringify(s.body)).toBe(200);
    }
    const done = await jinan.get(`/api/v1/capacity-applications/${apps.a}/expert-review`);
    const expected = finalScore(totals, 5)!;
    expect(expected.method).toBe('mean');
    expect(done.body).toMatchObject({ status: '专家评审完成', finalScoreText: scoreText(expected.hundredths), scoreMethod: 'mean' });
    expect((await jinan.get(`/api/v1/capacity-applications/${apps.a}`)).body.status).toBe('reviewed');
  });

  it('drops the highest and the lowest of five sheets (trimmed mean)', async () => {
    expect((await jinan.post(`/api/v1/capacity-applications/${apps.b}/expert-draw`, { rowVersion: await rowVersionOf(apps.b) })).status).toBe(200);
    const sheets = [
      [20, 20, 20, 20, 20],
      [16, 16, 16, 16, 16],
      [17, 17, 17, 17, 17],
      [18, 18, 18, 18, 18],
      [5, 5, 5, 5, 5],
    ];
    for (const [i, x] of (await assigned(apps.b)).entries()) {
      const c = await expertClient(x.username);
      const a = await c.post(`/api/v1/expert-reviews/${x.id}/accept`, { rowVersion: x.row_version });
      expect((await c.post(`/api/v1/expert-reviews/${x.id}/submit`, { rowVersion: a.body.rowVersion, scores: sheet(sheets[i]) })).status).toBe(200);
    }
    const done = await jinan.get(`/api/v1/capacity-applications/${apps.b}/expert-review`);
    expect(done.body).toMatchObject({ finalScoreText: '85.00', scoreMethod: 'trimmed' }); // (80 + 85 + 90) / 3
  });
});

describe('ranking and the joint decision (CAP-4: 会同市财政局)', () => {
  let decisionId: string;

  it('ranks each type against its quota; the finance bureau reads it, an expert does not', async () => {
    const r = await jinan.get(`/api/v1/capacity-calls/${callId}/ranking`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const t = r.body.types[0];
    expect(t).toMatchObject({ name: '学术交流项目', quota: 1, decision: null, actions: ['propose'] });
    expect(t.entries.map((e: { applicationId: string; rank: number; withinQuota: boolean }) => [e.applicationId, e.rank, e.withinQuota])).toEqual([
      [apps.b, 1, true],
      [apps.a, 2, false],
    ]);
    expect((await jncz.get(`/api/v1/capacity-calls/${callId}/ranking`)).body.types[0].actions).toEqual([]);
    const anExpert = await expertClient((await assigned(apps.b))[0].username);
    expect((await anExpert.get(`/api/v1/capacity-calls/${callId}/ranking`)).status).toBe(403);
    expect((await member.get(`/api/v1/capacity-calls/${callId}/ranking`)).status).toBe(403);
  });

  it('holds the decision back while an application of the type waits for its experts', async () => {
    // one more application that passed its formal review (written directly: the flow is the applications test's)
    const [{ id: waiting }] = await rows<{ id: string }>(sql`
      INSERT INTO capacity_applications (call_id, programme_id, association_id, association_path, society_id, society_path, type_code, title, goals, indicators, budget, requested_fen, status, version, submitted_at)
      SELECT call_id, programme_id, association_id, association_path, o.id, o.path, type_code, '等待抽取专家的申报书', goals, indicators, budget, requested_fen, 'passed', 1, now()
      FROM capacity_applications a, organisations o WHERE a.id = ${apps.a} AND o.name = '济南市中医药研究会' RETURNING id`);
    const r = await jinan.get(`/api/v1/capacity-calls/${callId}/ranking`);
    expect(r.body.types[0].entries.find((e: { applicationId: string }) => e.applicationId === waiting)).toMatchObject({ rank: null, scoreText: null, statusLabel: '形式审查通过' });
    const early = await jinan.post(`/api/v1/capacity-calls/${callId}/decisions`, { typeCode: 'academic_exchange', selected: [apps.b] });
    expect(early.status).toBe(409);
    expect(early.body.detail).toContain('还有 1 份申报书未完成专家评审');
    await ctx.database.db.execute(sql`UPDATE capacity_applications SET status = 'withdrawn' WHERE id = ${waiting}`); // out of the way of the decision below
  });

  it('refuses more than the quota, and a choice passing over a higher score without reasons', async () => {
    const over = await jinan.post(`/api/v1/capacity-calls/${callId}/decisions`, { typeCode: 'academic_exchange', selected: [apps.b, apps.a] });
    expect(over.body.detail).toContain('奖励名额为 1 个，已选择 2 个');
    const passOver = await jinan.post(`/api/v1/capacity-calls/${callId}/decisions`, { typeCode: 'academic_exchange', selected: [apps.a] });
    expect(passOver.body.errors).toEqual([{ path: 'body.note', message: '未按得分顺序选择：请写明理由' }]);
    expect((await jncz.post(`/api/v1/capacity-calls/${callId}/decisions`, { typeCode: 'academic_exchange', selected: [apps.b] })).status).toBe(403);
    expect(await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM capacity_decisions`)).toBe(0);
  });

  it('the association proposes; the finance bureau returns with reasons, then confirms; the applications follow', async () => {
    const p = await jinan.post(`/api/v1/capacity-calls/${callId}/decisions`, { typeCode: 'academic_exchange', selected: [apps.b] });
    expect(p.status, JSON.stringify(p.body)).toBe(200);
    const d = p.body.types[0].decision;
    decisionId = d.id;
    expect(d).toMatchObject({ status: 'proposed', statusLabel: '待财政局确认', selected: [apps.b] });
    expect((await jncz.get('/api/v1/todos?status=open')).body.items.some((t: { kind: string }) => t.kind === 'capacityDecision.confirm')).toBe(true);
    const noReason = await jncz.post(`/api/v1/capacity-decisions/${decisionId}/return`, { rowVersion: d.rowVersion, comment: '' });
    expect(noReason.status).toBe(400);
    const back = await jncz.post(`/api/v1/capacity-decisions/${decisionId}/return`, { rowVersion: d.rowVersion, comment: '请附专家评审意见汇总' });
    expect(back.body.types[0].decision).toMatchObject({ status: 'returned', returnComment: '请附专家评审意见汇总' });
    expect((await jinan.get(`/api/v1/capacity-applications/${apps.b}`)).body.status).toBe('reviewed');
    const again = await jinan.post(`/api/v1/capacity-calls/${callId}/decisions`, { typeCode: 'academic_exchange', selected: [apps.b], note: '已附评审意见汇总' });
    const v = again.body.types[0].decision.rowVersion;
    const confirmed = await jncz.post(`/api/v1/capacity-decisions/${decisionId}/confirm`, { rowVersion: v });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    expect(confirmed.body.types[0].decision.status).toBe('confirmed');
    expect((await jinan.get(`/api/v1/capacity-applications/${apps.b}`)).body).toMatchObject({ status: 'selected', statusLabel: '拟资助' });
    expect((await jinan.get(`/api/v1/capacity-applications/${apps.a}`)).body).toMatchObject({ status: 'notSelected', statusLabel: '未入选' });
    expect((await jncz.post(`/api/v1/capacity-decisions/${decisionId}/confirm`, { rowVersion: v + 1 })).status).toBe(409);
  });

  it('refuses a late pass of the formal review into a type already decided', async () => {
    // an application resubmitted after the decision (written directly: the resubmission is the applications test's)
    const [{ id: late }] = await rows<{ id: string }>(sql`
      INSERT INTO capacity_applications (call_id, programme_id, association_id, association_path, society_id, society_path, type_code, title, goals, indicators, budget, requested_fen, status, version, submitted_at)
      SELECT call_id, programme_id, association_id, association_path, o.id, o.path, type_code, '决定之后重新提交的申报书', goals, indicators, budget, requested_fen, 'submitted', 2, now()
      FROM capacity_applications a, organisations o WHERE a.id = ${apps.a} AND o.name = '济南市中医药研究会' RETURNING id`);
    const late1 = await jinan.post(`/api/v1/capacity-applications/${late}/review`, { rowVersion: 1, decision: 'pass', items: checklist.map((code) => ({ code, passed: true })) });
    expect(late1.status).toBe(409);
    expect(late1.body.detail).toContain('评审结果已提出或已确定');
    const rejected = await jinan.post(`/api/v1/capacity-applications/${late}/review`, { rowVersion: 1, decision: 'reject', items: checklist.map((code, i) => ({ code, passed: i > 0, note: i === 0 ? '逾期' : null })), comment: '评审结果已确定' });
    expect(rejected.body.status).toBe('rejected');
  });

  it.runIf(process.env.TEST_DATABASE_URL)('lets exactly one of two racing confirmations win (PostgreSQL)', async () => {
    // a second call with one reviewed application, decided twice at once
    await ctx.database.db.execute(sql`UPDATE capacity_applications SET status = 'reviewed' WHERE id = ${apps.a}`);
    await ctx.database.db.execute(sql`UPDATE capacity_decisions SET status = 'proposed', selected = ${JSON.stringify([apps.a])}::jsonb WHERE id = ${decisionId}`);
    await ctx.database.db.execute(sql`UPDATE capacity_applications SET status = 'reviewed' WHERE id = ${apps.b}`);
    const v = (await rows<{ row_version: number }>(sql`SELECT row_version FROM capacity_decisions WHERE id = ${decisionId}`))[0].row_version;
    const other = await as(ctx.app, 'jncz.user');
    const results = await Promise.all([jncz.post(`/api/v1/capacity-decisions/${decisionId}/confirm`, { rowVersion: v }), other.post(`/api/v1/capacity-decisions/${decisionId}/confirm`, { rowVersion: v })]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'capacityDecision.confirm' AND entity_id = ${decisionId}`)).toBe(2); // the first confirmation above, and one of these
  });
});
