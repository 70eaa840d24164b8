// The period a floor scorecard covers: a week (Monday–Sunday) or a calendar month, as the worker's
// scorecards (scorecards_v1) are cut. Default: the latest complete week (or month) before today in
// Asia/Shanghai — the current one is still filling and would be compared against a whole one.
// A start inside a period is moved to the period's first day, so any date names its period.
export type FloorPeriodKind = 'week' | 'month';

export interface FloorPeriod {
  kind: FloorPeriodKind;
  /** First day, YYYY-MM-DD. */
  start: string;
  /** The day after the last one (exclusive), YYYY-MM-DD. */
  end: string;
  /** Whether the period was asked for (false: the default). */
  asked: boolean;
}

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const utc = (d: string) => Date.parse(`${d}T00:00:00Z`);
const isDate = (d: unknown): d is string =>
  typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d) && iso(utc(d)) === d;

/** The first day of the period `kind` containing `date`. */
export function periodStartOf(kind: FloorPeriodKind, date: string): string {
  if (kind === 'month') return `${date.slice(0, 7)}-01`;
  const ms = utc(date);
  return iso(ms - ((new Date(ms).getUTCDay() + 6) % 7) * DAY);
}

/** The first day of the next period. */
export function periodEndOf(kind: FloorPeriodKind, start: string): string {
  if (kind === 'week') return iso(utc(start) + 7 * DAY);
  const d = new Date(utc(start));
  return iso(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
}

/** `?period=week|month&start=YYYY-MM-DD`; anything else falls back to the latest complete period. */
export function floorPeriodOf(query: unknown, now: number): FloorPeriod {
  const q = (query ?? {}) as { period?: unknown; start?: unknown };
  const kind: FloorPeriodKind = q.period === 'month' ? 'month' : 'week';
  const today = iso(now + 8 * 3600_000);
  const asked = isDate(q.start);
  const start = asked
    ? periodStartOf(kind, q.start as string)
    : kind === 'week'
      ? iso(utc(periodStartOf('week', today)) - 7 * DAY)
      : periodStartOf('month', iso(utc(periodStartOf('month', today)) - DAY));
  return { kind, start, end: periodEndOf(kind, start), asked };
}
