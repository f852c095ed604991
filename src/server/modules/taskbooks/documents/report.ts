// A report as Word and PDF (issue 14: the third-party performance reports, EVA-2/EVA-3; meant for any
// report made from the platform's data, e.g. the self-evaluation report of STA-3): a title, then a
// run of blocks — headings, paragraphs, label/value tables, column tables, notes, a signature — with a
// running header, a red status mark and a faint watermark while not final, and the page number in the
// footer. A caller builds a ReportDocument (pure data, no database) and renders it in the shared worker
// pool: renderDocumentJob(format, { kind: 'report', model }) (pool.ts). The renderers are
// report-docx.ts and report-pdf.ts, made of the task book's building blocks (docx.ts, pdf.ts).

/** What every page carries besides the content (shared by the application form and the reports). */
export interface PageFurniture {
  /** running header, on every page but the first */
  header: string;
  /** red mark on the right of the running header (and boxed at the top of page 1 of a report); null when final */
  status: string | null;
  /** footer text, left of the page number */
  footer: string;
  /** a large faint word across every page (草稿); null for none */
  watermark: string | null;
  /** page 1: `bare` (a cover: no header, no page number), `footer` (no running header, the footer with the page number) */
  first: 'bare' | 'footer';
}

export type ReportAlign = 'left' | 'center' | 'right';

export interface ReportColumn {
  title: string;
  /** relative width: the widths are scaled to the text width */
  width: number;
  align?: ReportAlign;
}

/** A cell spanning `span` columns (default 1), aligned otherwise than its column. */
export interface ReportCell {
  text: string;
  span?: number;
  align?: ReportAlign;
}

/** A body row: its cells as text, or with spans; `bold` for a total line. */
export type ReportRow = string[] | { cells: Array<string | ReportCell>; bold?: boolean };

export type ReportBlock =
  /** 一、基本情况: a section heading, kept with what follows */
  | { kind: 'heading'; text: string }
  /** （一）…: a heading inside a section */
  | { kind: 'subheading'; text: string }
  /** body text, first lines indented two characters; `empty` printed when there is none */
  | { kind: 'paragraphs'; paragraphs: string[]; empty?: string }
  /** a two-column table of labels and values */
  | { kind: 'fields'; rows: Array<{ label: string; value: string }> }
  /** a table with column titles (repeated on each page it runs over) */
  | { kind: 'table'; columns: ReportColumn[]; rows: ReportRow[]; empty?: string }
  /** small grey lines (notes under a table, the list of attachments) */
  | { kind: 'note'; lines: string[] }
  /** on the right half, kept together: who stands behind the report, and the date */
  | { kind: 'signature'; lines: Array<{ label: string; value: string }>; date: string };

export interface ReportDocument {
  /** what the document is called in messages (生成绩效评价报告文件失败) */
  name: string;
  meta: {
    title: string;
    subject: string;
    keywords: string;
    author: string;
    /** ISO; the files carry it as their creation date (null: none, so a rendering depends on the content only) */
    createdAt: string | null;
    /** Word custom properties (报告状态 …) */
    properties?: Array<{ name: string; value: string }>;
  };
  /** title lines, large and centred at the top of page 1 */
  title: string[];
  /** lines under the title (what is reported on, by whom), centred */
  subtitle: string[];
  page: Omit<PageFurniture, 'first'>;
  blocks: ReportBlock[];
}

/** The cells of a row with their spans (a plain string covers one column). */
export function cellsOf(row: ReportRow): { cells: ReportCell[]; bold: boolean } {
  const raw = Array.isArray(row) ? row : row.cells;
  return { cells: raw.map((c) => (typeof c === 'string' ? { text: c } : c)), bold: !Array.isArray(row) && !!row.bold };
}

/** Column widths scaled to `total`. */
export function scaleWidths(columns: ReportColumn[], total: number): number[] {
  const sum = columns.reduce((a, c) => a + c.width, 0);
  return columns.map((c) => (c.width / sum) * total);
}

/** A quantity as the web prints it (shared/format.ts fmtQuantity): grouped digits, up to four decimals. */
export const quantityText = (n: number): string => n.toLocaleString('zh-CN', { maximumFractionDigits: 4 });
