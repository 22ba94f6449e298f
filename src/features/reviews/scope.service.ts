/**
 * Scope and terms of reference: what the review looks at, section by section. Each section is its own
 * versioned record (review_scope), so two people editing different sections never clash and two
 * editing the same one see both versions. Each section names the markers it answers.
 */
import type { Kysely } from 'kysely';
import type { Database, ReviewScopeTable } from '../../db/schema.js';
import { updateVersioned } from '../../db/versioned.js';
import { NotFoundError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { londonDate } from '../../lib/uk-time.js';
import { recordAudit } from '../audit/audit.service.js';
import type { FrameworkFile } from '../frameworks/framework.schema.js';
import { allMarkers, type FrameworkCatalogue } from '../frameworks/frameworks.service.js';
import { resolveFramework } from '../frameworks/resolve.service.js';
import * as repo from './reviews.repository.js';
import { getReview, requireManage, type Review, type SaveResult } from './reviews.service.js';
import { keyDatesSummary } from './timescales.js';
import type { PartnershipActor } from '../../plugins/auth.js';

type Db = Kysely<Database>;

export interface ScopeSectionDef {
  key: string;
  title: string;
  /** What to write: shown as the hint and in the Word document's empty sections */
  hint: string;
  /** Keys of the markers it answers, in any framework; those the review's framework has are linked */
  markers: string[];
}

export const SCOPE_SECTIONS: readonly ScopeSectionDef[] = [
  {
    key: 'period',
    title: 'Period under review',
    hint: 'The dates the review looks at and why: for example, from the start of the pregnancy to the incident.',
    markers: ['clarity-of-purpose', 'commissioning'],
  },
  {
    key: 'lines-of-enquiry',
    title: 'Key lines of enquiry',
    hint: 'The questions the review will answer, and what it will not look at.',
    markers: ['clarity-of-purpose', 'commissioning', 'analysis'],
  },
  {
    key: 'agencies',
    title: 'Agencies involved',
    hint: 'The agencies and services taking part, and what each will provide: chronologies, records, reports, conversations.',
    markers: ['assembling-information', 'commissioning'],
  },
  {
    key: 'family',
    title: 'How the family will be told and involved',
    hint: 'Who will tell the family about the review, when and how; how they can contribute and hear the findings before publication; any communication needs.',
    markers: [
      'informing-the-family',
      'family-involvement',
      'informing-the-person-and-family',
      'involvement-of-the-person-and-family',
    ],
  },
  {
    key: 'practitioners',
    title: 'How practitioners will take part',
    hint: 'How practitioners and their managers will contribute (conversations, learning events), the support they will have and how they will hear the findings.',
    markers: ['practitioner-involvement', 'practitioners-involvement'],
  },
  {
    key: 'governance',
    title: 'Governance',
    hint: 'Who conducts the review; who quality-assures and challenges it; who is accountable for it and signs it off; how disagreement will be settled.',
    markers: ['governance'],
  },
  {
    key: 'parallel-processes',
    title: 'Parallel processes',
    hint: 'Police investigations and criminal proceedings, the coroner, other reviews (for example a domestic homicide review) and how the review will work alongside them.',
    markers: ['parallel-processes'],
  },
  {
    key: 'timetable',
    title: 'Timetable',
    hint: 'The main milestones: information gathering, practitioner events, draft and final report, publication (expected within 6 months of the decision to hold a review).',
    markers: ['scr-management', 'management-of-the-process', 'publication', 'publication-and-dissemination'],
  },
];

/** Longest text a section takes. */
export const SCOPE_TEXT_LIMIT = 20_000;

export interface MarkerLink {
  key: string;
  number: number;
  title: string;
  href: string;
}

export interface ScopeSection extends ScopeSectionDef {
  text: string;
  /** 0 until the section is first saved */
  version: number;
  updatedAt: string | null;
  answers: MarkerLink[];
}

export type ScopeRecord = Pick<ReviewScopeTable, 'section' | 'text' | 'version' | 'updated_at' | 'updated_by'>;

/** The framework version the review pinned; its latest version when that one is gone, so the scope still reads. */
function frameworkOf(db: Db, catalogue: FrameworkCatalogue, review: Review) {
  const { organisation_id, framework_key, framework_version } = review;
  return resolveFramework(db, catalogue, organisation_id, framework_key, framework_version, { fallback: 'latest' });
}

function answersIn(framework: FrameworkFile | undefined, def: ScopeSectionDef): MarkerLink[] {
  if (!framework) return [];
  return allMarkers(framework)
    .filter((m) => def.markers.includes(m.key))
    .map((m) => ({
      key: m.key,
      number: m.number,
      title: m.title,
      href: `/frameworks/${framework.key}@${framework.version}/${m.key}`,
    }));
}

function sectionDef(key: string): ScopeSectionDef {
  const def = SCOPE_SECTIONS.find((s) => s.key === key);
  if (!def) throw new NotFoundError();
  return def;
}

function toSection(def: ScopeSectionDef, row: ScopeRecord | undefined, framework?: FrameworkFile): ScopeSection {
  return {
    ...def,
    text: row?.text ?? '',
    version: row ? Number(row.version) : 0,
    updatedAt: row?.updated_at ?? null,
    answers: answersIn(framework, def),
  };
}

/** Every section of a review's scope, in order; reading it is audited. */
export async function getScope(
  db: Db,
  catalogue: FrameworkCatalogue,
  actor: PartnershipActor,
  reviewId: string,
  opts: { audit?: boolean } = {},
) {
  const review = await getReview(db, actor, reviewId, { audit: false });
  const [rows, framework] = await Promise.all([
    repo.scopeOf(db, actor.organisationId, reviewId),
    frameworkOf(db, catalogue, review),
  ]);
  if (opts.audit !== false) {
    await recordAudit(db, actor, { action: 'review.scope_viewed', objectType: 'review', objectId: reviewId });
  }
  const sections = SCOPE_SECTIONS.map((def) =>
    toSection(
      def,
      rows.find((r) => r.section === def.key),
      framework,
    ),
  );
  return { review, framework, sections };
}

/** One section, for its edit page (editors only). */
export async function getScopeSection(
  db: Db,
  catalogue: FrameworkCatalogue,
  actor: PartnershipActor,
  reviewId: string,
  sectionKey: string,
  opts: { audit?: boolean } = {},
) {
  const def = sectionDef(sectionKey);
  const review = await getReview(db, actor, reviewId, { audit: false });
  requireManage(review);
  const [row, framework] = await Promise.all([
    repo.findScopeSection(db, actor.organisationId, reviewId, def.key),
    frameworkOf(db, catalogue, review),
  ]);
  if (opts.audit !== false) {
    await recordAudit(db, actor, {
      action: 'review.scope_viewed',
      objectType: 'review',
      objectId: reviewId,
      detail: { section: def.key },
    });
  }
  return { review, section: toSection(def, row, framework) };
}

/**
 * Saves a section's text over the version the person read (0: it had never been saved). When someone
 * else saved first nothing changes and their record comes back.
 */
export async function saveScopeSection(
  db: Db,
  actor: PartnershipActor,
  reviewId: string,
  sectionKey: string,
  version: number,
  text: string,
  now = new Date(),
): Promise<SaveResult<ScopeRecord>> {
  const def = sectionDef(sectionKey);
  const review = await getReview(db, actor, reviewId, { audit: false });
  requireManage(review);
  const at = now.toISOString();
  return db.transaction().execute(async (trx): Promise<SaveResult<ScopeRecord>> => {
    const current = await repo.findScopeSection(trx, actor.organisationId, reviewId, def.key);
    let saved: ScopeRecord;
    if (!current) {
      const row: ReviewScopeTable = {
        id: newId(now.getTime()),
        organisation_id: actor.organisationId,
        review_id: reviewId,
        section: def.key,
        text,
        version: 1,
        updated_at: at,
        updated_by: actor.userId,
      };
      const inserted = version === 0 && (await repo.insertScopeSection(trx, row));
      if (!inserted) {
        const latest = await repo.findScopeSection(trx, actor.organisationId, reviewId, def.key);
        return { ok: false, conflict: latest ?? { ...row, text: '', version: 0 } };
      }
      saved = row;
    } else {
      const result = await updateVersioned(
        trx,
        'review_scope',
        { id: current.id, organisationId: actor.organisationId },
        version,
        { text, updated_at: at, updated_by: actor.userId },
        { userId: actor.userId, at },
      );
      if (!result.ok) {
        if (result.reason === 'not-found') throw new NotFoundError();
        return { ok: false, conflict: result.current };
      }
      saved = result.row;
    }
    await recordAudit(
      trx,
      actor,
      {
        action: 'review.scope_updated',
        objectType: 'review',
        objectId: reviewId,
        detail: { section: def.key, version: Number(saved.version) },
      },
      now,
    );
    return { ok: true, record: saved };
  });
}

/** Everything the draft terms of reference shows; the export is audited. */
export async function termsOfReference(
  db: Db,
  catalogue: FrameworkCatalogue,
  actor: PartnershipActor,
  reviewId: string,
  now = new Date(),
) {
  const { review, framework, sections } = await getScope(db, catalogue, actor, reviewId, { audit: false });
  const team = await repo.teamOf(db, actor.organisationId, reviewId);
  await recordAudit(
    db,
    actor,
    { action: 'review.terms_of_reference_exported', objectType: 'review', objectId: reviewId },
    now,
  );
  const today = londonDate(now);
  return {
    review,
    framework: framework ? { title: framework.title, version: framework.version } : null,
    team: team.map((m) => ({ name: m.name, role: m.role })),
    keyDates: keyDatesSummary(review, today).dates.filter((d) => d.value),
    sections,
    today,
  };
}

export type TermsOfReference = Awaited<ReturnType<typeof termsOfReference>>;
