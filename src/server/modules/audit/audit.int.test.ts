import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../db/client.js';
import { migrate } from '../../db/migrate.js';
import { sql } from 'drizzle-orm';
import { as, createTestContext, scalar, type TestClient, type TestContext } from '../../testing/harness.js';
import { appendAuditStandalone, verifyAuditLog } from '../../platform/audit.js';

let ctx: TestContext;
let admin: TestClient;
beforeAll(async () => {
  ctx = await createTestContext();
  admin = await as(ctx.app, 'sheng.admin');
});
afterAll(async () => ctx?.close());

describe('audit log (X-1)', () => {
  it('records who, for which organisation, when, what changed from what to what, and why', async () => {
    const org = (await admin.get(`/api/v1/orgs/${ctx.ids.orgs['山东省农业农村厅']}`)).body;
    await admin.patch(`/api/v1/orgs/${org.id}`, { version: org.version, region: '济南市历下区', reason: '办公地址变更' });
    const res = await admin.get(`/api/v1/audit?entityType=organisation&entityId=${org.id}`);
    const entry = res.body.items.find((e: { action: string }) => e.action === 'org.update');
    expect(entry).toMatchObject({
      actorUserId: ctx.ids.users['sheng.admin'],
      orgId: org.id,
      orgName: '山东省农业农村厅',
      before: { region: null },
      after: { region: '济南市历下区' },
      reason: '办公地址变更',
    });
    expect(entry.actorName).toContain('李明');
    expect(new Date(entry.at).getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('verifies an intact chain through the API', async () => {
    const res = await admin.get('/api/v1/audit/verify');
    expect(res.body.ok).toBe(true);
    expect(res.body.checked).toBeGreaterThan(50);
  });

  it('refuses UPDATE, DELETE and TRUNCATE on the audit table at the database', async () => {
    const refused = async (q: ReturnType<typeof sql>) => {
      const err = await ctx.database.db.execute(q).then(() => null, (e: Error & { cause?: Error }) => e);
      return `${err?.message} ${err?.cause?.message}`;
    };
    expect(await refused(sql`UPDATE audit_log SET reason = 'x' WHERE seq = 1`)).toMatch(/append-only \(UPDATE refused\)/);
    expect(await refused(sql`DELETE FROM audit_log WHERE seq = 1`)).toMatch(/append-only \(DELETE refused\)/);
    expect(await refused(sql`TRUNCATE audit_log`)).toMatch(/append-only \(TRUNCATE refused\)/);
  });

  it('shows a county administrator only the entries of its own subtree', async () => {
    const county = await as(ctx.app, 'pingyin.admin');
    const res = await county.get('/api/v1/audit?limit=100');
    expect(res.status).toBe(200);
    const orgs = new Set(res.body.items.map((e: { orgName: string }) => e.orgName));
    expect([...orgs].every((n) => n === '平阴县科学技术协会' || n === '平阴县农业技术推广协会')).toBe(true);
  });

  it('keeps one unbroken chain under concurrent writers', async () => {
    const ids = ['山东省科学技术厅', '山东省工业和信息化厅', '山东省卫生健康委员会', '山东省市场监督管理局', '济南市科学技术局', '济南市工业和信息化局', '青岛市科学技术局'].map(
      (n) => ctx.ids.orgs[n],
    );
    const before = await scalar(ctx.database.db, sql`SELECT count(*) AS n FROM audit_log`);
    const rounds = await Promise.all(
      ids.flatMap((id) =>
        [1, 2, 3].map(async (i) => {
          const cur = (await admin.get(`/api/v1/orgs/${id}`)).body;
          return admin.patch(`/api/v1/orgs/${id}`, { version: cur.version, contactName: `联系人${i}` });
        }),
      ),
    );
    const ok = rounds.filter((r) => r.status === 200).length;
    expect(ok).toBeGreaterThanOrEqual(ids.length);
    expect(rounds.every((r) => r.status === 200 || r.status === 409)).toBe(true);
    expect(await scalar(ctx.database.db, sql`SELECT count(*) AS n FROM audit_log`)).toBe(before + ok);
    expect((await verifyAuditLog(ctx.database.db)).ok).toBe(true);
    const forks = await scalar(ctx.database.db, sql`SELECT count(*) AS n FROM (SELECT prev_hash FROM audit_log GROUP BY prev_hash HAVING count(*) > 1) f`);
    expect(forks).toBe(0);
  });

  it('names the first altered entry when a row is changed behind the trigger\'s back', async () => {
    // A superuser can switch the trigger off; the hash chain still tells.
    await ctx.database.db.execute(sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete`);
    await ctx.database.db.execute(sql`UPDATE audit_log SET reason = '篡改' WHERE seq = 7`);
    await ctx.database.db.execute(sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete`);
    const res = await verifyAuditLog(ctx.database.db);
    expect(res).toMatchObject({ ok: false, firstBrokenSeq: 7, reason: 'hash-mismatch' });
    const api = await admin.get('/api/v1/audit/verify');
    expect(api.body.firstBrokenSeq).toBe(7);
  });
});

describe('npm run audit:verify', () => {
  it('reports an intact log and exits 0; names the first broken entry and exits 1', async () => {
    // The CLI opens the embedded database of a data directory, as an operator would.
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cj-audit-cli-'));
    try {
      const database = await openDatabase({ dataDir: path.join(dataDir, 'pglite') });
      await migrate(database.db);
      const who = { actorUserId: null, actorName: '测试', actorOrgId: null, ip: null, requestId: null };
      for (let i = 1; i <= 5; i++) await appendAuditStandalone(database.db, who, { action: `test.${i}`, after: { i } });
      await database.close();
      const run = () => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/audit-verify.ts'], { env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' }, encoding: 'utf8' });
      const intact = run();
      expect(intact.status, intact.stderr).toBe(0);
      expect(intact.stdout).toContain('共校验 5 条');
      const again = await openDatabase({ dataDir: path.join(dataDir, 'pglite') });
      await again.db.execute(sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete`);
      await again.db.execute(sql`UPDATE audit_log SET after = '{"i": 99}' WHERE seq = 3`);
      await again.close();
      const broken = run();
      expect(broken.status).toBe(1);
      expect(broken.stderr).toContain('第一条断裂的记录是第 3 条');
      expect(broken.stderr).toContain('test.3');
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
