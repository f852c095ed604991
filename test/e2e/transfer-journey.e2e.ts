// Journey (issue 3, steps 1–8): from a transferable item to a pilot project, in the browser, each
// step by the role that does it — the department (kjt.user), the association (sheng.admin), a
// society (jixie.user), the review offices (bianban.user and the office staff the association
// registers for the offices that have no demo account) and an anonymous visitor on the portal.
// One platform, one browser, one browser context per user. A screenshot per step goes to
// test-results/e2e/transfer-*.png.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD, SHOTS_DIR, launchBrowser, login, shot, startPlatform, visible, type Platform } from './support.js';
import { btn, confirm, findRow, pick, shown, snap, toast } from './ui.js';

let platform: Platform;
let browser: Browser;
const contexts = new Map<string, { context: BrowserContext; page: Page }>();
let lastPage: Page | undefined;
let tmpDir: string;

beforeAll(async () => {
  platform = await startPlatform();
  browser = await launchBrowser();
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cj-e2e-files-'));
  fs.rmSync(path.join(SHOTS_DIR, 'transfer-failed.png'), { force: true });
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
  if (lastPage) await shot(lastPage, 'transfer-failed').catch(() => undefined); // what the user saw when it broke
});

/** The signed-in page of a user, each user in a browser context of their own (no shared cookies). */
async function as(username: string, password = DEMO_PASSWORD): Promise<Page> {
  const hit = contexts.get(username);
  if (hit) return (lastPage = hit.page);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await login(page, platform.base, username, password);
  contexts.set(username, { context, page });
  return (lastPage = page);
}

const PROGRAMME = '山东省科协所属学会有序承接政府转移职能试点工作方案';
const ITEM = '全省海洋科技创新政策落实情况第三方评估';
const SEARCH_WORD = '海洋';
const DEMAND = '海洋经济科技支撑体系发展规划编制';
const SOCIETY = '山东省机械工程学会';
const CHOICE_REASON = '该会智能装备和海洋工程专家资源充足，实施方案具体可行，经比较择优确定。';
/** The other review offices of preset 001 and their demo officers (bianban.user is 省编办's). */
const OTHER_OFFICERS = [
  { org: '山东省发展和改革委员会', username: 'fgw.user', name: '韩磊' },
  { org: '山东省民政厅', username: 'mzt.user', name: '杨帆' },
  { org: '山东省财政厅', username: 'czt.user', name: '高洁' },
  { org: '山东省人民政府法制办公室', username: 'fzb.user', name: '马骏' },
];

let itemUrl = '';
let declarationUrl = '';
let countersignUrl = '';

describe('transfer pilot: from a transferable item to a pilot project', () => {
  it('1. the department publishes a transferable item, then amends it with a reason (two versions)', async () => {
    const page = await as('kjt.user');
    await page.getByRole('menuitem', { name: /可转移职能事项/ }).click();
    await page.waitForURL(/\/app\/items/);
    await page.getByRole('button', { name: /新增事项/ }).click();
    await page.waitForURL(/\/app\/items\/new/);
    const form = page.getByRole('form', { name: '新增可转移职能事项' });
    await visible(form);
    // the only open programme is chosen at once; choose it if not
    if (!(await form.locator('.ant-select-content, .ant-select-selection-item').filter({ hasText: PROGRAMME }).count())) {
      await pick(form, page, '所属方案', new RegExp(PROGRAMME));
    }
    await form.getByLabel('事项名称').fill(ITEM);
    await pick(form, page, '事项类别', '政策措施落实情况第三方评估');
    await pick(form, page, '委托方式', '购买服务');
    await form.getByLabel('事项内容').fill('对全省海洋科技创新政策的落实情况开展第三方评估，查找政策落实中的堵点，提出完善政策的建议。');
    await form.getByLabel('设定依据').fill('《山东省人民政府关于加快建设海洋强省的意见》');
    await form.getByLabel('预算金额').fill('200000');
    await form.getByLabel('预计实施期限').fill('2026年7月—2026年12月');
    await form.getByLabel('承接资质要求').fill('具有政策评估经验和海洋领域专家库');
    await page.getByRole('button', { name: /保存草稿/ }).click();
    await page.waitForURL(/\/app\/items\/[0-9a-f-]{36}$/);
    itemUrl = new URL(page.url()).pathname;
    const header = page.locator('.ant-card').first();
    await visible(header.getByText(ITEM));
    await visible(header.locator('.ant-tag', { hasText: '草稿' }));
    await visible(header.getByText(/政策措施落实情况第三方评估 · 购买服务/));

    await header.getByRole('button', { name: btn('发布') }).click();
    await confirm(page, '发布事项？', '发布');
    await visible(toast(page, /事项已发布/));
    await visible(header.locator('.ant-tag', { hasText: '已发布' }));
    await visible(header.locator('.ant-tag', { hasText: '第 1 版' }));
    await snap(page, 'transfer-01-publish');

    // FUN-3: a change of a published item needs a reason and makes version 2
    await header.getByRole('button', { name: btn('变更') }).click();
    await page.waitForURL(/\/edit$/);
    await visible(page.getByText(/变更后将生成第 2 版/));
    await page.getByLabel('预算金额').fill('260000');
    await page.getByLabel('事项内容').fill('对全省海洋科技创新政策的落实情况开展第三方评估，增加海洋牧场和深远海养殖科技政策专题，提出完善政策的建议。');
    await page.getByLabel('变更原因').fill('评估范围增加海洋牧场和深远海养殖专题，预算相应调整');
    await page.getByRole('button', { name: /保存变更/ }).click();
    await page.waitForURL(/tab=revisions/);
    await visible(page.getByRole('tab', { name: '版本记录（2）' }));
    const timeline = page.getByRole('tabpanel');
    await visible(timeline.getByText('第 2 版', { exact: true }));
    await visible(timeline.getByText('原因：评估范围增加海洋牧场和深远海养殖专题，预算相应调整'));
    await visible(timeline.getByRole('table', { name: '第 2 版与第 1 版的差异' }).getByText('260,000.00 元'));
    await visible(timeline.getByText('首次发布的版本'));
    await visible(page.locator('.ant-card').first().locator('.ant-tag', { hasText: '第 2 版' }));
    await snap(page, 'transfer-01-amend-versions');
  });

  it('2. the department publishes a demand catalogue entry bought by commission', async () => {
    const page = await as('kjt.user');
    await page.getByRole('menuitem', { name: /需求服务目录/ }).click();
    await page.waitForURL(/\/app\/demand$/);
    await visible(page.locator('.ant-table-row').filter({ hasText: '全省高新技术产业发展调查研究' })); // the seeded entries
    await page.getByRole('button', { name: /新增服务/ }).click();
    const modal = page.getByRole('dialog').filter({ hasText: '新增需求服务' });
    await shown(modal);
    if (!(await modal.locator('.ant-select-content, .ant-select-selection-item').filter({ hasText: PROGRAMME }).count())) {
      await pick(modal, page, '所属方案', new RegExp(PROGRAMME));
    }
    await modal.getByLabel('服务名称').fill(DEMAND);
    await pick(modal, page, '服务类别', '规划编制');
    await modal.getByText('委托', { exact: true }).click();
    await modal.getByLabel('服务内容').fill('编制全省海洋经济科技支撑体系发展规划，开展专题调研和专家论证。');
    await modal.getByLabel('预算金额').fill('500000');
    await modal.getByLabel('服务期限').fill('8个月');
    await modal.getByRole('button', { name: /保存草稿/ }).click();
    await page.waitForURL(/\/app\/demand\/[0-9a-f-]{36}$/);
    await visible(page.getByRole('heading', { name: DEMAND }));
    await page.getByRole('button', { name: btn('发布') }).click();
    await confirm(page, '发布该需求服务？', '发布');
    await visible(toast(page, '已发布'));
    await visible(page.locator('.ant-card').first().locator('.ant-tag', { hasText: '已发布' }));
    await visible(page.getByText(/规划编制 · 委托/));
    await visible(page.locator('.ant-card').first().getByText('第 1 版')); // the version is on the detail page (docs/UI.md: fewer columns in the list)

    await page.getByRole('link', { name: '返回需求服务目录' }).click();
    await page.waitForURL(/\/app\/demand$/);
    const row = page.locator('.ant-table-row').filter({ hasText: DEMAND });
    await visible(row);
    await visible(row.getByText('已发布'));
    await visible(row.getByText('委托', { exact: true }));
    await snap(page, 'transfer-02-demand');
  });

  it('3. the association relays the new item to its societies from its to-do inbox', async () => {
    const page = await as('sheng.admin');
    const todo = page.getByRole('link', { name: new RegExp(`^转发新发布的可转移职能事项：.*${PROGRAMME}$`) });
    await visible(todo);
    await todo.click();
    await page.waitForURL(/\/app\/items\?.*status=published/);
    const row = page.locator('.ant-table-row').filter({ hasText: ITEM });
    await visible(row);
    await visible(row.getByText('已发布')); // its version (第 2 版) is on the detail page, step 1
    await row.getByLabel(`选择 ${ITEM}`).check();
    await page.getByRole('button', { name: /转发学会（1）/ }).click();
    const modal = page.getByRole('dialog').filter({ hasText: '将以下已发布的事项转发给所属学会' });
    await shown(modal);
    await visible(modal.getByText(ITEM));
    // SEL-1: who receives it — the province's own societies, by the programme's parameter (issue 11 §2)
    const reach = modal.getByLabel('接收转发的学会');
    await visible(reach.getByText(/将收到转发的学会（\d+ 个）/));
    await visible(reach.getByText('只转发至山东省科学技术协会直属学会', { exact: false }));
    await visible(reach.getByText('山东省机械工程学会', { exact: true }));
    expect(await reach.getByText('济南市机械工程学会').count()).toBe(0);
    await modal.getByLabel('转发说明').fill('请具备海洋领域专家资源的学会按要求申报，并上传承接能力证明材料。');
    await modal.getByRole('button', { name: btn('转发') }).click();
    await confirm(page, '转发 1 项事项？', '转发');
    await visible(toast(page, /已将 1 项事项转发至 \d+ 个学会/));

    await page.goto(`${platform.base}${itemUrl}`);
    await visible(page.locator('.ant-card').first().locator('.ant-tag', { hasText: '已转发学会' }));
    await visible(page.getByText(/申报截止 \d{4}-\d{2}-\d{2}/).first());
    await snap(page, 'transfer-03-relay');
  });

  it('4. the society sees the relay in its inbox and notifications, and declares with evidence after the qualification check', async () => {
    const page = await as('jixie.user');
    // the to-do with its deadline; X-3: the notification naming the item
    const todo = page.locator('.ant-table-row').filter({ hasText: /转发可转移职能事项 1 项，请申报可承接事项/ });
    await visible(todo);
    await visible(todo.getByText(/\d{4}-\d{2}-\d{2}/));
    await page.getByRole('menuitem', { name: /消息通知/ }).click();
    await page.waitForURL(/\/app\/notifications/);
    const note = page.locator('.cj-record-list > li').filter({ hasText: '新转发可转移职能事项 1 项' });
    await visible(note);
    await visible(note.getByText(new RegExp(`“${ITEM}”`)));
    await note.getByRole('link', { name: '新转发可转移职能事项 1 项' }).click();
    await page.waitForURL(/\/app\/declare\?relay=/);
    await visible(page.getByText('科协转发了可转移职能事项'));
    await page.getByRole('button', { name: `申报 ${ITEM}` }).click();
    await page.waitForURL(/\/app\/declare\/[0-9a-f-]{36}$/);

    // SEL-3: the qualification self-check against the society's record and yearly facts
    const check = page.locator('.ant-card').filter({ hasText: '第一步：资格自查' });
    await visible(check.getByRole('list', { name: '资格条件核对结果' }));
    await visible(check.getByText(/可自动核对的条件均符合/));
    expect(await check.getByText('不符合', { exact: true }).count()).toBe(0);
    await visible(check.getByText('待人工确认').first());

    await page.getByLabel('承接能力说明').fill('本会设有海洋工程装备专业委员会和科技评估工作部，近三年承担省级政策评估项目 3 项，专家库 310 人，其中海洋领域专家 46 人。');
    await page.getByLabel('承接设想').fill('成立由秘书长牵头的评估项目组，分政策梳理、问卷调查、实地调研和报告撰写四个阶段实施，按月报告进展。');
    const evidence = path.join(tmpDir, '承接能力证明材料.pdf');
    fs.writeFileSync(
      evidence,
      '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
    );
    await page.locator('input[type=file]').setInputFiles(evidence);
    await visible(page.getByRole('link', { name: '承接能力证明材料.pdf' })); // a link once the upload has arrived
    await snap(page, 'transfer-04-declare-form');
    await page.getByRole('button', { name: /提交申报/ }).click();
    await confirm(page, '提交申报？', '提交申报');
    await page.waitForURL(/\/app\/declarations\/[0-9a-f-]{36}$/);
    declarationUrl = new URL(page.url()).pathname;
    const header = page.locator('.ant-card').first();
    await visible(header.getByText(ITEM));
    await visible(header.locator('.ant-tag', { hasText: '待审核' }));
    await visible(page.getByRole('link', { name: '承接能力证明材料.pdf' }));
    await visible(page.getByText('等待科协审核'));
    await snap(page, 'transfer-04-declared');
  });

  it('5. the association recommends the society with a reason and sends the list to countersign', async () => {
    const page = await as('sheng.admin');
    await page.goto(`${platform.base}/app`);
    const todo = page.getByRole('link', { name: `审核申报：${SOCIETY} 申报“${ITEM}”` });
    await visible(todo);
    await todo.click();
    await page.waitForURL(new RegExp(`${declarationUrl}$`));
    await visible(page.getByRole('link', { name: '承接能力证明材料.pdf' }));
    // the manual conditions are ticked by the reviewer, then the decision with its opinion
    const ticks = page.getByRole('checkbox', { name: '已核实该学会符合此条件' });
    await visible(ticks);
    for (let i = 0, n = await ticks.count(); i < n; i++) await ticks.nth(i).check();
    const review = page.getByRole('form', { name: '审核申报' });
    await review.getByText('推荐', { exact: true }).click();
    await visible(review.getByText('人工审核条件已全部核实'));
    await review.getByLabel('推荐意见').fill('该会海洋工程领域专家资源充足，具有政策评估经验，年检合格，具备承接条件，予以推荐。');
    await review.getByRole('button', { name: /提交审核意见/ }).click();
    await confirm(page, '确认推荐？', '推荐');
    await visible(toast(page, `已推荐，已通知${SOCIETY}`));
    await visible(page.locator('.ant-card').first().locator('.ant-tag', { hasText: '已推荐' }));
    await visible(page.getByText('科协已推荐'));
    await snap(page, 'transfer-05-recommend');

    // SEL-5: the recommended list goes to the review offices
    await page.getByRole('menuitem', { name: /可转移职能事项/ }).click();
    await page.waitForURL(/\/app\/items/);
    const row = await findRow(page, ITEM);
    await visible(row.getByText('已转发学会'));
    await row.getByLabel(`选择 ${ITEM}`).check();
    await page.getByRole('button', { name: /报送会签（1）/ }).click();
    const modal = page.getByRole('dialog').filter({ hasText: '会签单标题' });
    await shown(modal);
    await visible(modal.getByText(ITEM));
    await modal.getByLabel('会签单标题').fill('第四批可承接职能清单（海洋科技政策评估）');
    await modal.getByLabel('报送说明').fill('请审核事项及推荐学会的合法性和可操作性。');
    await modal.getByRole('button', { name: btn('报送') }).click();
    await confirm(page, '报送 1 项事项会签？', '报送');
    await page.waitForURL(/\/app\/countersigns\/[0-9a-f-]{36}$/);
    countersignUrl = new URL(page.url()).pathname;
    await visible(page.getByRole('heading', { name: '第四批可承接职能清单（海洋科技政策评估）' }));
    await visible(page.locator('.ant-card').first().locator('.ant-tag', { hasText: '会签中' }));
    await visible(page.getByText('会签进度：0 / 5 个审核部门同意'));
    await visible(page.getByRole('link', { name: SOCIETY }));
    await snap(page, 'transfer-05-countersign-sent');
  });

  it('6. every review office agrees (SEL-5), then the association records the provincial government approval (SEL-6)', async () => {
    const admin = await as('sheng.admin');
    const offices = [{ username: 'bianban.user', org: '中共山东省委机构编制委员会办公室' }, ...OTHER_OFFICERS];
    for (const [i, o] of offices.entries()) {
      const page = await as(o.username);
      const todo = page.getByRole('link', { name: '会签：第四批可承接职能清单（海洋科技政策评估）' });
      await visible(todo);
      await todo.click();
      await page.waitForURL(new RegExp(`${countersignUrl}$`));
      await visible(page.getByRole('link', { name: ITEM }));
      const form = page.getByRole('form', { name: '会签意见' });
      await form.getByText('同意', { exact: true }).click();
      await form.getByLabel('会签意见').fill('经审核，事项及推荐学会符合法律法规和有关规定，具备可操作性，同意。');
      if (i === 0) await snap(page, 'transfer-06-countersign-opinion');
      await form.getByRole('button', { name: /提交会签意见/ }).click();
      await confirm(page, '同意该会签单？', '同意');
      await visible(toast(page, '已提交同意意见'));
      await visible(page.getByText(`会签进度：${i + 1} / 5 个审核部门同意`));
      if (i === 0) {
        await visible(page.locator('.ant-timeline-item').filter({ hasText: o.org }).getByText('同意', { exact: true }));
        await snap(page, 'transfer-06-countersign-agreed');
      }
    }

    // SEL-6: approval by the level the programme names (省政府), recorded by the association
    await as('sheng.admin');
    await admin.goto(`${platform.base}${countersignUrl}`);
    await visible(admin.locator('.ant-card').first().locator('.ant-tag', { hasText: '待审批' }));
    const approve = admin.getByRole('form', { name: '登记审批结果' });
    await visible(approve.getByText('省级人民政府'));
    await approve.getByLabel('批准文号').fill('鲁政字〔2026〕41号');
    await approve.getByLabel('批准日期').click();
    await admin.locator('.ant-picker-dropdown:visible').getByText('今天').click();
    await approve.getByLabel('说明').fill('省政府同意第四批试点项目。');
    await approve.getByRole('button', { name: /登记审批结果/ }).click();
    await confirm(admin, '登记审批结果？', '登记');
    await visible(toast(admin, /审批结果已登记/));
    await visible(admin.locator('.ant-card').first().locator('.ant-tag', { hasText: '已批准' }));
    await visible(admin.getByText('鲁政字〔2026〕41号').first());
    await visible(admin.getByText('会签进度：5 / 5 个审核部门同意'));
    await snap(admin, 'transfer-06-approved');
  }, 300_000);

  it('7. the department chooses the society with a reason and the pilot project is created', async () => {
    const page = await as('kjt.user');
    await page.goto(`${platform.base}/app`);
    const todo = page.getByRole('link', { name: `择优确定承接学会：${ITEM}` });
    await visible(todo);
    await todo.click();
    await page.waitForURL(new RegExp(`${itemUrl}$`));
    const header = page.locator('.ant-card').first();
    await visible(header.locator('.ant-tag', { hasText: '待择优确定' }));
    await header.getByRole('button', { name: /择优确定/ }).click();
    const modal = page.getByRole('dialog').filter({ hasText: '择优确定承接学会' });
    await shown(modal);
    await visible(modal.getByText(SOCIETY));
    await visible(modal.getByText(/科协推荐意见：该会海洋工程领域专家资源充足/));
    await modal.getByRole('radio').first().check();
    await modal.getByLabel('选定理由').fill(CHOICE_REASON);
    await snap(page, 'transfer-07-select');
    await modal.getByRole('button', { name: /确定承接学会/ }).click();
    await confirm(page, `确定由 ${SOCIETY} 承接？`, '确定');
    await page.waitForURL(/\/app\/projects\/[0-9a-f-]{36}$/);
    await visible(toast(page, '已确定承接学会，试点项目已建立'));
    await visible(page.getByText(ITEM).first());
    await visible(page.getByText(SOCIETY).first());

    await page.goto(`${platform.base}${itemUrl}?tab=result`);
    await visible(page.locator('.ant-card').first().locator('.ant-tag', { hasText: '已确定承接学会' }));
    await visible(page.getByText(`已确定由 ${SOCIETY} 承接`));
    await visible(page.getByText(CHOICE_REASON));
    await snap(page, 'transfer-07-project');
  });

  it('8. an anonymous visitor finds the item by a Chinese word and reads its versions and the selection result', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const page = (lastPage = await context.newPage());
    contexts.set('anonymous', { context, page });
    await page.goto(platform.base);
    const search = page.getByRole('searchbox', { name: '站内检索' });
    await search.fill(SEARCH_WORD);
    await search.press('Enter');
    await page.waitForURL(/\/portal\/search\?q=/);
    const hits = page.getByRole('list', { name: '检索结果' });
    await visible(hits);
    const hit = (kind: string, title: string) => hits.getByRole('listitem').filter({ has: page.locator('.ant-tag', { hasText: kind }) }).filter({ hasText: title });
    const itemHit = hit('可转移职能事项', ITEM);
    await visible(itemHit);
    await visible(hit('需求服务目录', DEMAND));
    await visible(hit('试点项目', ITEM).getByText(`承接学会：${SOCIETY}`));
    await visible(itemHit.locator('mark', { hasText: SEARCH_WORD }).first());
    await snap(page, 'transfer-08-portal-search');

    await itemHit.getByRole('link', { name: ITEM }).click();
    await page.waitForURL(/\/portal\/items\/[0-9a-f-]{36}$/);
    await visible(page.getByRole('heading', { name: ITEM }));
    await visible(page.getByText('第 2 版').first());
    const result = page.locator('.ant-card').filter({ hasText: '遴选结果' });
    await visible(result.getByText(SOCIETY));
    await visible(result.getByText(CHOICE_REASON));
    await visible(page.getByText('版本记录（2）'));
    await visible(page.getByText('评估范围增加海洋牧场和深远海养殖专题，预算相应调整').first());
    await snap(page, 'transfer-08-portal-item');

    await page.getByRole('menuitem', { name: '遴选结果' }).click();
    await page.waitForURL(/\/portal\/results/);
    const row = page.locator('.ant-table-row').filter({ hasText: ITEM });
    await visible(row);
    await visible(row.getByText(SOCIETY));
    await visible(row.getByText('山东省科学技术厅'));
    await snap(page, 'transfer-08-portal-results');
  });
});

