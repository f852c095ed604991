// Issue 10 §3: the malformed inputs that answered 500 (or a non-problem+json 414) before, each a
// 400 problem+json naming the field now: list cursors of the wrong shape on all 18 lists (6 of them
// anonymous), NUL and lone surrogates in text (the login name included), days out of range in
// filters and bodies, over-long and undecodable path parameters. The fuzz test
// (openapi-fuzz.int.test.ts) walks every operation; this file pins the known holes by name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { as, createTestContext, scalar, TestClient, type Res, type TestContext } from '../../testing/harness.js';

let ctx: TestContext;
let admin: TestClient;
const anon = () => new TestClient(ctx.app);

beforeAll(async () => {
  ctx = await createTestContext();
  admin = await as(ctx.app, 'sheng.admin');
});
afterAll(async () => ctx?.close());

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

function expect400(res: Res, path: string, what: string) {
  expect({ what, status: res.status, code: res.body?.code }).toEqual({ what, status: 400, code: 'VALIDATION_FAILED' });
  expect(String(res.headers['content-type'])).toMatch(/application\/problem\+json/);
  expect(res.body.errors?.[0]?.path, what).toBe(path);
  expect(res.body.errors[0].message, what).toMatch(/[\u4e00-\u9fff]/);
}

const LISTS_ANONYMOUS = ['/api/v1/public/programmes', '/api/v1/public/items', '/api/v1/public/demand-entries', '/api/v1/public/projects', '/api/v1/public/briefings', '/api/v1/public/progress'];
const LISTS_SIGNED_IN = [
  '/api/v1/todos',
  '/api/v1/notifications',
  '/api/v1/orgs',
  '/api/v1/societies',
  '/api/v1/users',
  '/api/v1/programmes',
  '/api/v1/items',
  '/api/v1/demand-entries',
  '/api/v1/declarations',
  '/api/v1/countersigns',
  '/api/v1/projects',
  '/api/v1/audit',
];

// Lists ordered by name take any name as the key; the others are ordered by time.
const LISTS_BY_NAME = ['/api/v1/orgs', '/api/v1/societies', '/api/v1/users'];
const BAD_TIME_KEYS: [string, string][] = [
  ['a key that is not a date', b64(['not a date', '3f1c1a52-7f0b-4f43-9a57-1d2c3b4a5e6f'])],
  ['a day that does not exist', b64(['2026-02-30T00:00:00.000Z', '3f1c1a52-7f0b-4f43-9a57-1d2c3b4a5e6f'])],
  ['year 0', b64(['0000-01-01T00:00:00.000Z', '3f1c1a52-7f0b-4f43-9a57-1d2c3b4a5e6f'])],
];
const BAD_CURSORS: [string, string][] = [
  ['an id that is not a UUID', b64(['2026-01-01T00:00:00.000Z', 'x'])],
  ['a NUL in the key', b64(['a\u0000', '3f1c1a52-7f0b-4f43-9a57-1d2c3b4a5e6f'])],
  ['numbers', b64([1, 2])],
  ['an object', b64({ a: 1 })],
  ['not base64 JSON', '!!!'],
];

describe('list cursors of the wrong shape are a 400 on querystring.cursor, on every list', () => {
  for (const list of [...LISTS_ANONYMOUS, ...LISTS_SIGNED_IN]) {
    it(`${list}${LISTS_ANONYMOUS.includes(list) ? ' (anonymous)' : ''}`, async () => {
      const c = LISTS_ANONYMOUS.includes(list) ? anon() : admin;
      const bad = LISTS_BY_NAME.includes(list) ? BAD_CURSORS : [...BAD_CURSORS, ...BAD_TIME_KEYS];
      for (const [what, cursor] of bad) expect400(await c.get(`${list}?cursor=${encodeURIComponent(cursor)}`), 'querystring.cursor', `${list}: ${what}`);
      // the audit log pages by sequence number: a key that is not one is refused too
      if (list === '/api/v1/audit') expect400(await c.get(`${list}?cursor=${b64(['x', 'seq'])}`), 'querystring.cursor', 'audit: seq not a number');
    });
  }

  it('the cursor a list hands out still takes the next page', async () => {
    for (const [c, list] of [[anon(), '/api/v1/public/items'], [admin, '/api/v1/orgs'], [admin, '/api/v1/audit'], [admin, '/api/v1/items']] as const) {
      const first = await c.get(`${list}?limit=1`);
      expect(first.status, list).toBe(200);
      expect(first.body.nextCursor, list).toBeTruthy();
      const second = await c.get(`${list}?limit=1&cursor=${first.body.nextCursor}`);
      expect(second.status, list).toBe(200);
      expect(second.body.items[0], list).not.toEqual(first.body.items[0]);
    }
  });
});

describe('NUL and lone surrogates are refused in any text field, naming it', () => {
  it('in the login name and password, before any lookup', async () => {
    const throttled = await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM audit_log`);
    expect400(await anon().post('/api/v1/auth/login', { username: 'sheng.admin\u0000', password: 'x' }), 'body.username', 'NUL in the login name');
    expect400(await anon().post('/api/v1/auth/login', { username: 'sheng\uD800', password: 'x' }), 'body.username', 'lone surrogate in the login name');
    expect400(await anon().post('/api/v1/auth/login', { username: 'sheng.admin', password: 'Chengjie@2026\u0000' }), 'body.password', 'NUL in the password');
    // nothing was looked up or recorded for these
    expect(await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM audit_log`)).toBe(throttled);
  });

  it('in a body field, nested ones and keys included', async () => {
    const orgs = await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM organisations`);
    expect400(await admin.post('/api/v1/orgs', { parentId: ctx.ids.jinan, type: 'department', name: '测试\u0000局' }), 'body.name', 'NUL in a name');
    expect400(await admin.post('/api/v1/orgs', { parentId: ctx.ids.jinan, type: 'department', name: '测试\uDC00局' }), 'body.name', 'lone low surrogate');
    const nested = await admin.post('/api/v1/societies', { parentId: ctx.ids.jinan, name: '测试学会', profile: { disciplines: ['ok', 'bad\u0000'] } });
    expect400(nested, 'body.profile.disciplines.1', 'NUL in an array element');
    expect400(await admin.post('/api/v1/orgs', { parentId: ctx.ids.jinan, type: 'department', name: '测试局', 'x\u0000': 1 }), 'body.x\uFFFD', 'NUL in a key');
    expect(await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM organisations`)).toBe(orgs);
    // a surrogate pair (an emoji) is well-formed text and passes this check
    const ok = await admin.post('/api/v1/orgs', { parentId: ctx.ids.jinan, type: 'department', name: '测试局😀' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
  });

  it('a body nested deeper than the platform reads is a 400, not a stack overflow (anonymous login)', async () => {
    const deep = `{"username":${'['.repeat(20_000)}${']'.repeat(20_000)},"password":"x"}`;
    const c = anon();
    const res = await c.request('POST', '/api/v1/auth/login', undefined, { headers: { 'content-type': 'application/json' }, rawBody: Buffer.from(deep) });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.errors[0].path).toMatch(/^body\.username(\.0)+$/);
    expect(res.body.errors[0].message).toMatch(/嵌套层级过深/);
  });

  it('in the query string (a search on a public list)', async () => {
    expect400(await anon().get('/api/v1/public/items?q=%00'), 'querystring.q', 'NUL in a search');
    expect400(await anon().get('/api/v1/public/items?q=a%ED%A0%80'), 'querystring.q', 'a lone surrogate (as bytes ED A0 80) in a search');
  });
});

describe('days out of range are a 400 naming the field', () => {
  it('in filters', async () => {
    for (const day of ['0000-01-01', '99999-01-01', '2026-02-30', '1899-12-31', '2101-01-01']) {
      expect400(await admin.get(`/api/v1/audit?from=${day}`), 'querystring.from', `audit from=${day}`);
      expect400(await admin.get(`/api/v1/audit?to=${day}`), 'querystring.to', `audit to=${day}`);
    }
    expect((await admin.get('/api/v1/audit?from=2000-01-01&to=2100-12-31')).status).toBe(200);
  });

  it('in bodies (a stage report due day, a programme stage)', async () => {
    const programmeId = Object.values(ctx.ids.programmes)[0];
    const res = await admin.post(`/api/v1/programmes/${programmeId}/stage-reports`, { year: 2026, period: 'annual', title: '年度报告', dueOn: '0000-01-01' });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain('body.dueOn');
  });
});

describe('path parameters the router refuses are a problem+json that does not echo the path', () => {
  it('over the length limit', async () => {
    const long = 'a'.repeat(5000);
    const res = await anon().get(`/api/v1/public/items/${long}`);
    expect400(res, 'params', 'an over-long id');
    expect(JSON.stringify(res.body)).not.toContain('aaaaaaaaaa');
    expect(res.raw.length).toBeLessThan(1000);
    // an answer like any other: the security headers are on it
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('not decodable', async () => {
    const res = await anon().get('/api/v1/public/items/%E0%A4%A');
    expect400(res, 'params', 'a broken escape');
    expect(JSON.stringify(res.body)).not.toContain('%E0');
  });
});
