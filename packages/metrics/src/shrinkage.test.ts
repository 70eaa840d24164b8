import { describe, expect, it } from 'vitest';
import { npsFromCounts } from './nps.ts';
import { seededDraws } from './random.ts';
import {
  changeBetween,
  rankByShrunkNps,
  shrinkToNetwork,
  shrinkTowardPooledMean,
  type UnitStats,
} from './shrinkage.ts';

describe('shrinkToNetwork', () => {
  it('a lone unit (a region with one branch) keeps its own interval, not a zero-width one', () => {
    const r = shrinkToNetwork([{ estimate: -89, se: 2 }]);
    expect(r.units[0]!.shrunk).toBe(-89);
    const [low, high] = r.units[0]!.ci95!;
    expect(high - low).toBeCloseTo(2 * 1.959963984540054 * 2, 9);
  });

  it('pulls a noisy estimate toward the network more than a precise one', () => {
    const r = shrinkToNetwork([
      { estimate: 10, se: 2 },
      { estimate: 30, se: 2 },
      { estimate: 20, se: 2 },
      { estimate: 80, se: 25 },
    ]);
    expect(r.tau2).toBeGreaterThan(0);
    const [a, , , noisy] = r.units;
    expect(noisy!.weightOnNetwork).toBeGreaterThan(0.8);
    expect(a!.weightOnNetwork).toBeLessThan(0.2);
    expect(noisy!.shrunk!).toBeLessThan(40);
    expect(noisy!.ci95![0]).toBeLessThan(noisy!.shrunk!);
  });

  it('gives no estimate for a unit without data, and none at all for no data', () => {
    expect(shrinkToNetwork([]).mean).toBeNull();
    const r = shrinkToNetwork([
      { estimate: null, se: 0 },
      { estimate: 12, se: 3 },
    ]);
    expect(r.units[0]!.shrunk).toBeNull();
    expect(r.units[1]!.shrunk).toBeCloseTo(12);
  });

  it('shrinks everything to the mean when branches do not differ beyond noise', () => {
    const r = shrinkToNetwork([
      { estimate: 20, se: 10 },
      { estimate: 22, se: 10 },
      { estimate: 18, se: 10 },
    ]);
    expect(r.tau2).toBe(0);
    for (const u of r.units) expect(u.shrunk).toBeCloseTo(20, 5);
  });
});

describe('ranking branches: a small branch topping the list', () => {
  // 19 branches with 300 answers each, true NPS spread around 20 (sd 10); one branch with 12
  // answers whose true NPS is the network mean. How often does it rank first?
  function simulate(trials: number, seed: number) {
    const draws = seededDraws(seed);
    const normal = () => Math.sqrt(-2 * Math.log(draws.uniform())) * Math.cos(2 * Math.PI * draws.uniform());
    const answers = (trueNps: number, n: number) => {
      const p = Math.min(0.95, Math.max(0.05, (0.7 + trueNps / 100) / 2));
      const d = Math.max(0, 0.7 - p);
      const c = { promoters: 0, passives: 0, detractors: 0 };
      for (let i = 0; i < n; i++) {
        const u = draws.uniform();
        if (u < p) c.promoters++;
        else if (u < p + d) c.detractors++;
        else c.passives++;
      }
      return c;
    };
    let rawTop = 0;
    let shrunkTop = 0;
    for (let t = 0; t < trials; t++) {
      const units = Array.from({ length: 19 }, (_, i) => ({
        unit: `B${i}`,
        ...answers(20 + 10 * normal(), 300),
      }));
      units.push({ unit: 'SMALL', ...answers(20, 12) });
      const raw = [...units].sort((a, b) => (npsFromCounts(b).score ?? 0) - (npsFromCounts(a).score ?? 0));
      if (raw[0]!.unit === 'SMALL') rawTop++;
      if (rankByShrunkNps(units).ranked[0]!.unit === 'SMALL') shrunkTop++;
    }
    return { raw: rawTop / trials, shrunk: shrunkTop / trials };
  }

  it('happens far less often with shrinkage than with raw NPS', () => {
    const r = simulate(2000, 42);
    console.log(
      `small branch (n=12, true NPS = network mean) ranked first: raw NPS ${(100 * r.raw).toFixed(1)}% of 2000 trials, shrunk NPS ${(100 * r.shrunk).toFixed(1)}%`,
    );
    expect(r.raw).toBeGreaterThan(0.1);
    expect(r.shrunk).toBeLessThan(r.raw / 5);
  });
});

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
