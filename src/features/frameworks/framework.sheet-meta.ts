import type { FrameworkProblem, ProblemPlace } from './framework.parse.js';

/** The framework's own fields in a spreadsheet (the "Framework" sheet), and helpers shared with the questions reader. */

export type Placed = ProblemPlace & { field: string };

/** A worksheet (or a CSV file) as text. */
export interface Sheet {
  /** Shown in places when the workbook has several sheets; '' for a CSV file. */
  name: string;
  /** rows[0] is row 1 */
  rows: string[][];
}

export const META_FIELDS = [
  'key',
  'version',
  'title',
  'summary',
  'publisher',
  'published',
  'source',
  'source_url',
  'source_note',
  'licence',
  'audience',
  'scale',
] as const;
export type MetaField = (typeof META_FIELDS)[number];

export const DEFAULT_SCALE = [
  { key: 'met', label: 'Met' },
  { key: 'partly-met', label: 'Partly met' },
  { key: 'not-met', label: 'Not met' },
  { key: 'not-yet-assessed', label: 'Not yet assessed' },
  { key: 'not-applicable', label: 'Not applicable' },
];

export function slugify(text: string, maxLength = 60): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’']/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug.slice(0, maxLength).replace(/-+$/, '');
}

export const norm = (h: string) =>
  h
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

export interface Meta {
  values: Partial<Record<Exclude<MetaField, 'audience' | 'scale'>, string>>;
  audiences: { key: string; label: string }[];
  scale: { key: string; label: string }[];
  places: Map<string, Placed>;
}

/** The "Framework" sheet: column A names a field, column B its value; audience and scale rows give a key (B) and a label (C). */
export function readMeta(
  sheet: Sheet | undefined,
  problems: FrameworkProblem[],
  at: (sheet: Sheet, row: number, column: number | undefined, field: string) => Placed,
): Meta {
  const meta: Meta = { values: {}, audiences: [], scale: [], places: new Map() };
  if (!sheet) return meta;
  const seen = new Map<string, number>();
  sheet.rows.forEach((cells, index) => {
    const row = index + 1;
    const name = norm(cells[0] ?? '');
    const value = (cells[1] ?? '').trim();
    const label = (cells[2] ?? '').trim();
    if (!name || (row === 1 && name === 'field')) return;
    if (!(META_FIELDS as readonly string[]).includes(name)) {
      problems.push({
        ...at(sheet, row, 1, name),
        message: `'${cells[0]?.trim()}' is not a framework field: use ${META_FIELDS.join(', ')}`,
      });
      return;
    }
    const field = name as MetaField;
    if (field === 'audience' || field === 'scale') {
      const list = field === 'audience' ? meta.audiences : meta.scale;
      const path = field === 'audience' ? 'audiences' : 'scale';
      const key = value || slugify(label);
      meta.places.set(`${path}[${list.length}]`, at(sheet, row, 2, field));
      meta.places.set(`${path}[${list.length}].label`, at(sheet, row, 3, field));
      list.push({ key, label });
      return;
    }
    if (seen.has(field)) {
      problems.push({
        ...at(sheet, row, 1, field),
        message: `'${field}' is given twice, at rows ${seen.get(field)} and ${row}`,
      });
      return;
    }
    seen.set(field, row);
    if (!value) return;
    meta.values[field] = value;
    const path =
      field === 'source'
        ? 'source.name'
        : field === 'source_url'
          ? 'source.url'
          : field === 'source_note'
            ? 'source.note'
            : field;
    meta.places.set(path, at(sheet, row, 2, field));
  });
  if (meta.audiences.length) meta.places.set('audiences', at(sheet, 1, undefined, 'audience'));
  return meta;
}
