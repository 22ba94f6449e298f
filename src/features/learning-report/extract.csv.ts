/** The extract as CSV: one row per figure, table row and listed item, under its part and section. */
import { writeCsv } from '../../lib/csv.js';
import type { Extract } from './extract.model.js';
import { TRACKER_COLUMNS } from './tracker.js';

export const EXTRACT_COLUMNS = ['Part', 'Section', 'List', 'Item', 'Figure', 'Details'];

// The byte-order mark tells spreadsheet programs the file is UTF-8; writeCsv guards every cell against formulas.
const csv = (rows: string[][]) => `\ufeff${writeCsv(rows)}`;

export function extractCsv(extract: Extract): string {
  const rows: string[][] = [EXTRACT_COLUMNS];
  for (const part of extract.parts) {
    for (const s of part.sections) {
      for (const f of s.figures) rows.push([part.title, s.heading, 'Figures', f.label, String(f.value), '']);
      if (s.table) {
        const { caption, head, rows: body } = s.table;
        for (const r of body) {
          const details = head.slice(2).map((h, i) => `${h}: ${r[i + 2] ?? ''}`);
          rows.push([part.title, s.heading, caption, r[0] ?? '', r[1] ?? '', details.join('\n')]);
        }
      }
      for (const l of s.lists) {
        for (const item of l.items) rows.push([part.title, s.heading, l.title, item.text, '', item.details.join('\n')]);
      }
    }
  }
  return csv(rows);
}

export function trackerCsv(rows: string[][]): string {
  return csv([TRACKER_COLUMNS, ...rows]);
}
