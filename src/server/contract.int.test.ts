// Issue 12 §1: the API says exactly what it returns. Over the whole route table: every operation
// has an operationId, tags, a Chinese summary, its security, a declared 2xx body and its
// problem+json answers; the document passes an OpenAPI 3.1 validator (@readme/openapi-parser) and
// Redocly's recommended rules with no error (ADR 0010); a field the contract does not name never
// leaves the server; a body of another media type is 415 and changes nothing.
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { validate, compileErrors } from '@readme/openapi-parser';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { TestClient, as, createTestContext, scalar } from './testing/harness.js';
import { STRAY_FIELD as STRAY, addStrayField } from './testing/stray-field.js';

// every answer gets a stray field before it is serialised (testing/stray-field.ts)
const ctx = await createTestContext({}, { configure: addStrayField });
afterAll(() => ctx.close());

type Op = {
  operationId?: string;
  tags?: string[];
  summary?: string;
  security?: unknown[];
  requestBody?: { content: Record<string, unknown> };
  responses?: Record<string, { content?: Record<string, { schema?: unknown }>; headers?: Record<string, unknown> }>;
};
const client = new TestClient(ctx.app);
const doc = (await client.get('/api/openapi.json')).body as { openapi: string; servers?: unknown[]; paths: Record<string, Record<string, Op>> };
const operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op, name: `${method.toUpperCase()} ${path}` })));
const HAN = /[\u4e00-\u9fff]/;

describe('the OpenAPI document', () => {
  it('covers the API: more than 150 operations, a servers entry', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(operations.length).toBeGreaterThan(150);
    expect(doc.servers?.length).toBeGreaterThan(0);
  });

  it('names every operation: a unique operationId, tags and a Chinese summary', () => {
    const bad = operations.filter(({ op }) => !op.operationId || !op.tags?.length || !op.summary || !HAN.test(op.summary)).map((o) => o.name);
    expect(bad).toEqual([]);
    const ids = operations.map((o) => o.op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('states the security of every operation, public ones as `security: []`', () => {
    const bad = operations.filter(({ path, op }) => !Array.isArray(op.security) || (path.startsWith('/api/v1/public/') ? op.security.length !== 0 : false)).map((o) => o.name);
    expect(bad).toEqual([]);
    const closed = operations.filter(({ op }) => (op.security ?? []).length > 0);
    expect(closed.length).toBeGreaterThan(100);
  });

  it('declares a 2xx body (or 204) and problem+json errors for every operation', () => {
    const no2xx = operations.filter(({ op }) => !Object.entries(op.responses ?? {}).some(([code, r]) => code === '204' || (/^2\d\d$/.test(code) && r.content && Object.keys(r.content).length > 0))).map((o) => o.name);
    expect(no2xx).toEqual([]);
    const noProblem = operations.filter(({ op }) => !Object.entries(op.responses ?? {}).some(([code, r]) => /^4\d\d$/.test(code) && r.content?.['application/problem+json'])).map((o) => o.name);
    expect(noProblem).toEqual([]);
    const createdWithoutLocation = operations.filter(({ op }) => op.responses?.['201'] && !op.responses['201'].headers?.Location).map((o) => o.name);
    expect(createdWithoutLocation).toEqual([]);
    expect(operations.filter(({ op }) => op.responses?.['201']).length).toBeGreaterThan(10);
  });

  it('documents the uploads as binary bodies with their media types', () => {
    const uploads = operations.filter(({ op }) => Object.values(op.requestBody?.content ?? {}).some((c) => (c as { schema?: { contentMediaType?: string } }).schema?.contentMediaType));
    expect(uploads.map((o) => o.name).sort()).toEqual(['POST /api/v1/attachments', 'POST /api/v1/programmes/{id}/items/import', 'POST /api/v1/public/task-books/verify'].sort());
  });

  it('passes an independent OpenAPI 3.1 validator (@readme/openapi-parser)', async () => {
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid ? '' : compileErrors(result)).toBe('');
  });

  it("passes Redocly's recommended rules with no error", async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({ source: JSON.stringify(doc), absoluteRef: 'openapi.json', config });
    const errors = problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId}: ${p.message} @ ${p.location[0]?.pointer}`);
    expect(errors).toEqual([]);
  });
});

describe('answers carry what the contract names and nothing else', () => {
  it('drops a stray field from every list and record a GET without parameters answers', async () => {
    const admin = await as(ctx.app, 'sheng.admin');
    const anon = new TestClient(ctx.app);
    const gets = operations.filter(({ method, path }) => method === 'get' && path.startsWith('/api/v1/') && !path.includes('{'));
    const leaked: string[] = [];
    let checked = 0;
    for (const { path } of gets) {
      const c = path.startsWith('/api/v1/public/') || path === '/api/v1/health' || path === '/api/v1/dictionaries' ? anon : admin;
      const res = await c.get(path);
      if (res.status !== 200) continue;
      checked++;
      if (res.raw.toString('utf8').includes(STRAY)) leaked.push(path);
    }
    expect(leaked).toEqual([]);
    expect(checked).toBeGreaterThan(15);
  });
});

describe('media types', () => {
  it('answers a JSON route sent text/plain or a file with 415 problem+json, and writes nothing', async () => {
    const admin = await as(ctx.app, 'sheng.admin');
    const before = await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM programmes`);
    const body = JSON.stringify({ associationId: ctx.ids.province, presetCode: '001', name: '媒体类型测试方案', year: 2026 });
    for (const type of ['text/plain', 'application/octet-stream', 'application/x-www-form-urlencoded']) {
      const res = await admin.request('POST', '/api/v1/programmes', undefined, { rawBody: body, headers: { 'content-type': type } });
      expect(res.status, type).toBe(415);
      expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    }
    expect(await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM programmes`)).toBe(before);
  });

  it('answers an upload sent as JSON with 415', async () => {
    const admin = await as(ctx.app, 'sheng.admin');
    const res = await admin.request('POST', '/api/v1/attachments?filename=a.pdf', { a: 1 });
    expect(res.status).toBe(415);
    expect(await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM attachments WHERE filename = 'a.pdf'`)).toBe(0);
  });
});
