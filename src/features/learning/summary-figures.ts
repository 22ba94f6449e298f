/**
 * The dashboard's figures for a whole partnership from learning_summary, in the shapes the per-review
 * queries give (learning.service.ts uses whichever applies). Refresh the summary first.
 */
import type { Kysely } from 'kysely';
import type { ActionStatus, Database, FindingKind, ReviewType } from '../../db/schema.js';
import type { ReviewFilters, RoundChoice } from './learning.repository.js';
import { themesOfPartnership } from './learning.repository.js';
import * as read from './summary-read.repository.js';
import { recurringThemes, themeYears, type FindingRow, type ThemeReach } from './themes-summary.js';

type Db = Kysely<Database>;

/** Reviews, and per framework the reviews with a chosen round and the judgements' counts. */
export async function summaryMarkers(db: Db, organisationId: string, filters: ReviewFilters, choice: RoundChoice) {
  const figures = await read.markerFigures(db, organisationId, filters, choice);
  return {
    reviews: figures.reviews,
    chosen: figures.chosen.filter((c) => c.n > 0),
    judgements: figures.judgements.filter((j) => j.n !== 0),
  };
}

/** The statutory steps' counts by review type, year first due and outcome. */
export async function summarySteps(db: Db, organisationId: string, filters: ReviewFilters, today: string) {
  const rows = await read.stepFigures(db, organisationId, filters, today);
  return rows.map((r) => ({ ...r, review_type: r.review_type as ReviewType }));
}

/** Themes per year with their actions, the recurring ones, and the improvement actions' rows. */
export async function summaryThemesAndActions(db: Db, organisationId: string, filters: ReviewFilters, today: string) {
  const [rows, actionRows, themes] = await Promise.all([
    read.themeFigures(db, organisationId, filters),
    read.actionFigures(db, organisationId, filters, today),
    themesOfPartnership(db, organisationId),
  ]);
  const themeOf = new Map(themes.map((t) => [t.id, t]));
  const findings: FindingRow[] = [];
  const reach = new Map<string, ThemeReach>();
  const reachOf = (theme_id: string, year: string) => {
    const key = `${theme_id} ${year}`;
    let r = reach.get(key);
    if (!r) reach.set(key, (r = { theme_id, year, reviews: 0, window: 0 }));
    return r;
  };
  for (const r of rows) {
    const theme = themeOf.get(r.a);
    if (!theme || r.n === 0) continue;
    if (r.fact === 'theme') {
      const kind = r.c as FindingKind;
      findings.push({ theme_id: r.a, label: theme.label, position: theme.position, year: r.b, kind, n: r.n });
    } else if (r.fact === 'theme-review') reachOf(r.a, r.b).reviews += r.n;
    else reachOf(r.a, r.b).window += r.n;
  }
  const asAction = (r: (typeof actionRows)[number]) => ({ ...r, status: r.status as ActionStatus });
  const themeActions = actionRows.filter((r) => r.fact === 'theme-action').map(asAction);
  const actions = actionRows.filter((r) => r.fact === 'action').map(asAction);
  const labels = new Map(findings.map((f) => [f.theme_id, f.label]));
  const reached = [...reach.values()];
  return {
    themes: { years: themeYears(findings, reached, themeActions), recurring: recurringThemes(reached, labels) },
    actions,
  };
}
