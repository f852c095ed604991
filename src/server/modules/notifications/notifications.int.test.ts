// Issue 11 §2 (X-3), on both drivers: notifications go to the people who act, by permission within
// the organisation; each person has their own read state; and no notification of the demo data
// (the seed makes them through the use cases) links to a page its recipient cannot open.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { as, createTestContext, type TestClient, type TestContext } from '../../testing/harness.js';
import { permissionsOf, roles, type Permission } from '../../../domain/access/roles.js';
import { notifyOrg } from '../../platform/notify.js';
import { listMigrations } from '../../db/migrate.js';

let ctx: TestContext;
const clients = new Map<string, TestClient>();
const client = async (username: string) => {
  let c = clients.get(username);
  if (!c) {
    c = await as(ctx.app, username);
    clients.set(username, c);
  }
  return c;
};

interface Row {
  id: string;
  title: string;
  link: string | null;
  entity_type: string | null;
  entity_id: string | null;
  recipient_org_id: string | null;
  recipient_user_id: string | null;
  username: string | null;
  roles: string[] | null;
}

const rowsOf = async <T>(q: ReturnType<typeof sql>): Promise<T[]> => ((await ctx.database.db.execute(q)) as unknown as { rows: T[] }).rows;

const allNotifications = () =>
  rowsOf<Row>(sql`
    SELECT n.id, n.title, n.link, n.entity_type, n.entity_id, n.recipient_org_id, n.recipient_user_id, u.username,
           (SELECT array_agg(r.role ORDER BY r.role) FROM user_roles r WHERE r.user_id = u.id) AS roles
    FROM notifications n LEFT JOIN users u ON u.id = n.recipient_user_id
    ORDER BY n.created_at, n.id`);

/**
 * The web route of a link → the permission its page guard asks (any of) and the API reads the page
 * makes to show it (src/web/router.tsx and the pages). A link of a kind not listed here fails the
 * test, so a new kind of link must be mapped before it can be sent.
 */
const projectTabReads: Record<string, string[]> = {
  info: [],
  taskbook: ['task-books'],
  plan: ['implementation-plans'],
  progress: ['milestones', 'progress-reports'],
  matters: ['major-matters'],
  changes: ['change-requests'],
  inspection: ['observers', 'inspections'],
  rectification: ['rectifications'],
  training: ['training-records'],
  termination: ['terminations'],
  funding: ['funding'],
  completion: ['completions'],
};

function pageOf(link: string): { guard: Permission[]; reads: string[] } {
  const u = new URL(link, 'http://x');
  const path = u.pathname;
  let m: RegExpMatchArray | null;
  if ((m = path.match(/^\/app\/projects\/([0-9a-f-]{36})$/))) {
    const tab = u.searchParams.get('tab') ?? 'info';
    const extra = projectTabReads[tab];
    if (!extra) throw new Error(`unmapped project tab in link ${link}`);
    return { guard: ['project.read', 'project.observe'], reads: [`/api/v1/projects/${m[1]}`, ...extra.map((x) => `/api/v1/projects/${m![1]}/${x}`)] };
  }
  if ((m = path.match(/^\/app\/declarations\/([0-9a-f-]{36})$/))) return { guard: ['declaration.read'], reads: [`/api/v1/declarations/${m[1]}`] };
  if ((m = path.match(/^\/app\/countersigns\/([0-9a-f-]{36})$/))) return { guard: ['item.read'], reads: [`/api/v1/countersigns/${m[1]}`] };
  if ((m = path.match(/^\/app\/items\/([0-9a-f-]{36})$/))) return { guard: ['item.read'], reads: [`/api/v1/items/${m[1]}`] };
  // EVA-2: a commission's page (the association's and the evaluator's)
  if ((m = path.match(/^\/app\/evaluation-commissions\/([0-9a-f-]{36})$/))) return { guard: ['evaluation.commission', 'evaluation.perform', 'project.read'], reads: [`/api/v1/evaluation-commissions/${m[1]}`] };
  // ORG-4, ORG-5: the society's own tier and the round it answers
  if (path === '/app/my-society') return { guard: ['willingness.answer'], reads: ['/api/v1/willingness/mine?limit=20'] };
  // EVA-4: an invited department's or society's surveys, the one of the link first
  if (path === '/app/my-surveys') return { guard: ['survey.answer'], reads: ['/api/v1/surveys/mine?limit=20', ...(u.searchParams.get('survey') ? [`/api/v1/surveys/mine?surveyId=${u.searchParams.get('survey')}`] : [])] };
  if (path === '/app/declare') return { guard: ['declaration.submit'], reads: ['/api/v1/items?status=relayed&limit=20', '/api/v1/declarations?limit=100'] };
  if (path === '/app/programme-records' && u.searchParams.get('tab') === 'received') return { guard: ['programmeRecord.manage'], reads: ['/api/v1/stage-reports/received'] };
  throw new Error(`unmapped notification link ${link}`);
}

beforeAll(async () => {
  ctx = await createTestContext();
}, 300_000);
afterAll(async () => ctx?.close());

describe('notifications of the demo data (X-3)', () => {
  it('each goes to one user, and its link opens for that user: page guard and every read of the page answer', async () => {
    const rows = await allNotifications();
    expect(rows.length).toBeGreaterThan(30);
    // one row per person: no organisation-wide rows left
    expect(rows.filter((r) => !r.recipient_user_id)).toEqual([]);
    const checked = new Set<string>();
    const failures: string[] = [];
    for (const r of rows) {
      if (!r.link) continue;
      const key = `${r.username} ${r.link}`;
      if (checked.has(key)) continue;
      checked.add(key);
      const page = pageOf(r.link);
      const perms = permissionsOf(r.roles ?? []);
      if (!page.guard.some((p) => perms.has(p))) failures.push(`${r.username}: page guard of ${r.link} (${r.title})`);
      const c = await client(r.username!);
      for (const url of page.reads) {
        const res = await c.get(url);
        if (res.status < 200 || res.status > 299) failures.push(`${r.username}: GET ${url} → ${res.status} (${r.title})`);
      }
    }
    expect(failures).toEqual([]);
    expect(checked.size).toBeGreaterThan(20);
  });

  it('no expert receives workflow notifications of the association; only a personal observer assignment', async () => {
    const rows = await allNotifications();
    const toExperts = rows.filter((r) => (r.roles ?? []).every((x) => x === 'expert'));
    const observerOf = await rowsOf<{ id: string; user_id: string | null }>(sql`SELECT id, user_id FROM observers`);
    const personal = (r: Row) => r.entity_type === 'observer' && observerOf.some((o) => o.id === r.entity_id && o.user_id === r.recipient_user_id);
    expect(toExperts.filter((r) => !personal(r)).map((r) => `${r.username}: ${r.title}`)).toEqual([]);
  });

  it("the province association's signature, refund and rectification notifications reach exactly its users who can act", async () => {
    const province = ctx.ids.province;
    const rows = (await allNotifications()).filter((r) => r.recipient_org_id === province);
    const users = await rowsOf<{ id: string; username: string; roles: string[] }>(sql`
      SELECT u.id, u.username, (SELECT array_agg(r.role ORDER BY r.role) FROM user_roles r WHERE r.user_id = u.id) AS roles
      FROM users u WHERE u.org_id = ${province} AND u.is_active`);
    expect(users.some((u) => u.roles.includes('expert'))).toBe(true);
    const holders = (ps: Permission[]) => users.filter((u) => ps.some((p) => permissionsOf(u.roles).has(p))).map((u) => u.username).sort();
    // what each kind asks of the person: signing a task book, deciding a refund, following a rectification
    const kinds: { name: string; match: (r: Row) => boolean; need: Permission[] }[] = [
      { name: 'signature', match: (r) => r.entity_type === 'task_book' && /签署/.test(r.title) && !/已签署生效/.test(r.title), need: ['taskBook.sign'] },
      { name: 'refund', match: (r) => r.entity_type === 'termination' && /退还|退款/.test(r.title), need: ['supervision.decide'] },
      { name: 'rectification', match: (r) => r.entity_type === 'rectification_order', need: ['supervision.manage'] },
    ];
    let notices = 0;
    for (const k of kinds) {
      const groups = new Map<string, string[]>();
      for (const r of rows.filter(k.match)) groups.set(`${r.title}|${r.entity_id}`, [...(groups.get(`${r.title}|${r.entity_id}`) ?? []), r.username!]);
      for (const [key, who] of groups) {
        expect(who.sort(), `${k.name}: ${key}`).toEqual(holders(k.need));
        notices++;
      }
      // nobody who cannot act: experts hold none of these permissions
      expect(holders(k.need).some((u) => users.find((x) => x.username === u)!.roles.every((r) => r === 'expert'))).toBe(false);
    }
    expect(notices).toBeGreaterThanOrEqual(5);
  });
});

describe('recipients by permission and per-user read state', () => {
  it('notifyOrg reaches the active users holding the permission, and refuses a permission experts hold', async () => {
    const db = ctx.database.db;
    const province = ctx.ids.province;
    const n = await db.transaction((tx) => notifyOrg(tx, province, { permission: 'taskBook.sign' }, { title: '测试：请签署', link: null }));
    const got = await rowsOf<{ username: string }>(sql`SELECT u.username FROM notifications n JOIN users u ON u.id = n.recipient_user_id WHERE n.title = '测试：请签署' ORDER BY 1`);
    const expected = (await rowsOf<{ username: string; roles: string[] }>(sql`SELECT u.username, array_agg(r.role) AS roles FROM users u JOIN user_roles r ON r.user_id = u.id WHERE u.org_id = ${province} AND u.is_active GROUP BY u.username`))
      .filter((u) => u.roles.some((r) => roles[r as keyof typeof roles].permissions.includes('taskBook.sign')))
      .map((u) => u.username)
      .sort();
    expect(got.map((g) => g.username)).toEqual(expected);
    expect(n).toBe(expected.length);
    expect(expected).toContain('sheng.admin');
    expect(expected).not.toContain('sheng.staff');
    await expect(db.transaction((tx) => notifyOrg(tx, province, { permission: 'programme.read' }, { title: '测试：所有人' }))).rejects.toThrow(/experts/);
  });

  it('marking read is per user: one reading leaves a colleague’s copy unread', async () => {
    const admin = await client('sheng.admin');
    const staff = await client('sheng.staff');
    await ctx.database.db.transaction((tx) => notifyOrg(tx, ctx.ids.province, { permission: 'supervision.manage' }, { title: '测试：整改逾期', link: null }));
    const mine = async (c: TestClient) => ((await c.get('/api/v1/notifications?unread=true&limit=100')).body.items as { id: string; title: string }[]).find((x) => x.title === '测试：整改逾期');
    const a = await mine(admin);
    const s = await mine(staff);
    expect(a && s && a.id !== s.id).toBe(true);
    const staffUnread = (await staff.get('/api/v1/notifications/unread-count')).body.unread;
    expect((await admin.post(`/api/v1/notifications/${a!.id}/read`)).status).toBe(200);
    expect(await mine(admin)).toBeUndefined();
    expect((await mine(staff))?.id).toBe(s!.id);
    expect((await staff.get('/api/v1/notifications/unread-count')).body.unread).toBe(staffUnread);
    // another user's notification cannot be marked, nor is it listed
    expect((await admin.post(`/api/v1/notifications/${s!.id}/read`)).status).toBe(404);
    expect((await admin.post('/api/v1/notifications/read-all')).status).toBe(200);
    expect((await admin.get('/api/v1/notifications/unread-count')).body.unread).toBe(0);
    expect((await staff.get('/api/v1/notifications/unread-count')).body.unread).toBe(staffUnread);
    const expert = await client('expert.wang');
    expect(((await expert.get('/api/v1/notifications?limit=100')).body.items as { title: string }[]).some((x) => x.title.startsWith('测试：'))).toBe(false);
  });
});

describe('paging (issue 12 §1)', () => {
  it('pages by key to the end without duplicates or gaps, equal times ordered by id, and counts only when asked', async () => {
    const c = await client('kjt.user');
    const uid = ctx.ids.users['kjt.user'];
    // A day ahead of now, so that the seven are the user's newest whenever the test runs (a fixed
    // 2031-01-01 would have stopped being the newest in 2031, issue 12 §3), to the microsecond,
    // which the cursor must keep.
    const at = new Date(Date.now() + 86_400_000).toISOString().replace('Z', '456Z');
    await ctx.database.db.execute(sql`
      INSERT INTO notifications (recipient_user_id, title, created_at)
      SELECT ${uid}::uuid, '分页：' || g, ${at}::timestamptz FROM generate_series(1, 7) g`);
    const all = async (query: string, limit: number) => {
      const ids: string[] = [];
      let cursor: string | null = null;
      let total: number | undefined;
      do {
        const res = await c.get(`/api/v1/notifications?limit=${limit}${query}${cursor ? `&cursor=${cursor}` : '&count=exact'}`);
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        if (cursor) expect(res.body).not.toHaveProperty('total');
        else total = res.body.total;
        ids.push(...(res.body.items as { id: string }[]).map((n) => n.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      return { ids, total };
    };
    const whole = await all('', 100);
    expect(whole.total).toBe(whole.ids.length);
    const ours = (await c.get('/api/v1/notifications?limit=7')).body.items as { id: string; title: string }[];
    expect(ours.every((n) => n.title.startsWith('分页：'))).toBe(true);
    expect(ours.map((n) => n.id)).toEqual(ours.map((n) => n.id).sort().reverse());
    const paged = await all('', 3);
    expect(paged.ids).toEqual(whole.ids);
    expect(paged.total).toBe(whole.total);
    expect(new Set(paged.ids).size).toBe(paged.ids.length);
    const unread = await all('&unread=true', 2);
    expect(unread.total).toBe((await c.get('/api/v1/notifications/unread-count')).body.unread);
    expect((await c.get('/api/v1/notifications?limit=1')).body).not.toHaveProperty('total');
    // marking one read answers the notification itself
    const read = await c.post(`/api/v1/notifications/${ours[0].id}/read`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: ours[0].id, title: ours[0].title });
    expect(read.body.readAt).toBeTruthy();
    expect((await c.post(`/api/v1/notifications/${ours[0].id}/read`)).body.readAt).toBe(read.body.readAt);
  });
});

describe('migration 0011: organisation-level notifications become per-user rows', () => {
  it('gives each active non-expert user of the organisation a copy with the read state kept, and sets the relay parameter off', async () => {
    const db = ctx.database.db;
    const province = ctx.ids.province;
    await db.execute(sql`INSERT INTO notifications (recipient_org_id, title, read_at) VALUES (${province}, '旧通知：已读', now() - interval '1 day'), (${province}, '旧通知：未读', NULL)`);
    const prog = (await rowsOf<{ id: string }>(sql`SELECT id FROM programmes ORDER BY created_at LIMIT 1`))[0].id;
    await db.execute(sql`UPDATE programmes SET parameters = parameters - 'relayIncludesSubordinateSocieties' WHERE id = ${prog}`);
    const m = listMigrations().find((x) => x.tag === '0011_notifications_per_user')!;
    // the data statements (the columns and index exist already in this database)
    for (const stmt of m.statements.filter((x) => /^(--[^\n]*\n)*\s*(INSERT|DELETE|UPDATE)/.test(x))) await db.execute(sql.raw(stmt));
    const users = (await rowsOf<{ username: string }>(sql`
      SELECT u.username FROM users u WHERE u.org_id = ${province} AND u.is_active AND EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role <> 'expert') ORDER BY 1`)).map((u) => u.username);
    expect(users).toContain('sheng.admin');
    const copies = await rowsOf<{ username: string; title: string; read: boolean }>(sql`
      SELECT u.username, n.title, n.read_at IS NOT NULL AS read FROM notifications n JOIN users u ON u.id = n.recipient_user_id WHERE n.title LIKE '旧通知：%' ORDER BY 2, 1`);
    expect(copies).toEqual([...users.map((username) => ({ username, title: '旧通知：已读', read: true })), ...users.map((username) => ({ username, title: '旧通知：未读', read: false }))]);
    expect((await rowsOf<{ n: number }>(sql`SELECT count(*)::int AS n FROM notifications WHERE recipient_user_id IS NULL`))[0].n).toBe(0);
    expect((await rowsOf<{ v: boolean }>(sql`SELECT (parameters->>'relayIncludesSubordinateSocieties')::boolean AS v FROM programmes WHERE id = ${prog}`))[0].v).toBe(false);
  });
});
