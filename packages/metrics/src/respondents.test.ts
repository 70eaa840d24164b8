import { describe, expect, it } from 'vitest';
import { belowTarget, improvedTo, summariseRespondents, tOneSided, zOneSided } from './respondents.ts';

/** A respondent who gave these item scores. */
const r = (...scores: number[]) => ({
  sum: scores.reduce((a, b) => a + b, 0),
  sumSquares: scores.reduce((a, b) => a + b * b, 0),
  items: scores.length,
});

describe('dimension means per respondent', () => {
  it('empty and single respondents: no error, no conclusion', () => {
    expect(summariseRespondents([])).toMatchObject({ respondents: 0, mean: null, se: null });
    const one = summariseRespondents([r(4, 4, 5)]);
    expect(one).toMatchObject({ respondents: 1, answers: 3, se: null });
    expect(one.mean).toBeCloseTo(13 / 3, 10);
    expect(belowTarget(one, 4.5, 0.05, 1).verdict).toBe('not-enough-data');
  });

  it('counts people, not item answers: 4 respondents × 3 items are n = 4', () => {
    const s = summariseRespondents([r(2, 2, 2), r(3, 3, 3), r(2, 2, 2), r(3, 3, 3)]);
    expect(s).toMatchObject({ respondents: 4, answers: 12, mean: 2.5 });
    expect(belowTarget(s, 4, 0.05, 10).verdict).toBe('not-enough-data');
  });

  it('items that always agree: the design effect is about the items per respondent', () => {
    const s = summariseRespondents([r(2, 2, 2), r(3, 3, 3), r(4, 4, 4), r(5, 5, 5)]);
    // se² per respondent (5/3)/4 against the naive (15/11)/12: 11/3 (3 items, small-sample terms).
    expect(s.designEffect).toBeCloseTo(11 / 3, 10);
    // se per respondent: sd(2,3,4,5)/2; the naive one treats the 12 answers as independent.
    expect(s.se).toBeCloseTo(Math.sqrt(5 / 3) / 2, 10);
  });

  it('identical respondents (se 0): any difference is decisive, none is not', () => {
    const same = summariseRespondents(Array.from({ length: 30 }, () => r(2, 2)));
    expect(same.se).toBe(0);
    expect(belowTarget(same, 4, 0.001, 20)).toEqual({ verdict: 'below', z: Number.NEGATIVE_INFINITY });
    expect(belowTarget(same, 2, 0.001, 20)).toEqual({ verdict: 'not-below', z: 0 });
  });

  it('one-sided z and t', () => {
    expect(tOneSided(0.05, 10)).toBeCloseTo(1.8125, 2);
    expect(tOneSided(0.001, 41)).toBeCloseTo(3.301, 1);
    expect(tOneSided(0.05, Number.POSITIVE_INFINITY)).toBeCloseTo(1.6449, 3);
    expect(zOneSided(0.05)).toBeCloseTo(1.6449, 3);
    expect(zOneSided(0.001)).toBeCloseTo(3.0902, 3);
    expect(() => zOneSided(0.7)).toThrow(/alpha/);
  });

  it('below target at the boundary: z just inside the critical value is not below', () => {
    // t with 29 degrees of freedom: 1.699 (not the normal 1.645).
    const s = { respondents: 30, answers: 90, mean: 4 - 1.69 * 0.1, sd: 0.5, se: 0.1, designEffect: 1.5 };
    expect(belowTarget(s, 4, 0.05, 30).verdict).toBe('not-below');
    expect(belowTarget({ ...s, mean: 4 - 1.71 * 0.1 }, 4, 0.05, 30).verdict).toBe('below');
    expect(belowTarget({ ...s, respondents: 29 }, 4, 0.05, 30).verdict).toBe('not-enough-data');
  });

  it('improved needs a significant rise and the target reached', () => {
    const base = { respondents: 40, answers: 120, mean: 3, sd: 0.6, se: 0.1, designEffect: 1.4 };
    const up = { ...base, mean: 4.2 };
    expect(improvedTo(up, base, 4.1, 0.05, 20).verdict).toBe('improved');
    expect(improvedTo({ ...up, mean: 4.0 }, base, 4.1, 0.05, 20).verdict).toBe('not-improved');
    expect(improvedTo({ ...up, respondents: 9 }, base, 4.1, 0.05, 20).verdict).toBe('not-enough-data');
    expect(improvedTo({ ...up, mean: 3.1 }, base, 3, 0.05, 20).verdict).toBe('not-improved');
  });
});
