import { beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../support/browser.js';
import { PlainPage, squash } from './pages/base.js';
import { KeyDatesPage, ReviewPage, ReviewsPage, TeamPage, type NewReview } from './pages/reviews.js';
import type { RoundPage } from './pages/rounds.js';
import { seedPartnership, useSignedInSuite, type Partnership } from './support.js';

// Starting and running a review (issue 5): every page in every state (empty, errors, filled) loads with
// its heading, passes axe (WCAG 2.2 AA) and logs no console errors. The marker pages of its rounds are in
// marker-record.spec.ts.
const suite = useSignedInSuite();

const REVIEW: NewReview = {
  reference: 'LCSPR 2026/03',
  title: 'Infant injuries in a family known to services',
  pseudonym: 'Child A',
  type: 'Local child safeguarding practice review',
  method: 'Significant incident learning process (SILP)',
};
const REFERRAL = { key: 'referral', title: '1. Referral' };

let p: Partnership;
/** The lead starts the review, so is its business manager. */
let lead: Session;
let leadNoJs: Session;
let review: ReviewPage;
let round: RoundPage;

beforeAll(async () => {
  p = await seedPartnership(suite.app.db, 'Anytown Safeguarding Children Partnership');
  [lead, leadNoJs] = await Promise.all([
    suite.session({ javaScript: true, as: { person: p.lead, organisationId: p.id } }),
    suite.session({ javaScript: false, as: { person: p.lead, organisationId: p.id } }),
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

  it('changes a member’s role and removes them, asking first, with JavaScript and without', async () => {
    const rolePath = (team: TeamPage, action: string) =>
      team.main.getByRole('link', { name: action }).getAttribute('href') as Promise<string>;
    const team = await new TeamPage(leadNoJs, review.id).goto();
    const roleHeading = `What is ${p.panel.name}’s role on the review?`;
    const removeHeading = `Are you sure you want to remove ${p.panel.name} from the team?`;
    const toRole = await rolePath(team, `Change role of ${p.panel.name}`);
    const toRemove = await rolePath(team, `Remove ${p.panel.name} from the team`);
    await new PlainPage(lead, toRole, roleHeading).goto();
    await new PlainPage(lead, toRemove, removeHeading).goto();

    const role = await team.submit(new PlainPage(leadNoJs, toRole, roleHeading), () =>
      team.main.getByRole('link', { name: `Change role of ${p.panel.name}` }).click(),
    );
    await role.main.getByRole('radio', { name: 'Observer (read only)', exact: true }).check();
    const changed = await role.submit(new TeamPage(leadNoJs, review.id), () => role.button('Change role').click());
    expect(squash(await changed.members.filter({ hasText: p.panel.name }).innerText())).toContain(
      'Observer (read only)',
    );
    const remove = await changed.submit(new PlainPage(leadNoJs, toRemove, removeHeading), () =>
      changed.main.getByRole('link', { name: `Remove ${p.panel.name} from the team` }).click(),
    );
    const removed = await remove.submit(new TeamPage(leadNoJs, review.id), () =>
      remove.button('Remove from team').click(),
    );
    expect(await removed.members.count()).toBe(2);
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
