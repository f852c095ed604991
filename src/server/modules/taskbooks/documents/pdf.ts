// TB-5: the task book as PDF (pdfkit), laid out like seed 002's form: cover, 填表说明, then the
// five tables drawn by hand (rows split across pages where they are long), a running header,
// and on every page a footer with the verification code, the content digest and the page number.
// The code is also written to the document information dictionary (Keywords, Subject and
// VerificationCode), which pdfkit never compresses, so extract.ts can read it back.
// Text is wrapped here, character by character with the usual Chinese line-breaking rules
// (no closing punctuation at the start of a line, no opening one at the end) and justified.
import fs from 'node:fs';
import PDFDocument from 'pdfkit';
import { cjkFontPath, type FontWeight } from './fonts.js';
import type { TaskBookDocumentModel } from './model.js';
import { planOf } from './contract-plan.js';
import type { PageFurniture } from './report.js';
import { INFO_COLS, MEMBER_COLS, type DocumentPlan, type InfoRow, type OpinionBlock, type Seg } from './plan.js';

// ---------------------------------------------------------------------------------------------
// Page geometry (points) and type sizes (五号 10.5 pt, 小四 12 pt, 三号 16 pt, 二号 22 pt)
// ---------------------------------------------------------------------------------------------
export const PAGE_W = 595.28;
export const PAGE_H = 841.89;
export const ML = 70.87; // 2.5 cm
export const MR = 70.87;
export const MT = 79.37; // 2.8 cm: room for the running header
export const MB = 85.04; // 3 cm: room for the footer
export const W = PAGE_W - ML - MR;
export const BOTTOM = PAGE_H - MB;
export const CELL = 10.5;
export const CELL_LH = 17;
export const PAD_X = 5;
export const PAD_Y = 4;
export const ROW_MIN = 25;
const RULE = 0.6;
export const RED = '#c00000';
export const INK = '#000000';
export const GREY = '#555555';

// ---------------------------------------------------------------------------------------------
// Fonts: read once per process (the worker keeps them); pdfkit subsets what a document uses.
// ---------------------------------------------------------------------------------------------
const fontBytes: Partial<Record<FontWeight, Buffer>> = {};
function fontData(weight: FontWeight): Buffer {
  return (fontBytes[weight] ??= fs.readFileSync(cjkFontPath(weight)));
}

/** Advance widths (em) per character, per weight, read from the font once. */
const advanceCache: Record<FontWeight, Map<string, number>> = { regular: new Map(), bold: new Map() };

// ---------------------------------------------------------------------------------------------
// Line breaking
// ---------------------------------------------------------------------------------------------
type Piece = { text: string } | { box: boolean } | { blank: number };
export type Line = { pieces: Piece[]; width: number; last: boolean };

const NO_START = new Set('，。、；：？！）」』”’》〉】〕…—·％%,.;:?!)]}'.split(''));
const NO_END = new Set('（「『“‘《〈【〔([{'.split(''));
const LATIN = /[A-Za-z0-9@._\-/:%+#=&?~]/;

export class Typesetter {
  constructor(private doc: PDFKit.PDFDocument) {}

  /** width in points of a string in the given weight and size */
  width(text: string, weight: FontWeight, size: number): number {
    const cache = advanceCache[weight];
    let em = 0;
    for (const ch of text) {
      let a = cache.get(ch);
      if (a === undefined) {
        this.doc.font(weight).fontSize(1000);
        a = this.doc.widthOfString(ch) / 1000;
        cache.set(ch, a);
      }
      em += a;
    }
    return em * size;
  }

  private tokens(segs: Seg[]): Piece[] {
    const out: Piece[] = [];
    for (const s of segs) {
      if (typeof s !== 'string') {
        out.push(s);
        continue;
      }
      let latin = '';
      for (const ch of s) {
        if (LATIN.test(ch)) {
          latin += ch;
          continue;
        }
        if (latin) out.push({ text: latin });
        latin = '';
        out.push({ text: ch });
      }
      if (latin) out.push({ text: latin });
    }
    return out;
  }

  private pieceWidth(p: Piece, weight: FontWeight, size: number): number {
    if ('text' in p) return this.width(p.text, weight, size);
    if ('box' in p) return size * 1.15;
    return p.blank * size;
  }

  /** Wraps one paragraph (segments) into lines no wider than `max` (closing punctuation may hang). */
  wrap(segs: Seg[], max: number, weight: FontWeight, size: number, indent = 0): Line[] {
    const lines: Line[] = [];
    let cur: Piece[] = [];
    let curW = indent;
    const push = () => {
      lines.push({ pieces: cur, width: curW, last: false });
      cur = [];
      curW = 0;
    };
    const add = (p: Piece) => {
      const w = this.pieceWidth(p, weight, size);
      if (cur.length && curW + w > max + 0.01) {
        if ('text' in p && NO_START.has(p.text) && curW + w <= max + size) {
          cur.push(p);
          curW += w;
          return;
        }
        const carry: Piece[] = [];
        // a closing mark that does not fit even hanging (the second of two, “）。”) may not start the
        // line alone: the character before it (and the marks after that) goes along
        if ('text' in p && NO_START.has(p.text)) {
          while (cur.length > 1) {
            const last = cur.pop()!;
            carry.unshift(last);
            if (!('text' in last) || !NO_START.has(last.text)) break;
          }
        }
        while (cur.length > 1) {
          const last = cur[cur.length - 1];
          if (!('text' in last) || !NO_END.has(last.text)) break;
          carry.unshift(cur.pop()!);
        }
        curW -= carry.reduce((a, c) => a + this.pieceWidth(c, weight, size), 0);
        push();
        cur = carry;
        curW = carry.reduce((a, c) => a + this.pieceWidth(c, weight, size), 0);
      }
      if ('text' in p && p.text === ' ' && !cur.length && lines.length) return;
      if ('text' in p && p.text.length > 1 && w > max) {
        for (const ch of p.text) add({ text: ch });
        return;
      }
      cur.push(p);
      curW += w;
    };
    for (const p of this.tokens(segs)) add(p);
    lines.push({ pieces: cur, width: curW, last: true });
    return lines;
  }

  /** Draws one line; its em boxes are centred in a line box of height lh starting at `top`. */
  drawLine(line: Line, x: number, top: number, lh: number, o: { weight: FontWeight; size: number; color?: string; align?: 'left' | 'center' | 'right' | 'justify'; max?: number; indent?: number }) {
    const doc = this.doc;
    const { weight, size } = o;
    const baseline = top + lh / 2 + 0.38 * size;
    let lx = x + (o.indent ?? 0);
    const free = (o.max ?? 0) - line.width;
    if (o.align === 'center') lx = x + free / 2;
    else if (o.align === 'right') lx = x + free;
    // justify: spread the slack over the gaps between characters (not the last line of a paragraph)
    const chars = line.pieces.reduce((n, p) => n + ('text' in p ? [...p.text].length : 1), 0);
    const onlyText = line.pieces.every((p) => 'text' in p);
    const spacing = o.align === 'justify' && !line.last && onlyText && chars > 1 && free > -size ? free / (chars - 1) : 0;
    doc.fillColor(o.color ?? INK).strokeColor(o.color ?? INK);
    let run = '';
    const flush = () => {
      if (!run) return;
      doc.font(weight).fontSize(size).text(run, lx, baseline, { lineBreak: false, baseline: 'alphabetic', characterSpacing: spacing });
      lx += this.width(run, weight, size) + spacing * [...run].length;
      run = '';
    };
    for (const p of line.pieces) {
      if ('text' in p) {
        run += p.text;
        continue;
      }
      flush();
      if ('box' in p) {
        const s = size * 0.82;
        const bx = lx + size * 0.12;
        const by = baseline - 0.38 * size - s / 2;
        doc.save().lineWidth(0.6).rect(bx, by, s, s).stroke();
        if (p.box) {
          doc
            .lineWidth(1.1)
            .moveTo(bx + s * 0.18, by + s * 0.52)
            .lineTo(bx + s * 0.42, by + s * 0.78)
            .lineTo(bx + s * 0.86, by + s * 0.2)
            .stroke();
        }
        doc.restore();
        lx += size * 1.15;
      } else {
        const w = p.blank * size;
        doc
          .save()
          .lineWidth(0.5)
          .moveTo(lx + 1, baseline + 2)
          .lineTo(lx + w - 1, baseline + 2)
          .stroke()
          .restore();
        lx += w;
      }
    }
    flush();
  }
}

// ---------------------------------------------------------------------------------------------
// The document
// ---------------------------------------------------------------------------------------------
export interface CellSpec {
  w: number;
  lines: Line[];
  align?: 'left' | 'center' | 'right' | 'justify';
  weight?: FontWeight;
  /** type size when not 五号 (a long e-mail address set smaller to stay on one line) */
  size?: number;
}

/** What a PDF's document information says: the task book's, or another form's (no code or digest). */
export interface PdfMeta {
  title: string;
  subject: string;
  keywords: string;
  author: string;
  code: string | null;
  digest: string | null;
  createdAt: Date | null;
}

export class PdfWriter {
  readonly doc: PDFKit.PDFDocument;
  readonly ts: Typesetter;
  y = MT;
  private onNewPage: (() => void) | null = null;

  constructor(meta: PdfMeta) {
    const code = meta.code;
    this.doc = new PDFDocument({
      size: 'A4',
      margins: { top: 0, bottom: 0, left: 0, right: 0 },
      autoFirstPage: false,
      bufferPages: true,
      font: null as unknown as string, // no standard font: only the embedded CJK font is used
      lang: 'zh-CN',
      displayTitle: true,
      info: {
        Title: meta.title,
        Subject: meta.subject,
        Keywords: meta.keywords,
        Author: meta.author,
        Creator: '承接平台',
        Producer: '承接平台',
        ...(meta.createdAt ? { CreationDate: meta.createdAt, ModDate: meta.createdAt } : {}),
      },
    });
    // pdfkit writes every info key as given; a named key is the surest to read back
    if (code) (this.doc.info as unknown as Record<string, unknown>).VerificationCode = code;
    if (meta.digest) (this.doc.info as unknown as Record<string, unknown>).ContentDigestSM3 = meta.digest;
    this.doc.registerFont('regular', fontData('regular'));
    this.doc.registerFont('bold', fontData('bold'));
    this.ts = new Typesetter(this.doc);
  }

  newPage() {
    this.doc.addPage({ size: 'A4', margins: { top: 0, bottom: 0, left: 0, right: 0 } });
    this.y = MT;
    this.onNewPage?.();
  }

  /** New page unless `h` more points fit on this one. */
  ensure(h: number) {
    if (this.y + h > BOTTOM) this.newPage();
  }

  text(segs: Seg[] | string, x: number, top: number, max: number, o: { weight?: FontWeight; size: number; lh: number; align?: 'left' | 'center' | 'right' | 'justify'; color?: string; indent?: number }): number {
    const weight = o.weight ?? 'regular';
    const lines = this.ts.wrap(typeof segs === 'string' ? [segs] : segs, max, weight, o.size, o.indent ?? 0);
    lines.forEach((l, i) => this.ts.drawLine(l, x, top + i * o.lh, o.lh, { weight, size: o.size, color: o.color, align: o.align, max, indent: i === 0 ? o.indent : 0 }));
    return lines.length * o.lh;
  }

  rect(x: number, y: number, w: number, h: number) {
    this.doc.save().lineWidth(RULE).strokeColor(INK).rect(x, y, w, h).stroke().restore();
  }

  lines(segs: Seg[] | string, w: number, weight: FontWeight = 'regular', size = CELL, indent = 0): Line[] {
    return this.ts.wrap(typeof segs === 'string' ? [segs] : segs, w - 2 * PAD_X, weight, size, indent);
  }

  /** A value cell: a single word of Latin letters (an e-mail address, a telephone number) too long for it is set smaller, down to 8 pt, rather than broken. */
  valueCell(segs: Seg[], w: number): CellSpec {
    const only = segs.length === 1 && typeof segs[0] === 'string' ? segs[0] : null;
    if (only && /^[\x21-\x7e]+$/.test(only)) {
      const max = w - 2 * PAD_X - 1;
      const at = this.ts.width(only, 'regular', CELL);
      if (at > max && (max / at) * CELL >= 8) {
        const size = Math.floor((max / at) * CELL * 10) / 10;
        return { w, lines: this.ts.wrap([only], max + 1, 'regular', size), size };
      }
    }
    return { w, lines: this.lines(segs, w) };
  }

  rowHeight(cells: CellSpec[], min = ROW_MIN): number {
    return Math.max(min, ...cells.map((c) => c.lines.length * CELL_LH + 2 * PAD_Y));
  }

  /** One row of cells starting at x; the caller has made room for it. */
  drawRow(x: number, cells: CellSpec[], h: number) {
    let cx = x;
    for (const c of cells) {
      this.rect(cx, this.y, c.w, h);
      const textH = c.lines.length * CELL_LH;
      const top = this.y + (h - textH) / 2;
      c.lines.forEach((l, i) => this.ts.drawLine(l, cx + PAD_X, top + i * CELL_LH, CELL_LH, { weight: c.weight ?? 'regular', size: c.size ?? CELL, align: c.align ?? 'left', max: c.w - 2 * PAD_X }));
      cx += c.w;
    }
    this.y += h;
  }

  /** A full-width heading row of a table (一、三方单位基本信息 …), kept with `keep` points after it. */
  headingRow(text: string, keep = 60) {
    this.ensure(ROW_MIN + 4 + keep);
    const h = ROW_MIN + 4;
    this.rect(ML, this.y, W, h);
    this.ts.drawLine(this.ts.wrap([text], W, 'bold', 12)[0], ML + PAD_X + 2, this.y, h, { weight: 'bold', size: 12, max: W });
    this.y += h;
  }

  /** A new page (with the table's header again) unless the rows fit here; a page's worth at most. */
  keepTogether(rows: CellSpec[][], repeatHeader?: () => void) {
    const total = rows.reduce((h, r) => h + this.rowHeight(r), 0);
    const need = Math.min(total, (BOTTOM - MT) / 2);
    if (this.y + need > BOTTOM) {
      this.newPage();
      repeatHeader?.();
    }
  }

  /**
   * Rows with a first column that spans them all (项目承接单位, 委托单位 …). When the rows go on
   * to the next page the spanning cell is closed and opened again there, its label repeated.
   */
  spanBlock(labelLines: string[], spanW: number, rows: CellSpec[][], repeatHeader?: () => void) {
    let segTop = this.y;
    const closeSeg = () => {
      const h = this.y - segTop;
      if (h <= 0) return;
      this.rect(ML, segTop, spanW, h);
      // a short piece of a block carried over to a new page gets its label in smaller type
      const lh = Math.min(CELL_LH, (h - 4) / labelLines.length);
      const size = Math.min(CELL, lh * 0.8);
      const top = segTop + (h - labelLines.length * lh) / 2;
      labelLines.forEach((t, i) => this.ts.drawLine(this.ts.wrap([t], spanW, 'regular', size)[0], ML, top + i * lh, lh, { weight: 'regular', size, align: 'center', max: spanW }));
    };
    for (const cells of rows) {
      const h = this.rowHeight(cells);
      if (this.y + h > BOTTOM) {
        closeSeg();
        this.newPage();
        repeatHeader?.();
        segTop = this.y;
      }
      this.drawRow(ML + spanW, cells, h);
    }
    closeSeg();
  }

  /**
   * A full-width cell of paragraphs that may run over several pages: drawn line by line, its
   * border closed at the foot of a page and opened again at the head of the next.
   */
  flowCell(blocks: Array<{ segs: Seg[] | string; weight?: FontWeight; indent?: number; align?: 'left' | 'justify' | 'center'; gapBefore?: number }>, lh = CELL_LH, size = CELL, minLines = 0) {
    const max = W - 2 * PAD_X - 4;
    const all: Array<{ line: Line; weight: FontWeight; indent: number; align: 'left' | 'justify' | 'center'; gap: number }> = [];
    for (const b of blocks) {
      const weight = b.weight ?? 'regular';
      const ls = this.ts.wrap(typeof b.segs === 'string' ? [b.segs] : b.segs, max, weight, size, b.indent ?? 0);
      ls.forEach((line, i) => all.push({ line, weight, indent: i === 0 ? (b.indent ?? 0) : 0, align: b.align ?? 'justify', gap: i === 0 ? (b.gapBefore ?? 0) : 0 }));
    }
    for (let i = all.length; i < minLines; i++) all.push({ line: { pieces: [], width: 0, last: true }, weight: 'regular', indent: 0, align: 'left', gap: 0 });
    this.ensure(Math.min(3, all.length) * lh + 2 * PAD_Y);
    let segTop = this.y;
    this.y += PAD_Y;
    for (const l of all) {
      if (this.y + l.gap + lh + PAD_Y > BOTTOM) {
        this.rect(ML, segTop, W, this.y + PAD_Y - segTop);
        this.newPage();
        segTop = this.y;
        this.y += PAD_Y;
      } else this.y += l.gap;
      this.ts.drawLine(l.line, ML + PAD_X + 2, this.y, lh, { weight: l.weight, size, align: l.align, max, indent: l.indent });
      this.y += lh;
    }
    this.y += PAD_Y;
    this.rect(ML, segTop, W, this.y - segTop);
  }
}

// ---------------------------------------------------------------------------------------------
// Shared by the other forms and the reports (capacity/documents/pdf.ts, report-pdf.ts)
// ---------------------------------------------------------------------------------------------

/** A column of a table drawn by columnTable: its title, its width in points, how its cells align. */
export interface PdfColumn {
  title: string;
  w: number;
  align?: 'left' | 'center' | 'right' | 'justify';
}
/** A body row of columnTable: cells spanning `span` columns (default 1); `bold` for a title or total line. */
export interface PdfTableRow {
  cells: Array<{ text: string; span?: number; align?: 'left' | 'center' | 'right' | 'justify' }>;
  bold?: boolean;
}

/** Draws a row of cells with their text from the top (the part of a row carried over a page break). */
function drawRowTop(w: PdfWriter, cells: CellSpec[], h: number) {
  let cx = ML;
  for (const c of cells) {
    w.rect(cx, w.y, c.w, h);
    c.lines.forEach((l, i) => w.ts.drawLine(l, cx + PAD_X, w.y + PAD_Y + i * CELL_LH, CELL_LH, { weight: c.weight ?? 'regular', size: c.size ?? CELL, align: c.align ?? 'left', max: c.w - 2 * PAD_X }));
    cx += c.w;
  }
  w.y += h;
}

/**
 * A row at the left margin that may be taller than what is left of the page: it goes whole to the
 * next page when it fits there, and is otherwise cut between lines, every cell continued on the
 * next page (after `repeatHeader`).
 */
export function splitRow(w: PdfWriter, cells: CellSpec[], repeatHeader?: () => void, headerH = 0) {
  let h = w.rowHeight(cells);
  if (w.y + h <= BOTTOM) return w.drawRow(ML, cells, h);
  if (h <= BOTTOM - MT - headerH || w.y + ROW_MIN * 2 > BOTTOM) {
    w.newPage();
    repeatHeader?.();
    if (w.y + h <= BOTTOM) return w.drawRow(ML, cells, h);
  }
  let rest = cells;
  for (;;) {
    h = w.rowHeight(rest);
    if (w.y + h <= BOTTOM) return drawRowTop(w, rest, h);
    const fit = Math.floor((BOTTOM - w.y - 2 * PAD_Y) / CELL_LH);
    if (fit < 2) {
      w.newPage();
      repeatHeader?.();
      continue;
    }
    drawRowTop(
      w,
      rest.map((c) => ({ ...c, lines: c.lines.slice(0, fit) })),
      fit * CELL_LH + 2 * PAD_Y,
    );
    rest = rest.map((c) => ({ ...c, lines: c.lines.slice(fit) }));
    w.newPage();
    repeatHeader?.();
  }
}

/**
 * A table under the current position: the column titles in bold, repeated at the head of each page
 * the table runs over; a row too tall for a page is cut between lines (splitRow).
 */
export function columnTable(w: PdfWriter, columns: PdfColumn[], rows: PdfTableRow[]) {
  const header = () => {
    const cells: CellSpec[] = columns.map((c) => ({ w: c.w, lines: w.lines(c.title, c.w, 'bold'), align: 'center', weight: 'bold' }));
    w.drawRow(ML, cells, w.rowHeight(cells));
  };
  const headerH = w.rowHeight(columns.map((c) => ({ w: c.w, lines: w.lines(c.title, c.w, 'bold') })));
  const specOf = (r: PdfTableRow): CellSpec[] => {
    let col = 0;
    return r.cells.map((c) => {
      const span = Math.max(1, c.span ?? 1);
      const width = columns.slice(col, col + span).reduce((a, x) => a + x.w, 0);
      const align = c.align ?? columns[col]?.align;
      col += span;
      const weight: FontWeight = r.bold ? 'bold' : 'regular';
      return { w: width, lines: w.lines(c.text, width, weight), align, weight };
    });
  };
  const first = rows[0] ? Math.min(w.rowHeight(specOf(rows[0])), 3 * CELL_LH + 2 * PAD_Y) : ROW_MIN;
  w.ensure(headerH + first);
  header();
  for (const r of rows) splitRow(w, specOf(r), header, headerH);
}

/**
 * The page furniture of every page once the content is laid out: a faint watermark across it; on
 * every page but the first a running header (the status in red on its right); a footer with the
 * page number — on the first page too unless it is a cover (`first: 'bare'`).
 */
export function decoratePages(w: PdfWriter, f: PageFurniture) {
  const { doc, ts } = w;
  /** one line of a header or footer in `max` points: set smaller down to 7 pt, then cut with “…”, never cut silently */
  const fit = (text: string, weight: FontWeight, size: number, max: number): { line: Line; size: number } => {
    let s = size;
    while (s > 7 && ts.width(text, weight, s) > max) s -= 0.25;
    let t = text;
    if (ts.width(t, weight, s) > max) {
      const chars = [...t];
      while (chars.length > 1 && ts.width(`${chars.join('')}…`, weight, s) > max) chars.pop();
      t = `${chars.join('')}…`;
    }
    return { line: ts.wrap([t], max * 2, weight, s)[0], size: s };
  };
  const range = doc.bufferedPageRange();
  const total = range.count;
  for (let i = 0; i < total; i++) {
    doc.switchToPage(range.start + i);
    if (f.watermark) {
      const size = 96;
      const tw = ts.width(f.watermark, 'bold', size) + (f.watermark.length - 1) * 30;
      doc.save().rotate(-35, { origin: [PAGE_W / 2, PAGE_H / 2] }).fillOpacity(0.07);
      doc.font('bold').fontSize(size).fillColor(INK).text(f.watermark, PAGE_W / 2 - tw / 2, PAGE_H / 2 + 0.38 * size, { lineBreak: false, baseline: 'alphabetic', characterSpacing: 30 });
      doc.restore();
    }
    if (i === 0 && f.first === 'bare') continue; // a cover: no running header, no page number
    if (i > 0) {
      const right = f.status ?? '';
      const rightW = right ? ts.width(right, 'bold', 9) + 4 : 0;
      const head = fit(f.header, 'regular', 9, W - rightW - 12);
      ts.drawLine(head.line, ML, MT - 35, 16, { weight: 'regular', size: head.size, color: GREY, max: W });
      if (right) ts.drawLine(ts.wrap([right], rightW, 'bold', 9)[0], ML, MT - 35, 16, { weight: 'bold', size: 9, color: RED, align: 'right', max: W });
      doc
        .save()
        .lineWidth(0.5)
        .strokeColor(GREY)
        .moveTo(ML, MT - 17)
        .lineTo(ML + W, MT - 17)
        .stroke()
        .restore();
    }
    const fy = PAGE_H - MB + 22;
    doc.save().lineWidth(0.5).strokeColor(GREY).moveTo(ML, fy).lineTo(ML + W, fy).stroke().restore();
    const pageNo = `第 ${i + 1} 页 共 ${total} 页`;
    const pageW = ts.width(pageNo, 'regular', 8.5) + 8;
    const foot = fit(f.footer, 'regular', 8.5, W - pageW - 8);
    ts.drawLine(foot.line, ML, fy + 3, 14, { weight: 'regular', size: foot.size, color: GREY, max: W });
    ts.drawLine(ts.wrap([pageNo], pageW, 'regular', 8.5)[0], ML, fy + 3, 14, { weight: 'regular', size: 8.5, align: 'right', max: W });
  }
}

// ---------------------------------------------------------------------------------------------
// The parts of the form
// ---------------------------------------------------------------------------------------------
function cover(w: PdfWriter, plan: DocumentPlan) {
  const { doc, ts } = w;
  w.newPage();
  const c = plan.cover;
  // version and status, top right
  ts.drawLine(ts.wrap([c.version], 200, 'regular', 12)[0], ML, 60, 20, { weight: 'regular', size: 12, align: 'right', max: W });
  if (c.status) {
    const sw = ts.width(c.status, 'bold', 14) + 16;
    doc.save().lineWidth(1.2).strokeColor(RED).rect(ML + W - sw, 86, sw, 28).stroke().restore();
    ts.drawLine(ts.wrap([c.status], sw, 'bold', 14)[0], ML + W - sw, 86, 28, { weight: 'bold', size: 14, align: 'center', max: sw, color: RED });
  }
  let y = 210;
  for (const t of c.titleLines) {
    ts.drawLine(ts.wrap([t], W, 'bold', 22)[0], ML, y, 40, { weight: 'bold', size: 22, align: 'center', max: W });
    y += 40;
  }
  y = 400;
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
    y += 46;
  }
  ts.drawLine(ts.wrap([c.maker], W, 'regular', 16)[0], ML, 650, 30, { weight: 'regular', size: 16, align: 'center', max: W });
  ts.drawLine(ts.wrap([c.date], W, 'regular', 16)[0], ML, 684, 30, { weight: 'regular', size: 16, align: 'center', max: W });
}

function instructions(w: PdfWriter, plan: DocumentPlan) {
  w.newPage();
  const { ts } = w;
  ts.drawLine(ts.wrap([plan.instructions.title], W, 'bold', 16)[0], ML, w.y + 10, 30, { weight: 'bold', size: 16, align: 'center', max: W });
  w.y += 64;
  plan.instructions.items.forEach((item, i) => {
    w.y += w.text(`${i + 1}．${item}`, ML, w.y, W, { size: 12, lh: 24, align: 'justify', indent: 24 });
    w.y += 4;
  });
}


function basicInfo(w: PdfWriter, plan: DocumentPlan) {
  w.newPage();
  w.headingRow(plan.basicInfo.heading);
  const [, lw, v1w, l2w, v2w] = INFO_COLS;
  const cellsOf = (r: InfoRow): CellSpec[] =>
    r.kind === 'pair'
      ? [
          { w: lw, lines: w.lines(r.l1, lw), align: 'center' },
          w.valueCell(r.v1, v1w),
          { w: l2w, lines: w.lines(r.l2, l2w), align: 'center' },
          w.valueCell(r.v2, v2w),
        ]
      : [
          { w: lw, lines: w.lines(r.label, lw), align: 'center' },
          w.valueCell(r.value, v1w + l2w + v2w),
        ];
  for (const b of plan.basicInfo.blocks) {
    const rows = b.rows.map(cellsOf);
    w.keepTogether(rows);
    w.spanBlock(b.unitLines, INFO_COLS[0], rows);
  }
}

function project(w: PdfWriter, plan: DocumentPlan) {
  w.ensure(200);
  w.headingRow(plan.project.heading);
  for (const s of plan.project.sections) {
    if (s.kind === 'text') {
      w.flowCell([{ segs: s.heading, weight: 'bold', align: 'left' }, ...s.paragraphs.map((p) => ({ segs: p, indent: 2 * CELL }))], CELL_LH, CELL, 1 + s.blankLines);
      continue;
    }
    const total = s.columns.reduce((a, c) => a + c.weight, 0);
    const widths = s.columns.map((c) => (c.weight / total) * W);
    const header = () => {
      const cells: CellSpec[] = s.columns.map((c, i) => ({ w: widths[i], lines: w.lines(c.title, widths[i], 'bold'), align: 'center', weight: 'bold' }));
      w.drawRow(ML, cells, w.rowHeight(cells));
    };
    const rowCells = (r: string[]): CellSpec[] => r.map((t, i) => ({ w: widths[i], lines: w.lines(t, widths[i]), align: s.columns[i].align }));
    const first = s.rows[0] ? w.rowHeight(rowCells(s.rows[0])) : ROW_MIN;
    w.ensure(ROW_MIN * 2 + 4 + first);
    const h = ROW_MIN + 2;
    w.rect(ML, w.y, W, h);
    w.ts.drawLine(w.ts.wrap([s.heading], W, 'bold', CELL)[0], ML + PAD_X + 2, w.y, h, { weight: 'bold', size: CELL, max: W });
    w.y += h;
    header();
    const rows = [...s.rows, ...Array.from({ length: s.blankRows }, () => s.columns.map(() => ''))];
    for (const r of rows) {
      const cells = rowCells(r);
      const rh = w.rowHeight(cells);
      if (w.y + rh > BOTTOM) {
        w.newPage();
        header();
      }
      w.drawRow(ML, cells, rh);
    }
  }
}


function members(w: PdfWriter, plan: DocumentPlan) {
  const m = plan.members;
  const header = () => {
    const cells: CellSpec[] = m.columns.slice(1).map((t, i) => ({ w: MEMBER_COLS[i + 1], lines: w.lines(t, MEMBER_COLS[i + 1], 'bold'), align: 'center', weight: 'bold' }));
    w.rect(ML, w.y, MEMBER_COLS[0], w.rowHeight(cells));
    w.drawRow(ML + MEMBER_COLS[0], cells, w.rowHeight(cells));
  };
  w.ensure(ROW_MIN * 5);
  w.headingRow(m.heading);
  header();
  for (const g of m.groups) {
    const rows = g.rows.map((r) => r.map((t, i) => ({ w: MEMBER_COLS[i + 1], lines: w.lines(t, MEMBER_COLS[i + 1]), align: i === 0 || i === 4 ? ('center' as const) : ('left' as const) })));
    w.keepTogether(rows, header);
    w.spanBlock(g.lines, MEMBER_COLS[0], rows, header);
  }
}

function clauses(w: PdfWriter, plan: DocumentPlan) {
  w.headingRow(plan.clauses.heading, 120);
  w.flowCell(
    plan.clauses.items.map((t, i) => ({ segs: t, indent: 2 * CELL, gapBefore: i ? 3 : 0 })),
    CELL_LH + 2,
  );
}

function opinions(w: PdfWriter, plan: DocumentPlan) {
  const { doc, ts } = w;
  const colW = W / 3;
  const inner = colW - 2 * PAD_X;
  const tops = plan.opinions.blocks.map((b) => {
    const ls: Array<{ line: Line; weight: FontWeight }> = [];
    for (const l of ts.wrap([`${b.title}：`], inner, 'bold', CELL)) ls.push({ line: l, weight: 'bold' });
    for (const l of ts.wrap([b.orgName], inner, 'regular', CELL)) ls.push({ line: l, weight: 'regular' });
    if (b.opinion) for (const l of ts.wrap([`意见：${b.opinion}`], inner, 'regular', CELL)) ls.push({ line: l, weight: 'regular' });
    return ls;
  });
  const sealH = 40;
  const bottomH = 4 * CELL_LH + sealH + 12 + 6; // signer label and name, seal area, 经办人, date
  const h = Math.max(230, Math.max(...tops.map((t) => t.length)) * CELL_LH + 24 + bottomH);
  w.headingRow(plan.opinions.heading, h);
  const y0 = w.y;
  plan.opinions.blocks.forEach((b: OpinionBlock, i) => {
    const x = ML + i * colW;
    w.rect(x, y0, colW, h);
    tops[i].forEach((l, j) => ts.drawLine(l.line, x + PAD_X, y0 + PAD_Y + 2 + j * CELL_LH, CELL_LH, { weight: l.weight, size: CELL, align: 'justify', max: inner }));
    let y = y0 + h - bottomH;
    ts.drawLine(ts.wrap([`${b.signerLabel}：`], inner, 'regular', CELL)[0], x + PAD_X, y, CELL_LH, { weight: 'regular', size: CELL, max: inner });
    y += CELL_LH;
    ts.drawLine(ts.wrap([b.signerName], inner, 'regular', CELL)[0], x + PAD_X, y, CELL_LH, { weight: 'regular', size: CELL, align: 'center', max: inner });
    y += CELL_LH;
    y += 4;
    // seal area: the electronic seal marker when signed, the place for the unit's seal otherwise
    const sealW = inner - 10;
    const sx = x + PAD_X + 5;
    if (b.seal) {
      doc.save().lineWidth(1).strokeColor(RED).rect(sx, y, sealW, sealH).stroke().restore();
      b.seal.forEach((t, j) => {
        const size = j === 0 ? 10 : 8.5;
        const l = ts.wrap([t], sealW - 6, j === 0 ? 'bold' : 'regular', size)[0];
        ts.drawLine(l, sx, y + 4 + j * 16, 16, { weight: j === 0 ? 'bold' : 'regular', size, align: 'center', max: sealW, color: RED });
      });
    } else {
      ts.drawLine(ts.wrap(['（单位公章）'], sealW, 'regular', CELL)[0], sx, y + sealH / 2 - CELL_LH / 2, CELL_LH, { weight: 'regular', size: CELL, align: 'center', max: sealW, color: GREY });
    }
    y += sealH + 4;
    // apart from the signer: who applied the seal on the platform (经办人)
    if (b.operator) ts.drawLine(ts.wrap([b.operator], inner, 'regular', 9)[0], x + PAD_X, y, CELL_LH, { weight: 'regular', size: 9, max: inner, color: GREY });
    y += CELL_LH + 2;
    ts.drawLine(ts.wrap([b.date], inner, 'regular', CELL)[0], x + PAD_X, y, CELL_LH, { weight: 'regular', size: CELL, align: 'right', max: inner - 6 });
  });
  w.y = y0 + h;
}

function closing(w: PdfWriter, plan: DocumentPlan) {
  w.y += 10;
  plan.closing.forEach((t, i) => {
    const lines = w.ts.wrap([t], W, 'regular', 9);
    w.ensure(lines.length * 14);
    lines.forEach((l) => {
      w.ts.drawLine(l, ML, w.y, 14, { weight: 'regular', size: 9, max: W, color: i === 0 && plan.status ? RED : INK });
      w.y += 14;
    });
  });
}

function decorate(w: PdfWriter, plan: DocumentPlan) {
  const { doc, ts } = w;
  const range = doc.bufferedPageRange();
  const total = range.count;
  for (let i = 0; i < total; i++) {
    doc.switchToPage(range.start + i);
    if (i > 0) {
      // running header
      const right = plan.status ?? '';
      const rightW = right ? ts.width(right, 'bold', 9) + 4 : 0;
      const hl = ts.wrap([plan.header], W - rightW - 12, 'regular', 9)[0];
      ts.drawLine(hl, ML, 44, 16, { weight: 'regular', size: 9, color: GREY, max: W });
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
    // footer: code and where to check it, the digest, the page number
    const fy = PAGE_H - MB + 22;
    doc.save().lineWidth(0.5).strokeColor(GREY).moveTo(ML, fy).lineTo(ML + W, fy).stroke().restore();
    const pageNo = i > 0 ? `第 ${i + 1} 页 共 ${total} 页` : '';
    const pageW = pageNo ? ts.width(pageNo, 'regular', 8.5) + 8 : 0;
    let size = 8.5;
    while (size > 6 && ts.width(plan.footer.codeLine, 'regular', size) > W - pageW) size -= 0.25;
    const color = plan.footer.code ? INK : RED;
    ts.drawLine(ts.wrap([plan.footer.codeLine], W * 2, 'regular', size)[0], ML, fy + 3, 14, { weight: 'regular', size, color, max: W });
    if (pageNo) ts.drawLine(ts.wrap([pageNo], pageW, 'regular', 8.5)[0], ML, fy + 3, 14, { weight: 'regular', size: 8.5, align: 'right', max: W });
    if (plan.footer.digestLine) ts.drawLine(ts.wrap([plan.footer.digestLine], W * 2, 'regular', 7)[0], ML, fy + 17, 12, { weight: 'regular', size: 7, color: GREY, max: W });
  }
}

export function buildTaskBookPdf(model: TaskBookDocumentModel): PDFKit.PDFDocument {
  const plan = planOf(model);
  const w = new PdfWriter({ ...plan.meta, author: plan.cover.fields[3][1] });
  cover(w, plan);
  instructions(w, plan);
  basicInfo(w, plan);
  project(w, plan);
  members(w, plan);
  clauses(w, plan);
  opinions(w, plan);
  closing(w, plan);
  decorate(w, plan);
  return w.doc;
}

/** The task book as a PDF file. */
export function renderTaskBookPdf(model: TaskBookDocumentModel): Promise<Buffer> {
  return pdfBytes(() => buildTaskBookPdf(model));
}

/** The bytes of the PDF that `build` lays out. */
export function pdfBytes(build: () => PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let doc: PDFKit.PDFDocument;
    try {
      doc = build();
    } catch (e) {
      reject(e);
      return;
    }
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

