import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { insertOrganisation, insertPerson, signedInClient, type Client } from '../../../test/helpers/client.js';
import { readPage } from '../../../test/helpers/html.js';

let t: TestApp;
let person: Client;
let userId: string;

beforeAll(async () => {
  t = await buildTestApp();
  const db = t.testDb.db;
  const org = await insertOrganisation(db, 'Anytown Partnership');
  const p = await insertPerson(db, org.id, 'member');
  userId = p.id;
  person = await signedInClient(t.app, db, p, org.id);
});
afterAll(async () => t.close());

const ticked = async () =>
  readPage((await person.get('/account/notifications')).body)
    .root.querySelectorAll('input[name="kinds"]')
    .filter((i) => i.hasAttribute('checked'))
    .map((i) => i.getAttribute('value'));

describe('Email notifications on the account page', () => {
  it('is linked from the account page', async () => {
    const page = readPage((await person.get('/account')).body);
    expect(page.root.querySelector('a[href="/account/notifications"]')?.text).toBe(
      'Choose what the daily email tells you about',
    );
  });

  it('has every kind ticked at first, and says mail is not set up here', async () => {
    const res = await person.get('/account/notifications');
    expect(res.statusCode).toBe(200);
    const page = readPage(res.body);
    expect(page.h1).toBe('Email notifications');
    expect(page.title).toMatch(/^Email notifications/);
    expect(page.text('legend')).toBe('What should the daily email tell you about?');
    expect(await ticked()).toEqual(['sign-off', 'sign-off-outcome', 'marker', 'comment', 'action', 'statutory-step']);
    expect(page.text('.govuk-inset-text')).toContain('not set up to send email');
  });

  it('saves the kinds ticked, says so, and records the change', async () => {
    const res = await person.post('/account/notifications', { kinds: ['marker', 'action', 'nonsense'] });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/account/notifications?saved=1');
    const page = readPage((await person.get('/account/notifications?saved=1')).body);
    expect(page.text('.govuk-notification-banner')).toContain('Your email notifications have been saved.');
    expect(await ticked()).toEqual(['marker', 'action']);
    const events = await t.testDb.db
      .selectFrom('audit_event')
      .select(['action', 'detail', 'object_id'])
      .where('action', '=', 'notifications.preferences_changed')
      .execute();
    expect(events).toEqual([
      {
        action: 'notifications.preferences_changed',
        object_id: userId,
        detail: JSON.stringify({ off: 'sign-off,sign-off-outcome,comment,statutory-step' }),
      },
    ]);
  });

  it('turns every kind off when none is ticked, and on again', async () => {
    expect((await person.post('/account/notifications', {})).statusCode).toBe(303);
    expect(await ticked()).toEqual([]);
    const all = ['sign-off', 'sign-off-outcome', 'marker', 'comment', 'action', 'statutory-step'];
    expect((await person.post('/account/notifications', { kinds: all })).statusCode).toBe(303);
    expect(await ticked()).toEqual(all);
  });

  it('refuses a post without the CSRF token, and asks the signed-out to sign in', async () => {
    expect((await person.post('/account/notifications', { kinds: 'marker' }, { csrf: false })).statusCode).toBe(403);
    expect(await ticked()).toHaveLength(6);
    const anonymous = await t.app.inject({ url: '/account/notifications' });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toMatch(/^\/sign-in/);
  });
});
