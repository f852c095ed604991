// Issue 14 §1 (EVA-4), through HTTP on both drivers. Under presets 002 and 004 the association creates
// a survey of its programme for the groups the programme's parameter `satisfactionSurvey` names (001
// names none: refused, naming the parameter), edits it while a draft, opens it — the department and
// the society of the programme's pilot project are invited, each with a to-do — invites another
// organisation of its subtree, and closes it. Each invitation is answered once (a second answer, even
// a simultaneous one, is 409); the results give the rates as 004 reports them. Under 002 the public
// answers through anonymous links (no user, address or organisation kept), at a page without login,
// rate-limited per address (429 problem+json). Refusals change nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { TestClient, as, createTestContext, scalar, type Res, type TestContext } from '../../testing/harness.js';
import { establishProject } from '../../testing/project-fixture.js';
import { PUBLIC_ANSWERS_PER_MINUTE } from './routes.js';

let ctx: TestContext;
let admin: TestClient;
let kjt: TestClient;
let jixie: TestClient;
let qingdao: TestClient;
const db = () => ctx.database.db;
const n = (q: ReturnType<typeof sql>) => scalar(db(), q);
const day = (offset: number) => new Date(Date.now() + 8 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  ctx = await createTestContext();
  [admin, kjt, jixie, qingdao] = await Promise.all(['sheng.admin', 'kjt.user', 'jixie.user', 'qingdao.admin'].map((u) => as(ctx.app, u)));
}, 180_000);
afterAll(async () => ctx?.close());

const writes = async () => [
  await n(sql`SELECT count(*)::int AS n FROM satisfaction_surveys`),
  await n(sql`SELECT coalesce(sum(row_version), 0)::int AS n FROM satisfaction_surveys`),
  await n(sql`SELECT count(*)::int AS n FROM survey_invitations`),
  await n(sql`SELECT count(*)::int AS n FROM survey_answers`),
  await n(sql`SELECT count(*)::int AS n FROM audit_log WHERE action LIKE 'survey%'`),
];

const ratings = (overall: number, rest = overall) => ({ overall, service: rest, neutrality: rest, procedure: rest, delivery: rest, guidance: rest });
const problem = (res: Res) => expect(res.headers['content-type']).toMatch(/application\/problem\+json/);

async function newSurvey(programmeId: string, groups: string[], extra: Record<string, unknown> = {}) {
  const res = await admin.post(`/api/v1/programmes/${programmeId}/surveys`, { title: '试点工作满意度调查', intro: '请根据实际感受评价。', groups, opensOn: day(0), closesOn: day(30), ...extra });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; rowVersion: number; actions: string[] };
}
const open = async (id: string) => {
  const cur = (await admin.get(`/api/v1/surveys/${id}`)).body;
  const res = await admin.post(`/api/v1/surveys/${id}/open`, { rowVersion: cur.rowVersion });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};

describe.each([
  ['002', ['department', 'public', 'society']],
  ['004', ['department', 'society']],
] as const)('a survey under preset %s (EVA-4)', (preset, named) => {
  it('is created for the groups the programme names, edited as a draft, opened to the project’s parties, answered once each, and closed', async () => {
    const est = await establishProject(ctx, admin, kjt, preset, `预置${preset}满意度调查项目`);
    // the programme names the groups; the list of programmes says so
    const progs = (await admin.get('/api/v1/surveys/programmes')).body.items;
    expect(progs.find((p: { id: string }) => p.id === est.programmeId)).toMatchObject({ groups: [...named].sort((a, b) => ['department', 'society', 'public'].indexOf(a) - ['department', 'society', 'public'].indexOf(b)), refusal: null, satisfiedRule: '总体评价为非常满意、满意、基本满意的计为满意' });

    // refusals: a group the programme does not name (004: the public), the wrong parties, bad dates — nothing written
    const before = await writes();
    if (preset === '004') {
      const pub = await admin.post(`/api/v1/programmes/${est.programmeId}/surveys`, { title: '公众调查', groups: ['department', 'public'], opensOn: day(0), closesOn: day(30) });
      expect(pub.status).toBe(400);
      expect(pub.body.errors).toEqual([{ path: 'body.groups.1', message: '方案的“满意度调查对象”不包括社会公众（方案规定：政府部门、学会）' }]);
    }
    expect((await kjt.post(`/api/v1/programmes/${est.programmeId}/surveys`, { title: 'x', groups: ['department'], opensOn: day(0), closesOn: day(1) })).status).toBe(403);
    expect((await qingdao.post(`/api/v1/programmes/${est.programmeId}/surveys`, { title: 'x', groups: ['department'], opensOn: day(0), closesOn: day(1) })).status).toBe(403);
    const dates = await admin.post(`/api/v1/programmes/${est.programmeId}/surveys`, { title: 'x', groups: ['department'], opensOn: day(3), closesOn: day(1) });
    expect(dates.status).toBe(400);
    expect(dates.body.errors[0]).toMatchObject({ path: 'body.closesOn', message: '截止日期不能早于开始日期' });
    expect(await writes()).toEqual(before);

    // a draft, edited: the organisations only
    const draft = await newSurvey(est.programmeId, ['society']);
    expect(draft).toMatchObject({ status: 'draft', phase: 'draft', actions: ['edit', 'open'], groups: ['society'], year: Number(day(0).slice(0, 4)) });
    expect((await admin.get(`/api/v1/surveys/${draft.id}`)).body.questions[0]).toMatchObject({ key: 'overall', kind: 'rating' });
    const edited = await admin.put(`/api/v1/surveys/${draft.id}`, { title: `${preset} 试点项目满意度调查`, groups: ['society', 'department'], opensOn: day(0), closesOn: day(20), rowVersion: draft.rowVersion });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body).toMatchObject({ groups: ['department', 'society'], closesOn: day(20), rowVersion: draft.rowVersion + 1 });
    const stale = await admin.put(`/api/v1/surveys/${draft.id}`, { title: '过期的修改', groups: ['society'], opensOn: day(0), closesOn: day(20), rowVersion: draft.rowVersion });
    expect([stale.status, stale.body.code]).toEqual([409, 'CONFLICT']);
    // no answers to a draft
    expect((await jixie.post(`/api/v1/surveys/${draft.id}/answer`, { answers: ratings(5) })).status).toBe(403);

    // opened: the project's department and society are invited, each with a to-do and a notification
    const opened = await open(draft.id);
    expect(opened).toMatchObject({ status: 'open', phase: 'open', phaseLabel: '填写中', actions: ['close', 'invite'], counts: [{ group: 'department', invited: 1, answered: 0 }, { group: 'society', invited: 1, answered: 0 }] });
    expect((await admin.put(`/api/v1/surveys/${draft.id}`, { title: 'x', groups: ['society'], opensOn: day(0), closesOn: day(20), rowVersion: opened.rowVersion })).body.code).toBe('INVALID_STATE');
    const todos = await n(sql`SELECT count(*)::int AS n FROM todos WHERE entity_id = ${draft.id} AND kind = 'survey.answer' AND status = 'open' AND due_at IS NOT NULL`);
    expect(todos).toBe(2);
    const todo = (await jixie.get('/api/v1/todos?status=open&limit=100')).body.items.find((t: { entityId: string }) => t.entityId === draft.id);
    expect(todo).toMatchObject({ kind: 'survey.answer', kindLabel: '填写满意度调查', link: `/app/my-surveys?survey=${draft.id}` });
    const invited = (await admin.get(`/api/v1/surveys/${draft.id}/invitations?count=exact`)).body;
    expect(invited.total).toBe(2);
    expect(invited.items.map((i: { label: string; group: string; link: string | null }) => [i.group, i.label, i.link])).toEqual(
      expect.arrayContaining([
        ['department', '山东省科学技术厅', null],
        ['society', '山东省机械工程学会', null],
      ]),
    );

    // another society of the subtree invited; a review office or an evaluator is no respondent of these groups
    const nongxue = ctx.ids.orgs['山东省农学会'];
    const wrong = await admin.post(`/api/v1/surveys/${draft.id}/invitations`, { orgIds: [ctx.ids.orgs['中共山东省委机构编制委员会办公室'], ctx.ids.orgs['山东省科技评估中心']] });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors).toEqual([
      { path: 'body.orgIds.0', message: '本次调查的对象是政府部门、学会，中共山东省委机构编制委员会办公室不属于调查对象' },
      { path: 'body.orgIds.1', message: '本次调查的对象是政府部门、学会，山东省科技评估中心不属于调查对象' },
    ]);
    const more = await admin.post(`/api/v1/surveys/${draft.id}/invitations`, { orgIds: [nongxue] });
    expect(more.status, JSON.stringify(more.body)).toBe(200);
    expect(more.body.counts.find((c: { group: string }) => c.group === 'society').invited).toBe(2);
    expect((await admin.post(`/api/v1/surveys/${draft.id}/invitations`, { orgIds: [nongxue] })).body.errors[0].message).toBe('山东省农学会已在邀请名单中');

    // the society sees its invitation with the questionnaire; answers; a second answer is 409
    const mine = (await jixie.get(`/api/v1/surveys/mine?surveyId=${draft.id}`)).body.items[0];
    expect(mine).toMatchObject({ group: 'society', status: 'pending', mayAnswer: true, answer: null, survey: { title: `${preset} 试点项目满意度调查` } });
    expect(mine.scale.map((s: { label: string }) => s.label)).toEqual(['非常满意', '满意', '基本满意', '不满意', '非常不满意']);
    const missing = await jixie.post(`/api/v1/surveys/${draft.id}/answer`, { answers: { overall: 5 } });
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0]).toMatchObject({ path: 'body.answers.service', message: '请评价第 2 题：承接学会的服务意识和服务质量' });
    const ok = await jixie.post(`/api/v1/surveys/${draft.id}/answer`, { answers: { ...ratings(5, 4), comment: '科协指导及时。' } });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ status: 'answered', statusLabel: '已填写', mayAnswer: false, answer: { overall: 5, answers: { comment: '科协指导及时。' } } });
    const again = await jixie.post(`/api/v1/surveys/${draft.id}/answer`, { answers: ratings(1) });
    expect([again.status, again.body.code, again.body.detail]).toEqual([409, 'DUPLICATE', '该调查邀请已经填写过，每份邀请只能填写一次，感谢您的参与']);
    problem(again);
    expect(await n(sql`SELECT count(*)::int AS n FROM todos WHERE entity_id = ${draft.id} AND status = 'open'`)).toBe(2); // the department's and 农学会's
    // the department: not satisfied
    expect((await kjt.post(`/api/v1/surveys/${draft.id}/answer`, { answers: ratings(2) })).status).toBe(200);
    // an organisation not invited
    const yixue = await as(ctx.app, 'yixue.user');
    const notInvited = await yixue.post(`/api/v1/surveys/${draft.id}/answer`, { answers: ratings(5) });
    expect([notInvited.status, notInvited.body.code]).toEqual([403, 'OUT_OF_SCOPE']);

    // results: per group rates; per-question means; comments with the organisation's name
    const results = (await admin.get(`/api/v1/surveys/${draft.id}/results`)).body;
    expect(results.groups).toEqual([
      { group: 'department', label: '政府部门', invited: 1, answered: 1, responseRate: 100, satisfied: 0, satisfactionRate: 0 },
      { group: 'society', label: '学会', invited: 2, answered: 1, responseRate: 50, satisfied: 1, satisfactionRate: 100 },
    ]);
    expect(results.total).toMatchObject({ invited: 3, answered: 2, satisfied: 1, satisfactionRate: 50 });
    expect(results.questions[0]).toMatchObject({ key: 'overall', mean: 3.5, count: 2 });
    expect(results.questions[1]).toMatchObject({ key: 'service', mean: 3, byGroup: [{ group: 'department', mean: 2 }, { group: 'society', mean: 4 }] });
    const comments = (await admin.get(`/api/v1/surveys/${draft.id}/comments`)).body.items;
    expect(comments).toEqual([expect.objectContaining({ respondent: '山东省机械工程学会', overallLabel: '非常满意', texts: [expect.objectContaining({ key: 'comment', text: '科协指导及时。' })] })]);
    const answered = (await admin.get(`/api/v1/surveys/${draft.id}/invitations?status=pending&count=exact`)).body;
    expect(answered.items.map((i: { label: string }) => i.label)).toEqual(['山东省农学会']);

    // closed: no more answers, the remaining to-do closed
    const cur = (await admin.get(`/api/v1/surveys/${draft.id}`)).body;
    const closed = await admin.post(`/api/v1/surveys/${draft.id}/close`, { rowVersion: cur.rowVersion });
    expect(closed.body).toMatchObject({ status: 'closed', phaseLabel: '已结束', actions: [] });
    expect(await n(sql`SELECT count(*)::int AS n FROM todos WHERE entity_id = ${draft.id} AND status = 'open'`)).toBe(0);
    const nongxueUser = await as(ctx.app, 'nongxue.user');
    const late = await nongxueUser.post(`/api/v1/surveys/${draft.id}/answer`, { answers: ratings(5) });
    expect([late.status, late.body.code, late.body.detail]).toEqual([409, 'INVALID_STATE', '本次调查已结束，不能再填写']);
    expect((await admin.post(`/api/v1/surveys/${draft.id}/close`, { rowVersion: closed.body.rowVersion })).status).toBe(409);

    // every state change audited
    const actions = (await db().execute(sql`SELECT action FROM audit_log WHERE entity_id = ${draft.id} OR entity_id IN (SELECT id::text FROM survey_answers WHERE survey_id = ${draft.id}) ORDER BY seq`)) as unknown as { rows: { action: string }[] };
    // the refused answers of the draft and of 山东省医学会 were denies, audited as such
    expect(actions.rows.filter((r) => r.action.startsWith('access.')).length).toBe(2);
    expect(actions.rows.filter((r) => !r.action.startsWith('access.')).map((r) => r.action)).toEqual(['survey.create', 'survey.update', 'survey.open', 'surveyInvitation.invite', 'surveyAnswer.submit', 'surveyAnswer.submit', 'survey.close']);
    // the indicators read these columns: the answer's group and whether it counts as satisfied
    const facts = (await db().execute(sql`SELECT respondent_group, satisfied, overall FROM survey_answers WHERE survey_id = ${draft.id} ORDER BY overall`)) as unknown as { rows: unknown[] };
    expect(facts.rows).toEqual([
      { respondent_group: 'department', satisfied: false, overall: 2 },
      { respondent_group: 'society', satisfied: true, overall: 5 },
    ]);
  }, 120_000);

  it('keeps the survey to its association’s scope', async () => {
    const [s] = ((await db().execute(sql`SELECT id FROM satisfaction_surveys WHERE association_id = ${ctx.ids.province} ORDER BY created_at DESC LIMIT 1`)) as unknown as { rows: { id: string }[] }).rows;
    for (const [u, code] of [['qingdao.admin', 'OUT_OF_SCOPE'], ['kjt.user', 'FORBIDDEN'], ['jixie.user', 'FORBIDDEN'], ['pinggu.user', 'FORBIDDEN'], ['sheng.staff', 'FORBIDDEN']] as const) {
      const c = await as(ctx.app, u);
      const res = await c.get(`/api/v1/surveys/${s.id}`);
      expect([u, res.status, res.body.code]).toEqual([u, 403, code]);
      expect((await c.get(`/api/v1/surveys/${s.id}/results`)).status, u).toBe(403);
    }
    expect((await qingdao.get('/api/v1/surveys')).body.items.map((x: { id: string }) => x.id)).not.toContain(s.id);
  });
});

describe('a programme whose parameter names no group (preset 001)', () => {
  it('refuses a survey, naming the parameter, and writes nothing', async () => {
    const est = await establishProject(ctx, admin, kjt, '001', '预置001无满意度调查项目');
    expect((await admin.get('/api/v1/surveys/programmes')).body.items.find((p: { id: string }) => p.id === est.programmeId)).toMatchObject({ groups: [], refusal: expect.stringContaining('满意度调查对象') });
    const before = await writes();
    const res = await admin.post(`/api/v1/programmes/${est.programmeId}/surveys`, { title: '满意度调查', groups: ['department'], opensOn: day(0), closesOn: day(10) });
    expect([res.status, res.body.code, res.body.parameter]).toEqual([409, 'INVALID_STATE', 'satisfactionSurvey']);
    expect(res.body.detail).toBe('该方案的政策参数“满意度调查对象”为空（不要求满意度调查），不能发起满意度调查；如需调查，请先在方案的政策参数中设定调查对象');
    problem(res);
    expect(await writes()).toEqual(before);
  });
});

describe('public links (preset 002)', () => {
  let surveyId = '';
  let links: string[] = [];
  const tokenOf = (link: string) => link.split('/portal/survey/')[1];

  beforeAll(async () => {
    const est = await establishProject(ctx, admin, kjt, '002', '预置002公众满意度调查项目');
    surveyId = (await newSurvey(est.programmeId, ['public'])).id;
  }, 120_000);

  it('makes numbered anonymous links once the survey is open, shows and downloads them to its association only', async () => {
    expect((await admin.post(`/api/v1/surveys/${surveyId}/public-links`, { count: 3 })).body.code).toBe('INVALID_STATE'); // a draft
    const opened = await open(surveyId);
    expect(opened).toMatchObject({ actions: ['close', 'generateLinks', 'downloadLinks'], counts: [{ group: 'public', invited: 0 }] });
    expect((await admin.post(`/api/v1/surveys/${surveyId}/public-links`, { count: 501 })).status).toBe(400);
    const made = await admin.post(`/api/v1/surveys/${surveyId}/public-links`, { count: 4 });
    expect(made.status, JSON.stringify(made.body)).toBe(200);
    expect(made.body.counts).toEqual([{ group: 'public', label: '社会公众', invited: 4, answered: 0 }]);
    const list = (await admin.get(`/api/v1/surveys/${surveyId}/invitations?group=public&limit=3&count=exact`)).body;
    expect(list.total).toBe(4);
    expect(list.items.map((i: { label: string }) => i.label)).toEqual(['社会公众第 0001 份', '社会公众第 0002 份', '社会公众第 0003 份']);
    const next = (await admin.get(`/api/v1/surveys/${surveyId}/invitations?group=public&limit=3&cursor=${list.nextCursor}`)).body;
    expect(next.items.map((i: { label: string }) => i.label)).toEqual(['社会公众第 0004 份']);
    links = [...list.items, ...next.items].map((i: { link: string }) => i.link);
    for (const l of links) expect(l).toMatch(/^https?:\/\/[^/]+\/portal\/survey\/[A-Za-z0-9_-]{32}$/);
    expect(new Set(links).size).toBe(4);
    // only the hash and the encrypted token are stored
    const stored = (await db().execute(sql`SELECT token_hash, token_enc FROM survey_invitations WHERE survey_id = ${surveyId}`)) as unknown as { rows: { token_hash: string; token_enc: string }[] };
    for (const r of stored.rows) for (const l of links) expect([r.token_hash, r.token_enc].some((v) => v.includes(tokenOf(l)))).toBe(false);
    // the CSV
    const csv = await admin.get(`/api/v1/surveys/${surveyId}/public-links.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const text = csv.raw.toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.split('\r\n')[0]).toBe('\uFEFF序号,填写链接,状态,生成时间,填写时间');
    for (const l of links) expect(text).toContain(l);
    // an association below does not read it; the province's staff (no survey right) download no links
    const jinanAdmin = await as(ctx.app, 'jinan.admin');
    expect((await jinanAdmin.get(`/api/v1/surveys/${surveyId}`)).status).toBe(403);
    const sheng = await as(ctx.app, 'sheng.staff');
    expect((await sheng.get(`/api/v1/surveys/${surveyId}/public-links.csv`)).status).toBe(403);
  });

  it('shows the questionnaire without login, takes one anonymous answer per link, and says why not otherwise', async () => {
    const visitor = new TestClient(ctx.app);
    const page = await visitor.get(`/api/v1/public/surveys/${tokenOf(links[0])}`);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ state: 'open', mayAnswer: true, groupLabel: '社会公众', associationName: '山东省科学技术协会' });
    expect(page.body.questions).toHaveLength(7);
    const bad = await visitor.post(`/api/v1/public/surveys/${tokenOf(links[0])}/answer`, { answers: { ...ratings(5), overall: 9 } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('body.answers.overall');
    const ok = await visitor.post(`/api/v1/public/surveys/${tokenOf(links[0])}/answer`, { answers: { ...ratings(4), comment: '办事效率可以再提高。' } });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.message).toContain('感谢您参与');
    const again = await visitor.post(`/api/v1/public/surveys/${tokenOf(links[0])}/answer`, { answers: ratings(4) });
    expect([again.status, again.body.code]).toEqual([409, 'DUPLICATE']);
    expect((await visitor.get(`/api/v1/public/surveys/${tokenOf(links[0])}`)).body).toMatchObject({ state: 'answered', mayAnswer: false, refusal: expect.stringContaining('已经填写过') });
    // anonymous: no user, no address, no organisation — in the answer and in its audit entry
    const [answer] = ((await db().execute(sql`SELECT a.*, i.org_id FROM survey_answers a JOIN survey_invitations i ON i.id = a.invitation_id WHERE a.survey_id = ${surveyId}`)) as unknown as { rows: Record<string, unknown>[] }).rows;
    expect(answer.org_id).toBeNull();
    expect(Object.keys(answer).filter((k) => /user|ip|org_id|by/.test(k) && answer[k] !== null)).toEqual([]);
    const [entry] = ((await db().execute(sql`SELECT actor_user_id, actor_org_id, actor_name, ip FROM audit_log WHERE entity_id = ${answer.id as string}`)) as unknown as { rows: Record<string, unknown>[] }).rows;
    expect(entry).toEqual({ actor_user_id: null, actor_org_id: null, actor_name: '社会公众（匿名）', ip: null });
    // the comment reads without a respondent
    const comments = (await admin.get(`/api/v1/surveys/${surveyId}/comments`)).body.items;
    expect(comments[0]).toMatchObject({ group: 'public', respondent: null, texts: [{ text: '办事效率可以再提高。' }] });
    // an invalid link; an organisation's token is no public link
    const invalid = await visitor.get('/api/v1/public/surveys/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect([invalid.status, invalid.body.detail]).toEqual([404, '该调查链接无效，请核对链接是否完整，或向发放链接的单位咨询']);
    expect((await visitor.get('/api/v1/public/surveys/bad%20link')).status).toBe(400);
  });

  it('lets exactly one of two simultaneous answers on one link win', async () => {
    const token = tokenOf(links[1]);
    const [a, b] = [new TestClient(ctx.app), new TestClient(ctx.app)];
    await Promise.all([a.get('/api/v1/auth/csrf'), b.get('/api/v1/auth/csrf')]);
    const results = await Promise.all([a.post(`/api/v1/public/surveys/${token}/answer`, { answers: ratings(2) }), b.post(`/api/v1/public/surveys/${token}/answer`, { answers: ratings(1) })]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.status === 409)!.body.code).toBe('DUPLICATE');
    expect(await n(sql`SELECT count(*)::int AS n FROM survey_answers a JOIN survey_invitations i ON i.id = a.invitation_id WHERE i.label = '社会公众第 0002 份' AND a.survey_id = ${surveyId}`)).toBe(1);
  });

  it('refuses a revoked link, and every link once the survey is closed or not yet open', async () => {
    const list = (await admin.get(`/api/v1/surveys/${surveyId}/invitations?group=public&status=pending`)).body.items;
    const third = list.find((i: { label: string }) => i.label === '社会公众第 0003 份');
    expect(third.actions).toEqual(['revoke']);
    const revoked = await admin.post(`/api/v1/survey-invitations/${third.id}/revoke`, { reason: '链接误发' });
    expect(revoked.status).toBe(200);
    const visitor = new TestClient(ctx.app);
    const r3 = await visitor.post(`/api/v1/public/surveys/${tokenOf(links[2])}/answer`, { answers: ratings(5) });
    expect([r3.status, r3.body.code, r3.body.detail]).toEqual([409, 'INVALID_STATE', '该调查邀请已作废，不能填写']);
    // not yet open
    await db().execute(sql`UPDATE satisfaction_surveys SET opens_on = ${day(2)} WHERE id = ${surveyId}`);
    const early = await visitor.post(`/api/v1/public/surveys/${tokenOf(links[3])}/answer`, { answers: ratings(5) });
    expect([early.status, early.body.detail]).toEqual([409, `本次调查 ${day(2)} 开始填写，请届时再来`]);
    expect((await visitor.get(`/api/v1/public/surveys/${tokenOf(links[3])}`)).body).toMatchObject({ state: 'upcoming', mayAnswer: false });
    await db().execute(sql`UPDATE satisfaction_surveys SET opens_on = ${day(0)} WHERE id = ${surveyId}`);
    const cur = (await admin.get(`/api/v1/surveys/${surveyId}`)).body;
    expect((await admin.post(`/api/v1/surveys/${surveyId}/close`, { rowVersion: cur.rowVersion })).status).toBe(200);
    const closed = await visitor.post(`/api/v1/public/surveys/${tokenOf(links[3])}/answer`, { answers: ratings(5) });
    expect([closed.status, closed.body.detail]).toEqual([409, '本次调查已结束，不能再填写']);
    expect((await visitor.get(`/api/v1/public/surveys/${tokenOf(links[3])}`)).body).toMatchObject({ state: 'closed', refusal: '本次调查已结束，不能再填写' });
    const results = (await admin.get(`/api/v1/surveys/${surveyId}/results`)).body;
    expect(results.groups).toEqual([{ group: 'public', label: '社会公众', invited: 3, answered: 2, responseRate: 66.7, satisfied: 1, satisfactionRate: 50 }]);
    expect(await n(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'surveyInvitation.revoke' AND entity_id = ${third.id}`)).toBe(1);
  });

  it(`limits public answers to ${PUBLIC_ANSWERS_PER_MINUTE} a minute per address: then 429 problem+json in Chinese; another address still answers`, async () => {
    const visitor = new TestClient(ctx.app);
    const statuses: number[] = [];
    let last: Res | undefined;
    for (let i = 0; i <= PUBLIC_ANSWERS_PER_MINUTE; i++) {
      last = await visitor.post('/api/v1/public/surveys/BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB/answer', { answers: ratings(5) });
      statuses.push(last.status);
    }
    expect(statuses.slice(0, PUBLIC_ANSWERS_PER_MINUTE).every((s) => s === 404)).toBe(true);
    expect(last!.status).toBe(429);
    problem(last!);
    expect(last!.body.title).toBe('请求过于频繁，请稍后再试');
    expect((await new TestClient(ctx.app).post('/api/v1/public/surveys/BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB/answer', { answers: ratings(5) })).status).toBe(404);
  });
});

describe('two simultaneous answers of one organisation', () => {
  it('let exactly one win', async () => {
    const est = await establishProject(ctx, admin, kjt, '004', '预置004并发填写项目');
    const s = await newSurvey(est.programmeId, ['society']);
    await open(s.id);
    const [a, b] = await Promise.all([as(ctx.app, 'jixie.user'), as(ctx.app, 'jixie.user')]);
    const results = await Promise.all([a.post(`/api/v1/surveys/${s.id}/answer`, { answers: ratings(5) }), b.post(`/api/v1/surveys/${s.id}/answer`, { answers: ratings(4) })]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await n(sql`SELECT count(*)::int AS n FROM survey_answers WHERE survey_id = ${s.id}`)).toBe(1);
    expect(await n(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'surveyAnswer.submit' AND entity_id IN (SELECT id::text FROM survey_answers WHERE survey_id = ${s.id})`)).toBe(1);
  }, 60_000);
});
