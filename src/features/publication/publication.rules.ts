/**
 * The publication record's rules, one set for the form and the API: which dates must be in the past, the
 * order they come in, the limits on text, and the check that the Panel and the Secretary of State had the
 * final report at least 7 working days before publication. Pure.
 */
import type { PublicationDecision, ReviewType } from '../../db/schema.js';
import type { FieldErrors } from '../../lib/forms.js';
import { formatDate } from '../../lib/uk-time.js';
import { addWorkingDays } from '../../lib/working-days.js';
import {
  COPIES_WORKING_DAYS,
  isChildrensReview,
  PUBLICATION_DECISIONS,
  PUBLICATION_ROLES,
  EVENT_LIMIT,
  REASONS_LIMIT,
  URL_LIMIT,
} from './publication.options.js';

export interface PublicationInput {
  decision: PublicationDecision | null;
  decisionReasons: string;
  decidedBy: string | null;
  decidedOn: string | null;
  legalCheckOn: string | null;
  legalCheckBy: string | null;
  familyToldOn: string | null;
  copiesSentOn: string | null;
  embargoUntil: string | null;
  publishedOn: string | null;
  publishedUrl: string | null;
  onlineUntil: string | null;
  depositedOn: string | null;
}

export type PublicationField = keyof PublicationInput;
export type DateField =
  | 'decidedOn'
  | 'legalCheckOn'
  | 'familyToldOn'
  | 'copiesSentOn'
  | 'embargoUntil'
  | 'publishedOn'
  | 'onlineUntil'
  | 'depositedOn';

/** Each date of the record, in the order of the form, with its label and whether it may be in the future. */
export const PUBLICATION_DATES: readonly { field: DateField; label: string; future: boolean }[] = [
  { field: 'decidedOn', label: 'Date of the decision', future: false },
  { field: 'legalCheckOn', label: 'Date of the legal and data protection checks', future: false },
  { field: 'familyToldOn', label: 'Date the family was told', future: false },
  {
    field: 'copiesSentOn',
    label: 'Date the final report was sent to the Panel and the Secretary of State',
    future: false,
  },
  { field: 'embargoUntil', label: 'Embargo until', future: true },
  { field: 'publishedOn', label: 'Date published', future: false },
  { field: 'onlineUntil', label: 'Online until', future: true },
  { field: 'depositedOn', label: 'Date deposited', future: false },
];

export const labelOf = (field: DateField) => PUBLICATION_DATES.find((d) => d.field === field)!.label;

const YEARS = { from: 1990, to: 2100 };

function httpsProblem(url: string): string | undefined {
  const example = 'Enter a web address that starts with https://, like https://www.example.org.uk/reviews/child-a';
  if (url.length > URL_LIMIT) return `Web address must be ${URL_LIMIT} characters or fewer`;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' || !parsed.hostname.includes('.') || parsed.username || parsed.password) {
      return example;
    }
  } catch {
    return example;
  }
  return undefined;
}

/**
 * What is wrong with a record, by field (first problem only). `finalReportDate` is the review's key date:
 * nothing is published before the final report.
 */
export function checkPublication(
  input: PublicationInput,
  ctx: { today: string; finalReportDate: string | null },
): FieldErrors<PublicationField> {
  const errors: FieldErrors<PublicationField> = {};
  const set = (field: PublicationField, message: string) => {
    errors[field] ??= message;
  };
  if (input.decision && !(input.decision in PUBLICATION_DECISIONS)) set('decision', 'Select the publication decision');
  if (input.decisionReasons.length > REASONS_LIMIT) {
    set('decisionReasons', `Reasons must be ${REASONS_LIMIT.toLocaleString('en-GB')} characters or fewer`);
  }
  if (input.decision === 'not-published' && !input.decisionReasons) {
    set('decisionReasons', 'Enter why the report is not being published');
  }
  if (input.decision === 'delayed' && !input.decisionReasons)
    set('decisionReasons', 'Enter why publication is delayed');
  for (const [field, label] of [
    ['decidedBy', 'who made the decision'],
    ['legalCheckBy', 'who did the legal and data protection checks'],
  ] as const) {
    const role = input[field];
    if (role && !(role in PUBLICATION_ROLES)) set(field, `Select ${label}`);
  }
  if (input.decision && !input.decidedBy) set('decidedBy', 'Select who made the decision');
  if (input.legalCheckOn && !input.legalCheckBy)
    set('legalCheckBy', 'Select who did the legal and data protection checks');
  if (input.legalCheckBy && !input.legalCheckOn)
    set('legalCheckOn', 'Enter the date of the legal and data protection checks');

  for (const { field, label, future } of PUBLICATION_DATES) {
    const date = input[field];
    if (!date) continue;
    const year = Number(date.slice(0, 4));
    if (year < YEARS.from || year > YEARS.to) set(field, `${label} must be between ${YEARS.from} and ${YEARS.to}`);
    else if (!future && date > ctx.today) set(field, `${label} must be today or in the past`);
  }

  const published = input.publishedOn;
  if (input.publishedUrl) {
    const problem = httpsProblem(input.publishedUrl);
    if (problem) set('publishedUrl', problem);
    else if (!published) set('publishedOn', 'Enter the date the report was published');
  }
  if (published) {
    if (input.decision === 'not-published') {
      set(
        'publishedOn',
        'A report that is not published has no date published: remove the date or change the decision',
      );
    } else if (input.decision !== 'full' && input.decision !== 'improvements-only') {
      set('decision', 'Select what was published: the full report or the improvements only');
    }
    if (ctx.finalReportDate && published < ctx.finalReportDate) {
      set(
        'publishedOn',
        `Date published must be the same as or after the final report (${formatDate(ctx.finalReportDate)})`,
      );
    }
    if (input.embargoUntil && published < input.embargoUntil) {
      set('publishedOn', 'Date published must be the same as or after the end of the embargo');
    }
    if (input.familyToldOn && input.familyToldOn > published) {
      set('familyToldOn', 'Date the family was told must be before publication, or on the day');
    }
    if (input.onlineUntil && input.onlineUntil <= published) {
      set('onlineUntil', 'Online until must be after the date published');
    }
    if (input.depositedOn && input.depositedOn < published) {
      set('depositedOn', 'Date deposited must be the same as or after the date published');
    }
  } else if (input.depositedOn) {
    set('publishedOn', 'Enter the date the report was published before the date it was deposited');
  }
  return errors;
}

export type CopiesStatus = 'met' | 'missed' | 'sent' | 'due' | 'not-sent';

export interface CopiesCheck {
  status: CopiesStatus;
  /** What the tag says. */
  tag: string;
  tagClass: string;
  /** A sentence with the dates. */
  text: string;
}

/**
 * Whether the Panel and the Secretary of State had the final report at least 7 working days before
 * publication (the planned publication, the embargo's end, before it is published). Null for a review
 * that is not about a child, where the rule does not apply.
 */
export function copiesCheck(
  type: ReviewType,
  r: Pick<PublicationInput, 'copiesSentOn' | 'publishedOn' | 'embargoUntil'>,
): CopiesCheck | null {
  if (!isChildrensReview(type)) return null;
  const n = COPIES_WORKING_DAYS;
  const target = r.publishedOn ?? r.embargoUntil;
  const dueBy = target ? addWorkingDays(target, -n) : null;
  if (r.copiesSentOn && r.publishedOn && dueBy) {
    const met = r.copiesSentOn <= dueBy;
    return {
      status: met ? 'met' : 'missed',
      tag: met ? 'Met' : 'Missed',
      tagClass: met ? 'govuk-tag--green' : 'govuk-tag--red',
      text: `Sent on ${formatDate(r.copiesSentOn)}; publication on ${formatDate(r.publishedOn)} needed them by ${formatDate(dueBy)}, ${n} working days before.`,
    };
  }
  if (r.copiesSentOn) {
    return {
      status: 'sent',
      tag: 'Sent',
      tagClass: 'govuk-tag--blue',
      text: `Sent on ${formatDate(r.copiesSentOn)}: publish on ${formatDate(addWorkingDays(r.copiesSentOn, n))} or later.`,
    };
  }
  if (dueBy) {
    return {
      status: 'due',
      tag: 'Not sent',
      tagClass: 'govuk-tag--yellow',
      text: `Send by ${formatDate(dueBy)}, ${n} working days before publication on ${formatDate(target!)}.`,
    };
  }
  return {
    status: 'not-sent',
    tag: 'Not sent',
    tagClass: 'govuk-tag--grey',
    text: `Send the final report at least ${n} working days before publication.`,
  };
}

export interface EventInput {
  heldOn: string | null;
  description: string;
}

/** A briefing or learning event: when (today or before) and what it was. */
export function checkEvent(input: EventInput, today: string): FieldErrors<keyof EventInput> {
  const errors: FieldErrors<keyof EventInput> = {};
  if (!input.heldOn) errors.heldOn = 'Enter the date of the briefing or learning event';
  else if (input.heldOn > today) errors.heldOn = 'Date of the event must be today or in the past';
  else if (Number(input.heldOn.slice(0, 4)) < YEARS.from)
    errors.heldOn = `Date of the event must be in ${YEARS.from} or later`;
  if (!input.description) errors.description = 'Enter what the briefing or learning event was';
  else if (input.description.length > EVENT_LIMIT) {
    errors.description = `Description must be ${EVENT_LIMIT} characters or fewer`;
  }
  return errors;
}
