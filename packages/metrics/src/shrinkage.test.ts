import { describe, expect, it } from 'vitest';
import { npsFromCounts } from './nps.ts';
import { seededDraws } from './random.ts';
import { rankByShrunkNps, shrinkToNetwork } from './shrinkage.ts';

describe('shrinkToNetwork', () => {
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
