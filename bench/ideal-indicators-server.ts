// The reference of bench/indicators.ts (issue 14, STA-1, STA-2): the *ideal* handler of the indicator
// sheet and the dashboard of an association subtree — bare Fastify (no logger, plugins or hooks) and a
// `pg` Pool of 20, running the best reasonable SQL for the same figures, NOT a copy of the platform's:
//   - the session resolved by one prepared statement (bench/ideal-items-sql.ts's SESSION_SQL), the
//     expiry and `statistics.read` checked in process; the association by primary key, its path
//     checked against the caller's scope in process;
//   - the sheet: ONE statement (unnamed: planned with its path prefix) — the roll-up rows of the subtree's associations only (path prefix
//     AND type = 'association': the ~150 associations, not the ~11,000 organisations under the
//     province), summed in SQL per child of the association (the first path segment under it: ''
//     is the association's own level), plus the children's names, the years and the live publication;
//   - the dashboard: TWO statements — the subtree's programmes of the year and the years; then the
//     association's own rows of dashboard_subtree_counts (migration 0024), the open key nodes reduced to three numbers
//     in SQL (overdue, due within 30 days, open), the fund ledger's sums; the category names and grade
//     names of a programme from an in-process map per (programme, version), read once — no category
//     tree or parameters shipped per request.
// The answers are the platform's field for field (the bench checks them deep-equal), built with the
// same pure domain code (indicatorValues, sumCounts, the status labels).
//   DATABASE_URL=… PORT=… node --import tsx bench/ideal-indicators-server.ts
import Fastify from 'fastify';
import pg from 'pg';
import { sm3Hex } from '../src/server/platform/crypto/sm3.js';
import { permissionsOf, scopeRootPath } from '../src/domain/access/roles.js';
import { isSessionExpired, shouldTouchSession } from '../src/domain/identity/session.rules.js';
import { indicatorDefinitions, indicatorValues, sumCounts, type IndicatorValue } from '../src/domain/statistics/indicators.js';
import { transferItemLifecycle } from '../src/domain/transfer/transfer-item.lifecycle.js';
import { projectStatusLabel, projectStatuses } from '../src/domain/projects/project.status.js';
import { completionVerdictLabels, completionVerdicts } from '../src/domain/evaluation/completion.js';
import { chinaToday } from '../src/domain/calendar-day.js';
import type { Category } from '../src/domain/programme/programme.types.js';
import { SESSION_SQL } from './ideal-items-sql.js';
import { DASHBOARD_COUNTS_SQL, DASHBOARD_PROGRAMMES_SQL, SHEET_SQL } from './ideal-indicators-sql.js';

pg.types.setTypeParser(20, (v) => Number(v));
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 20, connectionTimeoutMillis: 5_000, idleTimeoutMillis: 30_000 });
pool.on('error', () => undefined);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const escapeLike = (s: string) => s.replace(/[\\%_]/g, '\\$&');
const currentYear = () => Number(chinaToday().slice(0, 4));

interface Reader {
  scopePath: string;
  orgType: string;
  canPublish: boolean;
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
  const perms = permissionsOf(s.roles);
  if (!perms.has('statistics.read')) return null;
  return { scopePath: scopeRootPath(s), orgType: s.type, canPublish: perms.has('statistics.publish') && s.type === 'association' };
}

type Reply = { code(n: number): { send(b: unknown): unknown } };
/** The caller, the association asked for (within the caller's scope) and the year; or the error sent. */
async function scopeOf(req: { headers: { cookie?: string }; query: Record<string, string | undefined> }, reply: Reply, allowed: string[]) {
  const reader = await readerOf(req.headers.cookie);
  if (!reader) return void reply.code(401).send({ title: '请先登录' });
  const q = req.query;
  if (Object.keys(q).some((k) => !allowed.includes(k))) return void reply.code(400).send({ title: 'unsupported parameter' });
  const year = q.year === undefined ? undefined : Number(q.year);
  if (q.associationId === undefined || !UUID.test(q.associationId) || (year !== undefined && (!Number.isInteger(year) || year < 2000 || year > 2100))) return void reply.code(400).send({ title: 'bad query' });
  const a = (await pool.query<{ id: string; name: string; path: string; type: string }>({ name: 'ideal_assoc', text: 'select id, name, path, type from organisations where id = $1', values: [q.associationId] })).rows[0];
  if (!a || a.type !== 'association' || !a.path.startsWith(reader.scopePath)) return void reply.code(404).send({ title: '没有找到该科协，或不在您的数据范围内' });
  return { reader, a, year };
}

const yearsOf = (found: number[], year: number) => {
  const ys = [...new Set([currentYear(), ...found.map(Number)])].sort((x, y) => y - x);
  return ys.includes(year) ? ys : [...ys, year].sort((x, y) => y - x);
};

// ── GET /api/v1/indicators ──────────────────────────────────────────────────────────────────────
const toIndicators = (values: IndicatorValue[]) =>
  values.map((v) => {
    const d = indicatorDefinitions.find((x) => x.key === v.key)!;
    return { key: v.key, label: d.label, unit: d.unit, value: v.value, ...(v.responseRate !== undefined ? { responseRate: v.responseRate } : {}), definition: d.definition, seed: d.seed, parts: v.parts };
  });
const valuesRecord = (values: IndicatorValue[]) => Object.fromEntries(values.map((v) => [v.key, v.value]));

const app = Fastify({ logger: false });

app.get<{ Querystring: Record<string, string | undefined> }>('/api/v1/indicators', async (req, reply) => {
  const s = await scopeOf(req, reply, ['associationId', 'year']);
  if (!s) return reply;
  const { a, reader } = s;
  const year = s.year ?? currentYear();
  const r = (
    await pool.query<{ counts: [string, string, number][]; children: [string, string][]; years: number[]; pub_id: string | null; pub_at: Date | null; pub_by: string | null }>({
      text: SHEET_SQL,
      values: [`${escapeLike(a.path)}%`, a.path.length + 1, year, a.id],
    })
  ).rows[0];
  const byChild = new Map<string, { indicator: string; value: number }[]>();
  const all: { indicator: string; value: number }[] = [];
  for (const [child, indicator, value] of r.counts) {
    const row = { indicator, value };
    all.push(row);
    const list = byChild.get(child);
    if (list) list.push(row);
    else byChild.set(child, [row]);
  }
  return {
    association: { id: a.id, name: a.name },
    year,
    years: yearsOf(r.years, year),
    indicators: toIndicators(indicatorValues(sumCounts(all))),
    breakdown: [
      { association: { id: a.id, name: a.name }, own: true, values: valuesRecord(indicatorValues(sumCounts(byChild.get('') ?? []))) },
      ...r.children.map(([id, name]) => ({ association: { id, name }, own: false, values: valuesRecord(indicatorValues(sumCounts(byChild.get(id) ?? []))) })),
    ],
    publication: r.pub_id ? { id: r.pub_id, publishedAt: r.pub_at!.toISOString(), publishedByName: r.pub_by } : null,
    actions: reader.canPublish ? (r.pub_id ? ['publish', 'withdraw'] : ['publish']) : [],
  };
});

// ── GET /api/v1/dashboards ──────────────────────────────────────────────────────────────────────
const scoreBandLabels: Record<string, string> = { '50': '60 分以下', '60': '60–69 分', '70': '70–79 分', '80': '80–89 分', '90': '90 分及以上' };

/** Per programme version: its category names (in tree order) and performance grade names, read once. */
const programmeMeta = new Map<string, { names: [string, string][]; grades: string[] }>();
async function metaOf(id: string, version: number) {
  const k = `${id}:${version}`;
  let m = programmeMeta.get(k);
  if (!m) {
    const r = (await pool.query<{ categories: Category[]; grades: { name: string }[] | null }>({ name: 'ideal_prog_meta', text: `select categories, parameters->'performanceScoring'->'grades' as grades from programmes where id = $1`, values: [id] })).rows[0];
    const names: [string, string][] = [];
    const walk = (cs: Category[]) => {
      for (const c of cs) {
        names.push([c.code, c.name]);
        if (c.children) walk(c.children);
      }
    };
    walk(r?.categories ?? []);
    m = { names, grades: (r?.grades ?? []).map((g) => g.name) };
    programmeMeta.set(k, m);
  }
  return m;
}

function addDays(day: string, n: number): string {
  const t = new Date(`${day}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
}

app.get<{ Querystring: Record<string, string | undefined> }>('/api/v1/dashboards', async (req, reply) => {
  const s = await scopeOf(req, reply, ['associationId', 'year']);
  if (!s) return reply;
  const { a } = s;
  const year = s.year ?? currentYear();
  const today = chinaToday();
  type F = { budgetedFen: number; awardedFen: number; disbursedFen: number; spentFen: number; refundedFen: number; recoveredFen: number };
  const pr = (await pool.query<{ programmes: [string, string, number][]; years: number[] }>({ text: DASHBOARD_PROGRAMMES_SQL, values: [`${escapeLike(a.path)}%`, year] })).rows[0];
  const ids = pr.programmes.map((p) => p[0]);
  const cr = (
    await pool.query<{ counts: [string, string, number][]; open: number; overdue: number; soon: number } & F>({
      name: 'ideal_dashboard_counts',
      text: DASHBOARD_COUNTS_SQL,
      values: [a.id, year, today, addDays(today, 30), ids],
    })
  ).rows[0];
  const r = { ...pr, ...cr };
  const names = new Map<string, string>();
  const grades = new Set<string>();
  for (const [id, , version] of r.programmes) {
    const m = await metaOf(id, version);
    for (const [code, name] of m.names) if (!names.has(code)) names.set(code, name);
    for (const g of m.grades) grades.add(g);
  }
  const byCategory = new Map<string, number>();
  const byState = new Map<string, number>();
  const dims = new Map<string, Map<string, number>>();
  for (const [dimension, key, value] of r.counts) {
    if (dimension === 'items') {
      const [cat, state] = key.split('|');
      byCategory.set(cat, (byCategory.get(cat) ?? 0) + value);
      byState.set(state, (byState.get(state) ?? 0) + value);
    } else {
      let m = dims.get(dimension);
      if (!m) dims.set(dimension, (m = new Map()));
      m.set(key, value);
    }
  }
  const states = transferItemLifecycle.states as Record<string, string>;
  const ordered = (m: Map<string, number> | undefined, order: readonly string[], label: (k: string) => string) =>
    [...(m ?? new Map<string, number>()).entries()].sort((x, y) => (order.indexOf(x[0]) + 1 || 999) - (order.indexOf(y[0]) + 1 || 999) || x[0].localeCompare(y[0])).map(([key, value]) => ({ key, label: label(key), value }));
  return {
    association: { id: a.id, name: a.name },
    year,
    years: yearsOf(r.years, year),
    programmes: r.programmes.map(([id, name]) => ({ id, name })),
    programme: null,
    itemsByCategory: ordered(byCategory, [...names.keys()], (k) => names.get(k) ?? k),
    itemsByState: ordered(byState, Object.keys(states), (k) => states[k] ?? k),
    projectsByStage: ordered(dims.get('projects'), projectStatuses, projectStatusLabel),
    milestones: { open: r.open, overdue: r.overdue, dueWithin30Days: r.soon },
    funds: { budgetedFen: r.budgetedFen, awardedFen: r.awardedFen, disbursedFen: r.disbursedFen, spentFen: r.spentFen, refundedFen: r.refundedFen, recoveredFen: r.recoveredFen },
    evaluationGrades: ordered(dims.get('evaluationGrades'), [...grades], (k) => k),
    evaluationScoreBands: ordered(dims.get('evaluationScoreBands'), Object.keys(scoreBandLabels), (k) => scoreBandLabels[k] ?? k),
    completions: ordered(dims.get('completions'), completionVerdicts, (k) => completionVerdictLabels[k as keyof typeof completionVerdictLabels] ?? k),
  };
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
console.log(`ideal indicators and dashboards listening on ${process.env.PORT}`);
