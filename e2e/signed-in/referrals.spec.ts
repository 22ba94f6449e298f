import { beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../support/browser.js';
import { PlainPage, squash } from './pages/base.js';
import { seedPartnership, useSignedInSuite } from './support.js';

// The referral register (issue 18 §2) without JavaScript, as a partnership admin: a child's notification
// through its rapid review (two agency summaries, one late, one never received), the Panel's response and an
// LCSPR decision that starts the review; an adult's s44 referral straight to a mandatory SAR. Each page
// state passes axe (WCAG 2.2 AA) and logs no console errors (checked as each page loads).
const suite = useSignedInSuite();
let s: Session;
/** The child’s notification of the first test, decided by its end. */
let childUrl: string;

beforeAll(async () => {
  const p = await seedPartnership(suite.app.db, 'Anytown Safeguarding Partnership');
  s = await suite.session({ javaScript: false, as: { person: p.admin, organisationId: p.id } });
});

async function fillDate(page: PlainPage, name: string, iso: string) {
  const [year, month, day] = iso.split('-');
  await page.page.locator(`#${name}-day`).fill(String(Number(day)));
  await page.page.locator(`#${name}-month`).fill(String(Number(month)));
  await page.page.locator(`#${name}-year`).fill(year!);
}

const pathOf = (url: string) => new URL(url).pathname;

describe('referrals', () => {
  it('takes a child’s notification through a rapid review to an LCSPR', async () => {
    const register = await new PlainPage(s, '/referrals', 'Referrals').goto();
    const form = await register.submit(new PlainPage(s, '/referrals/new', 'Record a child’s notification'), () =>
      register.main.getByRole('button', { name: 'Record a child’s notification' }).click(),
    );
    const errors = await form.submit(new PlainPage(s, '/referrals/new', 'Record a child’s notification', 400), () =>
      form.button('Record it').click(),
    );
    await errors.expectErrors([
      'Enter the agency that made the referral or notification',
      'Enter a pseudonym for the child or adult, like Child A',
      'Select whether: a serious child safeguarding case: abuse or neglect is known or suspected, and the child has died or been seriously harmed',
      'Enter the date the referral or notification was received',
    ]);
    await fillDate(errors, 'receivedOn', '2026-03-02');
    await errors.field('Agency that referred or notified').fill('Children’s social care');
    await errors.field('Pseudonym').fill('Child A');
    await errors.page.locator('#criteria-seriousCase').check();
    const referral = await errors.submit(
      (url) => new PlainPage(s, pathOf(url), 'Child A, received 2 March 2026'),
      () => errors.button('Record it').click(),
    );
    const url = referral.path;

    for (const agency of ['Health visiting', 'Police']) {
      const at = await new PlainPage(s, url, 'Child A, received 2 March 2026').goto();
      const request = await at.submit(new PlainPage(s, `${url}/requests/new`, 'Request an agency summary'), () =>
        at.main.getByRole('link', { name: 'Request a summary from an agency' }).click(),
      );
      await request.field('Agency').fill(agency);
      await fillDate(request, 'requestedOn', '2026-03-03');
      await request.field('Working days to reply').fill('5');
      await request.submit(new PlainPage(s, url, 'Child A, received 2 March 2026'), () =>
        request.button('Add the request').click(),
      );
    }
    const at = await new PlainPage(s, url, 'Child A, received 2 March 2026').goto();
    const health = await at.submit(
      (to) => new PlainPage(s, pathOf(to), 'Agency summary from Health visiting'),
      () => at.main.getByRole('link', { name: 'Record chasing or receipt for Health visiting' }).click(),
    );
    await fillDate(health, 'receivedOn', '2026-03-12');
    const back = await health.submit(new PlainPage(s, url, 'Child A, received 2 March 2026'), () =>
      health.button('Save').click(),
    );
    const rows = (await back.main.locator('#agency-summaries + .app-table-region table tbody tr').allInnerTexts()).map(
      squash,
    );
    expect(rows[0]).toContain('Received late on 12 March 2026');
    expect(rows[1]).toContain('Overdue Not received; it was due by 10 March 2026');

    const rapid = await back.submit(new PlainPage(s, `${url}/rapid-review`, 'Rapid review'), () =>
      back.main.getByRole('link', { name: 'Change the rapid review’s details' }).click(),
    );
    await rapid.field('Immediate safety actions taken').fill('Sibling staying with grandparents under a safety plan');
    await fillDate(rapid, 'meetingOn', '2026-03-16');
    await fillDate(rapid, 'submittedOn', '2026-03-20');
    await fillDate(rapid, 'panelResponseOn', '2026-04-01');
    await rapid.field('Summary of the Panel’s response').fill('The Panel agrees a local review is right.');
    const afterRapid = await rapid.submit(new PlainPage(s, url, 'Child A, received 2 March 2026'), () =>
      rapid.button('Save').click(),
    );
    expect(squash(await afterRapid.main.locator('#rapid-review-details').innerText())).toContain(
      'The Panel agrees a local review is right.',
    );

    const decision = await afterRapid.submit(new PlainPage(s, `${url}/decision`, 'Record the decision'), () =>
      afterRapid.main.getByRole('button', { name: 'Record the decision' }).click(),
    );
    await decision.page.getByLabel('Hold a local child safeguarding practice review').check();
    await decision.field('Reasons for the decision').fill('Agencies did not share what they knew.');
    await decision.page.locator('#criteria-jointWorking').check();
    await decision.page.locator('#reason-jointWorking').fill('Health and police did not share the referral.');
    await fillDate(decision, 'decidedOn', '2026-04-02');
    await decision.field('Who decided, by role').fill('The safeguarding partners’ delegates');
    const review = await decision.submit(
      (to) => new PlainPage(s, pathOf(to), 'Local child safeguarding practice review: Child A'),
      () => decision.button('Record the decision').click(),
    );
    expect(squash(await review.main.locator('#review-origin').innerText())).toContain(
      'Started from the notification received on 2 March 2026 from Children’s social care',
    );
    const list = await new PlainPage(s, '/referrals', 'Referrals').goto();
    expect(squash(await list.main.locator('#register').innerText())).toContain('Converted to review LCSPR/2026-03-02/');

    childUrl = url;
  });

  it('records who has been told of the child’s LCSPR decision, after a date that does not exist', async () => {
    const told = await new PlainPage(s, childUrl, 'Child A, received 2 March 2026').goto();
    const heading = 'Who has been told of the decision';
    const notices = await told.submit(new PlainPage(s, `${childUrl}/notices`, heading), () =>
      told.main.getByRole('link', { name: 'Record who has been told' }).click(),
    );
    await fillDate(notices, 'panel', '2026-04-03');
    await fillDate(notices, 'ofsted', '2026-02-31');
    const wrong = await notices.submit(new PlainPage(s, `${childUrl}/notices`, heading), () =>
      notices.button('Save').click(),
    );
    await wrong.expectErrors(['Date of “Tell Ofsted” must be a real date']);
    await fillDate(wrong, 'ofsted', '2026-04-03');
    const saved = await wrong.submit(new PlainPage(s, childUrl, 'Child A, received 2 March 2026'), () =>
      wrong.button('Save').click(),
    );
    expect(squash(await saved.main.locator('#notices').innerText())).toContain('Ofsted');
  });

  it('takes an adult’s referral straight to a mandatory SAR', async () => {
    const form = await new PlainPage(s, '/referrals/new?route=s44-referral', 'Record an adult’s referral').goto();
    await fillDate(form, 'receivedOn', '2026-03-02');
    await form.field('Agency that referred or notified').fill('Adult social care');
    await form.field('Pseudonym').fill('Adult B');
    for (const key of ['careNeeds', 'harm', 'abuseKnownOrSuspected', 'jointWorking']) {
      await form.page.locator(`#criteria-${key}`).check();
    }
    const referral = await form.submit(
      (url) => new PlainPage(s, pathOf(url), 'Adult B, received 2 March 2026'),
      () => form.button('Record it').click(),
    );
    const decision = await referral.submit(new PlainPage(s, `${referral.path}/decision`, 'Record the decision'), () =>
      referral.main.getByRole('button', { name: 'Record the decision' }).click(),
    );
    await decision.page
      .getByLabel('Hold a safeguarding adult review: the duty in section 44(1) to (3) applies')
      .check();
    await decision.field('Reasons for the decision').fill('Every condition of section 44 is met.');
    for (const key of ['careNeeds', 'harm', 'abuseKnownOrSuspected', 'jointWorking']) {
      await decision.page.locator(`#criteria-${key}`).check();
      await decision.page.locator(`#reason-${key}`).fill('Found in the referral and agency records.');
    }
    await fillDate(decision, 'decidedOn', '2026-03-25');
    await decision.field('Who decided, by role').fill('The board’s SAR subgroup');
    const review = await decision.submit(
      (to) => new PlainPage(s, pathOf(to), 'Safeguarding adult review: Adult B'),
      () => decision.button('Record the decision').click(),
    );
    expect(squash(await review.main.locator('#review-origin').innerText())).toContain(
      'Started from the referral received on 2 March 2026 from Adult social care',
    );
  });
});
