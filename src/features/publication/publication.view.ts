/** The publication record as rows of plain words, for the review page, the marker pages and the read-only page. */
import type { ReviewType } from '../../db/schema.js';
import { formatDate } from '../../lib/uk-time.js';
import { isChildrensReview, PUBLICATION_DECISIONS, PUBLICATION_ROLES, repositoryOf } from './publication.options.js';
import type { CopiesCheck, PublicationInput } from './publication.rules.js';

export interface SummaryRow {
  key: string;
  value: string;
  /** A web address to link the value to */
  href?: string;
  tag?: { text: string; classes: string };
}

const date = (d: string | null) => (d ? formatDate(d) : 'Not recorded');
/** "the safeguarding partners": a role, in the middle of a sentence. */
const role = (r: string | null) => {
  const label = r ? (PUBLICATION_ROLES[r] ?? r) : 'someone not recorded';
  return label.charAt(0).toLowerCase() + label.slice(1);
};

export function summaryRows(type: ReviewType, r: PublicationInput, copies: CopiesCheck | null): SummaryRow[] {
  const decided = [r.decidedOn ? `on ${formatDate(r.decidedOn)}` : '', r.decidedBy ? `by ${role(r.decidedBy)}` : '']
    .filter(Boolean)
    .join(' ');
  const rows: SummaryRow[] = [
    {
      key: 'Decision',
      value: r.decision
        ? `${PUBLICATION_DECISIONS[r.decision]}${decided ? `, decided ${decided}` : ''}${r.decisionReasons ? `. Reasons: ${r.decisionReasons}` : ''}`
        : 'Not decided yet',
    },
    {
      key: 'Legal and data protection checks',
      value: r.legalCheckOn ? `Done on ${formatDate(r.legalCheckOn)} by ${role(r.legalCheckBy)}` : 'Not recorded',
    },
    { key: 'Family told before publication', value: date(r.familyToldOn) },
  ];
  if (isChildrensReview(type) && copies) {
    rows.push({
      key: 'Final report to the Panel and the Secretary of State',
      value: copies.text,
      tag: { text: copies.tag, classes: copies.tagClass },
    });
  }
  rows.push(
    { key: 'Embargo until', value: r.embargoUntil ? formatDate(r.embargoUntil) : 'None recorded' },
    {
      key: 'Published',
      value: r.publishedOn ? formatDate(r.publishedOn) : 'Not published',
      ...(r.publishedUrl ? { href: r.publishedUrl } : {}),
    },
    { key: 'Online until', value: date(r.onlineUntil) },
    { key: `Deposited in ${repositoryOf(type)}`, value: date(r.depositedOn) },
  );
  return rows;
}
