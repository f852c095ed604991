// Journey artifacts (TB-5): the demo task book as Word and as PDF, rendered to PNG under
// test-results/e2e/ (the Word file laid out by docx-preview in Chromium, the PDF by pdftoppm),
// for a person to look at; the test checks that the pictures are there and not blank.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { demoTaskBookModel, emptyDraftTaskBookModel } from '../../src/server/modules/taskbooks/documents/demo-model.js';
import { renderTaskBookDocx } from '../../src/server/modules/taskbooks/documents/docx.js';
import { renderTaskBookPdf } from '../../src/server/modules/taskbooks/documents/pdf.js';
import { docxToPng, pdfToPng } from './documents.js';
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
