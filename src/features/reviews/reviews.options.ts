import type { ReviewRole, ReviewStatus, ReviewType } from '../../db/schema.js';

/** The keys the product and API use, with the words people see. */

export const REVIEW_TYPES: Record<ReviewType, string> = {
  'rapid-review': 'Rapid review',
  'local-cspr': 'Local child safeguarding practice review',
  'national-cspr': 'National child safeguarding practice review',
  scr: 'Serious case review (before 2019)',
  sar: 'Safeguarding adult review',
  dhr: 'Domestic homicide or domestic abuse related death review',
  other: 'Other review',
};

export const REVIEW_METHODS: Record<string, string> = {
  systems: 'Systems approach (for example Learning Together)',
  silp: 'Significant incident learning process (SILP)',
  traditional: 'Traditional (individual management reviews and overview report)',
  other: 'Other',
};

export const REVIEW_STATUSES: Record<ReviewStatus, string> = {
  'set-up': 'Setting up',
  running: 'Running',
  outputs: 'Outputs',
  complete: 'Complete',
  archived: 'Archived',
};

export const REVIEW_ROLES: Record<ReviewRole, string> = {
  chair: 'Chair (signs off)',
  'business-manager': 'Business manager',
  'lead-reviewer': 'Lead reviewer',
  'panel-member': 'Panel member',
  observer: 'Observer (read only)',
};

/**
 * The framework a new review of each type starts with, unless the person chooses another. A domestic
 * homicide review has none: DHRs follow the Home Office's statutory guidance, not the SAR markers, so
 * the person chooses the markers that suit theirs.
 */
export const DEFAULT_FRAMEWORK: Partial<Record<ReviewType, string>> = {
  'rapid-review': 'scr-quality-markers',
  'local-cspr': 'scr-quality-markers',
  'national-cspr': 'scr-quality-markers',
  scr: 'scr-quality-markers',
  sar: 'sar-quality-markers',
  other: 'scr-quality-markers',
};
