import type { Page } from 'playwright-core';
import { recordAudit } from './coverage.js';

/** WCAG 1.4.10 Reflow: content works at 320 CSS pixels wide (1280 px at 400 % zoom) without scrolling sideways. */
export const NARROW_WIDTH = 320;

/** A scroll region a wide data table may scroll in (src/views/partials/table-region.njk). */
const TABLE_REGION = '[role="region"][tabindex="0"][aria-labelledby]';

/**
 * Resizes the page that is showing to 320 px wide, with no new load, checks that the document does not
 * scroll sideways (a table region may scroll inside itself; its overflow is not the document's), runs
 * `audit` (axe again: some faults only appear at this width), and puts the width back for the test to go on.
 */
export async function atNarrowWidth(page: Page, url: string, mode: string, audit: () => Promise<void>): Promise<void> {
  recordAudit(url);
  const where = `${new URL(url).pathname}${new URL(url).search} (${mode})`;
  const size = page.viewportSize() ?? { width: 1280, height: 900 };
  await page.setViewportSize({ width: NARROW_WIDTH, height: size.height });
  try {
    await afterMediaQueries(page);
    const overflow = await page.evaluate(documentOverflow, TABLE_REGION);
    if (overflow) {
      throw new Error(
        `${where} scrolls sideways at ${NARROW_WIDTH} px wide (WCAG 1.4.10 Reflow): the document is ` +
          `${overflow.scrollWidth} px wide, the window ${overflow.clientWidth} px. Wrap a wide table in ` +
          `appTableRegion, or let the content wrap. What sticks out:\n${overflow.culprits.map((c) => `  - ${c}`).join('\n')}`,
      );
    }
    await audit();
  } finally {
    await page.setViewportSize(size);
    await afterMediaQueries(page);
  }
}

/**
 * Waits for the page's next frame after a resize. Scripts that follow a media query (govuk-frontend's
 * service navigation swaps its list for a Menu button below the tablet width) run in that frame; before
 * it, axe could see the other width's page and a key pressed next could land on an element being hidden.
 */
async function afterMediaQueries(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => resolve())));
}

/** Runs in the page: null if the document fits its window, else its widths and the outermost elements that stick out. */
function documentOverflow(regionSelector: string) {
  const root = document.documentElement;
  if (root.scrollWidth <= root.clientWidth) return null;
  const sticksOut = (el: Element) => el.getBoundingClientRect().right > root.clientWidth + 0.5;
  const describe = (el: Element) => {
    const classes = Array.from(el.classList)
      .map((c) => `.${c}`)
      .join('');
    const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 60);
    return `<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${classes}> right edge at ${Math.round(el.getBoundingClientRect().right)} px: "${text}"`;
  };
  const outermost = Array.from(document.body.querySelectorAll('*')).filter(
    (el) => sticksOut(el) && !(el.parentElement && sticksOut(el.parentElement)),
  );
  // Outside a table region, unless the overflow comes from inside one (an absolutely placed child of a
  // region that is not positioned escapes its scrolling).
  // Text wider than its box (a long word) does not widen the box: name the box it spills out of.
  const spilling = Array.from(document.body.querySelectorAll('*')).filter(
    (el) => el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0 && getComputedStyle(el).overflowX === 'visible',
  );
  const outside = [...outermost, ...spilling].filter((el) => !el.closest(regionSelector));
  const culprits = (outside.length ? outside : outermost).slice(0, 8).map(describe);
  return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, culprits };
}
