// Issue 10 §1, PUB-2: an anonymous verification upload is read in the cage. The code extraction
// (documents/extract.ts) runs in a worker thread: a crafted PDF or docx costs that worker, the
// server answers every other request meanwhile, and a parse past its deadline is a 422 in Chinese.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient, createTestContext, type TestContext } from '../../testing/harness.js';
import { sharedCage } from '../untrusted-jobs.js';
import { isolateCageTmp, type CageTmp } from '../../testing/cage-tmp.js';
import { docxBomb, referencePdf } from '../../testing/upload-soak.js';

let ctx: TestContext;
let cageTmp: CageTmp;
beforeAll(async () => {
  ctx = await createTestContext();
  cageTmp = await isolateCageTmp('cj-verify-cage-'); // the shared cage, made on first use below, puts its job directories there
});
afterAll(async () => {
  await cageTmp?.restore();
  await ctx?.close();
});

const verify = (body: Buffer, type = 'application/pdf') => new TestClient(ctx.app).request('POST', '/api/v1/public/task-books/verify', undefined, { headers: { 'content-type': type }, rawBody: body });
const leftovers = () => cageTmp.leftovers();

describe('verification upload through the cage (issue 10 §1, PUB-2)', () => {
  it('reads a file that is not an issued document in a worker and answers it is not the platform\'s', async () => {
    const started = sharedCage().started;
    const res = await verify(Buffer.from('%PDF-1.4\n不是任务书'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ valid: false, match: 'unknown', record: null, reason: '该文件不是本平台出具的已签署任务书，或文件已被修改' });
    expect(sharedCage().started).toBeGreaterThan(started); // the extraction ran in a cage worker
    expect(sharedCage().entry.source?.pathname).toMatch(/server\/modules\/untrusted-worker\.ts$/); // the server's worker entry, from the sources
    expect(leftovers()).toEqual([]);
  });

  it('answers the 400 KB PDF of repeated object references and a docx that inflates to 200 MB while health keeps answering', async () => {
    let worst = 0;
    let done = false;
    const probe = (async () => {
      while (!done) {
        const t = performance.now();
        expect((await new TestClient(ctx.app).get('/api/v1/health')).status).toBe(200);
        worst = Math.max(worst, performance.now() - t);
        await new Promise((r) => setTimeout(r, 25));
      }
    })();
    const [pdf, docx] = await Promise.all([verify(referencePdf(400)), verify(docxBomb(200), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')]).finally(() => (done = true));
    await probe;
    for (const res of [pdf, docx]) {
      expect([200, 413, 422]).toContain(res.status); // no code in either; a cage refusal is coded
      if (res.status === 200) expect(res.body.valid).toBe(false);
      else expect(res.headers['content-type']).toMatch(/problem\+json/);
    }
    // before the cage the PDF alone blocked the event loop for 30 s; what remains here is starting
    // a worker thread and sharing two cores with the rest of the suite (seen up to ~1 s under a full
    // parallel run); the strict < 100 ms is the soak's, after the load
    expect(worst).toBeLessThan(2000);
    expect(leftovers()).toEqual([]);
  });

  it('answers an extraction past its deadline 422 in Chinese (UNTRUSTED_DEADLINE_MS)', async () => {
    process.env.UNTRUSTED_DEADLINE_MS = '1';
    try {
      const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(15 * 1024 * 1024, '1 0 obj << /Keywords (x) >> endobj\n')]);
      const res = await verify(big);
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'UNPROCESSABLE', title: '文件无法处理' });
      expect(res.body.detail).toMatch(/^解析文件超过时限/);
    } finally {
      delete process.env.UNTRUSTED_DEADLINE_MS;
    }
    expect(leftovers()).toEqual([]);
    expect((await verify(Buffer.from('%PDF-1.4 again'))).status).toBe(200); // the cage goes on
  });
});
