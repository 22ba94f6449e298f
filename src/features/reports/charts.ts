/**
 * Charts drawn on the server as SVG, from plain figures: no chart library, no script, no inline
 * style (the page's CSP forbids both). Each chart names itself and describes its figures in words
 * (role="img" with aria-labelledby), marks every segment with a pattern as well as a colour and
 * writes each count on it, and comes with the same figures as a table for the page to show beside it.
 * Pure, so the exports can draw the same charts.
 */

export interface ChartSeries {
  key: string;
  label: string;
}

export interface ChartCategory {
  label: string;
  /** One count per series, in the series' order */
  values: number[];
}

export interface StackedBarChart {
  /** Unique on the page: the SVG's ids start with it */
  id: string;
  title: string;
  /** What the categories are, for the table's first column: "Stage" */
  categoryHeading: string;
  series: ChartSeries[];
  categories: ChartCategory[];
}

export interface ChartTable {
  caption: string;
  head: string[];
  rows: (string | number)[][];
}

/** Fill colours by series key, chosen for 3:1 against white where the pattern leaves gaps. */
const COLOURS: Record<string, string> = {
  met: '#00703c',
  'partly-met': '#b58840',
  'not-met': '#d4351c',
  'not-yet-assessed': '#505a5f',
  'not-applicable': '#6f777b',
  completed: '#00703c',
  'ready-for-sign-off': '#8a6d00',
  'in-progress': '#1d70b8',
  'not-started': '#505a5f',
  red: '#d4351c',
  amber: '#b35f00',
  green: '#00703c',
  none: '#505a5f',
};
const FALLBACK = ['#1d70b8', '#4c2c92', '#00703c', '#d4351c', '#505a5f', '#912b88', '#b35f00'];

/** A pattern for each series position, so no two series differ by colour alone. */
const PATTERNS = [
  '', // solid
  '<path d="M0 8 L8 0" stroke="#ffffff" stroke-width="2"/>',
  '<circle cx="4" cy="4" r="1.6" fill="#ffffff"/>',
  '<path d="M0 4 H8" stroke="#ffffff" stroke-width="2"/>',
  '<path d="M0 0 L8 8 M0 8 L8 0" stroke="#ffffff" stroke-width="1.5"/>',
  '<path d="M4 0 V8" stroke="#ffffff" stroke-width="2"/>',
];

export const colourOf = (key: string, index: number) => COLOURS[key] ?? FALLBACK[index % FALLBACK.length]!;

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const WIDTH = 640;
const LABEL_WIDTH = 230;
const BAR_WIDTH = WIDTH - LABEL_WIDTH - 50;
const ROW = 40;
const BAR = 26;
const LEGEND_ROW = 24;
/** The drawing's measures, for drawing the same chart elsewhere (the board report's PDF). */
export const CHART_LAYOUT = { WIDTH, LABEL_WIDTH, BAR_WIDTH, ROW, BAR, LEGEND_ROW, PATTERN_COUNT: PATTERNS.length };

export const totalOf = (c: ChartCategory) => c.values.reduce((a, b) => a + b, 0);

export const countPhrase = (n: number, label: string) => `${n} ${label.charAt(0).toLowerCase()}${label.slice(1)}`;

/** The chart's figures in words: "Referral and scope: 2 met, 1 not met (3 in all)." */
export function describeChart(chart: StackedBarChart): string {
  if (!chart.categories.some((c) => totalOf(c) > 0)) return `${chart.title}: nothing to show yet.`;
  const parts = chart.categories.map((c) => {
    const counts = chart.series
      .map((s, i) => ({ s, n: c.values[i] ?? 0 }))
      .filter((x) => x.n > 0)
      .map((x) => countPhrase(x.n, x.s.label));
    return `${c.label}: ${counts.length ? counts.join(', ') : 'none'} (${totalOf(c)} in all).`;
  });
  return `${chart.title}. ${parts.join(' ')}`;
}

/** The same figures as a table: a row per category, a column per series, and the total. */
export function chartTable(chart: StackedBarChart): ChartTable {
  const totals = chart.series.map((_s, i) => chart.categories.reduce((n, c) => n + (c.values[i] ?? 0), 0));
  return {
    caption: chart.title,
    head: [chart.categoryHeading, ...chart.series.map((s) => s.label), 'Total'],
    rows: [
      ...chart.categories.map((c) => [c.label, ...chart.series.map((_s, i) => c.values[i] ?? 0), totalOf(c)]),
      ['Total', ...totals, totals.reduce((a, b) => a + b, 0)],
    ],
  };
}

/** Splits a label over two lines at most, so it fits beside its bar. */
export function labelLines(label: string, max = 28): string[] {
  if (label.length <= max) return [label];
  const cut = label.lastIndexOf(' ', max);
  const first = cut > 0 ? label.slice(0, cut) : label.slice(0, max);
  const rest = label.slice(first.length).trim();
  return [first, rest.length > max ? `${rest.slice(0, max - 1)}…` : rest];
}

/** A horizontal stacked bar chart: a bar per category, a patterned segment per series. */
export function stackedBarSvg(chart: StackedBarChart): string {
  const id = chart.id;
  const max = Math.max(1, ...chart.categories.map(totalOf));
  const barsHeight = chart.categories.length * ROW;
  const legendTop = barsHeight + 16;
  const legendRows = Math.ceil(chart.series.length / 3);
  const height = legendTop + legendRows * LEGEND_ROW + 8;
  const defs = chart.series
    .map((s, i) => {
      const colour = colourOf(s.key, i);
      const pattern = PATTERNS[i % PATTERNS.length]!;
      return (
        `<pattern id="${id}-p${i}" width="8" height="8" patternUnits="userSpaceOnUse">` +
        `<rect width="8" height="8" fill="${colour}"/>${pattern}</pattern>`
      );
    })
    .join('');
  const bars = chart.categories
    .map((c, row) => {
      const y = row * ROW + (ROW - BAR) / 2;
      const lines = labelLines(c.label);
      const label = lines
        .map(
          (line, i) =>
            `<text x="${LABEL_WIDTH - 8}" y="${y + BAR / 2 + (i - (lines.length - 1) / 2) * 14}" text-anchor="end" dominant-baseline="middle" class="app-chart__label">${escapeXml(line)}</text>`,
        )
        .join('');
      let x = LABEL_WIDTH;
      const segments = chart.series
        .map((s, i) => {
          const n = c.values[i] ?? 0;
          if (n === 0) return '';
          const w = (n / max) * BAR_WIDTH;
          const seg =
            `<rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${BAR}" fill="url(#${id}-p${i})" stroke="#0b0c0c" stroke-width="1"><title>${escapeXml(`${c.label}: ${countPhrase(n, s.label)}`)}</title></rect>` +
            (w >= 22 ? countTag(x + w / 2, y + BAR / 2, n) : '');
          x += w;
          return seg;
        })
        .join('');
      const total = `<text x="${(x + 6).toFixed(1)}" y="${y + BAR / 2}" dominant-baseline="middle" class="app-chart__total">${totalOf(c)}</text>`;
      return `<g>${label}${segments}${total}</g>`;
    })
    .join('');
  const legend = chart.series
    .map((s, i) => {
      const lx = (i % 3) * (WIDTH / 3) + 8;
      const ly = legendTop + Math.floor(i / 3) * LEGEND_ROW;
      return (
        `<rect x="${lx}" y="${ly}" width="16" height="16" fill="url(#${id}-p${i})" stroke="#0b0c0c" stroke-width="1"/>` +
        `<text x="${lx + 22}" y="${ly + 8}" dominant-baseline="middle" class="app-chart__legend">${escapeXml(s.label)}</text>`
      );
    })
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-labelledby="${id}-title ${id}-desc" focusable="false" font-family="system-ui, Arial, sans-serif" font-size="14" fill="#0b0c0c">` +
    `<title id="${id}-title">${escapeXml(chart.title)}</title>` +
    `<desc id="${id}-desc">${escapeXml(describeChart(chart))}</desc>` +
    `<defs>${defs}</defs>${bars}<g>${legend}</g></svg>`
  );
}

/** A count on a white tag, readable whatever the segment's colour and pattern. */
function countTag(cx: number, cy: number, n: number): string {
  const w = String(n).length * 8 + 8;
  return (
    `<rect x="${(cx - w / 2).toFixed(1)}" y="${cy - 9}" width="${w}" height="18" rx="3" fill="#ffffff" stroke="#0b0c0c" stroke-width="1"/>` +
    `<text x="${cx.toFixed(1)}" y="${cy}" text-anchor="middle" dominant-baseline="central" class="app-chart__count">${n}</text>`
  );
}
