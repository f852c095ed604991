// Browser-journey support: the platform started as `npm start` would (an embedded data directory
// with the demo data), and Debian's Chromium driven by playwright-core.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

declare module 'vitest' {
  export interface ProvidedContext {
    /** the demo deployment global-setup.ts made once with `npm start` on a fresh data directory */
    demoDataDir: string;
  }
}

export const SHOTS_DIR = path.resolve('test-results/e2e');
export const DEMO_PASSWORD = 'Chengjie@2026';

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });

export interface Platform {
  base: string;
  dataDir: string;
  stop(opts?: { keepDataDir?: boolean; graceMs?: number }): Promise<void>;
}

/** A fresh embedded data directory for a journey (removed by the platform's stop()). */
export const freshDataDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'cj-e2e-'));

/**
 * Starts the platform as `npm start` does. Without `dataDir`, on a copy of the demo deployment that
 * global-setup.ts made once on a fresh data directory (first start: migrations and the demo data;
 * here a restart, as every start after the first is). `dataDir` reuses a directory prepared
 * beforehand (the setup CLI run on it); `env` adds variables (SEED_DEMO=false for a real
 * deployment's empty start).
 */
export async function startPlatform(opts: { dataDir?: string; env?: Record<string, string>; startTimeoutMs?: number } = {}): Promise<Platform> {
  const port = await freePort();
  const dataDir = opts.dataDir ?? copyOfDemoDataDir();
  const log = fs.createWriteStream(path.join(dataDir, 'server.log'));
  const child: ChildProcess = spawn(process.execPath, ['scripts/start.mjs'], {
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (opts.startTimeoutMs ?? 170_000);
  for (;;) {
    const ok = await fetch(`${base}/api/v1/health`).then((r) => r.ok, () => false);
    if (ok) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`platform did not start:\n${fs.readFileSync(path.join(dataDir, 'server.log'), 'utf8').slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, s);
    } catch {
      /* gone */
    }
  };
  return {
    base,
    dataDir,
    stop: async ({ keepDataDir = false, graceMs = 500 } = {}) => {
      signal('SIGTERM');
      // the server closes its database and exits; whatever is left after the grace period is killed
      await Promise.race([exited, new Promise((r) => setTimeout(r, graceMs))]);
      signal('SIGKILL');
      await new Promise<void>((resolve) => log.end(() => resolve()));
      if (!keepDataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The demo deployment, made once per run (global-setup.ts): `npm start` on a fresh data directory
 * (migrations, the demo data, a new data key), stopped cleanly so the directory can be copied.
 */
export async function makeDemoDataDir(): Promise<string> {
  const platform = await startPlatform({ dataDir: freshDataDir(), startTimeoutMs: 300_000 });
  await platform.stop({ keepDataDir: true, graceMs: 60_000 });
  const log = fs.readFileSync(path.join(platform.dataDir, 'server.log'), 'utf8');
  if (!log.includes('已写入演示数据')) throw new Error(`the first start wrote no demo data:\n${log.slice(-2000)}`);
  fs.rmSync(path.join(platform.dataDir, 'server.log'));
  return platform.dataDir;
}

/** A journey's own copy of the demo deployment (removed by the platform's stop()). */
function copyOfDemoDataDir(): string {
  const dir = freshDataDir();
  fs.cpSync(inject('demoDataDir'), dir, { recursive: true });
  return dir;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    // a user's browser in China, whatever the machine's zone (CI runs on UTC): the date pickers' today
    // and the times a page shows are China's
    env: { ...process.env, TZ: 'Asia/Shanghai' },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

export async function shot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SHOTS_DIR, { recursive: true });
  const file = path.join(SHOTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export async function login(page: Page, base: string, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL(/\/app/);
}

/** Waits until the locator's first match is visible (fails the test after the timeout). */
export async function visible(locator: Locator, timeout = 30_000): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout });
}
