/** A scope section's form: its text, and the version the person read. */
import { versionFrom } from '../../lib/versions.js';
import { field, rawField, type FormResult } from '../../lib/forms.js';

export function parseScopeSection(
  body: unknown,
  limit: number,
): FormResult<{ text: string }, 'text'> & { version: number } {
  // Line breaks and inner spacing are kept (they make paragraphs and lists); the ends are trimmed.
  const text = rawField(body, 'text').replace(/\r\n?/g, '\n').trim();
  const errors: FormResult<{ text: string }, 'text'>['errors'] = {};
  if (text.length > limit) errors.text = `Text must be ${limit.toLocaleString('en-GB')} characters or fewer`;
  return { values: { text }, errors, version: versionFrom(field(body, 'version')) };
}
