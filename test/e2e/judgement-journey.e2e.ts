// Journey (issue 14: EVA-2, EVA-4, STA-1…STA-3, PUB-1): the loop of a programme closed across roles, in
// Chromium. The society and the department answer the satisfaction survey from their to-dos; a member of
// the public answers through an anonymous link, on a phone; the evaluator reads its commission; the
// association reads the indicators — the satisfaction figures moved with the answers —, drills down,
// publishes them, reads the dashboards and downloads the self-evaluation report, whose PDF is rendered to
// PNG and read back with pdftotext; the portal shows the published figures.
// Screenshots: test-results/e2e/judgement-*.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SHOTS_DIR, launchBrowser, login, startPlatform, visible, type Platform } from './support.js';
import { btn, confirm, snap, toast } from './ui.js';
import { pdfPages, pdfToPng, squeeze } from './documents.js';
import path from 'node:path';

let platform: Platform;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  platform = await startPlatform();
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await platform?.stop();
});

async function open(username: string | null, width = 1280): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
  contexts.push(context);
  const page = await context.newPage();
  if (username) await login(page, platform.base, username);
  return page;
}

interface Sheet {
  indicators: { key: string; value: number | null; parts: { count: string; value: number }[] }[];
}
async function sheet(page: Page): Promise<Sheet> {
  const res = await page.request.get(`${platform.base}/api/v1/indicators`);
  expect(res.status()).toBe(200);
  return (await res.json()) as Sheet;
}
const part = (s: Sheet, count: string) => s.indicators.flatMap((i) => i.parts).find((p) => p.count === count)!.value;

/** Answers the open survey on the page the invitation leads to: every rating 满意, the overall 非常满意. */
async function answerSurvey(page: Page) {
  await visible(page.getByText('非常满意').first());
  const groups = page.locator('.ant-radio-group');
  const n = await groups.count();
  expect(n).toBeGreaterThan(0);
  for (let i = 0; i < n; i++) await groups.nth(i).getByText(i === 0 ? '非常满意' : '满意', { exact: true }).click();
  const comment = page.locator('textarea').first();
  if (await comment.count()) await comment.fill('承接工作组织规范，沟通及时。');
}

let before: Sheet;

describe('judgement and learning across roles', () => {
  it('1. the association reads the indicators before the answers', async () => {
    const admin = await open('sheng.admin');
    before = await sheet(admin);
    await admin.goto(`${platform.base}/app/indicators`);
    await visible(admin.getByText('政府部门满意度'));
    await visible(admin.getByText('口径：', { exact: false }));
    await snap(admin, 'judgement-01-indicators-before');
  });

  it('2. the society and the department answer the survey from their to-dos', async () => {
    for (const user of ['nongxue.user', 'nyt.user']) {
      const page = await open(user);
      await page.goto(`${platform.base}/app`);
      const todo = page.getByText(/填写满意度调查/).first();
      await visible(todo);
      await todo.click();
      await answerSurvey(page);
      await snap(page, `judgement-02-survey-${user.split('.')[0]}`);
      await page.getByRole('button', { name: btn('提交问卷') }).click();
      await visible(toast(page, '问卷已提交，感谢填写'));
    }
    const admin = await open('sheng.admin');
    const after = await sheet(admin);
    expect(part(after, 'satisfaction.society.answered')).toBe(part(before, 'satisfaction.society.answered') + 1);
    expect(part(after, 'satisfaction.department.answered')).toBe(part(before, 'satisfaction.department.answered') + 1);
  });

  it('3. a member of the public answers through an anonymous link, on a phone, once', async () => {
    // 青岛's programme (preset 002) surveys the public too: its association opens a survey and hands out links
    const qingdao = await open('qingdao.admin');
    const csrf = (await qingdao.context().cookies()).find((c) => c.name === 'cj_csrf')?.value ?? '';
    const post = async (url: string, data: unknown) => {
      const res = await qingdao.request.post(`${platform.base}/api/v1${url}`, { data, headers: { 'x-csrf-token': csrf } });
      expect(res.status(), await res.text()).toBeLessThan(300);
      return (await res.json()) as { id: string; rowVersion: number };
    };
    const programmes = (await (await qingdao.request.get(`${platform.base}/api/v1/surveys/programmes`)).json()) as { items: { id: string }[] };
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const created = await post(`/programmes/${programmes.items[0].id}/surveys`, { title: '青岛市学会承接政府职能转移试点满意度调查', groups: ['public'], opensOn: today, closesOn: new Date(Date.now() + 8 * 3_600_000 + 30 * 86_400_000).toISOString().slice(0, 10) });
    const opened = await post(`/surveys/${created.id}/open`, { rowVersion: created.rowVersion });
    await post(`/surveys/${created.id}/public-links`, { count: 3 });
    expect(opened.id).toBe(created.id);
    const csv = await (await qingdao.request.get(`${platform.base}/api/v1/surveys/${created.id}/public-links.csv`)).text();
    const token = /\/portal\/survey\/([A-Za-z0-9_-]+)/.exec(csv)?.[1];
    expect(token, csv.slice(0, 300)).toBeTruthy();
    const link = `${platform.base}/portal/survey/${token}`;

    const phone = await open(null, 390);
    await phone.goto(link);
    await answerSurvey(phone);
    await snap(phone, 'judgement-03-public-survey-390');
    await phone.getByRole('button', { name: btn('提交问卷') }).click();
    await visible(phone.getByText('提交成功，感谢您的参与！'));
    await snap(phone, 'judgement-03-public-thanks-390');
    await phone.goto(link);
    await visible(phone.getByText('该问卷已经填写过'));
    const results = (await (await qingdao.request.get(`${platform.base}/api/v1/surveys/${created.id}/results`)).json()) as Record<string, unknown>;
    expect(JSON.stringify(results)).toContain('public');
  });

  it('4. the evaluator reads its commission', async () => {
    const pinggu = await open('pinggu.user');
    await pinggu.goto(`${platform.base}/app/evaluation-commissions`);
    await visible(pinggu.getByText('山东省科技评估中心').first());
    await snap(pinggu, 'judgement-04-evaluator-commissions');
  });

  it('5. the association drills down, publishes, reads the dashboards and the self-evaluation report', async () => {
    const admin = await open('sheng.admin');
    await admin.goto(`${platform.base}/app/indicators`);
    await admin.getByRole('button', { name: /查看参与承接的学会/ }).click();
    const drawer = admin.locator('.ant-drawer-content-wrapper');
    await visible(drawer.getByText('计入：').first());
    await snap(admin, 'judgement-05-drilldown');
    // the drawer's own close button (Escape reaches it only while the focus is inside), then wait until its mask is gone
    await admin.locator('.ant-drawer-close').click();
    await admin.locator('.ant-drawer-mask').waitFor({ state: 'hidden', timeout: 10_000 });
    await admin.getByRole('button', { name: /以当前数值重新公开|在门户公开/ }).click();
    await confirm(admin, /公开/, '公开');
    await visible(toast(admin, '已在门户公开'));

    await admin.goto(`${platform.base}/app/dashboards`);
    await visible(admin.getByText('试点项目按阶段'));
    await admin.locator('[role="img"][aria-label="事项按状态"] svg').first().waitFor({ state: 'visible', timeout: 15_000 });
    await snap(admin, 'judgement-05-dashboards');

    const res = await admin.request.get(`${platform.base}/api/v1/reports/self-evaluation?format=pdf`);
    expect(res.status()).toBe(200);
    const pdf = Buffer.from(await res.body());
    const pngs = await pdfToPng(pdf, path.join(SHOTS_DIR, 'judgement-06-self-evaluation.png'));
    expect(pngs.length).toBeGreaterThan(1);
    const text = squeeze((await pdfPages(pdf)).join(''));
    expect(text).toContain('绩效自评报告');
    expect(text).toContain('山东省科学技术协会');
    expect(text).toContain('绩效指标完成情况');
    expect(text).toContain('政府部门满意度');
  });

  it('6. the portal shows the published figures to anyone', async () => {
    const anon = await open(null, 390);
    await anon.goto(`${platform.base}/portal/indicators`);
    await visible(anon.getByText('山东省科学技术协会').first());
    await visible(anon.getByText('承接事项').first());
    await snap(anon, 'judgement-07-portal-indicators-390');
  });
});
