// Issue 3 through HTTP, on both drivers: from a transferable item to a pilot project under the
// presets of seeds 000, 001 and 002, and every refusal the issue names.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { TestClient, as, createTestContext, scalar, type TestContext } from '../../testing/harness.js';

let ctx: TestContext;
let admin: TestClient;
let kjt: TestClient;
let jixie: TestClient;
let yixue: TestClient;
let anon: TestClient;
const offices: Record<string, TestClient> = {};
const PASSWORD = 'Chengjie@2026';

interface Category {
  code: string;
  children?: Category[];
}
const leafOf = (cats: Category[]): string => (cats[0].children ? leafOf(cats[0].children) : cats[0].code);

async function makeUser(orgId: string, username: string, role: string): Promise<TestClient> {
  const res = await admin.post('/api/v1/users', { orgId, username, displayName: `测试${username.slice(-4)}`, password: PASSWORD, roles: [role] });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return as(ctx.app, username);
}

beforeAll(async () => {
  ctx = await createTestContext();
  admin = await as(ctx.app, 'sheng.admin');
  kjt = await as(ctx.app, 'kjt.user');
  jixie = await as(ctx.app, 'jixie.user');
  anon = new TestClient(ctx.app);
  yixue = await makeUser(ctx.ids.orgs['山东省医学会'], 'yixue.test', 'society_admin');
  offices.establishment = await as(ctx.app, 'bianban.user');
  const named: Record<string, string> = {
    developmentReform: '山东省发展和改革委员会',
    civilAffairs: '山东省民政厅',
    finance: '山东省财政厅',
    legal: '山东省人民政府法制办公室',
  };
  for (const [kind, name] of Object.entries(named)) offices[kind] = await makeUser(ctx.ids.orgs[name], `office.${kind.toLowerCase()}`, 'review_officer');
  // Preset 000 names two more offices (人社, 科技); the province registers them (ORG-1).
  for (const [kind, name] of [['humanResources', '山东省人力资源和社会保障厅'], ['scienceTech', '山东省科学技术厅（审核）']] as const) {
    const org = await admin.post('/api/v1/orgs', { parentId: ctx.ids.province, type: 'review_office', name, officeKind: kind });
    expect(org.status, JSON.stringify(org.body)).toBe(201);
    offices[kind] = await makeUser(org.body.id, `office.${kind.toLowerCase()}`, 'review_officer');
  }
}, 120_000);
afterAll(async () => ctx?.close());

async function todosOf(c: TestClient): Promise<{ kind: string; link: string; dueAt: string | null; entityId: string }[]> {
  const res = await c.get('/api/v1/todos?status=open&limit=100');
  return res.body.items;
}

async function newProgramme(presetCode: string, name: string) {
  const year = new Date().getFullYear();
  const p = (await admin.post('/api/v1/programmes', { associationId: ctx.ids.province, presetCode, name, year })).body;
  const pub = await admin.post(`/api/v1/programmes/${p.id}/publish`, { version: p.version, confirmPastStages: true }); // this year's stages as they are (issue 11 §5)
  expect(pub.status).toBe(200);
  return pub.body as { id: string; categories: Category[]; parameters: { reviewOffices: string[]; commissioningModes: string[]; qualificationConditions: { rule: string }[]; approvalLevel: string } };
}

async function item(programmeId: string, categoryCode: string, title: string, mode = 'authorisedCommission') {
  const res = await kjt.post('/api/v1/items', { programmeId, title, categoryCode, description: `${title}：组织专家开展工作并形成报告。`, commissioningMode: mode, budgetFen: 1_000_000, expectedPeriod: '6个月' });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const pub = await kjt.post(`/api/v1/items/${res.body.id}/publish`, { version: res.body.version });
  expect(pub.status, JSON.stringify(pub.body)).toBe(200);
  return pub.body as { id: string; version: number; revision: number; status: string };
}

const detail = async (c: TestClient, id: string) => (await c.get(`/api/v1/items/${id}`)).body;

describe.each(['000', '001', '002', '004'])('the whole flow under preset %s (FUN-1…SEL-7)', (preset) => {
  it('goes from a published item to a pilot project, with to-dos, notifications and public pages on the way', async () => {
    const p = await newProgramme(preset, `预置${preset}全流程试点方案`);
    const manualIdx = p.parameters.qualificationConditions.map((c, i) => (c.rule === 'manual' ? i : -1)).filter((i) => i >= 0);
    const word = { '000': '海绵城市', '001': '智慧交通', '002': '生物医药' }[preset]!;

    // FUN-1 / FUN-3: publish, amend with a reason (revision 2), both versions readable.
    const it1 = await item(p.id, leafOf(p.categories), `${word}技术评估服务`);
    expect(it1.revision).toBe(1);
    const noReason = await kjt.put(`/api/v1/items/${it1.id}`, { version: it1.version, title: `${word}技术评估与咨询服务`, categoryCode: leafOf(p.categories), description: '变更后的内容', commissioningMode: 'authorisedCommission' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors[0].path).toBe('body.reason');
    const amended = await kjt.put(`/api/v1/items/${it1.id}`, { version: it1.version, reason: '增加咨询内容', title: `${word}技术评估与咨询服务`, categoryCode: leafOf(p.categories), description: `${word}领域的技术评估与咨询服务。`, commissioningMode: 'authorisedCommission' });
    expect(amended.status, JSON.stringify(amended.body)).toBe(200);
    expect(amended.body.revision).toBe(2);
    const pub = await anon.get(`/api/v1/public/items/${it1.id}`);
    expect(pub.status).toBe(200);
    expect(pub.body.revisions.map((r: { revision: number; changeKind: string }) => [r.revision, r.changeKind])).toEqual([[2, 'amend'], [1, 'publish']]);
    expect(pub.body.revisions[1].snapshot.title).toBe(`${word}技术评估服务`);

    // SEL-1: relay; every society under the province gets a to-do with the deadline, and a notification.
    const relay = await admin.post('/api/v1/relays', { programmeId: p.id, itemIds: [it1.id], note: '请按期申报' });
    expect(relay.status, JSON.stringify(relay.body)).toBe(200);
    expect(relay.body.societyCount).toBeGreaterThanOrEqual(6);
    const jt = (await todosOf(jixie)).find((t) => t.kind === 'relay.declare' && t.link.includes(relay.body.relayId));
    expect(jt?.dueAt).toBe(relay.body.deadline);
    const notes = (await jixie.get('/api/v1/notifications?limit=50')).body.items;
    expect(notes.some((n: { entityId: string }) => n.entityId === relay.body.relayId)).toBe(true);

    // SEL-2, SEL-3, X-4: the society checks itself, uploads evidence and declares.
    const q = await jixie.get(`/api/v1/items/${it1.id}/qualification`);
    expect(q.status).toBe(200);
    expect(q.body.isQualified).toBe(true);
    const file = await jixie.request('POST', `/api/v1/attachments?filename=${encodeURIComponent('承接能力证明.pdf')}`, undefined, { headers: { 'content-type': 'application/octet-stream' }, rawBody: '%PDF-1.4 demo evidence' });
    expect(file.status, JSON.stringify(file.body)).toBe(201);
    const dj = await jixie.post(`/api/v1/items/${it1.id}/declarations`, { capacityStatement: '本会设有专业委员会，近三年承担同类项目多项。', attachmentIds: [file.body.id] });
    expect(dj.status, JSON.stringify(dj.body)).toBe(201);
    expect(dj.body.attachments[0].filename).toBe('承接能力证明.pdf');
    // issue 12 §1: the created declaration itself, flat, with its actions, and where to read it again
    expect(dj.headers.location).toBe(`/api/v1/declarations/${dj.body.id}`);
    expect(dj.body.actions).toEqual(['withdraw']);
    expect(dj.body).toMatchObject({ itemId: it1.id, programmeId: p.id, departmentId: ctx.ids.orgs['山东省科学技术厅'], associationId: ctx.ids.province, associationName: '山东省科学技术协会' });
    expect((await jixie.get(dj.headers.location as string)).body).toEqual(dj.body);
    expect((await admin.get(`/api/v1/declarations/${dj.body.id}`)).body.actions).toEqual(['recommend', 'return', 'notRecommend']);
    expect((await todosOf(jixie)).some((t) => t.link.includes(relay.body.relayId))).toBe(false);
    const dy = await yixue.post(`/api/v1/items/${it1.id}/declarations`, { capacityStatement: '本会专家资源充足，具备承接能力。' });
    expect(dy.status).toBe(201);

    // SEL-4: recommend (manual conditions must be confirmed), return for more information.
    const reviewTodos = (await todosOf(admin)).filter((t) => t.kind === 'declaration.review' && [dj.body.id, dy.body.id].includes(t.entityId));
    expect(reviewTodos).toHaveLength(2);
    if (manualIdx.length) {
      const unconfirmed = await admin.post(`/api/v1/declarations/${dj.body.id}/review`, { version: dj.body.version, decision: 'recommend', opinion: '符合条件' });
      expect(unconfirmed.status).toBe(400);
      expect(unconfirmed.body.errors[0].message).toContain('请确认人工审核条件');
    }
    const rec = await admin.post(`/api/v1/declarations/${dj.body.id}/review`, { version: dj.body.version, decision: 'recommend', opinion: '年检合格，专家资源充足，予以推荐。', manualConfirmed: manualIdx });
    expect(rec.status, JSON.stringify(rec.body)).toBe(200);
    expect(rec.body.status).toBe('recommended');
    const ret = await admin.post(`/api/v1/declarations/${dy.body.id}/review`, { version: dy.body.version, decision: 'return', opinion: '请补充近三年同类项目合同。' });
    expect(ret.body.status).toBe('returned');
    expect((await todosOf(yixue)).some((t) => t.kind === 'declaration.supplement')).toBe(true);
    const resub = await yixue.put(`/api/v1/declarations/${dy.body.id}`, { version: ret.body.version, capacityStatement: '补充：近三年承担同类项目 3 项，合同见附件。' });
    expect(resub.status, JSON.stringify(resub.body)).toBe(200);
    const rec2 = await admin.post(`/api/v1/declarations/${dy.body.id}/review`, { version: resub.body.version, decision: 'recommend', opinion: '补充材料齐全，予以推荐。', manualConfirmed: manualIdx });
    expect(rec2.status, JSON.stringify(rec2.body)).toBe(200);

    // SEL-5: the offices the programme names countersign; one returns, the list goes back and is resent.
    const send = await admin.post('/api/v1/countersigns', { programmeId: p.id, itemIds: [it1.id], title: `预置${preset}可承接职能清单` });
    expect(send.status, JSON.stringify(send.body)).toBe(201);
    expect(send.headers.location).toBe(`/api/v1/countersigns/${send.body.id}`);
    expect((await admin.get(send.headers.location as string)).body).toEqual(send.body);
    expect(send.body).toMatchObject({ programmeId: p.id, associationId: ctx.ids.province, actions: [] });
    expect(send.body.items[0]).toMatchObject({ itemId: it1.id, departmentId: ctx.ids.orgs['山东省科学技术厅'], departmentName: '山东省科学技术厅' });
    expect(send.body.opinions.every((o: { officeId: string; officeName: string }) => o.officeId && o.officeName)).toBe(true);
    expect(send.body.opinions.map((o: { officeKind: string }) => o.officeKind).sort()).toEqual([...p.parameters.reviewOffices].sort());
    const first = p.parameters.reviewOffices[0];
    expect((await todosOf(offices[first])).some((t) => t.kind === 'countersign.opinion' && t.entityId === send.body.id)).toBe(true);
    const noReasonReturn = await offices[first].post(`/api/v1/countersigns/${send.body.id}/opinion`, { version: send.body.version, decision: 'return' });
    expect(noReasonReturn.status).toBe(400);
    const back = await offices[first].post(`/api/v1/countersigns/${send.body.id}/opinion`, { version: send.body.version, decision: 'return', opinion: '推荐学会的资质证明不全。' });
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    expect(back.body.status).toBe('returned');
    expect((await detail(kjt, it1.id)).status).toBe('relayed');
    const resend = await admin.post('/api/v1/countersigns', { programmeId: p.id, itemIds: [it1.id], title: `预置${preset}可承接职能清单（修改后）` });
    expect(resend.status, JSON.stringify(resend.body)).toBe(201);
    let cs = resend.body;
    for (const kind of p.parameters.reviewOffices) {
      const r = await offices[kind].post(`/api/v1/countersigns/${cs.id}/opinion`, { version: cs.version, decision: 'agree', opinion: '同意' });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      cs = r.body;
    }
    expect(cs.status).toBe('approving');
    expect((await todosOf(admin)).some((t) => t.kind === 'countersign.approve' && t.entityId === cs.id)).toBe(true);

    // SEL-6: approval by the named level, then the department's choice.
    const appr = await admin.post(`/api/v1/countersigns/${cs.id}/approve`, { version: cs.version, approvalDocument: '批复〔2026〕1号', approvedOn: new Date().toISOString().slice(0, 10) });
    expect(appr.status, JSON.stringify(appr.body)).toBe(200);
    expect(appr.body.approvalLevel).toBe(p.parameters.approvalLevel);
    const d1 = await detail(kjt, it1.id);
    expect(d1.status).toBe('selecting');
    expect(d1.actions).toContain('select');
    expect(d1.declarations.map((d: { societyName: string }) => d.societyName).sort()).toEqual(['山东省医学会', '山东省机械工程学会']);
    expect((await todosOf(kjt)).some((t) => t.kind === 'item.select' && t.entityId === it1.id)).toBe(true);
    const noReasonPick = await kjt.post(`/api/v1/items/${it1.id}/select`, { version: d1.version, declarationId: dj.body.id, reason: '' });
    expect(noReasonPick.status).toBe(400);
    const pick = await kjt.post(`/api/v1/items/${it1.id}/select`, { version: d1.version, declarationId: dj.body.id, reason: '专家资源和同类经验更优。' });
    expect(pick.status, JSON.stringify(pick.body)).toBe(201);
    expect(pick.headers.location).toBe(`/api/v1/projects/${pick.body.id}`);
    expect((await kjt.get(pick.headers.location as string)).body).toEqual(pick.body);

    // SEL-7: the project links item, department, society and association; the other declaration is closed with the reason.
    const proj = await admin.get(`/api/v1/projects/${pick.body.id}`);
    expect(proj.body).toMatchObject({
      itemId: it1.id,
      declarationId: dj.body.id,
      programmeId: p.id,
      societyId: ctx.ids.orgs['山东省机械工程学会'],
      societyName: '山东省机械工程学会',
      departmentId: ctx.ids.orgs['山东省科学技术厅'],
      departmentName: '山东省科学技术厅',
      associationId: ctx.ids.province,
      associationName: '山东省科学技术协会',
    });
    const closed = await yixue.get(`/api/v1/declarations/${dy.body.id}`);
    expect(closed.body.status).toBe('closed');
    expect(closed.body.closedReason).toContain('专家资源和同类经验更优');
    expect((await todosOf(kjt)).some((t) => t.kind === 'item.select' && t.entityId === it1.id)).toBe(false);

    // PUB-1, X-5: the result is public and found by a word of the title.
    const pubItem = await anon.get(`/api/v1/public/items/${it1.id}`);
    expect(pubItem.body.result.societyName).toBe('山东省机械工程学会');
    const results = await anon.get(`/api/v1/public/projects?programmeId=${p.id}`);
    expect(results.body.items.map((r: { id: string }) => r.id)).toEqual([pick.body.id]);
    const found = await anon.get(`/api/v1/public/search?q=${encodeURIComponent(word)}`);
    expect(found.body.items.map((r: { type: string; id: string }) => `${r.type}:${r.id}`)).toEqual(expect.arrayContaining([`item:${it1.id}`, `project:${pick.body.id}`]));

    // X-1: every step is an audit event.
    const actions = await scalar(ctx.database.db, sql`SELECT count(DISTINCT action)::int AS n FROM audit_log WHERE entity_id IN (${it1.id}, ${dj.body.id}, ${dy.body.id}, ${cs.id}, ${pick.body.id})`);
    expect(actions).toBeGreaterThanOrEqual(12);
  });
});

describe('the selection lists page by key to their end (issue 12 §1)', () => {
  /** Every page of a list at `limit` 2, following nextCursor; the ids in order. */
  async function pages(c: TestClient, path: string): Promise<{ ids: string[]; totals: unknown[] }> {
    const ids: string[] = [];
    const totals: unknown[] = [];
    let cursor: string | null = null;
    for (let n = 0; n < 200; n++) {
      const sep = path.includes('?') ? '&' : '?';
      const res = await c.get(`${path}${sep}limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      ids.push(...res.body.items.map((x: { id: string }) => x.id));
      totals.push(res.body.total);
      cursor = res.body.nextCursor;
      if (!cursor) return { ids, totals };
    }
    throw new Error(`${path}: no last page`);
  }

  it.each([
    ['/api/v1/declarations', 'submittedAt'],
    ['/api/v1/countersigns', 'sentAt'],
    ['/api/v1/projects', 'selectedAt'],
  ])('%s: newest first, no duplicate, no gap; total only with count', async (path, timeField) => {
    const whole = await admin.get(`${path}?limit=100`);
    expect(whole.status).toBe(200);
    expect(whole.body.nextCursor).toBeNull();
    expect(whole.body.total).toBeUndefined();
    const all = whole.body.items as ({ id: string } & Record<string, string>)[];
    expect(all.length).toBeGreaterThan(3);
    const times = all.map((x) => x[timeField]);
    expect([...times].sort().reverse()).toEqual(times);
    const paged = await pages(admin, path);
    expect(new Set(paged.ids).size).toBe(paged.ids.length);
    expect(paged.ids).toEqual(all.map((x) => x.id));
    expect(paged.totals.every((t) => t === undefined)).toBe(true);
    const exact = await admin.get(`${path}?limit=2&count=exact`);
    expect(exact.body.total).toBe(all.length);
    expect(exact.body.totalEstimated).toBeUndefined();
    const estimate = await admin.get(`${path}?limit=2&count=estimate`);
    expect(estimate.body.total).toBe(all.length); // small: counted exactly
    // a cursor of another shape is a 400, never a value that reaches SQL
    expect((await admin.get(`${path}?cursor=${Buffer.from('["x","y"]').toString('base64url')}`)).status).toBe(400);
  });

  it('pages a society its own declarations and a department its own projects, filtered by programme too', async () => {
    const own = await pages(jixie, '/api/v1/declarations');
    const rows = (await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM declarations d JOIN organisations o ON o.id = d.society_id WHERE o.name = '山东省机械工程学会'`)) as number;
    expect(own.ids).toHaveLength(rows);
    const programmeId = ctx.ids.programmes.shandong;
    const byProgramme = await pages(kjt, `/api/v1/projects?programmeId=${programmeId}`);
    const expected = (await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM pilot_projects WHERE programme_id = ${programmeId} AND department_id = ${ctx.ids.orgs['山东省科学技术厅']}`)) as number;
    expect(byProgramme.ids).toHaveLength(expected);
    expect(new Set(byProgramme.ids).size).toBe(expected);
  });
});
