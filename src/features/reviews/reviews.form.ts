import type { ReviewType } from '../../db/schema.js';
import { field, type FormResult } from '../../lib/forms.js';
import { DEFAULT_FRAMEWORK, REVIEW_METHODS, REVIEW_TYPES } from './reviews.options.js';

export type ReviewField = 'reference' | 'title' | 'subjectPseudonym' | 'type' | 'method' | 'methodOther';

export interface ReviewValues {
  reference: string;
  title: string;
  subjectPseudonym: string;
  type: string;
  method: string;
  methodOther: string;
}

/** Words that suggest a real name rather than a pseudonym; the form asks again rather than guessing. */
const PSEUDONYM = /^(child|adult|baby|young person|sibling|person|mr|ms|mrs)\s+[a-z0-9]{1,3}$|^[a-z]{1,2}[0-9]*$/i;

export function parseReview(body: unknown): FormResult<ReviewValues, ReviewField> {
  const values: ReviewValues = {
    reference: field(body, 'reference'),
    title: field(body, 'title'),
    subjectPseudonym: field(body, 'subjectPseudonym'),
    type: field(body, 'type'),
    method: field(body, 'method'),
    methodOther: field(body, 'methodOther'),
  };
  const errors: FormResult<ReviewValues, ReviewField>['errors'] = {};
  if (!values.reference) errors.reference = 'Enter a review reference';
  else if (values.reference.length > 40) errors.reference = 'Review reference must be 40 characters or fewer';
  if (!values.title) errors.title = 'Enter a title for the review';
  else if (values.title.length > 200) errors.title = 'Title must be 200 characters or fewer';
  if (!values.subjectPseudonym)
    errors.subjectPseudonym = 'Enter the pseudonym used for the child or adult, like Child A';
  else if (!PSEUDONYM.test(values.subjectPseudonym)) {
    errors.subjectPseudonym = 'Enter a pseudonym like Child A or Adult B, not a real name';
  }
  if (!(values.type in REVIEW_TYPES)) errors.type = 'Select the type of review';
  if (!(values.method in REVIEW_METHODS)) errors.method = 'Select the review method';
  else if (values.method === 'other' && !values.methodOther) errors.methodOther = 'Enter the review method';
  else if (values.methodOther.length > 200) errors.methodOther = 'Method must be 200 characters or fewer';
  return { values, errors };
}

export function reviewInput(values: ReviewValues) {
  return {
    reference: values.reference,
    title: values.title,
    subjectPseudonym: values.subjectPseudonym,
    type: values.type as ReviewType,
    method: values.method,
    methodOther: values.method === 'other' ? values.methodOther : null,
  };
}

export interface FrameworkChoiceValues {
  /** '' for the usual framework for the type of review */
  framework: string;
  /** '' for the latest version */
  frameworkVersion: string;
}

/** Where the version select of a framework is on the form: one per framework, shown under its radio. */
export const versionFieldOf = (frameworkKey: string) => `version-${frameworkKey}`;

/**
 * The framework radios and the version chosen under the one picked. A key the partnership cannot see
 * (another partnership's import) reads exactly like one that does not exist.
 */
export function parseFrameworkChoice(
  body: unknown,
  choices: readonly { key: string; title: string; versions: string[] }[],
): FormResult<FrameworkChoiceValues, 'framework' | 'frameworkVersion'> {
  const framework = field(body, 'framework');
  const values = { framework, frameworkVersion: framework ? field(body, versionFieldOf(framework)) : '' };
  const errors: FormResult<FrameworkChoiceValues, 'framework' | 'frameworkVersion'>['errors'] = {};
  const choice = choices.find((c) => c.key === framework);
  const type = field(body, 'type');
  if (framework && !choice) errors.framework = 'Select a framework';
  else if (!framework && type in REVIEW_TYPES && !DEFAULT_FRAMEWORK[type as ReviewType]) {
    errors.framework = `Select the framework for this ${REVIEW_TYPES[type as ReviewType].toLowerCase()}`;
  } else if (choice && values.frameworkVersion && !choice.versions.includes(values.frameworkVersion))
    errors.frameworkVersion = `Select a version of ${choice.title}`;
  return { values, errors };
}
