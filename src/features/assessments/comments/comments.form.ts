import { field, rawField, type FieldErrors } from '../../../lib/forms.js';
import { versionFrom } from '../../../lib/versions.js';

/** The comment forms: a new comment, and editing one's own (with the version and text the page showed). */

export const MAX_COMMENT = 5000;

export interface CommentForm {
  /** addressedTo: the user id of someone on the review's team the comment asks, or '' for no one */
  values: { body: string; addressedTo: string };
  errors: FieldErrors<'body' | 'addressedTo'>;
}

export interface CommentEditForm {
  values: { body: string };
  errors: FieldErrors<'body'>;
  version: number;
  originalBody: string;
}

function bodyProblem(body: string): string | undefined {
  if (!body) return 'Enter a comment';
  if (body.length > MAX_COMMENT) return `Comment must be ${MAX_COMMENT.toLocaleString('en-GB')} characters or fewer`;
  return undefined;
}

/** A new comment; `team` is the user ids on the review's team, whom it may be addressed to. */
export function parseCommentForm(raw: unknown, team: readonly string[]): CommentForm {
  const body = rawField(raw, 'body').trim();
  const addressedTo = field(raw, 'addressed-to');
  const errors: CommentForm['errors'] = {};
  const problem = bodyProblem(body);
  if (problem) errors.body = problem;
  // Someone taken off the team after the page was loaded, or a value the list never offered.
  if (addressedTo && !team.includes(addressedTo)) errors.addressedTo = 'Choose someone on the review’s team, or no one';
  return { values: { body, addressedTo }, errors };
}

export function parseCommentEditForm(raw: unknown): CommentEditForm {
  const body = rawField(raw, 'body').trim();
  const problem = bodyProblem(body);
  return {
    values: { body },
    errors: problem ? { body: problem } : {},
    version: versionFrom(field(raw, 'version')),
    originalBody: rawField(raw, 'original-body').trim(),
  };
}

/** resolve or reopen; anything else is ignored. */
export function parseResolveAction(raw: unknown): 'resolve' | 'reopen' | null {
  const action = field(raw, 'action');
  return action === 'resolve' || action === 'reopen' ? action : null;
}
