/**
 * Bank holidays in England and Wales, as published by GOV.UK (https://www.gov.uk/bank-holidays, also as
 * https://www.gov.uk/bank-holidays.json), bundled so the product needs no network and no extra package.
 *
 * 2015–2027 are the published dates, including the one-off changes: in 2020 the early May bank holiday
 * moved to Friday 8 May (VE Day); in 2022 the spring bank holiday moved to Thursday 2 June, Friday 3 June
 * was the Platinum Jubilee and Monday 19 September the State Funeral of Queen Elizabeth II; Monday 8 May
 * 2023 was the Coronation. 2028–2030 follow the usual rules (GOV.UK publishes about two years ahead):
 * when they are published, compare and add any one-off day here. Years outside the table fall back to the
 * usual rules (`usualBankHolidays`), which cannot know about one-off days.
 */

export interface BankHoliday {
  date: string;
  title: string;
}

const NEW_YEAR = "New Year's Day";
const NEW_YEAR_SUB = "New Year's Day (substitute day)";
const GOOD_FRIDAY = 'Good Friday';
const EASTER_MONDAY = 'Easter Monday';
const EARLY_MAY = 'Early May bank holiday';
const SPRING = 'Spring bank holiday';
const SUMMER = 'Summer bank holiday';
const CHRISTMAS = 'Christmas Day';
const CHRISTMAS_SUB = 'Christmas Day (substitute day)';
const BOXING = 'Boxing Day';
const BOXING_SUB = 'Boxing Day (substitute day)';

type Row = [string, string];

/** The table, year by year: [date, title]. */
const TABLE: Record<number, Row[]> = {
  2015: [
    ['2015-01-01', NEW_YEAR],
    ['2015-04-03', GOOD_FRIDAY],
    ['2015-04-06', EASTER_MONDAY],
    ['2015-05-04', EARLY_MAY],
    ['2015-05-25', SPRING],
    ['2015-08-31', SUMMER],
    ['2015-12-25', CHRISTMAS],
    ['2015-12-28', BOXING_SUB],
  ],
  2016: [
    ['2016-01-01', NEW_YEAR],
    ['2016-03-25', GOOD_FRIDAY],
    ['2016-03-28', EASTER_MONDAY],
    ['2016-05-02', EARLY_MAY],
    ['2016-05-30', SPRING],
    ['2016-08-29', SUMMER],
    ['2016-12-26', BOXING],
    ['2016-12-27', CHRISTMAS_SUB],
  ],
  2017: [
    ['2017-01-02', NEW_YEAR_SUB],
    ['2017-04-14', GOOD_FRIDAY],
    ['2017-04-17', EASTER_MONDAY],
    ['2017-05-01', EARLY_MAY],
    ['2017-05-29', SPRING],
    ['2017-08-28', SUMMER],
    ['2017-12-25', CHRISTMAS],
    ['2017-12-26', BOXING],
  ],
  2018: [
    ['2018-01-01', NEW_YEAR],
    ['2018-03-30', GOOD_FRIDAY],
    ['2018-04-02', EASTER_MONDAY],
    ['2018-05-07', EARLY_MAY],
    ['2018-05-28', SPRING],
    ['2018-08-27', SUMMER],
    ['2018-12-25', CHRISTMAS],
    ['2018-12-26', BOXING],
  ],
  2019: [
    ['2019-01-01', NEW_YEAR],
    ['2019-04-19', GOOD_FRIDAY],
    ['2019-04-22', EASTER_MONDAY],
    ['2019-05-06', EARLY_MAY],
    ['2019-05-27', SPRING],
    ['2019-08-26', SUMMER],
    ['2019-12-25', CHRISTMAS],
    ['2019-12-26', BOXING],
  ],
  2020: [
    ['2020-01-01', NEW_YEAR],
    ['2020-04-10', GOOD_FRIDAY],
    ['2020-04-13', EASTER_MONDAY],
    ['2020-05-08', 'Early May bank holiday (VE day)'],
    ['2020-05-25', SPRING],
    ['2020-08-31', SUMMER],
    ['2020-12-25', CHRISTMAS],
    ['2020-12-28', BOXING_SUB],
  ],
  2021: [
    ['2021-01-01', NEW_YEAR],
    ['2021-04-02', GOOD_FRIDAY],
    ['2021-04-05', EASTER_MONDAY],
    ['2021-05-03', EARLY_MAY],
    ['2021-05-31', SPRING],
    ['2021-08-30', SUMMER],
    ['2021-12-27', CHRISTMAS_SUB],
    ['2021-12-28', BOXING_SUB],
  ],
  2022: [
    ['2022-01-03', NEW_YEAR_SUB],
    ['2022-04-15', GOOD_FRIDAY],
    ['2022-04-18', EASTER_MONDAY],
    ['2022-05-02', EARLY_MAY],
    ['2022-06-02', SPRING],
    ['2022-06-03', 'Platinum Jubilee bank holiday'],
    ['2022-08-29', SUMMER],
    ['2022-09-19', 'Bank Holiday for the State Funeral of Queen Elizabeth II'],
    ['2022-12-26', BOXING],
    ['2022-12-27', CHRISTMAS_SUB],
  ],
  2023: [
    ['2023-01-02', NEW_YEAR_SUB],
    ['2023-04-07', GOOD_FRIDAY],
    ['2023-04-10', EASTER_MONDAY],
    ['2023-05-01', EARLY_MAY],
    ['2023-05-08', 'Bank holiday for the coronation of King Charles III'],
    ['2023-05-29', SPRING],
    ['2023-08-28', SUMMER],
    ['2023-12-25', CHRISTMAS],
    ['2023-12-26', BOXING],
  ],
  2024: [
    ['2024-01-01', NEW_YEAR],
    ['2024-03-29', GOOD_FRIDAY],
    ['2024-04-01', EASTER_MONDAY],
    ['2024-05-06', EARLY_MAY],
    ['2024-05-27', SPRING],
    ['2024-08-26', SUMMER],
    ['2024-12-25', CHRISTMAS],
    ['2024-12-26', BOXING],
  ],
  2025: [
    ['2025-01-01', NEW_YEAR],
    ['2025-04-18', GOOD_FRIDAY],
    ['2025-04-21', EASTER_MONDAY],
    ['2025-05-05', EARLY_MAY],
    ['2025-05-26', SPRING],
    ['2025-08-25', SUMMER],
    ['2025-12-25', CHRISTMAS],
    ['2025-12-26', BOXING],
  ],
  2026: [
    ['2026-01-01', NEW_YEAR],
    ['2026-04-03', GOOD_FRIDAY],
    ['2026-04-06', EASTER_MONDAY],
    ['2026-05-04', EARLY_MAY],
    ['2026-05-25', SPRING],
    ['2026-08-31', SUMMER],
    ['2026-12-25', CHRISTMAS],
    ['2026-12-28', BOXING_SUB],
  ],
  2027: [
    ['2027-01-01', NEW_YEAR],
    ['2027-03-26', GOOD_FRIDAY],
    ['2027-03-29', EASTER_MONDAY],
    ['2027-05-03', EARLY_MAY],
    ['2027-05-31', SPRING],
    ['2027-08-30', SUMMER],
    ['2027-12-27', CHRISTMAS_SUB],
    ['2027-12-28', BOXING_SUB],
  ],
  2028: [
    ['2028-01-03', NEW_YEAR_SUB],
    ['2028-04-14', GOOD_FRIDAY],
    ['2028-04-17', EASTER_MONDAY],
    ['2028-05-01', EARLY_MAY],
    ['2028-05-29', SPRING],
    ['2028-08-28', SUMMER],
    ['2028-12-25', CHRISTMAS],
    ['2028-12-26', BOXING],
  ],
  2029: [
    ['2029-01-01', NEW_YEAR],
    ['2029-03-30', GOOD_FRIDAY],
    ['2029-04-02', EASTER_MONDAY],
    ['2029-05-07', EARLY_MAY],
    ['2029-05-28', SPRING],
    ['2029-08-27', SUMMER],
    ['2029-12-25', CHRISTMAS],
    ['2029-12-26', BOXING],
  ],
  2030: [
    ['2030-01-01', NEW_YEAR],
    ['2030-04-19', GOOD_FRIDAY],
    ['2030-04-22', EASTER_MONDAY],
    ['2030-05-06', EARLY_MAY],
    ['2030-05-27', SPRING],
    ['2030-08-26', SUMMER],
    ['2030-12-25', CHRISTMAS],
    ['2030-12-26', BOXING],
  ],
};

/** The first and last years of the bundled table. */
export const TABLE_YEARS = { first: 2015, last: 2030 } as const;

const DAY_MS = 86_400_000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
const utc = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d);
const weekday = (t: number) => new Date(t).getUTCDay();

/** Easter Sunday (Gregorian; the anonymous "Meeus/Jones/Butcher" algorithm). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return iso(utc(year, month, day));
}

function firstMonday(year: number, month: number): number {
  let t = utc(year, month, 1);
  while (weekday(t) !== 1) t += DAY_MS;
  return t;
}

function lastMonday(year: number, month: number): number {
  let t = utc(year, month + 1, 0);
  while (weekday(t) !== 1) t -= DAY_MS;
  return t;
}

/**
 * The usual pattern of England and Wales bank holidays for a year, with substitute days for New Year,
 * Christmas and Boxing Day falling at a weekend. It knows nothing of one-off changes (jubilees, funerals).
 */
export function usualBankHolidays(year: number): BankHoliday[] {
  const out: BankHoliday[] = [];
  const newYear = utc(year, 1, 1);
  const nyDay = weekday(newYear);
  if (nyDay === 6 || nyDay === 0)
    out.push({ date: iso(newYear + (nyDay === 6 ? 2 : 1) * DAY_MS), title: NEW_YEAR_SUB });
  else out.push({ date: iso(newYear), title: NEW_YEAR });
  const easter = Date.parse(easterSunday(year));
  out.push({ date: iso(easter - 2 * DAY_MS), title: GOOD_FRIDAY });
  out.push({ date: iso(easter + DAY_MS), title: EASTER_MONDAY });
  out.push({ date: iso(firstMonday(year, 5)), title: EARLY_MAY });
  out.push({ date: iso(lastMonday(year, 5)), title: SPRING });
  out.push({ date: iso(lastMonday(year, 8)), title: SUMMER });
  const christmasDay = weekday(utc(year, 12, 25));
  if (christmasDay === 6) {
    // Saturday and Sunday: both move to Monday and Tuesday.
    out.push({ date: `${year}-12-27`, title: CHRISTMAS_SUB }, { date: `${year}-12-28`, title: BOXING_SUB });
  } else if (christmasDay === 0) {
    // Sunday: Boxing Day stays on Monday 26th, Christmas moves to Tuesday 27th.
    out.push({ date: `${year}-12-26`, title: BOXING }, { date: `${year}-12-27`, title: CHRISTMAS_SUB });
  } else if (christmasDay === 5) {
    // Friday: Boxing Day on Saturday moves to Monday 28th.
    out.push({ date: `${year}-12-25`, title: CHRISTMAS }, { date: `${year}-12-28`, title: BOXING_SUB });
  } else {
    out.push({ date: `${year}-12-25`, title: CHRISTMAS }, { date: `${year}-12-26`, title: BOXING });
  }
  return out;
}

const cache = new Map<number, BankHoliday[]>();

/** England and Wales bank holidays in a year, in date order: the published table, else the usual rules. */
export function bankHolidays(year: number): BankHoliday[] {
  let list = cache.get(year);
  if (!list) {
    const rows = TABLE[year];
    list = rows ? rows.map(([date, title]) => ({ date, title })) : usualBankHolidays(year);
    cache.set(year, list);
  }
  return list;
}

/** The bank holiday on an ISO date (YYYY-MM-DD), if it is one. */
export function bankHolidayOn(date: string): BankHoliday | undefined {
  return bankHolidays(Number(date.slice(0, 4))).find((h) => h.date === date);
}
