import { describe, expect, it } from 'vitest';
import { NO_KEY_DATES, type KeyDates } from './key-dates.js';
import { keyDatesSummary, timescalesFor } from './timescales.js';

const none: KeyDates = NO_KEY_DATES;

const find = (dates: Partial<KeyDates>, today: string, key: string) =>
  timescalesFor({ ...none, type: 'local-cspr', ...dates }, today).find((t) => t.key === key)!;

describe('notification: within 5 working days of awareness', () => {
  // Aware on Thu 22 Dec 2022: Fri 23 (1), Mon 26 and Tue 27 bank holidays, Wed 28 (2), Thu 29 (3),
  // Fri 30 (4), Mon 2 Jan bank holiday, Tue 3 Jan (5): due by Tue 3 Jan 2023.
  const aware = { awareness_date: '2022-12-22' };

  it('is not applicable until the awareness date is entered', () => {
    const t = find({}, '2026-03-10', 'notification');
    expect(t.status).toBe('not-applicable');
    expect(t.due).toBeNull();
    expect(t.detail).toBe('Not applicable until the date the partnership became aware is entered.');
  });

  it('is on track with 3 working days left (Wed 28 Dec: Thu 29, Fri 30, Tue 3 Jan)', () => {
    const t = find(aware, '2022-12-28', 'notification');
    expect(t.due).toBe('2023-01-03');
    expect(t.status).toBe('on-track');
    expect(t.statusText).toBe('On track');
    expect(t.detail).toBe('Due by Tuesday 3 January 2023: 3 working days left.');
  });

  it('is due soon with 2 working days left (Thu 29 Dec: Fri 30, Tue 3 Jan)', () => {
    expect(find(aware, '2022-12-29', 'notification').status).toBe('due-soon');
  });

  it('is due soon with 1 working day left across the New Year substitute day (Fri 30 Dec)', () => {
    const t = find(aware, '2022-12-30', 'notification');
    expect(t.status).toBe('due-soon');
    expect(t.tagClass).toBe('govuk-tag--yellow');
    expect(t.detail).toBe('Due by Tuesday 3 January 2023: 1 working day left.');
  });

  it('is due soon on the day itself', () => {
    const t = find(aware, '2023-01-03', 'notification');
    expect(t.status).toBe('due-soon');
    expect(t.detail).toBe('Due today, Tuesday 3 January 2023.');
  });

  it('is overdue the working day after', () => {
    const t = find(aware, '2023-01-04', 'notification');
    expect(t.status).toBe('overdue');
    expect(t.tagClass).toBe('govuk-tag--red');
    expect(t.detail).toBe('Was due by Tuesday 3 January 2023: 1 working day ago.');
  });

  it('is met when notified on the due date, whatever today is', () => {
    const t = find({ ...aware, notification_date: '2023-01-03' }, '2026-03-10', 'notification');
    expect(t.status).toBe('met');
    expect(t.tagClass).toBe('govuk-tag--green');
  });

  it('is missed when notified a working day late', () => {
    const t = find({ ...aware, notification_date: '2023-01-04' }, '2026-03-10', 'notification');
    expect(t.status).toBe('missed');
    expect(t.detail).toBe('Done on 4 January 2023, 1 working day after it was due (Tuesday 3 January 2023).');
  });
});

describe('rapid review: within 15 working days of notification', () => {
  // Notified Wed 25 Mar 2026: 6 working days to Thu 2 Apr, Good Friday 3 and Easter Monday 6 Apr
  // skipped, 9 more from Tue 7 to Fri 17 Apr: due by Fri 17 Apr 2026.
  const notified = { awareness_date: '2026-03-23', notification_date: '2026-03-25' };

  it('counts over Easter', () => {
    expect(find(notified, '2026-03-25', 'rapid-review').due).toBe('2026-04-17');
  });

  it('is met on the due date and missed on the next working day (Mon 20 Apr)', () => {
    expect(find({ ...notified, rapid_review_date: '2026-04-17' }, '2026-05-01', 'rapid-review').status).toBe('met');
    const missed = find({ ...notified, rapid_review_date: '2026-04-20' }, '2026-05-01', 'rapid-review');
    expect(missed.status).toBe('missed');
    expect(missed.detail).toContain('1 working day after it was due');
  });

  it('is not applicable until notification', () => {
    expect(find({ awareness_date: '2026-03-23' }, '2026-03-25', 'rapid-review').status).toBe('not-applicable');
  });
});

describe('publication: expected within 6 months of the decision', () => {
  // Decided Mon 31 Aug 2026: six months on is 28 Feb 2027 (February has no 31st).
  const decided = { decision_date: '2026-08-31' };

  it('is due on the last day of the shorter month', () => {
    expect(find(decided, '2026-09-01', 'publication').due).toBe('2027-02-28');
  });

  it('is on track 21 days before and due soon 20 days before', () => {
    expect(find(decided, '2027-02-07', 'publication').status).toBe('on-track');
    const soon = find(decided, '2027-02-08', 'publication');
    expect(soon.status).toBe('due-soon');
    expect(soon.detail).toBe('Due by Sunday 28 February 2027: 20 days left.');
  });

  it('is overdue after the due date, then met or missed once published', () => {
    expect(find(decided, '2027-03-01', 'publication').status).toBe('overdue');
    expect(find({ ...decided, publication_date: '2027-02-28' }, '2027-06-01', 'publication').status).toBe('met');
    const missed = find({ ...decided, publication_date: '2027-03-10' }, '2027-06-01', 'publication');
    expect(missed.status).toBe('missed');
    expect(missed.detail).toBe('Done on 10 March 2027, 10 days after it was due (Sunday 28 February 2027).');
  });
});

describe('keyDatesSummary', () => {
  it('writes out the type’s key dates, in order, and its clocks', () => {
    const summary = keyDatesSummary({ ...none, type: 'local-cspr', incident_date: '2026-03-01' }, '2026-03-10');
    expect(summary.dates.map((d) => d.text)).toEqual(['1 March 2026', ...Array<string>(11).fill('Not entered')]);
    expect(summary.timescales.map((t) => t.key)).toEqual([
      'notification',
      'rapid-review',
      'panel-response',
      'panel-told',
      'report-to-panel',
      'publication',
    ]);
    const sar = keyDatesSummary({ ...none, type: 'sar' }, '2026-03-10');
    expect(sar.dates.map((d) => d.name)).toEqual([
      'incident',
      'awareness',
      'referral',
      'decision',
      'reviewerAppointed',
      'draftReport',
      'finalReport',
      'publication',
    ]);
  });
});
