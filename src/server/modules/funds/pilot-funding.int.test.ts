// FND-7 (issue 13 step 9) on both drivers: a transfer programme's funds pay pilot projects' agreement
// funding. Preset 004 (德阳's 200,000-yuan earmark): the earmark budgeted through the ledger's route,
// a signed task book's project awarded from it (never above the task book's funding nor the money
// available, never from a fund the programme does not list, once), paid in stages (never above the
// award; a repeated submission refused, not booked twice), money refunded and recovered (on a
// ground the programme names); who may; the ledger page's projects and journal name the pilot; a
// termination of a fund-paid project cancels what was not paid and books its refund payments back
// into the fund. Preset 000 (宁夏's three funds, agreementKind transferContract): its own fund pays
// too. Every refusal changes nothing. On PostgreSQL: two disbursements of the same total at once,
// exactly one is booked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { TestClient, as, createTestContext, scalar, type TestContext } from '../../testing/harness.js';
import { signedProject } from '../../testing/project-fixture.js';

let ctx: TestContext;
let admin: TestClient;
let kjt: TestClient;
let jixie: TestClient;
let jinan: TestClient;
let nongxue: TestClient;

const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
type Row = Record<string, any>;
const rows = async (q: ReturnType<typeof sql>): Promise<Row[]> => ((await ctx.database.db.execute(q)) as unknown as { rows: Row[] }).rows;

beforeAll(async () => {
  ctx = await createTestContext();
  [admin, kjt, jixie, jinan, nongxue] = await Promise.all(['sheng.admin', 'kjt.user', 'jixie.user', 'jinan.admin', 'nongxue.user'].map((u) => as(ctx.app, u)));
}, 120_000);
afterAll(async () => ctx?.close());

/** Everything a funding write could change. */
async function snapshot(projectId: string) {
  return {
    accounts: await rows(sql`SELECT * FROM fund_accounts ORDER BY programme_id, fund_code`),
    balance: await rows(sql`SELECT * FROM fund_project_balances WHERE project_id = ${projectId}`),
    entries: await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM fund_entries`),
    // a deny (403) is audited as such (§3.5): everything else stays as it was
    audit: await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE action <> 'access.deny'`),
  };
}

/** A refusal: the status, the rule named with its clause (or none), and nothing changed. */
async function refused(projectId: string, p: () => Promise<{ status: number; body: any }>, status: number, rule: string | null, message?: RegExp) {
  const before = await snapshot(projectId);
  const r = await p();
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  expect(r.body.rule ?? null).toBe(rule);
  if (rule) expect(typeof r.body.clause === 'string' && r.body.clause.length > 0, JSON.stringify(r.body)).toBe(true);
  if (message) expect(r.body.detail).toMatch(message);
  expect(await snapshot(projectId)).toEqual(before);
  return r.body;
}

const funding = (c: TestClient, projectId: string) => c.get(`/api/v1/projects/${projectId}/funding`);
const ledger = async (programmeId: string) => (await admin.get(`/api/v1/programmes/${programmeId}/funds`)).body;

describe('preset 004: the earmark pays a pilot project in stages (FND-7)', () => {
  let proj: Awaited<ReturnType<typeof signedProject>>;
  const FUND = 'transfer_pilot_earmark';

  beforeAll(async () => {
    proj = await signedProject(ctx, { admin, dept: kjt, society: jixie }, '004', '德阳预置试点项目经费');
  }, 120_000);

  it('the ledger of a transfer programme: the earmark listed with its planned 200,000 元, budgeted by the association', async () => {
    const l = await ledger(proj.programmeId);
    expect(l.actions).toEqual(['budget']);
    expect(l.items).toMatchObject([{ code: FUND, name: '承接政府转移职能试点项目经费', plannedFen: 20_000_000, budgetedFen: 0, balanced: true }]);
    // before any budget the fund has nothing available: the award is refused by the ledger, with the pilot's clause
    const f0 = (await funding(admin, proj.projectId)).body;
    expect(f0).toMatchObject({ agreementTitle: '三方任务书', agreementFundingFen: 1_000_000, award: null, entries: [], funds: [{ code: FUND, availableFen: 0 }], actions: ['award'] });
    await refused(proj.projectId, () => admin.post(`/api/v1/projects/${proj.projectId}/funding/award`, { fundCode: FUND, amountFen: 800_000, note: '市科协党组会议纪要' }), 409, 'FND-5', /尚未列入本计划/);
    const b = await admin.post(`/api/v1/programmes/${proj.programmeId}/funds/${FUND}/budget`, { amountFen: 20_000_000, note: '德阳市科协 学会创新和服务能力提升工程项目经费单列' });
    expect(b.status, JSON.stringify(b.body)).toBe(200);
    expect(b.body).toMatchObject({ code: FUND, budgetedFen: 20_000_000, availableFen: 20_000_000, balanced: true });
  });

  it('reads as the project: the parties see the funding, only the keeper the funds and the actions; others are refused', async () => {
    const soc = await funding(jixie, proj.projectId);
    expect(soc.status).toBe(200);
    expect(soc.body).toMatchObject({ award: null, funds: [], recoveryGrounds: [], actions: [] });
    expect((await funding(kjt, proj.projectId)).body).toMatchObject({ funds: [], actions: [] });
    expect((await funding(jinan, proj.projectId)).status).toBe(403);
    expect((await funding(nongxue, proj.projectId)).status).toBe(403);
    expect((await new TestClient(ctx.app).get(`/api/v1/projects/${proj.projectId}/funding`)).status).toBe(401);
    expect((await funding(admin, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('awards at most the task book’s funding, from a fund the programme lists, by the keeper, once', async () => {
    const path = `/api/v1/projects/${proj.projectId}/funding/award`;
    await refused(proj.projectId, () => admin.post(path, { fundCode: FUND, amountFen: 1_000_001, note: '超过任务书约定' }), 409, 'TB-1', /超过生效的任务书（合同）约定的经费 10,000\.00 元/);
    await refused(proj.projectId, () => admin.post(path, { fundCode: 'capacity_fund', amountFen: 100, note: '他项资金' }), 409, 'FND-7');
    await refused(proj.projectId, () => jixie.post(path, { fundCode: FUND, amountFen: 100, note: '学会自行核定' }), 403, null);
    await refused(proj.projectId, () => kjt.post(path, { fundCode: FUND, amountFen: 100, note: '部门核定' }), 403, null);
    await refused(proj.projectId, () => admin.post(path, { fundCode: FUND, amountFen: 0.5, note: '半分' }), 400, null);
    const ok = await admin.post(path, { fundCode: FUND, amountFen: 800_000, note: '市科协党组会议纪要〔2026〕3号' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({
      award: { fundCode: FUND, fundName: '承接政府转移职能试点项目经费', awardFen: 800_000, disbursedFen: 0, committedFen: 800_000, outstandingFen: 0, cancelled: false },
      actions: ['disburse'],
      entries: [{ kind: 'award', amountFen: 800_000, projectKind: 'project', projectId: proj.projectId, projectTitle: '德阳预置试点项目经费', societyName: '山东省机械工程学会' }],
    });
    await refused(proj.projectId, () => admin.post(path, { fundCode: FUND, amountFen: 100, note: '再次核定' }), 409, 'FND-5', /已核定资助金额/);
    const l = await ledger(proj.programmeId);
    expect(l.items[0]).toMatchObject({ awardedFen: 800_000, committedFen: 800_000, availableFen: 19_200_000, projects: 1, balanced: true });
    // the society is told
    expect(await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM notifications n JOIN organisations o ON o.id = n.recipient_org_id WHERE o.name = '山东省机械工程学会' AND n.title = ${'项目经费已核定：德阳预置试点项目经费'}`)).toBeGreaterThan(0);
  });

  it('pays in stages, never above the award; a repeated submission is refused, not booked twice', async () => {
    const path = `/api/v1/projects/${proj.projectId}/funding/disbursements`;
    const first = await admin.post(path, { amountFen: 300_000, note: '第一期：任务书签署后拨付（凭证 DY-2026-01）', disbursedFen: 0 });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.award).toMatchObject({ disbursedFen: 300_000, committedFen: 500_000, outstandingFen: 300_000 });
    await refused(proj.projectId, () => admin.post(path, { amountFen: 300_000, note: '第一期（重复提交）', disbursedFen: 0 }), 409, null);
    const second = await admin.post(path, { amountFen: 300_000, note: '第二期：中期检查后拨付', disbursedFen: 300_000 });
    expect(second.status).toBe(200);
    await refused(proj.projectId, () => admin.post(path, { amountFen: 200_001, note: '超过核定', disbursedFen: 600_000 }), 409, 'FND-5', /尚可拨付 2,000\.00 元/);
    await refused(proj.projectId, () => jixie.post(path, { amountFen: 1, note: '学会自拨', disbursedFen: 600_000 }), 403, null);
    const last = await admin.post(path, { amountFen: 200_000, note: '第三期：验收后拨付', disbursedFen: 600_000 });
    expect(last.status).toBe(200);
    expect(last.body.award).toMatchObject({ disbursedFen: 800_000, committedFen: 0, outstandingFen: 800_000 });
    expect(last.body.actions).toEqual(['refund', 'recover']);
    expect(last.body.entries.map((e: { kind: string; amountFen: number }) => `${e.kind}:${e.amountFen}`)).toEqual(['disburse:200000', 'disburse:300000', 'disburse:300000', 'award:800000']);
    expect((await ledger(proj.programmeId)).items[0]).toMatchObject({ disbursedFen: 800_000, committedFen: 0, paidOutFen: 800_000, availableFen: 19_200_000, balanced: true });
  });

  it('refunds and recovers on a ground the programme names, never above what the society holds', async () => {
    const path = `/api/v1/projects/${proj.projectId}/funding/returns`;
    const r = await admin.post(path, { kind: 'refund', amountFen: 50_000, note: '结余资金退回（凭证 DY-TH-01）', outstandingFen: 800_000 });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.award).toMatchObject({ refundedFen: 50_000, outstandingFen: 750_000 });
    await refused(proj.projectId, () => admin.post(path, { kind: 'refund', amountFen: 50_000, note: '重复', outstandingFen: 800_000 }), 409, null);
    await refused(proj.projectId, () => admin.post(path, { kind: 'recover', amountFen: 10_000, note: '无情形', outstandingFen: 750_000 }), 400, null);
    await refused(proj.projectId, () => admin.post(path, { kind: 'recover', amountFen: 750_001, ground: 'misappropriation', note: '超过', outstandingFen: 750_000 }), 409, 'FND-6');
    const rec = await admin.post(path, { kind: 'recover', amountFen: 100_000, ground: 'misappropriation', note: '审计发现挤占项目经费，责任人：学会财务负责人', outstandingFen: 750_000 });
    expect(rec.status, JSON.stringify(rec.body)).toBe(200);
    expect(rec.body.award).toMatchObject({ disbursedFen: 800_000, refundedFen: 50_000, recoveredFen: 100_000, outstandingFen: 650_000 });
    expect(rec.body.entries[0]).toMatchObject({ kind: 'recover', amountFen: 100_000, note: '截留、挤占、挪用专项资金：审计发现挤占项目经费，责任人：学会财务负责人' });
    expect(rec.body.recoveryGrounds.map((g: { code: string }) => g.code)).toContain('misappropriation');
    const l = (await ledger(proj.programmeId)).items[0];
    expect(l).toMatchObject({ budgetedFen: 20_000_000, disbursedFen: 800_000, refundedFen: 50_000, recoveredFen: 100_000, paidOutFen: 650_000, availableFen: 19_350_000, balanced: true });
  });

  it('the ledger page lists the pilot by name with its kind, the journal names it; the audit log has every entry', async () => {
    const projects = (await admin.get(`/api/v1/programmes/${proj.programmeId}/funds/${FUND}/projects?count=exact`)).body;
    expect(projects.total).toBe(1);
    expect(projects.items[0]).toMatchObject({ projectKind: 'project', projectKindLabel: '试点项目', projectId: proj.projectId, title: '德阳预置试点项目经费', societyName: '山东省机械工程学会', awardFen: 800_000, outstandingFen: 650_000 });
    const entries = (await admin.get(`/api/v1/programmes/${proj.programmeId}/funds/${FUND}/entries`)).body.items;
    expect(entries.filter((e: { projectId: string | null }) => e.projectId === proj.projectId)).toHaveLength(6);
    expect(entries.at(-1)).toMatchObject({ kind: 'budget', projectId: null });
    const audited = await rows(sql`SELECT action FROM audit_log WHERE after->>'projectId' = ${proj.projectId} AND action LIKE 'fund.%' ORDER BY seq`);
    expect(audited.map((a) => a.action)).toEqual(['fund.award', 'fund.disburse', 'fund.disburse', 'fund.disburse', 'fund.refund', 'fund.recover']);
  });

  it('a termination cancels what the fund has not paid and books the refund payments back into the fund (SUP-6)', async () => {
    const other = await signedProject(ctx, { admin, dept: kjt, society: jixie }, '004', '德阳预置中止项目经费');
    expect((await admin.post(`/api/v1/programmes/${other.programmeId}/funds/${FUND}/budget`, { amountFen: 20_000_000, note: '预算' })).status).toBe(200);
    expect((await admin.post(`/api/v1/projects/${other.projectId}/funding/award`, { fundCode: FUND, amountFen: 1_000_000, note: '核定' })).status).toBe(200);
    expect((await admin.post(`/api/v1/projects/${other.projectId}/funding/disbursements`, { amountFen: 600_000, note: '第一期', disbursedFen: 0 })).status).toBe(200);
    // what was received is at least what the fund paid out
    const less = await jixie.post(`/api/v1/projects/${other.projectId}/terminations`, { reason: '核心专家团队调离，学会已不具备继续承接的条件。', receivedFen: 500_000 });
    expect(less.status).toBe(400);
    expect(less.body.errors).toEqual([{ path: 'body.receivedFen', message: '已拨付经费不能少于资金台账记载的专项资金拨付（尚未退还、收回的 6,000.00 元）' }]);
    let t = (await jixie.post(`/api/v1/projects/${other.projectId}/terminations`, { reason: '核心专家团队调离，学会已不具备继续承接的条件。', receivedFen: 600_000 })).body;
    t = (await kjt.post(`/api/v1/terminations/${t.id}/decisions`, { decision: 'approve', step: 0, opinion: '同意中止' })).body;
    const agreed = await admin.post(`/api/v1/terminations/${t.id}/decisions`, { decision: 'approve', step: 1, opinion: '同意' });
    expect(agreed.status, JSON.stringify(agreed.body)).toBe(200);
    t = agreed.body;
    let f = (await funding(admin, other.projectId)).body;
    expect(f.award).toMatchObject({ awardFen: 1_000_000, cancelled: true, disbursedFen: 600_000, committedFen: 0, outstandingFen: 600_000 });
    expect(f.entries[0]).toMatchObject({ kind: 'cancelAward', amountFen: 1_000_000 });
    expect(f.openTermination).toBe(true);
    // while the termination is open, money back is recorded there; no more payments to a terminated project
    expect(f.actions).toEqual(['recover']);
    await refused(other.projectId, () => admin.post(`/api/v1/projects/${other.projectId}/funding/returns`, { kind: 'refund', amountFen: 1, note: '绕过中止', outstandingFen: 600_000 }), 409, 'FND-6', /中止与退款/);
    await refused(other.projectId, () => admin.post(`/api/v1/projects/${other.projectId}/funding/disbursements`, { amountFen: 1, note: '中止后拨付', disbursedFen: 600_000 }), 409, 'FND-6');
    expect((await ledger(other.programmeId)).items[0]).toMatchObject({ awardedFen: 0, committedFen: 0, disbursedFen: 600_000, availableFen: 19_400_000, balanced: true });

    t = (await kjt.post(`/api/v1/terminations/${t.id}/refund-decision`, { kind: 'part', amountFen: 400_000, note: '按未完成工作量比例退还', rowVersion: t.rowVersion })).body;
    const p1 = await kjt.post(`/api/v1/terminations/${t.id}/payments`, { amountFen: 150_000, receivedOn: today, reference: 'TK-DY-001', rowVersion: t.rowVersion });
    expect(p1.status, JSON.stringify(p1.body)).toBe(200);
    const p2 = await admin.post(`/api/v1/terminations/${t.id}/payments`, { amountFen: 250_000, receivedOn: today, reference: 'TK-DY-002', rowVersion: p1.body.rowVersion });
    expect(p2.body).toMatchObject({ status: 'closed', refundedFen: 400_000 });
    f = (await funding(admin, other.projectId)).body;
    expect(f.award).toMatchObject({ refundedFen: 400_000, outstandingFen: 200_000 });
    expect(f.entries.slice(0, 2).map((e: { kind: string; amountFen: number; note: string }) => [e.kind, e.amountFen, e.note])).toEqual([
      ['refund', 250_000, `中止项目退款到账（${today}，凭证号 TK-DY-002）`],
      ['refund', 150_000, `中止项目退款到账（${today}，凭证号 TK-DY-001）`],
    ]);
    expect((await ledger(other.programmeId)).items[0]).toMatchObject({ disbursedFen: 600_000, refundedFen: 400_000, paidOutFen: 200_000, availableFen: 19_800_000, balanced: true });
    const audited = await rows(sql`SELECT after FROM audit_log WHERE action = 'termination.recordPayment' AND entity_id = ${t.id} ORDER BY seq`);
    expect(audited.map((a) => a.after.toFundFen)).toEqual([150_000, 250_000]);
  });

  it('a refund payment beyond what the fund paid stays on the termination (the department’s own money)', async () => {
    const mixed = await signedProject(ctx, { admin, dept: kjt, society: jixie }, '004', '德阳预置混合经费项目');
    expect((await admin.post(`/api/v1/programmes/${mixed.programmeId}/funds/${FUND}/budget`, { amountFen: 1_000_000, note: '预算' })).status).toBe(200);
    expect((await admin.post(`/api/v1/projects/${mixed.projectId}/funding/award`, { fundCode: FUND, amountFen: 300_000, note: '核定' })).status).toBe(200);
    expect((await admin.post(`/api/v1/projects/${mixed.projectId}/funding/disbursements`, { amountFen: 300_000, note: '一次拨付', disbursedFen: 0 })).status).toBe(200);
    // the department paid another 500,000 itself: 800,000 received in all
    let t = (await kjt.post(`/api/v1/projects/${mixed.projectId}/terminations`, { reason: '委托部门调整工作安排，提出中止本项目。', receivedFen: 800_000 })).body;
    for (let step = 0; step < t.steps.length; step++) {
      const c = t.steps[step].approver === 'department' ? kjt : admin;
      t = (await c.post(`/api/v1/terminations/${t.id}/decisions`, { decision: 'approve', step })).body;
    }
    expect(t.status).toBe('decidingRefund');
    t = (await kjt.post(`/api/v1/terminations/${t.id}/refund-decision`, { kind: 'all', rowVersion: t.rowVersion })).body;
    t = (await kjt.post(`/api/v1/terminations/${t.id}/payments`, { amountFen: 800_000, receivedOn: today, reference: 'TK-MX-001', rowVersion: t.rowVersion })).body;
    expect(t.status).toBe('closed');
    const f = (await funding(admin, mixed.projectId)).body;
    expect(f.award).toMatchObject({ disbursedFen: 300_000, refundedFen: 300_000, outstandingFen: 0 });
    expect((await ledger(mixed.programmeId)).items[0]).toMatchObject({ budgetedFen: 1_000_000, paidOutFen: 0, availableFen: 1_000_000, balanced: true });
  });
});

describe('preset 000: one of the three special funds pays a project under a 职能转移合同 (FND-7)', () => {
  it('lists the three funds; pays only from a budgeted one', async () => {
    const proj = await signedProject(ctx, { admin, dept: kjt, society: jixie }, '000', '宁夏预置试点项目经费');
    const l = await ledger(proj.programmeId);
    expect(l.items.map((f: { name: string }) => f.name)).toEqual(['学会能力提升专项', '助力创新工程专项', '学术交流专项']);
    expect((await admin.post(`/api/v1/programmes/${proj.programmeId}/funds/capacity_fund/budget`, { amountFen: 5_000_000, note: '自治区财政下达' })).status).toBe(200);
    const f0 = (await funding(admin, proj.projectId)).body;
    expect(f0).toMatchObject({ agreementTitle: '职能转移合同', agreementFundingFen: 1_000_000, actions: ['award'] });
    expect(f0.funds.map((f: { code: string; availableFen: number }) => [f.code, f.availableFen])).toEqual([
      ['capacity_fund', 5_000_000],
      ['innovation_assistance_fund', 0],
      ['academic_exchange_fund', 0],
    ]);
    await refused(proj.projectId, () => admin.post(`/api/v1/projects/${proj.projectId}/funding/award`, { fundCode: 'academic_exchange_fund', amountFen: 100_000, note: '未列预算的专项' }), 409, 'FND-5');
    const ok = await admin.post(`/api/v1/projects/${proj.projectId}/funding/award`, { fundCode: 'capacity_fund', amountFen: 1_000_000, note: '以奖代补' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const paid = await admin.post(`/api/v1/projects/${proj.projectId}/funding/disbursements`, { amountFen: 1_000_000, note: '一次拨付', disbursedFen: 0 });
    expect(paid.body.award).toMatchObject({ fundName: '学会能力提升专项', disbursedFen: 1_000_000, committedFen: 0 });
    expect((await ledger(proj.programmeId)).items[0]).toMatchObject({ code: 'capacity_fund', paidOutFen: 1_000_000, availableFen: 4_000_000, balanced: true });
  });
});

describe.runIf(process.env.TEST_DATABASE_URL)('racing disbursements (PostgreSQL)', () => {
  it('two disbursements of the same total at once: exactly one is booked, the other 409', async () => {
    const proj = await signedProject(ctx, { admin, dept: kjt, society: jixie }, '004', '德阳预置并发拨付');
    expect((await admin.post(`/api/v1/programmes/${proj.programmeId}/funds/transfer_pilot_earmark/budget`, { amountFen: 20_000_000, note: '预算' })).status).toBe(200);
    expect((await admin.post(`/api/v1/projects/${proj.projectId}/funding/award`, { fundCode: 'transfer_pilot_earmark', amountFen: 1_000_000, note: '核定' })).status).toBe(200);
    const other = await as(ctx.app, 'sheng.admin');
    const results = await Promise.all([admin, other].map((c) => c.post(`/api/v1/projects/${proj.projectId}/funding/disbursements`, { amountFen: 400_000, note: '第一期', disbursedFen: 0 })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM fund_entries WHERE project_id = ${proj.projectId} AND kind = 'disburse'`)).toBe(1);
    expect((await funding(admin, proj.projectId)).body.award).toMatchObject({ disbursedFen: 400_000 });
  });
});
