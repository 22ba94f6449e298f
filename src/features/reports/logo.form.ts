import { firstValue, type FieldErrors } from '../../lib/forms.js';

/** The logo upload form: one file, whose type and content the service checks. */
export interface LogoForm {
  errors: FieldErrors<'logo'>;
  data?: Buffer;
}

export function parseLogoForm(body: unknown): LogoForm {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>).logo : undefined;
  const upload = firstValue(value);
  if (!upload || typeof upload !== 'object') return { errors: { logo: 'Select a PNG or SVG file' } };
  const { filename, data, truncated } = upload as { filename?: unknown; data?: unknown; truncated?: unknown };
  if (!Buffer.isBuffer(data) || (data.length === 0 && !filename))
    return { errors: { logo: 'Select a PNG or SVG file' } };
  if (truncated === true) return { errors: { logo: 'The logo must be smaller than 1 MB' } };
  if (data.length === 0) return { errors: { logo: 'The selected file is empty' } };
  return { errors: {}, data };
}
