// PGlite with and without V8's --liftoff-only (run by bench/startup.ts): does skipping the
// TurboFan tier-up of PGlite's WASM slow queries down once started? Prints one JSON line (ms).
//   node [--liftoff-only] bench/out/pglite-liftoff.mjs <DATA_DIR>/pglite
import { performance } from 'node:perf_hooks';
import { PGlite } from '@electric-sql/pglite';

const t0 = performance.now();
const db = await PGlite.create({ dataDir: process.argv[2] });
const createMs = performance.now() - t0;
const list =
  'select "programmes"."id", "programmes"."name", "programmes"."stages", "programmes"."published_at", "organisations"."name" from "programmes" ' +
  'inner join "organisations" on "organisations"."id" = "programmes"."association_id" where "programmes"."status" <> $1 ' +
  'order by "programmes"."published_at" desc, "programmes"."id" desc limit $2';
const count = 'select count(*)::int from "programmes" where "programmes"."status" <> $1';
const heavy = 'select md5(g::text) as h from generate_series(1, 20000) g order by 1 limit 10';
const loop = async (n: number) => {
  for (let i = 0; i < n; i++) {
    await db.query(list, ['draft', 21]);
    await db.query(count, ['draft']);
  }
};
let t = performance.now();
await loop(200);
const first200Ms = performance.now() - t;
t = performance.now();
await loop(1000);
const steady1000Ms = performance.now() - t;
t = performance.now();
for (let i = 0; i < 20; i++) await db.query(heavy);
const heavy20Ms = performance.now() - t;
await db.close();
const r = (x: number) => Math.round(x);
console.log(JSON.stringify({ createMs: r(createMs), first200Ms: r(first200Ms), steady1000Ms: r(steady1000Ms), heavy20Ms: r(heavy20Ms) }));
