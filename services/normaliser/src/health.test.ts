import { describe, expect, it } from 'vitest';
import { ingestProblem } from './health.ts';

const base = { now: 100_000, startedAt: 0, lag: new Map<number, number>() };

describe('ingestProblem', () => {
  it('is quiet on an idle topic, however long ago the last commit was', () => {
    expect(ingestProblem({ ...base, lag: new Map([[0, 0]]) }, 60_000)).toBeUndefined();
  });
  it('is quiet while events wait but offsets are committed', () => {
    expect(
      ingestProblem({ ...base, lag: new Map([[0, 500]]), lastCommitAt: 99_000 }, 60_000),
    ).toBeUndefined();
  });
  it('reports events waiting with no commit for the configured time, counting from the start', () => {
    expect(
      ingestProblem(
        {
          ...base,
          lag: new Map([
            [0, 3],
            [1, 4],
          ]),
          lastCommitAt: 40_000,
        },
        60_000,
      ),
    ).toBe('7 event(s) waiting and no offset committed for 60 s');
    expect(ingestProblem({ ...base, now: 59_999, lag: new Map([[0, 1]]) }, 60_000)).toBeUndefined();
    expect(ingestProblem({ ...base, lag: new Map([[0, 1]]) }, 60_000)).toMatch(
      /no offset committed for 100 s/,
    );
  });
  it('reports inserts failing for the configured time with the last error', () => {
    const failing = {
      ...base,
      failingSince: 70_000,
      lastError: { at: 99_000, message: 'Table x does not exist' },
    };
    expect(ingestProblem(failing, 30_000)).toBe('inserts failing for 30 s: Table x does not exist');
    expect(ingestProblem(failing, 31_000)).toBeUndefined();
    expect(ingestProblem({ ...failing, lag: new Map([[0, 2]]), lastCommitAt: 60_000 }, 31_000)).toBe(
      '2 event(s) waiting and no offset committed for 40 s; last insert error: Table x does not exist',
    );
  });
});
