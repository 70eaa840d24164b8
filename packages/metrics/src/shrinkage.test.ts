import { describe, expect, it } from 'vitest';
import { seededDraws } from './random.ts';
import { changeBetween, shrinkTowardPooledMean, type UnitStats } from './shrinkage.ts';

const stats = (id: string, values: number[]): UnitStats => ({
  id,
  n: values.length,
  sum: values.reduce((a, b) => a + b, 0),
  sumSquares: values.reduce((a, b) => a + b * b, 0),
});

describe('shrinkTowardPooledMean', () => {
  it('hand-computed: two units, σ² pooled, τ² by moments, B = τ²/(τ² + σ²/n)', () => {
    // a: 4 answers mean 2 (var 2/3·... ) ; b: 4 answers mean 4.
    const a = stats('a', [1, 2, 2, 3]); // mean 2, SS 2
    const b = stats('b', [3, 4, 4, 5]); // mean 4, SS 2
    const r = shrinkTowardPooledMean([a, b]);
    expect(r.mean).toBe(3);
    expect(r.withinVariance).toBeCloseTo(4 / 6, 12); // (2 + 2) / (3 + 3)
    // w = n/σ² = 6 each; Q = 6·1 + 6·1 = 12; c = 12 − 72/12 = 6; τ² = (12 − 1)/6
    expect(r.betweenVariance).toBeCloseTo(11 / 6, 12);
    const B = 11 / 6 / (11 / 6 + 4 / 6 / 4);
    expect(r.units[0]!.shrunk).toBeCloseTo(3 - B, 12);
    expect(r.units[1]!.shrunk).toBeCloseTo(3 + B, 12);
    expect(r.units[0]!.weight).toBeCloseTo(B, 12);
    expect(r.units[0]!.low).toBeLessThan(r.units[0]!.shrunk);
  });

  it('units that differ by noise only are all pulled to the pooled mean', () => {
    const r = shrinkTowardPooledMean([stats('a', [1, 5, 3]), stats('b', [2, 4, 3]), stats('c', [5, 1, 3])]);
    expect(r.betweenVariance).toBe(0);
    for (const u of r.units) expect(u.shrunk).toBe(3);
  });

  it('a unit without answers gets the pooled mean; nothing to pool gives raw means', () => {
    const r = shrinkTowardPooledMean([stats('a', [1, 2, 2, 3]), stats('b', [3, 4, 4, 5]), stats('c', [])]);
    expect(r.units[2]!.raw).toBeNull();
    expect(r.units[2]!.shrunk).toBe(3);
    const one = shrinkTowardPooledMean([stats('a', [1, 2, 3])]);
    expect(one.units[0]!.shrunk).toBe(2);
    expect(one.units[0]!.weight).toBe(1);
    expect(shrinkTowardPooledMean([]).mean).toBeNull();
  });

  it('simulation: a colleague with 6 answers is ranked first or last by chance far less often after shrinkage', () => {
    // A branch of 10 colleagues whose true NPS spreads with sd 10 points; nine have 60 answers, one
    // has 6 and is truly average. Fair: first 10 % and last 10 % of the time.
    const draw = seededDraws(2026);
    const answer = (trueNps: number) => {
      // promoter / detractor shares around a passive mass of 0.3
      const p = Math.min(0.69, Math.max(0.01, 0.35 + trueNps / 200));
      const d = 0.7 - p;
      const u = draw.uniform();
      return u < p ? 100 : u < p + d ? -100 : 0;
    };
    const runs = 2000;
    const count = { rawFirst: 0, rawLast: 0, shrunkFirst: 0, shrunkLast: 0 };
    for (let r = 0; r < runs; r++) {
      const units: UnitStats[] = [];
      for (let i = 0; i < 10; i++) {
        const small = i === 0;
        const trueNps = small ? 0 : 10 * draw.normal();
        units.push(
          stats(
            `s${i}`,
            Array.from({ length: small ? 6 : 60 }, () => answer(trueNps)),
          ),
        );
      }
      const s = shrinkTowardPooledMean(units).units;
      // First or last means strictly: when shrinkage pulls everyone to the branch mean (τ² = 0),
      // nobody is ranked first or last.
      const top = (key: 'raw' | 'shrunk', sign: 1 | -1) =>
        s.slice(1).every((u) => sign * ((s[0]![key] ?? 0) - (u[key] ?? 0)) > 1e-9);
      if (top('raw', 1)) count.rawFirst++;
      if (top('raw', -1)) count.rawLast++;
      if (top('shrunk', 1)) count.shrunkFirst++;
      if (top('shrunk', -1)) count.shrunkLast++;
    }
    const pct = (k: number) => `${((100 * k) / runs).toFixed(1)} %`;
    console.info(
      `6-answer colleague among 10 (9 with 60 answers), ${runs} simulated branches: ` +
        `raw means rank them first ${pct(count.rawFirst)}, last ${pct(count.rawLast)}; ` +
        `shrunk: first ${pct(count.shrunkFirst)}, last ${pct(count.shrunkLast)} (fair: 10 % each)`,
    );
    expect(count.rawFirst + count.rawLast).toBeGreaterThan(0.4 * runs);
    // Shrunk, a truly average colleague with little data is neither first nor last.
    expect(count.shrunkFirst + count.shrunkLast).toBeLessThan(0.1 * runs);
  });
});

describe('changeBetween', () => {
  it('is significant only when the interval of the change excludes 0', () => {
    expect(changeBetween({ shrunk: 4, sd: 0.1 }, { shrunk: 3, sd: 0.1 })!.significant).toBe(true);
    expect(changeBetween({ shrunk: 4, sd: 0.5 }, { shrunk: 3.5, sd: 0.5 })!.significant).toBe(false);
    expect(changeBetween(null, { shrunk: 3, sd: 0.1 })).toBeNull();
  });
});
