import type { DriverResult } from '@servloop/metrics';
import { describe, expect, it } from 'vitest';
import { driverRows, driverSentence, softVersusHard } from './drivers.ts';

const iv = (estimate: number, low: number, high: number) => ({ estimate, low, high });
const result: DriverResult = {
  n: 500,
  r2: iv(0.5, 0.45, 0.55),
  predictors: [
    {
      name: 'attitude',
      mean: 4,
      sd: 0.5,
      weight: iv(0.25, 0.2, 0.3),
      share: iv(0.5, 0.4, 0.6),
      slope: iv(1, 0.8, 1.2),
    },
    {
      name: 'efficiency',
      mean: 3,
      sd: 0.5,
      weight: iv(0.16, 0.1, 0.2),
      share: iv(0.32, 0.2, 0.4),
      slope: iv(0.8, 0.6, 1),
    },
    {
      name: 'performance',
      mean: 4.5,
      sd: 0.5,
      weight: iv(0.04, 0.01, 0.07),
      share: iv(0.08, 0, 0.1),
      slope: iv(0.4, 0.1, 0.6),
    },
    {
      name: 'process',
      mean: 4.4,
      sd: 0.5,
      weight: iv(0.04, 0.01, 0.07),
      share: iv(0.08, 0, 0.1),
      slope: iv(0.4, 0.1, 0.6),
    },
    {
      name: 'facilities',
      mean: 4,
      sd: 0.5,
      weight: iv(0.01, 0, 0.02),
      share: iv(0.02, 0, 0.04),
      slope: iv(0.1, 0, 0.2),
    },
  ],
  groups: [
    { name: 'soft', weight: iv(0.49, 0.44, 0.54) },
    { name: 'hard', weight: iv(0.01, 0, 0.02) },
  ],
  contrasts: [{ name: 'soft_minus_hard', difference: iv(0.48, 0.42, 0.53) }],
  replicates: 200,
};
const targets = new Map(
  ['attitude', 'efficiency', 'performance', 'process', 'facilities'].map((d) => [
    d,
    { target: 4.5, source: 'default' },
  ]),
);

describe('driverRows', () => {
  const rows = driverRows('B1', 'nps_answer', result, 500, targets, {
    from: 'a',
    to: 'b',
    computedAt: 1,
    outcomeSd: 2,
  });
  const get = (t: string) => rows.find((r) => r.term === t)!;

  it('expected gain = √weight · sd(outcome) / sd(dimension) × distance to target, ranked', () => {
    // attitude: √0.25 · 2 / 0.5 × 0.5 = 1; efficiency: 0.4 · 4 × 1.5 = 2.4; performance: above target → 0
    expect(get('attitude').expected_gain).toBeCloseTo(1, 12);
    expect(get('efficiency').expected_gain).toBeCloseTo(2.4, 12);
    expect(get('performance').expected_gain).toBe(0);
    expect([get('efficiency').gain_rank, get('attitude').gain_rank]).toEqual([1, 2]);
  });

  it('summary rows: soft, hard, their difference with the answer, and R²', () => {
    expect(get('soft_minus_hard')).toMatchObject({
      weight: 0.48,
      weight_low: 0.42,
      verdict: 'soft',
      gain_rank: 0,
    });
    expect(get('r2').weight).toBe(0.5);
    expect(rows).toHaveLength(9);
  });

  it('without a result every row says so (null figures, "not enough data")', () => {
    const empty = driverRows('B1', 'promoter', null, 12, targets, { from: 'a', to: 'b', computedAt: 1 });
    expect(empty.every((r) => r.weight === null && r.n === 12)).toBe(true);
    expect(empty.find((r) => r.term === 'soft_minus_hard')!.verdict).toBe('not enough data');
  });
});

describe('softVersusHard', () => {
  it('answers from the interval of the difference', () => {
    expect(softVersusHard(iv(0.1, 0.05, 0.2))).toBe('soft');
    expect(softVersusHard(iv(-0.1, -0.2, -0.05))).toBe('hard');
    expect(softVersusHard(iv(0.01, -0.02, 0.05))).toBe('no difference');
    expect(softVersusHard(undefined)).toBe('not enough data');
  });
});

describe('driverSentence', () => {
  const e = {
    scope: '*',
    n: 500,
    ranked: [
      { dimension: 'efficiency', gain: 2.4, weight: 0.16, low: 0.1, high: 0.2 },
      { dimension: 'attitude', gain: 1, weight: 0.25, low: 0.2, high: 0.3 },
    ],
  };
  it('names the dimension with the largest expected gain and where this loop stands', () => {
    expect(driverSentence(e, 'efficiency')).toBe(
      'key drivers (network, 500 respondents): largest expected gain efficiency (+2.40 NPS-answer points to target, weight 0.160 [0.100, 0.200]); opening here first',
    );
    expect(driverSentence(e, 'attitude')).toMatch(
      /; attitude ranks 2 of 2 \(\+1\.00, weight 0\.250 \[0\.200, 0\.300\]\)$/,
    );
  });
});
