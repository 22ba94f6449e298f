import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPage } from '../../../test/helpers/html.js';
import { buildReferralsWorld, dateFields, recordReferral } from './referrals.fixture.js';

// An adult's s44 referral: no rapid review, straight to a decision, and a mandatory SAR needs every condition.

let w: Awaited<ReturnType<typeof buildReferralsWorld>>;
beforeAll(async () => {
  w = await buildReferralsWorld();
});
afterAll(async () => w.t.close());

const record = (fields: Record<string, string>) => recordReferral(w, fields);

describe('an adult’s referral', () => {
  const adult = {
    route: 's44-referral',
    ...dateFields({ receivedOn: '2026-03-02' }),
    sourceAgency: 'Adult social care',
    subjectPseudonym: 'Adult B',
    'criteria-careNeeds': 'yes',
    'criteria-harm': 'yes',
    'criteria-abuseKnownOrSuspected': 'not-known',
    'criteria-jointWorking': 'yes',
  };
  const all4 = {
    criteria: ['careNeeds', 'harm', 'abuseKnownOrSuspected', 'jointWorking'],
    'reason-careNeeds': 'Known to adult social care.',
    'reason-harm': 'Died after a fall at home.',
    'reason-abuseKnownOrSuspected': 'Neglect by a paid carer is suspected.',
    'reason-jointWorking': 'Three agencies held concerns separately.',
  };

  it('goes straight to a decision: a mandatory SAR needs every s44 condition, and starts the SAR', async () => {
    const url = await record(adult);
    const page = readPage((await w.clients.manager.get(url)).body);
    expect(page.text('#referral')).toContain(
      'The board knows or suspects that the death or the serious harm resulted from abuse or neglect Not known yet',
    );
    expect(page.root.querySelector('#rapid-review')).toBeNull();
    expect((await w.clients.manager.get(`${url}/rapid-review`)).statusCode).toBe(404);
    const decision = {
      version: '1',
      outcome: 'sar-mandatory',
      reasons: 'The section 44 duty applies.',
      ...dateFields({ decidedOn: '2026-03-25' }),
      decidedByRole: 'SAR subgroup of the board',
    };
    const three = await w.clients.manager.post(`${url}/decision`, {
      ...decision,
      ...all4,
      criteria: all4.criteria.slice(0, 3),
    });
    expect(readPage(three.body).errorLinks[0]!.text).toMatch(
      /^A mandatory review needs every section 44 condition met/,
    );
    const ok = await w.clients.manager.post(`${url}/decision`, { ...decision, ...all4 });
    expect(ok.statusCode, ok.body).toBe(303);
    const reviewId = (ok.headers.location as string).split('/').pop()!;
    const review = await w.db.selectFrom('review').selectAll().where('id', '=', reviewId).executeTakeFirstOrThrow();
    expect(review).toMatchObject({
      type: 'sar',
      framework_key: 'sar-quality-markers',
      subject_pseudonym: 'Adult B',
      referral_date: '2026-03-02',
      awareness_date: null,
      notification_date: null,
      rapid_review_date: null,
      decision_date: '2026-03-25',
    });
    const after = readPage((await w.clients.manager.get(url)).body);
    expect(after.root.querySelector('#notices')).toBeNull();
    // A second decision from the same (now stale) page converts nothing.
    const again = await w.clients.manager.post(`${url}/decision`, { ...decision, ...all4 });
    expect(again.statusCode).toBe(409);
    expect(
      await w.db
        .selectFrom('referral_conversion')
        .select('review_id')
        .where('referral_id', '=', url.split('/').pop()!)
        .execute(),
    ).toHaveLength(1);
  });
});
