// A mean with its 95% interval from pre-aggregated moments (count, sum, sum of squares), so a
// rollup table that stores those can be summed over any period and still give honest intervals.
import { tOneSided } from './respondents.ts';

export interface Moments {
  n: number;
  sum: number;
  sumsq: number;
}

export interface MeanSummary {
  n: number;
  mean: number | null;
  /** 95% t interval; null below 2 observations. */
  ci95: [number, number] | null;
}

export function meanFromMoments(m: Moments): MeanSummary {
  if (m.n === 0) return { n: 0, mean: null, ci95: null };
  const mean = m.sum / m.n;
  if (m.n < 2) return { n: m.n, mean, ci95: null };
  const variance = Math.max(0, (m.sumsq - m.n * mean * mean) / (m.n - 1));
  const half = tOneSided(0.025, m.n - 1) * Math.sqrt(variance / m.n);
  return { n: m.n, mean, ci95: [mean - half, mean + half] };
}

export const addMoments = (a: Moments, b: Moments): Moments => ({
  n: a.n + b.n,
  sum: a.sum + b.sum,
  sumsq: a.sumsq + b.sumsq,
});
