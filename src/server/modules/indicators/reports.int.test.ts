// STA-3 (issue 14): the self-evaluation report of the demo province and the work report of its
// programme, generated from the data as Word, PDF and Excel and read back as their reader would — the
// Word file from its XML, the PDF through pdftotext (poppler-utils), the workbook through exceljs: the
// indicators, the projects, the evaluation results and the cases are in them; out of scope is refused.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { SEED_YEAR, TestClient, as, createTestContext, type TestContext } from '../../testing/harness.js';
import { readZipEntries } from '../taskbooks/documents/extract.js';

let ctx: TestContext;
let admin: TestClient;
const squeeze = (s: string) => s.replace(/\s+/g, '');

beforeAll(async () => {
  ctx = await createTestContext();
  admin = await as(ctx.app, 'sheng.admin');
});
afterAll(() => ctx?.close());

async function pdfText(pdf: Buffer): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cj-sta3-'));
  try {
    const src = path.join(dir, 'in.pdf');
    fs.writeFileSync(src, pdf);
    const { stdout } = await promisify(execFile)('pdftotext', ['-raw', '-enc', 'UTF-8', src, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    return squeeze(stdout);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
const docxText = (docx: Buffer) => squeeze((readZipEntries(docx, ['word/document.xml']).get('word/document.xml')?.toString('utf8') ?? '').replace(/<[^>]+>/g, ''));

describe('STA-3 reports generated from the data', () => {
  it('writes the province’s self-evaluation report with its indicators, projects and evaluations, as Word, PDF and Excel', async () => {
    const sheet = (await admin.get(`/api/v1/indicators?year=${SEED_YEAR}`)).body;
    const undertaken = sheet.indicators.find((i: { key: string }) => i.key === 'itemsUndertaken').value as number;
    const [project] = ((await ctx.database.db.execute(sql`SELECT pp.title FROM pilot_projects pp JOIN programmes p ON p.id = pp.programme_id WHERE p.year = ${SEED_YEAR} ORDER BY pp.selected_at DESC LIMIT 1`)) as unknown as { rows: { title: string }[] }).rows;

    const docx = await admin.request('GET', `/api/v1/reports/self-evaluation?year=${SEED_YEAR}&format=docx`);
    expect(docx.status, docx.raw.toString('utf8').slice(0, 300)).toBe(200);
    expect(docx.headers['content-disposition']).toContain(encodeURIComponent('绩效自评报告'));
    const word = docxText(docx.raw);
    expect(word).toContain('绩效自评报告');
    expect(word).toContain('绩效指标完成情况');
    expect(word).toContain(`承接事项${undertaken}项`);
    expect(word).toContain(squeeze(project.title));
    expect(word).toContain('山东省科学技术协会');

    const pdf = await admin.request('GET', `/api/v1/reports/self-evaluation?year=${SEED_YEAR}&format=pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.raw.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await pdfText(pdf.raw);
    expect(text).toContain('绩效自评报告');
    expect(text).toContain('在谈政府部门');
    expect(text).toContain(squeeze(project.title));

    const xlsx = await admin.request('GET', `/api/v1/reports/self-evaluation?year=${SEED_YEAR}&format=xlsx`);
    expect(xlsx.status).toBe(200);
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.raw as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(['基本情况', '绩效指标完成情况', '事项和项目情况', '典型案例']));
    const indicatorsSheet = wb.getWorksheet('绩效指标完成情况')!;
    const cells: string[] = [];
    indicatorsSheet.eachRow((r) => r.eachCell((c) => cells.push(String(c.value))));
    expect(cells).toContain('承接事项');
    expect(cells).toContain(`${undertaken} 项`);
  });

  it('writes a programme’s work report, and refuses what the caller may not read', async () => {
    const [p] = ((await ctx.database.db.execute(sql`SELECT id, name FROM programmes WHERE association_id = ${ctx.ids.province} AND status <> 'draft' LIMIT 1`)) as unknown as { rows: { id: string; name: string }[] }).rows;
    const res = await admin.request('GET', `/api/v1/programmes/${p.id}/work-report?format=docx`);
    expect(res.status).toBe(200);
    const word = docxText(res.raw);
    expect(word).toContain(squeeze(`${p.name}`));
    expect(word).toContain('工作报告');
    expect(word).toContain('实施和监督');
    // PRG-1: the leading group as the programme's parameters name it
    const [g] = ((await ctx.database.db.execute(sql`SELECT parameters ->> 'leadingGroupLeader' AS leader, parameters -> 'leadingGroupMembers' AS members FROM programmes WHERE id = ${p.id}`)) as unknown as {
      rows: { leader: string | null; members: string[] }[];
    }).rows;
    expect(word).toContain('领导小组');
    if (g.leader) expect(word).toContain(squeeze(`组长单位：${g.leader}`));
    for (const m of g.members) expect(word).toContain(squeeze(m));
    const county = await as(ctx.app, 'pingyin.admin');
    expect((await county.request('GET', `/api/v1/programmes/${p.id}/work-report?format=pdf`)).status).toBe(404);
    expect((await county.request('GET', `/api/v1/reports/self-evaluation?associationId=${ctx.ids.province}&format=pdf`)).status).toBe(404);
    const society = await as(ctx.app, 'jixie.user');
    expect((await society.request('GET', `/api/v1/reports/self-evaluation?format=pdf`)).status).toBe(403);
    const bad = await admin.get(`/api/v1/reports/self-evaluation?format=doc`);
    expect(bad.status).toBe(400);
  });

  it('reports the programme’s supervision instruments with their records, listed first, and follows the parameter (PRG-2)', async () => {
    const db = ctx.database.db;
    const one = async <T>(q: ReturnType<typeof sql>) => ((await db.execute(q)) as unknown as { rows: T[] }).rows[0];
    const p = (await one<{ id: string; measures: string[] }>(sql`SELECT id, parameters -> 'supervisionMeasures' AS measures FROM programmes WHERE association_id = ${ctx.ids.province} AND preset_code = '001' AND status <> 'draft'`))!;
    expect(p.measures).toEqual(['majorMatterApproval', 'trackingSupervision', 'regularMeetings', 'briefings']);
    // the demo's records of the programme, counted here from the tables
    const projectCount = async (table: string) =>
      Number((await one<{ n: string }>(sql`SELECT count(*) AS n FROM ${sql.identifier(table)} WHERE project_id IN (SELECT id FROM pilot_projects WHERE programme_id = ${p.id})`))!.n);
    const matters = await projectCount('major_matters');
    const observersN = await projectCount('observers');
    const inspectionsN = await projectCount('inspections');
    const meetings = Number((await one<{ n: string }>(sql`SELECT count(*) AS n FROM programme_meetings WHERE programme_id = ${p.id} AND kind = 'regular'`))!.n);
    const briefingsN = Number((await one<{ n: string }>(sql`SELECT count(*) AS n FROM briefings WHERE programme_id = ${p.id}`))!.n);
    const trainings = Number((await one<{ n: string }>(sql`SELECT count(*) AS n FROM training_records WHERE programme_id = ${p.id} AND kind = 'training'`))!.n);
    expect(matters * meetings * briefingsN * observersN * inspectionsN * trainings).toBeGreaterThan(0); // the demo has each

    const sectionRows = async () => {
      const xlsx = await admin.request('GET', `/api/v1/programmes/${p.id}/work-report?format=xlsx`);
      expect(xlsx.status).toBe(200);
      const { default: ExcelJS } = await import('exceljs');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.raw as unknown as ArrayBuffer);
      const ws = wb.getWorksheet('监管措施');
      expect(ws, wb.worksheets.map((w) => w.name).join()).toBeTruthy();
      const rows: string[][] = [];
      ws!.eachRow((r) => rows.push((r.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
      return rows.filter((r) => r.length === 4 && r[0] !== '监管措施');
    };
    const rows = await sectionRows();
    // the listed instruments in the programme's order, with their records; 跟踪督导 has none of its own
    expect(rows.slice(0, 4)).toEqual([
      ['重大事项报批', '重大事项', `${matters} 项`, '列明'],
      ['跟踪督导', '—', '—', '列明'],
      ['工作例会', '工作例会', `${meetings} 次`, '列明'],
      ['工作简报', '工作简报', `${briefingsN} 期`, '列明'],
    ]);
    // then what the programme does not list but has records anyway, marked
    expect(rows.slice(4).every((r) => r[3] === '本方案未列明')).toBe(true);
    expect(rows.slice(4)).toEqual(
      expect.arrayContaining([
        ['派观察员参与项目巡视', '观察员委派', `${observersN} 人次`, '本方案未列明'],
        ['专家组检查', '专家组检查', `${inspectionsN} 次`, '本方案未列明'],
        ['专项培训', '专项培训', `${trainings} 次`, '本方案未列明'],
      ]),
    );
    const word = docxText((await admin.request('GET', `/api/v1/programmes/${p.id}/work-report?format=docx`)).raw);
    expect(word).toContain('监管措施');
    expect(word.indexOf('重大事项报批')).toBeLessThan(word.indexOf('本方案未列明'));
    const pdf = await admin.request('GET', `/api/v1/programmes/${p.id}/work-report?format=pdf`);
    expect(await pdfText(pdf.raw)).toContain('本方案未列明');

    // the project page reads the same parameter
    const project = (await one<{ id: string }>(sql`SELECT id FROM pilot_projects WHERE programme_id = ${p.id} ORDER BY selected_at LIMIT 1`))!;
    expect((await admin.get(`/api/v1/projects/${project.id}`)).body.supervisionMeasures).toEqual(p.measures);

    // a programme listing other instruments: they come first, the major matters are now unlisted
    await db.execute(sql`UPDATE programmes SET parameters = jsonb_set(parameters, '{supervisionMeasures}', '["expertInspection", "observers"]'::jsonb) WHERE id = ${p.id}`);
    const after = await sectionRows();
    expect(after.slice(0, 2)).toEqual([
      ['专家组检查', '专家组检查', `${inspectionsN} 次`, '列明'],
      ['派观察员参与项目巡视', '观察员委派', `${observersN} 人次`, '列明'],
    ]);
    expect(after.slice(2)).toEqual(expect.arrayContaining([['重大事项报批', '重大事项', `${matters} 项`, '本方案未列明'], ['工作简报', '工作简报', `${briefingsN} 期`, '本方案未列明']]));
    expect(after.slice(2).every((r) => r[3] === '本方案未列明')).toBe(true);
    expect(after.map((r) => r[0])).not.toContain('跟踪督导'); // unlisted and without records of its own
    expect((await admin.get(`/api/v1/projects/${project.id}`)).body.supervisionMeasures).toEqual(['expertInspection', 'observers']);

    // one more record, entered through the API, moves its count
    const recorded = await admin.post(`/api/v1/programmes/${p.id}/training-records`, { kind: 'training', title: '承接工作专项培训（补充）', heldOn: `${SEED_YEAR}-06-01`, content: '任务书履行和经费管理' });
    expect(recorded.status, JSON.stringify(recorded.body)).toBe(201);
    expect((await sectionRows()).find((r) => r[0] === '专项培训')).toEqual(['专项培训', '专项培训', `${trainings + 1} 次`, '本方案未列明']);
  });
});
