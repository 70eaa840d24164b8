// China's working-day calendar: weekends, statutory holidays and make-up workdays (调休), from the
// `chinese-days` package. The data follow the State Council's yearly notice and are kept current by
// updating that dependency, never by hand here. A date in a year the package does not cover is an
// error, not a guess: a Saturday may be a make-up workday, so "Monday to Friday" would be wrong.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// chinese-days ships a minified CommonJS bundle whose named exports Node's ESM loader cannot see.
const chineseDays = require('chinese-days') as typeof import('chinese-days');
const data = require('chinese-days/dist/chinese-days.json') as {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
};

/** A local calendar date, YYYY-MM-DD. */
export type LocalDate = string;
export type DayKind = 'calendar' | 'working';

export class CalendarGapError extends Error {
  constructor(readonly date: LocalDate) {
    super(
      `the holiday calendar (chinese-days ${chineseDaysVersion()}) has no data for ${date.slice(0, 4)}: ` +
        'update the chinese-days dependency once the State Council has published that year',
    );
    this.name = 'CalendarGapError';
  }
}

export interface WorkingCalendar {
  /** Years the data cover (a year is covered when it lists at least one holiday). */
  readonly years: ReadonlySet<number>;
  isWorkingDay(date: LocalDate): boolean;
}

function chineseDaysVersion(): string {
  return (require('chinese-days/package.json') as { version: string }).version;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
function checkDate(date: string): void {
  if (!DATE.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`)))
    throw new Error(`not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
}

/** The mainland China calendar from chinese-days. */
export const chinaCalendar: WorkingCalendar = {
  years: new Set(Object.keys(data.holidays).map((d) => Number(d.slice(0, 4)))),
  isWorkingDay(date) {
    checkDate(date);
    if (!this.years.has(Number(date.slice(0, 4)))) throw new CalendarGapError(date);
    return chineseDays.isWorkday(date);
  },
};

/** A calendar from explicit lists (for tests of the engine's own logic and for other jurisdictions). */
export function fixedCalendar(years: number[], holidays: LocalDate[], makeUpWorkdays: LocalDate[]) {
  const off = new Set(holidays);
  const on = new Set(makeUpWorkdays);
  const covered = new Set(years);
  return {
    years: covered,
    isWorkingDay(date: LocalDate) {
      checkDate(date);
      if (!covered.has(Number(date.slice(0, 4)))) throw new CalendarGapError(date);
      if (on.has(date)) return true;
      if (off.has(date)) return false;
      const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
      return weekday !== 0 && weekday !== 6;
    },
  } satisfies WorkingCalendar;
}

const DAY_MS = 86_400_000;
export function addCalendarDays(date: LocalDate, n: number): LocalDate {
  checkDate(date);
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The day `n` counted days after `date`; the start day itself is not counted (期间开始的当日不计入,
 * 《民法典》第二百零一条). Working days skip weekends and holidays but count make-up workdays.
 */
export function advance(cal: WorkingCalendar, date: LocalDate, n: number, kind: DayKind): LocalDate {
  if (!Number.isInteger(n) || n < 0) throw new Error(`cannot advance by ${n} days`);
  if (kind === 'calendar') return addCalendarDays(date, n);
  let d = date;
  for (let left = n; left > 0; ) {
    d = addCalendarDays(d, 1);
    if (cal.isWorkingDay(d)) left--;
  }
  return d;
}

/** The first working day on or after `date`. */
export function onOrNextWorkingDay(cal: WorkingCalendar, date: LocalDate): LocalDate {
  let d = date;
  while (!cal.isWorkingDay(d)) d = addCalendarDays(d, 1);
  return d;
}

/** Counted days in (from, to]: how many days of `kind` pass from the end of `from` to the end of `to`. */
export function countDays(cal: WorkingCalendar, from: LocalDate, to: LocalDate, kind: DayKind): number {
  if (to <= from) return to === from ? 0 : -countDays(cal, to, from, kind);
  if (kind === 'calendar')
    return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
  let n = 0;
  for (let d = addCalendarDays(from, 1); d <= to; d = addCalendarDays(d, 1)) if (cal.isWorkingDay(d)) n++;
  return n;
}
