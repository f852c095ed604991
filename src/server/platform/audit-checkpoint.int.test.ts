// X-1 (issue 10 §4): every column of an audit row is inside its hash, and the signed checkpoints
// of the chain head make truncation, wholesale recomputation and forged checkpoints visible. On the
// demo database of the harness (PGlite, or PostgreSQL with TEST_DATABASE_URL). Tampering runs as a
// superuser would, behind the trigger's back (session_replication_role = replica), inside a
// transaction that is rolled back, so each test starts from the intact chain.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { desc, sql } from 'drizzle-orm';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { as, createTestContext, scalar, TEST_KEY, type TestContext } from '../testing/harness.js';
import { buildApp } from '../app.js';
import { fileStoreFor } from './files.js';
import { openDatabase, type Database, type DbOrTx } from '../db/client.js';
import { listMigrations, migrate } from '../db/migrate.js';
import { auditCheckpoints, auditLog } from '../db/schema.js';
import { appendAudit, appendAuditStandalone, auditGuardWarnings, verifyAuditLog, type AuditWho } from './audit.js';
import {
  auditCheckpointJob,
  auditCheckpointKey,
  AuditCheckpointError,
  createAuditCheckpoint,
  readCheckpointFile,
  signCheckpoint,
  verifyAuditTrail,
  type AuditCheckpoint,
} from './audit-checkpoint.js';
import { computeAuditHash, GENESIS_HASH } from './crypto/audit-chain.js';
import { startJobRunner } from './jobs.js';

const key = auditCheckpointKey(TEST_KEY);
const otherKey = auditCheckpointKey(crypto.randomBytes(32));
const who: AuditWho = { actorUserId: null, actorName: '测试（test）', actorOrgId: null, ip: '127.0.0.1', requestId: null };

let ctx: TestContext;
let dir: string;
beforeAll(async () => {
  ctx = await createTestContext();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cj-audit-cp-'));
});
afterAll(async () => {
  await ctx?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const ROLLBACK = new Error('rollback');
/** Runs `fn` as a superuser who switched the triggers off, then undoes everything it did. */
async function behindTriggers<T>(db: Database['db'], fn: (tx: DbOrTx) => Promise<T>): Promise<T> {
  let out: T | undefined;
  await db
    .transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL session_replication_role = replica`);
      out = await fn(tx);
      throw ROLLBACK;
    })
    .catch((e: unknown) => {
      if (e !== ROLLBACK) throw e;
    });
  return out as T;
}

const rowsOf = async <T>(db: DbOrTx, q: ReturnType<typeof sql>) => ((await db.execute(q)) as unknown as { rows: T[] }).rows;
const fileOf = (name: string) => ({ name, content: readCheckpointFile(name) });
const headOf = async (db: DbOrTx) => (await db.select().from(auditLog).orderBy(desc(auditLog.seq)).limit(1))[0];

describe('every column of an audit row is inside its hash (X-1)', () => {
  it('a change of any column of a row — whatever columns the table has — is reported at that row', async () => {
    const db = ctx.database.db;
    const [target] = await rowsOf<{ seq: number }>(
      db,
      sql`SELECT seq FROM audit_log WHERE actor_name IS NOT NULL AND org_path IS NOT NULL AND "after" IS NOT NULL ORDER BY seq DESC LIMIT 1 OFFSET 3`,
    );
    const k = Number(target.seq);
    const columns = await rowsOf<{ column_name: string; data_type: string }>(
      db,
      sql`SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'audit_log' AND table_schema = current_schema() ORDER BY ordinal_position`,
    );
    expect(columns.map((c) => c.column_name)).toEqual(expect.arrayContaining(['actor_name', 'org_path', 'hash_version']));
    const other = ['aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'];
    // One or more changes per type; a column of a type not listed here fails the test, so a new
    // column cannot be added without showing that its changes are caught too.
    const changes = (col: string, type: string): string[] => {
      const c = `"${col}"`;
      switch (type) {
        case 'text':
          return [`${c} = coalesce(${c}, '') || '篡'`];
        case 'uuid':
          return [`${c} = CASE WHEN ${c} = '${other[0]}' THEN '${other[1]}'::uuid ELSE '${other[0]}'::uuid END`];
        case 'jsonb':
          return [`${c} = jsonb_build_array(${c})`];
        case 'timestamp with time zone':
          return [`${c} = ${c} + interval '1 millisecond'`, `${c} = ${c} + interval '1 microsecond'`];
        case 'integer':
          return [`${c} = ${c} - 1`, `${c} = ${c} + 1`];
        case 'bigint':
          return [`${c} = ${c} + 1000000`];
        default:
          throw new Error(`no change defined for column ${col} of type ${type}`);
      }
    };
    let tried = 0;
    for (const { column_name, data_type } of columns) {
      for (const change of changes(column_name, data_type)) {
        const res = await behindTriggers(db, async (tx) => {
          await tx.execute(sql.raw(`UPDATE audit_log SET ${change} WHERE seq = ${k}`));
          return verifyAuditLog(tx);
        });
        expect(res.ok, `${change}`).toBe(false);
        // moving the row away (seq) is seen at its own place or at the next row
        if (column_name === 'seq') expect([k, k + 1], change).toContain(res.firstBrokenSeq);
        else expect(res.firstBrokenSeq, change).toBe(k);
        tried += 1;
      }
    }
    expect(tried).toBeGreaterThanOrEqual(19);
  });
});

describe('signed checkpoints of the chain head (X-1)', () => {
  let file: string;
  let cp: AuditCheckpoint;
  beforeAll(async () => {
    file = path.join(dir, 'main', 'audit-checkpoints.jsonl');
    const out = await createAuditCheckpoint(ctx.database.db, { key, file });
    expect(out.status).toBe('signed');
    cp = (out as { checkpoint: AuditCheckpoint }).checkpoint;
  });

  it('signs the head once into the table and the file; again only when the head has moved', async () => {
    const head = await headOf(ctx.database.db);
    expect(cp).toMatchObject({ seq: head.seq, hash: head.hash, publicKey: key.publicKey, legacy: null });
    expect(await createAuditCheckpoint(ctx.database.db, { key, file })).toEqual({ status: 'unchanged', seq: head.seq });
    expect(readCheckpointFile(file).checkpoints).toEqual([cp]);
    expect(await scalar(ctx.database.db, sql`SELECT count(*) AS n FROM audit_checkpoints`)).toBe(1);
    const trail = await verifyAuditTrail(ctx.database.db, { publicKey: key.publicKey, files: [fileOf(file)] });
    expect(trail).toMatchObject({ ok: true, problems: [], checkpoints: 1, latest: cp, onlyInTable: 0 });
  });

  it('the checkpoint table refuses UPDATE, DELETE and TRUNCATE like the log', async () => {
    const refused = async (q: ReturnType<typeof sql>) => {
      const err = await ctx.database.db.execute(q).then(() => null, (e: Error & { cause?: Error }) => e);
      return `${err?.message} ${err?.cause?.message}`;
    };
    expect(await refused(sql`UPDATE audit_checkpoints SET head_hash = 'x'`)).toMatch(/audit_checkpoints is append-only \(UPDATE refused\)/);
    expect(await refused(sql`DELETE FROM audit_checkpoints`)).toMatch(/audit_checkpoints is append-only \(DELETE refused\)/);
    expect(await refused(sql`TRUNCATE audit_checkpoints`)).toMatch(/audit_checkpoints is append-only \(TRUNCATE refused\)/);
  });

  it('deleting the last rows below the checkpoint is reported (the chain alone is intact)', async () => {
    const trail = await behindTriggers(ctx.database.db, async (tx) => {
      await tx.execute(sql`DELETE FROM audit_log WHERE seq > ${cp.seq - 3}`);
      expect((await verifyAuditLog(tx)).ok).toBe(true); // what the hash chain alone cannot see
      return verifyAuditTrail(tx, { publicKey: key.publicKey, files: [fileOf(file)] });
    });
    expect(trail.ok).toBe(false);
    expect(trail.problems).toEqual([expect.objectContaining({ code: 'audit-truncated', seq: cp.seq })]);
    expect(trail.problems[0].message).toContain(`审计日志被截断：${cp.at} 签名的检查点记录至第 ${cp.seq} 条，数据库中现在只有 ${cp.seq - 3} 条`);
  });

  it('recomputing the chain with the published algorithm after a change is reported at the checkpoint', async () => {
    const res = await behindTriggers(ctx.database.db, async (tx) => {
      // Change the actor of an entry five rows back and re-hash every row from there on.
      const rows = await tx.select().from(auditLog).where(sql`${auditLog.seq} > ${cp.seq - 5}`).orderBy(auditLog.seq);
      const [prev] = await tx.select({ hash: auditLog.hash }).from(auditLog).where(sql`${auditLog.seq} = ${cp.seq - 5}`);
      let prevHash = prev.hash;
      for (const [i, r] of rows.entries()) {
        const row = { ...r, at: r.at.toISOString(), actorName: i === 0 ? '王五（wang）' : r.actorName, prevHash };
        const hash = computeAuditHash(prevHash, row);
        await tx.execute(sql`UPDATE audit_log SET actor_name = ${row.actorName}, prev_hash = ${prevHash}, hash = ${hash} WHERE seq = ${r.seq}`);
        prevHash = hash;
      }
      const chain = await verifyAuditLog(tx);
      const trail = await verifyAuditTrail(tx, { publicKey: key.publicKey, files: [fileOf(file)] });
      const signing = await createAuditCheckpoint(tx, { key, file: null }).catch((e: unknown) => e);
      return { chain, trail, signing };
    });
    expect(res.chain.ok).toBe(true); // the recomputed chain holds together …
    expect(res.trail.ok).toBe(false); // … but not with the signed head
    expect(res.trail.problems).toEqual([expect.objectContaining({ code: 'audit-rewritten', seq: cp.seq })]);
    expect(res.trail.problems[0].message).toMatch(/审计日志被改写或整体重算：第 \d+ 条的哈希 [0-9a-f]{64} 与 .* 签名的检查点 [0-9a-f]{64} 不符/);
    // and the job will not sign the rewritten head
    expect(res.signing).toBeInstanceOf(AuditCheckpointError);
    expect((res.signing as AuditCheckpointError).code).toBe('audit-rewritten');
  });

  it('a checkpoint signed with another key, or ours altered, is refused wherever it is kept', async () => {
    const head = await headOf(ctx.database.db);
    const forged = signCheckpoint({ seq: head.seq + 5, hash: 'f'.repeat(64), at: new Date().toISOString(), legacy: null, publicKey: otherKey.publicKey }, otherKey.privateKey);
    // claiming the platform's public key does not help without its private key
    const claimed = signCheckpoint({ ...forged, publicKey: key.publicKey }, otherKey.privateKey);
    const altered = { ...cp, seq: cp.seq + 1 };
    const forgedFile = path.join(dir, 'forged.jsonl');
    fs.writeFileSync(forgedFile, [forged, claimed, altered].map((c) => JSON.stringify(c)).join('\n') + '\n');
    const fromFile = await verifyAuditTrail(ctx.database.db, { publicKey: key.publicKey, files: [fileOf(file), fileOf(forgedFile)] });
    expect(fromFile.ok).toBe(false);
    const invalid = fromFile.problems.filter((p) => p.code === 'checkpoint-signature-invalid');
    expect(invalid.map((p) => p.seq)).toEqual([head.seq + 5, head.seq + 5, cp.seq + 1]);
    expect(invalid[0].message).toContain('签名无效或不是本平台密钥所签');
    // none of them counts as a checkpoint: no truncation is claimed from the forged seq
    expect(fromFile.problems.some((p) => p.code === 'audit-truncated')).toBe(false);

    const inTable = await behindTriggers(ctx.database.db, async (tx) => {
      await tx.insert(auditCheckpoints).values({ seq: forged.seq, headHash: forged.hash, at: new Date(forged.at), legacy: null, publicKey: forged.publicKey, signature: forged.signature });
      const trail = await verifyAuditTrail(tx, { publicKey: key.publicKey, files: [fileOf(file)] });
      const signing = await createAuditCheckpoint(tx, { key, file: null }).catch((e: unknown) => e);
      return { trail, signing };
    });
    expect(inTable.trail.problems).toEqual([expect.objectContaining({ code: 'checkpoint-signature-invalid', seq: forged.seq })]);
    expect((inTable.signing as AuditCheckpointError).code).toBe('checkpoint-signature-invalid');
  });

  it('a checkpoint the file has and the table lost is reported, and the job refuses to go on', async () => {
    await appendAuditStandalone(ctx.database.db, who, { action: 'test.after-checkpoint' });
    const second = await createAuditCheckpoint(ctx.database.db, { key, file });
    expect(second.status).toBe('signed');
    const res = await behindTriggers(ctx.database.db, async (tx) => {
      await tx.execute(sql`DELETE FROM audit_checkpoints WHERE seq > ${cp.seq}`);
      const trail = await verifyAuditTrail(tx, { publicKey: key.publicKey, files: [fileOf(file)] });
      const signing = await createAuditCheckpoint(tx, { key, file }).catch((e: unknown) => e);
      return { trail, signing };
    });
    expect(res.trail.problems).toEqual([expect.objectContaining({ code: 'checkpoint-missing-in-table', seq: cp.seq + 1 })]);
    expect((res.signing as AuditCheckpointError).code).toBe('checkpoint-missing-in-table');
    expect(readCheckpointFile(file).checkpoints).toHaveLength(2);
  });

  it('log lines are read as checkpoints (`--checkpoints` with a shipped log)', async () => {
    const job = auditCheckpointJob(ctx.database.db, { key, file: null });
    await appendAuditStandalone(ctx.database.db, who, { action: 'test.for-log' });
    const result = (await job.run(new Date())) as { auditCheckpoint: AuditCheckpoint };
    const logFile = path.join(dir, 'app.log');
    // what pino writes for the job runner's line: { level, time, job, ms, result, msg }
    fs.writeFileSync(logFile, `${JSON.stringify({ level: 30, time: Date.now(), msg: 'request' })}\n${JSON.stringify({ level: 30, job: 'audit-checkpoint', ms: 3, result, msg: '定时任务完成' })}\n`);
    const parsed = readCheckpointFile(logFile);
    expect(parsed.checkpoints).toEqual([result.auditCheckpoint]);
    expect(parsed.malformed).toEqual([1]);
    const trail = await verifyAuditTrail(ctx.database.db, { publicKey: key.publicKey, files: [fileOf(file), fileOf(logFile)] });
    expect(trail.ok).toBe(true);
    expect(trail.latest?.seq).toBe(result.auditCheckpoint.seq);
    expect(trail.notes).toContain(`${logFile} 中有 1 行不是检查点，已忽略（第 1 行）（checkpoint-file-malformed）`);
  });
});

describe('the periodic job on several processes (X-1)', () => {
  it('two job runners on two pools (two machines, each with its own file) sign each head once', async () => {
    // Two connections to one database: a second pool on PostgreSQL; on PGlite the one instance
    // (the embedded database admits one process).
    let second: Database | null = null;
    if (ctx.driver === 'postgres') {
      const [{ db: name }] = await rowsOf<{ db: string }>(ctx.database.db, sql`SELECT current_database() AS db`);
      const u = new URL(process.env.TEST_DATABASE_URL!);
      u.pathname = `/${name}`;
      second = await openDatabase({ url: u.toString(), poolSize: 5 });
    }
    const dbs = [ctx.database.db, second?.db ?? ctx.database.db];
    const files = [path.join(dir, 'a', 'audit-checkpoints.jsonl'), path.join(dir, 'b', 'audit-checkpoints.jsonl')];
    const before = await scalar(ctx.database.db, sql`SELECT count(*) AS n FROM audit_checkpoints`);
    const errors: unknown[] = [];
    const log = { info: () => undefined, error: (o: object) => errors.push(o) };
    try {
      const runners = dbs.map((db, i) => startJobRunner({ jobs: [auditCheckpointJob(db, { key, file: files[i] })], intervalMs: 15, firstDelayMs: 0, log }));
      // writers on both pools while the jobs tick
      for (let round = 0; round < 12; round++) {
        await Promise.all(dbs.map((db, i) => appendAuditStandalone(db, who, { action: `test.job.${round}.${i}` })));
        await Promise.all(runners.map((r) => r.tick())); // both at once, on top of the timers
        await new Promise((r) => setTimeout(r, 10));
      }
      await Promise.all(runners.map((r) => r.stop()));
      await Promise.all(runners.map((r) => r.tick()));
    } finally {
      await second?.close();
    }
    expect(errors).toEqual([]);
    const table = await ctx.database.db.select().from(auditCheckpoints).orderBy(auditCheckpoints.seq);
    const head = await headOf(ctx.database.db);
    expect(table[table.length - 1]).toMatchObject({ seq: head.seq, headHash: head.hash });
    expect(table.length - before).toBeGreaterThanOrEqual(2);
    // every new checkpoint is in exactly one of the two files, and no file has one twice
    const inFiles = files.flatMap((f) => readCheckpointFile(f).checkpoints);
    expect(inFiles).toHaveLength(table.length - before);
    expect(new Set(inFiles.map((c) => c.seq)).size).toBe(inFiles.length);
    for (const c of inFiles) expect(table.some((t) => t.seq === c.seq && t.headHash === c.hash && t.signature === c.signature)).toBe(true);
    const trail = await verifyAuditTrail(ctx.database.db, { publicKey: key.publicKey, files: files.map(fileOf) });
    expect(trail).toMatchObject({ ok: true, problems: [] });
  });
});

/** A database of its own on the current driver (fresh, not the demo), closed and dropped by `done`. */
async function freshDatabase(): Promise<{ database: Database; url?: string; done(): Promise<void> }> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) {
    const database = await openDatabase({ pglite: await PGlite.create() });
    return { database, done: () => database.close() };
  }
  const name = `cj_test_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(base);
  u.pathname = `/${name}`;
  const database = await openDatabase({ url: u.toString(), poolSize: 5 });
  return {
    database,
    url: u.toString(),
    done: async () => {
      await database.close();
      const a = new pg.Client({ connectionString: base });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

describe('a log written before this version (hash version 1)', () => {
  it('old rows verify by the old rule and new rows by the new one; their uncovered columns are sealed by the first checkpoint', async () => {
    const fresh = await freshDatabase();
    try {
      const db = fresh.database.db;
      // The schema as it was before 0008, with rows hashed the old way (no actor_name, org_path).
      await db.transaction(async (tx) => {
        await tx.execute(sql`CREATE TABLE schema_migrations (tag text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
        for (const m of listMigrations().filter((x) => x.tag < '0008')) {
          for (const stmt of m.statements) await tx.execute(sql.raw(stmt));
          await tx.execute(sql`INSERT INTO schema_migrations (tag) VALUES (${m.tag})`);
        }
      });
      let prev = GENESIS_HASH;
      for (let seq = 1; seq <= 4; seq++) {
        const at = new Date(Date.UTC(2025, 0, 1, 8, 0, seq));
        const row = { seq, at: at.toISOString(), actorUserId: null, actorName: `旧操作人${seq}`, actorOrgId: null, orgId: null, orgPath: '1/', action: `old.${seq}`, entityType: null, entityId: null, before: null, after: { seq }, reason: null, ip: null, requestId: null, hashVersion: 1 };
        const hash = computeAuditHash(prev, row);
        await db.execute(sql`INSERT INTO audit_log (seq, at, actor_name, org_path, action, "after", prev_hash, hash) VALUES (${seq}, ${at}, ${row.actorName}, ${row.orgPath}, ${row.action}, ${JSON.stringify(row.after)}::jsonb, ${prev}, ${hash})`);
        prev = hash;
      }
      expect(await migrate(db)).toContain('0008_audit_checkpoints');
      for (let i = 1; i <= 3; i++) await appendAuditStandalone(db, who, { action: `new.${i}`, orgPath: '1/2/' });
      const versions = await rowsOf<{ v: number }>(db, sql`SELECT hash_version AS v FROM audit_log ORDER BY seq`);
      expect(versions.map((r) => Number(r.v))).toEqual([1, 1, 1, 1, 2, 2, 2]);
      expect(await verifyAuditLog(db)).toMatchObject({ ok: true, checked: 7 });

      // An old row's name: not in its hash (the old rule) — the chain alone cannot tell …
      const file = path.join(dir, 'legacy', 'audit-checkpoints.jsonl');
      const out = await createAuditCheckpoint(db, { key, file });
      expect(out.status === 'signed' && out.checkpoint.legacy).toMatchObject({ rows: 4 });
      const legacy = await behindTriggers(db, async (tx) => {
        await tx.execute(sql`UPDATE audit_log SET actor_name = '王五' WHERE seq = 2`);
        return { chain: await verifyAuditLog(tx), trail: await verifyAuditTrail(tx, { publicKey: key.publicKey, files: [fileOf(file)] }) };
      });
      expect(legacy.chain.ok).toBe(true);
      // … the checkpoint's seal can
      expect(legacy.trail.problems).toEqual([expect.objectContaining({ code: 'legacy-seal-mismatch' })]);
      // A new row's name is in its hash; a new row moved to the old rule is a break either way.
      const moved = await behindTriggers(db, async (tx) => {
        await tx.execute(sql`UPDATE audit_log SET actor_name = '王五' WHERE seq = 6`);
        const changed = await verifyAuditLog(tx);
        await tx.execute(sql`UPDATE audit_log SET hash_version = 1 WHERE seq = 6`);
        return { changed, downgraded: await verifyAuditLog(tx) };
      });
      expect(moved.changed).toMatchObject({ ok: false, firstBrokenSeq: 6, reason: 'hash-mismatch' });
      expect(moved.downgraded).toMatchObject({ ok: false, firstBrokenSeq: 6, reason: 'hash-version' });
      // no row can be written without a version (the default was dropped)
      const err = await db.execute(sql`INSERT INTO audit_log (seq, at, action, prev_hash, hash) VALUES (100, now(), 'x', 'x', 'x')`).then(() => null, (e: Error & { cause?: Error }) => `${e.message} ${e.cause?.message}`);
      expect(err).toMatch(/hash_version/);
    } finally {
      await fresh.done();
    }
  });
});

describe('start-up check of the database role (README, "Audit log")', () => {
  it('warns when the role could switch the trigger off; the embedded database has no roles to check', async () => {
    const warnings = await auditGuardWarnings(ctx.database);
    // the tests connect to PostgreSQL as a superuser (audit-guard.int.test.ts sets up the role that does not)
    if (ctx.driver === 'postgres') expect(warnings.join('\n')).toMatch(/是超级用户或超级用户的成员.*audit-guard: superuser/);
    else expect(warnings).toEqual([]);
  });
});

// the append inside a business transaction still writes version 2 with the name and the path
describe('appendAudit', () => {
  it('writes hash version 2 with the actor name and the organisation path inside the hash', async () => {
    const seq = await ctx.database.db.transaction((tx) => appendAudit(tx, who, { action: 'test.v2', orgPath: '1/9/' }));
    const [row] = await ctx.database.db.select().from(auditLog).where(sql`${auditLog.seq} = ${seq}`);
    expect(row).toMatchObject({ hashVersion: 2, actorName: '测试（test）', orgPath: '1/9/' });
    expect(computeAuditHash(row.prevHash, { ...row, at: row.at.toISOString() })).toBe(row.hash);
    expect(computeAuditHash(row.prevHash, { ...row, at: row.at.toISOString(), orgPath: '1/' })).not.toBe(row.hash);
  });
});

describe('on demand through the API (X-1)', () => {
  it('POST /api/v1/audit/checkpoints signs the head; GET /api/v1/audit/verify checks against the checkpoints', async () => {
    const plain = await as(ctx.app, 'sheng.admin');
    // an app built without the key (as the harness builds it) refuses to sign, and verifies the chain only
    const refused = await plain.post('/api/v1/audit/checkpoints', {});
    expect(refused.status).toBe(409);
    expect(refused.headers['content-type']).toMatch(/problem\+json/);
    expect(refused.body.detail).toContain('未配置审计检查点签名密钥');
    expect((await plain.get('/api/v1/audit/verify')).body).not.toHaveProperty('problems');

    const apiDir = path.join(dir, 'api');
    const keyed = await buildApp({ database: ctx.database, config: { ...ctx.config, dataDir: apiDir }, cipher: ctx.cipher, files: fileStoreFor(ctx.database, apiDir), auditKey: key });
    await keyed.ready();
    try {
      const admin = await as(keyed, 'sheng.admin');
      const signed = await admin.post('/api/v1/audit/checkpoints', {});
      expect(signed.status, JSON.stringify(signed.body)).toBe(201);
      const head = await headOf(ctx.database.db);
      expect(signed.body).toMatchObject({ status: 'signed', checkpoint: { seq: head.seq, hash: head.hash, publicKey: key.publicKey } });
      // a new checkpoint: its Location reads it back (issue 12 §1)
      expect(signed.headers.location).toBe(`/api/v1/audit/checkpoints/${head.seq}`);
      expect((await admin.get(String(signed.headers.location))).body).toEqual(signed.body.checkpoint);
      expect(readCheckpointFile(path.join(apiDir, 'audit-checkpoints.jsonl')).checkpoints).toEqual([signed.body.checkpoint]);
      expect((await admin.post('/api/v1/audit/checkpoints', {})).body).toMatchObject({ status: 'unchanged' });
      const verified = await admin.get('/api/v1/audit/verify');
      expect(verified.body).toMatchObject({ ok: true, problems: [], latest: { seq: head.seq } });
      // a problem is reported by the API too (last test of the file: the forged row stays)
      const forged = signCheckpoint({ seq: head.seq + 1, hash: 'd'.repeat(64), at: new Date().toISOString(), legacy: null, publicKey: otherKey.publicKey }, otherKey.privateKey);
      await ctx.database.db.insert(auditCheckpoints).values({ seq: forged.seq, headHash: forged.hash, at: new Date(forged.at), legacy: null, publicKey: forged.publicKey, signature: forged.signature });
      const after = await admin.get('/api/v1/audit/verify');
      expect(after.body).toMatchObject({ ok: false, problems: [{ code: 'checkpoint-signature-invalid', seq: head.seq + 1 }] });
    } finally {
      await keyed.close();
    }
  });
});

