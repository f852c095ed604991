// Issue 13 step 5 (CAP-5, PUB-1), through HTTP on both drivers, with the demo's 济南市科协 and its
// preset-003 programme (co-managed by 济南市财政局): a call's results go on public notice, anyone
// objects on the portal, the association handles the objections, the notice closes by itself and
// the results are settled by the one rule (upheld → does not proceed; pending → waits; none →
// approved). Applications are created, submitted and passed through the API as
// applications.int.test.ts does; their expert-review results (status selected / notSelected and the
// final score) are then written with SQL — the expert review and the joint decision that make them
// are tested in expert-review.int.test.ts.
// The harness gives every TestClient its own loopback address (127.x.y.z): the per-address limits
// below count one client, and another client is another address.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type SQL } from 'drizzle-orm';
import { SEED_YEAR, TestClient, as, createTestContext, scalar, type Res, type TestContext } from '../../testing/harness.js';
import { openDatabase, type Database } from '../../db/client.js';
import { addDays } from '../../platform/transition.js';
import { chinaDayOf, chinaToday, endOfChinaDay } from '../../../domain/calendar-day.js';
import { OBJECTIONS_PER_ADDRESS_PER_DAY, plusDays } from './notices.js';
import { closeDueNotices, closeDueNoticesJob, type ClosedNotice } from './close-notices.js';

let ctx: TestContext;
let jinan: TestClient; // 济南市科协 (赵强)
let jncz: TestClient; // 济南市财政局 (co-manages: reads, does not handle)
let qingdao: TestClient; // another city's association
let member: TestClient; // 济南市机械工程学会
let zixun: TestClient; // 济南市科技咨询协会
let anon: TestClient;
let programmeId: string;

// Today is read where it is used, never once for the file: a run that crosses China's midnight
// (16:00 UTC) would otherwise expect yesterday of a server starting its notices on the new day.
const today = () => chinaToday();
const CLAUSE = '《实施方案》五、2：评审合格的项目进行公示';
const checklist = ['meets_conditions', 'form_compliant', 'truthful_complete', 'materials_complete', 'budget_reasonable'];
const items = () => checklist.map((code) => ({ code, passed: true, note: null }));
const n = (q: SQL) => scalar(ctx.database.db, q);
const rows = async <T = Record<string, unknown>>(q: SQL): Promise<T[]> => ((await ctx.database.db.execute(q)) as unknown as { rows: T[] }).rows;

async function orgId(name: string): Promise<string> {
  return (await rows<{ id: string }>(sql`SELECT id FROM organisations WHERE name = ${name}`))[0].id;
}
async function userFor(society: string, username: string): Promise<TestClient> {
  const u = await jinan.post('/api/v1/users', { orgId: await orgId(society), username, displayName: `${society}秘书`, password: 'Chengjie@2026', roles: ['society_admin'] });
  expect(u.status, JSON.stringify(u.body)).toBe(201);
  return as(ctx.app, username);
}

async function publishedCall(year: number, types: { code: string; quota: number; awardFen: number }[]): Promise<string> {
  const c = await jinan.post(`/api/v1/programmes/${programmeId}/capacity-calls`, {
    year,
    title: `关于申报${year}年度学会服务能力提升计划项目的通知`,
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

/** An application written, submitted and passed at formal review through the API. */
async function passedApplication(society: TestClient, callId: string, typeCode: string, title: string): Promise<string> {
  const c = await society.post(`/api/v1/capacity-calls/${callId}/applications`, {
    typeCode,
    title,
    goals: '围绕学会服务能力提升开展系列工作，形成可推广的经验。',
    indicators: [{ label: '举办活动', target: '2 场' }],
    budget: [{ category: 'activities', item: '会务费', amountFen: 1_500_000, note: '场地、资料' }],
    contactName: '王敏',
    contactPhone: '0531-00000001',
  });
  expect(c.status, JSON.stringify(c.body)).toBe(201);
  const s = await society.post(`/api/v1/capacity-applications/${c.body.id}/submit`, { rowVersion: c.body.rowVersion });
  expect(s.status, JSON.stringify(s.body)).toBe(200);
  const r = await jinan.post(`/api/v1/capacity-applications/${c.body.id}/review`, { rowVersion: s.body.rowVersion, decision: 'pass', items: items() });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return c.body.id;
}

/** The expert review's outcome, written directly (the flow that makes it: expert-review.int.test.ts). */
async function setResult(id: string, status: 'selected' | 'notSelected' | 'passed', hundredths: number | null = null) {
  await ctx.database.db.execute(
    sql`UPDATE capacity_applications SET status = ${status}, final_score_hundredths = ${hundredths}, score_method = ${hundredths === null ? null : 'trimmed'}, scored_at = ${hundredths === null ? null : sql`now()`} WHERE id = ${id}`,
  );
}
const appStatus = async (id: string) => (await rows<{ status: string }>(sql`SELECT status FROM capacity_applications WHERE id = ${id}`))[0].status;
const noticeRow = async (id: string) =>
  (await rows<{ status: string; closed_at: unknown; row_version: number; starts_on: string; ends_on: string }>(sql`SELECT status, closed_at, row_version, starts_on, ends_on FROM capacity_notices WHERE id = ${id}`))[0];
const objection = (client: TestClient, noticeId: string, body: Record<string, unknown>) => client.post(`/api/v1/public/capacity-notices/${noticeId}/objections`, body);
const openTodos = (id: string) => n(sql`SELECT count(*)::int AS n FROM todos WHERE entity_id = ${id} AND kind = 'capacityObjection.handle' AND status = 'open'`);
const notes = (orgName: string, title: string) =>
  n(sql`SELECT count(*)::int AS n FROM notifications x JOIN organisations o ON o.id = x.recipient_org_id WHERE o.name = ${orgName} AND x.title = ${title}`);

/** The notice's objection by its content (the association's view). */
async function objectionOf(noticeId: string, content: string): Promise<{ id: string; rowVersion: number; status: string }> {
  const d = await jinan.get(`/api/v1/capacity-notices/${noticeId}`);
  return d.body.objections.find((o: { content: string }) => o.content === content);
}

beforeAll(async () => {
  ctx = await createTestContext();
  [jinan, jncz, qingdao] = await Promise.all(['jinan.admin', 'jncz.user', 'qingdao.admin'].map((u) => as(ctx.app, u)));
  anon = new TestClient(ctx.app);
  programmeId = ctx.ids.programmes.jinan;
  const prog = await jinan.get(`/api/v1/programmes/${programmeId}`);
  if (prog.body.status !== 'published') {
    const pub = await jinan.post(`/api/v1/programmes/${programmeId}/publish`, { version: prog.body.version, confirmPastStages: true });
    expect(pub.status, JSON.stringify(pub.body)).toBe(200);
  }
  member = await userFor('济南市机械工程学会', 'jnjixie.user');
  zixun = await userFor('济南市科技咨询协会', 'jnzixun.user');
}, 180_000);
afterAll(async () => ctx?.close());

describe('the notice of a call’s results and its objections (CAP-5, PUB-1)', () => {
  let callId: string;
  const app: Record<'a1' | 'a2' | 'a3' | 'a4' | 'a5', string> = { a1: '', a2: '', a3: '', a4: '', a5: '' };
  let noticeId: string;
  let startsOn: string;
  let endsOn: string;
  const input = { title: `${SEED_YEAR}年度学会服务能力提升计划拟资助项目公示`, body: '经形式审查、专家评审，现将拟资助项目予以公示。如有异议，请在公示期内提出。' };

  it('refuses the notice while a result is undecided, citing the clause; and refuses those who do not publish it', async () => {
    callId = await publishedCall(SEED_YEAR, [
      { code: 'academic_exchange', quota: 5, awardFen: 3_000_000 },
      { code: 'social_service', quota: 5, awardFen: 3_000_000 },
      { code: 'self_building', quota: 5, awardFen: 2_000_000 },
    ]);
    app.a1 = await passedApplication(member, callId, 'academic_exchange', '黄河流域装备制造高端学术论坛');
    app.a2 = await passedApplication(member, callId, 'social_service', '装备制造团体标准研制');
    app.a3 = await passedApplication(member, callId, 'self_building', '会员服务信息化平台建设');
    app.a4 = await passedApplication(zixun, callId, 'academic_exchange', '科技咨询服务论坛');
    app.a5 = await passedApplication(zixun, callId, 'social_service', '科技成果评价服务');
    await setResult(app.a1, 'selected', 8567);
    await setResult(app.a2, 'selected', 9012);
    await setResult(app.a3, 'selected', 7800);
    await setResult(app.a4, 'selected', 8100);
    // a5 is still 形式审查通过: the expert review has not finished for it

    const list = await jinan.get(`/api/v1/capacity-calls/${callId}/notices`);
    expect(list.body).toMatchObject({ items: [], actions: ['publishResult'], undecided: 1, selected: 4, periodDays: (await jinan.get(`/api/v1/programmes/${programmeId}`)).body.parameters.noticePeriodDays });
    const refused = await jinan.post(`/api/v1/capacity-calls/${callId}/notices`, input);
    expect([refused.status, refused.body.code]).toEqual([409, 'INVALID_STATE']);
    expect(refused.body).toMatchObject({ rule: 'CAP-5', clause: CLAUSE, undecided: 1 });
    expect(refused.body.detail).toContain('尚有 1 份申报未确定评审结果（形式审查通过）');
    expect(refused.body.detail).toContain(CLAUSE);

    await setResult(app.a5, 'notSelected', 6000);
    expect((await jncz.post(`/api/v1/capacity-calls/${callId}/notices`, input)).status).toBe(403);
    expect((await member.post(`/api/v1/capacity-calls/${callId}/notices`, input)).status).toBe(403);
    expect((await qingdao.post(`/api/v1/capacity-calls/${callId}/notices`, input)).status).toBe(403);
    expect((await anon.post(`/api/v1/capacity-calls/${callId}/notices`, input)).status).toBe(401);
    const noTitle = await jinan.post(`/api/v1/capacity-calls/${callId}/notices`, { ...input, title: ' ' });
    expect(noTitle.status).toBe(400);
    expect(await n(sql`SELECT count(*)::int AS n FROM capacity_notices`)).toBe(0);
  }, 180_000);

  it('publishes the selected results from today for the programme’s notice period; once per call', async () => {
    const params = (await jinan.get(`/api/v1/programmes/${programmeId}`)).body.parameters;
    startsOn = today(); // the notice starts on the day it is published, right below
    const p = await jinan.post(`/api/v1/capacity-calls/${callId}/notices`, input);
    expect(p.status, JSON.stringify(p.body)).toBe(201);
    noticeId = p.body.id;
    endsOn = plusDays(startsOn, params.noticePeriodDays);
    expect(p.headers.location).toBe(`/api/v1/capacity-notices/${noticeId}`);
    expect(p.body).toMatchObject({
      kind: 'result',
      kindLabel: '评审结果公示',
      title: input.title,
      startsOn,
      endsOn,
      status: 'open',
      statusLabel: '公示中',
      acceptsObjections: true,
      resultCount: 4,
      objections: [],
      publishedByName: '赵强',
    });
    expect(new Set(p.body.results.map((r: { applicationId: string }) => r.applicationId))).toEqual(new Set([app.a1, app.a2, app.a3, app.a4]));
    expect(p.body.results[0]).toMatchObject({ societyName: '济南市机械工程学会', typeName: '学术交流项目', projectTitle: '黄河流域装备制造高端学术论坛', scoreText: '85.67', awardFen: 3_000_000, status: 'selected', statusLabel: '拟资助' });
    // the societies of the selected results are told; the one not selected on this call only for its selected one
    expect(await notes('济南市机械工程学会', '项目评审结果公示')).toBe(3);
    expect(await notes('济南市科技咨询协会', '项目评审结果公示')).toBe(1);
    expect(await n(sql`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = ${noticeId} AND action = 'capacityNotice.publish'`)).toBe(1);

    const again = await jinan.post(`/api/v1/capacity-calls/${callId}/notices`, input);
    expect([again.status, again.body.code]).toEqual([409, 'DUPLICATE']);
    const list = await jinan.get(`/api/v1/capacity-calls/${callId}/notices`);
    expect(list.body).toMatchObject({ actions: [], undecided: 0, selected: 4, items: [{ id: noticeId, pendingObjections: 0 }] });
    // the co-managing finance bureau reads it, without handling; a society and another city do not
    expect((await jncz.get(`/api/v1/capacity-notices/${noticeId}`)).status).toBe(200);
    expect((await member.get(`/api/v1/capacity-notices/${noticeId}`)).status).toBe(404);
    expect([403, 404]).toContain((await qingdao.get(`/api/v1/capacity-notices/${noticeId}`)).status);
    expect((await member.get(`/api/v1/capacity-calls/${callId}/notices`)).status).toBe(403);
  });

  it('shows the notice on the portal with public fields only', async () => {
    const list = await anon.get('/api/v1/public/capacity-notices?count=exact');
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(1);
    const item = list.body.items[0];
    expect(Object.keys(item).sort()).toEqual(['acceptsObjections', 'associationName', 'endsOn', 'id', 'kind', 'kindLabel', 'programmeName', 'publishedAt', 'resultCount', 'startsOn', 'status', 'statusLabel', 'title'].sort());
    expect(item).toMatchObject({ id: noticeId, statusLabel: '公示中', associationName: '济南市科学技术协会', acceptsObjections: true });

    const d = await anon.get(`/api/v1/public/capacity-notices/${noticeId}`);
    expect(d.status).toBe(200);
    expect(d.body).toMatchObject({ title: input.title, body: input.body, startsOn, endsOn, statusLabel: '公示中' });
    for (const r of d.body.results) expect(Object.keys(r).sort()).toEqual(['applicationId', 'awardFen', 'projectTitle', 'scoreText', 'societyName', 'typeName']);
    expect(d.body.results.map((r: { scoreText: string }) => r.scoreText)).toEqual(['85.67', '81.00', '90.12', '78.00']);
    expect((await anon.get('/api/v1/public/capacity-notices/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('takes an objection while open: name and contact encrypted, the address as a keyed hash, a receipt and nothing else', async () => {
    const objector = new TestClient(ctx.app);
    const bad = await objection(objector, noticeId, { applicationId: app.a1, content: '申报材料与实际不符', contact: '随便' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ path: 'body.contact', message: '联系方式应为电话号码或电子邮箱' }]);
    const notOnIt = await objection(objector, noticeId, { applicationId: app.a5, content: '未入选项目也应公示', contact: '13812345678' });
    expect(notOnIt.status).toBe(400);
    expect(notOnIt.body.errors[0]).toMatchObject({ path: 'body.applicationId', message: '所选项目不在本次公示中' });
    expect((await objection(objector, noticeId, { applicationId: app.a1, content: ' ', contact: '13812345678' })).status).toBe(400);
    expect(await n(sql`SELECT count(*)::int AS n FROM capacity_objections`)).toBe(0);

    const ok = await objection(objector, noticeId, { applicationId: app.a1, content: '该论坛去年已由其他经费举办，重复申报', name: '张三', contact: '13812345678' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(Object.keys(ok.body).sort()).toEqual(['createdAt', 'id', 'message']);
    expect(ok.body.message).toContain('已受理');
    const [row] = await rows<{ name_enc: string; contact_enc: string; ip_hash: string; content: string }>(sql`SELECT name_enc, contact_enc, ip_hash, content FROM capacity_objections WHERE id = ${ok.body.id}`);
    expect(row.contact_enc).not.toContain('13812345678');
    expect(row.contact_enc.startsWith('sm4v1:')).toBe(true);
    expect(ctx.cipher.decrypt(row.contact_enc)).toBe('13812345678');
    expect(row.name_enc).not.toContain('张三');
    expect(ctx.cipher.decrypt(row.name_enc)).toBe('张三');
    expect(row.ip_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.ip_hash).not.toContain(objector.ip);
    expect(row.ip_hash).toBe(ctx.cipher.keyedHash('capacity-objection/ip', objector.ip));
    // nothing of the objector in the audit row; a to-do and a notification for the association
    const [audit] = await rows<{ actor_user_id: string | null; ip: string | null; after: Record<string, unknown> }>(sql`SELECT actor_user_id, ip, after FROM audit_log WHERE entity_id = ${ok.body.id}`);
    expect(audit).toEqual({ actor_user_id: null, ip: null, after: { status: 'pending', applicationId: app.a1 } });
    expect(await openTodos(ok.body.id)).toBe(1);
    const todos = await jinan.get('/api/v1/todos?status=open');
    expect(todos.body.items.some((t: { kind: string; link: string }) => t.kind === 'capacityObjection.handle' && t.link === `/app/capacity-notices/${noticeId}`)).toBe(true);

    // two more, from other addresses: on a2 and on a3
    expect((await objection(new TestClient(ctx.app), noticeId, { applicationId: app.a2, content: '标准研制已有国家标准覆盖', contact: 'li@example.com' })).status).toBe(201);
    expect((await objection(new TestClient(ctx.app), noticeId, { applicationId: app.a3, content: '信息化平台预算偏高', contact: '0531-88886666' })).status).toBe(201);

    // the portal shows none of it
    const pub = await anon.get(`/api/v1/public/capacity-notices/${noticeId}`);
    const text = pub.raw.toString('utf8');
    for (const secret of ['13812345678', '张三', 'li@example.com', '重复申报', objector.ip, row.ip_hash]) expect(text).not.toContain(secret);
  });

  it('shows the association the objections with masked contacts; the whole contact is a separate, audited read for those who handle them', async () => {
    const d = await jinan.get(`/api/v1/capacity-notices/${noticeId}`);
    expect(d.body.pendingObjections).toBe(3);
    const o1 = d.body.objections.find((o: { applicationId: string }) => o.applicationId === app.a1);
    expect(o1).toMatchObject({ nameMasked: '张*', contactMasked: '138****5678', status: 'pending', statusLabel: '待处理', projectTitle: '黄河流域装备制造高端学术论坛', societyName: '济南市机械工程学会', actions: ['handle', 'viewContact'] });
    expect(d.body.objections.find((o: { applicationId: string }) => o.applicationId === app.a2).contactMasked).toBe('l***@example.com');
    expect(JSON.stringify(d.body)).not.toContain('13812345678');
    expect(d.body.results.find((r: { applicationId: string }) => r.applicationId === app.a1)).toMatchObject({ pendingObjections: 1, upheldObjections: 0 });
    // the finance bureau reads it, with no action
    expect((await jncz.get(`/api/v1/capacity-notices/${noticeId}`)).body.objections.every((o: { actions: string[] }) => o.actions.length === 0)).toBe(true);

    const before = await n(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'pii.view' AND entity_id = ${o1.id}`);
    const pii = await jinan.get(`/api/v1/capacity-objections/${o1.id}/personal-data`);
    expect(pii.body).toEqual({ name: '张三', contact: '13812345678' });
    expect(await n(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'pii.view' AND entity_type = 'capacity_objection' AND entity_id = ${o1.id}`)).toBe(before + 1);
    expect((await jncz.get(`/api/v1/capacity-objections/${o1.id}/personal-data`)).status).toBe(403);
    expect([403, 404]).toContain((await qingdao.get(`/api/v1/capacity-objections/${o1.id}/personal-data`)).status);
    expect((await anon.get(`/api/v1/capacity-objections/${o1.id}/personal-data`)).status).toBe(401);
  });

  it('handles an objection once with its reasons: upheld on one result, not upheld on another; the society is told', async () => {
    const o1 = await objectionOf(noticeId, '该论坛去年已由其他经费举办，重复申报');
    const o2 = await objectionOf(noticeId, '标准研制已有国家标准覆盖');
    const noReason = await jinan.post(`/api/v1/capacity-objections/${o1.id}/handle`, { rowVersion: o1.rowVersion, outcome: 'upheld', reason: '' });
    expect(noReason.status).toBe(400);
    expect((await jncz.post(`/api/v1/capacity-objections/${o1.id}/handle`, { rowVersion: o1.rowVersion, outcome: 'upheld', reason: '核实' })).status).toBe(403);
    expect([403, 404]).toContain((await qingdao.post(`/api/v1/capacity-objections/${o1.id}/handle`, { rowVersion: o1.rowVersion, outcome: 'upheld', reason: '核实' })).status);
    const stale = await jinan.post(`/api/v1/capacity-objections/${o1.id}/handle`, { rowVersion: o1.rowVersion + 1, outcome: 'upheld', reason: '核实' });
    expect([stale.status, stale.body.code]).toEqual([409, 'CONFLICT']);

    const h1 = await jinan.post(`/api/v1/capacity-objections/${o1.id}/handle`, { rowVersion: o1.rowVersion, outcome: 'upheld', reason: '经核查，该论坛已获其他财政资金资助，属重复申报' });
    expect(h1.status, JSON.stringify(h1.body)).toBe(200);
    expect(h1.body.objections.find((o: { id: string }) => o.id === o1.id)).toMatchObject({ status: 'upheld', statusLabel: '异议成立', handledByName: '赵强', outcomeReason: '经核查，该论坛已获其他财政资金资助，属重复申报', actions: ['viewContact'] });
    expect(h1.body.results.find((r: { applicationId: string }) => r.applicationId === app.a1)).toMatchObject({ upheldObjections: 1, pendingObjections: 0, status: 'selected' });
    const second = await jinan.post(`/api/v1/capacity-objections/${o1.id}/handle`, { rowVersion: o1.rowVersion + 1, outcome: 'notUpheld', reason: '改判' });
    expect([second.status, second.body.code]).toEqual([409, 'INVALID_STATE']);
    expect(await openTodos(o1.id)).toBe(0);
    expect(await notes('济南市机械工程学会', '公示异议经核查成立')).toBe(1);

    const h2 = await jinan.post(`/api/v1/capacity-objections/${o2.id}/handle`, { rowVersion: o2.rowVersion, outcome: 'notUpheld', reason: '国家标准未覆盖本地区装备制造细分领域' });
    expect(h2.status).toBe(200);
    expect(await notes('济南市机械工程学会', '公示异议经核查不成立')).toBe(1);
    // the notice is still open: nothing is settled before it closes
    expect(await appStatus(app.a1)).toBe('selected');
    expect(await appStatus(app.a2)).toBe('selected');
    const audit = await rows<{ action: string; before: unknown; after: unknown; reason: string }>(sql`SELECT action, before, after, reason FROM audit_log WHERE entity_id = ${o1.id} AND action = 'capacityObjection.handle'`);
    expect(audit).toEqual([{ action: 'capacityObjection.handle', before: { status: 'pending' }, after: { status: 'upheld', applicationId: app.a1 }, reason: '经核查，该论坛已获其他财政资金资助，属重复申报' }]);
  });

  let later: { callId: string; noticeId: string; appId: string; startsOn: string; endsOn: string };
  it('follows a changed notice period (PRG-2): 7 days on the programme → the notice ends 7 days on; none selected → refused', async () => {
    const prog = await jinan.get(`/api/v1/programmes/${programmeId}`);
    const patched = await jinan.patch(`/api/v1/programmes/${programmeId}`, { version: prog.body.version, reason: '公示期调整为 7 天', parameters: { ...prog.body.parameters, noticePeriodDays: 7 } });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    const call2 = await publishedCall(SEED_YEAR + 1, [{ code: 'academic_exchange', quota: 3, awardFen: 3_000_000 }]);
    const a = await passedApplication(member, call2, 'academic_exchange', '智能制造青年学者沙龙');
    expect((await jinan.get(`/api/v1/capacity-calls/${call2}/notices`)).body).toMatchObject({ periodDays: 7, undecided: 1, selected: 0 });
    await setResult(a, 'notSelected', 7000);
    const none = await jinan.post(`/api/v1/capacity-calls/${call2}/notices`, input);
    expect([none.status, none.body.code, none.body.clause]).toEqual([409, 'INVALID_STATE', CLAUSE]);
    expect(none.body.detail).toContain('没有拟资助的项目');
    await setResult(a, 'selected', 8800);
    const day = today();
    const p = await jinan.post(`/api/v1/capacity-calls/${call2}/notices`, { ...input, title: `${SEED_YEAR + 1}年度拟资助项目公示` });
    expect(p.status, JSON.stringify(p.body)).toBe(201);
    expect(p.body).toMatchObject({ startsOn: day, endsOn: plusDays(day, 7) });
    expect(plusDays(day, 7)).not.toBe(endsOn);
    later = { callId: call2, noticeId: p.body.id, appId: a, startsOn: p.body.startsOn, endsOn: p.body.endsOn };
  }, 120_000);

  it(`limits objections per address: ${OBJECTIONS_PER_ADDRESS_PER_DAY} a day on one notice, then 429; another address still objects`, async () => {
    const busy = new TestClient(ctx.app);
    for (let i = 0; i < OBJECTIONS_PER_ADDRESS_PER_DAY; i++) {
      const r = await objection(busy, later.noticeId, { applicationId: later.appId, content: `第 ${i + 1} 条意见`, contact: '13900000000' });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    const over = await objection(busy, later.noticeId, { applicationId: later.appId, content: '再一条', contact: '13900000000' });
    expect([over.status, over.body.code]).toEqual([429, 'RATE_LIMITED']);
    expect(over.body.detail).toContain(`最多提出 ${OBJECTIONS_PER_ADDRESS_PER_DAY} 条异议`);
    expect(await n(sql`SELECT count(*)::int AS n FROM capacity_objections WHERE notice_id = ${later.noticeId}`)).toBe(OBJECTIONS_PER_ADDRESS_PER_DAY);
    expect((await objection(new TestClient(ctx.app), later.noticeId, { applicationId: later.appId, content: '另一位公众的意见', contact: '13900000001' })).status).toBe(201);
  });

  it('closes the notice by itself after its last day, exactly once, and settles each result by the rule', async () => {
    const jobs = closeDueNoticesJob(ctx.database.db);
    expect(jobs.name).toBe('close-capacity-notices');
    // open through its last day (China time)
    expect((await closeDueNotices(ctx.database.db, endOfChinaDay(endsOn))).map((x) => x.id)).toEqual([]);
    const after = new Date(endOfChinaDay(endsOn).getTime() + 1000); // 00:00:00 the next day; the 7-day notice stays open
    const before = await noticeRow(noticeId);

    // two runs at the same moment (two processes on PostgreSQL: two connection pools), then once more
    let second: Database | null = null;
    let third: Database | null = null;
    if (ctx.driver === 'postgres') {
      const [{ name }] = await rows<{ name: string }>(sql`SELECT current_database() AS name`);
      const url = new URL(process.env.TEST_DATABASE_URL!);
      url.pathname = `/${name}`;
      second = await openDatabase({ url: url.toString(), poolSize: 2 });
      third = await openDatabase({ url: url.toString(), poolSize: 2 });
    }
    let runs: ClosedNotice[][];
    try {
      const dbs = second && third ? [second.db, third.db] : [ctx.database.db, ctx.database.db];
      runs = await Promise.all(dbs.map((db) => closeDueNotices(db, after)));
      runs.push(await closeDueNotices(ctx.database.db, after));
    } finally {
      await second?.close();
      await third?.close();
    }
    expect(runs.flat()).toEqual([{ id: noticeId, title: input.title, endsOn, rowVersion: before.row_version + 1, approved: 2, upheld: 1, held: 1 }]);
    expect(await noticeRow(noticeId)).toMatchObject({ status: 'closed', row_version: before.row_version + 1 });
    expect((await noticeRow(later.noticeId)).status).toBe('open');
    expect(await n(sql`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = ${noticeId} AND action = 'capacityNotice.autoClose' AND actor_user_id IS NULL`)).toBe(1);

    expect(await appStatus(app.a1)).toBe('objectionUpheld'); // upheld: does not proceed
    expect(await appStatus(app.a2)).toBe('approved'); // not upheld
    expect(await appStatus(app.a3)).toBe('selected'); // pending: waits for the handling
    expect(await appStatus(app.a4)).toBe('approved'); // no objection
    expect(await appStatus(app.a5)).toBe('notSelected'); // never on the notice
    expect(await notes('济南市机械工程学会', '公示异议成立，项目不予资助')).toBe(1);
    expect(await notes('济南市科技咨询协会', '公示期满无异议，项目确定资助')).toBe(1);
    expect(await n(sql`SELECT count(*)::int AS n FROM audit_log WHERE action IN ('capacityApplication.approve', 'capacityApplication.uphold') AND actor_user_id IS NULL`)).toBe(3);
    expect(await jobs.run(after)).toEqual({ closed: 0 });

    const pub = await anon.get(`/api/v1/public/capacity-notices/${noticeId}`);
    expect(pub.body).toMatchObject({ status: 'closed', statusLabel: '已结束', acceptsObjections: false });
  }, 120_000);

  it('refuses an objection outside the period', async () => {
    const late = await objection(new TestClient(ctx.app), noticeId, { applicationId: app.a4, content: '迟到的意见', contact: '13900000002' });
    expect([late.status, late.body.code]).toEqual([409, 'INVALID_STATE']);
    expect(late.body.detail).toContain('公示已结束');
    // a notice whose period has not begun (written with SQL: the API always starts today)
    await ctx.database.db.execute(sql`UPDATE capacity_notices SET starts_on = ${plusDays(today(), 1)} WHERE id = ${later.noticeId}`);
    const early = await objection(new TestClient(ctx.app), later.noticeId, { applicationId: later.appId, content: '提前的意见', contact: '13900000003' });
    expect([early.status, early.body.code]).toEqual([409, 'INVALID_STATE']);
    expect(early.body.detail).toContain('届时受理异议');
    await ctx.database.db.execute(sql`UPDATE capacity_notices SET starts_on = ${later.startsOn} WHERE id = ${later.noticeId}`);
  });

  it('handles a pending objection after the close: its result is settled then', async () => {
    const o3 = await objectionOf(noticeId, '信息化平台预算偏高');
    const h = await jinan.post(`/api/v1/capacity-objections/${o3.id}/handle`, { rowVersion: o3.rowVersion, outcome: 'notUpheld', reason: '预算经专家评审认定合理' });
    expect(h.status, JSON.stringify(h.body)).toBe(200);
    expect(await appStatus(app.a3)).toBe('approved');
    expect(h.body.results.find((r: { applicationId: string }) => r.applicationId === app.a3)).toMatchObject({ status: 'approved', statusLabel: '公示无异议' });
    expect(h.body.pendingObjections).toBe(0);
    const [audit] = await rows<{ actor_user_id: string | null }>(sql`SELECT actor_user_id FROM audit_log WHERE entity_id = ${app.a3} AND action = 'capacityApplication.approve'`);
    expect(audit.actor_user_id).not.toBeNull();
  });

  it.runIf(process.env.TEST_DATABASE_URL)('two handlings of one objection at the same moment: one 200, one 409 (PostgreSQL)', async () => {
    const o = (await jinan.get(`/api/v1/capacity-notices/${later.noticeId}`)).body.objections.find((x: { status: string }) => x.status === 'pending');
    const other = await as(ctx.app, 'jinan.admin');
    const results: Res[] = await Promise.all([
      jinan.post(`/api/v1/capacity-objections/${o.id}/handle`, { rowVersion: o.rowVersion, outcome: 'upheld', reason: '甲的意见' }),
      other.post(`/api/v1/capacity-objections/${o.id}/handle`, { rowVersion: o.rowVersion, outcome: 'notUpheld', reason: '乙的意见' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await n(sql`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = ${o.id} AND action = 'capacityObjection.handle'`)).toBe(1);
  });
});
