// CAP-2: the application form (申报书) as PDF, with the task book's building blocks
// (taskbooks/documents/pdf.ts: the embedded CJK font, the Chinese line breaking, rows and cells
// that carry over to the next page): the cover, then 一 to 五 as tables, a running header (草稿 in
// red for a draft), a faint mark across a draft's pages, and the page number in the footer.
import {
  CELL,
  CELL_LH,
  columnTable,
  decoratePages,
  INK,
  ML,
  PAD_X,
  pdfBytes,
  PdfWriter,
  RED,
  W,
  type CellSpec,
} from '../../taskbooks/documents/pdf.js';
import type { ApplicationDocumentModel } from './model.js';
import { buildApplicationPlan, type ApplicationPlan, type PlanColumn } from './plan.js';

/** the plan's widths are of a 453.5 pt text width: scaled to the page's */
const scaled = (cols: PlanColumn[]) => {
  const total = cols.reduce((a, c) => a + c.width, 0);
  return cols.map((c) => (c.width / total) * W);
};

function cover(w: PdfWriter, plan: ApplicationPlan) {
  const { doc, ts } = w;
  w.newPage();
  const c = plan.cover;
  if (c.status) {
    const sw = ts.width(c.status, 'bold', 14) + 16;
    doc.save().lineWidth(1.2).strokeColor(RED).rect(ML + W - sw, 70, sw, 28).stroke().restore();
    ts.drawLine(ts.wrap([c.status], sw, 'bold', 14)[0], ML + W - sw, 70, 28, { weight: 'bold', size: 14, align: 'center', max: sw, color: RED });
  }
  let y = 190;
  for (const t of c.titleLines) {
    ts.drawLine(ts.wrap([t], W, 'bold', 22)[0], ML, y, 40, { weight: 'bold', size: 22, align: 'center', max: W });
    y += 44;
  }
  y = 340;
  const labelX = ML + 48;
  const valueX = labelX + 96;
  const valueW = ML + W - 40 - valueX;
  for (const [label, value] of c.fields) {
    ts.drawLine(ts.wrap([`${label}：`], 200, 'regular', 16)[0], labelX, y, 30, { weight: 'regular', size: 16, max: 200 });
    const ls = ts.wrap([value], valueW - 8, 'regular', 16);
    ls.forEach((l, i) => {
      ts.drawLine(l, valueX + 4, y, 30, { weight: 'regular', size: 16, align: ls.length === 1 ? 'center' : 'left', max: valueW - 8 });
      doc
        .save()
        .lineWidth(0.8)
        .moveTo(valueX, y + 27)
        .lineTo(valueX + valueW, y + 27)
        .stroke()
        .restore();
      if (i < ls.length - 1) y += 30;
    });
    y += 40;
  }
  y = Math.max(y + 30, 670);
  ts.drawLine(ts.wrap([c.maker], W, 'regular', 16)[0], ML, y, 30, { weight: 'regular', size: 16, align: 'center', max: W });
  ts.drawLine(ts.wrap([c.date], W, 'regular', 16)[0], ML, y + 34, 30, { weight: 'regular', size: 16, align: 'center', max: W });
}

type Body = { kind: 'row'; cells: string[] } | { kind: 'title'; text: string };

/** A table under its heading: the column titles, repeated at the head of each new page (pdf.ts columnTable). */
function table(w: PdfWriter, columns: PlanColumn[], body: Body[]) {
  const widths = scaled(columns);
  columnTable(
    w,
    columns.map((c, i) => ({ title: c.title, w: widths[i], align: c.align })),
    body.map((b) => (b.kind === 'title' ? { cells: [{ text: b.text, span: columns.length, align: 'left' as const }], bold: true } : { cells: b.cells.map((text) => ({ text })) })),
  );
}

const rowsOf = (rows: string[][], blank: number, n: number): Body[] => [...rows, ...Array.from({ length: blank }, () => Array.from({ length: n }, () => ''))].map((cells) => ({ kind: 'row', cells }));
const notes = (w: PdfWriter, lines: string[]) => w.flowCell(lines.map((t) => ({ segs: t, align: 'left' as const })), 15, 9.5);

function form(w: PdfWriter, plan: ApplicationPlan) {
  w.newPage();
  // 一
  w.headingRow(plan.goals.heading);
  w.flowCell(
    plan.goals.paragraphs.map((p) => ({ segs: p, indent: 2 * CELL })),
    CELL_LH,
    CELL,
    Math.max(3, plan.goals.blankLines),
  );
  // 二
  const ind = plan.indicators.table;
  w.headingRow(plan.indicators.heading);
  table(w, ind.columns, rowsOf(ind.rows, ind.blankRows, ind.columns.length));
  // 三
  const b = plan.budget;
  w.headingRow(b.heading);
  table(w, b.table.columns, rowsOf(b.table.rows, b.table.blankRows, b.table.columns.length));
  const [cat, item, amount, note] = scaled(b.table.columns);
  const total: CellSpec[] = [
    { w: cat + item, lines: w.lines(b.total.label, cat + item, 'bold'), align: 'center', weight: 'bold' },
    { w: amount, lines: w.lines(b.total.amount, amount, 'bold'), align: 'center', weight: 'bold' },
    { w: note, lines: w.lines('', note) },
  ];
  w.ensure(w.rowHeight(total) + 40);
  w.drawRow(ML, total, w.rowHeight(total));
  notes(w, b.notes);
  // 四
  const e = plan.eligibility;
  w.headingRow(e.heading);
  table(
    w,
    e.columns,
    e.groups.flatMap((g): Body[] => [{ kind: 'title', text: g.title }, ...g.rows.map((cells): Body => ({ kind: 'row', cells }))]),
  );
  notes(w, e.notes);
  // 五: one box on one page — the statement, then the signature, the seal and the date on the right
  const o = plan.opinion;
  const h = 210;
  w.headingRow(o.heading, h);
  const y0 = w.y;
  w.rect(ML, y0, W, h);
  w.text(o.statement, ML + PAD_X + 2, y0 + 10, W - 2 * PAD_X - 4, { size: 12, lh: 22, align: 'justify', indent: 24 });
  let y = y0 + h - 118;
  for (const t of o.signLines) {
    w.ts.drawLine(w.ts.wrap([t], W / 2, 'regular', 12)[0], ML + W * 0.5, y, 22, { weight: 'regular', size: 12, max: W / 2 });
    y += 34;
  }
  w.ts.drawLine(w.ts.wrap([o.date], W, 'regular', 12)[0], ML, y, 22, { weight: 'regular', size: 12, align: 'right', max: W - 24 });
  w.y = y0 + h;
}

function closing(w: PdfWriter, plan: ApplicationPlan) {
  w.y += 10;
  plan.closing.forEach((t, i) => {
    const lines = w.ts.wrap([t], W, 'regular', 9);
    w.ensure(lines.length * 14);
    for (const l of lines) {
      w.ts.drawLine(l, ML, w.y, 14, { weight: 'regular', size: 9, max: W, color: i === 0 && plan.status ? RED : INK });
      w.y += 14;
    }
  });
}

function decorate(w: PdfWriter, plan: ApplicationPlan) {
  decoratePages(w, { header: plan.header, status: plan.status, footer: plan.footer, watermark: plan.watermark, first: 'bare' });
}

export function buildApplicationPdf(model: ApplicationDocumentModel): PDFKit.PDFDocument {
  const plan = buildApplicationPlan(model);
  const w = new PdfWriter(plan.meta);
  cover(w, plan);
  form(w, plan);
  closing(w, plan);
  decorate(w, plan);
  return w.doc;
}

/** The application form as a PDF file. */
export function renderApplicationPdf(model: ApplicationDocumentModel): Promise<Buffer> {
  return pdfBytes(() => buildApplicationPdf(model));
}
