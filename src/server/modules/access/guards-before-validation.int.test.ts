// Issue 10 §2: who may call an operation is settled before its input is read. A property over the
// whole route table (the app's own /api/openapi.json): for every operation that is not public,
//   (a) no session + malformed input            → 401, never a 400 that shows the schema;
//   (b) a session without the CSRF token (writes) → 403 CSRF_FAILED;
//   (c) a role without the operation's permission + malformed input → 403 FORBIDDEN.
// "Malformed" is everything at once: a path parameter of the wrong form, an unknown query field and
// a body that is not even JSON — any of them answered first would be a 400.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { as, createTestContext, TestClient, type TestContext } from '../../testing/harness.js';

interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  isPublic: boolean;
  permissions: string[] | null;
}

// The operations open without a session, written out so that opening one more shows here.
const PUBLIC_OPERATIONS = [
  'GET /api/v1/health',
  'GET /api/v1/dictionaries',
  'GET /api/v1/auth/csrf',
  'GET /api/v1/auth/me',
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/logout',
  'GET /api/v1/public/programmes',
  'GET /api/v1/public/programmes/{id}',
  'GET /api/v1/public/items',
  'GET /api/v1/public/items/{id}',
  'GET /api/v1/public/demand-entries',
  'GET /api/v1/public/demand-entries/{id}',
  'GET /api/v1/public/projects',
  'GET /api/v1/public/search',
  'GET /api/v1/public/briefings',
  'GET /api/v1/public/evaluation-results',
  'GET /api/v1/public/evaluation-results/{id}/document',
  'GET /api/v1/public/briefings/{id}',
  'GET /api/v1/public/capacity-calls',
  'GET /api/v1/public/capacity-calls/{id}',
  'GET /api/v1/public/capacity-notices',
  'GET /api/v1/public/capacity-notices/{id}',
  'POST /api/v1/public/capacity-notices/{id}/objections',
  'GET /api/v1/public/progress',
  'GET /api/v1/public/progress/{id}',
  'GET /api/v1/public/cases',
  'GET /api/v1/public/cases/{id}',
  // STA-1, PUB-1: the indicators associations published
  'GET /api/v1/public/indicators',
  'GET /api/v1/public/indicators/{id}',
  'GET /api/v1/public/task-books/verify',
  'POST /api/v1/public/task-books/verify',
  // PUB-3: the open-data catalogue, and each feed as JSON pages and as CSV
  'GET /api/v1/public/open-data',
  'GET /api/v1/public/open-data/programmes',
  'GET /api/v1/public/open-data/programmes.csv',
  'GET /api/v1/public/open-data/items',
  'GET /api/v1/public/open-data/items.csv',
  'GET /api/v1/public/open-data/item-versions',
  'GET /api/v1/public/open-data/item-versions.csv',
  'GET /api/v1/public/open-data/demand-entries',
  'GET /api/v1/public/open-data/demand-entries.csv',
  'GET /api/v1/public/open-data/selection-results',
  'GET /api/v1/public/open-data/selection-results.csv',
  'GET /api/v1/public/open-data/task-books',
  'GET /api/v1/public/open-data/task-books.csv',
  'GET /api/v1/public/open-data/progress',
  'GET /api/v1/public/open-data/progress.csv',
  'GET /api/v1/public/open-data/briefings',
  'GET /api/v1/public/open-data/briefings.csv',
  'GET /api/v1/public/open-data/evaluation-results',
  'GET /api/v1/public/open-data/evaluation-results.csv',
  'GET /api/v1/public/open-data/typical-cases',
  'GET /api/v1/public/open-data/typical-cases.csv',
  'GET /api/v1/public/open-data/indicators',
  'GET /api/v1/public/open-data/indicators.csv',
  // EVA-4: the questionnaire behind an anonymous survey link, and its answer
  'GET /api/v1/public/surveys/{token}',
  'POST /api/v1/public/surveys/{token}/answer',
].sort();

// Demo users of distinct roles; (c) takes, for each operation, one that holds none of its permissions.
const ROLE_USERS = ['sheng.admin', 'sheng.staff', 'kjt.user', 'jixie.user', 'bianban.user', 'jncz.user', 'pinggu.user', 'expert.wang'];

let ctx: TestContext;
let operations: Operation[] = [];
const clients = new Map<string, { client: TestClient; permissions: Set<string> }>();

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const malformedUrl = (path: string) => `${path.replace(/\{[^}]+\}/g, 'not-an-id')}?__probe=%7B`;
const send = (c: TestClient, op: Operation, csrf = true) =>
  c.request(op.method, malformedUrl(op.path), undefined, UNSAFE.has(op.method) ? { csrf, rawBody: '{"broken": [' } : { csrf });

beforeAll(async () => {
  ctx = await createTestContext();
  const doc = (await new TestClient(ctx.app).get('/api/openapi.json')).body as {
    paths: Record<string, Record<string, { security?: unknown[]; 'x-permissions'?: string[] }>>;
  };
  for (const [path, item] of Object.entries(doc.paths)) {
    if (!path.startsWith('/api/v1/')) continue;
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      operations.push({ method: method.toUpperCase() as Operation['method'], path, isPublic: Array.isArray(op.security) && op.security.length === 0, permissions: op['x-permissions'] ?? null });
    }
  }
  operations = operations.sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
  for (const username of ROLE_USERS) {
    const client = await as(ctx.app, username);
    const me = await client.get('/api/v1/auth/me');
    clients.set(username, { client, permissions: new Set(me.body.user?.permissions ?? me.body.permissions ?? []) });
  }
}, 120_000);
afterAll(async () => ctx?.close());

const expectProblem = (res: { status: number; body: any; headers: Record<string, unknown> }, status: number, code: string, what: string) => {
  expect({ what, status: res.status, code: res.body?.code }).toEqual({ what, status, code });
  expect(String(res.headers['content-type'])).toMatch(/application\/problem\+json/);
  expect(res.body.errors, `${what} must not describe the input`).toBeUndefined();
};

describe('the route table', () => {
  it('is read from the OpenAPI document, and only the listed operations are open without a session', () => {
    expect(operations.length).toBeGreaterThan(150);
    expect(operations.filter((o) => o.isPublic).map((o) => `${o.method} ${o.path}`).sort()).toEqual(PUBLIC_OPERATIONS);
    // most operations name their permission; the rest check the session (and the record) in the handler
    expect(operations.filter((o) => o.permissions).length).toBeGreaterThan(120);
  });

  it('still answers the public operations without a session', async () => {
    const anon = new TestClient(ctx.app);
    expect((await anon.get('/api/v1/public/items')).status).toBe(200);
    expect((await anon.get('/api/v1/health')).status).toBe(200);
    // …and their malformed input is a 400 naming the field, as before
    const bad = await anon.get('/api/v1/public/items?limit=abc');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('querystring.limit');
  });
});

describe('(a) no session: every non-public operation answers 401 before reading its input', () => {
  it('for every operation', async () => {
    const anon = new TestClient(ctx.app);
    const wrong: string[] = [];
    for (const op of operations.filter((o) => !o.isPublic)) {
      const res = await send(anon, op);
      if (res.status !== 401 || res.body?.code !== 'UNAUTHENTICATED' || res.body?.errors) wrong.push(`${op.method} ${op.path} → ${res.status} ${res.body?.code}`);
    }
    expect(wrong).toEqual([]);
    expectProblem(await send(anon, operations.find((o) => o.method === 'POST' && !o.isPublic)!), 401, 'UNAUTHENTICATED', 'a write');
  });

  it('an expired session is told so, also before validation', async () => {
    // a user of its own: the clients of (b) and (c) keep their sessions
    const c = await as(ctx.app, 'expert.liu');
    await ctx.database.db.execute(sql`UPDATE sessions SET last_seen_at = now() - interval '2 hours' WHERE user_id = (SELECT id FROM users WHERE username = 'expert.liu')`);
    const res = await c.request('POST', '/api/v1/orgs', undefined, { rawBody: '{"broken": [' });
    expectProblem(res, 401, 'SESSION_EXPIRED', 'POST /orgs with an expired session');
  });
});

describe('(b) a session without the CSRF token: every write answers 403 CSRF_FAILED before reading its input', () => {
  it('for every non-public write', async () => {
    const { client } = clients.get('sheng.admin')!;
    const wrong: string[] = [];
    for (const op of operations.filter((o) => !o.isPublic && UNSAFE.has(o.method))) {
      const res = await send(client, op, false);
      if (res.status !== 403 || res.body?.code !== 'CSRF_FAILED' || res.body?.errors) wrong.push(`${op.method} ${op.path} → ${res.status} ${res.body?.code}`);
    }
    expect(wrong).toEqual([]);
    // the session was not ended by the refused logout, and the same calls with the token pass the check
    expect((await client.get('/api/v1/auth/me')).status).toBe(200);
  });
});

describe('(c) a role without the permission: every guarded operation answers 403 FORBIDDEN before reading its input', () => {
  it('for every operation that names its permission', async () => {
    const wrong: string[] = [];
    let tried = 0;
    for (const op of operations.filter((o) => o.permissions)) {
      const lacking = [...clients.values()].find((c) => op.permissions!.every((p) => !c.permissions.has(p)));
      if (!lacking) continue; // every demo role holds it (e.g. reading one's own to-dos)
      tried++;
      const res = await send(lacking.client, op);
      if (res.status !== 403 || res.body?.code !== 'FORBIDDEN' || res.body?.errors) wrong.push(`${op.method} ${op.path} → ${res.status} ${res.body?.code}`);
    }
    expect(wrong).toEqual([]);
    expect(tried).toBeGreaterThan(100);
  });
});
