/**
 * A parse of untrusted bytes refused by its limits (lib/untrusted/pool.ts), and what the person is told.
 */
import { HttpError } from '../errors.js';

export type UntrustedFailure = 'too-big' | 'too-slow' | 'unreadable' | 'busy';

/** What the person is told, in GOV.UK style; the feature may say it by the field instead. */
export const UNTRUSTED_MESSAGES: Record<UntrustedFailure, string> = {
  'too-big': 'The file needs more memory to read than we allow: make it smaller or simpler and try again',
  'too-slow': 'The file took too long to read: make it smaller or simpler and try again',
  unreadable: 'The file could not be read: check it and try again',
  busy: 'We are reading too many files at the moment: try again in a minute',
};

const STATUS: Record<UntrustedFailure, number> = { 'too-big': 413, 'too-slow': 400, unreadable: 400, busy: 503 };

/** A parse refused by its limits. An HttpError, so uncaught it still becomes a clear 4xx (or 503 when busy). */
export class UntrustedParseError extends HttpError {
  constructor(
    readonly kind: UntrustedFailure,
    /** For the logs only: never shown to people */
    readonly detail?: string,
  ) {
    super(STATUS[kind], UNTRUSTED_MESSAGES[kind]);
    this.name = 'UntrustedParseError';
  }

  /** The message by an upload field, in GOV.UK style ("The selected file …"). */
  get fieldMessage(): string {
    return this.message.replace(/^The file/, 'The selected file');
  }
}
