/** The statutory path's sections (export.statutory.ts) in a PDF: the review export's and the board report's. */
import { NONE_RECORDED, type StatutorySection } from './export.statutory.js';
import type { Heading, Writer } from './pdf-writer.js';

export function statutoryPdf(
  w: Writer,
  sections: StatutorySection[],
  levels: { section: Heading; table: Heading } = { section: 'H1', table: 'H3' },
) {
  for (const s of sections) {
    w.room(80);
    w.pdf.outline.addItem(s.title);
    w.heading(levels.section, s.title);
    if (s.note) w.para(s.note);
    for (const r of s.rows) w.para(r.value, r.label);
    for (const t of s.tables) {
      w.heading(levels.table, t.caption);
      if (t.rows.length) w.table(t.head, t.rows);
      else w.para(NONE_RECORDED);
    }
  }
}
