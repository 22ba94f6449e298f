/** The pieces of the extract's sections, from one part's rows: figures, tables and lists. Pure. */
import { longDate } from '../../lib/uk-time.js';
import { ACTION_STATUSES } from '../actions/actions.options.js';
import { OUTCOME_LABELS, type Outcome } from '../referrals/referrals.options.js';
import { REVIEW_TYPES } from '../reviews/reviews.options.js';
import {
  type ActionRow,
  type ExtractInput,
  type Figure,
  type FindingRow,
  type Item,
  type ItemList,
  type PartKey,
  type ReviewRow,
  type Section,
  type Table,
} from './extract.model.js';

const NO_THEME = 'No theme recorded';

export interface PartRows {
  key: PartKey;
  period: { from: string; to: string };
  referrals: ExtractInput['referrals'];
  reviews: ReviewRow[];
  findings: FindingRow[];
  actions: ActionRow[];
  cancelReasons: Map<string, string>;
}

export const inPeriod = (p: PartRows['period'], date: string | null | undefined) =>
  Boolean(date && date >= p.from && date <= p.to);
export const startOf = (r: ReviewRow) => r.decision_date ?? r.created_at.slice(0, 10);
const publishedOf = (r: ReviewRow) => r.published_on ?? r.publication_date;
const outcomeText = (outcome: string | null) =>
  outcome ? (OUTCOME_LABELS[outcome as Outcome] ?? 'Another outcome') : 'No decision yet';

export function ongoingAtEnd(p: PartRows['period'], r: ReviewRow): boolean {
  if (startOf(r) > p.to) return false;
  if (r.final_report_date) return r.final_report_date > p.to;
  return r.status !== 'complete' && r.status !== 'archived';
}

export function reviewItem(r: ReviewRow): Item {
  const published = publishedOf(r);
  return {
    text: `${r.reference}: ${r.title} (${REVIEW_TYPES[r.type]})`,
    details: [
      `Started ${longDate(startOf(r))}`,
      ...(r.final_report_date ? [`Final report ${longDate(r.final_report_date)}`] : []),
      ...(published ? [`Published ${longDate(published)}`] : []),
    ],
  };
}

export const list = (title: string, items: Item[], empty: string): ItemList => ({ title, items, empty });

export function decisions(rows: PartRows): { figures: Figure[]; list: ItemList } {
  const decided = rows.referrals.filter((r) => inPeriod(rows.period, r.decided_on));
  const byOutcome = new Map<string, number>();
  for (const r of decided) byOutcome.set(outcomeText(r.outcome), (byOutcome.get(outcomeText(r.outcome)) ?? 0) + 1);
  return {
    figures: [
      { label: 'Decisions made', value: decided.length },
      ...[...byOutcome].map(([label, value]) => ({ label: `Decided: ${label}`, value })),
    ],
    list: list(
      'Decisions and their reasons',
      decided.map((r) => ({
        text: `${longDate(r.decided_on)}, ${r.subject_pseudonym}: ${outcomeText(r.outcome)}`,
        details: [r.reasons?.trim() ? `Reasons: ${r.reasons.trim()}` : 'No reasons recorded'],
      })),
      'No decisions were made in the period.',
    ),
  };
}

export function reviewFigures(rows: PartRows) {
  const p = rows.period;
  return {
    started: rows.reviews.filter((r) => inPeriod(p, startOf(r))),
    completed: rows.reviews.filter((r) => inPeriod(p, r.final_report_date)),
    published: rows.reviews.filter((r) => inPeriod(p, publishedOf(r))),
    ongoing: rows.reviews.filter((r) => ongoingAtEnd(p, r)),
  };
}

/** Findings (not recommendations) of the reviews completed in the period, by theme. */
export function themes(rows: PartRows): { table: Table; lists: ItemList[] } {
  const byTheme = new Map<string, { position: number; findings: Map<string, Item>; reviews: Set<string> }>();
  for (const f of rows.findings.filter((x) => x.kind === 'finding')) {
    const label = f.theme ?? NO_THEME;
    const entry = byTheme.get(label) ?? {
      position: f.theme_position ?? Number.MAX_SAFE_INTEGER,
      findings: new Map(),
      reviews: new Set(),
    };
    entry.findings.set(f.id, { text: `${f.reference}, finding ${f.number}: ${f.text}`, details: [] });
    entry.reviews.add(f.review_id);
    byTheme.set(label, entry);
  }
  const ordered = [...byTheme].sort(([a, x], [b, y]) => x.position - y.position || a.localeCompare(b));
  return {
    table: {
      caption: 'Findings by learning theme',
      head: ['Learning theme', 'Findings', 'Reviews'],
      rows: ordered.map(([label, e]) => [label, String(e.findings.size), String(e.reviews.size)]),
    },
    lists: ordered.map(([label, e]) => list(label, [...e.findings.values()], '')),
  };
}

const actionName = (a: ActionRow) => `${a.reference}, action ${a.number}: ${a.title}`;

function actionLine(a: ActionRow): string {
  const impact = a.impact_what_changed.trim();
  return `Action ${a.number}: ${a.title} (${ACTION_STATUSES[a.status]})${impact ? `. Impact: ${impact}` : ''}`;
}

const CLOSED: readonly string[] = ['completed', 'cancelled'];

/**
 * The recommendations of the reviews completed in the period with their actions, and those of earlier
 * reviews whose actions were completed or closed in the period: what was done about each.
 */
export function recommendations(rows: PartRows): { answered: ItemList; unanswered: Item[] } {
  const recs = new Map<string, { text: string; actions: ActionRow[]; hasAction: boolean }>();
  for (const f of rows.findings.filter((x) => x.kind === 'recommendation')) {
    const text = `${f.reference}, recommendation ${f.number}: ${f.text}`;
    recs.set(f.id, { text, actions: [], hasAction: Boolean(f.has_action) });
  }
  for (const a of rows.actions) {
    if (!a.finding_id || a.finding_kind !== 'recommendation') continue;
    const rec = recs.get(a.finding_id);
    if (rec) rec.actions.push(a);
    else if (CLOSED.includes(a.status)) {
      const text = `${a.reference}, recommendation ${a.finding_number}: ${a.finding_text}`;
      recs.set(a.finding_id, { text, actions: [a], hasAction: true });
    }
  }
  const all = [...recs.values()];
  return {
    answered: list(
      'Recommendations and their actions',
      all.filter((r) => r.actions.length).map((r) => ({ text: r.text, details: r.actions.map(actionLine) })),
      'No recommendation had an action in the period.',
    ),
    unanswered: all
      .filter((r) => !r.hasAction)
      .map((r) => ({ text: r.text, details: ['No action, and no reason for taking none, has been recorded'] })),
  };
}

export function actionFigures(rows: PartRows): Figure[] {
  const a = rows.actions;
  const done = a.filter((x) => x.status === 'completed');
  const open = a.filter((x) => x.status === 'not-started' || x.status === 'in-progress');
  return [
    { label: 'Improvement actions worked on in the period', value: a.length },
    { label: 'Completed in the period', value: done.length },
    { label: 'Completed, with their impact recorded', value: done.filter((x) => x.impact_what_changed.trim()).length },
    { label: 'Completed, impact not yet recorded', value: done.filter((x) => !x.impact_what_changed.trim()).length },
    { label: 'Still open', value: open.length },
    {
      label: 'Past their due date at the end of the period',
      value: open.filter((x) => x.due_date && x.due_date < rows.period.to).length,
    },
    { label: 'Closed without being done', value: a.filter((x) => x.status === 'cancelled').length },
  ];
}

export function impactList(rows: PartRows): ItemList {
  const withImpact = rows.actions.filter((a) => a.status === 'completed' && a.impact_what_changed.trim());
  return list(
    'Impact of the actions completed in the period',
    withImpact.map((a) => ({
      text: actionName(a),
      details: [
        `What changed: ${a.impact_what_changed.trim()}`,
        ...(a.impact_how_we_know.trim() ? [`How we know: ${a.impact_how_we_know.trim()}`] : []),
      ],
    })),
    'No action completed in the period has its impact recorded.',
  );
}

export function notActed(rows: PartRows, unanswered: Item[]): ItemList[] {
  const cancelled = rows.actions.filter((a) => a.status === 'cancelled');
  return [
    list(
      'Actions closed without being done',
      cancelled.map((a) => {
        const reason = rows.cancelReasons.get(a.id);
        return { text: actionName(a), details: [reason ? `Reason: ${reason}` : 'No reason recorded'] };
      }),
      'No action was closed without being done in the period.',
    ),
    list('Recommendations with no action', unanswered, 'Every recommendation has at least one action.'),
  ];
}

export const section = (heading: string, intro: string, parts: Partial<Section> = {}): Section => ({
  heading,
  intro,
  figures: [],
  lists: [],
  ...parts,
});
