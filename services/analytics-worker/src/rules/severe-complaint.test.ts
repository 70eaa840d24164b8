import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG as C } from '../config.ts';
import { severeComplaint } from './severe-complaint.ts';
import { complaint, facts } from './test-facts.ts';

describe('severe-complaint rule', () => {
  it('no complaints, or none severe: no alert', () => {
    expect(severeComplaint.evaluate(facts(), C)).toEqual([]);
    expect(severeComplaint.evaluate(facts({ complaints: [complaint({ severity: 'medium' })] }), C)).toEqual(
      [],
    );
  });
  it('each configured severity alerts once per complaint, category in Chinese', () => {
    const out = severeComplaint.evaluate(
      facts({
        complaints: [
          complaint({ complaintId: 'C7', severity: 'critical', category: 'facilities' }),
          complaint({ complaintId: 'C8', severity: 'high' }),
        ],
      }),
      C,
    );
    expect(out.map((a) => [a.key, a.severity])).toEqual([
      ['severe-complaint|C7', 'critical'],
      ['severe-complaint|C8', 'critical'],
    ]);
    expect(out[0]!.lines[0]!['zh-CN']).toBe('类别:服务设施,严重程度:严重');
  });
  it('the configured list decides', () => {
    const c = { ...C, severeComplaint: { enabled: true, severities: ['medium'] } };
    expect(
      severeComplaint.evaluate(facts({ complaints: [complaint({ severity: 'medium' })] }), c),
    ).toHaveLength(1);
  });
});
