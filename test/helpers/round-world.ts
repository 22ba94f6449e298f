import { createToken } from '../../src/features/accounts/tokens.service.js';
import type { TestApp } from './app.js';
import { insertOrganisation, insertPerson, signedInClient, type Client } from './client.js';

/** A partnership member with a read-write API token, a review made through its form, and one round of it. */
export interface RoundWorld {
  manager: Client;
  token: string;
  reviewUrl: string;
  roundUrl: string;
}

export async function memberWithRound(
  t: TestApp,
  review: { reference: string; subjectPseudonym: string },
  purpose: 'planning' | 'in-review' | 'retrospective' = 'in-review',
): Promise<RoundWorld> {
  const db = t.testDb.db;
  const org = await insertOrganisation(db, 'Anytown Partnership');
  const person = await insertPerson(db, org.id, 'member');
  const manager = await signedInClient(t.app, db, person, org.id);
  const system = { userId: null, organisationId: null, ip: null, userAgent: null };
  const scopes = ['read', 'write'] as const;
  const { token } = await createToken(
    db,
    { organisationId: org.id, userId: person.id, name: 't', scopes: [...scopes], expiresAt: null },
    system,
  );
  const made = await manager.post('/reviews/new', {
    ...review,
    title: 'Review',
    type: 'local-cspr',
    method: 'systems',
  });
  const reviewUrl = made.headers.location as string;
  const roundUrl = (await manager.post(`${reviewUrl}/rounds/new`, { purpose })).headers.location as string;
  return { manager, token, reviewUrl, roundUrl };
}
