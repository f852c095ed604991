// Issue 13, figure — the expert draw (CAP-4, ORG-6) from a pool of 5,000 experts of whom 50 are in
// conflict with the applicant: under 50 ms per draw.
//
//   npx tsx bench/expert-draw.ts
//   options: --pool N (default 5000)  --conflicts N (default 50)  --draws N (default 1000)
//            --no-bundle (run under tsx; by default the file bundles itself as `npm start` bundles the server, bundled.ts)
//
// The real path: `drawExperts` (src/domain/capacity/expert-draw.ts) as the review will call it, the
// number of experts from preset 003's `expertReview.expertsPerApplication` (instantiatePreset). The
// pool is synthesised from a seeded PRNG: experts of 400 organisations, one to three of 24 review
// fields each, a third of them with one to three declared conflicts of other organisations; of the 50
// in conflict with the applicant, 40 declared it (`conflictOrgIds`) and 10 belong to the applicant
// itself. Each draw has a fresh seed (32 random hex characters, as the server draws it) and, in turn,
// three shapes of request: by the application's field (≈ 430 candidates), any field (4,950), and a
// replacement by field (the experts already drawn excluded). 100 draws of warm-up, then `--draws`
// timed one by one (hrtime); p50, p99 and max per shape and overall. Every draw is checked: the
// number asked for, distinct, no one in conflict, own organisation, excluded or outside the field.
// Exit code 1 when the overall p99 is ≥ 50 ms or a check fails.
import crypto from 'node:crypto';
import { drawExperts, exclusionOf, type DrawRequest, type ExpertCandidate } from '../src/domain/capacity/expert-draw.js';
import { getPreset, instantiatePreset } from '../src/domain/presets/index.js';
import { loadAvg, machineInfo, nowMs, round, runMain } from './lib.js';
import { isBundledRun, resultFile, runSelfBundled, writeResultTo } from './bundled.js';

const argv = process.argv.slice(2);
const argOf = (name: string, dflt: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
};
const POOL = Number(argOf('pool', '5000'));
const CONFLICTS = Number(argOf('conflicts', '50'));
const DRAWS = Number(argOf('draws', '1000'));
const TARGET_MS = 50;
const FIELDS = ['机械工程', '电子信息', '计算机', '材料科学', '化学化工', '土木建筑', '水利', '能源电力', '交通运输', '农学', '林学', '畜牧兽医',
  '临床医学', '中医药', '公共卫生', '生物技术', '环境科学', '地质', '海洋', '经济管理', '法学', '教育', '科普', '财务审计'];

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function synthesisePool(applicantOrgId: string): { pool: ExpertCandidate[]; inConflict: Set<string> } {
  const rnd = mulberry32(4);
  const orgs = Array.from({ length: 400 }, () => crypto.randomUUID());
  const pool: ExpertCandidate[] = [];
  const inConflict = new Set<string>();
  const own = Math.round(CONFLICTS / 5); // of the applicant's own organisation
  for (let i = 0; i < POOL; i++) {
    const fields = new Set<string>();
    const nf = 1 + Math.floor(rnd() * 3);
    while (fields.size < nf) fields.add(FIELDS[Math.floor(rnd() * FIELDS.length)]);
    const conflictOrgIds: string[] = [];
    if (rnd() < 0.33) for (let k = 1 + Math.floor(rnd() * 3); k > 0; k--) conflictOrgIds.push(orgs[Math.floor(rnd() * orgs.length)]);
    let orgId: string = orgs[Math.floor(rnd() * orgs.length)];
    const id = crypto.randomUUID();
    if (i < CONFLICTS) {
      // spread through the pool's order by the ids; the first `own` are the applicant's own experts
      if (i < own) orgId = applicantOrgId;
      else conflictOrgIds.splice(Math.floor(rnd() * (conflictOrgIds.length + 1)), 0, applicantOrgId);
      inConflict.add(id);
    }
    pool.push({ id, orgId, fields: [...fields], conflictOrgIds });
  }
  // the order the pool comes in from the database is not the order the draw uses (it sorts by id)
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return { pool, inConflict };
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}
const summary = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { draws: s.length, p50: round(pct(s, 0.5), 3), p99: round(pct(s, 0.99), 3), max: round(s[s.length - 1], 3), mean: round(s.reduce((a, b) => a + b, 0) / s.length, 3) };
};

async function main(): Promise<boolean> {
  const count = instantiatePreset(getPreset('003')!, 2026).parameters.expertReview.expertsPerApplication;
  const applicantOrgId = crypto.randomUUID();
  const { pool, inConflict } = synthesisePool(applicantOrgId);
  const field = '机械工程';
  const byField = pool.filter((e) => exclusionOf(e, { field, applicantOrgId }) === null).length;
  const anyField = pool.filter((e) => exclusionOf(e, { field: null, applicantOrgId }) === null).length;
  console.log(`draw ${count} experts (preset 003 expertsPerApplication) from a pool of ${pool.length}, ${inConflict.size} in conflict with the applicant; candidates: ${byField} by field, ${anyField} any field; load ${loadAvg()}`);

  type Shape = 'byField' | 'anyField' | 'replacement';
  const shapes: Shape[] = ['byField', 'anyField', 'replacement'];
  let previous: string[] = [];
  const request = (shape: Shape): DrawRequest => ({
    pool,
    count,
    field: shape === 'anyField' ? null : field,
    applicantOrgId,
    exclude: shape === 'replacement' ? previous : undefined,
    seed: crypto.randomBytes(16).toString('hex'),
  });
  const problems: string[] = [];
  const byId = new Map(pool.map((e) => [e.id, e]));
  const check = (req: DrawRequest, drawn: string[]) => {
    if (drawn.length !== req.count) problems.push(`drew ${drawn.length} of ${req.count}`);
    if (new Set(drawn).size !== drawn.length) problems.push('an expert drawn twice');
    for (const id of drawn) {
      if (inConflict.has(id)) problems.push(`drew ${id}, in conflict with the applicant`);
      const why = exclusionOf(byId.get(id)!, req);
      if (why) problems.push(`drew ${id}: ${why}`);
    }
  };

  for (let i = 0; i < 100; i++) previous = drawExperts(request(shapes[i % 3])).drawn; // warm-up
  const times: Record<Shape, number[]> = { byField: [], anyField: [], replacement: [] };
  const drawnTimes = new Map<string, number>();
  for (let i = 0; i < DRAWS; i++) {
    const shape = shapes[i % 3];
    const req = request(shape);
    const t0 = nowMs();
    const res = drawExperts(req);
    times[shape].push(nowMs() - t0);
    check(req, res.drawn);
    for (const id of res.drawn) drawnTimes.set(id, (drawnTimes.get(id) ?? 0) + 1);
    if (shape !== 'replacement') previous = res.drawn;
  }
  const all = summary([...times.byField, ...times.anyField, ...times.replacement]);
  const per = Object.fromEntries(shapes.map((s) => [s, summary(times[s])]));
  for (const s of shapes) console.log(`  ${s.padEnd(11)} ms: p50 ${per[s].p50}, p99 ${per[s].p99}, max ${per[s].max} (${per[s].draws} draws)`);
  console.log(`  all         ms: p50 ${all.p50}, p99 ${all.p99}, max ${all.max}, mean ${all.mean} (${all.draws} draws); ${drawnTimes.size} distinct experts drawn; checks: ${problems.length ? problems.slice(0, 5).join('; ') : 'all passed'}`);
  const ok = all.p99 < TARGET_MS && problems.length === 0;
  const bundled = process.env.CJ_BENCH_BUNDLED === '1';
  const file = writeResultTo(resultFile('expert-draw'), { machine: machineInfo(), bundled, loadAvgAtEnd: loadAvg(), pool: pool.length, conflicts: inConflict.size, count, candidates: { byField, anyField }, targetMs: TARGET_MS, all, per, problems: problems.length, ok });
  console.log(`${ok ? 'PASS' : 'FAIL'} (target: p99 < ${TARGET_MS} ms per draw); ${bundled ? 'bundled as npm start' : 'under tsx (--no-bundle)'}; load ${loadAvg()}; ${file}`);
  return ok;
}

if (isBundledRun()) runMain(main);
else runSelfBundled(import.meta.url, 'expert-draw');
