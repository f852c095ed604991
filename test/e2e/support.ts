// Browser-journey support: the platform started as `npm start` would (a fresh embedded data
// directory, demo data), and Debian's Chromium driven by playwright-core.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

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
  stop(): Promise<void>;
}

/** A fresh embedded data directory for a journey (removed by the platform's stop()). */
export const freshDataDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'cj-e2e-'));

/**
 * Starts the platform as `npm start` does. `dataDir` reuses a directory prepared beforehand (the setup
 * CLI run on it); `env` adds variables (SEED_DEMO=false for a real deployment's empty start).
 */
export async function startPlatform(opts: { dataDir?: string; env?: Record<string, string> } = {}): Promise<Platform> {
  const port = await freePort();
  const dataDir = opts.dataDir ?? freshDataDir();
  const log = fs.createWriteStream(path.join(dataDir, 'server.log'));
  const child: ChildProcess = spawn(process.execPath, ['scripts/start.mjs'], {
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 170_000;
  for (;;) {
    const ok = await fetch(`${base}/api/v1/health`).then((r) => r.ok, () => false);
    if (ok) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`platform did not start:\n${fs.readFileSync(path.join(dataDir, 'server.log'), 'utf8').slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return {
    base,
    stop: async () => {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        /* gone */
      }
      await new Promise((r) => setTimeout(r, 500));
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* gone */
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
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
