import { parse } from 'node-html-parser';
import { describe, expect, it } from 'vitest';
import { chartTable, describeChart, stackedBarSvg, type StackedBarChart } from './charts.js';
import { actionsChart, judgementsChart, progressChart, type StageFigures } from './report-charts.js';

const SCALE = [
  { key: 'met', label: 'Met' },
  { key: 'partly-met', label: 'Partly met' },
  { key: 'not-met', label: 'Not met' },
  { key: 'not-yet-assessed', label: 'Not yet assessed' },
];
const STAGES: StageFigures[] = [
  {
    title: 'Review set-up',
    judgements: ['met', 'met', 'not-met', 'not-yet-assessed'],
    statuses: ['completed', 'completed', 'in-progress', 'not-started'],
  },
  { title: 'Report & <outcomes>', judgements: ['partly-met'], statuses: ['ready-for-sign-off'] },
];
const STATUS_LABELS = {
  'not-started': 'Not started',
  'in-progress': 'In progress',
  'ready-for-sign-off': 'Ready for sign-off',
  completed: 'Completed',
} as const;

const svgOf = (chart: StackedBarChart) => parse(stackedBarSvg(chart)).querySelector('svg')!;

describe('judgements chart', () => {
  const chart = judgementsChart(STAGES, SCALE);

  it('counts markers by judgement per stage, with totals, in its table', () => {
    const table = chartTable(chart);
    expect(table.head).toEqual(['Stage', 'Met', 'Partly met', 'Not met', 'Not yet assessed', 'Total']);
    expect(table.rows).toEqual([
      ['Review set-up', 2, 0, 1, 1, 4],
      ['Report & <outcomes>', 0, 1, 0, 0, 1],
      ['Total', 2, 1, 1, 1, 5],
    ]);
  });

  it('describes the same figures in words', () => {
    expect(describeChart(chart)).toBe(
      'Judgements per stage. Review set-up: 2 met, 1 not met, 1 not yet assessed (4 in all). ' +
        'Report & <outcomes>: 1 partly met (1 in all).',
    );
  });

  it('is an image named by its title and description, with no script and no inline style', () => {
    const svg = svgOf(chart);
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('aria-labelledby')).toBe('chart-judgements-title chart-judgements-desc');
    expect(svg.querySelector('#chart-judgements-title')!.text).toBe('Judgements per stage');
    expect(svg.querySelector('#chart-judgements-desc')!.text).toContain('Report & <outcomes>: 1 partly met');
    const markup = stackedBarSvg(chart);
    expect(markup).toContain('Report &amp; &lt;outcomes&gt;');
    expect(markup).not.toContain('<outcomes>');
    expect(markup).not.toMatch(/style=|<script|<style|javascript:/i);
  });

  it('draws a segment per non-zero count, sized by its share, with its count written on it', () => {
    const svg = svgOf(chart);
    const segments = svg
      .querySelectorAll('rect[fill^="url(#chart-judgements-p"]')
      .filter((r) => r.querySelector('title'));
    expect(segments.map((r) => r.querySelector('title')!.text)).toEqual([
      'Review set-up: 2 met',
      'Review set-up: 1 not met',
      'Review set-up: 1 not yet assessed',
      'Report & <outcomes>: 1 partly met',
    ]);
    const widths = segments.map((r) => Number(r.getAttribute('width')));
    expect(widths[0]).toBeCloseTo(widths[1]! * 2, 0);
    expect(widths[3]).toBeCloseTo(widths[1]!, 0);
    const counts = svg.querySelectorAll('.app-chart__count').map((t) => t.text);
    expect(counts).toEqual(['2', '1', '1', '1']);
    const totals = svg.querySelectorAll('.app-chart__total').map((t) => t.text);
    expect(totals).toEqual(['4', '1']);
  });

  it('gives every series its own pattern and a legend entry, so colour is not the only cue', () => {
    const svg = svgOf(chart);
    const patterns = svg.querySelectorAll('pattern');
    expect(patterns).toHaveLength(4);
    const marks = patterns.map((p) => p.innerHTML.replace(/fill="#[0-9a-f]+"/g, ''));
    expect(new Set(marks).size).toBe(4);
    expect(svg.querySelectorAll('.app-chart__legend').map((t) => t.text)).toEqual(SCALE.map((s) => s.label));
  });

  it('still counts a judgement that is not on the scale, so the totals add up', () => {
    const odd = judgementsChart([{ title: 'Stage', judgements: ['met', 'retired-key'], statuses: [] }], SCALE);
    expect(chartTable(odd).head.slice(-2)).toEqual(['retired-key', 'Total']);
    expect(chartTable(odd).rows[0]).toEqual(['Stage', 1, 0, 0, 0, 1, 2]);
  });
});

describe('progress chart', () => {
  it('counts markers by workflow status per stage', () => {
    const table = chartTable(progressChart(STAGES, STATUS_LABELS));
    expect(table.head).toEqual(['Stage', 'Not started', 'In progress', 'Ready for sign-off', 'Completed', 'Total']);
    expect(table.rows).toEqual([
      ['Review set-up', 1, 1, 0, 2, 4],
      ['Report & <outcomes>', 0, 0, 1, 0, 1],
      ['Total', 1, 1, 1, 2, 5],
    ]);
  });
});

describe('actions chart', () => {
  it('counts actions by status, split by RAG rating (unrated ones too)', () => {
    const chart = actionsChart([
      { status: 'in-progress', rag: 'red' },
      { status: 'in-progress', rag: 'red' },
      { status: 'in-progress', rag: 'amber' },
      { status: 'completed', rag: 'green' },
      { status: 'not-started', rag: null },
    ]);
    expect(chartTable(chart).rows).toEqual([
      ['Not started', 0, 0, 0, 1, 1],
      ['In progress', 2, 1, 0, 0, 3],
      ['Completed', 0, 0, 1, 0, 1],
      ['Cancelled', 0, 0, 0, 0, 0],
      ['Total', 2, 1, 1, 1, 5],
    ]);
    expect(describeChart(chart)).toContain('In progress: 2 red, 1 amber (3 in all).');
    expect(describeChart(chart)).toContain('Cancelled: none (0 in all).');
  });

  it('says there is nothing to show when every count is zero', () => {
    const chart = actionsChart([]);
    expect(describeChart(chart)).toBe('Actions by status and RAG rating: nothing to show yet.');
    expect(svgOf(chart).querySelectorAll('rect title')).toHaveLength(0);
  });
});
