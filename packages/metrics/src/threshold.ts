// The wait at which loyalty drops: a one-step change point in a loyalty measure (promoter 0/1, or
// the 0–10 answer) as a function of wait minutes. The step is placed where it explains most of the
// variance (least squares over whole-minute cut points); a bootstrap over visits gives intervals
// for the cut and for the size of the drop. "No threshold" is a valid answer: the drop's interval
// must exclude zero.
import { seededDraws } from './random.ts';

export interface WaitOutcome {
  /** Wait in minutes (any non-negative number; binned to whole minutes). */
  waitMinutes: number;
  /** Loyalty measure of the visit's answer (e.g. 1 promoter / 0 not, or the 0–10 answer). */
  value: number;
}

export interface ThresholdOptions {
  /** Bootstrap replicates (default 200). */
  replicates?: number;
  seed?: number;
  /** Smallest share of visits on either side of a cut (default 0.05), and at least `minSide` visits. */
  minShare?: number;
  minSide?: number;
}

export interface WaitThreshold {
  n: number;
  /** Minutes: visits that waited at least this long are on the far side; null when no cut is possible. */
  threshold: number | null;
  thresholdLow: number | null;
  thresholdHigh: number | null;
  /** Mean of visits that waited less than the threshold, and of those that waited at least as long. */
  before: number | null;
  after: number | null;
  /** before − after, with its bootstrap interval. */
  drop: number | null;
  dropLow: number | null;
  dropHigh: number | null;
  /** 'drop': loyalty is lower past the threshold (drop interval above 0); 'none' otherwise. */
  verdict: 'drop' | 'none' | 'not enough data';
}

interface Bins {
  count: Float64Array;
  sum: Float64Array;
  sumSq: Float64Array;
}

function bestCut(b: Bins, minSide: number, minShare: number) {
  let n = 0;
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < b.count.length; i++) {
    n += b.count[i]!;
    s += b.sum[i]!;
    s2 += b.sumSq[i]!;
  }
  const need = Math.max(minSide, Math.ceil(minShare * n));
  let best: { cut: number; sse: number; before: number; after: number } | null = null;
  let nl = 0;
  let sl = 0;
  // A cut after minute bin i: left = minutes ≤ i. SSE = Σy² − sl²/nl − sr²/nr.
  for (let i = 0; i < b.count.length - 1; i++) {
    nl += b.count[i]!;
    sl += b.sum[i]!;
    const nr = n - nl;
    // Between two occupied minutes every cut splits alike: take the one at the first far-side minute.
    if (nl < need || nr < need || b.count[i + 1]! === 0) continue;
    const sr = s - sl;
    const sse = s2 - (sl * sl) / nl - (sr * sr) / nr;
    if (!best || sse < best.sse - 1e-12) best = { cut: i, sse, before: sl / nl, after: sr / nr };
  }
  return best;
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  return s[lo]! + (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!) * (pos - lo);
};

export function waitThreshold(data: WaitOutcome[], o: ThresholdOptions = {}): WaitThreshold {
  const replicates = o.replicates ?? 200;
  const minSide = o.minSide ?? 20;
  const minShare = o.minShare ?? 0.05;
  const none: WaitThreshold = {
    n: data.length,
    threshold: null,
    thresholdLow: null,
    thresholdHigh: null,
    before: null,
    after: null,
    drop: null,
    dropLow: null,
    dropHigh: null,
    verdict: 'not enough data',
  };
  if (data.length < 2 * minSide) return none;
  const minutes = data.map((d) => Math.max(0, Math.floor(d.waitMinutes)));
  const size = Math.max(...minutes) + 1;
  const fill = (pick: (k: number) => number) => {
    const b: Bins = {
      count: new Float64Array(size),
      sum: new Float64Array(size),
      sumSq: new Float64Array(size),
    };
    for (let k = 0; k < data.length; k++) {
      const i = pick(k);
      const v = data[i]!.value;
      const m = minutes[i]!;
      b.count[m]! += 1;
      b.sum[m]! += v;
      b.sumSq[m]! += v * v;
    }
    return b;
  };
  const fit = bestCut(
    fill((k) => k),
    minSide,
    minShare,
  );
  if (!fit) return none;
  const draw = seededDraws(o.seed ?? 1);
  const cuts: number[] = [];
  const drops: number[] = [];
  for (let r = 0; r < replicates; r++) {
    const f = bestCut(
      fill(() => Math.floor(draw.uniform() * data.length)),
      minSide,
      minShare,
    );
    if (!f) continue;
    // Bin i holds waits in [i, i + 1) minutes: a cut after bin i puts waits ≥ i + 1 on the far side.
    cuts.push(f.cut + 1);
    drops.push(f.before - f.after);
  }
  const drop = fit.before - fit.after;
  const dropLow = drops.length ? quantile(drops, 0.025) : null;
  const dropHigh = drops.length ? quantile(drops, 0.975) : null;
  return {
    n: data.length,
    threshold: fit.cut + 1,
    thresholdLow: cuts.length ? quantile(cuts, 0.025) : null,
    thresholdHigh: cuts.length ? quantile(cuts, 0.975) : null,
    before: fit.before,
    after: fit.after,
    drop,
    dropLow,
    dropHigh,
    verdict: dropLow !== null && dropLow > 0 ? 'drop' : 'none',
  };
}
