// Journey (issue 13): 济南市科协's 学会服务能力提升计划 in the browser, on the demo data `npm start`
// writes (README, issue-13 table): this year's call decided, its result notice closed, three projects
// funded — one on an evaluation notice still open, one disbursed and accepted, one failed at its
// acceptance with its funds recovered and its society debarred; next year's call open. Each step
// through the pages, by the party that takes it:
//  1. an anonymous visitor reads 通知公告 and 公示公告 on the portal and files an objection to the
//     open evaluation notice (评估结果公示);
//  2. 济南市科协 (jinan.admin) finds it in the to-do list and handles it as 异议不成立;
//  3. 济南市机械工程学会 (jnjixie.user) writes an application of a type it has not applied for,
//     saves and submits it, and downloads the 申报书 PDF (read back with pdftotext, page 1 as PNG);
//  4. 济南市科协 passes its formal review, then draws the experts of 科技成果评价规范宣贯;
//  5. an expert drawn to 装备制造企业技术标准服务 who has not scored scores it; another recuses;
//  6. 济南市财政局 (jncz.user) reads the confirmed decision and the fund's ledger, read-only;
//  7. 济南市科协 checks the expense the demo left flagged (a fixed asset) from its to-do;
//  8. 济南市科技咨询协会 (jnzixun.user) reads its failed project's 评估与拨付, 年度验收 and 资金退还与追回
//     (the recovery and the debarment), downloads its 项目责任书 PDF (read back with pdftotext, page 1
//     as PNG), and sees on next year's returned application why it cannot resubmit.
// A screenshot per step: test-results/e2e/capacity-*.png.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { SHOTS_DIR, launchBrowser, login, shot, startPlatform, visible, type Platform } from './support.js';
import { btn, confirm, pick, shown, snap, toast } from './ui.js';
import { pdfPages, pdfToPng, squeeze } from './documents.js';

let platform: Platform;
let browser: Browser;
const contexts = new Map<string, { context: BrowserContext; page: Page }>();
let lastPage: Page | undefined;
let tmpDir: string;

beforeAll(async () => {
  platform = await startPlatform();
  browser = await launchBrowser();
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cj-e2e-cap-'));
  fs.rmSync(path.join(SHOTS_DIR, 'capacity-failed.png'), { force: true });
});
afterAll(async () => {
  for (const { context } of contexts.values()) await context.close().catch(() => undefined);
  await browser?.close();
  await platform?.stop();
  if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
});

// The steps build on each other: after a failed step the rest are skipped, not failed again.
let broken = false;
beforeEach((ctx) => {
  if (broken) ctx.skip();
});
afterEach(async (ctx) => {
  if (ctx.task.result?.state !== 'fail') return;
  broken = true;
  if (lastPage) await shot(lastPage, 'capacity-failed').catch(() => undefined);
});

/** The page of a user (null: an anonymous visitor), each in a browser context of their own. */
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

/** Opens a menu entry of the app's side menu. */
async function menu(page: Page, label: string, url: RegExp) {
  await page.goto(`${platform.base}/app`);
  await page.getByRole('menuitem', { name: new RegExp(label) }).click();
  await page.waitForURL(url);
}

/** The open dialog (antd Modal) with this title, once it has finished zooming in. */
async function dialog(page: Page, title: string): Promise<Locator> {
  const d = page.locator('.ant-modal').filter({ has: page.locator('.ant-modal-title').getByText(title, { exact: true }) });
  await shown(d);
  return d;
}

/** The demo's experts (README): display name → username. */
const EXPERTS: Record<string, string> = { 王建国: 'expert.wang', 刘芳: 'expert.liu', 黄海: 'expert.huang', 何平: 'expert.he', 吕洁: 'expert.lv', 施雨: 'expert.shi' };

const callTitle = (year: number) => `关于申报${year}年度济南市科协学会服务能力提升计划项目的通知`;
const OBJECTED = '黄河流域装备制造高端学术论坛'; // 济南市机械工程学会, funded, on this year's open evaluation notice
const OBJECTION = '该项目论坛的部分报告人与学会理事存在任职关系，建议核实报告人遴选程序。';
const DEMO_OBJECTION = '论坛议程中的部分特邀报告人尚未确认参会'; // the demo's own, waiting on the same notice
const FAILED = '中小企业科技评价服务'; // 济南市科技咨询协会: disbursed, acceptance failed, funds recovered, debarred
const RETURNED = '学会会员信息化管理平台建设'; // 济南市科技咨询协会, next year's, returned for correction
const NEW_TITLE = '学会办事机构职业化队伍建设';
const NEW_GOALS = '建立秘书处岗位职责和考核制度，开展专职工作人员业务培训，提升办事机构服务能力。';
const AWAITING_DRAW = '科技成果评价规范宣贯'; // 济南市科技咨询协会, passed, awaiting its experts
const UNDER_REVIEW = '装备制造企业技术标准服务'; // 济南市机械工程学会, two of five sheets in

let year = 0; // this year's call (closed, on notice); next year's is year + 1
let newApplicationUrl = '';
let pending: string[] = []; // experts of UNDER_REVIEW who have not scored (usernames)

describe('capacity plan: notice and objection, application, formal review, expert review, the bureau, evaluation and closing', () => {
  it('1. a visitor reads the open call and the notices on the portal and files an objection to the open evaluation notice', async () => {
    const page = await as(null);
    await page.goto(`${platform.base}/portal/calls`);
    const calls = page.getByRole('list', { name: '通知公告' });
    const open = calls.getByRole('listitem').filter({ hasText: '受理中' }).filter({ hasText: '济南市科学技术协会' });
    await visible(open);
    const m = /关于申报(\d{4})年度济南市科协/.exec(await open.first().getByRole('link').first().innerText());
    expect(m).not.toBeNull();
    year = Number(m![1]) - 1;
    expect(await open.first().innerText()).toMatch(/还剩 \d+ 天/);
    // this year's call is listed too, closed
    await visible(calls.getByRole('listitem').filter({ hasText: callTitle(year) }).getByText('已截止'));
    await snap(page, 'capacity-1-portal-calls');

    await page.getByRole('navigation').getByRole('link', { name: '公示公告' }).first().click();
    await page.waitForURL(/\/portal\/notices$/);
    const notices = page.getByRole('list', { name: '公示公告' }).getByRole('listitem');
    // the result notice has ended (its period run by the demo's notice job); the second evaluation notice is open
    await visible(notices.filter({ hasText: `${year}年度济南市科协学会服务能力提升计划拟资助项目公示` }).getByText('已结束'));
    const noticeTitle = `${year}年度济南市科协学会服务能力提升计划项目评估结果公示（第二批）`;
    const notice = notices.filter({ hasText: noticeTitle });
    await visible(notice.getByText('公示中'));
    await notice.getByRole('link', { name: noticeTitle }).click();
    await page.waitForURL(/\/portal\/notices\/[0-9a-f-]{36}/);
    const results = page.locator('.ant-table-row');
    await visible(results.filter({ hasText: OBJECTED }).getByText('济南市机械工程学会'));
    expect(await results.count()).toBe(1);
    await snap(page, 'capacity-1-portal-notice');

    const form = page.locator('form').filter({ hasText: '异议内容' });
    // the optional fields' labels read “针对的项目（可选）”
    await form.getByRole('combobox', { name: /^针对的项目/ }).click();
    await page.locator('.ant-select-dropdown:visible').getByTitle(`济南市机械工程学会：${OBJECTED}`, { exact: true }).click();
    await form.getByLabel('异议内容').fill(OBJECTION);
    await form.getByLabel(/^姓名/).fill('李女士');
    await form.getByLabel('联系方式', { exact: true }).fill('13912345678');
    await form.getByRole('button', { name: btn('提交异议') }).click();
    await visible(page.getByText('异议已受理'));
    await visible(page.getByText(/受理时间 \d{4}-\d{2}-\d{2} \d{2}:\d{2}/));
    await snap(page, 'capacity-1-objection-receipt');
  });

  it('2. 济南市科协 finds the objection among its to-dos and handles it: 异议不成立, with the reason', async () => {
    const page = await as('jinan.admin');
    await page.goto(`${platform.base}/app`);
    await pick(page, page, '待办类型', '处理公示异议');
    await page.waitForURL(/kind=capacityObjection\.handle/);
    // the visitor's objection and the demo's own, both to the forum on the evaluation notice
    const todo = page.locator('.ant-table-row').filter({ hasText: OBJECTED });
    await expect.poll(() => todo.count()).toBe(2);
    await visible(todo.getByText('处理公示异议', { exact: true }));
    await snap(page, 'capacity-2-todos');

    await todo.first().getByRole('link').first().click();
    await page.waitForURL(/\/app\/capacity-notices\/[0-9a-f-]{36}/);
    await visible(page.getByRole('heading', { name: /评估结果公示（第二批）/ }));
    await visible(page.getByText('有 2 条异议待处理'));
    const onNotice = (title: string) => page.getByRole('table').locator('.ant-table-row').filter({ hasText: title });
    await visible(onNotice(OBJECTED).getByText('待处理 2'));
    const objection = page.getByRole('list', { name: '收到的异议' }).getByRole('listitem').filter({ hasText: OBJECTION });
    await visible(objection.getByText('待处理', { exact: true }));
    await visible(objection.getByText('提出人 李*'));
    await objection.getByRole('button', { name: btn('处理异议') }).click();
    const d = await dialog(page, '处理异议');
    await d.getByRole('radio', { name: '异议不成立' }).check();
    await d.getByLabel('处理理由').fill('经核查，报告人由学会学术工作委员会按程序遴选，与理事的任职关系不影响论坛的学术安排和评估结论，异议不成立。');
    await d.getByRole('button', { name: btn('记录处理结果') }).click();
    await d.waitFor({ state: 'hidden', timeout: 30_000 });
    await visible(toast(page, '已记录：异议不成立，已通知相关学会'));
    await visible(objection.getByText('异议不成立（'));
    await visible(page.getByText('有 1 条异议待处理'));
    // the results table beside: the demo's objection still waits
    await visible(onNotice(OBJECTED).getByText('待处理 1'));
    await visible(page.getByRole('list', { name: '收到的异议' }).getByRole('listitem').filter({ hasText: DEMO_OBJECTION }).getByText('待处理', { exact: true }));
    await expect.poll(() => page.locator('.ant-message-notice').count(), { timeout: 15_000 }).toBe(0);
    await snap(page, 'capacity-2-objection-handled');
  });

  it('3. 济南市机械工程学会 applies for a type it has not applied for, submits, and downloads the 申报书 PDF', async () => {
    const page = await as('jnjixie.user');
    await menu(page, '申报通知', /\/app\/capacity-calls/);
    await page.getByRole('link', { name: callTitle(year + 1) }).click();
    await page.waitForURL(/\/app\/capacity-calls\/[0-9a-f-]{36}$/);
    await visible(page.getByText('正在受理申报'));
    await page.getByRole('button', { name: btn('填写申报书') }).click();
    await page.waitForURL(/\/apply$/);

    // the two types it applied for are closed to it; 学会自身建设项目 is free and it is eligible
    for (const taken of ['学术交流项目', '社会化服务项目']) {
      const radio = page.getByRole('radio', { name: new RegExp(taken) });
      await expect.poll(() => radio.isDisabled()).toBe(true);
    }
    await visible(page.getByText('本学会已申报（待形式审查）'));
    const type = page.getByRole('radio', { name: /学会自身建设项目/ });
    await type.check();
    const typeCard = page.locator('.ant-card').filter({ hasText: '第一步：项目类型和申报资格' });
    await visible(typeCard.getByText(/^(全部 \d+ 项申报条件均符合|可自动核对的条件均符合)/));
    expect(await typeCard.locator('.ant-tag').filter({ hasText: /^不符合$/ }).count()).toBe(0);
    await visible(typeCard.locator('.ant-tag').filter({ hasText: /^符合$/ }));

    await page.getByLabel('项目名称', { exact: true }).fill(NEW_TITLE);
    await page.getByLabel('项目目标和主要内容').fill(NEW_GOALS);
    await page.getByLabel('第 1 项指标名称').fill('专职工作人员培训');
    await page.getByLabel('第 1 项指标目标值').fill('不少于 20 人次');
    await pick(page, page, '第 1 行支出类别', '项目活动费');
    await pick(page, page, '第 1 行明细', '评审咨询费');
    await page.getByLabel('第 1 行金额').fill('16800');
    await page.getByLabel('第 1 行测算依据').fill('专家咨询 12 人次 × 1,400 元');
    await visible(page.getByText('预算合计 16,800.00 元'));
    await visible(page.getByText('“学会自身建设项目”资助标准 20,000.00 元，尚余 3,200.00 元'));
    await page.getByLabel('联系电话').fill('0531-86001234');
    await snap(page, 'capacity-3-application-form');
    await page.getByRole('button', { name: btn('保存草稿') }).click();
    await page.waitForURL(/\/app\/capacity-applications\/[0-9a-f-]{36}$/);
    await visible(toast(page, '申报书草稿已保存'));
    newApplicationUrl = page.url();

    await visible(page.getByText('草稿，尚未提交'));
    await page.getByRole('button', { name: btn('提交申报') }).click();
    await confirm(page, '提交申报书？', '提交申报');
    await visible(toast(page, '已提交，等待济南市科学技术协会形式审查'));
    await visible(page.locator('.ant-tag').filter({ hasText: '待形式审查' }));
    await visible(page.locator('.ant-tag').filter({ hasText: /^符合申报条件/ }));
    // the amount as the page prints it, to be found in the PDF
    const header = await page.getByText(/^济南市机械工程学会 · 学会自身建设项目 · 预算合计 /).innerText();
    const amount = /预算合计 ([\d,]+\.\d{2} 元)/.exec(header)![1];
    expect(amount).toBe('16,800.00 元');
    await expect.poll(() => page.locator('.ant-message-notice').count(), { timeout: 15_000 }).toBe(0);
    await snap(page, 'capacity-3-application-submitted');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /下载 PDF（第 1 版）/ }).click()]);
    expect(download.suggestedFilename()).toBe(`${year + 1}年度能力提升计划项目申报书-济南市机械工程学会-${NEW_TITLE}-第1版.pdf`);
    const file = path.join(tmpDir, 'application.pdf');
    await download.saveAs(file);
    const pdf = fs.readFileSync(file);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pages = await pdfPages(pdf);
    const text = squeeze(pages.join('\n'));
    expect(text).not.toContain('\uFFFD');
    expect(text).toContain(`${year + 1}年度学会服务能力提升计划项目申报书`);
    expect(text).toContain('申报单位：济南市机械工程学会');
    expect(text).toContain('项目类型：学会自身建设项目');
    expect(text).toContain(`项目名称：${NEW_TITLE}`);
    expect(text).toContain(squeeze(NEW_GOALS));
    expect(text).toContain(`项目活动费评审咨询费${amount.replace(/\s*元$/, '')}`);
    expect(text).toContain(squeeze(`预算合计：${amount}`));
    expect(text).toContain(squeeze('资助标准（学会自身建设项目）：20,000.00 元'));
    expect(text).not.toContain('草稿');
    // the first page as a picture, with the screenshots
    const pngs = await pdfToPng(pdf, path.join(SHOTS_DIR, 'capacity-3-application-pdf.png'));
    expect(pngs.length).toBe(pages.length);
    for (const p of pngs.slice(1)) fs.rmSync(p);
    expect(fs.statSync(pngs[0]).size).toBeGreaterThan(20_000);
  }, 180_000);

  it('4. 济南市科协 passes the formal review item by item, then draws the experts of 科技成果评价规范宣贯', async () => {
    const page = await as('jinan.admin');
    await menu(page, '形式审查', /\/app\/capacity-applications/);
    await page.locator('.ant-table-row').filter({ hasText: NEW_TITLE }).getByRole('link', { name: NEW_TITLE }).click();
    await page.waitForURL(newApplicationUrl);
    await visible(page.getByText('请进行形式审查'));
    const review = page.getByRole('form', { name: '形式审查' });
    const checklist = review.getByRole('list', { name: '形式审查清单' }).getByRole('radiogroup');
    await expect.poll(() => checklist.count()).toBe(5);
    for (let i = 0; i < 5; i++) await checklist.nth(i).getByRole('radio', { name: '符合', exact: true }).check();
    await visible(review.getByText('各项均符合：应通过形式审查。'));
    await review.getByRole('button', { name: btn('提交：通过形式审查') }).click();
    await confirm(page, '通过形式审查？', '通过形式审查');
    await visible(toast(page, '已通过形式审查，已通知济南市机械工程学会'));
    await visible(page.locator('.ant-tag').filter({ hasText: '形式审查通过' }).first());
    await visible(page.getByText('形式审查已通过，请抽取评审专家'));
    await expect.poll(() => page.locator('.ant-message-notice').count(), { timeout: 15_000 }).toBe(0);
    await snap(page, 'capacity-4-formal-review-passed');

    await menu(page, '形式审查', /\/app\/capacity-applications/);
    await pick(page, page, '状态', '形式审查通过');
    await page.getByRole('button', { name: btn('查询') }).click();
    await page.locator('.ant-table-row').filter({ hasText: AWAITING_DRAW }).getByRole('link', { name: AWAITING_DRAW }).click();
    await page.waitForURL(/\/app\/capacity-applications\/[0-9a-f-]{36}$/);
    const panel = page.locator('.ant-card').filter({ has: page.locator('.ant-card-head-title').getByText('专家评审', { exact: true }) });
    await visible(panel.getByText('形式审查已通过，请抽取评审专家'));
    await panel.getByRole('button', { name: btn('抽取评审专家') }).click();
    const d = await dialog(page, '抽取评审专家');
    await visible(d.getByText('5 名（方案规定）'));
    await d.getByRole('button', { name: btn('随机抽取') }).click();
    await d.waitFor({ state: 'hidden', timeout: 30_000 });
    await visible(toast(page, '已抽取 5 名评审专家，已通知专家评审'));
    await visible(panel.getByText('已评分 0 / 5 名专家'));
    await expect.poll(() => panel.locator('.ant-table-row').count()).toBe(5);
    await visible(panel.getByText('首次抽取'));
    await expect.poll(() => page.locator('.ant-message-notice').count(), { timeout: 15_000 }).toBe(0);
    await snap(page, 'capacity-4-experts-drawn');
  }, 180_000);

  it('5. an expert of 装备制造企业技术标准服务 who has not scored declares no conflict and scores; another recuses', async () => {
    // who has not scored yet: the application's 专家评审 panel as 济南市科协 reads it
    const admin = await as('jinan.admin');
    await menu(admin, '形式审查', /\/app\/capacity-applications/);
    await pick(admin, admin, '状态', '专家评审中');
    await admin.getByRole('button', { name: btn('查询') }).click();
    await admin.locator('.ant-table-row').filter({ hasText: UNDER_REVIEW }).getByRole('link', { name: UNDER_REVIEW }).click();
    await admin.waitForURL(/\/app\/capacity-applications\/[0-9a-f-]{36}$/);
    const reviewUrl = admin.url();
    const sheets = admin.getByRole('region', { name: '各专家评分' }).locator('.ant-table-row');
    await expect.poll(() => sheets.count()).toBe(5);
    await visible(admin.getByText('已评分 2 / 5 名专家'));
    pending = [];
    for (const row of await sheets.filter({ hasText: '待评分' }).all()) {
      const name = (await row.locator('td').first().innerText()).trim();
      expect(EXPERTS[name], `an expert of the demo: ${name}`).toBeTruthy();
      pending.push(EXPERTS[name]);
    }
    expect(pending.length).toBe(3);

    // the first scores
    const expert = await as(pending[0]);
    await menu(expert, '专家评审', /\/app\/expert-reviews/);
    const row = expert.locator('.ant-table-row').filter({ hasText: UNDER_REVIEW });
    await visible(row.getByText('待评分'));
    await row.getByRole('link', { name: UNDER_REVIEW }).click();
    await expert.waitForURL(/\/app\/expert-reviews\/[0-9a-f-]{36}$/);
    await visible(expert.getByText('请先申明有无利益冲突'));
    await snap(expert, 'capacity-5-expert-conflict-declaration');
    await expert.getByRole('button', { name: btn('确认无利益冲突，查看申报书') }).click();
    await confirm(expert, '申明无利益冲突？', '确认无利益冲突，查看申报书');
    await visible(toast(expert, '已申明无利益冲突，请阅读申报书并评分'));
    await visible(expert.getByText('为装备制造企业提供技术标准制定咨询服务。'));
    const sheet = expert.getByRole('form', { name: '评分表' });
    const points = sheet.getByRole('spinbutton');
    await expect.poll(() => points.count()).toBe(5);
    const given = ['17', '16.5', '18', '15.5', '17'];
    for (let i = 0; i < given.length; i++) await points.nth(i).fill(given[i]);
    await sheet.getByLabel('评审意见（选填）').fill('标准服务需求明确，实施基础较好；建议细化企业覆盖范围的考核指标。');
    await visible(sheet.getByText('合计 84.00 分', { exact: true }));
    await visible(sheet.getByText('各项均已评分（满分 100 分）'));
    await snap(expert, 'capacity-5-expert-score-sheet');
    await sheet.getByRole('button', { name: btn('提交评分') }).click();
    await confirm(expert, '提交评分？', '提交评分');
    await visible(toast(expert, '评分已提交'));
    await visible(expert.getByText('评分已提交', { exact: true }));
    await visible(expert.getByText('合计 84.00 分', { exact: true }));
    await expect.poll(() => expert.locator('.ant-message-notice').count(), { timeout: 15_000 }).toBe(0);
    await snap(expert, 'capacity-5-expert-scored');

    // the second recuses: a replacement is drawn at once
    const other = await as(pending[1]);
    await menu(other, '专家评审', /\/app\/expert-reviews/);
    await other.locator('.ant-table-row').filter({ hasText: UNDER_REVIEW }).getByRole('link', { name: UNDER_REVIEW }).click();
    await other.waitForURL(/\/app\/expert-reviews\/[0-9a-f-]{36}$/);
    await other.getByRole('button', { name: btn('申明利益冲突并回避') }).click();
    const d = await dialog(other, '申明利益冲突并回避？');
    await visible(d.getByText(/平台从专家库中随机补抽一名专家替代您/));
    await d.getByLabel('回避原因').fill('本人近两年受聘为济南市机械工程学会标准化工作委员会委员。');
    await d.getByRole('button', { name: btn('申明回避') }).click();
    await d.waitFor({ state: 'hidden', timeout: 30_000 });
    await visible(toast(other, '已申明回避'));
    await visible(other.getByText('您已申明回避'));
    await visible(other.getByText(/平台在您回避时随即从专家库中补抽/));
    expect(await other.getByText('为装备制造企业提供技术标准制定咨询服务。').count()).toBe(0);
    await expect.poll(() => other.locator('.ant-message-notice').count(), { timeout: 15_000 }).toBe(0);
    await snap(other, 'capacity-5-expert-recused');

    // the association's panel: three sheets in, the recusal with its reason, the replacement drawn
    await admin.goto(reviewUrl);
    await visible(admin.getByText('已评分 3 / 5 名专家'));
    await visible(admin.getByText('回避：本人近两年受聘为济南市机械工程学会标准化工作委员会委员。'));
    await visible(admin.getByRole('region', { name: '抽取记录' }).getByText('回避后补抽'));
    await snap(admin, 'capacity-5-review-panel');
  }, 180_000);

  it('6. 济南市财政局 reads the confirmed decision of this year and the fund ledger, read-only', async () => {
    const page = await as('jncz.user');
    await menu(page, '申报通知', /\/app\/capacity-calls/);
    await page.getByRole('link', { name: callTitle(year) }).click();
    await page.waitForURL(/\/app\/capacity-calls\/[0-9a-f-]{36}$/);
    await visible(page.getByText('申报已截止'));
    const callUrl = page.url();
    await page.getByRole('button', { name: btn('评审排名') }).click();
    await page.waitForURL(/\/ranking$/);
    const academic = page.locator('.ant-card').filter({ has: page.locator('.ant-card-head-title').getByText('学术交流项目', { exact: true }) });
    await visible(academic.locator('.ant-tag').filter({ hasText: '已确定' }));
    await visible(academic.getByText('科协提出、财政局确认，评审结果已确定'));
    const decided = academic.getByRole('region', { name: '评审结果' });
    await visible(decided.getByText(`济南市机械工程学会“${OBJECTED}”`, { exact: false }));
    await visible(decided.getByText('30,000.00 元'));
    expect(await page.getByRole('button', { name: btn('确认评审结果') }).count()).toBe(0);
    await snap(page, 'capacity-6-bureau-ranking');

    await page.goto(callUrl);
    await page.getByRole('link', { name: `${year}年济南市科协学会服务能力提升计划`, exact: true }).first().click();
    await page.waitForURL(/\/app\/programmes\/[0-9a-f-]{36}$/);
    await page.getByRole('link', { name: /资金台账$/ }).click();
    await page.waitForURL(/\/funds/);
    const fund = page.locator('.ant-card').filter({ has: page.locator('.ant-card-head-title').getByText('济南市科协学会服务能力提升计划专项资金') });
    await visible(fund.getByText('收支平衡'));
    const budget = fund.locator('.ant-descriptions-item-label').filter({ hasText: /^预算$/ });
    await visible(budget);
    await visible(fund.locator('.ant-descriptions-item-content').first().getByText('600,000.00 元'));
    expect(await page.getByRole('button', { name: btn('登记预算') }).count()).toBe(0);
    await visible(page.getByRole('tab', { name: /台账明细/ }));
    await snap(page, 'capacity-6-bureau-fund-ledger');
  });

  it('7. 济南市科协 checks the fixed-asset expense the demo left flagged, from its to-do', async () => {
    const page = await as('jinan.admin');
    await page.goto(`${platform.base}/app`);
    await pick(page, page, '待办类型', '核查经费支出');
    await page.waitForURL(/kind=capacityExpense\.check/);
    const todo = page.locator('.ant-table-row').filter({ hasText: OBJECTED });
    await visible(todo.getByText(/核查经费支出（固定资产）/));
    await todo.getByRole('link').first().click();
    await page.waitForURL(/\/app\/capacity-applications\/[0-9a-f-]{36}\?section=implementation/);
    await visible(page.getByText('1 笔支出待核查'));
    const expenses = page.locator('.ant-card').filter({ has: page.locator('.ant-card-head-title').getByText('经费支出', { exact: true }) });
    const row = expenses.locator('.ant-table-row').filter({ hasText: '资料购置费' });
    await visible(row.getByText('固定资产'));
    await visible(row.getByText('待核查'));
    await row.getByRole('button', { name: btn('核查') }).click();
    const d = await dialog(page, '核查支出');
    await visible(d.getByText('形成固定资产：请核对是否已按资产管理办法登记管理。'));
    await d.getByLabel('核查意见（选填）').fill('工具书已登记入学会固定资产账，资产卡片齐全。');
    await d.getByRole('button', { name: btn('确认已核查') }).click();
    await d.waitFor({ state: 'hidden', timeout: 30_000 });
    await visible(toast(page, '已核查'));
    await visible(row.getByText('已核查'));
    await expect.poll(() => page.getByText('1 笔支出待核查').count()).toBe(0);
    await expect.poll(() => page.locator('.ant-message-notice').count(), { timeout: 15_000 }).toBe(0);
    await snap(page, 'capacity-7-expense-checked');
  });

  it('8. 济南市科技咨询协会 reads its failed project — evaluation, disbursement, acceptance, recovery and debarment — and its 项目责任书 PDF', async () => {
    const page = await as('jnzixun.user');
    await menu(page, '能力提升项目申报', /\/app\/capacity-applications/);
    await page.locator('.ant-table-row').filter({ hasText: FAILED }).getByRole('link', { name: FAILED }).click();
    await page.waitForURL(/\/app\/capacity-applications\/[0-9a-f-]{36}$/);
    await visible(page.locator('.ant-tag').filter({ hasText: /^验收不合格$/ }).first());
    const card = (title: string) => page.locator('.ant-card').filter({ has: page.locator('.ant-card-head-title').getByText(title, { exact: true }) });

    // 评估与拨付: evaluated and confirmed by the bureau, its notice closed with no objection, paid in full
    const evaluation = card('评估与拨付');
    await visible(evaluation.getByText('项目资金已拨付'));
    await visible(evaluation.getByText('通过评估'));
    await visible(evaluation.getByText(/济南市财政局/));
    await visible(evaluation.getByText(`${year}年度济南市科协学会服务能力提升计划项目评估结果公示（第一批）`));
    await visible(evaluation.getByText('公示无异议'));
    await visible(evaluation.locator('.ant-descriptions-item').filter({ hasText: /^已拨付/ }).getByText('30,000.00 元'));
    expect(await evaluation.getByRole('button').count()).toBe(0); // the society reads
    await evaluation.screenshot({ path: path.join(SHOTS_DIR, 'capacity-8-society-evaluation.png') });

    // 年度验收: failed, confirmed by 济南市财政局; 资金退还与追回: recovered in full, the responsibility, the debarment
    const acceptance = card('年度验收');
    await visible(acceptance.getByText('验收不合格'));
    await visible(acceptance.getByText(/济南市财政局 .+ · \d{4}-\d{2}-\d{2} \d{2}:\d{2}/));
    const funds = card('资金退还与追回');
    await visible(funds.getByText(/^本会被取消申报资格 2 年（\d{4}-\d{2}-\d{2} 至 \d{4}-\d{2}-\d{2}）$/));
    await visible(funds.getByText('已拨付的专项资金已全部退还或追回', { exact: false }));
    const recovery = funds.getByRole('list', { name: '退还和追回记录' }).getByRole('listitem');
    await expect.poll(() => recovery.count()).toBe(1);
    await visible(recovery.getByText('追回', { exact: true }));
    await visible(recovery.getByText('30,000.00 元'));
    await visible(recovery.getByText('事由：考核验收不合格'));
    await visible(recovery.getByText(/^项目负责人未按责任书组织开展评价服务/));
    await visible(recovery.getByText(/已记入学会年度情况$/));
    expect(await funds.getByRole('button').count()).toBe(0);
    await page.locator('#closing').screenshot({ path: path.join(SHOTS_DIR, 'capacity-8-society-closing.png') });
    await snap(page, 'capacity-8-society-project');

    // the 项目责任书 signed by both parties: its PDF read back, the award as the page shows it
    const letter = card('项目责任书');
    await visible(letter.getByText('项目责任书已签署生效'));
    const award = (await letter.locator('.ant-descriptions-item').filter({ hasText: /^资助金额/ }).locator('.ant-descriptions-item-content').innerText()).trim();
    expect(award).toBe('30,000.00 元');
    const [download] = await Promise.all([page.waitForEvent('download'), letter.getByRole('link', { name: /下载 PDF/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    const file = path.join(tmpDir, 'letter.pdf');
    await download.saveAs(file);
    const pdf = fs.readFileSync(file);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pages = await pdfPages(pdf);
    const text = squeeze(pages.join('\n'));
    expect(text).not.toContain('\uFFFD');
    expect(text).toContain(`${year}年济南市科协学会服务能力提升计划项目责任书`);
    expect(text).toContain('甲方：济南市科学技术协会');
    expect(text).toContain('乙方：济南市科技咨询协会');
    expect(text).toContain(`项目名称${FAILED}`);
    expect(text).toContain(squeeze(`资助金额 ${award}`));
    // the signature block: both parties, each signed with its SM2 key, and who signed
    const signed = squeeze(pages.find((p) => p.includes('八、签署'))!.split('八、签署')[1]);
    for (const t of ['甲方（盖章）', '乙方（盖章）', '济南市科学技术协会', '济南市科技咨询协会', '经办人：赵强', '经办人：周敏']) expect(signed, t).toContain(t);
    expect(signed.split('已电子签章（SM2）').length - 1).toBe(2);
    expect(text).not.toContain('草稿');
    expect(text).not.toContain('待签署');
    const pngs = await pdfToPng(pdf, path.join(SHOTS_DIR, 'capacity-8-letter-pdf.png'));
    expect(pngs.length).toBe(pages.length);
    for (const p of pngs.slice(1)) fs.rmSync(p);
    expect(fs.statSync(pngs[0]).size).toBeGreaterThan(20_000);

    // next year's application returned for correction: the debarment is why it cannot be resubmitted
    await menu(page, '能力提升项目申报', /\/app\/capacity-applications/);
    await page.locator('.ant-table-row').filter({ hasText: RETURNED }).getByRole('link', { name: RETURNED }).click();
    await page.waitForURL(/\/app\/capacity-applications\/[0-9a-f-]{36}$/);
    await visible(page.getByText(/^有 1 项申报条件不符合，“学会自身建设项目”不能提交$/));
    const debarred = page.getByRole('listitem').filter({ hasText: /^不在取消申报资格期内/ });
    await visible(debarred.getByText('不符合', { exact: true }));
    await visible(debarred.getByText(new RegExp(`考核验收不合格.*“${FAILED}”`)));
    await expect.poll(() => page.getByRole('button', { name: btn('重新提交申报') }).isDisabled()).toBe(true);
    await snap(page, 'capacity-8-society-returned-debarred');
  }, 180_000);
});
