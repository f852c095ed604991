// Issue 11 §5 "Input is never rewritten silently", through HTTP on both drivers:
// - money: every amount the API takes refuses a negative, non-numeric, fractional-fen or
//   over-large value with a 400 naming its field, and nothing is written (no row, no audit);
// - dates: a wrong format is a 400 on its field, never a dropped value (the relay falls back to the
//   programme's days only when no deadline is given); a meeting or a training dated after today is
//   refused;
// - to-dos: a deadline is never before the to-do is created — a stage (or due) day already past
//   counts the programme's days from today — and publishing a programme whose stages start before
//   today is refused, naming them, until they are adjusted or confirmed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { as, createTestContext, scalar, type Res, type TestClient, type TestContext } from './testing/harness.js';
import { establishProject, signedProject, type EstablishedProject } from './testing/project-fixture.js';
import { pastStages } from '../domain/programme/past-stages.js';
import { chinaToday } from './platform/transition.js';

let ctx: TestContext;
let admin: TestClient;
let kjt: TestClient;
let jixie: TestClient;
let proj: EstablishedProject & { taskBookId: string };

const DAY = 86_400_000;
// Today is taken where it is used, never once for the file: a run that crosses China's midnight
// (16:00 UTC) would otherwise send and expect yesterday to a server already dating by the new day.
const dayFrom = (days: number, today = chinaToday()) => new Date(Date.parse(`${today}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
const thisYear = () => Number(chinaToday().slice(0, 4));

beforeAll(async () => {
  ctx = await createTestContext();
  [admin, kjt, jixie] = await Promise.all(['sheng.admin', 'kjt.user', 'jixie.user'].map((u) => as(ctx.app, u)));
  proj = await signedProject(ctx, { admin, dept: kjt, society: jixie }, '001', '输入校验试点项目');
}, 180_000);
afterAll(async () => ctx?.close());

const count = (q: ReturnType<typeof sql>) => scalar(ctx.database.db, q);
const audits = () => count(sql`SELECT count(*)::int AS n FROM audit_log`);

/** Amounts that must never be stored (as 0.00 or otherwise), with why. */
const BAD_AMOUNTS: [string, unknown][] = [
  ['a negative amount', -100],
  ['text that is not a number', 'abc'],
  ['a number sent as text', '100'],
  ['a fraction of a fen', 12.5],
  ['more than 1,000 亿元', 10_000_000_000_001],
  ['infinity written as a huge number', 1e300],
];

/** Sends `send(bad)` for every bad amount: 400, the error on `path`, nothing written (`rows` and the audit log unchanged). */
async function refusesEveryBadAmount(path: string, send: (bad: unknown) => Promise<Res>, rows: () => Promise<number>) {
  for (const [why, bad] of BAD_AMOUNTS) {
    const [before, auditBefore] = [await rows(), await audits()];
    const res = await send(bad);
    expect(res.status, `${why}: ${JSON.stringify(res.body)}`).toBe(400);
    expect(String(res.headers['content-type'])).toContain('application/problem+json');
    expect(res.body.errors.map((e: { path: string }) => e.path), why).toContain(path);
    const message = res.body.errors.find((e: { path: string }) => e.path === path).message as string;
    expect(message, why).toMatch(/[\u4e00-\u9fff]/); // a Chinese message on the field
    expect(await rows(), `${why}: a row was written`).toBe(before);
    expect(await audits(), `${why}: an audit row was written`).toBe(auditBefore);
  }
}

describe('money: a bad amount is refused on its field and never stored (issue 11 §5)', () => {
  it('transfer items and demand entries: 预算金额', async () => {
    const programmeId = ctx.ids.programmes.shandong;
    const item = { programmeId, title: '金额校验事项', categoryCode: 'awards_talent', description: '金额校验事项的工作内容', commissioningMode: 'authorisedCommission' };
    await refusesEveryBadAmount('body.budgetFen', (bad) => kjt.post('/api/v1/items', { ...item, budgetFen: bad }), () => count(sql`SELECT count(*)::int AS n FROM transfer_items`));
    const draft = await kjt.post('/api/v1/items', { ...item, budgetFen: 0 }); // 0 is a deliberate amount
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    expect(draft.body.budgetFen).toBe(0);
    const { programmeId: _p, ...edit } = item;
    await refusesEveryBadAmount(
      'body.budgetFen',
      (bad) => kjt.put(`/api/v1/items/${draft.body.id}`, { ...edit, version: draft.body.version, budgetFen: bad }),
      () => count(sql`SELECT count(*)::int AS n FROM transfer_items WHERE id = ${draft.body.id} AND version = ${draft.body.version} AND budget_fen = 0`),
    );
    const entry = { programmeId, title: '金额校验需求', serviceKind: 'admissionAnalysis', description: '金额校验需求的内容。', purchaseMethod: 'tender' };
    await refusesEveryBadAmount('body.budgetFen', (bad) => kjt.post('/api/v1/demand-entries', { ...entry, budgetFen: bad }), () => count(sql`SELECT count(*)::int AS n FROM demand_entries`));
  });

  it('task book parts: 预算额度 of the department and the association, 自筹经费 of the society', async () => {
    const est = await establishProject(ctx, admin, kjt, '001', '输入校验起草项目');
    const drafted = await admin.post(`/api/v1/projects/${est.projectId}/task-books`);
    expect(drafted.status, JSON.stringify(drafted.body)).toBe(201);
    const { id, rowVersion } = drafted.body as { id: string; rowVersion: number };
    const content = () => count(sql`SELECT count(*)::int AS n FROM task_books WHERE id = ${id} AND row_version = ${rowVersion}`);
    const funding = { supported: true, nature: 'fiscal', source: 'projectFunds', policySupport: true };
    await refusesEveryBadAmount('body.value.funding.budgetFen', (bad) => kjt.put(`/api/v1/task-books/${id}/parts/department`, { rowVersion, value: { division: '基础研究处', funding: { ...funding, budgetFen: bad } } }), content);
    await refusesEveryBadAmount('body.value.funding.budgetFen', (bad) => admin.put(`/api/v1/task-books/${id}/parts/association`, { rowVersion, value: { division: '学会学术部', funding: { ...funding, budgetFen: bad } } }), content);
    await refusesEveryBadAmount('body.value.selfRaisedFen', (bad) => jixie.put(`/api/v1/task-books/${id}/parts/society`, { rowVersion, value: { legalRepName: '王建国', selfRaisedFen: bad } }), content);
  });

  it('termination: 已拨付经费, 退还金额 and 到账金额', async () => {
    const proj = await signedProject(ctx, { admin, dept: kjt, society: jixie }, '001', '输入校验中止项目');
    const terminations = () => count(sql`SELECT count(*)::int AS n FROM terminations WHERE project_id = ${proj.projectId}`);
    await refusesEveryBadAmount('body.receivedFen', (bad) => jixie.post(`/api/v1/projects/${proj.projectId}/terminations`, { reason: '承接条件发生变化', receivedFen: bad }), terminations);
    let t = (await jixie.post(`/api/v1/projects/${proj.projectId}/terminations`, { reason: '承接条件发生变化，学会申请中止。', receivedFen: 1_000_000 })).body;
    t = (await kjt.post(`/api/v1/terminations/${t.id}/decisions`, { decision: 'approve', step: 0, opinion: '同意' })).body;
    t = (await admin.post(`/api/v1/terminations/${t.id}/decisions`, { decision: 'approve', step: 1, opinion: '同意' })).body;
    expect(t.status).toBe('decidingRefund');
    const undecided = () => count(sql`SELECT count(*)::int AS n FROM terminations WHERE id = ${t.id} AND status = 'decidingRefund' AND refund_fen IS NULL AND received_fen = 1000000 AND row_version = ${t.rowVersion}`);
    await refusesEveryBadAmount('body.amountFen', (bad) => kjt.post(`/api/v1/terminations/${t.id}/refund-decision`, { kind: 'part', amountFen: bad, rowVersion: t.rowVersion }), undecided);
    await refusesEveryBadAmount('body.receivedFen', (bad) => kjt.post(`/api/v1/terminations/${t.id}/refund-decision`, { kind: 'all', receivedFen: bad, note: '更正', rowVersion: t.rowVersion }), undecided);
    t = (await kjt.post(`/api/v1/terminations/${t.id}/refund-decision`, { kind: 'part', amountFen: 400_000, rowVersion: t.rowVersion })).body;
    expect(t.status).toBe('refunding');
    await refusesEveryBadAmount('body.amountFen', (bad) => kjt.post(`/api/v1/terminations/${t.id}/payments`, { amountFen: bad, receivedOn: chinaToday(), reference: 'TK-1', rowVersion: t.rowVersion }), () => count(sql`SELECT count(*)::int AS n FROM refund_payments WHERE termination_id = ${t.id}`));
  });

  it("programme parameters: 政府采购限额 and a fund's amount", async () => {
    const p = (await admin.get(`/api/v1/programmes/${proj.programmeId}`)).body;
    const unchanged = () => count(sql`SELECT count(*)::int AS n FROM programmes WHERE id = ${p.id} AND version = ${p.version}`);
    await refusesEveryBadAmount('body.parameters.procurementThresholdFen', (bad) => admin.patch(`/api/v1/programmes/${p.id}`, { version: p.version, reason: '调整限额', parameters: { ...p.parameters, procurementThresholdFen: bad } }), unchanged);
    await refusesEveryBadAmount('body.parameters.funds.0.amountFen', (bad) => admin.patch(`/api/v1/programmes/${p.id}`, { version: p.version, reason: '登记资金', parameters: { ...p.parameters, funds: [{ code: 'special', name: '专项资金', amountFen: bad }] } }), unchanged);
  });
});

describe('dates: a wrong format is an error, and what happened cannot be dated after today (issue 11 §5)', () => {
  const meeting = (heldOn: string) => ({ kind: 'regular', title: '试点工作例会', heldOn, attendees: ['省科协学会学术部'], minutes: '研究部署下一阶段工作。' });
  const meetings = (programmeId: string) => count(sql`SELECT count(*)::int AS n FROM programme_meetings WHERE programme_id = ${programmeId}`);

  it('refuses a meeting held tomorrow (recording and editing), and a date in another format', async () => {
    const pid = proj.programmeId;
    const before = [await meetings(pid), await audits()];
    for (const days of [1, 400]) {
      const today = chinaToday(); // the server's today for the request right below
      const res = await admin.post(`/api/v1/programmes/${pid}/meetings`, meeting(dayFrom(days, today)));
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.errors).toEqual([{ path: 'body.heldOn', message: `会议日期不能晚于今天（${today}），请记录已举行的活动` }]);
    }
    for (const heldOn of ['2026/05/12', '2026-02-30', '12 May 2026', '']) {
      const res = await admin.post(`/api/v1/programmes/${pid}/meetings`, meeting(heldOn));
      expect(res.status, heldOn).toBe(400);
      expect(res.body.errors[0].path).toBe('body.heldOn');
    }
    expect([await meetings(pid), await audits()]).toEqual(before);
    const heldOn = chinaToday();
    const ok = await admin.post(`/api/v1/programmes/${pid}/meetings`, meeting(heldOn)); // today is not the future
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    const rv = (await admin.get(`/api/v1/meetings/${ok.body.id}`)).body.rowVersion;
    const moved = await admin.put(`/api/v1/meetings/${ok.body.id}`, { ...meeting(dayFrom(3)), rowVersion: rv });
    expect(moved.status).toBe(400);
    expect(moved.body.errors[0].path).toBe('body.heldOn');
    expect(await count(sql`SELECT count(*)::int AS n FROM programme_meetings WHERE id = ${ok.body.id} AND held_on = ${heldOn}`)).toBe(1);
  });

  it('refuses training and guidance dated after today, for a project and for the whole programme', async () => {
    const records = () => count(sql`SELECT count(*)::int AS n FROM training_records WHERE programme_id = ${proj.programmeId}`);
    const before = [await records(), await audits()];
    const today = chinaToday(); // the server's today for the request right below
    const g = await kjt.post(`/api/v1/projects/${proj.projectId}/training-records`, { kind: 'guidance', title: '评估指标体系指导', heldOn: dayFrom(1, today), content: '对评估指标的设置提出意见。' });
    expect(g.status).toBe(400);
    expect(g.body.errors).toEqual([{ path: 'body.heldOn', message: `日期不能晚于今天（${today}），请记录已举行的活动` }]);
    const t = await admin.post(`/api/v1/programmes/${proj.programmeId}/training-records`, { kind: 'training', title: '承接工作专项培训', heldOn: dayFrom(30), content: '讲解任务书管理要求。' });
    expect(t.status).toBe(400);
    expect(t.body.errors[0].path).toBe('body.heldOn');
    const bad = await admin.post(`/api/v1/programmes/${proj.programmeId}/training-records`, { kind: 'training', title: '承接工作专项培训', heldOn: '2026-13-01', content: '讲解任务书管理要求。' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('body.heldOn');
    expect([await records(), await audits()]).toEqual(before);
    const given = await kjt.post(`/api/v1/projects/${proj.projectId}/training-records`, { kind: 'guidance', title: '评估指标体系指导', heldOn: chinaToday(), content: '对评估指标的设置提出意见。' });
    expect(given.status, JSON.stringify(given.body)).toBe(201);
  });

  it('a malformed relay deadline or list filter is an error, not a value dropped for the default', async () => {
    const relays = () => count(sql`SELECT count(*)::int AS n FROM relays`);
    const before = await relays();
    const items = (await admin.get(`/api/v1/items?programmeId=${ctx.ids.programmes.shandong}&status=published`)).body.items as { id: string }[];
    expect(items.length).toBeGreaterThan(0);
    for (const deadline of ['2026-02-30', '30/12/2026', 'next week']) {
      const res = await admin.post('/api/v1/relays', { programmeId: ctx.ids.programmes.shandong, itemIds: [items[0].id], deadline });
      expect(res.status, deadline).toBe(400);
      expect(res.body.errors[0].path).toBe('body.deadline');
    }
    expect(await relays()).toBe(before);
    const list = await admin.get('/api/v1/audit?from=2026-13-01');
    expect(list.status).toBe(400);
    expect(list.body.errors[0].path).toBe('querystring.from');
  });
});

describe('to-dos: a deadline is never before the to-do is created (issue 11 §5)', () => {
  const todoOf = (entityId: string, kind: string) =>
    ctx.database.db.execute(sql`SELECT due_at, created_at FROM todos WHERE entity_id = ${entityId} AND kind = ${kind} ORDER BY created_at DESC LIMIT 1`).then((r) => (r as unknown as { rows: { due_at: string | Date | null; created_at: string | Date }[] }).rows[0]);
  const ms = (v: string | Date | null) => (v === null ? NaN : new Date(v).getTime());

  it('holds for every to-do of the demo data', async () => {
    expect(await count(sql`SELECT count(*)::int AS n FROM todos WHERE due_at < created_at`)).toBe(0);
  });

  it("publishing: the first stage's start while ahead, the programme's days from today once it has begun", async () => {
    const year = thisYear();
    const past = await admin.post('/api/v1/programmes', { associationId: ctx.ids.province, presetCode: '001', name: '去年的试点方案', year: year - 1 });
    expect(past.status, JSON.stringify(past.body)).toBe(201);
    const t1 = await todoOf(past.body.id, 'programme.publish');
    expect(ms(t1.due_at)).toBeGreaterThanOrEqual(ms(t1.created_at));
    expect(Math.abs(ms(t1.due_at) - ms(t1.created_at) - past.body.parameters.selectionDays.review * DAY)).toBeLessThan(60_000);
    const ahead = await admin.post('/api/v1/programmes', { associationId: ctx.ids.province, presetCode: '001', name: '明年的试点方案', year: year + 1 });
    const t2 = await todoOf(ahead.body.id, 'programme.publish');
    expect(new Date(t2.due_at!).toISOString()).toBe(new Date(`${ahead.body.stages[0].startsOn}T00:00:00+08:00`).toISOString());
  });

  it('a stage report whose due day has passed, and an inspection held long ago', async () => {
    const p = (await admin.get(`/api/v1/programmes/${proj.programmeId}`)).body;
    const year = thisYear();
    const sr = await admin.post(`/api/v1/programmes/${p.id}/stage-reports`, { year: year - 1, period: '上半年', dueOn: `${year - 1}-07-15`, title: '去年上半年阶段报告', body: '补报去年上半年的试点进展。' });
    expect(sr.status, JSON.stringify(sr.body)).toBe(201);
    const t1 = await todoOf(sr.body.id, 'stageReport.submit');
    expect(ms(t1.due_at)).toBeGreaterThanOrEqual(ms(t1.created_at));
    expect(Math.abs(ms(t1.due_at) - ms(t1.created_at) - p.parameters.selectionDays.review * DAY)).toBeLessThan(60_000);
    const insp = await kjt.post(`/api/v1/projects/${proj.projectId}/inspections`, { plannedOn: `${year - 1}-03-01`, purpose: '补记去年的专家组检查', panel: [{ name: '吴刚', employer: '山东大学' }] });
    expect(insp.status, JSON.stringify(insp.body)).toBe(201);
    const t2 = await todoOf(insp.body.id, 'inspection.findings');
    expect(ms(t2.due_at)).toBeGreaterThanOrEqual(ms(t2.created_at));
    expect(Math.abs(ms(t2.due_at) - ms(t2.created_at) - p.parameters.selectionDays.review * DAY)).toBeLessThan(60_000);
  });
});

describe('publishing a programme whose stages start before today asks to adjust them (issue 11 §5)', () => {
  it('is refused naming the stages, then published once they are adjusted', async () => {
    const p = (await admin.post('/api/v1/programmes', { associationId: ctx.ids.province, presetCode: '001', name: '阶段日期已过的方案', year: thisYear() - 1 })).body;
    const expected = pastStages(p.stages, chinaToday()); // the stages past on the day of the publication right below
    expect(expected.length).toBeGreaterThan(0);
    const refused = await admin.post(`/api/v1/programmes/${p.id}/publish`, { version: p.version });
    expect(refused.status).toBe(400);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body.code).toBe('VALIDATION_FAILED');
    for (const s of expected) expect(refused.body.detail).toContain(`“${s.name}”（${s.startsOn} 至 ${s.endsOn}）`);
    expect(refused.body.pastStages).toEqual(expected);
    expect(refused.body.errors.map((e: { path: string }) => e.path)).toEqual(expected.map((s) => `stages.${s.index}.startsOn`));
    expect(await count(sql`SELECT count(*)::int AS n FROM programmes WHERE id = ${p.id} AND status = 'draft' AND version = ${p.version}`)).toBe(1);
    expect(await count(sql`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = ${p.id} AND action = 'programme.publish'`)).toBe(0);

    // the stages moved to the coming weeks: published
    const stages = p.stages.map((s: { startsOn: string; endsOn: string }, i: number) => ({ ...s, startsOn: dayFrom(1 + 30 * i), endsOn: dayFrom(29 + 30 * i) }));
    const edited = await admin.patch(`/api/v1/programmes/${p.id}`, { version: p.version, stages });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    const pub = await admin.post(`/api/v1/programmes/${p.id}/publish`, { version: edited.body.version });
    expect(pub.status, JSON.stringify(pub.body)).toBe(200);
    expect(pub.body.status).toBe('published');
  });

  it('is published as it is when the request confirms the dates, and the change history records which', async () => {
    const p = (await admin.post('/api/v1/programmes', { associationId: ctx.ids.province, presetCode: '002', name: '按原日期发布的方案', year: thisYear() - 1 })).body;
    const expected = pastStages(p.stages, chinaToday()); // the stages past on the day of the publication right below
    const pub = await admin.post(`/api/v1/programmes/${p.id}/publish`, { version: p.version, confirmPastStages: true });
    expect(pub.status, JSON.stringify(pub.body)).toBe(200);
    const res = (await ctx.database.db.execute(sql`SELECT after FROM audit_log WHERE entity_id = ${p.id} AND action = 'programme.publish'`)) as unknown as { rows: { after: { pastStagesConfirmed?: string[] } }[] };
    expect(res.rows[0].after.pastStagesConfirmed).toEqual(expected.map((s) => `${s.name}（${s.startsOn} 至 ${s.endsOn}）`));
  });
});
