/**
 * The one-page summary that opens a board report: what the review is, where it stands, the top
 * findings and where the actions stand. Pure: it is worked out from what the report has already read,
 * so the page and the PDF show the same summary.
 */
import type { ActionStatus, FindingKind, MarkerStatus } from '../../db/schema.js';
import { formatDate } from '../../lib/uk-time.js';
import { nextStepOf } from '../reviews/clocks/next-step.js';
import type { Timescale } from '../reviews/timescales.js';
import { ACTION_STATUSES } from '../actions/actions.options.js';

/** How many findings the summary quotes, and how much of each. */
export const TOP_FINDINGS = 3;
const FINDING_CHARACTERS = 220;

export interface OverviewInput {
  round: { number: number; purpose: string; statusText: string } | null;
  markerStatuses: MarkerStatus[];
  timescales: Timescale[];
  findings: { kindKey: FindingKind; number: number; text: string }[];
  actions: { status: ActionStatus; overdue: boolean }[];
}

/** Cuts text at a word boundary so a summary line stays short; the whole text is in the detail. */
export function shorten(text: string, max = FINDING_CHARACTERS): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.lastIndexOf(' ', max - 1);
  return `${flat.slice(0, cut > max / 2 ? cut : max - 1).replace(/[,;:.]$/, '')}…`;
}

/** The statutory step to do next: the earliest one still open (on track, due soon or overdue). */
export function nextStatutoryStep(timescales: Timescale[]): string {
  const next = nextStepOf(timescales);
  if (!next) return 'No statutory step is waiting: each is done or cannot start yet.';
  const state = next.status === 'overdue' ? 'overdue' : next.status === 'due-soon' ? 'due soon' : 'on track';
  return `${next.title}, due by ${formatDate(next.due!)} (${state}).`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function overviewOf(input: OverviewInput) {
  const completed = input.markerStatuses.filter((s) => s === 'completed').length;
  const findings = input.findings.filter((f) => f.kindKey === 'finding');
  const recommendations = input.findings.length - findings.length;
  const byStatus = (Object.keys(ACTION_STATUSES) as ActionStatus[])
    .map((status) => ({ status, n: input.actions.filter((a) => a.status === status).length }))
    .filter((s) => s.n > 0)
    .map((s) => `${s.n} ${ACTION_STATUSES[s.status].toLowerCase()}`);
  const overdue = input.actions.filter((a) => a.overdue).length;
  return {
    round: input.round
      ? `Round ${input.round.number}: ${input.round.purpose} (${input.round.statusText.toLowerCase()})`
      : 'No round has been started',
    progress: input.round
      ? `${completed} of ${plural(input.markerStatuses.length, 'marker')} completed`
      : 'No markers have been assessed yet',
    nextStep: nextStatutoryStep(input.timescales),
    topFindings: findings.slice(0, TOP_FINDINGS).map((f) => ({ number: f.number, text: shorten(f.text) })),
    findingsLine: input.findings.length
      ? `${plural(findings.length, 'finding')} and ${plural(recommendations, 'recommendation')} in all.`
      : 'No findings or recommendations have been recorded yet.',
    actionsLine: input.actions.length
      ? `${plural(input.actions.length, 'action')}: ${byStatus.join(', ')}; ${overdue} overdue.`
      : 'No actions have been recorded yet.',
    overdueActions: overdue,
  };
}

export type Overview = ReturnType<typeof overviewOf>;
