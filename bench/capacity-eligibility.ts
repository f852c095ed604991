// Issue 13, figure — the eligibility check (CAP-2) of 10,000 societies in one batch: under 2 s.
//
//   npx tsx bench/capacity-eligibility.ts
//   options: --societies N (default 10000)  --runs N (default 15; database runs: a third of it, at least 5)
//            --driver none|pglite|postgres|both (default both: the batch loaded from the database too)
//            --all-years (the database batch loads every year of facts, not only those the conditions read)
//            --no-bundle (run under tsx; by default the file bundles itself as `npm start` bundles the server, bundled.ts)
//   PostgreSQL: BENCH_PG_ADMIN_URL (default postgres://postgres@127.0.0.1:5432/postgres) — a throwaway
//   database cj_bench_<hex> is created there and dropped after.
//
// The real path: preset 003's `capacityEligibility` (instantiatePreset, as a new programme gets it),
// checked by `checkCapacityEligibility` (src/domain/capacity/eligibility.ts → the SEL-3 engine) for each
// society and both project kinds (keyProject: the eight conditions of 003 §6(1), §6(3), §7(2);
// demonstration: those plus the three of §6(2)) — 20,000 checks per batch.
//
// The societies are synthesised from a seeded PRNG in the shape the engine reads (SocietyRecordFacts,
// YearFacts) with a realistic spread: annual inspection mostly passed (some basically passed, failed,
// not inspected, missing years), full-time secretary or staff, finance staff, accounts, party
// organisations, commendations of every level, occasional violations, criticisms, failed tasks and
// debarments (some active), five past years of facts each and the current year for a third.
//
// 1. In process: the batch over records and facts already in memory (what the check itself costs).
// 2. From the database (pglite, postgres): the same societies written to a freshly migrated schema
//    (organisations + society_profiles + society_yearly_facts, 10,000 / 10,000 / ≈ 53,000 rows, then
//    ANALYZE); a batch is one query for the records (organisations ⨝ society_profiles, the
//    association's subtree by path prefix) and one for their yearly facts — the years the programme's
//    conditions read (their `years` / `withinYears`) and, older, only rows recording a debarment (which
//    may still run); `--all-years` loads every row — grouped by society in a Map, then checked as in
//    (1). The eligible counts must equal (1)'s.
// Reported: median, min–max and p90 of the batch over the runs (after warm-up), with the split
// load / check for (2). Exit code 1 when a median is ≥ 2 s or a count differs.
import crypto from 'node:crypto';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { and, eq, gte, like, or, sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../src/server/db/client.js';
import { migrate } from '../src/server/db/migrate.js';
import { organisations, societyProfiles, societyYearlyFacts } from '../src/server/db/schema.js';
import { getPreset, instantiatePreset } from '../src/domain/presets/index.js';
import { checkCapacityEligibility } from '../src/domain/capacity/eligibility.js';
import type { SocietyRecordFacts, YearFacts } from '../src/domain/selection/qualification.rules.js';
import type { CapacityEligibility, ProjectTypeKind } from '../src/domain/programme/programme.types.js';
import { chinaToday } from '../src/domain/calendar-day.js';
import { loadAvg, machineInfo, median, nowMs, onCleanup, round, runMain } from './lib.js';
import { isBundledRun, resultFile, runSelfBundled, writeResultTo } from './bundled.js';

const argv = process.argv.slice(2);
const argOf = (name: string, dflt: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
};
const N = Number(argOf('societies', '10000'));
const RUNS = Number(argOf('runs', '15'));
const DB_RUNS = Math.max(5, Math.round(RUNS / 3));
const DRIVER = argOf('driver', 'both');
const ALL_YEARS = argv.includes('--all-years');
const TARGET_MS = 2_000;
const ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const KINDS: ProjectTypeKind[] = ['keyProject', 'demonstration'];

// ---------------------------------------------------------------------------------------------
// Synthetic societies
// ---------------------------------------------------------------------------------------------

interface Society {
  id: string;
  record: SocietyRecordFacts;
  facts: YearFacts[];
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function synthesise(n: number, asOf: string): Society[] {
  const rnd = mulberry32(13);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const asOfYear = Number(asOf.slice(0, 4));
  const out: Society[] = [];
  for (let i = 0; i < n; i++) {
    const record: SocietyRecordFacts = {
      secretaryGeneralFullTime: rnd() < 0.6,
      fullTimeStaff: rnd() < 0.1 ? 0 : 1 + Math.floor(rnd() * 8),
      financeStaff: rnd() < 0.08 ? 0 : 1 + Math.floor(rnd() * 3),
      hasIndependentAccount: rnd() < 0.85,
      partyOrg: rnd() < 0.2 ? 'none' : pick(['workingGroup', 'branch', 'generalBranch', 'committee']),
    };
    const facts: YearFacts[] = [];
    for (let year = asOfYear - 5; year <= asOfYear; year++) {
      if (year === asOfYear && rnd() > 0.33) continue; // the current year's facts for a third only
      const r = rnd();
      if (r < 0.02) continue; // a year with no record at all
      const annualInspection = r < 0.9 ? 'passed' : r < 0.95 ? 'basicallyPassed' : r < 0.98 ? 'failed' : 'notInspected';
      const f: YearFacts = { year, annualInspection, commendations: [], violations: [], criticisms: [], failedTasks: [], debarments: [] };
      if (rnd() < 0.25) f.commendations.push({ title: `${year}年度${pick(['先进学会', '优秀学会', '科普工作先进集体', '学会工作先进单位'])}`, level: pick(['national', 'provincial', 'city', 'city', 'county']), awardedOn: `${year}-12-20` });
      if (rnd() < 0.02) f.violations.push({ description: '违反财务管理规定', occurredOn: `${year}-06-15` });
      if (rnd() < 0.03) f.criticisms.push({ description: '未按期报送年度报告，被通报批评', occurredOn: `${year}-04-10` });
      if (rnd() < 0.02) f.failedTasks.push({ description: '未按期完成委托的调研项目', occurredOn: `${year}-11-30` });
      if (rnd() < 0.01) f.debarments.push({ reason: '项目验收不合格', startsOn: `${year}-07-01`, endsOn: `${year + 2}-06-30` });
      facts.push(f);
    }
    out.push({ id: crypto.randomUUID(), record, facts });
  }
  return out;
}

/** The batch: every society, both kinds. Returns the eligible counts per kind (also keeps the work observable). */
function checkAll(eligibility: CapacityEligibility, societies: readonly { record: SocietyRecordFacts; facts: readonly YearFacts[] }[], asOf: string): Record<ProjectTypeKind, number> {
  const eligible: Record<ProjectTypeKind, number> = { keyProject: 0, demonstration: 0 };
  for (const s of societies) {
    for (const kind of KINDS) if (checkCapacityEligibility(eligibility, kind, s.record, s.facts, asOf).eligible) eligible[kind]++;
  }
  return eligible;
}

function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return { median: round(median(s), 1), min: round(s[0], 1), max: round(s[s.length - 1], 1), p90: round(s[Math.min(s.length - 1, Math.ceil(0.9 * s.length) - 1)], 1), runs: s.length };
}

// ---------------------------------------------------------------------------------------------
// Database batch
// ---------------------------------------------------------------------------------------------

async function openBench(driver: 'pglite' | 'postgres'): Promise<Database> {
  if (driver === 'pglite') return openDatabase({ pglite: await PGlite.create() });
  const name = `cj_bench_${crypto.randomBytes(6).toString('hex')}`;
  const admin = async (statement: string) => {
    const c = new pg.Client({ connectionString: ADMIN_URL });
    await c.connect();
    try {
      await c.query(statement);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  onCleanup(() => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return openDatabase({ url: u.toString(), poolSize: 4 });
}

async function writeSocieties(database: Database, societies: Society[]): Promise<string> {
  const { db } = database;
  const rootId = crypto.randomUUID();
  const rootPath = `${rootId}/`;
  await db.insert(organisations).values({ id: rootId, parentId: null, path: rootPath, type: 'association', level: 'city', name: '基准测试市科学技术协会' });
  const CHUNK = 1000;
  for (let i = 0; i < societies.length; i += CHUNK) {
    const part = societies.slice(i, i + CHUNK);
    await db.insert(organisations).values(part.map((s, j) => ({ id: s.id, parentId: rootId, path: `${rootPath}${s.id}/`, type: 'society', name: `基准测试第${i + j + 1}学会` })));
    await db.insert(societyProfiles).values(part.map((s) => ({ orgId: s.id, societyType: 'academic', affiliation: 'supervised', ...s.record })));
    const facts = part.flatMap((s) => s.facts.map((f) => ({ societyId: s.id, ...f })));
    for (let k = 0; k < facts.length; k += CHUNK) await db.insert(societyYearlyFacts).values(facts.slice(k, k + CHUNK));
  }
  await db.execute(sql`ANALYZE organisations`);
  await db.execute(sql`ANALYZE society_profiles`);
  await db.execute(sql`ANALYZE society_yearly_facts`);
  return rootPath;
}

/**
 * The oldest year of facts a condition of the programme looks at (its `years` / `withinYears`, PRG-2):
 * older rows matter only for a debarment they record, which may still run.
 */
function oldestYearNeeded(eligibility: CapacityEligibility, asOf: string): number {
  const asOfYear = Number(asOf.slice(0, 4));
  let back = 0;
  for (const c of [...eligibility.keyProject, ...eligibility.demonstration]) {
    if ('years' in c && typeof c.years === 'number') back = Math.max(back, c.years);
    if ('withinYears' in c && typeof c.withinYears === 'number') back = Math.max(back, c.withinYears);
  }
  return asOfYear - back;
}

/** One batch as a server would run it: one query per table, grouped in memory, then checked. */
async function dbBatch(database: Database, eligibility: CapacityEligibility, associationPath: string, asOf: string) {
  const { db } = database;
  const inSubtree = and(eq(organisations.type, 'society'), eq(organisations.isActive, true), like(organisations.path, `${associationPath}%`));
  // --all-years: every row; else the years the conditions read, and older rows only when they record a debarment
  const needed = ALL_YEARS ? undefined : or(gte(societyYearlyFacts.year, oldestYearNeeded(eligibility, asOf)), sql`${societyYearlyFacts.debarments} <> '[]'::jsonb`);
  const t0 = nowMs();
  const records = await db
    .select({
      id: organisations.id,
      secretaryGeneralFullTime: societyProfiles.secretaryGeneralFullTime,
      fullTimeStaff: societyProfiles.fullTimeStaff,
      financeStaff: societyProfiles.financeStaff,
      hasIndependentAccount: societyProfiles.hasIndependentAccount,
      partyOrg: societyProfiles.partyOrg,
    })
    .from(organisations)
    .innerJoin(societyProfiles, eq(societyProfiles.orgId, organisations.id))
    .where(inSubtree);
  const t1 = nowMs();
  const facts = await db
    .select({
      societyId: societyYearlyFacts.societyId,
      year: societyYearlyFacts.year,
      annualInspection: societyYearlyFacts.annualInspection,
      commendations: societyYearlyFacts.commendations,
      violations: societyYearlyFacts.violations,
      criticisms: societyYearlyFacts.criticisms,
      failedTasks: societyYearlyFacts.failedTasks,
      debarments: societyYearlyFacts.debarments,
    })
    .from(societyYearlyFacts)
    .innerJoin(organisations, eq(organisations.id, societyYearlyFacts.societyId))
    .where(and(inSubtree, needed));
  const t2 = nowMs();
  const bySociety = new Map<string, YearFacts[]>();
  for (const f of facts) {
    let list = bySociety.get(f.societyId);
    if (!list) bySociety.set(f.societyId, (list = []));
    list.push(f);
  }
  const eligible = checkAll(eligibility, records.map((r) => ({ record: r, facts: bySociety.get(r.id) ?? [] })), asOf);
  const t3 = nowMs();
  return { eligible, societies: records.length, factRows: facts.length, loadRecordsMs: t1 - t0, loadFactsMs: t2 - t1, checkMs: t3 - t2, totalMs: t3 - t0 };
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<boolean> {
  const asOf = chinaToday();
  const eligibility = instantiatePreset(getPreset('003')!, Number(asOf.slice(0, 4))).parameters.capacityEligibility;
  console.log(`eligibility of ${N} societies × ${KINDS.length} kinds, preset 003 (${eligibility.keyProject.length} + ${eligibility.demonstration.length} conditions), as of ${asOf}; load ${loadAvg()}`);
  const societies = synthesise(N, asOf);
  const factRows = societies.reduce((s, x) => s + x.facts.length, 0);

  // 1. in process
  for (let i = 0; i < 3; i++) checkAll(eligibility, societies, asOf); // warm-up
  const times: number[] = [];
  let expected: Record<ProjectTypeKind, number> = { keyProject: 0, demonstration: 0 };
  for (let i = 0; i < RUNS; i++) {
    const t0 = nowMs();
    expected = checkAll(eligibility, societies, asOf);
    times.push(nowMs() - t0);
  }
  const inProcess = stats(times);
  console.log(`in process: ${factRows} fact rows; eligible keyProject ${expected.keyProject}, demonstration ${expected.demonstration}`);
  console.log(`  batch ms: median ${inProcess.median} (min ${inProcess.min}, p90 ${inProcess.p90}, max ${inProcess.max}) over ${RUNS} runs — ${round((inProcess.median * 1000) / N, 1)} µs per society (2 checks)`);
  let ok = inProcess.median < TARGET_MS;

  // 2. from the database
  const drivers: ('pglite' | 'postgres')[] = DRIVER === 'both' ? ['pglite', 'postgres'] : DRIVER === 'none' ? [] : [DRIVER as 'pglite' | 'postgres'];
  const fromDb: Record<string, unknown> = {};
  for (const driver of drivers) {
    const database = await openBench(driver);
    try {
      const tm = nowMs();
      await migrate(database.db);
      const tw = nowMs();
      const path = await writeSocieties(database, societies);
      console.log(`${driver}: migrated in ${round(tw - tm)} ms, ${N} societies + ${factRows} fact rows written in ${round(nowMs() - tw)} ms`);
      await dbBatch(database, eligibility, path, asOf); // warm-up (plans, caches)
      const runs: Awaited<ReturnType<typeof dbBatch>>[] = [];
      for (let i = 0; i < DB_RUNS; i++) runs.push(await dbBatch(database, eligibility, path, asOf));
      const same = runs.every((r) => r.societies === N && r.eligible.keyProject === expected.keyProject && r.eligible.demonstration === expected.demonstration);
      const summary = {
        total: stats(runs.map((r) => r.totalMs)),
        loadRecords: stats(runs.map((r) => r.loadRecordsMs)),
        loadFacts: stats(runs.map((r) => r.loadFactsMs)),
        check: stats(runs.map((r) => r.checkMs)),
        sameCounts: same,
        factRowsLoaded: runs[0].factRows,
        allYears: ALL_YEARS,
      };
      fromDb[driver] = summary;
      console.log(`  ${summary.factRowsLoaded} fact rows loaded per batch (${ALL_YEARS ? 'every year' : `years from ${oldestYearNeeded(eligibility, asOf)} on, older ones with a debarment`})`);
      console.log(`  batch ms: median ${summary.total.median} (min ${summary.total.min}, p90 ${summary.total.p90}, max ${summary.total.max}) over ${DB_RUNS} runs`);
      console.log(`    records ${summary.loadRecords.median} (${summary.loadRecords.min}–${summary.loadRecords.max}), facts ${summary.loadFacts.median} (${summary.loadFacts.min}–${summary.loadFacts.max}), check ${summary.check.median} (${summary.check.min}–${summary.check.max}); counts equal to in-process: ${same}`);
      ok = ok && same && summary.total.median < TARGET_MS;
    } finally {
      await database.close();
    }
  }

  const bundled = process.env.CJ_BENCH_BUNDLED === '1';
  const file = writeResultTo(resultFile('capacity-eligibility'), { machine: machineInfo(), bundled, loadAvgAtEnd: loadAvg(), societies: N, factRows, asOf, targetMs: TARGET_MS, eligible: expected, inProcess, fromDb, ok });
  console.log(`${ok ? 'PASS' : 'FAIL'} (target: median < ${TARGET_MS} ms per batch); ${bundled ? 'bundled as npm start' : 'under tsx (--no-bundle)'}; load ${loadAvg()}; ${file}`);
  return ok;
}

if (isBundledRun()) runMain(main);
else runSelfBundled(import.meta.url, 'capacity-eligibility');
