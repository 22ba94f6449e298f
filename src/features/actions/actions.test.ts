import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPage } from '../../../test/helpers/html.js';
import { londonDate } from '../../lib/uk-time.js';
import { addCalendarDays } from '../../lib/working-days.js';
import { listActions } from './actions.service.js';
import { listFindings } from './findings.service.js';
import { auditOf, makeWorld, page, type World } from '../../../test/helpers/actions-world.js';

let w: World;
beforeAll(async () => {
  w = await makeWorld();
});
afterAll(async () => w.t.close());

/** A date some days from today (in England), as the date input's fields. */
function due(days: number) {
  const [year, month, day] = addCalendarDays(londonDate(new Date()), days).split('-');
  return { 'due-day': String(Number(day)), 'due-month': String(Number(month)), 'due-year': year! };
}

async function reviewWithFinding() {
  const review = await w.startReview();
  await w.manager.post(`${review.url}/findings/new`, {
    kind: 'finding',
    text: 'Escalation was not used when plans drifted.',
  });
  const [finding] = await listFindings(w.t.testDb.db, w.orgId, review.id);
  return { ...review, findingId: finding!.id };
}

function improvement(findingId: string, extra: Record<string, string> = {}) {
  return {
    kind: 'improvement',
    finding: findingId,
    title: 'Refresh the escalation policy',
    description: 'Agree and publish one escalation policy for every agency.',
    ownerName: 'Head of safeguarding, Anytown Council',
    agencies: 'Police\nHealth',
    ...due(30),
    status: 'in-progress',
    rag: 'amber',
    supportingEvidence: 'https://example.org/policy',
    criticalFriendComment: 'Check that schools know about it.',
    impactWhatChanged: 'Disagreements are escalated within a week.',
    impactHowWeKnow: 'Multi-agency audit in March.',
    ...extra,
  };
}

describe('adding and reading actions', () => {
  it('asks what kind of action, then shows the form with errors and the input kept', async () => {
    const { url, findingId } = await reviewWithFinding();
    const kind = await page(w.manager, `${url}/actions/new`);
    expect(kind.h1).toBe('What kind of action is it?');
    const noKind = await w.manager.post(`${url}/actions/new`, {});
    expect(noKind.statusCode).toBe(400);
    expect(readPage(noKind.body).errorLinks).toEqual([{ text: 'Select the kind of action', href: '#kind' }]);

    const form = await page(w.manager, `${url}/actions/new?kind=improvement&finding=${findingId}`);
    expect(form.h1).toBe('Add an improvement action');
    expect(form.root.querySelector(`#finding option[value="${findingId}"]`)?.hasAttribute('selected')).toBe(true);

    const bad = await w.manager.post(`${url}/actions/new`, {
      kind: 'improvement',
      finding: findingId,
      title: '',
      agencies: 'Police',
      'due-day': '31',
      'due-month': '2',
      'due-year': '2027',
    });
    expect(bad.statusCode).toBe(400);
    const badPage = readPage(bad.body);
    expect(badPage.title).toMatch(/^Error: Add an improvement action – /);
    expect(badPage.errorLinks).toEqual([
      { text: 'Enter a title', href: '#title' },
      { text: 'Select an owner, or enter a name or post', href: '#ownerUser' },
      { text: 'Due date must be a real date', href: '#due-day' },
    ]);
    expect(badPage.root.querySelector('#agencies')?.text).toBe('Police');
    expect(badPage.root.querySelector('#due-day')?.getAttribute('value')).toBe('31');
  });

  it('adds an improvement action from a finding and shows every part of it', async () => {
    const { id, url, findingId } = await reviewWithFinding();
    const res = await w.manager.post(`${url}/actions/new`, improvement(findingId));
    expect(res.statusCode).toBe(303);
    const show = await page(w.manager, res.headers.location as string);
    expect(show.h1).toBe('Refresh the escalation policy');
    expect(show.text('.govuk-notification-banner')).toContain('Action added.');
    const details = show.text('#details');
    for (const part of [
      'Head of safeguarding, Anytown Council',
      'In progress',
      'Amber',
      'Finding 1',
      'Police, Health',
      'https://example.org/policy',
      'Check that schools know about it.',
      'Disagreements are escalated within a week.',
      'Multi-agency audit in March.',
    ]) {
      expect(details).toContain(part);
    }
    expect(show.root.querySelector('#overdue')).toBeNull();
    const [action] = await listActions(w.t.testDb.db, w.orgId, id);
    expect([action!.number, action!.kind, action!.finding_id, action!.agencies, action!.completed_at]).toEqual([
      1,
      'improvement',
      findingId,
      ['Police', 'Health'],
      null,
    ]);
    expect((await auditOf(w, action!.id)).map((a) => a.action)).toEqual(['action.added', 'action.viewed']);
  });

  it('adds a review task for a partnership member, linked to a marker', async () => {
    const { id, url } = await w.startReview();
    const res = await w.manager.post(`${url}/actions/new`, {
      kind: 'review-task',
      title: 'Send the letter to the family',
      ownerUser: w.people.chair.id,
      ownerName: '',
      marker: 'informing-the-family',
      status: 'not-started',
    });
    expect(res.statusCode).toBe(303);
    const show = await page(w.manager, res.headers.location as string);
    expect(show.text('#details')).toContain(w.people.chair.name);
    expect(show.text('#details')).toContain('4. Informing the family');
    const [task] = await listActions(w.t.testDb.db, w.orgId, id);
    expect([task!.owner_user_id, task!.owner_name, task!.due_date, task!.agencies]).toEqual([
      w.people.chair.id,
      w.people.chair.name,
      null,
      [],
    ]);
  });
});

describe('changing actions', () => {
  it('saves over the version read, records completion, and shows both versions on a conflict', async () => {
    const { id, url, findingId } = await reviewWithFinding();
    const created = await w.manager.post(`${url}/actions/new`, improvement(findingId));
    const actionUrl = (created.headers.location as string).split('?')[0]!;
    const edit = await page(w.chair, `${actionUrl}/edit`);
    expect(edit.h1).toBe('Change action 1');
    expect(edit.root.querySelector('#title')?.getAttribute('value')).toBe('Refresh the escalation policy');

    const done = await w.manager.post(
      `${actionUrl}/edit`,
      improvement(findingId, { version: '1', status: 'completed', rag: 'green' }),
    );
    expect(done.statusCode).toBe(303);
    let [action] = await listActions(w.t.testDb.db, w.orgId, id);
    expect(action!.status).toBe('completed');
    expect(action!.completed_at).not.toBeNull();

    const stale = await w.chair.post(
      `${actionUrl}/edit`,
      improvement(findingId, { version: '1', title: 'The panel’s title' }),
    );
    expect(stale.statusCode).toBe(409);
    const conflict = readPage(stale.body);
    expect(conflict.text('.govuk-notification-banner')).toContain(
      'Someone else saved this action while you were editing',
    );
    expect(conflict.text('#theirs')).toContain('Completed');
    expect(conflict.root.querySelector('#title')?.getAttribute('value')).toBe('The panel’s title');
    expect(conflict.root.querySelector('input[name=version]')?.getAttribute('value')).toBe('2');

    const reopened = await w.chair.post(
      `${actionUrl}/edit`,
      improvement(findingId, { version: '2', status: 'in-progress' }),
    );
    expect(reopened.statusCode).toBe(303);
    [action] = await listActions(w.t.testDb.db, w.orgId, id);
    expect([action!.status, action!.completed_at, action!.version]).toEqual(['in-progress', null, 3]);
    const revisions = await w.t.testDb.db
      .selectFrom('revision')
      .select('version')
      .where('record_id', '=', action!.id)
      .execute();
    expect(revisions.map((r) => Number(r.version)).sort()).toEqual([1, 2]);
  });

  it('keeps progress notes as written, with who and when', async () => {
    const { url, findingId } = await reviewWithFinding();
    const actionUrl = (
      (await w.manager.post(`${url}/actions/new`, improvement(findingId))).headers.location as string
    ).split('?')[0]!;
    const empty = await w.chair.post(`${actionUrl}/progress`, { note: '' });
    expect(empty.statusCode).toBe(400);
    expect(readPage(empty.body).errorLinks).toEqual([{ text: 'Enter a progress note', href: '#note' }]);
    expect(
      (await w.chair.post(`${actionUrl}/progress`, { note: 'Draft policy shared with agencies.' })).statusCode,
    ).toBe(303);
    expect((await w.chair.post(`${actionUrl}/progress`, { note: 'Approved by the board.' })).statusCode).toBe(303);
    const show = await page(w.observer, actionUrl);
    const notes = show.all('.app-progress-notes li');
    expect(notes).toHaveLength(2);
    expect(notes[0]).toContain(w.people.chair.name);
    expect(notes[0]).toContain('Draft policy shared with agencies.');
    expect(notes[1]).toContain(w.people.chair.name);
    expect(show.root.querySelector('#note')).toBeNull();
    expect((await w.observer.post(`${actionUrl}/progress`, { note: 'Not allowed' })).statusCode).toBe(403);
    expect((await w.observer.post(`${actionUrl}/progress`, { note: '' })).statusCode).toBe(403);
  });

  it('lets observers and viewers read only; other partnerships get 404', async () => {
    const { url, findingId } = await reviewWithFinding();
    const actionUrl = (
      (await w.manager.post(`${url}/actions/new`, improvement(findingId))).headers.location as string
    ).split('?')[0]!;
    for (const reader of [w.observer, w.viewer]) {
      expect((await reader.get(actionUrl)).statusCode).toBe(200);
      expect((await reader.get(`${actionUrl}/edit`)).statusCode).toBe(403);
      expect((await reader.get(`${url}/actions/new`)).statusCode).toBe(403);
      expect((await reader.post(`${actionUrl}/edit`, improvement(findingId, { version: '1' }))).statusCode).toBe(403);
    }
    expect((await w.outsider.get(actionUrl)).statusCode).toBe(404);
    expect((await w.outsider.get(`${url}/actions`)).statusCode).toBe(404);
    const other = await w.startReview();
    const id = actionUrl.split('/').pop();
    expect((await w.manager.get(`${other.url}/actions/${id}`)).statusCode).toBe(404);
  });
});
