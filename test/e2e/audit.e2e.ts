// Journey (issue 11 §4): the province's administrator reads the audit log as a person would — every
// action in Chinese, the record by its title and linked, the actor's own organisation — filters it
// by action and days, opens a record from it, and exports the same query to Excel. The programme's
// change history names the user who made each change. Screenshots: test-results/e2e/audit-*.png.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { SHOTS_DIR, launchBrowser, login, startPlatform, visible, type Platform } from './support.js';
import { btn, pick, snap } from './ui.js';
import { auditActionLabels, auditEntityTypeLabels } from '../../src/domain/audit/actions.js';
import { chinaDayOf } from '../../src/domain/calendar-day.js';

let platform: Platform;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  platform = await startPlatform();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
});
afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

// The day the demo deployment submitted its implementation plans: the deployment is made once at the
// start of the run, which may be the day before the test reaches here (a run crossing midnight in China).
let planDay = '';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
/** the action codes and record types as the code spells them (plan.submit, transfer_item) */
const codes = [...Object.keys(auditActionLabels), ...Object.keys(auditEntityTypeLabels).filter((t) => t.includes('_'))];
const rawCodesIn = (text: string) => codes.filter((c) => new RegExp(`(^|[^A-Za-z.])${c.replace(/\./g, '\\.')}($|[^A-Za-z.])`).test(text));

const tableText = () => page.locator('.ant-table').first().innerText();

describe('audit log', () => {
  it('1. lists every entry in Chinese: who, their organisation, what, on which record', async () => {
    await login(page, platform.base, 'sheng.admin');
    await page.getByRole('menuitem', { name: /审计日志/ }).click();
    await page.waitForURL(/\/app\/audit/);
    await visible(page.getByRole('columnheader', { name: '操作人单位' }));
    await visible(page.locator('.ant-table-row'));
    await visible(page.getByText(/共 \d+ 条/));
    const text = await tableText();
    for (const h of ['时间', '操作人', '操作人单位', '操作', '对象类型', '对象', '原因']) expect(text).toContain(h);
    expect(text).not.toMatch(UUID);
    expect(rawCodesIn(text)).toEqual([]);
    await snap(page, 'audit-01-list');
  });

  it('2. filters by action and days', async () => {
    const submitted = await page.request.get(`${platform.base}/api/v1/audit?action=plan.submit`);
    expect(submitted.status()).toBe(200);
    const days = new Set(((await submitted.json()) as { items: { at: string }[] }).items.map((e) => chinaDayOf(new Date(e.at))));
    expect(days.size).toBe(1);
    [planDay] = days;
    await pick(page, page, '操作', '报送实施方案');
    // the range picker: the first day, Enter, then the last day typed where the focus has moved
    const start = page.getByPlaceholder('开始日期');
    await start.click();
    await start.fill(planDay);
    await start.press('Enter');
    const end = page.getByPlaceholder('结束日期');
    await expect.poll(() => end.evaluate((e) => e === document.activeElement)).toBe(true);
    await page.keyboard.type(planDay);
    await page.keyboard.press('Enter');
    await expect.poll(() => end.inputValue()).toBe(planDay);
    await page.getByRole('button', { name: btn('查询') }).click();
    await page.waitForURL(/action=plan\.submit/);
    expect(page.url()).toContain(`from=${planDay}&to=${planDay}`);
    const rows = page.locator('.ant-table-row');
    await expect.poll(() => rows.count()).toBe(2);
    for (const row of await rows.all()) {
      const t = await row.innerText();
      expect(t).toContain('报送实施方案');
      expect(t).toContain('郑伟');
      expect(t).toContain('山东省机械工程学会'); // the actor's own organisation, not the association's record
      expect(t).toContain('省级科研和创新基地运行绩效评估');
    }
    await visible(page.getByText('共 2 条'));
    await snap(page, 'audit-02-filtered');
    // the before → after of an entry, in Chinese
    await rows.first().getByRole('button', { name: /展开/ }).click();
    const diff = page.locator('.cj-diff-table').first();
    await visible(diff);
    const changes = await diff.innerText();
    expect(changes).not.toMatch(UUID);
    expect(changes).not.toMatch(/[A-Za-z]{3,}/); // no field name or status code as the code spells it
    expect(changes).toContain('待审查');
    await snap(page, 'audit-03-entry-detail');
  });

  it('3. exports the same query to Excel, with the headers of the list', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /导出 Excel/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/^审计日志.*\.xlsx$/);
    const file = path.join(SHOTS_DIR, 'audit-export.xlsx');
    fs.mkdirSync(SHOTS_DIR, { recursive: true });
    await download.saveAs(file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const rows = wb.getWorksheet('审计日志')!.getSheetValues().slice(1).map((r) => (r as unknown[]).slice(1).map(String));
    expect(rows[0]).toEqual(['时间', '操作人', '操作人单位', '操作', '对象类型', '对象', '原因']);
    expect(rows.length).toBe(3);
    for (const r of rows.slice(1)) {
      expect(r.slice(1, 5)).toEqual(['郑伟', '山东省机械工程学会', '报送实施方案', '实施方案']);
      expect(r[0].startsWith(planDay)).toBe(true);
    }
  });

  it('4. opens the record from its title', async () => {
    await page.locator('.ant-table-row').first().getByRole('link', { name: /省级科研和创新基地运行绩效评估/ }).click();
    await page.waitForURL(/\/app\/projects\/[0-9a-f-]{36}\?tab=plan/);
    await visible(page.getByRole('tab', { name: '实施方案', selected: true }));
    await snap(page, 'audit-04-record');
  });

  it('5. the programme change history names the user who made each change, with their organisation', async () => {
    await page.goto(`${platform.base}/app/programmes`);
    await page.getByRole('link', { name: /青岛市学会承接政府职能转移试点方案/ }).first().click();
    await page.waitForURL(/\/app\/programmes\/[0-9a-f-]{36}/);
    await page.getByRole('tab', { name: '变更记录' }).click();
    const timeline = page.locator('.ant-timeline');
    await visible(timeline);
    await visible(timeline.getByText('发布方案'));
    const text = await timeline.innerText();
    expect(text).toContain('青岛市科学技术协会');
    expect(text).not.toMatch(/（seed）|经办人（/);
    expect(text).not.toContain('李明'); // the province administrator did not write Qingdao's programme
    await snap(page, 'audit-05-programme-history');
  });
});
