// Pictures of the task book documents (TB-5) for the browser journeys' artifacts:
//   docxToPng — the Word file laid out in Chromium by docx-preview (a browser renderer of docx),
//               its fonts 宋体/黑体 (SimSun/SimHei) mapped to the PDF's font, Noto Serif SC from npm
//               (Regular / Bold), and Times New Roman to the same font for Latin letters only (as
//               Word takes the East Asian font for Chinese characters, the browser must not);
//   pdfToPng  — every page of the PDF through pdftoppm (Debian's poppler-utils).
// docx-preview does not break pages where Word would (only at explicit page breaks), so the Word
// picture is one long page after the cover and 填表说明; the PDF pictures are the real pages.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { cjkFontPath } from '../../src/server/modules/taskbooks/documents/fonts.js';

const require = createRequire(import.meta.url);
const ORIGIN = 'http://documents.test';

/** Renders a docx in the page and saves a full-page screenshot to `outPath`. */
export async function docxToPng(page: Page, docx: Buffer, outPath: string): Promise<string> {
  const fonts: Record<string, string> = { '/fonts/regular.ttf': cjkFontPath('regular'), '/fonts/bold.ttf': cjkFontPath('bold') };
  // a made-up origin served from here, so that the fonts load as same-origin resources (no network)
  await page.route(`${ORIGIN}/**`, async (route) => {
    const p = new URL(route.request().url()).pathname;
    if (fonts[p]) return route.fulfill({ status: 200, contentType: 'font/ttf', body: fs.readFileSync(fonts[p]) });
    if (p === '/') {
      return route.fulfill({
        status: 200,
        contentType: 'text/html; charset=utf-8',
        body: `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>
          @font-face { font-family: 'SimSun'; src: url(/fonts/regular.ttf); font-weight: normal; }
          @font-face { font-family: 'SimSun'; src: url(/fonts/bold.ttf); font-weight: bold; }
          @font-face { font-family: '宋体'; src: url(/fonts/regular.ttf); }
          @font-face { font-family: 'SimHei'; src: url(/fonts/bold.ttf); }
          @font-face { font-family: '黑体'; src: url(/fonts/bold.ttf); }
          @font-face { font-family: 'Times New Roman'; src: url(/fonts/regular.ttf); font-weight: normal; unicode-range: U+0000-024F; }
          @font-face { font-family: 'Times New Roman'; src: url(/fonts/bold.ttf); font-weight: bold; unicode-range: U+0000-024F; }
          html, body { margin: 0; background: #d9d9d9; }
          .docx-wrapper { padding: 24px !important; }
        </style></head><body><div id="doc"></div></body></html>`,
      });
    }
    return route.fulfill({ status: 404, body: '' });
  });
  await page.goto(`${ORIGIN}/`);
  await page.addScriptTag({ path: require.resolve('jszip/dist/jszip.min.js') });
  await page.addScriptTag({ path: path.join(path.dirname(require.resolve('docx-preview')), 'docx-preview.min.js') });
  await page.evaluate(async (b64: string) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const w = window as unknown as { docx: { renderAsync(d: unknown, el: HTMLElement, style?: HTMLElement | null, o?: object): Promise<unknown> } };
    await w.docx.renderAsync(bytes, document.getElementById('doc')!, null, { inWrapper: true, breakPages: true, renderHeaders: true, renderFooters: true, ignoreLastRenderedPageBreak: true, experimental: true });
    await document.fonts.ready;
    await Promise.all([...document.fonts].map((f) => f.load().catch(() => undefined)));
  }, docx.toString('base64'));
  fs.mkdirSync(path.dirname(outPath), { recursive: true });
  await page.screenshot({ path: outPath, fullPage: true });
  await page.unroute(`${ORIGIN}/**`);
  return outPath;
}

/** Renders every page of a PDF to PNG at `dpi`: out.png → out-1.png, out-2.png, …; returns the files. */
export async function pdfToPng(pdf: Buffer, outPath: string, dpi = 80): Promise<string[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cj-pdf-'));
  try {
    const src = path.join(dir, 'in.pdf');
    fs.writeFileSync(src, pdf);
    await promisify(execFile)('pdftoppm', ['-r', String(dpi), '-png', src, path.join(dir, 'page')]);
    const pages = fs
      .readdirSync(dir)
      .filter((f) => /^page-\d+\.png$/.test(f))
      .sort((a, b) => Number(/\d+/.exec(a)![0]) - Number(/\d+/.exec(b)![0]));
    fs.mkdirSync(path.dirname(outPath), { recursive: true });
    const base = outPath.replace(/\.png$/, '');
    return pages.map((f, i) => {
      const out = `${base}-${i + 1}.png`;
      fs.copyFileSync(path.join(dir, f), out);
      return out;
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
