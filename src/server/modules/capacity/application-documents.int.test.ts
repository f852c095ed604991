// Issue 13 step 2 (CAP-2): the application form (申报书) as Word and PDF, through HTTP on both
// drivers, read back — the PDF through pdftotext (poppler-utils), the Word file from its XML. With
// the demo's 济南市科协 preset-003 programme and a published call (as applications.int.test.ts):
// 济南市机械工程学会's draft prints its current content marked 草稿 and only the society reads it;
// once submitted the form prints that version — the title, the society, the type, each budget line
// and the total as the money formatter writes them, the award standard, every eligibility condition
// with its result and fact — for the society, the association and the co-managing finance bureau;
// another city's association and other societies are refused. After a return and a correction the
// draft shows the new amounts, and the resubmitted form is the second version.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { SEED_YEAR, TestClient, as, createTestContext, type TestContext } from '../../testing/harness.js';
import { addDays } from '../../platform/transition.js';
import { chinaDayOf, chinaToday } from '../../../domain/calendar-day.js';
import { formatYuan } from '../../../domain/money.js';
import { readZipEntries } from '../taskbooks/documents/extract.js';

let ctx: TestContext;
let jinan: TestClient; // 济南市科协
let jncz: TestClient; // 济南市财政局 (co-manages the programme's funds)
let qingdao: TestClient; // another city's association
let jixie: TestClient; // a society of the province, not of 济南
let member: TestClient; // 济南市机械工程学会
let tcm: TestClient; // 济南市中医药研究会, another society of 济南
let anon: TestClient;
let callId: string;

const title = `${SEED_YEAR}年度学会服务能力提升计划项目申报书`;
const application = {
  typeCode: 'academic_exchange',
  title: '黄河流域装备制造高端学术论坛',
  goals: '围绕装备制造关键领域举办高端学术研讨会，促进产学研协同创新。',
  indicators: [
    { label: '举办学术会议', target: '1 场，参会 200 人' },
    { label: '出版论文集', target: '1 部' },
  ],
  budget: [
    { category: 'activities', item: '会务费', amountFen: 2_012_345, note: '场地、资料' },
    { category: 'materials', item: '论文集出版印刷费', amountFen: 800_000, note: '印刷 300 册' },
  ],
  contactName: '王敏',
  contactPhone: '0531-00000001',
};
/** the amount as the 金额（元） column prints it: the shared formatter's text without its unit */
const figure = (fen: number) => formatYuan(fen).replace(/\s*元$/, '');
const squeeze = (s: string) => s.replace(/\s+/g, '');

/** The PDF's text in the order it is drawn (a cell's lines together), whitespace taken out. */
async function pdfText(pdf: Buffer): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cj-application-'));
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

/** The Word file's body text and running header, whitespace taken out. */
function docxText(docx: Buffer): { body: string; header: string } {
  const entries = readZipEntries(docx, ['word/document.xml', 'word/header1.xml', 'word/header2.xml', 'word/header3.xml']);
  const text = (name: string) => squeeze((entries.get(name)?.toString('utf8') ?? '').replace(/<[^>]+>/g, ''));
  return { body: text('word/document.xml'), header: ['word/header1.xml', 'word/header2.xml', 'word/header3.xml'].map(text).join('|') };
}

async function download(c: TestClient, id: string, format: 'docx' | 'pdf') {
  const res = await c.request('GET', `/api/v1/capacity-applications/${id}/document?format=${format}`);
  expect(res.status, res.raw.toString('utf8').slice(0, 300)).toBe(200);
  return res;
}

/** Refused the document as the application itself: the same status as GET …/:id, 403 or 404. */
async function refusedAsTheApplication(c: TestClient, id: string) {
  const doc = await c.request('GET', `/api/v1/capacity-applications/${id}/document?format=pdf`);
  expect([403, 404]).toContain(doc.status);
  expect(doc.status).toBe((await c.get(`/api/v1/capacity-applications/${id}`)).status);
  expect(doc.headers['content-type']).toContain('application/problem+json');
}

async function orgId(name: string): Promise<string> {
  const res = (await ctx.database.db.execute(sql`SELECT id FROM organisations WHERE name = ${name}`)) as unknown as { rows: { id: string }[] };
  return res.rows[0].id;
}
async function userFor(society: string, username: string): Promise<TestClient> {
  const u = await jinan.post('/api/v1/users', { orgId: await orgId(society), username, displayName: `${society}秘书`, password: 'Chengjie@2026', roles: ['society_admin'] });
  expect(u.status, JSON.stringify(u.body)).toBe(201);
  return as(ctx.app, username);
}

beforeAll(async () => {
  ctx = await createTestContext();
  [jinan, jncz, qingdao, jixie] = await Promise.all(['jinan.admin', 'jncz.user', 'qingdao.admin', 'jixie.user'].map((u) => as(ctx.app, u)));
  anon = new TestClient(ctx.app);
  member = await userFor('济南市机械工程学会', 'jnjixie.doc');
  tcm = await userFor('济南市中医药研究会', 'jntcm.doc');
  const programmeId = ctx.ids.programmes.jinan;
  const prog = await jinan.get(`/api/v1/programmes/${programmeId}`);
  expect((await jinan.post(`/api/v1/programmes/${programmeId}/publish`, { version: prog.body.version, confirmPastStages: true })).status).toBe(200);
  const c = await jinan.post(`/api/v1/programmes/${programmeId}/capacity-calls`, {
    year: SEED_YEAR,
    title: `关于申报${SEED_YEAR}年度学会服务能力提升计划项目的通知`,
    description: '各市级学会：现将项目申报工作通知如下。',
    budgetFen: 50_000_000,
    fundCode: 'capacity_special_fund',
    opensOn: chinaToday(),
    closesOn: chinaDayOf(addDays(new Date(), 30)),
    types: [
      { code: 'demonstration_society', quota: 2, awardFen: 10_000_000 },
      { code: 'academic_exchange', quota: 5, awardFen: 3_000_000 },
    ],
  });
  expect(c.status, JSON.stringify(c.body)).toBe(201);
  callId = c.body.id;
  const s = await jinan.post(`/api/v1/capacity-calls/${callId}/submit`, { rowVersion: c.body.rowVersion });
  const k = await jncz.post(`/api/v1/capacity-calls/${callId}/confirm`, { rowVersion: s.body.rowVersion });
  const p = await jinan.post(`/api/v1/capacity-calls/${callId}/publish`, { rowVersion: k.body.rowVersion });
  expect(p.status, JSON.stringify(p.body)).toBe(200);
}, 180_000);
afterAll(async () => ctx?.close());

describe('the application form as Word and PDF (CAP-2)', () => {
  let id: string;
  let rowVersion: number;

  it('prints a draft with its current content, marked 草稿; only the society reads it', async () => {
    const created = await member.post(`/api/v1/capacity-calls/${callId}/applications`, application);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    id = created.body.id;
    rowVersion = created.body.rowVersion;

    const pdf = await download(member, id, 'pdf');
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.raw.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = await pdfText(pdf.raw);
    expect(text).toContain(title);
    expect(text).toContain('草稿（未提交）');
    expect(text).toContain(`——项目申报书（草稿）`); // the running header
    expect(text).toContain(figure(2_812_345));

    const docx = await download(member, id, 'docx');
    expect(docx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const { body, header } = docxText(docx.raw);
    expect(body).toContain('草稿（未提交）');
    expect(header).toContain('草稿');
    const disposition = String(docx.headers['content-disposition']);
    expect(disposition).toMatch(/^attachment; filename="capacity-application-draft\.docx"; filename\*=UTF-8''/);
    expect(decodeURIComponent(disposition.split("UTF-8''")[1])).toBe(`${SEED_YEAR}年度能力提升计划项目申报书-济南市机械工程学会-${application.title}（草稿）.docx`);

    // a draft never submitted is the society's own
    // (the association, the finance bureau, 济南's other society: 404; those the programme is out of scope for: 403, as GET …/:id)
    for (const c of [jinan, jncz, tcm, qingdao, jixie]) await refusedAsTheApplication(c, id);
    expect((await anon.request('GET', `/api/v1/capacity-applications/${id}/document?format=pdf`)).status).toBe(401);
  }, 120_000);

  it('prints the submitted version: title, society, type, each budget line, the total, the award standard and every eligibility condition', async () => {
    const s = await member.post(`/api/v1/capacity-applications/${id}/submit`, { rowVersion });
    expect(s.status, JSON.stringify(s.body)).toBe(200);
    const conditions: { label: string; status: 'pass' | 'fail' | 'manual'; fact: string }[] = s.body.eligibility.conditions;
    expect(conditions.length).toBeGreaterThan(0);
    const result = { pass: '符合', fail: '不符合', manual: '须人工确认' };

    for (const reader of [member, jinan, jncz]) {
      const pdf = await pdfText((await download(reader, id, 'pdf')).raw);
      const { body: docx, header } = docxText((await download(reader, id, 'docx')).raw);
      for (const text of [pdf, docx]) {
        expect(text).toContain(title);
        expect(text).toContain('申报单位：济南市机械工程学会');
        expect(text).toContain('项目类型：学术交流项目');
        expect(text).toContain(`项目名称：${application.title}`);
        expect(text).toContain('第1版');
        expect(text).toContain('联系人：王敏');
        expect(text).toContain('联系电话：0531-00000001');
        expect(text).toContain(squeeze(application.goals));
        for (const i of application.indicators) expect(text).toContain(squeeze(`${i.label}${i.target}`));
        expect(text).toContain(`项目活动费会务费${figure(2_012_345)}场地、资料`);
        expect(text).toContain(`项目资料费论文集出版印刷费${figure(800_000)}印刷300册`);
        expect(figure(2_012_345)).toBe('20,123.45');
        expect(text).toContain(`合计${figure(2_812_345)}`);
        expect(text).toContain(squeeze(`预算合计：${formatYuan(2_812_345)}`));
        expect(text).toContain(squeeze(`资助标准（学术交流项目）：${formatYuan(3_000_000)}`));
        conditions.forEach((c, n) => expect(text).toContain(squeeze(`${n + 1}${c.label}${result[c.status]}${c.fact}`)));
        expect(text).toContain('负责人签字：');
        expect(text).toContain('单位盖章：');
        expect(text).toContain('年月日');
        expect(text).not.toContain('草稿');
      }
      expect(header).toContain('第1版');
    }
    const docx = await download(jinan, id, 'docx');
    expect(decodeURIComponent(String(docx.headers['content-disposition']).split("UTF-8''")[1])).toBe(`${SEED_YEAR}年度能力提升计划项目申报书-济南市机械工程学会-${application.title}-第1版.docx`);
  }, 180_000);

  it('refuses another city’s association, other societies, nobody, and an unknown format', async () => {
    for (const c of [qingdao, tcm, jixie]) await refusedAsTheApplication(c, id);
    expect((await tcm.request('GET', `/api/v1/capacity-applications/${id}/document?format=pdf`)).status).toBe(404);
    expect((await anon.request('GET', `/api/v1/capacity-applications/${id}/document?format=pdf`)).status).toBe(401);
    const bad = await member.request('GET', `/api/v1/capacity-applications/${id}/document?format=xlsx`);
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect((await member.request('GET', `/api/v1/capacity-applications/${crypto.randomUUID()}/document?format=pdf`)).status).toBe(404);
  });

  it('after a return: the corrected draft is marked 草稿 with its new amounts; resubmitted, the second version', async () => {
    const cur = await jinan.get(`/api/v1/capacity-applications/${id}`);
    const items = cur.body.checklist.map((c: { code: string }) => ({ code: c.code, passed: c.code !== 'budget_reasonable', note: c.code === 'budget_reasonable' ? '会务费测算偏高' : null }));
    const back = await jinan.post(`/api/v1/capacity-applications/${id}/review`, { rowVersion: cur.body.rowVersion, decision: 'return', items, comment: '请按标准重新测算会务费' });
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    const mine = await member.get(`/api/v1/capacity-applications/${id}`);
    const changed = { ...application, budget: [{ ...application.budget[0], amountFen: 1_500_000 }, application.budget[1]] };
    const e = await member.put(`/api/v1/capacity-applications/${id}`, { ...changed, rowVersion: mine.body.rowVersion });
    expect(e.status, JSON.stringify(e.body)).toBe(200);

    // the association reads the returned application too: the draft being corrected, marked as such
    for (const reader of [member, jinan]) {
      const text = await pdfText((await download(reader, id, 'pdf')).raw);
      expect(text).toContain('草稿（退回修改中）');
      expect(text).toContain(`合计${figure(2_300_000)}`);
    }
    const s = await member.post(`/api/v1/capacity-applications/${id}/submit`, { rowVersion: e.body.rowVersion });
    expect(s.body).toMatchObject({ status: 'submitted', version: 2 });
    const pdf = await pdfText((await download(jinan, id, 'pdf')).raw);
    expect(pdf).toContain('第2版');
    expect(pdf).toContain(`项目活动费会务费${figure(1_500_000)}`);
    expect(pdf).not.toContain('草稿');
    const { body } = docxText((await download(jinan, id, 'docx')).raw);
    expect(body).toContain(`合计${figure(2_300_000)}`);
  }, 180_000);
});
