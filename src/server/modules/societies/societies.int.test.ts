import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { as, createTestContext, scalar, type TestClient, type TestContext } from '../../testing/harness.js';
import { auditLog, organisations, societyProfiles, users } from '../../db/schema.js';

let ctx: TestContext;
let admin: TestClient;
beforeAll(async () => {
  ctx = await createTestContext();
  admin = await as(ctx.app, 'sheng.admin');
});
afterAll(async () => ctx?.close());

const fullProfile = {
  societyType: 'society',
  affiliation: 'supervised',
  disciplines: ['材料科学', '冶金'],
  industries: ['新材料'],
  legalRepName: '钱学军',
  legalRepPhone: '13912345678',
  secretaryGeneralName: '孔令辉',
  secretaryGeneralFullTime: true,
  secretaryGeneralPhone: '13887654321',
  fullTimeStaff: 4,
  financeStaff: 1,
  hasIndependentAccount: true,
  partyOrg: 'workingGroup',
  councilSize: 60,
  standingCouncilSize: 20,
  website: 'https://www.example.cn',
  hasMemberDatabase: true,
  memberCount: 900,
  hasExpertDatabase: true,
  expertCount: 80,
  foundedYear: 1985,
};
const count = (table: string) => scalar(ctx.database.db, sql.raw(`SELECT count(*)::int AS n FROM ${table}`));

describe('societies (ORG-2, ORG-3)', () => {
  it('creates a society with every ORG-2 field, finds it in the list, and audits the creation', async () => {
    const res = await admin.post('/api/v1/societies', { parentId: ctx.ids.jinan, name: '济南市材料学会', creditCode: '51370100MJD123456X', region: '济南市', contactName: '孔令辉', contactPhone: '0531-88888888', profile: fullProfile });
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/api/v1/societies/${res.body.id}`);
    expect(res.body.profile.secretaryGeneralFullTime).toBe(true);
    expect(res.body.profile.legalRepPhone).toBe('139****5678');
    expect(res.body).toMatchObject({ parentId: ctx.ids.jinan, parentName: '济南市科学技术协会', relation: 'subordinate', yearlyFacts: [] });
    expect(res.body.actions).toEqual(expect.arrayContaining(['update', 'setActive', 'viewPersonalData', 'putYearlyFacts']));
    const list = await admin.get(`/api/v1/societies?q=${encodeURIComponent('材料')}`);
    expect(list.body.items.map((s: { name: string }) => s.name)).toContain('济南市材料学会');
    const detail = await admin.get(String(res.headers.location));
    expect(detail.status).toBe(200);
    expect(detail.body).toEqual(res.body);
    expect(detail.body.profile).toMatchObject({ ...fullProfile, legalRepPhone: '139****5678', secretaryGeneralPhone: '138****4321' });
    const [a] = await ctx.database.db.select().from(auditLog).where(eq(auditLog.entityId, res.body.id));
    expect(a.action).toBe('society.create');
    expect(a.actorUserId).toBe(ctx.ids.users['sheng.admin']);
    expect(Object.keys(a.after as object)).not.toContain('actions');
  });

  it('pages the society list by name to its end without duplicates or gaps, with the total only when asked', async () => {
    const all = await admin.get('/api/v1/societies?limit=100&count=exact');
    expect(all.body.total).toBe(all.body.items.length);
    expect(all.body.items.length).toBeGreaterThan(3);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await admin.get(`/api/v1/societies?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body).not.toHaveProperty('total');
      seen.push(...res.body.items.map((s: { id: string }) => s.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.body.items.map((s: { id: string }) => s.id));
    for (const s of all.body.items) expect(typeof s.associationName === 'string' && typeof s.associationId === 'string').toBe(true);
  });

  it('stores personal data encrypted with SM4 and shows it whole only through an audited view', async () => {
    const [row] = await ctx.database.db
      .select({ enc: societyProfiles.legalRepPhoneEnc })
      .from(societyProfiles)
      .innerJoin(organisations, eq(organisations.id, societyProfiles.orgId))
      .where(eq(organisations.name, '济南市材料学会'));
    expect(row.enc).toMatch(/^sm4v1:/);
    expect(row.enc).not.toContain('13912345678');
    const [u] = await ctx.database.db.select({ phone: users.phoneEnc, email: users.emailEnc }).from(users).where(eq(users.username, 'jixie.user'));
    expect(u.phone).toMatch(/^sm4v1:/);
    expect(u.email).toMatch(/^sm4v1:/);
    const id = (await admin.get(`/api/v1/societies?q=${encodeURIComponent('材料学会')}`)).body.items[0].id;
    const full = await admin.get(`/api/v1/societies/${id}/personal-data`);
    expect(full.body.legalRepPhone).toBe('13912345678');
    const [view] = await ctx.database.db.select().from(auditLog).where(eq(auditLog.action, 'pii.view')).orderBy(sql`seq DESC`).limit(1);
    expect(view.entityId).toBe(id);
    const usersList = await admin.get('/api/v1/users?q=jixie');
    expect(usersList.body.items[0].phone).toMatch(/^\d{3}\*{4}\d{4}$/);
    // the list shows the phone; the e-mail is in the user's detail, masked there too
    expect((await admin.get(`/api/v1/users/${usersList.body.items[0].id}`)).body.email).toMatch(/\*\*\*@/);
  });

  it('refuses an unknown field, a wrong type and a bad value with each field named, and writes nothing', async () => {
    const before = await count('organisations');
    const res = await admin.post('/api/v1/societies', {
      parentId: ctx.ids.jinan,
      name: '济南市坏数据学会',
      colour: 'red',
      profile: { ...fullProfile, fullTimeStaff: 'many', standingCouncilSize: 99, partyOrg: 'club' },
    });
    expect(res.status).toBe(400);
    expect(res.body.title).toBe('请求参数有误');
    const paths = res.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['body.colour', 'body.profile.fullTimeStaff', 'body.profile.partyOrg']));
    expect(await count('organisations')).toBe(before);
  });

  it('refuses a standing council larger than the council (ORG-2), naming the field', async () => {
    const res = await admin.post('/api/v1/societies', { parentId: ctx.ids.jinan, name: '济南市理事会学会', profile: { ...fullProfile, standingCouncilSize: 99 } });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('body.profile.standingCouncilSize');
  });

  it('refuses a society attached to something that is not an association', async () => {
    const dept = (await admin.get(`/api/v1/orgs?type=department&q=${encodeURIComponent('科学技术厅')}`)).body.items[0];
    const res = await admin.post('/api/v1/societies', { parentId: dept.id, name: '挂错学会', profile: fullProfile });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('body.parentId');
  });

  it('refuses a duplicate name under the same association with 409', async () => {
    const res = await admin.post('/api/v1/societies', { parentId: ctx.ids.jinan, name: '济南市材料学会', profile: fullProfile });
    expect(res.status).toBe(409);
    expect(res.body.errors[0].path).toBe('body.name');
  });

  it('updates the record with the current version and refuses a stale version with 409, keeping the first change', async () => {
    const id = (await admin.get(`/api/v1/societies?q=${encodeURIComponent('材料学会')}`)).body.items[0].id;
    const cur = (await admin.get(`/api/v1/societies/${id}`)).body;
    const ok = await admin.patch(`/api/v1/societies/${id}`, { version: cur.version, reason: '换届', profile: { secretaryGeneralName: '新秘书长', councilSize: 70 } });
    expect(ok.status).toBe(200);
    expect(ok.body.profile.secretaryGeneralName).toBe('新秘书长');
    expect(ok.body.version).toBe(cur.version + 1);
    const stale = await admin.patch(`/api/v1/societies/${id}`, { version: cur.version, profile: { secretaryGeneralName: '旧数据' } });
    expect(stale.status).toBe(409);
    expect((await admin.get(`/api/v1/societies/${id}`)).body.profile.secretaryGeneralName).toBe('新秘书长');
    const [a] = await ctx.database.db.select().from(auditLog).where(eq(auditLog.action, 'society.update')).orderBy(sql`seq DESC`).limit(1);
    expect(a.reason).toBe('换届');
    expect(ok.body.actions).toContain('update');
    expect(a.before).toMatchObject({ profile: { secretaryGeneralName: '孔令辉', councilSize: 60 } });
    expect(a.after).toMatchObject({ profile: { secretaryGeneralName: '新秘书长', councilSize: 70 } });
  });

  it('records yearly facts (ORG-3) with commendations, violations and a debarment period, and corrects them', async () => {
    const id = (await admin.get(`/api/v1/societies?q=${encodeURIComponent('材料学会')}`)).body.items[0].id;
    const put = await admin.put(`/api/v1/societies/${id}/facts/2025`, {
      annualInspection: 'passed',
      commendations: [{ title: '济南市先进学会', level: 'city', awardedOn: '2025-12-01' }],
      violations: [{ description: '超范围评比', occurredOn: '2025-03-01' }],
      debarments: [{ reason: '虚报材料', startsOn: '2025-05-01', endsOn: '2028-04-30' }],
    });
    expect(put.status).toBe(200);
    const fix = await admin.put(`/api/v1/societies/${id}/facts/2025`, { annualInspection: 'basicallyPassed', version: put.body.version, reason: '登记机关更正' });
    expect(fix.body.annualInspection).toBe('basicallyPassed');
    expect(fix.body.debarments).toEqual([]);
    const detail = await admin.get(`/api/v1/societies/${id}`);
    expect(detail.body.yearlyFacts[0].year).toBe(2025);
    const bad = await admin.put(`/api/v1/societies/${id}/facts/2025`, { annualInspection: 'passed', debarments: [{ reason: 'x', startsOn: '2025-05-01', endsOn: '2024-01-01' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('body.debarments.0.endsOn');
    const future = await admin.put(`/api/v1/societies/${id}/facts/2099`, { annualInspection: 'passed' });
    expect(future.status).toBe(400);
  });

  it('lets a society edit its own record but not deactivate itself', async () => {
    const soc = await as(ctx.app, 'jixie.user');
    const me = (await soc.get('/api/v1/societies')).body.items[0];
    expect(me.name).toBe('山东省机械工程学会');
    const own = (await soc.get(`/api/v1/societies/${me.id}`)).body;
    expect(own.actions).toContain('update');
    expect(own.actions).not.toContain('setActive'); // the association's administrator does that
    const ok = await soc.patch(`/api/v1/societies/${me.id}`, { version: me.version, profile: { memberCount: 5300 } });
    expect(ok.status).toBe(200);
    const deact = await soc.patch(`/api/v1/societies/${me.id}`, { version: ok.body.version, isActive: false });
    expect(deact.status).toBe(400);
  });
});

describe('organisations (ORG-1)', () => {
  it('builds the tree by level: a city association cannot be attached under a county one', async () => {
    const res = await admin.post('/api/v1/orgs', { parentId: ctx.ids.pingyin, type: 'association', level: 'city', name: '错误层级科协' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('body.level');
    const ok = await admin.post('/api/v1/orgs', { parentId: ctx.ids.jinan, type: 'association', level: 'county', name: '济阳区科学技术协会' });
    expect(ok.status).toBe(201);
    expect(ok.headers.location).toBe(`/api/v1/orgs/${ok.body.id}`);
    const read = await admin.get(String(ok.headers.location));
    expect(read.status).toBe(200);
    expect(read.body).toEqual(ok.body);
    expect(read.body).toMatchObject({ parentId: ctx.ids.jinan, parentName: '济南市科学技术协会', relation: 'subordinate', level: 'county' });
    // a county association has no lower level: it takes participants and societies, not lower associations
    expect(read.body.actions).toEqual(['update', 'createParticipant', 'createSociety']);
    const tree = await admin.get('/api/v1/orgs/tree');
    const province = tree.body.nodes[0];
    expect(province.name).toBe('山东省科学技术协会');
    const jinan = province.children.find((n: { name: string }) => n.name === '济南市科学技术协会');
    expect(jinan.children.map((n: { name: string }) => n.name)).toContain('济阳区科学技术协会');
  });

  it('tells 下级单位 from 参与单位 in the tree: relation on every node, counts by kind, subordinates first', async () => {
    const dept = await admin.post('/api/v1/orgs', { parentId: ctx.ids.jinan, type: 'department', name: '济南市测试局' });
    expect(dept.status).toBe(201);
    expect(dept.body.relation).toBe('participant');
    const province = (await admin.get('/api/v1/orgs/tree')).body.nodes[0];
    expect(province.relation).toBeNull();
    type N = { name: string; type: string; relation: string; subordinateCount: number; participantCount: number; children: N[] };
    const check = (n: N) => {
      const sub = n.children.filter((c) => c.relation === 'subordinate');
      const part = n.children.filter((c) => c.relation === 'participant');
      expect(sub.length + part.length, n.name).toBe(n.children.length);
      expect([n.subordinateCount, n.participantCount], n.name).toEqual([sub.length, part.length]);
      expect(n.children.map((c) => c.relation), n.name).toEqual([...sub, ...part].map((c) => c.relation));
      for (const c of n.children) expect(c.relation, c.name).toBe(['association', 'society'].includes(c.type) ? 'subordinate' : 'participant');
      n.children.forEach(check);
    };
    check(province);
    expect(province.subordinateCount).toBeGreaterThan(0);
    expect(province.participantCount).toBeGreaterThan(0);
    const jinan = province.children.find((n: N) => n.name === '济南市科学技术协会');
    expect(jinan.children.find((n: N) => n.name === '济南市测试局').relation).toBe('participant');
    const detail = (await admin.get(`/api/v1/orgs/${ctx.ids.jinan}`)).body;
    expect(detail.actions).toEqual(['update', 'createSubordinate', 'createParticipant', 'createSociety']);
  });

  it('requires an office kind for a review office', async () => {
    const res = await admin.post('/api/v1/orgs', { parentId: ctx.ids.province, type: 'review_office', name: '某审核部门' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('body.officeKind');
  });

  it('refuses to deactivate the administrator\'s own association', async () => {
    const cur = (await admin.get(`/api/v1/orgs/${ctx.ids.province}`)).body;
    const res = await admin.patch(`/api/v1/orgs/${ctx.ids.province}`, { version: cur.version, isActive: false });
    expect(res.status).toBe(400);
  });

  it('pages by name to the end without duplicates or gaps, the total only when asked, parent names with their ids', async () => {
    const first = await admin.get('/api/v1/orgs?limit=5');
    expect(first.body.items).toHaveLength(5);
    expect(first.body).not.toHaveProperty('total');
    const all = await admin.get('/api/v1/orgs?limit=100&count=exact');
    expect(all.body.total).toBeGreaterThan(20);
    expect(all.body.total).toBe(all.body.items.length);
    expect((await admin.get('/api/v1/orgs?limit=5&count=estimate')).body.total).toBe(all.body.total); // small: counted
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await admin.get(`/api/v1/orgs?limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((o: { id: string }) => o.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.body.items.map((o: { id: string }) => o.id));
    const byId = new Map(all.body.items.map((o: { id: string; name: string }) => [o.id, o.name]));
    for (const o of all.body.items) {
      if (o.parentId === null) expect([o.parentName, o.relation]).toEqual([null, null]);
      else {
        expect(o.parentName).toBe(byId.get(o.parentId));
        expect(o.relation).toBe(['association', 'society'].includes(o.type) ? 'subordinate' : 'participant');
      }
      expect(o).not.toHaveProperty('contactPhone'); // the list shows what it needs; the detail the rest
    }
    const bad = await admin.get('/api/v1/orgs?cursor=not-a-cursor');
    expect(bad.status).toBe(400);
  });
});

describe('users (ORG-6)', () => {
  it('creates a user with roles that fit the organisation, refusing a role the organisation cannot hold', async () => {
    const bad = await admin.post('/api/v1/users', { orgId: ctx.ids.jinan, username: 'wrong.role', displayName: '错角色', password: 'Chengjie@2026', roles: ['society_admin'] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('body.roles');
    const weak = await admin.post('/api/v1/users', { orgId: ctx.ids.jinan, username: 'weak.pw', displayName: '弱密码', password: 'password', roles: ['association_staff'] });
    expect(weak.status).toBe(400);
    expect(weak.body.errors[0].path).toBe('body.password');
    const ok = await admin.post('/api/v1/users', { orgId: ctx.ids.jinan, username: 'new.staff', displayName: '新同事', password: 'Chengjie@2026', roles: ['association_staff'], phone: '13700001111', idNumber: '37010219900101123X' });
    expect(ok.status).toBe(201);
    expect(ok.body.idNumber).toBe('3701**********123X');
    const dup = await admin.post('/api/v1/users', { orgId: ctx.ids.jinan, username: 'new.staff', displayName: '重复', password: 'Chengjie@2026', roles: ['association_staff'] });
    expect(dup.status).toBe(409);
  });

  it('signs a deactivated user out at once', async () => {
    const u = await as(ctx.app, 'new.staff');
    const cur = (await admin.get('/api/v1/users?q=new.staff')).body.items[0];
    expect((await admin.patch(`/api/v1/users/${cur.id}`, { version: cur.version, isActive: false, reason: '调离' })).status).toBe(200);
    expect((await u.get('/api/v1/auth/me')).body.user).toBeNull();
    expect((await u.login('new.staff')).status).toBe(401);
  });
});

describe('bad input at the edge', () => {
  it('answers malformed JSON with 400 problem+json', async () => {
    const res = await admin.request('POST', '/api/v1/orgs', undefined, { rawBody: '{"parentId": ' });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.body.title).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('answers an oversized body with 413 and changes nothing', async () => {
    const before = await count('organisations');
    const res = await admin.post('/api/v1/orgs', { parentId: ctx.ids.province, type: 'department', name: 'x'.repeat(2 * 1024 * 1024) });
    expect(res.status).toBe(413);
    expect(await count('organisations')).toBe(before);
  });

  it('refuses an over-long text with the field named', async () => {
    const res = await admin.post('/api/v1/orgs', { parentId: ctx.ids.province, type: 'department', name: '长'.repeat(101) });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('body.name');
  });

  it('refuses unknown query parameters and malformed ids', async () => {
    expect((await admin.get('/api/v1/orgs?colour=red')).status).toBe(400);
    const res = await admin.get('/api/v1/orgs/not-a-uuid');
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('params.id');
  });

  it('answers an unknown API path with a 404 problem and never a stack trace', async () => {
    const res = await admin.get('/api/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts:\d+/);
  });
});
