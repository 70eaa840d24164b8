import { describe, expect, it } from 'vitest';
import type { StandardChange } from './facts-types.ts';
import { fileStandardsToApply, standardInForce } from './standards.ts';

let t = 0;
const change = (over: Partial<StandardChange>): StandardChange => ({
  branchId: 'B1',
  dimension: 'efficiency',
  version: 1,
  target: 4,
  source: 'proposed',
  via: 'worker',
  changedBy: 'analytics-worker',
  reason: '',
  contentHash: '',
  createdAt: ++t,
  changeId: `c${t}`,
  ...over,
});

describe('standards precedence', () => {
  it('nothing recorded: no standard', () => {
    expect(standardInForce([], 'B1', 'efficiency')).toBeUndefined();
  });
  it('a person’s override survives a later raise (the loop closing) and a re-applied file', () => {
    const h = [
      change({ target: 4.0, source: 'proposed' }),
      change({ target: 3.6, source: 'override', via: 'cli', changedBy: 'li.wei' }),
      change({ target: 3.7, source: 'raised' }),
      change({ target: 4.2, source: 'override', via: 'file', contentHash: 'x' }),
    ];
    expect(standardInForce(h, 'B1', 'efficiency')).toMatchObject({
      target: 3.6,
      source: 'override',
      locked: true,
    });
  });
  it('until a person lifts it: then the newest file/raised standard applies', () => {
    const h = [
      change({ target: 4.2, source: 'override', via: 'file', contentHash: 'x' }),
      change({ target: 3.6, source: 'override', via: 'cli' }),
      change({ target: 3.6, source: 'lifted', via: 'cli' }),
    ];
    expect(standardInForce(h, 'B1', 'efficiency')).toMatchObject({
      target: 4.2,
      source: 'override',
      locked: false,
    });
  });
  it("a '*' default reaches a branch that was evaluated (proposed) before", () => {
    const h = [
      change({ target: 4.0, source: 'proposed' }),
      change({ branchId: '*', target: 4.3, source: 'override', via: 'file' }),
    ];
    expect(standardInForce(h, 'B1', 'efficiency')).toMatchObject({ target: 4.3, locked: false });
  });
  it('a raise after the default wins over it; a branch of another dimension is unaffected', () => {
    const h = [
      change({ branchId: '*', target: 4.3, source: 'override', via: 'file' }),
      change({ target: 4.4, source: 'raised' }),
    ];
    expect(standardInForce(h, 'B1', 'efficiency')!.target).toBe(4.4);
    expect(standardInForce(h, 'B1', 'attitude')).toBeUndefined();
  });
  it('two writers with the same version: the later change wins, deterministically', () => {
    const h = [
      change({ version: 2, target: 4.1, source: 'raised' }),
      change({ version: 2, target: 4.2, source: 'override', via: 'file' }),
    ];
    expect(standardInForce(h, 'B1', 'efficiency')!.target).toBe(4.2);
    expect(standardInForce([...h].reverse(), 'B1', 'efficiency')!.target).toBe(4.2);
  });
  it('the standards file applies once per content change', () => {
    const entries = [{ branchId: '*', dimension: 'efficiency', target: 4.2 }];
    expect(fileStandardsToApply(entries, 'h1', [])).toEqual(entries);
    const applied = [change({ branchId: '*', source: 'override', via: 'file', contentHash: 'h1' })];
    expect(fileStandardsToApply(entries, 'h1', applied)).toEqual([]);
    expect(fileStandardsToApply(entries, 'h2', applied)).toEqual(entries);
    expect(fileStandardsToApply(entries, '', [])).toEqual([]);
  });
});
