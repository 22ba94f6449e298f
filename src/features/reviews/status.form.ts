/** The status form: where to move the review, the reason, the date the terms were agreed, an admin's override. */
import { parseDateInput, type DatePart, type DateParts } from '../../lib/date-input.js';
import { field } from '../../lib/forms.js';
import { versionFrom } from '../../lib/versions.js';
import type { MoveInput } from './status.service.js';

export interface StatusForm {
  values: { to: string; reason: string; override: boolean; termsAgreedOn: DateParts };
  /** A date that is not a real one, found before the rules run */
  dateError?: string;
  dateErrorParts: DatePart[];
  input: MoveInput;
}

export function parseStatus(body: unknown): StatusForm {
  const date = parseDateInput(body, 'termsAgreedOn', 'Date the terms of reference were agreed', {
    years: { from: 1990 },
  });
  const values = {
    to: field(body, 'to'),
    reason: field(body, 'reason'),
    override: field(body, 'override') === 'yes',
    termsAgreedOn: date.parts,
  };
  return {
    values,
    dateError: date.error,
    dateErrorParts: date.errorParts,
    input: {
      to: values.to,
      version: versionFrom(field(body, 'version')),
      reason: values.reason,
      override: values.override,
      termsAgreedOn: date.iso,
      termsAgreedOnError: date.error,
    },
  };
}
