// Transaction log → per-customer calibration summary (frequency, recency, age, mean spend).

export interface Transaction {
  customerId: string;
  /** Epoch milliseconds or an ISO date; purchases on the same calendar day (UTC) are one purchase. */
  at: number | string;
  amount: number;
}

export interface CustomerSummary {
  customerId: string;
  /** Repeat purchase days in the calibration period (distinct days − 1). */
  x: number;
  /** Time from first to last purchase day, in units. */
  tx: number;
  /** Time from first purchase day to the end of calibration, in units. */
  T: number;
  /** Mean spend of the repeat purchase days (0 when x = 0). */
  m: number;
  /** Spend of the first purchase day (not used by Gamma-Gamma, kept for reports). */
  firstSpend: number;
}

const DAY = 86_400_000;

/**
 * Aggregates to one purchase per customer per day, keeps days up to `calibrationEnd` (inclusive,
 * a day), and measures time in `unitDays` (7 for weeks, as in the CDNOW papers).
 */
export function summarise(
  transactions: Iterable<Transaction>,
  calibrationEnd: string,
  unitDays = 7,
): CustomerSummary[] {
  const end = Math.floor(Date.parse(`${calibrationEnd.slice(0, 10)}T00:00:00Z`) / DAY);
  const days = new Map<string, Map<number, number>>();
  for (const t of transactions) {
    const day = Math.floor((typeof t.at === 'number' ? t.at : Date.parse(t.at)) / DAY);
    if (day > end) continue;
    let perDay = days.get(t.customerId);
    if (!perDay) {
      perDay = new Map();
      days.set(t.customerId, perDay);
    }
    perDay.set(day, (perDay.get(day) ?? 0) + t.amount);
  }
  const out: CustomerSummary[] = [];
  for (const [customerId, perDay] of days) {
    const sorted = [...perDay.keys()].sort((a, b) => a - b);
    const first = sorted[0]!;
    const last = sorted[sorted.length - 1]!;
    const repeat = sorted.slice(1);
    out.push({
      customerId,
      x: repeat.length,
      tx: (last - first) / unitDays,
      T: (end - first) / unitDays,
      m: repeat.length ? repeat.reduce((s, d) => s + perDay.get(d)!, 0) / repeat.length : 0,
      firstSpend: perDay.get(first)!,
    });
  }
  return out;
}
