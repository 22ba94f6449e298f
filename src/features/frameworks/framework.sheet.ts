import { columnLetter } from '../../lib/csv.js';
import { formatPath, validateFramework, type FrameworkProblem, type ParseResult } from './framework.parse.js';
import { LIMITS } from './framework.schema.js';
import { DEFAULT_SCALE, norm, readMeta, slugify, type Placed } from './framework.sheet-meta.js';

/**
 * Reads a framework from a spreadsheet: one row per question (XLSX sheet "Questions", or a CSV
 * file) and the framework's own fields from a "Framework" sheet or, for CSV, the upload form.
 * Every problem carries its row and column letter. The format is described in docs/framework-format.md.
 */

export interface Sheet {
  /** Shown in places when the workbook has several sheets; '' for a CSV file. */
  name: string;
  /** rows[0] is row 1 */
  rows: string[][];
}

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

const COLUMNS = ['stage', 'stage_key', 'marker', 'marker_key', 'statement', 'rationale', 'question', 'question_key', 'audiences'] as const;
type Column = (typeof COLUMNS)[number];
const REQUIRED: Column[] = ['stage', 'marker', 'statement', 'rationale', 'question', 'audiences'];
const ALIASES: Record<string, Column> = { audience: 'audiences', quality_statement: 'statement', question_text: 'question' };

/** The most question rows a framework within the limits can have. */
export const MAX_QUESTION_ROWS = LIMITS.markers * LIMITS.questionsPerMarker;


interface QuestionDraft {
  key: string;
  text: string;
  audiences: string[];
}

interface MarkerDraft {
  key: string;
  title: string;
  statement: string;
  rationale: string;
  questions: QuestionDraft[];
  stageKey: string;
  row: number;
  statementRow?: number;
  rationaleRow?: number;
  questionRows: number[];
}

interface StageDraft {
  key: string;
  title: string;
  row: number;
  markers: MarkerDraft[];
}

export function readFrameworkSheets(questions: Sheet, frameworkSheet: Sheet | undefined, defaults: SheetDefaults): ParseResult {
  const problems: FrameworkProblem[] = [];
  const at = (sheet: Sheet, row: number, column: number | undefined, field: string): Placed => ({
    ...(sheet.name ? { sheet: sheet.name } : {}),
    row,
    ...(column ? { cell: columnLetter(column) } : {}),
    field,
  });

  // The header row names the columns.
  const header = questions.rows[0] ?? [];
  const col = new Map<Column, number>();
  header.forEach((raw, i) => {
    const name = norm(raw);
    if (!name) return;
    const column = ALIASES[name] ?? (COLUMNS as readonly string[]).find((c) => c === name);
    if (!column) {
      problems.push({ ...at(questions, 1, i + 1, raw.trim()), message: `Column '${raw.trim()}' is not one we know: use ${COLUMNS.join(', ')}` });
    } else if (col.has(column as Column)) {
      problems.push({ ...at(questions, 1, i + 1, column), message: `Column '${column}' appears twice` });
    } else col.set(column as Column, i + 1);
  });
  const missing = REQUIRED.filter((c) => !col.has(c));
  if (missing.length) {
    problems.push({
      ...at(questions, 1, undefined, '(header)'),
      message: `The first row must name the columns ${REQUIRED.join(', ')}; missing: ${missing.join(', ')}`,
    });
    return { ok: false, problems };
  }
  const dataRows = questions.rows.slice(1).filter((r) => r.some((c) => c.trim()));
  if (dataRows.length > MAX_QUESTION_ROWS) {
    return {
      ok: false,
      problems: [
        {
          ...at(questions, MAX_QUESTION_ROWS + 2, undefined, '(file)'),
          message: `A spreadsheet can have at most ${MAX_QUESTION_ROWS} question rows (${LIMITS.markers} markers of ${LIMITS.questionsPerMarker} questions); this one has ${dataRows.length}`,
        },
      ],
    };
  }

  // The framework's own fields.
  const meta = readMeta(frameworkSheet, problems, at);
  const audienceByName = new Map<string, string>();
  for (const a of meta.audiences) {
    audienceByName.set(a.key.toLowerCase(), a.key);
    audienceByName.set(a.label.toLowerCase(), a.key);
  }
  const derivedAudiences = new Map<string, { key: string; label: string; row: number; column: number }>();

  const stages: StageDraft[] = [];
  const markers = new Map<string, MarkerDraft>();
  let stage: StageDraft | undefined;
  let marker: MarkerDraft | undefined;
  const places = new Map<string, Placed>();

  questions.rows.forEach((cells, index) => {
    const row = index + 1;
    if (row === 1 || !cells.some((c) => c.trim())) return;
    const get = (c: Column) => {
      const i = col.get(c);
      return i ? (cells[i - 1] ?? '').trim() : '';
    };
    const place = (c: Column) => at(questions, row, col.get(c), c);

    // Stage: named on this row, or carried on from the row above.
    const stageTitle = get('stage');
    const stageKey = get('stage_key') || slugify(stageTitle);
    if (stageTitle || get('stage_key')) {
      const found = stages.find((s) => s.key === stageKey);
      if (found) {
        if (stageTitle && found.title && stageTitle !== found.title) {
          problems.push({ ...place('stage'), message: `Stage '${stageKey}' is called '${found.title}' at row ${found.row}: use one title` });
        }
        stage = found;
      } else {
        stage = { key: stageKey, title: stageTitle, row, markers: [] };
        stages.push(stage);
      }
      if (marker && marker.stageKey !== stage.key && !(get('marker') || get('marker_key'))) marker = undefined;
    } else if (!stage) {
      problems.push({ ...place('stage'), message: 'Enter the stage of the first question' });
      return;
    }

    // Marker: named on this row, or carried on from the row above.
    const markerTitle = get('marker');
    const markerKey = get('marker_key') || slugify(markerTitle);
    if (markerTitle || get('marker_key')) {
      const found = markers.get(markerKey);
      if (found && found.stageKey !== stage.key) {
        problems.push({ ...place('marker'), message: `Marker '${markerKey}' is already in stage '${found.stageKey}' at row ${found.row}` });
        return;
      }
      if (found) {
        if (markerTitle && found.title && markerTitle !== found.title) {
          problems.push({ ...place('marker'), message: `Marker '${markerKey}' is called '${found.title}' at row ${found.row}: use one title` });
        }
        marker = found;
      } else {
        marker = { key: markerKey, title: markerTitle, statement: '', rationale: '', questions: [], stageKey: stage.key, row, questionRows: [] };
        markers.set(markerKey, marker);
        stage.markers.push(marker);
      }
    } else if (!marker) {
      problems.push({ ...place('marker'), message: `Enter the marker of the first question in stage '${stage.key}'` });
      return;
    }

    for (const field of ['statement', 'rationale'] as const) {
      const value = get(field);
      if (!value) continue;
      const rowField = field === 'statement' ? 'statementRow' : 'rationaleRow';
      if (!marker[field]) {
        marker[field] = value;
        marker[rowField] = row;
      } else if (marker[field] !== value) {
        problems.push({
          ...place(field),
          message: `Marker '${marker.key}' has a different ${field} at row ${marker[rowField]}: give it once, or the same each time`,
        });
      }
    }

    // The question, if the row has one (a row may only set up a marker).
    const text = get('question');
    const audiencesText = get('audiences');
    if (!text && !get('question_key') && !audiencesText) return;
    const audiences = audiencesText
      .split(/[,;\n]+/)
      .map((a) => a.trim())
      .filter(Boolean)
      .map((name) => {
        const known = audienceByName.get(name.toLowerCase());
        if (known || meta.audiences.length) return known ?? (slugify(name) || name);
        const key = slugify(name);
        if (!derivedAudiences.has(key)) derivedAudiences.set(key, { key, label: name, row, column: col.get('audiences')! });
        return key;
      });
    const taken = new Set(marker.questions.map((q) => q.key));
    let key = get('question_key');
    if (!key) {
      const base = slugify(text.split(/\s+/).slice(0, 6).join(' '), 50) || 'question';
      key = base;
      for (let n = 2; taken.has(key); n++) key = `${base}-${n}`;
    }
    marker.questions.push({ key, text, audiences });
    marker.questionRows.push(row);
  });

  // Numbering, and where each field came from.
  let number = 0;
  const data = {
    key: meta.values.key ?? defaults.key ?? (meta.values.title ?? defaults.title ? slugify(meta.values.title ?? defaults.title ?? '') : undefined),
    version: meta.values.version ?? defaults.version,
    title: meta.values.title ?? defaults.title,
    summary: meta.values.summary ?? defaults.summary ?? defaultSummary(meta.values.title ?? defaults.title, meta.values.publisher ?? defaults.publisher),
    publisher: meta.values.publisher ?? defaults.publisher,
    published: meta.values.published ?? defaults.published,
    source: {
      name: meta.values.source ?? meta.values.publisher ?? defaults.publisher,
      ...(meta.values.source_url ? { url: meta.values.source_url } : {}),
      ...(meta.values.source_note ? { note: meta.values.source_note } : {}),
    },
    licence: meta.values.licence ?? `All rights reserved by ${meta.values.publisher ?? defaults.publisher}`,
    audiences: meta.audiences.length ? meta.audiences.map(({ key, label }) => ({ key, label })) : [...derivedAudiences.values()].map(({ key, label }) => ({ key, label })),
    scale: meta.scale.length ? meta.scale.map(({ key, label }) => ({ key, label })) : DEFAULT_SCALE,
    stages: stages.map((s, i) => {
      places.set(`stages[${i}]`, at(questions, s.row, col.get('stage'), 'stage'));
      places.set(`stages[${i}].key`, at(questions, s.row, col.get('stage_key') ?? col.get('stage'), col.has('stage_key') ? 'stage_key' : 'stage'));
      places.set(`stages[${i}].title`, at(questions, s.row, col.get('stage'), 'stage'));
      return {
        key: s.key,
        title: s.title,
        markers: s.markers.map((m, j) => {
          const p = `stages[${i}].markers[${j}]`;
          places.set(p, at(questions, m.row, col.get('marker'), 'marker'));
          places.set(`${p}.key`, at(questions, m.row, col.get('marker_key') ?? col.get('marker'), col.has('marker_key') ? 'marker_key' : 'marker'));
          places.set(`${p}.title`, at(questions, m.row, col.get('marker'), 'marker'));
          places.set(`${p}.statement`, at(questions, m.statementRow ?? m.row, col.get('statement'), 'statement'));
          places.set(`${p}.rationale`, at(questions, m.rationaleRow ?? m.row, col.get('rationale'), 'rationale'));
          m.questionRows.forEach((row, k) => {
            places.set(`${p}.questions[${k}]`, at(questions, row, col.get('question'), 'question'));
            places.set(`${p}.questions[${k}].key`, at(questions, row, col.get('question_key') ?? col.get('question'), col.has('question_key') ? 'question_key' : 'question'));
            places.set(`${p}.questions[${k}].audiences`, at(questions, row, col.get('audiences'), 'audiences'));
          });
          number += 1;
          return { key: m.key, number, title: m.title, statement: m.statement, rationale: m.rationale, questions: m.questions };
        }),
      };
    }),
  };
  // Lists that can come out empty: no rows at all, or no audiences named anywhere.
  places.set('stages', at(questions, 1, undefined, 'stage'));
  places.set('audiences', at(questions, 1, col.get('audiences'), 'audiences'));
  meta.places.forEach((v, k) => places.set(k, v));
  [...derivedAudiences.values()].forEach((a, i) => places.set(`audiences[${i}]`, at(questions, a.row, a.column, 'audiences')));

  const lookup = (path: (string | number)[]): Placed | undefined => {
    for (let n = path.length; n > 0; n--) {
      const found = places.get(formatPath(path.slice(0, n)));
      if (found) return found;
    }
    return undefined;
  };
  const result = validateFramework(
    data,
    (path) => {
      const { field: _field, ...place } = lookup(path) ?? { field: '' };
      return place;
    },
    (path) => lookup(path)?.field ?? (formatPath(path) || '(file)'),
  );
  if (!problems.length) return result;
  return { ok: false, problems: [...problems, ...(result.ok ? [] : result.problems)] };
}

function defaultSummary(title: string | undefined, publisher: string): string {
  return title ? `${title}, a framework written by ${publisher}.` : `A framework written by ${publisher}.`;
}
