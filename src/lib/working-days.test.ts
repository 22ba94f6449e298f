import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bankHolidayOn, bankHolidays, easterSunday, TABLE_YEARS, usualBankHolidays } from './bank-holidays.js';
import {
  addCalendarDays,
  addMonths,
  addWorkingDays,
  calendarDaysBetween,
  isIsoDate,
  isWorkingDay,
  workingDaysBetween,
} from './working-days.js';

describe('bank holidays in England and Wales', () => {
  it('keeps the one-off days of 2020, 2022 and 2023 and the moved days', () => {
    expect(bankHolidayOn('2020-05-08')?.title).toMatch(/VE day/);
    expect(bankHolidayOn('2020-05-04')).toBeUndefined();
    expect(bankHolidayOn('2022-06-02')?.title).toBe('Spring bank holiday');
    expect(bankHolidayOn('2022-06-03')?.title).toBe('Platinum Jubilee bank holiday');
    expect(bankHolidayOn('2022-05-30')).toBeUndefined();
    expect(bankHolidayOn('2022-09-19')?.title).toMatch(/State Funeral/);
    expect(bankHolidayOn('2023-05-08')?.title).toMatch(/coronation/);
    expect(bankHolidays(2022)).toHaveLength(10);
    expect(bankHolidays(2023)).toHaveLength(9);
  });

  it('matches the usual rules in every other year of the table (catches a mistyped date)', () => {
    for (let year = TABLE_YEARS.first; year <= TABLE_YEARS.last; year++) {
      if ([2020, 2022, 2023].includes(year)) continue;
      expect(bankHolidays(year), String(year)).toEqual(usualBankHolidays(year));
    }
  });

  it('puts every bank holiday on a weekday, in date order, within its year', () => {
    for (let year = TABLE_YEARS.first; year <= TABLE_YEARS.last + 5; year++) {
      const dates = bankHolidays(year).map((h) => h.date);
      expect([...dates].sort(), String(year)).toEqual(dates);
      for (const date of dates) {
        expect(date.startsWith(String(year))).toBe(true);
        expect([1, 2, 3, 4, 5]).toContain(new Date(date).getUTCDay());
      }
    }
  });

  it('finds Easter Sunday, early and late (23 March 2008, 21 April 2019, 31 March 2024, 25 April 2038)', () => {
    expect(easterSunday(2008)).toBe('2008-03-23');
    expect(easterSunday(2019)).toBe('2019-04-21');
    expect(easterSunday(2024)).toBe('2024-03-31');
    expect(easterSunday(2038)).toBe('2038-04-25');
  });

  it('uses the usual rules after the table (2031: Easter Sunday 13 April, so Good Friday 11 April)', () => {
    expect(bankHolidayOn('2031-04-11')?.title).toBe('Good Friday');
    expect(bankHolidayOn('2031-04-14')?.title).toBe('Easter Monday');
  });
});

describe('isWorkingDay', () => {
  it.each([
    ['2026-03-10', true, 'an ordinary Tuesday'],
    ['2026-03-14', false, 'a Saturday'],
    ['2026-03-15', false, 'a Sunday'],
    ['2024-03-29', false, 'Good Friday 2024'],
    ['2024-04-01', false, 'Easter Monday 2024'],
    ['2022-06-02', false, 'the spring bank holiday, moved to Thursday 2 June 2022'],
    ['2022-06-03', false, 'the Platinum Jubilee, Friday 3 June 2022'],
    ['2022-05-30', true, 'the last Monday in May 2022, not a holiday that year'],
    ['2022-09-19', false, 'the State Funeral, Monday 19 September 2022'],
    ['2023-05-08', false, 'the Coronation, Monday 8 May 2023'],
    ['2021-12-27', false, 'Christmas 2021 fell on Saturday: substitute Monday 27 December'],
    ['2021-12-28', false, 'Boxing Day 2021 fell on Sunday: substitute Tuesday 28 December'],
    ['2026-12-28', false, 'Boxing Day 2026 falls on Saturday: substitute Monday 28 December'],
    ['2023-01-02', false, 'New Year 2023 fell on Sunday: substitute Monday 2 January'],
    ['2022-01-03', false, 'New Year 2022 fell on Saturday: substitute Monday 3 January'],
  ])('%s is %s (%s)', (date, expected) => {
    expect(isWorkingDay(date)).toBe(expected);
  });
});

describe('addWorkingDays', () => {
  it.each([
    [
      '2022-12-22',
      5,
      '2023-01-03',
      'Thu 22 Dec 2022: Fri 23 (1), Mon 26 Boxing Day and Tue 27 Christmas substitute skipped, Wed 28 (2), Thu 29 (3), Fri 30 (4), Mon 2 Jan New Year substitute skipped, Tue 3 Jan (5)',
    ],
    ['2022-12-22', 4, '2022-12-30', 'the same count stops at Fri 30 Dec 2022 after 4 working days'],
    ['2025-04-17', 1, '2025-04-22', 'Thu 17 Apr 2025: Good Friday 18, the weekend and Easter Monday 21 skipped'],
    [
      '2022-06-01',
      1,
      '2022-06-06',
      'Wed 1 Jun 2022: Thu 2 (moved spring holiday), Fri 3 (Jubilee) and the weekend skipped',
    ],
    ['2022-05-27', 1, '2022-05-30', 'Fri 27 May 2022: Mon 30 May was a working day in 2022'],
    ['2022-09-16', 1, '2022-09-20', 'Fri 16 Sep 2022: Mon 19 Sep, the State Funeral, skipped'],
    [
      '2023-04-28',
      5,
      '2023-05-09',
      'Fri 28 Apr 2023: Mon 1 May skipped, Tue 2–Fri 5 May (4), Mon 8 May Coronation skipped, Tue 9 May (5)',
    ],
    ['2021-12-24', 1, '2021-12-29', 'Fri 24 Dec 2021: Christmas and Boxing Day substitutes Mon 27 and Tue 28 skipped'],
    [
      '2026-12-24',
      1,
      '2026-12-29',
      'Thu 24 Dec 2026: Fri 25 Christmas, the weekend and Mon 28 Boxing Day substitute skipped',
    ],
    ['2026-03-02', 15, '2026-03-23', 'Mon 2 Mar 2026: three full weeks of 5 working days end on Mon 23 Mar'],
    [
      '2026-03-25',
      15,
      '2026-04-17',
      'Wed 25 Mar 2026: 6 days to Thu 2 Apr, Good Friday 3 and Easter Monday 6 skipped, 9 more from Tue 7 to Fri 17 Apr',
    ],
    ['2026-03-14', 1, '2026-03-16', 'Sat 14 Mar 2026: counting starts the day after, Sunday skipped, Mon 16 Mar'],
    ['2026-03-14', 0, '2026-03-14', 'no working days: the date itself'],
    ['2023-01-03', -5, '2022-12-22', 'backwards is the inverse of the first case'],
  ])('%s plus %i working days is %s (%s)', (date, n, expected) => {
    expect(addWorkingDays(date, n)).toBe(expected);
  });

  it('refuses a date that is not real', () => {
    expect(() => addWorkingDays('2026-02-30', 1)).toThrow(RangeError);
  });
});

describe('workingDaysBetween', () => {
  it('counts the working days after the first date up to and including the second', () => {
    expect(workingDaysBetween('2022-12-22', '2023-01-03')).toBe(5);
    expect(workingDaysBetween('2026-03-02', '2026-03-09')).toBe(5);
    expect(workingDaysBetween('2026-03-13', '2026-03-16')).toBe(1);
    expect(workingDaysBetween('2026-03-13', '2026-03-13')).toBe(0);
    expect(workingDaysBetween('2023-01-03', '2022-12-22')).toBe(-5);
  });

  it('is the inverse of addWorkingDays for any date from 2015 to 2030 and any count', () => {
    const day = fc.integer({ min: Date.UTC(2015, 0, 1), max: Date.UTC(2030, 11, 1) });
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 60 }), (t, n) => {
        const date = new Date(Math.floor(t / 86_400_000) * 86_400_000).toISOString().slice(0, 10);
        const later = addWorkingDays(date, n);
        expect(workingDaysBetween(date, later)).toBe(n);
        expect(addWorkingDays(later, -n) <= date).toBe(true);
        if (n > 0) expect(isWorkingDay(later)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('calendar helpers', () => {
  it('adds months, keeping to the end of a shorter month', () => {
    expect(addMonths('2026-01-15', 6)).toBe('2026-07-15');
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths('2027-08-31', 6)).toBe('2028-02-29');
  });

  it('counts and adds calendar days', () => {
    expect(addCalendarDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(calendarDaysBetween('2026-03-01', '2026-03-21')).toBe(20);
  });

  it('knows only real dates', () => {
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('26-1-1')).toBe(false);
  });
});
