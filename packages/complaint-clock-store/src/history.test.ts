import { computeClocks, loadPack } from '@servloop/complaint-clocks';
import { describe, expect, it } from 'vitest';
import { casesFromRows } from './history.ts';

const bank = loadPack('cn-banking-insurance-2020');
const at = (d: string, t = '10:00') => `${d}T${t}:00+08:00`;

describe('histories from warehouse rows', () => {
  it('merges the lifecycle and the clock events per branch × complaint; a call-back about a rating only is left out', () => {
    const cases = casesFromRows(
      [
        { branch_id: 'B1', complaint_id: 'C1', status: 'filed', at_ms: '1770256800000' },
        { branch_id: 'B1', complaint_id: 'C1', status: 'resolved', at_ms: 1770343200000 },
      ],
      [
        {
          branch_id: 'B1',
          complaint_id: 'C1',
          kind: 'extended',
          reason: 'r',
          approver_id: 'M',
          approver_role: 'senior_management',
          extended_by_days: '15',
          new_due_ms: null,
          informed_ms: '1770260400000',
          outcome: '',
          at_ms: '1770260400000',
          called_ms: null,
        },
        {
          branch_id: 'B1',
          complaint_id: '',
          kind: 'callback',
          reason: '',
          approver_id: '',
          approver_role: '',
          extended_by_days: null,
          new_due_ms: null,
          informed_ms: null,
          outcome: 'reached',
          at_ms: '1770260400000',
          called_ms: '1770260000000',
        },
      ],
    );
    expect(cases).toEqual([
      {
        branchId: 'B1',
        complaintId: 'C1',
        events: [
          { kind: 'filed', at: '2026-02-05T02:00:00.000Z' },
          { kind: 'resolved', at: '2026-02-06T02:00:00.000Z' },
          {
            kind: 'extended',
            at: '2026-02-05T03:00:00.000Z',
            reason: 'r',
            approver: { id: 'M', role: 'senior_management' },
            extendedBy: 15,
            customerInformedAt: '2026-02-05T03:00:00.000Z',
          },
        ],
      },
    ]);
  });

  it('a bad rating is a case of its own (rating:<id>); its call-backs join it, those about other responses do not', () => {
    const gov = loadPack('cn-gov-haochaping');
    const callback = (responseId: string, outcome: string, ms: number) => ({
      branch_id: 'GV1',
      complaint_id: '',
      response_id: responseId,
      kind: 'callback',
      reason: '',
      approver_id: '',
      approver_role: '',
      extended_by_days: null,
      new_due_ms: null,
      informed_ms: null,
      outcome,
      at_ms: ms,
      called_ms: ms,
    });
    const rated = Date.parse(at('2026-02-13', '15:00'));
    const cases = casesFromRows(
      [],
      [
        callback('R-1', 'not_reached', Date.parse(at('2026-02-14', '09:00'))),
        callback('R-1', 'reached', Date.parse(at('2026-02-14', '16:00'))),
        callback('R-2', 'reached', Date.parse(at('2026-02-14', '16:00'))),
      ],
      [{ branch_id: 'GV1', response_id: 'R-1', at_ms: rated }],
    );
    expect(cases.map((c) => [c.complaintId, c.events.map((e) => e.outcome ?? e.kind)])).toEqual([
      ['rating:R-1', ['filed', 'not_reached', 'reached']],
    ]);
    // rated Fri 02-13: call back by Sat 02-14 (调休), done on 02-14 at 16:00
    const [cb] = computeClocks(gov, cases[0]!, Date.parse(at('2026-02-20')));
    expect([cb!.clockId, cb!.dueDate, cb!.status, cb!.breached]).toEqual([
      'callback',
      '2026-02-14',
      'stopped',
      false,
    ]);
  });

  it('an extension row without approver stays without one, so the engine refuses it', () => {
    const [c] = casesFromRows(
      [{ branch_id: 'B1', complaint_id: 'C1', status: 'filed', at_ms: 1770256800000 }],
      [
        {
          branch_id: 'B1',
          complaint_id: 'C1',
          kind: 'extended',
          reason: 'r',
          approver_id: '',
          approver_role: '',
          extended_by_days: 15,
          new_due_ms: null,
          informed_ms: null,
          outcome: '',
          at_ms: 1770260400000,
          called_ms: null,
        },
      ],
    );
    expect(c!.events[1]).not.toHaveProperty('approver');
    expect(computeClocks(bank, c!, 1770343200000)[0]!.refusedExtensions[0]!.path).toBe('/approver');
  });
});
