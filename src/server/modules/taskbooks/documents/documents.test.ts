// TB-5: the task book as Word and PDF — what the files contain, the verification code read back
// from them (PUB-2), every character in the font, and the worker pool that keeps rendering off
// the event loop (from the sources through tsx, and from an esbuild bundle as `npm start` runs it).
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import PDFDocument from 'pdfkit';
import { afterAll, describe, expect, it } from 'vitest';
import { commonClauses } from '../../../../domain/taskbook/taskbook.types.js';
import { demoTaskBookModel, emptyDraftTaskBookModel, DEMO_VERIFICATION_CODE } from './testing/demo-model.js';
import { renderTaskBookDocx } from './docx.js';
import { extractVerificationCode, readZipEntries } from './extract.js';
import { cjkFontPath, type FontWeight } from './fonts.js';
import type { TaskBookDocumentModel } from './model.js';
import { buildPlan } from './plan.js';
import { renderTaskBookPdf } from './pdf.js';
import { closeDocumentPool, DocumentPool, renderDocument, workerEntry } from './pool.js';
import { measureEventLoop } from '../../../testing/event-loop.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../../../..');

afterAll(async () => {
  await closeDocumentPool();
});

/** The text of a docx part with the XML tags taken out (runs joined). */
function docxText(docx: Buffer, part: string): string {
  const xml = readZipEntries(docx, [part]).get(part);
  expect(xml, part).toBeDefined();
  return xml!
    .toString('utf8')
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"');
}

/** w:tbl, w:tr, w:tc and w:p elements of a WordprocessingML part, with their nesting (no XML library needed). */
interface WEl {
  tag: 'w:tbl' | 'w:tr' | 'w:tc' | 'w:p';
  start: number;
  end: number;
  parent: WEl | null;
}
function wElements(xml: string): WEl[] {
  const out: WEl[] = [];
  const stack: WEl[] = [];
  for (const m of xml.matchAll(/<(\/?)(w:tbl|w:tr|w:tc|w:p)(?=[\s>/])([^>]*?)(\/?)>/g)) {
    const tag = m[2] as WEl['tag'];
    if (m[1]) {
      const el = stack.pop()!;
      expect(el.tag).toBe(tag);
      el.end = m.index + m[0].length;
    } else {
      const el: WEl = { tag, start: m.index, end: m.index + m[0].length, parent: stack.at(-1) ?? null };
      out.push(el);
      if (!m[4]) stack.push(el);
    }
  }
  return out;
}
const textOf = (xml: string, el: WEl) => xml.slice(el.start, el.end).replace(/<[^>]+>/g, '');
const depth = (el: WEl, tag: WEl['tag']) => {
  let n = 0;
  for (let p: WEl | null = el; p; p = p.parent) if (p.tag === tag) n++;
  return n;
};
/** an on/off property of the element itself (not of what it contains): <w:keepNext/> or w:val="true"/"1"/"on" */
function hasOn(xml: string, el: WEl, prop: string): boolean {
  const own = el.tag === 'w:tr' ? /<w:trPr>[\s\S]*?<\/w:trPr>/ : /<w:pPr>[\s\S]*?<\/w:pPr>/;
  const head = xml.slice(el.start, el.end);
  const pr = own.exec(head.slice(0, head.search(el.tag === 'w:tr' ? /<w:tc[\s>]/ : /<w:r[\s>]|<\/w:p>/) + 1 || undefined));
  const m = pr && new RegExp(`<${prop}(?:\\s+w:val="([^"]*)")?\\s*/>`).exec(pr[0]);
  return !!m && (m[1] === undefined || ['true', '1', 'on'].includes(m[1]));
}

function expectPdf(pdf: Buffer) {
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const s = pdf.toString('latin1');
  expect(s.trimEnd().endsWith('%%EOF')).toBe(true);
  // the CJK font embedded as a subset (six-letter tag + name), never a standard font
  expect(s).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSerifSC-Regular/);
  expect(s).toMatch(/\/FontFile2 /);
  expect(s).not.toMatch(/\/BaseFont \/Helvetica/);
}

describe('Word file', () => {
  it('has every part of the form for a complete, signed task book', async () => {
    const model = demoTaskBookModel();
    const docx = await renderTaskBookDocx(model);
    expect(docx.subarray(0, 2).toString('latin1')).toBe('PK');
    const body = docxText(docx, 'word/document.xml');
    expect(body).toContain('省级科研和创新基地运行绩效评估');
    expect(body).toContain('山东省科协所属学会有序承接政府');
    for (const party of ['山东省科学技术厅', '山东省机械工程学会', '山东省科学技术协会']) expect(body).toContain(party);
    for (const heading of ['填 表 说 明', '一、三方单位基本信息', '二、试点项目内容', '三、试点项目参与成员', '四、共 同 条 款', '五、三方单位意见']) expect(body).toContain(heading);
    commonClauses.forEach((c, i) => expect(body).toContain(`（${i + 1}）${c}`));
    for (const k of model.content.project!.kpis!) expect(body).toContain(k.name);
    for (const e of model.content.project!.schedule!) expect(body).toContain(e.name);
    for (const m of model.content.project!.members!) expect(body).toContain(m.name);
    expect(body).toContain('秘书长');
    expect(body).toContain('经理事会批准（山东省机械工程学会第十一届理事会第四次会议，2026年3月12日）');
    expect(body).toContain('有，预算额度 48.00 万元');
    expect(body).toContain('☑购买服务');
    expect(body).toContain('已电子签章（SM2）');
    expect(body).toContain('2026年4月3日'); // the department signed on 3 April, Beijing time
    expect(body).toContain(DEMO_VERIFICATION_CODE);
    expect(body).toContain(model.contentDigest!);
    expect(body).not.toContain('草稿');
    // every page's footer: the code and where to check it
    const footers = ['word/footer1.xml', 'word/footer2.xml'].map((p) => docxText(docx, p)).join('\n');
    expect(footers).toContain(`校验码：${DEMO_VERIFICATION_CODE}`);
    expect(footers).toContain(model.verifyUrl);
    // East Asian fonts named, A4
    const xml = readZipEntries(docx, ['word/document.xml']).get('word/document.xml')!.toString('utf8');
    expect(xml).toContain('w:eastAsia="SimSun"');
    expect(xml).toContain('w:eastAsia="SimHei"');
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    // the code in the metadata, read back
    expect(await extractVerificationCode(docx)).toBe(DEMO_VERIFICATION_CODE);
  });

  it('leaves an empty draft blank for filling in by hand, marked as a draft and without a code', async () => {
    const docx = await renderTaskBookDocx(emptyDraftTaskBookModel());
    const body = docxText(docx, 'word/document.xml');
    expect(body).toContain('草稿（未签署）');
    expect(body).toContain('省级科研和创新基地运行绩效评估');
    commonClauses.forEach((c) => expect(body).toContain(c));
    expect(body.split('—').length - 1).toBe(1); // only in 填表说明 4: nothing is filled with the dash while drafting
    expect(body).not.toContain('已电子签章');
    expect(body).not.toContain('校验码：');
    expect(docxText(docx, 'word/footer1.xml')).toContain('草稿（未签署），无校验码');
    expect(await extractVerificationCode(docx)).toBeNull();
  });
});

describe('Word file: who signs, what is empty, and section 五 on one page (issue 11 §3)', () => {
  it('names the 法定代表人 and 负责人 from the parts and, apart, who applied the seal, with one date per party', async () => {
    const model = demoTaskBookModel();
    const plan = buildPlan(model);
    const by = Object.fromEntries(plan.opinions.blocks.map((b) => [b.party, b]));
    expect([by.department.signerName, by.society.signerName, by.association.signerName]).toEqual(['王建国', '张立新', '孙晓东']);
    expect([by.department.operator, by.society.operator, by.association.operator]).toEqual(['经办人：赵晓明', '经办人：周文静', '经办人：李静']);
    const xml = readZipEntries(await renderTaskBookDocx(model), ['word/document.xml']).get('word/document.xml')!.toString('utf8');
    const five = wElements(xml).find((e) => e.tag === 'w:tr' && depth(e, 'w:tbl') === 1 && textOf(xml, e).includes('五、三方单位意见'))!;
    const text = textOf(xml, five);
    expect(text).toContain('负责人（签字）：王建国');
    expect(text).toContain('法定代表人（签字）：张立新');
    expect(text).toContain('负责人（签字）：孙晓东');
    for (const operator of ['赵晓明', '周文静', '李静']) expect(text).toContain(`经办人：${operator}`);
    expect(text).not.toMatch(/（签字）：(赵晓明|周文静|李静)/); // the operator is never printed as the signer
    // the date of each party once, with the time the seal was applied (Beijing time)
    for (const [day, time] of [['2026年4月3日', '09:05'], ['2026年4月2日', '14:40'], ['2026年4月1日', '10:15']]) {
      expect(text.split(day).length - 1, day).toBe(1);
      expect(text).toContain(`${day} ${time}`);
    }
  });

  it('takes the society’s 法定代表人 from its record when the part does not name one', () => {
    const model = demoTaskBookModel();
    model.content.society.legalRepName = null;
    model.parties.society.representative = '张立新';
    expect(buildPlan(model).opinions.blocks.find((b) => b.party === 'society')!.signerName).toBe('张立新');
  });

  it('prints “—” in every field left empty once out of drafting, member rows of every unit included', async () => {
    const model = demoTaskBookModel();
    model.status = 'signing';
    model.signatures = model.signatures.filter((s) => s.party === 'society');
    model.content.project!.members = model.content.project!.members!.filter((m) => m.employer === '山东省机械工程学会');
    model.content.department.contactEmail = null;
    model.content.department.cooperationMode = null;
    model.content.association.funding = { supported: false, policySupport: null };
    model.content.society.selfRaisedFen = null;
    const plan = buildPlan(model);
    // no field of 一 is left blank: every value has a text or a ticked/unticked box row
    for (const block of plan.basicInfo.blocks) {
      for (const row of block.rows) {
        for (const value of row.kind === 'pair' ? [row.v1, row.v2] : [row.value]) {
          expect(value.some((seg) => (typeof seg === 'string' ? seg.trim() !== '' : 'box' in seg)), `${block.unit} ${JSON.stringify(row)}`).toBe(true);
        }
      }
    }
    const rows = (unit: string) => plan.basicInfo.blocks.find((b) => b.unit === unit)!.rows;
    const wide = (unit: string, label: string) => (rows(unit).find((r) => r.kind === 'wide' && r.label === label) as { value: unknown[] }).value;
    expect(wide('项目协调单位', '经费性质')).toEqual(['—']);
    expect(wide('项目协调单位', '经费来源')).toEqual(['—']);
    expect(wide('项目协调单位', '政策支持')).toEqual(['—']);
    expect(wide('项目委托单位', '合作方式')).toEqual(['—']);
    expect(wide('项目承接单位', '自筹经费')).toEqual(['—']);
    // the 委托 and 协调 units have no members here: one row of dashes each
    const group = (label: string) => plan.members.groups.find((g) => g.label === label)!.rows;
    expect(group('委托单位')).toEqual([['—', '—', '—', '—', '—']]);
    expect(group('协调单位')).toEqual([['—', '—', '—', '—', '—']]);
    const body = docxText(await renderTaskBookDocx(model), 'word/document.xml');
    expect(body).toMatch(/委托单位(—){5}承接单位/);
  });

  it('keeps section 五 and its signature blocks in one row that cannot break, with keep-with-next', async () => {
    for (const model of [demoTaskBookModel(), emptyDraftTaskBookModel()]) {
      const xml = readZipEntries(await renderTaskBookDocx(model), ['word/document.xml']).get('word/document.xml')!.toString('utf8');
      const els = wElements(xml);
      const bodyRows = els.filter((e) => e.tag === 'w:tr' && depth(e, 'w:tbl') === 1 && depth(e, 'w:tc') === 0);
      const five = bodyRows.find((r) => textOf(xml, r).includes('五、三方单位意见'))!;
      expect(five, 'section 五 is a row of the form’s table').toBeDefined();
      // the one row holds the heading and the three signature blocks, and cannot break across pages
      expect(hasOn(xml, five, 'w:cantSplit')).toBe(true);
      const text = textOf(xml, five);
      expect(text.split('负责人（签字）').length - 1).toBe(2);
      expect(text.split('法定代表人（签字）').length - 1).toBe(1);
      expect(text.split('日').length - 1).toBe(3); // the three dates
      expect(bodyRows.at(-1)).toBe(five); // nothing of the form after it
      // inside it: every row unbreakable; heading and opinions keep with the next row; lines kept together
      const inner = els.filter((e) => e.start > five.start && e.end < five.end);
      const innerRows = inner.filter((e) => e.tag === 'w:tr');
      expect(innerRows).toHaveLength(3);
      for (const r of innerRows) expect(hasOn(xml, r, 'w:cantSplit')).toBe(true);
      for (const [i, r] of innerRows.entries()) {
        const paras = inner.filter((e) => e.tag === 'w:p' && e.start > r.start && e.end < r.end);
        expect(paras.length).toBeGreaterThan(0);
        for (const p of paras) {
          expect(hasOn(xml, p, 'w:keepLines'), textOf(xml, p)).toBe(true);
          if (i < 2) expect(hasOn(xml, p, 'w:keepNext'), textOf(xml, p)).toBe(true);
        }
      }
    }
  });
});

describe('PDF', () => {
  it('embeds the font and carries the code in its information dictionary', async () => {
    const pdf = await renderTaskBookPdf(demoTaskBookModel());
    expectPdf(pdf);
    const s = pdf.toString('latin1');
    expect(s).toMatch(/\/VerificationCode \d+ 0 R/);
    expect(s).toContain(`(${DEMO_VERIFICATION_CODE})`); // uncompressed, readable by anyone
    expect(s).not.toContain('PDFKit'); // producer and creator are the platform, in Chinese
    expect(await extractVerificationCode(pdf)).toBe(DEMO_VERIFICATION_CODE);
    // the same model gives the same bytes (a signed book's file can be made again)
    expect((await renderTaskBookPdf(demoTaskBookModel())).equals(pdf)).toBe(true);
  });

  it('renders an empty draft, with no code to read back', async () => {
    const pdf = await renderTaskBookPdf(emptyDraftTaskBookModel());
    expectPdf(pdf);
    expect(await extractVerificationCode(pdf)).toBeNull();
  });

  it('breaks long content over pages', async () => {
    const model = demoTaskBookModel();
    model.content.project!.content = Array.from({ length: 12 }, (_, i) => `第${i + 1}段：${'评估采取材料审查、现场考察和专家会评相结合的方式，形成评估结论。'.repeat(12)}`).join('\n');
    model.content.project!.members = Array.from({ length: 40 }, (_, i) => ({ name: `成员${i + 1}`, employer: '山东省机械工程学会', title: '工程师', role: '数据审查' }));
    const [short, long] = await Promise.all([renderTaskBookPdf(demoTaskBookModel()), renderTaskBookPdf(model)]);
    const pages = (b: Buffer) => b.toString('latin1').match(/\/Type \/Page\b/g)!.length;
    expect(pages(long)).toBeGreaterThan(pages(short) + 2);
    expect(await extractVerificationCode(long)).toBe(DEMO_VERIFICATION_CODE);
  });

  it('has a glyph in both weights of the font for every character it prints', () => {
    const texts = [demoTaskBookModel(), emptyDraftTaskBookModel(), { ...demoTaskBookModel(), status: 'superseded' as const }, { ...demoTaskBookModel(), status: 'signing' as const }]
      .map((m) => JSON.stringify(buildPlan(m)))
      .join('');
    const chars = new Set([...texts, ...commonClauses.join(''), ...'第页共版']);
    for (const weight of ['regular', 'bold'] as FontWeight[]) {
      const doc = new PDFDocument({ font: null as unknown as string, autoFirstPage: false });
      doc.registerFont('f', cjkFontPath(weight));
      doc.font('f');
      const font = (doc as unknown as { _font: { font: { hasGlyphForCodePoint(cp: number): boolean } } })._font.font;
      const missing = [...chars].filter((c) => c >= ' ' && !font.hasGlyphForCodePoint(c.codePointAt(0)!));
      expect(missing, `${weight}: no glyph for ${missing.join(' ')}`).toEqual([]);
    }
  });
});

describe('reading the code back', () => {
  it('gives null for anything that is not such a file', async () => {
    expect(await extractVerificationCode(crypto.randomBytes(4096))).toBeNull();
    expect(await extractVerificationCode(Buffer.alloc(0))).toBeNull();
    expect(await extractVerificationCode(Buffer.from('PK\x03\x04 not really a zip'))).toBeNull();
    expect(await extractVerificationCode(Buffer.from('%PDF-1.7\n%%EOF'))).toBeNull();
  });

  it('reads a code written as a hex or UTF-16 string, or only in the keywords', async () => {
    const hex = Buffer.from(DEMO_VERIFICATION_CODE, 'latin1').toString('hex');
    expect(await extractVerificationCode(Buffer.from(`%PDF-1.4\n1 0 obj << /VerificationCode <${hex}> >> endobj\n%%EOF`))).toBe(DEMO_VERIFICATION_CODE);
    const utf16 = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(`校验码 ${DEMO_VERIFICATION_CODE}`, 'utf16le').swap16()]);
    const withUtf16 = Buffer.concat([Buffer.from('%PDF-1.4\n1 0 obj << /Subject ('), utf16, Buffer.from(') >> endobj\n%%EOF')]);
    expect(await extractVerificationCode(withUtf16)).toBe(DEMO_VERIFICATION_CODE);
    const indirect = Buffer.from(`%PDF-1.4\n7 0 obj\n(${DEMO_VERIFICATION_CODE})\nendobj\n17 0 obj\n(OTHER)\nendobj\n9 0 obj << /VerificationCode 7 0 R >> endobj\n%%EOF`);
    expect(await extractVerificationCode(indirect)).toBe(DEMO_VERIFICATION_CODE);
  });
});

describe('worker pool', () => {
  const model = demoTaskBookModel();

  it('starts the worker from its TypeScript source when running from the sources', () => {
    const e = workerEntry('');
    expect(e.url.pathname).toMatch(/\/documents\/worker-tsx\.mjs$/);
    expect(e.source?.pathname).toMatch(/\/documents\/worker\.ts$/);
  });

  it('runs jobs side by side, up to its size, and queues the rest', async () => {
    const pool = new DocumentPool({ size: 2 });
    try {
      const jobs = [pool.run('pdf', model), pool.run('docx', model), pool.run('pdf', emptyDraftTaskBookModel()), pool.run('docx', emptyDraftTaskBookModel())];
      expect(pool.stats()).toMatchObject({ running: 2, queued: 2, workers: 2 });
      const [pdf, docx, draftPdf, draftDocx] = await Promise.all(jobs);
      expectPdf(pdf);
      expect(await extractVerificationCode(pdf)).toBe(DEMO_VERIFICATION_CODE);
      expect(await extractVerificationCode(docx)).toBe(DEMO_VERIFICATION_CODE);
      expectPdf(draftPdf);
      expect(draftDocx.subarray(0, 2).toString('latin1')).toBe('PK');
      expect(pool.stats()).toMatchObject({ running: 0, queued: 0, workers: 2, started: 2 }); // reused, not restarted
    } finally {
      await pool.close();
    }
  });

  it('fails the job of a worker that dies, and carries on with a new worker', async () => {
    const pool = new DocumentPool({ size: 1, entry: new URL('./testing/crash-worker.ts', import.meta.url) });
    try {
      const crash = (name: string): TaskBookDocumentModel => ({ ...model, projectName: name, content: { ...model.content, projectName: null } });
      const results = await Promise.allSettled([pool.run('pdf', crash('崩溃')), pool.run('docx', model), pool.run('pdf', crash('抛错')), pool.run('pdf', model)]);
      expect(results[0]).toMatchObject({ status: 'rejected', reason: expect.any(Error) });
      expect((results[0] as PromiseRejectedResult).reason.message).toContain('退出码 3');
      expect(results[1]).toMatchObject({ status: 'fulfilled', value: Buffer.from('docx') });
      expect(results[2]).toMatchObject({ status: 'rejected', reason: expect.any(Error) });
      expect(results[3]).toMatchObject({ status: 'fulfilled', value: Buffer.from('pdf') });
      expect(pool.stats().started).toBe(3);
      // a rendering error is the job's, not the worker's: the worker stays
      await expect(pool.run('xlsx' as never, model)).rejects.toThrow('未知的文件格式');
      expect(pool.stats().started).toBe(3);
    } finally {
      await pool.close();
    }
    await expect(pool.run('pdf', model)).rejects.toThrow('关闭');
  });

  it('keeps the event loop responsive while five PDFs are rendered', async () => {
    await renderDocument('pdf', model); // the shared pool's worker started and warm
    // the same render on the event loop, for scale: what the pool keeps off it
    const inline = await measureEventLoop(() => renderTaskBookPdf(model));
    const run = await measureEventLoop(() => Promise.all(Array.from({ length: 5 }, () => renderDocument('pdf', model))));
    run.value.forEach(expectPdf);
    const memo = `loop busy at most ${run.maxBusyMs.toFixed(1)} ms (longest gap ${run.maxGapMs.toFixed(0)} ms wall) over ${run.ms.toFixed(0)} ms; one render on the loop held it ${inline.maxBusyMs.toFixed(0)} ms`;
    console.info(memo);
    expect(run.maxBusyMs, memo).toBeLessThan(Math.min(50, inline.maxBusyMs / 2));
  });

  it('rests a worker between queued jobs so that it renders only its duty share of the time', async () => {
    const pool = new DocumentPool({ size: 1, duty: 0.2 });
    try {
      await pool.run('docx', demoTaskBookModel()); // start the worker
      const t0 = performance.now();
      const done: number[] = [];
      const jobs = [0, 1].map((i) => pool.run('docx', demoTaskBookModel()).then(() => (done[i] = performance.now())));
      await Promise.all(jobs);
      const first = done[0] - t0;
      // after a job of t ms the next queued one starts no earlier than t·(1/0.2 − 1) = 4t later
      expect(done[1] - done[0]).toBeGreaterThanOrEqual(first * 4 * 0.9);
    } finally {
      await pool.close();
    }
  });

  it('runs from an esbuild bundle with the worker built beside it, as npm start builds them', async () => {
    const out = path.join(root, 'dist', `.test-documents-${process.pid}-${Date.now()}`);
    const { build } = await import('esbuild');
    try {
      const common = { bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning' } as const;
      await build({
        ...common,
        stdin: {
          contents: [
            `import { DocumentPool, workerEntry } from ${JSON.stringify(path.join(here, 'pool.ts'))};`,
            `import { demoTaskBookModel } from ${JSON.stringify(path.join(here, 'testing', 'demo-model.ts'))};`,
            'const pool = new DocumentPool({ size: 1 });',
            "const [pdf, docx] = await Promise.all([pool.run('pdf', demoTaskBookModel()), pool.run('docx', demoTaskBookModel())]);",
            'await pool.close();',
            "console.log(JSON.stringify({ entry: workerEntry('').url.href, source: workerEntry('').source?.href ?? null, pdf: pdf.subarray(0, 5).toString('latin1'), docx: docx.subarray(0, 2).toString('latin1') }));",
          ].join('\n'),
          resolveDir: here,
          sourcefile: 'main.ts',
          loader: 'ts',
        },
        outfile: path.join(out, 'main.mjs'),
      });
      await build({ ...common, entryPoints: { 'document-worker': path.join(here, 'worker.ts') }, outdir: out, outExtension: { '.js': '.mjs' } });
      const { stdout } = await promisify(execFile)(process.execPath, [path.join(out, 'main.mjs')], { cwd: root, env: { ...process.env, DOCUMENT_WORKER_ENTRY: '' } });
      const r = JSON.parse(stdout.trim().split('\n').pop()!);
      expect(r).toEqual({ entry: `file://${out}/document-worker.mjs`, source: null, pdf: '%PDF-', docx: 'PK' });
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
