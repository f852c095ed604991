// Issue 10 §6: the security headers of every answer — HSTS only behind HTTPS (COOKIE_SECURE),
// frame protection everywhere, and /api/docs under its own Content-Security-Policy (that it still
// renders under it is shown in Chromium, test/e2e/api-docs.e2e.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient, createTestContext, type TestContext } from './testing/harness.js';

let plain: TestContext;
let secure: TestContext;
beforeAll(async () => {
  plain = await createTestContext();
  secure = await createTestContext({ cookieSecure: true });
});
afterAll(async () => {
  await plain?.close();
  await secure?.close();
});

const HSTS = 'max-age=31536000; includeSubDomains';
// An answer of each kind: JSON, an error, the portal's HTML, the docs page and its assets.
const URLS = ['/api/v1/health', '/api/v1/no-such-route', '/', '/portal/verify', '/api/docs', '/api/docs/static/swagger-ui-bundle.js', '/api/docs/json', '/api/openapi.json'];

/** The Content-Security-Policy header as a directive → sources map. */
const directives = (csp: unknown) =>
  new Map(
    String(csp)
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...sources]) => [name, sources] as const),
  );

describe('HSTS', () => {
  it('is sent on every answer when COOKIE_SECURE=true, login and its refusals included', async () => {
    const c = new TestClient(secure.app);
    for (const url of URLS) expect((await c.get(url)).headers['strict-transport-security'], url).toBe(HSTS);
    const refused = await c.login('sheng.admin', 'Wrong-password-1');
    expect(refused.status).toBe(401);
    expect(refused.headers['strict-transport-security']).toBe(HSTS);
    const ok = await c.login('sheng.admin');
    expect(ok.headers['strict-transport-security']).toBe(HSTS);
    // The cookies are Secure on the same switch.
    for (const sc of ([] as string[]).concat(ok.headers['set-cookie'] as string[])) expect(sc).toMatch(/;\s*Secure/i);
  });

  it('is not sent over plain HTTP (COOKIE_SECURE=false, the default)', async () => {
    const c = new TestClient(plain.app);
    for (const url of URLS) expect((await c.get(url)).headers['strict-transport-security'], url).toBeUndefined();
  });
});

describe('frame protection and CSP', () => {
  it('refuses framing on every answer, the API docs included', async () => {
    const c = new TestClient(plain.app);
    for (const url of URLS) {
      const res = await c.get(url);
      expect(res.headers['x-frame-options'], url).toBe('DENY');
      expect(directives(res.headers['content-security-policy']).get('frame-ancestors'), url).toEqual(["'none'"]);
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
    }
  });

  it('gives /api/docs a policy fitted to swagger-ui: its own scripts only, no inline script or eval, nothing from elsewhere', async () => {
    const res = await new TestClient(plain.app).get('/api/docs');
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toMatch(/text\/html/);
    const d = directives(res.headers['content-security-policy']);
    expect(d.get('default-src')).toEqual(["'none'"]);
    expect(d.get('script-src')).toEqual(["'self'"]);
    expect(d.get('connect-src')).toEqual(["'self'"]);
    expect(d.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(d.get('img-src')).toEqual(["'self'", 'data:']);
    expect(d.get('base-uri')).toEqual(["'self'"]);
    expect(d.get('form-action')).toEqual(["'self'"]);
    for (const sources of d.values()) for (const s of sources) expect(s).not.toMatch(/unsafe-eval|^https?:|^\*$/);
    // The page itself carries no inline script that the policy would block.
    expect(String(res.body)).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
    // The assets it names are served from /api/docs/static.
    for (const src of String(res.body).matchAll(/<script src="([^"]+)"/g)) {
      const url = new URL(src[1], 'http://x/api/docs/').pathname;
      expect(url.startsWith('/api/docs/static/'), url).toBe(true);
      expect((await new TestClient(plain.app).get(url)).status, url).toBe(200);
    }
  });

  it('keeps the web app under its own policy (scripts from itself only)', async () => {
    const res = await new TestClient(plain.app).get('/');
    const d = directives(res.headers['content-security-policy']);
    expect(d.get('default-src')).toEqual(["'self'"]);
    expect(d.get('script-src')).toEqual(["'self'"]);
  });
});
