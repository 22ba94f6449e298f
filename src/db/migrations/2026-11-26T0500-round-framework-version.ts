import { sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.
// Each assessment round records the framework version it was made with, so moving its review to a
// newer version never changes how an earlier round reads. Existing rounds take their review's version,
// which is the only version a review could have had until now.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('assessment_round')
    .addColumn('framework_version', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await sql`update assessment_round set framework_version = (
    select review.framework_version from review where review.id = assessment_round.review_id
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('assessment_round').dropColumn('framework_version').execute();
}
