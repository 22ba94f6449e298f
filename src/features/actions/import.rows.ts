/**
 * Checking an action list row by row: every problem named by its row and column, as a spreadsheet
 * shows them. Pure: the review's findings, markers and people come in; actions or problems go out.
 */
import { columnLetter } from '../../lib/csv.js';
import { dateFromText } from '../../lib/date-input.js';
import { ACTION_STATUSES, LONG_TEXT_LIMIT, SHORT_TEXT_LIMIT } from './actions.options.js';
import type { ActionInput } from './actions.service.js';
import { agenciesFromCell } from './agencies.js';
import { MAX_IMPORT_ROWS } from './import.sheet.js';

export const IMPORT_COLUMNS = [
  'Kind',
  'Title',
  'Description',
  'Finding number',
  'Marker',
  'Agencies',
  'Owner',
  'Due date',
  'Status',
  'RAG',
] as const;
type Column = (typeof IMPORT_COLUMNS)[number];

export interface ImportProblem {
  /** None for a problem with the whole file */
  row?: number;
  /** Column letter; none for a problem with the whole file */
  column?: string;
  message: string;
}

export interface ImportContext {
  findings: { id: string; kind: 'finding' | 'recommendation'; number: number }[];
  markers: { key: string; number: number; title: string }[];
  people: { id: string; name: string }[];
}

export type RowsResult = { ok: true; actions: ActionInput[] } | { ok: false; problems: ImportProblem[] };

const norm = (s: string) => s.toLowerCase().replace(/[^a-z]/g, '');

export function describeProblem(p: ImportProblem): string {
  if (!p.row) return p.message;
  return `Row ${p.row}${p.column ? `, column ${p.column}` : ''}: ${p.message}`;
}

export function checkRows(rows: string[][], context: ImportContext): RowsResult {
  const header = rows[0] ?? [];
  const at = new Map<Column, number>();
  header.forEach((name, i) => {
    const column = IMPORT_COLUMNS.find((c) => norm(c) === norm(name));
    if (column && !at.has(column)) at.set(column, i);
  });
  const missing = IMPORT_COLUMNS.filter((c) => !at.has(c));
  if (missing.length) {
    return {
      ok: false,
      problems: [
        {
          row: 1,
          message: `The header row must name every column: add ${missing.join(', ')}. Download the template to see the columns`,
        },
      ],
    };
  }
  const data = rows
    .map((cells, i) => ({ cells, row: i + 1 }))
    .slice(1)
    .filter(({ cells }) => cells.some((c) => c.trim()));
  if (!data.length)
    return {
      ok: false,
      problems: [{ row: 2, message: 'The file has no actions: add one row per action under the header row' }],
    };
  if (data.length > MAX_IMPORT_ROWS) {
    return {
      ok: false,
      problems: [
        {
          row: data[MAX_IMPORT_ROWS]!.row,
          message: `A file can add ${MAX_IMPORT_ROWS} actions at most: this one has ${data.length}. Split it into smaller files`,
        },
      ],
    };
  }
  const problems: ImportProblem[] = [];
  const actions: ActionInput[] = [];
  for (const { cells, row } of data) {
    const cell = (c: Column) => (cells[at.get(c)!] ?? '').trim();
    const fail = (c: Column, message: string) => problems.push({ row, column: columnLetter(at.get(c)! + 1), message });
    const before = problems.length;
    const action = checkRow(cell, fail, context);
    if (problems.length === before && action) actions.push(action);
  }
  return problems.length ? { ok: false, problems } : { ok: true, actions };
}

function checkRow(
  cell: (c: Column) => string,
  fail: (c: Column, message: string) => void,
  context: ImportContext,
): ActionInput | undefined {
  const kindText = norm(cell('Kind'));
  const kind = ['reviewtask', 'task'].includes(kindText)
    ? 'review-task'
    : ['improvement', 'improvementaction'].includes(kindText)
      ? 'improvement'
      : undefined;
  if (!kind) fail('Kind', 'Enter the kind as review task or improvement action');
  const improvement = kind === 'improvement';

  const title = cell('Title');
  if (!title) fail('Title', 'Enter a title');
  else if (title.length > SHORT_TEXT_LIMIT) fail('Title', `Title must be ${SHORT_TEXT_LIMIT} characters or fewer`);
  const description = cell('Description');
  if (description.length > LONG_TEXT_LIMIT)
    fail('Description', `Description must be ${LONG_TEXT_LIMIT.toLocaleString('en-GB')} characters or fewer`);

  let findingId: string | null = null;
  const findingText = cell('Finding number');
  if (improvement) {
    const m = /^(finding|f|recommendation|r)?\s*(\d{1,4})$/i.exec(findingText);
    const findingKind = m?.[1] && /^r/i.test(m[1]) ? 'recommendation' : 'finding';
    const found = m && context.findings.find((f) => f.kind === findingKind && f.number === Number(m[2]));
    if (!findingText)
      fail(
        'Finding number',
        'Enter the number of the finding the improvement action answers, like 3 (or R2 for recommendation 2)',
      );
    else if (!found)
      fail(
        'Finding number',
        `There is no ${findingKind} ${m ? Number(m[2]) : findingText} on this review: enter the number of one of its findings`,
      );
    else findingId = found.id;
  } else if (kind && findingText) fail('Finding number', 'Leave the finding number empty for a review task');

  let markerKey: string | null = null;
  const markerText = cell('Marker');
  if (markerText) {
    const found = context.markers.find(
      (m) =>
        m.key === markerText.toLowerCase() || String(m.number) === markerText || norm(m.title) === norm(markerText),
    );
    if (improvement) fail('Marker', 'Leave the marker empty for an improvement action: it is linked to its finding');
    else if (!found)
      fail('Marker', 'Enter a marker of this review’s framework by its number or title, or leave it empty');
    else markerKey = found.key;
  }

  const agencies = agenciesFromCell(cell('Agencies'));
  if (!improvement && kind && agencies.length) fail('Agencies', 'Leave agencies empty for a review task');
  else if (agencies.some((a) => a.length > SHORT_TEXT_LIMIT))
    fail('Agencies', `Each agency must be ${SHORT_TEXT_LIMIT} characters or fewer`);

  const owner = cell('Owner');
  const person = context.people.find((p) => p.name.toLowerCase() === owner.toLowerCase());
  if (!owner) fail('Owner', 'Enter the owner: a person or a post');
  else if (owner.length > SHORT_TEXT_LIMIT) fail('Owner', `Owner must be ${SHORT_TEXT_LIMIT} characters or fewer`);

  const dueText = cell('Due date');
  const dueDate = dueText ? dateFromText(dueText) : null;
  if (!dueText && improvement) fail('Due date', 'Enter a due date, like 31/3/2027');
  else if (dueText && !dueDate) fail('Due date', 'Enter a due date as a real date, like 31/3/2027');

  const statusText = norm(cell('Status'));
  const status = statusText
    ? (Object.entries(ACTION_STATUSES).find(
        ([k, label]) => norm(k) === statusText || norm(label) === statusText,
      )?.[0] as ActionInput['status'] | undefined)
    : 'not-started';
  if (!status)
    fail('Status', 'Enter the status as not started, in progress, completed or cancelled, or leave it empty');

  const ragText = norm(cell('RAG'));
  const rag = ragText
    ? ({ r: 'red', red: 'red', a: 'amber', amber: 'amber', g: 'green', green: 'green' } as const)[ragText as 'red']
    : null;
  if (rag === undefined) fail('RAG', 'Enter the RAG rating as red, amber or green, or leave it empty');

  if (!kind || !status || rag === undefined) return undefined;
  return {
    kind,
    title,
    description,
    findingId,
    markerKey,
    ownerUserId: person?.id ?? null,
    ownerName: person?.name ?? owner,
    agencies,
    dueDate,
    status,
    rag,
    supportingEvidence: '',
    criticalFriendComment: '',
    impactWhatChanged: '',
    impactHowWeKnow: '',
  };
}

/** The template: the header row and two example rows. */
export function templateRows(): string[][] {
  return [
    [...IMPORT_COLUMNS],
    [
      'Review task',
      'Send the letter to the family',
      'Tell the family about the review and invite them to take part',
      '',
      '4',
      '',
      'Business manager',
      '31/3/2027',
      'Not started',
      '',
    ],
    [
      'Improvement action',
      'Refresh the escalation policy',
      'Agree and publish a shared escalation policy',
      '1',
      '',
      'Police; Health; Children’s social care',
      'Head of safeguarding',
      '30/6/2027',
      'In progress',
      'Amber',
    ],
  ];
}
