import { describe, expect, it } from 'vitest';
import {
  breaches,
  DEFAULT_LOOP_CONFIG as C,
  completeActions,
  evaluateLoop,
  gapClosed,
  type LoopInput,
  proposeStandard,
} from './loop.ts';

const DAY = 86_400_000;
const t0 = Date.parse('2026-03-16T00:00:00Z');
const profile = {
  meanExpectation: 4.6,
  topGaps: [{ itemId: 'efficiency.short_wait', gap: -2.1, nPairs: 40 }],
};
const low = { mean: 2.6, n: 40, sd: 0.8 };
const ok = { mean: 4.3, n: 40, sd: 0.6 };
/** B1 × efficiency against a 4.1 standard, measured low at t0, unless told otherwise. */
const evaluate = (over: Partial<LoopInput> = {}) =>
  evaluateLoop({
    branchId: 'B1',
    dimension: 'efficiency',
    now: t0,
    target: 4.1,
    expectations: profile,
    window: low,
    ...over,
  });

describe('five-step loop', () => {
  it('proposes a standard half a point under expectations, within [3, 4.5]', () => {
    expect(proposeStandard(profile)).toBe(4.1);
    expect(proposeStandard({ meanExpectation: 5, topGaps: [] })).toBe(4.5);
    expect(proposeStandard({ meanExpectation: null, topGaps: [] }, 3.8)).toBe(3.8);
  });

  it('a breach needs enough answers and the whole interval below target', () => {
    expect(breaches(low, 4.1, C)).toBe(true);
    expect(breaches({ ...low, n: 5 }, 4.1, C)).toBe(false);
    expect(breaches({ mean: 4.0, n: 40, sd: 0.8 }, 4.1, C)).toBe(false); // 4.0 + 1.96·0.126 > 4.1
  });

  it('no loop when the branch meets its standard', () => {
    expect(evaluate({ window: ok })).toEqual({ versions: [], alerts: [] });
  });

  it('walks steps 1–4 on a breach, then overdue escalation, then closes and raises the standard', () => {
    const opened = evaluate();
    expect(opened.versions.map((v) => [v.version, v.step, v.status])).toEqual([
      [1, 1, 'open'],
      [2, 2, 'open'],
      [3, 3, 'open'],
      [4, 4, 'open'],
    ]);
    const s4 = opened.versions.at(-1)!;
    expect(s4.actions.map((a) => a.kind)).toEqual(['supervision', 'training', 'drill']);
    expect(s4.dueAt).toBe(t0 + 14 * DAY);
    expect(opened.alerts.map((a) => a.key)).toEqual(['dimension-breach|B1:efficiency:2026-03-16']);

    // Same evaluation again changes nothing (jobs may run twice).
    expect(evaluate({ current: s4, now: t0 + 3 * DAY }).versions).toEqual([]);

    // Step 5 after the window: improved significantly and at the standard → closed, standard raised.
    const done = completeActions(s4, ['supervision', 'training', 'drill'], t0 + 10 * DAY);
    const closed = evaluate({ current: done, window: ok, now: t0 + 15 * DAY });
    expect(closed.versions.map((v) => [v.step, v.status])).toEqual([[5, 'closed']]);
    expect(closed.raiseStandardTo).toBe(4.2);
    expect(closed.alerts[0]!.rule).toBe('loop-closed');
  });

  it('not closed after the window: iterate with new actions and escalate', () => {
    const s4 = evaluate().versions.at(-1)!;
    const again = evaluate({ now: t0 + 15 * DAY, window: { mean: 2.8, n: 40, sd: 0.8 }, current: s4 });
    expect(again.versions.map((v) => [v.step, v.status, v.iteration, v.escalation])).toEqual([
      [5, 'open', 1, 0],
      [4, 'escalated', 2, 1],
    ]);
    expect(again.versions.at(-1)!.actions.map((a) => a.kind)).toContain('innovation');
    expect(again.alerts.map((a) => a.key)).toEqual(['loop-escalated|B1:efficiency:2026-03-16|2']);
  });

  it('gap closed needs significance, not just a better mean', () => {
    expect(gapClosed({ mean: 4.2, n: 40, sd: 0.6 }, low, 4.1, C)).toBe(true);
    expect(gapClosed({ mean: 4.2, n: 3, sd: 0.6 }, low, 4.1, C)).toBe(false);
    expect(gapClosed({ mean: 3.9, n: 40, sd: 0.6 }, low, 4.1, C)).toBe(false); // better, but under the standard
  });

  it('overdue actions escalate once', () => {
    const s4 = evaluate().versions.at(-1)!;
    const early = { ...s4, actions: s4.actions.map((a) => ({ ...a, dueAt: t0 + 2 * DAY })) };
    const first = evaluate({ now: t0 + 3 * DAY, current: early });
    expect(first.alerts.map((a) => a.rule)).toEqual(['loop-overdue']);
    const second = evaluate({ now: t0 + 4 * DAY, current: first.versions.at(-1)! });
    expect(second.versions).toEqual([]);
  });
});
