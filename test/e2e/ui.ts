// UI helpers shared by the browser journeys: settled screenshots, antd buttons, selects, dialogs,
// toasts and list rows, written once for the quirks of antd 6 in Chromium.
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { shot, visible } from './support.js';

/** A screenshot of the settled page (no spinner), scrolled to the top so the fixed header sits there. */
export async function snap(page: Page, name: string) {
  await page.locator('.ant-spin-spinning, .ant-skeleton').first().waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(400); // the fade of a finished spinner, the menu's ink bar
  await shot(page, name);
}

/** A button's name: antd puts a space between the two characters of a two-character label (保 存), and an icon adds its own name before it. */
export const btn = (label: string) => new RegExp(`(^|\\s)${label.split('').join('\\s*')}$`);

/** Chooses an option of an antd Select or TreeSelect (searchable) by its label; retries if the list re-renders under the click. */
export async function pick(scope: Page | Locator, page: Page, label: string, option: string | RegExp) {
  // the newest open list: a closed dialog may leave its select's list behind
  const dropdown = page.locator('.ant-select-dropdown:visible').last();
  // what the field shows once chosen: a form that re-renders under the click (its options or initial
  // values arriving late) may drop the choice, and the journey would only learn it at 保存
  const field = scope.getByLabel(label, { exact: true }).locator('xpath=ancestor::*[contains(concat(" ", normalize-space(@class), " "), " ant-select ")][1]');
  const holds = async () => {
    const text = (await field.textContent({ timeout: 2_000 }).catch(() => null)) ?? '';
    return typeof option === 'string' ? text.includes(option) : option.test(text);
  };
  for (let attempt = 1; ; attempt++) {
    await scope.getByLabel(label, { exact: true }).click();
    const choice = dropdown.getByTitle(option, typeof option === 'string' ? { exact: true } : undefined).first();
    try {
      await dropdown.waitFor({ state: 'visible', timeout: 5_000 });
      // the lists are virtual: an option far down is not rendered until the search brings it up
      if (typeof option === 'string' && !(await choice.isVisible())) await page.keyboard.type(option);
      // a multiple select stays open: never click an option already chosen (that would unselect it)
      if (!/-selected\b/.test((await choice.getAttribute('class', { timeout: 5_000 })) ?? '')) await choice.click({ timeout: 5_000 });
      await dropdown.waitFor({ state: 'hidden', timeout: 2_000 }).catch(() => page.keyboard.press('Escape'));
      // chosen and still there; after the last attempt the journey's own checks have the word
      if (attempt === 3 || (await holds())) return;
    } catch (e) {
      if (attempt === 3) throw e;
      await page.keyboard.press('Escape');
    }
  }
}

/** The open confirmation dialog (modal.confirm) with this title. */
export const confirmDialog = (page: Page, title: string | RegExp) => page.locator('.ant-modal-confirm').filter({ hasText: title });

/**
 * Waits until a dialog is shown and has finished zooming in: a click during the animation lands
 * where the button is going to be, not where it is (on a loaded machine it then hits the mask).
 */
export async function shown(dialog: Locator) {
  await visible(dialog);
  await expect.poll(async () => (await dialog.first().getAttribute('class')) ?? '', { timeout: 10_000 }).not.toMatch(/-(appear|enter)\b/);
}

/** Answers a confirmation dialog with its OK button and waits for it to close. */
export async function confirm(page: Page, title: string | RegExp, ok: string) {
  const dialog = confirmDialog(page, title);
  await shown(dialog);
  await dialog.getByRole('button', { name: btn(ok) }).click();
  await dialog.waitFor({ state: 'hidden', timeout: 30_000 });
}

/** The antd message toast with this text. */
export const toast = (page: Page, text: string | RegExp) => page.locator('.ant-message-notice').filter({ hasText: text });

/** Runs a keyword query in a list page (ListPage) and waits for the row. */
export async function findRow(page: Page, keyword: string): Promise<Locator> {
  await page.getByLabel('关键词', { exact: true }).fill(keyword);
  await page.getByRole('button', { name: btn('查询') }).click();
  const row = page.locator('.ant-table-row').filter({ hasText: keyword });
  await visible(row);
  return row.first();
}

