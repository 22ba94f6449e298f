import { PostgresAdapter, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.
// The cross-review search (features/search) ranks only the newest matching documents a person may see.
// search_document_review: someone on the team of a few reviews is searched from those reviews' documents,
// newest first, rather than from every match in the partnership. search_document_organisation (PostgreSQL
// only; SQLite's full-text index hands over matches newest first itself): a partnership's documents newest
// first, which the planner walks for a common word, on a database that holds several partnerships.
// review_member_by_user: the reviews whose team a person is on, which the search asks first.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('search_document_review').on('search_document').columns(['review_id', 'id']).execute();
  await db.schema.createIndex('review_member_by_user').on('review_member').columns(['user_id', 'review_id']).execute();
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await db.schema
      .createIndex('search_document_organisation')
      .on('search_document')
      .columns(['organisation_id', 'id'])
      .execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await db.schema.dropIndex('search_document_organisation').execute();
  }
  await db.schema.dropIndex('review_member_by_user').execute();
  await db.schema.dropIndex('search_document_review').execute();
}
