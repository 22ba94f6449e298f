/** The statutory path's sections (export.statutory.ts) as the Excel export's "Statutory path" sheet. */
import { statutoryOfExport } from './export.statutory.js';
import type { ReviewExport } from './review-export.schema.js';

export const STATUTORY_SHEET = 'Statutory path';
export const STATUTORY_COLUMNS = [
  { header: 'Section', width: 28 },
  { header: 'Item', width: 50 },
  { header: 'Detail', width: 90 },
];

/** One row a fact: the section, what it is, and its value (a table's row spelt out as "Heading: value" lines). */
export function statutorySheetRows(doc: ReviewExport): string[][] {
  return statutoryOfExport(doc).flatMap((s) => [
    ...(s.note ? [[s.title, 'Note', s.note]] : []),
    ...s.rows.map((r) => [s.title, r.label, r.value]),
    ...s.tables.flatMap((t) =>
      t.rows.map((row) => [
        s.title,
        `${t.caption}: ${row[0]}`,
        t.head
          .slice(1)
          .map((h, i) => `${h}: ${row[i + 1]}`)
          .join('\n'),
      ]),
    ),
  ]);
}
