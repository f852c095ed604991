// Journey (issue 4, PUB-1, PUB-2): the tri-party task book and the supervised implementation in
// the browser, on the demo project 全省科普工作绩效第三方评估. The association (sheng.admin) drafts
// the task book and fills its part and the project content; the department (kjt.user) and the
// society (jixie.user) complete theirs; the three sign; the Word and PDF downloads are rendered to
// PNG; an anonymous visitor verifies the code, the PDF, and a PDF with one byte changed. Then the
// project is carried through its implementation, each step by the unit that does it: the plan
// (returned once), progress against the signed schedule, a major matter, an observer and an expert
// inspection, a change request and the re-signed second version, a rectification order, guidance,
// the programme's meeting and briefing on the portal, and finally termination with a refund paid
// back in two parts. Screenshots: test-results/e2e/taskbook-*.png.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { SHOTS_DIR, launchBrowser, login, shot, startPlatform, visible, type Platform } from './support.js';
import { btn, pick, shown, snap, toast } from './ui.js';
import { docxText, docxToPng, pdfFonts, pdfPages, pdfToPng, taskBookDocxOffences, taskBookPdfOffences, type TaskBookFacts } from './documents.js';

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
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
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
  lastPage = page;
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
    // issue 11 §3: with 经费支持 = 无 the amount, the nature and the source are not asked for
    expect(await assoc.getByLabel('预算额度（元）').isDisabled()).toBe(true);
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

  it('4. the Word and PDF downloads read as the screen shows the task book; both are rendered to PNG', async () => {
    const admin = await as('sheng.admin');
    // what a reader compares the files with, taken from the screen: the parties as the signing steps
    // name them, the code, and the department's budget as its part shows it (in 元; the form prints 万元)
    const steps = admin.locator('.ant-steps');
    const parties = { department: '山东省科学技术厅', society: '山东省机械工程学会', association: '山东省科学技术协会' };
    for (const name of Object.values(parties)) await visible(steps.getByText(name, { exact: true }));
    await openPanel(admin, '项目委托单位信息');
    const budget = (await part(admin, 'department').getByLabel('预算额度（元）').inputValue()).replace(/[,\s元]/g, '');
    expect(budget).toMatch(/^\d+(\.\d{1,2})?$/);
    const facts: TaskBookFacts = {
      projectName: PROJECT,
      version: 1,
      parties,
      heads: { department: '孙志强', society: '王建国', association: '李明' },
      code,
      // PUBLIC_URL is not set for the journey: the platform prints its local address
      verifyUrl: `http://localhost:${new URL(platform.base).port}/portal/verify`,
      amounts: [`有，预算额度 ${(Number(budget) / 10_000).toFixed(2)} 万元`],
    };
    for (const format of ['docx', 'pdf'] as const) {
      const [download] = await Promise.all([admin.waitForEvent('download'), admin.getByRole('link', { name: new RegExp(`下载 ${format === 'pdf' ? 'PDF' : 'Word'}`) }).click()]);
      const file = path.join(tmpDir, `taskbook.${format}`);
      await download.saveAs(file);
      const bytes = fs.readFileSync(file);
      if (format === 'pdf') {
        pdfFile = file;
        expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
        // issue 12 §3: the text read back (pdftotext) and an embedded Chinese font (pdffonts), not a picture's size
        expect(taskBookPdfOffences(await pdfPages(bytes), await pdfFonts(bytes), facts)).toEqual([]);
        const pages = await pdfToPng(bytes, path.join(SHOTS_DIR, 'taskbook-4-download-pdf.png'));
        expect(pages.length).toBeGreaterThanOrEqual(4);
      } else {
        expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
        expect(taskBookDocxOffences(docxText(bytes), facts)).toEqual([]);
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

    // a copy changed after download still carries the code: refused, and the stored record is shown
    // apart as the platform's record, without pass badges (issue 12 §2)
    const changed = Buffer.concat([fs.readFileSync(pdfFile), Buffer.from('\n% 另存时加入的一行\n')]);
    const bad = path.join(tmpDir, 'changed.pdf');
    fs.writeFileSync(bad, changed);
    await page.locator('input[type=file]').setInputFiles(bad);
    await visible(page.getByText('核验未通过'));
    await visible(page.getByText('平台存档记录'));
    expect(await page.getByText('验证通过', { exact: true }).count()).toBe(0);
    await snap(page, 'taskbook-5-verify-changed');
  });
});

// ---------------------------------------------------------------------------------------------
// Issue 4, steps 4–10: the implementation of the same project, now 实施中
// ---------------------------------------------------------------------------------------------

/** A day in China (UTC+8, no summer time), `offset` days from today, as YYYY-MM-DD. */
const day = (offset = 0) => new Date(Date.now() + 8 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);

/** Opens one tab of the project page and waits until its content has loaded. */
async function openTab(page: Page, key: string, loaded: Locator) {
  lastPage = page;
  await page.goto(`${projectUrl}?tab=${key}`);
  await visible(loaded);
}

/** The open dialog (antd Modal) with this title, once it has finished zooming in. */
async function dialog(page: Page, title: string): Promise<Locator> {
  const d = page.locator('.ant-modal').filter({ has: page.locator('.ant-modal-title').getByText(title, { exact: true }) });
  await shown(d);
  return d;
}

/** The open drawer with this title, once it has finished sliding in. */
async function drawer(page: Page, title: string): Promise<Locator> {
  const d = page.locator('.ant-drawer-content-wrapper').filter({ has: page.locator('.ant-drawer-title').getByText(title, { exact: true }) });
  await shown(d);
  return d;
}

/** Presses a dialog's or drawer's button and waits until it has closed and the toast says so. */
async function submit(page: Page, box: Locator, button: string, said: string | RegExp) {
  await box.getByRole('button', { name: btn(button) }).click();
  await box.waitFor({ state: 'hidden', timeout: 30_000 });
  await visible(toast(page, said));
}

/** Types a date into an antd DatePicker (found by its label or placeholder) and confirms it. */
async function setDate(input: Locator, value: string) {
  await input.click();
  await input.fill(value);
  await input.press('Enter');
  await expect.poll(() => input.inputValue(), { timeout: 5_000 }).toBe(value);
}

/** A file chosen in an EvidenceUpload; waits until it has arrived (its name becomes a link). */
async function attach(scope: Locator, file: string) {
  await scope.locator('input[type=file]').setInputFiles(file);
  await visible(scope.getByRole('link', { name: path.basename(file) }));
}

/** A small PDF in tmpDir with this name. */
function pdf(name: string): string {
  const file = path.join(tmpDir, name);
  fs.writeFileSync(
    file,
    '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  );
  return file;
}

/** 审批 on the waiting step of an approval card (重大事项, 变更申请, 中止): 同意 with an opinion. */
async function approve(page: Page, card: Locator, what: string, opinion: string) {
  await card.getByRole('button', { name: btn('审批') }).click();
  const d = await dialog(page, `审批${what}`);
  await d.getByLabel('审批意见（选填）').fill(opinion);
  await submit(page, d, '提交审批意见', '已同意');
}

const card = (page: Page, title: string | RegExp) => page.locator('.ant-card').filter({ has: page.locator('.ant-card-head-title').getByText(title) });

const MATTER = '调整评估专家组组成';
const OLD_GOALS = '完成全省 16 市科普工作绩效评估，形成总报告和分市报告。';
const NEW_GOALS = '完成全省 16 市科普工作绩效评估，形成总报告、分市报告和 3 份专题报告。';
const MEETING = '全省学会承接政府转移职能试点第四次工作例会';
const BRIEFING = '全省科普工作绩效第三方评估进展顺利';

describe('supervised implementation: plan, progress, matters, inspection, change, rectification, records, termination', () => {
  it('6. the society submits its implementation plan; the department returns it, then approves the revision; both versions stay', async () => {
    const jixie = await as('jixie.user');
    await openTab(jixie, 'plan', jixie.getByText('下一步：提交实施方案'));
    await jixie.getByRole('button', { name: btn('提交实施方案') }).click();
    let d = await dialog(jixie, '提交实施方案');
    await d.getByLabel('工作目标', { exact: true }).fill('按任务书完成全省 16 市科普工作绩效评估，形成总报告和分市报告。');
    await d.getByLabel('组织结构及分工职责', { exact: true }).fill('成立项目组，秘书长赵振华任组长；学术部负责指标体系，咨询部负责调研，办公室负责后勤保障。');
    await d.getByLabel('工作模式', { exact: true }).fill('指标体系研制、问卷调查、实地调研、数据分析、报告撰写五个阶段依次推进。');
    await d.getByLabel('工作机制', { exact: true }).fill('每月召开项目例会，按季度向委托单位报送进展；评估专家实行回避制度。');
    await d.getByLabel('保障措施', { exact: true }).fill('学会安排专职人员 4 名，经费专款专用。');
    await submit(jixie, d, '提交审查', '实施方案已提交，已通知委托单位审查');
    await visible(jixie.getByText('第 1 版实施方案待委托单位审查'));

    const kjt = await as('kjt.user');
    await openTab(kjt, 'plan', kjt.getByText('待审查：第 1 版实施方案'));
    await kjt.getByRole('button', { name: btn('退回修改') }).click();
    d = await dialog(kjt, '审查实施方案（第 1 版）');
    await d.getByLabel('意见（必填）').fill('保障措施过于简略，请补充经费使用计划和质量控制措施。');
    await submit(kjt, d, '提交审查意见', '审查意见已提交，已通知承接单位');
    await visible(kjt.locator('.ant-tag').filter({ hasText: '已退回修改' }));

    await openTab(jixie, 'plan', jixie.getByText('第 1 版实施方案已被退回修改'));
    await visible(jixie.getByText('委托单位意见：保障措施过于简略'));
    await snap(jixie, 'taskbook-6-plan-returned');
    await jixie.getByRole('button', { name: btn('提交修改稿') }).click();
    d = await dialog(jixie, '提交实施方案（第 2 版）');
    await expect.poll(() => d.getByLabel('工作目标', { exact: true }).inputValue()).toContain('16 市');
    await d.getByLabel('保障措施', { exact: true }).fill('学会安排专职人员 4 名；经费按任务书预算专款专用，按季度列支；报告经专家论证后提交。');
    await d.getByLabel('修改说明').fill('按委托单位意见补充经费使用计划和质量控制措施。');
    await submit(jixie, d, '提交审查', '实施方案已提交，已通知委托单位审查');

    await openTab(kjt, 'plan', kjt.getByText('待审查：第 2 版实施方案'));
    await kjt.getByRole('button', { name: btn('审查通过') }).click();
    d = await dialog(kjt, '审查实施方案（第 2 版）');
    await d.getByLabel('意见（选填）').fill('同意按此方案实施。');
    await submit(kjt, d, '提交审查意见', '审查意见已提交，已通知承接单位');
    await visible(kjt.getByText('现行版本'));
    await visible(kjt.getByText('经费按任务书预算专款专用'));
    await snap(kjt, 'taskbook-6-plan-approved');
    // the returned first version stays readable
    await pick(kjt, kjt, '选择实施方案版本', /^第 1 版/);
    await visible(kjt.getByText('实施方案（第 1 版）'));
    await visible(kjt.getByText('学会安排专职人员 4 名，经费专款专用。'));
    await snap(kjt, 'taskbook-6-plan-versions');
  });

  it('7. the milestone comes from the signed schedule; the society reports progress with a file; the department acknowledges it', async () => {
    const jixie = await as('jixie.user');
    const row = jixie.locator('.ant-table-row').filter({ hasText: '提交评估报告' });
    await openTab(jixie, 'progress', row);
    await visible(row.getByText('2027-05-31'));
    await visible(row.getByText('任务书第 1 版'));
    await visible(row.getByText('评估总报告'));
    await row.getByRole('button', { name: btn('报送进展') }).click();
    const d = await dialog(jixie, '报送进展报告');
    await visible(d.getByText('提交评估报告（2027-05-31）'));
    await d.getByLabel('报告标题').fill('指标体系研制和问卷调查阶段进展');
    await d.getByLabel('进展情况').fill('已完成评估指标体系研制并经专家论证；面向 16 市发放问卷 1200 份，回收 1138 份；正在开展实地调研。');
    const file = pdf('评估指标体系.pdf');
    await attach(d, file);
    await submit(jixie, d, '报送', '进展报告已报送');
    await visible(jixie.locator('.ant-card').filter({ hasText: '指标体系研制和问卷调查阶段进展' }).getByText('已报送'));
    await snap(jixie, 'taskbook-7-progress-reported');

    const kjt = await as('kjt.user');
    const report = card(kjt, '指标体系研制和问卷调查阶段进展');
    await openTab(kjt, 'progress', report);
    await visible(kjt.getByText('1 份进展报告待阅'));
    // the department opens the society's file
    const [download] = await Promise.all([kjt.waitForEvent('download'), report.getByRole('link', { name: '评估指标体系.pdf' }).click()]);
    expect(fs.readFileSync(await download.path())).toEqual(fs.readFileSync(file));
    await report.getByRole('button', { name: btn('确认已阅') }).click();
    const ack = await dialog(kjt, '确认已阅进展报告');
    await ack.getByLabel('意见（选填）').fill('进展符合计划，请按期完成实地调研。');
    await submit(kjt, ack, '确认已阅', '已确认已阅');
    await visible(report.locator('.ant-tag').filter({ hasText: '已阅' }));
    await visible(report.getByText(/山东省科学技术厅 · .*；意见：进展符合计划/));
    await snap(kjt, 'taskbook-7-progress-acknowledged');
  });

  it('8. a major matter passes department and association; the association assigns an observer; the department inspects', async () => {
    const jixie = await as('jixie.user');
    await openTab(jixie, 'matters', jixie.getByText('报批顺序：学会理事会（常务理事会）决定 → '));
    await jixie.getByRole('button', { name: btn('登记并报批重大事项') }).click();
    const dr = await drawer(jixie, '登记并报批重大事项');
    await dr.getByLabel('事项名称').fill(MATTER);
    await dr.getByLabel('事项内容').fill('因原评估专家组两名成员工作调动，拟增补山东大学孙教授、山东师范大学刘教授为评估专家组成员。');
    await pick(dr, jixie, '决定机构', '常务理事会');
    await setDate(dr.getByLabel('决定日期'), day(-1));
    await dr.getByLabel('会议或决议名称').fill('第九届常务理事会第六次会议');
    await attach(dr, pdf('常务理事会决议.pdf'));
    await submit(jixie, dr, '提交报批', '重大事项已报批，已通知第一步审批单位');
    const mine = card(jixie, MATTER);
    await visible(mine.getByText('报批中'));
    await visible(mine.getByText(/^待.+审批$/));

    const kjt = await as('kjt.user');
    await openTab(kjt, 'matters', card(kjt, MATTER));
    await approve(kjt, card(kjt, MATTER), '重大事项', '同意增补。');
    const admin = await as('sheng.admin');
    await openTab(admin, 'matters', card(admin, MATTER));
    await approve(admin, card(admin, MATTER), '重大事项', '同意。');
    await visible(card(admin, MATTER).locator('.ant-tag').filter({ hasText: '已批准' }));
    await visible(card(admin, MATTER).getByText('常务理事会决议.pdf'));
    await snap(admin, 'taskbook-8-major-matter-approved');

    // SUP-4: the association assigns an observer
    await openTab(admin, 'inspection', admin.getByText('暂未委派观察员'));
    await admin.getByRole('button', { name: btn('委派观察员') }).click();
    let d = await dialog(admin, '委派观察员');
    await d.getByLabel('姓名').fill('陈立新');
    await d.getByLabel('工作单位').fill('山东省科学技术协会学会学术部');
    await setDate(d.getByPlaceholder('开始日期'), day(0));
    await setDate(d.getByPlaceholder('结束日期'), day(180));
    await d.getByLabel('工作职责（选填）').fill('参与项目巡视，列席项目例会，了解评估工作进展。');
    await submit(admin, d, '委派', '观察员已委派');
    const observer = admin.locator('.ant-table-row').filter({ hasText: '陈立新' });
    await visible(observer.getByText('在任'));

    // the department sends an expert panel and records its findings
    await openTab(kjt, 'inspection', kjt.locator('.ant-table-row').filter({ hasText: '陈立新' }));
    await kjt.getByRole('button', { name: btn('安排专家组检查') }).click();
    d = await dialog(kjt, '安排专家组检查');
    await setDate(d.getByLabel('检查日期'), day(0));
    await d.getByLabel('检查内容').fill('中期检查：实施进度、经费使用和阶段成果质量。');
    await d.getByPlaceholder('姓名').fill('马晓东');
    await d.getByPlaceholder('工作单位', { exact: true }).fill('山东省科技评估中心');
    await d.getByPlaceholder('职务/职称（选填）').fill('研究员');
    await submit(kjt, d, '安排检查', '专家组检查已安排');
    const inspection = card(kjt, /^专家组检查 · /);
    await visible(inspection.getByText('已安排'));
    await inspection.getByRole('button', { name: btn('登记检查意见') }).click();
    d = await dialog(kjt, '登记专家组检查意见');
    await expect.poll(() => d.getByLabel('实际检查日期').inputValue()).toBe(day(0));
    await pick(d, kjt, '检查结论', '需整改');
    await d.getByLabel('检查发现').fill('进度符合计划；问卷样本中 3 个市回收率偏低，分市报告的数据支撑不足，需补充调研。');
    await submit(kjt, d, '登记', '检查意见已登记');
    await visible(inspection.getByText('结论：需整改'));
    await visible(inspection.getByText('马晓东（山东省科技评估中心，研究员）'));
    await snap(kjt, 'taskbook-8-inspection');
  });

  it('9. a change of the goals is approved; version 2 is signed again by the three; version 1 stays readable', async () => {
    const jixie = await as('jixie.user');
    await openTab(jixie, 'changes', jixie.getByText('审批顺序：'));
    await jixie.getByRole('button', { name: btn('提出变更申请') }).click();
    const dr = await drawer(jixie, '提出任务书变更申请');
    await dr.getByLabel('变更理由').fill('委托单位提出增加专题评估需求，需相应调整工作目标。');
    await dr.getByLabel('变更内容说明').fill('工作目标增加 3 份专题报告。');
    const goals = dr.getByLabel('工作目标', { exact: true });
    await expect.poll(() => goals.inputValue()).toBe(OLD_GOALS);
    await goals.fill(NEW_GOALS);
    await visible(dr.getByText('已修改 1 处'));
    await snap(jixie, 'taskbook-9-change-request');
    await submit(jixie, dr, '提交变更申请', '变更申请已提交，已通知第一步审批单位');
    const title = '变更申请（基于第 1 版）';
    await visible(card(jixie, title).getByText('报批中'));

    const kjt = await as('kjt.user');
    await openTab(kjt, 'changes', card(kjt, title));
    await card(kjt, title).getByRole('button', { name: btn('查看变更对照') }).click();
    await visible(kjt.getByText('变更对照（共 1 处）'));
    await visible(kjt.getByText('试点项目内容 › 工作目标'));
    await approve(kjt, card(kjt, title), '变更申请', '同意变更。');
    const admin = await as('sheng.admin');
    await openTab(admin, 'changes', card(admin, title));
    await approve(admin, card(admin, title), '变更申请', '同意。');
    await visible(admin.getByText('已形成任务书第 2 版（起草中）'));
    await snap(admin, 'taskbook-9-change-approved');

    // the new version, drafted from the approved content, is signed again
    await openTaskBook(jixie);
    await visible(jixie.getByText('三方任务书（第 2 版）'));
    await visible(jixie.locator('.ant-tag').filter({ hasText: '起草中' }));
    await openPanel(jixie, '试点项目内容');
    await expect.poll(() => part(jixie, 'project').getByLabel('工作目标', { exact: true }).inputValue()).toBe(NEW_GOALS);
    await sign(jixie, '同意按变更后的任务书实施。');
    await openTaskBook(kjt);
    await sign(kjt, '同意。');
    await openTaskBook(admin);
    await visible(admin.getByText('三方任务书（第 2 版）'));
    await sign(admin, '同意。');
    await visible(admin.locator('.ant-tag').filter({ hasText: '已签署' }));
    await snap(admin, 'taskbook-9-version-2-signed');
    await pick(admin, admin, '选择三方任务书版本', /^第 1 版/);
    await visible(admin.getByText('三方任务书（第 1 版）'));
    await visible(admin.locator('.ant-tag').filter({ hasText: '已被新版本替代' }));
    await openPanel(admin, '试点项目内容');
    await expect.poll(() => part(admin, 'project').getByLabel('工作目标', { exact: true }).inputValue()).toBe(OLD_GOALS);
    await snap(admin, 'taskbook-9-version-1-superseded');
  });

  it('10. the department orders rectification after the inspection; the society responds; the order is closed; guidance is recorded', async () => {
    const kjt = await as('kjt.user');
    const inspection = card(kjt, /^专家组检查 · /);
    await openTab(kjt, 'inspection', inspection);
    await inspection.getByRole('button', { name: btn('下达整改通知') }).click();
    let d = await dialog(kjt, '下达整改通知');
    await d.getByLabel('整改要求').fill('对问卷回收率低于 80% 的 3 个市补充开展实地调研，补足分市报告的数据支撑。');
    await setDate(d.getByLabel('整改期限'), day(20));
    await submit(kjt, d, '下达', '整改通知已下达，已通知承接单位');

    const jixie = await as('jixie.user');
    const order = card(jixie, `期限 ${day(20)}`);
    await openTab(jixie, 'rectification', order);
    await visible(jixie.getByText('1 项整改待报送整改报告'));
    await visible(order.getByText('专家组检查意见'));
    await order.getByRole('button', { name: btn('报送整改报告') }).click();
    d = await dialog(jixie, '报送整改报告');
    await d.getByLabel('整改情况').fill('已赴 3 个市补充实地调研，新增有效问卷 260 份，分市报告已补充相应数据。');
    await attach(d, pdf('补充调研情况.pdf'));
    await submit(jixie, d, '报送', '整改报告已报送，等待验收');
    await visible(order.getByText('已报送整改报告'));

    const mine = card(kjt, `期限 ${day(20)}`);
    await openTab(kjt, 'rectification', mine);
    await mine.getByRole('button', { name: btn('验收') }).click();
    d = await dialog(kjt, '验收整改');
    await d.getByLabel('意见（选填）').fill('整改到位。');
    await submit(kjt, d, '提交验收结论', '验收结论已提交，已通知承接单位');
    await visible(mine.getByText('已销号'));
    await snap(kjt, 'taskbook-10-rectification-closed');

    // SUP-8: the association records the guidance it gave
    const admin = await as('sheng.admin');
    // the tab also lists the programme-wide training of the demo data; the project's own is added here
    await openTab(admin, 'training', admin.getByRole('button', { name: btn('记录培训或指导') }));
    await admin.getByRole('button', { name: btn('记录培训或指导') }).click();
    d = await dialog(admin, '记录培训或工作指导');
    await d.getByLabel('工作指导').check();
    await d.getByLabel('主题').fill('第三方评估报告撰写规范指导');
    await d.getByLabel('地点（选填）').fill('省科协 3 楼会议室');
    await d.getByLabel('主讲或指导人（选填）').fill('李明');
    await d.getByLabel('参加人员（选填）').fill('项目负责人及项目组成员');
    await d.getByLabel('参加人数（选填）').fill('8');
    await d.getByLabel('主要内容').fill('讲解评估报告的结构、数据引用和结论表述要求，逐章点评报告初稿。');
    await submit(admin, d, '保存记录', '记录已保存，已通知承接单位');
    const rec = card(admin, '第三方评估报告撰写规范指导');
    await visible(rec.getByText('项目负责人及项目组成员（8 人）'));
    await snap(admin, 'taskbook-10-guidance');
  });

  it('11. the association records a regular meeting, discloses a briefing and publishes the progress report; a visitor reads both on the portal', async () => {
    const admin = await as('sheng.admin');
    await admin.goto(`${platform.base}/app`);
    await admin.getByRole('menuitem', { name: /方案工作记录/ }).click();
    await admin.waitForURL(/\/app\/programme-records/);
    await visible(admin.getByRole('tab', { name: '会议纪要', selected: true }));
    await admin.getByRole('button', { name: btn('登记会议') }).click();
    let dr = await drawer(admin, '登记会议');
    await dr.getByLabel('会议名称').fill(MEETING);
    await setDate(dr.getByLabel('会议日期'), day(-2));
    await dr.getByLabel('地点').fill('省科协 5 楼会议室');
    const attendees = dr.getByLabel('参会单位和人员');
    for (const who of ['省科协学会学术部', '省科学技术厅科技普及处', '山东省机械工程学会']) {
      await attendees.click();
      await attendees.pressSequentially(who);
      await attendees.press('Enter');
    }
    await dr.getByLabel('会议纪要').fill('会议听取了各试点项目实施进展汇报，研究了评估类项目的质量控制问题。');
    await dr.getByRole('button', { name: btn('添加议定事项') }).click();
    await dr.getByPlaceholder('议定事项').fill('评估类项目的报告初稿须经专家论证后提交委托单位。');
    await dr.getByPlaceholder('责任单位').fill('各承接学会');
    await dr.getByRole('button', { name: btn('保存') }).click();
    await dr.waitFor({ state: 'hidden', timeout: 30_000 });
    await visible(toast(admin, '会议已登记'));
    const meeting = admin.locator('.ant-table-row').filter({ hasText: MEETING });
    await visible(meeting.getByText('1 项'));
    await meeting.getByRole('button', { name: /展开行|Expand row/ }).click();
    await visible(admin.getByText('评估类项目的报告初稿须经专家论证后提交委托单位。'));
    await visible(admin.getByText('省科协学会学术部、省科学技术厅科技普及处、山东省机械工程学会'));
    await snap(admin, 'taskbook-11-meeting');

    await admin.getByRole('tab', { name: '工作简报' }).click();
    await admin.getByRole('button', { name: btn('编发简报') }).click();
    dr = await drawer(admin, '编发工作简报');
    await dr.getByLabel('标题').fill(BRIEFING);
    await dr.getByLabel('正文').fill('全省科普工作绩效第三方评估项目已完成指标体系研制和问卷调查，正在开展实地调研和分市报告撰写。');
    await dr.getByRole('button', { name: btn('保存') }).click();
    await dr.waitFor({ state: 'hidden', timeout: 30_000 });
    await visible(toast(admin, '简报已编发'));
    const briefing = admin.locator('.ant-table-row').filter({ hasText: BRIEFING });
    await visible(briefing.getByText('未公开'));
    await briefing.getByRole('button', { name: btn('公开') }).click();
    const pop = admin.locator('.ant-popconfirm').filter({ hasText: '在门户网站公开第' });
    await shown(pop);
    await pop.getByRole('button', { name: btn('公开') }).click();
    await visible(toast(admin, /期简报已在门户网站公开/));
    await visible(briefing.getByText('已公开'));
    await snap(admin, 'taskbook-11-briefing-disclosed');

    const visitor = await as(null);
    await visitor.goto(`${platform.base}/portal/briefings`);
    await visitor.getByRole('link', { name: BRIEFING }).click();
    await visitor.waitForURL(/\/portal\/briefings\/[0-9a-f-]{36}/);
    await visible(visitor.getByText('正在开展实地调研和分市报告撰写'));
    await visible(visitor.getByText('山东省科学技术协会').first());
    await snap(visitor, 'taskbook-11-portal-briefing');

    // PUB-1: the association publishes the acknowledged progress report with a public summary
    const report = card(admin, '指标体系研制和问卷调查阶段进展');
    await openTab(admin, 'progress', report);
    await report.getByRole('button', { name: btn('公开发布') }).click();
    const d = await dialog(admin, '公开发布进展报告');
    await d.getByLabel('公开摘要').fill('已完成评估指标体系研制，面向 16 市开展问卷调查，正在开展实地调研。');
    await submit(admin, d, '公开发布', '进展报告已在门户网站公开');
    await visible(report.getByText('门户已公开'));
    await snap(admin, 'taskbook-11-progress-published');
    await visitor.goto(`${platform.base}/portal/progress`);
    const item = visitor.locator('.cj-record-list > li').filter({ hasText: '指标体系研制和问卷调查阶段进展' });
    await visible(item.getByText('已完成评估指标体系研制，面向 16 市开展问卷调查，正在开展实地调研。'));
    await visible(item.getByText(`${PROJECT} · 承接学会：山东省机械工程学会 · 委托部门：山东省科学技术厅`));
    await visible(item.getByText('关键节点：提交评估报告'));
    expect(await item.getByText('回收 1138 份').count()).toBe(0); // the summary, not the body
    await snap(visitor, 'taskbook-11-portal-progress');
  });

  it('12. the society asks for termination; department and association agree; the refund is decided and paid back in two parts', async () => {
    const jixie = await as('jixie.user');
    await openTab(jixie, 'termination', jixie.getByText('该项目没有中止事项'));
    await jixie.getByRole('button', { name: btn('申请中止项目') }).click();
    const dr = await drawer(jixie, '申请中止项目');
    await dr.getByLabel('中止理由').fill('委托单位机构职能调整，评估任务不再需要继续实施，经学会常务理事会研究，申请中止项目。');
    // a bad amount is an error on its field and blocks the submit, never sent as 0.00 (issue 11 §5)
    const received = dr.getByLabel('承接单位已收到的拨付经费（元）');
    await received.fill('-5');
    await dr.getByRole('button', { name: btn('提交') }).click();
    await visible(dr.getByText('已拨付经费不能为负数'));
    await received.fill('4.5万');
    await visible(dr.getByText('应填写数字金额（元），如 120000 或 120,000.50'));
    await received.fill('45000');
    await submit(jixie, dr, '提交', '中止申请已提交');
    const title = '承接学会主动要求中止';
    await visible(card(jixie, title).getByText('审批中'));

    const kjt = await as('kjt.user');
    await openTab(kjt, 'termination', card(kjt, title));
    await approve(kjt, card(kjt, title), '中止', '同意中止。');
    const admin = await as('sheng.admin');
    await openTab(admin, 'termination', card(admin, title));
    await approve(admin, card(admin, title), '中止', '同意中止，请委托单位确定经费退还。');
    await visible(admin.getByText('项目已中止，待委托单位或协调单位确定经费退还'));
    await visible(admin.locator('.ant-tag').filter({ hasText: '已中止' }));

    // the refund: part of what was received, never more
    await openTab(kjt, 'termination', card(kjt, title));
    const t = card(kjt, title);
    await visible(t.getByText('45,000.00 元'));
    await t.getByRole('button', { name: btn('确定经费退还') }).click();
    let d = await dialog(kjt, '确定经费退还');
    await d.getByLabel('部分退还').check();
    const amount = d.getByLabel('退还金额（元）');
    await amount.fill('50000');
    await d.getByRole('button', { name: btn('确定') }).click();
    await visible(d.getByText('退还金额不能超过已拨付经费 45,000.00 元'));
    await snap(kjt, 'taskbook-12-refund-too-much');
    await amount.fill('30000');
    await d.getByLabel('说明（选填）').fill('扣除已完成指标体系和问卷调查工作的合理支出后退还。');
    await submit(kjt, d, '确定', '已确定退还金额，已通知承接单位');
    await visible(t.getByText('经费退还中'));
    await visible(t.getByText('已到账 0.00 元 / 应退还 30,000.00 元，尚余 30,000.00 元'));

    for (const [yuan, ref, said] of [
      ['10000', '鲁财缴 2026-0131', '已登记到账'],
      ['20000', '鲁财缴 2026-0158', '退款已全部到账，中止事项办结'],
    ] as const) {
      await t.getByRole('button', { name: btn('登记退款到账') }).click();
      d = await dialog(kjt, '登记退款到账');
      await d.getByLabel('到账金额（元）').fill(yuan);
      await d.getByLabel('凭证号').fill(ref);
      await submit(kjt, d, '登记', said);
      await visible(t.locator('.ant-table-row').filter({ hasText: ref }));
    }
    await visible(t.locator('.ant-tag').filter({ hasText: '已办结' }));
    await visible(t.getByText('已到账 30,000.00 元 / 应退还 30,000.00 元，尚余 0.00 元'));
    await visible(kjt.locator('.ant-tag').filter({ hasText: '已中止' }));
    expect(await t.getByRole('button', { name: btn('登记退款到账') }).count()).toBe(0);
    // the toasts cover the project's status tag: the picture waits until they have gone
    await expect.poll(() => kjt.locator('.ant-message-notice').count(), { timeout: 15_000 }).toBe(0);
    await snap(kjt, 'taskbook-12-terminated-refunded');
  });
});
