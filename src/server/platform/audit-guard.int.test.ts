// X-1 (issue 10 §4): a superuser can switch the audit table's append-only trigger off
// (session_replication_role = replica, DISABLE TRIGGER); the README tells a deployment to connect
// the application as a role that cannot. This runs the README's SQL as written (names made unique)
// on PostgreSQL and shows: the application starts and audits as that role, cannot get around the
// trigger, and the start-up check (auditGuardWarnings) is silent for it and warns for a superuser,
// a member of one, the tables' owner and a role given SET on the parameter.
import { describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../db/client.js';
import { migrate } from '../db/migrate.js';
import { appendAuditStandalone, auditGuardWarnings } from './audit.js';
import { auditCheckpointKey, createAuditCheckpoint, verifyAuditTrail } from './audit-checkpoint.js';
import { TEST_KEY } from '../testing/harness.js';

const base = process.env.TEST_DATABASE_URL;
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');

/** The README's two SQL blocks of the "Audit log" section, as statements. */
function readmeSql(): { asSuperuser: string[]; asOwner: string[] } {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Audit log'));
  const blocks = [...section.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) =>
    m[1]
      .split(/;\s*\n/)
      .map((s) => s.replace(/--.*$/gm, '').trim().replace(/;$/, ''))
      .filter(Boolean),
  );
  expect(blocks.length).toBeGreaterThanOrEqual(2);
  return { asSuperuser: blocks[0], asOwner: blocks[1] };
}

const urlFor = (user: string, db: string) => {
  const u = new URL(base!);
  u.username = user;
  u.password = '';
  u.pathname = `/${db}`;
  return u.toString();
};

async function query(url: string, statements: string[]) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    for (const s of statements) await c.query(s);
  } finally {
    await c.end();
  }
}

const refusal = async (db: Database['db'], q: string) =>
  db.execute(sql.raw(q)).then(
    () => 'allowed',
    (e: Error & { cause?: Error }) => `${e.message} ${e.cause?.message ?? ''}`,
  );

describe('the application role cannot get around the append-only audit table (README, "Audit log")', () => {
  it.skipIf(!base)('as the README sets it up: starts, audits, signs; cannot switch the trigger off; warnings only for roles that could', async () => {
    const tag = crypto.randomBytes(4).toString('hex');
    const owner = `cjt_own_${tag}`;
    const app = `cjt_app_${tag}`;
    const member = `cjt_mem_${tag}`;
    const dbName = `cj_test_${tag}`;
    const name = (s: string) =>
      s
        .replace(/\bchengjie_owner\b/g, owner)
        .replace(/CREATE DATABASE chengjie\b/g, `CREATE DATABASE ${dbName}`)
        .replace(/\bchengjie\b/g, app);
    const { asSuperuser, asOwner } = readmeSql();
    const opened: Database[] = [];
    const open = async (user: string) => {
      const d = await openDatabase({ url: urlFor(user, dbName), poolSize: 2 });
      opened.push(d);
      return d;
    };
    try {
      await query(base!, asSuperuser.map(name));
      // `npm run migrate` as the owner, then the owner's grants
      const ownerDb = await open(owner);
      await migrate(ownerDb.db);
      await query(urlFor(owner, dbName), asOwner.map(name));

      const appDb = await open(app);
      expect(await migrate(appDb.db)).toEqual([]); // start-up with nothing pending works without CREATE rights
      expect(await auditGuardWarnings(appDb)).toEqual([]);
      const who = { actorUserId: null, actorName: '应用（app）', actorOrgId: null, ip: null, requestId: null };
      for (let i = 1; i <= 3; i++) await appendAuditStandalone(appDb.db, who, { action: `role.${i}` });
      const key = auditCheckpointKey(TEST_KEY);
      expect((await createAuditCheckpoint(appDb.db, { key, file: null })).status).toBe('signed');
      expect((await verifyAuditTrail(appDb.db, { publicKey: key.publicKey, files: [] })).ok).toBe(true);
      // what a superuser would do, refused to this role
      expect(await refusal(appDb.db, `SET session_replication_role = replica`)).toMatch(/permission denied to set parameter "session_replication_role"/);
      expect(await refusal(appDb.db, `ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete`)).toMatch(/must be owner of table audit_log/);
      expect(await refusal(appDb.db, `DROP TRIGGER audit_log_no_update_delete ON audit_log`)).toMatch(/must be owner of (table|relation) audit_log/);
      expect(await refusal(appDb.db, `DROP TABLE audit_checkpoints`)).toMatch(/must be owner of table audit_checkpoints/);
      expect(await refusal(appDb.db, `UPDATE audit_log SET reason = 'x' WHERE seq = 1`)).toMatch(/permission denied for table audit_log/);
      expect(await refusal(appDb.db, `DELETE FROM audit_checkpoints`)).toMatch(/permission denied for table audit_checkpoints/);
      // … while its ordinary tables are writable
      expect(await refusal(appDb.db, `DELETE FROM sessions WHERE false`)).toBe('allowed');

      // the start-up warnings name each way around the trigger
      expect((await auditGuardWarnings(ownerDb)).join('\n')).toContain('audit-guard: owner');
      const superDb = await openDatabase({ url: urlFor(new URL(base!).username || 'postgres', dbName), poolSize: 1 });
      opened.push(superDb);
      expect((await auditGuardWarnings(superDb)).join('\n')).toContain('audit-guard: superuser');
      const superuser = new URL(base!).username || 'postgres';
      await query(base!, [`CREATE ROLE ${member} LOGIN`, `GRANT ${superuser} TO ${member}`]);
      expect((await auditGuardWarnings(await open(member))).join('\n')).toContain('audit-guard: superuser');
      await query(base!, [`GRANT SET ON PARAMETER session_replication_role TO ${app}`]);
      const granted = await open(app);
      expect((await auditGuardWarnings(granted)).join('\n')).toContain('audit-guard: set-parameter');
    } finally {
      for (const d of opened) await d.close().catch(() => undefined);
      await query(base!, [
        `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`,
        `DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${app}') THEN REVOKE SET ON PARAMETER session_replication_role FROM ${app}; END IF; END $$`,
        `DROP ROLE IF EXISTS ${member}`,
        `DROP ROLE IF EXISTS ${app}`,
        `DROP ROLE IF EXISTS ${owner}`,
      ]);
    }
  });
});
