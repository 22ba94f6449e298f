import type { TestApp } from './app.js';
import { apiToken, insertOrganisation, insertPerson, signedInClient, type Client, type Person } from './client.js';
import { addToTeam, idOf, reviewThroughForm, roundThroughForm, type ReviewForm } from './reviews.js';

/** A partnership member with a read-write API token, a review made through its form, and one round of it. */
export interface RoundWorld {
  manager: Client;
  token: string;
  reviewUrl: string;
  roundUrl: string;
}

export async function memberWithRound(
  t: TestApp,
  review: ReviewForm,
  purpose: 'planning' | 'in-review' | 'retrospective' = 'in-review',
): Promise<RoundWorld> {
  const db = t.testDb.db;
  const org = await insertOrganisation(db, 'Anytown Partnership');
  const person = await insertPerson(db, org.id, 'member');
  const manager = await signedInClient(t.app, db, person, org.id);
  const token = await apiToken(db, org.id, person.id);
  const reviewUrl = await reviewThroughForm(manager, review);
  const roundUrl = await roundThroughForm(manager, reviewUrl, { purpose });
  return { manager, token, reviewUrl, roundUrl };
}

/**
 * A partnership (Anytown) whose business manager started a review through its form, with a chair and a panel
 * member on its team: each person signed in, and as a row for tests that act on the database.
 */
export interface TeamWorld {
  organisationId: string;
  people: { manager: Person; chair: Person; panel: Person };
  manager: Client;
  chair: Client;
  panel: Client;
  reviewUrl: string;
  reviewId: string;
}

export async function reviewWithTeam(t: TestApp, review: ReviewForm): Promise<TeamWorld> {
  const db = t.testDb.db;
  const org = await insertOrganisation(db, 'Anytown Partnership');
  const people = {
    manager: await insertPerson(db, org.id, 'member'),
    chair: await insertPerson(db, org.id, 'member'),
    panel: await insertPerson(db, org.id, 'member'),
  };
  const [manager, chair, panel] = await Promise.all(
    [people.manager, people.chair, people.panel].map((p) => signedInClient(t.app, db, p, org.id)),
  );
  const reviewUrl = await reviewThroughForm(manager!, review);
  const reviewId = idOf(reviewUrl);
  await addToTeam(db, org.id, reviewId, [
    [people.chair, 'chair'],
    [people.panel, 'panel-member'],
  ]);
  return { organisationId: org.id, people, manager: manager!, chair: chair!, panel: panel!, reviewUrl, reviewId };
}
