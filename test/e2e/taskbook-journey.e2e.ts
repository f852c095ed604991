// Journey (issue 4, steps 1–3 and PUB-2): the tri-party task book in the browser. The association
// (sheng.admin) drafts it for the demo project 全省科普工作绩效第三方评估 and fills its part and the
// project content; the department (kjt.user) and the society (jixie.user) complete theirs; the
// three sign; the Word and PDF downloads are rendered to PNG; an anonymous visitor verifies the
// code, the PDF, and a PDF with one byte changed. Screenshots: test-results/e2e/taskbook-*.png.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { SHOTS_DIR, launchBrowser, login, shot, startPlatform, visible, type Platform } from './support.js';
import { btn, pick, shown, snap, toast } from './ui.js';
import { docxToPng, pdfToPng } from './documents.js';

let platform: Platform;
let browser: Browser;
const contexts = new Map<string, { context: BrowserContext; page: Page }>();
let lastPage: Page | undefined;
let tmpDir: string;

beforeAll(async () => {
  platform = await startPlatform();
  browser = await launchBrowser();
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cj-e2e-tb-'));
  fs.rmSync(path.join(SHOTS_DIR, 'taskbook-failed.png'), { force: true });
});
afterAll(async () => {
  for (const { context } of contexts.values()) await context.close().catch(() => undefined);
  await browser?.close();
  await platform?.stop();
  if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
});

let broken = false;
beforeEach((ctx) => {
  if (broken) ctx.skip();
});
afterEach(async (ctx) => {
  if (ctx.task.result?.state !== 'fail') return;
  broken = true;
  if (lastPage) await shot(lastPage, 'taskbook-failed').catch(() => undefined);
});

async function as(username: string | null): Promise<Page> {
  const key = username ?? '(anonymous)';
  const hit = contexts.get(key);
  if (hit) return (lastPage = hit.page);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
  const page = await context.newPage();
  if (username) await login(page, platform.base, username);
  contexts.set(key, { context, page });
  return (lastPage = page);
}

const PROJECT = '全省科普工作绩效第三方评估';
let projectUrl = '';
let code = '';
let pdfFile = '';

/** Opens the project's task book tab (the project found through the list the first time). */
async function openTaskBook(page: Page) {
  if (!projectUrl) {
    await page.goto(`${platform.base}/app/projects`);
    await page.getByRole('link', { name: PROJECT }).first().click();
    await page.waitForURL(/\/app\/projects\/[0-9a-f-]{36}/);
    projectUrl = page.url().split('?')[0];
  }
  await page.goto(`${projectUrl}?tab=taskbook`);
  await visible(page.getByText('三方任务书').first());
}

/** The form of one part (antd gives the form the id of its name). */
const part = (page: Page, name: string) => page.locator(`#taskbook-${name}`);

async function openPanel(page: Page, title: string) {
  const header = page.locator('.ant-collapse-header').filter({ hasText: title });
  if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
}

async function save(page: Page, form: Locator, label: string) {
  await form.getByRole('button', { name: btn(`保存${label}`) }).click();
  await visible(toast(page, `${label}已保存`));
}

async function fill(form: Locator, label: string, value: string) {
  await form.getByLabel(label, { exact: true }).fill(value);
}

async function sign(page: Page, opinion: string) {
  await page.getByRole('button', { name: /签署$/ }).first().click();
  const dialog = page.locator('.ant-modal').filter({ hasText: '签署三方任务书' });
  await shown(dialog);
  await dialog.getByLabel('本单位意见（选填）').fill(opinion);
  await dialog.getByRole('button', { name: btn('确认签署') }).click();
  await dialog.waitFor({ state: 'hidden', timeout: 30_000 });
}

describe('tri-party task book: draft, complete, sign, download, verify', () => {
  it('1. the association drafts the task book and fills its part and the project content', async () => {
    const page = await as('sheng.admin');
    await openTaskBook(page);
    await page.getByRole('button', { name: btn('起草三方任务书') }).click();
    await visible(toast(page, '任务书已起草'));
    await visible(page.getByText('签署前还需完善'));
    const assoc = part(page, 'association');
    await openPanel(page, '项目协调单位信息');
    await fill(assoc, '主管（分管）处室', '学会学术部');
    await fill(assoc, '负责人', '李明');
    await fill(assoc, '联系人', '张华');
    await fill(assoc, '联系人电话', '0531-86000002');
    await assoc.getByRole('radio', { name: '无' }).first().check();
    await save(page, assoc, '项目协调单位信息');

    await openPanel(page, '试点项目内容');
    const proj = part(page, 'project');
    await fill(proj, '试点项目内容', '对全省科普基础设施运行、科普活动组织和科普资源共享情况开展第三方评估，形成评估报告。');
    await fill(proj, '各方权利和义务', '委托单位提出要求并监督检查；承接单位按任务书实施；协调单位指导保障。');
    await fill(proj, '工作目标', '完成全省 16 市科普工作绩效评估，形成总报告和分市报告。');
    await fill(proj, '重点任务', '制定指标体系；开展问卷和实地调研；形成评估报告。');
    await fill(proj, '质量要求', '数据真实、程序规范、结论客观；报告经专家论证。');
    await fill(proj, '经费来源', '委托单位项目经费');
    await proj.getByRole('button', { name: btn('添加指标') }).click();
    await proj.getByPlaceholder('指标名称').fill('评估覆盖的设区市');
    await proj.getByPlaceholder('目标值').fill('16');
    await proj.getByPlaceholder('单位').fill('个');
    await proj.getByRole('button', { name: btn('添加节点') }).click();
    await proj.getByPlaceholder('节点名称').fill('提交评估报告');
    await proj.getByPlaceholder('YYYY-MM-DD').fill('2027-05-31');
    await proj.getByPlaceholder('阶段成果').fill('评估总报告');
    await proj.getByRole('button', { name: btn('添加成员') }).click();
    await proj.getByPlaceholder('姓名').fill('赵振华');
    await proj.getByPlaceholder('工作单位').fill('山东省机械工程学会');
    await save(page, proj, '试点项目内容');
    await snap(page, 'taskbook-1-association-draft');
  });

  it('2. the department and the society complete their parts; nothing is missing any more', async () => {
    const kjt = await as('kjt.user');
    await openTaskBook(kjt);
    const dept = part(kjt, 'department');
    await openPanel(kjt, '项目委托单位信息');
    await fill(dept, '主管（分管）处室', '科技普及处');
    await fill(dept, '负责人', '孙志强');
    await fill(dept, '联系人', '吴敏');
    await pick(dept, kjt, '合作方式', '授权委托');
    await dept.getByRole('radio', { name: '有' }).first().check();
    await fill(dept, '预算额度（元）', '90000');
    await pick(dept, kjt, '经费性质', '财政拨款');
    await pick(dept, kjt, '经费来源', '项目经费');
    await save(kjt, dept, '项目委托单位信息');

    const jixie = await as('jixie.user');
    await openTaskBook(jixie);
    const soc = part(jixie, 'society');
    await openPanel(jixie, '项目承接单位信息');
    await fill(soc, '法定代表人', '王建国');
    await fill(soc, '项目负责人', '赵振华');
    await fill(soc, '项目负责人手机', '13905310002');
    await pick(soc, jixie, '项目负责人职务', '秘书长');
    await pick(soc, jixie, '批准机构', '理事会');
    await fill(soc, '批准日期', '2026-10-15');
    await fill(soc, '会议或决议名称', '第九届理事会第五次会议');
    await save(jixie, soc, '项目承接单位信息');
    await expect.poll(() => jixie.getByText('签署前还需完善').count(), { timeout: 15_000 }).toBe(0);
    await snap(jixie, 'taskbook-2-society-complete');
  });

  it('3. the three sign in turn with SM2; the task book is in force with a verification code', async () => {
    const jixie = await as('jixie.user');
    await sign(jixie, '同意承接，按任务书组织实施。');
    await visible(jixie.getByText('任务书内容已冻结'));
    const kjt = await as('kjt.user');
    await openTaskBook(kjt);
    await sign(kjt, '同意委托。');
    const admin = await as('sheng.admin');
    await openTaskBook(admin);
    await sign(admin, '同意。');
    await visible(admin.locator('.ant-tag').filter({ hasText: '已签署' }));
    const CODE = /[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/;
    code = (await admin.getByText(CODE).first().innerText()).match(CODE)![0];
    await snap(admin, 'taskbook-3-signed');
  });

  it('4. the Word and PDF downloads carry the code; both are rendered to PNG', async () => {
    const admin = await as('sheng.admin');
    for (const format of ['docx', 'pdf'] as const) {
      const [download] = await Promise.all([admin.waitForEvent('download'), admin.getByRole('link', { name: new RegExp(`下载 ${format === 'pdf' ? 'PDF' : 'Word'}`) }).click()]);
      const file = path.join(tmpDir, `taskbook.${format}`);
      await download.saveAs(file);
      const bytes = fs.readFileSync(file);
      if (format === 'pdf') {
        pdfFile = file;
        expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
        const pages = await pdfToPng(bytes, path.join(SHOTS_DIR, 'taskbook-4-download-pdf.png'));
        expect(pages.length).toBeGreaterThanOrEqual(4);
      } else {
        expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
        const page = await browser.newPage({ viewport: { width: 1000, height: 1200 }, locale: 'zh-CN' });
        try {
          await docxToPng(page, bytes, path.join(SHOTS_DIR, 'taskbook-4-download-docx.png'));
        } finally {
          await page.close();
        }
      }
    }
  });

  it('5. anyone verifies the code and the file on the portal; a changed byte fails', async () => {
    const page = await as(null);
    await page.goto(`${platform.base}/portal/verify`);
    await page.getByLabel('校验码').fill(code.replace(/-/g, '').toLowerCase());
    await page.getByRole('button', { name: btn('核验') }).click();
    await visible(page.getByText('校验码有效：任务书已经三方签署，内容未被改动'));
    await visible(page.getByText('山东省机械工程学会'));
    await snap(page, 'taskbook-5-verify-code');

    await page.locator('input[type=file]').setInputFiles(pdfFile);
    await visible(page.getByText('文件与三方签署的任务书一致（PDF 文件）'));
    await snap(page, 'taskbook-5-verify-file');

    const changed = Buffer.from(fs.readFileSync(pdfFile));
    changed[Math.floor(changed.length / 3)] ^= 0x20;
    const bad = path.join(tmpDir, 'changed.pdf');
    fs.writeFileSync(bad, changed);
    await page.locator('input[type=file]').setInputFiles(bad);
    await visible(page.getByText('核验未通过'));
    await snap(page, 'taskbook-5-verify-changed');
  });
});
