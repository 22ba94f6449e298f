import { describe, expect, it } from 'vitest';
import type { ReviewType } from '../../../db/schema.js';
import { NO_KEY_DATES, type KeyDates } from '../key-dates.js';
import { timescalesFor, type ClockChange, type ClockContext } from './evaluate.js';
import { CLOCKS } from './table.js';

const clock = (type: ReviewType, dates: Partial<KeyDates>, today: string, key: string, ctx: ClockContext = {}) =>
  timescalesFor({ ...NO_KEY_DATES, type, ...dates }, today, ctx).find((t) => t.key === key)!;

const change = (c: Partial<ClockChange>): ClockChange => ({
  id: 'c1',
  clockKey: 'rapid-review',
  kind: 'extension',
  newDueDate: null,
  agreedBy: null,
  agreedOn: null,
  pausedFrom: null,
  pausedTo: null,
  reason: 'Criminal proceedings',
  ...c,
});

describe('the clocks of each review type', () => {
  it('gives the children’s reviews their six steps, a rapid review its first four', () => {
    const keys = (type: ReviewType) => CLOCKS[type].steps.map((s) => s.key);
    const children = ['notification', 'rapid-review', 'panel-response', 'panel-told', 'report-to-panel', 'publication'];
    expect(keys('local-cspr')).toEqual(children);
    expect(keys('scr')).toEqual(children);
    expect(keys('rapid-review')).toEqual(children.slice(0, 4));
  });

  it('never gives a safeguarding adult review a notification or rapid review clock', () => {
    expect(CLOCKS.sar.steps.map((s) => s.key)).toEqual(['sar-decision', 'sar-completion', 'publication']);
    expect(CLOCKS.sar.keyDates).not.toContain('notification_date');
    expect(CLOCKS.sar.keyDates).not.toContain('rapid_review_date');
  });

  it('labels a national review as Panel-led, a DHR as the Home Office’s, and other reviews as having none', () => {
    expect(CLOCKS['national-cspr'].label).toBe('Led by the Child Safeguarding Practice Review Panel');
    expect(CLOCKS['national-cspr'].steps.map((s) => s.key)).toEqual(['notification', 'rapid-review']);
    expect(CLOCKS.dhr.label).toBe('Home Office statutory guidance steps');
    expect(CLOCKS.dhr.steps).toEqual([]);
    expect(CLOCKS.other.steps).toEqual([]);
    expect(CLOCKS.other.note).toBe('No statutory timescales apply to this type of review.');
  });
});

describe('panel response: about 10 working days after the rapid review', () => {
  // Sent Thu 24 Dec 2026: Christmas Fri 25 and the Boxing Day substitute Mon 28 skipped, Tue 29 (1) to
  // Thu 31 (3), New Year Fri 1 Jan skipped, Mon 4 (4) to Fri 8 (8), Mon 11 (9), Tue 12 Jan 2027 (10).
  const sent = { notification_date: '2026-12-01', rapid_review_date: '2026-12-24' };
  it('counts over Christmas and New Year', () => {
    const t = clock('local-cspr', sent, '2026-12-29', 'panel-response');
    expect(t.due).toBe('2027-01-12');
    expect(t.status).toBe('on-track');
    expect(
      clock('local-cspr', { ...sent, panel_response_date: '2027-01-13' }, '2027-02-01', 'panel-response').status,
    ).toBe('missed');
  });
});

describe('decision and reviewer told to the Panel: no fixed number of days', () => {
  it('has no deadline until done, then is done', () => {
    const open = clock('local-cspr', { decision_date: '2026-04-07' }, '2026-12-01', 'panel-told');
    expect(open.status).toBe('no-deadline');
    expect(open.due).toBeNull();
    const told = clock(
      'local-cspr',
      { decision_date: '2026-04-07', panel_told_date: '2026-04-09' },
      '2026-12-01',
      'panel-told',
    );
    expect(told.status).toBe('done');
  });
});

describe('final report to the Panel and the Secretary of State: 7 working days before publication', () => {
  // Published Thu 1 Apr 2027: back over Wed 31 (1), Tue 30 (2), Easter Monday 29 and Good Friday 26
  // skipped, Thu 25 (3) to Mon 22 (6), Fri 19 Mar 2027 (7).
  const published = { decision_date: '2026-10-01', publication_date: '2027-04-01' };
  it('counts back over Easter', () => {
    expect(clock('local-cspr', published, '2027-04-02', 'report-to-panel').due).toBe('2027-03-19');
    expect(
      clock('local-cspr', { ...published, report_sent_date: '2027-03-19' }, '2027-04-02', 'report-to-panel').status,
    ).toBe('met');
    expect(
      clock('local-cspr', { ...published, report_sent_date: '2027-03-22' }, '2027-04-02', 'report-to-panel').status,
    ).toBe('missed');
  });
  it('is not applicable until the date of publication is entered', () => {
    expect(clock('local-cspr', { decision_date: '2026-10-01' }, '2027-01-01', 'report-to-panel').status).toBe(
      'not-applicable',
    );
  });
});

describe('SAR: referral to decision, decision to completion against the board’s target, publication', () => {
  it('has no set deadline from referral to decision', () => {
    expect(clock('sar', { referral_date: '2026-12-23' }, '2027-01-04', 'sar-decision').status).toBe('no-deadline');
  });
  it('completes within six months of the decision by default, or the board’s own target', () => {
    const decided = { referral_date: '2026-08-01', decision_date: '2026-08-31' };
    expect(clock('sar', decided, '2026-09-01', 'sar-completion').due).toBe('2027-02-28');
    expect(clock('sar', decided, '2026-09-01', 'sar-completion', { sarTargetMonths: 9 }).due).toBe('2027-05-31');
    expect(clock('sar', { ...decided, final_report_date: '2027-03-01' }, '2027-04-01', 'sar-completion').status).toBe(
      'missed',
    );
  });
  it('records publication without a deadline', () => {
    const t = clock(
      'sar',
      { final_report_date: '2027-03-01', publication_date: '2027-04-01' },
      '2027-05-01',
      'publication',
    );
    expect(t.status).toBe('done');
  });
});

describe('extensions and pauses', () => {
  // Notified Wed 25 Mar 2026: the rapid review is due by Fri 17 Apr 2026 (over Easter).
  const notified = { awareness_date: '2026-03-23', notification_date: '2026-03-25' };
  const extended = {
    changes: [
      change({ newDueDate: '2026-04-30', agreedBy: 'the Panel', agreedOn: '2026-04-10', reason: 'More agencies' }),
    ],
  };

  it('says whether the clock was met against the original or the extended date', () => {
    const early = clock(
      'local-cspr',
      { ...notified, rapid_review_date: '2026-04-16' },
      '2026-05-01',
      'rapid-review',
      extended,
    );
    expect(early.status).toBe('met');
    expect(early.detail).toContain('met against the original date');
    const late = clock(
      'local-cspr',
      { ...notified, rapid_review_date: '2026-04-24' },
      '2026-05-01',
      'rapid-review',
      extended,
    );
    expect(late.status).toBe('met');
    expect(late.originalDue).toBe('2026-04-17');
    expect(late.due).toBe('2026-04-30');
    expect(late.detail).toContain('met against the extended date');
    expect(late.changes[0]!.text).toBe('Extended to 30 April 2026, agreed with the Panel on 10 April 2026');
    expect(
      clock('local-cspr', { ...notified, rapid_review_date: '2026-05-01' }, '2026-05-05', 'rapid-review', extended)
        .status,
    ).toBe('missed');
  });

  it('moves the deadline on by the working days a closed pause lasted, bank holidays not counted', () => {
    // Paused Thu 2 to Tue 7 Apr 2026: Thu 2 and Tue 7 are working days, Good Friday and Easter Monday are not.
    const paused = { changes: [change({ kind: 'pause', pausedFrom: '2026-04-02', pausedTo: '2026-04-07' })] };
    const t = clock('local-cspr', notified, '2026-04-08', 'rapid-review', paused);
    expect(t.due).toBe('2026-04-21');
    expect(t.detail).toContain('(originally 17 April 2026)');
  });

  it('shows the clock as paused while a pause is open', () => {
    const open = { changes: [change({ kind: 'pause', pausedFrom: '2026-04-01' })] };
    const t = clock('local-cspr', notified, '2026-04-20', 'rapid-review', open);
    expect(t.status).toBe('paused');
    expect(t.changes[0]!.text).toBe('Paused from 1 April 2026, still paused');
  });

  it('ignores a change recorded against another clock', () => {
    expect(clock('local-cspr', notified, '2026-04-08', 'notification', extended).changes).toEqual([]);
  });
});
