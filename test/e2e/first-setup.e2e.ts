// Journey (issue 10 §5): a real deployment's first start. An empty embedded database
// (SEED_DEMO=false), `npm run setup --one-time` creates the root association and its first
// administrator, the platform starts, the administrator logs in with the printed one-time password,
// is held on 修改密码 until it is changed, then finds the one association and verifies the audit log
// against its signed checkpoints. A screenshot per step goes to test-results/e2e/.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { freshDataDir, launchBrowser, startPlatform, visible, type Platform } from './support.js';
import { btn, snap, toast } from './ui.js';

const ASSOCIATION = '东海省科学技术协会';
const LOGIN = 'admin';
// meets the rules: three classes of characters, 10 or more, without the login name
const NEW_PASSWORD = 'Huanghe#2026x';

let platform: Platform;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let oneTime: string;
let setupOutput: string;

beforeAll(async () => {
  const dataDir = freshDataDir();
  const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', SEED_DEMO: 'false' };
  // The embedded database admits one process: setup runs, and ends, before the server opens it.
  const { stdout } = await promisify(execFile)(
    'npx',
    ['tsx', 'src/cli/setup.ts', '--association', ASSOCIATION, '--level', 'provincial', '--login', LOGIN, '--name', '张三', '--one-time'],
    { env, timeout: 60_000 },
  );
  setupOutput = stdout;
  oneTime = /一次性密码：(\S+)/.exec(stdout)?.[1] ?? '';
  // a real deployment names its public address (printed on task books); without it the start is refused
  platform = await startPlatform({ dataDir, env: { SEED_DEMO: 'false', PUBLIC_URL: 'https://chengjie.example.cn' } });
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  page = await context.newPage();
});
afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

describe('first setup of an empty deployment', () => {
  it('setup created the root association and printed a one-time password', () => {
    expect(setupOutput).toContain(`已创建根组织「${ASSOCIATION}」（省级科协）及其第一位管理员 ${LOGIN}（张三）`);
    expect(oneTime).toMatch(/^[A-Za-z0-9]{16}$/);
  });

  it('logs in with the one-time password and is held on 修改密码 with the warning', async () => {
    await page.goto(`${platform.base}/login`);
    await page.getByLabel('用户名').fill(LOGIN);
    await page.getByLabel('密码').fill(oneTime);
    await snap(page, 'setup-00-login');
    await page.getByRole('button', { name: btn('登录') }).click();
    await page.waitForURL(/\/app\/account\?tab=password$/);
    await visible(page.getByText(/请先修改一次性密码/));
    await expect.poll(() => page.getByRole('tab', { name: '修改密码', selected: true }).count()).toBe(1);
    // nothing else is offered until the password is changed
    expect(await page.getByRole('menuitem', { name: /审计日志/ }).count()).toBe(0);
    expect(await page.getByRole('menuitem', { name: /组织机构/ }).count()).toBe(0);
    await snap(page, 'setup-01-password-held');
  });

  it('is sent back to 修改密码 from any other page, and the API refuses', async () => {
    for (const url of ['/app', '/app/audit', '/app/orgs?x=1']) {
      await page.goto(`${platform.base}${url}`);
      await page.waitForURL(/\/app\/account\?tab=password$/);
      await visible(page.getByText(/请先修改一次性密码/));
    }
    const held = await page.request.get(`${platform.base}/api/v1/audit`);
    expect(held.status()).toBe(403);
    expect(await held.json()).toMatchObject({ code: 'PASSWORD_CHANGE_REQUIRED', title: '请先修改初始密码' });
    await snap(page, 'setup-02-held-after-redirect');
  });

  it('shows the password page on a 390 px phone', async () => {
    const phone = await context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${platform.base}/app/audit`);
    await phone.waitForURL(/\/app\/account\?tab=password$/);
    await visible(phone.getByText(/请先修改一次性密码/));
    // the page fits the width: nothing scrolls sideways
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await snap(phone, 'setup-03-password-390px');
    await phone.close();
  });

  it('refuses a new password that breaks the rules, then changes it and the menu opens', async () => {
    await page.goto(`${platform.base}/app/account?tab=password`);
    const form = page.getByRole('form', { name: '修改密码' });
    await form.getByLabel('当前密码').fill(oneTime);
    await form.getByLabel('新密码', { exact: true }).fill('admin12345');
    await form.getByLabel('确认新密码').fill('admin12345');
    await form.getByRole('button', { name: btn('修改密码') }).click();
    await visible(form.locator('.ant-form-item-explain-error'));
    await snap(page, 'setup-04-password-rule-refused');

    await form.getByLabel('新密码', { exact: true }).fill(NEW_PASSWORD);
    await form.getByLabel('确认新密码').fill(NEW_PASSWORD);
    await form.getByRole('button', { name: btn('修改密码') }).click();
    await visible(toast(page, /密码已修改/));
    // the next step is offered, and the whole menu is there
    await visible(page.getByText('现在可以使用平台的全部功能', { exact: false }));
    await visible(page.getByRole('menuitem', { name: /审计日志/ }));
    await visible(page.getByRole('menuitem', { name: /组织机构/ }));
    expect(await page.getByText(/请先修改一次性密码/).count()).toBe(0);
    await snap(page, 'setup-05-password-changed');
    await page.getByRole('button', { name: btn('进入工作台') }).click();
    await page.waitForURL(/\/app\/?$/);
    await visible(page.getByText('您好，张三'));
    await snap(page, 'setup-06-workbench');
  });

  it('finds the one association in the organisation tree', async () => {
    await page.getByRole('menuitem', { name: /组织机构/ }).click();
    await page.waitForURL(/\/app\/orgs/);
    const tree = page.locator('.ant-tree');
    await visible(tree.getByText(ASSOCIATION));
    expect(await tree.locator('.ant-tree-title').count()).toBe(1); // no demo data: the root alone
    await snap(page, 'setup-07-org-tree');
  });

  it('verifies the audit log against its signed checkpoints', async () => {
    await page.getByRole('menuitem', { name: /审计日志/ }).click();
    await page.waitForURL(/\/app\/audit/);
    await visible(page.locator('.ant-table-row'));
    await page.getByRole('button', { name: btn('校验哈希链') }).click();
    const ok = page.locator('.ant-alert-success').filter({ hasText: /审计日志完整/ });
    await visible(ok);
    // checked against a checkpoint signed at start, its time shown as the table shows times
    await visible(ok.getByText(/与 \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} 签名的检查点（截至第 \d+ 条）一致/));
    expect(await page.locator('.ant-alert-error').count()).toBe(0);
    // the password change names the account by its person, not a bare id
    const changed = page.locator('.ant-table-row').filter({ hasText: '修改本人密码' });
    await visible(changed.getByText(/张三/));
    expect(await changed.first().innerText()).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    await snap(page, 'setup-08-audit-verified');
  });

  it('logs in again with the new password straight to the workbench; the one-time one is refused', async () => {
    await context.clearCookies();
    await page.goto(`${platform.base}/login`);
    await page.getByLabel('用户名').fill(LOGIN);
    await page.getByLabel('密码').fill(oneTime);
    await page.getByRole('button', { name: btn('登录') }).click();
    await visible(page.getByText('用户名或密码错误'));
    await page.getByLabel('密码').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: btn('登录') }).click();
    await page.waitForURL(/\/app\/?$/);
    await visible(page.getByRole('menuitem', { name: /审计日志/ }));
    await snap(page, 'setup-09-login-again');
  });
});
