// CAP-5: the responsibility letter (责任书) as an editable Word file, with the task book's building
// blocks (taskbooks/documents/docx.ts): A4, 宋体 for text and 黑体 for headings; the title, the
// parties and the preamble, then 一 to 八 in one table (八, the signature block, never split); every
// page's footer carries the verification code with the portal address and the page number, and the
// code is in the core properties (keywords, subject) and the custom property 校验码, where the
// verification reads it back (taskbooks/documents/extract.ts).
import { AlignmentType, BorderStyle, Document, Footer, Header, LineRuleType, Packer, PageNumber, Paragraph, TabStopType, TextRun, type IBorderOptions, type ParagraphChild } from 'docx';
import { TextWatermark } from 'docx/watermarks';
import { EM_SPACE } from '../../taskbooks/documents/plan.js';
import { centre, FULL, GREY, gridTable, headingRow, left, MARGIN, PAGE, para, pt, RED, run, SIZE, SONG, TEXT_W, type GridRow } from '../../taskbooks/documents/docx.js';
import type { LetterDocumentModel } from './letter-model.js';
import { buildLetterPlan, type LetterPlan, type LetterSignBlock } from './letter-plan.js';
import type { PlanTable } from './plan.js';

function opening(plan: LetterPlan): Paragraph[] {
  const out: Paragraph[] = [];
  if (plan.status) out.push(para([run(plan.status, { hei: true, size: SIZE.body, color: RED })], { align: AlignmentType.RIGHT }));
  out.push(para([], { before: pt(24) }));
  for (const t of plan.titleLines) out.push(para([run(t, { hei: true, size: SIZE.title - 4 })], { align: AlignmentType.CENTER, line: 360, after: 80 }));
  out.push(para([], { before: pt(12) }));
  for (const p of plan.partyLines) out.push(new Paragraph({ children: [run(p, { size: SIZE.field - 4 })], indent: { left: pt(24) }, spacing: { line: 400, lineRule: LineRuleType.AUTO } }));
  out.push(para([run(plan.preamble, { size: SIZE.body })], { indentChars: 2, before: pt(10), after: pt(10), line: 360, size: SIZE.body }));
  return out;
}

const fullRow = (children: Paragraph[], height?: number): GridRow => ({ cells: [{ w: FULL, vAlign: 'top', children: children.length ? children : [para([])] }], height, cantSplit: false });

function tableRows(t: PlanTable): GridRow[] {
  const rows: GridRow[] = [{ cells: t.columns.map((c) => ({ w: c.width, children: [centre(c.title, { hei: true })] })), height: 25 }];
  for (const r of t.rows) rows.push({ cells: r.map((text, i) => ({ w: t.columns[i].width, children: [t.columns[i].align === 'center' ? centre(text) : left(text)] })), height: 25 });
  return rows;
}

function signBlock(b: LetterSignBlock): Paragraph[] {
  return [
    para([run(`${b.title}：`, { hei: true })], { align: AlignmentType.LEFT, keepNext: true, keepLines: true }),
    para([run(b.orgName)], { align: AlignmentType.LEFT, keepNext: true, keepLines: true }),
    para([run(`${b.signerLabel}：${b.signerName}`)], { align: AlignmentType.LEFT, before: 120, keepNext: true, keepLines: true }),
    para(b.seal ? b.seal.map((t, j) => run(j ? ` ${t}` : t, { color: RED, bold: j === 0, size: j ? SIZE.small : SIZE.cell })) : [run('（单位公章）', { color: GREY })], { align: AlignmentType.CENTER, before: 240, after: 240, keepNext: true, keepLines: true }),
    para([run(b.operator ?? EM_SPACE, { size: SIZE.small, color: GREY })], { align: AlignmentType.LEFT, keepNext: true, keepLines: true }),
    para([run(b.date)], { align: AlignmentType.RIGHT, before: 60, keepLines: true }),
  ];
}

function body(plan: LetterPlan): GridRow[] {
  const rows: GridRow[] = [];
  // 一
  rows.push(headingRow(plan.basic.heading));
  for (const [label, value] of plan.basic.rows) rows.push({ cells: [{ w: 110, children: [centre(label)] }, { w: FULL - 110, children: [left(value)] }], height: 25 });
  // 二
  rows.push(headingRow(plan.goals.heading), fullRow(plan.goals.paragraphs.map((p) => para([run(p)], { indentChars: 2 })), 50));
  // 三, 四
  rows.push(headingRow(plan.indicators.heading), ...tableRows(plan.indicators.table));
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
  rows.push(fullRow(b.notes.map((t) => left(t, { size: SIZE.small + 1 }))));
  // 五, 六, 七
  rows.push(headingRow(plan.obligations.heading), fullRow(plan.obligations.items.map((t) => para([run(t)], { indentChars: 2, after: 40 }))));
  rows.push(headingRow(plan.supplementary.heading), fullRow(plan.supplementary.paragraphs.map((p) => para([run(p)], { indentChars: 2 })), 40));
  rows.push(headingRow(plan.contacts.heading), ...tableRows(plan.contacts.table));
  // 八: one row that cannot break
  rows.push({ ...headingRow(plan.signatures.heading, true), cantSplit: true });
  const half = FULL / 2;
  rows.push({ cells: plan.signatures.blocks.map((blk) => ({ w: half, vAlign: 'top' as const, children: signBlock(blk) })), height: 200, cantSplit: true });
  return rows;
}

function closing(plan: LetterPlan): Paragraph[] {
  return plan.closing.map(
    (t, i) =>
      new Paragraph({
        children: [run(t, { size: SIZE.small, color: i === 0 && plan.status ? RED : undefined })],
        alignment: AlignmentType.LEFT,
        spacing: { before: i === 0 ? 160 : 0, line: 276, lineRule: LineRuleType.AUTO },
        keepNext: i < plan.closing.length - 1,
        keepLines: true,
      }),
  );
}

function headerFooter(plan: LetterPlan) {
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
  const codeRuns: ParagraphChild[] = [
    run(plan.footer.codeLine, { size: SIZE.footer, color: plan.footer.code ? undefined : RED }),
    new TextRun({ text: '\t' }),
    new TextRun({ children: ['第 ', PageNumber.CURRENT, ' 页 共 ', PageNumber.TOTAL_PAGES, ' 页'], font: SONG, size: SIZE.footer }),
  ];
  const footer = () =>
    new Footer({
      children: [
        new Paragraph({ children: codeRuns, tabStops: [{ type: TabStopType.RIGHT, position: TEXT_W }], border: { top: rule } }),
        ...(plan.footer.digestLine ? [new Paragraph({ children: [run(plan.footer.digestLine, { size: SIZE.tiny, color: GREY })] })] : []),
      ],
    });
  return { headers: { default: running, first }, footers: { default: footer(), first: footer() } };
}

export function buildLetterDocx(model: LetterDocumentModel): Document {
  const plan = buildLetterPlan(model);
  const custom = [
    ...(plan.meta.code ? [{ name: '校验码', value: plan.meta.code }] : []),
    ...(plan.meta.digest ? [{ name: '内容摘要（SM3）', value: plan.meta.digest }] : []),
  ];
  return new Document({
    title: plan.meta.title,
    subject: plan.meta.subject,
    keywords: plan.meta.keywords,
    creator: plan.meta.author,
    lastModifiedBy: '承接平台',
    description: plan.footer.codeLine,
    customProperties: custom,
    styles: { default: { document: { run: { font: SONG, size: SIZE.cell }, paragraph: { spacing: { line: 300, lineRule: LineRuleType.AUTO } } } } },
    sections: [
      {
        properties: { titlePage: true, page: { size: PAGE, margin: MARGIN } },
        ...headerFooter(plan),
        children: [...opening(plan), gridTable(body(plan)), ...closing(plan)],
      },
    ],
  });
}

/** The letter as a Word file. */
export async function renderLetterDocx(model: LetterDocumentModel): Promise<Buffer> {
  return Packer.toBuffer(buildLetterDocx(model));
}
