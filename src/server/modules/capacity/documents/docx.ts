// CAP-2: the application form (申报书) as an editable Word file, with the task book's building
// blocks (taskbooks/documents/docx.ts): A4, 宋体 for text and 黑体 for headings, the cover on its
// own page, then 一 to 五 in one table, a running header (草稿 in red for a draft) and a footer
// with the page number.
import {
  AlignmentType,
  BorderStyle,
  Document,
  HeightRule,
  LineRuleType,
  Packer,
  PageBreak,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  VerticalAlignTable,
  WidthType,
  type IBorderOptions,
} from 'docx';
import { EM_SPACE } from '../../taskbooks/documents/plan.js';
import { centre, FULL, gridTable, headingRow, left, MARGIN, PAGE, pageFurniture, para, pt, RED, run, SIZE, SONG, type GridRow } from '../../taskbooks/documents/docx.js';
import type { ApplicationDocumentModel } from './model.js';
import { buildApplicationPlan, type ApplicationPlan, type PlanTable } from './plan.js';

const NONE: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };

function cover(plan: ApplicationPlan): Array<Paragraph | Table> {
  const c = plan.cover;
  const out: Array<Paragraph | Table> = [];
  if (c.status) {
    const red: IBorderOptions = { style: BorderStyle.SINGLE, size: 12, color: RED, space: 4 };
    out.push(
      new Paragraph({
        children: [run(c.status, { hei: true, size: 28, color: RED })],
        alignment: AlignmentType.RIGHT,
        border: { top: red, bottom: red, left: red, right: red },
        indent: { left: pt(FULL - 150), right: 60 },
        spacing: { before: 160 },
      }),
    );
  }
  out.push(para([], { before: pt(c.status ? 60 : 100) }));
  for (const t of c.titleLines) out.push(para([run(t, { hei: true, size: SIZE.title })], { align: AlignmentType.CENTER, line: 360, after: 120 }));
  out.push(para([], { before: pt(60) }));
  const underline: IBorderOptions = { style: BorderStyle.SINGLE, size: 8, color: '000000' };
  out.push(
    new Table({
      columnWidths: [1900, 5400],
      width: { size: 7300, type: WidthType.DXA },
      layout: TableLayoutType.FIXED,
      alignment: AlignmentType.CENTER,
      borders: { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE },
      rows: c.fields.map(
        ([label, value]) =>
          new TableRow({
            height: { value: 680, rule: HeightRule.ATLEAST },
            children: [
              new TableCell({ width: { size: 1900, type: WidthType.DXA }, verticalAlign: VerticalAlignTable.BOTTOM, borders: { top: NONE, bottom: NONE, left: NONE, right: NONE }, children: [para([run(`${label}：`, { size: SIZE.field })], { align: AlignmentType.LEFT })] }),
              new TableCell({ width: { size: 5400, type: WidthType.DXA }, verticalAlign: VerticalAlignTable.BOTTOM, borders: { top: NONE, left: NONE, right: NONE, bottom: underline }, children: [para([run(value || EM_SPACE, { size: SIZE.field })], { align: AlignmentType.CENTER })] }),
            ],
          }),
      ),
    }),
  );
  out.push(para([], { before: pt(70) }));
  out.push(para([run(c.maker, { size: SIZE.field })], { align: AlignmentType.CENTER, line: 360 }));
  out.push(para([run(c.date, { size: SIZE.field }), new PageBreak()], { align: AlignmentType.CENTER, line: 360 }));
  return out;
}

const fullRow = (children: Paragraph[], o: { height?: number; cantSplit?: boolean } = {}): GridRow => ({ cells: [{ w: FULL, vAlign: 'top', children }], height: o.height, cantSplit: o.cantSplit ?? false });
const notesRow = (notes: string[]): GridRow => fullRow(notes.map((t) => left(t, { size: SIZE.small + 1 })));

function tableRows(t: PlanTable): GridRow[] {
  const rows: GridRow[] = [{ cells: t.columns.map((c) => ({ w: c.width, children: [centre(c.title, { hei: true })] })), height: 25 }];
  const body = [...t.rows, ...Array.from({ length: t.blankRows }, () => t.columns.map(() => ''))];
  for (const r of body) rows.push({ cells: r.map((text, i) => ({ w: t.columns[i].width, children: [t.columns[i].align === 'center' ? centre(text) : left(text)] })), height: 25 });
  return rows;
}

function form(plan: ApplicationPlan): GridRow[] {
  const rows: GridRow[] = [];
  // 一
  rows.push(headingRow(plan.goals.heading));
  const goals = plan.goals.paragraphs.map((p) => para([run(p)], { indentChars: 2 }));
  for (let i = 0; i < plan.goals.blankLines; i++) goals.push(para([]));
  rows.push(fullRow(goals.length ? goals : [para([])], { height: 60 }));
  // 二
  rows.push(headingRow(plan.indicators.heading), ...tableRows(plan.indicators.table));
  // 三
  const b = plan.budget;
  rows.push(headingRow(b.heading), ...tableRows(b.table));
  const [cat, item, amount, note] = b.table.columns.map((c) => c.width);
  rows.push({
    cells: [
      { w: cat + item, children: [centre(b.total.label, { hei: true })] },
      { w: amount, children: [centre(b.total.amount, { hei: true })] },
      { w: note, children: [para([])] },
    ],
    height: 25,
  });
  rows.push(notesRow(b.notes));
  // 四
  const e = plan.eligibility;
  rows.push(headingRow(e.heading));
  rows.push({ cells: e.columns.map((c) => ({ w: c.width, children: [centre(c.title, { hei: true })] })), height: 25 });
  for (const g of e.groups) {
    rows.push(fullRow([left(g.title, { hei: true })]));
    for (const r of g.rows) rows.push({ cells: r.map((text, i) => ({ w: e.columns[i].width, children: [e.columns[i].align === 'center' ? centre(text) : left(text)] })), height: 25 });
  }
  rows.push(notesRow(e.notes));
  // 五: the statement, room for the opinion, then the signature, the seal and the date on the right
  const o = plan.opinion;
  rows.push({ ...headingRow(o.heading, true), cantSplit: true });
  rows.push({
    cells: [
      {
        w: FULL,
        vAlign: 'top',
        children: [
          para([run(o.statement, { size: SIZE.body })], { indentChars: 2, keepNext: true, keepLines: true, before: 120 }),
          para([], { before: pt(60), keepNext: true }),
          ...o.signLines.map((t, i) => new Paragraph({ children: [run(t, { size: SIZE.body })], indent: { left: pt(FULL * 0.5) }, spacing: { before: i ? pt(24) : 0 }, keepNext: true, keepLines: true })),
          new Paragraph({ children: [run(o.date, { size: SIZE.body })], alignment: AlignmentType.RIGHT, indent: { right: pt(24) }, spacing: { before: pt(24), after: 120 }, keepLines: true }),
        ],
      },
    ],
    height: 200,
    cantSplit: true,
  });
  return rows;
}

function closing(plan: ApplicationPlan): Paragraph[] {
  return plan.closing.map(
    (t, i) => new Paragraph({ children: [run(t, { size: SIZE.small, color: i === 0 && plan.status ? RED : undefined })], alignment: AlignmentType.LEFT, spacing: { before: i === 0 ? 160 : 0, line: 276, lineRule: LineRuleType.AUTO } }),
  );
}

function headerFooter(plan: ApplicationPlan) {
  return pageFurniture({ header: plan.header, status: plan.status, footer: plan.footer, watermark: plan.watermark, first: 'bare' });
}

export function buildApplicationDocx(model: ApplicationDocumentModel): Document {
  const plan = buildApplicationPlan(model);
  return new Document({
    title: plan.meta.title,
    subject: plan.meta.subject,
    keywords: plan.meta.keywords,
    creator: plan.meta.author,
    lastModifiedBy: '承接平台',
    description: plan.closing.join(''),
    customProperties: [{ name: '申报书版本', value: model.draft ? '草稿' : String(model.version) }],
    styles: { default: { document: { run: { font: SONG, size: SIZE.cell }, paragraph: { spacing: { line: 300, lineRule: LineRuleType.AUTO } } } } },
    sections: [
      {
        properties: { titlePage: true, page: { size: PAGE, margin: MARGIN } },
        ...headerFooter(plan),
        children: [...cover(plan), gridTable(form(plan)), ...closing(plan)],
      },
    ],
  });
}

/** The application form as a Word file. */
export async function renderApplicationDocx(model: ApplicationDocumentModel): Promise<Buffer> {
  return Packer.toBuffer(buildApplicationDocx(model));
}
