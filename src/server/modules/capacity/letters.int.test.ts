// Issue 13 step 5 (CAP-5, FND-4, PUB-2): the responsibility letter (责任书) through HTTP on both
// drivers, with the demo's 济南市科协 preset-003 programme. An application of 济南市机械工程学会 is
// brought through the API to a passed formal review and then set to 'approved' in SQL (the expert
// review and the public notice are tested in their own files). The association drafts the letter —
// the version's budget, the call's award, the programme's window and sanctions in its text —, edits
// it, freezes it (digest, code, a to-do for each party); the wrong party is refused (403), a second
// signature of a party too (409); the last signature is refused by the fund ledger while the award
// exceeds the money available, and nothing changes; with the budget topped up it completes: the
// letter signed, the budget approved today, the window's end, the application funded with its
// approved budget, the award in the ledger. The signed PDF is issued once and read back with
// pdftotext; the portal verifies the code and the file. A second programme updated before
// publishing (6-month window, 5-year debarment) shows the text and the window follow the
// parameters. PostgreSQL only: two final signatures at once complete once, one award in the ledger.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type SQL } from 'drizzle-orm';
import { SEED_YEAR, TestClient, as, createTestContext, scalar, type TestContext } from '../../testing/harness.js';
import { addDays } from '../../platform/transition.js';
import { sm3Hex } from '../../platform/crypto/sm3.js';
import { chinaDayOf, chinaToday } from '../../../domain/calendar-day.js';
import { formatYuan } from '../../../domain/money.js';
import { agreementKindLabels } from '../../../domain/programme/programme.types.js';
import { windowEndsOn } from '../../../domain/funds/expense.rules.js';
import { readZipEntries } from '../taskbooks/documents/extract.js';

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

let ctx: TestContext;
let jinan: TestClient; // 济南市科协: runs both programmes, drafts and signs as 甲方
let jncz: TestClient; // 济南市财政局: co-manages, reads
let sheng: TestClient; // 山东省科协: above 济南, reads the application, is no party
let qingdao: TestClient; // another city's association
let member: TestClient; // 济南市机械工程学会: 乙方
let member2: TestClient; // a second account of the same society
let anon: TestClient;
let programme1: string; // the demo's programme under preset 003
let programme2: string; // a second one, its parameters changed before publishing
let app1: string;
let app2: string;
let app3: string; // programme 2, passed formal review only (approved for the race)

// Today is read where it is used, never once for the file: a run that crosses China's midnight
// (16:00 UTC) would otherwise expect yesterday of a server approving the letters on the new day.
const today = () => chinaToday();
const AWARD = 3_000_000; // 30,000 元: the call's award standard for 学术交流项目
const AWARD2 = 2_900_000; // 社会化服务项目 in the second call
const checklist = ['meets_conditions', 'form_compliant', 'truthful_complete', 'materials_complete', 'budget_reasonable'];
const budget = [
  { category: 'activities', item: '会务费', amountFen: 2_012_345, note: '场地、资料' },
  { category: 'materials', item: '论文集出版印刷费', amountFen: 800_000, note: '印刷 300 册' },
];
const application = (typeCode: string, title: string) => ({
  typeCode,
  title,
  goals: '围绕装备制造关键领域举办高端学术研讨会，促进产学研协同创新。',
  indicators: [{ label: '举办学术会议', target: '1 场，参会 200 人' }],
  budget,
  contactName: '王敏',
  contactPhone: '0531-00000001',
});
const squeeze = (s: string) => s.replace(/\s+/g, '');
const figure = (fen: number) => formatYuan(fen).replace(/\s*元$/, '');
const n = (q: SQL) => scalar(ctx.database.db, q);

async function orgId(name: string): Promise<string> {
  const res = (await ctx.database.db.execute(sql`SELECT id FROM organisations WHERE name = ${name}`)) as unknown as { rows: { id: string }[] };
  return res.rows[0].id;
}
async function userFor(society: string, username: string, displayName: string): Promise<TestClient> {
  const u = await jinan.post('/api/v1/users', { orgId: await orgId(society), username, displayName, password: 'Chengjie@2026', roles: ['society_admin'] });
  expect(u.status, JSON.stringify(u.body)).toBe(201);
  return as(ctx.app, username);
}

async function publish(programmeId: string) {
  const prog = await jinan.get(`/api/v1/programmes/${programmeId}`);
  const res = await jinan.post(`/api/v1/programmes/${programmeId}/publish`, { version: prog.body.version, confirmPastStages: true });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

async function publishedCall(programmeId: string, types: { code: string; quota: number; awardFen: number }[]): Promise<string> {
  const c = await jinan.post(`/api/v1/programmes/${programmeId}/capacity-calls`, {
    year: SEED_YEAR,
    title: `关于申报${SEED_YEAR}年度学会服务能力提升计划项目的通知`,
    description: '各市级学会：现将项目申报工作通知如下。',
    budgetFen: 50_000_000,
    fundCode: 'capacity_special_fund',
    opensOn: today(),
    closesOn: chinaDayOf(addDays(new Date(), 30)),
    types,
  });
  expect(c.status, JSON.stringify(c.body)).toBe(201);
  const s = await jinan.post(`/api/v1/capacity-calls/${c.body.id}/submit`, { rowVersion: c.body.rowVersion });
  const k = await jncz.post(`/api/v1/capacity-calls/${c.body.id}/confirm`, { rowVersion: s.body.rowVersion });
  const p = await jinan.post(`/api/v1/capacity-calls/${c.body.id}/publish`, { rowVersion: k.body.rowVersion });
  expect(p.status, JSON.stringify(p.body)).toBe(200);
  return c.body.id;
}

/** Applied, submitted and through the formal review by the API: status passed. */
async function passedApplication(callId: string, typeCode: string, title: string): Promise<string> {
  const d = await member.post(`/api/v1/capacity-calls/${callId}/applications`, application(typeCode, title));
  expect(d.status, JSON.stringify(d.body)).toBe(201);
  const s = await member.post(`/api/v1/capacity-applications/${d.body.id}/submit`, { rowVersion: d.body.rowVersion });
  expect(s.status, JSON.stringify(s.body)).toBe(200);
  const r = await jinan.post(`/api/v1/capacity-applications/${d.body.id}/review`, { rowVersion: s.body.rowVersion, decision: 'pass', items: checklist.map((code) => ({ code, passed: true, note: null })), comment: null });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return d.body.id;
}

/** CAP-4, CAP-5 (the expert review and the public notice) are tested in their own files: the result is set here. */
const approve = (id: string) => ctx.database.db.execute(sql`UPDATE capacity_applications SET status = 'approved', row_version = row_version + 1 WHERE id = ${id} AND status = 'passed'`);

async function recordBudget(programmeId: string, amountFen: number) {
  const res = await jinan.post(`/api/v1/programmes/${programmeId}/funds/capacity_special_fund/budget`, { amountFen, note: '市财政局预算批复' });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}
const fundOf = async (programmeId: string) => (await jinan.get(`/api/v1/programmes/${programmeId}/funds`)).body.items.find((a: { code: string }) => a.code === 'capacity_special_fund');

/** The PDF's text page by page (pdftotext -raw), whitespace taken out. */
async function pdfPages(pdf: Buffer): Promise<string[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cj-letter-'));
  try {
    const src = path.join(dir, 'in.pdf');
    fs.writeFileSync(src, pdf);
    const { stdout } = await promisify(execFile)('pdftotext', ['-raw', '-enc', 'UTF-8', src, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).catch((e: NodeJS.ErrnoException) => {
      throw e.code === 'ENOENT' ? new Error('读取 PDF 文本需要 pdftotext（apt-get install poppler-utils）') : e;
    });
    return stdout.split('\f').map(squeeze).filter(Boolean);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function download(c: TestClient, id: string, format: 'pdf' | 'docx') {
  const res = await c.request('GET', `/api/v1/capacity-letters/${id}/document?format=${format}`);
  expect(res.status, res.raw.toString('utf8').slice(0, 300)).toBe(200);
  return res.raw;
}

async function letterOf(appId: string) {
  const d = await jinan.post(`/api/v1/capacity-applications/${appId}/letter`);
  expect(d.status, JSON.stringify(d.body)).toBe(201);
  return d.body;
}

beforeAll(async () => {
  ctx = await createTestContext();
  [jinan, jncz, sheng, qingdao] = await Promise.all(['jinan.admin', 'jncz.user', 'sheng.admin', 'qingdao.admin'].map((u) => as(ctx.app, u)));
  anon = new TestClient(ctx.app);
  member = await userFor('济南市机械工程学会', 'jnjixie.user', '孙立');
  member2 = await userFor('济南市机械工程学会', 'jnjixie.second', '周岚');

  programme1 = ctx.ids.programmes.jinan;
  await publish(programme1);
  const call1 = await publishedCall(programme1, [
    { code: 'demonstration_society', quota: 2, awardFen: 10_000_000 },
    { code: 'academic_exchange', quota: 5, awardFen: AWARD },
  ]);
  app1 = await passedApplication(call1, 'academic_exchange', '黄河流域装备制造高端学术论坛');
  await approve(app1);
  // less than the award: the last signature is refused until the budget is topped up
  await recordBudget(programme1, 2_000_000);

  // PRG-2: a second capacity programme of 济南, its parameters changed before it is published
  const created = await jinan.post('/api/v1/programmes', { associationId: ctx.ids.jinan, presetCode: '003', name: `${SEED_YEAR}年济南市科协学会服务能力提升计划（调整参数）`, year: SEED_YEAR });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  programme2 = created.body.id;
  const p = created.body;
  const changed = await jinan.patch(`/api/v1/programmes/${programme2}`, {
    version: p.version,
    parameters: { ...p.parameters, executionWindowMonths: 6, sanctions: { ...p.parameters.sanctions, falseMaterialsDebarYears: 5 } },
  });
  expect(changed.status, JSON.stringify(changed.body)).toBe(200);
  await publish(programme2);
  const call2 = await publishedCall(programme2, [
    { code: 'academic_exchange', quota: 5, awardFen: AWARD },
    { code: 'social_service', quota: 5, awardFen: AWARD2 },
  ]);
  app2 = await passedApplication(call2, 'academic_exchange', '装备制造企业技术标准服务');
  app3 = await passedApplication(call2, 'social_service', '中小企业科技评价服务');
  await approve(app2);
  await recordBudget(programme2, 10_000_000);
}, 300_000);
afterAll(async () => ctx?.close());

describe('the responsibility letter of an approved application (CAP-5, FND-4)', () => {
  let letter: { id: string; rowVersion: number; verificationCode: string | null; contentDigest: string | null; approvedOn: string | null; windowEndsOn: string | null };

  it('is drafted by the programme’s association only, for an approved application, from its version, the call and the parameters', async () => {
    expect((await jinan.get(`/api/v1/capacity-applications/${app1}/letter`)).status).toBe(404);
    // not yet approved (passed its formal review only)
    const early = await jinan.post(`/api/v1/capacity-applications/${app3}/letter`);
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'INVALID_STATE', detail: expect.stringContaining('公示无异议') });
    // the society does not draft; an association above reads the application but is no party
    expect((await member.post(`/api/v1/capacity-applications/${app1}/letter`)).status).toBe(403);
    expect((await sheng.post(`/api/v1/capacity-applications/${app1}/letter`)).body.code).toBe('FORBIDDEN');
    expect(await n(sql`SELECT count(*)::int AS n FROM capacity_letters`)).toBe(0);

    const d = await jinan.post(`/api/v1/capacity-applications/${app1}/letter`);
    expect(d.status, JSON.stringify(d.body)).toBe(201);
    expect(d.headers.location).toBe(`/api/v1/capacity-letters/${d.body.id}`);
    letter = d.body;
    const [legalRep] = ((await ctx.database.db.execute(sql`SELECT legal_rep_name FROM society_profiles WHERE org_id = ${await orgId('济南市机械工程学会')}`)) as unknown as { rows: { legal_rep_name: string | null }[] }).rows;
    expect(d.body).toMatchObject({
      applicationId: app1,
      status: 'drafting',
      statusLabel: '起草中',
      awardFen: AWARD,
      verificationCode: null,
      contentDigest: null,
      approvedOn: null,
      myParty: 'association',
      parties: { association: { orgName: '济南市科学技术协会' }, society: { orgName: '济南市机械工程学会' } },
      signatures: [],
      actions: ['edit', 'freeze'],
    });
    const c = d.body.content;
    expect(c).toMatchObject({
      agreementKind: 'responsibilityLetter',
      title: agreementKindLabels.responsibilityLetter,
      parties: { association: { name: '济南市科学技术协会' }, society: { name: '济南市机械工程学会', legalRepName: legalRep?.legal_rep_name ?? null, contact: { name: '王敏', phone: '0531-00000001' } } },
      project: { title: '黄河流域装备制造高端学术论坛', typeCode: 'academic_exchange', typeName: '学术交流项目', applicationVersion: 1 },
      budgetTotalFen: 2_812_345,
      awardFen: AWARD,
      fund: { code: 'capacity_special_fund' },
      executionWindowMonths: 12,
      supplementaryTerms: null,
    });
    expect(c.budget).toEqual([
      { category: 'activities', categoryLabel: '项目活动费', item: '会务费', amountFen: 2_012_345, note: '场地、资料' },
      { category: 'materials', categoryLabel: '项目资料费', item: '论文集出版印刷费', amountFen: 800_000, note: '印刷 300 册' },
    ]);
    const text = c.obligations.map((o: { text: string }) => o.text).join('');
    // the programme's numbers: 12 months, 3 and 2 years, 5 days of evaluation notice, the forbidden categories
    expect(text).toContain('12 个月内执行完成');
    expect(text).toContain('乙方弄虚作假、虚报业绩的，收回已拨付的项目资金，并连续 3 年取消其申报资格');
    expect(text).toContain('项目考核验收不合格的，收回已拨付的项目资金，并连续 2 年取消其申报资格');
    expect(text).toContain('公示 5 天');
    expect(text).toContain('单独核算，专款专用');
    expect(text).toContain('人员工资、福利和个人奖金支出');
    expect(text).toContain(`定额资助 ${formatYuan(AWARD)}`);
    expect(c.obligations.map((o: { clause: string | null }) => o.clause)).toContain('《实施方案》七（二）');

    const again = await jinan.post(`/api/v1/capacity-applications/${app1}/letter`);
    expect(again.body).toMatchObject({ code: 'DUPLICATE', letterId: letter.id });
    expect(await n(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'capacityLetter.draft' AND entity_id = ${letter.id}`)).toBe(1);
  });

  it('is read by the application’s readers, with what each may do', async () => {
    const byApp = await member.get(`/api/v1/capacity-applications/${app1}/letter`);
    expect(byApp.status).toBe(200);
    expect(byApp.body).toMatchObject({ id: letter.id, myParty: 'society', actions: [] });
    expect((await jncz.get(`/api/v1/capacity-letters/${letter.id}`)).body).toMatchObject({ id: letter.id, myParty: null, actions: [] });
    expect((await sheng.get(`/api/v1/capacity-letters/${letter.id}`)).body).toMatchObject({ myParty: null, actions: [] });
    expect([403, 404]).toContain((await qingdao.get(`/api/v1/capacity-letters/${letter.id}`)).status);
    expect((await anon.get(`/api/v1/capacity-letters/${letter.id}`)).status).toBe(401);
    const other = await userFor('济南市科技咨询协会', 'jnzixun.letter', '刘洋');
    expect((await other.get(`/api/v1/capacity-letters/${letter.id}`)).status).toBe(404);
    expect((await other.get(`/api/v1/capacity-applications/${app1}/letter`)).status).toBe(404);
  });

  it('is edited while drafting, then frozen: the digest, the code, a sign to-do for each party', async () => {
    const edit = {
      supplementaryTerms: '乙方应在项目网站公开会议信息。\n会议结束后一个月内报送总结。',
      associationRepresentative: '赵强',
      associationContact: { name: '陈晓', phone: '0531-00000002' },
      societyContact: { name: '王敏', phone: '0531-00000001' },
    };
    expect((await member.put(`/api/v1/capacity-letters/${letter.id}`, { rowVersion: letter.rowVersion, ...edit })).status).toBe(403);
    expect((await jinan.put(`/api/v1/capacity-letters/${letter.id}`, { rowVersion: letter.rowVersion + 1, ...edit })).body.code).toBe('CONFLICT');
    const e = await jinan.put(`/api/v1/capacity-letters/${letter.id}`, { rowVersion: letter.rowVersion, ...edit });
    expect(e.status, JSON.stringify(e.body)).toBe(200);
    expect(e.body.content).toMatchObject({ supplementaryTerms: edit.supplementaryTerms, parties: { association: { representative: '赵强', contact: { name: '陈晓', phone: '0531-00000002' } } } });
    // nothing is signed while drafting
    expect((await member.post(`/api/v1/capacity-letters/${letter.id}/sign`, { rowVersion: e.body.rowVersion })).body.code).toBe('INVALID_STATE');
    expect((await member.post(`/api/v1/capacity-letters/${letter.id}/freeze`, { rowVersion: e.body.rowVersion })).status).toBe(403);

    const f = await jinan.post(`/api/v1/capacity-letters/${letter.id}/freeze`, { rowVersion: e.body.rowVersion });
    expect(f.status, JSON.stringify(f.body)).toBe(200);
    expect(f.body).toMatchObject({ status: 'signing', statusLabel: '待签署', actions: ['sign'] });
    expect(f.body.verificationCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(f.body.contentDigest).toMatch(/^[0-9a-f]{64}$/);
    letter = f.body;
    const todos = (await ctx.database.db.execute(sql`SELECT assignee_org_id, link FROM todos WHERE entity_id = ${letter.id} AND kind = 'capacityLetter.sign' AND status = 'open' ORDER BY assignee_org_id`)) as unknown as { rows: { assignee_org_id: string; link: string }[] };
    expect(todos.rows.map((t) => t.assignee_org_id).sort()).toEqual([ctx.ids.jinan, await orgId('济南市机械工程学会')].sort());
    expect(todos.rows[0].link).toBe(`/app/capacity-applications/${app1}?section=letter`);
    expect((await member.get('/api/v1/todos')).body.items.some((t: { kind: string }) => t.kind === 'capacityLetter.sign')).toBe(true);
    // frozen: no more edits
    expect((await jinan.put(`/api/v1/capacity-letters/${letter.id}`, { rowVersion: letter.rowVersion, ...edit })).body.code).toBe('INVALID_STATE');
    // the document while it is being signed: rendered on request, marked 待签署, not stored
    const pages = await pdfPages(await download(member, letter.id, 'pdf'));
    expect(pages.join('')).toContain('待签署');
    expect(await n(sql`SELECT count(*)::int AS n FROM capacity_letter_documents`)).toBe(0);
  });

  it('is signed by each party once (wrong party 403, twice 409); the last signature is refused while the award exceeds the money available, and nothing changes', async () => {
    expect((await sheng.post(`/api/v1/capacity-letters/${letter.id}/sign`, { rowVersion: letter.rowVersion })).status).toBe(403);
    expect((await jncz.post(`/api/v1/capacity-letters/${letter.id}/sign`, { rowVersion: letter.rowVersion })).status).toBe(403);
    const a = await jinan.post(`/api/v1/capacity-letters/${letter.id}/sign`, { rowVersion: letter.rowVersion });
    expect(a.status, JSON.stringify(a.body)).toBe(200);
    expect(a.body).toMatchObject({ status: 'signing', actions: [], signatures: [{ party: 'association', partyLabel: '甲方', orgName: '济南市科学技术协会', signerName: '赵强' }] });
    const twice = await jinan.post(`/api/v1/capacity-letters/${letter.id}/sign`, { rowVersion: a.body.rowVersion });
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({ code: 'INVALID_STATE', detail: '甲方已签署该责任书' });
    letter = a.body;

    // 20,000 元 budgeted, 30,000 元 awarded: FND-5 refuses, and the signature with it
    const before = await fundOf(programme1);
    expect(before).toMatchObject({ budgetedFen: 2_000_000, awardedFen: 0, availableFen: 2_000_000 });
    const refused = await member.post(`/api/v1/capacity-letters/${letter.id}/sign`, { rowVersion: letter.rowVersion });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'INVALID_STATE', rule: 'FND-5', detail: expect.stringContaining('可用余额') });
    expect((await jinan.get(`/api/v1/capacity-letters/${letter.id}`)).body).toMatchObject({ status: 'signing', rowVersion: letter.rowVersion, approvedOn: null, signatures: [{ party: 'association' }] });
    expect((await jinan.get(`/api/v1/capacity-applications/${app1}`)).body.status).toBe('approved');
    expect(await n(sql`SELECT count(*)::int AS n FROM capacity_applications WHERE id = ${app1} AND approved_budget IS NULL`)).toBe(1);
    expect(await n(sql`SELECT count(*)::int AS n FROM fund_entries WHERE kind = 'award' AND project_id = ${app1}`)).toBe(0);
    expect(await n(sql`SELECT count(*)::int AS n FROM todos WHERE entity_id = ${letter.id} AND kind = 'capacityLetter.sign' AND status = 'open' AND assignee_org_id = ${await orgId('济南市机械工程学会')}`)).toBe(1);
    expect(await fundOf(programme1)).toMatchObject({ budgetedFen: 2_000_000, awardedFen: 0, entries: before.entries });
  });

  it('completes with both signatures: signed, the budget approved today, the window’s end, the application funded, the award in the ledger', async () => {
    await recordBudget(programme1, 5_000_000);
    const day = today(); // the last signature, right below, approves the budget on its day
    const s = await member.post(`/api/v1/capacity-letters/${letter.id}/sign`, { rowVersion: letter.rowVersion });
    expect(s.status, JSON.stringify(s.body)).toBe(200);
    expect(s.body).toMatchObject({
      status: 'signed',
      statusLabel: '已签署',
      approvedOn: day,
      windowEndsOn: windowEndsOn(day, 12),
      actions: [],
      signatures: [
        { party: 'association', signerName: '赵强' },
        { party: 'society', partyLabel: '乙方', orgName: '济南市机械工程学会', signerName: '孙立' },
      ],
    });
    expect(s.body.signatures.every((x: { digest: string }) => x.digest === letter.contentDigest)).toBe(true);
    letter = s.body;
    expect((await member.post(`/api/v1/capacity-letters/${letter.id}/sign`, { rowVersion: letter.rowVersion })).status).toBe(409);

    expect((await jinan.get(`/api/v1/capacity-applications/${app1}`)).body).toMatchObject({ status: 'funded', statusLabel: '实施中' });
    const [row] = ((await ctx.database.db.execute(sql`SELECT approved_budget FROM capacity_applications WHERE id = ${app1}`)) as unknown as { rows: { approved_budget: unknown }[] }).rows;
    expect(row.approved_budget).toEqual(budget.map((l) => ({ category: l.category, item: l.item, amountFen: l.amountFen, note: l.note })));
    expect(await fundOf(programme1)).toMatchObject({ budgetedFen: 7_000_000, awardedFen: AWARD, committedFen: AWARD, availableFen: 7_000_000 - AWARD, projects: 1, balanced: true });
    const projects = await jinan.get(`/api/v1/programmes/${programme1}/funds/capacity_special_fund/projects`);
    expect(projects.body.items).toEqual([expect.objectContaining({ projectKind: 'capacityApplication', projectId: app1, societyName: '济南市机械工程学会', awardFen: AWARD })]);
    expect(await n(sql`SELECT count(*)::int AS n FROM fund_entries WHERE kind = 'award' AND project_id = ${app1} AND amount_fen = ${AWARD}`)).toBe(1);
    // audited once each, the to-dos done, both parties told
    expect(await n(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'capacityLetter.sign' AND entity_id = ${letter.id}`)).toBe(2);
    expect(await n(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'capacityApplication.fund' AND entity_id = ${app1}`)).toBe(1);
    // (the seed's own fund awards — 001's pilot funding — are not this letter's)
    expect(await n(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'fund.award' AND entity_id::text IN (SELECT id::text FROM fund_entries WHERE project_id = ${app1})`)).toBe(1);
    expect(await n(sql`SELECT count(*)::int AS n FROM todos WHERE entity_id = ${letter.id} AND kind = 'capacityLetter.sign' AND status = 'open'`)).toBe(0);
    for (const org of [ctx.ids.jinan, await orgId('济南市机械工程学会')]) {
      expect(await n(sql`SELECT count(*)::int AS n FROM notifications WHERE entity_id = ${letter.id} AND recipient_org_id = ${org} AND title LIKE '%已签署生效%'`)).toBeGreaterThan(0);
    }
  });

  it('prints the signed letter once and keeps it: the title from agreementKind, both parties and signers, the code and portal address on every page, the amounts', async () => {
    const pdf = await download(jinan, letter.id, 'pdf');
    expect((await download(member, letter.id, 'pdf')).equals(pdf)).toBe(true);
    expect(await n(sql`SELECT count(*)::int AS n FROM capacity_letter_documents WHERE letter_id = ${letter.id} AND format = 'pdf' AND sm3 = ${sm3Hex(pdf)}`)).toBe(1);
    const pages = await pdfPages(pdf);
    const all = pages.join('');
    const code = letter.verificationCode!;
    const verifyUrl = `${ctx.config.publicUrl}/portal/verify`;
    for (const page of pages) {
      expect(page).toContain(`校验码：${code}`);
      expect(page).toContain(squeeze(verifyUrl));
    }
    for (const t of [
      agreementKindLabels.responsibilityLetter,
      `${SEED_YEAR}年济南市科协学会服务能力提升计划`,
      '甲方：济南市科学技术协会',
      '乙方：济南市机械工程学会',
      '黄河流域装备制造高端学术论坛',
      '甲方（盖章）：济南市科学技术协会',
      '乙方（盖章）：济南市机械工程学会',
      '负责人（签字）：赵强',
      '经办人：赵强',
      '经办人：孙立',
      '已电子签章（SM2）',
      squeeze(formatYuan(AWARD)),
      figure(2_012_345),
      figure(800_000),
      figure(2_812_345),
      '连续3年取消其申报资格',
      '12个月内执行完成',
      '乙方应在项目网站公开会议信息。',
      squeeze(`执行期限至${Number(letter.windowEndsOn!.slice(0, 4))}年`), // the window the signature set (checked then)
    ]) {
      expect(all, t).toContain(t);
    }
    expect(all).not.toContain('草稿');
    expect(all).not.toContain('待签署');

    const docx = await download(jinan, letter.id, 'docx');
    expect((await download(jinan, letter.id, 'docx')).equals(docx)).toBe(true);
    const parts = readZipEntries(docx, ['word/document.xml', 'docProps/custom.xml', 'word/footer1.xml', 'word/footer2.xml']);
    const xml = (name: string) => squeeze((parts.get(name)?.toString('utf8') ?? '').replace(/<[^>]+>/g, ''));
    expect(xml('word/document.xml')).toContain('乙方（盖章）');
    expect(xml('docProps/custom.xml')).toContain(code);
    expect(xml('word/footer1.xml') + xml('word/footer2.xml')).toContain(code);
    // readers only
    expect([403, 404]).toContain((await qingdao.request('GET', `/api/v1/capacity-letters/${letter.id}/document?format=pdf`)).status);
  });

  it('verifies on the portal by its code and by the issued file', async () => {
    const v = await anon.get(`/api/v1/public/task-books/verify?code=${letter.verificationCode!.replace(/-/g, '').toLowerCase()}`);
    expect(v.status).toBe(200);
    expect(v.body).toMatchObject({
      valid: true,
      match: 'exact',
      reason: null,
      record: {
        kind: 'capacityLetter',
        kindLabel: agreementKindLabels.responsibilityLetter,
        projectName: '黄河流域装备制造高端学术论坛',
        awardFen: AWARD,
        status: 'signed',
        intact: true,
        parties: [
          { party: 'association', partyLabel: '甲方', orgName: '济南市科学技术协会' },
          { party: 'society', partyLabel: '乙方', orgName: '济南市机械工程学会' },
        ],
        signatures: [
          { party: 'association', valid: true },
          { party: 'society', valid: true },
        ],
      },
    });
    expect(chinaDayOf(new Date(v.body.record.signedAt))).toBe(letter.approvedOn); // the day of the last signature (checked then)

    const pdf = await download(member, letter.id, 'pdf');
    const file = await anon.request('POST', '/api/v1/public/task-books/verify', undefined, { headers: { 'content-type': 'application/pdf' }, rawBody: pdf });
    expect(file.body).toMatchObject({ valid: true, match: 'exact', record: { kind: 'capacityLetter' }, file: { matched: 'pdf', codeInFile: letter.verificationCode } });
    const changed = Buffer.concat([pdf, Buffer.from('\n% 另存时加入的一行\n')]);
    const tampered = await anon.request('POST', '/api/v1/public/task-books/verify', undefined, { headers: { 'content-type': 'application/pdf' }, rawBody: changed });
    expect(tampered.body).toMatchObject({ valid: false, match: 'tampered', record: { kind: 'capacityLetter', verificationCode: letter.verificationCode }, file: { matched: null, codeInFile: letter.verificationCode } });
  });
});

describe('under a changed parameter set (PRG-2)', () => {
  it('writes the programme’s window and debarment into the letter and starts the window it sets', async () => {
    const d = await letterOf(app2);
    const text = d.content.obligations.map((o: { text: string }) => o.text).join('');
    expect(d.content.executionWindowMonths).toBe(6);
    expect(text).toContain('6 个月内执行完成');
    expect(text).toContain('连续 5 年取消其申报资格');
    expect(text).not.toContain('连续 3 年');
    expect(text).toContain('连续 2 年取消其申报资格');
    const f = await jinan.post(`/api/v1/capacity-letters/${d.id}/freeze`, { rowVersion: d.rowVersion });
    const a = await jinan.post(`/api/v1/capacity-letters/${d.id}/sign`, { rowVersion: f.body.rowVersion });
    const day = today();
    const s = await member.post(`/api/v1/capacity-letters/${d.id}/sign`, { rowVersion: a.body.rowVersion });
    expect(s.status, JSON.stringify(s.body)).toBe(200);
    expect(s.body).toMatchObject({ status: 'signed', approvedOn: day, windowEndsOn: windowEndsOn(day, 6) });
    expect(windowEndsOn(day, 6)).not.toBe(windowEndsOn(day, 12));
    const all = (await pdfPages(await download(jinan, d.id, 'pdf'))).join('');
    expect(all).toContain('6个月内执行完成');
    expect(all).toContain('连续5年取消其申报资格');
    expect(await fundOf(programme2)).toMatchObject({ awardedFen: AWARD, balanced: true });
  });
});

describe.skipIf(!onPostgres)('racing final signatures on PostgreSQL', () => {
  it('two accounts of the society sign at once after the association: one completes, the other 409, one award in the ledger', async () => {
    expect(ctx.driver).toBe('postgres');
    await approve(app3);
    const d = await letterOf(app3);
    const f = await jinan.post(`/api/v1/capacity-letters/${d.id}/freeze`, { rowVersion: d.rowVersion });
    const a = await jinan.post(`/api/v1/capacity-letters/${d.id}/sign`, { rowVersion: f.body.rowVersion });
    expect(a.status, JSON.stringify(a.body)).toBe(200);
    const day = today();
    const answers = await Promise.all([member, member2].map((c) => c.post(`/api/v1/capacity-letters/${d.id}/sign`, { rowVersion: a.body.rowVersion })));
    expect(answers.map((r) => r.status).sort(), JSON.stringify(answers.map((r) => r.body))).toEqual([200, 409]);
    expect(answers.find((r) => r.status === 200)!.body).toMatchObject({ status: 'signed', windowEndsOn: windowEndsOn(day, 6) });
    expect(await n(sql`SELECT count(*)::int AS n FROM fund_entries WHERE kind = 'award' AND project_id = ${app3}`)).toBe(1);
    expect(await n(sql`SELECT count(*)::int AS n FROM capacity_letter_signatures WHERE letter_id = ${d.id}`)).toBe(2);
    expect(await n(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'capacityApplication.fund' AND entity_id = ${app3}`)).toBe(1);
    expect(await fundOf(programme2)).toMatchObject({ awardedFen: AWARD + AWARD2, balanced: true });
  }, 60_000);
});
