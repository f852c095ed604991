// Issue 13 step 6 (CAP-6, FND-1…FND-5), through HTTP on both drivers. 济南市科协 runs two capacity
// programmes made from preset 003: one as the preset has it, one whose parameters were changed before
// publishing (a procurement threshold of 5,000 元, 其他费用 forbidden, a six-month window). On each, an
// application of 济南市机械工程学会 goes through the API to the formal review's pass and is then made
// 'funded' directly — status, approved budget, a signed letter and the award in the ledger (the
// letter's own flow is letters.int.test.ts'). Then: expenses refused by each rule with the rule and
// the seed clause, nothing written but one audit row of the refusal; accepted ones in the ledger;
// procurement and fixed assets flagged and checked; budget adjustments approved, rejected, one
// pending at a time, never below what is spent; progress reports; scope. The behaviour follows the
// changed parameters. On PostgreSQL, two concurrent expenses that together exceed a line: one passes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { SEED_YEAR, TestClient, as, createTestContext, scalar, type TestContext } from '../../testing/harness.js';
import { addDays } from '../../platform/transition.js';
import { chinaDayOf, chinaToday } from '../../../domain/calendar-day.js';
import { windowEndsOn } from '../../../domain/funds/expense.rules.js';
import { recordFundEntry } from '../funds/ledger.repo.js';

let ctx: TestContext;
let jinan: TestClient; // 济南市科协
let jncz: TestClient; // 济南市财政局 (co-manages)
let qingdao: TestClient; // another city's association
let jixie: TestClient; // a society of the province, not of 济南
let member: TestClient; // 济南市机械工程学会: the funded society
let zixun: TestClient; // 济南市科技咨询协会: another society of 济南
let anon: TestClient;

// Today is read where it is used, never once for the file: a run that crosses China's midnight
// (16:00 UTC) would otherwise send as "tomorrow" a day that has become the server's today.
const today = () => chinaToday();
const FUND = 'capacity_special_fund';
const checklist = ['meets_conditions', 'form_compliant', 'truthful_complete', 'materials_complete', 'budget_reasonable'];
const passAll = checklist.map((code) => ({ code, passed: true, note: null }));
const rows = async <T = Record<string, unknown>>(q: ReturnType<typeof sql>): Promise<T[]> => ((await ctx.database.db.execute(q)) as unknown as { rows: T[] }).rows;
const n = (q: ReturnType<typeof sql>) => scalar(ctx.database.db, q);
const dayPlus = (day: string, days: number) => chinaDayOf(addDays(new Date(`${day}T12:00:00+08:00`), days));

async function orgId(name: string): Promise<string> {
  return (await rows<{ id: string }>(sql`SELECT id FROM organisations WHERE name = ${name}`))[0].id;
}
async function userFor(society: string, username: string): Promise<TestClient> {
  const u = await jinan.post('/api/v1/users', { orgId: await orgId(society), username, displayName: `${society}秘书`, password: 'Chengjie@2026', roles: ['society_admin'] });
  expect(u.status, JSON.stringify(u.body)).toBe(201);
  return as(ctx.app, username);
}

interface Funded {
  programmeId: string;
  appId: string;
  months: number;
  /** the day its letter was approved (the window's start) */
  approvedOn: string;
}

/**
 * A programme of 济南市科协 from preset 003 (its parameters changed by `change` before publishing),
 * published, with its fund's budget, a published call and one application of 济南市机械工程学会
 * passed through the formal review — then funded directly with `budget` as the approved budget.
 */
async function fundedProject(name: string, budget: { category: string; item: string | null; amountFen: number; note: string | null }[], change?: (p: Record<string, any>) => Record<string, any>): Promise<Funded> {
  const created = await jinan.post('/api/v1/programmes', { associationId: await orgId('济南市科学技术协会'), presetCode: '003', name, year: SEED_YEAR });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const programmeId: string = created.body.id;
  let version: number = created.body.version;
  if (change) {
    const p = await jinan.patch(`/api/v1/programmes/${programmeId}`, { version, reason: '按本年度专项资金管理要求调整参数', parameters: change(structuredClone(created.body.parameters)) });
    expect(p.status, JSON.stringify(p.body)).toBe(200);
    version = p.body.version;
  }
  const pub = await jinan.post(`/api/v1/programmes/${programmeId}/publish`, { version, confirmPastStages: true });
  expect(pub.status, JSON.stringify(pub.body)).toBe(200);
  const months: number = pub.body.parameters.executionWindowMonths;
  const b = await jinan.post(`/api/v1/programmes/${programmeId}/funds/${FUND}/budget`, { amountFen: 60_000_000, note: '年度专项资金预算' });
  expect(b.status, JSON.stringify(b.body)).toBe(200);
  const c = await jinan.post(`/api/v1/programmes/${programmeId}/capacity-calls`, {
    year: SEED_YEAR,
    title: `关于申报${SEED_YEAR}年度学会服务能力提升计划项目的通知（${name}）`,
    description: '各市级学会：现将项目申报工作通知如下。',
    budgetFen: 50_000_000,
    fundCode: FUND,
    opensOn: today(),
    closesOn: chinaDayOf(addDays(new Date(), 30)),
    types: [{ code: 'academic_exchange', quota: 5, awardFen: 3_000_000 }],
  });
  expect(c.status, JSON.stringify(c.body)).toBe(201);
  const s = await jinan.post(`/api/v1/capacity-calls/${c.body.id}/submit`, { rowVersion: c.body.rowVersion });
  const k = await jncz.post(`/api/v1/capacity-calls/${c.body.id}/confirm`, { rowVersion: s.body.rowVersion });
  const p = await jinan.post(`/api/v1/capacity-calls/${c.body.id}/publish`, { rowVersion: k.body.rowVersion });
  expect(p.status, JSON.stringify(p.body)).toBe(200);
  const a = await member.post(`/api/v1/capacity-calls/${c.body.id}/applications`, {
    typeCode: 'academic_exchange',
    title: '黄河流域装备制造高端学术论坛',
    goals: '围绕装备制造关键领域举办高端学术研讨会，促进产学研协同创新。',
    indicators: [{ label: '举办学术会议', target: '1 场，参会 200 人' }],
    budget,
  });
  expect(a.status, JSON.stringify(a.body)).toBe(201);
  const sub = await member.post(`/api/v1/capacity-applications/${a.body.id}/submit`, { rowVersion: a.body.rowVersion });
  expect(sub.status, JSON.stringify(sub.body)).toBe(200);
  const rev = await jinan.post(`/api/v1/capacity-applications/${a.body.id}/review`, { rowVersion: sub.body.rowVersion, decision: 'pass', items: passAll });
  expect(rev.status, JSON.stringify(rev.body)).toBe(200);
  // Funded directly: the expert review, the notice and the responsibility letter are tested in their
  // own files (expert-review, notices, letters.int.test.ts); the letter's signing does what follows.
  const appId: string = a.body.id;
  const award = budget.reduce((x, l) => x + l.amountFen, 0);
  const db = ctx.database.db;
  await db.execute(sql`UPDATE capacity_applications SET status = 'funded', approved_budget = budget WHERE id = ${appId}`);
  const approvedOn = today();
  await db.execute(sql`INSERT INTO capacity_letters (application_id, status, content, award_fen, approved_on, window_ends_on, signed_at)
    VALUES (${appId}, 'signed', '{}'::jsonb, ${award}, ${approvedOn}, ${windowEndsOn(approvedOn, months)}, now())`);
  const societyId = await orgId('济南市机械工程学会');
  await db.transaction(async (tx) => {
    await recordFundEntry(tx, { actor: null, programmeId, fundCode: FUND, entry: { kind: 'award', project: { kind: 'capacityApplication', id: appId }, amountFen: award }, societyId, note: '签订项目责任书，核定资助' });
  });
  return { programmeId, appId, months, approvedOn };
}

const expense = (over: Record<string, unknown> = {}) => ({ category: 'activities', item: '会务费', amountFen: 100_000, spentOn: today(), description: '会议场地租金', fixedAsset: false, ...over });
const auditOf = (appId: string, action: string) => rows<{ after: Record<string, unknown>; reason: string | null; actor_user_id: string }>(sql`SELECT after, reason, actor_user_id FROM audit_log WHERE entity_id = ${appId} AND action = ${action} ORDER BY seq`);
const expensesOf = (appId: string) => n(sql`SELECT count(*)::int AS n FROM capacity_expenses WHERE application_id = ${appId}`);
const entriesOf = (appId: string) => n(sql`SELECT count(*)::int AS n FROM fund_entries WHERE project_id = ${appId} AND kind = 'expense'`);
const openTodos = (kind: string, entityId: string) => n(sql`SELECT count(*)::int AS n FROM todos WHERE kind = ${kind} AND entity_id = ${entityId} AND status = 'open'`);
const spentInLedger = async (programmeId: string) => {
  const l = await jinan.get(`/api/v1/programmes/${programmeId}/funds`);
  expect(l.status, JSON.stringify(l.body)).toBe(200);
  const acc = l.body.items.find((x: { code: string }) => x.code === FUND);
  expect(acc.balanced).toBe(true);
  return acc.spentFen as number;
};

beforeAll(async () => {
  ctx = await createTestContext();
  [jinan, jncz, qingdao, jixie] = await Promise.all(['jinan.admin', 'jncz.user', 'qingdao.admin', 'jixie.user'].map((u) => as(ctx.app, u)));
  anon = new TestClient(ctx.app);
  member = await userFor('济南市机械工程学会', 'impl.jixie');
  zixun = await userFor('济南市科技咨询协会', 'impl.zixun');
}, 300_000);
afterAll(async () => ctx?.close());

describe('under preset 003: expenses, flags, adjustments, reports (CAP-6, FND-1…FND-5)', () => {
  let f: Funded;
  const budget = [
    { category: 'activities', item: '会务费', amountFen: 2_000_000, note: '场地、资料' },
    { category: 'materials', item: '论文集出版印刷费', amountFen: 800_000, note: null },
  ];
  beforeAll(async () => {
    f = await fundedProject('济南市学会服务能力提升计划（实施测试）', budget);
  }, 180_000);
  const url = (rest = '') => `/api/v1/capacity-applications/${f.appId}${rest}`;

  it('shows the approved budget line by line, the window from the letter, and what the society may do', async () => {
    const e = await member.get(url('/budget-execution'));
    expect(e.status, JSON.stringify(e.body)).toBe(200);
    expect(e.body).toMatchObject({
      funded: true,
      approvedOn: f.approvedOn,
      windowEndsOn: windowEndsOn(f.approvedOn, 12),
      executionWindowMonths: 12,
      procurementThresholdFen: 100_000_000,
      awardFen: 2_800_000,
      approvedFen: 2_800_000,
      spentFen: 0,
      remainingFen: 2_800_000,
      share: 0,
      actions: ['recordExpense', 'fileReport', 'requestAdjustment'],
      lines: [
        { category: 'activities', categoryLabel: '项目活动费', item: '会务费', items: ['会务费'], approvedFen: 2_000_000, spentFen: 0, remainingFen: 2_000_000 },
        { category: 'materials', categoryLabel: '项目资料费', item: '论文集出版印刷费', approvedFen: 800_000 },
      ],
    });
    // the association and the co-managing finance bureau read it, and do nothing there
    expect((await jinan.get(url('/budget-execution'))).body.actions).toEqual([]);
    expect((await jncz.get(url('/budget-execution'))).status).toBe(200);
  });

  it('refuses an expense in a forbidden category citing the rule and the clause; nothing written but the refusal’s audit row', async () => {
    const before = await auditOf(f.appId, 'capacityExpense.refused');
    const spentOn = today();
    const r = await member.post(url('/expenses'), expense({ category: 'personnel', item: null, amountFen: 50_000, spentOn, description: '项目组人员劳务' }));
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({ code: 'INVALID_STATE', rule: 'FND-2', clause: '《专项资金管理办法》第七条：专项资金不得用于的开支' });
    expect(r.body.detail).toBe('专项资金不得用于“人员工资、福利和个人奖金支出”。依据：《专项资金管理办法》第七条：专项资金不得用于的开支');
    expect(r.body.errors).toEqual([{ path: 'body.category', message: '专项资金不得用于“人员工资、福利和个人奖金支出”' }]);
    expect(await expensesOf(f.appId)).toBe(0);
    expect(await entriesOf(f.appId)).toBe(0);
    const after = await auditOf(f.appId, 'capacityExpense.refused');
    expect(after.length).toBe(before.length + 1);
    expect(after.at(-1)!.after).toEqual({ rule: 'FND-2', clause: '《专项资金管理办法》第七条：专项资金不得用于的开支', category: 'personnel', item: null, amountFen: 50_000, spentOn });
    expect(after.at(-1)!.reason).toContain('专项资金不得用于');
    expect(await n(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'capacityExpense.record'`)).toBe(0);
  });

  it('refuses beyond the line, a line not in the budget and an item outside the category (FND-3, FND-1)', async () => {
    const over = await member.post(url('/expenses'), expense({ amountFen: 2_000_001 }));
    expect([over.status, over.body.rule]).toEqual([409, 'FND-3']);
    expect(over.body.clause).toContain('第十二条');
    expect(over.body.detail).toContain('“项目活动费—会务费”批复 20,000.00 元，已支出 0.00 元，尚余 20,000.00 元');
    expect(over.body.errors[0].path).toBe('body.amountFen');
    const noLine = await member.post(url('/expenses'), expense({ category: 'activities', item: '差旅费' }));
    expect([noLine.status, noLine.body.rule]).toEqual([409, 'FND-3']);
    expect(noLine.body.detail).toContain('批复的预算中没有“项目活动费—差旅费”');
    const badItem = await member.post(url('/expenses'), expense({ item: '人员工资' }));
    expect([badItem.status, badItem.body.rule, badItem.body.clause]).toEqual([409, 'FND-1', '《专项资金管理办法》第六条：专项资金的使用范围']);
    expect(await expensesOf(f.appId)).toBe(0);
    expect((await auditOf(f.appId, 'capacityExpense.refused')).map((x) => x.after.rule)).toEqual(['FND-2', 'FND-3', 'FND-3', 'FND-1']);
  });

  it('refuses an expense before the approval or after the window (FND-4); a day in the future is a plain input error', async () => {
    const early = await member.post(url('/expenses'), expense({ spentOn: dayPlus(f.approvedOn, -1) })); // the day before the approval
    expect([early.status, early.body.rule]).toEqual([409, 'FND-4']);
    expect(early.body.clause).toContain('第十四条');
    const future = await member.post(url('/expenses'), expense({ spentOn: dayPlus(today(), 1) }));
    expect([future.status, future.body.errors[0].path]).toEqual([400, 'body.spentOn']);
    expect(future.body.rule).toBeUndefined();
    // the letter signed 13 months ago: the 12-month window is over
    const approvedOn = dayPlus(today(), -400);
    await ctx.database.db.execute(sql`UPDATE capacity_letters SET approved_on = ${approvedOn}, window_ends_on = ${windowEndsOn(approvedOn, 12)} WHERE application_id = ${f.appId}`);
    try {
      const late = await member.post(url('/expenses'), expense());
      expect([late.status, late.body.rule]).toEqual([409, 'FND-4']);
      expect(late.body.detail).toContain(`支出日期晚于执行期限（${windowEndsOn(approvedOn, 12)}）`);
      expect((await member.get(url('/budget-execution'))).body.windowEndsOn).toBe(windowEndsOn(approvedOn, 12));
    } finally {
      await ctx.database.db.execute(sql`UPDATE capacity_letters SET approved_on = ${f.approvedOn}, window_ends_on = ${windowEndsOn(f.approvedOn, 12)} WHERE application_id = ${f.appId}`);
    }
    expect(await expensesOf(f.appId)).toBe(0);
    expect(await entriesOf(f.appId)).toBe(0);
  });

  it('records an accepted expense with its evidence: the ledger’s spent and the line follow', async () => {
    const file = await member.request('POST', `/api/v1/attachments?filename=${encodeURIComponent('会务费发票.pdf')}`, undefined, { headers: { 'content-type': 'application/octet-stream' }, rawBody: '%PDF-1.4 发票' });
    expect(file.status).toBe(201);
    const ok = await member.post(url('/expenses'), expense({ amountFen: 1_200_000, attachmentIds: [file.body.id] }));
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.headers.location).toBe(`/api/v1/capacity-expenses/${ok.body.id}`);
    expect(ok.body).toMatchObject({ categoryLabel: '项目活动费', item: '会务费', amountFen: 1_200_000, flags: [], checkedAt: null, attachments: [{ id: file.body.id, filename: '会务费发票.pdf' }], recordedByName: '济南市机械工程学会秘书', actions: [] });
    // a purchase of 5,000 元 is below this programme's threshold (100 万元): not flagged
    const small = await member.post(url('/expenses'), expense({ category: 'materials', item: '论文集出版印刷费', amountFen: 500_000, description: '论文集印刷' }));
    expect(small.status, JSON.stringify(small.body)).toBe(201);
    expect(small.body.flags).toEqual([]);
    expect(await spentInLedger(f.programmeId)).toBe(1_700_000);
    const e = await member.get(url('/budget-execution'));
    expect(e.body).toMatchObject({ spentFen: 1_700_000, remainingFen: 1_100_000 });
    expect(e.body.lines[0]).toMatchObject({ spentFen: 1_200_000, remainingFen: 800_000, share: 0.6 });
    // the evidence is the record's: the association downloads it, another society does not
    expect((await jinan.get(`/api/v1/attachments/${file.body.id}`)).status).toBe(200);
    expect((await zixun.get(`/api/v1/attachments/${file.body.id}`)).status).toBe(403);
    // the list, newest first, key-paged
    const p1 = await jncz.get(`${url('/expenses')}?limit=1&count=exact`);
    expect(p1.body).toMatchObject({ total: 2, items: [{ id: small.body.id }] });
    const p2 = await jncz.get(`${url('/expenses')}?limit=1&cursor=${p1.body.nextCursor}`);
    expect(p2.body).toMatchObject({ items: [{ id: ok.body.id }], nextCursor: null });
    expect((await auditOf(ok.body.id, 'capacityExpense.record'))[0].after).toMatchObject({ amountFen: 1_200_000, category: 'activities', item: '会务费', flags: [] });
  });

  it('flags a fixed asset for the association, which checks it once', async () => {
    const fa = await member.post(url('/expenses'), expense({ category: 'materials', item: '论文集出版印刷费', amountFen: 100_000, fixedAsset: true, description: '论文集排版用计算机一台' }));
    expect(fa.status, JSON.stringify(fa.body)).toBe(201);
    expect(fa.body.flags).toEqual(['fixedAsset']);
    expect(await openTodos('capacityExpense.check', fa.body.id)).toBe(1);
    expect((await jinan.get('/api/v1/todos?status=open')).body.items.some((t: { kind: string; link: string }) => t.kind === 'capacityExpense.check' && t.link === `/app/capacity-applications/${f.appId}?section=implementation`)).toBe(true);
    expect((await jinan.get(`/api/v1/capacity-expenses/${fa.body.id}`)).body.actions).toEqual(['check']);
    expect((await member.get(`/api/v1/capacity-expenses/${fa.body.id}`)).body.actions).toEqual([]);
    expect((await member.post(`/api/v1/capacity-expenses/${fa.body.id}/check`, {})).status).toBe(403);
    expect((await jncz.post(`/api/v1/capacity-expenses/${fa.body.id}/check`, {})).status).toBe(403);
    expect([403, 404]).toContain((await qingdao.post(`/api/v1/capacity-expenses/${fa.body.id}/check`, {})).status);
    expect((await member.get(url('/budget-execution'))).body.uncheckedFlags).toBe(1);
    const c = await jinan.post(`/api/v1/capacity-expenses/${fa.body.id}/check`, { note: '已登记固定资产台账' });
    expect(c.status, JSON.stringify(c.body)).toBe(200);
    expect(c.body).toMatchObject({ checkedByName: '赵强', actions: [] });
    expect(c.body.checkedAt).not.toBeNull();
    expect(await openTodos('capacityExpense.check', fa.body.id)).toBe(0);
    expect((await jinan.post(`/api/v1/capacity-expenses/${fa.body.id}/check`, {})).status).toBe(409);
    const plain = (await member.get(`${url('/expenses')}?limit=10`)).body.items.find((x: { flags: string[] }) => x.flags.length === 0);
    expect((await jinan.post(`/api/v1/capacity-expenses/${plain.id}/check`, {})).status).toBe(409);
    expect(await spentInLedger(f.programmeId)).toBe(1_800_000);
  });

  it('keeps the records with the application’s readers: another society, another city, a province society and the public are refused', async () => {
    const [one] = (await member.get(url('/expenses'))).body.items;
    for (const path of [url('/budget-execution'), url('/expenses'), url('/progress-reports'), url('/budget-adjustments'), `/api/v1/capacity-expenses/${one.id}`]) {
      expect([403, 404], `zixun ${path}`).toContain((await zixun.get(path)).status);
      expect([403, 404], `qingdao ${path}`).toContain((await qingdao.get(path)).status);
      expect([403, 404], `jixie ${path}`).toContain((await jixie.get(path)).status);
      expect((await anon.get(path)).status).toBe(401);
      expect((await jncz.get(path)).status, `jncz ${path}`).toBe(200);
    }
    expect([403, 404]).toContain((await zixun.post(url('/expenses'), expense())).status);
    expect((await jinan.post(url('/expenses'), expense())).status).toBe(403);
    expect((await jncz.post(url('/expenses'), expense())).status).toBe(403);
    expect(await spentInLedger(f.programmeId)).toBe(1_800_000);
  });

  it('adjusts the budget only through an approval: the total fixed, nothing below what is spent, one pending at a time (FND-3)', async () => {
    const raise = await member.post(url('/budget-adjustments'), { budget: [{ ...budget[0], amountFen: 2_100_000 }, budget[1]], reason: '会议规模扩大' });
    expect([raise.status, raise.body.rule]).toEqual([400, 'FND-3']);
    expect(raise.body.detail).toContain('超过批复的预算合计 28,000.00 元');
    const belowSpent = await member.post(url('/budget-adjustments'), { budget: [{ ...budget[0], amountFen: 1_000_000 }, { ...budget[1], amountFen: 1_800_000 }], reason: '调整科目' });
    expect([belowSpent.status, belowSpent.body.rule]).toEqual([400, 'FND-3']);
    expect(belowSpent.body.errors).toEqual([{ path: 'body.budget.0.amountFen', message: '“项目活动费—会务费”已支出 12,000.00 元，调整后的预算不能低于已支出的金额' }]);
    const dropped = await member.post(url('/budget-adjustments'), { budget: [{ ...budget[0], amountFen: 2_800_000 }], reason: '取消论文集' });
    expect(dropped.body.detail).toContain('“项目资料费—论文集出版印刷费”已支出 6,000.00 元，调整后的预算须保留相应科目');
    const forbidden = await member.post(url('/budget-adjustments'), { budget: [...budget, { category: 'personnel', item: null, amountFen: 1, note: null }], reason: '劳务' });
    expect([forbidden.status, forbidden.body.rule, forbidden.body.clause]).toEqual([400, 'FND-2', '《专项资金管理办法》第七条：专项资金不得用于的开支']);
    expect((await jinan.post(url('/budget-adjustments'), { budget, reason: 'x' })).status).toBe(403);
    expect(await n(sql`SELECT count(*)::int AS n FROM capacity_budget_adjustments WHERE application_id = ${f.appId}`)).toBe(0);

    const moved = [
      { category: 'activities', item: '会务费', amountFen: 1_700_000, note: '压缩场地费用' },
      { category: 'materials', item: '论文集出版印刷费', amountFen: 800_000, note: null },
      { category: 'activities', item: '特邀报告人授课费', amountFen: 300_000, note: '增加特邀报告' },
    ];
    const req1 = await member.post(url('/budget-adjustments'), { budget: moved, reason: '增加两场特邀报告，相应压缩会务费' });
    expect(req1.status, JSON.stringify(req1.body)).toBe(201);
    expect(req1.headers.location).toBe(`/api/v1/capacity-budget-adjustments/${req1.body.id}`);
    expect(req1.body).toMatchObject({ status: 'pending', statusLabel: '待审批', beforeTotalFen: 2_800_000, afterTotalFen: 2_800_000, actions: ['withdraw'] });
    expect(await openTodos('capacityBudget.decide', req1.body.id)).toBe(1);
    const second = await member.post(url('/budget-adjustments'), { budget: moved, reason: '再次申请' });
    expect([second.status, second.body.code]).toEqual([409, 'DUPLICATE']);
    expect((await member.get(url('/budget-execution'))).body).toMatchObject({ pendingAdjustmentId: req1.body.id, actions: ['recordExpense', 'fileReport'] });
    // the approved budget holds until the association decides: the new line takes nothing yet
    const early = await member.post(url('/expenses'), expense({ item: '特邀报告人授课费', amountFen: 100_000 }));
    expect([early.status, early.body.rule]).toEqual([409, 'FND-3']);

    expect((await member.post(`/api/v1/capacity-budget-adjustments/${req1.body.id}/decide`, { rowVersion: req1.body.rowVersion, decision: 'approve' })).status).toBe(403);
    expect((await jncz.post(`/api/v1/capacity-budget-adjustments/${req1.body.id}/decide`, { rowVersion: req1.body.rowVersion, decision: 'approve' })).status).toBe(403);
    expect((await jinan.post(`/api/v1/capacity-budget-adjustments/${req1.body.id}/decide`, { rowVersion: req1.body.rowVersion + 1, decision: 'approve' })).body.code).toBe('CONFLICT');
    const seen = await jinan.get(`/api/v1/capacity-budget-adjustments/${req1.body.id}`);
    expect(seen.body.actions).toEqual(['decide']);
    const ok = await jinan.post(`/api/v1/capacity-budget-adjustments/${req1.body.id}/decide`, { rowVersion: req1.body.rowVersion, decision: 'approve', comment: '同意调整' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ status: 'approved', comment: '同意调整', decidedByName: '赵强', actions: [] });
    expect(await openTodos('capacityBudget.decide', req1.body.id)).toBe(0);
    const e = await member.get(url('/budget-execution'));
    expect(e.body.lines.map((l: { item: string; approvedFen: number; spentFen: number }) => [l.item, l.approvedFen, l.spentFen])).toEqual([
      ['会务费', 1_700_000, 1_200_000],
      ['论文集出版印刷费', 800_000, 600_000],
      ['特邀报告人授课费', 300_000, 0],
    ]);
    expect(e.body.actions).toEqual(['recordExpense', 'fileReport', 'requestAdjustment']);
    const audit = await rows<{ action: string; before: Record<string, unknown>; after: Record<string, unknown> }>(sql`SELECT action, before, after FROM audit_log WHERE entity_id = ${req1.body.id} ORDER BY seq`);
    expect(audit.map((x) => x.action)).toEqual(['capacityBudget.request', 'capacityBudget.approve']);
    expect(audit[1].before).toEqual({ status: 'pending', budget: ['项目活动费—会务费：20,000.00 元', '项目资料费—论文集出版印刷费：8,000.00 元'], totalFen: 2_800_000 });
    expect(audit[1].after).toMatchObject({ status: 'approved', totalFen: 2_800_000, budget: expect.arrayContaining(['项目活动费—特邀报告人授课费：3,000.00 元']) });
    // the new line takes its expenses now
    const now = await member.post(url('/expenses'), expense({ item: '特邀报告人授课费', amountFen: 100_000, description: '特邀报告授课费' }));
    expect(now.status, JSON.stringify(now.body)).toBe(201);

    // rejected: a reason is required, and the approved budget stays
    const req2 = await member.post(url('/budget-adjustments'), { budget: [moved[0], { ...moved[1], amountFen: 600_000 }, moved[2]], reason: '论文集改为电子版，调减预算' });
    expect(req2.status, JSON.stringify(req2.body)).toBe(201);
    expect(req2.body.afterTotalFen).toBe(2_600_000);
    const bare = await jinan.post(`/api/v1/capacity-budget-adjustments/${req2.body.id}/decide`, { rowVersion: req2.body.rowVersion, decision: 'reject' });
    expect([bare.status, bare.body.errors?.[0]?.path]).toEqual([400, 'body.comment']);
    const no = await jinan.post(`/api/v1/capacity-budget-adjustments/${req2.body.id}/decide`, { rowVersion: req2.body.rowVersion, decision: 'reject', comment: '论文集须印制纸质版' });
    expect(no.body).toMatchObject({ status: 'rejected', statusLabel: '未批准', comment: '论文集须印制纸质版' });
    expect((await jinan.post(`/api/v1/capacity-budget-adjustments/${req2.body.id}/decide`, { rowVersion: no.body.rowVersion, decision: 'approve' })).status).toBe(409);
    expect((await member.get(url('/budget-execution'))).body.approvedFen).toBe(2_800_000);
    // withdrawn by the society
    const req3 = await member.post(url('/budget-adjustments'), { budget: [moved[0], { ...moved[1], amountFen: 700_000 }, moved[2]], reason: '调减资料费' });
    const w = await member.post(`/api/v1/capacity-budget-adjustments/${req3.body.id}/withdraw`, { rowVersion: req3.body.rowVersion });
    expect(w.body).toMatchObject({ status: 'withdrawn', actions: [] });
    expect(await openTodos('capacityBudget.decide', req3.body.id)).toBe(0);
    const list = await jncz.get(url('/budget-adjustments'));
    expect(list.body.items.map((x: { status: string }) => x.status)).toEqual(['withdrawn', 'rejected', 'approved']);
  });

  it('takes progress reports from the society and tells the association', async () => {
    const notes = () => n(sql`SELECT count(*)::int AS n FROM notifications WHERE title = '济南市机械工程学会报送项目进展报告'`);
    const before = await notes();
    const r = await member.post(url('/progress-reports'), { title: '第一季度实施进展', body: '论坛筹备组已成立，会议通知已发布。' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.headers.location).toBe(`/api/v1/capacity-progress-reports/${r.body.id}`);
    expect(r.body).toMatchObject({ title: '第一季度实施进展', societyName: '济南市机械工程学会', createdByName: '济南市机械工程学会秘书', attachments: [] });
    expect(await notes()).toBeGreaterThan(before);
    expect((await jinan.get(url('/progress-reports'))).body.items.map((x: { id: string }) => x.id)).toEqual([r.body.id]);
    expect((await jncz.get(`/api/v1/capacity-progress-reports/${r.body.id}`)).body.body).toBe('论坛筹备组已成立，会议通知已发布。');
    expect([403, 404]).toContain((await zixun.get(`/api/v1/capacity-progress-reports/${r.body.id}`)).status);
    expect([403, 404]).toContain((await qingdao.get(`/api/v1/capacity-progress-reports/${r.body.id}`)).status);
    expect((await jinan.post(url('/progress-reports'), { title: 't', body: 'b' })).status).toBe(403);
    expect([403, 404]).toContain((await zixun.post(url('/progress-reports'), { title: 't', body: 'b' })).status);
  });

  it.runIf(!!process.env.TEST_DATABASE_URL)('PostgreSQL: two concurrent expenses that together exceed a line — one is recorded, the other refused', async () => {
    const line = (await member.get(url('/budget-execution'))).body.lines.find((l: { item: string }) => l.item === '特邀报告人授课费');
    const each = Math.floor(line.remainingFen * 0.6);
    const spent = await spentInLedger(f.programmeId);
    const refusedBefore = (await auditOf(f.appId, 'capacityExpense.refused')).length;
    const results = await Promise.all([1, 2].map((i) => member.post(url('/expenses'), expense({ item: '特邀报告人授课费', amountFen: each, description: `第 ${i} 场特邀报告` }))));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(results.find((r) => r.status === 409)!.body.rule).toBe('FND-3');
    expect(await spentInLedger(f.programmeId)).toBe(spent + each);
    expect((await auditOf(f.appId, 'capacityExpense.refused')).length).toBe(refusedBefore + 1);
    const after = (await member.get(url('/budget-execution'))).body.lines.find((l: { item: string }) => l.item === '特邀报告人授课费');
    expect(after.remainingFen).toBe(line.remainingFen - each);
  });
});

describe('under a changed parameter set: another threshold, other forbidden categories, a shorter window (PRG-2)', () => {
  let f: Funded;
  beforeAll(async () => {
    f = await fundedProject(
      '济南市学会服务能力提升计划（参数调整）',
      [
        { category: 'activities', item: '会务费', amountFen: 1_000_000, note: null },
        { category: 'materials', item: '资料购置费', amountFen: 1_500_000, note: null },
      ],
      (p) => ({
        ...p,
        procurementThresholdFen: 500_000,
        executionWindowMonths: 6,
        expenseCategories: {
          allowed: p.expenseCategories.allowed.filter((c: { code: string }) => c.code !== 'other'),
          forbidden: [...p.expenseCategories.forbidden, { code: 'other', label: '其他费用' }],
        },
      }),
    );
  }, 180_000);
  const url = (rest = '') => `/api/v1/capacity-applications/${f.appId}${rest}`;

  it('refuses the newly forbidden category with the rule', async () => {
    expect(f.months).toBe(6);
    const r = await member.post(url('/expenses'), expense({ category: 'other', item: '项目活动中所发生的其他费用' }));
    expect([r.status, r.body.rule]).toEqual([409, 'FND-2']);
    expect(r.body.detail).toContain('专项资金不得用于“其他费用”');
    expect((await auditOf(f.appId, 'capacityExpense.refused')).map((x) => x.after.rule)).toEqual(['FND-2']);
  });

  it('flags a purchase at this programme’s threshold and not one below it', async () => {
    const below = await member.post(url('/expenses'), expense({ category: 'materials', item: '资料购置费', amountFen: 499_999, description: '专业书籍' }));
    expect(below.status, JSON.stringify(below.body)).toBe(201);
    expect(below.body.flags).toEqual([]);
    const at = await member.post(url('/expenses'), expense({ category: 'materials', item: '资料购置费', amountFen: 500_000, description: '行业数据库年度订购', fixedAsset: true }));
    expect(at.status, JSON.stringify(at.body)).toBe(201);
    expect(at.body.flags).toEqual(['procurement', 'fixedAsset']);
    expect(await openTodos('capacityExpense.check', at.body.id)).toBe(1);
    expect(await openTodos('capacityExpense.check', below.body.id)).toBe(0);
    expect((await jinan.get(url('/budget-execution'))).body).toMatchObject({ procurementThresholdFen: 500_000, uncheckedFlags: 1, spentFen: 999_999 });
    expect(await spentInLedger(f.programmeId)).toBe(999_999);
  });

  it('counts the window in this programme’s months: seven months after the approval is too late here', async () => {
    const approvedOn = dayPlus(today(), -213);
    await ctx.database.db.execute(sql`UPDATE capacity_letters SET approved_on = ${approvedOn}, window_ends_on = ${windowEndsOn(approvedOn, 6)} WHERE application_id = ${f.appId}`);
    const late = await member.post(url('/expenses'), expense());
    expect([late.status, late.body.rule]).toEqual([409, 'FND-4']);
    expect(late.body.detail).toContain(`执行期限（${windowEndsOn(approvedOn, 6)}）`);
    expect((await member.get(url('/budget-execution'))).body).toMatchObject({ approvedOn, windowEndsOn: windowEndsOn(approvedOn, 6), executionWindowMonths: 6 });
    // the same day is within the preset's twelve months
    expect(windowEndsOn(approvedOn, 12) >= today()).toBe(true);
  });
});
