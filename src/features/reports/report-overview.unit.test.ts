import { describe, expect, it } from 'vitest';
import { timescalesFor } from '../reviews/timescales.js';
import { nextStatutoryStep, overviewOf, shorten } from './report-overview.js';
import { reportTitle, reportUrl, type ReportPlace } from './report-view.js';

describe('the report summary', () => {
  it('names the earliest statutory step still open, or says none is waiting', () => {
    const dates = {
      type: 'local-cspr',
      awareness_date: '2026-11-02',
      notification_date: '2026-11-04',
      rapid_review_date: null,
      decision_date: '2026-10-01',
      publication_date: null,
    };
    const steps = timescalesFor(dates as Parameters<typeof timescalesFor>[0], '2026-11-20');
    expect(nextStatutoryStep(steps)).toBe('Rapid review, due by 25 November 2026 (on track).');
    expect(nextStatutoryStep([])).toBe('No statutory step is waiting: each is done or cannot start yet.');
  });

  it('cuts long findings at a word, and counts markers, findings and actions in words', () => {
    expect(shorten('a'.repeat(10) + ' ' + 'b'.repeat(300))).toBe(`${'a'.repeat(10)} ${'b'.repeat(208)}…`);
    expect(shorten('word '.repeat(60))).toMatch(/^(word ){43}word…$/);
    const overview = overviewOf({
      round: { number: 2, purpose: 'Reflection afterwards', statusText: 'Approved' },
      markerStatuses: ['completed', 'completed', 'in-progress'],
      timescales: [],
      findings: [
        { kindKey: 'finding', number: 1, text: 'One.' },
        { kindKey: 'recommendation', number: 1, text: 'Do it.' },
      ],
      actions: [
        { status: 'in-progress', overdue: true },
        { status: 'completed', overdue: false },
      ],
    });
    expect(overview).toMatchObject({
      round: 'Round 2: Reflection afterwards (approved)',
      progress: '2 of 3 markers completed',
      topFindings: [{ number: 1, text: 'One.' }],
      findingsLine: '1 finding and 1 recommendation in all.',
      actionsLine: '2 actions: 1 in progress, 1 completed; 1 overdue.',
    });
  });

  it('titles each report by what it is, its round and whether it is for printing', () => {
    const place: ReportPlace = {
      reviewId: 'r',
      reference: 'SAR 7',
      roundReport: false,
      round: { id: 'x', number: 3, isLatest: false },
      chosenRoundId: 'x',
      showUnanswered: true,
    };
    expect(reportTitle(place)).toBe('Board report, round 3: SAR 7');
    expect(reportTitle({ ...place, roundReport: true }, true)).toBe('Round 3 board report for printing: SAR 7');
    expect(reportUrl(place, { pdf: true })).toBe('/reviews/r/report.pdf?round=x&unanswered=show');
    expect(reportUrl({ ...place, roundReport: true }, { print: true, unanswered: false })).toBe(
      '/reviews/r/rounds/x/report?print=1',
    );
  });
});
