import type { Rag, WrittenResponseStatus } from '../../db/schema.js';

/**
 * The words a board report uses for action ratings and the written response. The kinds and statuses of
 * findings and actions are the actions feature's own words (actions.options.ts).
 */

/** 'none' stands for an action nobody has rated yet. */
export const RAG_LABELS: Record<Rag | 'none', string> = {
  red: 'Red',
  amber: 'Amber',
  green: 'Green',
  none: 'Not rated',
};

export const RESPONSE_STATUSES: Record<WrittenResponseStatus, string> = {
  draft: 'Draft',
  agreed: 'Agreed',
};

/** Answers that leave a question open. */
export const OPEN_ANSWERS: readonly (string | null)[] = [null, 'not-yet-known'];

/**
 * Exports of the whole review offered on the report, with their link text. (The report itself comes as
 * a PDF from its own address: the same document as the page.)
 */
export const EXPORT_FORMATS = [
  { format: 'docx', text: 'Download the whole review as Word' },
  { format: 'xlsx', text: 'Download the whole review as Excel' },
  { format: 'csv', text: 'Download the markers as CSV' },
  { format: 'json', text: 'Download the whole review as JSON' },
] as const;
