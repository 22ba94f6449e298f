import type { MatrixEntry, Statuses } from './types.js';

/**
 * The yearly-report extract and the tracker export (issue 19 §3–4): partnership admins, and the chairs and
 * business managers of its reviews (the review policy's 'learning.report'). The matrix's viewer (an
 * observer) and member (a panel member) may not; B's admin gets B's own extract, which has none of A's
 * reviews (src/features/learning-report/learning-report.test.ts checks the figures).
 */
const REPORT: Statuses = [303, 403, 403, 200, 200];

export const LEARNING_REPORT_ROUTES: readonly MatrixEntry[] = [
  { method: 'GET', path: '/learning/annual-report', expect: REPORT },
  { method: 'GET', path: '/learning/annual-report.docx', expect: REPORT },
  { method: 'GET', path: '/learning/annual-report.csv', expect: REPORT },
  { method: 'GET', path: '/learning/tracker.csv', expect: REPORT },
];
