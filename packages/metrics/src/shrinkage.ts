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
  const w = usable.map((u) => 1 / (u.se * u.se));
  const sumW = w.reduce((a, b) => a + b, 0);
  const fixedMean = usable.reduce((a, u, i) => a + w[i]! * u.estimate, 0) / sumW;
  const q = usable.reduce((a, u, i) => a + w[i]! * (u.estimate - fixedMean) ** 2, 0);
  const c = sumW - w.reduce((a, b) => a + b * b, 0) / sumW;
  const tau2 = usable.length > 1 && c > 0 ? Math.max(0, (q - (usable.length - 1)) / c) : 0;
  const wStar = usable.map((u) => 1 / (u.se * u.se + tau2));
  const mean = usable.reduce((a, u, i) => a + wStar[i]! * u.estimate, 0) / wStar.reduce((a, b) => a + b, 0);
  const lim = (v: number) => Math.max(clip[0], Math.min(clip[1], v));
  return {
    mean,
    tau2,
    units: inputs.map((u) => {
      if (u.estimate === null || !(u.se > 0)) return none;
      const v = u.se * u.se;
      const b = tau2 + v > 0 ? v / (v + tau2) : 1;
      const shrunk = b * mean + (1 - b) * u.estimate;
      const sd = Math.sqrt((1 - b) * v);
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
