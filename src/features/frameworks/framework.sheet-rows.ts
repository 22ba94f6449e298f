/**
 * The "Questions" sheet of a framework spreadsheet (or a CSV file): the header row, then one row per
 * question, each stage and marker named on its first row and carried down to the rows below.
 */
import { columnLetter } from '../../lib/csv.js';
import type { FrameworkProblem } from './framework.parse.js';
import { slugify, norm, type Meta, type Placed, type Sheet } from './framework.sheet-meta.js';

const COLUMNS = [
  'stage',
  'stage_key',
  'marker',
  'marker_key',
  'statement',
  'rationale',
  'question',
  'question_key',
  'audiences',
] as const;
export type Column = (typeof COLUMNS)[number];
const REQUIRED: Column[] = ['stage', 'marker', 'statement', 'rationale', 'question', 'audiences'];
const ALIASES: Record<string, Column> = {
  audience: 'audiences',
  quality_statement: 'statement',
  question_text: 'question',
};

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

/** The 1-based column of each column the header row names. */
export type ColumnMap = Map<Column, number>;

/** Where a problem is: the sheet (when it has a name), row, column letter and field. */
export const at = (sheet: Sheet, row: number, column: number | undefined, field: string): Placed => ({
  ...(sheet.name ? { sheet: sheet.name } : {}),
  row,
  ...(column ? { cell: columnLetter(column) } : {}),
  field,
});

/** The header row names the columns; without every required one, nothing else can be read. */
export function readHeader(questions: Sheet, problems: FrameworkProblem[]): ColumnMap | undefined {
  const header = questions.rows[0] ?? [];
  const col: ColumnMap = new Map();
  header.forEach((raw, i) => {
    const name = norm(raw);
    if (!name) return;
    const column = ALIASES[name] ?? (COLUMNS as readonly string[]).find((c) => c === name);
    if (!column) {
      problems.push({
        ...at(questions, 1, i + 1, raw.trim()),
        message: `Column '${raw.trim()}' is not one we know: use ${COLUMNS.join(', ')}`,
      });
    } else if (col.has(column as Column)) {
      problems.push({ ...at(questions, 1, i + 1, column), message: `Column '${column}' appears twice` });
    } else col.set(column as Column, i + 1);
  });
  const missing = REQUIRED.filter((c) => !col.has(c));
  if (!missing.length) return col;
  problems.push({
    ...at(questions, 1, undefined, '(header)'),
    message: `The first row must name the columns ${REQUIRED.join(', ')}; missing: ${missing.join(', ')}`,
  });
  return undefined;
}

interface DerivedAudience {
  key: string;
  label: string;
  row: number;
  column: number;
}

/** What the walk down the question rows has found so far, and the stage and marker carried down. */
export interface Walk {
  stages: StageDraft[];
  markers: Map<string, MarkerDraft>;
  stage?: StageDraft;
  marker?: MarkerDraft;
  /** Audiences named in the rows when the Framework sheet names none */
  derivedAudiences: Map<string, DerivedAudience>;
}

/** One row being read: its number, a column's trimmed text, and where a problem in a column is. */
interface Row {
  row: number;
  get: (c: Column) => string;
  place: (c: Column) => Placed;
}

/** Every row below the header: stages, markers and their questions, in the order they appear. */
export function readQuestionRows(questions: Sheet, col: ColumnMap, meta: Meta, problems: FrameworkProblem[]): Walk {
  const audienceByName = new Map<string, string>();
  for (const a of meta.audiences) {
    audienceByName.set(a.key.toLowerCase(), a.key);
    audienceByName.set(a.label.toLowerCase(), a.key);
  }
  const walk: Walk = { stages: [], markers: new Map(), derivedAudiences: new Map() };
  questions.rows.forEach((cells, index) => {
    const row = index + 1;
    if (row === 1 || !cells.some((c) => c.trim())) return;
    const r: Row = {
      row,
      get: (c) => {
        const i = col.get(c);
        return i ? (cells[i - 1] ?? '').trim() : '';
      },
      place: (c) => at(questions, row, col.get(c), c),
    };
    const stage = stageOf(walk, r, problems);
    if (!stage) return;
    const marker = markerOf(walk, stage, r, problems);
    if (!marker) return;
    markerTexts(marker, r, problems);
    addQuestion(walk, marker, r, (name) => audienceKey(walk, meta, audienceByName, name, row, col.get('audiences')!));
  });
  return walk;
}

/** Stage: named on this row, or carried on from the row above; undefined (row skipped) before the first. */
function stageOf(walk: Walk, { row, get, place }: Row, problems: FrameworkProblem[]): StageDraft | undefined {
  const stageTitle = get('stage');
  const stageKey = get('stage_key') || slugify(stageTitle);
  if (stageTitle || get('stage_key')) {
    const found = walk.stages.find((s) => s.key === stageKey);
    if (found) {
      if (stageTitle && found.title && stageTitle !== found.title) {
        problems.push({
          ...place('stage'),
          message: `Stage '${stageKey}' is called '${found.title}' at row ${found.row}: use one title`,
        });
      }
      walk.stage = found;
    } else {
      walk.stage = { key: stageKey, title: stageTitle, row, markers: [] };
      walk.stages.push(walk.stage);
    }
    if (walk.marker && walk.marker.stageKey !== walk.stage.key && !(get('marker') || get('marker_key')))
      walk.marker = undefined;
  } else if (!walk.stage) {
    problems.push({ ...place('stage'), message: 'Enter the stage of the first question' });
    return undefined;
  }
  return walk.stage;
}

/** Marker: named on this row, or carried on from the row above; undefined (row skipped) when it cannot be. */
function markerOf(
  walk: Walk,
  stage: StageDraft,
  { row, get, place }: Row,
  problems: FrameworkProblem[],
): MarkerDraft | undefined {
  const markerTitle = get('marker');
  const markerKey = get('marker_key') || slugify(markerTitle);
  if (markerTitle || get('marker_key')) {
    const found = walk.markers.get(markerKey);
    if (found && found.stageKey !== stage.key) {
      problems.push({
        ...place('marker'),
        message: `Marker '${markerKey}' is already in stage '${found.stageKey}' at row ${found.row}`,
      });
      return undefined;
    }
    if (found) {
      if (markerTitle && found.title && markerTitle !== found.title) {
        problems.push({
          ...place('marker'),
          message: `Marker '${markerKey}' is called '${found.title}' at row ${found.row}: use one title`,
        });
      }
      walk.marker = found;
    } else {
      walk.marker = {
        key: markerKey,
        title: markerTitle,
        statement: '',
        rationale: '',
        questions: [],
        stageKey: stage.key,
        row,
        questionRows: [],
      };
      walk.markers.set(markerKey, walk.marker);
      stage.markers.push(walk.marker);
    }
  } else if (!walk.marker) {
    problems.push({ ...place('marker'), message: `Enter the marker of the first question in stage '${stage.key}'` });
    return undefined;
  }
  return walk.marker;
}

/** A marker's statement and rationale: given once, or the same on every row that gives them. */
function markerTexts(marker: MarkerDraft, { row, get, place }: Row, problems: FrameworkProblem[]) {
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
}

/** The question, if the row has one (a row may only set up a marker); its key made from its text when not given. */
function addQuestion(walk: Walk, marker: MarkerDraft, { row, get }: Row, keyOf: (name: string) => string) {
  const text = get('question');
  const audiencesText = get('audiences');
  if (!text && !get('question_key') && !audiencesText) return;
  const audiences = audiencesText
    .split(/[,;\n]+/)
    .map((a) => a.trim())
    .filter(Boolean)
    .map(keyOf);
  const taken = new Set(marker.questions.map((q) => q.key));
  let key = get('question_key');
  if (!key) {
    const base = slugify(text.split(/\s+/).slice(0, 6).join(' '), 50) || 'question';
    key = base;
    for (let n = 2; taken.has(key); n++) key = `${base}-${n}`;
  }
  marker.questions.push({ key, text, audiences });
  marker.questionRows.push(row);
}

/**
 * An audience named in a row: one the Framework sheet names (by key or label); when that sheet names
 * none, the name becomes an audience of the framework, remembered with the first row that used it.
 */
function audienceKey(
  walk: Walk,
  meta: Meta,
  audienceByName: Map<string, string>,
  name: string,
  row: number,
  column: number,
): string {
  const known = audienceByName.get(name.toLowerCase());
  if (known || meta.audiences.length) return known ?? (slugify(name) || name);
  const key = slugify(name);
  if (!walk.derivedAudiences.has(key)) walk.derivedAudiences.set(key, { key, label: name, row, column });
  return key;
}
