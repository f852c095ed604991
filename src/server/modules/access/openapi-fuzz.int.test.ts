// Issue 10 §3: no 500 for malformed input. Walks every operation of the app's own /api/openapi.json
// as a demo user who holds the operation's permission, builds a request that fits the schema, then
// replaces one parameter or body field at a time with a malformed value (wrong type, NUL, a lone
// surrogate, a huge string, negative and huge numbers, a bad UUID, dates out of range, bad cursors,
// an array for an object, an unknown field). Every answer must be below 500, and every refusal a
// problem+json (a 400 naming the field). Mutations that happen to be valid may change demo data:
// the database is this file's own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { as, createTestContext, TestClient, type Res, type TestContext } from '../../testing/harness.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
interface Schema {
  type?: string | string[];
  format?: string;
  pattern?: string;
  enum?: Json[];
  const?: Json;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
  minItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  $ref?: string;
  default?: Json;
}
interface Parameter {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  schema: Schema;
}
interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  parameters: Parameter[];
  body: Schema | null;
  permissions: string[] | null;
}

const ROLE_USERS = ['sheng.admin', 'sheng.staff', 'kjt.user', 'jixie.user', 'bianban.user', 'jncz.user', 'pinggu.user', 'expert.wang'];
// Operations that would end the fuzzing client's own session.
const SKIP = new Set(['POST /api/v1/auth/logout']);

// The table behind each `/api/v1/<resource>/{id}`: a real id lets a mutation reach the handler and
// the database, where a 500 would come from.
const TABLE_OF: Record<string, string> = {
  attachments: 'attachments',
  briefings: 'briefings',
  'change-requests': 'change_requests',
  countersigns: 'countersigns',
  declarations: 'declarations',
  'demand-entries': 'demand_entries',
  'implementation-plans': 'implementation_plans',
  inspections: 'inspections',
  items: 'transfer_items',
  'major-matters': 'major_matters',
  meetings: 'programme_meetings',
  notifications: 'notifications',
  observers: 'observers',
  programmes: 'programmes',
  'progress-reports': 'progress_reports',
  projects: 'pilot_projects',
  rectifications: 'rectification_orders',
  'stage-reports': 'stage_reports',
  'task-books': 'task_books',
  terminations: 'terminations',
  'training-records': 'training_records',
};

let ctx: TestContext;
let doc: { paths: Record<string, Record<string, any>>; components?: { schemas?: Record<string, Schema> } };
const clients = new Map<string, { client: TestClient; permissions: Set<string> }>();
const idOf = new Map<string, string>();
// Body fields that name a record get a real one, so that the rest of the request gets past "not found".
const bodyIdOf = new Map<string, string>();

function resolve(s: Schema | undefined): Schema {
  if (!s) return {};
  if (s.$ref) return resolve(doc.components?.schemas?.[s.$ref.split('/').pop()!]);
  if (s.allOf?.length) return Object.assign({}, ...s.allOf.map(resolve));
  return s;
}
const typesOf = (s: Schema): string[] => (Array.isArray(s.type) ? s.type : s.type ? [s.type] : []);

const PATTERN_CANDIDATES = ['2026-06-01', 'abc', 'x', '0531-12345678', '13800000000', '06-01', 'A1B2-C3D4-E5F6-A7B8', '123456', 'a@b.cn'];

/** A value that fits the schema (as far as a generator without a regex engine can). */
function sample(raw: Schema | undefined, depth = 0, name = ''): Json {
  const s = resolve(raw);
  if (bodyIdOf.has(name)) return bodyIdOf.get(name)!;
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return s.enum[0];
  const options = s.anyOf ?? s.oneOf;
  if (options?.length) {
    const nonNull = options.map(resolve).find((o) => !typesOf(o).includes('null'));
    return sample(nonNull ?? options[0], depth);
  }
  const type = typesOf(s).find((t) => t !== 'null') ?? (s.properties ? 'object' : 'string');
  switch (type) {
    case 'string': {
      if (s.format === 'uuid') return crypto.randomUUID();
      if (s.format === 'date') return '2026-06-01';
      if (s.format === 'date-time') return '2026-06-01T08:00:00.000Z';
      if (s.format === 'email') return 'fuzz@example.cn';
      if (s.pattern) {
        const re = new RegExp(s.pattern, 'u');
        const hit = PATTERN_CANDIDATES.find((c) => re.test(c));
        if (hit) return hit;
      }
      const min = s.minLength ?? 1;
      return '测试'.padEnd(Math.max(min, 2), '试').slice(0, s.maxLength ?? 40);
    }
    case 'integer':
    case 'number':
      return Math.max(s.minimum ?? 1, s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 1);
    case 'boolean':
      return false;
    case 'array':
      return depth > 4 ? [] : Array.from({ length: s.minItems ?? 0 }, () => sample(s.items, depth + 1));
    case 'object': {
      const out: Record<string, Json> = {};
      for (const k of s.required ?? []) out[k] = sample(s.properties?.[k], depth + 1, k);
      return out;
    }
    default:
      return null;
  }
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const HUGE = 'x'.repeat(200_000);

const isDateLike = (s: Schema, name: string) => s.format === 'date' || s.format === 'date-time' || /\\d\{4\}|\\d\{2\}-/.test(s.pattern ?? '') || /(On|Date|At|from|to|deadline)$/.test(name);
const isIdLike = (s: Schema, name: string) => s.format === 'uuid' || /(^id|Id|Ids)$/.test(name);

/**
 * Malformed values for a field of this schema, chosen by its type so that the set stays bounded
 * (about eight a field): the wrong type, then what breaks that type's storage.
 */
function mutations(raw: Schema | undefined, name: string): [string, Json][] {
  const s = resolve(raw);
  const options = (s.anyOf ?? s.oneOf ?? [s]).map(resolve);
  const types = new Set(options.flatMap((o) => (o.properties ? ['object', ...typesOf(o)] : typesOf(o))));
  if (options.some((o) => o.enum || o.const !== undefined)) types.add('string');
  const out: [string, Json][] = [['null', null]];
  if (types.has('string') || types.size === 0) {
    out.push(['number for text', 12345], ['NUL', 'a\u0000b'], ['lone surrogate', '\uD800x'], ['huge string', HUGE], ['object for text', { a: 1 }]);
    if (options.some((o) => o.enum)) out.push(['not in the enum', 'zz-not-a-value']);
    if (options.some((o) => isIdLike(o, name))) out.push(['bad uuid', 'not-a-uuid'], ['uuid with NUL', '00000000-0000-0000-0000-00000000000\u0000']);
    if (options.some((o) => isDateLike(o, name))) out.push(['date 0000', '0000-01-01'], ['date 99999', '99999-01-01'], ['date 02-30', '2026-02-30'], ['date-time year 0', '0000-01-01T00:00:00Z']);
  }
  if (types.has('integer') || types.has('number')) {
    out.push(['text for number', 'abc'], ['negative', -1], ['huge number', 1e300], ['past int4', 2_147_483_648], ['past 2^53', 2 ** 53 + 2], ['fraction', 1.5]);
  }
  if (types.has('boolean')) out.push(['text for boolean', 'yes'], ['number for boolean', 1]);
  if (types.has('array')) out.push(['object for array', { a: 1 }], ['array of NULs', ['\u0000']], ['array of numbers', [1, 2]], ['huge array', Array.from({ length: 5000 }, () => 'x')]);
  if (types.has('object')) out.push(['array for object', []], ['text for object', 'x'], ['object with NUL key', { 'a\u0000': 1 }], ['object with an unknown field', { __extra: 1 }]);
  if (name === 'cursor') {
    for (const [label, v] of [
      ['cursor: id not a uuid', ['2026-01-01T00:00:00.000Z', 'x']],
      ['cursor: key not a date', ['not a date', crypto.randomUUID()]],
      ['cursor: key year 0', ['0000-01-01T00:00:00.000Z', crypto.randomUUID()]],
      ['cursor: NUL key', ['a\u0000', crypto.randomUUID()]],
      ['cursor: numbers', [1, 2]],
      ['cursor: object', { a: 1 }],
      ['cursor: 3 items', ['a', 'b', 'c']],
      ['cursor: seq not a number', ['x', 'seq']],
    ] as [string, Json][])
      out.push([label, b64(v)]);
    out.push(['cursor: not base64 JSON', '%%%']);
  }
  return out;
}

const asQueryValue = (v: Json): string => (typeof v === 'string' ? v : JSON.stringify(v));

// A lone surrogate has no UTF-8 form: in a URL it travels as the bytes a careless encoder writes
// for it (ED A0 80), which are not valid UTF-8 either.
const enc = (v: string) => v.split(/[\uD800-\uDFFF]/).map(encodeURIComponent).join('%ED%A0%80');

function buildUrl(op: Operation, path: Record<string, string>, query: Record<string, string>): string {
  const p = op.path.replace(/\{([^}]+)\}/g, (_m, k: string) => enc(path[k]));
  const qs = Object.entries(query)
    .map(([k, v]) => `${enc(k)}=${enc(v)}`)
    .join('&');
  return qs ? `${p}?${qs}` : p;
}

function realId(op: Operation, name: string): string {
  if (name === 'year') return '2024';
  if (name === 'part') return 'department';
  const resource = op.path.split('/')[3];
  return idOf.get(resource) ?? crypto.randomUUID();
}

interface Finding {
  what: string;
  status: number;
  body: unknown;
}

async function fuzz(op: Operation): Promise<{ sent: number; findings: Finding[]; baseline: number }> {
  const who = op.permissions ? ROLE_USERS.find((u) => op.permissions!.some((p) => clients.get(u)!.permissions.has(p))) : 'sheng.admin';
  const { client } = clients.get(who ?? 'sheng.admin')!;
  const pathParams = Object.fromEntries(op.parameters.filter((p) => p.in === 'path').map((p) => [p.name, realId(op, p.name)]));
  const query = Object.fromEntries(op.parameters.filter((p) => p.in === 'query' && p.required).map((p) => [p.name, asQueryValue(sample(p.schema))]));
  const body = op.body ? sample(op.body) : undefined;
  const findings: Finding[] = [];
  let sent = 0;
  const check = (what: string, res: Res, malformed: boolean) => {
    sent++;
    if (res.status >= 500) findings.push({ what, status: res.status, body: res.body });
    else if (malformed && res.status >= 400 && !String(res.headers['content-type']).includes('application/problem+json'))
      findings.push({ what: `${what} (not problem+json)`, status: res.status, body: res.body });
    else if (malformed && res.status === 400 && res.body?.code === 'VALIDATION_FAILED' && !res.body.errors?.[0]?.path)
      findings.push({ what: `${what} (400 without the field path)`, status: res.status, body: res.body });
  };
  const call = (p: Record<string, string>, q: Record<string, string>, b: Json | undefined, raw?: string) =>
    client.request(op.method, buildUrl(op, p, q), op.method === 'GET' || op.method === 'DELETE' ? undefined : raw === undefined ? (b ?? {}) : undefined, raw !== undefined ? { rawBody: raw } : {});

  const first = await call(pathParams, query, body);
  if (process.env.FUZZ_DEBUG && first.status === 400) console.log(op.method, op.path, JSON.stringify(first.body.errors ?? first.body.detail).slice(0, 300));
  check(`${op.method} ${op.path} baseline`, first, false);
  for (const param of op.parameters) {
    if (param.in !== 'path' && param.in !== 'query') continue;
    for (const [label, value] of mutations(param.schema, param.name)) {
      // a path parameter is text in the URL; a huge one is cut to what a URL carries
      const v = asQueryValue(value).slice(0, param.in === 'path' ? 5_000 : 20_000);
      const res = param.in === 'path' ? await call({ ...pathParams, [param.name]: v }, query, body) : await call(pathParams, { ...query, [param.name]: v }, body);
      check(`${op.method} ${op.path} ${param.in}.${param.name} ← ${label}`, res, true);
    }
  }
  if (op.body && op.method !== 'GET' && op.method !== 'DELETE') {
    const bodySchema = resolve(op.body);
    const base = (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as Record<string, Json>;
    for (const [label, value] of [['body not JSON', '{"a": ['], ['body an array', '[]'], ['body a string', '"x"'], ['body with an unknown field', JSON.stringify({ ...base, __extra: 1 })]] as const) {
      check(`${op.method} ${op.path} ${label}`, await call(pathParams, query, undefined, value), true);
    }
    // each field, and one level down (an object's fields, an array's first element's fields)
    const fields: [string[], Schema][] = [];
    for (const [k, v] of Object.entries(bodySchema.properties ?? {})) {
      fields.push([[k], v]);
      const inner = resolve(v);
      const innerObj = typesOf(inner).includes('array') ? resolve(inner.items) : inner;
      for (const [k2, v2] of Object.entries(innerObj.properties ?? {})) fields.push([typesOf(inner).includes('array') ? [k, '0', k2] : [k, k2], v2]);
    }
    for (const [path, schema] of fields) {
      for (const [label, value] of mutations(schema, path[path.length - 1])) {
        const mutated = structuredClone(base) as Record<string, Json>;
        let node: any = mutated;
        for (let i = 0; i < path.length - 1; i++) {
          const key = path[i];
          if (node[key] === undefined || node[key] === null || typeof node[key] !== 'object') node[key] = /^\d+$/.test(path[i + 1]) ? [] : {};
          node = node[key];
        }
        node[path[path.length - 1]] = value;
        check(`${op.method} ${op.path} body.${path.join('.')} ← ${label}`, await call(pathParams, query, mutated), true);
      }
    }
  }
  return { sent, findings, baseline: first.status };
}

beforeAll(async () => {
  ctx = await createTestContext();
  doc = (await new TestClient(ctx.app).get('/api/openapi.json')).body;
  for (const username of ROLE_USERS) {
    const client = await as(ctx.app, username);
    const me = await client.get('/api/v1/auth/me');
    clients.set(username, { client, permissions: new Set(me.body.user?.permissions ?? me.body.permissions ?? []) });
  }
  const one = async (q: ReturnType<typeof sql>) => ((await ctx.database.db.execute(q)) as unknown as { rows: { id: string }[] }).rows[0]?.id;
  for (const [resource, table] of Object.entries(TABLE_OF)) {
    const id = await one(sql`SELECT id::text AS id FROM ${sql.identifier(table)} LIMIT 1`);
    if (id) idOf.set(resource, id);
  }
  // leaves of the tree and a user no client is logged in as: a valid-looking mutation may deactivate them
  idOf.set('orgs', (await one(sql`SELECT id::text AS id FROM organisations WHERE name = '平阴县农业技术推广协会'`))!);
  idOf.set('societies', idOf.get('orgs')!);
  idOf.set('users', (await one(sql`SELECT id::text AS id FROM users WHERE username = 'expert.huang'`))!);
  const programmeId = Object.values(ctx.ids.programmes)[0];
  for (const [field, id] of [['programmeId', programmeId], ['parentId', ctx.ids.pingyin], ['associationId', ctx.ids.jinan], ['orgId', ctx.ids.pingyin]] as const) bodyIdOf.set(field, id);
}, 120_000);
afterAll(async () => ctx?.close());

describe('schema-driven fuzzing of every operation in /api/openapi.json', () => {
  it('answers no malformed value with a 5xx, and refuses each with problem+json naming the field', async () => {
    const ops: Operation[] = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        const key = `${method.toUpperCase()} ${path}`;
        if (SKIP.has(key)) continue;
        ops.push({
          method: method.toUpperCase() as Operation['method'],
          path,
          parameters: (op.parameters ?? []) as Parameter[],
          body: (op.requestBody?.content?.['application/json']?.schema as Schema | undefined) ?? null,
          permissions: op['x-permissions'] ?? null,
        });
      }
    }
    expect(ops.length).toBeGreaterThan(150);
    let sent = 0;
    const findings: Finding[] = [];
    const baselines = new Map<number, number>();
    const slow: [number, string][] = [];
    const started = Date.now();
    for (const op of ops) {
      const t = Date.now();
      const r = await fuzz(op);
      sent += r.sent;
      findings.push(...r.findings);
      baselines.set(r.baseline, (baselines.get(r.baseline) ?? 0) + 1);
      slow.push([Date.now() - t, `${op.method} ${op.path}`]);
    }
    // what the run covered, in the test log: requests, time, and how the schema-fitting baselines fared
    console.info(
      `fuzz: ${ops.length} operations, ${sent} requests in ${((Date.now() - started) / 1000).toFixed(1)} s; baseline answers ${JSON.stringify(Object.fromEntries(baselines))}; slowest ${slow
        .sort((a, b) => b[0] - a[0])
        .slice(0, 3)
        .map(([ms, k]) => `${k} ${ms} ms`)
        .join(', ')}`,
    );
    expect(findings.map((f) => `${f.what} → ${f.status} ${JSON.stringify(f.body).slice(0, 160)}`)).toEqual([]);
    expect(sent).toBeGreaterThan(3_000);
  }, 300_000);

  it('the health check still answers after the run', async () => {
    expect((await new TestClient(ctx.app).get('/api/v1/health')).status).toBe(200);
  });
});
