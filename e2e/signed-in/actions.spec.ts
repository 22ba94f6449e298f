import { beforeAll, describe, expect, it } from 'vitest';
import { londonDate } from '../../src/lib/uk-time.js';
import { addCalendarDays } from '../../src/lib/working-days.js';
import type { Session } from '../support/browser.js';
import { squash } from './pages/base.js';
import { actionRow } from '../../test/helpers/reviews.js';
import { ON, seedReview } from './review-world.js';
import { idAfter, seedPartnership, useSignedInSuite, type Partnership } from './support.js';

// Findings and actions (issue 6): every page in every state (empty, errors, filled, conflict, overdue,
// filtered, stale bulk update) loads with its heading, passes axe (WCAG 2.2 AA) and logs no console
// errors; the actions journey (a finding, an improvement action from it, filter, bulk update, progress
// note) works without JavaScript. Conflicts on findings, importing actions and the written response are
// in response.spec.ts.
const suite = useSignedInSuite();

let p: Partnership;
let reviewId: string;
let lead: Session;
let panel: Session;
let chair: Session;
let admin: Session;
let actionsPath: string;

const REFERENCE = 'LCSPR 2026/61';

beforeAll(async () => {
  p = await seedPartnership(suite.app.db, 'Anytown Safeguarding Children Partnership');
  reviewId = await seedReview(suite.app.db, p, {
    reference: REFERENCE,
    title: 'Neglect of a toddler',
    subjectPseudonym: 'Child B',
    method: 'systems',
  });
  actionsPath = `/reviews/${reviewId}/actions`;
  [lead, panel, chair, admin] = await Promise.all([
    suite.session({ javaScript: false, as: { person: p.lead, organisationId: p.id } }),
    suite.session({ javaScript: false, as: { person: p.panel, organisationId: p.id } }),
    suite.session({ javaScript: false, as: { person: p.chair, organisationId: p.id } }),
    suite.session({ javaScript: true, as: { person: p.admin, organisationId: p.id } }),
  ]);
});

/** A date some days from today (in England), as the date input's three fields. */
function daysFromToday(days: number) {
  const [year, month, day] = addCalendarDays(londonDate(new Date()), days).split('-');
  return { day: String(Number(day)), month: String(Number(month)), year: year! };
}

describe('learning themes (admin)', () => {
  it('lists the seeded themes, refuses an empty name, adds and opens one', async () => {
    const list = await ON(admin, '/admin/themes', 'Learning themes').goto();
    expect(squash(await list.main.innerText())).toContain('Voice of the child');
    const errors = await list.submit(ON(admin, '/admin/themes', 'Learning themes'), () =>
      list.button('Add theme').click(),
    );
    await errors.expectErrors(['Enter the name of the theme']);
    await errors.field('Add a theme').fill('Bruising in non-mobile babies');
    const added = await errors.submit(ON(admin, '/admin/themes', 'Learning themes'), () =>
      errors.button('Add theme').click(),
    );
    expect(await added.successText()).toContain('Theme added.');
    const link = added.main.getByRole('link', { name: 'Change Bruising in non-mobile babies' });
    await added.submit(
      (url) => ON(admin, new URL(url).pathname, 'Change a learning theme'),
      () => link.click(),
    );
  });
});

describe('the actions journey, without JavaScript', () => {
  it('adds a finding: the empty list, the form with an error, then the filled list', async () => {
    const review = await ON(lead, `/reviews/${reviewId}`, 'Neglect of a toddler').goto();
    const empty = await review.submit(ON(lead, `/reviews/${reviewId}/findings`, 'Findings and recommendations'), () =>
      review.main.getByRole('link', { name: `Findings and recommendations of ${REFERENCE}` }).click(),
    );
    expect(squash(await empty.main.innerText())).toContain('No findings yet.');
    const form = await empty.submit(ON(lead, `/reviews/${reviewId}/findings/new`, 'Add a finding'), () =>
      empty.main.getByRole('button', { name: 'Add a finding' }).click(),
    );
    await form.main.getByRole('checkbox', { name: '1. Referral' }).check();
    const errors = await form.submit(ON(lead, `/reviews/${reviewId}/findings/new`, 'Add a finding'), () =>
      form.button('Save').click(),
    );
    await errors.expectErrors(['Enter the text']);
    expect(await errors.main.getByRole('checkbox', { name: '1. Referral' }).isChecked(), 'the choice is kept').toBe(
      true,
    );
    await errors.page.locator('#text').fill('Concerns about neglect were not escalated when the plan drifted.');
    await errors.main.getByRole('checkbox', { name: 'Escalation' }).check();
    const filled = await errors.submit(ON(lead, `/reviews/${reviewId}/findings`, 'Findings and recommendations'), () =>
      errors.button('Save').click(),
    );
    expect(await filled.successText()).toContain('Finding 1 added.');
    expect(squash(await filled.main.innerText())).toContain('Escalation');
  });

  it('adds an overdue improvement action from the finding, with errors first, and a progress note', async () => {
    const findings = await ON(lead, `/reviews/${reviewId}/findings`, 'Findings and recommendations').goto();
    const form = await findings.submit(ON(lead, `${actionsPath}/new`, 'Add an improvement action'), () =>
      findings.main.getByRole('link', { name: 'Add an improvement action for finding 1' }).click(),
    );
    await form.field('Title').fill('Refresh the escalation policy');
    const errors = await form.submit(ON(lead, `${actionsPath}/new`, 'Add an improvement action'), () =>
      form.button('Save').click(),
    );
    await errors.expectErrors(['Select an owner, or enter a name or post', 'Enter the due date']);
    expect(await errors.field('Title').inputValue()).toBe('Refresh the escalation policy');
    await errors.field('Name or post of the owner, if not in the list').fill('Head of safeguarding');
    await errors.field('Agencies').fill('Police\nHealth');
    const due = daysFromToday(-7);
    await errors.page.locator('#due-day').fill(due.day);
    await errors.page.locator('#due-month').fill(due.month);
    await errors.page.locator('#due-year').fill(due.year);
    await errors.field('Status').selectOption({ label: 'In progress' });
    await errors.main.getByRole('radio', { name: 'Amber: at risk' }).check();
    const shown = await errors.submit(
      (url) => ON(lead, new URL(url).pathname, 'Refresh the escalation policy'),
      () => errors.button('Save').click(),
    );
    expect(await shown.successText()).toContain('Action added.');
    expect(squash(await shown.page.locator('#overdue').innerText())).toContain('Overdue');

    const noNote = await shown.submit(ON(lead, `${shown.path}/progress`, 'Refresh the escalation policy'), () =>
      shown.button('Add progress note').click(),
    );
    await noNote.expectErrors(['Enter a progress note']);
    await noNote.field('Add a progress note').fill('Draft policy shared with every agency.');
    const noted = await noNote.submit(ON(lead, shown.path, 'Refresh the escalation policy'), () =>
      noNote.button('Add progress note').click(),
    );
    expect(await noted.successText()).toContain('Progress note added.');
    const notes = noted.page.locator('#progress + ol');
    expect(squash(await notes.innerText())).toContain(p.lead.name);
    // The notes (to the end of the last one) end above the form for the next: the list once shared the
    // round page's progress bar class, whose fixed 12px height let the notes overflow onto the form.
    const notesBox = await notes.locator('li').last().boundingBox();
    const formBox = await noted.page.locator('form[action$="/progress"]').boundingBox();
    expect(notesBox!.y + notesBox!.height).toBeLessThanOrEqual(formBox!.y);
  });

  it('adds a review task, shows the conflict page when two people change the same action', async () => {
    const list = await ON(lead, actionsPath, 'Actions').goto();
    const kind = await list.submit(ON(lead, `${actionsPath}/new`, 'What kind of action is it?'), () =>
      list.main.getByRole('button', { name: 'Add an action' }).click(),
    );
    const noKind = await kind.submit(ON(lead, `${actionsPath}/new`, 'What kind of action is it?'), () =>
      kind.button('Continue').click(),
    );
    expect(await noKind.page.title()).not.toMatch(/^Error/); // a GET with no choice just asks again
    await noKind.main.getByRole('radio', { name: 'Review task' }).check();
    const form = await noKind.submit(ON(lead, `${actionsPath}/new`, 'Add a review task'), () =>
      noKind.button('Continue').click(),
    );
    await form.field('Title').fill('Send the letter to the family');
    await form.field('Owner').selectOption({ label: p.chair.name });
    const task = await form.submit(
      (url) => ON(lead, new URL(url).pathname, 'Send the letter to the family'),
      () => form.button('Save').click(),
    );
    const taskId = idAfter(task.page.url(), 'actions');

    const mine = await ON(lead, `${actionsPath}/${taskId}/edit`, 'Change action 2').goto();
    const theirs = await ON(chair, `${actionsPath}/${taskId}/edit`, 'Change action 2').goto();
    await mine.field('Title').fill('Send the letter to the family this week');
    await mine.submit(
      (url) => ON(lead, new URL(url).pathname, 'Send the letter to the family this week'),
      () => mine.button('Save').click(),
    );
    await theirs.field('Title').fill('Post the letter to the family');
    const conflict = await theirs.submit(ON(chair, theirs.path, 'Change action 2'), () =>
      theirs.button('Save').click(),
    );
    expect(squash(await conflict.page.locator('#theirs').innerText())).toContain(
      'Send the letter to the family this week',
    );
    expect(await conflict.field('Title').inputValue()).toBe('Post the letter to the family');
  });

  it('filters the list with a GET form: overdue, by agency, and a due-before date that is not real', async () => {
    const list = await ON(lead, actionsPath, 'Actions').goto();
    expect(await list.page.locator('#actions tbody tr').count()).toBe(2);
    expect(await list.page.locator('tr.app-overdue').count()).toBe(1);
    await list.field('Only overdue actions').check();
    const overdue = await list.submit(ON(lead, actionsPath, 'Actions'), () => list.button('Apply filters').click());
    expect(overdue.params().get('overdue')).toBe('yes');
    expect(await overdue.page.locator('#actions tbody tr').count()).toBe(1);
    await overdue.field('Only overdue actions').uncheck();
    await overdue.field('Agency').selectOption('Health');
    const byAgency = await overdue.submit(ON(lead, actionsPath, 'Actions'), () =>
      overdue.button('Apply filters').click(),
    );
    expect(squash(await byAgency.page.locator('#actions').innerText())).toContain('Refresh the escalation policy');
    await byAgency.page.locator('#dueBefore-day').fill('31');
    await byAgency.page.locator('#dueBefore-month').fill('2');
    await byAgency.page.locator('#dueBefore-year').fill('2027');
    const bad = await byAgency.submit(ON(lead, actionsPath, 'Actions', 400), () =>
      byAgency.button('Apply filters').click(),
    );
    await bad.expectErrors(['Due before must be a real date']);
    const none = await ON(lead, `${actionsPath}?agency=Nobody`, 'Actions').goto();
    expect(squash(await none.main.innerText())).toContain('No actions match the filters.');
  });

  it('updates several actions at once, and reports a row someone else changed first', async () => {
    const mine = await ON(lead, actionsPath, 'Actions').goto();
    const theirs = await ON(chair, actionsPath, 'Actions').goto();
    const errors = await mine.submit(ON(lead, `${actionsPath}/bulk`, 'Actions'), () =>
      mine.button('Update selected').click(),
    );
    await errors.expectErrors(['Select the actions to update', 'Select a new status or RAG rating']);
    for (const box of await errors.page.locator('input[name=selected]').all()) await box.check();
    await errors.field('New RAG rating').selectOption({ label: 'Green: on track' });
    const updated = await errors.submit(ON(lead, actionsPath, 'Actions'), () =>
      errors.button('Update selected').click(),
    );
    expect(await updated.successText()).toContain('2 actions updated.');

    await theirs.page.locator('input[name=selected]').first().check();
    await theirs.field('New status').selectOption({ label: 'Completed' });
    const stale = await theirs.submit(ON(chair, `${actionsPath}/bulk`, 'Actions'), () =>
      theirs.button('Update selected').click(),
    );
    expect(await stale.page.title()).toMatch(/^Error: /);
    expect(squash(await stale.errorSummary.innerText())).toContain(
      'Nothing was updated: someone else changed action 1',
    );
  });

  it('lists the partnership’s actions across reviews, 50 a page', async () => {
    const all = await ON(panel, '/actions', 'Actions across your partnership’s reviews').goto();
    expect(squash(await all.page.locator('#actions').innerText())).toContain(REFERENCE);
    // Enough actions for a second page: the page with GOV.UK pagination is audited on load too.
    const busy = await seedReview(suite.app.db, p, {
      reference: 'LCSPR 2026/62',
      title: 'Busy',
      subjectPseudonym: 'Child C',
      method: 'systems',
    });
    const rows = Array.from({ length: 50 }, (_, i) =>
      actionRow(p.id, busy, { kind: 'review-task', number: i + 1, title: `Task ${i + 1}` }),
    );
    await suite.app.db.insertInto('action').values(rows).execute();
    const paged = await ON(panel, '/actions', 'Actions across your partnership’s reviews').goto();
    expect(squash(await paged.page.locator('#actions-caption').innerText())).toMatch(/^\d+ actions, showing 1 to 50$/);
    expect(await paged.page.locator('nav.govuk-pagination a[rel=next]').getAttribute('href')).toBe('/actions?page=2');
  });
});
