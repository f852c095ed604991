// 项目实施与验收 (issue 13, CAP-6, CAP-7, FND-4…FND-6): the list of funded projects with their stage,
// through HTTP on both drivers. Two co-managed programmes of 济南市科协 from preset 003 and one of
// 山东省科协 (not co-managed), each with a published call. The applications are written with SQL as
// funded — a signed letter, the award in the ledger, and where a project needs it the disbursement —
// as closing.int.test.ts does; every later step goes through the API or the jobs: evaluations
// proposed, returned, confirmed, put on evaluation notices, objected to, cleared by the close job,
// disbursed; acceptances proposed, returned, confirmed passed or failed; a recovery; windows flagged
// by the job, a refund in part and one in whole. Then: each project's stage, who acts next and its
// money; the party named as acting next has that action in the project's own section; filters by
// stage group, stage, who acts next, keyword, call and programme; paging by key with the total on
// the first page; scope — the province above sees the city's projects, another city's association
// and the finance bureau nothing outside its association, a society only its own; experts,
// departments and evaluators 403.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { SEED_YEAR, TestClient, as, createTestContext, type TestContext } from '../../testing/harness.js';
import { addDays } from '../../platform/transition.js';
import { chinaDayOf, chinaToday, endOfChinaDay } from '../../../domain/calendar-day.js';
import { windowEndsOn } from '../../../domain/funds/expense.rules.js';
import { projectStageInfo, type ProjectStage } from '../../../domain/capacity/project-stage.js';
import type { CapacityProjectRow } from '../../../contract/capacity-projects.js';
import { recordFundEntry } from '../funds/ledger.repo.js';
import { closeDueNotices } from './close-notices.js';
import { flagEndedWindows } from './close-windows.js';

let ctx: TestContext;
let jinan: TestClient; // 济南市科协
let jncz: TestClient; // 济南市财政局 (co-manages 济南's programmes)
let qingdao: TestClient; // another city's association
let sheng: TestClient; // 山东省科协, above 济南
let jnjixie: TestClient; // 济南市机械工程学会
let jnzixun: TestClient; // 济南市科技咨询协会
let anon: TestClient;

const today = chinaToday();
const yesterday = chinaDayOf(addDays(new Date(), -1));
const FUND = 'capacity_special_fund';
const AWARD = 1_000_000;
const rows = async <T = Record<string, any>>(q: ReturnType<typeof sql>): Promise<T[]> => ((await ctx.database.db.execute(q)) as unknown as { rows: T[] }).rows;
const orgId = async (name: string) => (await rows<{ id: string }>(sql`SELECT id FROM organisations WHERE name = ${name}`))[0].id;
const ok = (res: { status: number; body: unknown }, status = 200) => expect(res.status, JSON.stringify(res.body)).toBe(status);
const app = (id: string, rest = '') => `/api/v1/capacity-applications/${id}${rest}`;

async function userFor(society: string, username: string): Promise<TestClient> {
  ok(await jinan.post('/api/v1/users', { orgId: await orgId(society), username, displayName: `${society}秘书`, password: 'Chengjie@2026', roles: ['society_admin'] }), 201);
  return as(ctx.app, username);
}

interface Programme {
  id: string;
  callId: string;
}

/** A programme from preset 003 for an association, published, with its fund's budget and a published call. */
async function programme(by: TestClient, association: string, name: string, change?: (p: Record<string, any>) => Record<string, any>): Promise<Programme> {
  const created = await by.post('/api/v1/programmes', { associationId: await orgId(association), presetCode: '003', name, year: SEED_YEAR });
  ok(created, 201);
  let version: number = created.body.version;
  if (change) {
    const p = await by.patch(`/api/v1/programmes/${created.body.id}`, { version, reason: '按本年度专项资金管理要求调整参数', parameters: change(structuredClone(created.body.parameters)) });
    ok(p);
    version = p.body.version;
  }
  const pub = await by.post(`/api/v1/programmes/${created.body.id}/publish`, { version, confirmPastStages: true });
  ok(pub);
  ok(await by.post(`/api/v1/programmes/${created.body.id}/funds/${FUND}/budget`, { amountFen: 60_000_000, note: '年度专项资金预算' }));
  const c = await by.post(`/api/v1/programmes/${created.body.id}/capacity-calls`, {
    year: SEED_YEAR,
    title: `关于申报${SEED_YEAR}年度学会服务能力提升计划项目的通知（${name}）`,
    description: '各学会：现将项目申报工作通知如下。',
    budgetFen: 50_000_000,
    fundCode: FUND,
    opensOn: today,
    closesOn: chinaDayOf(addDays(new Date(), 30)),
    types: [
      { code: 'academic_exchange', quota: 3, awardFen: 5_000_000 },
      { code: 'social_service', quota: 3, awardFen: 5_000_000 },
      { code: 'self_building', quota: 3, awardFen: 5_000_000 },
    ],
  });
  ok(c, 201);
  let rowVersion: number = c.body.rowVersion;
  if (pub.body.parameters.financeBureauCoManages) {
    const s = await by.post(`/api/v1/capacity-calls/${c.body.id}/submit`, { rowVersion });
    const k = await jncz.post(`/api/v1/capacity-calls/${c.body.id}/confirm`, { rowVersion: s.body.rowVersion });
    ok(k);
    rowVersion = k.body.rowVersion;
  }
  ok(await by.post(`/api/v1/capacity-calls/${c.body.id}/publish`, { rowVersion }));
  return { id: created.body.id, callId: c.body.id };
}

/**
 * An application of `society` to the programme's call, written as funded (closing.int.test.ts):
 * a signed letter (the window ending on `windowEnds`), the award in the ledger, and with `disburse`
 * the disbursement in the ledger and the status.
 */
async function funded(p: Programme, society: string, typeCode: string, title: string, opts: { disburse?: boolean; windowEnds?: string } = {}): Promise<string> {
  const societyId = await orgId(society);
  const budget = JSON.stringify([{ category: 'activities', item: '会务费', amountFen: AWARD, note: null }]);
  const [a] = await rows<{ id: string }>(sql`
    INSERT INTO capacity_applications (call_id, programme_id, association_id, association_path, society_id, society_path, type_code, title, goals, indicators, budget, requested_fen, status, version, submitted_at, approved_budget)
    SELECT c.id, c.programme_id, c.association_id, c.association_path, s.id, s.path, ${typeCode}, ${title}, '项目目标和主要内容', '[{"label":"举办活动","target":"1 场"}]'::jsonb, ${budget}::jsonb, ${AWARD}, 'funded', 1, now(), ${budget}::jsonb
      FROM capacity_calls c, organisations s WHERE c.id = ${p.callId} AND s.id = ${societyId}
    RETURNING id`);
  await rows(sql`INSERT INTO capacity_letters (application_id, status, content, award_fen, approved_on, window_ends_on, signed_at) VALUES (${a.id}, 'signed', '{}'::jsonb, ${AWARD}, ${today}, ${opts.windowEnds ?? windowEndsOn(today, 12)}, now())`);
  const project = { kind: 'capacityApplication' as const, id: a.id };
  await ctx.database.db.transaction(async (tx) => {
    await recordFundEntry(tx, { actor: null, programmeId: p.id, fundCode: FUND, entry: { kind: 'award', project, amountFen: AWARD }, societyId, note: '签订项目责任书，核定资助' });
    if (opts.disburse) {
      await recordFundEntry(tx, { actor: null, programmeId: p.id, fundCode: FUND, entry: { kind: 'disburse', project, amountFen: AWARD }, note: '评估公示无异议，拨付项目资金' });
      await tx.execute(sql`UPDATE capacity_applications SET status = 'disbursed', disbursed_at = now() WHERE id = ${a.id}`);
    }
  });
  return a.id;
}

/** The association proposes an evaluation; the bureau confirms or returns it when asked. */
async function evaluate(id: string, result: 'passed' | 'failed', then?: 'confirm' | 'return') {
  const e = await jinan.post(app(id, '/evaluation'), { result, score: result === 'passed' ? 85 : 40, findings: result === 'passed' ? '按计划完成阶段目标，资金使用规范。' : '主要指标明显滞后。' });
  ok(e, 201);
  const ev = e.body.evaluation as { id: string; rowVersion: number };
  if (then === 'confirm') ok(await jncz.post(`/api/v1/capacity-evaluations/${ev.id}/confirm`, { rowVersion: ev.rowVersion }));
  if (then === 'return') ok(await jncz.post(`/api/v1/capacity-evaluations/${ev.id}/return`, { rowVersion: ev.rowVersion, comment: '请补充资金使用情况的说明。' }));
}

/** The association proposes an acceptance; the bureau confirms or returns it when asked. */
async function accept(id: string, result: 'passed' | 'failed', then?: 'confirm' | 'return') {
  const r = await jinan.post(app(id, '/acceptance'), { result, opinion: result === 'passed' ? '各项指标均已完成。' : '主要指标未完成，验收不合格。' });
  ok(r, 201);
  if (then === 'confirm') ok(await jncz.post(`/api/v1/capacity-acceptances/${r.body.id}/confirm`, { rowVersion: r.body.rowVersion }));
  if (then === 'return') ok(await jncz.post(`/api/v1/capacity-acceptances/${r.body.id}/return`, { rowVersion: r.body.rowVersion, comment: '请补充审计报告。' }));
}

/** Every row of a query, following the cursors. */
async function all(c: TestClient, query: string, limit = 100): Promise<CapacityProjectRow[]> {
  const out: CapacityProjectRow[] = [];
  let cursor: string | null = null;
  do {
    const res = await c.get(`/api/v1/capacity-projects?limit=${limit}&${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    ok(res);
    out.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  return out;
}

let p1: Programme; // evaluation stages
let p2: Programme; // after disbursement
let p3: Programme; // 山东省科协's
const ids = {} as Record<string, string>;
/** The stage each project must be in (by its key in `ids`). */
const expected: Record<string, ProjectStage> = {
  A: 'implementing',
  B: 'evaluationPending',
  C: 'evaluationReturned',
  D: 'evaluationConfirmed',
  E: 'evaluationNotice',
  O: 'evaluationObjections',
  F: 'evaluationCleared',
  F2: 'disbursed',
  G: 'evaluationFailed',
  H: 'disbursed',
  I: 'acceptancePending',
  J: 'acceptanceReturned',
  K: 'accepted',
  L: 'acceptanceFailed',
  M: 'recovered',
  W: 'windowRefund',
  W2: 'disbursed',
  U: 'windowUnpaid',
  S: 'implementing',
};

beforeAll(async () => {
  ctx = await createTestContext();
  [jinan, jncz, qingdao, sheng] = await Promise.all(['jinan.admin', 'jncz.user', 'qingdao.admin', 'sheng.admin'].map((u) => as(ctx.app, u)));
  anon = new TestClient(ctx.app);
  jnjixie = await userFor('济南市机械工程学会', 'projects.jixie');
  jnzixun = await userFor('济南市科技咨询协会', 'projects.zixun');
  p1 = await programme(jinan, '济南市科学技术协会', '济南市学会服务能力提升计划（项目实施与验收测试一）');
  p2 = await programme(jinan, '济南市科学技术协会', '济南市学会服务能力提升计划（项目实施与验收测试二）');
  p3 = await programme(sheng, '山东省科学技术协会', '山东省学会服务能力提升计划（项目实施与验收测试）', (p) => ({ ...p, financeBureauCoManages: false }));

  const [JX, ZX, ZY] = ['济南市机械工程学会', '济南市科技咨询协会', '济南市中医药研究会'];
  // 济南, the first call: the evaluation and its notices
  ids.A = await funded(p1, JX, 'academic_exchange', '装备制造学术年会');
  ids.B = await funded(p1, JX, 'social_service', '中小企业技术标准咨询服务');
  ids.C = await funded(p1, JX, 'self_building', '学会秘书处规范化建设');
  ids.D = await funded(p1, ZX, 'academic_exchange', '科技咨询服务高端论坛');
  ids.E = await funded(p1, ZX, 'social_service', '中小企业科技评价公益服务');
  ids.O = await funded(p1, ZX, 'self_building', '学会会员信息化管理平台');
  ids.F = await funded(p1, ZY, 'academic_exchange', '中医药传承创新学术交流');
  ids.F2 = await funded(p1, ZY, 'social_service', '中医药科普进社区');
  ids.G = await funded(p1, ZY, 'self_building', '研究会制度建设');
  // 济南, the second call: after the disbursement
  ids.H = await funded(p2, JX, 'academic_exchange', '智能制造前沿技术研讨会', { disburse: true });
  ids.I = await funded(p2, JX, 'social_service', '装备制造企业技术诊断服务', { disburse: true });
  ids.J = await funded(p2, JX, 'self_building', '学会党建与治理能力提升', { disburse: true });
  ids.K = await funded(p2, ZX, 'academic_exchange', '科技评价规范研讨会', { disburse: true });
  ids.L = await funded(p2, ZX, 'social_service', '科技成果评价公益服务', { disburse: true });
  ids.M = await funded(p2, ZX, 'self_building', '学会财务管理规范化', { disburse: true });
  ids.W = await funded(p2, ZY, 'academic_exchange', '中医药学术年会', { disburse: true, windowEnds: yesterday });
  ids.W2 = await funded(p2, ZY, 'social_service', '中医药健康讲座', { disburse: true, windowEnds: yesterday });
  ids.U = await funded(p2, ZY, 'self_building', '研究会档案管理', { windowEnds: yesterday });
  // 山东省科协's
  ids.S = await funded(p3, '山东省机械工程学会', 'academic_exchange', '全省装备制造学术交流');

  // the first evaluation notice: F, F2 and O; an objection against O stays pending when it closes
  for (const k of ['F', 'F2', 'O']) await evaluate(ids[k], 'passed', 'confirm');
  const n1 = await jinan.post(`/api/v1/capacity-calls/${p1.callId}/evaluation-notices`, { title: '项目评估结果公示（第一批）', body: '现将项目评估结果予以公示。' });
  ok(n1, 201);
  ok(await anon.post(`/api/v1/public/capacity-notices/${n1.body.id}/objections`, { applicationId: ids.O, content: '该平台建设内容与往年项目重复', contact: '13812345678' }), 201);
  await closeDueNotices(ctx.database.db, new Date(endOfChinaDay(n1.body.endsOn).getTime() + 1000));
  const s = (await jinan.get(app(ids.F2, '/evaluation'))).body;
  ok(await jinan.post(app(ids.F2, '/disbursement'), { rowVersion: s.applicationRowVersion }));
  // the second notice: E, open
  await evaluate(ids.E, 'passed', 'confirm');
  ok(await jinan.post(`/api/v1/capacity-calls/${p1.callId}/evaluation-notices`, { title: '项目评估结果公示（第二批）', body: '现将项目评估结果予以公示。' }), 201);
  await evaluate(ids.D, 'passed', 'confirm');
  await evaluate(ids.B, 'passed');
  await evaluate(ids.C, 'passed', 'return');
  await evaluate(ids.G, 'failed', 'confirm');

  // after the disbursement
  await accept(ids.I, 'passed');
  await accept(ids.J, 'passed', 'return');
  await accept(ids.K, 'passed', 'confirm');
  await accept(ids.L, 'failed', 'confirm');
  await accept(ids.M, 'failed', 'confirm');
  ok(await jinan.post(app(ids.M, '/recoveries'), { ground: 'failedAcceptance', amountFen: AWARD, responsibility: '项目负责人未按责任书组织实施，负主要责任。' }), 201);
  // the windows that ended yesterday: flagged by the job; W gives part back, W2 all of it
  const flagged = await flagEndedWindows(ctx.database.db);
  expect(flagged.map((f) => f.id)).toEqual(expect.arrayContaining([ids.W, ids.W2, ids.U]));
  ok(await jinan.post(app(ids.W, '/refunds'), { amountFen: 400_000, note: '部分退还' }), 201);
  ok(await jinan.post(app(ids.W2, '/refunds'), { amountFen: AWARD, note: '全部退还' }), 201);
}, 600_000);
afterAll(async () => ctx?.close());

const rowOf = (list: CapacityProjectRow[], key: string) => list.find((r) => r.id === ids[key]);

describe('the funded projects and where each stands', () => {
  it('gives each project its stage in words, who acts next and its money', async () => {
    const list = [...(await all(jinan, `programmeId=${p1.id}`)), ...(await all(jinan, `programmeId=${p2.id}`))];
    expect(list).toHaveLength(18);
    for (const [key, stage] of Object.entries(expected)) {
      if (key === 'S') continue;
      const r = rowOf(list, key);
      expect(r, key).toBeDefined();
      const info = projectStageInfo[stage];
      expect({ key, stage: r!.stage, stageLabel: r!.stageLabel, waitingOn: r!.waitingOn, section: r!.section }).toEqual({ key, stage, stageLabel: info.label, waitingOn: info.waitingOn, section: info.section });
    }
    expect(rowOf(list, 'B')).toMatchObject({ waitingOn: 'financeBureau', waitingOnLabel: '财政局', stageGroup: 'evaluation', stageGroupLabel: '评估', societyName: '济南市机械工程学会', callYear: SEED_YEAR });
    expect(rowOf(list, 'A')).toMatchObject({ waitingOnLabel: '学会', typeName: '学术交流项目', awardFen: AWARD, disbursedFen: 0, outstandingFen: 0, unspentFen: null, windowEndsOn: windowEndsOn(today, 12) });
    expect(rowOf(list, 'E')).toMatchObject({ waitingOn: null, waitingOnLabel: '—' });
    expect(rowOf(list, 'F2')).toMatchObject({ disbursedFen: AWARD, outstandingFen: AWARD });
    expect(rowOf(list, 'G')).toMatchObject({ awardCancelled: true, nextStep: null });
    expect(rowOf(list, 'M')).toMatchObject({ disbursedFen: AWARD, outstandingFen: 0, stageGroupLabel: '追回' });
    // the window: W flagged with all it held, gave 4,000 元 back and still holds the rest; W2 gave all back (settled)
    expect(rowOf(list, 'W')).toMatchObject({ unspentFen: AWARD, outstandingFen: AWARD - 400_000, windowEndsOn: yesterday, waitingOn: 'society', stageGroupLabel: '执行期满未使用资金' });
    expect(rowOf(list, 'W2')).toMatchObject({ unspentFen: AWARD, outstandingFen: 0 });
    expect(rowOf(list, 'U')).toMatchObject({ unspentFen: AWARD, disbursedFen: 0, waitingOn: 'association' });
  });

  it('names as acting next a party that has that action in the project’s section', async () => {
    const list = [...(await all(jinan, `programmeId=${p1.id}`)), ...(await all(jinan, `programmeId=${p2.id}`))];
    const evaluationActions = async (c: TestClient, key: string) => {
      const s = (await c.get(app(ids[key], '/evaluation'))).body;
      return [...s.actions, ...(s.evaluation?.actions ?? [])];
    };
    expect(await evaluationActions(jncz, 'B')).toEqual(expect.arrayContaining(['confirm', 'return']));
    expect(await evaluationActions(jinan, 'C')).toContain('edit');
    expect(await evaluationActions(jinan, 'F')).toContain('disburse');
    expect((await jncz.get(`/api/v1/capacity-acceptances/${(await jinan.get(app(ids.I, '/acceptance'))).body.id}`)).body.actions).toEqual(['confirm', 'return']);
    expect((await jinan.get(`/api/v1/capacity-acceptances/${(await jinan.get(app(ids.J, '/acceptance'))).body.id}`)).body.actions).toEqual(['repropose']);
    expect((await jinan.get(app(ids.L, '/closing'))).body.actions).toContain('recordRecovery');
    const w = (await jinan.get(app(ids.W, '/closing'))).body;
    expect(w.window).toMatchObject({ settled: false, unspentFen: AWARD });
    expect((await jinan.get(app(ids.W2, '/closing'))).body.window).toMatchObject({ settled: true });
    // every row the bureau acts on is one of these
    expect(list.filter((r) => r.waitingOn === 'financeBureau').map((r) => r.id).sort()).toEqual([ids.B, ids.I].sort());
  });

  it('filters by stage group, stage, who acts next, keyword, call and programme', async () => {
    const q = (c: TestClient, query: string) => all(c, query);
    const keys = (list: CapacityProjectRow[]) => list.map((r) => Object.keys(ids).find((k) => ids[k] === r.id)).sort();
    expect(keys(await q(jinan, `programmeId=${p1.id}&stage=evaluation`))).toEqual(['B', 'C', 'D', 'E', 'F', 'G', 'O']);
    expect(keys(await q(jinan, `programmeId=${p2.id}&stage=acceptance`))).toEqual(['I', 'J', 'K', 'L']);
    expect(keys(await q(jinan, `programmeId=${p2.id}&stage=disbursed`))).toEqual(['H', 'W2']);
    expect(keys(await q(jinan, `programmeId=${p2.id}&stage=window`))).toEqual(['U', 'W']);
    expect(keys(await q(jinan, `callId=${p2.callId}&stage=recovery`))).toEqual(['M']);
    expect(keys(await q(jinan, `callId=${p1.callId}&stage=evaluationNotice`))).toEqual(['E']);
    expect(keys(await q(jinan, `callId=${p1.callId}&stage=implementing`))).toEqual(['A']);
    // the bureau's own: only what waits on it (the demo's may come too: every row waits on it)
    const mine = await q(jncz, 'waitingOn=financeBureau');
    expect(mine.every((r) => r.waitingOn === 'financeBureau')).toBe(true);
    expect(mine.map((r) => r.id)).toEqual(expect.arrayContaining([ids.B, ids.I]));
    expect(keys(await q(jinan, `programmeId=${p1.id}&waitingOn=association`))).toEqual(['C', 'D', 'F', 'O']);
    expect(keys(await q(jinan, `programmeId=${p2.id}&waitingOn=association&stage=acceptance`))).toEqual(['J', 'L']);
    // keyword: the title or the society's name, LIKE characters taken literally
    expect(keys(await q(jinan, `programmeId=${p1.id}&keyword=${encodeURIComponent('学术')}`))).toEqual(['A', 'F']);
    expect(keys(await q(jinan, `programmeId=${p1.id}&keyword=${encodeURIComponent('中医药')}`))).toEqual(['F', 'F2', 'G']); // G by its society's name
    expect(keys(await q(jinan, `programmeId=${p2.id}&keyword=${encodeURIComponent('科技咨询协会')}`))).toEqual(['K', 'L', 'M']);
    expect(await q(jinan, `programmeId=${p1.id}&keyword=${encodeURIComponent('%')}`)).toEqual([]);
    expect(keys(await q(jinan, `callId=${p1.callId}`))).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'F2', 'G', 'O']);
    // malformed filters: 400, naming the field
    for (const bad of ['stage=done', 'waitingOn=expert', 'callId=x', `keyword=${'字'.repeat(51)}`, 'cursor=abc']) {
      const r = await jinan.get(`/api/v1/capacity-projects?${bad}`);
      expect(r.status, bad).toBe(400);
    }
  });

  it('pages by key, the total counted on the first page when asked', async () => {
    const first = await jinan.get(`/api/v1/capacity-projects?callId=${p1.callId}&limit=4&count=exact`);
    ok(first);
    expect(first.body).toMatchObject({ total: 9 });
    expect(first.body.items).toHaveLength(4);
    const paged = await all(jinan, `callId=${p1.callId}`, 4);
    expect(paged.map((r) => r.id)).toEqual((await all(jinan, `callId=${p1.callId}`)).map((r) => r.id));
    expect(new Set(paged.map((r) => r.id)).size).toBe(9);
    const est = await jinan.get(`/api/v1/capacity-projects?callId=${p1.callId}&stage=evaluation&count=estimate`);
    expect(est.body).toMatchObject({ total: 7 });
    expect(est.body.totalEstimated).toBeUndefined();
    // no count unless asked
    expect((await jinan.get(`/api/v1/capacity-projects?callId=${p1.callId}`)).body.total).toBeUndefined();
  });
});

describe('who reads the list', () => {
  it('the province above reads the city’s projects and its own; the city reads not the province’s', async () => {
    expect(await all(sheng, `programmeId=${p1.id}`)).toHaveLength(9);
    expect((await all(sheng, `programmeId=${p3.id}`)).map((r) => r.id)).toEqual([ids.S]);
    expect(await all(jinan, `programmeId=${p3.id}`)).toEqual([]);
    expect((await all(jinan, '')).some((r) => r.id === ids.S)).toBe(false);
  });

  it('another city’s association gets nothing of 济南’s; the finance bureau only its association’s co-managed projects', async () => {
    const q = await all(qingdao, '');
    expect(q.filter((r) => Object.values(ids).includes(r.id))).toEqual([]);
    expect(await all(qingdao, `programmeId=${p1.id}`)).toEqual([]);
    const bureau = await all(jncz, '');
    expect(bureau.some((r) => r.id === ids.S)).toBe(false);
    expect(bureau.filter((r) => Object.values(ids).includes(r.id))).toHaveLength(18);
    expect(await all(jncz, `programmeId=${p3.id}`)).toEqual([]);
  });

  it('a society reads its own projects only', async () => {
    for (const [c, name] of [
      [jnjixie, '济南市机械工程学会'],
      [jnzixun, '济南市科技咨询协会'],
    ] as const) {
      const list = await all(c, '');
      expect(list.length).toBeGreaterThan(0);
      expect(list.every((r) => r.societyName === name)).toBe(true);
    }
    expect((await all(jnjixie, `programmeId=${p2.id}`)).map((r) => r.id).sort()).toEqual([ids.H, ids.I, ids.J].sort());
  });

  it('experts, departments and evaluators are refused; nobody logged in is 401', async () => {
    for (const u of ['expert.wang', 'kjt.user', 'pinggu.user', 'bianban.user']) {
      const r = await (await as(ctx.app, u)).get('/api/v1/capacity-projects');
      expect(r.status, u).toBe(403);
    }
    expect((await anon.get('/api/v1/capacity-projects')).status).toBe(401);
  });
});
