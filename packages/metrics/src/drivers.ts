// Key-driver analysis: how much of the variance of a loyalty measure each quality dimension
// explains, by Johnson's relative weights (2000) — the R² of a regression on the orthogonal
// counterparts of the predictors, apportioned back to them. Unlike regression coefficients they do
// not flip sign or vanish when dimensions are correlated (they always are: one visit, one mood),
// and they sum to R².
//
// Input is a set of cross-product blocks (count, sums, sums of products of the variables): the
// warehouse computes them in SQL, so a million responses leave ClickHouse as a few hundred rows.
// Intervals come from a bootstrap over blocks; with one response per block it is the ordinary
// bootstrap, with many it resamples groups of responses assigned to blocks at random (by a hash of
// the response id), which for independent responses has the same sampling distribution.
import { seededDraws } from './random.ts';

/** Count, sums and the upper triangle (row-major, diagonal included) of Σ vᵢvⱼ of p variables. */
export interface CrossProducts {
  n: number;
  sums: number[];
  products: number[];
}

const tri = (p: number, i: number, j: number): number =>
  i <= j ? i * p - (i * (i - 1)) / 2 + (j - i) : tri(p, j, i);

export function emptyCrossProducts(p: number): CrossProducts {
  return { n: 0, sums: new Array(p).fill(0), products: new Array((p * (p + 1)) / 2).fill(0) };
}

/** Adds one observation (all variables present) to a block, in place. */
export function addObservation(c: CrossProducts, v: ArrayLike<number>) {
  const p = c.sums.length;
  c.n++;
  let k = 0;
  for (let i = 0; i < p; i++) {
    const vi = v[i]!;
    c.sums[i]! += vi;
    for (let j = i; j < p; j++) c.products[k++]! += vi * v[j]!;
  }
}

/** Observations spread over `blocks` blocks by their position (i mod blocks). */
export function crossProductBlocks(rows: ArrayLike<number>[], blocks: number): CrossProducts[] {
  const p = rows[0]?.length ?? 0;
  const out = Array.from({ length: Math.max(1, Math.min(blocks, rows.length)) }, () => emptyCrossProducts(p));
  for (let i = 0; i < rows.length; i++) addObservation(out[i % out.length]!, rows[i]!);
  return out;
}

/** The same observations restricted to the variables at `indices` (in that order). */
export function selectVariables(c: CrossProducts, indices: number[]): CrossProducts {
  const p = c.sums.length;
  const products: number[] = [];
  for (let a = 0; a < indices.length; a++)
    for (let b = a; b < indices.length; b++) products.push(c.products[tri(p, indices[a]!, indices[b]!)]!);
  return { n: c.n, sums: indices.map((i) => c.sums[i]!), products };
}

function total(blocks: CrossProducts[], pick?: Int32Array): CrossProducts {
  const p = blocks[0]!.sums.length;
  const t = emptyCrossProducts(p);
  const m = pick ? pick.length : blocks.length;
  for (let b = 0; b < m; b++) {
    const c = blocks[pick ? pick[b]! : b]!;
    t.n += c.n;
    for (let i = 0; i < p; i++) t.sums[i]! += c.sums[i]!;
    for (let k = 0; k < t.products.length; k++) t.products[k]! += c.products[k]!;
  }
  return t;
}

/** Eigen-decomposition of a symmetric matrix (cyclic Jacobi): values and column eigenvectors. */
export function symmetricEigen(a: number[][]): { values: number[]; vectors: number[][] } {
  const n = a.length;
  const m = a.map((r) => [...r]);
  const v: number[][] = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)),
  );
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += m[i]![j]! ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < n; p++)
      for (let q = p + 1; q < n; q++) {
        if (Math.abs(m[p]![q]!) < 1e-300) continue;
        const theta = (m[q]![q]! - m[p]![p]!) / (2 * m[p]![q]!);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const mkp = m[k]![p]!;
          const mkq = m[k]![q]!;
          m[k]![p] = c * mkp - s * mkq;
          m[k]![q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < n; k++) {
          const mpk = m[p]![k]!;
          const mqk = m[q]![k]!;
          m[p]![k] = c * mpk - s * mqk;
          m[q]![k] = s * mpk + c * mqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k]![p]!;
          const vkq = v[k]![q]!;
          v[k]![p] = c * vkp - s * vkq;
          v[k]![q] = s * vkp + c * vkq;
        }
      }
  }
  return { values: m.map((r, i) => r[i]!), vectors: v };
}

export interface DriverPoint {
  /** Share of the outcome's variance attributed to each predictor (sums to r2). */
  weights: number[];
  r2: number;
  /** Ordinary least-squares slopes: outcome units per predictor unit, all others held equal. */
  slopes: number[];
  means: number[];
  sds: number[];
  outcomeMean: number;
  outcomeSd: number;
}

/** Relative weights of predictors 0…p−2 for the outcome in the last variable; null if degenerate. */
export function relativeWeightsPoint(c: CrossProducts): DriverPoint | null {
  const p = c.sums.length;
  const k = p - 1;
  if (c.n <= p + 1) return null;
  const mean = c.sums.map((s) => s / c.n);
  const cov = (i: number, j: number) => (c.products[tri(p, i, j)]! - c.n * mean[i]! * mean[j]!) / (c.n - 1);
  const sd = mean.map((_, i) => Math.sqrt(Math.max(0, cov(i, i))));
  if (sd.some((s) => !(s > 1e-12))) return null;
  const r = (i: number, j: number) => cov(i, j) / (sd[i]! * sd[j]!);
  const rxx = Array.from({ length: k }, (_, i) =>
    Array.from({ length: k }, (_, j) => (i === j ? 1 : r(i, j))),
  );
  const rxy = Array.from({ length: k }, (_, i) => r(i, k));
  const { values, vectors } = symmetricEigen(rxx);
  if (values.some((l) => !(l > 1e-10))) return null;
  // Λ = V diag(√λ) V' (the predictors' loadings on their orthogonal counterparts);
  // β = V diag(1/√λ) V' rxy (the outcome's regression on those counterparts).
  const mat = (f: (l: number) => number) =>
    Array.from({ length: k }, (_, i) =>
      Array.from({ length: k }, (_, j) => {
        let s = 0;
        for (let m = 0; m < k; m++) s += vectors[i]![m]! * f(values[m]!) * vectors[j]![m]!;
        return s;
      }),
    );
  const lambda = mat(Math.sqrt);
  const inverseRoot = mat((l) => 1 / Math.sqrt(l));
  const inverse = mat((l) => 1 / l);
  const beta = inverseRoot.map((row) => row.reduce((a, x, j) => a + x * rxy[j]!, 0));
  const weights = lambda.map((row) => row.reduce((a, x, m) => a + x * x * beta[m]! ** 2, 0));
  const standardised = inverse.map((row) => row.reduce((a, x, j) => a + x * rxy[j]!, 0));
  return {
    weights,
    r2: weights.reduce((a, b) => a + b, 0),
    slopes: standardised.map((b, j) => (b * sd[k]!) / sd[j]!),
    means: mean.slice(0, k),
    sds: sd.slice(0, k),
    outcomeMean: mean[k]!,
    outcomeSd: sd[k]!,
  };
}

export interface Interval {
  estimate: number;
  low: number | null;
  high: number | null;
}

export interface DriverResult {
  n: number;
  r2: Interval;
  predictors: {
    name: string;
    mean: number;
    sd: number;
    /** Raw relative weight: share of the outcome's variance (sums to R²). */
    weight: Interval;
    /** Weight as a share of R² (sums to 1). */
    share: Interval;
    slope: Interval;
  }[];
  /** Sums of raw weights of predictor groups, and differences of groups (e.g. soft − hard). */
  groups: { name: string; weight: Interval }[];
  contrasts: { name: string; difference: Interval }[];
  replicates: number;
}

export interface DriverOptions {
  replicates?: number;
  seed?: number;
  groups?: Record<string, string[]>;
  /** name → [group, group]: the first group's weight minus the second's. */
  contrasts?: Record<string, [string, string]>;
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  return s[lo]! + (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!) * (pos - lo);
};

/**
 * Relative weights with percentile bootstrap intervals (95%). `names` are the predictors, in the
 * order of the blocks' first variables; the outcome is the blocks' last variable. Null when the
 * data cannot support the analysis (too few responses, a constant or collinear variable).
 */
export function relativeWeights(
  blocks: CrossProducts[],
  names: string[],
  o: DriverOptions = {},
): DriverResult | null {
  if (blocks.length === 0 || blocks[0]!.sums.length !== names.length + 1)
    throw new Error(
      `blocks carry ${blocks[0]?.sums.length ?? 0} variables, expected ${names.length} predictors + 1 outcome`,
    );
  const all = total(blocks);
  const point = relativeWeightsPoint(all);
  if (!point) return null;
  const groups = Object.entries(o.groups ?? {}).map(([name, members]) => {
    const idx = members.map((m) => names.indexOf(m));
    if (idx.some((i) => i < 0)) throw new Error(`group ${name} names an unknown predictor`);
    return { name, idx };
  });
  const groupWeight = (pt: DriverPoint, idx: number[]) => idx.reduce((a, i) => a + pt.weights[i]!, 0);
  const contrasts = Object.entries(o.contrasts ?? {}).map(([name, [a, b]]) => {
    const ga = groups.find((g) => g.name === a);
    const gb = groups.find((g) => g.name === b);
    if (!ga || !gb) throw new Error(`contrast ${name} names an unknown group`);
    return { name, a: ga.idx, b: gb.idx };
  });
  const replicates = blocks.length >= 20 ? (o.replicates ?? 200) : 0;
  const draw = seededDraws(o.seed ?? 1);
  const boot: DriverPoint[] = [];
  const pick = new Int32Array(blocks.length);
  for (let r = 0; r < replicates; r++) {
    for (let b = 0; b < pick.length; b++) pick[b] = Math.floor(draw.uniform() * blocks.length);
    const pt = relativeWeightsPoint(total(blocks, pick));
    if (pt) boot.push(pt);
  }
  const interval = (estimate: number, of: (pt: DriverPoint) => number): Interval => {
    if (boot.length < 20) return { estimate, low: null, high: null };
    const xs = boot.map(of);
    return { estimate, low: quantile(xs, 0.025), high: quantile(xs, 0.975) };
  };
  return {
    n: all.n,
    r2: interval(point.r2, (pt) => pt.r2),
    predictors: names.map((name, j) => ({
      name,
      mean: point.means[j]!,
      sd: point.sds[j]!,
      weight: interval(point.weights[j]!, (pt) => pt.weights[j]!),
      share: interval(point.weights[j]! / point.r2, (pt) => pt.weights[j]! / pt.r2),
      slope: interval(point.slopes[j]!, (pt) => pt.slopes[j]!),
    })),
    groups: groups.map((g) => ({
      name: g.name,
      weight: interval(groupWeight(point, g.idx), (pt) => groupWeight(pt, g.idx)),
    })),
    contrasts: contrasts.map((c) => ({
      name: c.name,
      difference: interval(
        groupWeight(point, c.a) - groupWeight(point, c.b),
        (pt) => groupWeight(pt, c.a) - groupWeight(pt, c.b),
      ),
    })),
    replicates: boot.length,
  };
}
