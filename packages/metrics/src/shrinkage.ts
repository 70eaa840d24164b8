// Ranking branches by NPS without letting a branch with a dozen answers top the list: empirical-
// Bayes shrinkage (a normal–normal model). Each branch's score x_i has sampling variance v_i
// (adjusted-Wald SE², nps.ts); the true scores vary around a network mean μ with variance τ²,
// estimated from the branches themselves by the method of moments (DerSimonian–Laird). A branch's
// shrunk score is B_i·μ + (1 − B_i)·x_i with B_i = v_i / (v_i + τ²): the noisier its own score,
// the more it is pulled toward the network.
import { type NpsSummary, npsFromCounts } from './nps.ts';

const Z95 = 1.959963984540054;

export interface ShrinkInput {
  /** Raw estimate (e.g. NPS on the −100…100 scale); null when the unit has no data. */
  estimate: number | null;
  /** Its standard error, on the same scale. */
  se: number;
}

export interface Shrunk {
  /** Posterior mean; null when the input had no estimate. */
  shrunk: number | null;
  /** 95% interval of the posterior (normal approximation). */
  ci95: [number, number] | null;
  /** Weight on the network mean, 0 (own data only) … 1 (network only). */
  weightOnNetwork: number;
}

export interface ShrinkResult {
  /** Precision-weighted network mean μ. */
  mean: number | null;
  /** Between-unit variance τ² (method of moments, ≥ 0). */
  tau2: number;
  units: Shrunk[];
}

/** Empirical-Bayes shrinkage of several estimates toward their precision-weighted mean. */
export function shrinkToNetwork(
  inputs: readonly ShrinkInput[],
  clip: [number, number] = [-100, 100],
): ShrinkResult {
  const usable = inputs.filter((u) => u.estimate !== null && u.se > 0) as { estimate: number; se: number }[];
  if (usable.length === 0) return { mean: null, tau2: 0, units: inputs.map(() => none) };
  const tau2 = betweenUnitVariance(
    usable.map((u) => u.estimate),
    usable.map((u) => u.se * u.se),
  );
  const wStar = usable.map((u) => 1 / (u.se * u.se + tau2));
  const sumWStar = wStar.reduce((a, b) => a + b, 0);
  const mean = usable.reduce((a, u, i) => a + wStar[i]! * u.estimate, 0) / sumWStar;
  // Variance of the estimated mean: without it a lone unit (or τ² = 0) would get a zero-width interval.
  const meanVariance = 1 / sumWStar;
  const lim = (v: number) => Math.max(clip[0], Math.min(clip[1], v));
  return {
    mean,
    tau2,
    units: inputs.map((u) => {
      if (u.estimate === null || !(u.se > 0)) return none;
      const v = u.se * u.se;
      const b = tau2 + v > 0 ? v / (v + tau2) : 1;
      const shrunk = b * mean + (1 - b) * u.estimate;
      const sd = Math.sqrt((1 - b) * v + b * b * meanVariance);
      return { shrunk, ci95: [lim(shrunk - Z95 * sd), lim(shrunk + Z95 * sd)], weightOnNetwork: b };
    }),
  };
}
const none: Shrunk = { shrunk: null, ci95: null, weightOnNetwork: 1 };

export interface RankedNps<T> {
  unit: T;
  nps: NpsSummary;
  shrunk: Shrunk;
}

/** Branches' NPS counts → raw NPS with interval and shrunk NPS, ranked by the shrunk score. */
export function rankByShrunkNps<T>(
  units: readonly { unit: T; promoters: number; passives: number; detractors: number }[],
): { mean: number | null; tau2: number; ranked: RankedNps<T>[] } {
  const summaries = units.map((u) => npsFromCounts(u));
  const result = shrinkToNetwork(summaries.map((s) => ({ estimate: s.score, se: s.se })));
  const ranked = units
    .map((u, i) => ({ unit: u.unit, nps: summaries[i]!, shrunk: result.units[i]! }))
    .sort((a, b) => (b.shrunk.shrunk ?? -Infinity) - (a.shrunk.shrunk ?? -Infinity));
  return { mean: result.mean, tau2: result.tau2, ranked };
}

/** Below this many answers a branch's own NPS is labelled "not enough data" (it still ranks, shrunk). */
export const NPS_MIN_N = 30;

/**
 * Between-unit variance τ² by the method of moments (DerSimonian–Laird) from unit estimates and
 * their sampling variances; 0 with fewer than two units or when they differ no more than noise.
 */
export function betweenUnitVariance(estimates: readonly number[], variances: readonly number[]): number {
  if (estimates.length < 2) return 0;
  const w = variances.map((v) => 1 / v);
  const sumW = w.reduce((a, b) => a + b, 0);
  const mean = estimates.reduce((a, x, i) => a + w[i]! * x, 0) / sumW;
  const q = estimates.reduce((a, x, i) => a + w[i]! * (x - mean) ** 2, 0);
  const c = sumW - w.reduce((a, b) => a + b * b, 0) / sumW;
  return c > 0 ? Math.max(0, (q - (estimates.length - 1)) / c) : 0;
}

// Shrinkage of unit means (windows, colleagues) toward their branch. A colleague
// with 6 answers has a noisy mean: ranked on raw means, small samples crowd the top and the bottom
// of the table by chance. Normal–normal model: unit true means ~ N(m, τ²), answers around them with
// within-unit variance σ²; each unit's estimate moves toward m by the share of its variance that is
// noise, B = τ² / (τ² + σ²/n). τ² by the method of moments (DerSimonian–Laird), σ² pooled.
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
  const tau2 =
    sigma2 !== null && sigma2 > 0
      ? betweenUnitVariance(
          withData.map((u) => u.sum / u.n),
          withData.map((u) => sigma2 / u.n),
        )
      : 0;
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
