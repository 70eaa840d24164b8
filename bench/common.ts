// Shared bits for the benchmarks (run by hand; they print ratios against a baseline measured in
// the same run, because absolute numbers on a shared 2-core machine are noise).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventEnvelope } from '@servloop/schemas';
import { migrate, openWarehouse, type Warehouse } from '@servloop/warehouse';

/** Median seconds (and rows) of `runs` runs of a query. */
export async function timeQuery(warehouse: Warehouse, query: string, runs = 5) {
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    rows = (await warehouse.client.query({ query, format: 'JSONEachRow' }).then((r) => r.json())).length;
    times.push((performance.now() - s) / 1000);
  }
  return {
    median: percentile(
      times.sort((a, b) => a - b),
      50,
    ),
    rows,
  };
}

/** A fresh embedded warehouse with every migration applied, in a temporary directory. */
export async function benchWarehouse(name: string) {
  const warehouse = await openWarehouse({
    url: `chdb://${mkdtempSync(join(tmpdir(), `bench-${name}-`))}`,
    database: 'bench',
  });
  await migrate(warehouse, join(import.meta.dirname, '..', 'infra', 'clickhouse', 'migrations'));
  return warehouse;
}
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function surveyBody(i: number) {
  return {
    type: 'survey.response',
    occurredAt: '2026-03-02T10:30:00+08:00',
    data: {
      responseId: `R${i}`,
      customer: { phone: `1380013${String(i % 10000).padStart(4, '0')}` },
      channel: 'sms',
      language: 'zh-CN',
      nps: i % 11,
      csat: 1 + (i % 5),
      comment: i % 3 ? '' : '柜员态度很好,但是等候时间有点长。',
    },
  };
}

/** Survey response event `i` of a bench run, as the gateway would put it on Kafka. */
export function surveyEnvelope(id: string, i: number, comment: string): EventEnvelope {
  const body = surveyBody(i);
  body.data.comment = comment;
  return {
    id,
    branchId: `B${String(i % 50).padStart(3, '0')}`,
    schemaVersion: 1,
    receivedAt: new Date().toISOString(),
    type: 'survey.response',
    occurredAt: body.occurredAt,
    data: { ...body.data, customer: { customerKey: 'ck_0123456789abcdef0123456789abcdef' } },
  } as EventEnvelope;
}

/** The texts of a labelled comment file of packages/comment-analysis/data. */
export function labelledTexts(file = 'dev.jsonl'): string[] {
  return readFileSync(new URL(`../packages/comment-analysis/data/${file}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => (JSON.parse(line) as { text: string }).text);
}

export const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits });

/**
 * Waits until `done()` reaches `total` and returns rows/s in the steady state, from the first row
 * seen to the last: joining a consumer group is a one-off cost, not throughput.
 */
export async function steadyState(
  done: () => number,
  total: number,
  onProgress: (rows: number) => void = () => {},
): Promise<{ rate: number; firstAt: number; endAt: number }> {
  let firstAt = 0;
  let firstRows = 0;
  let reported = 0;
  while (done() < total) {
    await new Promise((r) => setTimeout(r, 10));
    if (!firstAt && done() > 0) {
      firstAt = performance.now();
      firstRows = done();
    }
    if (done() - reported >= 50_000) {
      reported = done();
      onProgress(reported);
    }
  }
  const endAt = performance.now();
  return { rate: (total - firstRows) / ((endAt - firstAt) / 1000), firstAt, endAt };
}
