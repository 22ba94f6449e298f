/**
 * One page of the matrix of reviews × markers: a framework's reviews that have a chosen round, in
 * reference order, with the chosen round and its packed judgements; only the rows shown are read.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { narrowed, scopeIds, type RoundChoice, type Scope } from './learning.repository.js';

type Executor = Kysely<Database> | Transaction<Database>;

/**
 * The page's reviews first (read in reference order from the index review_learning_matrix, each checked
 * for such a round, with its chosen round's id), then those rounds' numbers and packed judgements.
 */
export async function matrixRows(
  db: Executor,
  scope: Scope,
  choice: RoundChoice,
  frameworkKey: string,
  limit: number,
  offset: number,
) {
  const matches = <T extends 'round' | 'other'>(alias: T) =>
    choice === 'approved'
      ? ([`${alias}.status`, '=', 'approved'] as const)
      : ([`${alias}.purpose`, '=', choice] as const);
  const [col, op, value] = matches('round');
  const reviews = await db
    .selectFrom('review')
    .select((eb) => [
      'review.id',
      'review.reference',
      'review.title',
      'review.framework_key',
      eb
        .selectFrom('assessment_round as round')
        .select('round.id')
        .whereRef('round.review_id', '=', 'review.id')
        .where('round.organisation_id', '=', scope.organisationId)
        .where(col, op, value)
        .orderBy('round.number', 'desc')
        .limit(1)
        .as('round_id'),
    ])
    .where('review.organisation_id', '=', scope.organisationId)
    .where('review.framework_key', '=', frameworkKey)
    .$if(narrowed(scope), (qb) => qb.where('review.id', 'in', scopeIds(db, scope)))
    .where((eb) => {
      const [c2, o2, v2] = matches('other');
      return eb.exists(
        eb
          .selectFrom('assessment_round as other')
          .select('other.id')
          .whereRef('other.review_id', '=', 'review.id')
          .where('other.organisation_id', '=', scope.organisationId)
          .where(c2, o2, v2),
      );
    })
    .orderBy('review.reference')
    .limit(limit)
    .offset(offset)
    .execute();
  const roundIds = reviews.flatMap((r) => (r.round_id ? [r.round_id] : []));
  const rounds = roundIds.length
    ? await db
        .selectFrom('assessment_round as round')
        .leftJoin('round_judgements as packed', 'packed.round_id', 'round.id')
        .select(['round.id', 'round.number', 'packed.judgements'])
        .where('round.organisation_id', '=', scope.organisationId)
        .where('round.id', 'in', roundIds)
        .execute()
    : [];
  const roundOf = new Map(rounds.map((r) => [r.id, r]));
  return reviews.flatMap((r) => {
    const round = r.round_id ? roundOf.get(r.round_id) : undefined;
    if (!round) return [];
    return [
      {
        review_id: r.id,
        reference: r.reference,
        title: r.title,
        framework_key: r.framework_key,
        round_id: round.id,
        number: round.number,
        judgements: round.judgements,
      },
    ];
  });
}
