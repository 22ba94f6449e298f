import { isMap, isNode, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { frameworkSchema, LIMITS, type FrameworkFile } from './framework.schema.js';

/** Where a problem is: a line and column (YAML, JSON) or a sheet, row and column letter (XLSX, CSV). */
export interface ProblemPlace {
  line?: number;
  column?: number;
  /** The spreadsheet's sheet, when it has several */
  sheet?: string;
  row?: number;
  /** Spreadsheet column letter, e.g. "C" */
  cell?: string;
}

/** One problem in a framework file, with where it is. */
export interface FrameworkProblem extends ProblemPlace {
  /** Dotted path of the field, e.g. "stages[0].markers[2].questions", or a spreadsheet column name */
  field: string;
  message: string;
}

export type ParseResult = { ok: true; framework: FrameworkFile } | { ok: false; problems: FrameworkProblem[] };

/**
 * Parses YAML or JSON (JSON is read by the YAML parser, which gives positions for both)
 * and validates it; every problem is reported at once with its line and column.
 */
export function parseFrameworkText(source: string): ParseResult {
  if (Buffer.byteLength(source, 'utf8') > LIMITS.fileBytes) {
    return {
      ok: false,
      problems: [{ field: '(file)', message: `The file must be 1 MB or smaller` }],
    };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return { line: pos.line, column: pos.col, field: '(file)', message: plainYamlError(e.message) };
      }),
    };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 50 });
  } catch (err) {
    return {
      ok: false,
      problems: [
        {
          line: 1,
          column: 1,
          field: '(file)',
          message: plainYamlError(err instanceof Error ? err.message : String(err)),
        },
      ],
    };
  }
  return validateFramework(data, (path) => {
    const node = nearestNode(doc, path);
    const pos = node?.range ? lineCounter.linePos(node.range[0]) : undefined;
    return pos ? { line: pos.line, column: pos.col } : { line: 1, column: 1 };
  });
}

/**
 * Validates data already read from a file against the schema; `place` says where a field came
 * from, so every problem carries its place. Shared by the YAML/JSON reader and the spreadsheet reader.
 */
export function validateFramework(
  data: unknown,
  place: (path: (string | number)[]) => ProblemPlace,
  fieldLabel: (path: (string | number)[]) => string = (path) => formatPath(path) || '(top level)',
): ParseResult {
  const result = frameworkSchema.safeParse(data);
  if (result.success) return { ok: true, framework: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => {
      const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
      return { ...place(path), field: fieldLabel(path), message: describe(issue, path, data) };
    }),
  };
}

/** "line 12, column 5", "row 7, column C", "Framework sheet, row 3, column B", or '' when unknown. */
export function placeOf(p: ProblemPlace): string {
  if (p.line !== undefined) return `line ${p.line}${p.column !== undefined ? `, column ${p.column}` : ''}`;
  if (p.row !== undefined) {
    return `${p.sheet ? `${p.sheet} sheet, ` : ''}row ${p.row}${p.cell ? `, column ${p.cell}` : ''}`;
  }
  return p.sheet ? `${p.sheet} sheet` : '';
}

/** One line for a terminal or an editor: `FILE:12:5 field: message` (YAML, JSON) or `FILE:C7 field: message`. */
export function problemLine(file: string, p: FrameworkProblem): string {
  let where = '';
  if (p.line !== undefined) where = `:${p.line}:${p.column ?? 1}`;
  else if (p.row !== undefined) where = `:${p.sheet ? `${p.sheet}!` : ''}${p.cell ?? ''}${p.row}`;
  else if (p.sheet) where = `:${p.sheet}`;
  return `${file}${where} ${p.field}: ${p.message}`;
}

function plainYamlError(message: string): string {
  const first = message.split('\n')[0] ?? message;
  return `The file is not valid YAML or JSON: ${first.replace(/ at line \d+, column \d+:?$/, '')}`;
}

/** The node at the path, or the closest ancestor that exists (for a missing field, its parent). */
function nearestNode(doc: Document, path: (string | number)[]): Node | undefined {
  for (let n = path.length; n >= 0; n--) {
    const found: unknown = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (isNode(found)) {
      if (n < path.length && isMap(found)) {
        const key = path[n];
        const pair = found.items.find((p) => isNode(p.key) && (p.key as { value?: unknown }).value === key);
        if (pair && isNode(pair.key)) return pair.key;
      }
      return found;
    }
  }
  return undefined;
}

export function formatPath(path: (string | number)[]): string {
  return path.reduce<string>(
    (out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${part}` : part),
    '',
  );
}

/** Turns a schema issue into a sentence a framework author understands. */
function describe(issue: z.core.$ZodIssue, path: (string | number)[], data: unknown): string {
  const name = fieldName(path, data);
  switch (issue.code) {
    case 'invalid_type': {
      const value = valueAt(data, path);
      if (value === undefined) return `${name} is missing`;
      if (issue.expected === 'string' && (typeof value === 'number' || typeof value === 'boolean')) {
        return `${name} must be text: put it in quotes, like "${String(value)}"`;
      }
      return `${name} must be ${article(issue.expected)}`;
    }
    case 'unrecognized_keys':
      return `${name} has fields that are not allowed: ${issue.keys.join(', ')}`;
    case 'too_small':
      if (issue.origin === 'array' && Number(issue.minimum) === 1 && path.length > 0) {
        return `${fieldName(path.slice(0, -1), data)} has no ${String(path[path.length - 1])}`;
      }
      return `${name} ${issue.message}`;
    case 'too_big': {
      const value = valueAt(data, path);
      if (issue.origin === 'array' && Array.isArray(value) && path.length > 0) {
        const owner = fieldName(path.slice(0, -1), data);
        return `${owner} has ${value.length} ${String(path[path.length - 1])}; the limit is ${Number(issue.maximum)}`;
      }
      return `${name} ${issue.message}`;
    }
    case 'invalid_format':
      return issue.format === 'url' ? `${name} must be a web address starting https://` : `${name} ${issue.message}`;
    case 'custom':
      return issue.message;
    default:
      return `${name} ${issue.message}`;
  }
}

function valueAt(data: unknown, path: (string | number)[]): unknown {
  return path.reduce<unknown>(
    (cursor, part) =>
      cursor && typeof cursor === 'object' ? (cursor as Record<string | number, unknown>)[part] : undefined,
    data,
  );
}

function article(expected: string): string {
  const words: Record<string, string> = {
    string: 'text',
    number: 'a number',
    array: 'a list',
    object: 'a set of fields',
  };
  return words[expected] ?? expected;
}

/** "Marker 'scope' questions", "Stage 2 title", "key" … */
function fieldName(path: (string | number)[], data: unknown): string {
  let label = '';
  let cursor: unknown = data;
  for (let i = 0; i < path.length; i++) {
    const part = path[i];
    cursor =
      cursor && typeof cursor === 'object' ? (cursor as Record<string | number, unknown>)[part as never] : undefined;
    if (typeof part === 'number') {
      const parent = path[i - 1];
      const key = cursor && typeof cursor === 'object' ? (cursor as { key?: unknown }).key : undefined;
      const noun =
        parent === 'stages' ? 'Stage' : parent === 'markers' ? 'Marker' : parent === 'questions' ? 'Question' : 'Item';
      label = typeof key === 'string' ? `${noun} '${key}'` : `${noun} ${part + 1}`;
    } else if (i === path.length - 1 || typeof path[i + 1] !== 'number') {
      label = label ? `${label} ${part}` : String(part);
    }
  }
  const out = label || 'The file';
  return out.charAt(0).toUpperCase() + out.slice(1);
}
