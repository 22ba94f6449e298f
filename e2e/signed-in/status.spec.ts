import { beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../support/browser.js';
import { SignedInPage, squash } from './pages/base.js';
import { ReviewPage, ReviewsPage, type NewReview } from './pages/reviews.js';
import { seedPartnership, useSignedInSuite, type Partnership } from './support.js';

// A review's status (issue 18 §3): the business manager tries to start the review before its terms of
// reference are written and is told what is missing, writes them and moves it on. Without JavaScript, and
// the status page with it (its date input is revealed under its radio). axe on every state. The
// publication record is walked in case-children.spec.ts and case-adult.spec.ts.
const suite = useSignedInSuite();

const REVIEW: NewReview = {
  reference: 'LCSPR 2026/45',
  title: 'A baby with a broken arm',
  pseudonym: 'Child K',
  type: 'Local child safeguarding practice review',
  method: 'Significant incident learning process (SILP)',
};

class StatusPage extends SignedInPage {
  readonly path: string;
  readonly heading = 'Status';
  constructor(
    session: Session,
    readonly reviewId: string,
  ) {
    super(session);
    this.path = `/reviews/${reviewId}/status`;
  }

  move(to: string, date?: [string, string, string]): Promise<StatusPage> {
    return this.submit(new StatusPage(this.session, this.reviewId), async () => {
      await this.main.getByLabel(to, { exact: true }).check();
      if (date) {
        for (const [part, value] of [
          ['day', date[0]],
          ['month', date[1]],
          ['year', date[2]],
        ] as const) {
          await this.page.locator(`#termsAgreedOn-${part}`).fill(value);
        }
      }
      await this.button('Move the review').click();
    });
  }
}

let p: Partnership;
let lead: Session;
let leadJs: Session;
let review: ReviewPage;

beforeAll(async () => {
  p = await seedPartnership(suite.app.db, 'Anytown Safeguarding Children Partnership');
  [lead, leadJs] = await Promise.all([
    suite.session({ javaScript: false, as: { person: p.lead, organisationId: p.id } }),
    suite.session({ javaScript: true, as: { person: p.lead, organisationId: p.id } }),
  ]);
  review = await new ReviewsPage(lead).goto().then((list) => list.openNew().then((f) => f.start(REVIEW)));
});

describe('the review’s status', () => {
  it('says what is missing before the review can run, then moves it on and shows the timeline', async () => {
    const status = await new StatusPage(lead, review.id).goto();
    const refused = await status.move('Running');
    await refused.expectErrors([
      'Enter the date the terms of reference were agreed',
      'The scope and terms of reference have not been written',
    ]);
    const scope = await new ReviewPage(lead, review.id, REVIEW.title).goto().then((r) => r.openScope());
    await scope.openSection('period', 'Period under review').then((s) => s.save('From birth to the injury.', true));

    const withJs = await new StatusPage(leadJs, review.id).goto();
    const moved = await withJs.move('Running', ['20', '11', '2026']);
    expect(squash(await moved.successBanner.innerText())).toContain('The review is now at running.');
    const overview = await new ReviewPage(lead, review.id, REVIEW.title).goto();
    expect(squash(await overview.main.locator('.app-status-timeline').innerText())).toContain(
      'Moved from setting up to running',
    );
  });
});
