import { computeClocks, loadPack } from '@servloop/complaint-clocks';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, parseConfig } from '../config.ts';
import { complaintClock } from './complaint-clock.ts';
import { runAlertRules } from './registry.ts';
import { facts } from './test-facts.ts';

const bank = loadPack('cn-banking-insurance-2020');
const at = (date: string, time = '10:00') => Date.parse(`${date}T${time}:00+08:00`);
// Filed 2026-02-05: the 15-day decision clock (Spring Festival in between) is due 2026-02-24.
const clocksAt = (now: number) => [
  {
    pack: bank,
    states: computeClocks(
      bank,
      { branchId: 'B1', complaintId: 'C9', events: [{ kind: 'filed', at: '2026-02-05T10:00:00+08:00' }] },
      now,
    ),
    failures: [],
  },
];
const configured = parseConfig({ complaintClocks: { packs: ['cn-banking-insurance-2020'] } });

describe('complaint-clock rule', () => {
  it('is off until a pack is configured; an unknown pack is refused at start with its path', () => {
    expect(complaintClock.enabled(DEFAULT_CONFIG)).toBe(false);
    expect(complaintClock.enabled(configured)).toBe(true);
    expect(() => parseConfig({ complaintClocks: { packs: ['cn-bankng'] } })).toThrow(
      /complaintClocks\.packs\.0.*not a shipped pack/,
    );
  });

  it('warns before the breach and alerts at it, once per clock and due date', () => {
    expect(
      runAlertRules(facts({ asOf: at('2026-02-10'), clocks: clocksAt(at('2026-02-10')) }), configured),
    ).toEqual([]);
    const warning = runAlertRules(
      facts({ asOf: at('2026-02-21'), clocks: clocksAt(at('2026-02-21')) }),
      configured,
    );
    expect(warning.map((a) => [a.rule, a.severity, a.key])).toEqual([
      ['clock-warning', 'warning', 'clock-warning|cn-banking-insurance-2020|decision|B1|C9|2026-02-24'],
    ]);
    const breach = runAlertRules(
      facts({ asOf: at('2026-02-25', '00:00'), clocks: clocksAt(at('2026-02-25', '00:00')) }),
      configured,
    );
    expect(breach.map((a) => [a.rule, a.severity, a.key])).toEqual([
      ['clock-breach', 'critical', 'clock-breach|cn-banking-insurance-2020|decision|B1|C9|2026-02-24'],
    ]);
    expect(breach[0]!.subject.en).toBe(
      'Complaint C9 breached "Decide and tell the complainant" (due 2026-02-24)',
    );
  });

  it('a clock the engine could not compute raises a warning instead of vanishing', () => {
    const alerts = complaintClock.evaluate(
      facts({
        clocks: [
          {
            pack: bank,
            states: [],
            failures: [{ branchId: 'B1', complaintId: 'C7', error: 'no holiday data for 2031' }],
          },
        ],
      }),
      configured,
    );
    expect(alerts.map((a) => [a.rule, a.severity, a.lines[0]!.en])).toEqual([
      ['clock-unknown', 'warning', 'no holiday data for 2031'],
    ]);
  });
});
