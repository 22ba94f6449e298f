/** The action form, the list filter and the bulk update form: parsed, with GOV.UK-style messages. */
import type { ActionKind, ActionStatus, Rag } from '../../db/schema.js';
import { field, rawField, type FieldErrors } from '../../lib/forms.js';
import { isActionStatus, isRag, LONG_TEXT_LIMIT, SHORT_TEXT_LIMIT } from './actions.options.js';
import type { Action, ActionFilter } from './actions.model.js';
import { agenciesFromText, agenciesText } from './agencies.js';
import type { ActionInput } from './actions.service.js';
import { DATE_YEARS, parseDateInput, partsOf, type DatePart, type DateParts } from '../../lib/date-input.js';
import { versionFrom } from '../../lib/versions.js';
import { pageNumberOf } from '../../lib/pagination.js';

const TEXTS = [
  'description',
  'supportingEvidence',
  'criticalFriendComment',
  'impactWhatChanged',
  'impactHowWeKnow',
] as const;

export interface ActionValues {
  title: string;
  description: string;
  finding: string;
  marker: string;
  ownerUser: string;
  ownerName: string;
  agencies: string;
  due: DateParts;
  status: string;
  rag: string;
  supportingEvidence: string;
  criticalFriendComment: string;
  impactWhatChanged: string;
  impactHowWeKnow: string;
}

export interface ActionForm {
  values: ActionValues;
  errors: FieldErrors;
  dueErrorParts: DatePart[];
  version: number;
  input?: ActionInput;
}

const longText = (body: unknown, name: string) => rawField(body, name).replace(/\r\n?/g, '\n').trim();

export function parseActionForm(body: unknown, kind: ActionKind): ActionForm {
  const improvement = kind === 'improvement';
  const due = parseDateInput(body, 'due', 'Due date', {
    years: DATE_YEARS,
    ...(improvement ? { required: 'Enter the due date' } : {}),
  });
  const values: ActionValues = {
    title: field(body, 'title'),
    description: longText(body, 'description'),
    finding: field(body, 'finding'),
    marker: field(body, 'marker'),
    ownerUser: field(body, 'ownerUser'),
    ownerName: field(body, 'ownerName'),
    agencies: longText(body, 'agencies'),
    due: due.parts,
    status: field(body, 'status') || 'not-started',
    rag: field(body, 'rag'),
    supportingEvidence: longText(body, 'supportingEvidence'),
    criticalFriendComment: longText(body, 'criticalFriendComment'),
    impactWhatChanged: longText(body, 'impactWhatChanged'),
    impactHowWeKnow: longText(body, 'impactHowWeKnow'),
  };
  const agencies = agenciesFromText(values.agencies);
  const errors: FieldErrors = {};
  if (!values.title) errors.title = 'Enter a title';
  else if (values.title.length > SHORT_TEXT_LIMIT)
    errors.title = `Title must be ${SHORT_TEXT_LIMIT} characters or fewer`;
  if (improvement && !values.finding) errors.finding = 'Select the finding this action answers';
  if (!values.ownerUser && !values.ownerName) errors.ownerUser = 'Select an owner, or enter a name or post';
  else if (values.ownerName.length > SHORT_TEXT_LIMIT)
    errors.ownerName = `Name or post must be ${SHORT_TEXT_LIMIT} characters or fewer`;
  if (agencies.some((a) => a.length > SHORT_TEXT_LIMIT))
    errors.agencies = `Each agency must be ${SHORT_TEXT_LIMIT} characters or fewer`;
  if (due.error) errors.due = due.error;
  if (!isActionStatus(values.status)) errors.status = 'Select the status';
  if (values.rag && !isRag(values.rag)) errors.rag = 'Select a RAG rating';
  for (const name of TEXTS) {
    if (values[name].length > LONG_TEXT_LIMIT)
      errors[name] = `This must be ${LONG_TEXT_LIMIT.toLocaleString('en-GB')} characters or fewer`;
  }
  const form: ActionForm = {
    values,
    errors,
    dueErrorParts: due.errorParts,
    version: versionFrom(field(body, 'version')),
  };
  if (Object.keys(errors).length) return form;
  form.input = {
    kind,
    title: values.title,
    description: values.description,
    findingId: values.finding || null,
    markerKey: values.marker || null,
    ownerUserId: values.ownerUser || null,
    ownerName: values.ownerUser ? '' : values.ownerName,
    agencies,
    dueDate: due.iso,
    status: values.status as ActionInput['status'],
    rag: isRag(values.rag) ? values.rag : null,
    supportingEvidence: values.supportingEvidence,
    criticalFriendComment: values.criticalFriendComment,
    impactWhatChanged: values.impactWhatChanged,
    impactHowWeKnow: values.impactHowWeKnow,
  };
  return form;
}

/** The form's values from a saved action. */
export function valuesOf(a: Action): ActionValues {
  return {
    title: a.title,
    description: a.description,
    finding: a.finding_id ?? '',
    marker: a.marker_key ?? '',
    ownerUser: a.owner_user_id ?? '',
    ownerName: a.owner_user_id ? '' : a.owner_name,
    agencies: agenciesText(a.agencies),
    due: partsOf(a.due_date),
    status: a.status,
    rag: a.rag ?? '',
    supportingEvidence: a.supporting_evidence,
    criticalFriendComment: a.critical_friend_comment,
    impactWhatChanged: a.impact_what_changed,
    impactHowWeKnow: a.impact_how_we_know,
  };
}

export interface FilterForm {
  filter: ActionFilter;
  values: { agency: string; status: string; owner: string; overdue: boolean; dueBefore: DateParts };
  errors: FieldErrors;
  dueErrorParts: DatePart[];
  /** The query string that reproduces the filter, for links back to the list */
  query: string;
  /** The page of the partnership's tracker asked for, from 1 (the review's own list has one page) */
  page: number;
}

export function parseFilter(query: unknown): FilterForm {
  const dueBefore = parseDateInput(query, 'dueBefore', 'Due before', { years: DATE_YEARS });
  const values = {
    agency: field(query, 'agency'),
    status: field(query, 'status'),
    owner: field(query, 'owner'),
    overdue: field(query, 'overdue') === 'yes',
    dueBefore: dueBefore.parts,
  };
  const errors: FieldErrors = {};
  if (dueBefore.error) errors.dueBefore = dueBefore.error;
  const filter: ActionFilter = {
    ...(values.agency ? { agency: values.agency } : {}),
    ...(isActionStatus(values.status) ? { status: values.status } : {}),
    ...(values.owner ? { owner: values.owner } : {}),
    ...(values.overdue ? { overdue: true } : {}),
    ...(dueBefore.iso ? { dueBefore: dueBefore.iso } : {}),
  };
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ agency: values.agency, status: values.status, owner: values.owner }))
    if (v) params.set(k, v);
  if (values.overdue) params.set('overdue', 'yes');
  for (const [p, v] of Object.entries(values.dueBefore)) if (v) params.set(`dueBefore-${p}`, v);
  return {
    filter,
    values,
    errors,
    dueErrorParts: dueBefore.errorParts,
    query: params.toString(),
    page: pageNumberOf(field(query, 'page')),
  };
}

export interface BulkForm {
  items: { id: string; version: number }[];
  status: string;
  rag: string;
  /** The list's filter, to go back to */
  back: string;
  errors: FieldErrors;
  /** What to set, once there are no errors; rag null clears the rating */
  changes: { status?: ActionStatus; rag?: Rag | null };
}

/** Selected rows (with the version of each shown), and what to set: at least one of status and RAG. */
export function parseBulk(body: unknown): BulkForm {
  const raw = body && typeof body === 'object' ? (body as Record<string, unknown>).selected : undefined;
  const selected = [raw].flat().filter((v): v is string => typeof v === 'string' && v.length > 0 && v.length < 100);
  const items = [...new Set(selected)].map((id) => ({ id, version: versionFrom(field(body, `version-${id}`)) }));
  const status = field(body, 'bulkStatus');
  const rag = field(body, 'bulkRag');
  const errors: FieldErrors = {};
  if (!items.length) errors.selected = 'Select the actions to update';
  if (!status && !rag) errors.bulkStatus = 'Select a new status or RAG rating';
  if (status && !isActionStatus(status)) errors.bulkStatus = 'Select a status from the list';
  if (rag && rag !== 'none' && !isRag(rag)) errors.bulkRag = 'Select a RAG rating from the list';
  const back = field(body, 'back').replace(/[^\w=&%.+-]/g, '');
  const changes = {
    ...(isActionStatus(status) ? { status } : {}),
    ...(rag === 'none' ? { rag: null } : isRag(rag) ? { rag } : {}),
  };
  return { items, status, rag, back, errors, changes };
}

export function parseProgress(body: unknown) {
  const note = longText(body, 'note');
  const errors: FieldErrors = {};
  if (!note) errors.note = 'Enter a progress note';
  else if (note.length > LONG_TEXT_LIMIT)
    errors.note = `Progress note must be ${LONG_TEXT_LIMIT.toLocaleString('en-GB')} characters or fewer`;
  return { note, errors };
}
