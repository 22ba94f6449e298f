/**
 * The learning dashboard's GET form (which round of each review, and the filters) and the API's query.
 * The page keeps what was typed and says what is wrong with a year; a choice that is not on the form
 * (an edited address) is ignored. The API answers 400 with a message instead.
 */
import type { ReviewType } from '../../db/schema.js';
import { field, type FieldErrors } from '../../lib/forms.js';
import { isIsoDate } from '../../lib/working-days.js';
import { REVIEW_STATUSES, REVIEW_TYPES } from '../reviews/reviews.service.js';
import type { ReviewFilters, RoundChoice } from './learning.service.js';

export const ROUND_CHOICES: Record<RoundChoice, string> = {
  approved: 'The latest approved (signed-off) round',
  planning: 'The latest planning round',
  'in-review': 'The latest round of quality assurance while the review runs',
  retrospective: 'The latest retrospective round',
};

const isKey = <T extends string>(labels: Record<T, string>, value: string): value is T =>
  Object.prototype.hasOwnProperty.call(labels, value);

export interface LearningQueryValues {
  round: string;
  type: string;
  status: string;
  framework: string;
  decided: string;
  published: string;
}

export interface LearningQuery {
  values: LearningQueryValues;
  choice: RoundChoice;
  filters: ReviewFilters;
  page: number;
  errors: FieldErrors<'decided' | 'published'>;
  /** Whether any filter is in force */
  filtered: boolean;
}

const YEAR = /^\d{4}$/;
/** A framework's key as frameworks have them; one no review uses simply matches nothing. */
const FRAMEWORK_KEY = /^[a-z0-9][a-z0-9-]{0,99}$/;

function year(value: string, label: string): { year?: number; error?: string } {
  if (!value) return {};
  if (!YEAR.test(value)) return { error: `${label} must be a year in 4 digits, like 2025` };
  return { year: Number(value) };
}

/** The page's query string: values to show again, what to count, and any errors. */
export function parseLearningQuery(query: unknown): LearningQuery {
  const values: LearningQueryValues = {
    round: field(query, 'round'),
    type: field(query, 'type'),
    status: field(query, 'status'),
    framework: field(query, 'framework'),
    decided: field(query, 'decided').slice(0, 20),
    published: field(query, 'published').slice(0, 20),
  };
  const decided = year(values.decided, 'Year of the decision');
  const published = year(values.published, 'Year of publication');
  const filters: ReviewFilters = {
    type: isKey(REVIEW_TYPES, values.type) ? values.type : undefined,
    status: isKey(REVIEW_STATUSES, values.status) ? values.status : undefined,
    framework: FRAMEWORK_KEY.test(values.framework) ? values.framework : undefined,
    decisionYear: decided.year,
    publicationYear: published.year,
  };
  const errors: LearningQuery['errors'] = {};
  if (decided.error) errors.decided = decided.error;
  if (published.error) errors.published = published.error;
  const page = Number(field(query, 'page'));
  return {
    values,
    choice: isKey(ROUND_CHOICES, values.round) ? values.round : 'approved',
    filters,
    page: Number.isInteger(page) && page > 0 && page < 1e6 ? page : 1,
    errors,
    filtered: Object.values(filters).some((v) => v !== undefined),
  };
}

/** The API's query, or the message of a 400. */
export function parseApiQuery(
  query: unknown,
  opts: { purpose: boolean },
): { ok: true; choice: RoundChoice; filters: ReviewFilters } | { ok: false; message: string } {
  const purpose = field(query, 'purpose');
  const type = field(query, 'type');
  const from = field(query, 'from');
  const to = field(query, 'to');
  if (opts.purpose && purpose && !isKey(ROUND_CHOICES, purpose)) {
    return { ok: false, message: 'purpose must be one of approved, planning, in-review or retrospective' };
  }
  if (type && !isKey(REVIEW_TYPES, type)) {
    return { ok: false, message: `type must be one of ${Object.keys(REVIEW_TYPES).join(', ')}` };
  }
  for (const [name, value] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (value && !isIsoDate(value)) return { ok: false, message: `${name} must be a date as YYYY-MM-DD` };
  }
  if (from && to && from > to) return { ok: false, message: 'from must be on or before to' };
  return {
    ok: true,
    choice: purpose && isKey(ROUND_CHOICES, purpose) ? purpose : 'approved',
    filters: {
      type: type ? (type as ReviewType) : undefined,
      decidedFrom: from || undefined,
      decidedTo: to || undefined,
    },
  };
}
