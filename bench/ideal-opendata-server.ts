// The reference of bench/opendata-feed.ts (issue 14, PUB-3): the *ideal* handler of the open-data item
// feed — bare Fastify (no logger, plugins, hooks, validation or response schema) and a `pg` Pool,
// running the best SQL for the same records, NOT the platform's code path:
//   - CSV: one statement for the whole feed, read through a server-side cursor (DECLARE … NO SCROLL
//     CURSOR, FETCH 500 at a time, one snapshot, no re-seek per batch) inside a read-only
//     transaction on a dedicated connection, each batch written to the socket as it comes (as UTF-8
//     buffers, utf8-chunks.ts, the platform's writer: the cheapest way this bench found);
//   - JSON pages: one named prepared statement per page, keyset `(published_at, id) > ($t, $id)` on
//     the public partial index, LIMIT n+1, one JSON.stringify — no version query, no ETag, no count;
//   - the same columns as the platform's feed (the contract's item record), times formatted by
//     PostgreSQL as the platform formats them, category labels from an in-process map built once per
//     programme, and the same CSV cell writer (src/server/modules/opendata/csv.ts), so that the bench
//     can check the two CSV files byte for byte and the JSON pages field for field.
//   DATABASE_URL=… PORT=… node --import tsx bench/ideal-opendata-server.ts
import { Readable } from 'node:stream';
import Fastify from 'fastify';
import pg from 'pg';
import { flattenCategories } from '../src/domain/transfer/transfer.types.js';
import { commissioningModeLabels, type Category, type CommissioningMode } from '../src/domain/programme/programme.types.js';
import { transferItemLifecycle, type TransferItemState } from '../src/domain/transfer/transfer-item.lifecycle.js';
import { openDataFeeds } from '../src/contract/opendata.js';
import { CSV_BOM, CSV_CONTENT_TYPE, csvHeader, writeCsvRecord } from '../src/server/modules/opendata/csv.js';
import { Utf8Chunks } from '../src/server/modules/opendata/utf8-chunks.js';

pg.types.setTypeParser(20, (v) => Number(v));
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 20, connectionTimeoutMillis: 5_000, idleTimeoutMillis: 30_000 });
pool.on('error', () => undefined);

const fields = openDataFeeds.find((f) => f.name === 'items')!.fields;
const statusLabel = (s: string) => transferItemLifecycle.states[s as TransferItemState] ?? s;
const modeLabel = (m: string) => commissioningModeLabels[m as CommissioningMode] ?? m;
const yuan = (fen: number | null) => (fen === null ? null : `${fen < 0 ? '-' : ''}${Math.floor(Math.abs(fen) / 100)}.${String(Math.abs(fen) % 100).padStart(2, '0')}`);

const labels = new Map<string, Map<string, string>>();
async function loadLabels() {
  const r = await pool.query<{ id: string; categories: Category[] }>('select id, categories from programmes');
  for (const p of r.rows) labels.set(p.id, flattenCategories(p.categories ?? []));
}

const CN = (col: string) => `to_char((${col} AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM-DD"T"HH24:MI:SS.MS"+08:00"')`;
const SELECT = `
  select t.id, t.programme_id, p.name as programme_name, t.title, t.category_code, t.description, t.legal_basis, t.commissioning_mode,
         t.budget_fen, t.expected_period, t.required_qualifications, t.status, t.revision, ${CN('t.declaration_deadline')} as declaration_deadline,
         t.department_id, d.name as department_name, a.name as association_name, ${CN('t.published_at')} as published_at,
         ${CN('t.withdrawn_at')} as withdrawn_at, t.withdraw_reason, ${CN('greatest(t.updated_at, t.published_at)')} as changed_at,
         to_char(t.published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') as key
    from transfer_items t
    join programmes p on p.id = t.programme_id
    join organisations d on d.id = t.department_id
    join organisations a on a.id = t.association_id
   where t.status <> 'draft'`;
const ORDER = ' order by t.published_at, t.id';
const FIRST = { name: 'od_first', text: `${SELECT}${ORDER} limit $1` };
const NEXT = { name: 'od_next', text: `${SELECT} and (t.published_at, t.id) > ($2::timestamptz, $3::uuid)${ORDER} limit $1` };

interface Row {
  id: string;
  programme_id: string;
  programme_name: string;
  title: string;
  category_code: string;
  description: string;
  legal_basis: string | null;
  commissioning_mode: string;
  budget_fen: number | null;
  expected_period: string | null;
  required_qualifications: string | null;
  status: string;
  revision: number;
  declaration_deadline: string | null;
  department_id: string;
  department_name: string;
  association_name: string;
  published_at: string;
  withdrawn_at: string | null;
  withdraw_reason: string | null;
  changed_at: string;
  key: string;
}
const record = (r: Row) => ({
  id: r.id,
  programmeId: r.programme_id,
  programmeName: r.programme_name,
  title: r.title,
  categoryCode: r.category_code,
  categoryLabel: labels.get(r.programme_id)?.get(r.category_code) ?? r.category_code,
  description: r.description,
  legalBasis: r.legal_basis,
  commissioningModeLabel: modeLabel(r.commissioning_mode),
  budgetYuan: yuan(r.budget_fen),
  expectedPeriod: r.expected_period,
  requiredQualifications: r.required_qualifications,
  status: r.status,
  statusLabel: statusLabel(r.status),
  revision: r.revision,
  declarationDeadline: r.declaration_deadline,
  departmentId: r.department_id,
  departmentName: r.department_name,
  associationName: r.association_name,
  publishedAt: r.published_at,
  withdrawnAt: r.withdrawn_at,
  withdrawReason: r.withdraw_reason,
  changedAt: r.changed_at,
});

const app = Fastify({ logger: false });

app.get<{ Querystring: { limit?: string; cursor?: string } }>('/api/v1/public/open-data/items', async (req, reply) => {
  const limit = req.query.limit === undefined ? 100 : Number(req.query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return reply.code(400).send({ title: 'bad limit' });
  let after: [string, string] | null = null;
  if (req.query.cursor) {
    try {
      after = JSON.parse(Buffer.from(req.query.cursor, 'base64url').toString('utf8')) as [string, string];
    } catch {
      return reply.code(400).send({ title: 'bad cursor' });
    }
  }
  const r = after ? await pool.query<Row>({ ...NEXT, values: [limit + 1, `${after[0]}Z`, after[1]] }) : await pool.query<Row>({ ...FIRST, values: [limit + 1] });
  const more = r.rows.length > limit;
  const rows = more ? r.rows.slice(0, limit) : r.rows;
  const last = rows[rows.length - 1];
  reply.header('content-type', 'application/json; charset=utf-8');
  return JSON.stringify({ items: rows.map(record), nextCursor: more && last ? Buffer.from(JSON.stringify([last.key, last.id])).toString('base64url') : null });
});

app.get('/api/v1/public/open-data/items.csv', async (_req, reply) => {
  const client = await pool.connect();
  const out = new Utf8Chunks();
  const fetchInto = async () => {
    const r = await client.query<Row>('fetch 500 from od');
    for (const row of r.rows) writeCsvRecord(out, record(row), fields);
    return r.rows.length;
  };
  async function* body(): AsyncGenerator<Buffer> {
    try {
      await client.query('begin read only');
      await client.query(`declare od no scroll cursor for ${SELECT}${ORDER}`);
      out.text(CSV_BOM + csvHeader(fields, 'zh'));
      for (;;) {
        const n = await fetchInto();
        yield* out.take();
        if (n < 500) break;
      }
      await client.query('commit');
    } finally {
      client.release();
    }
  }
  return reply.header('content-type', CSV_CONTENT_TYPE).send(Readable.from(body(), { objectMode: false }));
});

app.get('/api/v1/health', async () => ({ status: 'ok' }));

const close = async () => {
  await app.close();
  await pool.end();
  process.exit(0);
};
process.on('SIGTERM', () => void close());
process.on('SIGINT', () => void close());
await loadLabels();
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
console.log(`ideal open-data feed listening on ${process.env.PORT}`);
