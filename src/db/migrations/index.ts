import type { Migration } from 'kysely';
import * as initial from './2026-11-25T0000-initial.js';
import * as accounts from './2026-11-25T0100-accounts.js';
import * as twoFactor from './2026-11-25T0200-two-factor.js';
import * as reviews from './2026-11-25T0300-reviews.js';
import * as actions from './2026-11-26T0400-actions.js';
import * as roundFrameworkVersion from './2026-11-26T0500-round-framework-version.js';
import * as signInAttemptAddress from './2026-12-07T0100-sign-in-attempt-address.js';
import * as learningThemesByKind from './2026-12-07T0600-learning-themes-by-kind.js';
import * as notifications from './2026-12-07T1300-notifications.js';
import * as workIndexes from './2026-12-07T1400-work-indexes.js';
import * as reviewClocks from './2026-12-07T1500-review-clocks.js';
import * as referrals from './2026-12-07T1510-referrals.js';
import * as reviewStatusAndPublication from './2026-12-07T1520-review-status-and-publication.js';
import * as commentAddressedTo from './2026-12-07T1600-comment-addressed-to.js';
import * as roundMeetingDate from './2026-12-07T1610-round-meeting-date.js';
import * as learningIndexes from './2026-12-07T1700-learning-indexes.js';
import * as searchIndex from './2026-12-07T1710-search-index.js';
import * as reviewerToldAndReferralEdits from './2026-12-07T1750-reviewer-told-and-referral-edits.js';
import * as learningReadModels from './2026-12-07T2100-learning-read-models.js';
import * as learningSummary from './2026-12-08T0100-learning-summary.js';
import * as reviewClockStaleToken from './2026-12-08T0300-review-clock-stale-token.js';
import * as searchDocumentOrder from './2026-12-07T2110-search-document-order.js';

/** Every migration, by name; names sort in the order they run. */
export const migrations: Record<string, Migration> = {
  '2026-11-25T0000-initial': initial,
  '2026-11-25T0100-accounts': accounts,
  '2026-11-25T0200-two-factor': twoFactor,
  '2026-11-25T0300-reviews': reviews,
  '2026-11-26T0400-actions': actions,
  '2026-11-26T0500-round-framework-version': roundFrameworkVersion,
  '2026-12-07T0100-sign-in-attempt-address': signInAttemptAddress,
  '2026-12-07T0600-learning-themes-by-kind': learningThemesByKind,
  '2026-12-07T1300-notifications': notifications,
  '2026-12-07T1400-work-indexes': workIndexes,
  '2026-12-07T1500-review-clocks': reviewClocks,
  '2026-12-07T1510-referrals': referrals,
  '2026-12-07T1520-review-status-and-publication': reviewStatusAndPublication,
  '2026-12-07T1600-comment-addressed-to': commentAddressedTo,
  '2026-12-07T1610-round-meeting-date': roundMeetingDate,
  '2026-12-07T1700-learning-indexes': learningIndexes,
  '2026-12-07T1710-search-index': searchIndex,
  '2026-12-07T1750-reviewer-told-and-referral-edits': reviewerToldAndReferralEdits,
  '2026-12-07T2100-learning-read-models': learningReadModels,
  '2026-12-07T2110-search-document-order': searchDocumentOrder,
  '2026-12-08T0100-learning-summary': learningSummary,
  '2026-12-08T0300-review-clock-stale-token': reviewClockStaleToken,
};
