// Issue 12 §2: the web app's hashed assets are sent precompressed (brotli or gzip, chosen by the
// browser's Accept-Encoding, written at build) and cached for a year as immutable; index.html and
// the SPA fallback are revalidated every time; the build manifest is not served.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { TestClient, createTestContext } from './testing/harness.js';

const webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cj-web-'));
const js = 'console.log("承接");'.repeat(200);
fs.mkdirSync(path.join(webDir, 'assets'));
fs.mkdirSync(path.join(webDir, '.vite'));
fs.writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>承接</title><script type="module" src="/assets/index-AbCd1234.js"></script>');
fs.writeFileSync(path.join(webDir, 'assets/index-AbCd1234.js'), js);
fs.writeFileSync(path.join(webDir, 'assets/index-AbCd1234.js.br'), zlib.brotliCompressSync(js));
fs.writeFileSync(path.join(webDir, 'assets/index-AbCd1234.js.gz'), zlib.gzipSync(js));
fs.writeFileSync(path.join(webDir, '.vite/manifest.json'), '{}');
const ctx = await createTestContext({ webDir });
afterAll(async () => {
  await ctx.close();
  fs.rmSync(webDir, { recursive: true, force: true });
});

const get = (url: string, encoding?: string) => ctx.app.inject({ method: 'GET', url, headers: encoding ? { 'accept-encoding': encoding } : {} });

describe('static files', () => {
  it('sends a hashed asset as brotli, gzip or plain by Accept-Encoding, immutable for a year', async () => {
    for (const [enc, expected, decode] of [
      ['br, gzip', 'br', (b: Buffer) => zlib.brotliDecompressSync(b)],
      ['gzip', 'gzip', (b: Buffer) => zlib.gunzipSync(b)],
      [undefined, undefined, (b: Buffer) => b],
    ] as const) {
      const res = await get('/assets/index-AbCd1234.js', enc);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-encoding']).toBe(expected);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(String(res.headers['content-type'])).toMatch(/javascript/);
      expect(decode(res.rawPayload).toString('utf8')).toBe(js);
    }
  });

  it('revalidates the page itself and does not serve the build manifest', async () => {
    const page = await get('/portal/items');
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-cache');
    const index = await get('/index.html');
    expect(index.headers['cache-control']).not.toMatch(/immutable/);
    expect((await get('/.vite/manifest.json')).statusCode).toBe(404);
    // an API answer is never cached (unchanged)
    expect((await new TestClient(ctx.app).get('/api/v1/health')).headers['cache-control']).toBe('no-store');
  });
});
