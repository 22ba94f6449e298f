import type { Session } from '../support/browser.js';
import type { AppPage } from './app-page.js';
import { AboutPage, AccessibilityPage, NotFoundPage, PrivacyPage } from './content.js';
import { FrameworkPage } from './framework.js';
import { FrameworksPage } from './frameworks.js';
import { MarkerPage } from './marker.js';
import { PrintPage } from './print.js';
import { SearchPage } from './search.js';
import { StartPage } from './start.js';

export { AboutPage, AccessibilityPage, ApiDocsPage, NotFoundPage, PrivacyPage } from './content.js';
export { AppPage } from './app-page.js';
export { FRAMEWORKS, FrameworkPage, type FrameworkKey } from './framework.js';
export { FrameworksPage } from './frameworks.js';
export { MarkerPage } from './marker.js';
export { PrintPage } from './print.js';
export { SearchPage } from './search.js';
export { StartPage } from './start.js';

export const REVIEW_OUTPUTS = { key: 'review-outputs', title: 'Review outputs' };

/** Every public page, in each of its states, by name. */
export const EVERY_PAGE: [string, (session: Session) => AppPage][] = [
  ['start', (s) => new StartPage(s)],
  ['frameworks', (s) => new FrameworksPage(s)],
  ['SCR framework', (s) => new FrameworkPage(s, 'scr-quality-markers')],
  ['SAR framework', (s) => new FrameworkPage(s, 'sar-quality-markers')],
  ['SCR marker', (s) => new MarkerPage(s, 'scr-quality-markers', 'referral', 'Referral')],
  [
    'SCR marker for one audience',
    (s) => new MarkerPage(s, 'scr-quality-markers', 'informing-the-family', 'Informing the family', 'lead-reviewer'),
  ],
  [
    'SCR marker with no questions for the audience',
    (s) => new MarkerPage(s, 'scr-quality-markers', 'referral', 'Referral', 'lead-reviewer'),
  ],
  ['SAR marker for one audience', (s) => new MarkerPage(s, 'sar-quality-markers', 'referral', 'Referral', 'board')],
  ['search, empty form', (s) => new SearchPage(s)],
  ['search with results', (s) => new SearchPage(s, 'family')],
  ['search with no words (error)', (s) => new SearchPage(s, ' ')],
  ['search with no results', (s) => new SearchPage(s, 'zyzzyva')],
  ['print, every stage', (s) => new PrintPage(s, 'scr-quality-markers')],
  ['print, one stage', (s) => new PrintPage(s, 'scr-quality-markers', REVIEW_OUTPUTS)],
  ['404', (s) => new NotFoundPage(s, '/no-such-page')],
  ['404 for an unknown marker', (s) => new NotFoundPage(s, '/frameworks/scr-quality-markers/no-such-marker')],
  ['about', (s) => new AboutPage(s)],
  ['accessibility statement', (s) => new AccessibilityPage(s)],
  ['privacy', (s) => new PrivacyPage(s)],
];
