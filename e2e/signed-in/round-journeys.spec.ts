import { beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../support/browser.js';
import { focused, type Focused } from '../support/focus.js';
import { loadsNewDocument, squash } from './pages/base.js';
import { NewReviewPage, ReviewPage, ReviewsPage, type NewReview } from './pages/reviews.js';
import { MarkerRecordPage, NewRoundPage, RoundPage } from './pages/rounds.js';
import { idAfter, seedPartnership, useSignedInSuite, type Partnership } from './support.js';

// The whole round journey (issue 5): start a review, start a round, answer a marker's questions, record
// the judgement and progress, save, and see the status in the task list. Once with JavaScript off,
// and once with the keyboard alone (Tab, Shift+Tab, Space, Enter and the arrow keys; typing into
// fields), with a visible focus indicator on everything Tab reaches.
const suite = useSignedInSuite();
const POLL = { timeout: 8_000 };
const REFERRAL = { key: 'referral', title: '1. Referral' };
const SECOND = { key: 'decision-making', title: '2. Decision making – what kind of SAR, if any' };
const LAST = { key: 'improvement-action-and-impact', title: '15. Improvement action and evaluation of impact' };

let p: Partnership;
beforeAll(async () => {
  p = await seedPartnership(suite.app.db, 'Anytown Safeguarding Children Partnership');
});

describe('the round journey without JavaScript', () => {
  let session: Session;
  beforeAll(async () => {
    session = await suite.session({ javaScript: false, as: { person: p.lead, organisationId: p.id } });
  });

  it('starts a review and a round, answers a marker, saves, and sees its status in the task list', async () => {
    const review: NewReview = {
      reference: 'SAR 2026/01',
      title: 'Self-neglect and hoarding',
      pseudonym: 'Adult B',
      type: 'Safeguarding adult review',
      method: 'Systems approach (for example Learning Together)',
    };
    const list = await new ReviewsPage(session).goto();
    expect(await session.page.evaluate(() => document.body.className)).not.toContain('js-enabled');
    const overview = await list.openNew().then((form) => form.start(review));
    const round = await overview.openNewRound().then((form) => form.start('Reflection afterwards', 1));
    expect(await round.taskState(REFERRAL.title)).toEqual({
      status: 'Not started',
      hint: 'Judgement: Not yet assessed',
    });

    const marker = await round.openMarker(REFERRAL.key, REFERRAL.title);
    // The SAR markers' own questions: answer the first two.
    const questions = marker.form.locator('.app-question');
    await questions.nth(0).getByRole('radio', { name: 'Yes', exact: true }).check();
    await questions.nth(1).getByRole('radio', { name: 'Partly', exact: true }).check();
    await marker.note(1).fill('The referral came from the GP and set out the risks clearly.');
    await marker.judgement('Met').check();
    await marker.rationale.fill('Reasons, route and timing are all recorded.');
    await marker.progress.selectOption({ label: 'Completed' });
    const saved = await marker.save();
    expect(await saved.successText()).toContain('Your changes have been saved.');

    const after = await saved.backToRound(1);
    expect(await after.taskState(REFERRAL.title)).toEqual({ status: 'Completed', hint: 'Judgement: Met' });
    session.expectNoConsoleErrors();
  });

  it('works through the round with "Save and continue", the quality statement and contents in view', async () => {
    const round = new RoundPage(
      session,
      idAfter(session.page.url(), 'reviews'),
      idAfter(session.page.url(), 'rounds'),
      1,
    );
    const first = await new MarkerRecordPage(
      session,
      round.reviewId,
      round.roundId,
      REFERRAL.key,
      REFERRAL.title,
    ).goto();
    expect(await first.qualityStatement.isVisible()).toBe(true);
    // Referral has 9 questions: a contents list, whose links go to each question and the judgement.
    const links = first.contents.getByRole('link');
    expect(await links.count()).toBe(10);
    expect(await links.last().getAttribute('href')).toBe('#decision');
    await first.note(2).fill('Route stated in the referral form.');
    const second = await first.saveAndContinue(SECOND);
    expect(await second.successText()).toContain('Your changes to 1. Referral have been saved.');
    const back = await new MarkerRecordPage(
      session,
      round.reviewId,
      round.roundId,
      REFERRAL.key,
      REFERRAL.title,
    ).goto();
    expect(await back.note(2).inputValue()).toBe('Route stated in the referral form.');

    const last = await new MarkerRecordPage(session, round.reviewId, round.roundId, LAST.key, LAST.title).goto();
    await last.progress.selectOption({ label: 'In progress' });
    const after = await last.saveAndBackToRound(1);
    expect(await after.taskState(LAST.title)).toMatchObject({ status: 'In progress' });
    session.expectNoConsoleErrors();
  });

  it('starts a round covering only the markers chosen, the others shown as not in this round', async () => {
    const reviewId = idAfter(session.page.url(), 'reviews');
    const choose = await new NewRoundPage(session, reviewId).goto().then((f) => f.chooseMarkers('Planning', 2));
    // Planning: the markers of setting up and running the review are ticked, the outputs are not.
    const ticked = await choose.ticked();
    expect(ticked[0]).toBe(REFERRAL.title);
    expect(ticked).not.toContain(LAST.title);
    const round = await choose.startWith([REFERRAL.title, LAST.title]);
    const left = await round.notInRound();
    expect(left).toHaveLength(13);
    expect(left).not.toContain(REFERRAL.title);
    expect(await round.taskState(LAST.title)).toMatchObject({ status: 'Not started' });
    expect(squash(await round.signOff.innerText())).toContain('0 of 2 markers completed.');
    // Save and continue from the first goes straight to the other marker of the round.
    const first = await round.openMarker(REFERRAL.key, REFERRAL.title);
    await first.note(1).fill('Checked at planning.');
    const next = await first.saveAndContinue(LAST);
    expect(await next.successText()).toContain('Your changes to 1. Referral have been saved.');
    session.expectNoConsoleErrors();
  });
});

describe('the round journey with the keyboard alone', () => {
  let session: Session;
  beforeAll(async () => {
    session = await suite.session({ javaScript: true, as: { person: p.chair, organisationId: p.id } });
  });

  const press = (key: string) => session.page.keyboard.press(key);
  const type = (text: string) => session.page.keyboard.type(text);

  /** Presses Tab (or Shift+Tab) until `done`, checking that focus can be seen on everything on the way. */
  async function tabTo(done: (f: Focused) => boolean, what: string, backwards = false): Promise<Focused> {
    const path: string[] = [];
    for (let i = 0; i < 80; i++) {
      await press(backwards ? 'Shift+Tab' : 'Tab');
      const now = await focused(session.page);
      path.push(now.description);
      expect(
        now.indicatorVisible,
        `focus is visible on ${now.description} (${now.indicator}), reached by Tab through: ${path.join(' | ')}`,
      ).toBe(true);
      if (done(now)) return now;
    }
    throw new Error(`Tab never reached ${what}. Reached:\n  ${path.join('\n  ')}`);
  }
  /** What has focus after a key other than Tab (Space, an arrow), checking that focus can be seen. */
  async function focusNow(): Promise<Focused> {
    const now = await focused(session.page);
    expect(now.indicatorVisible, `focus is visible on ${now.description} (${now.indicator})`).toBe(true);
    return now;
  }
  const byText = (text: string) => (f: Focused) => f.text === text;
  const byId = (id: string) => (f: Focused) => f.id === id;
  const byName = (name: string) => (f: Focused) => f.type === 'radio' && f.id.startsWith(`${name}`);

  /** Presses a key that loads a new page, and checks the page. */
  async function enterTo<T extends { expectLoaded(): Promise<T> }>(to: (url: string) => T, key = 'Enter'): Promise<T> {
    await loadsNewDocument(session, () => press(key));
    return to(session.page.url()).expectLoaded();
  }

  it('starts a review, a round, answers a marker, saves it and sees its status, without a mouse', async () => {
    const title = 'Neglect of a baby in temporary housing';
    await new ReviewsPage(session).goto();
    await tabTo(byText('Start a review'), 'the Start a review button');
    const form = await enterTo(() => new NewReviewPage(session));

    await tabTo(byId('reference'), 'the reference field');
    await type('RR 2026/07');
    await tabTo(byId('title'), 'the title field');
    await type(title);
    await tabTo(byId('subjectPseudonym'), 'the pseudonym field');
    await type('Child C');
    // Tab reaches the first radio of a group with none chosen; Space chooses it, the arrows move on.
    const type1 = await tabTo(byName('type'), 'the review types');
    expect(type1.value).toBe('rapid-review');
    await press('Space');
    await press('ArrowDown');
    expect((await focusNow()).value).toBe('local-cspr');
    await tabTo(byName('method'), 'the methods');
    await press('Space');
    await press('ArrowDown');
    expect((await focusNow()).value).toBe('silp');
    expect(await form.main.getByRole('radio', { name: 'Local child safeguarding practice review' }).isChecked()).toBe(
      true,
    );
    await tabTo(byText('Start review'), 'the Start review button');
    const review = await enterTo((url) => new ReviewPage(session, idAfter(url, 'reviews'), title));

    await tabTo(byText('Start a round'), 'the Start a round button');
    await enterTo(() => new NewRoundPage(session, review.id));
    const purpose = await tabTo(byName('purpose'), 'the purposes');
    expect(purpose.value).toBe('planning');
    await press('Space');
    await tabTo(byText('Start round'), 'the Start round button');
    const round = await enterTo((url) => new RoundPage(session, review.id, idAfter(url, 'rounds'), 1));

    await tabTo(byText(REFERRAL.title), 'the first marker in the task list');
    const marker = await enterTo(
      () => new MarkerRecordPage(session, review.id, round.roundId, REFERRAL.key, REFERRAL.title),
    );
    const first = await tabTo((f) => f.type === 'radio' && f.id.startsWith('answer-'), 'the first answer');
    expect(first.value).toBe('yes');
    await press('Space');
    await press('Tab');
    expect((await focusNow()).id).toBe('note-reason-is-clear');
    await type('Clearly argued, with the agencies’ chronologies attached.');
    await press('Tab');
    await press('Space');
    await press('ArrowRight');
    expect((await focusNow()).value).toBe('partly');

    // The judgement: Tab lands on the one chosen (not yet assessed); the arrows move to "Met".
    const judgement = await tabTo(byName('judgement'), 'the judgement');
    expect(judgement.value).toBe('not-yet-assessed');
    for (let i = 0; i < 3; i++) await press('ArrowUp');
    expect((await focusNow()).value).toBe('met');
    // A judgement needs a rationale: autosave says so until one is typed, then saves both.
    await expect.poll(() => marker.status.innerText(), POLL).toBe('Not saved – Enter why you reached this judgement.');
    await tabTo(byId('rationale'), 'the rationale');
    await type('Reasons, route and timing are recorded.');
    await expect.poll(() => marker.status.innerText(), POLL).toMatch(/^Saved at \d\d:\d\d$/);
    // The refused autosaves were logged as failed requests, and nothing else was.
    expect(session.takeConsoleErrors().filter((e) => !/status of 400/.test(e))).toEqual([]);
    await tabTo(byId('status'), 'the progress');
    for (let i = 0; i < 3; i++) await press('ArrowDown');
    expect((await focusNow()).id).toBe('status');
    expect(await marker.progress.inputValue()).toBe('completed');
    await tabTo(byText('Save'), 'the Save button');
    const saved = await enterTo(() => marker.again());
    expect(await saved.successText()).toContain('Your changes have been saved.');
    expect(await saved.note(1).inputValue()).toBe('Clearly argued, with the agencies’ chronologies attached.');
    expect(await saved.judgement('Met').isChecked()).toBe(true);

    // Back up the page to the breadcrumbs, and to the round.
    await tabTo((f) => f.tag === 'a' && f.text === 'Round 1', 'the Round 1 breadcrumb', true);
    const after = await enterTo(() => new RoundPage(session, review.id, round.roundId, 1));
    await expect
      .poll(() => after.taskState(REFERRAL.title), POLL)
      .toEqual({ status: 'Completed', hint: 'Judgement: Met' });
    session.expectNoConsoleErrors();
  });
});
