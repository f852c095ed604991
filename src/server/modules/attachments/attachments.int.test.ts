// X-4 evidence files and X-3 notifications through HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { TestClient, as, createTestContext, scalar, type TestContext } from '../../testing/harness.js';

let ctx: TestContext;
let jixie: TestClient;
let admin: TestClient;
let kjt: TestClient;

beforeAll(async () => {
  ctx = await createTestContext();
  jixie = await as(ctx.app, 'jixie.user');
  admin = await as(ctx.app, 'sheng.admin');
  kjt = await as(ctx.app, 'kjt.user');
});
afterAll(async () => ctx?.close());

const upload = (c: TestClient, name: string, body = 'evidence bytes') =>
  c.request('POST', `/api/v1/attachments?filename=${encodeURIComponent(name)}`, undefined, { headers: { 'content-type': 'application/octet-stream' }, rawBody: body });

describe('attachments (X-4)', () => {
  it('stores a file with its SM3 digest and gives it back to its owner byte for byte', async () => {
    const up = await upload(jixie, '年检证明.pdf', '%PDF-1.4 年检');
    expect(up.status).toBe(201);
    expect(up.body).toEqual({ id: expect.any(String), filename: '年检证明.pdf', sizeBytes: Buffer.byteLength('%PDF-1.4 年检'), contentType: 'application/pdf' });
    expect(up.headers.location).toBe(`/api/v1/attachments/${up.body.id}`);
    expect(await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM attachments WHERE id = ${up.body.id} AND length(sm3) = 64`)).toBe(1);
    const down = await jixie.get(String(up.headers.location));
    expect(down.status).toBe(200);
    expect(down.headers['content-type']).toBe('application/pdf');
    expect(down.raw.toString('utf8')).toBe('%PDF-1.4 年检');
    expect(down.headers['content-disposition']).toContain(encodeURIComponent('年检证明.pdf'));
  });

  it('refuses a type not on the list and an empty body, in Chinese, storing nothing', async () => {
    const before = await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM attachments`);
    const exe = await upload(jixie, 'setup.exe');
    expect(exe.status).toBe(400);
    expect(exe.body.errors[0].message).toContain('不支持的文件类型');
    expect((await upload(jixie, 'a.pdf', '')).status).toBe(400);
    // the upload reads the file's bytes as application/octet-stream, nothing else (415 before the body is read)
    for (const type of ['application/json', 'text/plain', 'multipart/form-data; boundary=x']) {
      const res = await jixie.request('POST', `/api/v1/attachments?filename=a.pdf`, undefined, { headers: { 'content-type': type }, rawBody: '%PDF-1.4' });
      expect(res.status, type).toBe(415);
      expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    }
    expect(await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM attachments`)).toBe(before);
  });

  it('lets the reviewing association read evidence attached to a declaration, and no other society or department', async () => {
    const up = await upload(jixie, '承接能力证明.pdf');
    const relayed = (await jixie.get('/api/v1/items?status=relayed&limit=50')).body.items.find((i: { title: string }) => i.title === '工程技术领域职业资格考试考务');
    const d = await jixie.post(`/api/v1/items/${relayed.id}/declarations`, { capacityStatement: '本会具有考务组织经验和保密管理制度。', attachmentIds: [up.body.id] });
    expect(d.status, JSON.stringify(d.body)).toBe(201);
    expect((await admin.get(`/api/v1/attachments/${up.body.id}`)).status).toBe(200);
    expect((await kjt.get(`/api/v1/attachments/${up.body.id}`)).status).toBe(403); // not recommended yet
    const other = await admin.post('/api/v1/users', { orgId: ctx.ids.orgs['山东省农学会'], username: 'nongxue.a', displayName: '农学会经办', password: 'Chengjie@2026', roles: ['society_admin'] });
    expect(other.status).toBe(201);
    const nongxue = await as(ctx.app, 'nongxue.a');
    expect((await nongxue.get(`/api/v1/attachments/${up.body.id}`)).status).toBe(403);
    // Another society cannot attach a file it does not own.
    const stolen = await nongxue.post(`/api/v1/items/${relayed.id}/declarations`, { capacityStatement: '本会具有考务组织经验。', attachmentIds: [up.body.id] });
    expect(stolen.status).toBe(400);
    expect(stolen.body.errors[0]).toEqual({ path: 'body.attachmentIds.0', message: '附件不存在或不属于本学会' });
  });
});

describe('notifications (X-3)', () => {
  it('tells every society of a relay and marks them read', async () => {
    const list = await jixie.get('/api/v1/notifications?unread=true&limit=50&count=exact');
    expect(list.body.items.some((n: { title: string }) => n.title.startsWith('新转发可转移职能事项'))).toBe(true);
    const count = (await jixie.get('/api/v1/notifications/unread-count')).body.unread;
    expect(count).toBe(list.body.total);
    const first = list.body.items[0];
    expect((await jixie.post(`/api/v1/notifications/${first.id}/read`)).status).toBe(200);
    expect((await jixie.get('/api/v1/notifications/unread-count')).body.unread).toBe(count - 1);
    // Someone else's notification is not found.
    expect((await kjt.post(`/api/v1/notifications/${first.id}/read`)).status).toBe(404);
    await jixie.post('/api/v1/notifications/read-all');
    expect((await jixie.get('/api/v1/notifications/unread-count')).body.unread).toBe(0);
  });
});
