import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG as C } from '../config.ts';
import { complaintSla, complaintStages } from './complaint-sla.ts';
import { complaint, facts, HOUR, T0 } from './test-facts.ts';

const sla = C.complaintSla;

describe('complaint-sla rule', () => {
  it('no complaints: no alert', () => {
    expect(complaintSla.evaluate(facts(), C)).toEqual([]);
  });
  it('never acknowledged and past due is late, not missing', () => {
    const [ack, resolve, follow] = complaintStages(complaint({ filedAt: T0 - 5 * HOUR }), sla, T0);
    expect(ack).toMatchObject({ stage: 'acknowledge', late: true, pending: false, doneAt: null });
    expect(resolve).toMatchObject({ late: false, pending: true });
    expect(follow).toMatchObject({ late: false, pending: true });
  });
  it('boundary: done exactly at the due time is in time; a millisecond later is late', () => {
    const filedAt = T0 - 100 * HOUR;
    expect(
      complaintStages(complaint({ filedAt, acknowledgedAt: filedAt + 4 * HOUR }), sla, T0)[0]!.late,
    ).toBe(false);
    expect(
      complaintStages(complaint({ filedAt, acknowledgedAt: filedAt + 4 * HOUR + 1 }), sla, T0)[0]!.late,
    ).toBe(true);
    // Open and exactly at its due time: still pending.
    expect(complaintStages(complaint({ filedAt: T0 - 4 * HOUR }), sla, T0)[0]).toMatchObject({
      late: false,
      pending: true,
    });
  });
  it('uses the configured thresholds', () => {
    const filedAt = T0 - 10 * HOUR;
    const x = complaint({ filedAt, acknowledgedAt: filedAt + 6 * HOUR });
    expect(complaintSla.evaluate(facts({ complaints: [x] }), C).map((a) => a.key)).toEqual([
      'sla-breach|C1|acknowledge',
    ]);
    const relaxed = { ...C, complaintSla: { ...sla, acknowledgeHours: 8 } };
    expect(complaintSla.evaluate(facts({ complaints: [x] }), relaxed)).toEqual([]);
  });
  it('follow-up is due after the resolution, in Chinese stage words', () => {
    const filedAt = T0 - 300 * HOUR;
    const x = complaint({ filedAt, acknowledgedAt: filedAt + HOUR, resolvedAt: filedAt + 10 * HOUR });
    const out = complaintSla.evaluate(facts({ complaints: [x] }), C);
    expect(out.map((a) => a.key)).toEqual(['sla-breach|C1|follow-up']);
    expect(out[0]!.subject['zh-CN']).toBe('投诉 C1 超出「回访」时限');
  });
});
