// FUN-5: lists of transferable items as spreadsheets — the programme's import template, the
// row-by-row check of an uploaded file (every problem answered in Chinese with its row and column;
// the caller imports nothing unless the file is clean), and the streaming export.
//
// An uploaded workbook is hostile (issue 10 §1). It is parsed in the cage (platform/untrusted:
// import-items.ts runs `parseItemWorkbook` there) and read here without trusting the zip:
//  - exceljs's streaming reader is fed by `CountedWorkbookReader` from the platform's zip reader
//    (platform/untrusted/zip.ts) instead of unzipper: the directory is validated by
//    `listZipEntries` (walked by its bytes, the declared count checked, bounds, overlaps and
//    duplicates refused); only the parts needed are inflated, by `entryText`, the workbook and
//    shared strings before any sheet (so exceljs never parks a sheet in a temporary file — those
//    files, and their streams' unhandled `error` events, are gone); each part is decoded with one
//    StringDecoder (a Chinese character split across two zip chunks no longer comes out as U+FFFD,
//    exceljs issues #2063, #2084); damaged data fails instead of waiting forever; a part is
//    admitted only while its declared size fits in what is left of XLSX_MAX_INFLATED_MB (413) and
//    stopped as soon as it inflates past that size (a lie: not a valid .xlsx);
//  - the XML passes through `guardXml`: a cell's text is cut at Excel's own 32,767 characters and
//    the cell refused with its row and column; the shared strings are counted.
import { once } from 'node:events';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { z } from 'zod';
import { commissioningModeLabels, type Category, type CommissioningMode } from '../../../domain/programme/programme.types.js';
import { parseYuan } from '../../../domain/money.js';
import { chinaDayOf } from '../../../domain/calendar-day.js';
import {
  ZTransferItemInput,
  checkItemAgainstProgramme,
  flattenCategories,
  type TransferItemInput,
} from '../../../domain/transfer/transfer.types.js';
import { zhErrorMap } from '../../../domain/zod-zh.js';
import { xlsxLimits } from '../../platform/untrusted/limits.js';
import { UntrustedFileError } from '../../platform/untrusted/refusal.js';
import { OVERSIZED, guardXml } from '../../platform/untrusted/xml-guard.js';
import { DEFAULT_ZIP_LIMITS, InflateBudget, entryText, listZipEntries, zipRefusalThrown, type ZipEntry, type ZipLimits } from '../../platform/untrusted/zip.js';

// ---------------------------------------------------------------------------------------------
// Columns
// ---------------------------------------------------------------------------------------------

export const ITEM_SHEET = '可转移职能事项';
export const GUIDE_SHEET = '填写说明';
/** Hidden sheet holding the drop-down values (a list typed into the rule is limited to 255 chars). */
export const LIST_SHEET = '下拉选项';
/** Rows 2..TEMPLATE_LAST_ROW of the template carry the drop-downs. */
export const TEMPLATE_LAST_ROW = 10_001;
export const DEFAULT_MAX_ROWS = 20_000;
export const MAX_ERRORS = 500;

type ItemField = keyof TransferItemInput;
type ColumnKind = 'text' | 'category' | 'mode' | 'budget';
interface ColumnDef {
  header: string;
  field: ItemField;
  kind: ColumnKind;
  required: boolean;
  width: number;
  hint: string;
}

/** Longest text the item schema allows for a field (one place for the limits: ZTransferItemInput). */
function maxLength(field: ItemField): number | null {
  let s: unknown = ZTransferItemInput.shape[field];
  while (s instanceof z.ZodOptional || s instanceof z.ZodNullable) s = s.unwrap();
  return s instanceof z.ZodString ? s.maxLength : null;
}
const upTo = (field: ItemField) => {
  const n = maxLength(field);
  return n ? `不超过 ${n} 个字` : '';
};

/** The template's columns, in order. Headers are matched exactly (after width normalisation). */
export const ITEM_COLUMNS: readonly ColumnDef[] = [
  { header: '事项名称', field: 'title', kind: 'text', required: true, width: 32, hint: `${upTo('title')}；同一文件内不能重复` },
  { header: '事项类别', field: 'categoryCode', kind: 'category', required: true, width: 42, hint: '从下拉列表选择；也可填写类别的完整路径、唯一的末级名称或编码（见下表）' },
  { header: '事项内容', field: 'description', kind: 'text', required: true, width: 60, hint: upTo('description') },
  { header: '设定依据', field: 'legalBasis', kind: 'text', required: false, width: 40, hint: `法律、法规或政策文件依据，${upTo('legalBasis')}` },
  { header: '委托方式', field: 'commissioningMode', kind: 'mode', required: true, width: 14, hint: '从下拉列表选择（见下表）' },
  { header: '预算金额（元）', field: 'budgetFen', kind: 'budget', required: false, width: 18, hint: '以元为单位的数字，最多两位小数，如 120000 或 120,000.50；不填表示未定' },
  { header: '预计实施期限', field: 'expectedPeriod', kind: 'text', required: false, width: 20, hint: `如“2025年1月—12月”“1年”，${upTo('expectedPeriod')}` },
  { header: '承接资质要求', field: 'requiredQualifications', kind: 'text', required: false, width: 40, hint: upTo('requiredQualifications') },
];

/** After the template's columns, the export adds these — titled as the item list's columns (ItemsPage.tsx). */
const EXPORT_EXTRA = [
  { header: '状态', width: 10 },
  { header: '版本', width: 8 },
  { header: '委托部门', width: 24 },
  { header: '发布日期', width: 12 },
] as const;

const columnLetter = (index0: number) => String.fromCharCode(65 + index0); // A..Z is enough here
const normaliseHeader = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');

// ---------------------------------------------------------------------------------------------
// Template
// ---------------------------------------------------------------------------------------------

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };

/** FUN-5: the programme's import template (.xlsx) with drop-downs and a sheet of instructions. */
export async function buildItemTemplate(programme: {
  name: string;
  categories: readonly Category[];
  commissioningModes: readonly CommissioningMode[];
}): Promise<Buffer> {
  const labels = flattenCategories(programme.categories);
  const modes = programme.commissioningModes;
  const wb = new ExcelJS.Workbook();
  wb.creator = '承接';
  wb.created = new Date();

  const ws = wb.addWorksheet(ITEM_SHEET, { views: [{ state: 'frozen', ySplit: 1, activeCell: 'A2' }] });
  ws.columns = ITEM_COLUMNS.map((c) => ({
    key: c.field,
    width: c.width,
    // '@' keeps typed text as text (Excel would turn "2025/12" into a date); money as a number.
    style: c.kind === 'budget' ? { numFmt: '#,##0.00' } : { numFmt: '@', alignment: { vertical: 'top', wrapText: c.width >= 30 } },
  }));
  const header = ws.getRow(1);
  ITEM_COLUMNS.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.numFmt = 'General';
    cell.font = { bold: true, color: { argb: c.required ? 'FFC00000' : 'FF000000' } };
    cell.fill = HEADER_FILL;
    cell.alignment = { vertical: 'middle', horizontal: 'center' };
  });
  header.height = 22;

  addGuideSheet(wb, programme.name, labels, modes); // the second tab; the hidden list is the third

  // Drop-down values live on a hidden sheet: a list written into the rule itself is limited to 255 chars.
  const list = wb.addWorksheet(LIST_SHEET, { state: 'hidden' });
  [...labels.values()].forEach((label, i) => (list.getCell(i + 1, 1).value = label));
  modes.forEach((m, i) => (list.getCell(i + 1, 2).value = commissioningModeLabels[m]));
  const listRule = (col: 'A' | 'B', n: number, title: string): ExcelJS.DataValidation => ({
    type: 'list',
    allowBlank: true,
    formulae: [`'${LIST_SHEET}'!$${col}$1:$${col}$${n}`],
    showErrorMessage: true,
    errorStyle: 'stop',
    errorTitle: title,
    error: `请从下拉列表中选择本方案的${title}`,
    showInputMessage: true,
    promptTitle: title,
    prompt: '请从下拉列表中选择',
  });
  const colOf = (kind: ColumnKind) => columnLetter(ITEM_COLUMNS.findIndex((c) => c.kind === kind));
  const rows = (kind: ColumnKind) => `${colOf(kind)}2:${colOf(kind)}${TEMPLATE_LAST_ROW}`;
  // Worksheet.dataValidations (a whole range in one rule) exists at run time but not in exceljs's types.
  const validations = (ws as unknown as { dataValidations: { add(range: string, rule: ExcelJS.DataValidation): void } }).dataValidations;
  if (labels.size) validations.add(rows('category'), listRule('A', labels.size, '事项类别'));
  if (modes.length) validations.add(rows('mode'), listRule('B', modes.length, '委托方式'));
  validations.add(rows('budget'), {
    type: 'decimal',
    operator: 'greaterThanOrEqual',
    allowBlank: true,
    formulae: [0],
    showErrorMessage: true,
    errorStyle: 'stop',
    errorTitle: '预算金额（元）',
    error: '请填写不小于 0 的金额（元），最多两位小数',
  });

  return Buffer.from(await wb.xlsx.writeBuffer());
}

function addGuideSheet(wb: ExcelJS.Workbook, programmeName: string, labels: Map<string, string>, modes: readonly CommissioningMode[]) {
  const g = wb.addWorksheet(GUIDE_SHEET);
  g.columns = [{ width: 44 }, { width: 12 }, { width: 90 }];
  const bold = (r: ExcelJS.Row) => r.eachCell((c) => (c.font = { bold: true }));
  const title = g.addRow([`${programmeName} — 可转移职能事项导入模板填写说明`]);
  title.font = { bold: true, size: 14 };
  g.addRow([]);
  for (const line of [
    `1. 在“${ITEM_SHEET}”工作表中每行填写一个事项，从第 2 行开始；请勿修改、删除或调整第 1 行的列名。`,
    '2. 列名为红色的列必须填写；整行空白的行会被跳过。',
    `3. 上传后系统逐行检查；文件中只要有一处错误，就不会导入任何事项，并按“第几行、哪一列”列出错误，修改后重新上传即可。`,
    `4. 一个文件最多 ${DEFAULT_MAX_ROWS} 行事项；下拉选择覆盖前 ${TEMPLATE_LAST_ROW - 1} 行，之后的行可直接填写文字。`,
    `5. 请勿修改隐藏的“${LIST_SHEET}”工作表，它提供下拉列表的选项。`,
  ]) {
    g.addRow([line]);
  }
  g.addRow([]);
  bold(g.addRow(['列名', '是否必填', '填写要求']));
  for (const c of ITEM_COLUMNS) {
    const r = g.addRow([c.header, c.required ? '必填' : '选填', c.hint]);
    if (c.required) r.getCell(2).font = { bold: true, color: { argb: 'FFC00000' } };
  }
  g.addRow([]);
  bold(g.addRow(['本方案的事项类别（完整路径）', '', '编码']));
  for (const [code, label] of labels) g.addRow([label, '', code]);
  g.addRow([]);
  bold(g.addRow(['本方案允许的委托方式', '', '编码']));
  if (modes.length) for (const m of modes) g.addRow([commissioningModeLabels[m], '', m]);
  else g.addRow(['（本方案不设委托方式，无法导入事项）']);
  g.eachRow((r) => r.eachCell((c) => (c.alignment = { vertical: 'top', wrapText: true })));
}

// ---------------------------------------------------------------------------------------------
// Import
// ---------------------------------------------------------------------------------------------

/** A problem in an uploaded file. row 0 (column/field possibly '') is about the whole file. */
export type RowError = { row: number; column: string; field: string; message: string };

export const NOT_XLSX = '文件不是有效的 Excel（.xlsx）文件';
const OLE_HINT = `${NOT_XLSX}：可能是旧版 .xls 或设置了打开密码的文件，请在 Excel 中另存为 .xlsx（不设密码）后再导入`;

export type ItemWorkbookProgramme = { categories: readonly Category[]; commissioningModes: readonly CommissioningMode[] };
type Programme = ItemWorkbookProgramme;
export type ItemWorkbookRead = { rows: TransferItemInput[]; errors: RowError[] };

/**
 * FUN-5: reads the items of an uploaded workbook (the sheet named 可转移职能事项, else the first
 * sheet) and checks every row. A file that is not a readable .xlsx, or a row in error, comes back
 * in `errors` (row as Excel numbers it, column as its Chinese header); `rows` is empty whenever
 * `errors` is not — nothing is imported until the file is clean. Throws UntrustedFileError
 * 'too-large' when the file inflates beyond the limits (platform/untrusted/limits.ts), which the
 * cage answers 413.
 */
export async function parseItemWorkbook(data: Buffer, programme: Programme, opts: { maxRows?: number } = {}): Promise<ItemWorkbookRead> {
  const fileError = (message: string, column = '') => ({ rows: [], errors: [{ row: 0, column, field: '', message }] });
  if (data.length >= 8 && data.readUInt32BE(0) === 0xd0cf11e0 && data.readUInt32BE(4) === 0xa1b11ae1) return fileError(OLE_HINT);
  if (data.length < 30 || data.readUInt32LE(0) !== 0x04034b50) return fileError(NOT_XLSX);
  const limits = xlsxLimits();
  // one cap for the whole file, no smaller one per part: a part's declared size is admitted only
  // within what is left of it (413 beyond), and the part stopped where it inflates past that size
  const zipLimits: ZipLimits = { ...DEFAULT_ZIP_LIMITS, maxEntries: limits.maxEntries, maxEntryInflated: Infinity, maxTotalInflated: limits.maxInflatedBytes };
  try {
    const listing = listZipEntries(data, zipLimits);
    if (!listing.ok) throw zipRefusalThrown(listing);
    const parts = new Map(listing.entries.map((e) => [e.name, e]));
    if (!parts.has('xl/workbook.xml')) return fileError(NOT_XLSX);
    const reader = new CountedWorkbookReader(data, parts, new InflateBudget(zipLimits), limits);
    return await readRows(reader, programme, opts.maxRows ?? DEFAULT_MAX_ROWS);
  } catch (e) {
    if (e instanceof UntrustedFileError && e.kind === 'too-large') throw e;
    // a zip that lies or is damaged (listZipEntries's and inflateEntry's 'malformed'), XML that
    // exceljs cannot read: a bad file, not a server fault
    return fileError(NOT_XLSX);
  }
}

// --- exceljs streaming reader, fed from the platform's zip reader ---------------------------------

interface SheetReader extends AsyncIterable<ExcelJS.Row> {
  name: string;
}
interface ReaderInternals {
  model?: { sheets?: { name: string }[] };
  _parseRels(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseWorksheet(iterator: AsyncIterable<string>, sheetNo: string): Generator<unknown>;
  parse(): AsyncGenerator<unknown>;
  [Symbol.asyncIterator](): AsyncIterator<SheetReader>;
}
type ReaderCtor = new (input: unknown, options: ExcelJS.stream.xlsx.WorkbookStreamReaderOptions) => ReaderInternals;

const SHEET_PART = /^xl\/worksheets\/sheet(\d+)\.xml$/;

class CountedWorkbookReader extends (ExcelJS.stream.xlsx.WorkbookReader as unknown as ReaderCtor) {
  constructor(
    private readonly zip: Buffer,
    private readonly parts: Map<string, ZipEntry>,
    private readonly budget: InflateBudget,
    private readonly limits: ReturnType<typeof xlsxLimits>,
  ) {
    super(null, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit' });
  }

  private text(part: ZipEntry, counted?: { tag: string; max: number; what: string }): AsyncGenerator<string> {
    return guardXml(entryText(this.zip, part, this.budget), { maxTextChars: this.limits.maxCellChars, maxTagChars: this.limits.maxTagChars, maxElements: counted }, part.name);
  }

  /** exceljs's own order, less the temporary files: relations, workbook, shared strings, then the sheets, each read only when asked for. */
  override async *parse(): AsyncGenerator<unknown> {
    const rels = this.parts.get('xl/_rels/workbook.xml.rels');
    if (rels) await this._parseRels(Readable.from(this.text(rels)));
    await this._parseWorkbook(Readable.from(this.text(this.parts.get('xl/workbook.xml')!)));
    const shared = this.parts.get('xl/sharedStrings.xml');
    if (shared) yield* this._parseSharedStrings(Readable.from(this.text(shared, { tag: 'si', max: this.limits.maxSharedStrings, what: '共享字符串' })));
    for (const [name, part] of this.parts) {
      const m = SHEET_PART.exec(name);
      if (m) yield* this._parseWorksheet(this.text(part), m[1]);
    }
  }
}

// --- cell values ------------------------------------------------------------------------------

type CellRead = { text: string } | { error: string };

/** Excel shows 15 significant digits; 0.1+0.2 computed in a cell reads back as 0.3. */
const numberText = (n: number) => String(Number(n.toPrecision(15)));
/** Excel escapes some characters as _xHHHH_ (a carriage return is _x000D_). */
const unescapeOoxml = (s: string) => s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
const pad2 = (n: number) => String(n).padStart(2, '0');

/** The text a user sees in a cell: rich text joined, a formula's result, numbers as shown. */
function cellText(value: unknown): CellRead {
  if (value === null || value === undefined) return { text: '' };
  if (typeof value === 'string') {
    // issue 10 §1: guardXml cut this text where it passed Excel's own limit
    if (value.includes(OVERSIZED)) return { error: `单元格内容超过 ${xlsxLimits().maxCellChars} 个字符（Excel 单元格的上限），未读取` };
    return { text: unescapeOoxml(value).replace(/\r\n?/g, '\n') };
  }
  if (typeof value === 'number') return Number.isFinite(value) ? { text: numberText(value) } : { error: '数值无效' };
  if (typeof value === 'boolean') return { text: value ? 'TRUE' : 'FALSE' };
  if (value instanceof Date) {
    return { text: `${value.getUTCFullYear()}-${pad2(value.getUTCMonth() + 1)}-${pad2(value.getUTCDate())}` };
  }
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText)) return cellText((v.richText as { text?: unknown }[]).map((r) => (typeof r.text === 'string' ? r.text : '')).join(''));
    if ('formula' in v || 'sharedFormula' in v) {
      return v.result === undefined ? { error: '公式没有计算结果，请在 Excel 中打开并保存后重新上传，或改为直接填写' } : cellText(v.result);
    }
    if (typeof v.error === 'string') return { error: `单元格是错误值 ${v.error}` };
    if ('text' in v) return cellText(v.text);
  }
  return { error: '无法识别单元格内容' };
}

type BudgetRead = { fen: number | null } | { error: string };

/** 预算金额（元）→ integer fen: a number or "120,000.50"; at most 2 decimals; empty → null. */
function budgetFen(value: unknown): BudgetRead {
  let v = value;
  if (v && typeof v === 'object' && !(v instanceof Date) && ('formula' in v || 'sharedFormula' in v)) {
    const result = (v as { result?: unknown }).result;
    if (result === undefined) return { error: '公式没有计算结果，请在 Excel 中打开并保存后重新上传，或改为直接填写' };
    v = result;
  }
  let s: string;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return { error: '应填写数字金额（元）' };
    s = numberText(v); // Excel's float as the decimal the user typed (0.1 + 0.2 → "0.3")
    if (/e/i.test(s)) return v < 0 ? { error: '预算金额不能为负数' } : Math.abs(v) < 1 ? { error: '金额最多保留两位小数（到分）' } : { error: '预算金额超出允许范围' };
  } else {
    const t = cellText(v);
    if ('error' in t) return t;
    s = t.text;
  }
  const read = parseYuan(s, '预算金额'); // the one reading of 元 (domain/money.ts), as in the web forms
  return read.ok ? { fen: read.fen } : { error: read.message };
}

// --- category and commissioning mode ----------------------------------------------------------

const normaliseLabel = (s: string) =>
  s
    .normalize('NFKC')
    .replace(/\s*[/\\]\s*/g, ' / ')
    .replace(/\s+/g, ' ')
    .trim();

type Lookup = Map<string, string | null>; // null: more than one code answers to this text

function categoryLookup(categories: readonly Category[]) {
  const labels = flattenCategories(categories);
  const byCode = new Map<string, string>();
  const byLabel: Lookup = new Map();
  const byName: Lookup = new Map();
  const put = (m: Lookup, key: string, code: string) => m.set(key, m.has(key) && m.get(key) !== code ? null : code);
  const walk = (nodes: readonly Category[]) => {
    for (const n of nodes) {
      byCode.set(n.code, n.code);
      put(byLabel, normaliseLabel(labels.get(n.code)!), n.code);
      put(byName, normaliseLabel(n.name), n.code);
      if (n.children) walk(n.children);
    }
  };
  walk(categories);
  return (text: string): { code: string } | { error: string } => {
    const code = byCode.get(text.trim());
    if (code) return { code };
    const key = normaliseLabel(text);
    const hit = byLabel.has(key) ? byLabel.get(key) : byName.get(key);
    if (hit) return { code: hit };
    if (hit === null) return { error: `“${text}”对应本方案的多个事项类别，请填写完整路径或编码` };
    return { error: `“${text}”不是本方案的事项类别，请从下拉列表中选择` };
  };
}

const modeByText = new Map<string, CommissioningMode>(
  (Object.entries(commissioningModeLabels) as [CommissioningMode, string][]).flatMap(([code, label]) => [
    [code, code],
    [label, code],
  ]),
);

// --- rows -------------------------------------------------------------------------------------

class ErrorList {
  readonly items: RowError[] = [];
  private dropped = 0;
  add(e: RowError) {
    if (this.items.length < MAX_ERRORS) this.items.push(e);
    else this.dropped++;
  }
  get count() {
    return this.items.length + this.dropped;
  }
  result(): RowError[] {
    return this.dropped ? [...this.items, { row: 0, column: '', field: '', message: `另有 ${this.dropped} 处错误未列出，请先修改以上错误后重新上传` }] : this.items;
  }
}

const fieldHeader = new Map<string, string>(ITEM_COLUMNS.map((c) => [c.field, c.header]));

async function readRows(reader: CountedWorkbookReader, programme: Programme, maxRows: number): Promise<ItemWorkbookRead> {
  const resolveCategory = categoryLookup(programme.categories);
  const errors = new ErrorList();
  const rows: TransferItemInput[] = [];
  const titles = new Map<string, number>();
  let columns: Map<ItemField, number> | null = null;
  let headerSeen = false;
  let sheetRead = false;
  let dataRows = 0;
  let tooMany = false;

  for await (const sheet of reader) {
    const names = reader.model?.sheets?.map((s) => s.name) ?? [];
    const wanted = names.includes(ITEM_SHEET) ? sheet.name === ITEM_SHEET : names.length ? sheet.name === names[0] : true;
    if (sheetRead || !wanted) continue; // never iterated: never inflated
    sheetRead = true;
    for await (const row of sheet) {
      if (!headerSeen) {
        const texts = headerTexts(row);
        if (texts.every((t) => t === '')) continue;
        headerSeen = true;
        const found = matchHeader(texts);
        if ('errors' in found) {
          found.errors.forEach((e) => errors.add(e));
          break;
        }
        columns = found.columns;
        continue;
      }
      const cells = new Map<ItemField, unknown>();
      let empty = true;
      for (const [field, col] of columns!) {
        const value = row.getCell(col).value;
        cells.set(field, value);
        if (empty && !isBlank(value)) empty = false;
      }
      if (empty) continue;
      if (++dataRows > maxRows) {
        tooMany = true;
        break;
      }
      const item = checkRow(row.number, cells, programme, resolveCategory, titles, errors);
      if (item && errors.count === 0) rows.push(item);
      else if (rows.length) rows.length = 0; // nothing is imported once a row is in error
    }
  }

  if (tooMany) return { rows: [], errors: [{ row: 0, column: '', field: '', message: `文件中的事项超过 ${maxRows} 行，请分成多个文件导入` }] };
  if (!sheetRead) return { rows: [], errors: [{ row: 0, column: '', field: '', message: `文件中没有找到工作表“${ITEM_SHEET}”` }] };
  if (!headerSeen) {
    return { rows: [], errors: [{ row: 0, column: '', field: '', message: `工作表“${ITEM_SHEET}”是空的：第 1 行应为模板的列名，请使用本方案的导入模板` }] };
  }
  const list = errors.result();
  return { rows: list.length ? [] : rows, errors: list };
}

const isBlank = (value: unknown) => {
  const t = cellText(value);
  return 'text' in t && t.text.trim() === '';
};

function headerTexts(row: ExcelJS.Row): string[] {
  const values = row.values as unknown[];
  const out: string[] = [];
  for (let c = 1; c < values.length; c++) {
    const t = cellText(values[c]);
    out[c] = 'text' in t ? t.text.trim() : '';
  }
  return out.map((t) => t ?? '');
}

/** Finds each template column by its header; a missing or renamed one is a file-level error. */
function matchHeader(texts: string[]): { columns: Map<ItemField, number> } | { errors: RowError[] } {
  const at = new Map<string, number[]>();
  texts.forEach((t, c) => {
    if (!t) return;
    const key = normaliseHeader(t);
    at.set(key, [...(at.get(key) ?? []), c]);
  });
  const columns = new Map<ItemField, number>();
  const errors: RowError[] = [];
  for (const def of ITEM_COLUMNS) {
    const cols = at.get(normaliseHeader(def.header)) ?? [];
    if (cols.length === 0) {
      errors.push({ row: 0, column: def.header, field: '', message: `表头缺少“${def.header}”列（第 1 行应为模板的列名，请勿修改或删除），未读取任何事项` });
    } else if (cols.length > 1) {
      errors.push({ row: 0, column: def.header, field: '', message: `表头中“${def.header}”列出现了 ${cols.length} 次，未读取任何事项` });
    } else {
      columns.set(def.field, cols[0]);
    }
  }
  return errors.length ? { errors } : { columns };
}

function checkRow(
  rowNumber: number,
  cells: Map<ItemField, unknown>,
  programme: Programme,
  resolveCategory: ReturnType<typeof categoryLookup>,
  titles: Map<string, number>,
  errors: ErrorList,
): TransferItemInput | null {
  const failed = new Set<string>();
  const fail = (field: string, message: string) => {
    if (failed.has(field)) return; // one message per cell
    failed.add(field);
    errors.add({ row: rowNumber, column: fieldHeader.get(field) ?? '', field, message });
  };
  const input: Record<string, unknown> = {};
  for (const def of ITEM_COLUMNS) {
    const value = cells.get(def.field);
    if (def.kind === 'budget') {
      const b = budgetFen(value);
      if ('error' in b) fail(def.field, b.error);
      else input.budgetFen = b.fen;
      continue;
    }
    const t = cellText(value);
    if ('error' in t) {
      fail(def.field, t.error);
      continue;
    }
    const text = t.text.trim();
    if (def.kind === 'text') {
      input[def.field] = text === '' && !def.required ? null : text;
    } else if (def.kind === 'category') {
      if (text === '') input.categoryCode = '';
      else {
        const r = resolveCategory(text);
        if ('error' in r) fail(def.field, r.error);
        else input.categoryCode = r.code;
      }
    } else {
      const allowed = programme.commissioningModes.map((m) => commissioningModeLabels[m]).join('、') || '无';
      if (text === '') fail(def.field, `请选择委托方式（${allowed}）`);
      else {
        const mode = modeByText.get(text.normalize('NFKC').replace(/\s+/g, ''));
        if (mode) input.commissioningMode = mode;
        else fail(def.field, `“${text}”不是可选的委托方式，本方案允许：${allowed}`);
      }
    }
  }

  // FUN-5: a title may appear only once in a file; the later row is the one in error.
  if (typeof input.title === 'string' && input.title !== '') {
    const first = titles.get(input.title);
    if (first === undefined) titles.set(input.title, rowNumber);
    else fail('title', `与第 ${first} 行事项名称重复`);
  }

  const parsed = ZTransferItemInput.safeParse(input, { error: zhErrorMap });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? '');
      fail(field, issue.message);
    }
  }
  if (typeof input.categoryCode === 'string' && input.categoryCode && typeof input.commissioningMode === 'string') {
    const row = { categoryCode: input.categoryCode, commissioningMode: input.commissioningMode as CommissioningMode };
    for (const e of checkItemAgainstProgramme(row, programme, 'row')) fail(e.path.replace(/^row\./, ''), e.message);
  }
  return parsed.success && failed.size === 0 ? parsed.data : null;
}

// ---------------------------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------------------------

export type ExportRow = {
  title: string;
  categoryCode: string;
  description: string;
  legalBasis: string | null;
  commissioningMode: string;
  budgetFen: number | null;
  expectedPeriod: string | null;
  requiredQualifications: string | null;
  statusLabel: string;
  revision: number;
  departmentName: string;
  publishedAt: Date | null;
};

/** Characters XML 1.0 cannot carry: Excel refuses a file that contains them. */
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const xmlSafe = (s: string | null) => (s === null ? null : s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, ''));

/**
 * FUN-5: writes items to `out` as .xlsx with exceljs's streaming writer (rows are not kept in
 * memory). Same columns as the template, so a file exported here imports again, plus 状态, 版本,
 * 委托部门, 发布日期 (the list's titles). Waits for `out` to drain, and rejects if `out` closes before the end.
 */
export async function writeItemsWorkbook(
  out: NodeJS.WritableStream,
  rows: AsyncIterable<ExportRow> | Iterable<ExportRow>,
  programme: { categories: readonly Category[] },
): Promise<void> {
  const labels = flattenCategories(programme.categories);
  const modeLabels = commissioningModeLabels as Record<string, string>;
  let finished = false;
  let closed = false;
  const onFinish = () => (finished = true);
  let rejectClosed: (e: Error) => void = () => {};
  const closedEarly = new Promise<never>((_, reject) => (rejectClosed = reject));
  closedEarly.catch(() => {});
  const onClose = () => {
    closed = true;
    if (!finished) rejectClosed(new Error('导出的输出流在写完之前被关闭'));
  };
  out.on('finish', onFinish);
  out.on('close', onClose);

  const work = async () => {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out as unknown as import('node:stream').Stream, useSharedStrings: false, useStyles: true });
    wb.creator = '承接';
    const ws = wb.addWorksheet(ITEM_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = [
      ...ITEM_COLUMNS.map((c) => ({ width: c.width, style: c.kind === 'budget' ? { numFmt: '#,##0.00' } : {} })),
      ...EXPORT_EXTRA.map((c) => ({ width: c.width })),
    ];
    const header = ws.addRow([...ITEM_COLUMNS.map((c) => c.header), ...EXPORT_EXTRA.map((c) => c.header)]);
    header.font = { bold: true };
    header.commit();
    let n = 0;
    for await (const r of rows) {
      if (closed) return; // closedEarly has already rejected; stop taking rows
      ws.addRow([
        xmlSafe(r.title),
        labels.get(r.categoryCode) ?? r.categoryCode,
        xmlSafe(r.description),
        xmlSafe(r.legalBasis),
        modeLabels[r.commissioningMode] ?? r.commissioningMode,
        r.budgetFen === null || r.budgetFen === undefined ? null : r.budgetFen / 100,
        xmlSafe(r.expectedPeriod),
        xmlSafe(r.requiredQualifications),
        r.statusLabel,
        r.revision,
        xmlSafe(r.departmentName),
        r.publishedAt ? chinaDayOf(r.publishedAt) : null,
      ]).commit();
      if (++n % 200 === 0) {
        // Let the event loop run: deflate and the pipe into `out` progress in callbacks, and rows
        // that arrive without I/O (an in-memory list, a fetched batch) must not starve other requests.
        await new Promise<void>((resolve) => setImmediate(resolve));
        await drained(out, () => closed);
      }
    }
    ws.commit();
    await wb.commit();
  };
  try {
    await Promise.race([work(), closedEarly]);
  } finally {
    out.removeListener('finish', onFinish);
    out.removeListener('close', onClose);
  }
}

/** Back-pressure: exceljs buffers what `out` has not taken yet, so wait while `out` is full. */
async function drained(out: NodeJS.WritableStream, isClosed: () => boolean): Promise<void> {
  if (!(out as { writableNeedDrain?: boolean }).writableNeedDrain || isClosed()) return;
  const ac = new AbortController();
  try {
    await Promise.race([once(out, 'drain', { signal: ac.signal }), once(out, 'close', { signal: ac.signal })]);
  } finally {
    ac.abort();
  }
}
