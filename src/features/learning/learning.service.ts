/**
 * What a partnership's reviews say together: the figures of the learning dashboard, its API and the
 * regional roll-up. Reads only: a few set-wise queries for the whole selection (learning.repository),
 * never one per review. Who counts is the reviews list's rule: partnership admins every review of the
 * partnership, everyone else the reviews whose team they are on.
 */
import type { Kysely } from 'kysely';
import type { ActionStatus, Database } from '../../db/schema.js';
import type { PartnershipActor } from '../../plugins/auth.js';
import { membershipsOf } from '../accounts/accounts.service.js';
import { allMarkers, frameworksVisibleTo, type FrameworkCatalogue } from '../frameworks/frameworks.service.js';
import { refreshClockSteps } from '../reviews/clocks/steps.service.js';
import { countsOf, tally, unpack, type FrameworkCounts, type FrameworkInfo } from './markers-matrix.js';
import * as repo from './learning.repository.js';
import { matrixRows } from './matrix.repository.js';
import { summaryMarkers, summarySteps, summaryThemesAndActions } from './summary-figures.js';
import { summarises } from './summary-read.repository.js';
import { refreshLearningSummary } from './summary.service.js';
import { timelinessCounts } from './timeliness.repository.js';
import type { ReviewFilters, RoundChoice, Scope } from './learning.repository.js';
import { byThemeAndYear, reachOf, recurringThemes, themeYears } from './themes-summary.js';
import { timelinessRows } from './timeliness.js';

type Db = Kysely<Database>;
export type { ReviewFilters, RoundChoice };

export const MATRIX_PAGE_SIZE = 25;

/** The reviews a person may see in their partnership, with the filters applied. */
export const scopeOf = (actor: PartnershipActor, filters: ReviewFilters): Scope => ({
  organisationId: actor.organisationId,
  memberId: actor.partnershipRole === 'admin' ? undefined : actor.userId,
  filters,
});

/** Each framework's markers and scale as its latest version has them, or its key when it is unknown. */
export function frameworkInfo(catalogue: FrameworkCatalogue, key: string): FrameworkInfo {
  const fw = catalogue.latest(key);
  if (!fw) return { key, title: key, markers: [], scale: [] };
  return {
    key,
    title: fw.title,
    markers: allMarkers(fw).map((m) => ({ key: m.key, number: m.number, title: m.title })),
    scale: fw.scale.map((o) => ({ key: o.key, label: o.label })),
  };
}

/**
 * Whether the scope's figures come from learning_summary: a partnership admin's (every review), with the
 * page's filters. Someone who sees only their own reviews, and a period given by dates, are counted from
 * the reviews themselves.
 */
export const fromSummary = (scope: Scope) => scope.memberId === undefined && summarises(scope.filters);

const byTitle = (a: FrameworkCounts, b: FrameworkCounts) =>
  a.framework.title.localeCompare(b.framework.title) || a.framework.key.localeCompare(b.framework.key);

/**
 * How many reviews are in the scope, and the marker counts of their chosen rounds, one group per
 * framework, in the frameworks' title order.
 */
async function markerCounts(db: Db, catalogue: FrameworkCatalogue, scope: Scope, choice: RoundChoice) {
  let reviewCount: number;
  let chosen: { framework_key: string; n: number }[];
  let rows: { framework_key: string; marker_key: string; judgement: string; n: number }[];
  if (fromSummary(scope)) {
    const figures = await summaryMarkers(db, scope.organisationId, scope.filters, choice);
    ({ reviews: reviewCount, chosen, judgements: rows } = figures);
  } else {
    const [count, rounds] = await Promise.all([repo.reviewCount(db, scope), repo.roundsChosen(db, scope, choice)]);
    reviewCount = count;
    rows = tally(rounds);
    const byFramework = new Map<string, number>();
    for (const r of rounds) byFramework.set(r.framework_key, (byFramework.get(r.framework_key) ?? 0) + 1);
    chosen = [...byFramework].map(([framework_key, n]) => ({ framework_key, n }));
  }
  const groups = chosen
    .map(({ framework_key: key, n }) =>
      countsOf(
        frameworkInfo(catalogue, key),
        n,
        rows.filter((r) => r.framework_key === key),
      ),
    )
    .sort(byTitle);
  return { reviewCount, groups, reviews: groups.reduce((a, g) => a + g.reviews, 0) };
}

/** One page of the matrix: the reviews with a chosen round, by framework (in the groups' order) then reference. */
async function matrixPage(db: Db, scope: Scope, choice: RoundChoice, groups: FrameworkCounts[], wanted: number) {
  const total = groups.reduce((a, g) => a + g.reviews, 0);
  const pages = Math.max(1, Math.ceil(total / MATRIX_PAGE_SIZE));
  const page = Math.min(Math.max(1, wanted), pages);
  let skip = (page - 1) * MATRIX_PAGE_SIZE;
  let left = MATRIX_PAGE_SIZE;
  const parts: Promise<Awaited<ReturnType<typeof matrixRows>>>[] = [];
  for (const g of groups) {
    if (left <= 0) break;
    if (skip >= g.reviews) {
      skip -= g.reviews;
      continue;
    }
    const take = Math.min(left, g.reviews - skip);
    parts.push(matrixRows(db, scope, choice, g.framework.key, take, skip));
    left -= take;
    skip = 0;
  }
  const rows = (await Promise.all(parts)).flat();
  const shown = rows.map(({ review_id, round_id, number, reference, title, framework_key }) => ({
    round: { review_id, round_id, number },
    review: { id: review_id, reference, title, framework_key },
  }));
  const records = rows.flatMap((r) =>
    unpack(r.judgements).map(([marker_key, judgement]) => ({ round_id: r.round_id, marker_key, judgement })),
  );
  return { page, pages, total, shown, records };
}

export interface DashboardInput {
  choice: RoundChoice;
  filters: ReviewFilters;
  /** The page of the matrix, from 1 */
  page: number;
  today: string;
}

/** The timeliness figures: the steps' rows brought up to date first, then counted in SQL. */
async function timelinessOf(db: Db, scope: Scope, today: string) {
  await refreshClockSteps(db, scope.organisationId);
  return timelinessRows(await timelinessCounts(db, scope, today));
}

/** Everything /learning shows. */
export async function learningDashboard(
  db: Db,
  builtIn: FrameworkCatalogue,
  actor: PartnershipActor,
  input: DashboardInput,
) {
  const scope = scopeOf(actor, input.filters);
  const summarised = fromSummary(scope);
  const [catalogue] = await Promise.all([
    frameworksVisibleTo(db, builtIn, { organisation: { id: actor.organisationId } }),
    summarised ? refreshLearningSummary(db, scope.organisationId) : undefined,
  ]);
  const [memberships, markers, themesAndActions, timeliness] = await Promise.all([
    membershipsOf(db, actor.userId),
    markerCounts(db, catalogue, scope, input.choice),
    summarised
      ? summaryThemesAndActions(db, scope.organisationId, scope.filters, input.today).then((t) => ({
          themes: t.themes,
          actions: sumActions(t.actions),
        }))
      : Promise.all([themesOf(db, scope, input.today), actionsOf(db, scope, input.today)]).then(
          ([themes, actions]) => ({ themes, actions }),
        ),
    summarised
      ? summarySteps(db, scope.organisationId, scope.filters, input.today).then(timelinessRows)
      : timelinessOf(db, scope, input.today),
  ]);
  const matrix = await matrixPage(db, scope, input.choice, markers.groups, input.page);

  return {
    reviewCount: markers.reviewCount,
    markers: { groups: markers.groups, reviews: markers.reviews, ...matrix },
    themes: themesAndActions.themes,
    timeliness,
    actions: themesAndActions.actions,
    frameworks: catalogue.list().map((f) => ({ key: f.key, title: f.title })),
    regional: memberships.length > 1,
  };
}

/** The figures of /api/v1/learning/markers. */
export async function markersSummary(
  db: Db,
  builtIn: FrameworkCatalogue,
  actor: PartnershipActor,
  choice: RoundChoice,
  filters: ReviewFilters,
) {
  const scope = scopeOf(actor, filters);
  const [catalogue] = await Promise.all([
    frameworksVisibleTo(db, builtIn, { organisation: { id: actor.organisationId } }),
    fromSummary(scope) ? refreshLearningSummary(db, scope.organisationId) : undefined,
  ]);
  const { groups, reviews: counted } = await markerCounts(db, catalogue, scope, choice);
  return { reviews: counted, groups };
}

/** Themes per year with their actions, and the recurring ones. */
export async function themesOf(db: Db, scope: Scope, today: string) {
  if (fromSummary(scope)) {
    await refreshLearningSummary(db, scope.organisationId);
    return (await summaryThemesAndActions(db, scope.organisationId, scope.filters, today)).themes;
  }
  const [counts, themes, actions] = await Promise.all([
    repo.themeCounts(db, scope),
    repo.themesOfPartnership(db, scope.organisationId),
    repo.themeActions(db, scope, today),
  ]);
  const { findings, reviews } = byThemeAndYear(counts, themes);
  const labels = new Map(findings.map((f) => [f.theme_id, f.label]));
  const reach = reachOf(reviews);
  return { years: themeYears(findings, reach, actions), recurring: recurringThemes(reach, labels) };
}

/** The improvement actions of the reviews, counted from the reviews themselves (not the summary). */
export async function actionsOf(db: Db, scope: Scope, today: string) {
  return sumActions(await repo.actionCounts(db, scope, today));
}

/** The improvement actions: open, overdue, done, evaluated, and done but not evaluated. */
export function sumActions(rows: readonly { status: ActionStatus; overdue: number; evaluated: number; n: number }[]) {
  const sum = (keep: (r: (typeof rows)[number]) => boolean) => rows.filter(keep).reduce((a, r) => a + r.n, 0);
  const open = (r: (typeof rows)[number]) => r.status === 'not-started' || r.status === 'in-progress';
  return {
    total: sum(() => true),
    open: sum(open),
    overdue: sum((r) => open(r) && r.overdue === 1),
    done: sum((r) => r.status === 'completed'),
    evaluated: sum((r) => r.status === 'completed' && r.evaluated === 1),
    doneNotEvaluated: sum((r) => r.status === 'completed' && r.evaluated === 0),
    cancelled: sum((r) => r.status === 'cancelled'),
  };
}
export type ActionFigures = ReturnType<typeof sumActions>;
