import { beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../support/browser.js';
import { PlainPage } from './pages/base.js';
import { fillDate, pathOf, textOf } from './pages/case.js';
import { seedPartnership, useSignedInSuite } from './support.js';

// An adult's case (issue 18, "Done when"), without JavaScript, as a partnership admin: an s44 referral goes
// straight to a decision; a mandatory review is refused until every s44 condition has its reason, then
// starts the safeguarding adult review, whose page shows the adult clocks and never a children's one; the
// board publishes the improvements only. Each page state passes axe at 1280 and 320 px (as each page loads).
const suite = useSignedInSuite();
let s: Session;

const CONDITIONS = ['careNeeds', 'harm', 'abuseKnownOrSuspected', 'jointWorking'];
const TITLE = 'Safeguarding adult review: Adult B';

beforeAll(async () => {
  const p = await seedPartnership(suite.app.db, 'Anytown Safeguarding Adults Board');
  s = await suite.session({ javaScript: false, as: { person: p.admin, organisationId: p.id } });
});

describe('an adult’s case', () => {
  it('goes from an s44 referral to a mandatory SAR and an improvements-only publication', async () => {
    const form = await new PlainPage(s, '/referrals/new?route=s44-referral', 'Record an adult’s referral').goto();
    await fillDate(form, 'receivedOn', '2026-03-02');
    await form.field('Agency that referred or notified').fill('Adult social care');
    await form.field('Pseudonym').fill('Adult B');
    for (const key of CONDITIONS) await form.page.locator(`#criteria-${key}`).check();
    const referral = await form.submit(
      (url) => new PlainPage(s, pathOf(url), 'Adult B, received 2 March 2026'),
      () => form.button('Record it').click(),
    );
    expect(await referral.main.locator('#rapid-review').count(), 'an adult’s referral has no rapid review').toBe(0);

    const decision = await referral.submit(new PlainPage(s, `${referral.path}/decision`, 'Record the decision'), () =>
      referral.main.getByRole('button', { name: 'Record the decision' }).click(),
    );
    await decision.page
      .getByLabel('Hold a safeguarding adult review: the duty in section 44(1) to (3) applies')
      .check();
    await decision.field('Reasons for the decision').fill('Every condition of section 44 is met.');
    await decision.page.locator('#criteria-careNeeds').check();
    await decision.page.locator('#reason-careNeeds').fill('Assessed under the Care Act in 2025.');
    await fillDate(decision, 'decidedOn', '2026-03-25');
    await decision.field('Who decided, by role').fill('The board’s SAR subgroup');
    const refused = await decision.submit(
      new PlainPage(s, `${referral.path}/decision`, 'Record the decision', 400),
      () => decision.button('Record the decision').click(),
    );
    await refused.expectErrors([
      'A mandatory review needs every section 44 condition met: select each, with a reason, or choose a discretionary review',
    ]);
    for (const key of CONDITIONS.slice(1)) {
      await refused.page.locator(`#criteria-${key}`).check();
      await refused.page.locator(`#reason-${key}`).fill('Found in the referral and agency records.');
    }
    const review = await refused.submit(
      (to) => new PlainPage(s, pathOf(to), TITLE),
      () => refused.button('Record the decision').click(),
    );
    expect(await textOf(review, '#review-origin')).toContain(
      'Started from the referral received on 2 March 2026 from Adult social care',
    );
    const clocks = await textOf(review, '#timescales');
    expect(clocks).toContain('Decision on the referral');
    for (const children of ['Notification', 'Rapid review', 'Panel response', 'told to the Panel']) {
      expect(clocks, 'a SAR shows no children’s clock').not.toContain(children);
    }

    const reviewId = pathOf(review.page.url()).split('/').pop()!;
    const publication = await review.submit(new PlainPage(s, `/reviews/${reviewId}/publication`, 'Publication'), () =>
      review.main.getByRole('link', { name: /^Record the publication/ }).click(),
    );
    expect(await publication.main.locator('#copiesSentOn').count(), 'no copies to the Panel for a SAR').toBe(0);
    await publication.main.getByLabel('Publish the improvements to be made only', { exact: true }).check();
    await publication.main.getByLabel('Who made the decision', { exact: true }).selectOption('board');
    await fillDate(publication, 'decidedOn', '2026-09-01');
    await fillDate(publication, 'publishedOn', '2026-10-05');
    const saved = await publication.submit(new PlainPage(s, `/reviews/${reviewId}/publication`, 'Publication'), () =>
      publication.button('Save the publication record').click(),
    );
    expect(await saved.successBanner.innerText()).toContain('The publication record has been saved.');
    expect(await textOf(saved, '.app-publication-summary')).toContain('Publish the improvements to be made only');
  });
});
