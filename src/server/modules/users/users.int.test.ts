// ORG-6 (issue 12 §1): a created user answers 201 with a Location that a GET reads; the list pages
// by the unique user name to its end without duplicates or gaps, shows only its columns (the
// detail has the rest) and counts only when asked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestContext, type TestClient, type TestContext } from '../../testing/harness.js';

let ctx: TestContext;
let admin: TestClient;
beforeAll(async () => {
  ctx = await createTestContext();
  admin = await as(ctx.app, 'sheng.admin');
});
afterAll(async () => ctx?.close());

type Item = { id: string; username: string; version: number };

async function pages(query: string, limit: number) {
  const items: Item[] = [];
  let cursor: string | null = null;
  let total: number | undefined;
  let n = 0;
  do {
    const res = await admin.get(`/api/v1/users?limit=${limit}${query}${cursor ? `&cursor=${cursor}` : '&count=exact'}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    if (cursor) expect(res.body).not.toHaveProperty('total');
    else total = res.body.total;
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
    n++;
  } while (cursor && n < 200);
  return { items, total };
}

describe('users', () => {
  it('creates a user: 201, Location, and the GET of that address answers the same record with its actions', async () => {
    const res = await admin.post('/api/v1/users', {
      orgId: ctx.ids.province,
      username: 'new.colleague',
      displayName: '新同事',
      password: 'Chengjie@2026',
      roles: ['association_staff'],
      email: 'new.colleague@example.cn',
      idNumber: '37010219900101123X',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.headers.location).toBe(`/api/v1/users/${res.body.id}`);
    expect(res.body).toMatchObject({ username: 'new.colleague', orgId: ctx.ids.province, orgName: '山东省科学技术协会', roles: ['association_staff'], idNumber: '3701**********123X' });
    expect(res.body.actions).toEqual(expect.arrayContaining(['edit', 'resetPassword', 'deactivate', 'viewPersonalData']));
    const read = await admin.get(String(res.headers.location));
    expect(read.status).toBe(200);
    expect(read.body).toEqual(res.body);

    // a change answers the updated record; so does an unlock
    const changed = await admin.patch(`/api/v1/users/${res.body.id}`, { version: res.body.version, title: '干事' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ id: res.body.id, title: '干事', version: res.body.version + 1 });
    expect(changed.body.actions).toContain('edit');
    const unlocked = await admin.post(`/api/v1/users/${res.body.id}/unlock`);
    expect(unlocked.status).toBe(200);
    expect(unlocked.body).toMatchObject({ id: res.body.id, lockedUntil: null });
    // one's own record may not be deactivated
    const self = await admin.get(`/api/v1/users/${ctx.ids.users['sheng.admin']}`);
    expect(self.body.actions).not.toContain('deactivate');
  });

  it('lists only the columns the list shows; the detail has the rest', async () => {
    const list = await admin.get('/api/v1/users?q=new.colleague');
    const item = list.body.items[0];
    expect(item).toMatchObject({ username: 'new.colleague', displayName: '新同事', orgName: '山东省科学技术协会', roleLabels: ['科协工作人员'] });
    for (const key of ['email', 'idNumber', 'expertFields', 'conflictOrgIds', 'createdAt', 'actions', 'passwordHash']) expect(item).not.toHaveProperty(key);
  });

  it('pages by user name to the end without duplicates or gaps, and counts only when asked', async () => {
    const whole = await pages('', 100);
    expect(whole.total).toBe(whole.items.length);
    expect(whole.items.length).toBeGreaterThan(10);
    const paged = await pages('', 3);
    expect(paged.total).toBe(whole.total);
    expect(paged.items.map((u) => u.id)).toEqual(whole.items.map((u) => u.id));
    expect(new Set(paged.items.map((u) => u.id)).size).toBe(paged.items.length);
    // with a filter too
    const staff = await pages('&role=association_staff', 2);
    expect(staff.items.length).toBe(staff.total);
    expect(staff.items.map((u) => u.username)).toContain('new.colleague');
    expect((await admin.get('/api/v1/users?limit=2')).body).not.toHaveProperty('total');
  });
});
