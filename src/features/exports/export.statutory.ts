/**
 * A review's statutory path in plain words, the one view model of the sections "Where this review came
 * from", "Statutory timescales", "Status history" and "Publication" that the Word, PDF and Excel exports
 * and the board report (page, print and PDF) all lay out. Pure. Labels come from the owning features'
 * option modules; an adult's s44 referral never gets a children's step (rapid review, notices to the Panel).
 */
import type { ReviewType } from '../../db/schema.js';
import { formatDate, formatDateTime } from '../../lib/uk-time.js';
import { addWorkingDays } from '../../lib/working-days.js';
import { copiesCheck } from '../publication/publication.rules.js';
import { summaryRows } from '../publication/publication.view.js';
import {
  ANSWER_LABELS,
  DECISION_CRITERIA,
  NOTICES,
  OUTCOME_LABELS,
  RAPID_REVIEW_WORKING_DAYS,
  REFERRAL_CRITERIA,
  ROUTE_LABELS,
} from '../referrals/referrals.options.js';
import { REVIEW_STATUSES } from '../reviews/reviews.options.js';
import { clockRegimeOf } from '../reviews/clocks/evaluate.js';
import { TIMESCALE_STATUS_TEXT } from './export.labels.js';
import type { ReviewExport } from './review-export.schema.js';
import type { ExportOrigin, ExportPublication, ExportStatusChange } from './review-export.statutory.schema.js';

export interface StatutoryTable {
  caption: string;
  head: string[];
  rows: string[][];
}

export interface StatutorySection {
  /** An anchor for the page, stable */
  id: 'origin' | 'timescales' | 'status-history' | 'publication';
  title: string;
  /** Said when the section has nothing recorded, or above its rows */
  note: string | null;
  rows: { label: string; value: string }[];
  tables: StatutoryTable[];
}

export interface StatutoryInput {
  type: ReviewType;
  origin: ExportOrigin | null;
  regime: { label: string; note: string | null } | null;
  timescales: { title: string; rule: string; statusText: string; detail: string; changes: string[] }[];
  /** Children: the reviewer the Panel was told of */
  reviewerNamed?: string | null;
  statusHistory: ExportStatusChange[];
  publication: ExportPublication | null;
}

const day = (d: string | null | undefined) => (d ? formatDate(d) : 'Not recorded');
const status = (s: string) => REVIEW_STATUSES[s as keyof typeof REVIEW_STATUSES] ?? s;

export function statutorySections(input: StatutoryInput): StatutorySection[] {
  return [
    originSection(input.origin),
    timescalesSection(input),
    statusSection(input.statusHistory),
    publicationSection(input),
  ];
}

function originSection(o: ExportOrigin | null): StatutorySection {
  const section: StatutorySection = {
    id: 'origin',
    title: 'Where this review came from',
    note: null,
    rows: [],
    tables: [],
  };
  if (!o) {
    section.note = 'The review was not started from a referral in the partnership’s register.';
    return section;
  }
  const children = o.route === 'serious-incident-notification';
  const rows = section.rows;
  const add = (label: string, value: string) => rows.push({ label, value });
  add('Route', ROUTE_LABELS[o.route]);
  add('Received', formatDate(o.receivedOn));
  if (children) add('Local authority became aware', day(o.awareOn));
  add('Source agency', o.sourceAgency);
  add('Subject (pseudonym)', o.subjectPseudonym);
  for (const c of REFERRAL_CRITERIA[o.route]) {
    const answer = o.criteria[c.key];
    add(c.text, answer ? ANSWER_LABELS[answer] : 'Not recorded');
  }
  const rr = children ? o.rapidReview : null;
  if (rr) {
    add(
      'Rapid review due',
      `${formatDate(addWorkingDays(o.receivedOn, RAPID_REVIEW_WORKING_DAYS))} (${RAPID_REVIEW_WORKING_DAYS} working days from the notification)`,
    );
    add('Immediate safety actions', rr.safetyActions || 'Not recorded');
    add('Rapid review meeting', day(rr.meetingOn));
    add('Sent to the Panel', day(rr.submittedOn));
    add(
      'Panel’s response',
      rr.panelResponseOn
        ? `${formatDate(rr.panelResponseOn)}${rr.panelResponse ? `: ${rr.panelResponse}` : ''}`
        : 'Not recorded',
    );
    section.tables.push({
      caption: 'Agency summaries for the rapid review',
      head: ['Agency', 'Asked on', 'Due by', 'Chased on', 'Received'],
      rows: rr.agencySummaries.map((q) => [
        q.agency,
        formatDate(q.requestedOn),
        formatDate(q.dueOn),
        q.chasedOn ? formatDate(q.chasedOn) : 'Not chased',
        q.receivedOn ? `${formatDate(q.receivedOn)}${q.receivedOn > q.dueOn ? ' (late)' : ''}` : 'Not received',
      ]),
    });
  }
  const d = o.decision;
  if (!d) {
    add('Decision', 'Not decided yet');
    return section;
  }
  add('Decision', OUTCOME_LABELS[d.outcome]);
  add(
    'Decided',
    [d.decidedOn ? formatDate(d.decidedOn) : '', d.decidedBy ? `by ${d.decidedBy}` : ''].filter(Boolean).join(' ') ||
      'Not recorded',
  );
  add('Reasons', d.reasons || 'Not recorded');
  for (const c of DECISION_CRITERIA[o.route]) if (d.criteria[c.key]) add(c.text, d.criteria[c.key]!);
  if (d.changeReason) add('Why the decision changed after the review started', d.changeReason);
  if (children) {
    const told = { panel: d.toldPanelOn, ofsted: d.toldOfstedOn, dfe: d.toldDfeOn };
    for (const n of NOTICES) add(n.text, told[n.key] ? `Done on ${formatDate(told[n.key]!)}` : 'Not recorded');
  }
  add('Review started', formatDate(o.convertedAt.slice(0, 10)));
  return section;
}

function timescalesSection(input: StatutoryInput): StatutorySection {
  const note = input.regime?.note ? `${input.regime.label}: ${input.regime.note}` : null;
  return {
    id: 'timescales',
    title: 'Statutory timescales',
    note: input.timescales.length ? note : (note ?? 'No statutory timescales apply to a review of this type.'),
    rows: input.reviewerNamed ? [{ label: 'Reviewer named to the Panel', value: input.reviewerNamed }] : [],
    tables: input.timescales.length
      ? [
          {
            caption: 'Timescales, with extensions and pauses',
            head: ['Timescale', 'Rule', 'Where it stands', 'Extensions and pauses'],
            rows: input.timescales.map((t) => [
              t.title,
              t.rule,
              `${t.statusText}. ${t.detail}`,
              t.changes.length ? t.changes.join('\n') : 'No extension or pause',
            ]),
          },
        ]
      : [],
  };
}

function statusSection(moves: ExportStatusChange[]): StatutorySection {
  if (!moves.length) {
    return {
      id: 'status-history',
      title: 'Status history',
      note: 'The review’s status has not been moved since it was set up.',
      rows: [],
      tables: [],
    };
  }
  return {
    id: 'status-history',
    title: 'Status history',
    note: null,
    rows: [],
    tables: [
      {
        caption: 'Each move of the review’s status, oldest first',
        head: ['When', 'Move', 'By', 'Notes'],
        rows: moves.map((m) => [
          formatDateTime(m.changedAt),
          `${status(m.from)} to ${status(m.to)}`,
          m.changedBy ?? 'Someone no longer in the partnership',
          [
            m.termsAgreedOn ? `Terms of reference agreed on ${formatDate(m.termsAgreedOn)}.` : '',
            m.overridden ? `Rule overridden; missing at the time: ${m.overridden}.` : '',
            m.reason ? `Reason: ${m.reason}` : '',
          ]
            .filter(Boolean)
            .join('\n'),
        ]),
      },
    ],
  };
}

function publicationSection(input: StatutoryInput): StatutorySection {
  const p = input.publication;
  const section: StatutorySection = { id: 'publication', title: 'Publication', note: null, rows: [], tables: [] };
  if (!p) {
    section.note = 'Nothing has been recorded about publishing the report yet.';
    return section;
  }
  section.rows = summaryRows(input.type, p, copiesCheck(input.type, p)).map((r) => ({
    label: r.key,
    value: r.tag ? `${r.tag.text}. ${r.value}` : r.href ? `${r.value} (${r.href})` : r.value,
  }));
  section.tables.push({
    caption: 'Briefings and learning events',
    head: ['Date', 'What'],
    rows: p.events.map((e) => [formatDate(e.heldOn), e.description]),
  });
  return section;
}

/** The sections of an export document. */
export function statutoryOfExport(doc: ReviewExport): StatutorySection[] {
  return statutorySections({
    type: doc.review.type,
    origin: doc.origin ?? null,
    regime: clockRegimeOf(doc.review.type),
    timescales: doc.review.timescales.map((t) => ({
      title: t.title,
      rule: t.rule,
      statusText: TIMESCALE_STATUS_TEXT[t.status] ?? t.status,
      detail: t.detail,
      changes: t.changes ?? [],
    })),
    reviewerNamed: doc.review.reviewerNamedToPanel ?? null,
    statusHistory: doc.statusHistory ?? [],
    publication: doc.publication ?? null,
  });
}

/** What an empty table says. */
export const NONE_RECORDED = 'None recorded.';
