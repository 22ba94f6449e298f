/**
 * The learning dashboard as its template shows it: the matrix's rows and cells with their links, the
 * counts in words, and each chart with its description and table (the board report's charts).
 */
import { viewOf } from '../reports/report-charts.js';
import type { StackedBarChart } from '../reports/charts.js';
import { REVIEW_STATUSES, REVIEW_TYPES } from '../reviews/reviews.service.js';
import type { ActionFigures, learningDashboard } from './learning.service.js';
import { concernSentence, judgementKeys, markersChart } from './markers-matrix.js';
import { TIMELINESS, type TimelinessKey, type TimelinessRow } from './timeliness.js';

type Dashboard = Awaited<ReturnType<typeof learningDashboard>>;

export const LABELS = { types: REVIEW_TYPES, statuses: REVIEW_STATUSES, timeliness: TIMELINESS };

export function timelinessChart(rows: TimelinessRow[]): StackedBarChart {
  const keys = Object.keys(TIMELINESS) as TimelinessKey[];
  return {
    id: 'chart-timeliness',
    title: 'Statutory steps by review type and year due',
    categoryHeading: 'Review type and year',
    series: keys.map((k) => ({ key: k === 'met' ? 'met' : k === 'missed' ? 'not-met' : k, label: TIMELINESS[k] })),
    categories: rows.map((r) => ({
      label: `${REVIEW_TYPES[r.type]}, ${r.year}`,
      values: keys.map((k) => r.counts[k]),
    })),
  };
}

export function actionsChart(a: ActionFigures): StackedBarChart {
  return {
    id: 'chart-learning-actions',
    title: 'Actions for improvement and their impact',
    categoryHeading: 'Actions',
    series: [{ key: 'actions', label: 'Actions' }],
    categories: [
      { label: 'Open, not overdue', values: [a.open - a.overdue] },
      { label: 'Open and overdue', values: [a.overdue] },
      { label: 'Done, impact evaluated', values: [a.evaluated] },
      { label: 'Done, impact not evaluated', values: [a.doneNotEvaluated] },
      { label: 'Cancelled', values: [a.cancelled] },
    ],
  };
}

const recordHref = (reviewId: string, roundId: string, markerKey: string) =>
  `/reviews/${encodeURIComponent(reviewId)}/rounds/${encodeURIComponent(roundId)}/markers/${encodeURIComponent(markerKey)}`;

/** The dashboard's data for learning/learning.njk. */
export function present(d: Dashboard) {
  const m = d.markers;
  const judgementOf = new Map(m.records.map((r) => [`${r.round_id} ${r.marker_key}`, r.judgement]));
  const groups = m.groups.map((g, i) => {
    const scale = judgementKeys(g);
    const label = new Map(scale.map((o) => [o.key, o.label]));
    const rows = m.shown
      .filter((s) => s.review.framework_key === g.framework.key)
      .map(({ review, round }) => ({
        id: review.id,
        reference: review.reference,
        title: review.title,
        roundNumber: round.number,
        cells: g.markers.map((marker) => {
          const judgement = judgementOf.get(`${round.round_id} ${marker.key}`);
          return judgement === undefined
            ? null
            : {
                text: label.get(judgement) ?? judgement,
                key: judgement,
                href: recordHref(review.id, round.round_id, marker.key),
              };
        }),
      }));
    return {
      framework: g.framework,
      reviews: g.reviews,
      sentences: g.markers.map((marker) => concernSentence(marker, g.reviews)),
      scale,
      markers: g.markers,
      rows,
      chart: viewOf(markersChart(g, i)),
    };
  });
  return {
    reviewCount: d.reviewCount,
    matrix: { groups, page: m.page, pages: m.pages, total: m.total },
    themes: d.themes,
    timeliness: { rows: d.timeliness, chart: d.timeliness.length ? viewOf(timelinessChart(d.timeliness)) : null },
    actions: { ...d.actions, chart: d.actions.total ? viewOf(actionsChart(d.actions)) : null },
    frameworks: d.frameworks,
    regional: d.regional,
  };
}
