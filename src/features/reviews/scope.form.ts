/** A scope section's form: its text, and the version the person read. */
import { field, rawField, type FormResult } from '../../lib/forms.js';

export function parseScopeSection(
  body: unknown,
  limit: number,
): FormResult<{ text: string }, 'text'> & { version: number } {
  // Line breaks and inner spacing are kept (they make paragraphs and lists); the ends are trimmed.
  const text = rawField(body, 'text').replace(/\r\n?/g, '\n').trim();
  const version = Number(field(body, 'version'));
  const errors: FormResult<{ text: string }, 'text'>['errors'] = {};
  if (text.length > limit) errors.text = `Text must be ${limit.toLocaleString('en-GB')} characters or fewer`;
  return { values: { text }, errors, version: Number.isInteger(version) && version >= 0 ? version : -1 };
}
