// X-2 (issue 12 §1, §2): my to-dos, each with its type and Chinese tag, filterable by type, paged by
// key (created_at DESC, id DESC) to the end without duplicates or gaps; the total only when asked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { as, createTestContext, type TestClient, type TestContext } from '../../testing/harness.js';
import { todoKindLabels, todoKinds } from '../../../contract/todos.js';

let ctx: TestContext;
let admin: TestClient;
beforeAll(async () => {
  ctx = await createTestContext();
  admin = await as(ctx.app, 'sheng.admin');
});
afterAll(async () => ctx?.close());

type Item = { id: string; kind: string; kindLabel: string; title: string; status: string; createdAt: string };
const rowsOf = async <T>(q: ReturnType<typeof sql>): Promise<T[]> => ((await ctx.database.db.execute(q)) as unknown as { rows: T[] }).rows;

/** Every page of a list, following nextCursor; the first page asks for the total. */
async function pages(c: TestClient, query: string, limit: number) {
  const items: Item[] = [];
  let cursor: string | null = null;
  let total: number | undefined;
  let n = 0;
  do {
    const res = await c.get(`/api/v1/todos?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : '&count=exact'}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    if (cursor) expect(res.body).not.toHaveProperty('total');
    else total = res.body.total;
    expect(res.body.items.length).toBeLessThanOrEqual(limit);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
    n++;
  } while (cursor && n < 100);
  return { items, total, pages: n };
}

describe('my to-dos', () => {
  it('gives every to-do of the demo data a type the contract names, with its Chinese tag ("其他待办" is gone)', async () => {
    const kinds = (await rowsOf<{ kind: string }>(sql`SELECT DISTINCT kind FROM todos`)).map((r) => r.kind);
    expect(kinds.length).toBeGreaterThan(3);
    expect(kinds.filter((k) => !(todoKinds as string[]).includes(k))).toEqual([]);
    expect(new Set(Object.values(todoKindLabels)).size).toBe(todoKinds.length);
    const list = await admin.get('/api/v1/todos?status=open&limit=100');
    expect(list.status).toBe(200);
    for (const t of list.body.items as Item[]) expect(t.kindLabel).toBe(todoKindLabels[t.kind as keyof typeof todoKindLabels]);
  });

  it('pages to the end by key, to the user and to the organisation alike, with equal times ordered by id', async () => {
    const me = ctx.ids.users['sheng.admin'];
    const org = ctx.ids.province;
    const at = '2031-03-01T08:00:00.123456Z';
    // seven to the user, six to the organisation, all at one instant; two for a permission the
    // administrator does not hold (a society's), which never show
    await ctx.database.db.execute(sql`
      INSERT INTO todos (kind, title, link, entity_type, entity_id, assignee_user_id, created_at)
      SELECT 'taskBook.sign', '分页测试（本人）' || g, '/app/projects', 'task_book', gen_random_uuid(), ${me}::uuid, ${at}::timestamptz FROM generate_series(1, 7) g`);
    await ctx.database.db.execute(sql`
      INSERT INTO todos (kind, title, link, entity_type, entity_id, assignee_org_id, permission, created_at)
      SELECT 'majorMatter.decide', '分页测试（本单位）' || g, '/app/projects', 'major_matter', gen_random_uuid(), ${org}::uuid, NULL, ${at}::timestamptz FROM generate_series(1, 6) g`);
    await ctx.database.db.execute(sql`
      INSERT INTO todos (kind, title, link, entity_type, entity_id, assignee_org_id, permission, created_at)
      SELECT 'rectification.respond', '分页测试（无权）' || g, '/app/projects', 'rectification_order', gen_random_uuid(), ${org}::uuid, 'supervision.report', ${at}::timestamptz FROM generate_series(1, 2) g`);

    const whole = await pages(admin, 'status=open', 100);
    expect(whole.total).toBe(whole.items.length);
    const ours = whole.items.filter((t) => t.title.startsWith('分页测试'));
    expect(ours.map((t) => t.title).filter((t) => t.includes('无权'))).toEqual([]);
    expect(ours.length).toBe(13);
    // newest first; ties broken by id, descending
    expect(ours.map((t) => t.id)).toEqual(ours.map((t) => t.id).sort().reverse());

    const paged = await pages(admin, 'status=open', 4);
    expect(paged.total).toBe(whole.total);
    expect(paged.items.map((t) => t.id)).toEqual(whole.items.map((t) => t.id));
    expect(new Set(paged.items.map((t) => t.id)).size).toBe(paged.items.length);
    expect(paged.pages).toBe(Math.ceil(whole.items.length / 4));

    // without count: no total
    const plain = await admin.get('/api/v1/todos?status=open&limit=2');
    expect(plain.body).not.toHaveProperty('total');
    const estimated = await admin.get('/api/v1/todos?status=open&limit=2&count=estimate');
    expect(estimated.body.total).toBe(whole.total);
  });

  it('filters by type, and refuses a type the contract does not name', async () => {
    const signing = await pages(admin, 'status=open&kind=taskBook.sign', 3);
    expect(signing.items.length).toBeGreaterThanOrEqual(7);
    expect(signing.items.every((t) => t.kind === 'taskBook.sign' && t.kindLabel === '签署任务书')).toBe(true);
    expect(signing.total).toBe(signing.items.length);
    const matters = await pages(admin, 'status=open&kind=majorMatter.decide', 5);
    expect(matters.items.filter((t) => t.title.startsWith('分页测试')).length).toBe(6);
    expect(matters.items.every((t) => t.kindLabel === '审批重大事项')).toBe(true);
    const bad = await admin.get('/api/v1/todos?kind=other');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('querystring.kind');
  });

  it('counts open and done to-dos', async () => {
    const counts = (await admin.get('/api/v1/todos/counts')).body;
    const open = await pages(admin, 'status=open', 100);
    const done = await pages(admin, 'status=done', 100);
    expect(counts).toEqual({ open: open.total, done: done.total });
  });
});
