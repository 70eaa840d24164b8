// Due dates here are computed by hand from the State Council's 2026 holiday notice, as chinese-days
// carries it: 春节 2026-02-15..23 with make-up workdays Sat 02-14 and Sat 02-28; 清明 04-04..06;
// 中秋 09-25..27; 国庆 10-01..07 with make-up workdays Sun 09-20 and Sat 10-10. The day a clock
// starts is not counted; a calendar-day clock whose last day is a day off moves to the next working day.
import { describe, expect, it } from 'vitest';
import { fixedCalendar } from './calendar.ts';
import { type ClockEvent, computeClocks } from './engine.ts';
import { applyOverride, loadPack, type Pack } from './pack.ts';

const bank = loadPack('cn-banking-insurance-2020');
const telecom = loadPack('cn-telecom');
const gov = loadPack('cn-gov-haochaping');

const at = (date: string, time = '10:00') => `${date}T${time}:00+08:00`;
const filed = (date: string, time?: string): ClockEvent => ({ kind: 'filed', at: at(date, time) });
const extension = (date: string, more: Partial<ClockEvent> = {}): ClockEvent => ({
  kind: 'extended',
  at: at(date),
  reason: '需调取多笔交易流水核实',
  approver: { id: 'M-01', role: 'complaint_manager' },
  customerInformedAt: at(date, '11:00'),
  extendedBy: 15,
  ...more,
});
function clocks(pack: Pack, events: ClockEvent[], now: string) {
  return computeClocks(pack, { branchId: 'B001', complaintId: 'C1', events }, now);
}
const clock = (pack: Pack, events: ClockEvent[], now: string, id?: string) => {
  const all = clocks(pack, events, now);
  const found = id ? all.find((c) => c.clockId === id) : all[0];
  if (!found) throw new Error(`no clock ${id}`);
  return found;
};

describe('cn-banking-insurance-2020: 15 calendar days, to 30, then +30 with senior approval', () => {
  it('Spring Festival: filed 02-05, day 15 is 02-20 (holiday) → due Tue 02-24', () => {
    const s = clock(bank, [filed('2026-02-05')], at('2026-02-10'));
    expect([s.dueDate, s.dueAt, s.status, s.breached]).toEqual([
      '2026-02-24',
      '2026-02-24T16:00:00.000Z', // the end of 02-24 in Beijing
      'running',
      false,
    ]);
    expect(s.daysLeft).toBe(14); // 02-10 → 02-24
  });

  it('a make-up workday is a working day: filed 01-30, day 15 is Sat 02-14 (调休) → due 02-14', () => {
    expect(clock(bank, [filed('2026-01-30')], at('2026-02-01')).dueDate).toBe('2026-02-14');
  });

  it('National Day: filed 09-20, day 15 is 10-05 (holiday) → due Thu 10-08', () => {
    expect(clock(bank, [filed('2026-09-20')], at('2026-09-21')).dueDate).toBe('2026-10-08');
  });

  it('extended to 30 across National Day: filed 09-10, day 30 is Sat 10-10 (调休) → due 10-10', () => {
    const s = clock(bank, [filed('2026-09-10'), extension('2026-09-20')], at('2026-09-21'));
    expect([s.dueDate, s.extendedDays, s.extensions.map((e) => e.stepId)]).toEqual([
      '2026-10-10',
      15,
      ['complex'],
    ]);
  });

  it('both extensions across the Spring Festival: 02-24 → 03-05 → day 60 Sat 04-04 (清明) → 04-07', () => {
    const history = [
      filed('2026-02-03'),
      extension('2026-02-10'),
      extension('2026-03-02', { extendedBy: 30, approver: { id: 'VP-2', role: 'senior_management' } }),
    ];
    expect(clock(bank, history.slice(0, 1), at('2026-02-04')).dueDate).toBe('2026-02-24'); // day 15 = 02-18
    expect(clock(bank, history.slice(0, 2), at('2026-02-11')).dueDate).toBe('2026-03-05'); // day 30
    const s = clock(bank, history, at('2026-03-03'));
    expect([s.dueDate, s.extendedDays, s.refusedExtensions]).toEqual(['2026-04-07', 45, []]);
  });

  it('an extension may name the new due date instead of the days', () => {
    const s = clock(
      bank,
      [
        filed('2026-02-03'),
        extension('2026-02-10', { extendedBy: undefined, newDueAt: at('2026-03-01', '18:00') }),
      ],
      at('2026-02-11'),
    );
    // raw day 15 was 02-18; 03-01 is 11 days later; 03-01 is a Sunday → due Mon 03-02
    expect([s.extendedDays, s.dueDate]).toEqual([11, '2026-03-02']);
  });

  it('refuses an extension without an approver: the due date stays', () => {
    const s = clock(
      bank,
      [filed('2026-02-05'), extension('2026-02-10', { approver: undefined })],
      at('2026-02-11'),
    );
    expect(s.dueDate).toBe('2026-02-24');
    expect(s.extensions).toEqual([]);
    expect(s.refusedExtensions).toEqual([
      {
        at: '2026-02-10T02:00:00.000Z',
        path: '/approver',
        reason: 'is required: extension complex needs an approver',
      },
    ]);
  });

  it('refuses the further extension unless senior management approved it', () => {
    const s = clock(
      bank,
      [filed('2026-02-03'), extension('2026-02-10'), extension('2026-03-02', { extendedBy: 30 })],
      at('2026-03-03'),
    );
    expect(s.dueDate).toBe('2026-03-05');
    expect(s.refusedExtensions.map((r) => [r.path, r.reason])).toEqual([
      [
        '/approver/role',
        'must be one of senior_management for extension especially-complex (was complaint_manager)',
      ],
    ]);
  });

  it('refuses an extension beyond the pack: more days than the step, a third one, one after the due date', () => {
    const tooLong = clock(
      bank,
      [filed('2026-02-05'), extension('2026-02-10', { extendedBy: 20 })],
      at('2026-02-11'),
    );
    expect(tooLong.refusedExtensions.map((r) => [r.path, r.reason])).toEqual([
      ['/extendedBy', 'must be at most 15 calendar days for extension complex (was 20)'],
    ]);
    const senior = { id: 'VP-2', role: 'senior_management' };
    const third = clock(
      bank,
      [
        filed('2026-02-03'),
        extension('2026-02-10'),
        extension('2026-03-02', { extendedBy: 30, approver: senior }),
        extension('2026-03-20', { extendedBy: 10, approver: senior }),
      ],
      at('2026-03-21'),
    );
    expect([third.dueDate, third.refusedExtensions.map((r) => r.reason)]).toEqual([
      '2026-04-07',
      ['clock decision allows 2 extension(s), all used'],
    ]);
    const late = clock(bank, [filed('2026-02-05'), extension('2026-02-25')], at('2026-02-26'));
    expect([late.breached, late.refusedExtensions.map((r) => r.path)]).toEqual([true, ['/occurredAt']]);
    const uninformed = clock(
      bank,
      [filed('2026-02-05'), extension('2026-02-10', { customerInformedAt: undefined })],
      at('2026-02-11'),
    );
    expect(uninformed.refusedExtensions.map((r) => r.path)).toEqual(['/customerInformedAt']);
  });

  it('stops at the decision: on the last day in time, the day after breached', () => {
    const inTime = clock(
      bank,
      [filed('2026-02-05'), { kind: 'resolved', at: at('2026-02-24', '23:30') }],
      at('2026-03-01'),
    );
    expect([inTime.status, inTime.breached, inTime.daysLeft]).toEqual(['stopped', false, null]);
    const late = clock(
      bank,
      [filed('2026-02-05'), { kind: 'resolved', at: at('2026-02-25', '00:10') }],
      at('2026-03-01'),
    );
    expect([late.status, late.breached]).toEqual(['stopped', true]);
    const open = clock(bank, [filed('2026-02-05')], at('2026-02-25', '00:00'));
    expect([open.status, open.breached, open.daysLeft]).toEqual(['running', true, -1]);
  });

  it('with lastDayOnOffDay "keep" the last day stays on the holiday', () => {
    const keep = applyOverride(
      bank,
      { pack: bank.id, clocks: { decision: { lastDayOnOffDay: 'keep' } } },
      'o',
    );
    expect(clock(keep, [filed('2026-02-05')], at('2026-02-10')).dueDate).toBe('2026-02-20');
  });

  it('warns inside the window: 3 days left on 02-21, not on 02-20', () => {
    expect(clock(bank, [filed('2026-02-05')], at('2026-02-10')).warnFrom).toBe('2026-02-21');
    expect(clock(bank, [filed('2026-02-05')], at('2026-02-21')).warn).toBe(true);
    expect(clock(bank, [filed('2026-02-05')], at('2026-02-20')).warn).toBe(false);
  });

  it('ignores events after now (a replay as of a past moment)', () => {
    const s = clock(
      bank,
      [filed('2026-02-05'), { kind: 'resolved', at: at('2026-02-12') }],
      at('2026-02-11'),
    );
    expect(s.status).toBe('running');
    expect(clocks(bank, [filed('2026-02-05')], at('2026-02-04'))).toEqual([]);
  });
});

describe('cn-telecom: answer within 15 calendar days, no extension', () => {
  it('Spring Festival: filed 02-06, day 15 is 02-21 (holiday) → due 02-24', () => {
    expect(clock(telecom, [filed('2026-02-06')], at('2026-02-07')).dueDate).toBe('2026-02-24');
  });
  it('make-up workday: filed 02-13, day 15 is Sat 02-28 (调休) → due 02-28', () => {
    expect(clock(telecom, [filed('2026-02-13')], at('2026-02-14')).dueDate).toBe('2026-02-28');
  });
  it('National Day: filed 09-22, day 15 is 10-07 → due 10-08; filed on 中秋 09-25 → Sat 10-10 (调休)', () => {
    expect(clock(telecom, [filed('2026-09-22')], at('2026-09-23')).dueDate).toBe('2026-10-08');
    expect(clock(telecom, [filed('2026-09-25')], at('2026-09-26')).dueDate).toBe('2026-10-10');
  });
  it('refuses any extension', () => {
    const s = clock(telecom, [filed('2026-02-06'), extension('2026-02-10')], at('2026-02-11'));
    expect([s.dueDate, s.refusedExtensions.map((r) => [r.path, r.reason])]).toEqual([
      '2026-02-24',
      [['/extendedBy', 'clock answer cannot be extended']],
    ]);
  });
  it('a limit set locally applies (the pack says 15 days, a carrier may promise fewer)', () => {
    const ten = applyOverride(telecom, { pack: telecom.id, clocks: { answer: { limit: 10 } } }, 'o');
    // filed 02-06, day 10 is 02-16 (holiday) → 02-24
    expect(clock(ten, [filed('2026-02-06')], at('2026-02-07')).dueDate).toBe('2026-02-24');
    // filed 02-02, day 10 is Thu 02-12
    expect(clock(ten, [filed('2026-02-02')], at('2026-02-03')).dueDate).toBe('2026-02-12');
  });
});

describe('cn-gov-haochaping: call back in 1 working day, rectify in 15 (local limits configurable)', () => {
  it('Spring Festival: rated Thu 02-12 → callback due 02-13, rectification due 03-11', () => {
    // working days after 02-12: 13, 14 (调休), 24, 25, 26, 27, 28 (调休), 03-02, 03, 04, 05, 06, 09, 10, 11
    const all = clocks(gov, [filed('2026-02-12')], at('2026-02-12', '18:00'));
    expect(all.map((c) => [c.clockId, c.dayKind, c.dueDate])).toEqual([
      ['callback', 'working', '2026-02-13'],
      ['rectification', 'working', '2026-03-11'],
    ]);
  });

  it('make-up workday: rated Fri 02-13 → callback due Sat 02-14; rated on 02-14 → due Tue 02-24', () => {
    expect(clock(gov, [filed('2026-02-13', '15:00')], at('2026-02-13', '16:00'), 'callback').dueDate).toBe(
      '2026-02-14',
    );
    expect(clock(gov, [filed('2026-02-14')], at('2026-02-14', '16:00'), 'callback').dueDate).toBe(
      '2026-02-24',
    );
  });

  it('National Day: rated 09-30 → callback 10-08, rectification 10-27; rated Fri 09-18 → callback Sun 09-20 (调休)', () => {
    // working days after 09-30: 10-08, 09, 10 (调休), 12, 13, 14, 15, 16, 19, 20, 21, 22, 23, 26, 27
    expect(clocks(gov, [filed('2026-09-30')], at('2026-09-30', '18:00')).map((c) => c.dueDate)).toEqual([
      '2026-10-08',
      '2026-10-27',
    ]);
    expect(clock(gov, [filed('2026-09-18')], at('2026-09-18', '18:00'), 'callback').dueDate).toBe(
      '2026-09-20',
    );
  });

  it('a call-back that did not reach the person does not stop the clock; one that did, does', () => {
    const history: ClockEvent[] = [
      filed('2026-02-13', '15:00'),
      { kind: 'callback', at: at('2026-02-14', '09:00'), outcome: 'not_reached' },
    ];
    const missed = clock(gov, history, at('2026-02-24'), 'callback');
    expect([missed.status, missed.breached]).toEqual(['running', true]);
    const reached = clock(
      gov,
      [...history, { kind: 'callback', at: at('2026-02-14', '16:00'), outcome: 'reached' }],
      at('2026-02-24'),
      'callback',
    );
    expect([reached.status, reached.breached, reached.stoppedAt]).toEqual([
      'stopped',
      false,
      '2026-02-14T08:00:00.000Z',
    ]);
  });

  it('local limits from an override: rectification in 5 working days → rated 02-12, due 02-26', () => {
    const local = applyOverride(gov, { pack: gov.id, clocks: { rectification: { limit: 5 } } }, 'o');
    expect(clock(local, [filed('2026-02-12')], at('2026-02-12', '18:00'), 'rectification').dueDate).toBe(
      '2026-02-26',
    );
  });

  it('the warning window counts working days: rectification due 03-11 warns from Fri 03-06', () => {
    // 3 working days left after 03-06: 03-09, 03-10, 03-11 (the weekend in between does not count)
    expect(clock(gov, [filed('2026-02-12')], at('2026-02-12', '18:00'), 'rectification').warnFrom).toBe(
      '2026-03-06',
    );
    // across the holiday: due 02-26 (5 working days after 02-12) with 3 left → from 02-14 (调休)
    const local = applyOverride(gov, { pack: gov.id, clocks: { rectification: { limit: 5 } } }, 'o');
    expect(clock(local, [filed('2026-02-12')], at('2026-02-12', '18:00'), 'rectification').warnFrom).toBe(
      '2026-02-14',
    );
  });

  it('warns a callback on its last day only (daysLeft 0)', () => {
    expect(clock(gov, [filed('2026-02-13', '15:00')], at('2026-02-14', '08:00'), 'callback').warn).toBe(true);
    expect(clock(gov, [filed('2026-02-12')], at('2026-02-12', '18:00'), 'callback').warn).toBe(false);
  });
});

describe('pauses (for packs that have them)', () => {
  const pausable: Pack = structuredClone(telecom);
  pausable.clocks[0]!.pauseOn = ['paused'];
  pausable.clocks[0]!.resumeOn = ['resumed'];

  it('a pause from 03-05 to 03-09 adds 4 days: filed 03-02, day 19 is Sat 03-21 → due Mon 03-23', () => {
    const s = clock(
      pausable,
      [
        filed('2026-03-02'),
        { kind: 'paused', at: at('2026-03-05') },
        { kind: 'resumed', at: at('2026-03-09') },
      ],
      at('2026-03-10'),
    );
    expect([s.pausedDays, s.dueDate, s.status]).toEqual([4, '2026-03-23', 'running']);
  });

  it('an open pause keeps moving the due date and never breaches', () => {
    const s = clock(
      pausable,
      [filed('2026-03-02'), { kind: 'paused', at: at('2026-03-05') }],
      at('2026-03-30'),
    );
    // paused 03-05 → today 03-30: 25 days; 03-02 + 40 = 04-11 (Sat) → Mon 04-13
    expect([s.status, s.pausedDays, s.dueDate, s.breached, s.warn]).toEqual([
      'paused',
      25,
      '2026-04-13',
      false,
      false,
    ]);
  });

  it('packs without pauses ignore pause events', () => {
    const s = clock(
      telecom,
      [filed('2026-03-02'), { kind: 'paused', at: at('2026-03-05') }],
      at('2026-03-10'),
    );
    expect([s.pausedDays, s.dueDate]).toEqual([0, '2026-03-17']);
  });
});

describe('bad input', () => {
  it('names the event whose time is not RFC 3339', () => {
    expect(() => clocks(bank, [{ kind: 'filed', at: 'yesterday' }], at('2026-02-10'))).toThrow(
      '/events/0/at: is not an RFC 3339 time: "yesterday"',
    );
  });
  it('a working-day clock running into a year without holiday data fails loudly', () => {
    const only2026 = fixedCalendar([2026], [], []);
    expect(() =>
      computeClocks(
        gov,
        { branchId: 'B', complaintId: 'C', events: [filed('2026-12-30')] },
        at('2026-12-30', '18:00'),
        only2026,
      ),
    ).toThrow(/no data for 2027/);
  });
});
