import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertPerson, signedInClient } from '../../../test/helpers/client.js';
import { readPage } from '../../../test/helpers/html.js';
import { addToTeam, reviewRow } from '../../../test/helpers/reviews.js';
import { buildReferralsWorld } from './referrals.fixture.js';

// The "Referrals" link of the navigation goes only to people the review policy lets open the register:
// a member on no review team, or only an observer, would follow it to a 403 (issue 20).
let w: Awaited<ReturnType<typeof buildReferralsWorld>>;
beforeAll(async () => {
  w = await buildReferralsWorld();
});
afterAll(async () => w.t.close());

const navigation = async (client: { get(url: string): Promise<{ statusCode: number; body: string }> }) => {
  const res = await client.get('/work');
  expect(res.statusCode).toBe(200);
  return readPage(res.body).all('.govuk-service-navigation a');
};

describe('the Referrals link in the navigation', () => {
  it('shows to the admin, the business manager and a panel member, who may open the register', async () => {
    for (const who of ['admin', 'manager', 'panel'] as const) {
      expect(await navigation(w.clients[who]), who).toContain('Referrals');
      expect((await w.clients[who].get('/referrals')).statusCode, who).toBe(200);
    }
  });

  it('does not show to a viewer observing a review, who may not', async () => {
    expect(await navigation(w.clients.viewer)).not.toContain('Referrals');
    expect((await w.clients.viewer.get('/referrals')).statusCode).toBe(403);
  });

  it('shows to a member only once they are on a review team in a working role', async () => {
    const member = await insertPerson(w.db, w.orgA.id, 'member');
    const client = await signedInClient(w.t.app, w.db, member, w.orgA.id);
    expect(await navigation(client)).not.toContain('Referrals');
    expect((await client.get('/referrals')).statusCode).toBe(403);

    const review = reviewRow(w.orgA.id, { reference: 'NAV 1' });
    await w.db.insertInto('review').values(review).execute();
    await addToTeam(w.db, w.orgA.id, review.id, [[member, 'observer']]);
    expect(await navigation(client), 'an observer').not.toContain('Referrals');

    const second = reviewRow(w.orgA.id, { reference: 'NAV 2' });
    await w.db.insertInto('review').values(second).execute();
    await addToTeam(w.db, w.orgA.id, second.id, [[member, 'lead-reviewer']]);
    expect(await navigation(client), 'a lead reviewer').toContain('Referrals');
    expect((await client.get('/referrals')).statusCode).toBe(200);
  });

  it('is absent from the pages of someone signed in with no partnership chosen', async () => {
    const person = await insertPerson(w.db, w.orgA.id, 'member');
    const client = await signedInClient(w.t.app, w.db, person, null);
    const res = await client.get('/account');
    expect(res.statusCode).toBe(200);
    expect(readPage(res.body).all('.govuk-service-navigation a')).not.toContain('Referrals');
  });
});
