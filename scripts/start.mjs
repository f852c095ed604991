#!/usr/bin/env node
// `npm start`: builds what is missing or older than its sources — the web app (Vite, into
// dist/web) and the server (esbuild, ES modules in dist/server, packages left external: main.mjs,
// document-worker.mjs, the worker threads that render task book documents, and untrusted-worker.mjs,
// those that parse uploaded files) — then runs the
// server. Bundling once keeps later starts free of TypeScript transpilation.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const rel = (p) => path.join(root, p);

function newestMtime(dir, skip = () => false) {
  if (!fs.existsSync(dir)) return 0;
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (skip(p)) continue;
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p, skip) : fs.statSync(p).mtimeMs);
  }
  return newest;
}
const mtime = (f) => (fs.existsSync(f) ? fs.statSync(f).mtimeMs : 0);

const webIndex = rel('dist/web/index.html');
if (process.env.SKIP_WEB_BUILD !== '1' && newestMtime(rel('src/web')) > mtime(webIndex)) {
  console.log('正在构建前端（首次启动约需半分钟）…');
  const r = spawnSync(process.execPath, [rel('node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('前端构建失败。');
    process.exit(r.status ?? 1);
  }
}

const serverBundle = rel('dist/server/main.mjs');
// the worker threads that render task book documents (src/server/modules/taskbooks/documents/pool.ts)
const documentWorkerBundle = rel('dist/server/document-worker.mjs');
// the worker threads that parse uploaded files (src/server/platform/untrusted/cage.ts, issue 10 §1;
// their entry, with the parsers, is src/server/modules/untrusted-worker.ts)
const untrustedWorkerBundle = rel('dist/server/untrusted-worker.mjs');
const isTest = (p) => /\.test\.ts$/.test(p) || p.endsWith(`${path.sep}testing`);
// everything the bundle holds: the server, the domain, the contract and the demo seed (src/cli/demo)
const serverSources = Math.max(...['src/server', 'src/domain', 'src/contract', 'src/cli/demo'].map((d) => newestMtime(rel(d), isTest)), mtime(rel('package-lock.json')));
if (serverSources > Math.min(mtime(serverBundle), mtime(documentWorkerBundle), mtime(untrustedWorkerBundle))) {
  const { build } = await import('esbuild');
  await build({
    entryPoints: {
      main: rel('src/server/main.ts'),
      'document-worker': rel('src/server/modules/taskbooks/documents/worker.ts'),
      'untrusted-worker': rel('src/server/modules/untrusted-worker.ts'),
    },
    outdir: rel('dist/server'),
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
}

const child = spawn(process.execPath, [serverBundle], { cwd: root, stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
