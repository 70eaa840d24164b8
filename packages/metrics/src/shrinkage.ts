// Empirical-Bayes shrinkage of unit means (windows, colleagues) toward their branch. A colleague
// with 6 answers has a noisy mean: ranked on raw means, small samples crowd the top and the bottom
// of the table by chance. Normal–normal model: unit true means ~ N(m, τ²), answers around them with
// within-unit variance σ²; each unit's estimate moves toward m by the share of its variance that is
// noise, B = τ² / (τ² + σ²/n). τ² by the method of moments (DerSimonian–Laird), σ² pooled.

const Z95 = 1.959963984540054;

/** Sufficient statistics of one unit's per-respondent values. */
export interface UnitStats {
  id: string;
  n: number;
  sum: number;
  sumSquares: number;
}

export interface ShrunkUnit {
  id: string;
  n: number;
  /** Plain mean; null without answers. */
  raw: number | null;
  /** Posterior mean: the raw mean pulled toward the pooled mean; the pooled mean when n = 0. */
  shrunk: number;
  /** Posterior standard deviation. */
  sd: number;
  /** 95% interval of the posterior. */
  low: number;
  high: number;
  /** Weight on the unit's own data (0 = all pooled mean, 1 = all own data). */
  weight: number;
}

export interface Shrinkage {
  /** Pooled mean (answer-weighted): the branch's mean. */
  mean: number | null;
  /** Pooled within-unit variance σ². */
  withinVariance: number | null;
  /** Between-unit variance τ² (0 when units do not differ beyond noise). */
  betweenVariance: number;
  units: ShrunkUnit[];
}

/**
 * Shrinks each unit's mean toward the pooled mean of all units. With fewer than two units with
 * answers, or no within variance to judge noise by, nothing can be pooled: raw means are returned
 * with their own interval (weight 1).
 */
export function shrinkTowardPooledMean(units: UnitStats[]): Shrinkage {
  const withData = units.filter((u) => u.n > 0);
  const total = withData.reduce((a, u) => a + u.n, 0);
  if (total === 0)
    return {
      mean: null,
      withinVariance: null,
      betweenVariance: 0,
      units: units.map((u) => ({
        id: u.id,
        n: 0,
        raw: null,
        shrunk: Number.NaN,
        sd: Number.NaN,
        low: Number.NaN,
        high: Number.NaN,
        weight: 0,
      })),
    };
  const mean = withData.reduce((a, u) => a + u.sum, 0) / total;
  // Pooled within variance: Σ (n_i − 1) s_i² / Σ (n_i − 1), from sums and sums of squares.
  let ss = 0;
  let df = 0;
  for (const u of withData) {
    ss += Math.max(0, u.sumSquares - (u.sum * u.sum) / u.n);
    df += u.n - 1;
  }
  const sigma2 = df > 0 ? ss / df : null;
  let tau2 = 0;
  if (sigma2 !== null && sigma2 > 0 && withData.length >= 2) {
    const w = withData.map((u) => u.n / sigma2);
    const sw = w.reduce((a, b) => a + b, 0);
    const mw = withData.reduce((a, u, i) => a + w[i]! * (u.sum / u.n), 0) / sw;
    const q = withData.reduce((a, u, i) => a + w[i]! * (u.sum / u.n - mw) ** 2, 0);
    const c = sw - w.reduce((a, b) => a + b * b, 0) / sw;
    tau2 = c > 0 ? Math.max(0, (q - (withData.length - 1)) / c) : 0;
  }
  const pooled = sigma2 !== null && sigma2 > 0 && withData.length >= 2;
  return {
    mean,
    withinVariance: sigma2,
    betweenVariance: tau2,
    units: units.map((u) => {
      const raw = u.n > 0 ? u.sum / u.n : null;
      if (!pooled) {
        const sd = sigma2 !== null && u.n > 0 ? Math.sqrt(sigma2 / u.n) : Number.NaN;
        const centre = raw ?? mean;
        return {
          id: u.id,
          n: u.n,
          raw,
          shrunk: centre,
          sd,
          low: centre - Z95 * sd,
          high: centre + Z95 * sd,
          weight: 1,
        };
      }
      const noise = u.n > 0 ? sigma2 / u.n : Number.POSITIVE_INFINITY;
      const weight = u.n > 0 ? tau2 / (tau2 + noise) : 0;
      const shrunk = mean + weight * ((raw ?? mean) - mean);
      // Posterior variance B·σ²/n; with τ² = 0 every unit is the pooled mean, known to σ²/N.
      const sd = Math.sqrt(weight > 0 ? weight * noise : sigma2 / total);
      return { id: u.id, n: u.n, raw, shrunk, sd, low: shrunk - Z95 * sd, high: shrunk + Z95 * sd, weight };
    }),
  };
}

/** Change between two posterior estimates, with its 95% interval (independent periods). */
export function changeBetween(
  previous: { shrunk: number; sd: number } | null,
  current: { shrunk: number; sd: number },
): { change: number; low: number; high: number; significant: boolean } | null {
  if (!previous || !Number.isFinite(previous.shrunk) || !Number.isFinite(current.shrunk)) return null;
  const change = current.shrunk - previous.shrunk;
  const se = Math.sqrt(previous.sd ** 2 + current.sd ** 2);
  const low = change - Z95 * se;
  const high = change + Z95 * se;
  return { change, low, high, significant: low > 0 || high < 0 };
}
