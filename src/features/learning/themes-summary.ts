/**
 * Learning themes across reviews, from the grouped rows learning.repository reads: per theme and year the
 * findings, recommendations and reviews, the actions they led to and those actions' status and impact;
 * and the recurring themes, those found in three or more reviews within two calendar years. From either
 * the per-review rows (byThemeAndYear, reachOf) or learning_summary's sums (summary-figures.ts). Pure.
 */
import type { ActionStatus } from '../../db/schema.js';

export const RECURRING_REVIEWS = 3;

export interface FindingRow {
  theme_id: string;
  label: string;
  position: number;
  year: string;
  kind: 'finding' | 'recommendation';
  n: number;
}
interface ReviewRow {
  theme_id: string;
  review_id: string;
  year: string;
}
/** How many reviews had a theme in a year, and in that year or the one before. */
export interface ThemeReach {
  theme_id: string;
  year: string;
  reviews: number;
  /** Reviews with the theme in this year or the year before, each once */
  window: number;
}
export interface ActionRow {
  theme_id: string;
  year: string;
  status: ActionStatus;
  overdue: number;
  evaluated: number;
  n: number;
}

export interface ThemeYear {
  themeId: string;
  theme: string;
  year: string;
  reviews: number;
  findings: number;
  recommendations: number;
  actions: { total: number; open: number; overdue: number; done: number; evaluated: number };
}

export interface RecurringTheme {
  themeId: string;
  theme: string;
  /** "2025 to 2026", or one year */
  years: string;
  reviews: number;
}

/**
 * The rows themeYears and recurringThemes read, from counts per theme, review, year and kind: the
 * findings and recommendations per theme, year and kind, and each theme's reviews by year.
 */
export function byThemeAndYear(
  counts: readonly (ReviewRow & { kind: FindingRow['kind']; n: number })[],
  themes: readonly { id: string; label: string; position: number }[],
): { findings: FindingRow[]; reviews: ReviewRow[] } {
  const themeOf = new Map(themes.map((t) => [t.id, t]));
  // By theme, then year: the finding and recommendation rows and the set of reviews (tens of thousands of
  // counts at thousands of reviews, so no string key per row).
  type Year = { finding?: FindingRow; recommendation?: FindingRow; reviews: Set<string> };
  const byTheme = new Map<string, Map<string, Year>>();
  for (const c of counts) {
    const theme = themeOf.get(c.theme_id);
    if (!theme) continue;
    let years = byTheme.get(c.theme_id);
    if (!years) byTheme.set(c.theme_id, (years = new Map<string, Year>()));
    let year = years.get(c.year);
    if (!year) years.set(c.year, (year = { reviews: new Set<string>() }));
    const row = year[c.kind];
    if (row) row.n += c.n;
    else
      year[c.kind] = {
        theme_id: c.theme_id,
        label: theme.label,
        position: theme.position,
        year: c.year,
        kind: c.kind,
        n: c.n,
      };
    year.reviews.add(c.review_id);
  }
  const findings: FindingRow[] = [];
  const reviews: ReviewRow[] = [];
  for (const [themeId, years] of byTheme) {
    for (const [year, y] of years) {
      if (y.finding) findings.push(y.finding);
      if (y.recommendation) findings.push(y.recommendation);
      for (const review of y.reviews) reviews.push({ theme_id: themeId, review_id: review, year });
    }
  }
  return { findings, reviews };
}

export function themeYears(findings: FindingRow[], reach: ThemeReach[], actions: ActionRow[]): ThemeYear[] {
  const rows = new Map<string, ThemeYear & { position: number }>();
  const rowOf = (themeId: string, year: string) => rows.get(`${themeId} ${year}`);
  for (const f of findings) {
    const id = `${f.theme_id} ${f.year}`;
    const row = rows.get(id) ?? {
      themeId: f.theme_id,
      theme: f.label,
      position: f.position,
      year: f.year,
      reviews: 0,
      findings: 0,
      recommendations: 0,
      actions: { total: 0, open: 0, overdue: 0, done: 0, evaluated: 0 },
    };
    if (f.kind === 'finding') row.findings += f.n;
    else row.recommendations += f.n;
    rows.set(id, row);
  }
  for (const r of reach) {
    const row = rowOf(r.theme_id, r.year);
    if (row) row.reviews += r.reviews;
  }
  for (const a of actions) {
    const row = rowOf(a.theme_id, a.year);
    if (!row) continue;
    row.actions.total += a.n;
    if (a.status === 'not-started' || a.status === 'in-progress') row.actions.open += a.n;
    if (a.overdue) row.actions.overdue += a.n;
    if (a.status === 'completed') row.actions.done += a.n;
    if (a.status === 'completed' && a.evaluated) row.actions.evaluated += a.n;
  }
  return [...rows.values()]
    .sort((a, b) => a.position - b.position || a.theme.localeCompare(b.theme) || a.year.localeCompare(b.year))
    .map(({ position: _position, ...row }) => row);
}

/** Each theme's reviews by year and by two-year window, from the rows of byThemeAndYear. */
export function reachOf(reviews: ReviewRow[]): ThemeReach[] {
  const byTheme = new Map<string, Map<string, Set<string>>>();
  for (const r of reviews) {
    const years = byTheme.get(r.theme_id) ?? new Map<string, Set<string>>();
    const set = years.get(r.year) ?? new Set<string>();
    set.add(r.review_id);
    years.set(r.year, set);
    byTheme.set(r.theme_id, years);
  }
  const reach: ThemeReach[] = [];
  for (const [theme_id, years] of byTheme) {
    for (const [year, ids] of years) {
      const before = years.get(String(Number(year) - 1)) ?? [];
      reach.push({ theme_id, year, reviews: ids.size, window: new Set([...before, ...ids]).size });
    }
  }
  return reach;
}

/** Themes found in at least three reviews within two calendar years (the year named and the one before). */
export function recurringThemes(reach: ThemeReach[], labels: ReadonlyMap<string, string>): RecurringTheme[] {
  const byTheme = new Map<string, Map<string, ThemeReach>>();
  for (const r of reach) {
    if (r.reviews <= 0) continue;
    const years = byTheme.get(r.theme_id) ?? new Map<string, ThemeReach>();
    years.set(r.year, r);
    byTheme.set(r.theme_id, years);
  }
  const found: RecurringTheme[] = [];
  for (const [themeId, years] of byTheme) {
    let best: RecurringTheme | null = null;
    for (const year of [...years.keys()].sort()) {
      const before = String(Number(year) - 1);
      const size = years.get(year)!.window;
      if (size >= RECURRING_REVIEWS && (!best || size >= best.reviews)) {
        const span = years.has(before) ? `${before} to ${year}` : year;
        best = { themeId, theme: labels.get(themeId) ?? 'A theme', years: span, reviews: size };
      }
    }
    if (best) found.push(best);
  }
  return found.sort((a, b) => b.reviews - a.reviews || a.theme.localeCompare(b.theme));
}
