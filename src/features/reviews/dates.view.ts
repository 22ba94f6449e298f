/**
 * What the key dates and timescales page shows: the review's clocks (with their extensions and pauses),
 * its key dates form, and the form to record an extension or a pause. Shared by the dates routes and the
 * clocks routes, which both re-render the page with the person's input and errors.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { dateItems, partsOf } from '../../lib/date-input.js';
import { errorList } from '../../lib/forms.js';
import { changeableClocks, changeErrorIds, type ChangeForm } from './clocks/change.form.js';
import { dateInputs, errorIds, valuesFrom, type DatesForm } from './dates.form.js';
import type { KeyDates } from './key-dates.js';
import { reviewClocks, type Review } from './reviews.service.js';
import { keyDatesSummary } from './timescales.js';

export interface DatesPageState {
  form?: Pick<DatesForm, 'values' | 'errors' | 'errorParts'>;
  change?: ChangeForm;
  version?: number;
  theirs?: KeyDates;
  /** The banner to show: 'saved' (dates), 'change' (extension or pause recorded), 'removed' */
  done?: string;
}

const emptyChange = (): Omit<ChangeForm, 'input'> => ({
  values: {
    clock: '',
    kind: '',
    agreedBy: '',
    reason: '',
    newDue: partsOf(null),
    agreedOn: partsOf(null),
    pausedFrom: partsOf(null),
    pausedTo: partsOf(null),
  },
  errors: {},
  errorParts: {},
});

export async function datesPage(db: Kysely<Database>, review: Review, today: string, state: DatesPageState = {}) {
  const form = state.form ?? { values: valuesFrom(review), errors: {}, errorParts: {} };
  const change: Omit<ChangeForm, 'input'> = state.change ?? emptyChange();
  const errorSummary = [
    ...errorList(form.errors, errorIds(form.errorParts)),
    ...(state.change ? errorList(change.errors, changeErrorIds(state.change)) : []),
  ];
  return {
    review,
    summary: await reviewClocks(db, review, today),
    inputs: dateInputs(form.values, form.errors, form.errorParts, review.type),
    errorSummary,
    theirs: state.theirs ? keyDatesSummary({ ...state.theirs, type: review.type }, today).dates : undefined,
    yours: state.theirs ? form.values : undefined,
    version: state.version ?? review.version,
    done: state.done ?? null,
    change: {
      clocks: changeableClocks(review.type).map((s) => ({
        value: s.key,
        text: s.title,
        selected: s.key === change.values.clock,
      })),
      values: change.values,
      errors: change.errors,
      dates: Object.fromEntries(
        (['newDue', 'agreedOn', 'pausedFrom', 'pausedTo'] as const).map((n) => [
          n,
          dateItems(change.values[n], change.errorParts[n]),
        ]),
      ),
    },
  };
}
