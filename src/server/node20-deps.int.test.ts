// Issue 10 §6: three packages of the production tree declare Node ≥ 22 in their engines field —
// cookie 2 (@fastify/cookie, light-my-request), content-disposition 3 (@fastify/static) and
// nanoid 6 (docx). They are ES modules that use nothing newer than ES2020; what they need from
// Node is loading an ES module from CommonJS: @fastify/cookie imports cookie with import(), and
// @fastify/static require()s content-disposition, which Node allows from 20.19 (require(esm)
// unflagged) — the version README and package.json name. This suite runs on that Node and
// exercises the paths the platform takes through each.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient, as, createTestContext, type TestContext } from './testing/harness.js';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
// `require` as seen from inside a direct dependency (they are installed at the top of node_modules).
const requireFrom = (pkg: string) => createRequire(path.join(root, 'node_modules', pkg, 'package.json'));

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => ctx?.close());

describe('the Node the README names', () => {
  it('runs this suite on a Node inside package.json engines', () => {
    const engines = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).engines.node as string;
    const [, major, minor] = /^>=(\d+)\.(\d+)$/.exec(engines)!.map(Number);
    const [nodeMajor, nodeMinor] = process.versions.node.split('.').map(Number);
    expect(nodeMajor > major || (nodeMajor === major && nodeMinor >= minor)).toBe(true);
    expect(fs.readFileSync(path.join(root, 'README.md'), 'utf8')).toContain(`Node.js ≥ ${major}.${minor}`);
  });
});

describe('cookie 2 through @fastify/cookie', () => {
  it('serialises the session cookies and parses them back on the next request', async () => {
    const c = new TestClient(ctx.app);
    const res = await c.login('sheng.staff');
    expect(res.status).toBe(200);
    const setCookie = ([] as string[]).concat(res.headers['set-cookie'] as string[]);
    expect(setCookie.find((s) => s.startsWith('cj_sid='))).toMatch(/^cj_sid=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax$/);
    expect((await c.get('/api/v1/auth/me')).body.user.username).toBe('sheng.staff');
    // A header with other cookies, spaces and a quoted value around ours still finds it.
    const sid = c.cookies.get('cj_sid')!;
    const me = await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: `a="x y"; cj_sid=${sid} ;b=%E4%B8%AD` } });
    expect(me.statusCode).toBe(200);
  });

  it('round-trips a non-ASCII value (percent-encoded) through the plugin\'s serializeCookie and parseCookie', () => {
    const app = ctx.app as unknown as { serializeCookie(n: string, v: string, o?: object): string; parseCookie(h: string): Record<string, string> };
    const header = app.serializeCookie('cj_note', '承接 平台;=', { path: '/', sameSite: 'lax' });
    expect(header).toBe('cj_note=%E6%89%BF%E6%8E%A5%20%E5%B9%B3%E5%8F%B0%3B%3D; Path=/; SameSite=Lax');
    expect(app.parseCookie(header.split(';')[0] + '; other=1')).toEqual({ cj_note: '承接 平台;=', other: '1' });
  });
});

describe('content-disposition 3 through @fastify/static', () => {
  it('loads by require() from @fastify/static, as at start-up, and writes a Chinese file name', () => {
    const cd = requireFrom('@fastify/static')('content-disposition') as { create(n: string): string; parse(h: string): { type: string; parameters: Record<string, string> } };
    const header = cd.create('任务书-第1版.pdf');
    expect(header).toBe("attachment; filename=\"???-?1?.pdf\"; filename*=UTF-8''%E4%BB%BB%E5%8A%A1%E4%B9%A6-%E7%AC%AC1%E7%89%88.pdf");
    expect(cd.parse(header).parameters.filename).toBe('任务书-第1版.pdf');
  });

  it('reads back the Chinese file name of an attachment download', async () => {
    const cd = requireFrom('@fastify/static')('content-disposition') as { parse(h: string): { type: string; parameters: Record<string, string> } };
    const c = await as(ctx.app, 'kjt.user');
    const name = '理事会决议（2026年）.pdf';
    const up = await c.request('POST', `/api/v1/attachments?filename=${encodeURIComponent(name)}`, undefined, { headers: { 'content-type': 'application/octet-stream' }, rawBody: '%PDF-1.4 决议' });
    expect(up.status).toBe(201);
    const down = await c.get(`/api/v1/attachments/${up.body.id}`);
    expect(down.status).toBe(200);
    const parsed = cd.parse(String(down.headers['content-disposition']));
    expect(parsed.type).toBe('attachment');
    expect(parsed.parameters.filename).toBe(name);
  });
});

describe('nanoid 6 (docx)', () => {
  it('generates ids on this Node (web crypto getRandomValues); docx itself ships a bundled copy', async () => {
    const dir = path.dirname(requireFrom('docx').resolve('nanoid/package.json'));
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version).toMatch(/^6\./);
    const mod = (await import(pathToFileURL(path.join(dir, 'index.js')).href)) as { nanoid(size?: number): string };
    const ids = new Set(Array.from({ length: 1000 }, () => mod.nanoid()));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{21}$/);
  });
});
