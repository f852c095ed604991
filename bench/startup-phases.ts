// Startup phase probe (run by bench/startup.ts, not on its own): replays what src/server/main.ts
// does, step by step, and prints one JSON line of timings (ms). Run as
//   DATA_DIR=<existing dir> node --import tsx bench/startup-phases.ts
// so that module loading goes through the tsx loader exactly as in `npm start`. bench/startup.ts
// also runs an esbuild bundle of this file: there, every third-party package is a static import
// of the bundle and is loaded before the first line, so compare "boot+modules", not single imports.
import { performance } from 'node:perf_hooks';
import http from 'node:http';
import path from 'node:path';

const t: Record<string, number> = {};
const marksUs: Record<string, [number, number]> = {};
const us = () => Number(process.hrtime.bigint() / 1000n);
// performance.now() counts from process start: node boot + `--import tsx` registration (tsx), or
// node boot + all third-party imports (bundle).
t.processStartToFirstLine = performance.now();
marksUs.processStartToFirstLine = [us() - Math.round(t.processStartToFirstLine * 1000), us()];
let mark = performance.now();
let markUs = us();
const lap = (name: string) => {
  const now = performance.now();
  t[name] = now - mark;
  marksUs[name] = [markUs, us()];
  mark = now;
  markUs = us();
};

// Module graph, in main.ts import order.
const { loadConfig } = await import('../src/server/config.js');
lap('import:config');
const { openDatabase } = await import('../src/server/db/client.js');
lap('import:db/client (pglite, drizzle, pg, schema)');
const { migrate } = await import('../src/server/db/migrate.js');
lap('import:db/migrate');
const { buildApp } = await import('../src/server/app.js');
lap('import:app (fastify, plugins, all modules, domain)');
const { loadOrCreateMasterKey, createFieldCipher } = await import('../src/server/platform/crypto/field-cipher.js');
const { isEmpty } = await import('../src/cli/demo/demo.js');
await import('../src/server/platform/bootstrap.js');
await import('../src/domain/access/roles.js');
lap('import:rest (bootstrap, seed, roles)');
const importTotal = Object.entries(t)
  .filter(([k]) => k.startsWith('import:'))
  .reduce((a, [, v]) => a + v, 0);
t['boot+modules'] = t.processStartToFirstLine + importTotal;

const config = loadConfig();
mark = performance.now();
markUs = us();
const database = await openDatabase({ dataDir: path.join(config.dataDir, 'pglite') });
lap('db:open (PGlite.create on existing dir)');
const migrated = await migrate(database.db);
lap('db:migrate (nothing pending)');
const cipher = createFieldCipher(loadOrCreateMasterKey({ envValue: config.dataKeyHex, filePath: path.join(config.dataDir, 'data.key') }));
lap('key:load');
const empty = await isEmpty(database.db);
lap('db:isEmpty');
const app = await buildApp({ database, config: { ...config, logLevel: 'warn' }, cipher });
lap('app:build (register plugins+routes)');
await app.ready();
lap('app:ready');
await app.listen({ port: 0, host: '127.0.0.1' });
lap('app:listen');
const addr = app.server.address() as { port: number };
const status = await new Promise<number>((resolve, reject) =>
  http.get(`http://127.0.0.1:${addr.port}/api/v1/health`, (res) => resolve(res.resume().statusCode ?? 0)).on('error', reject),
);
lap('first /health');
t.totalSinceProcessStart = performance.now();
const ru = process.resourceUsage();
t.cpuMsSinceProcessStart = (ru.userCPUTime + ru.systemCPUTime) / 1000;
await app.close();
await database.close();
console.log(JSON.stringify({ ok: status === 200 && migrated.length === 0 && !empty, timings: t, marksUs }));
process.exit(0);
