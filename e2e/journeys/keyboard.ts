import { beforeAll, describe, expect, it } from 'vitest';
import { MarkerPage } from '../pages/index.js';
import type { Session } from '../support/browser.js';
import { focused, type Focused } from '../support/focus.js';
import type { BrowserSuite } from '../support/suite.js';

// Journey (c): keyboard only, on a marker page: skip link, audience radios, pagination. Focus is
// always visible on whatever Tab reaches.
/** JavaScript reacts at once, but the machine running the suite may be busy. */
const POLL = { timeout: 5_000 };

export function keyboardJourney(suite: BrowserSuite): void {
  let session: Session;
  beforeAll(async () => {
    session = await suite.session({ javaScript: true });
  });

  const MAX_TABS = 60;

  /** Presses Tab until `done` says so, checking the focus indicator of everything on the way. */
  async function tabUntil(done: (f: Focused) => boolean, what: string): Promise<Focused> {
    const path: string[] = [];
    for (let i = 0; i < MAX_TABS; i++) {
      await session.page.keyboard.press('Tab');
      const now = await focused(session.page);
      path.push(now.description);
      expect(now.indicatorVisible, `focus is visible on ${now.description} (${now.indicator})`).toBe(true);
      if (done(now)) return now;
    }
    throw new Error(`Tab never reached ${what} in ${MAX_TABS} presses. Reached:\n  ${path.join('\n  ')}`);
  }

  describe('keyboard only, on a marker page', () => {
    let marker: MarkerPage;

    it('reaches the skip link first, and Enter on it moves focus to the main content', async () => {
      marker = await new MarkerPage(
        session,
        'scr-quality-markers',
        'informing-the-family',
        'Informing the family',
      ).goto();
      await session.page.keyboard.press('Tab');
      const first = await focused(session.page);
      expect(first.classes, first.description).toContain('govuk-skip-link');
      expect(first.href).toBe('#main-content');
      expect(first.indicatorVisible, `skip link focus (${first.indicator})`).toBe(true);
      expect(await session.page.locator('.govuk-skip-link').isVisible(), 'the skip link shows when focused').toBe(true);

      await session.page.keyboard.press('Enter');
      // govuk-frontend focuses <main> itself (with tabindex=-1); it is not an interactive control.
      await expect.poll(async () => (await focused(session.page)).id, POLL).toBe('main-content');
    });

    it('Tab reaches the audience radios and the arrow keys change the audience', async () => {
      const radio = await tabUntil((f) => f.type === 'radio', 'the audience radios');
      expect(radio.value, 'Tab lands on the checked radio').toBe('');
      const total = await marker.questions.count();

      await session.page.keyboard.press('ArrowDown');
      let now = await focused(session.page);
      expect(now.value).toBe('partners');
      expect(now.indicatorVisible, now.indicator).toBe(true);
      expect(await marker.checkedAudience()).toBe(
        'Lead and delegated safeguarding partners, and the partnership chair',
      );
      await expect
        .poll(() => marker.questionCountText(), POLL)
        .toMatch(/for lead and delegated safeguarding partners, and the partnership chair\.$/);

      await session.page.keyboard.press('ArrowDown');
      await session.page.keyboard.press('ArrowDown');
      now = await focused(session.page);
      expect(now.value).toBe('lead-reviewer');
      await expect.poll(() => marker.questionCountText(), POLL).toMatch(/for lead reviewer\.$/);
      expect(marker.params().get('audience')).toBe('lead-reviewer');

      await session.page.keyboard.press('ArrowUp');
      await session.page.keyboard.press('ArrowUp');
      await session.page.keyboard.press('ArrowUp');
      now = await focused(session.page);
      expect(now.value).toBe('');
      await expect.poll(() => marker.questionCountText(), POLL).toBe(`Showing all ${total} questions.`);
    });

    it('Tab reaches the next-marker link and Enter follows it', async () => {
      const next = await tabUntil(
        (f) => f.tag === 'a' && f.classes.includes('govuk-link') && /Next/.test(f.text),
        'next',
      );
      expect(next.href).toBe('/frameworks/scr-quality-markers/clarity-of-purpose');
      const to = new MarkerPage(session, 'scr-quality-markers', 'clarity-of-purpose', 'Clarity of purpose');
      await Promise.all([session.page.waitForURL(`**${to.path}`), session.page.keyboard.press('Enter')]);
      await to.expectLoaded();
    });
  });
}
