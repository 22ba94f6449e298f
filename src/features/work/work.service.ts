/**
 * "Your work": what waits for one person across the partnership's reviews, in the order they should
 * act on it. Each item links to the place to act.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { formatDate, formatDateTime } from '../../lib/uk-time.js';
import { addWorkingDays } from '../../lib/working-days.js';
import type { PartnershipActor } from '../../plugins/auth.js';
import type { FrameworkFile } from '../frameworks/framework.schema.js';
import type { FrameworkCatalogue } from '../frameworks/frameworks.service.js';
import { resolveFramework } from '../frameworks/resolve.service.js';
import { authorize } from '../reviews/policy.js';
import { clockContexts, stepsNeedingAttention } from '../reviews/reviews.service.js';
import * as repo from './work.repository.js';

/** What the item asks of the person; also the order of the page's sections. */
export const WORK_KINDS = ['sign-off', 'marker', 'comment', 'action', 'statutory-step'] as const;
export type WorkKind = (typeof WORK_KINDS)[number];

export const WORK_HEADINGS: Record<WorkKind, string> = {
  'sign-off': 'Rounds waiting for your sign-off',
  marker: 'Your markers to complete',
  comment: 'Comments for you',
  action: 'Your actions due',
  'statutory-step': 'Statutory steps due',
};

export interface WorkItem {
  kind: WorkKind;
  reviewId: string;
  reference: string;
  reviewTitle: string;
  /** What to act on, in words ("Marker 4: …", "Action 2: …", "Rapid review"). */
  title: string;
  /** An ISO date it is due by, when it has one. */
  due: string | null;
  overdue: boolean;
  /** One sentence of where it stands. */
  detail: string;
  href: string;
}

/** Actions due within this many working days are shown (and every overdue one). */
export const ACTIONS_DUE_WITHIN_WORKING_DAYS = 10;

const MARKER_STATUS_TEXT: Record<string, string> = {
  'not-started': 'Not started',
  'in-progress': 'In progress',
  'ready-for-sign-off': 'Ready for sign-off',
};

/** Names markers "Marker 4: Title" from the framework version a round uses (or the latest of it). */
function markerNamer(db: Kysely<Database>, catalogue: FrameworkCatalogue, organisationId: string) {
  const frameworks = new Map<string, Promise<FrameworkFile | undefined>>();
  return async (frameworkKey: string, version: string, markerKey: string) => {
    const id = `${frameworkKey}@${version}`;
    if (!frameworks.has(id)) {
      frameworks.set(
        id,
        resolveFramework(db, catalogue, organisationId, frameworkKey, version, { fallback: 'latest' }),
      );
    }
    const framework = await frameworks.get(id)!;
    const marker = framework?.stages.flatMap((s) => s.markers).find((m) => m.key === markerKey);
    return {
      name: marker ? `Marker ${marker.number}: ${marker.title}` : `Marker ${markerKey}`,
      number: marker?.number ?? Number.MAX_SAFE_INTEGER,
    };
  };
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Everything waiting for the person on `today` (an ISO date in UK time), in the order to act on it. */
export async function workFor(
  db: Kysely<Database>,
  catalogue: FrameworkCatalogue,
  actor: PartnershipActor,
  today: string,
): Promise<WorkItem[]> {
  const viewer = {
    organisationId: actor.organisationId,
    userId: actor.userId,
    admin: actor.partnershipRole === 'admin',
  };
  const contributes = actor.partnershipRole !== 'viewer';
  const dueBy = addWorkingDays(today, ACTIONS_DUE_WITHIN_WORKING_DAYS);
  const [signOffs, markers, comments, actions, reviews, contextOf] = await Promise.all([
    authorize(actor, 'round.approve', { reviewRole: 'chair' }) ? repo.roundsAwaitingMySignOff(db, viewer) : [],
    contributes ? repo.myOpenMarkers(db, viewer) : [],
    contributes ? repo.unresolvedCommentsForMe(db, viewer) : [],
    contributes ? repo.myActionsDueBy(db, viewer, dueBy) : [],
    repo.liveReviewsWithDates(db, viewer),
    clockContexts(db, actor.organisationId),
  ]);
  const nameMarker = markerNamer(db, catalogue, actor.organisationId);
  const items: WorkItem[] = [];
  const about = (r: { reviewId: string; reference: string; reviewTitle: string }) => ({
    reviewId: r.reviewId,
    reference: r.reference,
    reviewTitle: r.reviewTitle,
  });

  for (const r of signOffs) {
    items.push({
      kind: 'sign-off',
      ...about(r),
      title: `Round ${r.number}`,
      due: null,
      overdue: false,
      detail: r.sentAt ? `Sent for your sign-off on ${formatDateTime(r.sentAt)}.` : 'Sent for your sign-off.',
      href: `/reviews/${r.reviewId}/rounds/${r.roundId}#signoff-heading`,
    });
  }
  // The query gives them by review and round; within a round, in the framework's order (by number).
  const numbered = await Promise.all(
    markers.map(async (m, i) => ({ m, i, ...(await nameMarker(m.frameworkKey, m.frameworkVersion, m.markerKey)) })),
  );
  const roundOrder = new Map<string, number>();
  for (const { m, i } of numbered) if (!roundOrder.has(m.roundId)) roundOrder.set(m.roundId, i);
  numbered.sort((a, b) => roundOrder.get(a.m.roundId)! - roundOrder.get(b.m.roundId)! || a.number - b.number);
  for (const { m, name } of numbered) {
    items.push({
      kind: 'marker',
      ...about(m),
      title: name,
      due: null,
      overdue: false,
      detail:
        `Round ${m.roundNumber}: ${MARKER_STATUS_TEXT[m.status] ?? m.status}.` +
        (m.meetingOn && m.meetingOn >= today ? ` The panel meets on ${formatDate(m.meetingOn)}.` : ''),
      href: `/reviews/${m.reviewId}/rounds/${m.roundId}/markers/${m.markerKey}`,
    });
  }
  for (const c of comments) {
    const count = Number(c.count);
    const toMe = Number(c.toMe ?? 0);
    const addressed =
      toMe === 0
        ? ''
        : toMe === count
          ? count === 1
            ? ', addressed to you'
            : ', all addressed to you'
          : `, ${toMe} addressed to you`;
    items.push({
      kind: 'comment',
      ...about(c),
      title: (await nameMarker(c.frameworkKey, c.frameworkVersion, c.markerKey)).name,
      due: null,
      overdue: false,
      detail: `Round ${c.roundNumber}: ${plural(count, 'comment', 'comments')} not yet resolved${addressed}, the oldest from ${formatDateTime(String(c.oldest))}.`,
      href: `/reviews/${c.reviewId}/rounds/${c.roundId}/markers/${c.markerKey}#discussion`,
    });
  }
  for (const a of actions) {
    const due = a.due!;
    const overdue = due < today;
    items.push({
      kind: 'action',
      ...about(a),
      title: `Action ${a.number}: ${a.title}`,
      due,
      overdue,
      detail: overdue ? `Overdue: it was due by ${formatDate(due)}.` : `Due by ${formatDate(due)}.`,
      href: `/reviews/${a.reviewId}/actions/${a.actionId}`,
    });
  }
  for (const review of reviews) {
    for (const step of stepsNeedingAttention(review, today, contextOf(review.id))) {
      items.push({
        kind: 'statutory-step',
        reviewId: review.id,
        reference: review.reference,
        reviewTitle: review.title,
        title: step.title,
        due: step.due,
        overdue: step.status === 'overdue',
        detail: step.detail,
        href: `/reviews/${review.id}#key-dates`,
      });
    }
  }
  const byDue = (a: WorkItem, b: WorkItem) => (a.due ?? '9999').localeCompare(b.due ?? '9999');
  return WORK_KINDS.flatMap((kind) => {
    const ofKind = items.filter((i) => i.kind === kind);
    return kind === 'action' || kind === 'statutory-step' ? ofKind.sort(byDue) : ofKind;
  });
}

/** The reviews whose team the person is on, with their role, for the welcome line. */
export function reviewsOnTeam(db: Kysely<Database>, actor: PartnershipActor) {
  return repo.reviewsOnTeam(db, { organisationId: actor.organisationId, userId: actor.userId, admin: false });
}
