// Issue 4 step 10 (PUB-1) through HTTP on both drivers under presets 000, 001, 002: the coordinating
// association publishes an acknowledged progress report on the public portal (with a public summary),
// withdraws it with a reason and may publish it again; the society and the department may not, nor an
// association out of scope; an unacknowledged report may not be published; stale versions, bad input
// and a second concurrent publish are refused and change nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { TestClient, as, createTestContext, scalar, type TestContext } from '../../testing/harness.js';
import { signedProject } from '../../testing/project-fixture.js';

let ctx: TestContext;
let anon: TestClient;
let admin: TestClient;
let kjt: TestClient;
let jixie: TestClient;

beforeAll(async () => {
  ctx = await createTestContext();
  anon = new TestClient(ctx.app);
  admin = await as(ctx.app, 'sheng.admin');
  kjt = await as(ctx.app, 'kjt.user');
  jixie = await as(ctx.app, 'jixie.user');
}, 120_000);
afterAll(async () => ctx?.close());

type PublicProgress = { id: string; projectId: string; title: string; summary: string; societyName: string; publishedAt: string };
const n = (q: ReturnType<typeof sql>) => scalar(ctx.database.db, q);
const portal = async (pid: string): Promise<PublicProgress[]> => {
  const r = await anon.get(`/api/v1/public/progress?projectId=${pid}&limit=100`);
  expect(r.status).toBe(200);
  return r.body.items;
};

describe.each(['000', '001', '002', '004'])('progress reports chosen for disclosure under preset %s (PUB-1)', (preset) => {
  it('the association publishes an acknowledged report with a summary, withdraws it with a reason and publishes it again', async () => {
    const { projectId: pid } = await signedProject(ctx, { admin, dept: kjt, society: jixie }, preset, `预置${preset}进展公开项目`);
    const [first] = (await jixie.get(`/api/v1/projects/${pid}/milestones`)).body.items;
    const body = '评估方案经 7 名专家论证后定稿，确定 4 类 23 项评估指标。专家名单和内部讨论记录不公开。';
    const filed = await jixie.post(`/api/v1/projects/${pid}/progress-reports`, { milestoneId: first.id, completesMilestone: true, title: '评估方案已定稿', body });
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({ disclosure: 'internal', disclosureLabel: '未公开', publicSummary: null, publishedAt: null });
    const id = filed.body.id;

    // 409: not yet read by the department or the association; the association is not offered the action.
    expect((await admin.get(`/api/v1/progress-reports/${id}`)).body.actions).toEqual(['acknowledge']);
    const early = await admin.post(`/api/v1/progress-reports/${id}/publish`, { rowVersion: filed.body.rowVersion, publicSummary: '摘要' });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'INVALID_STATE', detail: '进展报告经确认已阅后才能公开' });

    const ack = await kjt.post(`/api/v1/progress-reports/${id}/acknowledge`, { rowVersion: filed.body.rowVersion });
    expect(ack.status).toBe(200);
    expect(ack.body.actions).toEqual([]); // the department does not disclose
    expect((await jixie.get(`/api/v1/progress-reports/${id}`)).body.actions).toEqual([]);
    expect((await admin.get(`/api/v1/progress-reports/${id}`)).body.actions).toEqual(['publish']);
    expect(await portal(pid)).toEqual([]);

    // Published with a public summary: the portal shows the summary, not the report's body.
    const summary = '评估方案已定稿，确定 4 类 23 项评估指标。';
    const pub = await admin.post(`/api/v1/progress-reports/${id}/publish`, { rowVersion: ack.body.rowVersion, publicSummary: `  ${summary} ` });
    expect(pub.status, JSON.stringify(pub.body)).toBe(200);
    expect(pub.body).toMatchObject({ disclosure: 'published', disclosureLabel: '已公开', publicSummary: summary, withdrawnAt: null, actions: ['withdrawDisclosure'] });
    expect(pub.body.publishedAt).not.toBeNull();
    const shown = await portal(pid);
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({ id, title: '评估方案已定稿', summary, societyName: '山东省机械工程学会' });
    const detail = await anon.get(`/api/v1/public/progress/${id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.summary).toBe(summary);
    expect(JSON.stringify(detail.body)).not.toContain('专家名单');
    expect(await n(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'progress.publish' AND entity_id = ${id}`)).toBe(1);
    expect(await n(sql`SELECT count(*)::int AS n FROM notifications WHERE entity_id = ${id} AND title LIKE '进展报告已在门户网站公开%'`)).toBe(1);
    const twice = await admin.post(`/api/v1/progress-reports/${id}/publish`, { rowVersion: pub.body.rowVersion });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('INVALID_STATE');

    // Withdrawn with a reason: gone from the list and the detail; the reason is in the audit row.
    const wd = await admin.post(`/api/v1/progress-reports/${id}/withdraw-disclosure`, { rowVersion: pub.body.rowVersion, reason: '报告涉及尚未发布的评估数据' });
    expect(wd.status, JSON.stringify(wd.body)).toBe(200);
    expect(wd.body).toMatchObject({ disclosure: 'withdrawn', disclosureLabel: '已撤回公开', actions: ['publish'] });
    expect(wd.body.withdrawnAt).not.toBeNull();
    expect(await portal(pid)).toEqual([]);
    expect((await anon.get(`/api/v1/public/progress/${id}`)).status).toBe(404);
    expect(await n(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'progress.withdrawDisclosure' AND entity_id = ${id} AND reason = '报告涉及尚未发布的评估数据'`)).toBe(1);

    // Published again without a summary: the portal shows the report's body.
    const again = await admin.post(`/api/v1/progress-reports/${id}/publish`, { rowVersion: wd.body.rowVersion, publicSummary: null });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ disclosure: 'published', publicSummary: null, withdrawnAt: null });
    expect((await portal(pid)).map((r) => r.summary)).toEqual([body]);
  }, 90_000);

  it('refuses the society, the department, associations out of scope, stale versions and bad input — changing nothing', async () => {
    const { projectId: pid } = await signedProject(ctx, { admin, dept: kjt, society: jixie }, preset, `预置${preset}进展公开拒绝项目`);
    const filed = await jixie.post(`/api/v1/projects/${pid}/progress-reports`, { title: '第一季度工作进展', body: '已组建专家组。' });
    const ack = await admin.post(`/api/v1/progress-reports/${filed.body.id}/acknowledge`, { rowVersion: filed.body.rowVersion });
    expect(ack.status).toBe(200);
    const id = filed.body.id;
    const rowVersion = ack.body.rowVersion;
    const state = async () => [
      await n(sql`SELECT count(*)::int AS n FROM progress_reports WHERE id = ${id} AND disclosure = 'internal' AND public_summary IS NULL AND row_version = ${rowVersion}`),
      await n(sql`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = ${id} AND action IN ('progress.publish', 'progress.withdrawDisclosure')`),
    ];
    expect(await state()).toEqual([1, 0]);

    for (const c of [jixie, kjt]) {
      const r = await c.post(`/api/v1/progress-reports/${id}/publish`, { rowVersion, publicSummary: '摘要' });
      expect(r.status).toBe(403);
      expect((await c.post(`/api/v1/progress-reports/${id}/withdraw-disclosure`, { rowVersion, reason: '原因' })).status).toBe(403);
    }
    const jinan = await as(ctx.app, 'jinan.admin');
    const out = await jinan.post(`/api/v1/progress-reports/${id}/publish`, { rowVersion, publicSummary: '摘要' });
    expect(out.status).toBe(403);
    expect(out.body.code).toBe('OUT_OF_SCOPE');
    const stale = await admin.post(`/api/v1/progress-reports/${id}/publish`, { rowVersion: rowVersion + 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('CONFLICT');
    const long = await admin.post(`/api/v1/progress-reports/${id}/publish`, { rowVersion, publicSummary: '长'.repeat(2001) });
    expect(long.status).toBe(400);
    expect(long.body.errors).toContainEqual({ path: 'body.publicSummary', message: '公开摘要不能超过 2000 个字' });
    const extra = await admin.post(`/api/v1/progress-reports/${id}/publish`, { rowVersion, body: '改正文' });
    expect(extra.status).toBe(400);
    const notPublished = await admin.post(`/api/v1/progress-reports/${id}/withdraw-disclosure`, { rowVersion, reason: '原因' });
    expect(notPublished.status).toBe(409);
    expect(notPublished.body.code).toBe('INVALID_STATE');
    const noReason = await admin.post(`/api/v1/progress-reports/${id}/withdraw-disclosure`, { rowVersion, reason: ' ' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toContainEqual({ path: 'body.reason', message: '请填写撤回公开的原因' });
    expect(await state()).toEqual([1, 0]);
    expect(await portal(pid)).toEqual([]);

    // Two publishes at the same moment: exactly one wins.
    const staff = await as(ctx.app, 'sheng.staff');
    const race = await Promise.all([admin, staff].map((c) => c.post(`/api/v1/progress-reports/${id}/publish`, { rowVersion, publicSummary: '第一季度已组建专家组。' })));
    expect(race.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await n(sql`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = ${id} AND action = 'progress.publish'`)).toBe(1);
    expect(await portal(pid)).toHaveLength(1);
  }, 90_000);
});
