import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatDate,
  formatDateTime,
  formatDateTime24,
  formatTimestamp,
  londonDate,
  longDate,
  ukMidnight,
  ukWallClock,
} from './uk-time.js';

// In 2026 UK clocks go forward at 01:00 UTC on Sunday 29 March and back at 01:00 UTC on Sunday 25 October.

describe('UK time', () => {
  it('takes today’s date in England, not UTC', () => {
    expect(londonDate(new Date('2026-05-31T23:30:00Z'))).toBe('2026-06-01');
    expect(londonDate(new Date('2026-01-31T23:30:00Z'))).toBe('2026-01-31');
    // Either side of the changes
    expect(londonDate(new Date('2026-03-28T23:30:00Z'))).toBe('2026-03-28');
    expect(londonDate(new Date('2026-03-29T23:30:00Z'))).toBe('2026-03-30');
    expect(londonDate(new Date('2026-10-24T23:30:00Z'))).toBe('2026-10-25');
    expect(londonDate(new Date('2026-10-25T23:30:00Z'))).toBe('2026-10-25');
  });

  it('writes calendar dates the GOV.UK way, whatever the season', () => {
    expect(formatDate('2023-01-03')).toBe('3 January 2023');
    expect(formatDate('2023-01-03', { weekday: true })).toBe('Tuesday 3 January 2023');
    expect(formatDate('2026-03-29')).toBe('29 March 2026');
    expect(formatDate('2026-07-01', { weekday: true })).toBe('Wednesday 1 July 2026');
    expect(() => formatDate('2026-02-30')).toThrow(RangeError);
  });

  it('writes a stored time in UK time, GMT or BST, the GOV.UK way', () => {
    expect(formatDateTime('2026-01-15T14:02:09.000Z')).toBe('15 January 2026 at 2:02pm');
    expect(formatDateTime('2026-07-01T14:02:09.000Z')).toBe('1 July 2026 at 3:02pm');
    // Late evening in UTC is already tomorrow in summer.
    expect(formatDateTime('2026-06-30T23:30:00.000Z')).toBe('1 July 2026 at 12:30am');
    expect(formatDateTime('2026-11-26T12:00:00.000Z')).toBe('26 November 2026 at 12:00pm');
    expect(formatDateTime(new Date('2026-11-26T14:02:00.000Z'))).toBe('26 November 2026 at 2:02pm');
  });

  it('follows the clocks across the changes', () => {
    // Spring: 00:59 GMT, then 02:00 BST one minute later.
    expect(formatDateTime('2026-03-29T00:59:00Z')).toBe('29 March 2026 at 12:59am');
    expect(formatDateTime('2026-03-29T01:00:00Z')).toBe('29 March 2026 at 2:00am');
    // Autumn: 01:59 BST, then 01:00 GMT one minute later (1am happens twice).
    expect(formatDateTime('2026-10-25T00:59:00Z')).toBe('25 October 2026 at 1:59am');
    expect(formatDateTime('2026-10-25T01:00:00Z')).toBe('25 October 2026 at 1:00am');
    expect(formatDateTime24('2026-03-29T01:00:00Z')).toBe('29 March 2026 at 02:00');
    expect(formatTimestamp('2026-10-25T00:59:59Z')).toBe('25 Oct 2026, 01:59:59');
    expect(formatTimestamp('2026-10-25T01:00:00Z')).toBe('25 Oct 2026, 01:00:00');
  });

  it('writes the 24-hour clock for the tokens page and seconds for the audit log', () => {
    expect(formatDateTime24('2026-11-25T14:05:00Z')).toBe('25 November 2026 at 14:05');
    expect(formatDateTime24(new Date('2026-07-01T08:05:00Z'))).toBe('1 July 2026 at 09:05');
    expect(formatTimestamp('2026-11-25T14:05:09Z')).toBe('25 Nov 2026, 14:05:09');
    expect(formatTimestamp('2026-06-25T14:05:09Z')).toBe('25 Jun 2026, 15:05:09');
  });

  it('writes a long date for a calendar date or a moment, and what it was given otherwise', () => {
    expect(longDate('2026-11-25')).toBe('25 November 2026');
    expect(longDate('2026-06-30T23:30:00.000Z')).toBe('1 July 2026');
    expect(longDate(new Date('2026-01-31T23:30:00Z'))).toBe('31 January 2026');
    expect(longDate(null)).toBe('');
    expect(longDate(undefined)).toBe('');
    expect(longDate('')).toBe('');
    expect(longDate('not a date')).toBe('not a date');
    expect(longDate('2026-02-30')).toBe('2026-02-30');
  });

  it('gives a spreadsheet the time UK clocks showed, GMT or BST', () => {
    expect(ukWallClock('2026-01-15T14:05:09.250Z').toISOString()).toBe('2026-01-15T14:05:09.250Z');
    expect(ukWallClock('2026-07-01T13:05:09.250Z').toISOString()).toBe('2026-07-01T14:05:09.250Z');
    expect(ukWallClock(new Date('2026-06-30T23:30:00Z')).toISOString()).toBe('2026-07-01T00:30:00.000Z');
    expect(ukWallClock('2026-03-29T00:59:00Z').toISOString()).toBe('2026-03-29T00:59:00.000Z');
    expect(ukWallClock('2026-03-29T01:00:00Z').toISOString()).toBe('2026-03-29T02:00:00.000Z');
    expect(ukWallClock('2026-10-25T00:59:00Z').toISOString()).toBe('2026-10-25T01:59:00.000Z');
    expect(ukWallClock('2026-10-25T01:00:00Z').toISOString()).toBe('2026-10-25T01:00:00.000Z');
  });

  it('finds the moment a UK day starts, in GMT and in BST and on the days the clocks change', () => {
    expect(ukMidnight('2026-01-15').toISOString()).toBe('2026-01-15T00:00:00.000Z');
    expect(ukMidnight('2026-07-01').toISOString()).toBe('2026-06-30T23:00:00.000Z');
    // The change days start in the old time: GMT on 29 March, BST on 25 October.
    expect(ukMidnight('2026-03-29').toISOString()).toBe('2026-03-29T00:00:00.000Z');
    expect(ukMidnight('2026-03-30').toISOString()).toBe('2026-03-29T23:00:00.000Z');
    expect(ukMidnight('2026-10-25').toISOString()).toBe('2026-10-24T23:00:00.000Z');
    expect(ukMidnight('2026-10-26').toISOString()).toBe('2026-10-26T00:00:00.000Z');
    expect(() => ukMidnight('2026-13-01')).toThrow(RangeError);
  });

  it('starts every day at a moment that is that day in UK time, and the moment before is the day before', () => {
    const day = fc
      .integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2100, 11, 31) })
      .map((t) => londonDate(new Date(t)));
    fc.assert(
      fc.property(day, (date) => {
        const start = ukMidnight(date);
        expect(londonDate(start)).toBe(date);
        expect(londonDate(new Date(start.getTime() - 1))).not.toBe(date);
        expect(formatDateTime(start)).toMatch(/ at 12:00am$/);
      }),
    );
  });
});
