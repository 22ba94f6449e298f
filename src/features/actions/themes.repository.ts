import type { Kysely, Transaction } from 'kysely';
import type { Database, LearningThemeTable } from '../../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

export function listThemes(db: Executor, organisationId: string) {
  return db
    .selectFrom('learning_theme')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .orderBy('position')
    .orderBy('label')
    .execute();
}

export async function countThemes(db: Executor, organisationId: string): Promise<number> {
  const row = await db
    .selectFrom('learning_theme')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Inserts themes, skipping any label the partnership already has (so two first visits never clash). */
export async function insertThemesIfAbsent(db: Executor, rows: LearningThemeTable[]) {
  if (!rows.length) return;
  await db
    .insertInto('learning_theme')
    .values(rows)
    .onConflict((oc) => oc.columns(['organisation_id', 'label']).doNothing())
    .execute();
}

export function findTheme(db: Executor, organisationId: string, id: string) {
  return db
    .selectFrom('learning_theme')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function nextPosition(db: Executor, organisationId: string): Promise<number> {
  const row = await db
    .selectFrom('learning_theme')
    .select((eb) => eb.fn.max('position').as('p'))
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  return Number(row?.p ?? 0) + 1;
}

export function updateTheme(
  db: Executor,
  organisationId: string,
  id: string,
  changes: Partial<Pick<LearningThemeTable, 'label' | 'archived_at'>>,
) {
  return db
    .updateTable('learning_theme')
    .set(changes)
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .executeTakeFirst();
}
