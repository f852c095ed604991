// Issue 14 §1 (EVA-2, EVA-3, PUB-1): the performance reports as Word and PDF, through HTTP on both
// drivers, read back as their reader would — the Word file from its XML, the PDF through pdftotext
// (poppler-utils). With the demo's commission to 山东省科技评估中心: the submitted report on
// 医学科研诚信状况调查评估 (100 分, 优) and the draft on 中医药适宜技术推广应用评估. The documents are read
// by exactly the report's readers (a draft by the evaluator only; another city's association, the
// department and the society are refused as the report itself is); the programme's report sums up the
// projects without a draft's score; the portal's PDF exists while a report is published, without the
// evidence, the comments or the names of people.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient, as, createTestContext, type TestContext } from '../../testing/harness.js';
import { readZipEntries } from '../taskbooks/documents/extract.js';

let ctx: TestContext;
let admin: TestClient; // 山东省科协, the commissioning association
let pinggu: TestClient; // 山东省科技评估中心
let qingdao: TestClient; // another city's association
let kjt: TestClient; // a department
let yixue: TestClient; // the society of the project
let anon: TestClient;

const squeeze = (s: string) => s.replace(/\s+/g, '');

/** The PDF's text in the order it is drawn, whitespace taken out. */
async function pdfText(pdf: Buffer): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cj-performance-'));
  try {
    const src = path.join(dir, 'in.pdf');
    fs.writeFileSync(src, pdf);
    const { stdout } = await promisify(execFile)('pdftotext', ['-raw', '-enc', 'UTF-8', src, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).catch((e: NodeJS.ErrnoException) => {
      throw e.code === 'ENOENT' ? new Error('读取 PDF 文本需要 pdftotext（apt-get install poppler-utils）') : e;
    });
    return squeeze(stdout);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The Word file's body text, headers and footers, whitespace taken out. */
function docxText(docx: Buffer): string {
  const names = ['word/document.xml', ...[1, 2, 3].flatMap((n) => [`word/header${n}.xml`, `word/footer${n}.xml`])];
  const entries = readZipEntries(docx, names);
  expect(entries.get('word/document.xml'), 'word/document.xml').toBeDefined();
  return names.map((n) => squeeze((entries.get(n)?.toString('utf8') ?? '').replace(/<[^>]+>/g, ''))).join('|');
}

const docUrl = (id: string, format: 'docx' | 'pdf') => `/api/v1/performance-evaluations/${id}/document?format=${format}`;
const publicUrl = (id: string) => `/api/v1/public/evaluation-results/${id}/document?format=pdf`;

async function download(c: TestClient, id: string, format: 'docx' | 'pdf') {
  const res = await c.request('GET', docUrl(id, format));
  expect(res.status, res.raw.toString('utf8').slice(0, 300)).toBe(200);
  return res;
}

/** The name a browser saves the file under: the RFC 5987 `filename*`. */
const savedName = (disposition: string | string[] | number | undefined) => decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(String(disposition))![1]);

/** Refused the document as the report itself: the same status as GET …/:id, 401, 403 or 404. */
async function refusedAsTheReport(c: TestClient, id: string) {
  for (const format of ['pdf', 'docx'] as const) {
    const doc = await c.request('GET', docUrl(id, format));
    expect([401, 403, 404]).toContain(doc.status);
    expect(doc.status).toBe((await c.get(`/api/v1/performance-evaluations/${id}`)).status);
    expect(doc.headers['content-type']).toContain('application/problem+json');
  }
}

let commissionId: string;
let submittedId: string; // 医学科研诚信状况调查评估, submitted
let draftId: string; // 中医药适宜技术推广应用评估, the evaluator's draft
let draftScore: number;

beforeAll(async () => {
  ctx = await createTestContext();
  [admin, pinggu, qingdao, kjt, yixue] = await Promise.all(['sheng.admin', 'pinggu.user', 'qingdao.admin', 'kjt.user', 'yixue.user'].map((u) => as(ctx.app, u)));
  anon = new TestClient(ctx.app);
  const list = (await pinggu.get('/api/v1/evaluation-commissions')).body;
  commissionId = list.items.find((c: { title: string }) => c.title.endsWith('卫生健康领域试点项目第三方绩效评估')).id;
  const c = (await pinggu.get(`/api/v1/evaluation-commissions/${commissionId}`)).body;
  const byTitle = (t: string) => c.projects.find((p: { title: string }) => p.title === t);
  submittedId = byTitle('医学科研诚信状况调查评估').evaluationId;
  draftId = byTitle('中医药适宜技术推广应用评估').evaluationId;
  draftScore = (await pinggu.get(`/api/v1/performance-evaluations/${draftId}`)).body.score;
  expect(draftScore).toBe(40);
}, 180_000);
afterAll(async () => ctx?.close());

describe('a project report as Word and PDF (EVA-3)', () => {
  it('prints the project, the commission, each KPI with its target, actual value, score and evidence, the total and the grade', async () => {
    const pdf = await download(admin, submittedId, 'pdf');
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['cache-control']).toBe('no-store');
    expect(savedName(pdf.headers['content-disposition'])).toBe('项目绩效评价报告-医学科研诚信状况调查评估（待审核）.pdf');
    expect(String(pdf.headers['content-disposition'])).toMatch(/^attachment; filename="performance-project-report-submitted\.pdf"; filename\*=UTF-8''/);
    const text = await pdfText(pdf.raw);
    const docx = await download(pinggu, submittedId, 'docx');
    expect(docx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(savedName(docx.headers['content-disposition'])).toBe('项目绩效评价报告-医学科研诚信状况调查评估（待审核）.docx');
    const word = docxText(docx.raw);
    for (const t of [
      '项目绩效评价报告',
      '项目名称医学科研诚信状况调查评估',
      '承接学会山东省医学会',
      '委托部门山东省卫生健康委员会',
      '委托单位山东省科学技术协会',
      '评价机构山东省科技评估中心',
      '三方任务书第1版',
      '按完成比例计分',
      '优（90分及以上）、良（80～89分）、中（60～79分）、差（60分以下）',
      '1完成调查评估的医疗和科研机构40家42家100核查评估机构名单',
      '2回收有效问卷2,000份2,316份100核对问卷系统后台数据',
      '综合得分100等级：优，合格',
      '该项目综合得分100分，绩效等级为“优”，达到合格分数线（60分），评价结果为合格',
      '评估报告提出的6条建议中4条已被委托单位采纳',
      '建议将评估指标体系在全省医疗卫生机构推广使用。',
      '已提交，待委托单位审核',
      '提交山东省科学技术协会，待审核。',
      '评价机构：山东省科技评估中心经办人：褚红',
    ]) {
      expect(text, `PDF: ${t}`).toContain(t);
      expect(word, `Word: ${t}`).toContain(t);
    }
  });

  it('is read by exactly the report readers: a draft by the evaluator only', async () => {
    // the evaluator reads its draft, marked as such
    const draft = await pdfText((await download(pinggu, draftId, 'pdf')).raw);
    expect(draft).toContain('草稿（评估中，未提交）');
    expect(draft).toContain('中医药适宜技术推广应用评估');
    expect(draft).toContain(`综合得分${draftScore}`);
    expect(draft).toContain('尚未提交山东省科学技术协会审核');
    // the association sees the draft neither as a record nor as a file
    await refusedAsTheReport(admin, draftId);
    expect((await admin.request('GET', docUrl(draftId, 'pdf'))).status).toBe(403);
    // readers out of scope, and nobody
    for (const c of [qingdao, kjt, yixue, anon]) {
      await refusedAsTheReport(c, submittedId);
      await refusedAsTheReport(c, draftId);
    }
    expect((await anon.request('GET', docUrl(submittedId, 'pdf'))).status).toBe(401);
    expect((await admin.request('GET', docUrl('00000000-0000-4000-8000-000000000000', 'pdf'))).status).toBe(404);
    const bad = await admin.request('GET', `/api/v1/performance-evaluations/${submittedId}/document?format=xlsx`);
    expect(bad.status).toBe(400);
  });
});

describe('the programme report and the portal copy (EVA-2, PUB-1)', () => {
  let programmeId: string;

  it('sums up the commissioned projects, without the score of a draft', async () => {
    const saved = await pinggu.put(`/api/v1/evaluation-commissions/${commissionId}/programme-evaluation`, {
      findings: '两个试点项目中，一个项目量化指标全部完成，一个项目仍在评估。',
      recommendations: '加强对试点项目进度调整的报批管理。',
      rowVersion: 0,
      submit: true,
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    programmeId = saved.body.id;
    const res = await download(admin, programmeId, 'pdf');
    expect(savedName(res.headers['content-disposition'])).toMatch(/^计划整体绩效评价报告-.+（待审核）\.pdf$/);
    const text = await pdfText(res.raw);
    const word = docxText((await download(admin, programmeId, 'docx')).raw);
    for (const t of [
      '计划整体绩效评价报告',
      '评价范围指定的试点项目（2个）',
      '本次委托评价试点项目2个，已提交评价报告并计分的1个',
      '计分项目平均得分100分；“优”1个、“良”0个、“中”0个、“差”0个；合格1个，不合格0个。',
      '医学科研诚信状况调查评估山东省医学会100优合格已提交，待科协审核',
      '中医药适宜技术推广应用评估山东中医药学会———评估中',
      '优90分及以上1100.0%',
      '两个试点项目中，一个项目量化指标全部完成',
      '加强对试点项目进度调整的报批管理。',
    ]) {
      expect(text, `PDF: ${t}`).toContain(t);
      expect(word, `Word: ${t}`).toContain(t);
    }
    expect(text).not.toContain(`评估${draftScore}差`);
  });

  it('prints the decision, and a public PDF only while a report is published', async () => {
    // not published: no public file, whatever its state
    for (const id of [submittedId, draftId, programmeId, '00000000-0000-4000-8000-000000000000']) {
      const res = await anon.request('GET', publicUrl(id));
      expect(res.status, id).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    const r = (await admin.get(`/api/v1/performance-evaluations/${submittedId}`)).body;
    const accepted = await admin.post(`/api/v1/performance-evaluations/${submittedId}/decision`, { decision: 'accept', comment: '评估结论客观，同意采纳。', rowVersion: r.rowVersion });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    const me = (await admin.get('/api/v1/auth/me')).body.user.displayName as string;
    const decided = await pdfText((await download(admin, submittedId, 'pdf')).raw);
    for (const t of ['审核单位山东省科学技术协会', '审核结论采纳', `审核人${me}`, '审核意见评估结论客观，同意采纳。']) expect(decided, t).toContain(t);
    expect(decided).not.toContain('待委托单位审核');
    expect(savedName((await download(admin, submittedId, 'docx')).headers['content-disposition'])).toBe('项目绩效评价报告-医学科研诚信状况调查评估.docx');
    expect((await anon.request('GET', publicUrl(submittedId))).status).toBe(404); // accepted, not yet published

    const published = await admin.post(`/api/v1/performance-evaluations/${submittedId}/publication`, { publish: true, rowVersion: accepted.body.rowVersion });
    expect(published.status).toBe(200);
    const pub = await anon.request('GET', publicUrl(submittedId));
    expect(pub.status).toBe(200);
    expect(pub.headers['content-type']).toBe('application/pdf');
    expect(savedName(pub.headers['content-disposition'])).toBe('项目绩效评价报告-医学科研诚信状况调查评估.pdf');
    const text = await pdfText(pub.raw);
    for (const t of ['项目绩效评价报告', '医学科研诚信状况调查评估', '1完成调查评估的医疗和科研机构40家42家100', '2回收有效问卷2,000份2,316份100', '综合得分100', '绩效等级为“优”', '审核结论采纳', '在门户“评估结果”公开']) expect(text, t).toContain(t);
    // no evidence, comments, files or names of people on the portal
    for (const t of ['核查评估机构名单', '同意采纳', '审核人', me, '经办人', '褚红']) expect(text, t).not.toContain(t);
    // the same file again (served from memory), and only PDF
    expect((await anon.request('GET', publicUrl(submittedId))).raw.equals(pub.raw)).toBe(true);
    expect((await anon.request('GET', `/api/v1/public/evaluation-results/${submittedId}/document?format=docx`)).status).toBe(400);

    // the programme report on the portal counts the published project only
    const pr = (await admin.get(`/api/v1/performance-evaluations/${programmeId}`)).body;
    const pa = await admin.post(`/api/v1/performance-evaluations/${programmeId}/decision`, { decision: 'accept', rowVersion: pr.rowVersion });
    await admin.post(`/api/v1/performance-evaluations/${programmeId}/publication`, { publish: true, rowVersion: pa.body.rowVersion });
    const prog = await pdfText((await anon.request('GET', publicUrl(programmeId))).raw);
    expect(prog).toContain('本次委托评价试点项目2个，其中1个项目的评价结果已在门户公开');
    expect(prog).toContain('医学科研诚信状况调查评估山东省医学会100优合格已公开');
    expect(prog).toContain('中医药适宜技术推广应用评估山东中医药学会———未公开');

    // taken down: the public file goes with it
    const down = await admin.post(`/api/v1/performance-evaluations/${submittedId}/publication`, { publish: false, rowVersion: published.body.rowVersion });
    expect(down.status).toBe(200);
    expect((await anon.request('GET', publicUrl(submittedId))).status).toBe(404);
    expect((await download(admin, submittedId, 'pdf')).status).toBe(200);
  });
});
