/**
 * Importing a review exported as JSON: checked in full first (located problems, nothing saved), then
 * written in one transaction with new ids in the caller's partnership, and audited.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { FrameworkFile } from '../frameworks/framework.schema.js';
import { HttpError } from '../../lib/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { partnershipPeople } from './exports.repository.js';
import type { FrameworkCatalogue } from '../frameworks/frameworks.service.js';
import { resolveFramework } from '../frameworks/resolve.service.js';
import { referenceTaken } from '../reviews/reference.service.js';
import { checkImport, type ImportProblem } from './import.check.js';
import { parseReviewExportOffThread } from './import.parse.js';
import { insertAll, learningThemes } from './import.repository.js';
import { planImport } from './import.rows.js';
import type { ReviewExport } from './review-export.schema.js';
import type { PartnershipActor } from '../../plugins/auth.js';

type Db = Kysely<Database>;

/** A review with its files can be large; everything else in the API keeps the 1 MB limit. */
export const IMPORT_BODY_LIMIT_BYTES = 64 * 1024 * 1024;
/** At most this many problems are listed: enough to act on, never an enormous answer. */
const MAX_PROBLEMS = 100;

export type ImportResult =
  | {
      ok: true;
      reviewId: string;
      reference: string;
      droppedTeamMembers: ReviewExport['team'];
      unknownPeople: string[];
    }
  | { ok: false; problems: ImportProblem[] };

export async function importReview(
  db: Db,
  catalogue: FrameworkCatalogue,
  actor: PartnershipActor,
  /** The request body, as text */
  body: string,
  now = new Date(),
): Promise<ImportResult> {
  if (actor.partnershipRole === 'viewer') throw new HttpError(403, 'Viewers cannot import reviews');
  // JSON and the export schema, in a worker thread for a large body.
  const parsed = await parseReviewExportOffThread(body, MAX_PROBLEMS);
  if (!parsed.ok) return parsed;
  const doc = parsed.doc;
  // A version the partnership does not have is a problem with the file, named by checkImport: no fallback.
  const frameworkOf = (version: string) =>
    resolveFramework(db, catalogue, actor.organisationId, doc.framework.key, version, { fallback: 'none' });
  const framework = await frameworkOf(doc.framework.version);
  const roundFrameworks = new Map<string, FrameworkFile | undefined>();
  for (const version of new Set(doc.rounds.map((r) => r.frameworkVersion))) {
    if (version !== doc.framework.version) roundFrameworks.set(version, await frameworkOf(version));
  }
  const problems = checkImport(doc, framework, roundFrameworks);
  if (problems.length) return { ok: false, problems: problems.slice(0, MAX_PROBLEMS) };

  const plan = planImport(doc, {
    organisationId: actor.organisationId,
    importer: { userId: actor.userId, isAdmin: actor.partnershipRole === 'admin' },
    people: await partnershipPeople(db, actor.organisationId),
    themes: await learningThemes(db, actor.organisationId),
    now,
  });
  await db.transaction().execute(async (trx) => {
    if (await referenceTaken(trx, actor.organisationId, doc.review.reference)) {
      throw new HttpError(
        409,
        `Your partnership already has a review with the reference ${doc.review.reference}: change the reference in the file, or the existing review’s, and import again`,
      );
    }
    const { rows } = plan;
    // Parents before children, so every foreign key finds its row.
    await insertAll(trx, 'review', rows.review);
    await insertAll(trx, 'review_member', rows.review_member);
    await insertAll(trx, 'review_scope', rows.review_scope);
    await insertAll(trx, 'review_clock_change', rows.review_clock_change);
    await insertAll(trx, 'review_reviewer_named', rows.review_reviewer_named);
    await insertAll(trx, 'assessment_round', rows.assessment_round);
    await insertAll(trx, 'marker_record', rows.marker_record);
    await insertAll(trx, 'question_response', rows.question_response);
    await insertAll(trx, 'evidence', rows.evidence);
    await insertAll(trx, 'comment', rows.comment);
    await insertAll(trx, 'learning_theme', rows.learning_theme);
    await insertAll(trx, 'finding', rows.finding);
    await insertAll(trx, 'finding_marker', rows.finding_marker);
    await insertAll(trx, 'finding_theme', rows.finding_theme);
    await insertAll(trx, 'action', rows.action);
    await insertAll(trx, 'action_progress', rows.action_progress);
    await insertAll(trx, 'written_response', rows.written_response);
    await insertAll(trx, 'written_response_action', rows.written_response_action);
    await insertAll(trx, 'revision', rows.revision);
    const s = plan.statutory;
    await insertAll(trx, 'referral', s.referral);
    await insertAll(trx, 'referral_agency_request', s.referral_agency_request);
    await insertAll(trx, 'referral_conversion', s.referral_conversion);
    await insertAll(trx, 'review_status_change', s.review_status_change);
    await insertAll(trx, 'publication', s.publication);
    await insertAll(trx, 'publication_event', s.publication_event);
    // The origin joins the register as a referral converted to the new review: its own audit event.
    for (const referral of s.referral) {
      await recordAudit(
        trx,
        actor,
        {
          action: 'referral.imported',
          objectType: 'referral',
          objectId: referral.id,
          detail: { review: plan.reviewId },
        },
        now,
      );
    }
    await recordAudit(
      trx,
      actor,
      {
        action: 'review.imported',
        objectType: 'review',
        objectId: plan.reviewId,
        detail: {
          rounds: rows.assessment_round.length,
          findings: rows.finding.length,
          actions: rows.action.length,
          droppedTeamMembers: plan.droppedTeamMembers.length,
          unknownPeople: plan.unknownPeople.length,
          importerAddedAs: plan.importerAddedAs,
          statusMoves: plan.statutory.review_status_change.length,
          publication: plan.statutory.publication.length + plan.statutory.publication_event.length > 0,
          origin: plan.statutory.referral.length > 0,
        },
      },
      now,
    );
  });
  return {
    ok: true,
    reviewId: plan.reviewId,
    reference: doc.review.reference,
    droppedTeamMembers: plan.droppedTeamMembers,
    unknownPeople: plan.unknownPeople,
  };
}
