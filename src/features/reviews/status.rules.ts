/**
 * How a review's status moves (issue 18 §3): one step at a time along set-up → running → outputs →
 * complete → archived, forward when its rule is met, back one step with a reason. A partnership admin may
 * move it forward although the rule is not met, saying why. Pure: the facts come from status.service.ts.
 */
import type { ReviewStatus } from '../../db/schema.js';
import { REVIEW_STATUSES } from './reviews.options.js';

export const STATUS_ORDER: readonly ReviewStatus[] = ['set-up', 'running', 'outputs', 'complete', 'archived'];

/** Longest reason for a move. */
export const REASON_LIMIT = 1000;

export type Direction = 'forward' | 'back';

/** 'forward' or 'back' for a move of one step; null for anything else (no move, or a jump). */
export function directionOf(from: ReviewStatus, to: ReviewStatus): Direction | null {
  const step = STATUS_ORDER.indexOf(to) - STATUS_ORDER.indexOf(from);
  if (step === 1) return 'forward';
  if (step === -1) return 'back';
  return null;
}

/** The moves open from a status: the next step and the one before, where there are. */
export function movesFrom(from: ReviewStatus): { to: ReviewStatus; direction: Direction }[] {
  const i = STATUS_ORDER.indexOf(from);
  return [
    ...(i < STATUS_ORDER.length - 1 ? [{ to: STATUS_ORDER[i + 1]!, direction: 'forward' as const }] : []),
    ...(i > 0 ? [{ to: STATUS_ORDER[i - 1]!, direction: 'back' as const }] : []),
  ];
}

/** What the rules look at. */
export interface StatusFacts {
  /** Some section of the scope and terms of reference has been written. */
  scopeWritten: boolean;
  /** The report was published, or a decision not to publish it is recorded. */
  publicationSettled: boolean;
  /** The partners' written response is agreed. */
  responseAgreed: boolean;
}

/** Something a forward move needs that is not there: what to say, and where to put it right. */
export interface Missing {
  key: 'scope' | 'publication' | 'response';
  text: string;
  href: string;
}

/** What the move to `to` still needs (nothing for a move back). */
export function missingFor(reviewId: string, to: ReviewStatus, facts: StatusFacts): Missing[] {
  const base = `/reviews/${reviewId}`;
  const missing: Missing[] = [];
  if (to === 'running' && !facts.scopeWritten) {
    missing.push({
      key: 'scope',
      text: 'The scope and terms of reference have not been written',
      href: `${base}/scope`,
    });
  }
  if (to === 'complete') {
    if (!facts.publicationSettled) {
      missing.push({
        key: 'publication',
        text: 'The report has not been published, and no decision not to publish it is recorded',
        href: `${base}/publication`,
      });
    }
    if (!facts.responseAgreed) {
      missing.push({
        key: 'response',
        text: 'The partners’ written response has not been agreed',
        href: `${base}/response`,
      });
    }
  }
  return missing;
}

/** What a move needs besides the facts, in words for the page. */
export function ruleOf(to: ReviewStatus, direction: Direction): string {
  if (direction === 'back') return `Moving back to ${REVIEW_STATUSES[to].toLowerCase()} needs a reason.`;
  switch (to) {
    case 'running':
      return 'The terms of reference must be written and agreed: give the date they were agreed.';
    case 'complete':
      return 'The report must be published, or a decision not to publish it recorded, and the partners’ written response agreed.';
    default:
      return '';
  }
}
