// Issue 13 (PRG-2 across CAP-1…CAP-7, FND-1…FND-7): the whole capacity-improvement flow through HTTP
// on both drivers, once under preset 003 as published and once under a changed parameter set — a
// 7-day result notice, a 3-day evaluation notice, three experts with the trim from four sheets (a
// plain mean then), 其他费用 forbidden, a 2,000-yuan procurement threshold, a six-month window,
// other debarment years — and the behaviour follows the parameters at every step. Each step's own
// refusals, scopes and races are tested in that step's file; this one proves that the steps chain,
// that nothing in between reads a literal, and that the fund ledger balances at the end.
//
// Per parameter set: 济南市科协 publishes the programme and a call (the finance bureau confirms);
// three societies apply (a budget line in 其他费用 is accepted or refused by the set), pass the
// formal review, are scored by the drawn experts (the number and the method by the set), ranked and
// decided jointly; the result notice runs for the set's days; an upheld objection stops one result;
// the two others sign their responsibility letters (the window by the set) and record expenses (the
// procurement flag by the set); they are evaluated, publicly noticed for the set's days and
// disbursed; one fails its acceptance and has its funds recovered with the set's debarment, which
// then blocks its next application by itself; the other passes, its window ends with money unspent
// (the job flags it) and it refunds; the ledger balances with every figure accounted for.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type SQL } from 'drizzle-orm';
import { SEED_YEAR, TestClient, as, createTestContext, type TestContext } from '../../testing/harness.js';
import { addDays } from '../../platform/transition.js';
import { chinaDayOf, chinaToday, endOfChinaDay } from '../../../domain/calendar-day.js';
import { windowEndsOn } from '../../../domain/funds/expense.rules.js';
import type { ProgrammeParameters } from '../../../domain/programme/programme.types.js';
import { clauseOf } from '../../../domain/programme/rule-clauses.js';
import { closeDueNotices } from './close-notices.js';
import { flagEndedWindows } from './close-windows.js';
import { plusDays } from './notices.js';

const FUND = 'capacity_special_fund';
const CHECKLIST = ['meets_conditions', 'form_compliant', 'truthful_complete', 'materials_complete', 'budget_reasonable'];
const CRITERIA = ['basic_conditions', 'sustainability', 'scientific_soundness', 'demonstration_value', 'reach'];
const AWARD = 3_000_000; // 30,000 元, 学术交流项目
const AWARD_SERVICE = 2_800_000; // 28,000 元, 社会化服务项目

let ctx: TestContext;
let jinan: TestClient; // 济南市科协
let jncz: TestClient; // 济南市财政局, co-managing
let anon: TestClient;
// 济南's eligible societies (the third, 济南市中医药研究会, is debarred in the seed)
const societies = { jixie: '济南市机械工程学会', zixun: '济南市科技咨询协会' } as const;
type SocietyKey = keyof typeof societies;
const members = {} as Record<SocietyKey, TestClient>;
// Today is read where it is used, never once for the file: a run that crosses China's midnight
// (16:00 UTC) would otherwise expect yesterday of a server dating its steps by the new day.
const today = () => chinaToday();
const rows = async <T>(q: SQL): Promise<T[]> => ((await ctx.database.db.execute(q)) as unknown as { rows: T[] }).rows;
const orgId = async (name: string) => (await rows<{ id: string }>(sql`SELECT id FROM organisations WHERE name = ${name}`))[0].id;
const ok = (res: { status: number; body: unknown }, status = 200) => expect(res.status, JSON.stringify(res.body)).toBe(status);

interface FlowSet {
  name: string;
  change: ((p: ProgrammeParameters) => ProgrammeParameters) | null;
}
const sets: FlowSet[] = [
  { name: '预置方案 003', change: null },
  {
    name: '调整后的参数',
    change: (p) => ({
      ...p,
      noticePeriodDays: 7,
      evaluationNoticeDays: 3,
      expertReview: { expertsPerApplication: 3, minScoresForTrim: 3 },
      expenseCategories: {
        allowed: p.expenseCategories.allowed.filter((c) => c.code !== 'other'),
        forbidden: [...p.expenseCategories.forbidden, { code: 'other', label: '其他费用（本年度不得列支）' }],
      },
      procurementThresholdFen: 200_000,
      executionWindowMonths: 6,
      sanctions: { ...p.sanctions, falseMaterialsDebarYears: 1, failedAcceptanceDebarYears: 4 },
      // PRG-2: a clause of its own for one rule; every other rule reads the platform's wording
      ruleClauses: { forbiddenCategories: '《专项资金使用细则》第五条：其他费用本年度不得列支' },
    }),
  },
];

/** The flow's state per parameter set, filled in as the steps run. */
interface Flow {
  programmeId: string;
  params: ProgrammeParameters;
  callId: string;
  /** ae1: 机械工程学会's 学术交流项目; ae2: 科技咨询协会's (an objection stops it); ss: 科技咨询协会's 社会化服务项目 */
  apps: Record<'ae1' | 'ae2' | 'ss', string>;
  /** the last day of each signed letter's window, as its signature set it */
  windowEndsOn: Partial<Record<'ae1' | 'ss', string>>;
}
const applicant = { ae1: 'jixie', ae2: 'zixun', ss: 'zixun' } as const;


const budgetOf = (withOther: boolean) => [
  { category: 'activities', item: '会务费', amountFen: 1_800_000, note: '场地、资料' },
  { category: 'materials', item: '论文集出版印刷费', amountFen: 800_000, note: '印刷 300 册' },
  ...(withOther ? [{ category: 'other', item: '项目活动中所发生的其他费用', amountFen: 200_000, note: '邮寄' }] : []),
];

describe.each(sets)('the whole capacity flow — $name', ({ name, change }) => {
  const f = { apps: {}, windowEndsOn: {} } as Flow;
  // a database per set: the first set's debarment would otherwise block the second's applicant
  beforeAll(async () => {
    ctx = await createTestContext();
    [jinan, jncz] = await Promise.all(['jinan.admin', 'jncz.user'].map((u) => as(ctx.app, u)));
    anon = new TestClient(ctx.app);
    for (const [key, name] of Object.entries(societies) as [SocietyKey, string][]) {
      const u = await jinan.post('/api/v1/users', { orgId: await orgId(name), username: `flow.${key}`, displayName: `${name}秘书`, password: 'Chengjie@2026', roles: ['society_admin'] });
      ok(u, 201);
      members[key] = await as(ctx.app, `flow.${key}`);
    }
  }, 300_000);
  afterAll(async () => ctx?.close());
  const expertsOf = (applicationId: string) =>
    rows<{ id: string; username: string; row_version: number }>(sql`
      SELECT x.id, u.username, x.row_version FROM capacity_expert_assignments x JOIN users u ON u.id = x.expert_user_id
      WHERE x.application_id = ${applicationId} AND x.status = 'assigned' ORDER BY u.username`);

  it('publishes the programme and a call the finance bureau confirms (CAP-1)', async () => {
    if (change) {
      const created = await jinan.post('/api/v1/programmes', { associationId: ctx.ids.jinan, presetCode: '003', name: `${SEED_YEAR}年济南市科协学会服务能力提升计划（${name}）`, year: SEED_YEAR });
      ok(created, 201);
      const p = await jinan.patch(`/api/v1/programmes/${created.body.id}`, { version: created.body.version, reason: '按本年度专项资金管理要求调整参数', parameters: change(structuredClone(created.body.parameters)) });
      ok(p);
      f.programmeId = created.body.id;
    } else {
      f.programmeId = ctx.ids.programmes.jinan;
    }
    const prog = await jinan.get(`/api/v1/programmes/${f.programmeId}`);
    const pub = await jinan.post(`/api/v1/programmes/${f.programmeId}/publish`, { version: prog.body.version, confirmPastStages: true });
    ok(pub);
    f.params = pub.body.parameters;
    if (change) expect(f.params.noticePeriodDays).toBe(7);
    ok(await jinan.post(`/api/v1/programmes/${f.programmeId}/funds/${FUND}/budget`, { amountFen: 10_000_000, note: '年度专项资金预算' }));
    const c = await jinan.post(`/api/v1/programmes/${f.programmeId}/capacity-calls`, {
      year: SEED_YEAR,
      title: `关于申报${SEED_YEAR}年度学会服务能力提升计划项目的通知（${name}）`,
      description: '各市级学会：现将项目申报工作通知如下。',
      budgetFen: 10_000_000,
      fundCode: FUND,
      opensOn: today(),
      closesOn: chinaDayOf(addDays(new Date(), 30)),
      types: [
        { code: 'academic_exchange', quota: 2, awardFen: AWARD },
        { code: 'social_service', quota: 1, awardFen: AWARD_SERVICE },
      ],
    });
    ok(c, 201);
    f.callId = c.body.id;
    const s = await jinan.post(`/api/v1/capacity-calls/${f.callId}/submit`, { rowVersion: c.body.rowVersion });
    ok(s);
    const k = await jncz.post(`/api/v1/capacity-calls/${f.callId}/confirm`, { rowVersion: s.body.rowVersion });
    ok(k);
    ok(await jinan.post(`/api/v1/capacity-calls/${f.callId}/publish`, { rowVersion: k.body.rowVersion }));
    expect((await anon.get(`/api/v1/public/capacity-calls/${f.callId}`)).status).toBe(200);
  });

  it('takes the applications by the programme’s categories and passes them through the formal review (CAP-2, CAP-3, FND-1, FND-2)', async () => {
    const otherAllowed = f.params.expenseCategories.allowed.some((c) => c.code === 'other');
    const plan: ['ae1' | 'ae2' | 'ss', string, string][] = [
      ['ae1', 'academic_exchange', '黄河流域装备制造高端学术论坛'],
      ['ae2', 'academic_exchange', '科技咨询服务高端论坛'],
      ['ss', 'social_service', '中小企业科技咨询公益服务'],
    ];
    for (const [app, typeCode, title] of plan) {
      const key = applicant[app];
      const body = { typeCode, title, goals: '围绕本领域关键问题开展项目活动，提升学会服务能力。', indicators: [{ label: '举办活动', target: '2 场，参加 300 人' }], budget: budgetOf(true) };
      const d = await members[key].post(`/api/v1/capacity-calls/${f.callId}/applications`, body);
      if (otherAllowed) ok(d, 201);
      else {
        // FND-2 by the set: 其他费用 is forbidden here, and the refusal says so in the programme's words
        expect(d.status).toBe(400);
        expect(JSON.stringify(d.body)).toContain('专项资金不得用于“其他费用（本年度不得列支）”');
        expect(d.body.clause).toBe('《专项资金使用细则》第五条：其他费用本年度不得列支');
        const again = await members[key].post(`/api/v1/capacity-calls/${f.callId}/applications`, { ...body, budget: budgetOf(false) });
        ok(again, 201);
        Object.assign(d, again);
      }
      const s = await members[key].post(`/api/v1/capacity-applications/${d.body.id}/submit`, { rowVersion: d.body.rowVersion });
      ok(s);
      const r = await jinan.post(`/api/v1/capacity-applications/${d.body.id}/review`, { rowVersion: s.body.rowVersion, decision: 'pass', items: CHECKLIST.map((code) => ({ code, passed: true, note: null })), comment: null });
      ok(r);
      expect(r.body.status).toBe('passed');
      f.apps[app] = d.body.id;
    }
  });

  it('draws the programme’s number of experts, who score; the final score by the programme’s method (CAP-4)', async () => {
    const { expertsPerApplication, minScoresForTrim } = f.params.expertReview;
    for (const [i, id] of Object.values(f.apps).entries()) {
      const v = (await jinan.get(`/api/v1/capacity-applications/${id}`)).body.rowVersion;
      ok(await jinan.post(`/api/v1/capacity-applications/${id}/expert-draw`, { rowVersion: v }));
      const drawn = await expertsOf(id);
      expect(drawn).toHaveLength(expertsPerApplication);
      for (const [j, x] of drawn.entries()) {
        const c = await as(ctx.app, x.username);
        const a = await c.post(`/api/v1/expert-reviews/${x.id}/accept`, { rowVersion: x.row_version });
        ok(a);
        const points = 18 - i - (j % 3); // a spread of sheets, the applications in the order planned
        ok(await c.post(`/api/v1/expert-reviews/${x.id}/submit`, { rowVersion: a.body.rowVersion, scores: CRITERIA.map((code) => ({ code, points })) }));
      }
      const review = await jinan.get(`/api/v1/capacity-applications/${id}/expert-review`);
      expect(review.body.scoreMethod).toBe(expertsPerApplication >= minScoresForTrim ? 'trimmed' : 'mean');
      expect((await jinan.get(`/api/v1/capacity-applications/${id}`)).body.status).toBe('reviewed');
    }
  });

  it('decides jointly and publishes the results for the programme’s notice days; an upheld objection stops one (CAP-4, CAP-5)', async () => {
    for (const [typeCode, selected] of [
      ['academic_exchange', [f.apps.ae1, f.apps.ae2]],
      ['social_service', [f.apps.ss]],
    ] as const) {
      const p = await jinan.post(`/api/v1/capacity-calls/${f.callId}/decisions`, { typeCode, selected });
      ok(p);
      const d = p.body.types.find((t: { code: string }) => t.code === typeCode).decision;
      ok(await jncz.post(`/api/v1/capacity-decisions/${d.id}/confirm`, { rowVersion: d.rowVersion }));
    }
    const day = today(); // the notice runs from the day it is published, right below
    const pub = await jinan.post(`/api/v1/capacity-calls/${f.callId}/notices`, { title: `${SEED_YEAR}年度学会服务能力提升计划拟资助项目公示`, body: '现将拟资助项目予以公示。' });
    ok(pub, 201);
    const notice = (await jinan.get(`/api/v1/capacity-notices/${pub.body.id}`)).body;
    expect(notice.endsOn).toBe(plusDays(day, f.params.noticePeriodDays));
    const o = await anon.post(`/api/v1/public/capacity-notices/${pub.body.id}/objections`, { applicationId: f.apps.ae2, content: '该论坛已获其他财政资金资助，属重复申报', contact: '13812345678' });
    ok(o, 201);
    const objection = (await jinan.get(`/api/v1/capacity-notices/${pub.body.id}`)).body.objections[0];
    ok(await jinan.post(`/api/v1/capacity-objections/${objection.id}/handle`, { rowVersion: objection.rowVersion, outcome: 'upheld', reason: '经核查属实，不予资助' }));
    // the notice is open through its last day, closed by the job after it
    expect(await closeDueNotices(ctx.database.db, endOfChinaDay(plusDays(day, f.params.noticePeriodDays - 1)))).toEqual([]);
    const closed = await closeDueNotices(ctx.database.db, new Date(endOfChinaDay(notice.endsOn).getTime() + 1000));
    expect(closed.map((x) => x.id)).toEqual([pub.body.id]);
    const status = async (id: string) => (await jinan.get(`/api/v1/capacity-applications/${id}`)).body.status;
    expect([await status(f.apps.ae1), await status(f.apps.ae2), await status(f.apps.ss)]).toEqual(['approved', 'objectionUpheld', 'approved']);
  });

  it('signs the responsibility letters: the budget approved, the window by the programme, the award in the ledger (CAP-5, FND-4)', async () => {
    for (const app of ['ae1', 'ss'] as const) {
      const id = f.apps[app];
      const key = applicant[app];
      const d = await jinan.post(`/api/v1/capacity-applications/${id}/letter`);
      ok(d, 201);
      // the letter cites where the programme's own clauses stand, and nothing where it states none
      const cited = (d.body.content.obligations as { clause: string | null }[]).map((o) => o.clause).filter(Boolean);
      if (f.params.ruleClauses.budgetLine) expect(cited).toContain('《专项资金管理办法》第十二条');
      else expect(cited).toEqual([]);
      const fr = await jinan.post(`/api/v1/capacity-letters/${d.body.id}/freeze`, { rowVersion: d.body.rowVersion });
      ok(fr);
      const a = await jinan.post(`/api/v1/capacity-letters/${d.body.id}/sign`, { rowVersion: fr.body.rowVersion });
      ok(a);
      const day = today(); // the last signature, right below, approves the budget on its day
      const s = await members[key].post(`/api/v1/capacity-letters/${d.body.id}/sign`, { rowVersion: a.body.rowVersion });
      ok(s);
      expect(s.body).toMatchObject({ status: 'signed', approvedOn: day, windowEndsOn: windowEndsOn(day, f.params.executionWindowMonths) });
      f.windowEndsOn[app] = s.body.windowEndsOn;
      expect((await jinan.get(`/api/v1/capacity-applications/${id}`)).body.status).toBe('funded');
    }
  });

  it('records expenses; a purchase at the programme’s threshold is flagged (CAP-6, FND-5)', async () => {
    const e = await members.jixie.post(`/api/v1/capacity-applications/${f.apps.ae1}/expenses`, { category: 'activities', item: '会务费', amountFen: 500_000, spentOn: today(), description: '会议场地和设备租赁（采购）', fixedAsset: false });
    ok(e, 201);
    expect(e.body.flags).toEqual(500_000 >= f.params.procurementThresholdFen ? ['procurement'] : []);
    const forbidden = await members.jixie.post(`/api/v1/capacity-applications/${f.apps.ae1}/expenses`, { category: 'personnel', item: null, amountFen: 10_000, spentOn: today(), description: '项目组人员劳务', fixedAsset: false });
    expect([forbidden.status, forbidden.body.rule]).toEqual([409, 'FND-2']);
    expect(forbidden.body.clause).toBe(clauseOf(f.params, 'forbiddenCategories'));
  });

  it('evaluates with the finance bureau, notices the results for the programme’s evaluation days, then disburses once (CAP-6)', async () => {
    for (const app of ['ae1', 'ss'] as const) {
      const e = await jinan.post(`/api/v1/capacity-applications/${f.apps[app]}/evaluation`, { result: 'passed', score: 86, findings: '按计划完成阶段目标，资金使用规范。' });
      ok(e, 201);
      ok(await jncz.post(`/api/v1/capacity-evaluations/${e.body.evaluation.id}/confirm`, { rowVersion: e.body.evaluation.rowVersion }));
      // not before the notice has run its course
      const early = await jinan.post(`/api/v1/capacity-applications/${f.apps[app]}/disbursement`, { rowVersion: (await jinan.get(`/api/v1/capacity-applications/${f.apps[app]}/evaluation`)).body.applicationRowVersion });
      expect([early.status, early.body.rule]).toEqual([409, 'CAP-6']);
      // 003's clause under the preset; the platform's wording where the programme states none
      expect(early.body.clause).toBe(f.params.ruleClauses.disbursement ? '《实施方案》五、5：经公示无异议的项目，下达项目资金' : '经公示无异议的项目，下达项目资金');
    }
    const day = today();
    const pub = await jinan.post(`/api/v1/capacity-calls/${f.callId}/evaluation-notices`, { title: `${SEED_YEAR}年度学会服务能力提升计划项目评估结果公示`, body: '现将项目评估结果予以公示。' });
    ok(pub, 201);
    expect(pub.body).toMatchObject({ kind: 'evaluation', startsOn: day, endsOn: plusDays(day, f.params.evaluationNoticeDays) });
    expect(await closeDueNotices(ctx.database.db, endOfChinaDay(plusDays(day, f.params.evaluationNoticeDays - 1)))).toEqual([]);
    expect((await closeDueNotices(ctx.database.db, new Date(endOfChinaDay(pub.body.endsOn).getTime() + 1000))).map((x) => x.id)).toEqual([pub.body.id]);
    for (const app of ['ae1', 'ss'] as const) {
      const section = (await jinan.get(`/api/v1/capacity-applications/${f.apps[app]}/evaluation`)).body;
      const d = await jinan.post(`/api/v1/capacity-applications/${f.apps[app]}/disbursement`, { rowVersion: section.applicationRowVersion, note: '按核定金额拨付' });
      ok(d);
      expect(d.body).toMatchObject({ applicationStatus: 'disbursed', disbursement: { amountFen: section.awardFen } });
      const twice = await jinan.post(`/api/v1/capacity-applications/${f.apps[app]}/disbursement`, { rowVersion: d.body.applicationRowVersion });
      expect(twice.status).toBe(409);
    }
  });

  it('accepts one and fails the other; the failed one’s funds are recovered with the programme’s debarment, which blocks its next application (CAP-6, CAP-7, FND-6)', async () => {
    for (const [app, result] of [
      ['ae1', 'failed'],
      ['ss', 'passed'],
    ] as const) {
      const a = await jinan.post(`/api/v1/capacity-applications/${f.apps[app]}/acceptance`, { result, opinion: result === 'passed' ? '完成项目目标，验收合格。' : '主要指标未完成，验收不合格。' });
      expect(a.status, JSON.stringify(a.body)).toBeLessThan(300);
      const acceptance = (await jinan.get(`/api/v1/capacity-applications/${f.apps[app]}/acceptance`)).body;
      ok(await jncz.post(`/api/v1/capacity-acceptances/${acceptance.id}/confirm`, { rowVersion: acceptance.rowVersion }));
    }
    const status = async (id: string) => (await jinan.get(`/api/v1/capacity-applications/${id}`)).body.status;
    expect([await status(f.apps.ae1), await status(f.apps.ss)]).toEqual(['acceptanceFailed', 'accepted']);

    const closing = (await jinan.get(`/api/v1/capacity-applications/${f.apps.ae1}/closing`)).body;
    const ground = closing.grounds.find((g: { ground: string }) => g.ground === 'failedAcceptance');
    expect(ground).toMatchObject({ available: true, debarYears: f.params.sanctions.failedAcceptanceDebarYears });
    const day = today(); // the debarment runs from the day of the recovery, right below
    const r = await jinan.post(`/api/v1/capacity-applications/${f.apps.ae1}/recoveries`, {
      ground: 'failedAcceptance',
      amountFen: closing.balance.outstandingFen,
      responsibility: '项目负责人未按责任书组织实施，负主要责任；学会秘书长负管理责任。',
    });
    expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
    const returns = (await jinan.get(`/api/v1/capacity-applications/${f.apps.ae1}/fund-returns`)).body.items;
    const years = f.params.sanctions.failedAcceptanceDebarYears;
    const endsOn = plusDays(`${Number(day.slice(0, 4)) + years}${day.slice(4)}`, -1);
    expect(returns[0]).toMatchObject({ kind: 'recovery', ground: 'failedAcceptance', amountFen: closing.balance.outstandingFen, debarment: { startsOn: day, endsOn, years } });

    // the debarment is in 机械工程学会's yearly facts: its next application is refused by itself (SEL-3)
    const next = await members.jixie.post(`/api/v1/capacity-calls/${f.callId}/applications`, {
      typeCode: 'social_service',
      title: '装备制造企业技术标准咨询服务',
      goals: '为中小企业提供技术标准咨询服务。',
      indicators: [{ label: '服务企业', target: '20 家' }],
      budget: budgetOf(false),
    });
    ok(next, 201);
    const submit = await members.jixie.post(`/api/v1/capacity-applications/${next.body.id}/submit`, { rowVersion: next.body.rowVersion });
    expect([submit.status, submit.body.rule]).toEqual([409, 'CAP-2']);
    expect(submit.body.detail).toContain(`取消申报资格期 ${day} 至 ${endsOn}`);
  });

  it('flags the accepted project’s unspent money when its window ends; the society refunds it; the ledger balances (FND-4, FND-5)', async () => {
    const windowEnd = f.windowEndsOn.ss!; // as the signature set it (checked to be the programme's months from that day)
    expect((await flagEndedWindows(ctx.database.db, endOfChinaDay(windowEnd))).map((x) => x.id)).not.toContain(f.apps.ss);
    const flagged = await flagEndedWindows(ctx.database.db, new Date(endOfChinaDay(windowEnd).getTime() + 1000));
    const ss = flagged.find((x) => x.id === f.apps.ss);
    expect(ss).toMatchObject({ windowEndsOn: windowEnd, unspentFen: AWARD_SERVICE });
    const refund = await jinan.post(`/api/v1/capacity-applications/${f.apps.ss}/refunds`, { amountFen: AWARD_SERVICE, note: '未使用资金全部退还' });
    expect(refund.status, JSON.stringify(refund.body)).toBeLessThan(300);
    const over = await jinan.post(`/api/v1/capacity-applications/${f.apps.ss}/refunds`, { amountFen: 1 });
    expect([over.status, over.body.rule]).toEqual([409, 'FND-6']);

    const ledger = await jinan.get(`/api/v1/programmes/${f.programmeId}/funds`);
    const acc = ledger.body.items.find((x: { code: string }) => x.code === FUND);
    // awarded: 机械工程学会 30,000 + 科技咨询协会 28,000 (the upheld objection's result never reached the ledger); both paid,
    // 5,000 spent, 30,000 recovered, 28,000 refunded
    expect(acc).toMatchObject({
      balanced: true,
      budgetedFen: 10_000_000,
      awardedFen: AWARD + AWARD_SERVICE,
      disbursedFen: AWARD + AWARD_SERVICE,
      spentFen: 500_000,
      recoveredFen: AWARD,
      refundedFen: AWARD_SERVICE,
      committedFen: 0,
      availableFen: 10_000_000,
    });
  });
});
