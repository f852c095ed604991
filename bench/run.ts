// `npm run bench [-- <name> [options]]`: runs the benchmarks one after the other, each in its own
// process (each cleans up its own processes, directories and databases).
//   npm run bench                      all: startup, public-list, public-items, association-items, search,
//                                      excel-import, taskbook-load, taskbook-documents, upload-soak, portal-weight,
//                                      capacity-eligibility, expert-draw, fund-ledger, opendata-feed, indicators
//   npm run bench -- startup [--runs N] [--breakdown]
//   npm run bench -- public-list [--profile] [--quick]
//   npm run bench -- public-items [--quick] [--rounds N] [--profile]    (issue 3 (a) / 12 §1: public list vs the ideal handler, PostgreSQL)
//   npm run bench -- association-items [--quick] [--rounds N] [--profile] (issue 12 §1: an association's item list vs the ideal handler)
//   npm run bench -- search [--quick] [--societies N --items M]         (issue 3 (b), PostgreSQL)
//   npm run bench -- excel-import [--rows N --runs N --driver pglite|postgres|both]  (issue 3 (c))
//   npm run bench -- taskbook-documents [--runs N --warmup N --concurrent N]        (issue 4)
//   npm run bench -- taskbook-load [--quick] [--rate R]                  (issue 4: verification, PDFs vs public list)
//   npm run bench -- upload-soak [--n N --driver pglite|postgres|both]   (issue 10 §1: crafted uploads at once)
//   npm run bench -- portal-weight                                       (issue 12 §2: the portal first page's compressed JavaScript)
//   npm run bench -- capacity-eligibility / expert-draw / fund-ledger    (issue 13: options in each file's header)
//   npm run bench -- opendata-feed [--quick] [--rounds N] [--items N]    (issue 14 §3: the open-data feed, 100,000 records, vs the ideal handler)
//   npm run bench -- indicators [--quick] [--rounds N] [--projects N]   (issue 14 §2: indicators and dashboards of a province
//                                      of 1.5 M projects vs the ideal handler, PostgreSQL; ≈ 30 min of loading, see its header)
// Exit code: 0 when every selected benchmark met its targets, 1 otherwise. Results: bench/RESULTS.md
// (written by hand from the runs) and bench/results/<name>-latest.json (written by each run).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const benches: Record<string, string> = {
  startup: path.join(here, 'startup.ts'),
  'public-list': path.join(here, 'public-list.ts'),
  'public-items': path.join(here, 'public-items.ts'),
  'association-items': path.join(here, 'association-items.ts'),
  search: path.join(here, 'search.ts'),
  'excel-import': path.join(here, 'excel-import.ts'),
  'taskbook-load': path.join(here, 'taskbook-load.ts'),
  'taskbook-documents': path.join(here, 'taskbook-documents.ts'),
  'upload-soak': path.join(here, 'upload-soak.ts'),
  'portal-weight': path.join(here, 'portal-weight.ts'),
  'capacity-eligibility': path.join(here, 'capacity-eligibility.ts'),
  'expert-draw': path.join(here, 'expert-draw.ts'),
  'fund-ledger': path.join(here, 'fund-ledger.ts'),
  indicators: path.join(here, 'indicators.ts'),
  'opendata-feed': path.join(here, 'opendata-feed.ts'),
};

const [first, ...rest] = process.argv.slice(2);
const selected = first && !first.startsWith('-') ? [first] : Object.keys(benches);
const options = first && !first.startsWith('-') ? rest : process.argv.slice(2);
for (const name of selected) {
  if (!benches[name]) {
    console.error(`unknown benchmark "${name}"; choose one of: ${Object.keys(benches).join(', ')}`);
    process.exit(2);
  }
}

let current: ReturnType<typeof spawn> | null = null;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    // the benchmark cleans up on this signal, then exits; we exit after it
    current?.kill(sig);
  });
}

const failed: string[] = [];
for (const name of selected) {
  console.log(`\n######## bench: ${name} ########\n`);
  const code = await new Promise<number>((resolve) => {
    current = spawn(process.execPath, ['--import', 'tsx', benches[name], ...options], { stdio: 'inherit' });
    current.on('exit', (c, s) => resolve(c ?? (s ? 1 : 0)));
  });
  current = null;
  if (code !== 0) failed.push(`${name} (exit ${code})`);
}
console.log(failed.length ? `\nbenchmarks with a missed target or an error: ${failed.join(', ')}` : '\nall benchmarks met their targets');
process.exit(failed.length ? 1 : 0);
