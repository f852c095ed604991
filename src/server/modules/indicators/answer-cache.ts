// STA-1, STA-2: an indicator sheet's or a dashboard's answer kept, serialized, until the data can have
// changed. A province's figures are read far more often than its facts change, and an answer is the same
// for every caller allowed to read that association (scope is checked before; the key holds what else
// it depends on: the year asked, the programme, whether the caller may publish, the day — the overdue
// key nodes move at midnight): computing it costs a statement over the roll-ups, building the answer and
// validating it against the contract (≈ 3–4 ms of CPU for a province, bench/indicators.ts); answering it
// from here costs reading the audit log's head.
//
// Kept with the audit head read BEFORE computing: every change made through the platform is audited in its own
// transaction (platform/audit.ts `auditHead`), so an unmoved head means unchanged data, and a change
// committed while computing moves the head and the next request computes again. Changes made outside
// the platform are seen after TTL_MS at most. One cache per database (a WeakMap on the db object: a
// test harness runs several). At most MAX_ENTRIES answers (9–16 KB each for a province).
import { auditHead } from '../../platform/audit.js';
import type { DbOrTx } from '../../db/client.js';
import type { z } from 'zod';

export const TTL_MS = 5_000;
const MAX_ENTRIES = 200;

interface Entry {
  head: number;
  at: number;
  body: string;
}
const caches = new WeakMap<object, Map<string, Entry>>();

function cacheOf(db: DbOrTx): Map<string, Entry> {
  let c = caches.get(db);
  if (!c) caches.set(db, (c = new Map()));
  return c;
}

/** The answer's JSON: kept, or computed by `build`, validated against its contract `schema` and kept. */
export async function cachedAnswer<T>(db: DbOrTx, key: string, schema: z.ZodType<T>, build: () => Promise<T>): Promise<string> {
  const cache = cacheOf(db);
  const head = await auditHead(db);
  const hit = cache.get(key);
  if (hit && hit.head === head && Date.now() - hit.at < TTL_MS) return hit.body;
  const at = Date.now();
  // what the route's serializer would send: the contract's fields only, checked
  const body = JSON.stringify(schema.parse(await build()));
  cache.delete(key);
  cache.set(key, { head, at, body });
  while (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  return body;
}

/** Forgets the kept answers of a database: after a change made outside the platform (tests, repairs). */
export function forgetAnswers(db: DbOrTx): void {
  caches.get(db)?.clear();
}
