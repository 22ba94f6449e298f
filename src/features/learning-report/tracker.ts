/**
 * The tracker export: one row per review in the fields NHS England's Safeguarding Case Review Tracker
 * records (type, status, up to three themes, whether a rapid review led to it, the publication's web
 * address), in plain words. Pure.
 */
import { REVIEW_STATUSES, REVIEW_TYPES } from '../reviews/reviews.options.js';
import type { ReviewRow } from './extract.model.js';

export const TRACKER_COLUMNS = [
  'Review reference',
  'Review type',
  'Status',
  'Theme 1',
  'Theme 2',
  'Theme 3',
  'Converted from a rapid review',
  'Decision date',
  'Final report date',
  'Publication date',
  'Publication web address',
];

export interface ThemeCount {
  review_id: string;
  label: string;
  position: number;
  findings: number | string | bigint;
}

/** A review's three most frequent themes across its findings (ties: the partnership's order of themes). */
function topThemes(counts: ThemeCount[]): string[] {
  return [...counts]
    .sort(
      (a, b) => Number(b.findings) - Number(a.findings) || a.position - b.position || a.label.localeCompare(b.label),
    )
    .slice(0, 3)
    .map((c) => c.label);
}

export function trackerRows(reviews: ReviewRow[], themes: ThemeCount[]): string[][] {
  const byReview = new Map<string, ThemeCount[]>();
  for (const t of themes) byReview.set(t.review_id, [...(byReview.get(t.review_id) ?? []), t]);
  return reviews.map((r) => {
    const top = topThemes(byReview.get(r.id) ?? []);
    return [
      r.reference,
      REVIEW_TYPES[r.type],
      REVIEW_STATUSES[r.status],
      top[0] ?? '',
      top[1] ?? '',
      top[2] ?? '',
      r.referral_route === 'serious-incident-notification' ? 'Yes' : 'No',
      r.decision_date ?? '',
      r.final_report_date ?? '',
      r.published_on ?? r.publication_date ?? '',
      r.published_url ?? '',
    ];
  });
}
