import axe from 'axe-core';
import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import { pageStateKey } from './page-state.js';
import { atNarrowWidth } from './reflow.js';

/** WCAG 2.2 AA, as the accessibility statement promises. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  targets: string[];
}

/**
 * Page states axe has passed in this worker, at both widths (e2e/support/page-state.ts). Spec files share
 * their worker's modules, so a state one file audited is not audited again by the next: axe is about half of
 * the browser suite's CPU, and about one audit in six was of a state already passed (docs/testing.md).
 */
const passedStates = new Set<string>();

/**
 * axe at the window's width, then the reflow check and axe again at 320 px (e2e/support/reflow.ts); fails
 * with a readable list of violations. A page state axe has already passed gets the reflow check only (its
 * words, which the state leaves out, can still be too wide). `url` names the page in messages when `page`
 * shows a copy of it.
 */
export async function auditPage(page: Page, mode: string, url = page.url()): Promise<void> {
  const state = createHash('sha256')
    .update(`${mode}\n${await page.evaluate(pageStateKey)}`)
    .digest('base64');
  if (passedStates.has(state)) {
    await atNarrowWidth(page, url, mode, async () => {});
    return;
  }
  await expectNoViolations(page, mode, url);
  await atNarrowWidth(page, url, mode, () => expectNoViolations(page, `${mode}, 320 px wide`, url));
  passedStates.add(state);
}

async function expectNoViolations(page: Page, mode: string, url: string): Promise<void> {
  const violations = await axeViolations(page);
  if (!violations.length) return;
  const lines = violations.flatMap((v) =>
    v.targets.map((target) => `  - ${v.id} (${v.impact ?? 'unknown impact'}) at ${target}: ${v.help}`),
  );
  const where = new URL(url);
  const help = [...new Set(violations.map((v) => `  ${v.id}: ${v.helpUrl}`))];
  throw new Error(
    `axe found ${lines.length} accessibility violation(s) on ${where.pathname}${where.search} (${mode}):\n` +
      `${lines.join('\n')}\nMore:\n${help.join('\n')}`,
  );
}

/**
 * Runs axe-core's WCAG 2.2 AA rules on the document as it is now. axe's source (1.3 MB) goes into a
 * document once, and later runs on the same document (the 320 px run, a later state of a page changed in
 * place) only run the rules: @axe-core/playwright's analyze() evaluated the whole source twice on every run,
 * which cost more than the rules themselves (docs/testing.md). Our pages have no frames, so axe.run() in the
 * page sees all of it.
 */
async function axeViolations(page: Page): Promise<Violation[]> {
  const loaded = await page.evaluate(() => typeof (window as { axe?: unknown }).axe === 'object');
  if (!loaded) await page.evaluate(axe.source);
  return page.evaluate(async (tags) => {
    const results = await (window as unknown as { axe: typeof axe }).axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      helpUrl: v.helpUrl,
      targets: v.nodes.map((node) => node.target.join(' ')),
    }));
  }, AXE_TAGS);
}
