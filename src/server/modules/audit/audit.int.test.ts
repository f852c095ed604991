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
import ExcelJS from 'exceljs';
import { auditColumns } from '../../../domain/audit/actions.js';

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

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
type Entry = Record<string, any>;
/** Today in Beijing, YYYY-MM-DD. */
const cstDay = (offsetDays = 0) => new Date(Date.now() + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);

describe('the audit log a person can read (X-1, issue 11 §4)', () => {
  const all = async (query = '') => {
    const out: Entry[] = [];
    let cursor: string | null = null;
    let total: number | undefined;
    do {
      // the total only when asked for (`count`, issue 12 §1): on the first page
      const res = await admin.get(`/api/v1/audit?limit=100${query}${cursor ? `&cursor=${cursor}` : '&count=exact'}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      if (cursor) expect(res.body).not.toHaveProperty('total');
      else total = res.body.total;
      out.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    return { items: out, total };
  };

  it('pages by key through the whole log, and shows every record by its title, never by an id', async () => {
    const { items, total } = await all();
    expect(items.length).toBe(total);
    expect(items.length).toBeGreaterThan(200);
    const seqs = items.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(new Set(seqs).size).toBe(seqs.length);
    for (const e of items) {
      expect(e.actionLabel, e.action).not.toMatch(/[A-Za-z]/);
      if (!e.entityType) continue;
      expect(e.entityTypeLabel, e.entityType).not.toMatch(/[A-Za-z]/);
      expect(e.entityTitle, `${e.action} ${e.entityType} ${e.entityId}`).toBeTruthy();
      expect(e.entityTitle).not.toMatch(UUID);
      if (!['login', 'attachment', 'training_record'].includes(e.entityType)) expect(e.entityLink, `${e.entityType} ${e.entityId}`).toMatch(/^\/app\//);
    }
    // a record type seen through its own table: the item's title, linked to the item's page
    const item = items.find((e) => e.entityType === 'transfer_item')!;
    const title = await ctx.database.db.execute(sql`SELECT title FROM transfer_items WHERE id = ${item.entityId}`);
    expect(item.entityTitle).toBe((title as unknown as { rows: { title: string }[] }).rows[0].title);
    expect(item.entityLink).toBe(`/app/items/${item.entityId}`);
  });

  it("names the actor's own organisation, not the record's", async () => {
    const res = await admin.get('/api/v1/audit?action=plan.submit');
    const e = res.body.items[0];
    expect(e).toMatchObject({ actorDisplayName: '郑伟', actorUsername: 'jixie.user', actorOrgName: '山东省机械工程学会', orgName: '山东省科学技术协会', actionLabel: '报送实施方案', entityTypeLabel: '实施方案' });
    expect(e.entityTitle).toContain('省级科研和创新基地运行绩效评估');
    expect(e.entityLink).toMatch(/^\/app\/projects\/[0-9a-f-]{36}\?tab=plan$/);
  });

  it('names the user who changed a programme, with their organisation (the programme history)', async () => {
    const users = (await ctx.database.db.execute(sql`SELECT display_name FROM users WHERE username = 'qingdao.admin'`)) as unknown as { rows: { display_name: string }[] };
    const res = await admin.get(`/api/v1/audit?entityType=programme&entityId=${ctx.ids.programmes.qingdao}`);
    expect(res.body.items.length).toBeGreaterThanOrEqual(2);
    for (const e of res.body.items) {
      expect(e.actorUserId).toBe(ctx.ids.users['qingdao.admin']);
      expect(e.actorDisplayName).toBe(users.rows[0].display_name);
      expect(e.actorName).toContain(users.rows[0].display_name); // as written in the row, too
      expect(e.actorOrgName).toBe('青岛市科学技术协会');
      expect(e.entityTitle).toMatch(/青岛/);
    }
  });

  it('filters by action (a code or its area), actor, record type, organisation and days', async () => {
    const exact = await all('&action=plan.submit');
    expect(exact.items.length).toBeGreaterThan(0);
    expect(exact.items.every((e) => e.action === 'plan.submit')).toBe(true);
    const area = await all('&action=plan');
    expect(new Set(area.items.map((e) => e.action))).toEqual(new Set(['plan.submit', 'plan.approve', 'plan.return']));

    const byName = await all(`&actor=${encodeURIComponent('郑伟')}`);
    const byUsername = await all('&actor=jixie.user');
    expect(byName.items.length).toBeGreaterThan(3);
    expect(byName.items.map((e) => e.seq)).toEqual(byUsername.items.map((e) => e.seq));
    expect(byName.items.every((e) => e.actorUserId === ctx.ids.users['jixie.user'])).toBe(true);

    const books = await all('&entityType=task_book');
    expect(books.items.length).toBeGreaterThan(3);
    expect(books.items.every((e) => e.entityType === 'task_book' && e.entityTitle.includes('版任务书'))).toBe(true);

    // an organisation: what its people did, and what was done to its records
    const society = ctx.ids.orgs['山东省机械工程学会'];
    const byOrg = await all(`&orgId=${society}`);
    expect(byOrg.items.length).toBeGreaterThan(0);
    expect(byOrg.items.every((e) => e.actorOrgId === society || e.orgId === society)).toBe(true);
    expect(byOrg.items.some((e) => e.actorOrgId !== society)).toBe(true); // e.g. the society's creation by the association

    const today = await all(`&from=${cstDay()}&to=${cstDay()}`);
    expect(today.items.length).toBeGreaterThan(0);
    expect((await all(`&from=${cstDay(1)}`)).items).toEqual([]);
    expect((await all(`&to=${cstDay(-1)}`)).items).toEqual([]);
    const combined = await all(`&action=plan&actor=jixie&from=${cstDay()}`);
    expect(combined.items.map((e) => e.action)).toEqual(['plan.submit', 'plan.submit']);
  });

  it('refuses a day that is not a day, and a range that ends before it starts', async () => {
    const bad = await admin.get('/api/v1/audit?from=2026/01/01');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('起始日期应为 YYYY-MM-DD 格式的日期');
    const backwards = await admin.get(`/api/v1/audit?from=${cstDay()}&to=${cstDay(-3)}`);
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors).toEqual([{ path: 'querystring.to', message: '截止日期不能早于起始日期' }]);
    expect((await admin.get(`/api/v1/audit/export?from=${cstDay()}&to=${cstDay(-3)}`)).status).toBe(400);
  });

  it('exports the same query as Excel, with the columns and headers of the list', async () => {
    const query = '&action=taskBook';
    const list = await all(query);
    const res = await admin.get(`/api/v1/audit/export?${query.slice(1)}`);
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toContain('spreadsheetml');
    expect(decodeURIComponent(String(res.headers['content-disposition']))).toContain('审计日志');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.raw as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('审计日志')!;
    const rows = ws.getSheetValues().slice(1).map((r) => (r as unknown[]).slice(1));
    expect(rows[0]).toEqual(auditColumns.map((c) => c.title));
    expect(rows[0]).toEqual(['时间', '操作人', '操作人单位', '操作', '对象类型', '对象', '原因']);
    expect(rows.length - 1).toBe(list.items.length);
    const first = list.items[0];
    const time = new Date(new Date(first.at).getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
    expect(rows[1]).toEqual([time, first.actorDisplayName, first.actorOrgName, first.actionLabel, first.entityTypeLabel, first.entityTitle, first.reason || '—']);
    for (const r of rows.slice(1)) {
      expect(String(r[3])).not.toMatch(/[A-Za-z]/);
      expect(String(r[5])).not.toMatch(UUID);
    }
  });

  it('exports only within the reader\'s scope, and only to those who read the log', async () => {
    const county = await as(ctx.app, 'pingyin.admin');
    const res = await county.get('/api/v1/audit/export');
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.raw as unknown as ArrayBuffer);
    const names = new Set(wb.getWorksheet('审计日志')!.getSheetValues().slice(2).map((r) => String((r as unknown[])[6])));
    const list = await county.get('/api/v1/audit?limit=100');
    expect(names).toEqual(new Set(list.body.items.map((e: Entry) => e.entityTitle ?? '—')));
    const dept = await as(ctx.app, 'kjt.user');
    expect((await dept.get('/api/v1/audit/export')).status).toBe(403);
    expect((await dept.get('/api/v1/audit')).status).toBe(403);
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
