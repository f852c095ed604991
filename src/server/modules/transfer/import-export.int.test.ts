// FUN-5 through HTTP on both drivers: the programme's template, an import that names each bad row
// and imports nothing, a clean import published at once, and the export of what the user may see.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { TestClient, as, createTestContext, scalar, type TestContext } from '../../testing/harness.js';

let ctx: TestContext;
let kjt: TestClient;
let admin: TestClient;
let programmeId: string;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

beforeAll(async () => {
  ctx = await createTestContext();
  kjt = await as(ctx.app, 'kjt.user');
  admin = await as(ctx.app, 'sheng.admin');
  programmeId = ctx.ids.programmes.shandong;
});
afterAll(async () => ctx?.close());

async function filledTemplate(rows: (string | number | null)[][]): Promise<Buffer> {
  const t = await kjt.get(`/api/v1/programmes/${programmeId}/items/template`);
  expect(t.status).toBe(200);
  expect(t.headers['content-type']).toBe(XLSX);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(t.raw as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('可转移职能事项')!;
  rows.forEach((r, i) => ws.getRow(i + 2).values = r as ExcelJS.CellValue[]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const upload = (file: Buffer, publish: boolean) => kjt.request('POST', `/api/v1/programmes/${programmeId}/items/import?publish=${publish}`, undefined, { headers: { 'content-type': XLSX }, rawBody: file });
const count = () => scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM transfer_items`);

describe('Excel import and export (FUN-5)', () => {
  it('offers a template with the programme\'s Chinese headers', async () => {
    const t = await kjt.get(`/api/v1/programmes/${programmeId}/items/template`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(t.raw as unknown as ArrayBuffer);
    const headers = (wb.getWorksheet('可转移职能事项')!.getRow(1).values as string[]).filter(Boolean);
    expect(headers).toEqual(['事项名称', '事项类别', '事项内容', '设定依据', '委托方式', '预算金额（元）', '预计实施期限', '承接资质要求']);
  });

  it('reports every bad row and field in Chinese and imports nothing', async () => {
    const before = await count();
    const file = await filledTemplate([
      ['导入事项甲', '技术标准研制（团体标准） / 物联网', '物联网团体标准研制', null, '授权委托', 12000.5, '6个月', null],
      ['导入事项乙', '不存在的类别', '内容', null, '授权委托', null, null, null],
      ['', '省级科技奖励推荐', '内容', null, '购买服务', '-5', null, null],
    ]);
    const res = await upload(file, true);
    expect(res.status).toBe(400);
    expect(res.body.title).toBe('请求参数有误');
    const rows = res.body.rowErrors as { row: number; column: string; message: string }[];
    expect(rows.map((e) => [e.row, e.column])).toEqual(expect.arrayContaining([[3, '事项类别'], [4, '事项名称'], [4, '预算金额（元）']]));
    expect(res.body.errors.every((e: { message: string }) => /^第 \d+ 行“.+”：/.test(e.message))).toBe(true);
    expect(await count()).toBe(before);
  });

  it('imports a clean file in one go, published with revision 1, and the relay to-do opens', async () => {
    const before = await count();
    const file = await filledTemplate([
      ['导入物联网标准研制', '技术标准研制（团体标准） / 物联网', '物联网团体标准研制', '中办发〔2016〕21号', '授权委托', '12,000.50', '6个月', null],
      ['导入科技奖励推荐', '省级科技奖励推荐', '组织省级科技奖励推荐工作', null, '购买服务', null, null, '熟悉奖励推荐程序'],
    ]);
    const res = await upload(file, true);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toEqual({ imported: 2, status: 'published' });
    expect(res.headers.location).toBe(`/api/v1/items?programmeId=${programmeId}`);
    expect(await count()).toBe(before + 2);
    const list = (await kjt.get('/api/v1/items?q=' + encodeURIComponent('导入物联网标准研制'))).body.items;
    expect(list[0]).toMatchObject({ status: 'published', revision: 1, budgetFen: 1_200_050, categoryCode: 'standard_iot' });
    const pub = await new TestClient(ctx.app).get(`/api/v1/public/items/${list[0].id}`);
    expect(pub.body.revisions).toHaveLength(1);
    const todos = (await admin.get('/api/v1/todos?limit=100')).body.items;
    expect(todos.some((t: { kind: string; entityId: string }) => t.kind === 'item.relay' && t.entityId === programmeId)).toBe(true);
    expect(await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'item.import.publish'`)).toBe(1);
  });

  it('exports only what the user may see, with Chinese labels', async () => {
    const res = await kjt.get(`/api/v1/items/export?programmeId=${programmeId}`);
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.raw as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    // the list's column titles (ItemsPage.tsx) after the template's own
    expect((ws.getRow(1).values as unknown[]).slice(-4)).toEqual(['状态', '版本', '委托部门', '发布日期']);
    const titles: string[] = [];
    ws.eachRow((row, n) => n > 1 && titles.push(String(row.getCell(1).value)));
    expect(titles).toContain('导入物联网标准研制');
    expect(titles).toContain('急需紧缺人才培养和科技人员继续教育'); // its own draft
    expect(titles).not.toContain('工业机器人团体标准研制'); // another department's
  });

  it('exports the rows the list shows: the same keyword and category filters', async () => {
    const rowsOf = async (query: string) => {
      const res = await kjt.get(`/api/v1/items/export?programmeId=${programmeId}&${query}`);
      expect(res.status).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.raw as unknown as ArrayBuffer);
      const titles: string[] = [];
      wb.worksheets[0].eachRow((row, n) => n > 1 && titles.push(String(row.getCell(1).value)));
      return titles.sort();
    };
    const listed = async (query: string) => ((await kjt.get(`/api/v1/items?programmeId=${programmeId}&limit=100&${query}`)).body.items as { title: string }[]).map((i) => i.title).sort();
    const keyword = 'q=' + encodeURIComponent('导入物联网标准研制');
    expect(await rowsOf(keyword)).toEqual(['导入物联网标准研制']);
    expect(await rowsOf(keyword)).toEqual(await listed(keyword));
    const category = 'categoryCode=standard_iot';
    expect((await rowsOf(category)).length).toBeGreaterThan(0);
    expect(await rowsOf(category)).toEqual(await listed(category));
    expect((await kjt.get(`/api/v1/items/export?programmeId=${programmeId}&nonsense=1`)).status).toBe(400);
  });
});
