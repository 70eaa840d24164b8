import { describe, expect, it } from 'vitest';
import {
  type CrossProducts,
  crossProductBlocks,
  relativeWeights,
  relativeWeightsPoint,
  selectVariables,
  symmetricEigen,
} from './drivers.ts';
import { seededDraws } from './random.ts';

const NAMES = ['attitude', 'efficiency', 'performance', 'process', 'facilities'];
// Correlated predictors (a shared "mood" factor), as quality dimensions are in real answers.
const CORR = NAMES.map((_, i) => NAMES.map((_, j) => (i === j ? 1 : i === 4 || j === 4 ? 0.2 : 0.4)));
const BETA = [0.8, 0.5, 0.3, 0.1, 0.2];
const NOISE_SD = 1;

function cholesky(a: number[][]) {
  const n = a.length;
  const l = a.map(() => new Array(n).fill(0));
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = a[i]![j]!;
      for (let k = 0; k < j; k++) s -= l[i]![k]! * l[j]![k]!;
      l[i]![j] = i === j ? Math.sqrt(s) : s / l[j]![j]!;
    }
  return l;
}

function simulate(seed: number, n: number): number[][] {
  const draw = seededDraws(seed);
  const l = cholesky(CORR);
  return Array.from({ length: n }, () => {
    const z = NAMES.map(() => draw.normal());
    const x = l.map((row) => row.reduce((a, v, k) => a + v * z[k]!, 0));
    const y = x.reduce((a, v, j) => a + BETA[j]! * v, 0) + NOISE_SD * draw.normal();
    return [...x, y];
  });
}

/** The population's cross products (means 0, covariance exact), standing in for infinite data. */
function population(): CrossProducts {
  const p = NAMES.length + 1;
  const cov = (i: number, j: number) => {
    const k = NAMES.length;
    const sxb = (r: number) => CORR[r]!.reduce((a, c, m) => a + c * BETA[m]!, 0);
    if (i < k && j < k) return CORR[i]![j]!;
    if (i < k) return sxb(i);
    if (j < k) return sxb(j);
    return BETA.reduce((a, b, m) => a + b * sxb(m), 0) + NOISE_SD ** 2;
  };
  const n = 1e9;
  const products: number[] = [];
  for (let i = 0; i < p; i++) for (let j = i; j < p; j++) products.push((n - 1) * cov(i, j));
  return { n, sums: new Array(p).fill(0), products };
}

describe('relative weights', () => {
  it('Jacobi eigen-decomposition reproduces the matrix', () => {
    const { values, vectors } = symmetricEigen(CORR);
    for (let i = 0; i < 5; i++)
      for (let j = 0; j < 5; j++)
        expect(values.reduce((a, l, m) => a + vectors[i]![m]! * l * vectors[j]![m]!, 0)).toBeCloseTo(
          CORR[i]![j]!,
          10,
        );
  });

  it('hand-computed: uncorrelated predictors get their squared correlations; one predictor gets r²', () => {
    // x1, x2 orthogonal (±1 patterns), y = x1 + 2·x2 + e with e orthogonal to both.
    const rows: number[][] = [];
    const e = [1, -1, -1, 1];
    for (let copy = 0; copy < 2; copy++)
      [
        [1, 1],
        [1, -1],
        [-1, 1],
        [-1, -1],
      ].forEach(([a, b], i) => {
        rows.push([a!, b!, a! + 2 * b! + e[i]!]);
      });
    const pt = relativeWeightsPoint(crossProductBlocks(rows, 1)[0]!)!;
    // var(y) = (1 + 4 + 1) → r1² = 1/6, r2² = 4/6
    expect(pt.weights[0]).toBeCloseTo(1 / 6, 12);
    expect(pt.weights[1]).toBeCloseTo(4 / 6, 12);
    expect(pt.slopes[0]).toBeCloseTo(1, 12);
    expect(pt.slopes[1]).toBeCloseTo(2, 12);
    const single = relativeWeightsPoint(
      crossProductBlocks(
        rows.map(([a, , y]) => [a!, y!]),
        1,
      )[0]!,
    )!;
    expect(single.weights[0]).toBeCloseTo(1 / 6, 12);
  });

  it('recovers planted weights and slopes (correlated dimensions): 95 % intervals cover them ~95 % of the time', () => {
    const truth = relativeWeightsPoint(population())!;
    const datasets = 30;
    let covered = 0;
    let slopesCovered = 0;
    let contrastCovered = 0;
    const plantedDifference = truth.weights.slice(0, 4).reduce((a, b) => a + b, 0) - truth.weights[4]!;
    for (let d = 0; d < datasets; d++) {
      const r = relativeWeights(crossProductBlocks(simulate(100 + d, 2000), 200), NAMES, {
        seed: d,
        groups: { soft: NAMES.slice(0, 4), hard: ['facilities'] },
        contrasts: { soft_minus_hard: ['soft', 'hard'] },
      })!;
      const diff = r.contrasts[0]!.difference;
      if (diff.low! <= plantedDifference && plantedDifference <= diff.high!) contrastCovered++;
      r.predictors.forEach((p, j) => {
        if (p.weight.low! <= truth.weights[j]! && truth.weights[j]! <= p.weight.high!) covered++;
        if (p.slope.low! <= BETA[j]! && BETA[j]! <= p.slope.high!) slopesCovered++;
      });
    }
    const intervals = datasets * NAMES.length;
    console.info(
      `relative weights: planted weight inside the 95 % bootstrap interval ${covered}/${intervals}, planted slope ${slopesCovered}/${intervals}, planted soft − hard ${contrastCovered}/${datasets}`,
    );
    expect(covered / intervals).toBeGreaterThan(0.85);
    expect(slopesCovered / intervals).toBeGreaterThan(0.85);
    expect(contrastCovered / datasets).toBeGreaterThan(0.8);
  });

  it('one data set: weights sum to R², attitude leads, soft − hard excludes 0 near the planted difference', () => {
    const truth = relativeWeightsPoint(population())!;
    const r = relativeWeights(crossProductBlocks(simulate(11, 4000), 400), NAMES, {
      seed: 4,
      groups: { soft: NAMES.slice(0, 4), hard: ['facilities'] },
      contrasts: { soft_minus_hard: ['soft', 'hard'] },
    })!;
    expect(r.n).toBe(4000);
    expect(r.replicates).toBe(200);
    expect(r.predictors.reduce((a, p) => a + p.weight.estimate, 0)).toBeCloseTo(r.r2.estimate, 10);
    expect(r.predictors.reduce((a, p) => a + p.share.estimate, 0)).toBeCloseTo(1, 10);
    expect([...r.predictors].sort((a, b) => b.weight.estimate - a.weight.estimate)[0]!.name).toBe('attitude');
    const diff = r.contrasts[0]!.difference;
    const planted = truth.weights.slice(0, 4).reduce((a, b) => a + b, 0) - truth.weights[4]!;
    expect(diff.low!).toBeGreaterThan(0);
    expect(Math.abs(diff.estimate - planted)).toBeLessThan(0.05);
  });

  it('the block bootstrap gives intervals like the ordinary one (one response per block)', () => {
    const rows = simulate(12, 3000);
    const blocks = relativeWeights(crossProductBlocks(rows, 300), NAMES, { seed: 1 })!;
    const plain = relativeWeights(crossProductBlocks(rows, rows.length), NAMES, { seed: 1 })!;
    for (let j = 0; j < 5; j++) {
      const w = (r: typeof plain) => r.predictors[j]!.weight.high! - r.predictors[j]!.weight.low!;
      expect(w(blocks) / w(plain)).toBeGreaterThan(0.7);
      expect(w(blocks) / w(plain)).toBeLessThan(1.4);
    }
  });

  it('refuses degenerate data: a constant dimension, too few responses', () => {
    const rows = simulate(13, 100).map((r) => [1, ...r.slice(1)]);
    expect(relativeWeights(crossProductBlocks(rows, 50), NAMES)).toBeNull();
    expect(relativeWeights(crossProductBlocks(simulate(14, 5), 5), NAMES)).toBeNull();
    expect(() => relativeWeights(crossProductBlocks(simulate(14, 50), 5), ['a'])).toThrow(
      /expected 1 predictors/,
    );
  });
});

describe('selectVariables', () => {
  it('equals the blocks built from the selected columns', () => {
    const rows = simulate(15, 50);
    const all = crossProductBlocks(rows, 1)[0]!;
    const picked = crossProductBlocks(
      rows.map((r) => [r[5]!, r[0]!, r[2]!]),
      1,
    )[0]!;
    const selected = selectVariables(all, [5, 0, 2]);
    expect(selected.n).toBe(picked.n);
    for (const [i, v] of selected.products.entries()) expect(v).toBeCloseTo(picked.products[i]!, 9);
    for (const [i, v] of selected.sums.entries()) expect(v).toBeCloseTo(picked.sums[i]!, 9);
  });
});
