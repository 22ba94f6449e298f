import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referralListSchema, referralSchema, decisionResultSchema } from './api.schemas.js';
import { buildReferralsWorld } from './referrals.fixture.js';

let w: Awaited<ReturnType<typeof buildReferralsWorld>>;
beforeAll(async () => {
  w = await buildReferralsWorld();
});
afterAll(async () => w.t.close());

const childBody = {
  receivedOn: '2026-03-02',
  route: 'serious-incident-notification',
  subjectPseudonym: 'Child C',
  sourceAgency: 'Police',
  criteria: { seriousCase: 'yes' },
};

async function created(body: object = childBody) {
  const res = await w.api('manager', 'POST', '/api/v1/referrals', body);
  expect(res.statusCode, res.body).toBe(201);
  return referralSchema.parse(res.json());
}

describe('the referrals API', () => {
  it('records, lists and reads referrals; another partnership gets 404 and a read-only token 403', async () => {
    const referral = await created();
    expect(referral).toMatchObject({ stage: 'rapid-review', rapidReview: { dueOn: '2026-03-23' }, reviewId: null });
    const list = referralListSchema.parse((await w.api('panel', 'GET', '/api/v1/referrals')).json());
    expect(list.referrals.map((r) => r.id)).toContain(referral.id);
    expect((await w.api('admin', 'GET', `/api/v1/referrals/${referral.id}`)).statusCode).toBe(200);
    expect((await w.api('other', 'GET', `/api/v1/referrals/${referral.id}`)).statusCode).toBe(404);
    const decide = { outcome: 'no-lcspr', reasons: 'No.' };
    expect((await w.api('other', 'POST', `/api/v1/referrals/${referral.id}/decision`, decide)).statusCode).toBe(404);
    expect((await w.api('viewer', 'POST', '/api/v1/referrals', childBody)).statusCode).toBe(403);
    expect((await w.api('panel', 'POST', '/api/v1/referrals', childBody)).statusCode).toBe(403);
    expect((await w.api('viewer', 'GET', '/api/v1/referrals')).statusCode).toBe(403);
  });

  it('refuses bad input with the pages’ words, never cutting text short', async () => {
    const bad = await w.api('manager', 'POST', '/api/v1/referrals', {
      ...childBody,
      receivedOn: '2026-05-01',
      subjectPseudonym: 'Jane Smith',
      sourceAgency: 'p'.repeat(201),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { message: string } }>().error.message).toBe(
      'Date received must be today or in the past; Source agency must be 200 characters or fewer; Enter a pseudonym like Child A or Adult B, not a real name',
    );
    expect(
      (await w.api('manager', 'POST', '/api/v1/referrals', { ...childBody, receivedOn: '2026-02-30' })).statusCode,
    ).toBe(400);
    const referral = await created();
    const early = await w.api('manager', 'POST', `/api/v1/referrals/${referral.id}/decision`, {
      outcome: 'no-sar',
      reasons: 'No.',
      decidedOn: '2026-03-01',
    });
    expect(early.json<{ error: { message: string } }>().error.message).toBe(
      'Select the decision; Date of the decision must be the same as or after the date the referral was received',
    );
  });

  it('answers 201 with the review a decision started, and converts a referral once even when two decisions race', async () => {
    const referral = await created({ ...childBody, subjectPseudonym: 'Child R' });
    const decision = {
      outcome: 'lcspr',
      reasons: 'Joint working concerns.',
      criteria: { jointWorking: 'Police and health did not share information.' },
      decidedOn: '2026-04-01',
      version: referral.version,
    };
    const url = `/api/v1/referrals/${referral.id}/decision`;
    const [a, b] = await Promise.all([w.api('manager', 'POST', url, decision), w.api('admin', 'POST', url, decision)]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    const won = decisionResultSchema.parse((a.statusCode === 201 ? a : b).json());
    expect(won.referral).toMatchObject({
      stage: 'converted',
      reviewId: won.reviewId,
      decision: {
        outcome: 'lcspr',
        decidedByRole: 'The safeguarding partners',
        notifications: [
          { to: 'panel', dueOn: '2026-03-23', doneOn: null },
          { to: 'ofsted', dueOn: '2026-03-23', doneOn: null },
          { to: 'dfe', dueOn: '2026-03-23', doneOn: null },
        ],
      },
    });
    const links = await w.db
      .selectFrom('referral_conversion')
      .selectAll()
      .where('referral_id', '=', referral.id)
      .execute();
    expect(links).toHaveLength(1);
    const review = await w.api('admin', 'GET', `/api/v1/reviews/${won.reviewId}`);
    expect(review.json()).toMatchObject({ type: 'local-cspr', subjectPseudonym: 'Child R' });
    // A decision not to review answers 200 and starts nothing.
    const other = await created({ ...childBody, subjectPseudonym: 'Child S' });
    const no = await w.api('manager', 'POST', `/api/v1/referrals/${other.id}/decision`, {
      outcome: 'no-lcspr',
      reasons: 'No.',
    });
    expect(no.statusCode).toBe(200);
    expect(decisionResultSchema.parse(no.json()).reviewId).toBeNull();
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await w.t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json<{
      paths: Record<string, Record<string, { operationId: string }>>;
    }>();
    expect(doc.paths['/api/v1/referrals']?.post?.operationId).toBe('createReferral');
    expect(doc.paths['/api/v1/referrals/{id}/decision']?.post?.operationId).toBe('decideReferral');
  });
});
