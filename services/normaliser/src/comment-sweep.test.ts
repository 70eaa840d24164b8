import { describe, expect, it } from 'vitest';
import { recentFrom } from './comment-sweep.ts';

describe('recentFrom', () => {
  it('is the UTC day `days` days back: no later than any branch-local day of that time', () => {
    const now = Date.parse('2026-03-05T01:00:00Z');
    expect(recentFrom(now, 3)).toBe('2026-03-02');
    // Late on the UTC day: a branch at UTC+14 is already on the 6th; still the 2nd.
    expect(recentFrom(Date.parse('2026-03-05T23:59:00Z'), 3)).toBe('2026-03-02');
    expect(recentFrom(now, 0)).toBe('2026-03-05');
  });
});
