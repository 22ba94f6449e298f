/**
 * Findings and recommendations of a review: text, the markers of the review's framework they relate
 * to, and learning themes. Numbered within the review and kind; edited over the version read.
 */
import type { Kysely } from 'kysely';
import type { Database, FindingKind, FindingTable } from '../../db/schema.js';
import { updateVersioned } from '../../db/versioned.js';
import { HttpError, NotFoundError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Review, SaveResult } from '../reviews/reviews.service.js';
import * as repo from './findings.repository.js';
import { withFreshNumber } from './numbering.js';
import { canChange, frameworkOf, markerChoices, requireChange, reviewFor } from './review-context.service.js';
import { listThemes } from './themes.service.js';
import type { PartnershipActor } from '../../plugins/auth.js';
import type { FrameworkCatalogue } from '../frameworks/frameworks.service.js';

type Db = Kysely<Database>;

export interface Finding extends FindingTable {
  markerKeys: string[];
  themes: { id: string; label: string }[];
}

export interface FindingInput {
  kind: FindingKind;
  text: string;
  markerKeys: string[];
  themeIds: string[];
}

/** A review's findings and recommendations with their markers and themes. No permission check: callers make it. */
export async function listFindings(db: Db, organisationId: string, reviewId: string): Promise<Finding[]> {
  const rows = await repo.listFindings(db, organisationId, reviewId);
  const ids = rows.map((r) => r.id);
  const [markers, themes] = await Promise.all([
    repo.markersOf(db, organisationId, ids),
    repo.themesOf(db, organisationId, ids),
  ]);
  return rows.map((r) => ({
    ...r,
    number: Number(r.number),
    version: Number(r.version),
    markerKeys: markers.filter((m) => m.finding_id === r.id).map((m) => m.marker_key),
    themes: themes.filter((t) => t.finding_id === r.id).map((t) => ({ id: t.theme_id, label: t.label })),
  }));
}

/** The findings page: every finding, the review's markers to name them; the read is audited. */
export async function findingsPage(db: Db, catalogue: FrameworkCatalogue, actor: PartnershipActor, reviewId: string) {
  const review = await reviewFor(db, actor, reviewId);
  const [findings, framework] = await Promise.all([
    listFindings(db, actor.organisationId, reviewId),
    frameworkOf(db, catalogue, review),
  ]);
  await recordAudit(db, actor, { action: 'review.findings_viewed', objectType: 'review', objectId: reviewId });
  return { review, findings, markers: markerChoices(framework), canChange: canChange(review) };
}

/** What the add or edit form offers: the framework's markers and the themes in use or not archived. */
export async function findingFormPage(
  db: Db,
  catalogue: FrameworkCatalogue,
  actor: PartnershipActor,
  reviewId: string,
  findingId?: string,
  now = new Date(),
  opts: { audit?: boolean } = {},
) {
  const review = await reviewFor(db, actor, reviewId);
  requireChange(review);
  const finding = findingId ? await getFinding(db, actor, review, findingId) : undefined;
  const [framework, themes] = await Promise.all([
    frameworkOf(db, catalogue, review),
    listThemes(db, actor.organisationId),
  ]);
  if (finding && opts.audit !== false) {
    await recordAudit(db, actor, { action: 'finding.viewed', objectType: 'finding', objectId: finding.id }, now);
  }
  const onFinding = new Set(finding?.themes.map((t) => t.id));
  return {
    review,
    finding,
    markers: markerChoices(framework),
    themes: themes.filter((t) => !t.archived_at || onFinding.has(t.id)),
  };
}

async function getFinding(db: Db, actor: PartnershipActor, review: Review, id: string): Promise<Finding> {
  const found = (await listFindings(db, actor.organisationId, review.id)).find((f) => f.id === id);
  if (!found) throw new NotFoundError();
  return found;
}

type FormPage = Awaited<ReturnType<typeof findingFormPage>>;

/** Markers and themes must be among those offered: anything else was not on the form. */
function checkChoices(page: FormPage, input: FindingInput) {
  const markers = new Set(page.markers.map((m) => m.key));
  const themes = new Set(page.themes.map((t) => t.id));
  if (input.markerKeys.some((k) => !markers.has(k)) || input.themeIds.some((id) => !themes.has(id))) {
    throw new HttpError(400, 'Choose markers and themes from the lists on the form');
  }
}

export async function addFinding(
  db: Db,
  page: FormPage,
  actor: PartnershipActor,
  input: FindingInput,
  now = new Date(),
): Promise<FindingTable> {
  requireChange(page.review);
  checkChoices(page, input);
  const at = now.toISOString();
  return withFreshNumber(() =>
    db.transaction().execute(async (trx) => {
      const row: FindingTable = {
        id: newId(now.getTime()),
        organisation_id: actor.organisationId,
        review_id: page.review.id,
        kind: input.kind,
        number: await repo.nextFindingNumber(trx, actor.organisationId, page.review.id, input.kind),
        text: input.text,
        version: 1,
        created_at: at,
        created_by: actor.userId,
        updated_at: at,
        updated_by: actor.userId,
      };
      await repo.insertFinding(trx, row);
      await repo.setLinks(trx, actor.organisationId, row.id, input.markerKeys, input.themeIds);
      await recordAudit(
        trx,
        actor,
        {
          action: 'finding.added',
          objectType: 'finding',
          objectId: row.id,
          detail: { kind: row.kind, number: row.number },
        },
        now,
      );
      return row;
    }),
  );
}

/** Saves over the version read; when someone else saved first nothing changes and theirs comes back. */
export async function updateFinding(
  db: Db,
  page: FormPage,
  actor: PartnershipActor,
  version: number,
  input: Omit<FindingInput, 'kind'>,
  now = new Date(),
): Promise<SaveResult<Finding>> {
  requireChange(page.review);
  const finding = page.finding;
  if (!finding) throw new NotFoundError();
  checkChoices(page, { ...input, kind: finding.kind });
  const at = now.toISOString();
  const result = await db.transaction().execute(async (trx) => {
    const saved = await updateVersioned(
      trx,
      'finding',
      { id: finding.id, organisationId: actor.organisationId },
      version,
      { text: input.text, updated_at: at, updated_by: actor.userId },
      { userId: actor.userId, at },
    );
    if (!saved.ok) return saved;
    await repo.setLinks(trx, actor.organisationId, finding.id, input.markerKeys, input.themeIds);
    await recordAudit(
      trx,
      actor,
      {
        action: 'finding.updated',
        objectType: 'finding',
        objectId: finding.id,
        detail: { version: Number(saved.row.version) },
      },
      now,
    );
    return saved;
  });
  if (!result.ok) {
    if (result.reason === 'not-found') throw new NotFoundError();
    return { ok: false, conflict: await getFinding(db, actor, page.review, finding.id) };
  }
  return { ok: true, record: await getFinding(db, actor, page.review, finding.id) };
}
