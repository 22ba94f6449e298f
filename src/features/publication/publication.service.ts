/**
 * A review's publication record (issue 18 §4): the decision and who made it (a role), the legal and data
 * protection checks, telling the family, copies to the Panel and the Secretary of State, embargo,
 * publication, how long it stays online, the national repository, and the briefings and learning events.
 * One versioned row a review; the events are a list beside it. Read by the team, changed by those who run
 * the review (the policy's review.manage); every change audited.
 */
import type { Kysely } from 'kysely';
import type { Database, PublicationEventTable, PublicationTable, ReviewTable } from '../../db/schema.js';
import { updateVersioned } from '../../db/versioned.js';
import { NotFoundError } from '../../lib/errors.js';
import type { FieldErrors } from '../../lib/forms.js';
import { newId } from '../../lib/ids.js';
import { londonDate } from '../../lib/uk-time.js';
import { recordAudit } from '../audit/audit.service.js';
import { getReview, requireManage, type Review } from '../reviews/reviews.service.js';
import { PUBLICATION_MARKERS } from './publication.options.js';
import * as repo from './publication.repository.js';
import { summaryRows } from './publication.view.js';
import {
  checkEvent,
  checkPublication,
  copiesCheck,
  type EventInput,
  type PublicationField,
  type PublicationInput,
} from './publication.rules.js';
import type { PartnershipActor } from '../../plugins/auth.js';

type Db = Kysely<Database>;

export interface PublicationEvent {
  id: string;
  heldOn: string;
  description: string;
}

export interface PublicationRecord extends PublicationInput {
  /** 0 before anyone saved it */
  version: number;
  updatedAt: string | null;
  events: PublicationEvent[];
}

const EMPTY: PublicationInput = {
  decision: null,
  decisionReasons: '',
  decidedBy: null,
  decidedOn: null,
  legalCheckOn: null,
  legalCheckBy: null,
  familyToldOn: null,
  copiesSentOn: null,
  embargoUntil: null,
  publishedOn: null,
  publishedUrl: null,
  onlineUntil: null,
  depositedOn: null,
};

function toRecord(row: PublicationTable | undefined, events: PublicationEventTable[]): PublicationRecord {
  const list = events.map((e) => ({ id: e.id, heldOn: e.held_on, description: e.description }));
  if (!row) return { ...EMPTY, version: 0, updatedAt: null, events: list };
  return {
    decision: row.decision,
    decisionReasons: row.decision_reasons,
    decidedBy: row.decided_by,
    decidedOn: row.decided_on,
    legalCheckOn: row.legal_check_on,
    legalCheckBy: row.legal_check_by,
    familyToldOn: row.family_told_on,
    copiesSentOn: row.copies_sent_on,
    embargoUntil: row.embargo_until,
    publishedOn: row.published_on,
    publishedUrl: row.published_url,
    onlineUntil: row.online_until,
    depositedOn: row.deposited_on,
    version: Number(row.version),
    updatedAt: row.updated_at,
    events: list,
  };
}

function columnsOf(input: PublicationInput) {
  return {
    decision: input.decision,
    decision_reasons: input.decisionReasons,
    decided_by: input.decidedBy,
    decided_on: input.decidedOn,
    legal_check_on: input.legalCheckOn,
    legal_check_by: input.legalCheckBy,
    family_told_on: input.familyToldOn,
    copies_sent_on: input.copiesSentOn,
    embargo_until: input.embargoUntil,
    published_on: input.publishedOn,
    published_url: input.publishedUrl,
    online_until: input.onlineUntil,
    deposited_on: input.depositedOn,
  };
}

/** The review's record (empty before anyone saved it). No permission check: the caller has made it. */
export async function publicationOf(db: Db, organisationId: string, reviewId: string): Promise<PublicationRecord> {
  const [row, events] = await Promise.all([
    repo.findPublication(db, organisationId, reviewId),
    repo.eventsOf(db, organisationId, reviewId),
  ]);
  return toRecord(row, events);
}

/** Whether the report was published, or there is a recorded decision not to publish it. */
export function publicationSettled(r: Pick<PublicationInput, 'decision' | 'publishedOn'>): boolean {
  return r.decision === 'not-published' || Boolean(r.publishedOn);
}

/** What the review page and the marker pages show: the record and the 7-working-days check. */
export async function publicationSummary(db: Db, review: Pick<ReviewTable, 'organisation_id' | 'id' | 'type'>) {
  const record = await publicationOf(db, review.organisation_id, review.id);
  const copies = copiesCheck(review.type, record);
  return { record, copies, settled: publicationSettled(record), rows: summaryRows(review.type, record, copies) };
}

/** The publication page: the review, its record and the check; reading it is audited. */
export async function publicationPage(db: Db, actor: PartnershipActor, reviewId: string) {
  const review = await getReview(db, actor, reviewId, { audit: false });
  await recordAudit(db, actor, { action: 'publication.viewed', objectType: 'review', objectId: reviewId });
  return { review, ...(await publicationSummary(db, review)) };
}

/** For the marker page of SCR marker 17 and SAR marker 14: the record, as the evidence those markers ask about. */
export async function publicationForMarker(db: Db, review: Review, markerKey: string) {
  if (!PUBLICATION_MARKERS.includes(markerKey)) return undefined;
  return { review, ...(await publicationSummary(db, review)) };
}

export type SaveOutcome =
  | { ok: true; record: PublicationRecord; type: ReviewTable['type'] }
  | { ok: false; conflict: PublicationRecord; type: ReviewTable['type'] }
  | { ok: false; errors: FieldErrors };

/**
 * Saves the record over the version read (0: never saved). With `events`, the list of briefings and
 * learning events is replaced too (the API's PUT); the form adds and removes them one at a time.
 */
export async function savePublication(
  db: Db,
  actor: PartnershipActor,
  reviewId: string,
  version: number,
  input: PublicationInput,
  now = new Date(),
  opts: { events?: EventInput[]; formErrors?: FieldErrors } = {},
): Promise<SaveOutcome> {
  const review = await getReview(db, actor, reviewId, { audit: false });
  requireManage(review);
  const today = londonDate(now);
  // The form's own errors (a date that is not a real one) come first; the rules run once every date is real.
  if (opts.formErrors && Object.keys(opts.formErrors).length) return { ok: false, errors: opts.formErrors };
  const errors: FieldErrors = checkPublication(input, { today, finalReportDate: review.final_report_date });
  opts.events?.forEach((e, i) => {
    for (const [field, message] of Object.entries(checkEvent(e, today))) errors[`events.${i}.${field}`] = message;
  });
  if (Object.keys(errors).length) return { ok: false, errors };
  const at = now.toISOString();
  const saved = await db.transaction().execute(async (trx) => {
    const current = await repo.findPublication(trx, actor.organisationId, reviewId);
    let newVersion: number;
    if (!current) {
      const row: PublicationTable = {
        id: newId(now.getTime()),
        organisation_id: actor.organisationId,
        review_id: reviewId,
        ...columnsOf(input),
        version: 1,
        updated_at: at,
        updated_by: actor.userId,
      };
      if (version !== 0 || !(await repo.insertPublication(trx, row))) return false;
      newVersion = 1;
    } else {
      const result = await updateVersioned(
        trx,
        'publication',
        { id: current.id, organisationId: actor.organisationId },
        version,
        { ...columnsOf(input), updated_at: at, updated_by: actor.userId },
        { userId: actor.userId, at },
      );
      if (!result.ok) return false;
      newVersion = Number(result.row.version);
    }
    if (opts.events) {
      await repo.deleteEvents(trx, actor.organisationId, reviewId);
      await repo.insertEvents(
        trx,
        opts.events.map((e) => eventRow(actor, reviewId, e, now)),
      );
    }
    await recordAudit(
      trx,
      actor,
      {
        action: 'publication.saved',
        objectType: 'review',
        objectId: reviewId,
        detail: { version: newVersion, decision: input.decision, events: opts.events?.length ?? null },
      },
      now,
    );
    return true;
  });
  const record = await publicationOf(db, actor.organisationId, reviewId);
  return saved ? { ok: true, record, type: review.type } : { ok: false, conflict: record, type: review.type };
}

function eventRow(actor: PartnershipActor, reviewId: string, e: EventInput, now: Date): PublicationEventTable {
  return {
    id: newId(now.getTime()),
    organisation_id: actor.organisationId,
    review_id: reviewId,
    held_on: e.heldOn!,
    description: e.description,
    created_at: now.toISOString(),
    created_by: actor.userId,
  };
}

/** Adds one briefing or learning event; its errors by field when it is not right. */
export async function addPublicationEvent(
  db: Db,
  actor: PartnershipActor,
  reviewId: string,
  input: EventInput,
  now = new Date(),
  formErrors: FieldErrors<keyof EventInput> = {},
): Promise<{ ok: true } | { ok: false; errors: FieldErrors<keyof EventInput> }> {
  const review = await getReview(db, actor, reviewId, { audit: false });
  requireManage(review);
  const errors = { ...checkEvent(input, londonDate(now)), ...formErrors };
  if (Object.keys(errors).length) return { ok: false, errors };
  await db.transaction().execute(async (trx) => {
    const row = eventRow(actor, reviewId, input, now);
    await repo.insertEvents(trx, [row]);
    await recordAudit(
      trx,
      actor,
      { action: 'publication.event_added', objectType: 'review', objectId: reviewId, detail: { event: row.id } },
      now,
    );
  });
  return { ok: true };
}

/** Removes one of the review's events; another review's (or partnership's) event is not found. */
export async function removePublicationEvent(
  db: Db,
  actor: PartnershipActor,
  reviewId: string,
  eventId: string,
  now = new Date(),
): Promise<void> {
  const review = await getReview(db, actor, reviewId, { audit: false });
  requireManage(review);
  await db.transaction().execute(async (trx) => {
    if (!(await repo.deleteEvent(trx, actor.organisationId, reviewId, eventId))) throw new NotFoundError();
    await recordAudit(
      trx,
      actor,
      { action: 'publication.event_removed', objectType: 'review', objectId: reviewId, detail: { event: eventId } },
      now,
    );
  });
}

export type { EventInput, PublicationField, PublicationInput };
