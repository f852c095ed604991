// CAP-5: the responsibility letter (责任书) as PDF, with the task book's building blocks
// (taskbooks/documents/pdf.ts: the embedded CJK font, the Chinese line breaking, rows and cells that
// carry over to the next page). The title, the parties and the preamble, then 一 to 八 as tables,
// the signature block on one page; on every page the verification code with the portal address,
// the content digest and the page number (PUB-2); a running header (待签署 or 草稿 in red) and a
// faint mark across the pages of a letter not in force. The code is also in the document
// information (VerificationCode, Keywords), where the verification reads it back.
import {
  BOTTOM,
  CELL,
  CELL_LH,
  GREY,
  INK,
  MB,
  ML,
  PAD_X,
  PAD_Y,
  PAGE_H,
  PAGE_W,
  pdfBytes,
  PdfWriter,
  RED,
  ROW_MIN,
  W,
  type CellSpec,
} from '../../taskbooks/documents/pdf.js';
import type { LetterDocumentModel } from './letter-model.js';
import { buildLetterPlan, type LetterPlan } from './letter-plan.js';
import type { PlanColumn, PlanTable } from './plan.js';

/** the plan's widths are of a 453.5 pt text width: scaled to the page's */
const scaled = (cols: PlanColumn[]) => {
  const total = cols.reduce((a, c) => a + c.width, 0);
  return cols.map((c) => (c.width / total) * W);
};

/** A table under its heading: the column titles, repeated at the head of each new page. */
function table(w: PdfWriter, t: PlanTable) {
  const widths = scaled(t.columns);
  const header = () => {
    const cells: CellSpec[] = t.columns.map((c, i) => ({ w: widths[i], lines: w.lines(c.title, widths[i], 'bold'), align: 'center', weight: 'bold' }));
    w.drawRow(ML, cells, w.rowHeight(cells));
  };
  const specOf = (r: string[]): CellSpec[] => r.map((text, i) => ({ w: widths[i], lines: w.lines(text, widths[i]), align: t.columns[i].align }));
  const first = t.rows[0] ? w.rowHeight(specOf(t.rows[0])) : ROW_MIN;
  w.ensure(ROW_MIN + 4 + first);
  header();
  for (const r of t.rows) {
    const cells = specOf(r);
    const h = w.rowHeight(cells);
    if (w.y + h > BOTTOM) {
      w.newPage();
      header();
    }
    w.drawRow(ML, cells, h);
  }
}

function opening(w: PdfWriter, plan: LetterPlan) {
  const { doc, ts } = w;
  w.newPage();
  if (plan.status) {
    const sw = ts.width(plan.status, 'bold', 12) + 14;
    doc.save().lineWidth(1.2).strokeColor(RED).rect(ML + W - sw, 40, sw, 24).stroke().restore();
    ts.drawLine(ts.wrap([plan.status], sw, 'bold', 12)[0], ML + W - sw, 40, 24, { weight: 'bold', size: 12, align: 'center', max: sw, color: RED });
  }
  w.y = 96;
  for (const t of plan.titleLines) {
    for (const l of ts.wrap([t], W, 'bold', 20)) {
      ts.drawLine(l, ML, w.y, 34, { weight: 'bold', size: 20, align: 'center', max: W });
      w.y += 34;
    }
  }
  w.y += 18;
  for (const p of plan.partyLines) {
    w.y += w.text(p, ML + 24, w.y, W - 24, { size: 14, lh: 26 });
  }
  w.y += 10;
  w.y += w.text(plan.preamble, ML, w.y, W, { size: 12, lh: 22, align: 'justify', indent: 24 });
  w.y += 14;
}

function sections(w: PdfWriter, plan: LetterPlan) {
  // 一
  const [lw, vw] = [110, W - 110];
  w.headingRow(plan.basic.heading);
  for (const [label, value] of plan.basic.rows) {
    const cells: CellSpec[] = [
      { w: lw, lines: w.lines(label, lw), align: 'center' },
      { w: vw, lines: w.lines(value, vw) },
    ];
    const h = w.rowHeight(cells);
    w.ensure(h);
    w.drawRow(ML, cells, h);
  }
  // 二
  w.headingRow(plan.goals.heading);
  w.flowCell(
    plan.goals.paragraphs.map((p) => ({ segs: p, indent: 2 * CELL })),
    CELL_LH,
    CELL,
    2,
  );
  // 三
  w.headingRow(plan.indicators.heading);
  table(w, plan.indicators.table);
  // 四
  const b = plan.budget;
  w.headingRow(b.heading);
  table(w, b.table);
  const [cat, item, amount, note] = scaled(b.table.columns);
  const total: CellSpec[] = [
    { w: cat + item, lines: w.lines(b.total.label, cat + item, 'bold'), align: 'center', weight: 'bold' },
    { w: amount, lines: w.lines(b.total.amount, amount, 'bold'), align: 'center', weight: 'bold' },
    { w: note, lines: w.lines('', note) },
  ];
  w.ensure(w.rowHeight(total) + 40);
  w.drawRow(ML, total, w.rowHeight(total));
  w.flowCell(
    b.notes.map((t) => ({ segs: t, align: 'left' as const })),
    15,
    9.5,
  );
  // 五
  w.headingRow(plan.obligations.heading, 120);
  w.flowCell(
    plan.obligations.items.map((t, i) => ({ segs: t, indent: 2 * CELL, gapBefore: i ? 3 : 0 })),
    CELL_LH + 2,
  );
  // 六
  w.headingRow(plan.supplementary.heading);
  w.flowCell(
    plan.supplementary.paragraphs.map((p) => ({ segs: p, indent: 2 * CELL })),
    CELL_LH,
    CELL,
    2,
  );
  // 七
  w.headingRow(plan.contacts.heading);
  table(w, plan.contacts.table);
}

/** 八: both parties side by side on one page — organisation, signer, the seal, who applied it, when. */
function signatures(w: PdfWriter, plan: LetterPlan) {
  const { doc, ts } = w;
  const colW = W / 2;
  const inner = colW - 2 * PAD_X;
  const h = 210;
  w.headingRow(plan.signatures.heading, h);
  const y0 = w.y;
  plan.signatures.blocks.forEach((b, i) => {
    const x = ML + i * colW;
    w.rect(x, y0, colW, h);
    let y = y0 + PAD_Y + 2;
    ts.drawLine(ts.wrap([`${b.title}：`], inner, 'bold', CELL)[0], x + PAD_X, y, CELL_LH, { weight: 'bold', size: CELL, max: inner });
    y += CELL_LH;
    for (const l of ts.wrap([b.orgName], inner, 'regular', CELL)) {
      ts.drawLine(l, x + PAD_X, y, CELL_LH, { weight: 'regular', size: CELL, max: inner });
      y += CELL_LH;
    }
    y += 6;
    ts.drawLine(ts.wrap([`${b.signerLabel}：${b.signerName}`], inner, 'regular', CELL)[0], x + PAD_X, y, CELL_LH, { weight: 'regular', size: CELL, max: inner });
    y += CELL_LH + 8;
    const sealH = 44;
    const sealW = inner - 30;
    const sx = x + PAD_X + 15;
    if (b.seal) {
      doc.save().lineWidth(1).strokeColor(RED).rect(sx, y, sealW, sealH).stroke().restore();
      b.seal.forEach((t, j) => {
        const size = j === 0 ? 10 : 8.5;
        ts.drawLine(ts.wrap([t], sealW - 6, j === 0 ? 'bold' : 'regular', size)[0], sx, y + 5 + j * 17, 17, { weight: j === 0 ? 'bold' : 'regular', size, align: 'center', max: sealW, color: RED });
      });
    } else {
      ts.drawLine(ts.wrap(['（单位公章）'], sealW, 'regular', CELL)[0], sx, y + sealH / 2 - CELL_LH / 2, CELL_LH, { weight: 'regular', size: CELL, align: 'center', max: sealW, color: GREY });
    }
    y += sealH + 8;
    if (b.operator) ts.drawLine(ts.wrap([b.operator], inner, 'regular', 9)[0], x + PAD_X, y, CELL_LH, { weight: 'regular', size: 9, max: inner, color: GREY });
    y += CELL_LH + 2;
    ts.drawLine(ts.wrap([b.date], inner, 'regular', CELL)[0], x + PAD_X, y, CELL_LH, { weight: 'regular', size: CELL, align: 'right', max: inner - 6 });
  });
  w.y = y0 + h;
}

/** After the letter, kept together: how it stands, its code and where to check it, its digest. */
function closing(w: PdfWriter, plan: LetterPlan) {
  w.y += 10;
  const paras = plan.closing.map((t) => w.ts.wrap([t], W, 'regular', 9));
  w.ensure(paras.reduce((h, ls) => h + ls.length * 14, 0));
  paras.forEach((lines, i) => {
    for (const l of lines) {
      w.ts.drawLine(l, ML, w.y, 14, { weight: 'regular', size: 9, max: W, color: i === 0 && plan.status ? RED : INK });
      w.y += 14;
    }
  });
}

function decorate(w: PdfWriter, plan: LetterPlan) {
  const { doc, ts } = w;
  const range = doc.bufferedPageRange();
  const total = range.count;
  for (let i = 0; i < total; i++) {
    doc.switchToPage(range.start + i);
    if (i > 0) {
      const right = plan.status ?? '';
      const rightW = right ? ts.width(right, 'bold', 9) + 4 : 0;
      ts.drawLine(ts.wrap([plan.header], W - rightW - 12, 'regular', 9)[0], ML, 44, 16, { weight: 'regular', size: 9, color: GREY, max: W });
      if (right) ts.drawLine(ts.wrap([right], rightW, 'bold', 9)[0], ML, 44, 16, { weight: 'bold', size: 9, color: RED, align: 'right', max: W });
      doc.save().lineWidth(0.5).strokeColor(GREY).moveTo(ML, 62).lineTo(ML + W, 62).stroke().restore();
    }
    if (plan.watermark) {
      const size = 96;
      const tw = ts.width(plan.watermark, 'bold', size) + (plan.watermark.length - 1) * 30;
      doc.save().rotate(-35, { origin: [PAGE_W / 2, PAGE_H / 2] }).fillOpacity(0.07);
      doc.font('bold').fontSize(size).fillColor(INK).text(plan.watermark, PAGE_W / 2 - tw / 2, PAGE_H / 2 + 0.38 * size, { lineBreak: false, baseline: 'alphabetic', characterSpacing: 30 });
      doc.restore();
    }
    // footer: the code and where to check it, the digest, the page number — on every page
    const fy = PAGE_H - MB + 22;
    doc.save().lineWidth(0.5).strokeColor(GREY).moveTo(ML, fy).lineTo(ML + W, fy).stroke().restore();
    const pageNo = `第 ${i + 1} 页 共 ${total} 页`;
    const pageW = ts.width(pageNo, 'regular', 8.5) + 8;
    let size = 8.5;
    while (size > 6 && ts.width(plan.footer.codeLine, 'regular', size) > W - pageW) size -= 0.25;
    ts.drawLine(ts.wrap([plan.footer.codeLine], W * 2, 'regular', size)[0], ML, fy + 3, 14, { weight: 'regular', size, color: plan.footer.code ? INK : RED, max: W });
    ts.drawLine(ts.wrap([pageNo], pageW, 'regular', 8.5)[0], ML, fy + 3, 14, { weight: 'regular', size: 8.5, align: 'right', max: W });
    if (plan.footer.digestLine) ts.drawLine(ts.wrap([plan.footer.digestLine], W * 2, 'regular', 7)[0], ML, fy + 17, 12, { weight: 'regular', size: 7, color: GREY, max: W });
  }
}

export function buildLetterPdf(model: LetterDocumentModel): PDFKit.PDFDocument {
  const plan = buildLetterPlan(model);
  const w = new PdfWriter(plan.meta);
  opening(w, plan);
  sections(w, plan);
  signatures(w, plan);
  closing(w, plan);
  decorate(w, plan);
  return w.doc;
}

/** The letter as a PDF file. */
export function renderLetterPdf(model: LetterDocumentModel): Promise<Buffer> {
  return pdfBytes(() => buildLetterPdf(model));
}
