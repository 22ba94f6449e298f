import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/helpers/app.js';
import {
  insertOrganisation,
  insertPerson,
  signedInClient,
  type Client,
  type Person,
} from '../../../../test/helpers/client.js';
import { readPage } from '../../../../test/helpers/html.js';
import { addToTeam, reviewThroughForm } from '../../../../test/helpers/reviews.js';

let t: TestApp;
let manager: Client;
let panel: Client;
let observer: Client;
let viewer: Client;
let foreign: Client;
let panelPerson: Person;
let managerPerson: Person;
let roundUrl: string;
let markerUrl: string;

beforeAll(async () => {
  t = await buildTestApp();
  const db = t.testDb.db;
  const org = await insertOrganisation(db, 'Anytown Partnership');
  managerPerson = await insertPerson(db, org.id, 'member');
  panelPerson = await insertPerson(db, org.id, 'member');
  const o = await insertPerson(db, org.id, 'member');
  const v = await insertPerson(db, org.id, 'viewer');
  const other = await insertOrganisation(db, 'Otherton Partnership');
  foreign = await signedInClient(t.app, db, await insertPerson(db, other.id, 'admin', { twoFactor: true }), other.id);
  viewer = await signedInClient(t.app, db, v, org.id);
  manager = await signedInClient(t.app, db, managerPerson, org.id);
  panel = await signedInClient(t.app, db, panelPerson, org.id);
  observer = await signedInClient(t.app, db, o, org.id);
  const reviewUrl = await reviewThroughForm(manager, { reference: 'SAR 3', subjectPseudonym: 'Adult C' });
  const reviewId = reviewUrl.split('/').pop()!;
  await addToTeam(db, org.id, reviewId, [
    [panelPerson, 'panel-member'],
    [o, 'observer'],
    [v, 'observer'],
  ] as const);
  roundUrl = (await manager.post(`${reviewUrl}/rounds/new`, { purpose: 'in-review' })).headers.location as string;
  markerUrl = `${roundUrl}/markers/governance`;
});
afterAll(async () => t.close());

const commentRow = async () =>
  t.testDb.db.selectFrom('comment').selectAll().orderBy('created_at', 'desc').executeTakeFirstOrThrow();

describe('discussion on a marker', () => {
  it('adds comments, with GOV.UK errors for an empty one', async () => {
    const empty = await panel.post(`${markerUrl}/comments`, { body: '   ' });
    expect(empty.statusCode).toBe(400);
    const page = readPage(empty.body);
    expect(page.title).toMatch(/^Error: /);
    expect(page.errorLinks).toEqual([{ text: 'Enter a comment', href: '#comment-body' }]);

    const added = await panel.post(`${markerUrl}/comments`, { body: 'Who quality-assures the chronology?' });
    expect(added.statusCode).toBe(303);
    const row = await commentRow();
    expect(added.headers.location).toBe(`${markerUrl}#comment-${row.id}`);
    const thread = readPage((await observer.get(markerUrl)).body);
    expect(thread.text(`#comment-${row.id}`)).toContain('Who quality-assures the chronology?');
    expect(thread.text(`#comment-${row.id}`)).toContain(panelPerson.name);
    // The observer reads the thread but cannot take part in it.
    expect(thread.root.querySelector('#comment-body')).toBeNull();
    expect((await observer.post(`${markerUrl}/comments`, { body: 'x' })).statusCode).toBe(403);
  });

  it('lets only the author edit, marks the comment edited, and shows both versions on a conflict', async () => {
    const row = await commentRow();
    const editUrl = `${markerUrl}/comments/${row.id}`;
    expect((await manager.get(`${editUrl}/edit`)).statusCode).toBe(403);
    expect((await manager.post(editUrl, { body: 'Hijack', version: '1', 'original-body': row.body })).statusCode).toBe(
      403,
    );

    const form = readPage((await panel.get(`${editUrl}/edit`)).body);
    expect(form.root.querySelector('#comment-edit-body')?.text).toBe(row.body);
    const first = await panel.post(editUrl, {
      body: 'Who quality-assures the chronology, and when?',
      version: '1',
      'original-body': row.body,
    });
    expect(first.statusCode).toBe(303);
    expect(readPage((await manager.get(markerUrl)).body).text(`#comment-${row.id}`)).toContain('(edited');

    // The same person, in a second tab still showing version 1.
    const stale = await panel.post(editUrl, { body: 'My other wording', version: '1', 'original-body': row.body });
    expect(stale.statusCode).toBe(409);
    const conflict = readPage(stale.body);
    expect(conflict.text('.app-conflict')).toContain('Who quality-assures the chronology, and when?');
    expect(conflict.root.querySelector('#comment-edit-body')?.text).toBe('My other wording');
    expect(conflict.root.querySelector(`#comment-${row.id} input[name="version"]`)?.getAttribute('value')).toBe('2');
    expect((await commentRow()).body).toBe('Who quality-assures the chronology, and when?');

    // Saving again from the conflict page keeps their own wording.
    const again = await panel.post(editUrl, {
      body: 'My other wording',
      version: '2',
      'original-body': 'Who quality-assures the chronology, and when?',
    });
    expect(again.statusCode).toBe(303);
    expect((await commentRow()).body).toBe('My other wording');

    const blank = await panel.post(editUrl, { body: '', version: '3', 'original-body': 'My other wording' });
    expect(blank.statusCode).toBe(400);
    expect(readPage(blank.body).errorLinks).toEqual([{ text: 'Enter a comment', href: '#comment-edit-body' }]);
  });

  it('resolves and reopens, showing who resolved it; resolving is not a conflict for the author', async () => {
    const row = await commentRow();
    const url = `${markerUrl}/comments/${row.id}`;
    expect((await observer.post(`${url}/resolve`, { action: 'resolve' })).statusCode).toBe(403);
    expect((await manager.post(`${url}/resolve`, { action: 'resolve' })).statusCode).toBe(303);
    const resolved = readPage((await panel.get(markerUrl)).body).text(`#comment-${row.id}`);
    expect(resolved).toContain('Resolved');
    expect(resolved).toContain(`Resolved by ${managerPerson.name}`);

    // The author edits from a page loaded before it was resolved: the text they saw is unchanged.
    const edit = await panel.post(url, {
      body: 'Final wording',
      version: String(row.version),
      'original-body': row.body,
    });
    expect(edit.statusCode).toBe(303);
    expect(await commentRow()).toMatchObject({ body: 'Final wording', resolved_by: managerPerson.id });

    expect((await panel.post(`${url}/resolve`, { action: 'reopen' })).statusCode).toBe(303);
    expect(await commentRow()).toMatchObject({ resolved_at: null, resolved_by: null });
    expect(readPage((await panel.get(markerUrl)).body).text(`#comment-${row.id}`)).not.toContain('Resolved by');

    const events = await t.testDb.db
      .selectFrom('audit_event')
      .select(['action', 'detail'])
      .where('action', 'like', 'comment.%')
      .orderBy('seq')
      .execute();
    expect(events.map((e) => e.action)).toEqual([
      'comment.added',
      'comment.edited',
      'comment.edited',
      'comment.resolved',
      'comment.edited',
      'comment.reopened',
    ]);
    expect(events.every((e) => e.detail === null)).toBe(true);
    const revisions = await t.testDb.db
      .selectFrom('revision')
      .select('version')
      .where('record_id', '=', row.id)
      .orderBy('version')
      .execute();
    expect(revisions.map((r) => r.version)).toEqual([1, 2, 3, 4, 5]);
  });

  it('answers resolve and reopen as every other write, even when the form asks for neither', async () => {
    const row = await commentRow();
    const url = `${markerUrl}/comments/${row.id}/resolve`;
    const bodies: Record<string, string>[] = [{}, { action: 'resolve' }, { action: 'reopen' }, { action: 'other' }];
    for (const body of bodies) {
      expect((await viewer.post(url, body)).statusCode, JSON.stringify(body)).toBe(403);
      expect((await observer.post(url, body)).statusCode, JSON.stringify(body)).toBe(403);
      expect((await foreign.post(url, body)).statusCode, JSON.stringify(body)).toBe(404);
      expect((await panel.post(`${markerUrl}/comments/${row.id.slice(0, -4)}0000/resolve`, body)).statusCode).toBe(404);
    }
    expect(await commentRow()).toMatchObject({ resolved_at: null, version: row.version });
    expect((await panel.post(url, {})).statusCode).toBe(303);
    expect(await commentRow()).toMatchObject({ resolved_at: null, version: row.version });
    expect((await panel.post(url, { action: 'resolve' })).statusCode).toBe(303);
    expect(await commentRow()).toMatchObject({ resolved_by: panelPerson.id, version: row.version + 1 });
  });

  it('addresses a comment to someone on the team, who sees it is for them; anyone else is refused', async () => {
    const form = readPage((await panel.get(markerUrl)).body);
    const offered = form.root.querySelectorAll('#comment-addressed-to option').map((o) => o.text.trim());
    expect(offered[0]).toBe('No one in particular');
    expect(offered).toContain(managerPerson.name);
    expect(offered, 'not the person writing').not.toContain(panelPerson.name);

    const outsider = await insertPerson(t.testDb.db, (await commentRow()).organisation_id, 'member');
    const refused = await panel.post(`${markerUrl}/comments`, { body: 'Can you check?', 'addressed-to': outsider.id });
    expect(refused.statusCode).toBe(400);
    const page = readPage(refused.body);
    expect(page.errorLinks).toEqual([
      { text: 'Choose someone on the review’s team, or no one', href: '#comment-addressed-to' },
    ]);
    expect(page.root.querySelector('#comment-body')?.text).toBe('Can you check?');

    const before = await commentRow();
    const sent = await panel.post(`${markerUrl}/comments`, {
      body: 'Can you check?',
      'addressed-to': managerPerson.id,
    });
    expect(sent.statusCode).toBe(303);
    const row = await commentRow();
    expect(row.id).not.toBe(before.id);
    expect(row.addressed_to).toBe(managerPerson.id);
    expect(readPage((await manager.get(markerUrl)).body).text(`#comment-${row.id}`)).toContain('To you');
    expect(readPage((await observer.get(markerUrl)).body).text(`#comment-${row.id}`)).toContain(
      `To ${managerPerson.name}`,
    );
    const audit = await t.testDb.db
      .selectFrom('audit_event')
      .select('detail')
      .where('object_id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.detail!)).toEqual({ addressedTo: managerPerson.id });
  });

  it('refuses changes in a locked round', async () => {
    await t.testDb.db
      .updateTable('assessment_round')
      .set({ status: 'approved' })
      .where('id', '=', roundUrl.split('/').pop()!)
      .execute();
    expect((await panel.post(`${markerUrl}/comments`, { body: 'Late point' })).statusCode).toBe(409);
    const page = readPage((await panel.get(markerUrl)).body);
    expect(page.root.querySelector('#comment-body')).toBeNull();
    expect(page.text('#discussion')).toContain('Final wording');
  });
});
