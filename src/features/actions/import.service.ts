/** Importing a list of actions: every row checked first; all of them added in one transaction, or none. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { toCsv } from '../../lib/csv.js';
import { insertNumberedActions, rowFields } from './actions-edit.service.js';
import { actionFormPage } from './actions.service.js';
import { checkRows, templateRows, type ImportProblem } from './import.rows.js';
import { readActionSheet } from './import.sheet.js';
import { reviewFor, requireChange, type FrameworkCatalogue, type PartnershipActor } from './review-context.service.js';

type Db = Kysely<Database>;

export type ImportResult = { ok: true; count: number } | { ok: false; problems: ImportProblem[] };

/** The import page is for those who may add actions. */
export async function importPage(db: Db, actor: PartnershipActor, reviewId: string) {
  const review = await reviewFor(db, actor, reviewId);
  requireChange(review);
  return { review };
}

export async function importActions(
  db: Db,
  catalogue: FrameworkCatalogue,
  actor: PartnershipActor,
  reviewId: string,
  file: { filename: string; data: Buffer },
  now = new Date(),
): Promise<ImportResult> {
  const page = await actionFormPage(db, catalogue, actor, reviewId);
  const sheet = await readActionSheet(file.filename, file.data);
  if (!sheet.ok) return { ok: false, problems: [{ row: sheet.row, column: sheet.column, message: sheet.message }] };
  const checked = checkRows(sheet.rows, page);
  if (!checked.ok) return checked;
  const rows = await insertNumberedActions(
    db,
    actor,
    page.review.id,
    checked.actions.map((a) => rowFields(page, a)),
    now,
    { action: 'actions.imported', detail: { count: checked.actions.length } },
  );
  return { ok: true, count: rows.length };
}

/** The template to fill in, as CSV. */
export async function importTemplate(db: Db, actor: PartnershipActor, reviewId: string): Promise<string> {
  await reviewFor(db, actor, reviewId);
  return toCsv(templateRows());
}
