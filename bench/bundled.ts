// Runs an in-process benchmark on the code as `npm start` runs it: esbuild with the options of
// scripts/start.mjs (bundle, ESM, node20, packages external, no keepNames). Under tsx every named
// arrow function is wrapped in `__name(fn, "…")` at each evaluation (esbuild's keepNames), which a
// CPU profile of the eligibility check showed as ≈ 20 % of its time (`__name` and the
// defineProperty behind it) — a cost the platform itself does not pay.
//
// `runSelfBundled(import.meta.url, name)` in a bench file: when the file runs under tsx it bundles
// itself into dist/bench-<hex>/ (the depth the server's migrations are found from, removed after),
// runs the bundle with the same arguments and CJ_BENCH_BUNDLED=1, and exits with its code; the
// bundle writes its result to bench/results/<name>-latest.json through CJ_BENCH_RESULT_FILE. With
// `--no-bundle` the bench runs under tsx as it is.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { ROOT, RESULTS_DIR, onCleanup, runMain } from './lib.js';

export const isBundledRun = () => process.env.CJ_BENCH_BUNDLED === '1' || process.argv.includes('--no-bundle');

/** Where the run's JSON goes: the file the parent named, else bench/results/<name>-latest.json. */
export function resultFile(name: string): string {
  return process.env.CJ_BENCH_RESULT_FILE ?? path.join(RESULTS_DIR, `${name}-latest.json`);
}

export function writeResultTo(file: string, data: unknown): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(data, null, 2) + '\n');
  return file;
}

/** Bundles `selfUrl` and runs it (see the header); call only when `isBundledRun()` is false. */
export function runSelfBundled(selfUrl: string, name: string): void {
  runMain(async () => {
    const outdir = path.join(ROOT, 'dist', `bench-${crypto.randomBytes(4).toString('hex')}`);
    onCleanup(() => fs.rmSync(outdir, { recursive: true, force: true }));
    await build({
      entryPoints: { [name]: fileURLToPath(selfUrl) },
      outdir,
      outExtension: { '.js': '.mjs' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      sourcemap: 'linked',
      logLevel: 'warning',
    });
    const child = spawn(process.execPath, ['--enable-source-maps', path.join(outdir, `${name}.mjs`), ...process.argv.slice(2)], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, CJ_BENCH_BUNDLED: '1', CJ_BENCH_RESULT_FILE: path.join(RESULTS_DIR, `${name}-latest.json`) },
    });
    for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => child.kill(sig));
    const code = await new Promise<number>((resolve) => child.on('exit', (c, s) => resolve(c ?? (s ? 1 : 0))));
    return code === 0;
  });
}
