/** Team forms: adding a person with a review role, and changing a member's role. */
import type { ReviewRole } from '../../db/schema.js';
import { field, type FormResult } from '../../lib/forms.js';
import { REVIEW_ROLES } from './reviews.options.js';

/** What each role may do, in the words the radios show. */
export const ROLE_HINTS: Record<ReviewRole, string> = {
  chair: 'Approves rounds or returns them with comments, and can manage the team.',
  'business-manager': 'Runs the review day to day, manages the team and sends rounds for sign-off.',
  'lead-reviewer': 'Leads the review, records the markers and sends rounds for sign-off.',
  'panel-member': 'Contributes answers, evidence and comments.',
  observer: 'Can read the review but not change it.',
};

export const ROLE_ITEMS = (Object.keys(REVIEW_ROLES) as ReviewRole[]).map((value) => ({
  value,
  text: REVIEW_ROLES[value],
  hint: { text: ROLE_HINTS[value] },
}));

const isRole = (value: string): value is ReviewRole => value in REVIEW_ROLES;

export type AddMemberField = 'person' | 'role';

export function parseAddMember(
  body: unknown,
  candidateIds: string[],
): FormResult<{ person: string; role: string }, AddMemberField> & { role?: ReviewRole } {
  const values = { person: field(body, 'person'), role: field(body, 'role') };
  const errors: FormResult<typeof values, AddMemberField>['errors'] = {};
  if (!values.person) errors.person = 'Select a person to add to the team';
  else if (!candidateIds.includes(values.person)) errors.person = 'Select a person from the list';
  if (!isRole(values.role)) errors.role = 'Select their role on the review';
  return { values, errors, role: isRole(values.role) ? values.role : undefined };
}

export function parseRole(body: unknown): FormResult<{ role: string }, 'role'> & { role?: ReviewRole } {
  const role = field(body, 'role');
  return isRole(role)
    ? { values: { role }, errors: {}, role }
    : { values: { role }, errors: { role: 'Select their role on the review' } };
}
