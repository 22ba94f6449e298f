/**
 * The first step of a review import: the body as JSON, and its shape by the export schema. A body of
 * up to 64 MB is read in a worker thread with memory and time limits (lib/untrusted/pool.ts), so one
 * large import does not hold up every other request; a small one is read here, where it takes
 * milliseconds.
 */
import { nulAt } from '../../lib/nul.js';
import { untrustedTask } from '../../lib/untrusted/pool.js';
import { UntrustedParseError } from '../../lib/untrusted/refusal.js';
import { pointer, type ImportProblem } from './import.check.js';
import { reviewExportSchema, type ReviewExport } from './review-export.schema.js';

export type ParsedImport = { ok: true; doc: ReviewExport } | { ok: false; problems: ImportProblem[] };

/** Bodies larger than this are parsed in a worker thread. */
export const INLINE_IMPORT_BYTES = 1024 * 1024;

/** The body as a review export, or its first `maxProblems` problems. */
export function parseReviewExport(body: string, maxProblems: number): ParsedImport {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, problems: [{ path: '', message: 'The body is not valid JSON: export the review again' }] };
  }
  const nul = nulAt(json);
  if (nul) {
    const message = 'This text contains a NUL character (U+0000), which cannot be stored: remove it and export again';
    return { ok: false, problems: [{ path: pointer(nul), message }] };
  }
  const parsed = reviewExportSchema.safeParse(json);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.slice(0, maxProblems).map((i) => ({ path: pointer(i.path), message: i.message })),
    };
  }
  return { ok: true, doc: parsed.data };
}

const parseInWorker = untrustedTask<typeof parseReviewExport>(
  new URL('./import.parse.js', import.meta.url),
  'parseReviewExport',
  // A parsed document takes several times its text in memory: a 64 MB body needs more than a spreadsheet.
  { heapMb: (configured) => configured * 4 },
);

/** parseReviewExport, in a worker thread when the body is large. */
export async function parseReviewExportOffThread(body: string, maxProblems: number): Promise<ParsedImport> {
  if (body.length <= INLINE_IMPORT_BYTES) return parseReviewExport(body, maxProblems);
  try {
    return await parseInWorker(body, maxProblems);
  } catch (err) {
    if (!(err instanceof UntrustedParseError)) throw err;
    return { ok: false, problems: [{ path: '', message: err.message }] };
  }
}
