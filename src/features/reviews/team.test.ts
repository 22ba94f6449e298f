import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import {
  insertOrganisation,
  insertPerson,
  signedInClient,
  type Client,
  type Person,
} from '../../../test/helpers/client.js';
import { readPage, type Page } from '../../../test/helpers/html.js';
import { reviewThroughForm } from '../../../test/helpers/reviews.js';

let t: TestApp;
let org: { id: string };
let managerPerson: Person;
let manager: Client;
let colleague: Person;
let colleagueClient: Client;
let admin: Client;
let disabled: Person;
let outsiderPerson: Person;
let outsider: Client;
let counter = 0;

beforeAll(async () => {
  t = await buildTestApp();
  const db = t.testDb.db;
  org = await insertOrganisation(db, 'Anytown Partnership');
  const other = await insertOrganisation(db, 'Otherton Partnership');
  managerPerson = await insertPerson(db, org.id, 'member');
  manager = await signedInClient(t.app, db, managerPerson, org.id);
  colleague = await insertPerson(db, org.id, 'member');
  colleagueClient = await signedInClient(t.app, db, colleague, org.id);
  admin = await signedInClient(t.app, db, await insertPerson(db, org.id, 'admin', { twoFactor: true }), org.id);
  disabled = await insertPerson(db, org.id, 'member', { disabled: true });
  outsiderPerson = await insertPerson(db, other.id, 'admin', { twoFactor: true });
  outsider = await signedInClient(t.app, db, outsiderPerson, other.id);
});
afterAll(async () => t.close());

async function startReview() {
  counter += 1;
  return reviewThroughForm(manager, {
    reference: `SAR 2026/${counter}`,
    title: 'Review after the death of an adult in supported living',
    subjectPseudonym: 'Adult B',
    type: 'sar',
    method: 'silp',
  });
}

/** The team table as { name: role }. */
function team(page: Page) {
  return Object.fromEntries(
    page.root
      .querySelectorAll('#team tbody tr')
      .map((row) => [row.querySelector('th')!.text.trim(), row.querySelectorAll('td')[1]!.text.trim()]),
  );
}

function memberLink(page: Page, name: string, action: 'role' | 'remove') {
  const row = page.root.querySelectorAll('#team tbody tr').find((r) => r.querySelector('th')!.text.trim() === name)!;
  return row.querySelector(`a[href$="/${action}"]`)!.getAttribute('href')!;
}

async function auditActions(reviewUrl: string) {
  const rows = await t.testDb.db
    .selectFrom('audit_event')
    .select(['action', 'detail'])
    .where('object_id', '=', reviewUrl.split('/').pop()!)
    .where('action', 'like', 'review.member%')
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({ action: r.action, detail: JSON.parse(r.detail ?? '{}') as Record<string, string> }));
}

describe('the review team', () => {
  it('lists the team and offers only active people of the partnership who are not on it', async () => {
    const url = await startReview();
    const page = readPage((await manager.get(`${url}/team`)).body);
    expect(page.h1).toBe('Review team');
    expect(team(page)).toEqual({ [managerPerson.name]: 'Business manager' });
    const options = page.all('#person option');
    expect(options[0]).toBe('Choose a person');
    expect(options.some((o) => o.startsWith(colleague.name))).toBe(true);
    expect(options.some((o) => o.startsWith(managerPerson.name))).toBe(false);
    expect(options.some((o) => o.startsWith(disabled.name))).toBe(false);
    expect(options.some((o) => o.startsWith(outsiderPerson.name))).toBe(false);
    const overview = readPage((await manager.get(url)).body);
    expect(overview.root.querySelector(`a[href="${url}/team"]`)?.text).toBe('Manage the team');
  });

  it('adds a person with a role, changes the role and removes them, each audited', async () => {
    const url = await startReview();
    const added = await manager.post(`${url}/team`, { person: colleague.id, role: 'lead-reviewer' });
    expect(added.statusCode).toBe(303);
    expect(added.headers.location).toBe(`${url}/team?done=added`);
    let page = readPage((await manager.get(added.headers.location as string)).body);
    expect(page.text('.govuk-notification-banner')).toContain('Added to the team.');
    expect(team(page)[colleague.name]).toBe('Lead reviewer');

    const roleUrl = memberLink(page, colleague.name, 'role');
    const rolePage = readPage((await manager.get(roleUrl)).body);
    expect(rolePage.h1).toBe(`What is ${colleague.name}’s role on the review?`);
    expect(rolePage.root.querySelector('input[name=role][value=lead-reviewer]')?.hasAttribute('checked')).toBe(true);
    const changed = await manager.post(roleUrl, { role: 'panel-member' });
    expect(changed.statusCode).toBe(303);
    page = readPage((await manager.get(`${url}/team`)).body);
    expect(team(page)[colleague.name]).toBe('Panel member');

    const removeUrl = memberLink(page, colleague.name, 'remove');
    const confirm = readPage((await manager.get(removeUrl)).body);
    expect(confirm.h1).toBe(`Are you sure you want to remove ${colleague.name} from the team?`);
    const removed = await manager.post(removeUrl);
    expect(removed.statusCode).toBe(303);
    page = readPage((await manager.get(`${url}/team`)).body);
    expect(Object.keys(team(page))).toEqual([managerPerson.name]);
    expect((await colleagueClient.get(url)).statusCode).toBe(404);

    expect(await auditActions(url)).toEqual([
      { action: 'review.member_added', detail: { userId: colleague.id, role: 'lead-reviewer' } },
      {
        action: 'review.member_role_changed',
        detail: { userId: colleague.id, from: 'lead-reviewer', to: 'panel-member' },
      },
      { action: 'review.member_removed', detail: { userId: colleague.id, role: 'panel-member' } },
    ]);
  });

  it('shows GOV.UK errors when nothing is chosen, keeping the choice made', async () => {
    const url = await startReview();
    const res = await manager.post(`${url}/team`, { person: colleague.id });
    expect(res.statusCode).toBe(400);
    const page = readPage(res.body);
    expect(page.title).toBe(`Error: Review team – SAR 2026/${counter} – Quality Markers`);
    expect(page.errorLinks).toEqual([{ text: 'Select their role on the review', href: '#role' }]);
    expect(page.root.querySelector(`#person option[value="${colleague.id}"]`)?.hasAttribute('selected')).toBe(true);

    const empty = readPage((await manager.post(`${url}/team`, {})).body);
    expect(empty.errorLinks.map((e) => e.text)).toEqual([
      'Select a person to add to the team',
      'Select their role on the review',
    ]);
    const stranger = readPage(
      (await manager.post(`${url}/team`, { person: outsiderPerson.id, role: 'observer' })).body,
    );
    expect(stranger.errorLinks.map((e) => e.text)).toEqual(['Select a person from the list']);
  });

  it('keeps at least one chair or business manager', async () => {
    const url = await startReview();
    let page = readPage((await manager.get(`${url}/team`)).body);
    const roleUrl = memberLink(page, managerPerson.name, 'role');
    const demoted = await manager.post(roleUrl, { role: 'lead-reviewer' });
    expect(demoted.statusCode).toBe(400);
    expect(readPage(demoted.body).errorLinks).toEqual([
      { text: 'The review must keep at least one chair or business manager', href: '#role' },
    ]);
    const removeUrl = memberLink(page, managerPerson.name, 'remove');
    const removed = await manager.post(removeUrl);
    expect(removed.statusCode).toBe(400);
    expect(readPage(removed.body).errorLinks.map((e) => e.text)).toEqual([
      'The review must keep at least one chair or business manager',
    ]);
    page = readPage((await manager.get(`${url}/team`)).body);
    expect(team(page)).toEqual({ [managerPerson.name]: 'Business manager' });

    // With a chair added, the business manager can step down to lead reviewer.
    expect((await manager.post(`${url}/team`, { person: colleague.id, role: 'chair' })).statusCode).toBe(303);
    expect((await manager.post(roleUrl, { role: 'lead-reviewer' })).statusCode).toBe(303);
    expect(await auditActions(url)).toHaveLength(2);
  });

  it('lets only admins, chairs and business managers change the team (403); other partnerships get 404', async () => {
    const url = await startReview();
    await manager.post(`${url}/team`, { person: colleague.id, role: 'panel-member' });
    const page = readPage((await colleagueClient.get(`${url}/team`)).body);
    expect(team(page)[colleague.name]).toBe('Panel member');
    expect(page.root.querySelector('form[action$="/team"]')).toBeNull();
    expect(page.root.querySelectorAll('#team a')).toHaveLength(0);
    const memberId = memberLink(readPage((await manager.get(`${url}/team`)).body), colleague.name, 'role');
    expect((await colleagueClient.post(`${url}/team`, { person: colleague.id, role: 'chair' })).statusCode).toBe(403);
    expect((await colleagueClient.get(memberId)).statusCode).toBe(403);
    expect((await colleagueClient.post(memberId, { role: 'chair' })).statusCode).toBe(403);

    // A partnership admin manages the team without being on it.
    const adminPage = readPage((await admin.get(`${url}/team`)).body);
    expect(adminPage.root.querySelector('form[action$="/team"]')).not.toBeNull();
    expect((await admin.post(memberId, { role: 'chair' })).statusCode).toBe(303);

    expect((await outsider.get(`${url}/team`)).statusCode).toBe(404);
    expect((await outsider.post(`${url}/team`, { person: outsiderPerson.id, role: 'chair' })).statusCode).toBe(404);
    expect((await outsider.get(memberId)).statusCode).toBe(404);
  });
});
