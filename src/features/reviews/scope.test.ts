import JSZip from 'jszip';
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
let manager: Client;
let managerPerson: Person;
let observerPerson: Person;
let observer: Client;
let outsider: Client;
let counter = 0;

const SECTIONS = [
  'Period under review',
  'Key lines of enquiry',
  'Agencies involved',
  'How the family will be told and involved',
  'How practitioners will take part',
  'Governance',
  'Parallel processes',
  'Timetable',
];

beforeAll(async () => {
  t = await buildTestApp();
  const db = t.testDb.db;
  const org = await insertOrganisation(db, 'Anytown Partnership');
  const other = await insertOrganisation(db, 'Otherton Partnership');
  managerPerson = await insertPerson(db, org.id, 'member');
  manager = await signedInClient(t.app, db, managerPerson, org.id);
  observerPerson = await insertPerson(db, org.id, 'member');
  observer = await signedInClient(t.app, db, observerPerson, org.id);
  outsider = await signedInClient(t.app, db, await insertPerson(db, other.id, 'admin', { twoFactor: true }), other.id);
});
afterAll(async () => t.close());

async function startReview(type = 'local-cspr') {
  counter += 1;
  return reviewThroughForm(manager, {
    reference: `LCSPR 2026/${counter}`,
    title: 'Practice review after an injury to an infant',
    subjectPseudonym: type === 'sar' ? 'Adult C' : 'Child A',
    type,
  });
}

/** The marker links of one section's card: [text, href]. */
function markerLinks(page: Page, section: string) {
  return page.root
    .querySelectorAll(`#${section} .govuk-summary-list__value a`)
    .map((a) => [a.text.trim(), a.getAttribute('href')]);
}

function version(page: Page) {
  return page.root.querySelector('input[name=version]')!.getAttribute('value')!;
}

describe('scope and terms of reference', () => {
  it('lists every section with the markers of the review’s framework it answers', async () => {
    const url = await startReview();
    const page = readPage((await manager.get(`${url}/scope`)).body);
    expect(page.h1).toBe('Scope and terms of reference');
    expect(page.all('.govuk-summary-card__title')).toEqual(SECTIONS);
    expect(markerLinks(page, 'governance')).toEqual([
      ['7. Governance', '/frameworks/scr-quality-markers@1.1.0/governance'],
    ]);
    expect(markerLinks(page, 'family').map(([text]) => text)).toEqual([
      '4. Informing the family',
      '12. Family involvement',
    ]);
    expect(markerLinks(page, 'parallel-processes').map(([text]) => text)).toEqual(['9. Parallel processes']);
    expect((await manager.get('/frameworks/scr-quality-markers@1.1.0/governance')).statusCode).toBe(200);
    const overview = readPage((await manager.get(url)).body);
    expect(overview.root.querySelector(`a[href="${url}/scope"]`)).not.toBeNull();
  });

  it('links the SAR markers for a safeguarding adult review', async () => {
    const url = await startReview('sar');
    const page = readPage((await manager.get(`${url}/scope`)).body);
    expect(markerLinks(page, 'family').map(([text]) => text)).toEqual([
      '3. Informing the person, members of their family and social network',
      '11. Involvement of the person, family members and network',
    ]);
    expect(markerLinks(page, 'practitioners')[0]?.[1]).toBe(
      '/frameworks/sar-quality-markers@1.1.0/practitioners-involvement',
    );
  });

  it('saves a section as a versioned record, audited', async () => {
    const url = await startReview();
    const form = readPage((await manager.get(`${url}/scope/governance`)).body);
    expect(form.h1).toBe('Governance');
    expect(form.all('form .govuk-list a')).toEqual(['7. Governance']);
    const text =
      'The chair of the review group is accountable.\n\n- The lead reviewer conducts the review\n- The panel challenges';
    const first = await manager.post(`${url}/scope/governance`, { version: version(form), text });
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe(`${url}/scope?saved=governance#governance`);
    const page = readPage((await manager.get(first.headers.location as string)).body);
    expect(page.text('.govuk-notification-banner')).toContain('Governance: your changes have been saved.');
    expect(page.text('#governance')).toContain('The chair of the review group is accountable.');
    expect(page.all('#governance li')).toContain('The panel challenges');

    const again = readPage((await manager.get(`${url}/scope/governance`)).body);
    expect(again.root.querySelector('#text')?.text).toBe(text);
    const second = await manager.post(`${url}/scope/governance`, { version: version(again), text: 'Changed.' });
    expect(second.statusCode).toBe(303);

    const id = url.split('/').pop()!;
    const db = t.testDb.db;
    const row = await db.selectFrom('review_scope').selectAll().where('review_id', '=', id).executeTakeFirstOrThrow();
    expect([row.section, row.text, Number(row.version)]).toEqual(['governance', 'Changed.', 2]);
    const revisions = await db.selectFrom('revision').selectAll().where('record_id', '=', row.id).execute();
    expect(revisions.map((r) => (JSON.parse(r.data) as { text: string }).text)).toEqual([text]);
    const audit = await db
      .selectFrom('audit_event')
      .select(['action', 'detail'])
      .where('object_id', '=', id)
      .where('action', '=', 'review.scope_updated')
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.detail)).toEqual([
      JSON.stringify({ section: 'governance', version: 1 }),
      JSON.stringify({ section: 'governance', version: 2 }),
    ]);
  });

  it('never overwrites silently: the second of two first saves gets 409 with both texts', async () => {
    const url = await startReview();
    const form = readPage((await manager.get(`${url}/scope/family`)).body);
    const v = version(form);
    expect(v).toBe('0');
    expect(
      (await manager.post(`${url}/scope/family`, { version: v, text: 'Told by the social worker.' })).statusCode,
    ).toBe(303);
    const second = await manager.post(`${url}/scope/family`, { version: v, text: 'Told by the lead reviewer.' });
    expect(second.statusCode).toBe(409);
    const conflict = readPage(second.body);
    expect(conflict.text('.govuk-notification-banner')).toContain('Someone else saved this part');
    expect(conflict.text('#theirs')).toContain('Told by the social worker.');
    expect(conflict.root.querySelector('#text')?.text).toBe('Told by the lead reviewer.');
    expect(version(conflict)).toBe('1');
    const retry = await manager.post(`${url}/scope/family`, { version: '1', text: 'Told by the lead reviewer.' });
    expect(retry.statusCode).toBe(303);
    // An edit over version 1 after that is a conflict again, not an overwrite.
    const stale = await manager.post(`${url}/scope/family`, { version: '1', text: 'Stale.' });
    expect(stale.statusCode).toBe(409);
    expect(readPage(stale.body).text('#theirs')).toContain('Told by the lead reviewer.');
  });

  it('refuses text that is too long, keeping it; unknown sections are 404', async () => {
    const url = await startReview();
    const long = 'a'.repeat(20_001);
    const res = await manager.post(`${url}/scope/timetable`, { version: '0', text: long });
    expect(res.statusCode).toBe(400);
    const page = readPage(res.body);
    expect(page.title).toBe(`Error: Timetable – Scope – LCSPR 2026/${counter} – Quality Markers`);
    expect(page.errorLinks).toEqual([{ text: 'Text must be 20,000 characters or fewer', href: '#text' }]);
    expect(page.root.querySelector('#text')?.text).toBe(long);
    expect((await manager.get(`${url}/scope/nonsense`)).statusCode).toBe(404);
  });

  it('lets observers read but not edit; other partnerships get 404', async () => {
    const url = await startReview();
    expect((await manager.post(`${url}/team`, { person: observerPerson.id, role: 'observer' })).statusCode).toBe(303);
    const page = readPage((await observer.get(`${url}/scope`)).body);
    expect(page.all('.govuk-summary-card__title')).toEqual(SECTIONS);
    expect(page.root.querySelectorAll('.govuk-summary-card__actions a')).toHaveLength(0);
    expect((await observer.get(`${url}/scope/period`)).statusCode).toBe(403);
    expect((await observer.post(`${url}/scope/period`, { version: '0', text: 'x' })).statusCode).toBe(403);
    expect((await outsider.get(`${url}/scope`)).statusCode).toBe(404);
    expect((await outsider.get(`${url}/scope/terms-of-reference.docx`)).statusCode).toBe(404);
  });

  it('exports a draft terms of reference in Word with the review and every section', async () => {
    const url = await startReview();
    const form = readPage((await manager.get(`${url}/scope/period`)).body);
    await manager.post(`${url}/scope/period`, { version: version(form), text: 'From birth to 14 March 2026.' });
    const res = await manager.get(`${url}/scope/terms-of-reference.docx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="terms-of-reference-lcspr-2026-${counter}.docx"`,
    );
    const zip = await JSZip.loadAsync(res.rawPayload);
    const xml = await zip.file('word/document.xml')!.async('string');
    const text = xml.replace(/<[^>]+>/g, '');
    expect(text).toContain(`Terms of reference: LCSPR 2026/${counter}`);
    expect(text).toContain('Child A');
    expect(text).toContain('Local child safeguarding practice review');
    expect(text).toContain(`${managerPerson.name}Business manager`);
    for (const title of SECTIONS) expect(text).toContain(title);
    expect(text).toContain('From birth to 14 March 2026.');
    expect(text).toContain('To be agreed.');
    expect(text).toContain('Quality markers this answers: 7. Governance');

    const audit = await t.testDb.db
      .selectFrom('audit_event')
      .select('action')
      .where('object_id', '=', url.split('/').pop()!)
      .where('action', 'in', ['review.terms_of_reference_exported', 'review.scope_viewed'])
      .execute();
    expect(audit.map((a) => a.action)).toContain('review.terms_of_reference_exported');
    expect(audit.map((a) => a.action)).toContain('review.scope_viewed');
  });
});
