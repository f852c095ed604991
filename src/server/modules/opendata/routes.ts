// PUB-3 (issue 14 §3): open data — no login. The catalogue of the feeds, and for each feed a paged
// JSON answer and a CSV download (feeds.ts: the SQL; contract/opendata.ts: the schema; csv.ts: the
// format). Like the portal's other public lists these are not rate-limited; they are cheap to poll:
//
// ETag and Last-Modified on every answer (and on 304). Both come from the feed's version (feeds.ts
// `state()`: its visible rows and their latest change, one aggregate statement): the ETag is a hash of
// that version, the schema version and what was asked (format, page, since, header), so publishing,
// changing or withdrawing a record of the feed, or renaming an organisation or programme it names,
// changes it; Last-Modified is the latest change. If-None-Match (weak comparison, `*`) is answered 304
// when it matches; otherwise If-Modified-Since when the feed has not changed since (to the second).
// The aggregate reads every visible row, so it is not run per request: each request reads the audit
// log's head (max(seq), its primary key: one index entry), and a feed's version is computed again
// only when the head has moved since it was last computed — every change of a record, public or not,
// is audited in the transaction that makes it (X-1; the append lock orders the sequence numbers as
// the commits), so an unmoved head means unchanged feeds — or after VERSION_TTL_MS, for a change
// made outside the platform. A moved head with an unchanged feed gives the same ETag: still 304.
// The head is read before the version and the version before the records: a change in between
// makes the next poll fetch again, never leaves a reader on stale data. Cache-Control: no-cache.
//
// The CSV is streamed: key-paged batches of CSV_BATCH rows, each written as it is read, so the
// server holds one batch whatever the feed's size (bench/opendata-feed.ts: 100,000 records).
import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps, ZApp } from '../../app.js';
import { binaryResponse } from '../../http/contract.js';
import { AppError } from '../../platform/errors.js';
import {
  OPEN_DATA_DEFAULT_LIMIT,
  OPEN_DATA_MAX_LIMIT,
  ZOpenDataCatalogue,
  openDataConventions,
  openDataFeeds,
  openDataFieldTypeLabels,
  openDataPageSchema,
  type OpenDataCatalogue,
  type OpenDataFeedName,
} from '../../../contract/opendata.js';
import { CSV_BOM, CSV_CONTENT_TYPE, csvHeader, writeCsvRecord } from './csv.js';
import { jsonPage } from './json-page.js';
import { Utf8Chunks } from './utf8-chunks.js';
import { auditHead, feeds, type Feed, type FeedKey, type FeedState } from './feeds.js';

/** Raised when a field's meaning or format changes: every ETag changes with it. */
const SCHEMA_VERSION = '1';
/** How long a feed's version is trusted while the audit log has not moved (changes made by hand in the database). */
export const VERSION_TTL_MS = 60_000;
/**
 * Rows per statement while streaming a CSV: one indexed seek per 500 rows (bench/opendata-feed.ts: 100
 * cost a third more CPU; the server's memory did not depend on it).
 */
export const CSV_BATCH = 500;
const BASE = '/api/v1/public/open-data';
const tags = ['开放数据'];

const pascal = (name: string) => name.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase());

// ── cursors: the key of the last record, base64url JSON, in the feed's own key shape ──────────────
export const encodeFeedCursor = (key: FeedKey): string => Buffer.from(JSON.stringify(key)).toString('base64url');
function decodeFeedCursor(cursor: string | undefined, shape: z.ZodType<FeedKey>): FeedKey | null {
  if (!cursor) return null;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  const parsed = shape.safeParse(decoded);
  if (parsed.success) return parsed.data;
  throw new AppError('VALIDATION_FAILED', 'querystring.cursor：分页游标无效', { errors: [{ path: 'querystring.cursor', message: '分页游标无效' }] });
}

// ── since: an instant with its offset, years 1–9999 ─────────────────────────────────────────────
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:\d{2})$/;
const instantOf = (s: string): Date | null => {
  if (!ISO_INSTANT.test(s)) return null;
  const t = new Date(s);
  const y = t.getUTCFullYear();
  return Number.isNaN(t.getTime()) || y < 1 || y > 9999 ? null : t;
};
const ZSince = z
  .string()
  .max(40, 'since 过长')
  .refine((s) => instantOf(s) !== null, 'since 应为带时区的 ISO 8601 时间，如 2026-05-01T08:00:00+08:00')
  .describe('只返回变更时间晚于此时间的记录（ISO 8601，带时区，如 2026-05-01T08:00:00+08:00）');

const ZJsonQuery = z
  .object({
    cursor: z.string().max(400).optional().describe('上一页返回的 nextCursor'),
    limit: z.coerce.number().int().min(1).max(OPEN_DATA_MAX_LIMIT).default(OPEN_DATA_DEFAULT_LIMIT).describe(`每页条数，1–${OPEN_DATA_MAX_LIMIT}，默认 ${OPEN_DATA_DEFAULT_LIMIT}`),
    since: ZSince.optional(),
  })
  .strict();
const ZCsvQuery = z
  .object({
    since: ZSince.optional(),
    header: z.enum(['zh', 'field'], { error: 'header 应为 zh 或 field' }).default('zh').describe('第一行列名：zh 中文列名（默认），field 字段名'),
  })
  .strict();

// ── conditional requests ───────────────────────────────────────────────────────────────────────
interface Validators {
  etag: string;
  lastModified: Date;
}
function validatorsOf(feed: string, state: FeedState, variant: string): Validators {
  const h = crypto.createHash('sha256').update(`${SCHEMA_VERSION}|${feed}|${state.count}|${state.last ?? ''}|${variant}`).digest('base64url').slice(0, 27);
  const ms = state.last ? Date.parse(`${state.last.slice(0, 23)}Z`) : 0;
  return { etag: `W/"${h}"`, lastModified: new Date(Math.floor(ms / 1000) * 1000) };
}
const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
/** RFC 9110 §13.1: If-None-Match (weak comparison) decides; without it, If-Modified-Since. */
export function isNotModified(req: FastifyRequest, v: Validators): boolean {
  const inm = req.headers['if-none-match'];
  if (inm !== undefined) {
    const tags = (Array.isArray(inm) ? inm.join(',') : inm).split(',');
    return tags.some((t) => t.trim() === '*' || opaque(t) === opaque(v.etag));
  }
  const ims = req.headers['if-modified-since'];
  if (typeof ims === 'string') {
    const t = Date.parse(ims);
    if (!Number.isNaN(t)) return v.lastModified.getTime() <= t;
  }
  return false;
}
/** 304 with the validators already set and no body (not a status the routes' schemas list: no body to describe). */
const notModified = (reply: unknown) => (reply as FastifyReply).code(304).send();
function setValidators(reply: FastifyReply, v: Validators) {
  reply.header('ETag', v.etag).header('Last-Modified', v.lastModified.toUTCString());
}
// The app answers every /api/ request `Cache-Control: no-store`; a feed may be kept and revalidated.
const revalidate = async (_req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
  reply.header('Cache-Control', 'no-cache');
  return payload;
};

const conditionalNote =
  '应答带 ETag 和 Last-Modified 头；以 If-None-Match（或 If-Modified-Since）再次请求，数据未变化时返回 304。' + '无需登录；只含门户已公开的信息。';

export async function openDataRoutes(app: ZApp, deps: AppDeps) {
  const { db } = deps.database;

  // the feeds' versions, this app's: see the header
  const versions = new Map<string, { head: number; at: number; state: FeedState }>();
  async function versionOf(name: string, feed: Feed): Promise<FeedState> {
    const head = await auditHead(db);
    const known = versions.get(name);
    if (known && known.head === head && Date.now() - known.at < VERSION_TTL_MS) return known.state;
    const state = await feed.state(db);
    versions.set(name, { head, at: Date.now(), state });
    return state;
  }

  // ── the catalogue ────────────────────────────────────────────────────────────────────────────
  const catalogue: OpenDataCatalogue = {
    items: openDataFeeds.map((d) => ({
      name: d.name,
      title: d.title,
      description: d.description,
      order: d.order,
      changes: d.changes,
      jsonUrl: `${BASE}/${d.name}`,
      csvUrl: `${BASE}/${d.name}.csv`,
      fields: d.fields.map((fd) => ({ name: fd.name, label: fd.label, type: fd.type, typeLabel: openDataFieldTypeLabels[fd.type], nullable: !!('nullable' in fd && fd.nullable), description: fd.description, descriptionEn: fd.en })),
    })),
    nextCursor: null,
    conventions: [...openDataConventions],
  };
  const catalogueTag = `W/"${crypto.createHash('sha256').update(JSON.stringify(catalogue)).digest('base64url').slice(0, 27)}"`;
  const startedAt = new Date(Math.floor(Date.now() / 1000) * 1000);

  app.get(
    BASE,
    {
      schema: {
        tags,
        summary: '开放数据目录：各数据集的说明、字段和地址（无需登录）',
        description: '列出全部开放数据集：名称、说明、记录顺序、字段（中文列名、字段名、类型、中英文说明）以及分页数据接口和 CSV 下载的地址。' + conditionalNote,
        querystring: z.object({}).strict(),
        response: { 200: ZOpenDataCatalogue },
      },
      onSend: revalidate,
    },
    async (req, reply) => {
      const v = { etag: catalogueTag, lastModified: startedAt };
      setValidators(reply, v);
      if (isNotModified(req, v)) return notModified(reply);
      return catalogue;
    },
  );

  // ── each feed: JSON pages and the CSV ────────────────────────────────────────────────────────
  for (const def of openDataFeeds) {
    const feed: Feed = feeds[def.name as OpenDataFeedName];
    const fields = def.fields;

    app.get(
      `${BASE}/${def.name}`,
      {
        schema: {
          tags,
          summary: `开放数据：${def.title}（分页，无需登录）`,
          description: `${def.description}记录顺序：${def.order}。${def.changes}。按键分页：以 nextCursor 取下一页，不提供总数。${conditionalNote}`,
          querystring: ZJsonQuery,
          response: { 200: openDataPageSchema(def) },
        },
        onSend: revalidate,
      },
      async (req, reply) => {
        const q = req.query;
        const after = decodeFeedCursor(q.cursor, feed.keyShape);
        const since = q.since ? instantOf(q.since) : null;
        const state = await versionOf(def.name, feed); // before the records: see the header
        const v = validatorsOf(def.name, state, `json|${q.limit}|${q.cursor ?? ''}|${since?.toISOString() ?? ''}`);
        setValidators(reply, v);
        if (isNotModified(req, v)) return notModified(reply);
        const batch = await feed.rows(db, { after, since, limit: q.limit + 1 });
        const more = batch.size > q.limit;
        const body = jsonPage(batch, more ? q.limit : batch.size, fields, more ? encodeFeedCursor(batch.keyAt(q.limit - 1)) : null);
        // bytes written from the contract's field list (json-page.ts): Fastify sends a Buffer as it is
        return reply.type('application/json; charset=utf-8').send(body as unknown as { items: Record<string, unknown>[]; nextCursor: string | null });
      },
    );

    app.get(
      `${BASE}/${def.name}.csv`,
      {
        schema: {
          tags,
          operationId: `getPublicOpenData${pascal(def.name)}Csv`,
          summary: `开放数据：${def.title}（CSV 下载，无需登录）`,
          description:
            `${def.description}列与分页数据接口的字段相同、顺序相同；第一行为中文列名（header=field 时为字段名）。` +
            'UTF-8 带 BOM，RFC 4180，以 = + - @ 等开头的文本单元格前加单引号以防公式注入。' +
            `记录顺序：${def.order}。${conditionalNote}`,
          querystring: ZCsvQuery,
          response: { 200: binaryResponse(`${def.title}（CSV）`, ['text/csv']) },
        },
        onSend: revalidate,
      },
      async (req, reply) => {
        const q = req.query;
        const since = q.since ? instantOf(q.since) : null;
        const state = await versionOf(def.name, feed);
        const v = validatorsOf(def.name, state, `csv|${q.header}|${since?.toISOString() ?? ''}`);
        setValidators(reply, v);
        if (isNotModified(req, v)) return notModified(reply);
        const out = new Utf8Chunks();
        let after: FeedKey | null = null;
        /** One batch written into `out`; its rows are let go when this returns. */
        const writeBatch = async (from: FeedKey | null): Promise<number> => {
          const batch = await feed.rows(db, { after: from, since, limit: CSV_BATCH });
          const n = batch.size;
          for (let i = 0; i < n; i++) writeCsvRecord(out, batch.recordAt(i), fields);
          if (n) after = batch.keyAt(n - 1);
          return n;
        };
        async function* lines(): AsyncGenerator<Buffer> {
          out.text(CSV_BOM + csvHeader(fields, q.header));
          for (;;) {
            // A batch is written out at once and let go before its bytes go to the socket: what waits
            // for the client is bytes outside the JavaScript heap, so a download of any length keeps the
            // heap at one batch (bench/opendata-feed.ts).
            const n = await writeBatch(after);
            yield* out.take();
            if (n < CSV_BATCH) return;
          }
        }
        return reply
          .header('content-type', CSV_CONTENT_TYPE)
          .header('content-disposition', `attachment; filename="${def.name}.csv"; filename*=UTF-8''${encodeURIComponent(`${def.title}.csv`)}`)
          .send(Readable.from(lines(), { objectMode: false }) as unknown as string); // streamed text: the contract states it as a string
      },
    );
  }
}
