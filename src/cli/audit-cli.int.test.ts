// `npm run audit:checkpoint` and `npm run audit:verify` as an operator runs them (X-1, issue 10 §4):
// their exit codes — 0 intact / signed, 1 broken / refused, 2 could not run — and their lines. On
// the embedded database of a data directory, or on a database of its own on PostgreSQL when
// TEST_DATABASE_URL is set.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../server/db/client.js';
import { migrate } from '../server/db/migrate.js';
import { appendAuditStandalone } from '../server/platform/audit.js';
import { auditCheckpointKey, readCheckpointFile, signCheckpoint } from '../server/platform/audit-checkpoint.js';
import { TEST_KEY } from '../server/testing/harness.js';

const base = process.env.TEST_DATABASE_URL;
let dataDir: string;
let url: string | undefined;
let dbName: string | undefined;

async function withDb<T>(fn: (db: Database['db']) => Promise<T>): Promise<T> {
  // The embedded database admits one process: opened only while the CLI is not running.
  const database = await openDatabase(url ? { url, poolSize: 2 } : { dataDir: path.join(dataDir, 'pglite') });
  try {
    return await fn(database.db);
  } finally {
    await database.close();
  }
}

function run(script: 'audit-verify' | 'audit-checkpoint', opts: { args?: string[]; env?: Record<string, string> } = {}) {
  const res = spawnSync(process.execPath, ['--import', 'tsx', `src/cli/${script}.ts`, ...(opts.args ?? [])], {
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: url ?? '', DATA_KEY: '', ...opts.env },
    encoding: 'utf8',
  });
  return { status: res.status, out: res.stdout, err: res.stderr };
}

const keyFile = () => path.join(dataDir, 'data.key');
const who = { actorUserId: null, actorName: '运维（ops）', actorOrgId: null, ip: null, requestId: null };

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cj-audit-cli-'));
  if (base) {
    dbName = `cj_test_${crypto.randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    const u = new URL(base);
    u.pathname = `/${dbName}`;
    url = u.toString();
  }
  await withDb(async (db) => {
    await migrate(db);
    for (let i = 1; i <= 5; i++) await appendAuditStandalone(db, who, { action: `cli.${i}`, after: { i } });
  });
});

afterAll(async () => {
  fs.rmSync(dataDir, { recursive: true, force: true });
  if (base && dbName) {
    const a = new pg.Client({ connectionString: base });
    await a.connect();
    await a.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await a.end();
  }
});

describe('npm run audit:checkpoint / audit:verify (X-1)', () => {
  it('refuses to sign without the data key (exit 2): never a fresh key', () => {
    const r = run('audit-checkpoint');
    expect(r.status, r.err).toBe(2);
    expect(r.err).toContain('找不到数据密钥');
    expect(fs.existsSync(keyFile())).toBe(false);
  });

  it('signs the head into the table and the file (exit 0); verify then agrees with it (exit 0)', async () => {
    fs.writeFileSync(keyFile(), TEST_KEY.toString('hex') + '\n', { mode: 0o600 });
    const signed = run('audit-checkpoint');
    expect(signed.status, signed.err).toBe(0);
    expect(signed.out).toContain('已签署审计检查点：第 5 条');
    const line = JSON.parse(signed.out.trim().split('\n').pop()!) as { auditCheckpoint: { seq: number; publicKey: string } };
    expect(line.auditCheckpoint).toMatchObject({ seq: 5, publicKey: auditCheckpointKey(TEST_KEY).publicKey });
    expect(readCheckpointFile(path.join(dataDir, 'audit-checkpoints.jsonl')).checkpoints).toEqual([line.auditCheckpoint]);

    const verified = run('audit-verify');
    expect(verified.status, verified.err).toBe(0);
    expect(verified.out).toContain('共校验 5 条，哈希链无断裂；与最新检查点（第 5 条');
  });

  it('cannot check signed checkpoints without the key (exit 2); an unknown argument is exit 2', () => {
    fs.renameSync(keyFile(), `${keyFile()}.away`);
    try {
      const r = run('audit-verify');
      expect(r.status).toBe(2);
      expect(r.err).toMatch(/存在 2 个审计检查点，但找不到数据密钥/); // the table's and the file's
    } finally {
      fs.renameSync(`${keyFile()}.away`, keyFile());
    }
    expect(run('audit-verify', { args: ['--bogus'] }).status).toBe(2);
  });

  it('a forged checkpoint in a copy given with --checkpoints is reported (exit 1)', () => {
    const other = auditCheckpointKey(crypto.randomBytes(32));
    const forged = signCheckpoint({ seq: 9, hash: 'e'.repeat(64), at: new Date().toISOString(), legacy: null, publicKey: other.publicKey }, other.privateKey);
    const copy = path.join(dataDir, 'remote-copy.jsonl');
    fs.writeFileSync(copy, JSON.stringify({ level: 30, job: 'audit-checkpoint', result: { auditCheckpoint: forged } }) + '\n');
    const r = run('audit-verify', { args: ['--checkpoints', copy] });
    expect(r.status).toBe(1);
    expect(r.err).toContain('checkpoint-signature-invalid');
  });

  it('the last rows deleted below the checkpoint: verify exit 1 with a clear line, and nothing more is signed (exit 1)', async () => {
    await withDb(async (db) => {
      await db.transaction(async (tx) => {
        await tx.execute(sql`SET LOCAL session_replication_role = replica`);
        await tx.execute(sql`DELETE FROM audit_log WHERE seq >= 4`);
      });
      await appendAuditStandalone(db, who, { action: 'cli.after-truncation' }); // seq 4 again, hashed onto 3
    });
    const r = run('audit-verify');
    expect(r.status).toBe(1);
    expect(r.err).toContain('审计日志被截断：');
    expect(r.err).toContain('签名的检查点记录至第 5 条，数据库中现在只有 4 条（audit-truncated');
    expect(r.out).toContain('共校验 4 条，哈希链无断裂'); // the chain alone holds
    const refused = run('audit-checkpoint');
    expect(refused.status).toBe(1);
    expect(refused.err).toContain('拒绝签署审计检查点');
  });

  it('a database that cannot be reached is exit 2', () => {
    const r = run('audit-verify', { env: { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' } });
    expect(r.status).toBe(2);
    expect(r.err).toContain('无法校验审计日志');
  });
});
