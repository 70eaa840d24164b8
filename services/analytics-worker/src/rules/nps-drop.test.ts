import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG as C } from '../config.ts';
import type { NpsCounts } from '../facts-types.ts';
import { npsDrop } from './nps-drop.ts';
import { facts } from './test-facts.ts';

const periods = (previous: NpsCounts, current: NpsCounts) =>
  facts({
    nps: {
      previous: { period: { from: '2026-03-02', to: '2026-03-09' }, counts: previous },
      current: { period: { from: '2026-03-09', to: '2026-03-16' }, counts: current },
    },
  });

describe('nps-drop rule', () => {
  it('empty periods: no alert', () => {
    expect(npsDrop.evaluate(facts(), C)).toEqual([]);
  });
  it('a tiny sample never alerts, however large the drop', () => {
    expect(
      npsDrop.evaluate(
        periods({ promoters: 29, passives: 0, detractors: 0 }, { promoters: 0, passives: 0, detractors: 29 }),
        C,
      ),
    ).toEqual([]);
  });
  it('a large drop on enough answers alerts once, keyed by the period', () => {
    const out = npsDrop.evaluate(
      periods({ promoters: 42, passives: 0, detractors: 0 }, { promoters: 0, passives: 42, detractors: 0 }),
      C,
    );
    expect(out.map((a) => a.key)).toEqual(['nps-drop|B1|2026-03-09']);
    expect(out[0]!.lines[0]!.en).toContain('NPS fell from 100.0 (period from 2026-03-02, n 42) to 0.0');
  });
  it('boundary: the one-sided level decides; a rise never alerts', () => {
    // 50/30/20 → 40/30/30 on 100 each: one-sided p = 0.042 (adjusted centres).
    const f = periods(
      { promoters: 50, passives: 30, detractors: 20 },
      { promoters: 40, passives: 30, detractors: 30 },
    );
    expect(npsDrop.evaluate(f, C)).toEqual([]);
    expect(npsDrop.evaluate(f, { ...C, npsDrop: { ...C.npsDrop, alpha: 0.05 } })).toHaveLength(1);
    expect(
      npsDrop.evaluate(
        periods({ promoters: 0, passives: 40, detractors: 0 }, { promoters: 40, passives: 0, detractors: 0 }),
        C,
      ),
    ).toEqual([]);
  });
});
