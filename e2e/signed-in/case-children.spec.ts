import { beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../support/browser.js';
import { PlainPage } from './pages/base.js';
import { fillDate, pathOf, textOf } from './pages/case.js';
import { seedPartnership, useSignedInSuite } from './support.js';

// A child's case from the day it is notified to the day the report is published (issue 18, "Done when"),
// without JavaScript, as a partnership admin: the notification (refused once, then corrected), its rapid
// review with two agency summaries (one received late, one never), the Panel's response and an LCSPR
// decision that starts the review; who has been told of the decision (Panel, Ofsted); the reviewer named to the Panel; the publication record with copies sent
// 7 working days before publication. Each page state passes axe at 1280 and 320 px (as each page loads).
const suite = useSignedInSuite();
let s: Session;
let referralUrl: string;
let reviewId: string;

const CHILD = 'Child A, received 2 March 2026';
const REVIEW_TITLE = 'Local child safeguarding practice review: Child A';

beforeAll(async () => {
  const p = await seedPartnership(suite.app.db, 'Anytown Safeguarding Children Partnership');
  s = await suite.session({ javaScript: false, as: { person: p.admin, organisationId: p.id } });
});

describe('a child’s case', () => {
  it('records the notification (refused once), corrects its details and asks two agencies for summaries', async () => {
    const register = await new PlainPage(s, '/referrals', 'Referrals').goto();
    const form = await register.submit(new PlainPage(s, '/referrals/new', 'Record a child’s notification'), () =>
      register.main.getByRole('button', { name: 'Record a child’s notification' }).click(),
    );
    await fillDate(form, 'receivedOn', '2026-03-02');
    await form.field('Agency that referred or notified').fill('Police');
    await form.field('Pseudonym').fill('Jane Smith');
    await form.page.locator('#criteria-seriousCase').check();
    const refused = await form.submit(new PlainPage(s, '/referrals/new', 'Record a child’s notification', 400), () =>
      form.button('Record it').click(),
    );
    await refused.expectErrors(['Enter a pseudonym like Child A or Adult B, not a real name']);
    expect(await refused.field('Agency that referred or notified').inputValue()).toBe('Police');
    await refused.field('Pseudonym').fill('Child A');
    let referral = await refused.submit(
      (url) => new PlainPage(s, pathOf(url), CHILD),
      () => refused.button('Record it').click(),
    );
    referralUrl = referral.path;

    // The source agency was wrong: the details are corrected after recording.
    const edit = await referral.submit(new PlainPage(s, `${referralUrl}/edit`, 'Change the referral’s details'), () =>
      referral.main.getByRole('link', { name: 'Change the referral’s details' }).click(),
    );
    await edit.field('Agency that referred or notified').fill('Children’s social care');
    referral = await edit.submit(new PlainPage(s, referralUrl, CHILD), () => edit.button('Save changes').click());
    expect(await textOf(referral, '#referral')).toContain('Source agency Children’s social care');

    for (const agency of ['Health visiting', 'Police']) {
      const request = await referral.submit(
        new PlainPage(s, `${referralUrl}/requests/new`, 'Request an agency summary'),
        () => referral.main.getByRole('link', { name: 'Request a summary from an agency' }).click(),
      );
      await request.field('Agency').fill(agency);
      await fillDate(request, 'requestedOn', '2026-03-03');
      await request.field('Working days to reply').fill('5');
      referral = await request.submit(new PlainPage(s, referralUrl, CHILD), () =>
        request.button('Add the request').click(),
      );
    }
    const health = await referral.submit(
      (to) => new PlainPage(s, pathOf(to), 'Agency summary from Health visiting'),
      () => referral.main.getByRole('link', { name: 'Record chasing or receipt for Health visiting' }).click(),
    );
    await fillDate(health, 'chasedOn', '2026-03-11');
    await fillDate(health, 'receivedOn', '2026-03-12');
    referral = await health.submit(new PlainPage(s, referralUrl, CHILD), () => health.button('Save').click());
    const rows = await referral.main.locator('#agency-summaries + .app-table-region table tbody tr').allInnerTexts();
    expect(rows.map((r) => r.replace(/\s+/g, ' '))).toEqual([
      expect.stringContaining('Received late on 12 March 2026 Chased on 11 March 2026'),
      expect.stringContaining('Overdue Not received; it was due by 10 March 2026'),
    ]);
  });

  it('records the rapid review’s details and the Panel’s response, then an LCSPR decision starts the review', async () => {
    let referral = await new PlainPage(s, referralUrl, CHILD).goto();
    const rapid = await referral.submit(new PlainPage(s, `${referralUrl}/rapid-review`, 'Rapid review'), () =>
      referral.main.getByRole('link', { name: 'Change the rapid review’s details' }).click(),
    );
    await rapid.field('Immediate safety actions taken').fill('Sibling staying with grandparents under a safety plan');
    await fillDate(rapid, 'meetingOn', '2026-03-16');
    await fillDate(rapid, 'submittedOn', '2026-03-20');
    await fillDate(rapid, 'panelResponseOn', '2026-04-01');
    await rapid.field('Summary of the Panel’s response').fill('The Panel agrees a local review is right.');
    referral = await rapid.submit(new PlainPage(s, referralUrl, CHILD), () => rapid.button('Save').click());
    expect(await textOf(referral, '#rapid-review + p')).toContain('Sent to the Panel on 20 March 2026');

    const decision = await referral.submit(new PlainPage(s, `${referralUrl}/decision`, 'Record the decision'), () =>
      referral.main.getByRole('button', { name: 'Record the decision' }).click(),
    );
    await decision.page.getByLabel('Hold a local child safeguarding practice review').check();
    await decision.field('Reasons for the decision').fill('Agencies did not share what they knew.');
    await decision.page.locator('#criteria-jointWorking').check();
    await decision.page.locator('#reason-jointWorking').fill('Health and police did not share the referral.');
    await fillDate(decision, 'decidedOn', '2026-04-02');
    await decision.field('Who decided, by role').fill('The safeguarding partners’ delegates');
    const review = await decision.submit(
      (to) => new PlainPage(s, pathOf(to), REVIEW_TITLE),
      () => decision.button('Record the decision').click(),
    );
    reviewId = pathOf(review.page.url()).split('/').pop()!;
    expect(await textOf(review, '#review-origin')).toContain(
      'Started from the notification received on 2 March 2026 from Children’s social care',
    );
  });

  it('records who has been told of the LCSPR decision, after a date that does not exist', async () => {
    const referral = await new PlainPage(s, referralUrl, CHILD).goto();
    const heading = 'Who has been told of the decision';
    const notices = await referral.submit(new PlainPage(s, `${referralUrl}/notices`, heading), () =>
      referral.main.getByRole('link', { name: 'Record who has been told' }).click(),
    );
    await fillDate(notices, 'panel', '2026-04-03');
    await fillDate(notices, 'ofsted', '2026-02-31');
    const wrong = await notices.submit(new PlainPage(s, `${referralUrl}/notices`, heading), () =>
      notices.button('Save').click(),
    );
    await wrong.expectErrors(['Date of “Tell Ofsted” must be a real date']);
    await fillDate(wrong, 'ofsted', '2026-04-03');
    const saved = await wrong.submit(new PlainPage(s, referralUrl, CHILD), () => wrong.button('Save').click());
    expect(await textOf(saved, '#notices')).toContain('Ofsted');
  });

  it('names the reviewer to the Panel, then publishes with copies sent 7 working days before', async () => {
    const review = await new PlainPage(s, `/reviews/${reviewId}`, REVIEW_TITLE).goto();
    const told = await review.submit(
      new PlainPage(s, `/reviews/${reviewId}/reviewer-told`, 'Decision and reviewer told to the Panel'),
      () => review.main.getByRole('link', { name: 'Record the decision and reviewer told to the Panel' }).click(),
    );
    await told.field('Reviewer’s name').fill('Dr Sam Taylor');
    await fillDate(told, 'toldOn', '2026-04-07');
    const after = await told.submit(new PlainPage(s, `/reviews/${reviewId}`, REVIEW_TITLE), () =>
      told.button('Save').click(),
    );
    expect(await textOf(after, '#reviewer-told')).toBe(
      'Reviewer named to the Panel: Dr Sam Taylor, told on 7 April 2026.',
    );
    const step = after.main.locator('#timescales .govuk-summary-list__row', {
      hasText: 'Decision and reviewer told to the Panel',
    });
    expect(await step.innerText()).toContain('Done on 7 April 2026');

    const publication = await after.submit(new PlainPage(s, `/reviews/${reviewId}/publication`, 'Publication'), () =>
      after.main.getByRole('link', { name: /^Record the publication/ }).click(),
    );
    await publication.main.getByLabel('Publish the full report', { exact: true }).check();
    await publication.main.getByLabel('Who made the decision', { exact: true }).selectOption('partners');
    await fillDate(publication, 'copiesSentOn', '2026-06-04');
    await fillDate(publication, 'publishedOn', '2026-06-15');
    await publication.field('Web address of the published report').fill('http://www.example.org.uk/reviews/child-a');
    const refused = await publication.submit(
      new PlainPage(s, `/reviews/${reviewId}/publication`, 'Publication', 400),
      () => publication.button('Save the publication record').click(),
    );
    await refused.expectErrors([
      'Enter a web address that starts with https://, like https://www.example.org.uk/reviews/child-a',
    ]);
    await refused.field('Web address of the published report').fill('https://www.example.org.uk/reviews/child-a');
    const saved = await refused.submit(new PlainPage(s, `/reviews/${reviewId}/publication`, 'Publication'), () =>
      refused.button('Save the publication record').click(),
    );
    expect(await saved.successBanner.innerText()).toContain('The publication record has been saved.');
    const summary = await textOf(saved, '.app-publication-summary');
    expect(summary).toContain('Met');
    expect(summary).toContain('https://www.example.org.uk/reviews/child-a');
  });
});
