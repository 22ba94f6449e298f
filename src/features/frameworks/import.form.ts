import { firstValue, type FieldErrors } from '../../lib/forms.js';

/** The import form: one file, and framework fields for spreadsheets that do not carry their own. */

export interface ImportFormValues {
  key: string;
  version: string;
  title: string;
  summary: string;
}

export interface UploadedFile {
  filename: string;
  data: Buffer;
  truncated: boolean;
}

export interface ImportForm {
  values: ImportFormValues;
  file?: UploadedFile;
  errors: FieldErrors<'file' | keyof ImportFormValues>;
}

const FIELD_LIMIT = 5000;

function text(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  const first = firstValue(value);
  return typeof first === 'string' ? first.trim().slice(0, FIELD_LIMIT) : '';
}

function fileOf(value: unknown): UploadedFile | undefined {
  const first = firstValue(value);
  if (!first || typeof first !== 'object') return undefined;
  const { filename, data, truncated } = first as Partial<UploadedFile>;
  if (typeof filename !== 'string' || !Buffer.isBuffer(data)) return undefined;
  return { filename, data, truncated: truncated === true };
}

export function parseImportForm(raw: unknown): ImportForm {
  const body = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const values = {
    key: text(body, 'key'),
    version: text(body, 'version'),
    title: text(body, 'title'),
    summary: text(body, 'summary'),
  };
  const file = fileOf(body.file);
  const errors: ImportForm['errors'] = {};
  if (!file || (!file.filename && file.data.length === 0)) errors.file = 'Select a framework file';
  else if (file.truncated) errors.file = 'The selected file must be 1 MB or smaller';
  else if (file.data.length === 0) errors.file = 'The selected file is empty';
  return { values, file, errors };
}

/** Form fields passed to the reader: only those filled in. */
export function importFields(values: ImportFormValues) {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v)) as Partial<ImportFormValues>;
}
