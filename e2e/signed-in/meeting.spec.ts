import { beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../support/browser.js';
import { focused } from '../support/focus.js';
import { squash } from './pages/base.js';
import { DECISION_HEADING, DECISION_HEADING_READ_ONLY, MeetingPage } from './pages/meeting.js';
import { ReviewPage, ReviewsPage, type NewReview } from './pages/reviews.js';
import { MarkerRecordPage, RoundPage } from './pages/rounds.js';
import { seedPartnership, useSignedInSuite, type Partnership } from './support.js';

// Meeting mode, one question at a time then the decision: every step in every state (empty, answered,
// errors, conflict, saved, locked) has its heading, passes axe (WCAG 2.2 AA) and logs no console errors.
// It works with links and buttons alone; with JavaScript, n / p and the arrows move, saving on the way.
const suite = useSignedInSuite();

const REVIEW: NewReview = {
  reference: 'LCSPR 2026/11',
  title: 'Neglect of a toddler in a busy household',
  pseudonym: 'Child F',
  type: 'Local child safeguarding practice review',
  method: 'Significant incident learning process (SILP)',
};
const REFERRAL = { key: 'referral', title: '1. Referral' };
/** The Referral marker's nine questions (frameworks/scr-quality-markers.yaml, version 1.1.0). */
const Q = [
  'Is the reason for referring this case for a review clearly argued and backed by enough information?',
  'Does the referral say whether the case appears to be a serious child safeguarding case, which the local authority must notify, or is put forward for a discretionary local learning review?',
  'For a discretionary local learning review, does the referral explain how the case connects with local learning priorities and plans?',
  'Did the case reach the partners promptly, and is any delay explained?',
  'Have urgent risks to children, or quick practical fixes, been passed to the right agency without waiting for the review?',
  'Has anyone checked for links with other cases, such as a shared victim, perpetrator or institution?',
  'Where a case comes forward long after the events, is it clear why now and what can still be learned?',
  'Do partner agencies know how to refer a case and what information a referral should contain?',
  'Where the case is notifiable, did the local authority notify the Panel, and tell the partners, within the five working days that Working Together expects?',
];
const DECISION = Q.length + 1;
const of = (n: number) => `Question ${n} of ${Q.length}`;
const NOTE_1 = 'Panel: the reasons are given, but the risk to the siblings is thin.';
const RATIONALE = 'Reasons given; the risk to the siblings is not yet evidenced.';
const MET = 'Met: the reasons and the risks are recorded.';
const TOO_LONG = 'Notes must be 20,000 characters or fewer';

let p: Partnership;
/** The lead starts the review and runs the meeting; the chair approves the round, which locks it. */
let lead: Session;
let leadNoJs: Session;
let chairNoJs: Session;
let review: ReviewPage;
let round: RoundPage;

/** Meeting mode of the Referral marker at `step`, in session `s`. */
const meetingAt = (s: Session, step: number, heading = step <= Q.length ? Q[step - 1]! : DECISION_HEADING) =>
  new MeetingPage(s, review.id, round.roundId, REFERRAL.key, step, heading);
const markerPage = (s: Session) => new MarkerRecordPage(s, review.id, round.roundId, REFERRAL.key, REFERRAL.title);

beforeAll(async () => {
  p = await seedPartnership(suite.app.db, 'Anytown Safeguarding Children Partnership');
  [lead, leadNoJs, chairNoJs] = await Promise.all([
    suite.session({ javaScript: true, as: { person: p.lead, organisationId: p.id } }),
    suite.session({ javaScript: false, as: { person: p.lead, organisationId: p.id } }),
    suite.session({ javaScript: false, as: { person: p.chair, organisationId: p.id } }),
  ]);
});

describe('meeting mode without JavaScript', () => {
  it('opens from the round page and the marker page at the first question, empty', async () => {
    review = await new ReviewsPage(leadNoJs).goto().then((list) => list.openNew().then((f) => f.start(REVIEW)));
    await review.openTeam().then((team) => team.add(p.chair.name, 'Chair (signs off)'));
    const overview = await new ReviewPage(leadNoJs, review.id, REVIEW.title).goto();
    round = await overview.openNewRound().then((form) => form.start('Quality assurance while the review runs', 1));
    const first = await MeetingPage.open(round, REFERRAL.key, Q[0]!);
    expect(await first.stepText()).toBe(of(1));
    expect(squash(await first.statement.innerText())).toMatch(/^Quality statement for 1\. Referral: \S/);
    const title = `Meeting mode: ${of(1)} – 1. Referral – ${REVIEW.reference} – Quality Markers`;
    expect(await first.page.title()).toBe(title);
    expect(await first.form.locator('input[name="answer"]').count()).toBe(5);
    expect(await first.values()).toEqual({ chosen: null, text: '' });
    expect(await first.previousLink.count(), 'no previous question').toBe(0);
    expect(await first.linkLabel(first.nextLink)).toBe('Question 2');
    expect(await first.keyboardHint.isVisible(), 'no keyboard hint without JavaScript').toBe(false);
    const fromMarker = await MeetingPage.open(await markerPage(leadNoJs).goto(), REFERRAL.key, Q[0]!);
    expect(await fromMarker.stepText()).toBe(of(1));
  });

  it('saves an answer and its note with Save and continue, and shows them on going back', async () => {
    const first = await meetingAt(leadNoJs, 1).goto();
    await first.fill('Partly', NOTE_1);
    const second = await first.saveAndContinue(meetingAt(leadNoJs, 2));
    expect(await second.stepText()).toBe(of(2));
    expect(await second.values()).toEqual({ chosen: null, text: '' });
    expect(await second.linkLabel(second.previousLink)).toBe('Question 1');
    expect(await second.linkLabel(second.nextLink)).toBe('Question 3');
    expect((await second.saved()).questions[0]).toMatchObject({ answer: 'partly', note: NOTE_1 });
    const back = await second.previous(meetingAt(leadNoJs, 1));
    expect(await back.values()).toEqual({ chosen: 'Partly', text: NOTE_1 });
  });

  it('moves with the Previous and Next links, to the decision step and back', async () => {
    const LAST = Q.length;
    const last = await (await meetingAt(leadNoJs, LAST - 1).goto()).next(meetingAt(leadNoJs, LAST));
    expect(await last.linkLabel(last.nextLink)).toBe('Decision and rationale');
    const decision = await last.next(meetingAt(leadNoJs, DECISION));
    expect(await decision.stepText()).toBe('Decision and rationale');
    expect(await decision.nextLink.count(), 'nothing after the decision').toBe(0);
    expect(await decision.linkLabel(decision.previousLink)).toBe(`Question ${LAST}`);
    expect(await decision.previous(meetingAt(leadNoJs, LAST)).then((back) => back.stepText())).toBe(of(LAST));
  });

  it('shows an error for notes that are too long, keeping the answer and the text, saving nothing', async () => {
    const third = await meetingAt(leadNoJs, 3).goto();
    await third.fill('Yes', 'x'.repeat(20_001));
    const errors = await third.saveAndContinue(third.again());
    await errors.expectErrors([TOO_LONG]);
    const kept = { chosen: 'Yes', text: 'x'.repeat(20_001) };
    expect(await errors.values(), 'what was chosen and typed is kept').toEqual(kept);
    expect((await errors.saved()).questions[2]).toMatchObject({ answer: null, note: '' });
    await errors.note.fill('Linked to the partnership’s neglect priority.');
    const fourth = await errors.saveAndContinue(meetingAt(leadNoJs, 4));
    const saved = (await fourth.saved()).questions[2];
    expect(saved).toMatchObject({ answer: 'yes', note: 'Linked to the partnership’s neglect priority.' });
  });

  it('shows both versions when someone else saved the question first, and saves again to keep its own', async () => {
    const mine = await meetingAt(leadNoJs, 6).goto();
    const theirs = await meetingAt(lead, 6).goto();
    await theirs.answer('Yes').check();
    await theirs.saveAndContinue(meetingAt(lead, 7));
    await mine.fill('No', 'Nobody checked for linked cases.');
    const conflict = await mine.saveAndContinue(mine.again());
    expect(squash(await conflict.conflictBanner.innerText())).toContain('Someone else saved a change here');
    expect(squash(await conflict.theirVersion.innerText())).toContain('Yes. Notes: (none)');
    const kept = { chosen: 'No', text: 'Nobody checked for linked cases.' };
    expect(await conflict.values(), 'its own version is kept').toEqual(kept);
    expect((await conflict.saved()).questions[5]).toMatchObject({ answer: 'yes' });
    await conflict.saveAndContinue(meetingAt(leadNoJs, 7));
    expect((await conflict.saved()).questions[5]).toMatchObject({ answer: 'no' });
  });

  it('lists the answers given at the decision step, saves the decision, and the marker page shows it', async () => {
    const decision = await meetingAt(leadNoJs, DECISION).goto();
    expect(await decision.answersGiven.count()).toBe(Q.length);
    expect(squash(await decision.answersGiven.nth(0).innerText())).toBe(`1. ${Q[0]} Partly ${NOTE_1}`);
    expect(squash(await decision.answersGiven.nth(1).innerText())).toBe(`2. ${Q[1]} Not answered`);
    expect(await decision.values()).toEqual({ chosen: 'Not yet assessed', text: '' });
    await decision.fill('Partly met', RATIONALE);
    const done = await decision.saveDecision();
    expect(await done.successText()).toContain('The decision has been saved.');
    expect(await done.values()).toEqual({ chosen: 'Partly met', text: RATIONALE });
    const nextMarker = done.main.getByRole('link', { name: 'Next marker in meeting mode: 2. Decision making' });
    expect(await nextMarker.count()).toBe(1);
    const marker = await done.backToMarker(REFERRAL.title);
    expect(await marker.judgement('Partly met').isChecked()).toBe(true);
    expect(await marker.rationale.inputValue()).toBe(RATIONALE);
    expect(await marker.note(1).inputValue()).toBe(NOTE_1);
  });

  it('marks the marker completed from the decision step only with a judgement, keeping what was typed', async () => {
    const decision = await meetingAt(leadNoJs, DECISION).goto();
    expect(await decision.progress()).toBe('Not started');
    await decision.fill('Not yet assessed', 'On reflection, not yet.');
    await decision.setProgress('Completed');
    const errors = await decision.saveDecision();
    await errors.expectErrors(['Select a judgement before marking this marker as completed']);
    const kept = { chosen: 'Not yet assessed', text: 'On reflection, not yet.' };
    expect(await errors.values(), 'what was typed is kept').toEqual(kept);
    expect(await errors.progress()).toBe('Completed');
    expect(await errors.saved()).toMatchObject({
      judgement: 'partly-met',
      status: 'not-started',
      rationale: RATIONALE,
    });
    await errors.fill('Met', MET);
    const done = await errors.saveDecision();
    expect(await done.successText()).toContain('The decision has been saved.');
    expect(await done.progress()).toBe('Completed');
    const after = await done.backToRound(1);
    expect(await after.taskState(REFERRAL.title)).toEqual({ status: 'Completed', hint: 'Judgement: Met' });
  });
});

describe('meeting mode with JavaScript and the keyboard', () => {
  it('moves with n, p and the arrow keys, each step starting with focus at the top of the page', async () => {
    let at = await meetingAt(lead, 2).goto();
    await at.keysReady();
    expect(squash(await at.keyboardHint.innerText())).toContain('press N or the right arrow for the next question');
    for (const [key, step] of Object.entries({ n: 3, ArrowRight: 4, ArrowLeft: 3, p: 2 })) {
      at = await at.press(key, meetingAt(lead, step));
      expect(await at.stepText(), `after ${key}`).toBe(of(step));
      expect((await focused(lead.page)).tag, `focus after ${key}: the new page, from its start`).toBe('body');
    }
    await lead.page.keyboard.press('Tab');
    const skip = await focused(lead.page);
    expect(skip.text, 'the first Tab on the new step').toBe('Skip to main content');
    expect(skip.indicatorVisible, `focus is visible on ${skip.description}`).toBe(true);
    const decision = await meetingAt(lead, DECISION).goto();
    await decision.keysReady();
    await lead.page.keyboard.press('n');
    await lead.page.waitForTimeout(300);
    expect(new URL(lead.page.url()).search, 'n on the decision step stays put').toBe(`?q=${DECISION}`);
    expect(await decision.press('p', meetingAt(lead, Q.length)).then((last) => last.stepText())).toBe(of(Q.length));
  });

  it('leaves the arrow keys to the answers and n to the notes, and saves what changed on moving on', async () => {
    const fourth = await meetingAt(lead, 4).goto();
    await fourth.keysReady();
    await fourth.answer('Yes').focus();
    await lead.page.keyboard.press('Space');
    await lead.page.keyboard.press('ArrowRight');
    await fourth.note.focus();
    const note = 'Not known: no notes were kept of the strategy meeting, the panel was told.';
    await lead.page.keyboard.type(note);
    const typed = { chosen: 'Partly', text: note };
    expect(await fourth.values(), 'the arrow chose the next answer; n and p were typed').toEqual(typed);
    expect(await fourth.stepText(), 'neither moved to another step').toBe(of(4));
    await fourth.answer('Partly').focus();
    const fifth = await fourth.press('n', meetingAt(lead, 5));
    expect((await fifth.saved()).questions[3]).toMatchObject({ answer: 'partly', note });
    await fifth.answer('No').check();
    const sixth = await fifth.next(meetingAt(lead, 6));
    expect((await sixth.saved()).questions[4], 'the Next link saves a change too').toMatchObject({ answer: 'no' });
    expect(await sixth.press('p', meetingAt(lead, 5)).then((back) => back.values())).toMatchObject({ chosen: 'No' });
  });

  it('keeps what was typed when n is pressed on a step with errors, and saves it once put right', async () => {
    const seventh = await meetingAt(lead, 7).goto();
    await seventh.fill('Not yet known', 'z'.repeat(20_001));
    const errors = await seventh.saveAndContinue(seventh.again());
    await errors.expectErrors([TOO_LONG]);
    // Focus is on the error summary, so n is a key for meeting mode: it must not drop the answer and notes.
    const again = await errors.press('n', seventh.again());
    await again.expectErrors([TOO_LONG]);
    expect(await again.values()).toEqual({ chosen: 'Not yet known', text: 'z'.repeat(20_001) });
    await again.note.fill('Came forward at once.');
    await again.note.blur();
    const last = await again.press('n', meetingAt(lead, 8));
    expect((await last.saved()).questions[6]).toMatchObject({ answer: 'not-yet-known', note: 'Came forward at once.' });
    lead.expectNoConsoleErrors();
  });
});

describe('meeting mode in a locked round', () => {
  it('shows the answers and the decision read-only once the chair approves the round', async () => {
    await new RoundPage(leadNoJs, review.id, round.roundId, 1).goto().then((r) => r.signOffStep('Send for sign-off'));
    const toApprove = await new RoundPage(chairNoJs, review.id, round.roundId, 1).goto();
    expect(squash(await (await toApprove.signOffStep('Approve and lock')).signOff.innerText())).toContain('Signed off');
    for (const s of [chairNoJs, lead]) {
      const first = await meetingAt(s, 1).goto();
      expect(await first.main.locator('form, input, textarea, button').count(), 'nothing to fill in').toBe(0);
      expect(squash(await first.main.innerText())).toContain(`Answer: Partly Notes: ${NOTE_1}`);
      expect(await first.linkLabel(first.nextLink)).toBe('Question 2');
      const decision = await meetingAt(s, DECISION, DECISION_HEADING_READ_ONLY).goto();
      expect(await decision.main.locator('form, input, textarea, button').count()).toBe(0);
      expect(squash(await decision.main.innerText())).toContain(`Judgement: Met ${MET}`);
    }
    const second = await (await meetingAt(lead, 1).goto()).press('n', meetingAt(lead, 2));
    expect(squash(await second.main.innerText()), 'the keys still step through').toContain('Answer: Not answered');
  });
});
