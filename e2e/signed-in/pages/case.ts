import { PlainPage } from './base.js';

/** Helpers for the journeys of a case from its referral to publication (case-*.spec.ts). */

/** Fills a GOV.UK date input (`name`-day, -month, -year) from an ISO date. */
export async function fillDate(page: PlainPage, name: string, iso: string): Promise<void> {
  const [year, month, day] = iso.split('-');
  await page.page.locator(`#${name}-day`).fill(String(Number(day)));
  await page.page.locator(`#${name}-month`).fill(String(Number(month)));
  await page.page.locator(`#${name}-year`).fill(year!);
}

export const pathOf = (url: string): string => new URL(url).pathname;

/** The text of the first element matching `selector` in the page's main content, spaces squashed. */
export async function textOf(page: PlainPage, selector: string): Promise<string> {
  return (await page.main.locator(selector).first().innerText()).replace(/\s+/g, ' ').trim();
}
