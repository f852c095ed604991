// The authorisation matrix (issue 2): every organisation and user endpoint, tried as every demo
// role, on a record inside and outside that user's data scope. The expected answer of each cell is
// written out below by hand — not computed from the role map — so a change to either shows here.
//   A = allowed (2xx)   F = 403 FORBIDDEN (role lacks the permission)
//   S = 403 OUT_OF_SCOPE (record outside the data scope)   - = no such record for this user
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { as, createTestContext, scalar, type TestClient, type TestContext } from '../../testing/harness.js';
import { organisations, users } from '../../db/schema.js';

const actors = ['sheng.admin', 'pingyin.admin', 'jinan.admin', 'sheng.staff', 'kjt.user', 'jixie.user', 'bianban.user', 'jncz.user', 'pinggu.user', 'expert.wang'] as const;
type ActorName = (typeof actors)[number];

//                                      SA   PA   JA   ST   DU   SO   RO   FI   EV   EX
const matrix: Record<string, string> = {
  'GET /orgs/tree':                    'A    A    A    A    A    A    A    A    A    F',
  'GET /orgs':                         'A    A    A    A    A    A    A    A    A    F',
  'GET /orgs/:in':                     'A    A    A    A    A    A    A    A    A    F',
  'GET /orgs/:out':                    '-    S    S    -    S    S    S    S    -    F',
  'POST /orgs (in)':                   'A    A    A    F    F    F    F    F    F    F',
  'POST /orgs (out)':                  '-    S    S    F    F    F    F    F    F    F',
  'PATCH /orgs/:in':                   'A    A    A    F    F    F    F    F    F    F',
  'PATCH /orgs/:out':                  '-    S    S    F    F    F    F    F    F    F',
  'GET /societies':                    'A    A    A    A    F    A    F    A    A    F',
  'GET /societies/:in':                'A    A    A    A    F    A    F    A    A    F',
  'GET /societies/:out':               '-    S    S    -    F    S    F    S    -    F',
  'POST /societies (in)':              'A    A    A    F    F    F    F    F    F    F',
  'POST /societies (out)':             '-    S    S    F    F    F    F    F    F    F',
  'PATCH /societies/:in':              'A    A    A    A    F    A    F    F    F    F',
  'PATCH /societies/:out':             '-    S    S    -    F    S    F    F    F    F',
  'PUT /societies/:in/facts':          'A    A    A    A    F    F    F    F    F    F',
  'PUT /societies/:out/facts':         '-    S    S    -    F    F    F    F    F    F',
  'GET /societies/:in/personal-data':  'A    A    A    F    F    F    F    F    F    F',
  'GET /societies/:out/personal-data': '-    S    S    F    F    F    F    F    F    F',
  'GET /users':                        'A    A    A    A    F    A    F    F    F    F',
  'GET /users/:in':                    'A    A    A    A    F    A    F    F    F    F',
  'GET /users/:out':                   '-    S    S    -    F    S    F    F    F    F',
  'POST /users (in)':                  'A    A    A    F    F    F    F    F    F    F',
  'POST /users (out)':                 '-    S    S    F    F    F    F    F    F    F',
  'PATCH /users/:in':                  'A    A    A    F    F    F    F    F    F    F',
  'PATCH /users/:out':                 '-    S    S    F    F    F    F    F    F    F',
  'GET /users/:in/personal-data':      'A    A    A    F    F    F    F    F    F    F',
  'GET /users/:out/personal-data':     '-    S    S    F    F    F    F    F    F    F',
  'POST /users/:in/password':          'A    A    A    F    F    F    F    F    F    F',
  'POST /users/:out/password':         '-    S    S    F    F    F    F    F    F    F',
  'POST /users/:in/unlock':            'A    A    A    F    F    F    F    F    F    F',
  'POST /users/:out/unlock':           '-    S    S    F    F    F    F    F    F    F',
};

// What "inside" and "outside" mean for each user (names of demo records; 商河 is a sibling county
// of 平阴 made for this test).
interface Targets {
  org: string; // any organisation
  assoc: string; // an association to attach to
  society: string;
  user: string;
}
const inside: Record<ActorName, Targets> = {
  'sheng.admin': { org: '济南市科学技术局', assoc: '济南市科学技术协会', society: '济南市机械工程学会', user: 'pingyin.staff' },
  'pingyin.admin': { org: '平阴县农业农村局', assoc: '平阴县科学技术协会', society: '平阴县农业技术推广协会', user: 'pingyin.staff' },
  'jinan.admin': { org: '平阴县农业农村局', assoc: '平阴县科学技术协会', society: '平阴县农业技术推广协会', user: 'pingyin.staff' },
  'sheng.staff': { org: '济南市科学技术局', assoc: '济南市科学技术协会', society: '济南市机械工程学会', user: 'pingyin.staff' },
  'kjt.user': { org: '山东省科学技术厅', assoc: '山东省科学技术协会', society: '山东省机械工程学会', user: 'kjt.user' },
  'jixie.user': { org: '山东省机械工程学会', assoc: '山东省科学技术协会', society: '山东省机械工程学会', user: 'jixie.user' },
  'bianban.user': { org: '中共山东省委机构编制委员会办公室', assoc: '山东省科学技术协会', society: '山东省机械工程学会', user: 'bianban.user' },
  'jncz.user': { org: '济南市科学技术局', assoc: '济南市科学技术协会', society: '济南市机械工程学会', user: 'pingyin.staff' },
  'pinggu.user': { org: '济南市科学技术局', assoc: '济南市科学技术协会', society: '济南市机械工程学会', user: 'pingyin.staff' },
  'expert.wang': { org: '济南市科学技术局', assoc: '济南市科学技术协会', society: '济南市机械工程学会', user: 'pingyin.staff' },
};
const outside: Record<ActorName, Targets | null> = {
  'sheng.admin': null,
  'pingyin.admin': { org: '商河县农业农村局', assoc: '商河县科学技术协会', society: '商河县农学会', user: 'shanghe.admin' },
  'jinan.admin': { org: '青岛市科学技术局', assoc: '青岛市科学技术协会', society: '青岛市海洋学会', user: 'qingdao.admin' },
  'sheng.staff': null,
  'kjt.user': { org: '山东省农业农村厅', assoc: '青岛市科学技术协会', society: '山东省农学会', user: 'qingdao.admin' },
  'jixie.user': { org: '山东省农学会', assoc: '青岛市科学技术协会', society: '山东省农学会', user: 'kjt.user' },
  'bianban.user': { org: '山东省发展和改革委员会', assoc: '青岛市科学技术协会', society: '青岛市海洋学会', user: 'qingdao.admin' },
  'jncz.user': { org: '青岛市科学技术局', assoc: '青岛市科学技术协会', society: '青岛市海洋学会', user: 'qingdao.admin' },
  'pinggu.user': null,
  'expert.wang': { org: '青岛市科学技术局', assoc: '青岛市科学技术协会', society: '青岛市海洋学会', user: 'qingdao.admin' },
};

let ctx: TestContext;
const clients = new Map<ActorName, TestClient>();
const orgId = new Map<string, string>();
const userId = new Map<string, string>();
let seq = 0;

const profile = {
  societyType: 'society',
  affiliation: 'supervised',
  disciplines: ['测试'],
  industries: [],
  secretaryGeneralFullTime: true,
  fullTimeStaff: 2,
  financeStaff: 1,
  hasIndependentAccount: true,
  partyOrg: 'none',
  councilSize: 10,
  standingCouncilSize: 3,
  hasMemberDatabase: false,
  memberCount: 10,
  hasExpertDatabase: false,
  expertCount: 0,
};

beforeAll(async () => {
  ctx = await createTestContext();
  const admin = await as(ctx.app, 'sheng.admin');
  const mk = async (parent: string, body: Record<string, unknown>) => {
    const r = await admin.post('/api/v1/orgs', { parentId: parent, ...body });
    if (r.status !== 201) throw new Error(JSON.stringify(r.body));
    return r.body.id as string;
  };
  const shanghe = await mk(ctx.ids.jinan, { type: 'association', level: 'county', name: '商河县科学技术协会' });
  await mk(shanghe, { type: 'department', name: '商河县农业农村局' });
  await mk(ctx.ids.pingyin, { type: 'department', name: '平阴县农业农村局' });
  const soc = await admin.post('/api/v1/societies', { parentId: shanghe, name: '商河县农学会', profile });
  if (soc.status !== 201) throw new Error(JSON.stringify(soc.body));
  for (const [username, org] of [['shanghe.admin', shanghe], ['pingyin.staff', ctx.ids.pingyin]] as const) {
    const r = await admin.post('/api/v1/users', { orgId: org, username, displayName: '测试用户', password: 'Chengjie@2026', roles: ['association_staff'] });
    if (r.status !== 201) throw new Error(JSON.stringify(r.body));
  }
  for (const o of await ctx.database.db.select({ id: organisations.id, name: organisations.name }).from(organisations)) orgId.set(o.name, o.id);
  for (const u of await ctx.database.db.select({ id: users.id, username: users.username }).from(users)) userId.set(u.username, u.id);
  for (const a of actors) clients.set(a, await as(ctx.app, a));
});
afterAll(async () => ctx?.close());

const versionOfOrg = async (id: string) => (await ctx.database.db.select({ v: organisations.version }).from(organisations).where(eq(organisations.id, id)))[0].v;
const versionOfUser = async (id: string) => (await ctx.database.db.select({ v: users.version }).from(users).where(eq(users.id, id)))[0].v;

async function call(actor: ActorName, endpoint: string, t: Targets) {
  const c = clients.get(actor)!;
  const n = ++seq;
  const o = (name: string) => orgId.get(name)!;
  const u = (name: string) => userId.get(name)!;
  const [method, path] = endpoint.split(' ');
  switch (true) {
    case endpoint === 'GET /orgs/tree':
      return c.get('/api/v1/orgs/tree');
    case endpoint === 'GET /orgs':
      return c.get('/api/v1/orgs');
    case path.startsWith('/orgs/:') && method === 'GET':
      return c.get(`/api/v1/orgs/${o(t.org)}`);
    case path === '/orgs':
      return c.post('/api/v1/orgs', { parentId: o(t.assoc), type: 'department', name: `矩阵测试部门${n}` });
    case path.startsWith('/orgs/:') && method === 'PATCH':
      return c.patch(`/api/v1/orgs/${o(t.org)}`, { version: await versionOfOrg(o(t.org)), region: `地区${n}` });
    case endpoint === 'GET /societies':
      return c.get('/api/v1/societies');
    case path.endsWith('/personal-data') && path.startsWith('/societies'):
      return c.get(`/api/v1/societies/${o(t.society)}/personal-data`);
    case path.endsWith('/facts'):
      return c.put(`/api/v1/societies/${o(t.society)}/facts/2020`, { annualInspection: 'passed', note: `矩阵${n}` });
    case path.startsWith('/societies/:') && method === 'GET':
      return c.get(`/api/v1/societies/${o(t.society)}`);
    case path === '/societies':
      return c.post('/api/v1/societies', { parentId: o(t.assoc), name: `矩阵测试学会${n}`, profile });
    case path.startsWith('/societies/:') && method === 'PATCH':
      return c.patch(`/api/v1/societies/${o(t.society)}`, { version: await versionOfOrg(o(t.society)), profile: { memberCount: n } });
    case endpoint === 'GET /users':
      return c.get('/api/v1/users');
    case path.endsWith('/personal-data'):
      return c.get(`/api/v1/users/${u(t.user)}/personal-data`);
    case path.endsWith('/password'):
      return c.post(`/api/v1/users/${u(t.user)}/password`, { newPassword: 'Chengjie@2026' });
    case path.endsWith('/unlock'):
      return c.post(`/api/v1/users/${u(t.user)}/unlock`);
    case path.startsWith('/users/:') && method === 'GET':
      return c.get(`/api/v1/users/${u(t.user)}`);
    case path === '/users':
      return c.post('/api/v1/users', { orgId: o(t.assoc), username: `matrix.u${n}`, displayName: '矩阵用户', password: 'Chengjie@2026', roles: ['association_staff'] });
    case path.startsWith('/users/:') && method === 'PATCH':
      return c.patch(`/api/v1/users/${u(t.user)}`, { version: await versionOfUser(u(t.user)), title: `职务${n}` });
  }
  throw new Error(`no call for ${endpoint}`);
}

const denies = () => scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'access.deny'`);

describe('authorisation matrix: every org/user endpoint × every demo role × inside/outside the data scope', () => {
  for (const [endpoint, row] of Object.entries(matrix)) {
    const cells = row.split(/\s+/);
    actors.forEach((actor, i) => {
      const expected = cells[i];
      if (expected === '-') return;
      const isOut = endpoint.includes(':out') || endpoint.includes('(out)');
      it(`${endpoint} as ${actor} → ${expected}`, async () => {
        // A role without the permission is refused before any record is looked at; for such cells a
        // user with nothing outside its scope (the top of the tree) is tried on an inside record.
        const targets = isOut ? (outside[actor] ?? (expected === 'F' ? inside[actor] : null)) : inside[actor];
        expect(targets, 'matrix names an outside record that the test does not define').not.toBeNull();
        const before = await denies();
        const res = await call(actor, endpoint.replace(' (in)', '').replace(' (out)', ''), targets!);
        if (expected === 'A') {
          expect(res.status, JSON.stringify(res.body)).toBeGreaterThanOrEqual(200);
          expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
        } else {
          expect(res.status, JSON.stringify(res.body)).toBe(403);
          expect(res.body.code).toBe(expected === 'F' ? 'FORBIDDEN' : 'OUT_OF_SCOPE');
          expect(res.headers['content-type']).toMatch(/problem\+json/);
          expect(await denies(), 'every deny is audited').toBe(before + 1);
        }
      });
    });
  }

  it('lists only records inside the scope: the county administrator sees no sibling county and no city above', async () => {
    const c = clients.get('pingyin.admin')!;
    const tree = await c.get('/api/v1/orgs/tree');
    const names: string[] = [];
    const walk = (ns: { name: string; children: unknown[] }[]) => ns.forEach((n) => (names.push(n.name), walk(n.children as never)));
    walk(tree.body.nodes);
    expect(names).toContain('平阴县科学技术协会');
    expect(names).not.toContain('商河县科学技术协会');
    expect(names).not.toContain('济南市科学技术协会');
    const socs = await c.get('/api/v1/societies?limit=100');
    const socNames = socs.body.items.map((s: { name: string }) => s.name);
    expect(socNames).toContain('平阴县农业技术推广协会');
    expect(socNames).not.toContain('商河县农学会');
    expect(new Set(socs.body.items.map((s: { associationName: string }) => s.associationName))).toEqual(new Set(['平阴县科学技术协会']));
    const us = await c.get('/api/v1/users?limit=100');
    expect(us.body.items.map((x: { username: string }) => x.username)).toEqual(expect.arrayContaining(['pingyin.admin', 'pingyin.staff']));
    expect(new Set(us.body.items.map((x: { orgName: string }) => x.orgName))).toEqual(new Set(['平阴县科学技术协会']));
  });
});
