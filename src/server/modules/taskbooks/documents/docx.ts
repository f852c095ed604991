// TB-5: the task book as an editable Word file (docx), laid out like seed 002's form: cover,
// 填表说明, then one table with the five parts (三方单位基本信息, 试点项目内容, 参与成员, 共同条款,
// 三方单位意见). A4, 宋体 (SimSun) for text and 黑体 (SimHei) for titles, Times New Roman for Latin
// letters and digits. Every page after the cover has a running header; every page a footer with
// the verification code and where to check it. The code is also in the core properties
// (keywords) and in a custom property 校验码, where extract.ts reads it back.
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  HeightRule,
  LineRuleType,
  Packer,
  PageBreak,
  PageNumber,
  Paragraph,
  TabStopType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type IBorderOptions,
  type ParagraphChild,
} from 'docx';
import { TextWatermark } from 'docx/watermarks';
import type { TaskBookDocumentModel } from './model.js';
import { planOf } from './contract-plan.js';
import { EM_SPACE, INFO_COLS, MEMBER_COLS, type DocumentPlan, type InfoRow, type OpinionBlock, type Seg } from './plan.js';
import type { PageFurniture } from './report.js';

// A4 in twips; 2.5 cm side margins give the 453.5 pt (9070 twip) text width the tables are made for
export const PAGE = { width: 11906, height: 16838 };
export const MARGIN = { top: 1588, bottom: 1701, left: 1418, right: 1418, header: 851, footer: 851 };
export const TEXT_W = PAGE.width - MARGIN.left - MARGIN.right;
export const pt = (p: number) => Math.round(p * 20);

// sizes in half-points: 二号 22 pt, 三号 16 pt, 小四 12 pt, 五号 10.5 pt
export const SIZE = { title: 44, field: 32, heading: 32, body: 24, cell: 21, small: 18, footer: 16, tiny: 14 };
export const RED = 'C00000';
export const GREY = '555555';
const LATIN = 'Times New Roman';
export const SONG = { ascii: LATIN, hAnsi: LATIN, cs: LATIN, eastAsia: 'SimSun' };
export const HEI = { ascii: LATIN, hAnsi: LATIN, cs: LATIN, eastAsia: 'SimHei' };
const SYMBOL = { ascii: 'Segoe UI Symbol', hAnsi: 'Segoe UI Symbol', cs: 'Segoe UI Symbol', eastAsia: 'Segoe UI Symbol' };

export type RunOpts = { hei?: boolean; bold?: boolean; size?: number; color?: string; underline?: boolean };
export function run(text: string, o: RunOpts = {}): TextRun {
  return new TextRun({
    text,
    font: o.hei ? HEI : SONG,
    bold: o.bold,
    size: o.size ?? SIZE.cell,
    color: o.color,
    underline: o.underline ? { type: 'single' } : undefined,
  });
}

/** A value of the form (text, □/☑ boxes, blanks to fill in) as runs. */
function segRuns(segs: Seg[], o: RunOpts = {}): TextRun[] {
  return segs.map((s) => {
    if (typeof s === 'string') return run(s, o);
    if ('box' in s) return new TextRun({ text: s.box ? '☑' : '□', font: SYMBOL, size: o.size ?? SIZE.cell });
    return run(EM_SPACE.repeat(s.blank), { ...o, underline: true });
  });
}

export type ParaOpts = { align?: (typeof AlignmentType)[keyof typeof AlignmentType]; indentChars?: number; size?: number; line?: number; before?: number; after?: number; keepNext?: boolean; keepLines?: boolean };
export function para(children: ParagraphChild[], o: ParaOpts = {}): Paragraph {
  const size = o.size ?? SIZE.cell;
  return new Paragraph({
    children,
    alignment: o.align ?? AlignmentType.JUSTIFIED,
    indent: o.indentChars ? { firstLine: Math.round((o.indentChars * size * 20) / 2) } : undefined,
    spacing: { line: o.line ?? 300, lineRule: LineRuleType.AUTO, before: o.before ?? 0, after: o.after ?? 0 },
    keepNext: o.keepNext,
    keepLines: o.keepLines,
  });
}

// ---------------------------------------------------------------------------------------------
// One table on a common grid: every row gives its cells' widths in points; the grid is the union
// of all the cells' edges (edges closer than 4 pt taken as one), and a cell spans the grid
// columns between its edges.
// ---------------------------------------------------------------------------------------------
export interface GridCell {
  w: number; // points
  children: Array<Paragraph | Table>;
  /** twips; the table's margins when not given */
  margins?: { top: number; bottom: number; left: number; right: number };
  rowSpan?: number;
  vAlign?: 'top' | 'center' | 'bottom';
  /** sides drawn without a line (two rows that read as one cell) */
  open?: Array<'top' | 'bottom'>;
}
export interface GridRow {
  cells: GridCell[];
  height?: number; // points, at least
  cantSplit?: boolean;
  /** cells this row does not have because a cell above spans down over them (rowSpan): their widths */
  spannedBefore?: number;
  /** a row of column titles, repeated at the top of each page the table runs over */
  header?: boolean;
}

/**
 * `nested`: a table inside a cell of the big table, with margins 0, which draws only its inner
 * lines — the outer cell draws the frame.
 */
export function gridTable(rows: GridRow[], width = TEXT_W, nested = false): Table {
  const scale = width / pt(INFO_COLS.reduce((a, b) => a + b, 0));
  const edgesOf = (r: GridRow) => {
    const out: number[] = [];
    let x = r.spannedBefore ?? 0;
    for (const c of r.cells) {
      out.push(x);
      x += c.w;
      out.push(x);
    }
    return out;
  };
  const raw = [...new Set(rows.flatMap(edgesOf).map((x) => Math.round(x * 100) / 100))].sort((a, b) => a - b);
  const grid: number[] = [];
  for (const e of raw) if (!grid.length || e - grid[grid.length - 1] >= 4) grid.push(e);
  const idx = (x: number) => grid.reduce((best, g, i) => (Math.abs(g - x) < Math.abs(grid[best] - x) ? i : best), 0);
  const columnWidths = grid.slice(1).map((g, i) => Math.round(pt(g - grid[i]) * scale));
  const border: IBorderOptions = { style: BorderStyle.SINGLE, size: 6, color: '000000' };
  const none: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
  return new Table({
    columnWidths,
    width: { size: columnWidths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    layout: TableLayoutType.FIXED,
    borders: nested
      ? { top: none, bottom: none, left: none, right: none, insideHorizontal: border, insideVertical: border }
      : { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border },
    margins: { top: 60, bottom: 60, left: 100, right: 100 },
    rows: rows.map((r, ri) => {
      let x = r.spannedBefore ?? 0;
      const cells = r.cells.map((c, ci) => {
        const from = idx(x);
        x += c.w;
        const to = idx(x);
        const w = columnWidths.slice(from, to).reduce((a, b) => a + b, 0);
        return new TableCell({
          children: c.children,
          width: { size: w, type: WidthType.DXA },
          columnSpan: to - from > 1 ? to - from : undefined,
          rowSpan: c.rowSpan && c.rowSpan > 1 ? c.rowSpan : undefined,
          verticalAlign: c.vAlign === 'top' ? VerticalAlignTable.TOP : c.vAlign === 'bottom' ? VerticalAlignTable.BOTTOM : VerticalAlignTable.CENTER,
          margins: c.margins,
          borders: nested
            ? {
                top: c.open?.includes('top') || ri === 0 ? none : border,
                bottom: c.open?.includes('bottom') || ri === rows.length - 1 ? none : border,
                left: ci === 0 && !r.spannedBefore ? none : border,
                right: ci === r.cells.length - 1 ? none : border,
              }
            : c.open?.length
              ? { top: c.open.includes('top') ? none : border, bottom: c.open.includes('bottom') ? none : border, left: border, right: border }
              : undefined,
        });
      });
      return new TableRow({ children: cells, cantSplit: r.cantSplit ?? true, tableHeader: r.header || undefined, height: r.height ? { value: pt(r.height), rule: HeightRule.ATLEAST } : undefined });
    }),
  });
}

export const FULL = INFO_COLS.reduce((a, b) => a + b, 0);
export const centre = (text: string, o: RunOpts = {}) => para([run(text, o)], { align: AlignmentType.CENTER });
export const left = (segs: Seg[] | string, o: RunOpts = {}, p: ParaOpts = {}) => para(segRuns(typeof segs === 'string' ? [segs] : segs, o), { align: AlignmentType.LEFT, ...p });
/** section 五 is one unit on one page: its heading, the opinions and the signature blocks */
const KEEP: ParaOpts = { keepNext: true, keepLines: true };
/** `keep`: the row stays on the page of the row after it (keep-with-next on its paragraphs) */
export const headingRow = (text: string, keep = false): GridRow => ({ cells: [{ w: FULL, children: [para([run(text, { hei: true, size: SIZE.body })], { align: AlignmentType.LEFT, ...(keep ? KEEP : {}) })] }], height: 29 });

/**
 * The headers and footers of a form or report (shared by the application form and the reports): a
 * faint watermark on every page; on every page but the first a running header with the status in
 * red on its right; a footer with the page number — on the first page only the footer's text when
 * it is a cover (`first: 'bare'`).
 */
export function pageFurniture(f: PageFurniture) {
  const watermark = f.watermark ? [new TextWatermark({ text: f.watermark, font: 'SimHei', color: 'D9D9D9', opacity: 0.5 })] : [];
  const rule: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: GREY, space: 1 };
  const running = new Header({
    children: [
      new Paragraph({
        children: [run(f.header, { size: SIZE.small, color: GREY }), ...(f.status ? [new TextRun({ text: '\t' }), run(f.status, { hei: true, size: SIZE.small, color: RED })] : []), ...watermark],
        tabStops: [{ type: TabStopType.RIGHT, position: TEXT_W }],
        border: { bottom: rule },
      }),
    ],
  });
  const first = new Header({ children: [new Paragraph({ children: watermark })] });
  const footer = (withPage: boolean) =>
    new Footer({
      children: [
        new Paragraph({
          children: [
            run(f.footer, { size: SIZE.footer, color: GREY }),
            ...(withPage ? [new TextRun({ text: '\t' }), new TextRun({ children: ['第 ', PageNumber.CURRENT, ' 页 共 ', PageNumber.TOTAL_PAGES, ' 页'], font: SONG, size: SIZE.footer })] : []),
          ],
          tabStops: [{ type: TabStopType.RIGHT, position: TEXT_W }],
          border: { top: rule },
        }),
      ],
    });
  return { headers: { default: running, first }, footers: { default: footer(true), first: footer(f.first === 'footer') } };
}

// ---------------------------------------------------------------------------------------------
// The parts of the form
// ---------------------------------------------------------------------------------------------
function cover(plan: DocumentPlan): Array<Paragraph | Table> {
  const c = plan.cover;
  const out: Array<Paragraph | Table> = [para([run(c.version, { size: SIZE.body })], { align: AlignmentType.RIGHT })];
  if (c.status) {
    const red: IBorderOptions = { style: BorderStyle.SINGLE, size: 12, color: RED, space: 4 };
    out.push(
      new Paragraph({
        children: [run(c.status, { hei: true, size: 28, color: RED })],
        alignment: AlignmentType.RIGHT,
        border: { top: red, bottom: red, left: red, right: red },
        indent: { left: pt(FULL - 130), right: 60 },
        spacing: { before: 160 },
      }),
    );
  }
  // the cover must stay on one page in Word: 677 pt of text height, CJK lines ~1.3 em a line
  out.push(para([], { before: pt(c.status ? 50 : 80) }));
  for (const t of c.titleLines) out.push(para([run(t, { hei: true, size: SIZE.title })], { align: AlignmentType.CENTER, line: 360, after: 120 }));
  out.push(para([], { before: pt(70) }));
  const underline: IBorderOptions = { style: BorderStyle.SINGLE, size: 8, color: '000000' };
  const none: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
  out.push(
    new Table({
      columnWidths: [1900, 5400],
      width: { size: 7300, type: WidthType.DXA },
      layout: TableLayoutType.FIXED,
      alignment: AlignmentType.CENTER,
      borders: { top: none, bottom: none, left: none, right: none, insideHorizontal: none, insideVertical: none },
      rows: c.fields.map(
        ([label, value]) =>
          new TableRow({
            height: { value: 800, rule: HeightRule.ATLEAST },
            children: [
              new TableCell({ width: { size: 1900, type: WidthType.DXA }, verticalAlign: VerticalAlignTable.BOTTOM, borders: { top: none, bottom: none, left: none, right: none }, children: [para([run(`${label}：`, { size: SIZE.field })], { align: AlignmentType.LEFT })] }),
              new TableCell({ width: { size: 5400, type: WidthType.DXA }, verticalAlign: VerticalAlignTable.BOTTOM, borders: { top: none, left: none, right: none, bottom: underline }, children: [para([run(value, { size: SIZE.field })], { align: AlignmentType.CENTER })] }),
            ],
          }),
      ),
    }),
  );
  out.push(para([], { before: pt(80) }));
  out.push(para([run(c.maker, { size: SIZE.field })], { align: AlignmentType.CENTER, line: 360 }));
  out.push(para([run(c.date, { size: SIZE.field }), new PageBreak()], { align: AlignmentType.CENTER, line: 360 }));
  return out;
}

function instructions(plan: DocumentPlan): Paragraph[] {
  const items = plan.instructions.items;
  return [
    para([run(plan.instructions.title, { hei: true, size: SIZE.heading })], { align: AlignmentType.CENTER, before: 200, after: 480, size: SIZE.heading }),
    ...items.map((t, i) => {
      const children: ParagraphChild[] = [run(`${i + 1}．${t}`, { size: SIZE.body })];
      if (i === items.length - 1) children.push(new PageBreak());
      return para(children, { size: SIZE.body, indentChars: 2, line: 360, after: 80 });
    }),
  ];
}

function basicInfo(plan: DocumentPlan): GridRow[] {
  const [uw, lw, v1w, l2w, v2w] = INFO_COLS;
  const rows: GridRow[] = [headingRow(plan.basicInfo.heading)];
  const cellsOf = (r: InfoRow): GridCell[] =>
    r.kind === 'pair'
      ? [
          { w: lw, children: [centre(r.l1)] },
          { w: v1w, children: [left(r.v1)] },
          { w: l2w, children: [centre(r.l2)] },
          { w: v2w, children: [left(r.v2)] },
        ]
      : [
          { w: lw, children: [centre(r.label)] },
          { w: v1w + l2w + v2w, children: [left(r.value)] },
        ];
  for (const b of plan.basicInfo.blocks) {
    b.rows.forEach((r, i) => {
      const cells = cellsOf(r);
      if (i === 0) cells.unshift({ w: uw, rowSpan: b.rows.length, children: b.unitLines.map((t) => centre(t)) });
      rows.push({ cells, height: 25, spannedBefore: i === 0 ? 0 : uw });
    });
  }
  return rows;
}

function project(plan: DocumentPlan): GridRow[] {
  const rows: GridRow[] = [headingRow(plan.project.heading)];
  for (const s of plan.project.sections) {
    if (s.kind === 'text') {
      const children = [para([run(s.heading, { hei: true })], { align: AlignmentType.LEFT, keepNext: true })];
      for (const p of s.paragraphs) children.push(para([run(p)], { indentChars: 2 }));
      for (let i = 0; i < s.blankLines; i++) children.push(para([]));
      rows.push({ cells: [{ w: FULL, vAlign: 'top', children }], cantSplit: false });
      continue;
    }
    const total = s.columns.reduce((a, c) => a + c.weight, 0);
    const widths = s.columns.map((c) => (c.weight / total) * FULL);
    rows.push({ cells: [{ w: FULL, children: [para([run(s.heading, { hei: true })], { align: AlignmentType.LEFT })] }], height: 26 });
    rows.push({ cells: s.columns.map((c, i) => ({ w: widths[i], children: [centre(c.title, { hei: true })] })), height: 25 });
    const body = [...s.rows, ...Array.from({ length: s.blankRows }, () => s.columns.map(() => ''))];
    for (const r of body) {
      rows.push({ cells: r.map((t, i) => ({ w: widths[i], children: [s.columns[i].align === 'center' ? centre(t) : left(t)] })), height: 25 });
    }
  }
  return rows;
}

function members(plan: DocumentPlan): GridRow[] {
  const m = plan.members;
  const rows: GridRow[] = [headingRow(m.heading)];
  rows.push({ cells: m.columns.map((t, i) => ({ w: MEMBER_COLS[i], children: [centre(t, { hei: true })] })), height: 25 });
  for (const g of m.groups) {
    g.rows.forEach((r, i) => {
      const cells: GridCell[] = r.map((t, j) => ({ w: MEMBER_COLS[j + 1], children: [j === 0 || j === 4 ? centre(t) : left(t)] }));
      if (i === 0) cells.unshift({ w: MEMBER_COLS[0], rowSpan: g.rows.length, children: g.lines.map((t) => centre(t)) });
      rows.push({ cells, height: 25, spannedBefore: i === 0 ? 0 : MEMBER_COLS[0] });
    });
  }
  return rows;
}

function clauses(plan: DocumentPlan): GridRow[] {
  return [
    headingRow(plan.clauses.heading),
    { cells: [{ w: FULL, vAlign: 'top', children: plan.clauses.items.map((t) => para([run(t)], { indentChars: 2, after: 40 })) }], cantSplit: false },
  ];
}

/** The upper part of a party's opinion block: who, and what they said. */
function opinionTop(b: OpinionBlock): Paragraph[] {
  const out: Paragraph[] = [left(`${b.title}：`, { hei: true }, KEEP), left(b.orgName, {}, KEEP)];
  if (b.opinion) out.push(left(`意见：${b.opinion}`, {}, KEEP));
  return out;
}

/**
 * The lower part, the same for the three parties so that they line up: the signer (法定代表人 or
 * 负责人), the seal, apart from them who applied it (经办人), and the party's one date. The last row
 * of the table: its lines are kept together (keepLines), the row itself cannot break (cantSplit).
 */
function opinionSignature(b: OpinionBlock): Paragraph[] {
  const keepLines = { keepLines: true };
  const out: Paragraph[] = [left(`${b.signerLabel}：`, {}, keepLines), para([run(b.signerName || EM_SPACE)], { align: AlignmentType.CENTER, keepLines: true })];
  const red: IBorderOptions = { style: BorderStyle.SINGLE, size: 8, color: RED, space: 2 };
  const seal = b.seal ?? [EM_SPACE, '（单位公章）', EM_SPACE];
  seal.forEach((t, i) =>
    out.push(
      new Paragraph({
        children: [run(t, { hei: !!b.seal && i === 0, size: b.seal ? (i === 0 ? SIZE.small + 2 : SIZE.footer) : SIZE.cell, color: b.seal ? RED : GREY })],
        alignment: AlignmentType.CENTER,
        border: b.seal ? { top: red, bottom: red, left: red, right: red } : undefined,
        indent: { left: 160, right: 160 },
        spacing: { before: i === 0 ? 120 : 0, after: i === seal.length - 1 ? 120 : 0, line: 260, lineRule: LineRuleType.AUTO },
        keepLines: true,
      }),
    ),
  );
  out.push(para([run(b.operator ?? EM_SPACE, { size: SIZE.small, color: GREY })], { align: AlignmentType.LEFT, keepLines: true }));
  out.push(para([run(b.date)], { align: AlignmentType.RIGHT, before: 60, keepLines: true }));
  return out;
}

function opinions(plan: DocumentPlan): GridRow[] {
  const w = FULL / 3;
  // TB-5: 五 never splits across pages. Its heading, the opinions and the signature blocks are one
  // row of the big table that cannot break (cantSplit), holding them as a table of their own whose
  // rows cannot break either; every paragraph but the signature row's keeps with the next
  // (keepNext) and its lines together (keepLines). Word honours either; LibreOffice only the row.
  const inner = gridTable(
    [
      { ...headingRow(plan.opinions.heading, true), cantSplit: true },
      // room to write an opinion by hand while nobody has signed on the platform
      { cells: plan.opinions.blocks.map((b) => ({ w, vAlign: 'top' as const, open: ['bottom' as const], children: opinionTop(b) })), height: plan.opinions.blocks.some((b) => b.signed) ? 90 : 150, cantSplit: true },
      { cells: plan.opinions.blocks.map((b) => ({ w, vAlign: 'bottom' as const, open: ['top' as const], children: opinionSignature(b) })), height: 110, cantSplit: true },
    ],
    TEXT_W,
    true,
  );
  // a cell ends with a paragraph: a hairline one after the inner table
  const end = new Paragraph({ children: [], spacing: { before: 0, after: 0, line: 20, lineRule: LineRuleType.EXACT } });
  return [{ cells: [{ w: FULL, vAlign: 'top', margins: { top: 0, bottom: 0, left: 0, right: 0 }, children: [inner, end] }], cantSplit: true }];
}

function closing(plan: DocumentPlan): Paragraph[] {
  const last = plan.closing.length - 1;
  return plan.closing.map((t, i) =>
    new Paragraph({
      children: [run(t, { size: SIZE.small, color: i === 0 && plan.status ? RED : undefined })],
      alignment: AlignmentType.LEFT,
      spacing: { before: i === 0 ? 160 : 0, line: 276, lineRule: LineRuleType.AUTO },
      keepNext: i < last, // the lines stay together
      keepLines: true,
    }),
  );
}

function headerFooter(plan: DocumentPlan) {
  const watermark = plan.watermark ? [new TextWatermark({ text: plan.watermark, font: 'SimHei', color: 'D9D9D9', opacity: 0.5 })] : [];
  const rule: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: GREY, space: 1 };
  const running = new Header({
    children: [
      new Paragraph({
        children: [run(plan.header, { size: SIZE.small, color: GREY }), ...(plan.status ? [new TextRun({ text: '\t' }), run(plan.status, { hei: true, size: SIZE.small, color: RED })] : []), ...watermark],
        tabStops: [{ type: TabStopType.RIGHT, position: TEXT_W }],
        border: { bottom: rule },
      }),
    ],
  });
  const first = new Header({ children: [new Paragraph({ children: watermark })] });
  const codeRuns = (withPage: boolean): ParagraphChild[] => [
    run(plan.footer.codeLine, { size: SIZE.footer, color: plan.footer.code ? undefined : RED }),
    ...(withPage
      ? [
          new TextRun({ text: '\t' }),
          new TextRun({ children: ['第 ', PageNumber.CURRENT, ' 页 共 ', PageNumber.TOTAL_PAGES, ' 页'], font: SONG, size: SIZE.footer }),
        ]
      : []),
  ];
  const footer = (withPage: boolean) =>
    new Footer({
      children: [
        new Paragraph({ children: codeRuns(withPage), tabStops: [{ type: TabStopType.RIGHT, position: TEXT_W }], border: { top: rule } }),
        ...(plan.footer.digestLine ? [new Paragraph({ children: [run(plan.footer.digestLine, { size: SIZE.tiny, color: GREY })] })] : []),
      ],
    });
  return { headers: { default: running, first }, footers: { default: footer(true), first: footer(false) } };
}

export function buildTaskBookDocx(model: TaskBookDocumentModel): Document {
  const plan = planOf(model);
  const table = gridTable([...basicInfo(plan), ...project(plan), ...members(plan), ...clauses(plan), ...opinions(plan)]);
  const custom = [
    ...(plan.meta.code ? [{ name: '校验码', value: plan.meta.code }] : []),
    ...(plan.meta.digest ? [{ name: '内容摘要（SM3）', value: plan.meta.digest }] : []),
    { name: `${plan.meta.documentName}版本`, value: String(model.version) },
  ];
  return new Document({
    title: plan.meta.title,
    subject: plan.meta.subject,
    keywords: plan.meta.keywords,
    creator: plan.cover.fields[3][1] || '承接平台',
    lastModifiedBy: '承接平台',
    description: plan.footer.codeLine,
    customProperties: custom,
    styles: {
      default: {
        document: { run: { font: SONG, size: SIZE.cell }, paragraph: { spacing: { line: 300, lineRule: LineRuleType.AUTO } } },
      },
    },
    sections: [
      {
        properties: {
          titlePage: true,
          page: { size: PAGE, margin: MARGIN },
        },
        ...headerFooter(plan),
        children: [...cover(plan), ...instructions(plan), table, ...closing(plan)],
      },
    ],
  });
}

/** The task book as a Word file. */
export async function renderTaskBookDocx(model: TaskBookDocumentModel): Promise<Buffer> {
  return Packer.toBuffer(buildTaskBookDocx(model));
}
