/**
 * A board report chart drawn into a PDF: the same stacked bars, colours, patterns, counts and legend as
 * the page's SVG (charts.ts), at the same proportions, drawn as vectors with real text and tagged as a
 * figure whose alternative text is the chart's description.
 */
import { CHART_LAYOUT as L, colourOf, describeChart, labelLines, totalOf, type StackedBarChart } from './charts.js';

/** The page's patterns as PDF tiling cells (8 × 8, painted white over the series colour). */
const PATTERN_STREAMS = [
  '',
  '2 w 0 8 m 8 0 l S',
  '3 3 2 2 re f',
  '2 w 0 4 m 8 4 l S',
  '1.5 w 0 0 m 8 8 l 0 8 m 8 0 l S',
  '2 w 4 0 m 4 8 l S',
];

/** The chart's height in SVG units, as stackedBarSvg works it out. */
export function chartHeight(chart: StackedBarChart): number {
  return chart.categories.length * L.ROW + 16 + Math.ceil(chart.series.length / 3) * L.LEGEND_ROW + 8;
}

/** Draws the chart `width` points wide at the current position and moves below it. */
export function drawChart(pdf: PDFKit.PDFDocument, chart: StackedBarChart, width: number) {
  const k = width / L.WIDTH;
  const height = chartHeight(chart) * k;
  if (pdf.y + height > pdf.page.height - pdf.page.margins.bottom) pdf.addPage();
  const x0 = pdf.page.margins.left;
  const y0 = pdf.y;
  pdf.addStructure(
    pdf.struct('Figure', { alt: describeChart(chart) }, () => {
      pdf.save();
      pdf.translate(x0, y0).scale(k);
      paint(pdf, chart);
      pdf.restore();
    }),
  );
  pdf.x = x0;
  pdf.y = y0 + height + 4;
  pdf.font('Helvetica').fontSize(10.5).fillColor('#0b0c0c').strokeColor('#0b0c0c').lineWidth(1);
}

function paint(pdf: PDFKit.PDFDocument, chart: StackedBarChart) {
  const patterns = PATTERN_STREAMS.map((s) => (s ? pdf.pattern([0, 0, 8, 8], 8, 8, s) : null));
  const fill = (x: number, y: number, w: number, h: number, i: number, key: string) => {
    pdf.rect(x, y, w, h).fill(colourOf(key, i));
    const pattern = patterns[i % L.PATTERN_COUNT];
    if (pattern) pdf.rect(x, y, w, h).fill([pattern, '#ffffff']);
    pdf.lineWidth(1).rect(x, y, w, h).stroke('#0b0c0c');
  };
  // x is where the text starts, or (with a box width) the box's right edge or centre.
  type Place = { align?: 'right' | 'center'; box?: number; bold?: boolean; size?: number };
  const label = (value: string, x: number, y: number, opts: Place = {}) => {
    pdf
      .font(opts.bold ? 'Helvetica-Bold' : 'Helvetica')
      .fontSize(opts.size ?? 14)
      .fillColor('#0b0c0c');
    const box = opts.box ?? 0;
    const left = opts.align === 'right' ? x - box : opts.align === 'center' ? x - box / 2 : x;
    pdf.text(value, left, y, {
      lineBreak: false,
      baseline: 'middle',
      ...(box ? { width: box, align: opts.align } : {}),
    });
  };
  const max = Math.max(1, ...chart.categories.map(totalOf));
  chart.categories.forEach((c, row) => {
    const y = row * L.ROW + (L.ROW - L.BAR) / 2;
    const lines = labelLines(c.label);
    lines.forEach((line, i) =>
      label(line, L.LABEL_WIDTH - 8, y + L.BAR / 2 + (i - (lines.length - 1) / 2) * 14, {
        align: 'right',
        box: L.LABEL_WIDTH - 8,
      }),
    );
    let x = L.LABEL_WIDTH;
    chart.series.forEach((s, i) => {
      const n = c.values[i] ?? 0;
      if (n === 0) return;
      const w = (n / max) * L.BAR_WIDTH;
      fill(x, y, w, L.BAR, i, s.key);
      if (w >= 22) {
        const tag = String(n).length * 8 + 8;
        pdf.roundedRect(x + w / 2 - tag / 2, y + L.BAR / 2 - 9, tag, 18, 3).fillAndStroke('#ffffff', '#0b0c0c');
        label(String(n), x + w / 2, y + L.BAR / 2, { align: 'center', box: tag, bold: true, size: 13 });
      }
      x += w;
    });
    label(String(totalOf(c)), x + 6, y + L.BAR / 2);
  });
  const legendTop = chart.categories.length * L.ROW + 16;
  chart.series.forEach((s, i) => {
    const lx = (i % 3) * (L.WIDTH / 3) + 8;
    const ly = legendTop + Math.floor(i / 3) * L.LEGEND_ROW;
    fill(lx, ly, 16, 16, i, s.key);
    label(s.label, lx + 22, ly + 8);
  });
}
