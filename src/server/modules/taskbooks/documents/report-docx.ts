// A report (report.ts) as an editable Word file, with the task book's building blocks (docx.ts): A4,
// 宋体 for text and 黑体 for headings, the title and the status on page 1, the blocks in order — body
// text in 小四 with two characters' indent, tables in 五号 whose column titles repeat on each page —,
// the running header from page 2 and the page number on every page.
import { AlignmentType, BorderStyle, Document, LineRuleType, Packer, Paragraph, type IBorderOptions } from 'docx';
import { FULL, gridTable, MARGIN, PAGE, pageFurniture, para, pt, RED, GREY, run, SIZE, SONG, type GridRow } from './docx.js';
import { cellsOf, scaleWidths, type ReportAlign, type ReportBlock, type ReportDocument } from './report.js';

const LABEL_W = 104; // points of the 453.5 pt text width
const BODY = SIZE.body;

const alignOf = (a: ReportAlign | undefined) => (a === 'center' ? AlignmentType.CENTER : a === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT);

/** A cell's text: one paragraph per line of it. */
function cellParas(text: string, o: { align?: ReportAlign; bold?: boolean; keepNext?: boolean } = {}): Paragraph[] {
  const lines = text.split(/\r?\n/);
  return lines.map((l) => para([run(l, { hei: o.bold })], { align: alignOf(o.align), keepNext: o.keepNext }));
}

/** a label/value table up to this many rows is kept on one page (keep-with-next on all its rows but the last) */
const KEEP_ROWS = 12;

/** A hairline paragraph: two tables in a row would otherwise run together into one. */
const spacer = () => new Paragraph({ children: [], spacing: { before: 0, after: 0, line: 120, lineRule: LineRuleType.EXACT } });

function block(b: ReportBlock): Array<Paragraph | ReturnType<typeof gridTable>> {
  switch (b.kind) {
    case 'heading':
      return [para([run(b.text, { hei: true, size: 30 })], { align: AlignmentType.LEFT, size: 30, line: 360, before: 240, after: 80, keepNext: true, keepLines: true })];
    case 'subheading':
      return [para([run(b.text, { hei: true, size: BODY })], { align: AlignmentType.LEFT, size: BODY, indentChars: 2, line: 360, before: 60, keepNext: true, keepLines: true })];
    case 'paragraphs': {
      const paras = b.paragraphs.length ? b.paragraphs : b.empty ? [b.empty] : [];
      return paras.map((p) => para([run(p, { size: BODY })], { size: BODY, indentChars: 2, line: 360 }));
    }
    case 'fields': {
      const keep = (i: number) => b.rows.length <= KEEP_ROWS && i < b.rows.length - 1;
      const rows: GridRow[] = b.rows.map((f, i) => ({
        cells: [
          { w: LABEL_W, children: cellParas(f.label, { align: 'center', bold: true, keepNext: keep(i) }) },
          { w: FULL - LABEL_W, children: cellParas(f.value || '—', { keepNext: keep(i) }) },
        ],
        height: 25,
        cantSplit: false,
      }));
      return [gridTable(rows), spacer()];
    }
    case 'table': {
      const widths = scaleWidths(b.columns, FULL);
      const header: GridRow = { cells: b.columns.map((c, i) => ({ w: widths[i], children: cellParas(c.title, { align: 'center', bold: true }) })), height: 25, header: true };
      const body: GridRow[] = (b.rows.length ? b.rows.map(cellsOf) : [{ cells: [{ text: b.empty ?? '无', span: b.columns.length, align: 'center' as const }], bold: false }]).map((r) => {
        let col = 0;
        return {
          cells: r.cells.map((c) => {
            const span = Math.max(1, c.span ?? 1);
            const w = widths.slice(col, col + span).reduce((a, x) => a + x, 0);
            const align = c.align ?? b.columns[col]?.align;
            col += span;
            return { w, children: cellParas(c.text, { align, bold: r.bold }) };
          }),
          height: 25,
          cantSplit: false,
        };
      });
      return [gridTable([header, ...body]), spacer()];
    }
    case 'note':
      return b.lines.map((t, i) => para([run(t, { size: SIZE.small, color: GREY })], { align: AlignmentType.LEFT, size: SIZE.small, line: 276, before: i ? 0 : 120 }));
    case 'signature': {
      const indent = { left: pt(FULL / 2) };
      return [
        new Paragraph({ children: [], spacing: { before: pt(18) }, keepNext: true }),
        ...b.lines.map((l) => new Paragraph({ children: [run(`${l.label}：${l.value}`, { size: BODY })], indent, spacing: { line: 400, lineRule: LineRuleType.AUTO }, keepNext: true, keepLines: true })),
        new Paragraph({ children: [run(b.date, { size: BODY })], alignment: AlignmentType.RIGHT, indent: { right: pt(24) }, spacing: { line: 400, lineRule: LineRuleType.AUTO }, keepLines: true }),
      ];
    }
  }
}

function titleBlock(r: ReportDocument): Paragraph[] {
  const out: Paragraph[] = [];
  if (r.page.status) {
    const red: IBorderOptions = { style: BorderStyle.SINGLE, size: 12, color: RED, space: 4 };
    out.push(
      new Paragraph({
        children: [run(r.page.status, { hei: true, size: BODY, color: RED })],
        alignment: AlignmentType.CENTER,
        border: { top: red, bottom: red, left: red, right: red },
        indent: { left: pt(FULL - 12 * (r.page.status.length + 2)), right: 60 },
        spacing: { after: 120 },
      }),
    );
  }
  for (const t of r.title) out.push(para([run(t, { hei: true, size: SIZE.title })], { align: AlignmentType.CENTER, size: SIZE.title, line: 360, before: out.length ? 0 : 120, after: 60 }));
  r.subtitle.forEach((t, i) => out.push(para([run(t, { size: 28 })], { align: AlignmentType.CENTER, size: 28, line: 360, after: i === r.subtitle.length - 1 ? 240 : 0 })));
  return out;
}

export function buildReportDocx(r: ReportDocument): Document {
  return new Document({
    title: r.meta.title,
    subject: r.meta.subject,
    keywords: r.meta.keywords,
    creator: r.meta.author,
    lastModifiedBy: '承接平台',
    description: r.meta.subject,
    customProperties: r.meta.properties ?? [],
    styles: { default: { document: { run: { font: SONG, size: SIZE.cell }, paragraph: { spacing: { line: 300, lineRule: LineRuleType.AUTO } } } } },
    sections: [
      {
        properties: { titlePage: true, page: { size: PAGE, margin: MARGIN } },
        ...pageFurniture({ ...r.page, first: 'footer' }),
        children: [...titleBlock(r), ...r.blocks.flatMap(block)],
      },
    ],
  });
}

/** The report as a Word file. */
export async function renderReportDocx(r: ReportDocument): Promise<Buffer> {
  return Packer.toBuffer(buildReportDocx(r));
}
