import { readSpreadsheet } from '../../lib/untrusted/spreadsheet.js';
import type { Sheet } from './framework.sheet-meta.js';

/** A framework workbook: its sheet of questions and, when there is one, its sheet about the framework. */

export type WorkbookResult =
  { ok: true; questions: Sheet; framework?: Sheet } | { ok: false; message: string; sheet?: string };

export async function readWorkbook(bytes: Buffer): Promise<WorkbookResult> {
  const book = await readSpreadsheet(bytes, { maxColumns: 50, maxRows: 10_000 });
  if (!book.ok) return book;
  const { sheets } = book;
  const byName = (name: string) => sheets.find((s) => s.name.trim().toLowerCase() === name);
  const framework = byName('framework');
  const questions = byName('questions') ?? sheets.find((s) => s !== framework);
  if (!questions) {
    return {
      ok: false,
      message: 'The workbook has no sheet of questions: name it "Questions", with one row per question',
    };
  }
  return { ok: true, questions, ...(framework ? { framework } : {}) };
}
