// Journey artifacts (TB-5): the demo task book as Word and as PDF, rendered to PNG under
// test-results/e2e/ (the Word file laid out by docx-preview in Chromium, the PDF by pdftoppm),
// for a person to look at; the test checks that the pictures are there and not blank, and reads the
// text back (issue 12 §3: a picture's size would pass with boxes for glyphs) — the PDF through
// pdftotext with its Chinese font embedded (pdffonts), the Word file from its XML with the East
// Asian font of every Chinese run.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { demoTaskBookModel, emptyDraftTaskBookModel } from '../../src/server/modules/taskbooks/documents/testing/demo-model.js';
import { renderTaskBookDocx } from '../../src/server/modules/taskbooks/documents/docx.js';
import { renderTaskBookPdf } from '../../src/server/modules/taskbooks/documents/pdf.js';
import { docxText, docxToPng, pdfFonts, pdfPages, pdfToPng, taskBookDocxOffences, taskBookPdfOffences, TASK_BOOK_TITLE, type TaskBookFacts } from './documents.js';
import { launchBrowser, SHOTS_DIR } from './support.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** A PNG's width and height from its header, and its size in bytes. */
function png(file: string) {
  const b = fs.readFileSync(file);
  expect(b.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20), bytes: b.length };
}

const parties = { department: '山东省科学技术厅', society: '山东省机械工程学会', association: '山东省科学技术协会' };
const base = { projectName: '省级科研和创新基地运行绩效评估', version: 1, parties, verifyUrl: 'https://chengjie.example.cn/portal/verify' };
const signedFacts: TaskBookFacts = {
  ...base,
  heads: { department: '王建国', society: '张立新', association: '孙晓东' },
  code: 'TB7K-3QX9-M2PD-8WZA',
  amounts: ['自筹经费 有，5.00 万元', '经费支持 有，预算额度 48.00 万元', '经费支持 有，预算额度 6.00 万元'],
};
const draftFacts: TaskBookFacts = { ...base, code: null, amounts: [] };

describe('task book documents as text', () => {
  for (const [name, model, facts] of [
    ['signed', demoTaskBookModel(), signedFacts],
    ['draft', emptyDraftTaskBookModel(), draftFacts],
  ] as const) {
    it(`the ${name} PDF reads back as a reader checks it, in an embedded Chinese font`, async () => {
      const pdf = await renderTaskBookPdf(model);
      expect(taskBookPdfOffences(await pdfPages(pdf), await pdfFonts(pdf), facts)).toEqual([]);
    });

    it(`the ${name} Word file says the same, every Chinese run in a Chinese font`, async () => {
      expect(taskBookDocxOffences(docxText(await renderTaskBookDocx(model)), facts)).toEqual([]);
    });
  }

  it('finds boxes: a PDF whose Chinese font is not embedded, or a Word run in a Latin font, is an offence', async () => {
    // the checks themselves must be able to fail: a PDF written in a standard (Latin) font and a
    // Word file whose Chinese runs ask for Times New Roman
    const { default: PDFDocument } = await import('pdfkit');
    const doc = new PDFDocument();
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    const done = new Promise<void>((r) => doc.on('end', () => r()));
    doc.font('Helvetica').text(`${TASK_BOOK_TITLE} 山东省科学技术厅 校验码：TB7K-3QX9-M2PD-8WZA`);
    doc.end();
    await done;
    const pdf = Buffer.concat(chunks);
    const pdfOffences = taskBookPdfOffences(await pdfPages(pdf), await pdfFonts(pdf), signedFacts);
    expect(pdfOffences).toContain('PDF: no Chinese font among Helvetica');
    expect(pdfOffences.some((o) => /distinct Chinese characters read back/.test(o))).toBe(true);
    expect(pdfOffences.some((o) => /title/.test(o))).toBe(true);

    const { Document, Packer, Paragraph, TextRun } = await import('docx');
    const latin = new Document({ sections: [{ children: [new Paragraph({ children: [new TextRun({ text: '山东省科学技术厅', font: 'Times New Roman' })] })] }] });
    const latinOffences = taskBookDocxOffences(docxText(await Packer.toBuffer(latin)), signedFacts);
    expect(latinOffences).toContain('Word: Chinese text “山东省科学技术厅” in font Times New Roman, which has no Chinese glyphs');

    const docx = docxText(await renderTaskBookDocx(demoTaskBookModel()));
    const wrongCode = taskBookDocxOffences(docx, { ...signedFacts, code: 'AAAA-BBBB-CCCC-DDDD' });
    expect(wrongCode.some((o) => o.includes('footer'))).toBe(true);
  });
});

describe('task book documents as pictures', () => {
  for (const [name, model] of [
    ['signed', demoTaskBookModel()],
    ['draft', emptyDraftTaskBookModel()],
  ] as const) {
    it(`renders the ${name} Word file in Chromium`, async () => {
      const page = await browser.newPage({ viewport: { width: 1000, height: 1200 }, locale: 'zh-CN' });
      try {
        const file = await docxToPng(page, await renderTaskBookDocx(model), path.join(SHOTS_DIR, `taskbook-${name}-docx.png`));
        const p = png(file);
        expect(p.width).toBeGreaterThanOrEqual(800);
        expect(p.height).toBeGreaterThan(2000); // cover, 填表说明 and the tables, one under the other
        expect(p.bytes).toBeGreaterThan(100_000); // text, not an empty page
      } finally {
        await page.close();
      }
    });

    it(`renders every page of the ${name} PDF`, async () => {
      const files = await pdfToPng(await renderTaskBookPdf(model), path.join(SHOTS_DIR, `taskbook-${name}-pdf.png`));
      expect(files.length).toBeGreaterThanOrEqual(5);
      for (const f of files) {
        const p = png(f);
        expect(p.width).toBeGreaterThan(500);
        expect(p.height).toBeGreaterThan(700);
        expect(p.bytes).toBeGreaterThan(15_000);
      }
    });
  }
});
