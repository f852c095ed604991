// ORG-4, EVA-6 (issue 14): the association classifies its societies with reasons, every
// classification kept; the platform's suggestion beside it; the society reads its own; nobody
// outside the association's scope reads them; bad input writes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { as, createTestContext, scalar, type TestClient, type TestContext } from '../../testing/harness.js';
import { auditLog, organisations } from '../../db/schema.js';
import { auditActionLabels, auditEntityTypeLabels } from '../../../domain/audit/actions.js';

let ctx: TestContext;
let sheng: TestClient;
const ids: Record<string, string> = {};
beforeAll(async () => {
  ctx = await createTestContext();
  sheng = await as(ctx.app, 'sheng.admin');
  for (const o of await ctx.database.db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(eq(organisations.type, 'society'))) ids[o.name] = o.id;
}, 180_000);
afterAll(async () => ctx?.close());

const tiersRows = () => scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM society_tiers`);
const auditRows = () => scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'societyTier.classify'`);

describe('society tiers (ORG-4)', () => {
  it('lists the societies of the scope with the tier in force and the suggestion, filtered and paged by name', async () => {
    const all = await sheng.get('/api/v1/society-tiers?limit=5&count=exact');
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(12);
    expect(all.body.items).toHaveLength(5);
    // the demo classified every society
    expect(all.body.counts.find((c: { tier: string }) => c.tier === 'none').count).toBe(0);
    expect(all.body.counts.reduce((n: number, c: { count: number }) => n + c.count, 0)).toBe(12);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { societyName: string }[]; nextCursor: string | null } } = await sheng.get(`/api/v1/society-tiers?limit=5${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.body.items.map((i) => i.societyName));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(12);
    expect(new Set(seen).size).toBe(12);
    const exit = await sheng.get('/api/v1/society-tiers?tier=exit');
    expect(exit.body.items.map((i: { societyName: string }) => i.societyName)).toEqual(expect.arrayContaining(['山东土木建筑学会', '济南市中医药研究会']));
    for (const i of exit.body.items) expect(i.current.tier).toBe('exit');
    const yj = exit.body.items.find((i: { societyName: string }) => i.societyName === '济南市中医药研究会');
    // a debarment in force: the platform suggests 退出, in words
    expect(yj.suggestion).toMatchObject({ tier: 'exit', tierLabel: '退出' });
    expect(yj.suggestion.reasons[0]).toContain('取消申报资格');
    expect(yj.actions).toEqual(['classify']);
    // 青岛's administrator sees its two
    const qd = await (await as(ctx.app, 'qingdao.admin')).get('/api/v1/society-tiers?count=exact');
    expect(qd.body.items.map((i: { societyName: string }) => i.societyName).sort()).toEqual(['青岛大学科学技术协会', '青岛市海洋学会']);
  });

  it('classifies with reasons, keeps the history and the suggestion of the time, and audits it', async () => {
    const id = ids['山东省农学会'];
    const before = await sheng.get(`/api/v1/societies/${id}/tiers`);
    expect(before.status).toBe(200);
    expect(before.body.current.tier).toBe('stabilise');
    const res = await sheng.post(`/api/v1/societies/${id}/tiers`, { tier: 'strengthen', reasons: '试点项目进展顺利，拟加强支持。', basedOn: before.body.current.id });
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/api/v1/societies/${id}/tiers`);
    expect(res.body.current).toMatchObject({ tier: 'strengthen', tierLabel: '固强', reasons: '试点项目进展顺利，拟加强支持。', associationName: '山东省科学技术协会', decidedByName: '李明' });
    expect(res.body.current.suggestedTier).toBe(res.body.suggestion.tier);
    expect(res.body.history.items.map((h: { tier: string }) => h.tier)).toEqual(['strengthen', ...before.body.history.items.map((h: { tier: string }) => h.tier)]);
    const [a] = await ctx.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'societyTier.classify'), eq(auditLog.entityId, res.body.current.id)));
    expect(a.before).toEqual({ tier: 'stabilise', reasons: before.body.current.reasons });
    expect(a.after).toMatchObject({ tier: 'strengthen', suggestedTier: res.body.suggestion.tier });
    expect(auditActionLabels[a.action]).toBe('学会分类定级');
    expect(auditEntityTypeLabels[a.entityType!]).toBe('学会分类');
  });

  it('refuses a classification based on one no longer in force (409), and writes nothing', async () => {
    const id = ids['山东省医学会'];
    const cur = (await sheng.get(`/api/v1/societies/${id}/tiers`)).body.current;
    const staff = await as(ctx.app, 'sheng.admin');
    expect((await staff.post(`/api/v1/societies/${id}/tiers`, { tier: 'stabilise', reasons: '第一人', basedOn: cur.id })).status).toBe(201);
    const [n, m] = [await tiersRows(), await auditRows()];
    const stale = await sheng.post(`/api/v1/societies/${id}/tiers`, { tier: 'exit', reasons: '第二人', basedOn: cur.id });
    expect(stale.status).toBe(409);
    expect(stale.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(stale.body.code).toBe('CONFLICT');
    expect(stale.body.detail).toContain('已被他人更新为“稳定”');
    expect([await tiersRows(), await auditRows()]).toEqual([n, m]);
  });

  it('refuses bad input with a Chinese problem naming the field, and writes nothing', async () => {
    const id = ids['山东省医学会'];
    const [n, m] = [await tiersRows(), await auditRows()];
    for (const body of [{ tier: 'promote', reasons: '理由', basedOn: null }, { tier: 'exit', reasons: '', basedOn: null }, { tier: 'exit', reasons: '字'.repeat(1001), basedOn: null }, { tier: 'exit', reasons: '理由', basedOn: null, extra: 1 }, { tier: 'exit', reasons: '理由' }]) {
      const res = await sheng.post(`/api/v1/societies/${id}/tiers`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.errors[0].path).toMatch(/^body/);
      expect(res.body.errors[0].message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect([await tiersRows(), await auditRows()]).toEqual([n, m]);
  });

  it('lets the society read its own tier and history, without the suggestion, and nothing else', async () => {
    const jixie = await as(ctx.app, 'jixie.user');
    const own = await jixie.get(`/api/v1/societies/${ids['山东省机械工程学会']}/tiers`);
    expect(own.status).toBe(200);
    expect(own.body.current).toMatchObject({ tier: 'strengthen', tierLabel: '固强' });
    expect(own.body.history.items.map((h: { tierLabel: string }) => h.tierLabel)).toEqual(['固强', '稳定']);
    expect(own.body.suggestion).toBeNull();
    expect(own.body.history.items.every((h: { suggestedTier: unknown }) => h.suggestedTier === null)).toBe(true);
    expect(own.body.actions).toEqual([]);
    const list = await jixie.get('/api/v1/society-tiers');
    expect(list.body.items.map((i: { societyName: string; suggestion: unknown }) => [i.societyName, i.suggestion])).toEqual([['山东省机械工程学会', null]]);
    expect((await jixie.get(`/api/v1/societies/${ids['山东省农学会']}/tiers`)).body.code).toBe('OUT_OF_SCOPE');
    const post = await jixie.post(`/api/v1/societies/${ids['山东省机械工程学会']}/tiers`, { tier: 'strengthen', reasons: '自评', basedOn: own.body.current.id });
    expect([post.status, post.body.code]).toEqual([403, 'FORBIDDEN']);
  });

  it('keeps other associations, departments and evaluators out', async () => {
    const id = ids['山东省机械工程学会'];
    const [n, m] = [await tiersRows(), await auditRows()];
    const qingdao = await as(ctx.app, 'qingdao.admin');
    expect([(await qingdao.get(`/api/v1/societies/${id}/tiers`)).status, (await qingdao.get(`/api/v1/societies/${id}/tiers`)).body.code]).toEqual([403, 'OUT_OF_SCOPE']);
    const out = await qingdao.post(`/api/v1/societies/${id}/tiers`, { tier: 'exit', reasons: '越权', basedOn: null });
    expect([out.status, out.body.code]).toEqual([403, 'OUT_OF_SCOPE']);
    for (const u of ['kjt.user', 'pinggu.user', 'jncz.user']) {
      const c = await as(ctx.app, u);
      expect((await c.get(`/api/v1/societies/${id}/tiers`)).status, u).toBe(403);
      expect((await c.get('/api/v1/society-tiers')).status, u).toBe(403);
    }
    // the association's staff read, only the administrator classifies
    const staff = await as(ctx.app, 'sheng.staff');
    expect((await staff.get(`/api/v1/societies/${id}/tiers`)).status).toBe(200);
    expect((await staff.post(`/api/v1/societies/${id}/tiers`, { tier: 'exit', reasons: '无权', basedOn: null })).status).toBe(403);
    expect([await tiersRows(), await auditRows()]).toEqual([n, m]);
  });
});
