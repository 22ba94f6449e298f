import type { Timescale } from './evaluate.js';

/**
 * The statutory step to do next: the earliest-due step still open (on track, due soon or overdue), or null.
 * One rule for the reviews list and the board report.
 */
export function nextStepOf(steps: readonly Timescale[]): Timescale | null {
  const open = steps.filter(
    (s) => s.due && (s.status === 'on-track' || s.status === 'due-soon' || s.status === 'overdue'),
  );
  return open.sort((a, b) => a.due!.localeCompare(b.due!))[0] ?? null;
}
