import type { Locator } from 'playwright-core';
import type { Session } from '../support/browser.js';
import { AppPage } from './app-page.js';
import { MarkerPage } from './marker.js';
import { PrintPage } from './print.js';

/** The frameworks in frameworks/*.yaml, as the pages show them. */
export const FRAMEWORKS = {
  'scr-quality-markers': { title: 'Serious Case Review Quality Markers', markerCount: 18 },
  'sar-quality-markers': { title: 'Safeguarding Adult Review Quality Markers', markerCount: 15 },
} as const;

export type FrameworkKey = keyof typeof FRAMEWORKS;

/** `/frameworks/:key`: a framework's markers, stage by stage. */
export class FrameworkPage extends AppPage {
  readonly path: string;
  readonly heading: string;

  constructor(
    session: Session,
    readonly key: FrameworkKey,
  ) {
    super(session);
    this.path = `/frameworks/${key}`;
    this.heading = FRAMEWORKS[key].title;
  }

  get markerLinks(): Locator {
    return this.page.locator('.app-marker-list__item h3 a');
  }

  /** Follows the link to a marker, named as the list shows it: "1. Referral". */
  openMarker(markerKey: string, linkText: string): Promise<MarkerPage> {
    const title = linkText.replace(/^\d+\.\s*/, '');
    return this.follow(new MarkerPage(this.session, this.key, markerKey, title), this.link(linkText));
  }

  openPrint(): Promise<PrintPage> {
    return this.follow(new PrintPage(this.session, this.key), this.link('Print all the questions'));
  }
}
