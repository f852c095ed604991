// Issue 13 step 7 (CAP-6; 《实施方案》五、4 项目评估和公示, 五、5 资金拨付), through HTTP on both drivers.
// 济南市科协 runs two programmes made from preset 003: one co-managed by 济南市财政局 as the preset has it,
// one whose parameters say the bureau does not co-manage. Projects are reached as
// implementation.int.test.ts reaches them: applications written, submitted and passed at formal
// review through the API, then made 'funded' directly (status, approved budget, a signed letter and
// the award in the ledger: the letter's own flow is letters.int.test.ts'). Then: the evaluation
// proposed, returned, edited and confirmed by the bureau (or standing at once without it); a failed
// one cancels the award; the evaluation notice for the programme's evaluationNoticeDays (the
// parameter changed: the notice follows); objections upheld, pending and not upheld; the close job;
// disbursement once, never above the award, refused with its clause before the notice cleared; who
// reads and who writes. On PostgreSQL, two disbursements at the same moment: one wins.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { SEED_YEAR, TestClient, as, createTestContext, scalar, type Res, type TestContext } from '../../testing/harness.js';
import { addDays } from '../../platform/transition.js';
import { chinaDayOf, chinaToday, endOfChinaDay } from '../../../domain/calendar-day.js';
import { windowEndsOn } from '../../../domain/funds/expense.rules.js';
import { recordFundEntry } from '../funds/ledger.repo.js';
import { plusDays } from './notices.js';
import { closeDueNotices } from './close-notices.js';

let ctx: TestContext;
let jinan: TestClient; // 济南市科协 (association_admin: capacityApplication.review, fund.manage)
let jncz: TestClient; // 济南市财政局 (co-manages the first programme)
let qingdao: TestClient; // another city's association
let jixie: TestClient; // a society of the province, not of 济南
let expert: TestClient; // an expert of the province's pool
let member: TestClient; // 济南市机械工程学会
let zixun: TestClient; // 济南市科技咨询协会
let anon: TestClient;

// Today is read where it is used, never once for the file: a run that crosses China's midnight
// (16:00 UTC) would otherwise expect yesterday of a server dating its notices by the new day.
const today = () => chinaToday();
const FUND = 'capacity_special_fund';
const EVALUATION_CLAUSE = '《实施方案》五、4. 项目评估和公示：科协会同财政局对项目进行评估，对通过评估的项目进行公示';
const DISBURSEMENT_CLAUSE = '《实施方案》五、5：经公示无异议的项目，下达项目资金';
const checklist = ['meets_conditions', 'form_compliant', 'truthful_complete', 'materials_complete', 'budget_reasonable'];
const passAll = checklist.map((code) => ({ code, passed: true, note: null }));
const rows = async <T = Record<string, unknown>>(q: ReturnType<typeof sql>): Promise<T[]> => ((await ctx.database.db.execute(q)) as unknown as { rows: T[] }).rows;
const n = (q: ReturnType<typeof sql>) => scalar(ctx.database.db, q);

async function orgId(name: string): Promise<string> {
  return (await rows<{ id: string }>(sql`SELECT id FROM organisations WHERE name = ${name}`))[0].id;
}
async function userFor(society: string, username: string): Promise<TestClient> {
  const u = await jinan.post('/api/v1/users', { orgId: await orgId(society), username, displayName: `${society}秘书`, password: 'Chengjie@2026', roles: ['society_admin'] });
  expect(u.status, JSON.stringify(u.body)).toBe(201);
  return as(ctx.app, username);
}

interface Programme {
  programmeId: string;
  callId: string;
}

/**
 * A programme of 济南市科协 from preset 003 (its parameters changed by `change` before publishing),
 * published, with its fund's budget and a published call (sent to the bureau first when it co-manages).
 */
async function programmeWithCall(name: string, change?: (p: Record<string, any>) => Record<string, any>): Promise<Programme> {
  const created = await jinan.post('/api/v1/programmes', { associationId: await orgId('济南市科学技术协会'), presetCode: '003', name, year: SEED_YEAR });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const programmeId: string = created.body.id;
  let version: number = created.body.version;
  if (change) {
    const p = await jinan.patch(`/api/v1/programmes/${programmeId}`, { version, reason: '按本年度的实施安排调整参数', parameters: change(structuredClone(created.body.parameters)) });
    expect(p.status, JSON.stringify(p.body)).toBe(200);
    version = p.body.version;
  }
  const pub = await jinan.post(`/api/v1/programmes/${programmeId}/publish`, { version, confirmPastStages: true });
  expect(pub.status, JSON.stringify(pub.body)).toBe(200);
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
    types: [
      { code: 'academic_exchange', quota: 5, awardFen: 3_000_000 },
      { code: 'social_service', quota: 5, awardFen: 3_000_000 },
    ],
  });
  expect(c.status, JSON.stringify(c.body)).toBe(201);
  let rowVersion: number = c.body.rowVersion;
  if (pub.body.parameters.financeBureauCoManages) {
    const s = await jinan.post(`/api/v1/capacity-calls/${c.body.id}/submit`, { rowVersion });
    const k = await jncz.post(`/api/v1/capacity-calls/${c.body.id}/confirm`, { rowVersion: s.body.rowVersion });
    rowVersion = k.body.rowVersion;
  }
  const p = await jinan.post(`/api/v1/capacity-calls/${c.body.id}/publish`, { rowVersion });
  expect(p.status, JSON.stringify(p.body)).toBe(200);
  return { programmeId, callId: c.body.id };
}

/** An application passed at formal review through the API (not yet funded). */
async function passedApplication(society: TestClient, callId: string, typeCode: string, title: string, amountFen: number): Promise<string> {
  const a = await society.post(`/api/v1/capacity-calls/${callId}/applications`, {
    typeCode,
    title,
    goals: '围绕学会服务能力提升开展系列工作，形成可推广的经验。',
    indicators: [{ label: '举办活动', target: '2 场' }],
    budget: [{ category: 'activities', item: '会务费', amountFen, note: '场地、资料' }],
  });
  expect(a.status, JSON.stringify(a.body)).toBe(201);
  const sub = await society.post(`/api/v1/capacity-applications/${a.body.id}/submit`, { rowVersion: a.body.rowVersion });
  expect(sub.status, JSON.stringify(sub.body)).toBe(200);
  const rev = await jinan.post(`/api/v1/capacity-applications/${a.body.id}/review`, { rowVersion: sub.body.rowVersion, decision: 'pass', items: passAll });
  expect(rev.status, JSON.stringify(rev.body)).toBe(200);
  return a.body.id;
}

/** Funded directly, as implementation.int.test.ts does: status, approved budget, a signed letter, the award in the ledger. */
async function funded(p: Programme, society: TestClient, societyName: string, typeCode: string, title: string, award = 1_500_000): Promise<string> {
  const appId = await passedApplication(society, p.callId, typeCode, title, award);
  const db = ctx.database.db;
  await db.execute(sql`UPDATE capacity_applications SET status = 'funded', approved_budget = budget WHERE id = ${appId}`);
  const approvedOn = today();
  await db.execute(sql`INSERT INTO capacity_letters (application_id, status, content, award_fen, approved_on, window_ends_on, signed_at)
    VALUES (${appId}, 'signed', '{}'::jsonb, ${award}, ${approvedOn}, ${windowEndsOn(approvedOn, 12)}, now())`);
  const societyId = await orgId(societyName);
  await db.transaction(async (tx) => {
    await recordFundEntry(tx, { actor: null, programmeId: p.programmeId, fundCode: FUND, entry: { kind: 'award', project: { kind: 'capacityApplication', id: appId }, amountFen: award }, societyId, note: '签订项目责任书，核定资助' });
  });
  return appId;
}

const section = (c: TestClient, appId: string) => c.get(`/api/v1/capacity-applications/${appId}/evaluation`);
const appStatus = async (id: string) => (await rows<{ status: string }>(sql`SELECT status FROM capacity_applications WHERE id = ${id}`))[0].status;
const evaluationRow = async (appId: string) =>
  (await rows<{ id: string; status: string; notice_id: string | null; notice_outcome: string | null; row_version: number }>(sql`SELECT id, status, notice_id, notice_outcome, row_version FROM capacity_evaluations WHERE application_id = ${appId}`))[0];
const openTodos = (kind: string, entityId: string) => n(sql`SELECT count(*)::int AS n FROM todos WHERE kind = ${kind} AND entity_id = ${entityId} AND status = 'open'`);
const entries = (appId: string, kind: string) => n(sql`SELECT count(*)::int AS n FROM fund_entries WHERE project_id = ${appId} AND kind = ${kind}`);
const audits = (entityId: string, action: string) => n(sql`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = ${entityId} AND action = ${action}`);
async function ledger(programmeId: string) {
  const l = await jinan.get(`/api/v1/programmes/${programmeId}/funds`);
  expect(l.status, JSON.stringify(l.body)).toBe(200);
  const acc = l.body.items.find((x: { code: string }) => x.code === FUND);
  expect(acc.balanced).toBe(true);
  return acc as { awardedFen: number; disbursedFen: number; committedFen: number; availableFen: number; budgetedFen: number };
}
async function upload(c: TestClient, name: string): Promise<string> {
  const f = await c.request('POST', `/api/v1/attachments?filename=${encodeURIComponent(name)}`, undefined, { headers: { 'content-type': 'application/octet-stream' }, rawBody: `bytes of ${name}` });
  expect(f.status, JSON.stringify(f.body)).toBe(201);
  return f.body.id;
}
const objection = (noticeId: string, body: Record<string, unknown>) => new TestClient(ctx.app).post(`/api/v1/public/capacity-notices/${noticeId}/objections`, body);
/** The moment after a notice's last day (China time). */
const afterDay = (day: string) => new Date(endOfChinaDay(day).getTime() + 1000);
const expectRule = (r: Res, clause: string, detail?: string) => {
  expect([r.status, r.body.code, r.body.rule, r.body.clause], JSON.stringify(r.body)).toEqual([409, 'INVALID_STATE', 'CAP-6', clause]);
  if (detail) expect(r.body.detail).toContain(detail);
};

beforeAll(async () => {
  ctx = await createTestContext();
  [jinan, jncz, qingdao, jixie, expert] = await Promise.all(['jinan.admin', 'jncz.user', 'qingdao.admin', 'jixie.user', 'expert.wang'].map((u) => as(ctx.app, u)));
  anon = new TestClient(ctx.app);
  member = await userFor('济南市机械工程学会', 'eval.jixie');
  zixun = await userFor('济南市科技咨询协会', 'eval.zixun');
}, 300_000);
afterAll(async () => ctx?.close());

describe('co-managed by the finance bureau (preset 003): evaluation, notice, disbursement (CAP-6)', () => {
  let p: Programme;
  let a1: string; // passes; on the first notice with an objection pending at close, then not upheld → disbursed
  let a2: string; // fails its evaluation → award cancelled
  let a3: string; // passes; on the second notice (7 days), an objection upheld → award cancelled
  let notice1: { id: string; endsOn: string };
  let notice2: { id: string; endsOn: string };
  let file: string;

  it('shows the section to the application’s readers only; nothing to publish yet', async () => {
    p = await programmeWithCall('评估拨付（共同实施）');
    a1 = await funded(p, member, '济南市机械工程学会', 'academic_exchange', '黄河流域装备制造高端学术论坛');
    a2 = await funded(p, zixun, '济南市科技咨询协会', 'academic_exchange', '科技咨询服务论坛');
    a3 = await funded(p, member, '济南市机械工程学会', 'social_service', '装备制造团体标准研制');

    const s = await section(jinan, a1);
    expect(s.status, JSON.stringify(s.body)).toBe(200);
    expect(s.body).toMatchObject({ applicationStatus: 'funded', coManaged: true, evaluationNoticeDays: 5, awardFen: 1_500_000, evaluation: null, notice: null, disbursement: null, actions: ['propose'] });
    expect(s.body.disbursementBlock).toEqual({ message: '项目尚未评估：通过评估并经公示无异议后，方可拨付资金', clause: DISBURSEMENT_CLAUSE });
    expect((await section(member, a1)).body.actions).toEqual([]);
    expect((await section(jncz, a1)).body.actions).toEqual([]);
    // another society of 济南: 404; a society and an association elsewhere: refused; an expert: 403; nobody: 401
    expect((await section(zixun, a1)).status).toBe(404);
    expect([403, 404]).toContain((await section(jixie, a1)).status);
    expect([403, 404]).toContain((await section(qingdao, a1)).status);
    expect((await section(expert, a1)).status).toBe(403);
    expect((await section(anon, a1)).status).toBe(401);

    const none = await jinan.post(`/api/v1/capacity-calls/${p.callId}/evaluation-notices`, { title: '评估结果公示', body: '正文' });
    expectRule(none, EVALUATION_CLAUSE, '没有待公示的评估结果');
    expect((await jinan.get(`/api/v1/capacity-calls/${p.callId}/notices`)).body).toMatchObject({ evaluationsReady: 0, evaluationPeriodDays: 5, actions: ['publishResult'] });
  }, 300_000);

  it('the association proposes; the bureau returns with a comment; the association edits; the bureau confirms (stale versions: 409)', async () => {
    const body = { result: 'passed', score: 86, findings: '项目按计划完成，绩效指标全部达成。', attachmentIds: [] as string[] };
    // who may not propose, and what is not valid
    expect((await jncz.post(`/api/v1/capacity-applications/${a1}/evaluation`, body)).status).toBe(403);
    expect((await member.post(`/api/v1/capacity-applications/${a1}/evaluation`, body)).status).toBe(403);
    expect([403, 404]).toContain((await qingdao.post(`/api/v1/capacity-applications/${a1}/evaluation`, body)).status);
    const noFindings = await jinan.post(`/api/v1/capacity-applications/${a1}/evaluation`, { ...body, findings: ' ' });
    expect(noFindings.status).toBe(400);
    const over = await jinan.post(`/api/v1/capacity-applications/${a1}/evaluation`, { ...body, score: 101 });
    expect([over.status, over.body.errors?.[0]?.message]).toEqual([400, '评估得分不能超过 100 分']);
    // not funded yet: refused by the rule
    const notFunded = await passedApplication(zixun, p.callId, 'social_service', '科技成果评价服务', 1_000_000);
    expectRule(await jinan.post(`/api/v1/capacity-applications/${notFunded}/evaluation`, body), EVALUATION_CLAUSE, '只有实施中的项目才能评估');
    expect(await n(sql`SELECT count(*)::int AS n FROM capacity_evaluations`)).toBe(0);

    file = await upload(jinan, '评估报告.pdf');
    const proposed = await jinan.post(`/api/v1/capacity-applications/${a1}/evaluation`, { ...body, attachmentIds: [file] });
    expect(proposed.status, JSON.stringify(proposed.body)).toBe(201);
    expect(proposed.headers.location).toBe(`/api/v1/capacity-applications/${a1}/evaluation`);
    expect(proposed.body.evaluation).toMatchObject({ result: 'passed', resultLabel: '通过评估', score: 86, status: 'proposed', statusLabel: '待财政局确认', confirmedAt: null });
    expect(proposed.body.evaluation.attachments.map((f: { id: string }) => f.id)).toEqual([file]);
    expect(proposed.body.actions).toEqual(['edit']);
    const ev = await evaluationRow(a1);
    expect(await openTodos('capacityEvaluation.confirm', ev.id)).toBe(1);
    expect((await section(jncz, a1)).body.actions).toEqual(['confirm', 'return']);
    // a reader of the application downloads the file; another society does not
    expect((await member.get(`/api/v1/attachments/${file}`)).status).toBe(200);
    expect((await zixun.get(`/api/v1/attachments/${file}`)).status).toBe(403);

    const again = await jinan.post(`/api/v1/capacity-applications/${a1}/evaluation`, body);
    expect([again.status, again.body.code]).toEqual([409, 'DUPLICATE']);
    // the association does not confirm its own
    expect((await jinan.post(`/api/v1/capacity-evaluations/${ev.id}/confirm`, { rowVersion: ev.row_version })).status).toBe(403);

    // the bureau returns it: a comment required, the version checked
    expect((await jncz.post(`/api/v1/capacity-evaluations/${ev.id}/return`, { rowVersion: ev.row_version, comment: '' })).status).toBe(400);
    const stale = await jncz.post(`/api/v1/capacity-evaluations/${ev.id}/return`, { rowVersion: ev.row_version + 1, comment: '请补充' });
    expect([stale.status, stale.body.code]).toEqual([409, 'CONFLICT']);
    const returned = await jncz.post(`/api/v1/capacity-evaluations/${ev.id}/return`, { rowVersion: ev.row_version, comment: '请补充绩效指标的完成情况和佐证材料' });
    expect(returned.status, JSON.stringify(returned.body)).toBe(200);
    expect(returned.body.evaluation).toMatchObject({ status: 'returned', statusLabel: '财政局退回', returnComment: '请补充绩效指标的完成情况和佐证材料', previousReturnComment: null });
    expect(await openTodos('capacityEvaluation.confirm', ev.id)).toBe(0);
    expect(await openTodos('capacityEvaluation.revise', ev.id)).toBe(1);
    const late = await jncz.post(`/api/v1/capacity-evaluations/${ev.id}/confirm`, { rowVersion: returned.body.evaluation.rowVersion });
    expect([late.status, late.body.code]).toEqual([409, 'INVALID_STATE']);

    // the association edits it (a stale version: 409) and it goes to the bureau again
    const rv = returned.body.evaluation.rowVersion;
    const staleEdit = await jinan.put(`/api/v1/capacity-evaluations/${ev.id}`, { ...body, rowVersion: rv - 1 });
    expect([staleEdit.status, staleEdit.body.code]).toEqual([409, 'CONFLICT']);
    const edited = await jinan.put(`/api/v1/capacity-evaluations/${ev.id}`, { ...body, score: 88, findings: '项目按计划完成，举办论坛 1 场、参会 230 人，绩效指标全部达成。', attachmentIds: [file], rowVersion: rv });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    // proposed again: the bureau's comment is no longer the current one — it is given as the earlier
    // return the revision answers (history), for the association, the bureau and the society alike
    expect(edited.body.evaluation).toMatchObject({ status: 'proposed', score: 88, returnComment: null, previousReturnComment: '请补充绩效指标的完成情况和佐证材料' });
    for (const reader of [jncz, jinan, member]) {
      expect((await section(reader, a1)).body.evaluation).toMatchObject({ status: 'proposed', returnComment: null, previousReturnComment: '请补充绩效指标的完成情况和佐证材料' });
    }
    expect(await openTodos('capacityEvaluation.revise', ev.id)).toBe(0);
    expect(await openTodos('capacityEvaluation.confirm', ev.id)).toBe(1);

    const confirmed = await jncz.post(`/api/v1/capacity-evaluations/${ev.id}/confirm`, { rowVersion: edited.body.evaluation.rowVersion, comment: '同意' });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    expect(confirmed.body.evaluation).toMatchObject({ status: 'confirmed', statusLabel: '已确定', confirmedOrgName: '济南市财政局', noticeOutcome: null, returnComment: null, previousReturnComment: null });
    expect(confirmed.body.disbursementBlock.message).toBe('评估结果尚未公示：公示期满无异议后，方可拨付资金');
    expect(await appStatus(a1)).toBe('funded');
    expect(await openTodos('capacityEvaluation.confirm', ev.id)).toBe(0);
    for (const action of ['capacityEvaluation.propose', 'capacityEvaluation.return', 'capacityEvaluation.edit', 'capacityEvaluation.confirm']) expect(await audits(ev.id, action), action).toBe(1);
    // once confirmed it is not edited again
    const after = await jinan.put(`/api/v1/capacity-evaluations/${ev.id}`, { ...body, rowVersion: confirmed.body.evaluation.rowVersion });
    expect([after.status, after.body.code]).toEqual([409, 'INVALID_STATE']);
  }, 120_000);

  it('a confirmed failed evaluation fails the project and cancels its award in the ledger, which still balances', async () => {
    const before = await ledger(p.programmeId);
    const r = await jinan.post(`/api/v1/capacity-applications/${a2}/evaluation`, { result: 'failed', findings: '未按计划举办论坛，绩效目标未完成。' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(await appStatus(a2)).toBe('funded'); // waits for the bureau
    expect(await entries(a2, 'cancelAward')).toBe(0);
    const c = await jncz.post(`/api/v1/capacity-evaluations/${r.body.evaluation.id}/confirm`, { rowVersion: r.body.evaluation.rowVersion });
    expect(c.status, JSON.stringify(c.body)).toBe(200);
    expect(await appStatus(a2)).toBe('evaluationFailed');
    expect(c.body).toMatchObject({ applicationStatus: 'evaluationFailed', actions: [] });
    expect(c.body.disbursementBlock.message).toBe('项目未通过评估，不予拨付');
    expect(await entries(a2, 'cancelAward')).toBe(1);
    const afterLedger = await ledger(p.programmeId);
    expect(afterLedger.awardedFen).toBe(before.awardedFen - 1_500_000);
    expect(afterLedger.availableFen).toBe(before.availableFen + 1_500_000);
    // the ledger's entry comes before the use case's own audit rows
    const [order] = await rows<{ cancel: number; fail: number }>(sql`
      SELECT (SELECT seq FROM audit_log WHERE action = 'fund.cancelAward' AND after->>'societyId' = (SELECT society_id::text FROM capacity_applications WHERE id = ${a2}) ORDER BY seq DESC LIMIT 1)::int AS cancel,
             (SELECT seq FROM audit_log WHERE action = 'capacityApplication.failEvaluation' AND entity_id = ${a2})::int AS fail`);
    expect(order.cancel).toBeLessThan(order.fail);
    expectRule(await jinan.post(`/api/v1/capacity-applications/${a2}/disbursement`, { rowVersion: c.body.applicationRowVersion }), DISBURSEMENT_CLAUSE, '未通过评估');
  }, 120_000);

  it('publishes the evaluation notice for the programme’s evaluationNoticeDays; disbursement before it closes is refused with the clause', async () => {
    const list = await jinan.get(`/api/v1/capacity-calls/${p.callId}/notices`);
    expect(list.body).toMatchObject({ evaluationsReady: 1, evaluationPeriodDays: 5, actions: ['publishResult', 'publishEvaluation'] });
    expect((await jncz.post(`/api/v1/capacity-calls/${p.callId}/evaluation-notices`, { title: 't', body: 'b' })).status).toBe(403);
    const input = { title: `${SEED_YEAR}年度学会服务能力提升计划项目评估结果公示`, body: '经科协会同财政局评估，现将通过评估的项目予以公示。' };
    const day = today(); // the notice runs from the day it is published, right below
    const pub = await jinan.post(`/api/v1/capacity-calls/${p.callId}/evaluation-notices`, input);
    expect(pub.status, JSON.stringify(pub.body)).toBe(201);
    notice1 = { id: pub.body.id, endsOn: pub.body.endsOn };
    expect(pub.headers.location).toBe(`/api/v1/capacity-notices/${notice1.id}`);
    expect(pub.body).toMatchObject({ kind: 'evaluation', kindLabel: '评估结果公示', startsOn: day, endsOn: plusDays(day, 5), resultCount: 1 });
    expect(pub.body.results).toEqual([expect.objectContaining({ applicationId: a1, scoreText: '88', status: 'funded', evaluationOutcome: null })]);
    expect((await evaluationRow(a1)).notice_id).toBe(notice1.id);
    expect(await n(sql`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = ${notice1.id} AND action = 'capacityNotice.publishEvaluation'`)).toBe(1);

    // the portal names the kind in words, and shows the evaluation's score
    const portal = await anon.get('/api/v1/public/capacity-notices');
    expect(portal.body.items.find((x: { id: string }) => x.id === notice1.id)).toMatchObject({ kind: 'evaluation', kindLabel: '评估结果公示' });
    expect((await anon.get(`/api/v1/public/capacity-notices/${notice1.id}`)).body.results).toEqual([expect.objectContaining({ projectTitle: '黄河流域装备制造高端学术论坛', scoreText: '88' })]);

    const s = await section(jinan, a1);
    expect(s.body.notice).toMatchObject({ id: notice1.id, status: 'open', endsOn: notice1.endsOn });
    expect(s.body.actions).toEqual([]);
    expectRule(await jinan.post(`/api/v1/capacity-applications/${a1}/disbursement`, { rowVersion: s.body.applicationRowVersion }), DISBURSEMENT_CLAUSE, `评估结果公示至 ${notice1.endsOn}`);
    expect(await entries(a1, 'disburse')).toBe(0);
    // nothing left to publish on this call
    expectRule(await jinan.post(`/api/v1/capacity-calls/${p.callId}/evaluation-notices`, input), EVALUATION_CLAUSE);
  });

  it('follows a changed evaluationNoticeDays (PRG-2): 7 days → the second notice of the call ends 7 days on', async () => {
    const prog = await jinan.get(`/api/v1/programmes/${p.programmeId}`);
    const patched = await jinan.patch(`/api/v1/programmes/${p.programmeId}`, { version: prog.body.version, reason: '评估结果公示期调整为 7 天', parameters: { ...prog.body.parameters, evaluationNoticeDays: 7 } });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    const r = await jinan.post(`/api/v1/capacity-applications/${a3}/evaluation`, { result: 'passed', score: 80, findings: '完成团体标准草案。' });
    const c = await jncz.post(`/api/v1/capacity-evaluations/${r.body.evaluation.id}/confirm`, { rowVersion: r.body.evaluation.rowVersion });
    expect(c.status, JSON.stringify(c.body)).toBe(200);
    expect(c.body.evaluationNoticeDays).toBe(7);
    expect((await jinan.get(`/api/v1/capacity-calls/${p.callId}/notices`)).body).toMatchObject({ evaluationsReady: 1, evaluationPeriodDays: 7 });
    const day = today();
    const pub = await jinan.post(`/api/v1/capacity-calls/${p.callId}/evaluation-notices`, { title: '项目评估结果公示（第二批）', body: '现将第二批通过评估的项目予以公示。' });
    expect(pub.status, JSON.stringify(pub.body)).toBe(201);
    expect(pub.body).toMatchObject({ kind: 'evaluation', startsOn: day, endsOn: plusDays(day, 7), resultCount: 1 });
    notice2 = { id: pub.body.id, endsOn: pub.body.endsOn };
    expect(await n(sql`SELECT count(*)::int AS n FROM capacity_notices WHERE call_id = ${p.callId} AND kind = 'evaluation'`)).toBe(2);
  });

  it('closes the notices: an upheld objection → no disbursement and the award cancelled; a pending one → waits until handled', async () => {
    // notice 1: an objection on a1, left pending; notice 2: one on a3, upheld
    expect((await objection(notice1.id, { applicationId: a1, content: '论坛参会人数与实际不符', contact: '13800000001' })).status).toBe(201);
    expect((await objection(notice2.id, { applicationId: a3, content: '标准草案抄袭已有标准', contact: '13800000002' })).status).toBe(201);
    const d2 = await jinan.get(`/api/v1/capacity-notices/${notice2.id}`);
    const o2 = d2.body.objections[0];
    const h = await jinan.post(`/api/v1/capacity-objections/${o2.id}/handle`, { rowVersion: o2.rowVersion, outcome: 'upheld', reason: '经核查，标准草案与已有团体标准高度重复' });
    expect(h.status, JSON.stringify(h.body)).toBe(200);
    expect(await appStatus(a3)).toBe('funded'); // nothing settles before the notice closes

    const before = await ledger(p.programmeId);
    const closed = await closeDueNotices(ctx.database.db, afterDay(notice2.endsOn));
    expect(closed.map((x) => [x.id, x.approved, x.upheld, x.held]).sort()).toEqual(
      [
        [notice1.id, 0, 0, 1],
        [notice2.id, 0, 1, 0],
      ].sort(),
    );
    // upheld: the evaluation fails on its notice, the application too, the award is cancelled
    expect(await evaluationRow(a3)).toMatchObject({ notice_outcome: 'upheld' });
    expect(await appStatus(a3)).toBe('evaluationFailed');
    expect(await entries(a3, 'cancelAward')).toBe(1);
    expect((await ledger(p.programmeId)).awardedFen).toBe(before.awardedFen - 1_500_000);
    const s3 = await section(jinan, a3);
    expect(s3.body.evaluation).toMatchObject({ noticeOutcome: 'upheld', noticeOutcomeLabel: '公示异议成立' });
    expectRule(await jinan.post(`/api/v1/capacity-applications/${a3}/disbursement`, { rowVersion: s3.body.applicationRowVersion }), DISBURSEMENT_CLAUSE, '异议经核查成立');
    expect(await entries(a3, 'disburse')).toBe(0);
    const n2 = await jinan.get(`/api/v1/capacity-notices/${notice2.id}`);
    expect(n2.body.results[0]).toMatchObject({ status: 'evaluationFailed', evaluationOutcome: 'upheld', evaluationOutcomeLabel: '公示异议成立' });

    // pending at close: the evaluation waits, and so does the money
    expect((await evaluationRow(a1)).notice_outcome).toBeNull();
    const s1 = await section(jinan, a1);
    expect(s1.body.actions).toEqual([]);
    expectRule(await jinan.post(`/api/v1/capacity-applications/${a1}/disbursement`, { rowVersion: s1.body.applicationRowVersion }), DISBURSEMENT_CLAUSE, '异议尚待处理');
    // handled, not upheld: cleared now, the association's to-do to disburse
    const o1 = (await jinan.get(`/api/v1/capacity-notices/${notice1.id}`)).body.objections[0];
    const h1 = await jinan.post(`/api/v1/capacity-objections/${o1.id}/handle`, { rowVersion: o1.rowVersion, outcome: 'notUpheld', reason: '经核实签到表，参会人数属实' });
    expect(h1.status, JSON.stringify(h1.body)).toBe(200);
    expect(h1.body.results[0]).toMatchObject({ evaluationOutcome: 'cleared', evaluationOutcomeLabel: '公示无异议', status: 'funded' });
    expect(await evaluationRow(a1)).toMatchObject({ notice_outcome: 'cleared' });
    expect(await openTodos('capacityApplication.disburse', a1)).toBe(1);
    expect(await audits((await evaluationRow(a1)).id, 'capacityEvaluation.clear')).toBe(1);
  }, 120_000);

  it('disburses a cleared project once: only the association with fund.manage, never above the award, never twice', async () => {
    const s = await section(jinan, a1);
    expect(s.body.actions).toEqual(['disburse']);
    expect(s.body.disbursementBlock).toBeNull();
    const rv = s.body.applicationRowVersion;
    expect((await jncz.post(`/api/v1/capacity-applications/${a1}/disbursement`, { rowVersion: rv })).status).toBe(403);
    expect((await member.post(`/api/v1/capacity-applications/${a1}/disbursement`, { rowVersion: rv })).status).toBe(403);
    const staff = await userForAssociation('eval.jinan.staff');
    expect((await staff.post(`/api/v1/capacity-applications/${a1}/disbursement`, { rowVersion: rv })).status).toBe(403); // 科协工作人员: no fund.manage
    const above = await jinan.post(`/api/v1/capacity-applications/${a1}/disbursement`, { rowVersion: rv, amountFen: 1_500_001 });
    expect([above.status, above.body.rule, above.body.clause]).toEqual([409, 'CAP-6', DISBURSEMENT_CLAUSE]);
    expect(above.body.detail).toContain('不能超过核定的资助金额');
    const stale = await jinan.post(`/api/v1/capacity-applications/${a1}/disbursement`, { rowVersion: rv - 1 });
    expect([stale.status, stale.body.code]).toEqual([409, 'CONFLICT']);
    expect(await entries(a1, 'disburse')).toBe(0);
    expect(await appStatus(a1)).toBe('funded');

    const before = await ledger(p.programmeId);
    const d = await jinan.post(`/api/v1/capacity-applications/${a1}/disbursement`, { rowVersion: rv, note: '第一批项目资金' });
    expect(d.status, JSON.stringify(d.body)).toBe(200);
    expect(d.body).toMatchObject({ applicationStatus: 'disbursed', actions: [], disbursementBlock: null });
    expect(d.body.disbursement).toMatchObject({ amountFen: 1_500_000, disbursedByName: '赵强', note: '第一批项目资金' });
    const [app] = await rows<{ status: string; disbursed_at: unknown; disbursed_by: string | null }>(sql`SELECT status, disbursed_at, disbursed_by FROM capacity_applications WHERE id = ${a1}`);
    expect(app.status).toBe('disbursed');
    expect(app.disbursed_at).not.toBeNull();
    expect(app.disbursed_by).not.toBeNull();
    expect(await openTodos('capacityApplication.disburse', a1)).toBe(0);
    expect(await audits(a1, 'capacityApplication.disburse')).toBe(1);
    const afterLedger = await ledger(p.programmeId);
    expect(afterLedger.disbursedFen).toBe(before.disbursedFen + 1_500_000);
    expect(afterLedger.committedFen).toBe(before.committedFen - 1_500_000);
    // the society reads it
    expect((await section(member, a1)).body.disbursement).toMatchObject({ amountFen: 1_500_000 });

    const twice = await jinan.post(`/api/v1/capacity-applications/${a1}/disbursement`, { rowVersion: d.body.applicationRowVersion });
    expectRule(twice, DISBURSEMENT_CLAUSE, '不能重复拨付');
    expect(await entries(a1, 'disburse')).toBe(1);
  }, 120_000);
});

async function userForAssociation(username: string): Promise<TestClient> {
  const u = await jinan.post('/api/v1/users', { orgId: await orgId('济南市科学技术协会'), username, displayName: '科协工作人员', password: 'Chengjie@2026', roles: ['association_staff'] });
  expect(u.status, JSON.stringify(u.body)).toBe(201);
  return as(ctx.app, username);
}

describe('not co-managed (financeBureauCoManages false): the evaluation stands at once', () => {
  let p: Programme;
  let b1: string;
  let b2: string;
  let b3: string;

  it('confirms a passed evaluation at once, without the bureau; a failed one cancels the award at once', async () => {
    p = await programmeWithCall('评估拨付（科协自行实施）', (params) => ({ ...params, financeBureauCoManages: false }));
    b1 = await funded(p, member, '济南市机械工程学会', 'academic_exchange', '智能制造青年学者沙龙');
    b2 = await funded(p, zixun, '济南市科技咨询协会', 'academic_exchange', '决策咨询能力建设');
    b3 = await funded(p, zixun, '济南市科技咨询协会', 'social_service', '科技成果评价服务');
    const r = await jinan.post(`/api/v1/capacity-applications/${b1}/evaluation`, { result: 'passed', score: 92, findings: '完成全部绩效目标。' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ coManaged: false, actions: [] });
    expect(r.body.evaluation).toMatchObject({ status: 'confirmed', confirmedOrgName: '济南市科学技术协会', confirmedByName: '赵强' });
    expect(await n(sql`SELECT count(*)::int AS n FROM todos WHERE kind = 'capacityEvaluation.confirm' AND entity_id = ${r.body.evaluation.id}`)).toBe(0);
    // the bureau does not read a programme it does not co-manage
    expect([403, 404]).toContain((await section(jncz, b1)).status);

    const f = await jinan.post(`/api/v1/capacity-applications/${b2}/evaluation`, { result: 'failed', score: 40, findings: '项目未实施。' });
    expect(f.status, JSON.stringify(f.body)).toBe(201);
    expect(f.body).toMatchObject({ applicationStatus: 'evaluationFailed' });
    expect(await entries(b2, 'cancelAward')).toBe(1);
    await ledger(p.programmeId);

    const g = await jinan.post(`/api/v1/capacity-applications/${b3}/evaluation`, { result: 'passed', findings: '完成评价服务 12 项。' });
    expect(g.status, JSON.stringify(g.body)).toBe(201);
    const pub = await jinan.post(`/api/v1/capacity-calls/${p.callId}/evaluation-notices`, { title: '项目评估结果公示', body: '现将通过评估的项目予以公示。' });
    expect(pub.status, JSON.stringify(pub.body)).toBe(201);
    expect(pub.body.resultCount).toBe(2);
    expect(pub.body.results.find((x: { applicationId: string }) => x.applicationId === b3).scoreText).toBeNull();
    const closed = await closeDueNotices(ctx.database.db, afterDay(pub.body.endsOn));
    expect(closed.find((x) => x.id === pub.body.id)).toMatchObject({ approved: 2, upheld: 0, held: 0 });
    expect(await openTodos('capacityApplication.disburse', b1)).toBe(1);
    expect(await openTodos('capacityApplication.disburse', b3)).toBe(1);
  }, 300_000);

  it('disburses b3 with a smaller amount, its to-do closed; the ledger balances', async () => {
    const s = await section(jinan, b3);
    const d = await jinan.post(`/api/v1/capacity-applications/${b3}/disbursement`, { rowVersion: s.body.applicationRowVersion, amountFen: 1_000_000 });
    expect(d.status, JSON.stringify(d.body)).toBe(200);
    expect(d.body.disbursement.amountFen).toBe(1_000_000);
    expect(await openTodos('capacityApplication.disburse', b3)).toBe(0);
    const l = await ledger(p.programmeId);
    expect(l.disbursedFen).toBe(1_000_000);
  });

  it.runIf(process.env.TEST_DATABASE_URL)('two disbursements of one project at the same moment: one 200, one 409 (PostgreSQL)', async () => {
    const s = await section(jinan, b1);
    const other = await as(ctx.app, 'jinan.admin');
    const results: Res[] = await Promise.all([
      jinan.post(`/api/v1/capacity-applications/${b1}/disbursement`, { rowVersion: s.body.applicationRowVersion }),
      other.post(`/api/v1/capacity-applications/${b1}/disbursement`, { rowVersion: s.body.applicationRowVersion }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await entries(b1, 'disburse')).toBe(1);
    expect(await audits(b1, 'capacityApplication.disburse')).toBe(1);
    const l = await ledger(p.programmeId);
    expect(l.disbursedFen).toBe(1_000_000 + 1_500_000);
  });
});
