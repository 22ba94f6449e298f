/**
 * Checks of the statutory path in an import document (format version 3) beyond its shape: the origin's
 * route fits the review's type (an adult's s44 referral has no rapid review), its criteria and decision are
 * the route's own, and its dates come in order.
 */
import type { ReviewType } from '../../db/schema.js';
import { DECISION_CRITERIA, OUTCOMES_BY_ROUTE, REFERRAL_CRITERIA } from '../referrals/referrals.options.js';
import type { ReviewExport } from './review-export.schema.js';

type Add = (path: PropertyKey[], message: string) => void;

const CHILDREN: readonly ReviewType[] = ['rapid-review', 'local-cspr', 'national-cspr', 'scr'];

/** The ids of the statutory records, with where each is, for the document-wide uniqueness check. */
export function statutoryIds(doc: ReviewExport): { id: string; path: PropertyKey[] }[] {
  const o = doc.origin;
  return [
    ...(o ? [{ id: o.id, path: ['origin'] }] : []),
    ...(o?.rapidReview?.agencySummaries ?? []).map((q, i) => ({
      id: q.id,
      path: ['origin', 'rapidReview', 'agencySummaries', i],
    })),
    ...(doc.statusHistory ?? []).map((s, i) => ({ id: s.id, path: ['statusHistory', i] })),
    ...(doc.publication?.events ?? []).map((e, i) => ({ id: e.id, path: ['publication', 'events', i] })),
  ];
}

export function checkStatutory(doc: ReviewExport, add: Add) {
  const o = doc.origin;
  if (!o) return;
  const children = o.route === 'serious-incident-notification';
  if (children !== CHILDREN.includes(doc.review.type) || (!children && doc.review.type !== 'sar')) {
    add(
      ['origin', 'route'],
      'A children’s review comes from a serious incident notification and a safeguarding adult review from an s44 referral',
    );
  }
  if (!children && o.rapidReview) add(['origin', 'rapidReview'], 'An adult’s s44 referral has no rapid review');
  if (o.awareOn && o.awareOn > o.receivedOn)
    add(['origin', 'awareOn'], 'The date the local authority became aware must not be after the date received');
  const criteria = new Set(REFERRAL_CRITERIA[o.route].map((c) => c.key));
  for (const key of Object.keys(o.criteria)) {
    if (!criteria.has(key)) add(['origin', 'criteria', key], `The ${o.route} route has no criterion ${key}`);
  }
  const d = o.decision;
  if (!d) return;
  if (!OUTCOMES_BY_ROUTE[o.route].includes(d.outcome))
    add(['origin', 'decision', 'outcome'], `The outcome ${d.outcome} is not one of the ${o.route} route’s`);
  const reasons = new Set(DECISION_CRITERIA[o.route].map((c) => c.key));
  for (const key of Object.keys(d.criteria)) {
    if (!reasons.has(key)) add(['origin', 'decision', 'criteria', key], `The ${o.route} route has no criterion ${key}`);
  }
  if (d.decidedOn && d.decidedOn < o.receivedOn)
    add(['origin', 'decision', 'decidedOn'], 'The decision must not be before the referral was received');
}
