import { field, rawField, type FieldErrors } from '../../../lib/forms.js';
import { versionFrom } from '../../../lib/versions.js';

/** The comment forms: a new comment, and editing one's own (with the version and text the page showed). */

export const MAX_COMMENT = 5000;

export interface CommentForm {
  values: { body: string };
  errors: FieldErrors<'body'>;
}

export interface CommentEditForm extends CommentForm {
  version: number;
  originalBody: string;
}

function bodyProblem(body: string): string | undefined {
  if (!body) return 'Enter a comment';
  if (body.length > MAX_COMMENT) return `Comment must be ${MAX_COMMENT.toLocaleString('en-GB')} characters or fewer`;
  return undefined;
}

export function parseCommentForm(raw: unknown): CommentForm {
  const body = rawField(raw, 'body').trim();
  const problem = bodyProblem(body);
  return { values: { body }, errors: problem ? { body: problem } : {} };
}

export function parseCommentEditForm(raw: unknown): CommentEditForm {
  return {
    ...parseCommentForm(raw),
    version: versionFrom(field(raw, 'version')),
    originalBody: rawField(raw, 'original-body').trim(),
  };
}

/** resolve or reopen; anything else is ignored. */
export function parseResolveAction(raw: unknown): 'resolve' | 'reopen' | null {
  const action = field(raw, 'action');
  return action === 'resolve' || action === 'reopen' ? action : null;
}
