/**
 * The shape of the yearly-report extract, which the page, the Word file and the CSV all render: parts
 * (children's and adults'), each a list of sections with figures, an optional table and lists of items.
 * Pure: the words people see, never the product's keys.
 */
import type { ActionStatus, ReviewStatus, ReviewType } from '../../db/schema.js';

export type PartKey = 'children' | 'adults';

export interface Figure {
  label: string;
  value: number;
}

export interface Item {
  text: string;
  details: string[];
}

export interface ItemList {
  title: string;
  items: Item[];
  /** What the list says when it has no items. */
  empty: string;
  /** Items left out of a preview (in the downloads). */
  more?: number;
}

export interface Table {
  caption: string;
  head: string[];
  rows: string[][];
}

export interface Section {
  heading: string;
  intro: string;
  figures: Figure[];
  table?: Table;
  lists: ItemList[];
}

export interface ExtractPart {
  key: PartKey;
  title: string;
  intro: string;
  sections: Section[];
}

export interface Extract {
  partnership: string;
  from: string;
  to: string;
  parts: ExtractPart[];
}

/** The rows the extract is built from (learning-report.repository.ts reads them). */
export interface ReferralRow {
  route: 'serious-incident-notification' | 's44-referral';
  received_on: string;
  meeting_on: string | null;
  submitted_on: string | null;
  decided_on: string | null;
  outcome: string | null;
  reasons: string | null;
  subject_pseudonym: string;
}

export interface ReviewRow {
  id: string;
  reference: string;
  title: string;
  type: ReviewType;
  status: ReviewStatus;
  decision_date: string | null;
  created_at: string;
  final_report_date: string | null;
  publication_date: string | null;
  published_on: string | null;
  published_url: string | null;
  referral_route: string | null;
}

export interface FindingRow {
  id: string;
  kind: 'finding' | 'recommendation';
  number: number;
  text: string;
  review_id: string;
  reference: string;
  type: ReviewType;
  theme: string | null;
  theme_position: number | null;
  /** Whether any action answers it (a recommendation's), at any time. */
  has_action: number | boolean | string | null;
}

export interface ActionRow {
  id: string;
  number: number;
  title: string;
  status: ActionStatus;
  due_date: string | null;
  completed_at: string | null;
  impact_what_changed: string;
  impact_how_we_know: string;
  review_id: string;
  reference: string;
  type: ReviewType;
  finding_id: string | null;
  finding_kind: string | null;
  finding_number: number | null;
  finding_text: string | null;
}

export interface ExtractInput {
  partnership: { name: string; kind: 'children' | 'adults' | 'both' };
  from: string;
  to: string;
  referrals: ReferralRow[];
  reviews: ReviewRow[];
  findings: FindingRow[];
  actions: ActionRow[];
  /** The reason recorded for each cancelled action (its latest progress note), by action id. */
  cancelReasons: Map<string, string>;
}

/** The reviews each part reports on. Types that are neither (a DHR, an "other") go in the first part. */
const ADULT_TYPES: readonly ReviewType[] = ['sar'];
const CHILDREN_TYPES: readonly ReviewType[] = ['rapid-review', 'local-cspr', 'national-cspr', 'scr'];

export function groupOfType(type: ReviewType): PartKey | null {
  if (ADULT_TYPES.includes(type)) return 'adults';
  return CHILDREN_TYPES.includes(type) ? 'children' : null;
}

export function groupOfRoute(route: ReferralRow['route']): PartKey {
  return route === 's44-referral' ? 'adults' : 'children';
}

/**
 * The parts a partnership's extract has: those its kind names, and any whose reviews it holds (a
 * children's partnership that ran a safeguarding adult review gets the adults' part too).
 */
export function partsFor(kind: 'children' | 'adults' | 'both', types: Iterable<ReviewType>): PartKey[] {
  const parts = new Set<PartKey>(kind === 'both' ? ['children', 'adults'] : [kind]);
  for (const t of types) {
    const group = groupOfType(t);
    if (group) parts.add(group);
  }
  return (['children', 'adults'] as const).filter((p) => parts.has(p));
}

/** A preview of the extract: each list cut to `cap` items, saying how many more the downloads hold. */
export function previewOf(extract: Extract, cap: number): Extract {
  return {
    ...extract,
    parts: extract.parts.map((part) => ({
      ...part,
      sections: part.sections.map((s) => ({
        ...s,
        lists: s.lists.map((l) =>
          l.items.length > cap ? { ...l, items: l.items.slice(0, cap), more: l.items.length - cap } : l,
        ),
      })),
    })),
  };
}
