// Whether ingestion is doing its job, from what the consumer saw (pure; health.test.ts). A 202 from
// the gateway only means Kafka has the event: this is what tells anyone that nothing reaches
// ClickHouse any more.

export interface IngestFacts {
  now: number;
  startedAt: number;
  /** Messages past the committed offset, per partition (from the broker). */
  lag: ReadonlyMap<number, number>;
  lastCommitAt?: number;
  /** When inserts started failing (cleared by the next successful insert). */
  failingSince?: number;
  lastError?: { at: number; message: string };
}

/** Why ingestion is stuck, or undefined while it is not. */
export function ingestProblem(f: IngestFacts, stuckAfterMs: number): string | undefined {
  const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;
  if (f.failingSince !== undefined && f.now - f.failingSince >= stuckAfterMs)
    return `inserts failing for ${seconds(f.now - f.failingSince)}: ${f.lastError?.message ?? 'unknown error'}`;
  const waiting = [...f.lag.values()].reduce((a, b) => a + b, 0);
  const since = f.lastCommitAt ?? f.startedAt;
  if (waiting > 0 && f.now - since >= stuckAfterMs)
    return `${waiting} event(s) waiting and no offset committed for ${seconds(f.now - since)}${
      f.failingSince !== undefined ? `; last insert error: ${f.lastError?.message ?? 'unknown'}` : ''
    }`;
  return undefined;
}
