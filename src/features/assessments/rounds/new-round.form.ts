import type { RoundPurpose } from '../../../db/schema.js';
import { field, type FieldErrors } from '../../../lib/forms.js';
import type { FrameworkFile } from '../../frameworks/framework.schema.js';
import { ROUND_PURPOSES } from '../records/assessments.options.js';
import { defaultMarkerKeys, listField, orderedSelection } from './round-markers.js';

/** Which markers the round covers: the usual ones for its purpose, or the ones the person ticks. */
export type MarkerScope = 'usual' | 'choose';

export interface NewRoundValues {
  purpose: RoundPurpose;
  copyFrom?: string;
  scope: MarkerScope;
  markers: string[];
}

/**
 * The "Start a round" form, in two steps when the person chooses the markers: the first page asks what
 * the round is for (and where it starts from), the second shows every marker with the usual ones for
 * that purpose ticked. A form that names no scope (an older page, a script) gets the usual markers.
 * `next` says what to do: start the round, or show the markers to choose from.
 */
export interface NewRoundForm {
  values: NewRoundValues;
  errors: FieldErrors<'purpose' | 'copyFrom' | 'scope' | 'markers'>;
  next: 'ask' | 'choose' | 'start';
}

export function parseNewRound(
  body: unknown,
  roundIds: string[],
  framework: Pick<FrameworkFile, 'stages'>,
): NewRoundForm {
  const purpose = field(body, 'purpose');
  const copyFrom = field(body, 'copyFrom');
  const scope = field(body, 'scope') || 'usual';
  const choosing = field(body, 'step') === 'markers';
  const errors: NewRoundForm['errors'] = {};
  if (!(purpose in ROUND_PURPOSES)) errors.purpose = 'Select what this round is for';
  if (copyFrom && !roundIds.includes(copyFrom)) errors.copyFrom = 'Select a round to start from, or start afresh';
  if (scope !== 'usual' && scope !== 'choose') errors.scope = 'Select which markers this round covers';
  const ticked = listField(body, 'markers');
  const values: NewRoundValues = {
    purpose: purpose as RoundPurpose,
    copyFrom: copyFrom || undefined,
    scope: scope as MarkerScope,
    markers: ticked,
  };
  if (errors.purpose || errors.copyFrom || errors.scope) return { values, errors, next: 'ask' };
  // Starting with the usual markers, or showing them ticked on the second page.
  const usual = { ...values, markers: defaultMarkerKeys(framework, values.purpose) };
  if (scope === 'usual') return { values: usual, errors, next: 'start' };
  if (!choosing) return { values: usual, errors, next: 'choose' };
  const selection = orderedSelection(framework, ticked);
  if (!ticked.length) errors.markers = 'Select at least one marker for this round';
  else if (!selection) errors.markers = 'Select markers from the list';
  return { values: { ...values, markers: selection ?? ticked }, errors, next: errors.markers ? 'choose' : 'start' };
}
