import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';

/** Every query on imported frameworks. Each one is scoped to the caller's partnership. */

type Executor = Kysely<Database> | Transaction<Database>;

export interface ImportedRow {
  id: string;
  key: string;
  version: string;
  title: string;
  hash: string;
  created_at: string;
  created_by: string | null;
}

/** Every imported version in the partnership, without content. */
export function listImportedRows(db: Executor, organisationId: string): Promise<ImportedRow[]> {
  return db
    .selectFrom('framework')
    .select(['id', 'key', 'version', 'title', 'hash', 'created_at', 'created_by'])
    .where('organisation_id', '=', organisationId)
    .orderBy('key')
    .orderBy('created_at')
    .execute();
}

/** The content of some of the partnership's rows. */
export function contentOf(
  db: Executor,
  organisationId: string,
  ids: string[],
): Promise<{ id: string; content: string }[]> {
  if (!ids.length) return Promise.resolve([]);
  return db
    .selectFrom('framework')
    .select(['id', 'content'])
    .where('organisation_id', '=', organisationId)
    .where('id', 'in', ids)
    .execute();
}

/** The versions of one key in the partnership. */
export async function versionsOfKey(db: Executor, organisationId: string, key: string): Promise<string[]> {
  const rows = await db
    .selectFrom('framework')
    .select('version')
    .where('organisation_id', '=', organisationId)
    .where('key', '=', key)
    .execute();
  return rows.map((r) => r.version);
}

export async function insertImported(
  db: Executor,
  organisationId: string,
  row: {
    id: string;
    key: string;
    version: string;
    title: string;
    content: string;
    hash: string;
    createdAt: string;
    createdBy: string | null;
  },
): Promise<void> {
  await db
    .insertInto('framework')
    .values({
      id: row.id,
      organisation_id: organisationId,
      key: row.key,
      version: row.version,
      title: row.title,
      content: row.content,
      hash: row.hash,
      created_at: row.createdAt,
      created_by: row.createdBy,
    })
    .execute();
}

/** Names of the people who imported, for the admin list. */
export async function userNames(db: Executor, organisationId: string, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await db
    .selectFrom('user_account')
    .innerJoin('membership', 'membership.user_id', 'user_account.id')
    .select(['user_account.id', 'user_account.name'])
    .where('membership.organisation_id', '=', organisationId)
    .where('user_account.id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
