import { field, firstValue, rawField, type FieldErrors } from '../../lib/forms.js';
import {
  EVIDENCE_FILE_LIMIT_BYTES,
  EVIDENCE_FILE_LIMIT_TEXT,
  EVIDENCE_KINDS_TEXT,
  type FileTypeKey,
} from '../../lib/untrusted/file-type.js';
import { sniffFileTypeOffThread } from '../../lib/untrusted/off-thread.js';
import { UntrustedParseError } from '../../lib/untrusted/refusal.js';

/** The evidence forms on a marker page: a link, a note, or a file. GOV.UK-style messages. */

export { EVIDENCE_FILE_LIMIT_BYTES };
export const MAX_TITLE = 200;
export const MAX_URL = 2000;
export const MAX_NOTE = 20_000;

export type EvidenceKind = 'link' | 'note' | 'file';

export interface EvidenceForm<V> {
  kind: EvidenceKind;
  values: V;
  errors: FieldErrors;
}

/** The ids each field has on the page, for the error summary's links. */
export const EVIDENCE_FIELD_IDS: Record<EvidenceKind, Record<string, string>> = {
  link: { title: 'evidence-link-title', url: 'evidence-link-url' },
  note: { title: 'evidence-note-title', note: 'evidence-note-text' },
  file: { title: 'evidence-file-title', file: 'evidence-file' },
};

function titleProblem(title: string, required: boolean): string | undefined {
  if (!title && required) return 'Enter a title';
  if (title.length > MAX_TITLE) return `Title must be ${MAX_TITLE} characters or fewer`;
  return undefined;
}

function withoutEmpty(errors: Record<string, string | undefined>): FieldErrors {
  return Object.fromEntries(Object.entries(errors).filter((e): e is [string, string] => Boolean(e[1])));
}

export function parseLinkForm(body: unknown): EvidenceForm<{ title: string; url: string }> {
  const values = { title: field(body, 'title'), url: field(body, 'url') };
  let url: string | undefined;
  if (!values.url) url = 'Enter a web address';
  else if (values.url.length > MAX_URL)
    url = `Web address must be ${MAX_URL.toLocaleString('en-GB')} characters or fewer`;
  else if (!isHttpsUrl(values.url)) url = 'Enter a web address in the correct format, like https://www.example.com';
  return { kind: 'link', values, errors: withoutEmpty({ title: titleProblem(values.title, true), url }) };
}

function isHttpsUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'https:' && Boolean(u.hostname) && !u.username && !u.password;
  } catch {
    return false;
  }
}

export function parseNoteForm(body: unknown): EvidenceForm<{ title: string; note: string }> {
  const values = { title: field(body, 'title'), note: rawField(body, 'note').trim() };
  let note: string | undefined;
  if (!values.note) note = 'Enter the note';
  else if (values.note.length > MAX_NOTE) note = `Note must be ${MAX_NOTE.toLocaleString('en-GB')} characters or fewer`;
  return { kind: 'note', values, errors: withoutEmpty({ title: titleProblem(values.title, true), note }) };
}

export interface UploadedEvidenceFile {
  filename: string;
  data: Buffer;
  truncated: boolean;
}

export type FileForm = EvidenceForm<{ title: string }> & {
  file?: { filename: string; data: Buffer; type: FileTypeKey };
};

function fileOf(value: unknown): UploadedEvidenceFile | undefined {
  const first = firstValue(value);
  if (!first || typeof first !== 'object') return undefined;
  const { filename, data, truncated } = first as Partial<UploadedEvidenceFile>;
  if (typeof filename !== 'string' || !Buffer.isBuffer(data)) return undefined;
  return { filename, data, truncated: truncated === true };
}

/** The file's type from its content, read in a worker thread; or why it could not be read there. */
async function sniffed(data: Buffer): Promise<{ type: FileTypeKey | null; problem?: string }> {
  try {
    return { type: await sniffFileTypeOffThread(data) };
  } catch (err) {
    if (err instanceof UntrustedParseError) return { type: null, problem: err.fieldMessage };
    throw err;
  }
}

/**
 * The upload form: the type is decided by the file's content, never its name or declared type. The
 * content is read in a worker thread with memory and time limits, so a hostile file costs no one else.
 */
export async function parseFileForm(body: unknown): Promise<FileForm> {
  const values = { title: field(body, 'title') };
  const upload = fileOf(body && typeof body === 'object' ? (body as Record<string, unknown>).file : undefined);
  let file: string | undefined;
  let type: FileTypeKey | null = null;
  if (!upload || (!upload.filename && upload.data.length === 0)) file = 'Select a file';
  else if (upload.truncated || upload.data.length > EVIDENCE_FILE_LIMIT_BYTES)
    file = `The selected file must be smaller than ${EVIDENCE_FILE_LIMIT_TEXT}`;
  else if (upload.data.length === 0) file = 'The selected file is empty';
  else {
    const sniff = await sniffed(upload.data);
    type = sniff.type;
    if (sniff.problem) file = sniff.problem;
    else if (!type) file = `The selected file must be ${EVIDENCE_KINDS_TEXT}`;
  }
  const errors = withoutEmpty({ title: titleProblem(values.title, false), file });
  return {
    kind: 'file',
    values,
    errors,
    file: upload && type && !file ? { filename: upload.filename, data: upload.data, type } : undefined,
  };
}
