// Pictures of the task book documents (TB-5) for the browser journeys' artifacts:
//   docxToPng — the Word file laid out in Chromium by docx-preview (a browser renderer of docx),
//               its fonts 宋体/黑体 (SimSun/SimHei) mapped to the PDF's font, Noto Serif SC from npm
//               (Regular / Bold), and Times New Roman to the same font for Latin letters only (as
//               Word takes the East Asian font for Chinese characters, the browser must not);
//   pdfToPng  — every page of the PDF through pdftoppm (Debian's poppler-utils).
// docx-preview does not break pages where Word would (only at explicit page breaks), so the Word
// picture is one long page after the cover and 填表说明; the PDF pictures are the real pages.
//
// A picture's size would pass with boxes for glyphs (issue 12 §3), so the journeys also read the
// text back: the PDF through pdftotext and pdffonts (poppler-utils), the Word file from its XML,
// with the East Asian font each run of Chinese text asks for.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { readZipEntries } from '../../src/server/modules/taskbooks/documents/extract.js';
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

/** Runs a poppler tool on a copy of the PDF in a temporary directory; returns its standard output. */
async function poppler(tool: string, args: string[], pdf: Buffer): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cj-pdf-'));
  try {
    const src = path.join(dir, 'in.pdf');
    fs.writeFileSync(src, pdf);
    const { stdout } = await promisify(execFile)(tool, [...args, src, ...(tool === 'pdftotext' ? ['-'] : [])], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The text of each page of a PDF as `pdftotext -layout` lays it out (pages split at the form feed). */
export async function pdfPages(pdf: Buffer): Promise<string[]> {
  const out = await poppler('pdftotext', ['-layout', '-enc', 'UTF-8'], pdf);
  return out.split('\f').filter((p, i, all) => i < all.length - 1 || p.trim() !== '');
}

export interface PdfFont {
  name: string;
  type: string;
  embedded: boolean;
  /** has a ToUnicode map: its text can be read back */
  unicode: boolean;
}

/** The fonts of a PDF as `pdffonts` lists them. */
export async function pdfFonts(pdf: Buffer): Promise<PdfFont[]> {
  const lines = (await poppler('pdffonts', [], pdf)).split('\n').slice(2).filter((l) => l.trim() !== '');
  return lines.map((l) => {
    // name, type (may hold spaces), encoding, emb, sub, uni, object id, generation
    const m = /^(\S+)\s+(.+?)\s+(\S+)\s+(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$/.exec(l);
    if (!m) throw new Error(`pdffonts: unreadable line ${JSON.stringify(l)}`);
    return { name: m[1], type: m[2], embedded: m[4] === 'yes', unicode: m[6] === 'yes' };
  });
}

/** Whitespace taken out, so that a phrase broken over lines or spread by -layout is found whole. */
export const squeeze = (s: string) => s.replace(/\s+/g, '');

/** Chinese characters (CJK ideographs and the full-width punctuation around them). */
export const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;

/** East Asian fonts that Word on a Chinese system has, with glyphs for every character of the form. */
const CJK_WORD_FONTS = new Set(['SimSun', '宋体', 'SimHei', '黑体', 'FangSong', '仿宋', 'KaiTi', '楷体', 'Microsoft YaHei', '微软雅黑', 'NSimSun', '新宋体']);

export interface DocxText {
  /** the body, one line per paragraph (a table cell's paragraphs each on their own line) */
  body: string;
  /** the headers and footers, one line per paragraph */
  margins: string;
  /** runs of Chinese text whose East Asian font (their own, or the document default) has no Chinese glyphs */
  badFontRuns: { font: string | null; text: string }[];
}

const unescapeXml = (s: string) =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** The text of a Word file's body, headers and footers, and the fonts its Chinese runs ask for. */
export function docxText(docx: Buffer): DocxText {
  const names = ['word/document.xml', 'word/styles.xml', ...[1, 2, 3, 4].flatMap((n) => [`word/header${n}.xml`, `word/footer${n}.xml`])];
  const parts = readZipEntries(docx, names);
  const xmlOf = (name: string) => parts.get(name)?.toString('utf8') ?? '';
  if (!xmlOf('word/document.xml')) throw new Error('docx: no word/document.xml');
  const styles = xmlOf('word/styles.xml');
  const defaultEastAsia = /<w:rPrDefault>[\s\S]*?<w:rFonts\b[^>]*\bw:eastAsia="([^"]+)"/.exec(styles)?.[1] ?? null;
  const badFontRuns: DocxText['badFontRuns'] = [];
  const textOf = (xml: string) =>
    [...xml.matchAll(/<w:p\b[^>]*?(?:\/>|>([\s\S]*?)<\/w:p>)/g)]
      .map((p) =>
        [...(p[1] ?? '').matchAll(/<w:r\b[^>]*>([\s\S]*?)<\/w:r>/g)]
          .map((r) => {
            const text = unescapeXml([...r[1].matchAll(/<w:t\b[^>]*>([^<]*)<\/w:t>|<w:(tab)\/>/g)].map((t) => (t[2] ? '\t' : t[1])).join(''));
            if (CJK.test(text)) {
              const font = /<w:rFonts\b[^>]*\bw:eastAsia="([^"]+)"/.exec(r[1])?.[1] ?? defaultEastAsia;
              if (!font || !CJK_WORD_FONTS.has(font)) badFontRuns.push({ font, text });
            }
            return text;
          })
          .join(''),
      )
      .join('\n');
  return {
    body: textOf(xmlOf('word/document.xml')),
    margins: names.filter((n) => /header|footer/.test(n)).map((n) => textOf(xmlOf(n))).join('\n'),
    badFontRuns,
  };
}

/** What a reader checks on a task book file: the facts as the platform shows them. */
export interface TaskBookFacts {
  projectName: string;
  version: number;
  parties: { department: string; society: string; association: string };
  /** who signs for each party by name (负责人, 法定代表人, 负责人), when the parts name them */
  heads?: { department: string; society: string; association: string };
  /** null for a draft */
  code: string | null;
  verifyUrl: string;
  /** amounts as the document prints them, e.g. '预算额度 9.00 万元' */
  amounts: string[];
}

export const TASK_BOOK_TITLE = '山东省科协所属学会有序承接政府转移职能试点项目任务书';
const CODE = /[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/;
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Checks common to both files on their text; `sep` matches what stands between two names of the signature block. */
function textOffences(what: string, text: string, facts: TaskBookFacts, signatureBlock: string, sep: string): string[] {
  const out: string[] = [];
  // the tick boxes are characters in Word and drawn shapes in the PDF: left out of the comparison
  const flat = squeeze(text.replace(/[☐☑□■]/g, ''));
  const want = (label: string, s: string) => {
    if (!flat.includes(squeeze(s))) out.push(`${what}: ${label} “${s}” not in the text`);
  };
  if (text.includes('\uFFFD')) out.push(`${what}: the text holds U+FFFD (a character that could not be read back)`);
  // a font without the glyphs maps them all to one box: the text read back then has few distinct characters
  const distinct = new Set([...text].filter((c) => /[\u4e00-\u9fff]/.test(c))).size;
  if (distinct < 150) out.push(`${what}: only ${distinct} distinct Chinese characters read back (boxes for glyphs?)`);
  // a label and its value on the cover (a draft's watermark, or -layout's columns, may stand between)
  const cover = (label: string, value: string) => {
    if (!new RegExp(`${label}：.{0,40}?${esc(squeeze(value))}`).test(flat)) out.push(`${what}: the cover does not read “${label}：${value}”`);
  };
  want('title', TASK_BOOK_TITLE);
  want('running header', `${facts.projectName}——试点项目任务书（第 ${facts.version} 版）`);
  cover('项目名称', facts.projectName);
  cover('委托单位', facts.parties.department);
  cover('承接单位', facts.parties.society);
  cover('协调单位', facts.parties.association);
  for (const a of facts.amounts) want('amount', a);
  if (!signatureBlock) out.push(`${what}: no signature block (五、三方单位意见)`);
  else {
    const { department, society, association } = facts.parties;
    const names = new RegExp([department, society, association].map(esc).join(sep));
    if (!names.test(signatureBlock)) out.push(`${what}: the signature block does not name ${department}, ${society} and ${association} in this order`);
    if (facts.heads) {
      const heads = new RegExp([facts.heads.department, facts.heads.society, facts.heads.association].map(esc).join(sep));
      if (!heads.test(signatureBlock)) out.push(`${what}: the signature block does not show the signatories ${Object.values(facts.heads).join(', ')}`);
    }
    const stamps = signatureBlock.match(/已电子签章（SM2）/g)?.length ?? 0;
    if (facts.code && stamps !== 3) out.push(`${what}: ${stamps} electronic signatures in the signature block, expected 3`);
    if (!facts.code && stamps !== 0) out.push(`${what}: a draft shows ${stamps} electronic signatures`);
  }
  if (facts.code) {
    want('closing line', `校验码：${facts.code}。持有者可在 ${facts.verifyUrl} 输入校验码`);
  } else {
    const code = CODE.exec(text);
    if (code) out.push(`${what}: a draft shows a code ${code[0]}`);
  }
  return out;
}

/** Every offence of a task book PDF against the facts (empty when a reader would find it right). */
export function taskBookPdfOffences(pages: string[], fonts: PdfFont[], facts: TaskBookFacts): string[] {
  const out: string[] = [];
  const cjk = fonts.filter((f) => /SC|TC|CJK|CN|GB|Song|Hei|Kai|Fang|Ming/i.test(f.name));
  if (!cjk.length) out.push(`PDF: no Chinese font among ${fonts.map((f) => f.name).join(', ') || 'no fonts'}`);
  for (const f of fonts) {
    if (!f.embedded) out.push(`PDF: font ${f.name} is not embedded (a reader without it shows boxes)`);
    if (!f.unicode) out.push(`PDF: font ${f.name} has no ToUnicode map (its text cannot be searched or copied)`);
  }
  if (pages.length < 4) out.push(`PDF: ${pages.length} pages`);
  const text = pages.join('\n');
  const start = text.lastIndexOf('五、三方单位意见');
  const block = start < 0 ? '' : text.slice(start);
  // -layout sets the three parties side by side on one line
  out.push(...textOffences('PDF', text, facts, block, '[ \\t]+'));
  pages.forEach((p, i) => {
    const foot = facts.code ? `校验码：${facts.code}核验网址：${facts.verifyUrl}` : '草稿（未签署），无校验码';
    if (!squeeze(p).includes(foot)) out.push(`PDF page ${i + 1}: the footer does not read “${foot}”`);
  });
  return out;
}

/** Every offence of a task book Word file against the facts. */
export function taskBookDocxOffences(docx: DocxText, facts: TaskBookFacts): string[] {
  const out: string[] = [];
  for (const r of docx.badFontRuns.slice(0, 10)) out.push(`Word: Chinese text “${r.text.slice(0, 30)}” in font ${r.font ?? '(none)'}, which has no Chinese glyphs`);
  const start = docx.body.lastIndexOf('五、三方单位意见');
  const block = start < 0 ? '' : docx.body.slice(start);
  // a table: the three columns one after the other; for each party the stamp is followed by its name
  out.push(...textOffences('Word', `${docx.body}\n${docx.margins}`, facts, block, '[\\s\\S]+'));
  if (facts.code) {
    for (const party of Object.values(facts.parties)) {
      if (!block.includes(`已电子签章（SM2）\n${party}`)) out.push(`Word: no electronic signature of ${party} in the signature block`);
    }
  }
  const foot = facts.code ? `校验码：${facts.code}核验网址：${facts.verifyUrl}` : '草稿（未签署），无校验码';
  if (!squeeze(docx.margins).includes(foot)) out.push(`Word: the footer does not read “${foot}”`);
  return out;
}
