// Startup phase probe (run by bench/startup.ts, not on its own): replays what src/server/main.ts
// does, step by step, and prints one JSON line of timings (ms). Run as
//   DATA_DIR=<existing dir> node --import tsx bench/startup-phases.ts
// so that the module-loading cost includes the tsx loader, exactly as in `npm start`.
import { performance } from 'node:perf_hooks';
import path from 'node:path';

const t: Record<string, number> = {};
// performance.now() counts from process start: node boot + `--import tsx` registration.
t.nodeBootAndTsxRegister = performance.now();
let mark = performance.now();
const lap = (name: string) => {
  const now = performance.now();
  t[name] = now - mark;
  mark = now;
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
const { isEmpty } = await import('../src/server/db/seed/demo.js');
await import('../src/server/platform/bootstrap.js');
await import('../src/domain/access/roles.js');
lap('import:rest (bootstrap, seed, roles)');
t['import:total'] = Object.entries(t)
  .filter(([k]) => k.startsWith('import:'))
  .reduce((a, [, v]) => a + v, 0);

const config = loadConfig();
mark = performance.now();
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
lap('app:ready (compile schemas, swagger)');
await app.listen({ port: 0, host: '127.0.0.1' });
lap('app:listen');
const addr = app.server.address() as { port: number };
const r = await fetch(`http://127.0.0.1:${addr.port}/api/v1/health`);
lap('first /health');
t.totalSinceProcessStart = performance.now();
await app.close();
await database.close();
console.log(JSON.stringify({ ok: r.status === 200 && migrated.length === 0 && !empty, timings: t }));
process.exit(0);
