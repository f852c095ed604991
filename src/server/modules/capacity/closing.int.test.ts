// Issue 13 step 8 (CAP-6, CAP-7, FND-4, FND-6), through HTTP on both drivers. Three capacity
// programmes made from preset 003: 济南市科协's as the preset has it (co-managed by 济南市财政局), one of
// 济南市科协 whose parameters were changed before publishing (not co-managed, false materials debar for
// 1 year, recovery only for false materials, failed acceptance and misappropriation), and one of 山东省科协
// (not co-managed, the preset's sanctions). Each has a published call; the applications are written
// with SQL as submitted and funded — a signed letter and the award in the ledger — and, where a test
// needs it, disbursed through the ledger's disburse entry (the evaluation, its notice and the
// disbursement are evaluations.int.test.ts'). Then: the acceptance proposed, returned, proposed again
// and confirmed (or at once without co-management); the window job flagging once with the unspent
// amount (twice, and on PostgreSQL concurrently in two pools); refunds in part and in whole, above
// what is held refused with the rule; recoveries outside the programme's grounds refused; false
// materials → revoked and debarred for the programme's years, failed acceptance → 2 years, written into
// the society's yearly facts, whose next capacity application and declaration are then refused citing
// the debarment; the ledger balancing throughout; on PostgreSQL a refund and a recovery racing for
// the same money: one wins.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { SEED_YEAR, TestClient, as, createTestContext, scalar, type Res, type TestContext } from '../../testing/harness.js';
import { openDatabase, type Database } from '../../db/client.js';
import { addDays } from '../../platform/transition.js';
import { chinaDayOf, chinaToday } from '../../../domain/calendar-day.js';
import { windowEndsOn } from '../../../domain/funds/expense.rules.js';
import { debarmentPeriod } from '../../../domain/capacity/closing.js';
import { recordFundEntry } from '../funds/ledger.repo.js';
import { flagEndedWindows, type FlaggedWindow } from './close-windows.js';

let ctx: TestContext;
let jinan: TestClient; // 济南市科协
let jncz: TestClient; // 济南市财政局 (co-manages the preset's programme)
let qingdao: TestClient; // another city's association
let sheng: TestClient; // 山东省科协
let jnjixie: TestClient; // 济南市机械工程学会
let jnzixun: TestClient; // 济南市科技咨询协会
let jixie: TestClient; // 山东省机械工程学会
let expert: TestClient;

// Today and this year are read where they are used, never once for the file: a run that crosses
// China's midnight (16:00 UTC) would otherwise expect yesterday of a server dating by the new day.
const today = () => chinaToday();
const thisYear = () => Number(today().slice(0, 4));
const FUND = 'capacity_special_fund';
const rows = async <T = Record<string, any>>(q: ReturnType<typeof sql>): Promise<T[]> => ((await ctx.database.db.execute(q)) as unknown as { rows: T[] }).rows;
const n = (q: ReturnType<typeof sql>) => scalar(ctx.database.db, q);
const dayPlus = (day: string, days: number) => chinaDayOf(addDays(new Date(`${day}T12:00:00+08:00`), days));
const orgId = async (name: string) => (await rows<{ id: string }>(sql`SELECT id FROM organisations WHERE name = ${name}`))[0].id;
const openTodos = (kind: string, entityId: string) => n(sql`SELECT count(*)::int AS n FROM todos WHERE kind = ${kind} AND entity_id = ${entityId} AND status = 'open'`);
/** The due dates of the open to-dos of a kind on an entity (ms since the epoch; null: none). */
const dueOf = async (kind: string, entityId: string) =>
  (await rows<{ due_at: string | Date | null }>(sql`SELECT due_at FROM todos WHERE kind = ${kind} AND entity_id = ${entityId} AND status = 'open'`)).map((r) => (r.due_at === null ? null : new Date(r.due_at).getTime()));
const DAY_MS = 86_400_000;
const statusOf = async (appId: string) => (await rows<{ status: string }>(sql`SELECT status FROM capacity_applications WHERE id = ${appId}`))[0].status;
const auditOf = (entityId: string, action: string) => rows<{ after: Record<string, unknown>; before: Record<string, unknown> | null; reason: string | null; actor_user_id: string | null }>(sql`SELECT after, before, reason, actor_user_id FROM audit_log WHERE entity_id = ${entityId} AND action = ${action} ORDER BY seq`);

/** A secretary of a 济南 society, made by 济南市科协 like any user. */
async function userFor(society: string, username: string): Promise<TestClient> {
  const u = await jinan.post('/api/v1/users', { orgId: await orgId(society), username, displayName: `${society}秘书`, password: 'Chengjie@2026', roles: ['society_admin'] });
  expect(u.status, JSON.stringify(u.body)).toBe(201);
  return as(ctx.app, username);
}

interface Programme {
  id: string;
  callId: string;
  name: string;
}

/** A programme from preset 003 for an association (parameters changed before publishing), published, with its fund's budget and a published call. */
async function programme(by: TestClient, association: string, name: string, change?: (p: Record<string, any>) => Record<string, any>): Promise<Programme> {
  const created = await by.post('/api/v1/programmes', { associationId: await orgId(association), presetCode: '003', name, year: SEED_YEAR });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id: string = created.body.id;
  let version: number = created.body.version;
  if (change) {
    const p = await by.patch(`/api/v1/programmes/${id}`, { version, reason: '按本年度专项资金管理要求调整参数', parameters: change(structuredClone(created.body.parameters)) });
    expect(p.status, JSON.stringify(p.body)).toBe(200);
    version = p.body.version;
  }
  const pub = await by.post(`/api/v1/programmes/${id}/publish`, { version, confirmPastStages: true });
  expect(pub.status, JSON.stringify(pub.body)).toBe(200);
  const b = await by.post(`/api/v1/programmes/${id}/funds/${FUND}/budget`, { amountFen: 60_000_000, note: '年度专项资金预算' });
  expect(b.status, JSON.stringify(b.body)).toBe(200);
  const c = await by.post(`/api/v1/programmes/${id}/capacity-calls`, {
    year: SEED_YEAR,
    title: `关于申报${SEED_YEAR}年度学会服务能力提升计划项目的通知（${name}）`,
    description: '各学会：现将项目申报工作通知如下。',
    budgetFen: 50_000_000,
    fundCode: FUND,
    opensOn: today(),
    closesOn: chinaDayOf(addDays(new Date(), 30)),
    types: [
      { code: 'academic_exchange', quota: 3, awardFen: 5_000_000 },
      { code: 'social_service', quota: 3, awardFen: 5_000_000 },
      { code: 'self_building', quota: 3, awardFen: 5_000_000 },
    ],
  });
  expect(c.status, JSON.stringify(c.body)).toBe(201);
  let rowVersion: number = c.body.rowVersion;
  if (pub.body.parameters.financeBureauCoManages) {
    const s = await by.post(`/api/v1/capacity-calls/${c.body.id}/submit`, { rowVersion });
    const k = await jncz.post(`/api/v1/capacity-calls/${c.body.id}/confirm`, { rowVersion: s.body.rowVersion });
    expect(k.status, JSON.stringify(k.body)).toBe(200);
    rowVersion = k.body.rowVersion;
  }
  const p = await by.post(`/api/v1/capacity-calls/${c.body.id}/publish`, { rowVersion });
  expect(p.status, JSON.stringify(p.body)).toBe(200);
  return { id, callId: c.body.id, name };
}

/**
 * An application of `society` to the programme's call, written as submitted and funded: its budget
 * approved (one line of 会务费 for the award), a signed letter (approved today, the programme's window),
 * the award in the ledger — and, with `disburseFen`, the disbursement in the ledger and the status.
 */
async function funded(p: Programme, society: string, typeCode: string, title: string, awardFen: number, disburseFen?: number): Promise<string> {
  const societyId = await orgId(society);
  const budget = JSON.stringify([{ category: 'activities', item: '会务费', amountFen: awardFen, note: null }]);
  const [a] = await rows<{ id: string }>(sql`
    INSERT INTO capacity_applications (call_id, programme_id, association_id, association_path, society_id, society_path, type_code, title, goals, indicators, budget, requested_fen, status, version, submitted_at, approved_budget)
    SELECT c.id, c.programme_id, c.association_id, c.association_path, s.id, s.path, ${typeCode}, ${title}, '项目目标和主要内容', '[{"label":"举办活动","target":"1 场"}]'::jsonb, ${budget}::jsonb, ${awardFen}, 'funded', 1, now(), ${budget}::jsonb
      FROM capacity_calls c, organisations s WHERE c.id = ${p.callId} AND s.id = ${societyId}
    RETURNING id`);
  const approvedOn = today();
  await rows(sql`INSERT INTO capacity_letters (application_id, status, content, award_fen, approved_on, window_ends_on, signed_at) VALUES (${a.id}, 'signed', '{}'::jsonb, ${awardFen}, ${approvedOn}, ${windowEndsOn(approvedOn, 12)}, now())`);
  const project = { kind: 'capacityApplication' as const, id: a.id };
  await ctx.database.db.transaction(async (tx) => {
    await recordFundEntry(tx, { actor: null, programmeId: p.id, fundCode: FUND, entry: { kind: 'award', project, amountFen: awardFen }, societyId, note: '签订项目责任书，核定资助' });
    if (disburseFen) {
      await recordFundEntry(tx, { actor: null, programmeId: p.id, fundCode: FUND, entry: { kind: 'disburse', project, amountFen: disburseFen }, note: '评估公示无异议，拨付项目资金' });
      await tx.execute(sql`UPDATE capacity_applications SET status = 'disbursed', disbursed_at = now() WHERE id = ${a.id}`);
    }
  });
  return a.id;
}

/** The programme's fund in the ledger: balanced, with its sums. */
async function fundOf(programmeId: string) {
  const l = await jinan.get(`/api/v1/programmes/${programmeId}/funds`);
  const acc = l.status === 200 ? l.body.items.find((x: { code: string }) => x.code === FUND) : (await sheng.get(`/api/v1/programmes/${programmeId}/funds`)).body.items.find((x: { code: string }) => x.code === FUND);
  expect(acc.balanced).toBe(true);
  return acc as { refundedFen: number; recoveredFen: number; disbursedFen: number; awardedFen: number; committedFen: number; availableFen: number };
}

const upload = async (c: TestClient, name: string): Promise<string> => {
  const r = await c.request('POST', `/api/v1/attachments?filename=${encodeURIComponent(name)}`, undefined, { headers: { 'content-type': 'application/octet-stream' }, rawBody: `%PDF-1.4 ${name}` });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id as string;
};
const app = (id: string, rest = '') => `/api/v1/capacity-applications/${id}${rest}`;
const recovery = (over: Record<string, unknown> = {}) => ({ ground: 'misappropriation', amountFen: 100_000, responsibility: '项目负责人张某擅自将专项资金用于学会日常办公，负主要责任；财务人员李某未按规定审核，负直接责任。', note: null, ...over });

let p1: Programme; // 济南, preset 003: co-managed, falseMaterials 3 years, failedAcceptance 2 years
let p2: Programme; // 济南, changed: not co-managed, falseMaterials 1 year, recovery grounds narrowed
let p3: Programme; // 山东省科协, preset 003 but not co-managed

beforeAll(async () => {
  ctx = await createTestContext();
  [jinan, jncz, qingdao, sheng, jixie, expert] = await Promise.all(['jinan.admin', 'jncz.user', 'qingdao.admin', 'sheng.admin', 'jixie.user', 'expert.wang'].map((u) => as(ctx.app, u)));
  jnjixie = await userFor('济南市机械工程学会', 'closing.jixie');
  jnzixun = await userFor('济南市科技咨询协会', 'closing.zixun');
  p1 = await programme(jinan, '济南市科学技术协会', '济南市学会服务能力提升计划（验收与追回测试）');
  p2 = await programme(jinan, '济南市科学技术协会', '济南市学会服务能力提升计划（调整后的处理规定）', (p) => ({
    ...p,
    financeBureauCoManages: false,
    sanctions: { falseMaterialsDebarYears: 1, failedAcceptanceDebarYears: 0, recoverFundsOn: ['falseMaterials', 'failedAcceptance', 'misappropriation'] },
  }));
  p3 = await programme(sheng, '山东省科学技术协会', '山东省学会服务能力提升计划（验收与追回测试）', (p) => ({ ...p, financeBureauCoManages: false }));
}, 300_000);
afterAll(async () => ctx?.close());

describe('the yearly acceptance (CAP-6)', () => {
  it('co-managed: the association proposes, the finance bureau returns, the association proposes again, the bureau confirms → accepted', async () => {
    const notYet = await funded(p1, '济南市科技咨询协会', 'academic_exchange', '科技咨询服务能力建设', 2_000_000);
    const id = await funded(p1, '济南市机械工程学会', 'academic_exchange', '黄河流域装备制造高端学术论坛', 3_000_000, 3_000_000);
    // before it is disbursed: refused by the rule; the society and the bureau do not propose
    const early = await jinan.post(app(notYet, '/acceptance'), { result: 'passed', opinion: '项目完成良好。' });
    expect([early.status, early.body.rule]).toEqual([409, 'CAP-6']);
    expect(early.body.clause).toContain('项目验收');
    expect((await jnjixie.post(app(id, '/acceptance'), { result: 'passed', opinion: '自评合格' })).status).toBe(403);
    expect((await jncz.post(app(id, '/acceptance'), { result: 'passed', opinion: '合格' })).status).toBe(403);
    expect((await jinan.get(app(id, '/acceptance'))).status).toBe(404);
    const c0 = await jinan.get(app(id, '/closing'));
    expect(c0.status, JSON.stringify(c0.body)).toBe(200);
    expect(c0.body).toMatchObject({ status: 'disbursed', acceptance: null, coManaged: true, actions: ['proposeAcceptance', 'recordRefund', 'recordRecovery'] });
    expect((await jnjixie.get(app(id, '/closing'))).body.actions).toEqual([]);
    const year = thisYear(); // the year the proposals below are made in
    expect((await jinan.post(app(id, '/acceptance'), { result: 'passed', opinion: '合格', year: year + 1 })).status).toBe(400);

    const file = await upload(jinan, '验收报告.pdf');
    const proposed = await jinan.post(app(id, '/acceptance'), { result: 'passed', opinion: '各项指标均已完成，资金使用规范。', attachmentIds: [file] });
    expect(proposed.status, JSON.stringify(proposed.body)).toBe(201);
    expect(proposed.headers.location).toBe(`/api/v1/capacity-acceptances/${proposed.body.id}`);
    expect(proposed.body).toMatchObject({ year, result: 'passed', resultLabel: '验收合格', status: 'proposed', statusLabel: '待财政局确认', attachments: [{ id: file, filename: '验收报告.pdf' }], actions: [] });
    const acc = proposed.body.id as string;
    expect(await statusOf(id)).toBe('disbursed');
    expect(await openTodos('capacityAcceptance.confirm', acc)).toBe(1);
    expect((await jinan.post(app(id, '/acceptance'), { result: 'passed', opinion: '再提一次' })).status).toBe(409);
    // the bureau reads it with its actions; the society reads it (and the file), another city and the experts do not
    const seen = await jncz.get(`/api/v1/capacity-acceptances/${acc}`);
    expect(seen.body.actions).toEqual(['confirm', 'return']);
    expect((await jnjixie.get(app(id, '/acceptance'))).status).toBe(200);
    expect((await jnjixie.get(`/api/v1/attachments/${file}`)).status).toBe(200);
    expect([403, 404]).toContain((await qingdao.get(`/api/v1/capacity-acceptances/${acc}`)).status);
    expect([403, 404]).toContain((await expert.get(app(id, '/acceptance'))).status);
    expect((await jnzixun.get(`/api/v1/attachments/${file}`)).status).toBe(403);

    // returned with a comment (required); then the association proposes again naming the version
    expect((await jncz.post(`/api/v1/capacity-acceptances/${acc}/return`, { rowVersion: seen.body.rowVersion, comment: '' })).status).toBe(400);
    expect((await jinan.post(`/api/v1/capacity-acceptances/${acc}/confirm`, { rowVersion: seen.body.rowVersion })).status).toBe(403);
    const ret = await jncz.post(`/api/v1/capacity-acceptances/${acc}/return`, { rowVersion: seen.body.rowVersion, comment: '请补充资金使用的审计报告。' });
    expect(ret.status, JSON.stringify(ret.body)).toBe(200);
    expect(ret.body).toMatchObject({ status: 'returned', returnComment: '请补充资金使用的审计报告。' });
    expect(await openTodos('capacityAcceptance.confirm', acc)).toBe(0);
    expect((await jinan.get(`/api/v1/capacity-acceptances/${acc}`)).body.actions).toEqual(['repropose']);
    expect((await jinan.post(app(id, '/acceptance'), { result: 'passed', opinion: '补充了审计报告。' })).status).toBe(400); // no version named
    expect((await jinan.post(app(id, '/acceptance'), { result: 'passed', opinion: '补充了审计报告。', rowVersion: ret.body.rowVersion - 1 })).status).toBe(409);
    const again = await jinan.post(app(id, '/acceptance'), { result: 'passed', opinion: '已补充审计报告，各项指标均已完成。', rowVersion: ret.body.rowVersion, attachmentIds: [file] });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body).toMatchObject({ id: acc, status: 'proposed', returnComment: null });
    // a stale confirmation is refused; the current one accepts the project
    expect((await jncz.post(`/api/v1/capacity-acceptances/${acc}/confirm`, { rowVersion: ret.body.rowVersion })).status).toBe(409);
    const ok = await jncz.post(`/api/v1/capacity-acceptances/${acc}/confirm`, { rowVersion: again.body.rowVersion });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ status: 'confirmed', confirmedOrgName: '济南市财政局', actions: [] });
    expect(await statusOf(id)).toBe('accepted');
    expect(await openTodos('capacityAcceptance.confirm', acc)).toBe(0);
    expect((await jncz.post(`/api/v1/capacity-acceptances/${acc}/confirm`, { rowVersion: ok.body.rowVersion })).status).toBe(409);
    expect((await auditOf(acc, 'capacityAcceptance.propose')).length).toBe(2);
    expect((await auditOf(id, 'capacityApplication.accept'))[0].after).toMatchObject({ status: 'accepted', year });
    expect(await n(sql`SELECT count(*)::int AS n FROM notifications WHERE entity_id = ${id} AND title = '项目验收合格'`)).toBeGreaterThan(0);
    const closing = await jnjixie.get(app(id, '/closing'));
    expect(closing.body).toMatchObject({ status: 'accepted', statusLabel: '验收合格', acceptance: { status: 'confirmed', result: 'passed' } });
  });

  it('not co-managed: the acceptance stands at once, no bureau to-do', async () => {
    const id = await funded(p2, '济南市机械工程学会', 'academic_exchange', '装备制造学术年会', 1_000_000, 1_000_000);
    const r = await jinan.post(app(id, '/acceptance'), { result: 'passed', opinion: '项目完成良好。' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ status: 'confirmed', confirmedOrgName: '济南市科学技术协会' });
    expect(await statusOf(id)).toBe('accepted');
    expect(await openTodos('capacityAcceptance.confirm', r.body.id)).toBe(0);
    // the bureau does not read a programme it does not co-manage
    expect([403, 404]).toContain((await jncz.get(`/api/v1/capacity-acceptances/${r.body.id}`)).status);
  });
});

describe('the execution window (FND-4): flagged once, unspent computed; refunds in part and in whole', () => {
  let paid: string; // disbursed 30,000 元, spent 5,000 元
  let unpaid: string; // awarded 10,000 元, not disbursed, spent 2,000 元
  let current: string; // its window still running
  let approvedOn: string; // the day paid's and unpaid's letters were signed, 13 months ago
  beforeAll(async () => {
    paid = await funded(p1, '济南市机械工程学会', 'social_service', '装备制造企业技术服务', 3_000_000, 3_000_000);
    unpaid = await funded(p1, '济南市机械工程学会', 'self_building', '学会秘书处能力建设', 1_000_000);
    current = await funded(p1, '济南市中医药研究会', 'social_service', '中医药科普服务', 1_000_000);
    for (const [id, amountFen] of [
      [paid, 500_000],
      [unpaid, 200_000],
    ] as const) {
      const e = await jnjixie.post(app(id, '/expenses'), { category: 'activities', item: '会务费', amountFen, spentOn: today(), description: '会议场地租金', fixedAsset: false });
      expect(e.status, JSON.stringify(e.body)).toBe(201);
    }
    // the two letters were signed 13 months ago: their 12-month windows ended
    approvedOn = dayPlus(today(), -400);
    // the programme's deadline for a society's step (selectionDays.declare) — the refund to-do's term — set apart from the preset's
    await rows(sql`UPDATE programmes SET parameters = jsonb_set(parameters, '{selectionDays,declare}', '21'::jsonb) WHERE id = ${p1.id}`);
    for (const id of [paid, unpaid]) await rows(sql`UPDATE capacity_letters SET approved_on = ${approvedOn}, window_ends_on = ${windowEndsOn(approvedOn, 12)} WHERE application_id = ${id}`);
  }, 120_000);

  const mine = (runs: FlaggedWindow[][]) => runs.flat().filter((f) => [paid, unpaid, current].includes(f.id));

  it('flags each ended window exactly once — run twice, and on PostgreSQL by two processes at the same moment', async () => {
    let second: Database | null = null;
    let third: Database | null = null;
    if (ctx.driver === 'postgres') {
      const [{ name }] = await rows<{ name: string }>(sql`SELECT current_database() AS name`);
      const url = new URL(process.env.TEST_DATABASE_URL!);
      url.pathname = `/${name}`;
      second = await openDatabase({ url: url.toString(), poolSize: 2 });
      third = await openDatabase({ url: url.toString(), poolSize: 2 });
    }
    const runs: FlaggedWindow[][] = [];
    const started = Date.now();
    try {
      const dbs = second && third ? [second.db, third.db] : [ctx.database.db, ctx.database.db];
      for (let round = 0; round < 2; round++) runs.push(...(await Promise.all(dbs.map((db) => flagEndedWindows(db, new Date())))));
    } finally {
      await second?.close();
      await third?.close();
    }
    const flagged = mine(runs);
    expect(flagged.map((f) => f.id).sort()).toEqual([paid, unpaid].sort());
    // paid: 30,000 − 5,000 spent; unpaid: the award 10,000 − 2,000 spent
    expect(Object.fromEntries(flagged.map((f) => [f.id, f.unspentFen]))).toEqual({ [paid]: 2_500_000, [unpaid]: 800_000 });
    const stored = await rows<{ id: string; window_unspent_fen: string | number; flagged: boolean }>(sql`SELECT id, window_unspent_fen, window_flagged_at IS NOT NULL AS flagged FROM capacity_applications WHERE id IN (${paid}, ${unpaid}, ${current})`);
    expect(Object.fromEntries(stored.map((r) => [r.id, [r.flagged, r.window_unspent_fen === null ? null : Number(r.window_unspent_fen)]]))).toEqual({ [paid]: [true, 2_500_000], [unpaid]: [true, 800_000], [current]: [false, null] });
    // the society refunds only what it holds: the unpaid award is the association's to settle (notified, no to-do)
    expect(await openTodos('capacityFunds.refund', paid)).toBe(1);
    expect(await openTodos('capacityFunds.refund', unpaid)).toBe(0);
    // due in the programme's selectionDays.declare days (21 here) from the flagging
    const [due] = await dueOf('capacityFunds.refund', paid);
    expect(due).not.toBeNull();
    expect(due!).toBeGreaterThanOrEqual(started + 21 * DAY_MS - 1000);
    expect(due!).toBeLessThanOrEqual(Date.now() + 21 * DAY_MS + 1000);
    expect(await n(sql`SELECT count(*)::int AS n FROM notifications WHERE entity_id = ${unpaid} AND body LIKE '%资金尚未拨付%'`)).toBeGreaterThan(0);
    for (const id of [paid, unpaid]) {
      expect((await auditOf(id, 'capacityApplication.windowFlag')).length).toBe(1);
      expect((await auditOf(id, 'capacityApplication.windowFlag'))[0].actor_user_id).toBeNull();
    }
    // the society's to-do, the association told
    expect((await jnjixie.get('/api/v1/todos?status=open')).body.items.some((t: { kind: string; link: string }) => t.kind === 'capacityFunds.refund' && t.link === `/app/capacity-applications/${paid}?section=closing`)).toBe(true);
    expect(await n(sql`SELECT count(DISTINCT recipient_user_id)::int AS n FROM notifications WHERE entity_id = ${paid} AND title = '项目执行期满，尚有未使用的专项资金'`)).toBe(
      await n(sql`SELECT count(*)::int AS n FROM notifications WHERE entity_id = ${paid} AND title = '项目执行期满，尚有未使用的专项资金'`),
    );
    expect(await n(sql`SELECT count(*)::int AS n FROM notifications WHERE entity_id = ${paid} AND title = '项目执行期满，尚有未使用的专项资金'`)).toBeGreaterThan(0);
    expect(mine([await flagEndedWindows(ctx.database.db, new Date())])).toEqual([]);
    const c = await jnjixie.get(app(paid, '/closing'));
    expect(c.body.window).toMatchObject({ ended: true, unspentFen: 2_500_000, endsOn: windowEndsOn(approvedOn, 12) });
    expect(c.body.window.flaggedAt).not.toBeNull();
    expect(c.body.window.settled).toBe(false);
  });

  it('records refunds in part and then in whole; above what the society holds is refused with the rule', async () => {
    // only the association that keeps the ledger records them
    expect((await jnjixie.post(app(paid, '/refunds'), { amountFen: 100 })).status).toBe(403);
    expect((await jncz.post(app(paid, '/refunds'), { amountFen: 100 })).status).toBe(403);
    expect([403, 404]).toContain((await qingdao.post(app(paid, '/refunds'), { amountFen: 100 })).status);
    expect((await jinan.get(app(paid, '/closing'))).body.actions).toEqual(['proposeAcceptance', 'recordRefund', 'recordRecovery']);
    const file = await upload(jinan, '退款凭证.pdf');
    const part = await jinan.post(app(paid, '/refunds'), { amountFen: 1_000_000, note: '第一笔退款', attachmentIds: [file] });
    expect(part.status, JSON.stringify(part.body)).toBe(201);
    expect(part.headers.location).toBe(`/api/v1/capacity-fund-returns/${part.body.id}`);
    expect(part.body).toMatchObject({ kind: 'refund', kindLabel: '退还', amountFen: 1_000_000, ground: null, debarment: null, awardCancelled: false, attachments: [{ id: file }] });
    expect(await openTodos('capacityFunds.refund', paid)).toBe(1);
    // above what is held (30,000 − 10,000 = 20,000): refused by the ledger's rule, nothing written
    const over = await jinan.post(app(paid, '/refunds'), { amountFen: 2_000_001 });
    expect(over.status).toBe(409);
    expect(over.body.rule).toBe('FND-6');
    expect(over.body.clause).toContain('七（二）');
    expect(await n(sql`SELECT count(*)::int AS n FROM capacity_fund_returns WHERE application_id = ${paid}`)).toBe(1);
    const whole = await jinan.post(app(paid, '/refunds'), { amountFen: 1_500_000, note: '余款全部退还' });
    expect(whole.status, JSON.stringify(whole.body)).toBe(201);
    // the flagged 25,000 is back: the society's to-do is done
    expect(await openTodos('capacityFunds.refund', paid)).toBe(0);
    const c = await jnjixie.get(app(paid, '/closing'));
    expect(c.body.window.settled).toBe(true);
    expect(c.body.balance).toMatchObject({ disbursedFen: 3_000_000, spentFen: 500_000, refundedFen: 2_500_000, outstandingFen: 500_000, unspentFen: 0 });
    expect((await jnjixie.get(app(paid, '/fund-returns'))).body.items.map((r: { amountFen: number }) => r.amountFen)).toEqual([1_500_000, 1_000_000]);
    expect((await jnjixie.get(`/api/v1/capacity-fund-returns/${part.body.id}`)).status).toBe(200);
    expect((await jnzixun.get(`/api/v1/capacity-fund-returns/${part.body.id}`)).status).toBe(404);
    const again = await jinan.post(app(paid, '/refunds'), { amountFen: 500_001 });
    expect([again.status, again.body.rule]).toEqual([409, 'FND-6']);
    expect((await fundOf(p1.id)).refundedFen).toBe(2_500_000);
    expect((await auditOf(whole.body.id, 'capacityFundReturn.refund'))[0].after).toMatchObject({ amountFen: 1_500_000, outstandingFen: 500_000 });
  });

  it('a recovery of 0 on an award never paid cancels the award; 0 is refused while money is held', async () => {
    const held = await jinan.post(app(paid, '/recoveries'), recovery({ amountFen: 0 }));
    expect([held.status, held.body.errors?.[0]?.path]).toEqual([400, 'body.amountFen']);
    const before = await fundOf(p1.id);
    const r = await jinan.post(app(unpaid, '/recoveries'), recovery({ amountFen: 0, ground: 'dereliction' }));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ kind: 'recovery', amountFen: 0, awardCancelled: true, ground: 'dereliction', groundLabel: '失职致使计划无法实施', debarment: null });
    expect(r.body.groundClause).toContain('第十五条（三）');
    const after = await fundOf(p1.id);
    expect(after.committedFen).toBe(before.committedFen - 1_000_000);
    expect(await openTodos('capacityFunds.refund', unpaid)).toBe(0);
    expect((await jinan.get(app(unpaid, '/closing'))).body).toMatchObject({ balance: { cancelled: true, outstandingFen: 0 }, window: { settled: true } });
    const twice = await jinan.post(app(unpaid, '/recoveries'), recovery({ amountFen: 0, ground: 'dereliction' }));
    expect(twice.status, JSON.stringify(twice.body)).toBe(201); // records the ground and responsibility once more; nothing left to cancel
    expect(twice.body.awardCancelled).toBe(false);
  });
});

describe('recoveries and sanctions (FND-6, CAP-7)', () => {
  it('refuses a ground the programme does not list, naming the rule and the clause', async () => {
    const id = await funded(p2, '济南市科技咨询协会', 'social_service', '中小企业科技评价服务', 2_000_000, 2_000_000);
    const r = await jinan.post(app(id, '/recoveries'), recovery({ ground: 'dereliction' }));
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({ rule: 'FND-6', clause: '《专项资金管理办法》第十五条；《实施方案》七（二）', errors: [{ path: 'body.ground' }] });
    expect(r.body.detail).toContain('“失职致使计划无法实施”');
    const missing = await jinan.post(app(id, '/recoveries'), { ground: 'misappropriation', amountFen: 100 });
    expect([missing.status, missing.body.errors[0].path]).toEqual([400, 'body.responsibility']);
    // failed acceptance needs a confirmed failed acceptance
    const noAcc = await jinan.post(app(id, '/recoveries'), recovery({ ground: 'failedAcceptance' }));
    expect([noAcc.status, noAcc.body.rule]).toEqual([409, 'CAP-7']);
    expect(await n(sql`SELECT count(*)::int AS n FROM capacity_fund_returns WHERE application_id = ${id}`)).toBe(0);
    expect((await jinan.get(app(id, '/closing'))).body.grounds.map((g: { ground: string; available: boolean }) => [g.ground, g.available])).toEqual([
      ['falseMaterials', true],
      ['failedAcceptance', false],
      ['misappropriation', true],
    ]);
  });

  it('false materials under a changed parameter: revoked, the award cancelled and a 1-year debarment', async () => {
    const id = await funded(p2, '济南市科技咨询协会', 'self_building', '学会会员信息化管理平台建设', 2_000_000, 2_000_000);
    // a debarment runs from the day it is previewed or recorded: today, read right before each request
    const previewedOn = today();
    const preview = (await jinan.get(app(id, '/closing'))).body.grounds.find((g: { ground: string }) => g.ground === 'falseMaterials');
    expect(preview).toMatchObject({ debarYears: 1, revokes: true, debarment: { ...debarmentPeriod(previewedOn, 1), years: 1 } });
    const day = today();
    const r = await jinan.post(app(id, '/recoveries'), recovery({ ground: 'falseMaterials', amountFen: 2_000_000 }));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.debarment).toEqual({ ...debarmentPeriod(day, 1), years: 1, reason: expect.stringContaining('取消申报资格 1 年') });
    expect(r.body.debarment.endsOn).toBe(dayPlus(`${Number(day.slice(0, 4)) + 1}${day.slice(4)}`, -1));
    expect(await statusOf(id)).toBe('revoked');
    const facts = await rows<{ debarments: { endsOn: string; reason: string }[] }>(sql`SELECT debarments FROM society_yearly_facts WHERE society_id = ${await orgId('济南市科技咨询协会')} AND year = ${Number(day.slice(0, 4))}`);
    expect(facts[0].debarments.some((d) => d.endsOn === r.body.debarment.endsOn && d.reason.includes('学会会员信息化管理平台建设'))).toBe(true);
    expect((await fundOf(p2.id)).recoveredFen).toBeGreaterThanOrEqual(2_000_000);
  });

  it('failed acceptance (co-managed): confirmed → acceptanceFailed with the recovery to-do; the recovery debars for 2 years', async () => {
    const id = await funded(p1, '济南市科技咨询协会', 'social_service', '科技成果评价规范宣贯', 2_000_000, 2_000_000);
    const proposed = await jinan.post(app(id, '/acceptance'), { result: 'failed', opinion: '主要绩效指标未完成。' });
    expect(proposed.status, JSON.stringify(proposed.body)).toBe(201);
    const confirming = Date.now();
    const ok = await jncz.post(`/api/v1/capacity-acceptances/${proposed.body.id}/confirm`, { rowVersion: proposed.body.rowVersion });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(await statusOf(id)).toBe('acceptanceFailed');
    expect(await openTodos('capacityFunds.recover', id)).toBe(1);
    // the association's recovery is due in the programme's selectionDays.review days
    const review = await n(sql`SELECT (parameters->'selectionDays'->>'review')::int AS n FROM programmes WHERE id = ${p1.id}`);
    const [due] = await dueOf('capacityFunds.recover', id);
    expect(due).not.toBeNull();
    expect(due!).toBeGreaterThanOrEqual(confirming + review * DAY_MS - 1000);
    expect(due!).toBeLessThanOrEqual(Date.now() + review * DAY_MS + 1000);
    const previewedOn = today();
    const g = (await jinan.get(app(id, '/closing'))).body.grounds.find((x: { ground: string }) => x.ground === 'failedAcceptance');
    expect(g).toMatchObject({ available: true, debarYears: 2, revokes: false, debarment: debarmentPeriod(previewedOn, 2) });
    const day = today();
    const r = await jinan.post(app(id, '/recoveries'), recovery({ ground: 'failedAcceptance', amountFen: 2_000_000 }));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.debarment).toMatchObject({ ...debarmentPeriod(day, 2), years: 2 });
    expect(await openTodos('capacityFunds.recover', id)).toBe(0);
    expect(await statusOf(id)).toBe('acceptanceFailed'); // only false materials revoke
    expect((await fundOf(p1.id)).recoveredFen).toBe(2_000_000);
    // the society sees the return with its debarment
    const seen = await jnzixun.get(app(id, '/closing'));
    expect(seen.body.debarments).toEqual([r.body.debarment]);
    expect(seen.body.actions).toEqual([]);
  });

  it('false materials under preset 003: revoked and a 3-year debarment in the yearly facts (versioned, audited); the next application and declaration are refused citing it', async () => {
    const societyId = await orgId('山东省机械工程学会');
    // a draft to the same call, written before (eligible as to debarments)
    const draft = await jixie.post(`/api/v1/capacity-calls/${p3.callId}/applications`, {
      typeCode: 'social_service',
      title: '工程技术团体标准宣贯',
      goals: '面向会员企业宣贯工程技术团体标准。',
      indicators: [{ label: '宣贯会', target: '3 场' }],
      budget: [{ category: 'activities', item: '会务费', amountFen: 1_000_000, note: null }],
    });
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    const notDebarred = async () =>
      ((await jixie.get(`/api/v1/capacity-calls/${p3.callId}/eligibility?typeCode=social_service`)).body.items[0].conditions as { label: string; status: string; fact: string }[]).find((c) => c.label.includes('取消申报资格'))!;
    expect((await notDebarred()).status).toBe('pass');
    const [item] = await rows<{ id: string }>(sql`SELECT id FROM transfer_items WHERE title = '工程技术领域职业资格考试考务' ORDER BY created_at DESC LIMIT 1`);
    const qualification = async () => ((await jixie.get(`/api/v1/items/${item.id}/qualification`)).body.results as { rule: string; status: string; fact: string }[]).find((c) => c.rule === 'notDebarred')!;
    expect((await qualification()).status).toBe('pass');
    const year = thisYear(); // the yearly facts the debarment below goes into
    const factsBefore = await rows<{ version: number; debarments: unknown[] }>(sql`SELECT version, debarments FROM society_yearly_facts WHERE society_id = ${societyId} AND year = ${year}`);

    const id = await funded(p3, '山东省机械工程学会', 'academic_exchange', '智能制造前沿技术研讨会', 4_000_000, 4_000_000);
    const period = debarmentPeriod(today(), 3); // from the day of the recovery right below
    const r = await sheng.post(app(id, '/recoveries'), recovery({ ground: 'falseMaterials', amountFen: 4_000_000, note: '经查，申报材料中的会议规模和成果系虚报。' }));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.debarment).toMatchObject({ ...period, years: 3 });
    expect(r.body.debarment.reason).toContain('弄虚作假');
    expect(r.body.debarment.reason).toContain('智能制造前沿技术研讨会');
    expect(r.body.debarment.reason).toContain('《实施方案》七（二）');
    expect(await statusOf(id)).toBe('revoked');
    expect((await auditOf(id, 'capacityApplication.revoke'))[0].reason).toContain('项目负责人');
    // the yearly facts of this year: the row's version moves on (or the row is made), audited as the facts form audits
    const factsAfter = await rows<{ id: string; version: number; debarments: { startsOn: string; endsOn: string }[]; annual_inspection: string }>(sql`SELECT id, version, debarments, annual_inspection FROM society_yearly_facts WHERE society_id = ${societyId} AND year = ${year}`);
    expect(factsAfter[0].debarments).toContainEqual(expect.objectContaining({ startsOn: period.startsOn, endsOn: period.endsOn }));
    if (factsBefore.length) {
      expect(factsAfter[0].version).toBe(factsBefore[0].version + 1);
      expect(factsAfter[0].debarments.length).toBe(factsBefore[0].debarments.length + 1);
      expect((await auditOf(factsAfter[0].id, 'society.facts.update')).length).toBe(1);
    } else {
      expect([factsAfter[0].version, factsAfter[0].annual_inspection]).toEqual([1, 'notInspected']);
      expect((await auditOf(factsAfter[0].id, 'society.facts.create')).length).toBe(1);
    }
    // SEL-3 reads it: the draft cannot be submitted, citing the debarment
    const blocked = await notDebarred();
    expect(blocked.status).toBe('fail');
    expect(blocked.fact).toContain(`取消申报资格期 ${period.startsOn} 至 ${period.endsOn}`);
    const sub = await jixie.post(app(draft.body.id, '/submit'), { rowVersion: draft.body.rowVersion });
    expect(sub.status).toBe(409);
    expect(sub.body.rule).toBe('CAP-2');
    expect(sub.body.detail).toContain('智能制造前沿技术研讨会');
    // and a declaration on a relayed transfer item: its qualification fails on the debarment
    const q = await qualification();
    expect(q.status).toBe('fail');
    expect(q.fact).toContain(period.endsOn);
    // a second recovery on the same ground adds no second debarment
    const more = await sheng.post(app(id, '/recoveries'), recovery({ ground: 'falseMaterials', amountFen: 0 }));
    expect(more.status, JSON.stringify(more.body)).toBe(201);
    expect(more.body.debarment).toBeNull();
    expect((await fundOf(p3.id)).recoveredFen).toBe(4_000_000);
  });
});

describe.runIf(!!process.env.TEST_DATABASE_URL)('PostgreSQL: a refund and a recovery racing for the same money', () => {
  it('together above what is held: exactly one is recorded, the other refused with the rule', async () => {
    const id = await funded(p1, '济南市中医药研究会', 'academic_exchange', '中医药学术交流会', 1_000_000, 1_000_000);
    const [a, b] = await Promise.all([as(ctx.app, 'jinan.admin'), as(ctx.app, 'jinan.admin')]);
    for (let round = 0; round < 2; round++) {
      const results: Res[] = await Promise.all([a.post(app(id, '/refunds'), { amountFen: 300_000 }), b.post(app(id, '/recoveries'), recovery({ amountFen: 300_000 }))]);
      if (round === 0) expect(results.map((r) => r.status).sort()).toEqual([201, 201]);
      else {
        // 400,000 left: each asks 300,000 — one wins
        expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
        expect(results.find((r) => r.status === 409)!.body.rule).toBe('FND-6');
      }
    }
    const c = (await jinan.get(app(id, '/closing'))).body;
    expect(c.balance.outstandingFen).toBe(100_000);
    expect(await n(sql`SELECT count(*)::int AS n FROM capacity_fund_returns WHERE application_id = ${id}`)).toBe(3);
    await fundOf(p1.id);
  });
});
