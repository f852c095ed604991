// X-1 (issue 10): a checkpoint is signed every JOB_INTERVAL_SECONDS whenever the head moved and
// kept twice (table and file), so a month holds thousands. Verifying them must neither take
// quadratic time nor block the event loop: the server keeps answering during
// GET /api/v1/audit/verify, and `npm run audit:verify` still checks every signature once.
// On the demo database of the harness (PGlite, or PostgreSQL with TEST_DATABASE_URL).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { desc, gt, sql } from 'drizzle-orm';
import { as, createTestContext, TEST_KEY, type TestContext } from '../testing/harness.js';
import { measureEventLoop as measured } from '../testing/event-loop.js';
import { buildApp } from '../app.js';
import { fileStoreFor } from './files.js';
import type { Database, DbOrTx } from '../db/client.js';
import { auditCheckpoints, auditLog } from '../db/schema.js';
import { appendAudit, type AuditWho } from './audit.js';
import {
  auditCheckpointKey,
  checkpointFilePath,
  computeLegacySeal,
  loadCheckpointFile,
  readCheckpointFile,
  signCheckpoint,
  verifyAuditTrail,
  type AuditCheckpoint,
} from './audit-checkpoint.js';

/** A week of checkpoints at 300 s intervals is 2,016. */
const COUNT = 2000;
/** The longest the event loop may stay busy while a verification runs. */
const MAX_BLOCK_MS = 100;
const key = auditCheckpointKey(TEST_KEY);
const otherKey = auditCheckpointKey(crypto.randomBytes(32));
const who: AuditWho = { actorUserId: null, actorName: '测试（test）', actorOrgId: null, ip: '127.0.0.1', requestId: null };

let ctx: TestContext;
let dir: string;
let file: string;
let cps: AuditCheckpoint[];
beforeAll(async () => {
  ctx = await createTestContext();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cj-audit-load-'));
  file = checkpointFilePath(dir);
  const db = ctx.database.db;
  // COUNT more cheap audit rows, one checkpoint at each of them, as the job would have left them
  const [{ seq: before }] = await db.select({ seq: auditLog.seq }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
  await db.transaction(async (tx) => {
    for (let i = 0; i < COUNT; i++) await appendAudit(tx, who, { action: 'test.load' });
  });
  const rows = await db.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog).where(gt(auditLog.seq, before)).orderBy(auditLog.seq);
  const legacy = await computeLegacySeal(db);
  const start = Date.now() - COUNT * 300_000;
  cps = rows.map((r, i) => signCheckpoint({ seq: r.seq, hash: r.hash, at: new Date(start + i * 300_000).toISOString(), legacy, publicKey: key.publicKey }, key.privateKey));
  for (let i = 0; i < cps.length; i += 500) {
    await db.insert(auditCheckpoints).values(
      cps.slice(i, i + 500).map((c) => ({ seq: c.seq, headHash: c.hash, at: new Date(c.at), legacy: c.legacy, publicKey: c.publicKey, signature: c.signature })),
    );
  }
  fs.writeFileSync(file, cps.map((c) => JSON.stringify(c) + '\n').join(''));
});
afterAll(async () => {
  await ctx?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const ROLLBACK = new Error('rollback');
/** Runs `fn` in a transaction that is rolled back, so the next test sees the clean trail. */
async function undone<T>(db: Database['db'], fn: (tx: DbOrTx) => Promise<T>): Promise<T> {
  let out: T | undefined;
  await db
    .transaction(async (tx) => {
      out = await fn(tx);
      throw ROLLBACK;
    })
    .catch((e: unknown) => {
      if (e !== ROLLBACK) throw e;
    });
  return out as T;
}

describe(`${COUNT} checkpoints, in the table and the file (X-1)`, () => {
  it('the streamed reader of the server reads the file as the CLI reader does', async () => {
    const torn = path.join(dir, 'torn.jsonl');
    fs.writeFileSync(torn, `${JSON.stringify(cps[0])}\r\n\n{"seq": 1, "ha\n${JSON.stringify(cps[1])}`);
    expect(await loadCheckpointFile(torn)).toEqual(readCheckpointFile(torn));
    expect(await loadCheckpointFile(torn)).toEqual({ checkpoints: [cps[0], cps[1]], malformed: [3] });
    expect(await loadCheckpointFile(path.join(dir, 'absent.jsonl'))).toEqual({ checkpoints: [], malformed: [] });
    expect((await loadCheckpointFile(file)).checkpoints).toHaveLength(COUNT);
  });

  it('GET /api/v1/audit/verify answers in bounded time and never blocks the event loop', async () => {
    const keyed = await buildApp({ database: ctx.database, config: { ...ctx.config, dataDir: dir }, cipher: ctx.cipher, files: fileStoreFor(ctx.database, dir), auditKey: key });
    await keyed.ready();
    try {
      const admin = await as(keyed, 'sheng.admin');
      const run = await measured(() => admin.get('/api/v1/audit/verify'));
      expect(run.value.body).toMatchObject({ ok: true, problems: [], checkpoints: COUNT, latest: { seq: cps[COUNT - 1].seq } });
      // the newest is checked; the older ones, agreeing with the chain, are left to the CLI, and it says so
      expect(run.value.body.unverifiedCheckpoints).toBe(COUNT - 1);
      expect(run.value.body.notes.join('\n')).toContain('npm run audit:verify');
      console.info(`API verify of ${COUNT} checkpoints: ${run.ms.toFixed(0)} ms; event loop busy at most ${run.maxBusyMs.toFixed(1)} ms CPU, longest gap ${run.maxGapMs.toFixed(1)} ms wall (histogram max ${run.histMaxMs.toFixed(1)} ms)`);
      expect(run.maxBusyMs).toBeLessThan(MAX_BLOCK_MS);
      expect(run.ms).toBeLessThan(10_000);

      // a forged newest checkpoint in the table is still caught by the API (rolled back below)
      const forged = signCheckpoint({ ...cps[COUNT - 1], seq: cps[COUNT - 1].seq + 1, at: new Date().toISOString() }, otherKey.privateKey);
      const caught = await undone(ctx.database.db, async (tx) => {
        await tx.insert(auditCheckpoints).values({ seq: forged.seq, headHash: forged.hash, at: new Date(forged.at), legacy: forged.legacy, publicKey: forged.publicKey, signature: forged.signature });
        return verifyAuditTrail(tx, { publicKey: key.publicKey, files: [{ name: file, content: await loadCheckpointFile(file) }], signatures: 'findings' });
      });
      expect(caught.problems).toEqual([expect.objectContaining({ code: 'checkpoint-signature-invalid', seq: forged.seq })]);
      expect(caught.latest?.seq).toBe(cps[COUNT - 1].seq);
    } finally {
      await keyed.close();
    }
  });

  it('the full walk (CLI) checks each distinct signature once, cooperatively, and reports forged, conflicting and agreeing-forged older checkpoints', async () => {
    const db = ctx.database.db;
    const old = cps[10];
    // an older line of the file: claiming our key, hash changed — forged, and not what the table holds
    const claimed = signCheckpoint({ ...cps[20], hash: 'e'.repeat(64), publicKey: key.publicKey }, otherKey.privateKey);
    // our key used twice for one seq (a different `at`): a conflict
    const twice = signCheckpoint({ ...old, at: new Date().toISOString() }, key.privateKey);
    const extra = path.join(dir, 'extra.jsonl');
    fs.writeFileSync(extra, [claimed, twice].map((c) => JSON.stringify(c)).join('\n') + '\n');
    // a forged row in the table, only there, agreeing with the chain: only the full walk sees it
    const [below] = await db.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog).where(sql`${auditLog.seq} = ${cps[0].seq - 1}`);
    const agreeing = signCheckpoint({ ...cps[0], seq: below.seq, hash: below.hash }, otherKey.privateKey);
    const files = [
      { name: file, content: readCheckpointFile(file) },
      { name: extra, content: readCheckpointFile(extra) },
    ];

    const { full, sampled } = await undone(db, async (tx) => {
      await tx.insert(auditCheckpoints).values({ seq: agreeing.seq, headHash: agreeing.hash, at: new Date(agreeing.at), legacy: agreeing.legacy, publicKey: agreeing.publicKey, signature: agreeing.signature });
      return {
        full: await measured(() => verifyAuditTrail(tx, { publicKey: key.publicKey, files })),
        sampled: await verifyAuditTrail(tx, { publicKey: key.publicKey, files, signatures: 'findings' }),
      };
    });
    const trail = full.value;
    console.info(`full verify of ${trail.signaturesChecked} signatures: ${full.ms.toFixed(0)} ms; event loop busy at most ${full.maxBusyMs.toFixed(1)} ms CPU, longest gap ${full.maxGapMs.toFixed(1)} ms wall (histogram max ${full.histMaxMs.toFixed(1)} ms)`);
    // table and file hold the same COUNT: each verified once, plus the three others
    expect(trail.signaturesChecked).toBe(COUNT + 3);
    expect(trail.problems.map((p) => [p.code, p.seq])).toEqual([
      ['checkpoint-missing-in-table', claimed.seq],
      ['checkpoint-missing-in-table', twice.seq],
      ['checkpoint-signature-invalid', agreeing.seq],
      ['checkpoint-signature-invalid', claimed.seq],
      ['checkpoint-conflict', old.seq],
    ]);
    expect(trail.problems.find((p) => p.code === 'checkpoint-signature-invalid')!.message).toContain('数据库表 audit_checkpoints');
    expect(trail.problems.find((p) => p.code === 'checkpoint-conflict')!.message).toContain(extra);
    expect(trail).toMatchObject({ ok: false, checkpoints: COUNT + 1, unverified: 0, latest: { seq: cps[COUNT - 1].seq } });
    expect(full.maxBusyMs).toBeLessThan(MAX_BLOCK_MS);
    expect(full.ms).toBeLessThan(COUNT * 20);

    // the API's sampling finds the same except the forgery that agrees with the chain, and says what it left
    expect(sampled.problems.map((p) => [p.code, p.seq])).toEqual(trail.problems.map((p) => [p.code, p.seq]).filter(([, seq]) => seq !== agreeing.seq));
    // accepted: the COUNT, the second signature at old.seq and the agreeing forgery; checked: the newest,
    // and both contents at old.seq and at claimed.seq (a seq with two contents has each checked)
    expect(sampled).toMatchObject({ checkpoints: COUNT + 2, unverified: COUNT - 2, signaturesChecked: 5 });
  });
});
