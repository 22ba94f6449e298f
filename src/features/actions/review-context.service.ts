/**
 * What every findings, actions and written response page needs first: the review (as the person may
 * see it), what they may do with it, and the framework version it pinned.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { HttpError } from '../../lib/errors.js';
import type { FrameworkFile } from '../frameworks/framework.schema.js';
import { allMarkers, type FrameworkCatalogue } from '../frameworks/frameworks.service.js';
import { resolveFramework } from '../frameworks/resolve.service.js';
import { authorize } from '../reviews/policy.js';
import { getReview, type Review } from '../reviews/reviews.service.js';
import type { PartnershipActor } from '../../plugins/auth.js';

type Db = Kysely<Database>;

/** A review the person may see (another partnership's, or one they are not on, is "not found"). */
export function reviewFor(db: Db, actor: PartnershipActor, reviewId: string) {
  return getReview(db, actor, reviewId, { audit: false });
}

/**
 * Those who run the review (chair, business manager, lead reviewer, partnership admins: the policy's
 * 'review.manage') record findings, actions and the written response; panel members, observers and
 * partnership viewers read them.
 */
export function canChange(review: Review): boolean {
  return review.access.canManage;
}

export function requireChange(review: Review) {
  if (!canChange(review))
    throw new HttpError(403, 'You can read this review’s findings and actions but not change them');
}

/** Only the review's chair or a partnership admin agrees (or reopens) the written response. */
export function canAgree(review: Review, actor: PartnershipActor): boolean {
  return authorize(actor, 'response.agree', review.access);
}

/**
 * The framework version the review pinned, from the built-in ones or the partnership's own; its latest
 * version when that one is gone, so findings and actions still read.
 */
export function frameworkOf(db: Db, catalogue: FrameworkCatalogue, review: Review) {
  return resolveFramework(db, catalogue, review.organisation_id, review.framework_key, review.framework_version, {
    fallback: 'latest',
  });
}

export interface MarkerChoice {
  key: string;
  number: number;
  title: string;
}

export function markerChoices(framework: FrameworkFile | undefined): MarkerChoice[] {
  return framework ? allMarkers(framework).map((m) => ({ key: m.key, number: m.number, title: m.title })) : [];
}
