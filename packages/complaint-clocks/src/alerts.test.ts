import { describe, expect, it } from 'vitest';
import { clockAlerts } from './alerts.ts';
import { type ClockEvent, computeClocks } from './engine.ts';
import { loadPack } from './pack.ts';

const bank = loadPack('cn-banking-insurance-2020');
const gov = loadPack('cn-gov-haochaping');
const at = (date: string, time = '10:00') => `${date}T${time}:00+08:00`;
const states = (events: ClockEvent[], now: string, pack = bank) =>
  computeClocks(pack, { branchId: 'B001', complaintId: 'C9', events }, now);

describe('clockAlerts', () => {
  it('says nothing while a clock is far from its due date', () => {
    const now = at('2026-02-10');
    expect(
      clockAlerts(states([{ kind: 'filed', at: at('2026-02-05') }], now), Date.parse(now), bank),
    ).toEqual([]);
  });

  it('warns before the breach (3 days left on 02-21 for a clock due 02-24), in Chinese and English', () => {
    const now = at('2026-02-21');
    const alerts = clockAlerts(states([{ kind: 'filed', at: at('2026-02-05') }], now), Date.parse(now), bank);
    expect(alerts).toEqual([
      {
        key: 'clock-warning|cn-banking-insurance-2020|decision|B001|C9|2026-02-24',
        rule: 'clock-warning',
        branchId: 'B001',
        severity: 'warning',
        subject: {
          'zh-CN': '投诉 C9「作出处理决定并告知投诉人」将于 2026-02-24 到期',
          en: 'Complaint C9: "Decide and tell the complainant" due 2026-02-24',
        },
        lines: [
          {
            'zh-CN': '今天之后还剩 3日（银行业保险业消费投诉处理时限（2020）），网点 B001',
            en: '3 day(s) left after today (Banking and insurance consumer complaints (2020 rules)), branch B001',
          },
        ],
        figures: {
          pack: 'cn-banking-insurance-2020',
          clock: 'decision',
          complaint: 'C9',
          dueDate: '2026-02-24',
          dueAt: '2026-02-24T16:00:00.000Z',
          extensionsUsed: 0,
          daysLeft: 3,
        },
        details:
          "SELECT * FROM complaint_clock WHERE pack_id = 'cn-banking-insurance-2020' AND complaint_id = 'C9' AND clock_id = 'decision'",
      },
    ]);
  });

  it('raises a critical alert at the breach, and only that (no warning too)', () => {
    const now = at('2026-02-25', '00:00');
    const alerts = clockAlerts(states([{ kind: 'filed', at: at('2026-02-05') }], now), Date.parse(now), bank);
    expect(alerts.map((a) => [a.key, a.severity])).toEqual([
      ['clock-breach|cn-banking-insurance-2020|decision|B001|C9|2026-02-24', 'critical'],
    ]);
    expect(alerts[0]!.subject['zh-CN']).toBe('投诉 C9 已超出「作出处理决定并告知投诉人」时限（2026-02-24）');
  });

  it('a clock stopped in time raises nothing; one stopped late raises the breach', () => {
    const now = at('2026-03-10');
    const inTime = states(
      [
        { kind: 'filed', at: at('2026-02-05') },
        { kind: 'resolved', at: at('2026-02-24', '20:00') },
      ],
      now,
    );
    expect(clockAlerts(inTime, Date.parse(now), bank)).toEqual([]);
    const late = states(
      [
        { kind: 'filed', at: at('2026-02-05') },
        { kind: 'resolved', at: at('2026-02-26') },
      ],
      now,
    );
    expect(clockAlerts(late, Date.parse(now), bank).map((a) => a.rule)).toEqual(['clock-breach']);
  });

  it('a new due date after an extension gets its own warning key', () => {
    const now = at('2026-03-03');
    const extended = states(
      [
        { kind: 'filed', at: at('2026-02-03') },
        {
          kind: 'extended',
          at: at('2026-02-10'),
          reason: '需核实',
          approver: { id: 'M', role: 'complaint_manager' },
          customerInformedAt: at('2026-02-10'),
          extendedBy: 15,
        },
      ],
      now,
    );
    expect(clockAlerts(extended, Date.parse(now), bank).map((a) => a.key)).toEqual([
      'clock-warning|cn-banking-insurance-2020|decision|B001|C9|2026-03-05',
    ]);
  });

  it('one alert per clock of a pack with two clocks, in working days', () => {
    const now = at('2026-02-24', '09:00');
    const alerts = clockAlerts(
      states([{ kind: 'filed', at: at('2026-02-13', '15:00') }], now, gov),
      Date.parse(now),
      gov,
    );
    // callback due Sat 02-14 (调休): breached; rectification due 03-12 (15 working days after 02-13): quiet
    expect(alerts.map((a) => [a.rule, a.figures.clock, a.figures.dueDate])).toEqual([
      ['clock-breach', 'callback', '2026-02-14'],
    ]);
  });

  it('refuses states of another pack', () => {
    const now = at('2026-02-21');
    expect(() =>
      clockAlerts(states([{ kind: 'filed', at: at('2026-02-05') }], now), Date.parse(now), gov),
    ).toThrow('clock state of pack cn-banking-insurance-2020 passed with pack cn-gov-haochaping');
  });
});
