// Issue 4 step 5 (SUP-2) through HTTP on both drivers under presets 000, 001, 002: milestones come
// from the signed task book's schedule; the society files progress reports (with evidence) against
// them or in general, the department or association acknowledges them; an overdue milestone raises
// one alert to the three parties and one to-do for the society — exactly once, also when two
// processes (two connection pools on PostgreSQL) run the job at the same moment; a task book v2
// keeps reported milestones and moves changed ones.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { as, createTestContext, scalar, type TestClient, type TestContext } from '../../testing/harness.js';
import { completeContent, signedProject } from '../../testing/project-fixture.js';
import { openDatabase, type Database } from '../../db/client.js';
import { organisations, users } from '../../db/schema.js';
import { permissionsOf, scopeRootPath } from '../../../domain/access/roles.js';
import type { Actor } from '../../platform/actor.js';
import { createNextVersion } from '../taskbooks/taskbooks.js';
import { runOverdueMilestoneAlerts, type ClaimedMilestone } from './milestones.js';
import type { TaskBookContent } from '../../../domain/taskbook/taskbook.types.js';

let ctx: TestContext;
let admin: TestClient;
let kjt: TestClient;
let jixie: TestClient;

beforeAll(async () => {
  ctx = await createTestContext();
  admin = await as(ctx.app, 'sheng.admin');
  kjt = await as(ctx.app, 'kjt.user');
  jixie = await as(ctx.app, 'jixie.user');
}, 120_000);
afterAll(async () => ctx?.close());

type Milestone = { id: string; name: string; dueOn: string; status: string; overdue: boolean; reportCount: number; overdueAlertedAt: string | null; taskBookVersion: number; completedByReportId: string | null; actions: string[] };

const upload = (c: TestClient, name: string) => c.request('POST', `/api/v1/attachments?filename=${encodeURIComponent(name)}`, undefined, { headers: { 'content-type': 'application/octet-stream' }, rawBody: `bytes of ${name}` });
const n = (q: ReturnType<typeof sql>) => scalar(ctx.database.db, q);
const milestonesOf = async (c: TestClient, pid: string): Promise<{ items: Milestone[]; nextCursor: null; today: string; actions: string[] }> => (await c.get(`/api/v1/projects/${pid}/milestones`)).body;
const byName = (items: Milestone[], name: string) => items.find((m) => m.name === name)!;

async function actorOf(username: string): Promise<Actor> {
  const db = ctx.database.db;
  const [u] = await db.select().from(users).where(eq(users.username, username));
  const [o] = await db.select().from(organisations).where(eq(organisations.id, u.orgId));
  return { userId: u.id, username, displayName: u.displayName, orgId: o.id, orgName: o.name, orgType: o.type, orgPath: o.path, roles: ['association_admin'], permissions: permissionsOf(['association_admin']), scopePath: scopeRootPath(o), sessionIdHash: 'test', csrfToken: 'test', needsTotpEnrollment: false, totpEnabled: false };
}

/** SUP-5 stand-in (the change request flow is tested elsewhere): make version n+1 with a new schedule and have the three sign it through the API. */
async function newVersionSigned(pid: string, schedule: { name: string; dueOn: string; deliverable?: string }[]): Promise<{ id: string; version: number }> {
  const actor = await actorOf('sheng.admin');
  const [latest] = (await ctx.database.db.execute(sql`SELECT content FROM task_books WHERE project_id = ${pid} ORDER BY version DESC LIMIT 1`) as unknown as { rows: { content: TaskBookContent }[] }).rows;
  const content = { ...latest.content, project: { ...latest.content.project, schedule } } as TaskBookContent;
  const book = await ctx.database.db.transaction((tx) => createNextVersion(tx, { actor, meta: { ip: null, requestId: 'test' }, projectId: pid, content, changeRequestId: crypto.randomUUID() }));
  let rowVersion = book.rowVersion;
  for (const c of [jixie, kjt, admin]) {
    const r = await c.post(`/api/v1/task-books/${book.id}/sign`, { rowVersion });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    rowVersion = r.body.rowVersion;
  }
  return { id: book.id, version: book.version };
}

describe.each(['000', '001', '002', '004'])('milestones and progress reports under preset %s (SUP-2)', (preset) => {
  it('takes milestones from the signed schedule; the society reports, the department and association acknowledge; overdue nodes alert once', async () => {
    const est = await signedProject(ctx, { admin, dept: kjt, society: jixie }, preset, `预置${preset}进度节点试点项目`);
    const pid = est.projectId;
    const schedule = completeContent('x', 'y').project.schedule;

    // SUP-2: the two nodes of the schedule, in order; the society may report on each.
    const m0 = await milestonesOf(jixie, pid);
    expect(m0.items.map((m) => `${m.name}@${m.dueOn}:${m.status}`)).toEqual(schedule.map((s) => `${s.name}@${s.dueOn}:open`));
    expect(m0.items.every((m) => m.actions.includes('report') && m.taskBookVersion === 1)).toBe(true);
    expect(m0.actions).toEqual(['report']);
    expect(m0.nextCursor).toBeNull();
    expect(m0.today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((await milestonesOf(kjt, pid)).actions).toEqual([]);
    const [first, second] = m0.items;

    // A general report with evidence; then one that completes the first node.
    const file = await upload(jixie, '第一季度进展.docx');
    const general = await jixie.post(`/api/v1/projects/${pid}/progress-reports`, { title: '第一季度工作进展', body: '已组建专家组，完成评估指标体系初稿。', attachmentIds: [file.body.id] });
    expect(general.status, JSON.stringify(general.body)).toBe(201);
    expect(general.headers.location).toBe(`/api/v1/progress-reports/${general.body.id}`);
    expect((await jixie.get(general.headers.location as string)).body).toEqual(general.body);
    expect(general.status, JSON.stringify(general.body)).toBe(201);
    expect(general.body).toMatchObject({ status: 'submitted', milestoneId: null, completesMilestone: false, actions: [] });
    expect(general.body.attachments).toHaveLength(1);
    expect(await n(sql`SELECT count(*)::int AS n FROM todos WHERE kind = 'progress.acknowledge' AND entity_id = ${general.body.id} AND status = 'open'`)).toBe(2);
    expect((await kjt.get(`/api/v1/attachments/${file.body.id}`)).status).toBe(200);
    const done = await jixie.post(`/api/v1/projects/${pid}/progress-reports`, { milestoneId: first.id, completesMilestone: true, title: '评估方案已定稿', body: '评估方案经专家论证后定稿。' });
    expect(done.status).toBe(201);
    expect(done.body).toMatchObject({ milestoneId: first.id, milestoneName: first.name, completesMilestone: true });
    const m1 = await milestonesOf(admin, pid);
    expect(byName(m1.items, first.name)).toMatchObject({ status: 'completed', completedByReportId: done.body.id, reportCount: 1, actions: [] });
    expect(byName(m1.items, second.name).reportCount).toBe(0);

    // The department sees what to acknowledge; acknowledging closes both organisations' to-dos.
    const list = await kjt.get(`/api/v1/projects/${pid}/progress-reports`);
    expect(list.body.items.map((r: { id: string }) => r.id)).toEqual([done.body.id, general.body.id]);
    expect(list.body).toMatchObject({ nextCursor: null, actions: [] });
    expect(list.body.items[0].actions).toEqual(['acknowledge']);
    const ack = await kjt.post(`/api/v1/progress-reports/${general.body.id}/acknowledge`, { rowVersion: general.body.rowVersion, comment: '进展顺利，请按期推进。' });
    expect(ack.status, JSON.stringify(ack.body)).toBe(200);
    expect(ack.body).toMatchObject({ status: 'acknowledged', statusLabel: '已阅', acknowledgedByOrgName: '山东省科学技术厅', acknowledgeComment: '进展顺利，请按期推进。', actions: [] });
    expect(await n(sql`SELECT count(*)::int AS n FROM todos WHERE kind = 'progress.acknowledge' AND entity_id = ${general.body.id} AND status = 'open'`)).toBe(0);
    const again = await admin.post(`/api/v1/progress-reports/${general.body.id}/acknowledge`, { rowVersion: ack.body.rowVersion });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('INVALID_STATE');
    expect((await admin.post(`/api/v1/progress-reports/${done.body.id}/acknowledge`, { rowVersion: done.body.rowVersion })).status).toBe(200);

    // Overdue: the day after the second node's due date, one alert to each party and one to-do.
    const today = '2027-07-01';
    const claimed = await runOverdueMilestoneAlerts(ctx.database.db, today);
    expect(claimed.filter((c) => c.projectId === pid).map((c) => c.name)).toEqual([second.name]);
    expect(await n(sql`SELECT count(DISTINCT recipient_org_id)::int AS n FROM notifications WHERE entity_id = ${second.id} AND title LIKE '关键节点已逾期%'`)).toBe(3);
    expect(await n(sql`SELECT count(*)::int AS n FROM todos WHERE kind = 'milestone.overdue' AND entity_id = ${second.id} AND status = 'open'`)).toBe(1);
    expect((await runOverdueMilestoneAlerts(ctx.database.db, today)).filter((c) => c.projectId === pid)).toEqual([]);
    expect(await n(sql`SELECT count(*)::int AS n FROM notifications WHERE entity_id = ${second.id}`)).toBe(await n(sql`SELECT count(DISTINCT recipient_user_id)::int AS n FROM notifications WHERE entity_id = ${second.id}`)); // once per person
    expect(await n(sql`SELECT count(DISTINCT recipient_org_id)::int AS n FROM notifications WHERE entity_id = ${second.id}`)).toBe(3);
    const overdueTodo = (await jixie.get('/api/v1/todos?status=open&limit=100')).body.items.find((t: { kind: string; entityId: string }) => t.kind === 'milestone.overdue' && t.entityId === second.id);
    expect(overdueTodo.link).toBe(`/app/projects/${pid}?tab=progress`);
    expect(byName((await milestonesOf(jixie, pid)).items, second.name).overdueAlertedAt).not.toBeNull();

    // Reporting the node complete closes the society's to-do.
    const late = await jixie.post(`/api/v1/projects/${pid}/progress-reports`, { milestoneId: second.id, completesMilestone: true, title: '评估报告已完成', body: '评估报告已提交委托单位。' });
    expect(late.status).toBe(201);
    expect(await n(sql`SELECT count(*)::int AS n FROM todos WHERE kind = 'milestone.overdue' AND entity_id = ${second.id} AND status = 'open'`)).toBe(0);
    expect(await n(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'milestone.complete' AND entity_id IN (${first.id}, ${second.id})`)).toBe(2);
  }, 90_000);

  it('refuses the wrong party, other organisations, wrong states, stale versions and bad input — changing nothing', async () => {
    const est = await signedProject(ctx, { admin, dept: kjt, society: jixie }, preset, `预置${preset}进度拒绝项目`);
    const other = await signedProject(ctx, { admin, dept: kjt, society: jixie }, preset, `预置${preset}进度另一项目`);
    const pid = est.projectId;
    const [first] = (await milestonesOf(jixie, pid)).items;
    const [foreign] = (await milestonesOf(jixie, other.projectId)).items;
    const r = await jixie.post(`/api/v1/projects/${pid}/progress-reports`, { milestoneId: first.id, completesMilestone: true, title: '节点完成', body: '已完成。' });
    expect(r.status).toBe(201);
    const counts = async () => [await n(sql`SELECT count(*)::int AS n FROM progress_reports WHERE project_id = ${pid}`), await n(sql`SELECT count(*)::int AS n FROM audit_log WHERE entity_type IN ('progress_report', 'milestone')`), await n(sql`SELECT count(*)::int AS n FROM milestones WHERE project_id = ${pid} AND status = 'completed'`)];
    const before = await counts();

    const report = { title: '进展', body: '内容' };
    expect((await kjt.post(`/api/v1/projects/${pid}/progress-reports`, report)).status).toBe(403);
    expect((await admin.post(`/api/v1/projects/${pid}/progress-reports`, report)).status).toBe(403);
    expect((await jixie.post(`/api/v1/progress-reports/${r.body.id}/acknowledge`, { rowVersion: r.body.rowVersion })).status).toBe(403);
    for (const username of ['jinan.admin', 'bianban.user']) {
      const c = await as(ctx.app, username);
      expect((await c.get(`/api/v1/projects/${pid}/milestones`)).status, username).toBe(403);
      expect((await c.get(`/api/v1/projects/${pid}/progress-reports`)).status, username).toBe(403);
      expect((await c.get(`/api/v1/progress-reports/${r.body.id}`)).status, username).toBe(403);
      expect((await c.post(`/api/v1/progress-reports/${r.body.id}/acknowledge`, { rowVersion: r.body.rowVersion })).status, username).toBe(403);
    }
    const stale = await kjt.post(`/api/v1/progress-reports/${r.body.id}/acknowledge`, { rowVersion: r.body.rowVersion + 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('CONFLICT');
    const noNode = await jixie.post(`/api/v1/projects/${pid}/progress-reports`, { ...report, completesMilestone: true });
    expect(noNode.status).toBe(400);
    expect(noNode.body.errors).toContainEqual({ path: 'body.milestoneId', message: '报告节点完成时请选择关键节点' });
    const wrongNode = await jixie.post(`/api/v1/projects/${pid}/progress-reports`, { ...report, milestoneId: foreign.id });
    expect(wrongNode.status).toBe(400);
    expect(wrongNode.body.errors).toContainEqual({ path: 'body.milestoneId', message: '该项目没有这个关键节点' });
    const twice = await jixie.post(`/api/v1/projects/${pid}/progress-reports`, { ...report, milestoneId: first.id, completesMilestone: true });
    expect(twice.status).toBe(400);
    expect(twice.body.errors).toContainEqual({ path: 'body.completesMilestone', message: '该关键节点已报告完成' });
    const emptyTitle = await jixie.post(`/api/v1/projects/${pid}/progress-reports`, { ...report, title: ' ' });
    expect(emptyTitle.status).toBe(400);
    expect(emptyTitle.body.errors).toContainEqual({ path: 'body.title', message: '请填写报告标题' });
    expect(await counts()).toEqual(before);
  }, 90_000);

  it('keeps reported milestones and moves changed ones when task book v2 comes into force', async () => {
    const est = await signedProject(ctx, { admin, dept: kjt, society: jixie }, preset, `预置${preset}任务书变更节点项目`);
    const pid = est.projectId;
    const [first, second] = (await milestonesOf(jixie, pid)).items;
    expect((await jixie.post(`/api/v1/projects/${pid}/progress-reports`, { milestoneId: first.id, completesMilestone: true, title: '方案定稿', body: '已定稿。' })).status).toBe(201);
    await runOverdueMilestoneAlerts(ctx.database.db, '2027-07-01');
    expect(byName((await milestonesOf(jixie, pid)).items, second.name).overdueAlertedAt).not.toBeNull();

    // v2: the first node's date changes (it is reported: kept as it was), the second moves, a new one comes.
    const v2 = await newVersionSigned(pid, [
      { name: first.name, dueOn: '2027-02-28', deliverable: '评估方案' },
      { name: '中期自查', dueOn: '2027-04-30', deliverable: '自查报告' },
      { name: second.name, dueOn: '2027-09-30', deliverable: '评估报告（终稿）' },
    ]);
    expect(v2.version).toBe(2);
    const after = (await milestonesOf(jixie, pid)).items;
    expect(after.map((m) => `${m.name}@${m.dueOn}:${m.status}:v${m.taskBookVersion}`)).toEqual([`${first.name}@${first.dueOn}:completed:v1`, '中期自查@2027-04-30:open:v2', `${second.name}@2027-09-30:open:v2`]);
    expect(byName(after, second.name).id).toBe(second.id);
    // the new date clears the alert and closes the old date's to-do, so the new date can alert again
    expect(byName(after, second.name).overdueAlertedAt).toBeNull();
    expect(await n(sql`SELECT count(*)::int AS n FROM todos WHERE kind = 'milestone.overdue' AND entity_id = ${second.id} AND status = 'open'`)).toBe(0);
    const claimed = await runOverdueMilestoneAlerts(ctx.database.db, '2027-10-01');
    expect(claimed.filter((c) => c.projectId === pid).map((c) => c.name).sort()).toEqual(['中期自查', second.name].sort());

    // v3 drops the new node: it is cancelled, kept for the record.
    await newVersionSigned(pid, [
      { name: first.name, dueOn: '2027-02-28' },
      { name: second.name, dueOn: '2027-09-30' },
    ]);
    const v3 = (await milestonesOf(jixie, pid)).items;
    expect(byName(v3, '中期自查')).toMatchObject({ status: 'cancelled', actions: [] });
    expect(byName(v3, second.name)).toMatchObject({ status: 'open', taskBookVersion: 3 });
    expect(await n(sql`SELECT count(*)::int AS n FROM todos WHERE kind = 'milestone.overdue' AND entity_id = ${byName(v3, '中期自查').id} AND status = 'open'`)).toBe(0);
    expect(await n(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'milestone.reconcile' AND entity_id = ${pid}`)).toBe(3);
    // the plan to-do is asked for once, by the first version in force
    expect(await n(sql`SELECT count(*)::int AS n FROM todos WHERE kind = 'plan.submit' AND entity_id = ${pid}`)).toBe(1);
  }, 90_000);
});

describe('the overdue alert job (SUP-2)', () => {
  it('alerts each overdue milestone exactly once when two processes run it at the same moment', async () => {
    const est = await signedProject(ctx, { admin, dept: kjt, society: jixie }, '002', '逾期提醒并发项目');
    const pid = est.projectId;
    // 60 more overdue nodes of this project, so that the two runs really contend for rows.
    const [tb] = (await ctx.database.db.execute(sql`SELECT id FROM task_books WHERE project_id = ${pid} AND status = 'signed'`) as unknown as { rows: { id: string }[] }).rows;
    await ctx.database.db.execute(sql`
      INSERT INTO milestones (project_id, task_book_id, task_book_version, position, name, due_on)
      SELECT ${pid}, ${tb.id}, 1, 10 + g, '补充节点' || g, '2027-03-01' FROM generate_series(1, 60) AS g`);
    const overdue = await n(sql`SELECT count(*)::int AS n FROM milestones WHERE project_id = ${pid} AND status = 'open' AND overdue_alerted_at IS NULL AND due_on < '2027-12-31'`);
    expect(overdue).toBe(62);

    // Two processes: on PostgreSQL two separate connection pools to the same database; on PGlite
    // (one process by construction) two concurrent calls on the one connection.
    let second: Database | null = null;
    let third: Database | null = null;
    if (ctx.driver === 'postgres') {
      const [{ name }] = (await ctx.database.db.execute(sql`SELECT current_database() AS name`) as unknown as { rows: { name: string }[] }).rows;
      const url = new URL(process.env.TEST_DATABASE_URL!);
      url.pathname = `/${name}`;
      second = await openDatabase({ url: url.toString(), poolSize: 2 });
      third = await openDatabase({ url: url.toString(), poolSize: 2 });
    }
    try {
      const dbs = second && third ? [second.db, third.db] : [ctx.database.db, ctx.database.db];
      const runs: ClaimedMilestone[][] = [];
      for (let round = 0; round < 3; round++) runs.push(...(await Promise.all(dbs.map((db) => runOverdueMilestoneAlerts(db, '2027-12-31')))));
      const mine = runs.map((r) => r.filter((c) => c.projectId === pid).map((c) => c.id));
      const all = mine.flat();
      expect(all.length).toBe(62);
      expect(new Set(all).size).toBe(62);
    } finally {
      await second?.close();
      await third?.close();
    }
    // One alert per milestone: to the people of the three parties (once each), one to-do, one audit row.
    expect(await n(sql`SELECT count(*)::int AS n FROM (SELECT DISTINCT entity_id, recipient_org_id FROM notifications WHERE entity_type = 'milestone' AND entity_id IN (SELECT id FROM milestones WHERE project_id = ${pid})) x`)).toBe(62 * 3);
    expect(await n(sql`SELECT count(*)::int AS n FROM (SELECT entity_id, recipient_user_id FROM notifications WHERE entity_type = 'milestone' AND entity_id IN (SELECT id FROM milestones WHERE project_id = ${pid}) GROUP BY 1, 2 HAVING count(*) > 1) x`)).toBe(0);
    expect(await n(sql`SELECT count(*)::int AS n FROM todos WHERE kind = 'milestone.overdue' AND entity_id IN (SELECT id FROM milestones WHERE project_id = ${pid})`)).toBe(62);
    expect(await n(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'milestone.overdueAlert' AND entity_id IN (SELECT id::text FROM milestones WHERE project_id = ${pid})`)).toBe(62);
    expect(await n(sql`SELECT count(*)::int AS n FROM milestones WHERE project_id = ${pid} AND overdue_alerted_at IS NULL`)).toBe(0);
  }, 120_000);

  it('leaves projects that are not being implemented alone', async () => {
    const est = await signedProject(ctx, { admin, dept: kjt, society: jixie }, '001', '已终止项目不提醒');
    await ctx.database.db.execute(sql`UPDATE pilot_projects SET status = 'terminated' WHERE id = ${est.projectId}`);
    const claimed = await runOverdueMilestoneAlerts(ctx.database.db, '2028-01-01');
    expect(claimed.filter((c) => c.projectId === est.projectId)).toEqual([]);
  }, 60_000);
});
