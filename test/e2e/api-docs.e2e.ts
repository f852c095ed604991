// Issue 10 §6: /api/docs under its own Content-Security-Policy still renders in a real browser —
// Debian's Chromium, every CSP violation collected (console and securitypolicyviolation events) —
// and no page of the platform can be framed by another site.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { createTestContext, type TestContext } from '../../src/server/testing/harness.js';
import { launchBrowser, shot } from './support.js';

let ctx: TestContext;
let browser: Browser;
let base: string;

beforeAll(async () => {
  ctx = await createTestContext();
  await ctx.app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(ctx.app.server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await ctx?.close();
});

/** A page that records every CSP violation it sees, from the console and from the DOM event. */
async function watchedPage(): Promise<{ page: Page; violations: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => violations.push(`pageerror: ${e.message}`));
  await page.exposeFunction('__cspViolation', (v: string) => violations.push(`event: ${v}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __cspViolation(v: string): void }).__cspViolation(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return { page, violations };
}

describe('/api/docs under its Content-Security-Policy', () => {
  it('renders the API reference with its operations and raises no CSP violation', async () => {
    const { page, violations } = await watchedPage();
    const res = await page.goto(`${base}/api/docs`);
    expect(res?.headers()['content-security-policy']).toMatch(/script-src 'self'/);
    await page.locator('.swagger-ui .info .title').first().waitFor({ state: 'visible', timeout: 30_000 });
    expect(await page.locator('.swagger-ui .info .title').first().innerText()).toContain('承接平台 API');
    await page.locator('.opblock').first().waitFor({ state: 'visible', timeout: 30_000 });
    expect(await page.locator('.opblock-tag').count()).toBeGreaterThan(0);
    expect(await page.locator('.opblock').count()).toBeGreaterThan(0);
    // Open one operation: its parameters and responses render (React styles, SVG icons).
    await page.locator('.opblock-summary').first().click();
    await page.locator('.opblock-body').first().waitFor({ state: 'visible', timeout: 10_000 });
    await shot(page, 'api-docs');
    expect(violations).toEqual([]);
    await page.close();
  });

  it('cannot be framed by another site, nor can the app', async () => {
    const page = await browser.newPage();
    // A page of another origin that frames the docs and the portal, and — the control — a page
    // of its own origin sent without any header, which does load in its frame.
    await page.route('http://framer.test/', (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><iframe src="${base}/api/docs"></iframe><iframe src="${base}/"></iframe><iframe src="http://framer.test/inner"></iframe>`,
      }),
    );
    await page.route('http://framer.test/inner', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>inner</title><p>framed</p>' }));
    await page.goto('http://framer.test/');
    await page.waitForFunction(() => [...document.querySelectorAll('iframe')].every((f) => f.contentWindow !== null), undefined, { timeout: 10_000 });
    await page.waitForTimeout(1_500);
    const children = page.frames().filter((f) => f !== page.mainFrame());
    expect(children).toHaveLength(3);
    const urls = children.map((f) => f.url());
    // Chromium replaces a frame refused by frame-ancestors / X-Frame-Options with its error page.
    expect(urls.filter((u) => u.startsWith('chrome-error://'))).toHaveLength(2);
    expect(urls.some((u) => u.startsWith(base))).toBe(false);
    const inner = children.find((f) => f.url() === 'http://framer.test/inner');
    expect(await inner?.locator('p').innerText()).toBe('framed');
    await page.close();
  });
});
