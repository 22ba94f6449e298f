import type { PublicationDecision, ReviewType } from '../../db/schema.js';

/** The publication decisions, with the words people see. */
export const PUBLICATION_DECISIONS: Record<PublicationDecision, string> = {
  full: 'Publish the full report',
  'improvements-only': 'Publish the improvements to be made only',
  'not-published': 'Not published',
  delayed: 'Publication delayed',
};

/** Who decided, or who did the checks: roles, never people's names. */
export const PUBLICATION_ROLES: Record<string, string> = {
  partners: 'The safeguarding partners',
  board: 'The safeguarding adults board',
  chair: 'The partnership or board chair',
  'case-review-group': 'The case review subgroup',
  'business-manager': 'The business manager',
  'legal-adviser': 'A legal adviser',
  'data-protection-officer': 'The data protection officer',
  'information-governance': 'The information governance team',
};

/** Longest reasons for the decision, and longest description of a briefing or learning event. */
export const REASONS_LIMIT = 2000;
export const EVENT_LIMIT = 500;
export const URL_LIMIT = 500;

/** Reviews of children, whose final report goes to the Panel and the Secretary of State 7 working days ahead. */
const CHILDREN: readonly ReviewType[] = ['rapid-review', 'local-cspr', 'national-cspr', 'scr'];
export const isChildrensReview = (type: ReviewType) => CHILDREN.includes(type);

/** Where a published report is deposited: the NSPCC repository for children, the national SAR library for adults. */
export function repositoryOf(type: ReviewType): string {
  if (isChildrensReview(type)) return 'the NSPCC national case review repository';
  if (type === 'sar') return 'the national SAR library';
  return 'a national repository of reviews';
}

/** The framework markers that ask about publication: SCR marker 17 and SAR marker 14. */
export const PUBLICATION_MARKERS: readonly string[] = ['publication', 'publication-and-dissemination'];

/** Working days before publication by which the Panel and the Secretary of State must have the report. */
export const COPIES_WORKING_DAYS = 7;
