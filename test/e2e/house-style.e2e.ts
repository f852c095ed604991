// Journey (issue 12 §2, docs/UI.md): the machine-checkable rules of the house style, as a property
// of every page a person reaches from the menu rather than of a fixed list. For one demo account of
// each role the menu is read from the page itself and every entry is opened from it at 1280×800
// (what a page shows depends on who reads it); for the association, a department, a society and an
// observer, the first record each list links to (its detail page) as well. At 390×844 each menu
// entry is visited once, by the first role whose menu has it (the narrow layout is the page's,
// whoever reads it; this sampling keeps the run to a few minutes). The visitor reads the portal's
// navigation the same way, at both widths, and the login page. On every page:
//   (a) words — no requirement IDs, no UUIDs, no raw permission, role or field codes, no "JSON"
//       (except on the platform administrator's raw parameter tab, which says it is one, and
//       which nobody else is shown);
//   (b) at 390 px the document does not scroll sideways (a table scrolls inside its own box);
//   (c) at 1280 px no table's fixed action column covers the text of another cell;
//   (d) the dates in tables read 2026-05-01 or 2026-05-01 14:30 (seconds in the audit log only);
//   (e) the visitor's browser console stays quiet (no error, no failed or refused request).
// Offences are collected over the whole visit and each rule is asserted at the end with the full
// list, so one run names every page that breaks a rule. A screenshot per role × page × width:
// test-results/e2e/house-style-*.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { orgTypes, permissions, roleCodes } from '../../src/domain/access/roles.js';
import { launchBrowser, login, shot, startPlatform, type Platform } from './support.js';

let platform: Platform;
let browser: Browser;

beforeAll(async () => {
  platform = await startPlatform();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

const WIDE = { width: 1280, height: 800 };
const NARROW = { width: 390, height: 844 };

/**
 * One demo account per role (README). `rawParameters`: the platform administrator, who may see the
 * raw parameter editor; `details`: the roles whose first record of each list is opened too — one
 * of each kind of unit that owns records (association, department, society) and an observer.
 */
const ROLES: { user: string; role: string; rawParameters?: boolean; details?: boolean }[] = [
  { user: 'sheng.admin', role: '科协管理员', rawParameters: true, details: true },
  { user: 'sheng.staff', role: '科协工作人员' },
  { user: 'kjt.user', role: '政府部门经办人', details: true },
  { user: 'jixie.user', role: '学会管理员', details: true },
  { user: 'bianban.user', role: '审核部门经办人' },
  { user: 'jncz.user', role: '财政局经办人' },
  { user: 'pinggu.user', role: '第三方评估机构人员' },
  { user: 'expert.huang', role: '评审专家', details: true },
];

type Rule = 'words' | 'overflow' | 'fixedColumn' | 'dates' | 'console';
const offences: Record<Rule, string[]> = { words: [], overflow: [], fixedColumn: [], dates: [], console: [] };
/** Uncaught exceptions in any page, whoever is signed in. */
const pageErrors: string[] = [];
let visits = 0;
let cellsRead = 0;
let fixedRowsMeasured = 0;

function offend(rule: Rule, msg: string) {
  if (!offences[rule].includes(msg)) offences[rule].push(msg);
}

// ---------------------------------------------------------------------------------------------
// What a page shows, read in the browser (a plain script: no bundler helpers inside evaluate)
// ---------------------------------------------------------------------------------------------

interface Seen {
  /** visible text, one entry per text node (and per visible input's value or placeholder) */
  texts: { text: string; where: string; rawParameterTab: boolean }[];
  /** visible text of table body cells, with their column's title */
  cells: { text: string; column: string }[];
  /** fixed right columns over another cell's visible text */
  covered: { column: string; fixed: string; text: string; overlap: number }[];
  /** table rows with a fixed right column, measured */
  fixedRows: number;
  scrollWidth: number;
  innerWidth: number;
  /** the outermost elements that reach past the right edge of the window */
  wide: string[];
}

const READ_PAGE = String.raw`(() => {
  const describe = (el) => {
    const cls = typeof el.className === 'string' ? el.className.split(/\s+/).filter((c) => c && !/^css-/.test(c)).slice(0, 3).join('.') : '';
    const label = el.getAttribute('aria-label') || el.closest('[aria-label]')?.getAttribute('aria-label') || '';
    const text = (el.innerText || el.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 40);
    return el.tagName.toLowerCase() + (cls ? '.' + cls : '') + (label ? ' [' + label + ']' : '') + (text ? ' “' + text + '”' : '');
  };
  const shown = (el) => !!el && el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
  // where a piece of text is: the table column, the form field or the card it belongs to
  const context = (el) => {
    const td = el.closest('td, th');
    if (td) {
      const table = td.closest('table');
      const head = table?.closest('.ant-table')?.querySelectorAll('thead th')[td.cellIndex];
      return '表格列“' + (head ? head.innerText.trim() : '?') + '”';
    }
    const item = el.closest('.ant-form-item, .ant-descriptions-item, .ant-card, .ant-modal, .ant-drawer, .ant-tabs-tab, .ant-menu-item, .ant-alert, .cj-record-list > li');
    if (item) return describe(item);
    return describe(el);
  };
  const rawTab = (el) => {
    if (el.closest('.ant-tabs-tab')) return /JSON|原始|高级/.test(el.closest('.ant-tabs-tab').innerText);
    const pane = el.closest('.ant-tabs-tabpane');
    if (!pane) return false;
    const tabs = pane.closest('.ant-tabs');
    const active = tabs?.querySelector('.ant-tabs-tab-active');
    return !!active && /JSON|原始|高级/.test(active.innerText);
  };
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = n.nodeValue.trim();
    if (!text) continue;
    const el = n.parentElement;
    if (!el || el.closest('script, style, noscript, template') || !shown(el)) continue;
    range.selectNodeContents(n);
    const boxes = [...range.getClientRects()].filter((r) => r.width > 1 && r.height > 1);
    if (!boxes.length) continue;
    texts.push({ text, where: context(el), rawParameterTab: rawTab(el) });
  }
  for (const el of document.querySelectorAll('input, textarea')) {
    if (!shown(el) || el.type === 'hidden' || el.type === 'password') continue;
    for (const text of [el.value, el.placeholder]) if (text && text.trim()) texts.push({ text: text.trim(), where: context(el), rawParameterTab: rawTab(el) });
  }

  const cells = [];
  const covered = [];
  let fixedRows = 0;
  for (const table of document.querySelectorAll('.ant-table')) {
    if (!shown(table)) continue;
    const heads = [...table.querySelectorAll('thead th')].map((th) => th.innerText.replace(/\s+/g, ' ').trim());
    for (const tr of table.querySelectorAll('tbody tr')) {
      if (!shown(tr) || tr.classList.contains('ant-table-placeholder')) continue;
      const tds = [...tr.children];
      for (const td of tds) {
        const text = td.innerText.replace(/\s+/g, ' ').trim();
        if (text && shown(td)) cells.push({ text, column: heads[td.cellIndex] ?? '?' });
      }
      // the leftmost cell fixed to the right edge, and the cells that scroll under it
      const fixedAt = tds.findIndex((td) => td.matches('.ant-table-cell-fix-end, .ant-table-cell-fix-right'));
      if (fixedAt <= 0) continue;
      fixedRows++;
      const fixedLeft = tds[fixedAt].getBoundingClientRect().left;
      for (const td of tds.slice(0, fixedAt)) {
        if (td.matches('.ant-table-cell-fix-start, .ant-table-cell-fix-left')) continue;
        // the visible extent of the cell's text: each line's box cut by the boxes that clip it
        // (an ellipsis cell clips its own text at its padding), up to the cell
        let right = -Infinity;
        const w2 = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
        for (let t = w2.nextNode(); t; t = w2.nextNode()) {
          if (!t.nodeValue.trim() || !shown(t.parentElement)) continue;
          range.selectNodeContents(t);
          for (const r of range.getClientRects()) {
            if (r.width <= 1) continue;
            let r2 = r.right;
            for (let a = t.parentElement; a && a !== td.parentElement; a = a.parentElement) {
              const s = getComputedStyle(a);
              if (s.overflowX !== 'visible') r2 = Math.min(r2, a.getBoundingClientRect().right - (a === td ? parseFloat(s.paddingRight) || 0 : 0));
            }
            right = Math.max(right, r2);
          }
        }
        if (right > fixedLeft + 0.5) {
          covered.push({ column: heads[td.cellIndex] ?? '?', fixed: heads[fixedAt] ?? '?', text: td.innerText.replace(/\s+/g, ' ').trim().slice(0, 30), overlap: Math.round(right - fixedLeft) });
        }
      }
    }
  }

  // (b): the outermost elements past the window's right edge that no scrolling box of theirs contains
  const wide = [];
  const vw = window.innerWidth;
  if (document.documentElement.scrollWidth > vw + 1) {
    const clipped = (el) => {
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        if (getComputedStyle(a).overflowX !== 'visible') return true;
      }
      return false;
    };
    for (const el of document.body.querySelectorAll('*')) {
      if (wide.length >= 5) break;
      const r = el.getBoundingClientRect();
      if (r.right <= vw + 1 || r.width === 0 || !shown(el) || clipped(el)) continue;
      if (wide.some((w) => w.el.contains(el))) continue;
      wide.push({ el, right: Math.round(r.right) });
    }
  }
  return {
    texts,
    cells,
    covered,
    fixedRows,
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: vw,
    wide: wide.map((w) => describe(w.el) + ' reaches ' + w.right + ' px'),
  };
})()`;

// ---------------------------------------------------------------------------------------------
// The rules, applied to what a page shows
// ---------------------------------------------------------------------------------------------

const REQUIREMENT_ID = /\b(?:ORG|PRG|FUN|SEL|TB|SUP|PUB|CAP|FND|EVA|STA|X)-\d+\b/g;
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
/** `resource.action` for the platform's own resources (a user name such as kjt.user is not one) */
const resources = [...new Set(permissions.map((p) => p.split('.')[0]))];
const PERMISSION = new RegExp(`(?<![\\w@./-])(?:${resources.join('|')})\\.[a-z][A-Za-z]*(?:\\.[a-z][A-Za-z]*)?(?![\\w@/-])`, 'g');
/** role and unit-type codes that are not also plain words (expert, evaluator are: kept for user names such as expert.wang) */
const ROLE_CODE = new RegExp(`\\b(?:${[...roleCodes, ...orgTypes].filter((c) => c.includes('_')).join('|')})\\b`, 'g');
/** a field name as the API spells it: budgetFen, selfRaisedFen, legalRepName … */
const FIELD_NAME = /(?<![\w@./-])[a-z]{2,}(?:[A-Z][a-z0-9]+)+(?![\w@/-])/g;
/** a preset named by its number instead of its policy document */
const PRESET_CODE = /(?:预设|preset|模板)\s*[（(]?0\d\d\b/gi;
const JSON_WORD = /\bJSON\b/g;
/** the name of the raw parameter editor's tab */
const RAW_EDITOR = /原始格式|原始参数/;

/** A date-like piece of text in a table cell: anything that starts with a year. */
const DATE_LIKE = /\b\d{4}(?:[-/.]\d{1,2}[-/.]\d{1,2}|年\d{1,2}月\d{1,2}日)(?:[T ]?\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?/g;

interface Where {
  who: string;
  page: string;
  path: string;
  width: number;
}
const at = (w: Where) => `${w.who} · ${w.page}（${w.path}）@${w.width}px`;

function checkWords(seen: Seen, w: Where, rawParametersAllowed: boolean): string[] {
  const out: string[] = [];
  for (const { text, where, rawParameterTab } of seen.texts) {
    // the platform administrator's raw parameter editor says what it is and may show the raw text
    if (rawParametersAllowed && rawParameterTab) continue;
    if (RAW_EDITOR.test(text)) out.push(`${at(w)}: the raw parameter editor (for the platform administrator only) in ${where}: “${text.slice(0, 80)}”`);
    const hits: [string, RegExp][] = [
      ['requirement ID', REQUIREMENT_ID],
      ['UUID', UUID],
      ['permission code', PERMISSION],
      ['role or unit-type code', ROLE_CODE],
      ['field name', FIELD_NAME],
      ['preset number', PRESET_CODE],
    ];
    hits.push(['“JSON”', JSON_WORD]);
    for (const [what, re] of hits) {
      for (const m of text.matchAll(re)) out.push(`${at(w)}: ${what} “${m[0]}” in ${where}: “${text.slice(0, 80)}”`);
    }
  }
  return out;
}

function checkDates(seen: Seen, w: Where): string[] {
  const out: string[] = [];
  // seconds only in the audit log (fmtDateTimeSec)
  const ok = w.path.startsWith('/app/audit') ? /^\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2}(?::\d{2})?)?$/ : /^\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2})?$/;
  for (const { text, column } of seen.cells) {
    for (const m of text.matchAll(DATE_LIKE)) {
      if (!ok.test(m[0])) out.push(`${at(w)}: date “${m[0]}” in column “${column}” (expected 2026-05-01 or 2026-05-01 14:30)`);
    }
  }
  return out;
}

function checkFixedColumn(seen: Seen, w: Where): string[] {
  const byColumn = new Map<string, { rows: number; overlap: number; sample: string; fixed: string }>();
  for (const c of seen.covered) {
    const e = byColumn.get(c.column) ?? { rows: 0, overlap: 0, sample: c.text, fixed: c.fixed };
    e.rows++;
    e.overlap = Math.max(e.overlap, c.overlap);
    byColumn.set(c.column, e);
  }
  return [...byColumn].map(([column, e]) => `${at(w)}: the fixed column “${e.fixed}” covers column “${column}” in ${e.rows} row(s), by up to ${e.overlap} px (e.g. “${e.sample}”)`);
}

function checkOverflow(seen: Seen, w: Where): string[] {
  if (seen.scrollWidth <= seen.innerWidth + 1) return [];
  return [`${at(w)}: the page is ${seen.scrollWidth} px wide in a ${seen.innerWidth} px window${seen.wide.length ? ` — ${seen.wide.join('; ')}` : ''}`];
}

/** What one visit found against each rule. */
function check(seen: Seen, w: Where, rawParametersAllowed: boolean): Record<Exclude<Rule, 'console'>, string[]> {
  return {
    words: checkWords(seen, w, rawParametersAllowed),
    dates: checkDates(seen, w),
    fixedColumn: w.width === WIDE.width ? checkFixedColumn(seen, w) : [],
    overflow: w.width === NARROW.width ? checkOverflow(seen, w) : [],
  };
}

// ---------------------------------------------------------------------------------------------
// Visiting
// ---------------------------------------------------------------------------------------------

/** The API requests each page has in flight (the code of other pages fetched ahead is not waited for). */
const inflight = new WeakMap<Page, Set<unknown>>();
function trackRequests(page: Page) {
  const open = new Set<unknown>();
  inflight.set(page, open);
  page.on('request', (r) => {
    if (r.url().includes('/api/')) open.add(r);
  });
  page.on('requestfinished', (r) => open.delete(r));
  page.on('requestfailed', (r) => open.delete(r));
}

const MAIN_MENU = 'nav[aria-label="主菜单"]';
const BUSY = '.ant-spin-spinning, .ant-skeleton, [aria-busy="true"]';

/** Waits until the page has loaded its data: its frame drawn, then 300 ms with no API request in flight and no spinner or skeleton. */
async function settle(page: Page) {
  await page.locator('main, #main, form').first().waitFor({ state: 'attached', timeout: 15_000 });
  const deadline = Date.now() + 10_000;
  for (let quiet = 0; quiet < 3 && Date.now() < deadline; ) {
    await page.waitForTimeout(100);
    const busy = (inflight.get(page)?.size ?? 0) > 0 || (await page.locator(BUSY).first().isVisible().catch(() => false));
    quiet = busy ? 0 : quiet + 1;
  }
  await page.evaluate(() => window.scrollTo(0, 0));
}

const slug = (path: string) => path.replace(/^\/(app\/?)?/, '').replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, 'detail').replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') || 'home';

/**
 * Opens a page and checks it. `menu`: the page's link in the side menu, clicked as a person would
 * (the app is not loaded again); otherwise the address is opened.
 */
async function visit(page: Page, w: Where, user: string, rawParametersAllowed: boolean, menu?: string) {
  // what the last page left in flight is not this page's to wait for (a request cut short by a
  // navigation may never report its end)
  inflight.get(page)?.clear();
  if (menu) {
    await page.locator(menu).locator(`a[href="${w.path}"]`).click();
    await page.waitForURL((u) => u.pathname === w.path, { timeout: 15_000 });
  } else {
    const res = await page.goto(`${platform.base}${w.path}`, { waitUntil: 'domcontentloaded' });
    if (!res || res.status() >= 400) throw new Error(`${at(w)}: answered ${res?.status()}`);
  }
  await settle(page);
  const seen = (await page.evaluate(READ_PAGE)) as Seen;
  // a page read before it was drawn would pass every rule: the frame and its menu or navigation at least
  if (seen.texts.length < 5) throw new Error(`${at(w)}: the page shows almost nothing (${seen.texts.map((t) => t.text).join(' | ')})`);
  visits++;
  cellsRead += seen.cells.length;
  fixedRowsMeasured += seen.fixedRows;
  for (const [rule, found] of Object.entries(check(seen, w, rawParametersAllowed))) for (const o of found) offend(rule as Rule, o);
  await shot(page, `house-style-${user}-${slug(w.path)}-${w.width}`);
}

/** The entries of a menu as the page shows them (links, in order). */
async function menuOf(page: Page, selector: string): Promise<{ path: string; label: string }[]> {
  const links = await page.locator(selector).evaluateAll((as) => as.map((a) => ({ path: a.getAttribute('href') ?? '', label: (a.textContent ?? '').trim() })));
  return links.filter((l, i) => l.path.startsWith('/') && links.findIndex((o) => o.path === l.path) === i);
}

/** The first record a list page links to (a detail page under the same menu entry), if any. */
async function firstDetail(page: Page, listPath: string): Promise<string | null> {
  const hrefs = await page.locator(`main a[href^="${listPath}/"], #main a[href^="${listPath}/"]`).evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  return hrefs.find((h) => /\/[0-9a-f]{8}-[0-9a-f-]{27}(?:[?#].*)?$/.test(h)) ?? null;
}

function watch(page: Page, who: string, consoleRule: boolean) {
  page.on('pageerror', (e) => pageErrors.push(`${who} · ${page.url().replace(platform.base, '')}: ${e.message.split('\n')[0]}`));
  if (!consoleRule) return;
  const here = () => page.url().replace(platform.base, '') || '/';
  page.on('console', (m) => {
    if (m.type() === 'error') offend('console', `${who} · ${here()}: console error “${m.text().slice(0, 160)}”`);
  });
  page.on('requestfailed', (r) => {
    // a navigation away cancels what the last page still had in flight: not the page's fault
    if (r.failure()?.errorText !== 'net::ERR_ABORTED') offend('console', `${who} · ${here()}: request failed ${r.method()} ${r.url().replace(platform.base, '')} (${r.failure()?.errorText})`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) offend('console', `${who} · ${here()}: ${r.request().method()} ${r.url().replace(platform.base, '')} answered ${r.status()}`);
  });
}

async function newPage(viewport: { width: number; height: number }, storageState?: Awaited<ReturnType<BrowserContext['storageState']>>): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', storageState });
  const page = await context.newPage();
  trackRequests(page);
  return { context, page };
}

/** Two roles are visited at a time (a page waits on the server half of the time); more would only queue on 2 cores. */
let freeLanes = 2;
const queued: (() => void)[] = [];
async function inLane<T>(f: () => Promise<T>): Promise<T> {
  if (freeLanes > 0) freeLanes--;
  else await new Promise<void>((r) => queued.push(r));
  try {
    return await f();
  } finally {
    const next = queued.shift();
    if (next) next();
    else freeLanes++;
  }
}

/** What each role's visit at 1280 px leaves for the one at 390 px: its session and its menu. */
const signedIn = new Map<string, { state: Awaited<ReturnType<BrowserContext['storageState']>>; menu: { path: string; label: string }[] }>();

/** A made-up page that breaks every rule once, and one that keeps them (the checks must be able to fail). */
const BROKEN_PAGE = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>
  body { margin: 0; font: 14px sans-serif; } td, th { box-sizing: border-box; padding: 8px; text-align: left; white-space: nowrap; }
  .fix { position: sticky; right: 0; background: #fff; }
  .ellipsis { overflow: hidden; text-overflow: ellipsis; }
</style></head><body><main id="main">
  <p>按 SEL-5 办理：demand.publish 权限，记录 0b8f0c8e-1d2e-4f3a-9b8c-7d6e5f4a3b2c，角色 association_admin，字段 budgetFen，预设 003，JSON 编辑器</p>
  <p>联系 kjt.user 或 zhanglx@sdmes.example.cn，https://chengjie.example.cn/portal/verify，2026-05-01 14:30</p>
  <div class="ant-table" style="width: 600px"><div style="overflow-x: auto"><table style="width: 900px; table-layout: fixed; border-collapse: collapse">
    <thead><tr><th style="width: 200px">事项</th><th style="width: 300px">审核意见</th><th style="width: 300px">申报时间</th><th class="ant-table-cell-fix-end fix" style="width: 100px">操作</th></tr></thead>
    <tbody><tr class="ant-table-row"><td>项目一</td><td class="ellipsis">很长的审核意见很长的审核意见很长的审核意见很长的审核意见很长的审核意见</td><td>2026/5/1 09:30</td><td class="ant-table-cell-fix-end fix">查看</td></tr>
    <tr class="ant-table-row"><td>2026-05-01T09:30:00Z</td><td>2026年5月1日</td><td></td><td class="ant-table-cell-fix-end fix">查看</td></tr></tbody>
  </table></div></div>
  <div style="width: 500px">一段比窗口宽的内容</div>
</main></body></html>`;
const KEPT_PAGE = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>
  body { margin: 0; font: 14px sans-serif; } td, th { box-sizing: border-box; padding: 8px; text-align: left; white-space: nowrap; }
  .fix { position: sticky; right: 0; background: #fff; }
  .ellipsis { overflow: hidden; text-overflow: ellipsis; max-width: 150px; }
</style></head><body><main id="main">
  <p>联系 kjt.user 或 zhanglx@sdmes.example.cn，https://chengjie.example.cn/portal/verify，发布需求目录</p>
  <div class="ant-tabs"><div class="ant-tabs-tab">政策参数</div><div class="ant-tabs-tab ant-tabs-tab-active">原始参数（JSON）</div>
    <div class="ant-tabs-tabpane">以 JSON 编辑全部参数</div></div>
  <div class="ant-table" style="width: 360px"><div style="overflow-x: auto"><table style="width: 360px; table-layout: fixed; border-collapse: collapse">
    <thead><tr><th style="width: 170px">审核意见</th><th style="width: 110px">申报日期</th><th class="ant-table-cell-fix-end fix" style="width: 80px">操作</th></tr></thead>
    <tbody><tr class="ant-table-row"><td class="ellipsis">很长的审核意见很长的审核意见很长的审核意见</td><td>2026-05-01</td><td class="ant-table-cell-fix-end fix">查看</td></tr></tbody>
  </table></div></div>
</main></body></html>`;

describe('house style (docs/UI.md) over every menu page of every role', () => {
  it('the checks find each kind of offence on a page made to break the rules, and none on one that keeps them', async () => {
    const { context, page } = await newPage(WIDE);
    try {
      const w = { who: '样例', page: '样例', path: '/sample', width: WIDE.width };
      await page.setContent(BROKEN_PAGE);
      let found = check((await page.evaluate(READ_PAGE)) as Seen, w, false);
      const words = found.words.join('\n');
      for (const s of ['requirement ID “SEL-5”', 'permission code “demand.publish”', 'UUID “0b8f0c8e', 'code “association_admin”', 'field name “budgetFen”', 'preset number “预设 003”', '“JSON”']) expect(words).toContain(s);
      expect(words).not.toMatch(/kjt\.user|zhanglx|chengjie/);
      expect(found.dates.map((d) => /date “([^”]+)”/.exec(d)![1])).toEqual(['2026/5/1 09:30', '2026-05-01T09:30:00Z', '2026年5月1日']);
      // the date cell runs under the fixed column; the clipped (ellipsis) comment does not
      expect(found.fixedColumn).toHaveLength(1);
      expect(found.fixedColumn[0]).toMatch(/the fixed column “操作” covers column “申报时间” in 1 row\(s\)/);

      await page.setViewportSize(NARROW);
      found = check((await page.evaluate(READ_PAGE)) as Seen, { ...w, width: NARROW.width }, false);
      expect(found.overflow).toHaveLength(1);
      expect(found.overflow[0]).toMatch(/the page is 600 px wide in a 390 px window — div\.ant-table “事项 审核意见.*” reaches 600 px; div “一段比窗口宽的内容” reaches 500 px$/);

      // the raw parameter tab may say JSON, to the platform administrator only
      await page.setContent(KEPT_PAGE);
      const none = { words: [], dates: [], fixedColumn: [], overflow: [] };
      expect(check((await page.evaluate(READ_PAGE)) as Seen, { ...w, width: NARROW.width }, true)).toEqual(none);
      const shownToOthers = check((await page.evaluate(READ_PAGE)) as Seen, { ...w, width: NARROW.width }, false).words.join('\n');
      expect(shownToOthers).toContain('the raw parameter editor (for the platform administrator only)');
      expect(shownToOthers).toContain('“JSON” “JSON”');
      await page.setViewportSize(WIDE);
      expect(check((await page.evaluate(READ_PAGE)) as Seen, w, true)).toEqual(none);
    } finally {
      await context.close();
    }
  });

  it('the visitor: the portal’s pages and the login page, at both widths, with a quiet console', async () => {
    const { context, page } = await newPage(WIDE);
    watch(page, '访客', true);
    try {
      await page.goto(`${platform.base}/`);
      await settle(page);
      const nav = await menuOf(page, 'header a[href^="/"], nav a[href^="/"]');
      const pages = [...nav.filter((n) => n.path === '/' || n.path.startsWith('/portal/')), { path: '/login', label: '登录' }];
      expect(pages.length).toBeGreaterThanOrEqual(5);
      for (const viewport of [WIDE, NARROW]) {
        await page.setViewportSize(viewport);
        for (const p of pages) await visit(page, { who: '访客', page: p.label || p.path, path: p.path, width: viewport.width }, 'visitor', false);
      }
    } finally {
      await context.close();
    }
  });

  for (const r of ROLES) {
    const what = r.details ? 'the menu pages and the first record of each list' : 'the menu pages';
    it.concurrent(`${r.role} ${r.user}: ${what} at 1280 px`, async ({ expect }) => {
      await inLane(async () => {
        const { context, page } = await newPage(WIDE);
        const who = `${r.role} ${r.user}`;
        watch(page, who, false);
        const raw = !!r.rawParameters;
        try {
          await login(page, platform.base, r.user);
          await page.locator(MAIN_MENU).locator('a').first().waitFor({ timeout: 30_000 });
          await settle(page);
          const menu = await menuOf(page, `${MAIN_MENU} a[href^="/app"]`);
          expect(menu.length, `${who}: the menu`).toBeGreaterThanOrEqual(3);
          signedIn.set(r.user, { state: await context.storageState(), menu });
          const details: { path: string; label: string }[] = [];
          for (const m of menu) {
            await visit(page, { who, page: m.label, path: m.path, width: WIDE.width }, r.user, raw, MAIN_MENU);
            if (m.path === '/app' || !r.details) continue;
            const d = await firstDetail(page, m.path);
            if (d) details.push({ path: d, label: `${m.label} › 详情` });
          }
          for (const d of details) await visit(page, { who, page: d.label, path: d.path, width: WIDE.width }, r.user, raw);
        } finally {
          await context.close();
        }
      });
      // the roles start together and wait for one of the two lanes: the time counts from the start,
      // queue included (the last role in line waits for six others)
    }, 900_000);
  }

  it('390 px: every menu page, each by the first role whose menu has it', async () => {
    // the narrow layout is the page's, whoever reads it: each path once keeps the run short
    const seen = new Set<string>();
    for (const r of ROLES) {
      const s = signedIn.get(r.user);
      if (!s) throw new Error(`${r.user}: not signed in (its visit at 1280 px failed)`);
      const todo = s.menu.filter((m) => !seen.has(m.path));
      if (!todo.length) continue;
      const { context, page } = await newPage(NARROW, s.state);
      const who = `${r.role} ${r.user}`;
      watch(page, who, false);
      try {
        for (const m of todo) {
          seen.add(m.path);
          await visit(page, { who, page: m.label, path: m.path, width: NARROW.width }, r.user, !!r.rawParameters);
        }
      } finally {
        await context.close();
      }
    }
    expect(seen.size).toBeGreaterThanOrEqual(10);
  }, 300_000);

  // each rule names every offence found above at once
  it('(a) no developer text: requirement IDs, UUIDs, raw codes, field names, “JSON”', () => {
    expect(visits).toBeGreaterThan(0);
    expect(offences.words).toEqual([]);
  });
  it('(b) at 390 px no page scrolls sideways as a whole', () => {
    expect(visits).toBeGreaterThan(0);
    expect(offences.overflow).toEqual([]);
  });
  it('(c) at 1280 px no fixed action column covers data', () => {
    expect(fixedRowsMeasured, 'table rows with a fixed column measured').toBeGreaterThan(0);
    expect(offences.fixedColumn).toEqual([]);
  });
  it('(d) dates in tables read 2026-05-01 or 2026-05-01 14:30', () => {
    expect(cellsRead, 'table cells read').toBeGreaterThan(100);
    expect(offences.dates).toEqual([]);
  });
  it('(e) a visitor’s console stays quiet on the portal and the login page', () => {
    expect(visits).toBeGreaterThan(0);
    expect(offences.console).toEqual([]);
  });
  it('no page throws an uncaught error, whoever is signed in', () => {
    expect(visits).toBeGreaterThan(0);
    expect(pageErrors).toEqual([]);
  });
});
