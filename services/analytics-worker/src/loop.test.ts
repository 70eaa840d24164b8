import { type RespondentSummary, tOneSided } from '@servloop/metrics';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from './config.ts';
import { evaluateLoop, type LoopInput, type LoopState } from './loop.ts';
import { completedPeriods } from './periods.ts';
import { proposeRaise, proposeStandard } from './rules/raise-standard.ts';

const C = DEFAULT_CONFIG.loop;
const DAY = 86_400_000;
const t0 = Date.parse('2026-03-16T00:00:00Z');
const profile = {
  meanExpectation: 4.6,
  respondents: 80,
  topGaps: [{ itemId: 'efficiency.short_wait', gap: -2.1, nPairs: 40 }],
};
const summary = (mean: number | null, respondents: number, sd = 0.6): RespondentSummary => ({
  respondents,
  answers: respondents * 3,
  mean,
  sd: respondents > 1 ? sd : null,
  se: respondents > 1 ? sd / Math.sqrt(respondents) : null,
  designEffect: 1.8,
});
const low = summary(2.6, 40);
const good = summary(4.4, 40);
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** B1 × efficiency against a 4.1 standard, measured low at t0, unless told otherwise. */
const evaluate = (over: Partial<LoopInput> = {}) => {
  const now = over.now ?? t0;
  return evaluateLoop(
    {
      branchId: 'B1',
      dimension: 'efficiency',
      now,
      today: day(now),
      standard: { target: 4.1, locked: false },
      expectations: profile,
      period: completedPeriods(day(now), 7, 1)[0]!,
      measured: low,
      completions: [],
      ...over,
    },
    C,
  );
};
const done = (s: LoopState, at: number, kinds = ['supervision', 'training', 'drill']) =>
  kinds.map((kind) => ({ loopId: s.loopId, kind, completedAt: at, completedBy: 'wang.fang', note: '' }));

describe('five-step loop', () => {
  it('proposes a standard half a point under expectations, within [3, 4.5]', () => {
    expect(proposeStandard(profile)).toBe(4.1);
    expect(proposeStandard({ ...profile, meanExpectation: 5 })).toBe(4.5);
    expect(proposeStandard({ ...profile, meanExpectation: null }, 3.8)).toBe(3.8);
  });

  it('empty, tiny and boundary samples: no loop without enough respondents', () => {
    expect(evaluate({ measured: summary(null, 0) }).versions).toEqual([]);
    expect(evaluate({ measured: summary(1, 1) }).versions).toEqual([]);
    expect(evaluate({ measured: summary(2.6, C.minRespondents - 1) }).versions).toEqual([]);
    expect(evaluate({ measured: summary(2.6, C.minRespondents) }).versions).toHaveLength(4);
    // Just inside the one-sided critical value (t, 39 degrees of freedom, α 0.001): not a breach.
    const se = 0.6 / Math.sqrt(40);
    const crit = tOneSided(C.breachAlpha, 39);
    expect(crit).toBeCloseTo(3.31, 1);
    expect(evaluate({ measured: summary(4.1 - (crit - 0.01) * se, 40) }).versions).toEqual([]);
    expect(evaluate({ measured: summary(4.1 - (crit + 0.01) * se, 40) }).versions).toHaveLength(4);
  });

  it("step 1's evidence names the dimension with the largest expected gain when the key drivers know it", () => {
    const drivers =
      'key drivers (network, 500 respondents): largest expected gain efficiency (+2.40 NPS-answer points to target)';
    const opened = evaluate({ measured: low, drivers }).versions[0]!;
    expect(opened.step).toBe(1);
    expect(opened.event.endsWith(`; ${drivers}`)).toBe(true);
    expect(evaluate({ measured: low }).versions[0]!.event).not.toMatch(/key drivers/);
  });

  it('no loop when the branch meets its standard', () => {
    expect(evaluate({ measured: good })).toEqual({ versions: [], alerts: [] });
  });

  it('walks steps 1–4 on a breach with actions due on their own dates, then closes with actions done', () => {
    const opened = evaluate();
    expect(opened.versions.map((v) => [v.version, v.step, v.status])).toEqual([
      [1, 1, 'open'],
      [2, 2, 'open'],
      [3, 3, 'open'],
      [4, 4, 'open'],
    ]);
    const s4 = opened.versions.at(-1)!;
    expect(s4.actions.map((a) => [a.kind, (a.dueAt - t0) / DAY])).toEqual([
      ['supervision', 7],
      ['training', 10],
      ['drill', 14],
    ]);
    expect(s4.dueAt).toBe(t0 + 14 * DAY);
    expect(opened.alerts.map((a) => a.key)).toEqual(['dimension-breach|B1:efficiency:2026-03-16']);
    expect(opened.alerts[0]!.subject['zh-CN']).toBe('网点 B1「服务效率」未达标准,已启动改进闭环');
    expect(opened.alerts[0]!.lines[0]!['zh-CN']).toBe('实测均分 2.6(40 位客户),标准 4.1');

    // Same evaluation again changes nothing (jobs run every 15 minutes, and twice).
    expect(evaluate({ current: s4, now: t0 + 3 * DAY }).versions).toEqual([]);

    // Actions reported done before they are due.
    const withDone = evaluate({
      current: s4,
      now: t0 + 5 * DAY,
      measured: good,
      completions: done(s4, t0 + 4 * DAY),
    });
    expect(withDone.versions.map((v) => v.event)).toEqual([
      'actions done: supervision (wang.fang), training (wang.fang), drill (wang.fang)',
    ]);
    const s5 = withDone.versions.at(-1)!;

    // Step 5 after the review date: improved and at the standard → closed, standard raised within expectations.
    const closed = evaluate({ current: s5, measured: good, now: t0 + 15 * DAY });
    expect(closed.versions.map((v) => [v.step, v.status, v.outcome])).toEqual([[5, 'closed', 'improved']]);
    expect(closed.raiseStandard?.target).toBe(4.2);
    expect(closed.alerts.map((a) => a.rule)).toEqual(['loop-closed']);
    // The closing period does not reopen the loop.
    expect(
      evaluate({ current: closed.versions.at(-1)!, measured: low, now: t0 + 16 * DAY }).versions,
    ).toEqual([]);
  });

  it('cannot close as improved with required actions open', () => {
    const s4 = evaluate().versions.at(-1)!;
    const partly = evaluate({
      current: s4,
      now: t0 + 2 * DAY,
      completions: done(s4, t0 + DAY, ['supervision']),
    }).versions.at(-1)!;
    const review = evaluate({ current: partly, measured: good, now: t0 + 15 * DAY });
    expect(review.versions.map((v) => v.status)).not.toContain('closed');
    expect(review.versions.at(-1)!.event).toContain('required actions open: training, drill');
    expect(review.raiseStandard).toBeUndefined();
  });

  it('overdue actions alert once each and escalate, capped', () => {
    const s4 = evaluate().versions.at(-1)!;
    const first = evaluate({ now: t0 + 8 * DAY, current: s4 });
    expect(first.alerts.map((a) => a.key)).toEqual(['loop-overdue|B1:efficiency:2026-03-16|1|supervision']);
    expect(first.versions.at(-1)).toMatchObject({ status: 'escalated', escalation: 1 });
    expect(first.alerts[0]!.subject['zh-CN']).toBe('网点 B1「服务效率」改进措施逾期');
    const again = evaluate({ now: t0 + 9 * DAY, current: first.versions.at(-1)! });
    expect(again.versions).toEqual([]);
    const later = evaluate({ now: t0 + 13 * DAY, current: first.versions.at(-1)! });
    expect(later.alerts.map((a) => a.key)).toEqual(['loop-overdue|B1:efficiency:2026-03-16|1|training']);
  });

  it('not enough data at the review: says so, does not escalate, re-measures next period', () => {
    const s4 = evaluate().versions.at(-1)!;
    const withDone = evaluate({ current: s4, now: t0 + DAY, completions: done(s4, t0 + DAY) }).versions.at(
      -1,
    )!;
    for (const measured of [summary(null, 0), summary(4.9, 9)]) {
      const r = evaluate({ current: withDone, measured, now: t0 + 15 * DAY });
      expect(r.alerts).toEqual([]);
      expect(r.versions.map((v) => [v.status, v.escalation])).toEqual([['open', 0]]);
      expect(r.versions[0]!.event).toMatch(/^not enough data/);
      // Same period again: nothing new.
      expect(evaluate({ current: r.versions[0]!, measured, now: t0 + 16 * DAY }).versions).toEqual([]);
    }
  });

  it('not improved: a new iteration, escalated once per review, never past the cap', () => {
    let s = evaluate().versions.at(-1)!;
    s = evaluate({ current: s, now: t0 + DAY, completions: done(s, t0 + DAY) }).versions.at(-1)!;
    const levels: number[] = [];
    let alerts = 0;
    for (let k = 0; k < 8; k++) {
      const now = s.dueAt + DAY;
      const r = evaluate({
        current: s,
        measured: summary(2.7, 40),
        now,
        completions: done(s, now - 1, ['supervision', 'training', 'drill', 'innovation']),
      });
      alerts += r.alerts.filter((a) => a.rule === 'loop-escalated').length;
      s = r.versions.at(-1)!;
      levels.push(s.escalation);
    }
    expect(levels).toEqual([1, 2, 3, 3, 3, 3, 3, 3]);
    expect(alerts).toBe(C.maxEscalation);
    expect(s.actions.map((a) => a.kind)).toContain('innovation');
  });

  it('a loop stored by the previous worker is closed once with a note, then judged afresh', () => {
    const legacy = {
      ...evaluate().versions.at(-1)!,
      openedOn: undefined,
      breachPeriod: undefined,
    } as unknown as LoopState;
    const r = evaluate({ current: legacy, now: t0 + 2 * DAY, measured: good });
    expect(r.versions.map((v) => [v.status, v.event.slice(0, 39)])).toEqual([
      ['closed', 'closed: opened under the previous rules'],
    ]);
    const reopened = evaluate({ current: legacy, now: t0 + 2 * DAY, measured: low });
    expect(reopened.versions.map((v) => v.step)).toEqual([4, 1, 2, 3, 4]);
    expect(reopened.versions[1]!.loopId).toBe('B1:efficiency:2026-03-18');
  });

  it('neither improved nor below the standard: inconclusive, no escalation, re-measured next period', () => {
    let s = evaluate().versions.at(-1)!;
    s = evaluate({ current: s, now: t0 + DAY, completions: done(s, t0 + DAY) }).versions.at(-1)!;
    // 4.0 ± 0.095 against 4.1: not significantly below, and under the standard, so not "improved".
    const r = evaluate({ current: s, measured: summary(4.0, 40), now: t0 + 15 * DAY });
    expect(r.alerts).toEqual([]);
    expect(r.versions.map((v) => [v.status, v.escalation])).toEqual([['open', 0]]);
    expect(r.versions[0]!.event).toMatch(/^inconclusive/);
  });

  it('an override in force is not raised when the loop closes', () => {
    let s = evaluate().versions.at(-1)!;
    s = evaluate({ current: s, now: t0 + DAY, completions: done(s, t0 + DAY) }).versions.at(-1)!;
    const closed = evaluate({
      current: s,
      measured: good,
      now: t0 + 15 * DAY,
      standard: { target: 4.1, locked: true },
    });
    expect(closed.versions.at(-1)!.status).toBe('closed');
    expect(closed.raiseStandard).toBeUndefined();
  });

  it('raising stays within what customers expect, never passes 5, and needs the branch to hold the new level', () => {
    const strong = summary(5, 400, 0);
    expect(proposeRaise(4.1, profile, 0.1, strong, 0.05)?.target).toBe(4.2);
    expect(proposeRaise(4.55, profile, 0.1, strong, 0.05)?.target).toBe(4.6);
    expect(proposeRaise(4.6, profile, 0.1, strong, 0.05)).toBeUndefined();
    expect(proposeRaise(4.95, { ...profile, meanExpectation: 5 }, 0.1, strong, 0.05)?.target).toBe(5);
    expect(proposeRaise(5, { ...profile, meanExpectation: 5 }, 0.1, strong, 0.05)).toBeUndefined();
    expect(proposeRaise(4, { ...profile, meanExpectation: null }, 0.1, strong, 0.05)).toBeUndefined();
    // Closed at 4.15 ± 0.095: not beyond chance at 4.2, so the standard stays at 4.1.
    expect(proposeRaise(4.1, profile, 0.1, summary(4.15, 40), 0.05)).toBeUndefined();
    expect(proposeRaise(4.1, profile, 0.1, summary(4.4, 40), 0.05)?.target).toBe(4.2);
    expect(proposeRaise(4.1, profile, 0.1, summary(null, 0), 0.05)).toBeUndefined();
  });
});
