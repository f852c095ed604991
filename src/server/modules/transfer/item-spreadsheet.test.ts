// FUN-5: import template, row-by-row check of an uploaded file, streaming export.
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { getPreset } from '../../../domain/presets/index.js';
import type { Category, CommissioningMode } from '../../../domain/programme/programme.types.js';
import type { TransferItemInput } from '../../../domain/transfer/transfer.types.js';
import {
  GUIDE_SHEET,
  ITEM_COLUMNS,
  ITEM_SHEET,
  LIST_SHEET,
  MAX_ERRORS,
  NOT_XLSX,
  buildItemTemplate,
  parseItemWorkbook,
  writeItemsWorkbook,
  type ExportRow,
} from './item-spreadsheet.js';
import { UntrustedFileError } from '../../platform/untrusted/refusal.js';
import { buildZip, craftedWorkbook, goodRow } from './testing/crafted-xlsx.js';

const preset = getPreset('001')!;
const categories = preset.categories as Category[];
const commissioningModes = preset.parameters.commissioningModes as CommissioningMode[];
const programme = { name: '山东省学会承接政府转移职能试点', categories, commissioningModes };

const HEADERS = ITEM_COLUMNS.map((c) => c.header);
type Cells = Partial<Record<string, ExcelJS.CellValue>>;

/** A valid row, by Chinese header; `over` replaces cells. */
function item(over: Cells = {}): Cells {
  return {
    事项名称: '省级科研项目完成情况评估',
    事项类别: '相关科技评估 / 省级科研项目完成情况评估',
    事项内容: '对省级科研项目的完成情况开展第三方评估，形成评估报告。',
    设定依据: '《山东省科学技术进步条例》',
    委托方式: '购买服务',
    '预算金额（元）': 120000,
    预计实施期限: '2025年1月—12月',
    承接资质要求: '省级学会，近三年无不良记录',
    ...over,
  };
}

/** A workbook written with exceljs's ordinary writer: one sheet, header row, then `rows` from row 2. */
async function workbook(rows: (Cells | null)[], opts: { headers?: string[]; sheet?: string; before?: string[] } = {}): Promise<Buffer> {
  const headers = opts.headers ?? HEADERS;
  const wb = new ExcelJS.Workbook();
  for (const name of opts.before ?? []) wb.addWorksheet(name).addRow(['别的内容']);
  const ws = wb.addWorksheet(opts.sheet ?? ITEM_SHEET);
  ws.addRow(headers);
  rows.forEach((r, i) => {
    if (r) ws.getRow(i + 2).values = headers.map((h) => r[h] ?? null);
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const parse = (buf: Buffer, opts?: { maxRows?: number }, p = programme) => parseItemWorkbook(buf, p, opts);

const expected: TransferItemInput = {
  title: '省级科研项目完成情况评估',
  categoryCode: 'project_completion_evaluation',
  description: '对省级科研项目的完成情况开展第三方评估，形成评估报告。',
  legalBasis: '《山东省科学技术进步条例》',
  commissioningMode: 'serviceProcurement',
  budgetFen: 12_000_000,
  expectedPeriod: '2025年1月—12月',
  requiredQualifications: '省级学会，近三年无不良记录',
};

async function exportToBuffer(rows: ExportRow[] | AsyncIterable<ExportRow>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const ended = once(out, 'end');
  await writeItemsWorkbook(out, rows, { categories });
  await ended;
  return Buffer.concat(chunks);
}

describe('buildItemTemplate (FUN-5)', () => {
  it('puts the eight columns, in order and exactly named, bold and frozen, on 可转移职能事项', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await buildItemTemplate(programme)) as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([ITEM_SHEET, GUIDE_SHEET, LIST_SHEET]);
    const ws = wb.getWorksheet(ITEM_SHEET)!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual([
      '事项名称',
      '事项类别',
      '事项内容',
      '设定依据',
      '委托方式',
      '预算金额（元）',
      '预计实施期限',
      '承接资质要求',
    ]);
    expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.getColumn(3).width).toBeGreaterThan(ws.getColumn(5).width!);
    expect(ws.rowCount).toBe(1); // no sample row that could be imported by mistake
  });

  it('explains on 填写说明 which columns are required and lists every category (full path + code) and allowed mode', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await buildItemTemplate(programme)) as unknown as ExcelJS.Buffer);
    const rows: string[][] = [];
    wb.getWorksheet(GUIDE_SHEET)!.eachRow((r) => rows.push((r.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
    const find = (first: string) => rows.find((r) => r[0] === first);
    expect(find('事项名称')?.[1]).toBe('必填');
    expect(find('事项类别')?.[1]).toBe('必填');
    expect(find('事项内容')?.[1]).toBe('必填');
    expect(find('委托方式')?.[1]).toBe('必填');
    expect(find('设定依据')?.[1]).toBe('选填');
    expect(find('预算金额（元）')?.[1]).toBe('选填');
    expect(find('相关科技评估 / 省级科研项目完成情况评估')?.[2]).toBe('project_completion_evaluation');
    expect(find('其他科技类公共服务职能 / 科协评选推选工作')?.[2]).toBe('association_selection');
    expect(find('授权委托')?.[2]).toBe('authorisedCommission');
    expect(find('购买服务')?.[2]).toBe('serviceProcurement');
    expect(rows[0][0]).toContain(programme.name);
  });

  it('offers 事项类别 and 委托方式 as drop-downs for rows 2..10001, read from a hidden sheet', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await buildItemTemplate(programme)) as unknown as ExcelJS.Buffer);
    const list = wb.getWorksheet(LIST_SHEET)!;
    expect(list.state).toBe('hidden');
    const labels = (list.getColumn(1).values as unknown[]).filter(Boolean);
    expect(labels).toHaveLength(17);
    expect(labels).toContain('技术标准研制（团体标准） / 物联网');
    expect((list.getColumn(2).values as unknown[]).filter(Boolean)).toEqual(['授权委托', '购买服务']);
    const ws = wb.getWorksheet(ITEM_SHEET)!;
    for (const addr of ['B2', 'B10001']) {
      expect(ws.getCell(addr).dataValidation).toMatchObject({ type: 'list', formulae: [`'${LIST_SHEET}'!$A$1:$A$17`] });
    }
    for (const addr of ['E2', 'E10001']) {
      expect(ws.getCell(addr).dataValidation).toMatchObject({ type: 'list', formulae: [`'${LIST_SHEET}'!$B$1:$B$2`] });
    }
    expect(ws.getCell('B10002').dataValidation).toBeUndefined();
  });

  it('leaves out the mode drop-down when the programme allows no commissioning mode', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await buildItemTemplate({ ...programme, commissioningModes: [] })) as unknown as ExcelJS.Buffer);
    expect(wb.getWorksheet(ITEM_SHEET)!.getCell('E2').dataValidation).toBeUndefined();
    expect(wb.getWorksheet(ITEM_SHEET)!.getCell('B2').dataValidation).toBeDefined();
  });
});

describe('parseItemWorkbook (FUN-5)', () => {
  it('reads back the rows typed into the downloaded template', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await buildItemTemplate(programme)) as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet(ITEM_SHEET)!;
    const a = item();
    const b = item({ 事项名称: '团体标准研制：物联网', 事项类别: '技术标准研制（团体标准） / 物联网', 委托方式: '授权委托', '预算金额（元）': null, 设定依据: null, 预计实施期限: '', 承接资质要求: '  ' });
    ws.addRow(HEADERS.map((h) => a[h] ?? null));
    ws.addRow(HEADERS.map((h) => b[h] ?? null));
    const res = await parse(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(res.errors).toEqual([]);
    expect(res.rows).toEqual([
      expected,
      {
        title: '团体标准研制：物联网',
        categoryCode: 'standard_iot',
        description: expected.description,
        legalBasis: null,
        commissioningMode: 'authorisedCommission',
        budgetFen: null,
        expectedPeriod: null,
        requiredQualifications: null,
      },
    ]);
  });

  it('accepts a category as its full path, its unique leaf name or its code', async () => {
    const res = await parse(
      await workbook([
        item({ 事项名称: 'a', 事项类别: '其他科技类公共服务职能 / 政策措施落实情况第三方评估' }),
        item({ 事项名称: 'b', 事项类别: '政策措施落实情况第三方评估' }),
        item({ 事项名称: 'c', 事项类别: 'policy_evaluation' }),
        item({ 事项名称: 'd', 事项类别: '其他科技类公共服务职能/政策措施落实情况第三方评估' }),
        item({ 事项名称: 'e', 事项类别: '工程技术领域职业资格考试考务' }),
      ]),
    );
    expect(res.errors).toEqual([]);
    expect(res.rows.map((r) => r.categoryCode)).toEqual(['policy_evaluation', 'policy_evaluation', 'policy_evaluation', 'policy_evaluation', 'engineering_qualification']);
  });

  it('refuses a leaf name that two categories share and asks for the full path', async () => {
    const twin: Category[] = [
      { code: 'a', name: '科技评估', children: [{ code: 'a1', name: '项目评估' }] },
      { code: 'b', name: '人才培养', children: [{ code: 'b1', name: '项目评估' }] },
    ];
    const p = { categories: twin, commissioningModes };
    const res = await parse(await workbook([item({ 事项类别: '项目评估' }), item({ 事项名称: 'x', 事项类别: '人才培养 / 项目评估' })]), undefined, { ...p, name: '' });
    expect(res.errors).toEqual([{ row: 2, column: '事项类别', field: 'categoryCode', message: '“项目评估”对应本方案的多个事项类别，请填写完整路径或编码' }]);
  });

  it("refuses a row whose category is not the programme's and names row and column", async () => {
    const res = await parse(await workbook([item(), item({ 事项名称: '另一个事项', 事项类别: '行业调查研究' })]));
    expect(res.rows).toEqual([]);
    expect(res.errors).toEqual([{ row: 3, column: '事项类别', field: 'categoryCode', message: '“行业调查研究”不是本方案的事项类别，请从下拉列表中选择' }]);
  });

  it('accepts a commissioning mode as its Chinese label or its code', async () => {
    const res = await parse(await workbook([item({ 事项名称: 'a', 委托方式: '授权委托' }), item({ 事项名称: 'b', 委托方式: 'serviceProcurement' })]));
    expect(res.errors).toEqual([]);
    expect(res.rows.map((r) => r.commissioningMode)).toEqual(['authorisedCommission', 'serviceProcurement']);
  });

  it('refuses an unknown commissioning mode, an empty one, and one the programme does not allow (PRG-2)', async () => {
    const onlyProcurement = { categories, commissioningModes: ['serviceProcurement'] as CommissioningMode[] };
    const res = await parseItemWorkbook(
      await workbook([item({ 事项名称: 'a', 委托方式: '招投标' }), item({ 事项名称: 'b', 委托方式: null }), item({ 事项名称: 'c', 委托方式: '授权委托' })]),
      onlyProcurement,
    );
    expect(res.errors).toEqual([
      { row: 2, column: '委托方式', field: 'commissioningMode', message: '“招投标”不是可选的委托方式，本方案允许：购买服务' },
      { row: 3, column: '委托方式', field: 'commissioningMode', message: '请选择委托方式（购买服务）' },
      { row: 4, column: '委托方式', field: 'commissioningMode', message: '本方案允许的委托方式为：购买服务' },
    ]);
  });

  it('reads 预算金额（元） into integer fen from numbers and numeric strings with commas and up to 2 decimals; empty is null', async () => {
    const budgets: ExcelJS.CellValue[] = [120000, 12345.67, '1,234,567.8', ' 88 ', '0.05', 0, null, '', { formula: '1000*3', result: 3000 }, 0.1 + 0.2];
    const res = await parse(await workbook(budgets.map((b, i) => item({ 事项名称: `事项${i}`, '预算金额（元）': b }))));
    expect(res.errors).toEqual([]);
    expect(res.rows.map((r) => r.budgetFen)).toEqual([12_000_000, 1_234_567, 123_456_780, 8_800, 5, 0, null, null, 300_000, 30]);
  });

  it('refuses a negative, non-numeric or over-precise budget, and one above 1000 亿元', async () => {
    const budgets: ExcelJS.CellValue[] = [-1, '-200', '十万', '50万', '1.234', 0.001, '1,23', 100_000_000_001];
    const res = await parse(await workbook(budgets.map((b, i) => item({ 事项名称: `事项${i}`, '预算金额（元）': b }))));
    expect(res.rows).toEqual([]);
    expect(res.errors.map((e) => [e.row, e.column, e.field, e.message])).toEqual([
      [2, '预算金额（元）', 'budgetFen', '预算金额不能为负数'],
      [3, '预算金额（元）', 'budgetFen', '预算金额不能为负数'],
      [4, '预算金额（元）', 'budgetFen', '应填写数字金额（元），如 120000 或 120,000.50'],
      [5, '预算金额（元）', 'budgetFen', '应填写数字金额（元），如 120000 或 120,000.50'],
      [6, '预算金额（元）', 'budgetFen', '金额最多保留两位小数（到分）'],
      [7, '预算金额（元）', 'budgetFen', '金额最多保留两位小数（到分）'],
      [8, '预算金额（元）', 'budgetFen', '应填写数字金额（元），如 120000 或 120,000.50'],
      [9, '预算金额（元）', 'budgetFen', '预算金额不能超过 1000 亿元'],
    ]);
  });

  it('reads rich text and formula results as the text the user sees', async () => {
    const res = await parse(
      await workbook([
        item({
          事项名称: { richText: [{ text: '省级科研' }, { font: { bold: true }, text: '项目评估' }] },
          事项内容: { formula: 'CONCATENATE("开展","评估")', result: '开展评估' },
          预计实施期限: { formula: '1+1', result: 2 },
        }),
      ]),
    );
    expect(res.errors).toEqual([]);
    expect(res.rows[0]).toMatchObject({ title: '省级科研项目评估', description: '开展评估', expectedPeriod: '2' });
  });

  it('refuses a formula without a result and an error value in a cell', async () => {
    const res = await parse(await workbook([item({ 事项内容: { formula: 'A1&B1' } as ExcelJS.CellFormulaValue, 设定依据: { error: '#N/A' } })]));
    expect(res.errors).toEqual([
      { row: 2, column: '事项内容', field: 'description', message: '公式没有计算结果，请在 Excel 中打开并保存后重新上传，或改为直接填写' },
      { row: 2, column: '设定依据', field: 'legalBasis', message: '单元格是错误值 #N/A' },
    ]);
  });

  it('refuses empty required cells and over-long text with Chinese messages from the item schema (FUN-1)', async () => {
    const res = await parse(
      await workbook([item({ 事项名称: '  ', 事项类别: null, 事项内容: null }), item({ 事项名称: '名'.repeat(121), 预计实施期限: '期'.repeat(101) })]),
    );
    expect(res.errors).toEqual([
      { row: 2, column: '事项名称', field: 'title', message: '请填写事项名称' },
      { row: 2, column: '事项类别', field: 'categoryCode', message: '请选择事项类别' },
      { row: 2, column: '事项内容', field: 'description', message: '请填写事项内容' },
      { row: 3, column: '事项名称', field: 'title', message: '事项名称不能超过 120 个字' },
      { row: 3, column: '预计实施期限', field: 'expectedPeriod', message: '预计实施期限不能超过 100 个字' },
    ]);
  });

  it('skips completely empty rows and reports the row numbers Excel shows', async () => {
    const res = await parse(await workbook([item({ 事项名称: 'a' }), null, {}, item({ 事项名称: 'b', 事项类别: '不存在的类别' }), null]));
    expect(res.errors).toEqual([{ row: 5, column: '事项类别', field: 'categoryCode', message: '“不存在的类别”不是本方案的事项类别，请从下拉列表中选择' }]);
  });

  it('refuses a title repeated in the file on the later row', async () => {
    const res = await parse(await workbook([item({ 事项名称: '甲' }), item({ 事项名称: '乙' }), item({ 事项名称: ' 甲 ' })]));
    expect(res.rows).toEqual([]);
    expect(res.errors).toEqual([{ row: 4, column: '事项名称', field: 'title', message: '与第 2 行事项名称重复' }]);
  });

  it('answers a missing or renamed column with one file-level error naming it, and reads no row', async () => {
    const renamed = HEADERS.map((h) => (h === '事项类别' ? '类别' : h));
    const res = await parse(await workbook([item({ 类别: '物联网' })], { headers: renamed }));
    expect(res).toEqual({
      rows: [],
      errors: [{ row: 0, column: '事项类别', field: '', message: '表头缺少“事项类别”列（第 1 行应为模板的列名，请勿修改或删除），未读取任何事项' }],
    });
    const dropped = await parse(await workbook([item()], { headers: HEADERS.filter((h) => h !== '预算金额（元）') }));
    expect(dropped.errors).toHaveLength(1);
    expect(dropped.errors[0]).toMatchObject({ row: 0, column: '预算金额（元）', field: '' });
  });

  it('finds columns by header, so reordered columns and extra columns still read', async () => {
    const headers = ['备注', ...[...HEADERS].reverse()];
    const res = await parse(await workbook([{ ...item(), 备注: '内部备注' }], { headers }));
    expect(res).toEqual({ rows: [expected], errors: [] });
  });

  it('reads the sheet named 可转移职能事项 wherever it is, else the first sheet', async () => {
    const later = await parse(await workbook([item()], { before: ['封面'] }));
    expect(later).toEqual({ rows: [expected], errors: [] });
    const renamed = await parse(await workbook([item()], { sheet: 'Sheet1' }));
    expect(renamed).toEqual({ rows: [expected], errors: [] });
  });

  it('answers an empty sheet with a file-level error', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet(ITEM_SHEET);
    const res = await parse(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(res.rows).toEqual([]);
    expect(res.errors).toHaveLength(1);
    expect(res.errors[0]).toMatchObject({ row: 0, field: '' });
  });

  it('refuses more data rows than maxRows with one file-level error', async () => {
    const rows = Array.from({ length: 6 }, (_, i) => item({ 事项名称: `事项${i}`, 事项类别: i === 0 ? '错的' : item().事项类别 }));
    expect(await parse(await workbook(rows), { maxRows: 5 })).toEqual({
      rows: [],
      errors: [{ row: 0, column: '', field: '', message: '文件中的事项超过 5 行，请分成多个文件导入' }],
    });
    expect((await parse(await workbook(rows.slice(1)), { maxRows: 5 })).rows).toHaveLength(5);
  });

  it('returns no rows at all when any row is in error: nothing is imported until the file is clean', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => item({ 事项名称: `事项${i}` }));
    rows[49] = item({ 事项名称: '最后一行', 委托方式: '其他' });
    const res = await parse(await workbook(rows));
    expect(res.rows).toEqual([]);
    expect(res.errors).toEqual([{ row: 51, column: '委托方式', field: 'commissioningMode', message: '“其他”不是可选的委托方式，本方案允许：授权委托、购买服务' }]);
  });

  it(`lists at most ${MAX_ERRORS} errors and ends with how many more there are`, async () => {
    const rows = Array.from({ length: 300 }, (_, i) => item({ 事项名称: `事项${i}`, 事项类别: '错的', 委托方式: '错的' }));
    const res = await parse(await workbook(rows));
    expect(res.errors).toHaveLength(MAX_ERRORS + 1);
    expect(res.errors[MAX_ERRORS - 1]).toMatchObject({ row: 251, field: 'commissioningMode' });
    expect(res.errors[MAX_ERRORS]).toEqual({ row: 0, column: '', field: '', message: '另有 100 处错误未列出，请先修改以上错误后重新上传' });
  });

  it('keeps Chinese text intact where the zip splits it (exceljs #2063: the plain streaming reader yields U+FFFD)', async () => {
    const long = '学会承接政府转移职能事项，包括科技评估、团体标准研制、人才培养与决策咨询服务。'.repeat(5);
    const rows = Array.from({ length: 1500 }, (_, i) => item({ 事项名称: `第${i}项：省级科研项目完成情况评估`, 事项内容: `${long}${i}` }));
    const res = await parse(await workbook(rows));
    expect(res.errors).toEqual([]);
    expect(res.rows).toHaveLength(1500);
    expect(res.rows.every((r, i) => r.description === `${long}${i}`)).toBe(true);
  });

  describe('a file that is not a readable .xlsx is one file-level error, never an exception', () => {
    const notXlsx = { rows: [], errors: [{ row: 0, column: '', field: '', message: NOT_XLSX }] };
    let good: Buffer;
    const sheetEntry = (buf: Buffer) => {
      // the central directory record of the sheet: [offset of record, offset of its data]
      const name = Buffer.from('xl/worksheets/sheet1.xml');
      for (let i = buf.length - 46; i > 0; i--) {
        if (buf.readUInt32LE(i) === 0x02014b50 && buf.subarray(i + 46, i + 46 + name.length).equals(name)) {
          const local = buf.readUInt32LE(i + 42);
          return { cd: i, data: local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28), packed: buf.readUInt32LE(i + 20), size: buf.readUInt32LE(i + 24) };
        }
      }
      throw new Error('no sheet entry');
    };

    it('text, an empty upload, a PDF and a truncated file', async () => {
      good = await workbook(Array.from({ length: 200 }, (_, i) => item({ 事项名称: `事项${i}` })));
      expect(await parse(Buffer.from('事项名称,事项类别\n甲,乙\n'))).toEqual(notXlsx);
      expect(await parse(Buffer.alloc(0))).toEqual(notXlsx);
      expect(await parse(Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj'))).toEqual(notXlsx);
      expect(await parse(good.subarray(0, Math.floor(good.length / 2)))).toEqual(notXlsx);
    });

    it('damaged compressed data (the plain streaming reader would wait forever)', async () => {
      const bad = Buffer.from(good);
      const { data, packed } = sheetEntry(bad);
      bad.fill(0x55, data + Math.floor(packed / 3), data + Math.floor(packed / 3) + 64);
      expect(await parse(bad)).toEqual(notXlsx);
    });

    it('a part that inflates beyond its declared size (a zip bomb in disguise)', async () => {
      const bad = Buffer.from(good);
      const { cd } = sheetEntry(bad);
      bad.writeUInt32LE(100, cd + 24);
      expect(await parse(bad)).toEqual(notXlsx);
    });

    it('a part declared larger than it is: sizes in the directory are never trusted, only checked at the end (issue 10 §1)', async () => {
      const bad = Buffer.from(good);
      bad.writeUInt32LE(sheetEntry(bad).size + 1000, sheetEntry(bad).cd + 24);
      expect(await parse(bad)).toEqual(notXlsx);
    });

    it('a directory that lies about its entries is not a readable .xlsx: a count of 0xFFFF, a part twice, two records on the same bytes (issue 10 §1)', async () => {
      const honest = craftedWorkbook({ rows: [goodRow('甲')] });
      expect((await parse(honest)).rows).toHaveLength(1);
      expect(await parse(craftedWorkbook({ rows: [goodRow('甲')], eocdCount: 0xffff }))).toEqual(notXlsx);
      expect(await parse(craftedWorkbook({ rows: [goodRow('甲')], eocdCount: 4 }))).toEqual(notXlsx);
      const wb = '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>';
      expect(await parse(buildZip([{ name: 'xl/workbook.xml', data: wb }, { name: 'xl/workbook.xml', data: wb }]))).toEqual(notXlsx);
      // the sheet's directory record pointed at the workbook's local header: its bytes read twice
      const overlap = Buffer.from(honest);
      const cdOf = (name: string) => {
        for (let i = overlap.length - 46; i > 0; i--) if (overlap.readUInt32LE(i) === 0x02014b50 && overlap.toString('utf8', i + 46, i + 46 + overlap.readUInt16LE(i + 28)) === name) return i;
        throw new Error(name);
      };
      overlap.writeUInt32LE(overlap.readUInt32LE(cdOf('xl/workbook.xml') + 42), cdOf('xl/worksheets/sheet1.xml') + 42);
      expect(await parse(overlap)).toEqual(notXlsx);
    });

    it('more entries than a workbook could need are refused as too large (issue 10 §1)', async () => {
      const many = buildZip(Array.from({ length: 10_001 }, (_, i) => ({ name: `xl/p${i}`, data: '', method: 0 as const })));
      await expect(parse(many)).rejects.toMatchObject({ kind: 'too-large' });
    });

    it('a directory that admits to more than the cap is refused as too large before that part is inflated (issue 10 §1)', async () => {
      const bad = Buffer.from(good);
      bad.writeUInt32LE(0xf0000000, sheetEntry(bad).cd + 24);
      await expect(parse(bad)).rejects.toMatchObject({ kind: 'too-large' });
    });

    it('a file that inflates beyond XLSX_MAX_INFLATED_MB is refused as too large', async () => {
      const saved = process.env.XLSX_MAX_INFLATED_MB;
      process.env.XLSX_MAX_INFLATED_MB = '1';
      try {
        const big = await workbook(Array.from({ length: 3000 }, (_, i) => item({ 事项名称: `事项${i}`, 事项内容: `${'内容'.repeat(200)}${i}` })));
        const e = await parse(big).then(() => null, (err: unknown) => err);
        expect(e).toBeInstanceOf(UntrustedFileError);
        expect(e).toMatchObject({ kind: 'too-large', message: '文件解压后超过 1 MB' });
      } finally {
        if (saved === undefined) delete process.env.XLSX_MAX_INFLATED_MB;
        else process.env.XLSX_MAX_INFLATED_MB = saved;
      }
    });

    it('a cell over 32,767 characters is cut before the XML parser keeps it, and refused with its row and column', async () => {
      const res = await parse(await workbook([item(), item({ 事项名称: '长', 事项内容: '长'.repeat(40_000) })]));
      expect(res.rows).toEqual([]);
      expect(res.errors).toEqual([{ row: 3, column: '事项内容', field: 'description', message: '单元格内容超过 32767 个字符（Excel 单元格的上限），未读取' }]);
    });

    it('a zip that is not a workbook, and an old .xls or password-protected file', async () => {
      const noWorkbook = Buffer.from(good);
      // rename every "xl/workbook.xml" in the file: the zip stays valid but holds no workbook
      let at = 0;
      while ((at = noWorkbook.indexOf('xl/workbook.xml', at)) >= 0) noWorkbook.write('xl/workbooq.xml', at++);
      expect(await parse(noWorkbook)).toEqual(notXlsx);
      const ole = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(512)]);
      const res = await parse(ole);
      expect(res.errors).toHaveLength(1);
      expect(res.errors[0].message.startsWith(NOT_XLSX)).toBe(true);
      expect(res.errors[0].message).toContain('.xls');
    });
  });
});

describe('writeItemsWorkbook (FUN-5)', () => {
  const exportRow = (r: TransferItemInput, i: number): ExportRow => ({
    title: r.title,
    categoryCode: r.categoryCode,
    description: r.description,
    legalBasis: r.legalBasis ?? null,
    commissioningMode: r.commissioningMode,
    budgetFen: r.budgetFen ?? null,
    expectedPeriod: r.expectedPeriod ?? null,
    requiredQualifications: r.requiredQualifications ?? null,
    statusLabel: '已发布',
    revision: i + 1,
    departmentName: '山东省科学技术厅',
    publishedAt: new Date('2025-03-01T16:05:00Z'),
  });
  const items: TransferItemInput[] = [
    expected,
    { ...expected, title: '团体标准：物联网', categoryCode: 'standard_iot', legalBasis: null, budgetFen: 1_234_567, commissioningMode: 'authorisedCommission', description: '第一段\n第二段' },
    { ...expected, title: '科技奖励推荐', categoryCode: 'awards_talent', budgetFen: null, expectedPeriod: null, requiredQualifications: null },
  ];

  it('writes the template columns plus the list\'s 状态, 版本, 委托部门, 发布日期 in Chinese: category path, mode label, 元 with 2 decimals, the day in China', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await exportToBuffer(items.map(exportRow))) as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet(ITEM_SHEET)!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual([...HEADERS, '状态', '版本', '委托部门', '发布日期']);
    expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const second = ws.getRow(3);
    expect((second.values as unknown[]).slice(1)).toEqual([
      '团体标准：物联网',
      '技术标准研制（团体标准） / 物联网',
      '第一段\n第二段',
      undefined,
      '授权委托',
      12345.67,
      expected.expectedPeriod,
      expected.requiredQualifications,
      '已发布',
      2,
      '山东省科学技术厅',
      '2025-03-02',
    ]);
    expect(second.getCell(6).numFmt).toBe('#,##0.00');
    expect(ws.getRow(4).getCell(6).value).toBeNull();
  });

  it('re-imports what it exported as the same items', async () => {
    const res = await parse(await exportToBuffer(items.map(exportRow)));
    expect(res).toEqual({ rows: items.map((r) => ({ ...r, legalBasis: r.legalBasis ?? null })), errors: [] });
  });

  it('takes rows from an async iterable, and exports a large Chinese list that re-imports intact', async () => {
    const long = '对省级科研和创新基地开展运行评估，提出改进建议，形成评估报告并按程序报送。'.repeat(5);
    async function* many() {
      for (let i = 0; i < 2000; i++) yield exportRow({ ...expected, title: `事项${i}`, description: `${long}${i}`, budgetFen: i * 101 }, i);
    }
    const res = await parse(await exportToBuffer(many()));
    expect(res.errors).toEqual([]);
    expect(res.rows).toHaveLength(2000);
    expect(res.rows.every((r, i) => r.description === `${long}${i}` && r.budgetFen === i * 101)).toBe(true);
  });

  it('stops with an error when the output closes before the workbook is complete', async () => {
    // Nobody reads `out`: the writer fills it, waits for it to drain, and must notice when the
    // reader goes away (a client that disconnects mid-download) instead of waiting or spinning forever.
    const out = new PassThrough({ highWaterMark: 1024 });
    setTimeout(() => out.destroy(), 200);
    async function* endless() {
      for (let i = 0; ; i++) yield exportRow({ ...expected, title: `事项${i}` }, i);
    }
    await expect(writeItemsWorkbook(out, endless(), { categories })).rejects.toThrow('导出的输出流在写完之前被关闭');
  });
});
