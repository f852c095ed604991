// Journey (issue 11 §1, SUP-4): the province association assigns the evaluator's account as observer
// of its pilot project; the evaluator (褚红, pinggu.user) logs in, finds the project under
// 评估和观察的项目 (an evaluator's label: observed projects and those its organisation is commissioned
// to evaluate) on the workbench and in the menu, opens it and reads every tab — the task book and
// each supervision record — with no button to act, and another project stays closed.
// Screenshots: test-results/e2e/observer-*.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { launchBrowser, login, startPlatform, visible, type Platform } from './support.js';
import { btn, shown, snap, toast } from './ui.js';

let platform: Platform;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  platform = await startPlatform();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

const PROJECT = '省级科研和创新基地运行绩效评估';
const OTHER = '省级技术创新中心建设情况评估';
/** A day in China (UTC+8), `offset` days from today, as YYYY-MM-DD. */
const day = (offset = 0) => new Date(Date.now() + 8 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);

async function as(username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
  contexts.push(context);
  const page = await context.newPage();
  await login(page, platform.base, username);
  return page;
}

async function setDate(input: Locator, value: string) {
  await input.click();
  await input.fill(value);
  await input.press('Enter');
  await expect.poll(() => input.inputValue(), { timeout: 5_000 }).toBe(value);
}

/** The id of a demo project, looked up as the association. */
async function projectId(page: Page, title: string): Promise<string> {
  const res = await page.request.get(`${platform.base}/api/v1/projects?limit=100`);
  const body = (await res.json()) as { items: { id: string; title: string }[] };
  return body.items.find((p) => p.title === title)!.id;
}

/** The buttons that would change something (anything but navigation, downloads and display toggles). */
const ACTION = /提交|报送|审批|审查|同意|退回|撤回|委派|结束|安排|登记|下达|验收|延长|记录|签署|起草|填写|申请|公开|确认|修改|取消|新建|发起|编辑/;

let projectUrl = '';
let otherUrl = '';

describe('an observer reads the project they observe, read-only', () => {
  it('1. the association assigns the evaluator’s account as observer', async () => {
    const admin = await as('sheng.admin');
    const id = await projectId(admin, PROJECT);
    projectUrl = `${platform.base}/app/projects/${id}`;
    otherUrl = `${platform.base}/app/projects/${await projectId(admin, OTHER)}`;
    await admin.goto(`${projectUrl}?tab=inspection`);
    await admin.getByRole('button', { name: btn('委派观察员') }).click();
    const d = admin.locator('.ant-modal').filter({ has: admin.locator('.ant-modal-title').getByText('委派观察员', { exact: true }) });
    await shown(d);
    // the account: searched by name; name and organisation are filled in from it
    await d.getByLabel('平台账号（选填）', { exact: true }).click();
    await admin.keyboard.type('褚红');
    const option = admin.locator('.ant-select-dropdown:visible').last().getByTitle(/褚红/).first();
    await visible(option);
    await option.click();
    await expect.poll(() => d.getByLabel('姓名').inputValue(), { timeout: 15_000 }).toBe('褚红');
    expect(await d.getByLabel('工作单位').inputValue()).toBe('山东省科技评估中心');
    await setDate(d.getByPlaceholder('开始日期'), day(0));
    await setDate(d.getByPlaceholder('结束日期'), day(90));
    await d.getByLabel('工作职责（选填）').fill('参加现场考察，了解评估工作进展，向协调单位提出意见。');
    await snap(admin, 'observer-01-assign');
    await d.getByRole('button', { name: btn('委派') }).click();
    await d.waitFor({ state: 'hidden', timeout: 30_000 });
    await visible(toast(admin, '观察员已委派'));
    const row = admin.locator('.ant-table-row').filter({ hasText: '褚红' });
    await visible(row.getByText('在任'));
    await visible(row.getByText('已关联平台账号'));
    await snap(admin, 'observer-02-assigned');
  });

  let page: Page;
  it('2. the observer finds the project on the workbench and in the menu', async () => {
    page = await as('pinggu.user');
    const card = page.locator('.ant-card').filter({ has: page.getByText('评估和观察的项目', { exact: true }) });
    await visible(card.getByRole('link', { name: PROJECT }));
    await snap(page, 'observer-03-workbench');
    await page.getByRole('menuitem', { name: /评估和观察的项目/ }).click();
    await page.waitForURL(/\/app\/projects$/);
    const rows = page.locator('.ant-table-row');
    await visible(rows.filter({ hasText: PROJECT }));
    // the observed project once, beside the demo's commissioned ones (EVA-2)
    expect(await rows.filter({ hasText: PROJECT }).count()).toBe(1);
    await visible(page.locator('.ant-card-head-title').getByText('评估和观察的项目', { exact: true }));
    await snap(page, 'observer-04-list');
    await rows.filter({ hasText: PROJECT }).first().getByRole('link', { name: PROJECT }).click();
    await page.waitForURL(/\/app\/projects\/[0-9a-f-]+/);
    await visible(page.getByText('观察员 · 只读'));
    await visible(page.getByText('您是本项目的观察员'));
    await snap(page, 'observer-05-project');
  });

  const tabs: [string, string, RegExp][] = [
    ['taskbook', '三方任务书', /校验码/],
    ['plan', '实施方案', /审查通过/],
    ['progress', '进度与节点', /评估工作启动情况/],
    ['matters', '重大事项', /调整专家组组长/],
    ['changes', '变更申请', /完成调研和现场工作/],
    ['inspection', '监督检查', /褚红/],
    ['rectification', '整改', /整改要求/],
    ['training', '培训指导', /专项培训/],
    ['termination', '中止与退款', /没有中止事项/],
  ];
  it('3. every tab reads, with no button to act and nothing refused', async () => {
    for (const [key, label, content] of tabs) {
      await page.getByRole('tab', { name: label, exact: true }).click();
      await page.waitForURL(new RegExp(`tab=${key}`));
      const panel = page.getByRole('tabpanel');
      await page.locator('.ant-spin-spinning, .ant-skeleton').first().waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
      await snap(page, `observer-06-tab-${key}`);
      await visible(panel.getByText(content).first());
      const text = await panel.innerText();
      expect(text, label).not.toMatch(/无权|不在本单位数据范围|加载失败|出错/);
      const buttons = await panel.getByRole('button').allInnerTexts();
      expect(buttons.filter((b) => ACTION.test(b)), label).toEqual([]);
    }
    // the signed task book downloads
    await page.getByRole('tab', { name: '三方任务书', exact: true }).click();
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByRole('link', { name: /下载 Word/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.docx$/);
    // the project's facts, without links to pages an observer cannot open (items, declarations)
    await page.getByRole('tab', { name: '项目信息', exact: true }).click();
    await visible(page.getByRole('tabpanel').getByText('选定理由'));
    const info = await page.getByRole('tabpanel').innerText();
    expect(info).not.toContain('查看可转移职能事项');
    expect(info).not.toContain('查看申报材料');
  });

  it('4. another project stays closed', async () => {
    await page.goto(otherUrl);
    await visible(page.getByText(/不在本单位数据范围|无权/));
    await snap(page, 'observer-07-other-project');
  });
});
