import { beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../support/browser.js';
import { squash } from './pages/base.js';
import { MarkerRecordPage, RoundPage } from './pages/rounds.js';
import { seedPlanningRound, seedReview } from './review-world.js';
import { seedPartnership, useSignedInSuite, type Partnership } from './support.js';

// The per-marker quality record of a review's round (issue 5): every state of the marker page (empty,
// errors, filled, conflict, locked) loads with its heading, passes axe (WCAG 2.2 AA) and logs no console
// errors; autosave announces its state and keeps the text when the server cannot be reached; sign-off
// locks the round. The review and its planning round are made through the services (reviews.spec.ts
// walks the pages that start them).
const suite = useSignedInSuite();
const POLL = { timeout: 8_000 };

const REFERRAL = { key: 'referral', title: '1. Referral' };
const DECISION = { key: 'decision-making', title: '2. Decision making' };

let p: Partnership;
/** The lead started the review (so is its business manager); the chair signs off; the panel member edits. */
let lead: Session;
let leadNoJs: Session;
let panelNoJs: Session;
let chair: Session;
let reviewId: string;
let roundId: string;

beforeAll(async () => {
  const db = suite.app.db;
  p = await seedPartnership(db, 'Anytown Safeguarding Children Partnership');
  reviewId = await seedReview(db, p, {
    reference: 'LCSPR 2026/03',
    title: 'Infant injuries in a family known to services',
    subjectPseudonym: 'Child A',
    method: 'silp',
  });
  roundId = await seedPlanningRound(db, p, reviewId);
  [lead, leadNoJs, panelNoJs, chair] = await Promise.all([
    suite.session({ javaScript: true, as: { person: p.lead, organisationId: p.id } }),
    suite.session({ javaScript: false, as: { person: p.lead, organisationId: p.id } }),
    suite.session({ javaScript: false, as: { person: p.panel, organisationId: p.id } }),
    suite.session({ javaScript: false, as: { person: p.chair, organisationId: p.id } }),
  ]);
});

describe('the marker page', () => {
  const markerFor = (s: Session, m = REFERRAL) => new MarkerRecordPage(s, reviewId, roundId, m.key, m.title);

  it('is empty at first, and filled once saved (without JavaScript)', async () => {
    const empty = await markerFor(leadNoJs).goto();
    expect(await empty.note(1).inputValue()).toBe('');
    await empty.answer('reason-is-clear', 'Yes').check();
    await empty.note(1).fill('The referral sets out the reasons and the information behind them.');
    await empty.judgement('Partly met').check();
    await empty.rationale.fill('The route was stated, the link to local priorities was not.');
    await empty.progress.selectOption({ label: 'In progress' });
    const saved = await empty.save();
    expect(await saved.successText()).toContain('Your changes have been saved.');
    expect(await saved.note(1).inputValue()).toBe('The referral sets out the reasons and the information behind them.');
    expect(await saved.judgement('Partly met').isChecked()).toBe(true);
  });

  it('shows a conflict, with both versions, when two people save the same question', async () => {
    const mine = await markerFor(leadNoJs).goto();
    const theirs = await markerFor(panelNoJs).goto();
    await mine.note(2).fill('Statutory criteria met: the child was seriously harmed and abuse is suspected.');
    expect(await (await mine.save()).successText()).toContain('Your changes have been saved.');

    await theirs.note(2).fill('The referral does not say whether the criteria are met.');
    const conflict = await theirs.submit(theirs.again(), () => theirs.button('Save').click());
    expect(squash(await conflict.conflictBanner.innerText())).toContain(
      'Someone else saved changes to this marker while you were editing',
    );
    expect(await conflict.theirVersions.count()).toBe(1);
    expect(squash(await conflict.theirVersions.innerText())).toContain(
      'Statutory criteria met: the child was seriously harmed and abuse is suspected.',
    );
    expect(await conflict.note(2).inputValue(), 'their own text is still in the form').toBe(
      'The referral does not say whether the criteria are met.',
    );
    // Saving again keeps theirs: nothing was overwritten without being seen.
    const kept = await conflict.save();
    expect(await kept.successText()).toContain('Your changes have been saved.');
    expect(await kept.note(2).inputValue()).toBe('The referral does not say whether the criteria are met.');
  });

  it('shows errors for a note that is too long, keeping the rest of the form', async () => {
    const marker = await markerFor(leadNoJs).goto();
    await marker.note(3).fill('y'.repeat(20_001));
    await marker.rationale.fill('Changed while the note was too long.');
    const errors = await marker.save();
    await errors.expectErrors(['Note must be 20,000 characters or fewer']);
    expect(await errors.rationale.inputValue()).toBe('Changed while the note was too long.');
  });

  it('lists every saved version in the history', async () => {
    const marker = await markerFor(leadNoJs).goto();
    const history = await marker.openHistory();
    expect(await history.versions.count()).toBeGreaterThan(3);
    expect(squash(await history.main.innerText())).toContain('The referral does not say whether the criteria are met.');
  });
});

describe('autosave, with JavaScript', () => {
  const apiPath = () => `/api/v1/reviews/${reviewId}/rounds/${roundId}/markers/${DECISION.key}`;
  const savedNote = async (n: number) => {
    const response = await lead.page.request.get(apiPath());
    expect(response.status()).toBe(200);
    return ((await response.json()) as { questions: { note: string }[] }).questions[n - 1]?.note;
  };
  let marker: MarkerRecordPage;

  it('saves a note as it is typed and says so in the status region', async () => {
    marker = await new MarkerRecordPage(lead, reviewId, roundId, DECISION.key, DECISION.title).goto();
    expect(await marker.status.getAttribute('role')).toBe('status');
    await marker.note(1).pressSequentially('Enough information was gathered.');
    await expect.poll(() => marker.status.innerText(), POLL).toMatch(/^Saved at \d\d:\d\d$/);
    expect(await savedNote(1)).toBe('Enough information was gathered.');
    lead.expectNoConsoleErrors();
  });

  it('keeps the text and says "Not saved" when the server cannot be reached, and warns before leaving', async () => {
    const page = lead.page;
    await page.route('**/api/v1/**', (route) => route.abort());
    try {
      await marker.note(1).pressSequentially(' The GP was not asked.');
      await expect.poll(() => marker.status.innerText(), POLL).toBe('Not saved – try again. Your text is still here.');
      expect(await marker.note(1).inputValue()).toBe('Enough information was gathered. The GP was not asked.');
      expect(await savedNote(1)).toBe('Enough information was gathered.');
      // Leaving now would lose the text: the page asks first. Staying keeps everything.
      const asked = page.waitForEvent('dialog');
      void page
        .locator('.govuk-breadcrumbs')
        .getByRole('link', { name: 'Round 1', exact: true })
        .click({ noWaitAfter: true })
        .catch(() => undefined);
      const dialog = await asked;
      expect(dialog.type()).toBe('beforeunload');
      await dialog.dismiss();
      expect(new URL(page.url()).pathname).toBe(marker.path);
      expect(await marker.note(1).inputValue()).toBe('Enough information was gathered. The GP was not asked.');
    } finally {
      await page.unroute('**/api/v1/**');
    }

    // Back online: the next change saves everything typed.
    await marker.note(1).press('End');
    await marker.note(1).pressSequentially(' (Asked later.)');
    // On a busy machine typing can pause long enough for a save of part of the text first: wait for all of it.
    await expect
      .poll(() => savedNote(1), POLL)
      .toBe('Enough information was gathered. The GP was not asked. (Asked later.)');
    await expect.poll(() => marker.status.innerText(), POLL).toMatch(/^Saved at \d\d:\d\d$/);
    // The saves that could not reach the server were logged as failed requests, and nothing else was.
    const logged = lead.takeConsoleErrors();
    expect(logged.length).toBeGreaterThan(0);
    expect(logged.filter((e) => !/^Failed to load resource: net::ERR_FAILED \(at .*\/api\/v1\//.test(e))).toEqual([]);
  });

  it('saves quick successive changes one after another, never as a conflict with its own save', async () => {
    // A judgement needs a rationale: one first, so each judgement the arrows pass through can save.
    await marker.rationale.fill('Enough information was weighed without delay.');
    await expect.poll(() => marker.status.innerText(), POLL).toMatch(/^Saved at \d\d:\d\d$/);
    await marker.judgement('Not yet assessed').focus();
    for (const key of ['ArrowUp', 'ArrowUp', 'ArrowUp']) await lead.page.keyboard.press(key);
    expect(await marker.judgement('Met').isChecked()).toBe(true);
    const judgement = async () =>
      ((await (await lead.page.request.get(apiPath())).json()) as { judgement: string }).judgement;
    await expect.poll(judgement, POLL).toBe('met');
    await expect.poll(() => marker.status.innerText(), POLL).toMatch(/^Saved at \d\d:\d\d$/);
    lead.expectNoConsoleErrors();
  });

  it('saves with the Save button straight after typing, without a conflict with its own autosave', async () => {
    await marker.note(2).fill('Typed, then saved at once.');
    const saved = await marker.save();
    expect(await saved.conflictBanner.count(), 'no conflict with itself').toBe(0);
    expect(await saved.successText()).toContain('Your changes have been saved.');
    expect(await savedNote(2)).toBe('Typed, then saved at once.');
  });

  it('says why when a marker cannot be completed without a judgement, and saves once one is chosen', async () => {
    const advising = { key: 'advising-board-members', title: '3. Advising board members' };
    const marker = await new MarkerRecordPage(lead, reviewId, roundId, advising.key, advising.title).goto();
    const saved = async () =>
      (await (await lead.page.request.get(apiPath().replace(DECISION.key, advising.key))).json()) as {
        status: string;
        judgement: string;
      };
    await marker.progress.selectOption('completed');
    await expect
      .poll(() => marker.status.innerText(), POLL)
      .toBe('Not saved – Select a judgement before marking this marker as completed.');
    expect((await saved()).status).not.toBe('completed');
    await marker.rationale.fill('The board was not advised.');
    await marker.judgement('Not met').check();
    await expect.poll(saved, POLL).toMatchObject({ status: 'completed', judgement: 'not-met' });
    await expect.poll(() => marker.status.innerText(), POLL).toMatch(/^Saved at \d\d:\d\d$/);
    // The refused save was logged as a failed request, and nothing else was.
    const logged = lead.takeConsoleErrors();
    expect(logged.filter((e) => !/status of 400/.test(e))).toEqual([]);
  });
});

describe('sign-off and the locked round', () => {
  it('is sent for sign-off by the business manager and approved by the chair, which locks it', async () => {
    const open = await new RoundPage(lead, reviewId, roundId, 1).goto();
    expect(squash(await open.signOff.innerText())).toContain('This round is open for work.');
    const sent = await open.signOffStep('Send for sign-off');
    expect(squash(await sent.signOff.innerText())).toContain('Awaiting sign-off');

    const toApprove = await new RoundPage(chair, reviewId, roundId, 1).goto();
    // The chair sees how far the work got before deciding: the one marker completed, and what is not.
    const before = squash(await toApprove.signOff.innerText());
    expect(before).toContain('1 of 13 markers completed.');
    expect(before).toContain('Not completed yet: 1. Referral; 2. Decision making; 4. Informing the family;');
    const approved = await toApprove.signOffStep('Approve and lock');
    expect(squash(await approved.signOff.innerText())).toContain('Signed off');
  });

  it('shows the marker page locked, to the chair and to the team', async () => {
    for (const s of [chair, lead]) {
      const locked = await new MarkerRecordPage(s, reviewId, roundId, REFERRAL.key, REFERRAL.title).goto();
      expect(await locked.lockedNotice.count()).toBe(1);
      expect(await locked.form.locator('textarea, input[type=radio], select').count()).toBe(0);
      expect(await locked.button('Save').count()).toBe(0);
      expect(squash(await locked.main.innerText())).toContain(
        'The route was stated, the link to local priorities was not.',
      );
    }
  });
});
