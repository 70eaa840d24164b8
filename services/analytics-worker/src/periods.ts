// Non-overlapping measurement periods on branch-local days. Aggregate rules test each completed
// period once (the same key however often they run), so a stable branch is not re-tested every
// 15 minutes on a sliding window — that is what made ~24 false "significant drop" emails a year.

const DAY = 86_400_000;
/** 1970-01-05 was a Monday: 7-day periods run Monday to Sunday. */
const ANCHOR = Date.UTC(1970, 0, 5);

export interface Period {
  /** First local day, inclusive (YYYY-MM-DD). */
  from: string;
  /** Day after the last local day, exclusive. */
  to: string;
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const dayMs = (date: string) => Date.parse(`${date}T00:00:00Z`);

/** The branch-local calendar day of an instant. */
export function localDay(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(at));
}

/** The `count` most recent periods that ended on or before `today` (exclusive), newest first. */
export function completedPeriods(today: string, periodDays: number, count: number): Period[] {
  const len = periodDays * DAY;
  const current = Math.floor((dayMs(today) - ANCHOR) / len);
  return Array.from({ length: count }, (_, i) => {
    const start = ANCHOR + (current - 1 - i) * len;
    return { from: isoDay(start), to: isoDay(start + len) };
  });
}

/** Local date plus days. */
export const addDays = (date: string, n: number) => isoDay(dayMs(date) + n * DAY);
