/**
 * Builds the extract from the period's rows: the children's part under the yearly report's headings
 * (Working Together 2023), the adults' under the headings of the annual report the Care Act 2014
 * (Schedule 2, paragraph 4) asks of a safeguarding adults board. Pure.
 */
import {
  actionFigures,
  decisions,
  impactList,
  inPeriod,
  list,
  notActed,
  recommendations,
  reviewFigures,
  reviewItem,
  section,
  themes,
  type PartRows,
} from './extract.sections.js';
import {
  groupOfRoute,
  groupOfType,
  partsFor,
  type Extract,
  type ExtractInput,
  type ExtractPart,
  type PartKey,
} from './extract.model.js';

function childrenPart(rows: PartRows): ExtractPart {
  const p = rows.period;
  const notified = rows.referrals.filter((r) => inPeriod(p, r.received_on));
  const d = decisions(rows);
  const r = reviewFigures(rows);
  const t = themes(rows);
  const recs = recommendations(rows);
  const touchedSet = new Set([...r.started, ...r.completed, ...r.published]);
  const touched = rows.reviews.filter((x) => touchedSet.has(x));
  return {
    key: 'children',
    title: 'Child safeguarding practice reviews',
    intro:
      'Under the headings of the safeguarding partners’ yearly report (Working Together to Safeguard Children 2023).',
    sections: [
      section(
        'Serious incidents notified and rapid reviews',
        'Serious incident notifications the partnership received, and the rapid reviews that followed.',
        {
          figures: [
            { label: 'Serious incidents notified', value: notified.length },
            {
              label: 'Rapid review meetings held',
              value: rows.referrals.filter((x) => inPeriod(p, x.meeting_on)).length,
            },
            {
              label: 'Rapid reviews sent to the national Panel',
              value: rows.referrals.filter((x) => inPeriod(p, x.submitted_on)).length,
            },
          ],
        },
      ),
      section(
        'Decisions on local reviews, and why',
        'Whether to hold a local child safeguarding practice review, judged against regulation 11.',
        {
          figures: d.figures,
          lists: [d.list],
        },
      ),
      section(
        'Reviews started, completed and published',
        'Completed means the final report was received in the period.',
        {
          figures: [
            { label: 'Reviews started', value: r.started.length },
            { label: 'Reviews completed', value: r.completed.length },
            { label: 'Reviews published', value: r.published.length },
            { label: 'Reviews still running at the end of the period', value: r.ongoing.length },
          ],
          lists: [
            list('Reviews', touched.map(reviewItem), 'No review started, completed or was published in the period.'),
          ],
        },
      ),
      section('What the reviews found, by learning theme', 'The findings of the reviews completed in the period.', t),
      section('Recommendations and what was done', 'The actions taken on the recommendations of local reviews.', {
        lists: [recs.answered],
      }),
      section('Actions and their impact', 'Improvement actions open at any time in the period.', {
        figures: actionFigures(rows),
        lists: [impactList(rows)],
      }),
      section(
        'Recommendations not acted on, and why',
        'Actions closed without being done, and recommendations with no action.',
        {
          lists: notActed(rows, recs.unanswered),
        },
      ),
    ],
  };
}

function adultsPart(rows: PartRows): ExtractPart {
  const p = rows.period;
  const d = decisions(rows);
  const r = reviewFigures(rows);
  const t = themes(rows);
  const recs = recommendations(rows);
  const startedSet = new Set(r.started);
  return {
    key: 'adults',
    title: 'Safeguarding adult reviews',
    intro: 'Under the headings the Care Act 2014 (Schedule 2, paragraph 4) sets for the board’s annual report.',
    sections: [
      section(
        'Referrals and decisions',
        'Referrals for a safeguarding adult review under section 44, and the board’s decisions.',
        {
          figures: [
            { label: 'Referrals received', value: rows.referrals.filter((x) => inPeriod(p, x.received_on)).length },
            ...d.figures,
          ],
          lists: [d.list],
        },
      ),
      section(
        'Reviews concluded in the year, and their findings',
        'A review is concluded when its final report was received in the period.',
        {
          figures: [
            { label: 'Reviews concluded', value: r.completed.length },
            { label: 'Reviews published', value: r.published.length },
          ],
          table: t.table,
          lists: [
            list('Reviews concluded', r.completed.map(reviewItem), 'No review was concluded in the period.'),
            ...t.lists,
          ],
        },
      ),
      section('Reviews still in progress', 'Reviews started and not concluded by the end of the period.', {
        figures: [
          { label: 'Reviews in progress at the end of the period', value: r.ongoing.length },
          { label: 'Of which started in the period', value: r.ongoing.filter((x) => startedSet.has(x)).length },
        ],
        lists: [
          list('Reviews in progress', r.ongoing.map(reviewItem), 'No review was in progress at the end of the period.'),
        ],
      }),
      section(
        'What was done to implement the findings',
        'The actions taken on the reviews’ recommendations, and their impact.',
        {
          figures: actionFigures(rows),
          lists: [recs.answered, impactList(rows)],
        },
      ),
      section(
        'Findings not acted on, and the reasons',
        'Decisions not to act on a finding, with the reasons recorded.',
        {
          lists: notActed(rows, recs.unanswered),
        },
      ),
    ],
  };
}

/** The extract for the period from the rows the person may see. */
export function buildExtract(input: ExtractInput): Extract {
  const parts = partsFor(input.partnership.kind, new Set(input.reviews.map((r) => r.type)));
  const place = (group: PartKey | null) => group ?? parts[0]!;
  const rowsOf = (key: PartKey): PartRows => ({
    key,
    period: { from: input.from, to: input.to },
    referrals: input.referrals.filter((r) => groupOfRoute(r.route) === key),
    reviews: input.reviews.filter((r) => place(groupOfType(r.type)) === key),
    findings: input.findings.filter((f) => place(groupOfType(f.type)) === key),
    actions: input.actions.filter((a) => place(groupOfType(a.type)) === key),
    cancelReasons: input.cancelReasons,
  });
  return {
    partnership: input.partnership.name,
    from: input.from,
    to: input.to,
    parts: parts.map((key) => (key === 'children' ? childrenPart(rowsOf(key)) : adultsPart(rowsOf(key)))),
  };
}
