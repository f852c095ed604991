// Issue 10 §1: the cage. A parser that throws, runs out of memory or time, or crashes its thread
// ends its worker and is answered with a coded error (422/413), its temporary directory and every
// file handle in it are gone, and the server goes on answering (GET /api/v1/health under 100 ms
// while a worker spins). Runs on both drivers (the health check reads the database).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { TestClient, createTestContext, type TestContext } from '../../testing/harness.js';
import { CAGE_DIR_PREFIX, Cage, cageWorkerEntry } from './cage.js';

/** the tests' worker entry: the hostile parsers */
const hostile = cageWorkerEntry({ source: new URL('./testing/hostile-parsers.ts', import.meta.url), repoPath: 'src/server/platform/untrusted/testing/hostile-parsers.ts' });
let ctx: TestContext;
let tmpRoot: string;
let cage: Cage;

beforeAll(async () => {
  ctx = await createTestContext();
  tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'cj-cage-test-'));
  cage = new Cage({ entry: hostile, tmpRoot, workers: 2, queue: 2, resourceLimits: { maxOldGenerationSizeMb: 64 } });
});
afterAll(async () => {
  await cage?.close();
  fs.rmSync(tmpRoot, { recursive: true, force: true });
  await ctx?.close();
});

/** descriptors of this process on files under the test's temp root */
const fdsUnderRoot = () =>
  fs.readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return fs.readlinkSync(`/proc/self/fd/${fd}`).startsWith(tmpRoot);
    } catch {
      return false;
    }
  });
const leftovers = () => fs.readdirSync(tmpRoot).filter((d) => d.startsWith(CAGE_DIR_PREFIX));

async function failure(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

/** /api/v1/health answered within `ms`, through HTTP on the app under test */
async function healthWithin(ms: number) {
  const t = performance.now();
  const res = await new TestClient(ctx.app).get('/api/v1/health');
  expect(res.status).toBe(200);
  expect(performance.now() - t).toBeLessThan(ms);
}

describe('the cage (issue 10 §1)', () => {
  it('runs the worker from the TypeScript sources here, and hands the bytes over with the job', async () => {
    // from the sources: the entry's TypeScript, started through the tsx starter beside the cage
    expect(hostile.source?.pathname).toMatch(/platform\/untrusted\/testing\/hostile-parsers\.ts$/);
    expect(hostile.url.pathname).toMatch(/platform\/untrusted\/worker-tsx\.mjs$/);
    const bytes = Buffer.from('PK\u0003\u0004 hello');
    const r = (await cage.run('echo', bytes, { a: 1 })) as { length: number; first: number; args: unknown; tmp: string };
    expect(r).toMatchObject({ length: bytes.length, first: 0x50, args: { a: 1 } });
    expect(path.dirname(r.tmp)).toBe(tmpRoot); // the parser's os.tmpdir() is the job's own directory
    expect(bytes.toString('latin1', 0, 2)).toBe('PK'); // the caller's buffer is still whole
    expect(leftovers()).toEqual([]);
  });

  it('answers a deliberate refusal 422 with its Chinese message and keeps the worker', async () => {
    const started = cage.started;
    const e = await failure(cage.run('refuses', Buffer.alloc(1), null));
    expect([e.status, e.code, e.message]).toEqual([422, 'UNPROCESSABLE', '文件格式不对（测试）']);
    expect(cage.started).toBe(started);
  });

  it('answers a parser that throws 422 without its stack, ends the worker and removes its temp file', async () => {
    const e = await failure(cage.run('throws', Buffer.alloc(1), null));
    expect(e.status).toBe(422);
    expect(e.message).toMatch(/^文件无法解析/);
    expect(e.message).not.toMatch(/undefined|TypeError/);
    expect(leftovers()).toEqual([]);
  });

  it('answers an `error` event nobody listens to (exceljs temp streams) 422: only the worker dies, its open file is closed and removed', async () => {
    const e = await failure(cage.run('unhandled-error', Buffer.alloc(1), null));
    expect(e.status).toBe(422);
    expect(leftovers()).toEqual([]);
    expect(fdsUnderRoot()).toEqual([]);
    await healthWithin(1000);
  });

  it('answers a parser that runs out of memory 413 (ERR_WORKER_OUT_OF_MEMORY) and the server goes on', async () => {
    const rss0 = process.memoryUsage().rss;
    const e = await failure(cage.run('oom', Buffer.alloc(1), null));
    expect([e.status, e.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    expect(e.message).toContain('64 MB');
    expect(leftovers()).toEqual([]);
    await healthWithin(1000);
    expect(process.memoryUsage().rss - rss0).toBeLessThan(200 * 1024 * 1024);
  });

  it('ends an endless parser at its deadline (422) while health keeps answering in < 100 ms', async () => {
    const run = failure(cage.run('endless', Buffer.alloc(1), null, { deadlineMs: 1500 }));
    await new Promise((r) => setTimeout(r, 300)); // the worker is spinning now
    for (let i = 0; i < 5; i++) await healthWithin(100);
    const e = await run;
    expect(e.status).toBe(422);
    expect(e.message).toMatch(/超过时限（2 秒）|超过时限（1 秒）/);
    expect(leftovers()).toEqual([]);
    expect(fdsUnderRoot()).toEqual([]);
  });

  it('closes a stream a parser left open in its directory, removes it, and replaces that worker', async () => {
    const before = cage.started;
    expect(await cage.run('leaves-open', Buffer.alloc(1), null)).toBe('done');
    expect(leftovers()).toEqual([]);
    expect(fdsUnderRoot()).toEqual([]);
    expect(await cage.run('echo', Buffer.alloc(3), null)).toMatchObject({ length: 3 });
    expect(cage.started).toBeGreaterThan(before);
  });

  it('queues beyond its workers up to a bound, and answers 503 in Chinese past it', async () => {
    const runs = Array.from({ length: 6 }, () => cage.run('slow', Buffer.alloc(1), { ms: 400 }).then(
      (v) => v,
      (e: AppError) => e,
    ));
    const out = await Promise.all(runs);
    const refused = out.filter((o) => o instanceof AppError) as AppError[];
    expect(out.filter((o) => o === 'slow done')).toHaveLength(4); // 2 running + 2 queued
    expect(refused.map((e) => [e.status, e.code])).toEqual([
      [503, 'UNAVAILABLE'],
      [503, 'UNAVAILABLE'],
    ]);
    expect(refused[0].message).toMatch(/服务器正忙/);
    expect(leftovers()).toEqual([]);
  });

  it('answers a job that waited too long for a worker 503', async () => {
    const short = new Cage({ entry: hostile, tmpRoot, workers: 1, queue: 5, queueWaitMs: 200 });
    try {
      const first = short.run('slow', Buffer.alloc(1), { ms: 800 });
      const e = await failure(short.run('echo', Buffer.alloc(1), null));
      expect([e.status, e.message]).toEqual([503, expect.stringMatching(/未能开始解析/)]);
      expect(await first).toBe('slow done');
    } finally {
      await short.close();
    }
    expect(leftovers()).toEqual([]);
  });
});
