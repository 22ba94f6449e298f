import { beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../support/browser.js';
import { squash } from './pages/base.js';
import { ComparePage, MarkerHistoryPage } from './pages/lifecycle.js';
import { ReviewPage, ReviewsPage, type NewReview } from './pages/reviews.js';
import { MarkerRecordPage, RoundPage } from './pages/rounds.js';
import { seedPartnership, useSignedInSuite, type Partnership } from './support.js';

// A round's life after its first save, without JavaScript: a second round started from the first
// (answers copied, every status back to "not started"), the two rounds compared side by side, and a
// marker's history with a restore. Every page in every state (empty, errors, filled, compared,
// restored) loads with its heading, passes axe (WCAG 2.2 AA) and logs no console errors.
const suite = useSignedInSuite();

const REVIEW: NewReview = {
  reference: 'LCSPR 2026/21',
  title: 'Missed signs of neglect in a family of five',
  pseudonym: 'Child G',
  type: 'Local child safeguarding practice review',
  method: 'Significant incident learning process (SILP)',
};
const REFERRAL = { key: 'referral', title: '1. Referral' };
const NOTE = 'The referral sets out the injuries and the GP’s concerns.';
const FIRST = 'Reasons given; the route is not stated.';
const SECOND = 'Reasons and route are both recorded.';
const ROUTE = 'On a second look the route is not stated after all.';
const ROUND_1 = 'Round 1 (Planning)';
const ROUND_2 = 'Round 2 (Quality assurance while the review runs)';
const COPY_1 = 'Start from round 1 (answers copied, every marker back to not started)';
const ROUTE_QUESTION =
  'Does the referral say whether the case appears to be a serious child safeguarding case, which the local authority must notify, or is put forward for a discretionary local learning review?';

/** "2026-05-01 10:12 by {name}", as the history says when and by whom a version was saved. */
/** "26 November 2026 at 2:02pm by Name": when, in UK time, and who. */
const savedBy = (name: string): unknown =>
  expect.stringMatching(new RegExp(`^\\d{1,2} [A-Z][a-z]+ \\d{4} at \\d{1,2}:\\d\\d[ap]m by ${name}$`));

let p: Partnership;
/** The lead starts the review and both rounds; the panel member saves the marker too. */
let lead: Session;
let leadJs: Session;
let panel: Session;
let review: ReviewPage;
let round1: RoundPage;
let round2: RoundPage;

const markerIn = (s: Session, round: RoundPage) =>
  new MarkerRecordPage(s, review.id, round.roundId, REFERRAL.key, REFERRAL.title);
const roundIn = (s: Session, round: RoundPage) => new RoundPage(s, review.id, round.roundId, round.number);
/** The progress chosen on a marker page. */
const progressOf = async (m: MarkerRecordPage) => squash(await m.progress.locator('option:checked').innerText());

beforeAll(async () => {
  p = await seedPartnership(suite.app.db, 'Anytown Safeguarding Children Partnership');
  [lead, leadJs, panel] = await Promise.all([
    suite.session({ javaScript: false, as: { person: p.lead, organisationId: p.id } }),
    suite.session({ javaScript: true, as: { person: p.lead, organisationId: p.id } }),
    suite.session({ javaScript: false, as: { person: p.panel, organisationId: p.id } }),
  ]);
});

describe('a second round started from the first, without JavaScript', () => {
  it('starts the review, with a panel member on its team, and round 1, with no earlier round to start from', async () => {
    review = await new ReviewsPage(lead).goto().then((list) => list.openNew().then((f) => f.start(REVIEW)));
    await review.openTeam().then((team) => team.add(p.panel.name, 'Panel member'));
    const form = await new ReviewPage(lead, review.id, REVIEW.title).goto().then((r) => r.openNewRound());
    expect(await form.main.getByRole('radio', { name: 'Start afresh' }).count(), 'no earlier round yet').toBe(0);
    round1 = await form.start('Planning', 1);
  });

  it('records round 1: the lead saves a marker', async () => {
    const first = await round1.openMarker(REFERRAL.key, REFERRAL.title);
    await first.answer('reason-is-clear', 'Yes').check();
    await first.note(1).fill(NOTE);
    await first.judgement('Partly met').check();
    await first.rationale.fill(FIRST);
    await first.progress.selectOption({ label: 'In progress' });
    expect(await (await first.save()).successText()).toContain('Your changes have been saved.');
  });

  it('records round 1: a panel member completes the marker', async () => {
    const second = await markerIn(panel, round1).goto();
    await second.judgement('Met').check();
    await second.rationale.fill(SECOND);
    await second.progress.selectOption({ label: 'Completed' });
    const after = await (await second.save()).backToRound(1);
    expect(await after.taskState(REFERRAL.title)).toEqual({ status: 'Completed', hint: 'Judgement: Met' });
  });

  it('has nothing to compare while the review has one round', async () => {
    const only = await ComparePage.open(await roundIn(lead, round1).goto());
    expect(squash(await only.main.innerText())).toContain(
      'This review has one round, so there is nothing to compare yet. Start another round to compare it with.',
    );
    expect(await only.main.locator('select, table').count(), 'no form and no table').toBe(0);
  });

  it('starts round 2 from round 1: the form empty, with an error, then filled', async () => {
    const form = await new ReviewPage(lead, review.id, REVIEW.title).goto().then((r) => r.openNewRound());
    expect(await form.main.getByRole('radio', { name: 'Start afresh', exact: true }).isChecked()).toBe(true);
    expect(await form.main.getByRole('radio', { name: COPY_1, exact: true }).isChecked()).toBe(false);
    await form.main.getByRole('radio', { name: COPY_1, exact: true }).check();
    const errors = await form.startWithErrors();
    await errors.expectErrors(['Select what this round is for']);
    expect(await errors.main.getByRole('radio', { name: COPY_1 }).isChecked(), 'the choice is kept').toBe(true);
    round2 = await errors.start('Quality assurance while the review runs', 2);

    const statuses = (await round2.tasks.locator('.govuk-task-list__status').allInnerTexts()).map(squash);
    expect(statuses).toHaveLength(18);
    expect(new Set(statuses), 'every marker back to not started').toEqual(new Set(['Not started']));
    expect(await round2.taskState(REFERRAL.title)).toEqual({ status: 'Not started', hint: 'Judgement: Met' });
  });

  it('carries the answers, notes, judgement and rationale over, with the progress back to not started', async () => {
    const copied = await round2.openMarker(REFERRAL.key, REFERRAL.title);
    expect(await copied.answer('reason-is-clear', 'Yes').isChecked()).toBe(true);
    expect(await copied.note(1).inputValue()).toBe(NOTE);
    expect(await copied.answer('route-stated', 'No').isChecked()).toBe(false);
    expect(await copied.judgement('Met').isChecked()).toBe(true);
    expect(await copied.rationale.inputValue()).toBe(SECOND);
    expect(await progressOf(copied)).toBe('Not started');
    const original = await markerIn(lead, round1).goto();
    expect(await progressOf(original), 'round 1 is untouched').toBe('Completed');
  });
});

describe('comparing the two rounds, without JavaScript', () => {
  it('changes a judgement and an answer in round 2', async () => {
    const marker = await markerIn(lead, round2).goto();
    await marker.judgement('Not met').check();
    await marker.progress.selectOption({ label: 'In progress' });
    await marker.answer('route-stated', 'No').check();
    await marker.note(2).fill(ROUTE);
    expect(await (await marker.save()).successText()).toContain('Your changes have been saved.');
  });

  it('opens from a round with the round before it chosen, and says what is wrong with a choice', async () => {
    const compare = await ComparePage.open(await roundIn(lead, round2).goto());
    expect(await compare.chosen('First round')).toBe(ROUND_1);
    expect(await compare.chosen('Second round')).toBe(ROUND_2);
    const unchosen = await compare.compare('Choose a round', ROUND_2);
    await unchosen.expectErrors(['Select the first round to compare']);
    expect(await unchosen.tables.count(), 'no comparison').toBe(0);
    const same = await unchosen.compare(ROUND_2, ROUND_2);
    await same.expectErrors(['Select a different round to compare with']);
    expect(await same.chosen('First round'), 'the choice is kept').toBe(ROUND_2);
    expect(await same.tables.count()).toBe(0);
  });

  it('shows the two rounds side by side, the change marked and the answer that differs', async () => {
    const start = await new ComparePage(lead, review.id, '?a=&b=', 400).goto();
    const compare = await start.compare(ROUND_1, ROUND_2);
    expect(compare.params().get('a')).toBe(round1.roundId);
    expect(compare.params().get('b')).toBe(round2.roundId);
    expect(await compare.markerRow(REFERRAL.key)).toEqual([
      '1. Referral',
      'Met Completed',
      'Not met In progress',
      'Changed Judgement and status changed 1 answer differs for Referral',
    ]);
    expect(await compare.answerDifferences(REFERRAL.key)).toEqual([
      `2. ${ROUTE_QUESTION} Not answered No Notes: ${ROUTE}`,
    ]);
    expect(await compare.stageSummary('review-set-up')).toBe('1 of 5 markers changed');
    // What the two rounds have in common: copied and not touched since.
    expect(await compare.markerRow('decision-making')).toEqual([
      '2. Decision making',
      'Not yet assessed Not started',
      'Not yet assessed Not started',
      'No change',
    ]);
    expect(await compare.stageSummary('running-the-review')).toBe('0 of 8 markers changed');
    expect(await compare.page.locator('#answers-decision-making').count()).toBe(0);
  });

  it('shows the same comparison with JavaScript on', async () => {
    const query = `?a=${round1.roundId}&b=${round2.roundId}`;
    const compare = await new ComparePage(leadJs, review.id, query).goto();
    expect((await compare.markerRow(REFERRAL.key))[3]).toContain('Judgement and status changed');
    leadJs.expectNoConsoleErrors();
  });
});

describe('a marker’s history, without JavaScript', () => {
  it('lists every version of the judgement and of each answer, with who saved it and when', async () => {
    const history = await MarkerHistoryPage.open(await markerIn(lead, round1).goto());
    const versions = (await history.judgementVersions()).map((v) => v.split(' | '));
    expect(versions).toEqual([
      ['3 (current)', savedBy(p.panel.name), `Met: ${SECOND}`, 'Completed'],
      ['2', savedBy(p.lead.name), `Partly met: ${FIRST}`, 'In progress'],
      ['1', savedBy(p.lead.name), 'Not yet assessed', 'Not started'],
    ]);
    const answers = (await history.answerVersions(1)).map((v) => v.split(' | '));
    expect(answers).toEqual([
      ['2 (current)', savedBy(p.lead.name), `Yes: ${NOTE}`],
      ['1', savedBy(p.lead.name), 'Not answered'],
    ]);
    expect(await history.answerVersions(2)).toEqual([expect.stringMatching(/^1 \(current\) \| .* \| Not answered$/)]);
  });

  it('names each Restore button by its version and what it restores', async () => {
    const history = await new MarkerHistoryPage(markerIn(lead, round1)).goto();
    expect(await history.restoreButtonNames()).toEqual([
      'Restore version 2 of the judgement',
      'Restore version 1 of the judgement',
      'Restore version 1 of the answer to question 1',
    ]);
  });

  it('restores an older judgement: the marker shows it, and the history has it as the newest version', async () => {
    const history = await new MarkerHistoryPage(markerIn(lead, round1)).goto();
    const restored = await history.restoreJudgement(2);
    expect(await restored.successText()).toContain('Your changes have been saved.');
    expect(await restored.judgement('Partly met').isChecked()).toBe(true);
    expect(await restored.rationale.inputValue()).toBe(FIRST);
    expect(await progressOf(restored)).toBe('In progress');
    expect(await restored.note(1).inputValue(), 'the answers are left as they were').toBe(NOTE);

    const after = await MarkerHistoryPage.open(restored);
    const versions = (await after.judgementVersions()).map((v) => v.split(' | '));
    expect(versions).toHaveLength(4);
    expect(versions[0]).toEqual(['4 (current)', savedBy(p.lead.name), `Partly met: ${FIRST}`, 'In progress']);
    expect(versions[1]).toEqual(['3', savedBy(p.panel.name), `Met: ${SECOND}`, 'Completed']);
    const back = await roundIn(lead, round1).goto();
    expect(await back.taskState(REFERRAL.title)).toEqual({ status: 'In progress', hint: 'Judgement: Partly met' });
  });
});
