// Journey (issue 2): an association administrator logs in, creates a society, finds it in the
// list, and opens the public portal. A screenshot per step goes to test-results/e2e/.
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, login, shot, startPlatform, visible, type Platform } from './support.js';

let platform: Platform;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  platform = await startPlatform();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
});
afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

/** Chooses an option of an antd Select or TreeSelect by its label; retries if the list re-renders under the click. */
async function pick(page: Page, label: string, option: string) {
  const dropdown = page.locator('.ant-select-dropdown:visible, .ant-select-tree-dropdown:visible');
  for (let attempt = 1; ; attempt++) {
    await page.getByLabel(label, { exact: true }).click();
    try {
      await dropdown.getByTitle(option, { exact: true }).first().click({ timeout: 5_000 });
      return;
    } catch (e) {
      if (attempt === 3) throw e;
      await page.keyboard.press('Escape');
    }
  }
}

describe('association administrator', () => {
  const name = `济南市智能制造学会${Date.now() % 100000}`;

  it('logs in and lands on the workbench with a menu that fits the role', async () => {
    await login(page, platform.base, 'sheng.admin');
    await visible(page.getByRole('menuitem', { name: /学会管理/ }));
    await visible(page.getByRole('menuitem', { name: /审计日志/ }));
    await shot(page, 'admin-01-workbench');
  });

  it('creates a society with its record', async () => {
    await page.getByRole('menuitem', { name: /学会管理/ }).click();
    await page.waitForURL(/\/app\/societies/);
    await page.getByRole('button', { name: /新增学会/ }).click();
    await page.waitForURL(/\/app\/societies\/new/);
    await pick(page, '所属科协', '济南市科学技术协会');
    await page.getByLabel('学会名称').fill(name);
    await pick(page, '类型', '学会');
    await pick(page, '隶属关系', '主管学会');
    await pick(page, '党组织', '党支部');
    for (const [label, value] of [['专职人员数', '3'], ['财务人员数', '1'], ['理事会人数', '40'], ['常务理事会人数', '12'], ['会员数', '600'], ['专家数', '30']]) {
      await page.getByLabel(label, { exact: true }).fill(value);
    }
    await shot(page, 'admin-02-society-form');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await page.waitForURL(/\/app\/societies\/[0-9a-f-]{36}$/);
    await visible(page.getByText(name).first());
    await shot(page, 'admin-03-society-created');
  });

  it('finds the new society in the list by keyword', async () => {
    await page.goto(`${platform.base}/app/societies`);
    await page.getByLabel('关键词').fill(name); // '智能制造' alone also finds 山东省机械工程学会 by its disciplines
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await visible(page.getByRole('cell', { name }));
    await visible(page.getByText(/共 1 条/));
    await shot(page, 'admin-04-society-in-list');
  });

  it('opens the public portal without logging in and sees the published programmes', async () => {
    const anon = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    await anon.goto(platform.base);
    await visible(anon.getByText(/山东省科协所属学会有序承接政府转移职能试点工作方案/));
    await visible(anon.getByText(/济南市科协学会服务能力提升计划/).first()); // issue 13: 济南's capacity plan is published in the demo
    await shot(anon, 'admin-05-public-portal');
    await anon.close();
  });
});
