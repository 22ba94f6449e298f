import { beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../support/browser.js';
import { PlainPage, squash } from './pages/base.js';
import { KeyDatesPage, ReviewPage, ReviewsPage, type NewReview } from './pages/reviews.js';
import { MarkerRecordPage, RoundPage } from './pages/rounds.js';
import { seedPartnership, useSignedInSuite, type Partnership } from './support.js';

// Reviews and the per-marker quality record (issue 5): every page in every state (empty, errors,
// filled, conflict, locked) loads with its heading, passes axe (WCAG 2.2 AA) and logs no console
// errors; autosave announces its state and keeps the text when the server cannot be reached.
const suite = useSignedInSuite();
const POLL = { timeout: 8_000 };

const REVIEW: NewReview = {
  reference: 'LCSPR 2026/03',
  title: 'Infant injuries in a family known to services',
  pseudonym: 'Child A',
  type: 'Local child safeguarding practice review',
  method: 'Significant incident learning process (SILP)',
};
const REFERRAL = { key: 'referral', title: '1. Referral' };
const DECISION = { key: 'decision-making', title: '2. Decision making' };

let p: Partnership;
/** The lead starts the review (so is its business manager); the chair signs off; the panel member edits. */
let lead: Session;
let leadNoJs: Session;
let panelNoJs: Session;
let chair: Session;
let review: ReviewPage;
let round: RoundPage;

beforeAll(async () => {
  p = await seedPartnership(suite.app.db, 'Anytown Safeguarding Children Partnership');
  [lead, leadNoJs, panelNoJs, chair] = await Promise.all([
    suite.session({ javaScript: true, as: { person: p.lead, organisationId: p.id } }),
    suite.session({ javaScript: false, as: { person: p.lead, organisationId: p.id } }),
    suite.session({ javaScript: false, as: { person: p.panel, organisationId: p.id } }),
    suite.session({ javaScript: false, as: { person: p.chair, organisationId: p.id } }),
  ]);
});

describe('reviews', () => {
  it('lists no reviews, then starts one: the form empty, with errors and filled', async () => {
    const list = await new ReviewsPage(lead).goto();
    expect(await list.rows.count()).toBe(0);
    expect(squash(await list.main.innerText())).toContain('There are no reviews you can see yet.');
    const form = await list.openNew();
    const errors = await form.startWithErrors();
    await errors.expectErrors([
      'Enter a review reference',
      'Enter a title for the review',
      'Enter the pseudonym used for the child or adult, like Child A',
      'Select the type of review',
      'Select the review method',
    ]);
    // "Other" reveals a question of its own: aria-controls names it, and the radio has no aria-expanded,
    // which ARIA does not allow on a radio (issue 20). Choosing another method hides it again.
    const other = errors.main.getByRole('radio', { name: 'Other', exact: true });
    const methodOther = errors.field('Method');
    expect(await methodOther.isVisible(), 'the question of "Other", before it is chosen').toBe(false);
    await other.check();
    expect(await methodOther.isVisible(), 'the question of "Other", once chosen').toBe(true);
    expect(await other.getAttribute('aria-controls')).toBe('conditional-method-4');
    expect(await other.getAttribute('aria-expanded'), 'aria-expanded on the radio').toBeNull();
    await lead.audit();
    await errors.fill({ ...REVIEW, pseudonym: 'Jane Smith' });
    expect(await methodOther.isVisible(), 'the question of "Other", once another method is chosen').toBe(false);
    const named = await errors.startWithErrors();
    await named.expectErrors(['Enter a pseudonym like Child A or Adult B, not a real name']);
    expect(await named.field('Review reference').inputValue(), 'what was typed is kept').toBe(REVIEW.reference);
    await named.fill(REVIEW);
    await lead.audit();
    review = await named.start(REVIEW);

    const listed = await new ReviewsPage(lead).goto();
    expect(await listed.rows.count()).toBe(1);
    expect(squash(await listed.rows.first().innerText())).toContain(REVIEW.reference);
    review = await listed.openReview(REVIEW.reference, review.id, REVIEW.title);
    expect(squash(await review.main.innerText())).toContain('No rounds yet.');
  });

  it('shows the key dates, errors for dates that cannot be, and the timescales once saved', async () => {
    const dates = await review.openKeyDates();
    await dates.fillDate('incident', '5', '2', '2024');
    await dates.fillDate('awareness', '31', '2', '2024');
    await dates.fillDate('notification', '2', '1', '2099');
    const errors = await dates.save();
    await errors.expectErrors([
      'Date the partnership became aware must be a real date',
      'Date of notification must be today or in the past',
    ]);
    expect(await errors.page.locator('#incident-day').inputValue(), 'what was typed is kept').toBe('5');
    await errors.fillDate('awareness', '6', '2', '2024');
    await errors.fillDate('notification', '8', 'Feb', '2024');
    const saved = await errors.save();
    expect(await saved.successText()).toContain('The key dates have been saved.');
    expect(squash(await saved.page.locator('#timescales').innerText())).toMatch(/Met/);
  });

  it('records an extension agreed with the Panel against the rapid review, without JavaScript', async () => {
    const dates = await new KeyDatesPage(leadNoJs, review.id).goto();
    const errors = await dates.recordChange('errors');
    await errors.expectErrors([
      'Select the clock it applies to',
      'Select whether it is an extension or a pause',
      'Enter the reason',
    ]);
    await errors.field('Clock').selectOption({ label: 'Rapid review' });
    await errors.main.getByRole('radio', { name: 'An extension agreed', exact: true }).check();
    await errors.fillDate('newDue', '15', '3', '2024');
    await errors.field('Who agreed it').fill('the Panel');
    await errors.fillDate('agreedOn', '20', '2', '2024');
    await errors.field('Reason').fill('Two agency summaries came late');
    const recorded = await errors.recordChange();
    expect(await recorded.successText()).toContain('The extension or pause has been recorded.');
    expect(squash(await recorded.page.locator('#timescales').innerText())).toContain(
      'Extended to 15 March 2024, agreed with the Panel on 20 February 2024',
    );
  });

  it('adds the chair and a panel member to the team, with errors first', async () => {
    const team = await new ReviewPage(lead, review.id, REVIEW.title).goto().then((r) => r.openTeam());
    expect(await team.members.count()).toBe(1);
    const errors = await team.add(null, null);
    await errors.expectErrors(['Select a person to add to the team', 'Select their role on the review']);
    const withChair = await errors.add(p.chair.name, 'Chair (signs off)');
    expect(await withChair.successText()).toContain('Added to the team.');
    const withPanel = await withChair.add(p.panel.name, 'Panel member');
    expect(await withPanel.members.count()).toBe(3);
  });

  it('shows the review’s details to change, the "Other" method without aria-expanded', async () => {
    const edit = await new PlainPage(lead, `/reviews/${review.id}/edit`, 'Change review details').goto();
    const other = edit.main.getByRole('radio', { name: 'Other', exact: true });
    expect(await other.getAttribute('aria-expanded'), 'aria-expanded on the radio').toBeNull();
  });

  it('writes a part of the scope: empty, too long, saved', async () => {
    const scope = await new ReviewPage(lead, review.id, REVIEW.title).goto().then((r) => r.openScope());
    const section = await scope.openSection('period', 'Period under review');
    expect(await section.text.inputValue()).toBe('');
    const tooLong = await section.save('x'.repeat(20_001), false);
    await tooLong.expectErrors(['Text must be 20,000 characters or fewer']);
    const saved = await section.save('From the start of the pregnancy to the incident in February 2024.', true);
    expect(await saved.successText()).toContain('Period under review: your changes have been saved.');
  });

  it('starts a round: the form empty and with an error, then the task list', async () => {
    const form = await new ReviewPage(lead, review.id, REVIEW.title).goto().then((r) => r.openNewRound());
    const errors = await form.startWithErrors();
    await errors.expectErrors(['Select what this round is for']);
    round = await errors.start('Planning', 1);
    expect(await round.tasks.count()).toBe(18);
    expect(await round.taskState(REFERRAL.title)).toEqual({
      status: 'Not started',
      hint: 'Judgement: Not yet assessed',
    });
  });
});

describe('the marker page', () => {
  const markerFor = (s: Session, m = REFERRAL) => new MarkerRecordPage(s, review.id, round.roundId, m.key, m.title);

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
  const apiPath = () => `/api/v1/reviews/${review.id}/rounds/${round.roundId}/markers/${DECISION.key}`;
  const savedNote = async (n: number) => {
    const response = await lead.page.request.get(apiPath());
    expect(response.status()).toBe(200);
    return ((await response.json()) as { questions: { note: string }[] }).questions[n - 1]?.note;
  };
  let marker: MarkerRecordPage;

  it('saves a note as it is typed and says so in the status region', async () => {
    marker = await new MarkerRecordPage(lead, review.id, round.roundId, DECISION.key, DECISION.title).goto();
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
    const marker = await new MarkerRecordPage(lead, review.id, round.roundId, advising.key, advising.title).goto();
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
    const open = await new RoundPage(lead, review.id, round.roundId, 1).goto();
    expect(squash(await open.signOff.innerText())).toContain('This round is open for work.');
    const sent = await open.signOffStep('Send for sign-off');
    expect(squash(await sent.signOff.innerText())).toContain('Awaiting sign-off');

    const toApprove = await new RoundPage(chair, review.id, round.roundId, 1).goto();
    // The chair sees how far the work got before deciding: the one marker completed, and what is not.
    const before = squash(await toApprove.signOff.innerText());
    expect(before).toContain('1 of 13 markers completed.');
    expect(before).toContain('Not completed yet: 1. Referral; 2. Decision making; 4. Informing the family;');
    const approved = await toApprove.signOffStep('Approve and lock');
    expect(squash(await approved.signOff.innerText())).toContain('Signed off');
  });

  it('shows the marker page locked, to the chair and to the team', async () => {
    for (const s of [chair, lead]) {
      const locked = await new MarkerRecordPage(s, review.id, round.roundId, REFERRAL.key, REFERRAL.title).goto();
      expect(await locked.lockedNotice.count()).toBe(1);
      expect(await locked.form.locator('textarea, input[type=radio], select').count()).toBe(0);
      expect(await locked.button('Save').count()).toBe(0);
      expect(squash(await locked.main.innerText())).toContain(
        'The route was stated, the link to local priorities was not.',
      );
    }
  });
});
