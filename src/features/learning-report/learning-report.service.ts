/**
 * The yearly-report extract and the tracker export. Who may: partnership admins, and the chairs and
 * business managers of the partnership's reviews (the review policy's 'learning.report'); the figures count
 * only the reviews the person may see, and the register (which such a person may read in full). Downloads
 * are recorded in the audit log.
 */
import type { Db } from '../../db/create-db.js';
import { HttpError } from '../../lib/errors.js';
import { ukMidnight } from '../../lib/uk-time.js';
import { addCalendarDays } from '../../lib/working-days.js';
import type { PartnershipActor } from '../../plugins/auth.js';
import { recordAudit } from '../audit/audit.service.js';
import { logoForDocuments } from '../reports/logo.service.js';
import { authorize } from '../reviews/policy.js';
import { strongestReviewRole } from '../reviews/team.service.js';
import { buildExtract } from './extract.build.js';
import type { Extract } from './extract.model.js';
import * as repo from './learning-report.repository.js';
import { trackerRows } from './tracker.js';

export interface Period {
  from: string;
  to: string;
}

/** 403 unless the person may read the extract; the reviews they may see otherwise. */
export async function reportScope(db: Db, actor: PartnershipActor): Promise<repo.Scope> {
  if (actor.partnershipRole === 'admin') return { organisationId: actor.organisationId };
  const reviewRole = await strongestReviewRole(db, actor.organisationId, actor.userId);
  if (!authorize(actor, 'learning.report', { reviewRole })) {
    throw new HttpError(
      403,
      'Only partnership admins, and the chairs and business managers of the partnership’s reviews, can see the yearly report extract',
    );
  }
  return { organisationId: actor.organisationId, memberId: actor.userId };
}

function boundsOf(period: Period): repo.PeriodBounds {
  return {
    ...period,
    startsAt: ukMidnight(period.from).toISOString(),
    endsAt: ukMidnight(addCalendarDays(period.to, 1)).toISOString(),
  };
}

/** The extract for the period, counting what the person may see. */
export async function annualExtract(db: Db, actor: PartnershipActor, period: Period): Promise<Extract> {
  const scope = await reportScope(db, actor);
  const bounds = boundsOf(period);
  const [partnership, referrals, reviews, findings, actions, notes] = await Promise.all([
    repo.partnershipOf(db, actor.organisationId),
    repo.referralsIn(db, actor.organisationId, bounds),
    repo.reviewsOf(db, scope),
    repo.findingsOfReviewsCompleted(db, scope, bounds),
    repo.actionsIn(db, scope, bounds),
    repo.cancelledNotes(db, scope, bounds),
  ]);
  // Notes come oldest first: the last one kept for an action is its latest, the reason it was closed.
  const cancelReasons = new Map(notes.map((n) => [n.action_id, n.note]));
  return buildExtract({
    partnership: { name: partnership.name, kind: partnership.kind },
    ...period,
    referrals,
    reviews,
    findings,
    actions,
    cancelReasons,
  });
}

export type ExtractFormat = 'docx' | 'csv';

/** The extract for a download, with the partnership's logo for Word; the download is audited. */
export async function extractDownload(
  db: Db,
  actor: PartnershipActor,
  period: Period,
  format: ExtractFormat,
  now: Date,
) {
  const extract = await annualExtract(db, actor, period);
  const [partnership, logo] = await Promise.all([
    repo.partnershipOf(db, actor.organisationId),
    format === 'docx' ? logoForDocuments(db, actor.organisationId) : null,
  ]);
  await recordAudit(
    db,
    actor,
    { action: 'learning.annual_report_downloaded', detail: { format, from: period.from, to: period.to } },
    now,
  );
  return {
    extract,
    slug: partnership.slug,
    logo,
  };
}

/** The tracker export's rows for every review the person may see; the download is audited. */
export async function trackerExport(db: Db, actor: PartnershipActor, now: Date) {
  const scope = await reportScope(db, actor);
  const [partnership, reviews, themes] = await Promise.all([
    repo.partnershipOf(db, actor.organisationId),
    repo.reviewsOf(db, scope),
    repo.themeCountsOf(db, scope),
  ]);
  await recordAudit(db, actor, { action: 'learning.tracker_downloaded', detail: { reviews: reviews.length } }, now);
  return { slug: partnership.slug, rows: trackerRows(reviews, themes) };
}
