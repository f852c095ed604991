// STA-2: a dashboard's answer kept, serialized, until the data can have changed. A province's dashboard
// is read far more often than its facts change, and its answer is the same for every caller allowed to
// read that association (scope is checked before): computing it costs one statement over the roll-ups,
// building the answer and validating it against the contract (≈ 4 ms of CPU for a province of 153
// programmes, bench/indicators.ts); answering it from here costs reading the audit log's head.
//
// Kept per (association, year asked, programme, day — the overdue key nodes move at midnight) with the
// audit head read BEFORE computing: every change made through the platform is audited in its own
// transaction (platform/audit.ts `auditHead`), so an unmoved head means unchanged data, and a change
// committed while computing moves the head and the next request computes again. Changes made outside
// the platform are seen after TTL_MS at most. One cache per database (a WeakMap on the db object: a
// test harness runs several). At most MAX_ENTRIES answers (≈ 16 KB each for a province).
import { auditHead } from '../../platform/audit.js';
import type { DbOrTx } from '../../db/client.js';
import { ZDashboard, type Dashboard } from '../../../contract/indicators.js';

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

/** The dashboard's JSON: kept, or computed by `build`, validated against the contract and kept. */
export async function cachedDashboard(db: DbOrTx, key: string, build: () => Promise<Dashboard>): Promise<string> {
  const cache = cacheOf(db);
  const head = await auditHead(db);
  const hit = cache.get(key);
  if (hit && hit.head === head && Date.now() - hit.at < TTL_MS) return hit.body;
  const at = Date.now();
  // what the route's serializer would send: the contract's fields only, checked
  const body = JSON.stringify(ZDashboard.parse(await build()));
  cache.delete(key);
  cache.set(key, { head, at, body });
  while (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  return body;
}

/** Forgets the kept answers of a database: after a change made outside the platform (tests, repairs). */
export function forgetDashboards(db: DbOrTx): void {
  caches.get(db)?.clear();
}
