import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agencySummarySchema, referralSchema } from './api.schemas.js';
import { rapidReviewSchema } from './rapid-review-api.schemas.js';
import { buildReferralsWorld } from './referrals.fixture.js';
import { MAX_VERSION } from '../../lib/versions.js';

let w: Awaited<ReturnType<typeof buildReferralsWorld>>;
beforeAll(async () => {
  w = await buildReferralsWorld();
});
afterAll(async () => w.t.close());

async function notification(subjectPseudonym: string, route = 'serious-incident-notification') {
  const criteria =
    route === 'serious-incident-notification'
      ? { seriousCase: 'yes' }
      : { careNeeds: 'yes', harm: 'yes', abuseKnownOrSuspected: 'yes', jointWorking: 'no' };
  const res = await w.api('manager', 'POST', '/api/v1/referrals', {
    receivedOn: '2026-03-02',
    route,
    subjectPseudonym,
    sourceAgency: 'Police',
    criteria,
  });
  expect(res.statusCode, res.body).toBe(201);
  return referralSchema.parse(res.json());
}

const details = {
  safetyActions: 'Siblings placed with grandparents.',
  meetingOn: '2026-03-16',
  submittedOn: '2026-03-20',
  panelResponseOn: '2026-04-02',
  panelResponse: 'The Panel agrees a local review.',
};
const message = (res: { json<T>(): T }) => res.json<{ error: { message: string } }>().error.message;

describe('the rapid review API', () => {
  it('reads and saves the details at the version read, refusing what the page refuses', async () => {
    const r = await notification('Child P');
    const url = `/api/v1/referrals/${r.id}/rapid-review`;
    const empty = rapidReviewSchema.parse((await w.api('panel', 'GET', url)).json());
    expect(empty).toMatchObject({ dueOn: '2026-03-23', overdue: true, meetingOn: null, agencySummaries: [] });

    const bad = await w.api('manager', 'PUT', url, {
      ...details,
      safetyActions: 's'.repeat(5001),
      panelResponseOn: '2026-03-19',
      version: empty.version,
    });
    expect(bad.statusCode).toBe(400);
    expect(message(bad)).toBe(
      'Immediate safety actions must be 5000 characters or fewer; Date of the Panel’s response must be the same as or after the date sent to the Panel',
    );
    expect((await w.api('manager', 'PUT', url, details)).statusCode).toBe(400);

    const saved = await w.api('manager', 'PUT', url, { ...details, version: empty.version });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(rapidReviewSchema.parse(saved.json())).toMatchObject({ ...details, overdue: false });
    expect(referralSchema.parse((await w.api('admin', 'GET', `/api/v1/referrals/${r.id}`)).json()).rapidReview).toEqual(
      { dueOn: '2026-03-23', ...details },
    );
    const stale = await w.api('manager', 'PUT', url, { ...details, panelResponse: 'Other', version: empty.version });
    expect(stale.statusCode).toBe(409);
    // The highest version a column holds names no record: a conflict, not a 500 (found by the route fuzzer).
    const highest = await w.api('manager', 'PUT', url, { ...details, version: MAX_VERSION });
    expect(highest.statusCode, highest.body).toBe(409);
    const events = await w.db
      .selectFrom('audit_event')
      .select('action')
      .where('object_id', '=', r.id)
      .where('action', '=', 'referral.rapid_review_saved')
      .execute();
    expect(events).toHaveLength(1);
  });

  it('records agency summary requests, then when each was chased and received', async () => {
    const r = await notification('Child Q');
    const url = `/api/v1/referrals/${r.id}/rapid-review/requests`;
    const added = await w.api('manager', 'POST', url, { agency: 'Health', requestedOn: '2026-03-03', workingDays: 5 });
    expect(added.statusCode, added.body).toBe(201);
    const health = agencySummarySchema.parse(added.json());
    expect(health).toMatchObject({ agency: 'Health', dueOn: '2026-03-10', receivedOn: null, overdue: true });
    const schools = agencySummarySchema.parse(
      (await w.api('manager', 'POST', url, { agency: 'Schools', requestedOn: '2026-03-03', workingDays: 5 })).json(),
    );
    const tooMany = await w.api('manager', 'POST', url, { agency: 'x', requestedOn: '2026-03-03', workingDays: 61 });
    expect(message(tooMany)).toBe('Working days to reply must be a whole number from 1 to 60');

    const chased = await w.api('manager', 'PATCH', `${url}/${health.id}`, { chasedOn: '2026-03-11' });
    expect(chased.json()).toMatchObject({ chasedOn: '2026-03-11', receivedOn: null, overdue: true });
    const late = await w.api('manager', 'PATCH', `${url}/${health.id}`, { receivedOn: '2026-03-12' });
    expect(late.json()).toMatchObject({ chasedOn: '2026-03-11', receivedOn: '2026-03-12', overdue: false });
    const early = await w.api('manager', 'PATCH', `${url}/${schools.id}`, { receivedOn: '2026-03-01' });
    expect(early.statusCode).toBe(400);
    expect(message(early)).toBe('Date the summary was received must be the same as or after the date requested');
    expect((await w.api('manager', 'PATCH', `${url}/${r.id}`, { receivedOn: '2026-03-12' })).statusCode).toBe(404);

    const review = rapidReviewSchema.parse(
      (await w.api('manager', 'GET', `/api/v1/referrals/${r.id}/rapid-review`)).json(),
    );
    expect(review.agencySummaries.map((q) => [q.agency, q.receivedOn])).toEqual([
      ['Health', '2026-03-12'],
      ['Schools', null],
    ]);
  });

  it('is 404 to another partnership and for an adult’s referral; a reader’s token cannot change it', async () => {
    const r = await notification('Child T');
    const url = `/api/v1/referrals/${r.id}/rapid-review`;
    const request = { agency: 'Health', requestedOn: '2026-03-03', workingDays: 5 };
    const q = agencySummarySchema.parse((await w.api('manager', 'POST', `${url}/requests`, request)).json());
    expect((await w.api('other', 'GET', url)).statusCode).toBe(404);
    expect((await w.api('other', 'PUT', url, { ...details, version: 1 })).statusCode).toBe(404);
    expect((await w.api('other', 'POST', `${url}/requests`, request)).statusCode).toBe(404);
    expect((await w.api('other', 'PATCH', `${url}/requests/${q.id}`, { chasedOn: '2026-03-11' })).statusCode).toBe(404);
    expect((await w.api('panel', 'PUT', url, { ...details, version: 1 })).statusCode).toBe(403);
    expect((await w.api('panel', 'POST', `${url}/requests`, request)).statusCode).toBe(403);
    expect((await w.api('viewer', 'GET', url)).statusCode).toBe(403);
    const adult = await notification('Adult T', 's44-referral');
    expect((await w.api('manager', 'GET', `/api/v1/referrals/${adult.id}/rapid-review`)).statusCode).toBe(404);
    const doc = (await w.t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json<{
      paths: Record<string, Record<string, { operationId: string }>>;
    }>();
    expect(doc.paths['/api/v1/referrals/{id}/rapid-review']?.put?.operationId).toBe('putRapidReview');
    expect(doc.paths['/api/v1/referrals/{id}/rapid-review/requests/{requestId}']?.patch?.operationId).toBe(
      'updateAgencySummary',
    );
  });
});
