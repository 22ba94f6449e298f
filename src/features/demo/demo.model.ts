/** The shapes the demo seed passes between its generator, service and repository. */
import type { Database, OrganisationTable } from '../../db/schema.js';
import type { FrameworkFile } from '../frameworks/framework.schema.js';

/** Every seeded review's reference starts with this (and the review has no creator: the CLI made it). */
export const DEMO_PREFIX = 'DEMO-';

export const demoReference = (k: number) => `${DEMO_PREFIX}${String(k).padStart(5, '0')}`;

/** The tables the seed writes, in an order that keeps foreign keys satisfied. */
export const DEMO_TABLES = [
  'review',
  'review_member',
  'review_scope',
  'assessment_round',
  'marker_record',
  'question_response',
  'evidence',
  'finding',
  'finding_theme',
  'finding_marker',
  'action',
  'publication',
  'written_response',
  'referral',
  'referral_conversion',
] as const satisfies readonly (keyof Database)[];

export type DemoTable = (typeof DEMO_TABLES)[number];
export type DemoRows = { [T in DemoTable]: Database[T][] };

export function emptyRows(): DemoRows {
  return Object.fromEntries(DEMO_TABLES.map((t) => [t, []])) as unknown as DemoRows;
}

/** The demo people of a partnership, by what they do on reviews (user ids). */
export interface DemoPeople {
  chairs: string[];
  businessManagers: string[];
  leadReviewers: string[];
  panelMembers: string[];
}

/** One review's team (user ids). */
export interface DemoTeam {
  chair: string;
  businessManager: string;
  leadReviewer: string;
  panel: string[];
  /** The people who own and fill in marker records. */
  assessors: string[];
}

export interface DemoTheme {
  id: string;
  label: string;
}

export interface DemoContext {
  seed: number;
  /** The day (days since 1970-01-01) the generated history runs up to. */
  asOf: number;
  organisation: Pick<OrganisationTable, 'id' | 'slug' | 'kind'>;
  people: DemoPeople;
  /** The partnership's themes fit for children's reviews and for adults' reviews. */
  themes: { children: DemoTheme[]; adults: DemoTheme[] };
  frameworks: { children: FrameworkFile; adults: FrameworkFile };
}
