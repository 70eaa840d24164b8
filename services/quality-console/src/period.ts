// The period a page covers: the last `days` branch-local days up to today (Asia/Shanghai, where
// the demo branches are; rollups are by each branch's own local day).
export const PERIOD_DAYS = [7, 14, 30, 90, 365] as const;

export interface Period {
  days: number;
  from: string;
  to: string;
}

const shanghaiDate = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);

export function periodOf(query: unknown, now: number): Period {
  const raw = Number((query as { days?: string } | undefined)?.days);
  const days = (PERIOD_DAYS as readonly number[]).includes(raw) ? raw : 30;
  return { days, to: shanghaiDate(now), from: shanghaiDate(now - (days - 1) * 86_400_000) };
}

/** The last `days` days of a period (all of it when it is shorter). */
export function lastDaysOf(period: Period, days: number): Period {
  if (period.days <= days) return period;
  const from = new Date(Date.parse(`${period.to}T00:00:00Z`) - (days - 1) * 86_400_000)
    .toISOString()
    .slice(0, 10);
  return { days, from, to: period.to };
}
