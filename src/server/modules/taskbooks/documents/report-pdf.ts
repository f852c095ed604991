// A report (report.ts) as PDF, with the task book's building blocks (pdf.ts: the embedded CJK font,
// the Chinese line breaking, rows that carry over to the next page, the page furniture). A4: the
// title and the status on page 1, then the blocks in order — section headings kept with what follows,
// body text in 小四 with two characters' indent, tables in 五号 with their column titles repeated on
// each page — and the running header from page 2, the page number on every page.
import { BOTTOM, columnTable, decoratePages, GREY, ML, MT, pdfBytes, PdfWriter, RED, ROW_MIN, splitRow, W, type CellSpec } from './pdf.js';
import { cellsOf, scaleWidths, type ReportBlock, type ReportDocument } from './report.js';

const BODY = 12;
const BODY_LH = 22;
const LABEL_W = 104;

/** Lines of text at the left margin, broken over pages. */
function flow(w: PdfWriter, text: string, o: { size: number; lh: number; indent?: number; weight?: 'regular' | 'bold'; color?: string; align?: 'left' | 'center' | 'right' | 'justify'; x?: number; max?: number }) {
  const x = o.x ?? ML;
  const max = o.max ?? W;
  const weight = o.weight ?? 'regular';
  const lines = w.ts.wrap([text], max, weight, o.size, o.indent ?? 0);
  lines.forEach((l, i) => {
    w.ensure(o.lh);
    w.ts.drawLine(l, x, w.y, o.lh, { weight, size: o.size, color: o.color, align: o.align ?? 'justify', max, indent: i === 0 ? o.indent : 0 });
    w.y += o.lh;
  });
}

/** Space before a block, unless it starts a page. */
const gap = (w: PdfWriter, pt: number) => {
  if (w.y > MT + 1) w.y += pt;
};

function titlePage(w: PdfWriter, r: ReportDocument) {
  const { doc, ts } = w;
  w.newPage();
  if (r.page.status) {
    const sw = ts.width(r.page.status, 'bold', 12) + 16;
    const top = MT - 46;
    doc.save().lineWidth(1.2).strokeColor(RED).rect(ML + W - sw, top, sw, 24).stroke().restore();
    ts.drawLine(ts.wrap([r.page.status], sw, 'bold', 12)[0], ML + W - sw, top, 24, { weight: 'bold', size: 12, align: 'center', max: sw, color: RED });
  }
  w.y = MT + 8;
  for (const t of r.title) flow(w, t, { size: 22, lh: 38, weight: 'bold', align: 'center' });
  w.y += 6;
  for (const t of r.subtitle) flow(w, t, { size: 14, lh: 26, align: 'center' });
  w.y += 14;
}

const fieldCells = (w: PdfWriter, f: { label: string; value: string }): CellSpec[] => [
  { w: LABEL_W, lines: w.lines(f.label, LABEL_W, 'bold'), align: 'center', weight: 'bold' },
  { w: W - LABEL_W, lines: w.lines(f.value || '—', W - LABEL_W), align: 'left' },
];
/** the most a block asks to have on the page where it starts (a short label/value table whole, never more than half a page) */
const HALF_PAGE = (BOTTOM - MT) / 2;
function keepHeight(w: PdfWriter, b: ReportBlock | undefined): number {
  if (!b) return 0;
  if (b.kind === 'fields') return Math.min(HALF_PAGE, b.rows.reduce((h, f) => h + w.rowHeight(fieldCells(w, f)), 0) + 4);
  if (b.kind === 'table') return 2 * ROW_MIN + 4;
  return 3 * BODY_LH;
}

function block(w: PdfWriter, b: ReportBlock, next: ReportBlock | undefined) {
  switch (b.kind) {
    case 'heading':
      gap(w, 12);
      w.ensure(34 + keepHeight(w, next));
      flow(w, b.text, { size: 15, lh: 30, weight: 'bold', align: 'left' });
      w.y += 4;
      return;
    case 'subheading':
      gap(w, 4);
      w.ensure(BODY_LH * 3);
      flow(w, b.text, { size: BODY, lh: BODY_LH, weight: 'bold', align: 'left', indent: 2 * BODY });
      return;
    case 'paragraphs': {
      const paras = b.paragraphs.length ? b.paragraphs : b.empty ? [b.empty] : [];
      paras.forEach((p, i) => {
        if (i) w.y += 3;
        flow(w, p, { size: BODY, lh: BODY_LH, indent: 2 * BODY });
      });
      return;
    }
    case 'fields': {
      gap(w, 4);
      w.ensure(keepHeight(w, b)); // a short table is not split between pages
      for (const f of b.rows) splitRow(w, fieldCells(w, f));
      w.y += 8;
      return;
    }
    case 'table': {
      gap(w, 4);
      const widths = scaleWidths(b.columns, W);
      const columns = b.columns.map((c, i) => ({ title: c.title, w: widths[i], align: c.align }));
      const rows = b.rows.length ? b.rows.map(cellsOf) : [{ cells: [{ text: b.empty ?? '无', span: b.columns.length, align: 'center' as const }], bold: false }];
      columnTable(w, columns, rows);
      w.y += 8;
      return;
    }
    case 'note':
      gap(w, 6);
      for (const t of b.lines) flow(w, t, { size: 9, lh: 15, color: GREY, align: 'left' });
      w.y += 4;
      return;
    case 'signature': {
      const lh = 26;
      gap(w, 24);
      w.ensure((b.lines.length + 1) * lh);
      const x = ML + W / 2;
      const max = W / 2;
      for (const l of b.lines) flow(w, `${l.label}：${l.value}`, { size: BODY, lh, align: 'left', x, max });
      flow(w, b.date, { size: BODY, lh, align: 'right', x, max: max - 2 * BODY });
      return;
    }
  }
}

export function buildReportPdf(r: ReportDocument): PDFKit.PDFDocument {
  const w = new PdfWriter({ title: r.meta.title, subject: r.meta.subject, keywords: r.meta.keywords, author: r.meta.author, code: null, digest: null, createdAt: r.meta.createdAt ? new Date(r.meta.createdAt) : null });
  titlePage(w, r);
  r.blocks.forEach((b, i) => block(w, b, r.blocks[i + 1]));
  decoratePages(w, { ...r.page, first: 'footer' });
  return w.doc;
}

/** The report as a PDF file. */
export function renderReportPdf(r: ReportDocument): Promise<Buffer> {
  return pdfBytes(() => buildReportPdf(r));
}

