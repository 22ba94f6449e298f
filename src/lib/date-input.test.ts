import { describe, expect, it } from 'vitest';
import {
  checkDateParts,
  DATE_YEARS,
  dateErrorId,
  dateFromText,
  dateItems,
  monthNumber,
  parseDateInput,
  partsOf,
  readDateParts,
  type DateParts,
} from './date-input.js';

const parts = (day: string, month: string, year: string): DateParts => ({ day, month, year });
const check = (p: DateParts, rules = {}) => {
  const r = checkDateParts(p, 'Date of the incident', rules);
  return { iso: r.iso, error: r.error, errorParts: r.errorParts };
};

describe('the GOV.UK date input', () => {
  it('gives no date and no error when nothing is entered and none is needed', () => {
    expect(check(parts('', '', ''))).toEqual({ iso: null, error: undefined, errorParts: [] });
  });

  it('asks for the date when one is needed, marking the whole input', () => {
    expect(check(parts('', '', ''), { required: 'Enter the due date' })).toEqual({
      iso: null,
      error: 'Enter the due date',
      errorParts: ['day', 'month', 'year'],
    });
  });

  it('names the boxes left empty and marks only those', () => {
    expect(check(parts('3', '', '2026'))).toEqual({
      iso: null,
      error: 'Date of the incident must include a month',
      errorParts: ['month'],
    });
    expect(check(parts('', '', '2026'))).toEqual({
      iso: null,
      error: 'Date of the incident must include a day and month',
      errorParts: ['day', 'month'],
    });
    expect(check(parts('', '4', ''))).toMatchObject({ error: 'Date of the incident must include a day and year' });
    expect(check(parts('3', '4', ''))).toMatchObject({ errorParts: ['year'] });
  });

  it('wants a year of 4 numbers, marking the year', () => {
    for (const year of ['26', '202', '20266', 'two', '2O26']) {
      expect(check(parts('1', '4', year))).toEqual({
        iso: null,
        error: 'Date of the incident must include a year with 4 numbers, like 2026',
        errorParts: ['year'],
      });
    }
  });

  it('takes days and months with or without a leading zero', () => {
    expect(check(parts('3', '7', '2026')).iso).toBe('2026-07-03');
    expect(check(parts('03', '07', '2026')).iso).toBe('2026-07-03');
    expect(check(parts('29', '2', '2028')).iso).toBe('2028-02-29');
  });

  it('takes a month by its name or an abbreviation of 3 letters or more, in any case', () => {
    expect(monthNumber('3')).toBe(3);
    expect(monthNumber('03')).toBe(3);
    expect(monthNumber('March')).toBe(3);
    expect(monthNumber('mar')).toBe(3);
    expect(monthNumber('MARCH')).toBe(3);
    expect(monthNumber('Sept')).toBe(9);
    expect(monthNumber('sep')).toBe(9);
    expect(monthNumber('Febr')).toBe(2);
    expect(monthNumber('december')).toBe(12);
    expect(check(parts('8', 'Feb', '2024')).iso).toBe('2024-02-08');
  });

  it('refuses what is not a month', () => {
    for (const text of ['ma', 'Marzipan', 'Junk', 'Marchh', '3rd', '003', 'J', '']) expect(monthNumber(text)).toBeNaN();
  });

  it('says a date that cannot be is not a real date, marking the box that cannot be right', () => {
    expect(check(parts('12', '13', '2026'))).toEqual({
      iso: null,
      error: 'Date of the incident must be a real date',
      errorParts: ['month'],
    });
    expect(check(parts('32', '1', '2026'))).toMatchObject({ errorParts: ['day'] });
    expect(check(parts('0', '1', '2026'))).toMatchObject({ errorParts: ['day'] });
    expect(check(parts('1st', '1', '2026'))).toMatchObject({ errorParts: ['day'] });
    expect(check(parts('1', 'Marzipan', '2026'))).toMatchObject({ errorParts: ['month'] });
    expect(check(parts('40', '0', '2026'))).toMatchObject({ errorParts: ['day', 'month'] });
  });

  it('marks the whole date when it is the combination that cannot be', () => {
    expect(check(parts('31', '2', '2026'))).toEqual({
      iso: null,
      error: 'Date of the incident must be a real date',
      errorParts: ['day', 'month', 'year'],
    });
    expect(check(parts('29', 'February', '2026'))).toMatchObject({ errorParts: ['day', 'month', 'year'] });
    expect(check(parts('31', 'Apr', '2026'))).toMatchObject({ error: 'Date of the incident must be a real date' });
  });

  it('checks today or in the past, marking the whole date', () => {
    const rules = { notAfter: '2026-11-25' };
    expect(check(parts('25', '11', '2026'), rules).iso).toBe('2026-11-25');
    expect(check(parts('26', '11', '2026'), rules)).toEqual({
      iso: null,
      error: 'Date of the incident must be today or in the past',
      errorParts: ['day', 'month', 'year'],
    });
  });

  it('checks the years allowed, marking the year', () => {
    expect(check(parts('1', '1', '1989'), { years: { from: 1990 } })).toEqual({
      iso: null,
      error: 'Date of the incident must be in 1990 or later',
      errorParts: ['year'],
    });
    expect(check(parts('1', '1', '1990'), { years: { from: 1990 } }).iso).toBe('1990-01-01');
    expect(check(parts('1', '1', '2101'), { years: DATE_YEARS })).toMatchObject({
      error: 'Date of the incident must be between 1990 and 2100',
      errorParts: ['year'],
    });
    expect(check(parts('1', '1', '1989'), { years: DATE_YEARS })).toMatchObject({
      error: 'Date of the incident must be between 1990 and 2100',
    });
    expect(check(parts('31', '12', '2100'), { years: DATE_YEARS }).iso).toBe('2100-12-31');
  });

  it('checks the rules in order: empty boxes, then the year, then a real date, then the limits', () => {
    expect(check(parts('', '13', '26')).error).toBe('Date of the incident must include a day');
    expect(check(parts('31', '2', '26')).error).toMatch(/year with 4 numbers/);
    expect(check(parts('31', '2', '1900'), { years: DATE_YEARS }).error).toMatch(/real date/);
    expect(check(parts('1', '1', '2999'), { notAfter: '2026-01-01', years: DATE_YEARS }).error).toMatch(/past/);
  });

  it('reads the three boxes of a form by name, trimmed, and keeps what was typed', () => {
    const body = { 'due-day': ' 3 ', 'due-month': 'mar', 'due-year': '2027', other: 'x' };
    expect(readDateParts(body, 'due')).toEqual({ day: '3', month: 'mar', year: '2027' });
    expect(parseDateInput(body, 'due', 'Due date')).toEqual({
      parts: { day: '3', month: 'mar', year: '2027' },
      iso: '2027-03-03',
      errorParts: [],
    });
    expect(readDateParts(undefined, 'due')).toEqual({ day: '', month: '', year: '' });
  });

  it('links the error summary to the first box marked', () => {
    expect(dateErrorId('due', ['month', 'year'])).toBe('due-month');
    expect(dateErrorId('due', [])).toBe('due-day');
  });

  it('fills the boxes from a saved date without leading zeros', () => {
    expect(partsOf('2027-03-05')).toEqual({ day: '5', month: '3', year: '2027' });
    expect(partsOf(null)).toEqual({ day: '', month: '', year: '' });
  });

  it('gives govukDateInput its items, the wrong boxes marked', () => {
    expect(dateItems(parts('5', '3', '27'), ['year'])).toEqual([
      { name: 'day', classes: 'govuk-input--width-2', value: '5' },
      { name: 'month', classes: 'govuk-input--width-2', value: '3' },
      { name: 'year', classes: 'govuk-input--width-4 govuk-input--error', value: '27' },
    ]);
  });
});

describe('a date written in one piece (a spreadsheet cell)', () => {
  it('takes day/month/year with slashes, hyphens or full stops, and ISO dates', () => {
    expect(dateFromText('31/3/2027')).toBe('2027-03-31');
    expect(dateFromText('31/03/2027')).toBe('2027-03-31');
    expect(dateFromText('31-3-2027')).toBe('2027-03-31');
    expect(dateFromText('1.12.2027')).toBe('2027-12-01');
    expect(dateFromText('2027-03-31')).toBe('2027-03-31');
  });

  it('refuses dates that are not real, outside 1990 to 2100, or written otherwise', () => {
    for (const text of ['31/2/2027', '1/13/2027', '31/3/27', '2027-3-31', '1/1/1989', '1/1/2101', 'March 2027', ''])
      expect(dateFromText(text)).toBeNull();
    expect(dateFromText('1/1/1990')).toBe('1990-01-01');
    expect(dateFromText('31/12/2100')).toBe('2100-12-31');
  });
});
