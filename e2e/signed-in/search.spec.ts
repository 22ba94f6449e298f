import { beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../support/browser.js';
import { seedReview } from '../../test/helpers/review-content.js';
import { SignedInPage, squash } from './pages/base.js';
import { seedPartnership, useSignedInSuite, type Partnership } from './support.js';

// Search across the partnership's reviews (issue 19 §2), without JavaScript: the review's business
// manager searches for words of a finding, sees it ranked with its words marked, and follows the link
// to the findings page. Each state passes axe (WCAG 2.2 AA) as it loads.
const suite = useSignedInSuite();

class SearchPage extends SignedInPage {
  readonly heading = 'Search';
  constructor(
    session: Session,
    readonly q: string,
  ) {
    super(session);
  }
  get path() {
    return `/search?q=${encodeURIComponent(this.q)}`;
  }
  get results() {
    return this.main.locator('[aria-labelledby="review-results-heading"] li');
  }
}

class FindingsPage extends SignedInPage {
  readonly heading = 'Findings and recommendations';
  constructor(
    session: Session,
    readonly reviewId: string,
  ) {
    super(session);
  }
  get path() {
    return `/reviews/${this.reviewId}/findings`;
  }
}

let p: Partnership;
let lead: Session;
let reviewId: string;

beforeAll(async () => {
  p = await seedPartnership(suite.app.testApp.app.db, 'Anytown Safeguarding Children Partnership');
  const actor = {
    userId: p.lead.id,
    organisationId: p.id,
    partnershipRole: 'member' as const,
    ip: null,
    userAgent: null,
  };
  const framework = suite.app.testApp.app.frameworks.latest('scr-quality-markers')!;
  reviewId = (
    await seedReview(suite.app.testApp.app.db, framework, actor, {
      reference: 'LCSPR 2026/61',
      rounds: 1,
      answersPerMarker: 0,
      findings: 1,
      actions: 0,
    })
  ).review.id;
  lead = await suite.session({ javaScript: false, as: { person: p.lead, organisationId: p.id } });
});

describe('Search in a partnership', () => {
  it('finds a finding by another form of its words, marks them and links to it', async () => {
    const search = await new SearchPage(lead, 'professional sharing').goto();
    expect(await search.results.count()).toBe(1);
    const result = search.results.first();
    expect(squash((await result.locator('h3 a').textContent()) ?? '')).toBe('Finding 1, LCSPR 2026/61');
    expect(await result.locator('mark').allInnerTexts()).toEqual(['professionals', 'share']);
    await search.submit(new FindingsPage(lead, reviewId), () => result.locator('h3 a').click());
  });

  it('says when nothing in the reviews matches', async () => {
    const search = await new SearchPage(lead, 'zeppelin').goto();
    expect(squash(await search.main.innerText())).toContain('Nothing in the reviews you can see matches ‘zeppelin’.');
  });
});
