import type { Db } from '../../src/db/create-db.js';
import type { ActionTable, ReviewRole, ReviewTable } from '../../src/db/schema.js';
import { NO_KEY_DATES } from '../../src/features/reviews/key-dates.js';
import { newId } from '../../src/lib/ids.js';
import type { Client, Person } from './client.js';

/** Puts people on a review's team directly, with their review roles. */
export async function addToTeam(
  db: Db,
  organisationId: string,
  reviewId: string,
  members: readonly (readonly [Pick<Person, 'id'>, ReviewRole])[],
) {
  for (const [person, role] of members) {
    await db
      .insertInto('review_member')
      .values({
        id: newId(),
        organisation_id: organisationId,
        review_id: reviewId,
        user_id: person.id,
        role,
        created_at: new Date().toISOString(),
      })
      .execute();
  }
}

/** The first version of a row written now by no one in particular. */
function firstVersion() {
  const at = new Date().toISOString();
  return { version: 1, created_at: at, created_by: null, updated_at: at, updated_by: null };
}

/** A review row as the app would store it, for inserting directly; `changes` override the defaults. */
export function reviewRow(organisationId: string, changes: Partial<ReviewTable> = {}): ReviewTable {
  return {
    id: newId(),
    organisation_id: organisationId,
    reference: `R ${newId().slice(-6)}`,
    title: 'Review',
    subject_pseudonym: 'Child A',
    type: 'local-cspr',
    method: 'systems',
    method_other: null,
    framework_key: 'scr-quality-markers',
    framework_version: '1.0.0',
    status: 'set-up',
    ...NO_KEY_DATES,
    ...firstVersion(),
    ...changes,
  };
}

/**
 * An action row as the app would store it, for inserting directly: an improvement action nobody has
 * started, owned by no one, due never; `changes` override the defaults.
 */
export function actionRow(organisationId: string, reviewId: string, changes: Partial<ActionTable> = {}): ActionTable {
  return {
    id: newId(),
    organisation_id: organisationId,
    review_id: reviewId,
    kind: 'improvement',
    number: 1,
    title: 'Action',
    finding_id: null,
    marker_key: null,
    description: '',
    owner_user_id: null,
    owner_name: '',
    agencies: '[]',
    due_date: null,
    status: 'not-started',
    rag: null,
    supporting_evidence: '',
    critical_friend_comment: '',
    impact_what_changed: '',
    impact_how_we_know: '',
    completed_at: null,
    ...firstVersion(),
    ...changes,
  };
}

/** The review form's fields; `reference` and `subjectPseudonym` are the ones tests tell apart. */
export interface ReviewForm {
  reference: string;
  subjectPseudonym: string;
  title?: string;
  type?: string;
  method?: string;
}

/** Starts a review through its form, as a person would; answers the new review's URL (`/reviews/{id}`). */
export async function reviewThroughForm(client: Client, form: ReviewForm): Promise<string> {
  const { reference, subjectPseudonym, title = 'Review', type = 'local-cspr', method = 'systems' } = form;
  const made = await client.post('/reviews/new', { reference, subjectPseudonym, title, type, method });
  if (made.statusCode !== 303) throw new Error(`The review form answered ${made.statusCode}, not 303`);
  return made.headers.location as string;
}

/** Starts a round of the review through its form (by default an in-review round); answers its URL. */
export async function roundThroughForm(
  client: Client,
  reviewUrl: string,
  form: Record<string, string | string[]> = { purpose: 'in-review' },
): Promise<string> {
  const made = await client.post(`${reviewUrl}/rounds/new`, form);
  if (made.statusCode !== 303) throw new Error(`The round form answered ${made.statusCode}, not 303`);
  return made.headers.location as string;
}

/** The id at the end of a review's or a round's URL. */
export const idOf = (url: string): string => url.split('/').pop()!;
