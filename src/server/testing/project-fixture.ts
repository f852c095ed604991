// Test fixture for what follows selection (issue 4): a published programme under a preset, a
// published item of 山东省科学技术厅, and the pilot project the department's choice of 山东省机械工程学会
// makes. The way there is tested through HTTP in modules/selection; here the rows are written as
// selection writes them, so task book and supervision tests start from an established project.
import crypto from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { declarations, organisations, pilotProjects, transferItems } from '../db/schema.js';
import type { TestClient, TestContext } from './harness.js';

interface Category {
  code: string;
  children?: Category[];
}
const leafOf = (cats: Category[]): string => (cats[0].children ? leafOf(cats[0].children) : cats[0].code);

export interface EstablishedProject {
  programmeId: string;
  projectId: string;
  itemId: string;
  parameters: Record<string, unknown> & { commissioningModes: string[]; changeApprovers: string[]; majorMatterSteps: string[] };
}

export async function establishProject(ctx: TestContext, admin: TestClient, dept: TestClient, presetCode: string, title: string): Promise<EstablishedProject> {
  const year = new Date().getFullYear();
  const created = await admin.post('/api/v1/programmes', { associationId: ctx.ids.province, presetCode, name: `${title}所属方案`, year });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const pub = await admin.post(`/api/v1/programmes/${created.body.id}/publish`, { version: created.body.version, confirmPastStages: true }); // this year's stages as they are (issue 11 §5)
  expect(pub.status, JSON.stringify(pub.body)).toBe(200);
  const programme = pub.body as { id: string; categories: Category[]; parameters: EstablishedProject['parameters'] };
  const mode = programme.parameters.commissioningModes[0] ?? 'authorisedCommission';
  const item = await dept.post('/api/v1/items', { programmeId: programme.id, title, categoryCode: leafOf(programme.categories), description: `${title}：组织专家开展工作并形成报告。`, commissioningMode: mode, budgetFen: 1_000_000, expectedPeriod: '12个月' });
  expect(item.status, JSON.stringify(item.body)).toBe(201);
  const published = await dept.post(`/api/v1/items/${item.body.id}/publish`, { version: item.body.version });
  expect(published.status, JSON.stringify(published.body)).toBe(200);
  const db = ctx.database.db;
  const [society] = await db.select().from(organisations).where(eq(organisations.name, '山东省机械工程学会'));
  const [row] = await db.select().from(transferItems).where(eq(transferItems.id, item.body.id));
  const declarationId = crypto.randomUUID();
  const projectId = crypto.randomUUID();
  await db.transaction(async (tx) => {
    await tx.insert(declarations).values({ id: declarationId, itemId: row.id, programmeId: programme.id, societyId: society.id, societyPath: society.path, associationId: row.associationId, status: 'selected', capacityStatement: '本会具备承接能力。', qualification: {}, decidedAt: new Date() });
    await tx.update(transferItems).set({ status: 'assigned', version: sql`${transferItems.version} + 1` }).where(eq(transferItems.id, row.id));
    await tx.insert(pilotProjects).values({ id: projectId, programmeId: programme.id, itemId: row.id, declarationId, departmentId: row.departmentId, societyId: society.id, associationId: row.associationId, associationPath: row.associationPath, title, categoryCode: row.categoryCode, selectionReason: '专家资源和同类经验更优。' });
  });
  return { programmeId: programme.id, projectId, itemId: row.id, parameters: programme.parameters };
}

/** A task book content that is ready for signature under the programme's parameters. */
export function completeContent(title: string, mode: string) {
  return {
    society: {
      legalRepName: '王建国',
      legalRepMobile: '13800000001',
      leaderName: '李明',
      leaderPost: 'secretaryGeneral',
      leaderMobile: '13800000002',
      leaderEmail: 'liming@example.org',
      leaderApproval: { body: 'council', decidedOn: '2026-03-01', reference: '第八届理事会第三次会议' },
      selfRaisedFen: 200_000,
    },
    department: {
      division: '基础研究处',
      headName: '张华',
      contactName: '赵敏',
      contactPhone: '0531-12345678',
      cooperationMode: mode,
      funding: { supported: true, budgetFen: 1_000_000, nature: 'fiscal', source: 'projectFunds', policySupport: true },
    },
    association: {
      division: '学会学术部',
      headName: '刘洋',
      contactName: '陈静',
      contactPhone: '0531-87654321',
      funding: { supported: false, policySupport: true },
    },
    project: {
      content: `${title}：组织专家开展工作并形成报告。`,
      rightsAndDuties: '委托单位监督检查，承接单位按任务书实施，协调单位指导保障。',
      goals: '形成评估报告一份。',
      keyTasks: '制定方案、组织评估、形成报告。',
      qualityRequirements: '评估结论客观公正，报告经专家论证。',
      fundsSource: '委托单位项目经费',
      kpis: [{ name: '评估基地数量', target: 30, unit: '个' }],
      schedule: [
        { name: '制定评估方案', dueOn: '2027-01-31', deliverable: '评估方案' },
        { name: '完成评估报告', dueOn: '2027-06-30', deliverable: '评估报告' },
      ],
      members: [{ name: '李明', employer: '山东省机械工程学会', title: '秘书长', role: '项目负责人' }],
    },
  };
}

/** An established project whose first task book all three parties have signed: implementation starts. */
export async function signedProject(ctx: TestContext, c: { admin: TestClient; dept: TestClient; society: TestClient }, presetCode: string, title: string): Promise<EstablishedProject & { taskBookId: string }> {
  const est = await establishProject(ctx, c.admin, c.dept, presetCode, title);
  const mode = est.parameters.commissioningModes[0] ?? 'authorisedCommission';
  const content = completeContent(title, mode);
  const drafted = await c.admin.post(`/api/v1/projects/${est.projectId}/task-books`);
  expect(drafted.status, JSON.stringify(drafted.body)).toBe(201);
  let rowVersion: number = drafted.body.rowVersion;
  const id: string = drafted.body.id;
  for (const [client, part] of [
    [c.dept, 'department'],
    [c.society, 'society'],
    [c.admin, 'association'],
    [c.admin, 'project'],
  ] as const) {
    const r = await client.put(`/api/v1/task-books/${id}/parts/${part}`, { rowVersion, value: content[part] });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    rowVersion = r.body.rowVersion;
  }
  for (const client of [c.society, c.dept, c.admin]) {
    const r = await client.post(`/api/v1/task-books/${id}/sign`, { rowVersion });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    rowVersion = r.body.rowVersion;
  }
  return { ...est, taskBookId: id };
}
