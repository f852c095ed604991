// The reference of bench/association-items.ts and bench/public-items.ts (issue 12 §1): the *ideal*
// handler of the two item lists — bare Fastify (no logger, plugins or hooks) and a `pg` Pool of 20,
// running the best reasonable SQL for the same page, NOT a copy of the platform's SQL:
//   - one statement per page: the list view's columns only, the department's name and the
//     declaration count joined in the same statement, keyset `(t, id) < ($t, $id)` on the list's
//     own index, LIMIT n+1, never a count;
//   - the programme's name and version joined by primary key; the category path ("A / B") from an
//     in-process map per (programme, version), built once — no category tree read per page;
//   - GET /api/v1/items also authenticates as cheaply as is reasonable: one prepared statement
//     resolves the session cookie (SM3 of the cookie, sessions ⋈ users ⋈ organisations, roles as an
//     array), the idle/absolute expiry and `item.read` are checked in process, last_seen_at is
//     touched at most once a minute as the platform does. Association readers only (the bench's
//     scope): `association_path LIKE '<path>%' AND status <> 'draft'`. That statement is unnamed
//     (planned with its prefix, like the platform's): a named one would move to a generic plan
//     after five runs, and a generic `LIKE $1` cannot use the prefix range of the small-subtree index.
// The answers are the platform's list views field for field (the bench checks them deep-equal,
// `total` aside); `count` is accepted and ignored.
//   DATABASE_URL=… PORT=… node --import tsx bench/ideal-items-server.ts
import Fastify from 'fastify';
import pg from 'pg';
import { sm3Hex } from '../src/server/platform/crypto/sm3.js';
import { permissionsOf, scopeRootPath } from '../src/domain/access/roles.js';
import { flattenCategories } from '../src/domain/transfer/transfer.types.js';
import { commissioningModeLabels, type Category, type CommissioningMode } from '../src/domain/programme/programme.types.js';
import { transferItemLifecycle, type TransferItemState } from '../src/domain/transfer/transfer-item.lifecycle.js';
import { isSessionExpired, shouldTouchSession } from '../src/domain/identity/session.rules.js';
import { ITEMS_SQL, PUBLIC_SQL, SESSION_SQL } from './ideal-items-sql.js';

pg.types.setTypeParser(20, (v) => Number(v)); // int8 (budget_fen) as a number, as the platform does
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 20, connectionTimeoutMillis: 5_000, idleTimeoutMillis: 30_000 });
pool.on('error', () => undefined);

const statusLabel = (s: string) => transferItemLifecycle.states[s as TransferItemState] ?? s;
const modeLabel = (m: string) => commissioningModeLabels[m as CommissioningMode] ?? m;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

// ── category paths per programme version ────────────────────────────────────────────────────────
const labelMaps = new Map<string, Map<string, string>>();
const pendingMaps = new Map<string, Promise<Map<string, string>>>();
async function labelsOf(programmeId: string, version: number): Promise<Map<string, string>> {
  const k = `${programmeId}:${version}`;
  const hit = labelMaps.get(k);
  if (hit) return hit;
  let p = pendingMaps.get(k);
  if (!p) {
    p = pool.query<{ categories: Category[] }>('select categories from programmes where id = $1', [programmeId]).then((r) => {
      const m = flattenCategories(r.rows[0]?.categories ?? []);
      labelMaps.set(k, m);
      pendingMaps.delete(k);
      return m;
    });
    pendingMaps.set(k, p);
  }
  return p;
}
async function labelFor(programmeId: string, version: number, code: string): Promise<string> {
  const m = labelMaps.get(`${programmeId}:${version}`) ?? (await labelsOf(programmeId, version));
  return m.get(code) ?? code;
}

// ── cursors: the platform's shape, [time key 'YYYY-MM-DDTHH:MI:SS.US' (UTC), id] in base64url JSON ─
const TIME_KEY = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
function decodeCursor(c: string | undefined): [string, string] | null | 'bad' {
  if (!c) return null;
  try {
    const v = JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && TIME_KEY.test(v[0]) && typeof v[1] === 'string' && UUID.test(v[1])) return [v[0], v[1]];
  } catch {
    /* below */
  }
  return 'bad';
}
const encodeCursor = (key: string, id: string) => Buffer.from(JSON.stringify([key, id])).toString('base64url');

const app = Fastify({ logger: false });
const bad = (reply: { code(n: number): { send(b: unknown): unknown } }, detail: string) => reply.code(400).send({ title: detail });
const limitOf = (raw: string | undefined) => {
  const n = raw === undefined ? 20 : Number(raw);
  return Number.isInteger(n) && n >= 1 && n <= 100 ? n : null;
};

// ── GET /api/v1/items: an association's list (its subtree, newest created first) ────────────────
interface Reader {
  scopePath: string;
}
async function readerOf(cookieHeader: string | undefined): Promise<Reader | null> {
  const m = cookieHeader?.match(/(?:^|;\s*)cj_sid=([^;]+)/);
  if (!m || m[1].length > 100) return null;
  const idHash = sm3Hex(m[1]);
  const r = await pool.query<{ user_id: string; created_at: Date; last_seen_at: Date; user_active: boolean; type: string; path: string; org_active: boolean; roles: string[] }>({
    name: 'ideal_session',
    text: SESSION_SQL,
    values: [idHash],
  });
  const s = r.rows[0];
  const now = new Date();
  if (!s || !s.user_active || !s.org_active || isSessionExpired({ createdAt: s.created_at, lastSeenAt: s.last_seen_at }, now)) return null;
  if (shouldTouchSession(s.last_seen_at, now)) await pool.query({ name: 'ideal_touch', text: 'update sessions set last_seen_at = $2 where id_hash = $1', values: [idHash, now] });
  if (s.type !== 'association' || !permissionsOf(s.roles).has('item.read')) return null;
  return { scopePath: scopeRootPath(s) };
}

const ITEMS_FIRST = ITEMS_SQL(false);
const ITEMS_NEXT = ITEMS_SQL(true);
interface ItemRow {
  id: string;
  programme_id: string;
  department_id: string;
  department_name: string;
  title: string;
  category_code: string;
  commissioning_mode: string;
  budget_fen: number | null;
  status: string;
  revision: number;
  declaration_deadline: Date | null;
  published_at: Date | null;
  created_at: Date;
  key: string;
  programme_version: number;
  declaration_count: number;
}

app.get<{ Querystring: Record<string, string | undefined> }>('/api/v1/items', async (req, reply) => {
  const reader = await readerOf(req.headers.cookie);
  if (!reader) return reply.code(401).send({ title: '请先登录' });
  const q = req.query;
  const limit = limitOf(q.limit);
  const after = decodeCursor(q.cursor);
  if (limit === null || after === 'bad') return bad(reply, 'bad query');
  if (Object.keys(q).some((k) => !['limit', 'cursor', 'count'].includes(k))) return bad(reply, 'unsupported filter');
  const prefix = reader.scopePath.replace(/[%_\\]/g, '\\$&') + '%';
  const r = after
    ? await pool.query<ItemRow>(ITEMS_NEXT, [prefix, limit + 1, `${after[0]}Z`, after[1]])
    : await pool.query<ItemRow>(ITEMS_FIRST, [prefix, limit + 1]);
  const hasMore = r.rows.length > limit;
  const rows = hasMore ? r.rows.slice(0, limit) : r.rows;
  const items = [];
  for (const i of rows) {
    items.push({
      id: i.id,
      programmeId: i.programme_id,
      departmentId: i.department_id,
      departmentName: i.department_name,
      title: i.title,
      categoryCode: i.category_code,
      categoryLabel: await labelFor(i.programme_id, i.programme_version, i.category_code),
      commissioningMode: i.commissioning_mode,
      commissioningModeLabel: modeLabel(i.commissioning_mode),
      budgetFen: i.budget_fen,
      status: i.status,
      statusLabel: statusLabel(i.status),
      revision: i.revision,
      declarationDeadline: iso(i.declaration_deadline),
      declarationCount: i.declaration_count,
      publishedAt: iso(i.published_at),
      createdAt: i.created_at.toISOString(),
    });
  }
  const last = rows[rows.length - 1];
  return { items, nextCursor: hasMore && last ? encodeCursor(last.key, last.id) : null };
});

// ── GET /api/v1/public/items: the portal's list (newest published first, optionally one category) ─
// Named (prepared once per connection): the filters are equalities, a generic plan serves them.
const PUBLIC = {
  first: { name: 'ideal_public_first', text: PUBLIC_SQL(false, false) },
  next: { name: 'ideal_public_next', text: PUBLIC_SQL(false, true) },
  catFirst: { name: 'ideal_public_cat_first', text: PUBLIC_SQL(true, false) },
  catNext: { name: 'ideal_public_cat_next', text: PUBLIC_SQL(true, true) },
};
interface PublicRow {
  id: string;
  title: string;
  category_code: string;
  summary: string;
  commissioning_mode: string;
  budget_fen: number | null;
  status: string;
  revision: number;
  published_at: Date | null;
  withdrawn_at: Date | null;
  programme_id: string;
  programme_name: string;
  programme_version: number;
  department_id: string;
  department_name: string;
  key: string;
}

app.get<{ Querystring: Record<string, string | undefined> }>('/api/v1/public/items', async (req, reply) => {
  const q = req.query;
  const limit = limitOf(q.limit);
  const after = decodeCursor(q.cursor);
  if (limit === null || after === 'bad') return bad(reply, 'bad query');
  if (Object.keys(q).some((k) => !['limit', 'cursor', 'count', 'categoryCode'].includes(k))) return bad(reply, 'unsupported filter');
  const cat = q.categoryCode;
  if (cat !== undefined && !/^[a-z0-9_]{1,40}$/.test(cat)) return bad(reply, 'bad category');
  const afterArgs = after ? [`${after[0]}Z`, after[1]] : [];
  const st = cat ? (after ? PUBLIC.catNext : PUBLIC.catFirst) : after ? PUBLIC.next : PUBLIC.first;
  const r = await pool.query<PublicRow>({ ...st, values: [limit + 1, ...(cat ? [cat] : []), ...afterArgs] });
  const hasMore = r.rows.length > limit;
  const rows = hasMore ? r.rows.slice(0, limit) : r.rows;
  const items = [];
  for (const i of rows) {
    items.push({
      id: i.id,
      title: i.title,
      categoryCode: i.category_code,
      categoryLabel: await labelFor(i.programme_id, i.programme_version, i.category_code),
      summary: i.summary,
      commissioningModeLabel: modeLabel(i.commissioning_mode),
      budgetFen: i.budget_fen,
      status: i.status,
      statusLabel: statusLabel(i.status),
      revision: i.revision,
      publishedAt: iso(i.published_at),
      withdrawnAt: iso(i.withdrawn_at),
      programmeId: i.programme_id,
      programmeName: i.programme_name,
      departmentId: i.department_id,
      departmentName: i.department_name,
    });
  }
  const last = rows[rows.length - 1];
  return { items, nextCursor: hasMore && last ? encodeCursor(last.key, last.id) : null };
});

app.get('/api/v1/health', async () => ({ status: 'ok' }));

const close = async () => {
  await app.close();
  await pool.end();
  process.exit(0);
};
process.on('SIGTERM', () => void close());
process.on('SIGINT', () => void close());
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
console.log(`ideal item lists listening on ${process.env.PORT}`);
