// Issue 13 step 5, seed 000 §4(2), on both drivers: where the programme's agreementKind is
// transferContract the pilot's agreement is a 职能转移合同 between the department (甲方) and the
// society (乙方) with the association as witness (见证方) — the task book's record and signing
// (docs/adr/0011) under its own names: the list and the version say so, the to-dos and the
// signatures name the roles, the signed Word and PDF are the contract (title, parties, the seed's
// clauses, the signature block of 甲方, 乙方 and 见证方 with the signers of the parts and, apart,
// who applied the seals), read back as their reader would (the docx XML, pdftotext); the portal's
// verification names it; a change request cannot turn it into a task book. Preset 004 keeps the
// tri-party task book.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { TestClient, as, createTestContext, type TestContext } from '../../testing/harness.js';
import { establishProject, signedProject } from '../../testing/project-fixture.js';
import { readZipEntries } from './documents/extract.js';
import { commonClauses } from '../../../domain/taskbook/taskbook.types.js';
import { transferContractClauses } from '../../../domain/taskbook/agreement.js';

let ctx: TestContext;
let admin: TestClient;
let kjt: TestClient;
let jixie: TestClient;

beforeAll(async () => {
  ctx = await createTestContext();
  [admin, kjt, jixie] = await Promise.all(['sheng.admin', 'kjt.user', 'jixie.user'].map((u) => as(ctx.app, u)));
}, 120_000);
afterAll(async () => ctx?.close());

type Row = Record<string, any>;
const rows = async (q: ReturnType<typeof sql>): Promise<Row[]> => ((await ctx.database.db.execute(q)) as unknown as { rows: Row[] }).rows;
const squeeze = (s: string) => s.replace(/\s+/g, '');

async function pdfText(pdf: Buffer): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cj-contract-'));
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

const CONTRACT_LABELS = { department: '甲方（职能转移部门）', society: '乙方（承接学会）', association: '见证方（科协）' };

describe('preset 000: the 职能转移合同', () => {
  let s: Awaited<ReturnType<typeof signedProject>>;
  let signers: Record<string, string>;

  beforeAll(async () => {
    // before drafting: the list says which agreement the draft will be
    const est = await establishProject(ctx, admin, kjt, '000', '宁夏预置职能转移合同项目（预览）');
    const list = (await admin.get(`/api/v1/projects/${est.projectId}/task-books`)).body;
    expect(list).toMatchObject({ items: [], actions: ['draft'], agreement: { kind: 'transferContract', title: '职能转移合同', partyLabels: CONTRACT_LABELS } });
    expect((await admin.get(`/api/v1/projects/${est.projectId}`)).body).toMatchObject({ agreementTitle: '职能转移合同', programmeHoldsFunds: true });
    s = await signedProject(ctx, { admin, dept: kjt, society: jixie }, '000', '宁夏预置职能转移合同项目');
    const book = (await kjt.get(`/api/v1/task-books/${s.taskBookId}`)).body;
    signers = Object.fromEntries(book.signatures.map((x: { party: string; signerName: string }) => [x.party, x.signerName]));
  }, 180_000);

  it('is drafted, filled in and signed as a contract: its kind is in the signed content, the roles named', async () => {
    const book = (await kjt.get(`/api/v1/task-books/${s.taskBookId}`)).body;
    expect(book).toMatchObject({ status: 'signed', agreement: { kind: 'transferContract', title: '职能转移合同', partyLabels: CONTRACT_LABELS, partLabels: { department: '甲方（职能转移部门）信息', project: '转移职能的内容与要求' } } });
    expect(book.content.agreementKind).toBe('transferContract');
    expect(book.signatures.map((x: { party: string; partyLabel: string }) => [x.party, x.partyLabel]).sort()).toEqual([
      ['association', '见证方（科协）'],
      ['department', '甲方（职能转移部门）'],
      ['society', '乙方（承接学会）'],
    ]);
    const todos = await rows(sql`SELECT kind, title FROM todos WHERE entity_id = ${s.taskBookId} ORDER BY kind, title`);
    expect(todos.map((t) => t.title)).toEqual(
      expect.arrayContaining([
        '填写职能转移合同（甲方（职能转移部门）信息）：宁夏预置职能转移合同项目',
        '填写职能转移合同（乙方（承接学会）信息）：宁夏预置职能转移合同项目',
        '签署职能转移合同（第 1 版）：宁夏预置职能转移合同项目',
      ]),
    );
    expect(todos.some((t) => t.title.includes('三方任务书'))).toBe(false);
    const n = await rows(sql`SELECT title FROM notifications WHERE entity_id = ${s.taskBookId} AND title LIKE '职能转移合同已签署生效%'`);
    expect(n.length).toBeGreaterThan(0);
  });

  it('the signed Word file is the contract: title, parties, the seed’s clauses and the signature block of 甲方, 乙方 and 见证方', async () => {
    const res = await kjt.request('GET', `/api/v1/task-books/${s.taskBookId}/document?format=docx`);
    expect(res.status).toBe(200);
    expect(decodeURIComponent(String(res.headers['content-disposition']))).toContain('职能转移合同-宁夏预置职能转移合同项目-第1版.docx');
    const parts = readZipEntries(res.raw, ['word/document.xml', 'docProps/custom.xml']);
    const text = parts.get('word/document.xml')!.toString('utf8').replace(/<[^>]+>/g, '');
    expect(text).toContain('所属学会有序承接政府转移职能职能转移合同');
    expect(text).toContain('甲方：山东省科学技术厅');
    expect(text).toContain('乙方：山东省机械工程学会');
    expect(text).toContain('见证方：山东省科学技术协会');
    expect(text).toContain('合 同 说 明');
    expect(text).toContain('一、合同各方基本信息');
    expect(text).toContain('二、转移职能的内容与要求');
    expect(text).toContain('（一）转移职能的内容');
    for (const c of transferContractClauses) expect(text).toContain(c);
    for (const c of commonClauses) expect(text).not.toContain(c);
    expect(text).not.toContain('三方任务书');
    const five = text.slice(text.indexOf('五、合同签署'));
    expect(text.indexOf('五、合同签署')).toBeGreaterThan(0);
    // the order of a contract: 甲方, 乙方, then the witness; each with its organisation, its signer by the parts, and apart who applied the seal
    const at = (s2: string) => five.indexOf(s2);
    expect(at('甲方（职能转移部门）：山东省科学技术厅')).toBeGreaterThanOrEqual(0);
    expect(at('乙方（承接学会）：山东省机械工程学会')).toBeGreaterThan(at('甲方（职能转移部门）：山东省科学技术厅'));
    expect(at('见证方：山东省科学技术协会')).toBeGreaterThan(at('乙方（承接学会）：山东省机械工程学会'));
    expect(five).toContain('负责人（签字）：张华');
    expect(five).toContain('法定代表人（签字）：王建国');
    expect(five).toContain('负责人（签字）：刘洋');
    for (const operator of Object.values(signers)) {
      expect(five).toContain(`经办人：${operator}`);
      expect(five).not.toContain(`（签字）：${operator}`);
    }
    expect(five).toContain('已由甲方、乙方签署，并经见证方见证');
    expect(parts.get('docProps/custom.xml')!.toString('utf8')).toContain('合同版本');
  }, 120_000);

  it('the signed PDF reads the same (pdftotext), with the verification code on its pages', async () => {
    const res = await kjt.request('GET', `/api/v1/task-books/${s.taskBookId}/document?format=pdf`);
    expect(res.status).toBe(200);
    const text = await pdfText(res.raw);
    const book = (await kjt.get(`/api/v1/task-books/${s.taskBookId}`)).body;
    for (const t of ['职能转移合同', '合同说明', '甲方：山东省科学技术厅', '乙方：山东省机械工程学会', '见证方：山东省科学技术协会', '五、合同签署', '甲方（职能转移部门）：', '乙方（承接学会）：', '见证方：', '张华', '王建国', '刘洋', `校验码：${book.verificationCode}`]) {
      expect(text, t).toContain(squeeze(t));
    }
    for (const operator of Object.values(signers)) expect(text).toContain(`经办人：${operator}`);
    expect(text).toContain(squeeze(transferContractClauses[0]).slice(0, 30));
    expect(text).not.toContain('三方任务书');
    // the same file verifies on the portal, as the contract
    const byFile = await new TestClient(ctx.app).request('POST', '/api/v1/public/task-books/verify', undefined, { headers: { 'content-type': 'application/pdf' }, rawBody: res.raw });
    expect(byFile.body).toMatchObject({ valid: true, match: 'exact', record: { kind: 'taskBook', kindLabel: '职能转移合同' } });
  }, 120_000);

  it('the portal names the contract and the roles of its parties', async () => {
    const book = (await kjt.get(`/api/v1/task-books/${s.taskBookId}`)).body;
    const v = (await new TestClient(ctx.app).get(`/api/v1/public/task-books/verify?code=${encodeURIComponent(book.verificationCode)}`)).body;
    expect(v).toMatchObject({ valid: true, match: 'exact', record: { kindLabel: '职能转移合同' } });
    expect(v.record.parties.map((p: { partyLabel: string; orgName: string }) => `${p.partyLabel}${p.orgName}`)).toEqual(['甲方（职能转移部门）山东省科学技术厅', '乙方（承接学会）山东省机械工程学会', '见证方（科协）山东省科学技术协会']);
  });

  it('a change request cannot turn the contract into a task book: the new version is a contract too', async () => {
    const book = (await kjt.get(`/api/v1/task-books/${s.taskBookId}`)).body;
    const proposed = { ...book.content, agreementKind: 'triPartyTaskBook', project: { ...book.content.project, goals: '形成评估报告一份，汇编典型案例。' } };
    const created = await jixie.post(`/api/v1/projects/${s.projectId}/change-requests`, { baseTaskBookId: s.taskBookId, reason: '甲方要求增加典型案例汇编。', changesSummary: '工作目标增加典型案例汇编。', proposedContent: proposed });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    let cr = created.body;
    const clientOf: Record<string, TestClient> = { department: kjt, association: admin };
    const steps = s.parameters.changeApprovers;
    for (let i = 0; i < steps.length; i++) cr = (await clientOf[steps[i]].post(`/api/v1/change-requests/${cr.id}/decisions`, { decision: 'approve', step: i })).body;
    expect(cr.status).toBe('approved');
    const v2 = (await kjt.get(`/api/v1/task-books/${cr.newTaskBookId}`)).body;
    expect(v2).toMatchObject({ version: 2, agreement: { kind: 'transferContract' }, content: { agreementKind: 'transferContract', project: { goals: '形成评估报告一份，汇编典型案例。' } } });
  }, 120_000);
});

describe('preset 004 keeps the tri-party task book', () => {
  it('drafts a 三方任务书 with no kind in its content', async () => {
    const est = await establishProject(ctx, admin, kjt, '004', '德阳预置三方任务书项目');
    const drafted = await admin.post(`/api/v1/projects/${est.projectId}/task-books`);
    expect(drafted.status).toBe(201);
    expect(drafted.body).toMatchObject({ agreement: { kind: 'triPartyTaskBook', title: '三方任务书', partyLabels: { department: '项目委托单位', society: '项目承接单位', association: '项目协调单位' } } });
    expect(drafted.body.content).not.toHaveProperty('agreementKind');
    expect((await admin.get(`/api/v1/projects/${est.projectId}`)).body).toMatchObject({ agreementTitle: '三方任务书', programmeHoldsFunds: true });
  });
});
