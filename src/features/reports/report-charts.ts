/**
 * The three charts of a board report, from the report's figures. Pure: the exports can call these
 * with the same inputs and draw the same charts.
 */
import type { ActionStatus, MarkerStatus, Rag } from '../../db/schema.js';
import { chartTable, describeChart, stackedBarSvg, type StackedBarChart } from './charts.js';
import { ACTION_STATUSES } from '../actions/actions.options.js';
import { RAG_LABELS } from './report-labels.js';

export interface StageFigures {
  title: string;
  /** The judgement key of each marker in the stage */
  judgements: string[];
  /** The workflow status of each marker in the stage */
  statuses: MarkerStatus[];
}

export interface ChartView {
  id: string;
  svg: string;
  description: string;
  table: ReturnType<typeof chartTable>;
  /** The figures it is drawn from, for the PDF to draw the same chart */
  chart: StackedBarChart;
}

export const viewOf = (chart: StackedBarChart): ChartView => ({
  id: chart.id,
  svg: stackedBarSvg(chart),
  description: describeChart(chart),
  table: chartTable(chart),
  chart,
});

const count = <T>(items: readonly T[], value: T) => items.filter((x) => x === value).length;

/**
 * Markers by judgement, a bar per stage; the series are the round's own scale, and any judgement
 * outside it (a record older than its scale) is still counted, under its own key.
 */
export function judgementsChart(stages: StageFigures[], scale: { key: string; label: string }[]): StackedBarChart {
  const known = new Set(scale.map((o) => o.key));
  const others = [...new Set(stages.flatMap((s) => s.judgements).filter((j) => !known.has(j)))];
  const series = [...scale.map((o) => ({ key: o.key, label: o.label })), ...others.map((k) => ({ key: k, label: k }))];
  return {
    id: 'chart-judgements',
    title: 'Judgements per stage',
    categoryHeading: 'Stage',
    series,
    categories: stages.map((s) => ({ label: s.title, values: series.map((o) => count(s.judgements, o.key)) })),
  };
}

export function progressChart(stages: StageFigures[], statusLabels: Record<MarkerStatus, string>): StackedBarChart {
  const keys = Object.keys(statusLabels) as MarkerStatus[];
  return {
    id: 'chart-progress',
    title: 'Progress: markers by status per stage',
    categoryHeading: 'Stage',
    series: keys.map((k) => ({ key: k, label: statusLabels[k] })),
    categories: stages.map((s) => ({ label: s.title, values: keys.map((k) => count(s.statuses, k)) })),
  };
}

/** Actions of both kinds by status, each bar split by RAG rating. */
export function actionsChart(actions: { status: ActionStatus; rag: Rag | null }[]): StackedBarChart {
  const rags = Object.keys(RAG_LABELS) as (Rag | 'none')[];
  const statuses = Object.keys(ACTION_STATUSES) as ActionStatus[];
  return {
    id: 'chart-actions',
    title: 'Actions by status and RAG rating',
    categoryHeading: 'Status',
    series: rags.map((r) => ({ key: r, label: RAG_LABELS[r] })),
    categories: statuses.map((status) => ({
      label: ACTION_STATUSES[status],
      values: rags.map((r) => actions.filter((a) => a.status === status && (a.rag ?? 'none') === r).length),
    })),
  };
}
