/** Importing a list of actions: every row checked first; all of them added in one transaction, or none. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { writeCsv } from '../../lib/csv.js';
import { untrustedTask } from '../../lib/untrusted/pool.js';
import { UntrustedParseError } from '../../lib/untrusted/refusal.js';
import { insertNumberedActions, rowFields } from './actions-edit.service.js';
import { actionFormPage } from './actions.service.js';
import { checkRows, templateRows, type ImportProblem } from './import.rows.js';
import { readActionSheet, type SheetResult } from './import.sheet.js';
import { reviewFor, requireChange } from './review-context.service.js';
import type { PartnershipActor } from '../../plugins/auth.js';
import type { FrameworkCatalogue } from '../frameworks/frameworks.service.js';

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
  const sheet = await readSheet(file.filename, file.data);
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

const readActionSheetOffThread = untrustedTask<typeof readActionSheet>(
  new URL('./import.sheet.js', import.meta.url),
  'readActionSheet',
);

/** A small CSV file takes milliseconds here; anything larger, and every ZIP (XLSX) file, is read in a worker. */
const INLINE_CSV_BYTES = 64 * 1024;

/** The file's rows, read in a worker thread with memory and time limits unless it is a small CSV file. */
async function readSheet(filename: string, data: Buffer): Promise<SheetResult> {
  const zip = data.length >= 4 && data.readUInt32LE(0) === 0x04034b50;
  // A small file that is not a ZIP is a CSV file, or refused at its first four bytes.
  if (data.length <= INLINE_CSV_BYTES && !zip) return readActionSheet(filename, data);
  try {
    return await readActionSheetOffThread(filename, data);
  } catch (err) {
    if (!(err instanceof UntrustedParseError)) throw err;
    return { ok: false, message: err.fieldMessage };
  }
}

/** The template to fill in, as CSV. */
export async function importTemplate(db: Db, actor: PartnershipActor, reviewId: string): Promise<string> {
  await reviewFor(db, actor, reviewId);
  return writeCsv(templateRows());
}
