import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPage, type Page } from '../../../test/helpers/html.js';
import { londonDate } from '../../lib/uk-time.js';
import { addCalendarDays } from '../../lib/working-days.js';
import { listActions } from './actions.service.js';
import { listFindings } from './findings.service.js';
import { auditOf, makeWorld, page, type World } from '../../../test/helpers/actions-world.js';

let w: World;
let review: { id: string; url: string; reference: string };
let second: { id: string; url: string; reference: string };

function dueIn(days: number) {
  const [year, month, day] = addCalendarDays(londonDate(new Date()), days).split('-');
  return { 'due-day': String(Number(day)), 'due-month': String(Number(month)), 'due-year': year! };
}

async function add(url: string, fields: Record<string, string>) {
  const res = await w.manager.post(`${url}/actions/new`, { status: 'not-started', ...fields });
  expect(res.statusCode).toBe(303);
}

beforeAll(async () => {
  w = await makeWorld();
  review = await w.startReview();
  second = await w.startReview();
  await w.manager.post(`${review.url}/findings/new`, { kind: 'finding', text: 'Information was not shared.' });
  const [finding] = await listFindings(w.t.testDb.db, w.orgId, review.id);
  const base = { kind: 'improvement', finding: finding!.id };
  await add(review.url, {
    ...base,
    title: 'Police share daily',
    ownerName: 'DCI Smith',
    agencies: 'Police',
    ...dueIn(-3),
    status: 'in-progress',
  });
  await add(review.url, {
    ...base,
    title: 'Health visitors check records',
    ownerName: 'Designated nurse',
    agencies: 'Health\nPolice',
    ...dueIn(20),
  });
  await add(review.url, {
    ...base,
    title: 'Old finished work',
    ownerName: 'Designated nurse',
    agencies: 'Health',
    ...dueIn(-40),
    status: 'completed',
  });
  await add(review.url, {
    kind: 'review-task',
    title: 'Send the letter to the family',
    ownerName: 'Business manager',
    ...dueIn(60),
  });
  await add(second.url, {
    kind: 'review-task',
    title: 'Book the practitioner event',
    ownerName: 'Business manager',
    ...dueIn(-1),
  });
});
afterAll(async () => w.t.close());

const titles = (p: Page) => p.all('#actions tbody tr td:nth-child(2) a');

describe('a review’s list of actions', () => {
  it('is empty at first', async () => {
    const { url } = await w.startReview();
    const list = await page(w.manager, `${url}/actions`);
    expect(list.h1).toBe('Actions');
    expect(list.text('#no-actions')).toBe('There are no actions yet.');
  });

  it('lists every action; overdue ones carry an “Overdue” tag and a marked row', async () => {
    const list = await page(w.manager, `${review.url}/actions`);
    expect(titles(list)).toEqual([
      'Police share daily',
      'Health visitors check records',
      'Old finished work',
      'Send the letter to the family',
    ]);
    const rows = list.root.querySelectorAll('#actions tbody tr');
    expect(rows.map((r) => r.classList.contains('app-overdue'))).toEqual([true, false, false, false]);
    expect(rows[0]!.text).toContain('Overdue');
    expect(rows[2]!.text).not.toContain('Overdue');
    expect((await auditOf(w, review.id)).map((a) => a.action)).toContain('review.actions_viewed');
  });

  it('works out overdue from the app’s clock, in UK dates', async () => {
    w.shiftDays(-5);
    try {
      const list = await page(w.manager, `${review.url}/actions`);
      expect(list.root.querySelectorAll('.app-overdue')).toHaveLength(0);
    } finally {
      w.shiftDays(0);
    }
  });

  it('filters by agency, status, owner, due date and overdue, with a GET form', async () => {
    const filtered = async (query: string) => titles(await page(w.manager, `${review.url}/actions?${query}`));
    expect(await filtered('agency=Police')).toEqual(['Police share daily', 'Health visitors check records']);
    expect(await filtered('status=completed')).toEqual(['Old finished work']);
    expect(await filtered('owner=Designated+nurse')).toEqual(['Health visitors check records', 'Old finished work']);
    expect(await filtered('overdue=yes')).toEqual(['Police share daily']);
    const before = dueIn(30);
    const q = `dueBefore-day=${before['due-day']}&dueBefore-month=${before['due-month']}&dueBefore-year=${before['due-year']}`;
    expect(await filtered(q)).toEqual(['Police share daily', 'Health visitors check records', 'Old finished work']);
    expect(await filtered(`${q}&agency=Health&status=not-started`)).toEqual(['Health visitors check records']);
    const list = await page(w.manager, `${review.url}/actions?agency=Nobody`);
    expect(list.text('#no-actions')).toBe('No actions match the filters.');
    expect(list.root.querySelector(`a[href="${review.url}/actions"]`)?.text).toBe('Clear filters');
    const form = await page(w.manager, `${review.url}/actions?agency=Police&overdue=yes`);
    expect(form.root.querySelector('#filter')?.getAttribute('method')).toBe('get');
    expect(form.root.querySelector('#agency option[value="Police"]')?.hasAttribute('selected')).toBe(true);
    expect(form.root.querySelector('#overdue')?.hasAttribute('checked')).toBe(true);
  });

  it('says when the due-before date is not a real date, keeping the filter', async () => {
    const res = await w.manager.get(
      `${review.url}/actions?dueBefore-day=31&dueBefore-month=2&dueBefore-year=2027&agency=Police`,
    );
    expect(res.statusCode).toBe(400);
    const list = readPage(res.body);
    expect(list.title).toMatch(/^Error: Actions – /);
    expect(list.errorLinks).toEqual([{ text: 'Due before must be a real date', href: '#dueBefore-day' }]);
    expect(list.root.querySelector('#dueBefore-day')?.getAttribute('value')).toBe('31');
  });

  it('shows observers and viewers the list without the update form', async () => {
    for (const reader of [w.observer, w.viewer]) {
      const list = await page(reader, `${review.url}/actions`);
      expect(titles(list)).toHaveLength(4);
      expect(list.root.querySelectorAll('input[name=selected]')).toHaveLength(0);
      expect(list.root.querySelector('#bulkStatus')).toBeNull();
      expect((await reader.post(`${review.url}/actions/bulk`, { bulkStatus: 'completed' })).statusCode).toBe(403);
    }
  });
});

describe('updating several actions at once', () => {
  const versionOf = (p: Page, id: string) =>
    p.root.querySelector(`input[name="version-${id}"]`)!.getAttribute('value')!;

  it('asks for a selection and a change', async () => {
    const res = await w.manager.post(`${review.url}/actions/bulk`, { back: 'agency=Police' });
    expect(res.statusCode).toBe(400);
    const list = readPage(res.body);
    expect(list.errorLinks.map((l) => l.text)).toEqual([
      'Select the actions to update',
      'Select a new status or RAG rating',
    ]);
    expect(titles(list)).toEqual(['Police share daily', 'Health visitors check records']);
  });

  it('sets status and RAG on every selected row, then goes back to the filtered list', async () => {
    const actions = await listActions(w.t.testDb.db, w.orgId, review.id);
    const [a, b] = actions;
    const list = await page(w.manager, `${review.url}/actions?agency=Police`);
    const res = await w.manager.post(`${review.url}/actions/bulk`, {
      selected: [a!.id, b!.id],
      [`version-${a!.id}`]: versionOf(list, a!.id),
      [`version-${b!.id}`]: versionOf(list, b!.id),
      bulkStatus: 'completed',
      bulkRag: 'green',
      back: 'agency=Police',
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${review.url}/actions?agency=Police&updated=2`);
    const after = await page(w.manager, res.headers.location as string);
    expect(after.text('.govuk-notification-banner')).toContain('2 actions updated.');
    const rows = await listActions(w.t.testDb.db, w.orgId, review.id);
    expect(rows.slice(0, 2).map((r) => [r.status, r.rag, r.completed_at !== null, r.version])).toEqual([
      ['completed', 'green', true, 2],
      ['completed', 'green', true, 2],
    ]);
    expect(after.root.querySelectorAll('.app-overdue')).toHaveLength(0);
  });

  it('changes nothing when any selected row was changed by someone else, and says which', async () => {
    const actions = await listActions(w.t.testDb.db, w.orgId, review.id);
    const [a, b] = actions;
    const list = await page(w.manager, `${review.url}/actions`);
    // Someone else changes action 2 after the list was loaded.
    const edit = await w.chair.post(`${review.url}/actions/bulk`, {
      selected: b!.id,
      [`version-${b!.id}`]: String(b!.version),
      bulkRag: 'red',
    });
    expect(edit.statusCode).toBe(303);
    const res = await w.manager.post(`${review.url}/actions/bulk`, {
      selected: [a!.id, b!.id],
      [`version-${a!.id}`]: versionOf(list, a!.id),
      [`version-${b!.id}`]: versionOf(list, b!.id),
      bulkStatus: 'in-progress',
    });
    expect(res.statusCode).toBe(409);
    const stale = readPage(res.body);
    expect(stale.errorLinks[0]?.text).toBe(
      'Nothing was updated: someone else changed action 2 (Health visitors check records) after you opened this page. Check the list below, then update again',
    );
    expect(stale.root.querySelector(`#select-${a!.id}`)?.hasAttribute('checked')).toBe(true);
    expect(versionOf(stale, b!.id)).toBe(String(b!.version + 1));
    const rows = await listActions(w.t.testDb.db, w.orgId, review.id);
    expect(rows.slice(0, 2).map((r) => [r.status, r.rag])).toEqual([
      ['completed', 'green'],
      ['completed', 'red'],
    ]);
    const audits = (await auditOf(w, review.id)).filter((e) => e.action === 'actions.bulk_updated');
    expect(audits).toHaveLength(2);
  });
});

describe('the partnership’s actions', () => {
  it('lists every action of the reviews the person sees, across reviews, filtered the same way', async () => {
    const list = await page(w.panel, '/actions');
    expect(list.h1).toBe('Actions across your partnership’s reviews');
    expect(titles(list)).toContain('Book the practitioner event');
    expect(titles(list)).toContain('Police share daily');
    expect(list.text('#actions')).toContain(second.reference);
    const overdue = await page(w.panel, '/actions?overdue=yes');
    expect(titles(overdue)).toEqual(['Book the practitioner event']);
    const nav = await page(w.panel, '/account');
    expect(nav.root.querySelector('.govuk-service-navigation a[href="/actions"]')).not.toBeNull();
  });

  it('shows nothing of reviews the person is not on, and nothing of other partnerships', async () => {
    const outsiders = await page(w.outsider, '/actions');
    expect(outsiders.text('#no-actions')).toBe('There are no actions yet.');
    const { insertPerson, signedInClient } = await import('../../../test/helpers/client.js');
    const stranger = await signedInClient(
      w.t.app,
      w.t.testDb.db,
      await insertPerson(w.t.testDb.db, w.orgId, 'member'),
      w.orgId,
    );
    expect((await page(stranger, '/actions')).text('#no-actions')).toBe('There are no actions yet.');
    const admin = await page(w.admin, '/actions');
    expect(titles(admin)).toContain('Book the practitioner event');
  });

  it('offers to update only the actions of reviews the person may change', async () => {
    const mixed = await w.startReview();
    const { addToTeam } = await import('../../../test/helpers/reviews.js');
    const { insertPerson, signedInClient } = await import('../../../test/helpers/client.js');
    const person = await insertPerson(w.t.testDb.db, w.orgId, 'member');
    await addToTeam(w.t.testDb.db, w.orgId, mixed.id, [[person, 'lead-reviewer']]);
    await addToTeam(w.t.testDb.db, w.orgId, second.id, [[person, 'observer']]);
    await add(mixed.url, { kind: 'review-task', title: 'Agree the terms of reference', ownerName: 'Chair' });
    const client = await signedInClient(w.t.app, w.t.testDb.db, person, w.orgId);
    const list = await page(client, '/actions');
    expect(titles(list)).toEqual(['Book the practitioner event', 'Agree the terms of reference']);
    const boxes = list.root.querySelectorAll('input[name=selected]').map((b) => b.getAttribute('id'));
    const [readOnly] = await listActions(w.t.testDb.db, w.orgId, second.id);
    const [mine] = await listActions(w.t.testDb.db, w.orgId, mixed.id);
    expect(boxes).toEqual([`select-${mine!.id}`]);
    const res = await client.post('/actions/bulk', {
      selected: readOnly!.id,
      [`version-${readOnly!.id}`]: String(readOnly!.version),
      bulkStatus: 'cancelled',
    });
    expect(res.statusCode).toBe(403);
    expect((await listActions(w.t.testDb.db, w.orgId, second.id))[0]!.status).toBe(readOnly!.status);
  });

  it('updates several actions across reviews; a viewer cannot', async () => {
    const rows = [
      ...(await listActions(w.t.testDb.db, w.orgId, review.id)),
      ...(await listActions(w.t.testDb.db, w.orgId, second.id)),
    ].filter((r) => r.kind === 'review-task');
    const fields: Record<string, string | string[]> = { selected: rows.map((r) => r.id), bulkStatus: 'in-progress' };
    for (const r of rows) fields[`version-${r.id}`] = String(r.version);
    const res = await w.manager.post('/actions/bulk', fields);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/actions?updated=2');
    expect((await w.viewer.post('/actions/bulk', fields)).statusCode).toBe(403);
    expect((await w.outsider.post('/actions/bulk', fields)).statusCode).toBe(404);
    expect((await w.manager.post(`${second.url}/actions/bulk`, fields)).statusCode).toBe(404);
  });
});

describe('the order of the partnership’s actions', () => {
  it('is by review reference as a person reads it (2026/9 before 2026/10), then by action number', async () => {
    const tenth = await w.startReview();
    const ninth = await w.startReview();
    const rename = (id: string, reference: string) =>
      w.t.testDb.db.updateTable('review').set({ reference }).where('id', '=', id).execute();
    await rename(tenth.id, 'SAR 2026/10');
    await rename(ninth.id, 'SAR 2026/9');
    await add(tenth.url, { kind: 'review-task', title: 'Tenth: first task', ownerName: 'Chair' });
    await add(tenth.url, { kind: 'review-task', title: 'Tenth: second task', ownerName: 'Chair' });
    await add(ninth.url, { kind: 'review-task', title: 'Ninth: only task', ownerName: 'Chair' });
    const listed = titles(await page(w.manager, '/actions')).filter((t) => /^(Ninth|Tenth)/.test(t));
    expect(listed).toEqual(['Ninth: only task', 'Tenth: first task', 'Tenth: second task']);
  });
});
