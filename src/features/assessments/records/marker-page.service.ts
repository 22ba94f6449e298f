import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.js';
import { NotFoundError } from '../../../lib/errors.js';
import { ANSWERS, MARKER_STATUSES, ROUND_PAGE_LABELS } from './assessments.options.js';
import { listComments } from '../comments/comments.service.js';
import { listEvidence } from '../../evidence/evidence.service.js';
import { publicationForMarker } from '../../publication/publication.service.js';
import { getMarkerRecord } from './marker-records.service.js';
import { roundStatuses } from './assessments.service.js';
import { listField } from '../rounds/round-markers.js';
import { frameworkOfRound, labelsOf, teamFor, type FrameworkCatalogue } from '../rounds/overview.service.js';

/**
 * What the pages of one marker show, built once: the marker page (marker.njk, also shown again by the
 * evidence and comment forms with their errors or a conflict, and the evidence delete page) and meeting
 * mode (meeting.njk). Routes render these and add only their own form state.
 */

type Db = Kysely<Database>;
type Actor = Parameters<typeof getMarkerRecord>[1];

export type MarkerParams = { id: string; roundId: string; markerKey: string };

export const markerUrl = (p: MarkerParams) => `/reviews/${p.id}/rounds/${p.roundId}/markers/${p.markerKey}`;
export const markerIds = (p: MarkerParams) => ({ reviewId: p.id, roundId: p.roundId, markerKey: p.markerKey });

/**
 * The marker's record and answers (the read is audited), with the marker as the round's framework
 * version has it, the markers the round covers (in order) and the next of them. A marker the round does
 * not cover has no record, so it is not found.
 */
async function markerRecord(db: Db, actor: Actor, catalogue: FrameworkCatalogue, p: MarkerParams) {
  const view = await getMarkerRecord(db, actor, p.id, p.roundId, p.markerKey);
  const framework = await frameworkOfRound(db, actor, view.review, view.round, catalogue);
  const covered = new Set((await roundStatuses(db, actor, p.roundId)).map((r) => r.marker_key));
  const inRound = framework.stages.flatMap((s) => s.markers).filter((m) => covered.has(m.key));
  const index = inRound.findIndex((m) => m.key === p.markerKey);
  const marker = inRound[index];
  if (!marker) throw new NotFoundError();
  return { view, framework, marker, inRound, nextMarker: inRound[index + 1] };
}

/** Everything the marker page shows. */
export async function markerPage(db: Db, actor: Actor, catalogue: FrameworkCatalogue, p: MarkerParams) {
  const { view, framework, marker, nextMarker } = await markerRecord(db, actor, catalogue, p);
  return {
    ...view,
    framework,
    marker,
    // Where "Save and continue" goes: the next marker in the round, or back to the round after the last.
    continueUrl: nextMarker ? markerUrl({ ...p, markerKey: nextMarker.key }) : `/reviews/${p.id}/rounds/${p.roundId}`,
    nextMarker,
    team: await teamFor(db, actor, p.id),
    // The discussion offers to address a comment to anyone on the team but the viewer.
    viewerId: actor.userId,
    labels: ROUND_PAGE_LABELS,
    judgementLabels: labelsOf(view.round),
    evidence: await listEvidence(db, actor, view),
    comments: await listComments(db, actor, view),
    // SCR marker 17 and SAR marker 14 ask about publication: the review's publication record is their evidence.
    publication: await publicationForMarker(db, view.review, marker.key),
  };
}

/** The step asked for: 1…n are the questions, n + 1 is the decision. Anything else is the first question. */
function stepOf(raw: unknown, total: number): number {
  const n = Number(typeof raw === 'string' ? raw : '');
  return Number.isInteger(n) && n >= 1 && n <= total + 1 ? n : 1;
}

/**
 * A meeting's agenda from the query: the markers chosen for it, in the order chosen, kept in the URL
 * (`agenda=referral,analysis`) so it needs no stored state and works with links alone. Keys that are not
 * markers of the round are dropped, and so are repeats.
 */
export function agendaOf(query: unknown, inRound: readonly { key: string }[]): string[] {
  const keys = new Set(inRound.map((m) => m.key));
  return [...new Set(listField(query, 'agenda'))].filter((k) => keys.has(k));
}

/** The query string that carries an agenda from page to page ('' without one). */
export const agendaQuery = (agenda: readonly string[]) => (agenda.length ? `&agenda=${agenda.join(',')}` : '');

/**
 * Everything meeting mode shows at one step of a marker: one question, or the decision after the last.
 * With an agenda that names the marker, the next marker is the next on the agenda; otherwise the next in
 * the round.
 */
export async function meetingPage(
  db: Db,
  actor: Actor,
  catalogue: FrameworkCatalogue,
  p: MarkerParams,
  rawStep: unknown,
  query: unknown = {},
) {
  const found = await markerRecord(db, actor, catalogue, p);
  const { view, marker, inRound } = found;
  const listed = agendaOf(query, inRound);
  const agenda = listed.includes(marker.key) ? listed : [];
  const place = agenda.indexOf(marker.key);
  const nextMarker = agenda.length ? inRound.find((m) => m.key === agenda[place + 1]) : found.nextMarker;
  const total = marker.questions.length;
  const step = stepOf(rawStep, total);
  const question = step <= total ? marker.questions[step - 1] : undefined;
  const carried = agendaQuery(agenda);
  const url = (n: number) => `${markerUrl(p)}/meeting?q=${n}${carried}`;
  return {
    ...view,
    marker,
    nextMarker,
    agenda: agenda.length ? { position: place + 1, total: agenda.length } : undefined,
    step,
    total,
    question,
    response: question ? view.responses.find((r) => r.question_key === question.key) : undefined,
    answers: marker.questions.map((q, i) => ({
      number: i + 1,
      text: q.text,
      response: view.responses.find((r) => r.question_key === q.key),
    })),
    urls: {
      marker: markerUrl(p),
      round: `/reviews/${p.id}/rounds/${p.roundId}`,
      self: url(step),
      previous: step > 1 ? url(step - 1) : null,
      next: step <= total ? url(step + 1) : null,
      at: url,
      nextMarker: nextMarker ? `${markerUrl({ ...p, markerKey: nextMarker.key })}/meeting?q=1${carried}` : null,
    },
    readOnly: view.round.locked || !view.review.access.canContribute,
    labels: { answers: ANSWERS, statuses: MARKER_STATUSES },
    judgementLabels: labelsOf(view.round),
  };
}
