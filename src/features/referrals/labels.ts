import {
  ANSWER_LABELS,
  DECISION_CRITERIA,
  OUTCOME_LABELS,
  REFERRAL_CRITERIA,
  ROUTE_LABELS,
  STAGE_LABELS,
} from './referrals.options.js';

/** The words the register's pages show for its keys. */
export const labels = {
  routes: ROUTE_LABELS,
  answers: ANSWER_LABELS,
  outcomes: OUTCOME_LABELS,
  stages: STAGE_LABELS,
  criteria: REFERRAL_CRITERIA,
  decisionCriteria: DECISION_CRITERIA,
};
