/** The finding form: its text, markers and themes, and the version the person read. */
import { field, rawField, type FieldErrors } from '../../lib/forms.js';
import { LONG_TEXT_LIMIT, SHORT_TEXT_LIMIT } from './actions.options.js';
import { versionFrom } from '../../lib/versions.js';

function list(body: unknown, name: string): string[] {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  return [...new Set([value].flat().filter((v): v is string => typeof v === 'string' && v.length > 0))];
}

export function parseFinding(body: unknown) {
  const text = rawField(body, 'text').replace(/\r\n?/g, '\n').trim();
  const values = { text, markers: list(body, 'markers'), themes: list(body, 'themes') };
  const errors: FieldErrors = {};
  if (!text) errors.text = 'Enter the text';
  else if (text.length > LONG_TEXT_LIMIT)
    errors.text = `Text must be ${LONG_TEXT_LIMIT.toLocaleString('en-GB')} characters or fewer`;
  return { values, errors, version: versionFrom(field(body, 'version')) };
}

export function parseThemeLabel(body: unknown) {
  const label = field(body, 'label').replace(/\s+/g, ' ');
  const errors: FieldErrors = {};
  if (!label) errors.label = 'Enter the name of the theme';
  else if (label.length > SHORT_TEXT_LIMIT) errors.label = `Name must be ${SHORT_TEXT_LIMIT} characters or fewer`;
  return { values: { label }, errors };
}

export function parseResponse(body: unknown) {
  const text = rawField(body, 'text').replace(/\r\n?/g, '\n').trim();
  const values = { text, actions: list(body, 'actions') };
  const errors: FieldErrors = {};
  if (text.length > LONG_TEXT_LIMIT)
    errors.text = `Response must be ${LONG_TEXT_LIMIT.toLocaleString('en-GB')} characters or fewer`;
  return { values, errors, version: versionFrom(field(body, 'version')) };
}

export function versionOf(body: unknown): number {
  return versionFrom(field(body, 'version'));
}
