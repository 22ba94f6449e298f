/** The form for the reviewer named to the Panel: what was typed, kept as typed, and GOV.UK messages. */
import { dateErrorId, dateItems, parseDateInput, partsOf } from '../../../lib/date-input.js';
import { field, type FieldErrors } from '../../../lib/forms.js';

export const REVIEWER_NAME_LIMIT = 200;

export interface ReviewerToldInput {
  reviewerName: string;
  /** '' when not entered or not a real date (its error is already given) */
  toldOn: string;
}

export function parseReviewerTold(body: unknown) {
  const date = parseDateInput(body, 'toldOn', 'Date the Panel was told', {
    required: 'Enter the date the Panel was told',
    years: { from: 1990 },
  });
  const reviewerName = field(body, 'reviewerName');
  const errors: FieldErrors = {};
  const ids: Record<string, string> = {};
  if (date.error) {
    errors.toldOn = date.error;
    ids.toldOn = dateErrorId('toldOn', date.errorParts);
  }
  return {
    input: { reviewerName, toldOn: date.iso ?? '' } satisfies ReviewerToldInput,
    values: { reviewerName, toldOn: dateItems(date.parts, date.errorParts) },
    errors,
    ids,
  };
}

/** The form filled from what is saved. */
export const reviewerToldValues = (name: string | null, toldOn: string | null) => ({
  reviewerName: name ?? '',
  toldOn: dateItems(partsOf(toldOn)),
});

/** The rules, for the page and any other caller: messages by field. */
export function checkReviewerTold(input: ReviewerToldInput, decisionDate: string | null, today: string): FieldErrors {
  const errors: FieldErrors = {};
  if (!input.reviewerName) errors.reviewerName = 'Enter the name of the reviewer the Panel was told of';
  else if (input.reviewerName.length > REVIEWER_NAME_LIMIT) {
    errors.reviewerName = `The reviewer’s name must be ${REVIEWER_NAME_LIMIT} characters or fewer`;
  }
  if (input.toldOn && input.toldOn > today) errors.toldOn = 'Date the Panel was told must be today or in the past';
  else if (input.toldOn && decisionDate && input.toldOn < decisionDate) {
    errors.toldOn = 'Date the Panel was told must be the same as or after the date of the decision to hold a review';
  }
  return errors;
}
