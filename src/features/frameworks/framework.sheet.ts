import { formatPath, validateFramework, type FrameworkProblem, type ParseResult } from './framework.parse.js';
import { LIMITS } from './framework.schema.js';
import { DEFAULT_SCALE, readMeta, slugify, type Meta, type Placed, type Sheet } from './framework.sheet-meta.js';
import { at, readHeader, readQuestionRows, type Column, type ColumnMap, type Walk } from './framework.sheet-rows.js';

/**
 * Reads a framework from a spreadsheet: one row per question (XLSX sheet "Questions", or a CSV
 * file) and the framework's own fields from a "Framework" sheet or, for CSV, the upload form.
 * Every problem carries its row and column letter. The format is described in docs/framework-format.md.
 */

/** Framework fields from the upload form or the command line, used where the file gives none. */
export interface SheetDefaults {
  key?: string;
  version?: string;
  title?: string;
  summary?: string;
  publisher: string;
  /** YYYY-MM-DD */
  published: string;
}

/** The most question rows a framework within the limits can have. */
export const MAX_QUESTION_ROWS = LIMITS.markers * LIMITS.questionsPerMarker;

export function readFrameworkSheets(
  questions: Sheet,
  frameworkSheet: Sheet | undefined,
  defaults: SheetDefaults,
): ParseResult {
  const problems: FrameworkProblem[] = [];
  const col = readHeader(questions, problems);
  if (!col) return { ok: false, problems };
  const tooMany = tooManyRows(questions);
  if (tooMany) return { ok: false, problems: [tooMany] };
  const meta = readMeta(frameworkSheet, problems, at);
  const walk = readQuestionRows(questions, col, meta, problems);
  const data = frameworkData(meta, defaults, walk);
  const result = validateFramework(data, ...problemPlaces(placesOf(questions, col, meta, walk)));
  if (!problems.length) return result;
  return { ok: false, problems: [...problems, ...(result.ok ? [] : result.problems)] };
}

/** More question rows than a framework within the limits can have: the one problem reported. */
function tooManyRows(questions: Sheet): FrameworkProblem | undefined {
  const dataRows = questions.rows.slice(1).filter((r) => r.some((c) => c.trim()));
  if (dataRows.length <= MAX_QUESTION_ROWS) return undefined;
  return {
    ...at(questions, MAX_QUESTION_ROWS + 2, undefined, '(file)'),
    message: `A spreadsheet can have at most ${MAX_QUESTION_ROWS} question rows (${LIMITS.markers} markers of ${LIMITS.questionsPerMarker} questions); this one has ${dataRows.length}`,
  };
}

/** The framework as the schema reads it: the Framework sheet's fields, else the defaults; markers numbered. */
function frameworkData(meta: Meta, defaults: SheetDefaults, walk: Walk) {
  const v = meta.values;
  let number = 0;
  return {
    key: v.key ?? defaults.key ?? ((v.title ?? defaults.title) ? slugify(v.title ?? defaults.title ?? '') : undefined),
    version: v.version ?? defaults.version,
    title: v.title ?? defaults.title,
    summary:
      v.summary ?? defaults.summary ?? defaultSummary(v.title ?? defaults.title, v.publisher ?? defaults.publisher),
    publisher: v.publisher ?? defaults.publisher,
    published: v.published ?? defaults.published,
    source: {
      name: v.source ?? v.publisher ?? defaults.publisher,
      ...(v.source_url ? { url: v.source_url } : {}),
      ...(v.source_note ? { note: v.source_note } : {}),
    },
    licence: v.licence ?? `All rights reserved by ${v.publisher ?? defaults.publisher}`,
    audiences: meta.audiences.length
      ? meta.audiences.map(({ key, label }) => ({ key, label }))
      : [...walk.derivedAudiences.values()].map(({ key, label }) => ({ key, label })),
    scale: meta.scale.length ? meta.scale.map(({ key, label }) => ({ key, label })) : DEFAULT_SCALE,
    stages: walk.stages.map((s) => ({
      key: s.key,
      title: s.title,
      markers: s.markers.map((m) => {
        number += 1;
        return {
          key: m.key,
          number,
          title: m.title,
          statement: m.statement,
          rationale: m.rationale,
          questions: m.questions,
        };
      }),
    })),
  };
}

/** Where each field of the framework came from, by its path, so a schema problem names its cell. */
function placesOf(questions: Sheet, col: ColumnMap, meta: Meta, walk: Walk): Map<string, Placed> {
  const places = new Map<string, Placed>();
  // A key column when the sheet has one, else the title column the key was made from.
  const keyPlace = (row: number, keyColumn: Column, titleColumn: Column) =>
    at(questions, row, col.get(keyColumn) ?? col.get(titleColumn), col.has(keyColumn) ? keyColumn : titleColumn);
  walk.stages.forEach((s, i) => {
    places.set(`stages[${i}]`, at(questions, s.row, col.get('stage'), 'stage'));
    places.set(`stages[${i}].key`, keyPlace(s.row, 'stage_key', 'stage'));
    places.set(`stages[${i}].title`, at(questions, s.row, col.get('stage'), 'stage'));
    s.markers.forEach((m, j) => {
      const p = `stages[${i}].markers[${j}]`;
      places.set(p, at(questions, m.row, col.get('marker'), 'marker'));
      places.set(`${p}.key`, keyPlace(m.row, 'marker_key', 'marker'));
      places.set(`${p}.title`, at(questions, m.row, col.get('marker'), 'marker'));
      places.set(`${p}.statement`, at(questions, m.statementRow ?? m.row, col.get('statement'), 'statement'));
      places.set(`${p}.rationale`, at(questions, m.rationaleRow ?? m.row, col.get('rationale'), 'rationale'));
      m.questionRows.forEach((row, k) => {
        places.set(`${p}.questions[${k}]`, at(questions, row, col.get('question'), 'question'));
        places.set(`${p}.questions[${k}].key`, keyPlace(row, 'question_key', 'question'));
        places.set(`${p}.questions[${k}].audiences`, at(questions, row, col.get('audiences'), 'audiences'));
      });
    });
  });
  // Lists that can come out empty: no rows at all, or no audiences named anywhere.
  places.set('stages', at(questions, 1, undefined, 'stage'));
  places.set('audiences', at(questions, 1, col.get('audiences'), 'audiences'));
  meta.places.forEach((v, k) => places.set(k, v));
  [...walk.derivedAudiences.values()].forEach((a, i) =>
    places.set(`audiences[${i}]`, at(questions, a.row, a.column, 'audiences')),
  );
  return places;
}

/** validateFramework's two callbacks: a problem's place and its field, from the nearest placed path. */
function problemPlaces(places: Map<string, Placed>) {
  const lookup = (path: (string | number)[]): Placed | undefined => {
    for (let n = path.length; n > 0; n--) {
      const found = places.get(formatPath(path.slice(0, n)));
      if (found) return found;
    }
    return undefined;
  };
  return [
    (path: (string | number)[]) => {
      const { field: _field, ...place } = lookup(path) ?? { field: '' };
      return place;
    },
    (path: (string | number)[]) => lookup(path)?.field ?? (formatPath(path) || '(file)'),
  ] as const;
}

function defaultSummary(title: string | undefined, publisher: string): string {
  return title ? `${title}, a framework written by ${publisher}.` : `A framework written by ${publisher}.`;
}
