/**
 * What a partnership's reviews say together: the figures of the learning dashboard, its API and the
 * regional roll-up. Reads only: a few set-wise queries for the whole selection (learning.repository),
 * never one per review. Who counts is the reviews list's rule: partnership admins every review of the
 * partnership, everyone else the reviews whose team they are on.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { PartnershipActor } from '../../plugins/auth.js';
import { membershipsOf } from '../accounts/accounts.service.js';
import { allMarkers, frameworksVisibleTo, type FrameworkCatalogue } from '../frameworks/frameworks.service.js';
import { refreshClockSteps } from '../reviews/clocks/steps.service.js';
import { countsOf, tally, unpack, type FrameworkCounts, type FrameworkInfo } from './markers-matrix.js';
import * as repo from './learning.repository.js';
import { timelinessCounts } from './timeliness.repository.js';
import type { ReviewFilters, RoundChoice, Scope } from './learning.repository.js';
import { byThemeAndYear, recurringThemes, themeYears } from './themes-summary.js';
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

/** The marker counts of the chosen rounds, one group per framework, in the frameworks' title order. */
async function markerCounts(db: Db, catalogue: FrameworkCatalogue, scope: Scope, choice: RoundChoice) {
  const rounds = await repo.roundsChosen(db, scope, choice);
  const rows = tally(rounds);
  const reviewsByFramework = new Map<string, number>();
  for (const r of rounds) reviewsByFramework.set(r.framework_key, (reviewsByFramework.get(r.framework_key) ?? 0) + 1);
  const groups: FrameworkCounts[] = [...reviewsByFramework.entries()].map(([key, reviews]) =>
    countsOf(
      frameworkInfo(catalogue, key),
      reviews,
      rows.filter((r) => r.framework_key === key),
    ),
  );
  groups.sort((a, b) => a.framework.title.localeCompare(b.framework.title));
  return { rounds, groups, reviews: rounds.length };
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
  const catalogue = await frameworksVisibleTo(db, builtIn, { organisation: { id: actor.organisationId } });
  const [reviewCount, memberships, markers, themes, actions, timeliness] = await Promise.all([
    repo.reviewCount(db, scope),
    membershipsOf(db, actor.userId),
    markerCounts(db, catalogue, scope, input.choice),
    themesOf(db, scope, input.today),
    actionsOf(db, scope, input.today),
    timelinessOf(db, scope, input.today),
  ]);

  // The matrix: one page of the reviews that have a chosen round, by framework then reference.
  const order = new Map(markers.groups.map((g, i) => [g.framework.key, i]));
  const rows = markers.rounds
    .map(({ review_id, round_id, number, reference, title, framework_key }) => ({
      round: { review_id, round_id, number },
      review: { id: review_id, reference, title, framework_key },
    }))
    .sort(
      (a, b) =>
        (order.get(a.review.framework_key) ?? 0) - (order.get(b.review.framework_key) ?? 0) ||
        a.review.reference.localeCompare(b.review.reference),
    );
  const pages = Math.max(1, Math.ceil(rows.length / MATRIX_PAGE_SIZE));
  const page = Math.min(Math.max(1, input.page), pages);
  const shown = rows.slice((page - 1) * MATRIX_PAGE_SIZE, page * MATRIX_PAGE_SIZE);
  const shownRounds = new Set(shown.map((r) => r.round.round_id));
  const records = markers.rounds
    .filter((r) => shownRounds.has(r.round_id))
    .flatMap((r) =>
      unpack(r.judgements).map(([marker_key, judgement]) => ({ round_id: r.round_id, marker_key, judgement })),
    );

  return {
    reviewCount,
    markers: { ...markers, page, pages, total: rows.length, shown, records },
    themes,
    timeliness,
    actions,
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
  const catalogue = await frameworksVisibleTo(db, builtIn, { organisation: { id: actor.organisationId } });
  const { groups, reviews: counted } = await markerCounts(db, catalogue, scope, choice);
  return { reviews: counted, groups };
}

/** Themes per year with their actions, and the recurring ones. */
export async function themesOf(db: Db, scope: Scope, today: string) {
  const [counts, themes, actions] = await Promise.all([
    repo.themeCounts(db, scope),
    repo.themesOfPartnership(db, scope.organisationId),
    repo.themeActions(db, scope, today),
  ]);
  const { findings, reviews } = byThemeAndYear(counts, themes);
  const labels = new Map(findings.map((f) => [f.theme_id, f.label]));
  return { years: themeYears(findings, reviews, actions), recurring: recurringThemes(reviews, labels) };
}

/** The improvement actions of the reviews: open, overdue, done, evaluated, and done but not evaluated. */
export async function actionsOf(db: Db, scope: Scope, today: string) {
  const rows = await repo.actionCounts(db, scope, today);
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
export type ActionFigures = Awaited<ReturnType<typeof actionsOf>>;
