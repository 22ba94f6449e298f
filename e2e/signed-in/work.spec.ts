import { beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../support/browser.js';
import { squash } from './pages/base.js';
import { SignOffRoundPage } from './pages/lifecycle.js';
import { ReviewPage, ReviewsPage, type NewReview } from './pages/reviews.js';
import { MarkerRecordPage, type RoundPage } from './pages/rounds.js';
import { WorkPage } from './pages/work.js';
import { seedPartnership, useSignedInSuite, type Partnership } from './support.js';

// "Your work" (issue 17 §1), without JavaScript unless said: the panel member finds the marker she owns
// from her home page and opens it; the chair is told a round waits for his sign-off, follows the link
// and approves it, after which his home page has nothing for him. Each state passes axe (WCAG 2.2 AA)
// and logs no console errors (the page objects check both as each page loads).
const suite = useSignedInSuite();

const REVIEW: NewReview = {
  reference: 'LCSPR 2026/44',
  title: 'An infant with a head injury',
  pseudonym: 'Child J',
  type: 'Local child safeguarding practice review',
  method: 'Significant incident learning process (SILP)',
};

let p: Partnership;
let lead: Session;
let chair: Session;
let chairJs: Session;
let panel: Session;
let round: RoundPage;

beforeAll(async () => {
  p = await seedPartnership(suite.app.db, 'Anytown Safeguarding Children Partnership');
  [lead, chair, chairJs, panel] = await Promise.all([
    suite.session({ javaScript: false, as: { person: p.lead, organisationId: p.id } }),
    suite.session({ javaScript: false, as: { person: p.chair, organisationId: p.id } }),
    suite.session({ javaScript: true, as: { person: p.chair, organisationId: p.id } }),
    suite.session({ javaScript: false, as: { person: p.panel, organisationId: p.id } }),
  ]);
});

describe('Your work', () => {
  it('has nothing for anyone before a review is set up', async () => {
    const home = await new WorkPage(panel).goto();
    expect(squash(await home.main.innerText())).toContain('Nothing needs you just now');
  });

  it('shows the panel member the markers she owns; she goes to the first and saves and continues to the next', async () => {
    const review = await new ReviewsPage(lead).goto().then((list) => list.openNew().then((f) => f.start(REVIEW)));
    const team = await review.openTeam();
    await team.add(p.chair.name, 'Chair (signs off)').then((t) => t.add(p.panel.name, 'Panel member'));
    const overview = await new ReviewPage(lead, review.id, REVIEW.title).goto();
    round = await overview.openNewRound().then((form) => form.start('Planning', 1));
    await suite.app.db
      .updateTable('marker_record')
      .set({ owner_user_id: p.panel.id })
      .where('round_id', '=', round.roundId)
      .where('marker_key', 'in', ['referral', 'decision-making'])
      .execute();

    const home = await new WorkPage(panel).goto();
    expect(squash(await home.main.locator('h2').first().innerText())).toBe('Your markers to complete');
    expect((await home.items.allInnerTexts()).map(squash)).toEqual([
      `Marker 1: Referral (${REVIEW.reference})`,
      `Marker 2: Decision making (${REVIEW.reference})`,
    ]);
    const marker = new MarkerRecordPage(panel, round.reviewId, round.roundId, 'referral', '1. Referral');
    const first = await home.submit(marker, () => home.items.first().click());
    await first.note(1).fill('The referral came from the emergency department.');
    const second = await first.saveAndContinue({ key: 'decision-making', title: '2. Decision making' });
    expect(await second.successText()).toContain('Your changes to 1. Referral have been saved.');
  });

  it('tells the chair a round waits for his sign-off; he follows the link and approves it', async () => {
    await new SignOffRoundPage(lead, round.reviewId, round.roundId, 1).goto().then((r) => r.step('Send for sign-off'));
    const home = await new WorkPage(chair).goto();
    expect(squash(await home.main.locator('h2').first().innerText())).toBe('Rounds waiting for your sign-off');
    const toDecide = await home.submit(new SignOffRoundPage(chair, round.reviewId, round.roundId, 1), () =>
      home.main.getByRole('link', { name: `Round 1 (${REVIEW.reference})` }).click(),
    );
    expect(await toDecide.buttons()).toContain('Approve and lock');
    await toDecide.step('Approve and lock', 'Approved from my home page.');
    const after = await new WorkPage(chairJs).goto();
    expect(squash(await after.main.innerText())).not.toContain('Rounds waiting for your sign-off');
  });

  it('is where the service name and the first navigation item lead', async () => {
    const list = await new ReviewsPage(chairJs).goto();
    const nav = list.page.locator('.govuk-service-navigation__item');
    expect((await nav.allInnerTexts()).slice(0, 2).map(squash)).toEqual(['Your work', 'Reviews']);
    await list.submit(new WorkPage(chairJs), () => list.page.locator('.govuk-generic-header__homepage-link').click());
  });
});
