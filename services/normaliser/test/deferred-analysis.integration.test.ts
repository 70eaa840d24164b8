// Comments are analysed after their batch is inserted (deferred-analysis.ts), and whatever that
// misses the sweep finds (comment-sweep.ts): nothing lost, nothing twice, a replay the same rows.
import { createKafka, createReliableProducer, ensureTopics, parseBrokers } from '@servloop/kafka';
import type { EventEnvelope } from '@servloop/schemas';
import { validExamples } from '@servloop/schemas';
import { createLifecycle } from '@servloop/service-kit';
import { isolate, resolveEndpoints, waitUntil } from '@servloop/test-harness';
import { insertRows, migrate, openWarehouse } from '@servloop/warehouse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  COMMENT_ANALYSIS_COLUMNS,
  type CommentAnalyser,
  commentAnalysisRows,
  type NormaliserOptions,
  type Row,
  type RunningNormaliser,
  startNormaliser,
  type Table,
  toRows,
} from '../src/index.ts';
import { migrationsDir } from './paths.ts';

const endpoints = await resolveEndpoints();
const iso = isolate(endpoints, 'deferred');
const kafka = createKafka({ brokers: parseBrokers(endpoints.KAFKA_BROKERS), clientId: `test-${iso.id}` });
const topic = `${iso.topicPrefix}events`;
const warehouse = await openWarehouse({ url: iso.clickhouseUrl, database: iso.database });
const select = async <T>(query: string) =>
  (await warehouse.client.query({ query, format: 'JSONEachRow' })).json<T>();
const count = async (query: string) => Number((await select<{ n: string }>(query))[0]!.n);

const branches = ['B001', 'B002', 'B003'];
const envelopes = (round: string): EventEnvelope[] =>
  branches.flatMap((b) =>
    validExamples().map(
      (ex, i) =>
        ({
          id: `${iso.id}-${round}-${b}-${i}`,
          branchId: b,
          schemaVersion: 1,
          receivedAt: new Date().toISOString(),
          ...ex.body,
        }) as EventEnvelope,
    ),
  );
/** The comment_analysis_v1 rows these events must have, made in this thread. */
function expectedRows(events: EventEnvelope[]) {
  const rows = new Map<Table, Row[]>();
  for (const e of events) {
    const result = toRows(e, { topic, partition: 0, offset: '0' });
    if (result.kind !== 'ok') continue;
    for (const { table, row } of result.rows) rows.set(table, [...(rows.get(table) ?? []), row]);
  }
  return commentAnalysisRows(rows);
}
async function produce(events: EventEnvelope[]) {
  const producer = createReliableProducer(kafka);
  await producer.connect();
  await producer.send({
    topic,
    messages: events.map((e) => ({ key: e.branchId, value: JSON.stringify(e) })),
  });
  await producer.disconnect();
}
const running: RunningNormaliser[] = [];
async function normaliser(group: string, options: Partial<NormaliserOptions> = {}) {
  const n = await startNormaliser({
    kafka,
    warehouse,
    topic,
    dlqTopic: `${iso.topicPrefix}dlq`,
    groupId: `${iso.topicPrefix}${group}`,
    lifecycle: createLifecycle(group),
    ...options,
  });
  running.push(n);
  return n;
}
async function stop(n: RunningNormaliser) {
  running.splice(running.indexOf(n), 1);
  await n.stop();
}
const analysisOf = (ids: string) =>
  `SELECT * EXCEPT _ingested_at FROM comment_analysis_v1 FINAL WHERE event_id IN (${ids}) ORDER BY ALL`;
const idList = (events: EventEnvelope[]) => events.map((e) => `'${e.id}'`).join(',');
/** Rows per (event, version), FINAL: must be 1 for every analysed comment. */
const maxRowsPerEvent = (events: EventEnvelope[]) =>
  count(
    `SELECT max(n) AS n FROM (SELECT count() AS n FROM comment_analysis_v1 FINAL WHERE event_id IN (${idList(events)}) GROUP BY event_id, analyser_version)`,
  );

beforeAll(async () => {
  await ensureTopics(
    kafka,
    [
      { name: 'events', partitions: 2 },
      { name: 'dlq', partitions: 1 },
    ],
    iso.topicPrefix,
  );
  await migrate(warehouse, migrationsDir);
  await warehouse.client.command({ query: 'CREATE TABLE expected_analysis AS comment_analysis_v1' });
});
afterAll(async () => {
  for (const n of [...running]) await n.stop();
  await warehouse.close();
});

describe('deferred comment analysis', () => {
  const first = envelopes('a');
  const expected = expectedRows(first);

  it('gives every comment of an ingested batch its row, after the batch', async () => {
    expect(expected.length).toBeGreaterThan(6);
    await insertRows(warehouse, 'expected_analysis', COMMENT_ANALYSIS_COLUMNS, expected);
    const rolledUp: string[] = [];
    const n = await normaliser('live', {
      commentSweepAtStart: false,
      commentSweepEveryMs: 0,
      onInserted: async (touched) =>
        void rolledUp.push(...touched.map((t) => `${t.branchId}|${t.localDate}`)),
    });
    await produce(first);
    await waitUntil(
      async () => (n.commentAnalysis!.status().analysed >= expected.length ? true : undefined),
      60_000,
      () => `${JSON.stringify(n.commentAnalysis!.status())} of ${expected.length} comments`,
    );
    await n.commentAnalysis!.idle();
    expect(n.commentAnalysis!.status()).toEqual({ backlog: 0, analysed: expected.length, leftToSweep: 0 });
    const ids = idList(first);
    expect(await select(analysisOf(ids))).toEqual(
      await select(`SELECT * EXCEPT _ingested_at FROM expected_analysis FINAL ORDER BY ALL`),
    );
    expect(await maxRowsPerEvent(first)).toBe(1);
    // The rules reading comment_analysis_v1 run with the rollups: the comments' days are rolled up
    // again after their rows are in (once for the batch, once for its comments at least).
    for (const row of expected) {
      const day = `${String(row.branch_id)}|${String(row.local_date)}`;
      expect(rolledUp.filter((d) => d === day).length).toBeGreaterThanOrEqual(2);
    }
    await stop(n);
  });

  it('loses nothing when the analysis fails after the batch is in: the sweep analyses those comments, once each', async () => {
    const second = envelopes('b');
    const owed = expectedRows(second);
    // An analyser thread that dies on every request: as if the process crashed after the insert.
    const failing: CommentAnalyser = {
      analyse: async () => {
        throw new Error('analyser thread died (injected)');
      },
      ready: async () => {},
      close: async () => {},
      osThreadIds: () => [],
    };
    const broken = await normaliser('live', {
      commentAnalyser: failing,
      commentSweepAtStart: false,
      commentSweepEveryMs: 0,
    });
    await produce(second);
    await waitUntil(
      async () => (broken.commentAnalysis!.status().leftToSweep >= owed.length ? true : undefined),
      60_000,
      () => `${JSON.stringify(broken.commentAnalysis!.status())} of ${owed.length} comments`,
    );
    // The batch itself is in (and committed), its comments have no analysis.
    expect(
      await count(`SELECT count() AS n FROM survey_responses_v1 WHERE event_id IN (${idList(second)})`),
    ).toBeGreaterThan(0);
    expect(
      await count(`SELECT count() AS n FROM comment_analysis_v1 WHERE event_id IN (${idList(second)})`),
    ).toBe(0);
    await stop(broken);

    // The next start (same group: nothing is consumed again) sweeps every day and finds them.
    const restarted = await normaliser('live', { commentSweepEveryMs: 0 });
    const swept = await restarted.commentAnalysis!.sweep();
    await waitUntil(
      async () =>
        (await count(
          `SELECT count() AS n FROM comment_analysis_v1 FINAL WHERE event_id IN (${idList(second)})`,
        )) >= owed.length
          ? true
          : undefined,
      60_000,
      () => `swept rows of ${owed.length} (${JSON.stringify(swept)})`,
    );
    await insertRows(warehouse, 'expected_analysis', COMMENT_ANALYSIS_COLUMNS, owed);
    const all = idList([...first, ...second]);
    expect(await select(analysisOf(all))).toEqual(
      await select(`SELECT * EXCEPT _ingested_at FROM expected_analysis FINAL ORDER BY ALL`),
    );
    expect(await maxRowsPerEvent([...first, ...second])).toBe(1);
    // Nothing left to find: a sweep now writes nothing.
    expect(await restarted.commentAnalysis!.sweep()).toMatchObject({ analysedThisRun: 0, written: 0 });
    expect(restarted.commentAnalysis!.status().analysed).toBe(0);
    await stop(restarted);
  });

  it('a full queue counts what it cannot hold (metric too), and the sweep gives those comments their rows', async () => {
    const third = envelopes('c');
    const owed = expectedRows(third);
    const lifecycle = createLifecycle('small-queue');
    const small = await normaliser('live', {
      lifecycle,
      commentQueueSize: 1,
      commentSweepAtStart: false,
      commentSweepEveryMs: 0,
    });
    await produce(third);
    await waitUntil(
      async () => {
        const s = small.commentAnalysis!.status();
        return s.analysed + s.leftToSweep >= owed.length ? true : undefined;
      },
      60_000,
      () => `${JSON.stringify(small.commentAnalysis!.status())} of ${owed.length} comments`,
    );
    const { leftToSweep, analysed } = small.commentAnalysis!.status();
    expect(leftToSweep).toBeGreaterThan(0);
    expect(analysed + leftToSweep).toBe(owed.length);
    const metrics = await lifecycle.registry.metrics();
    // Lines as `name{service="small-queue"} value`.
    const metric = (name: string) => metrics.match(new RegExp(`^${name}\\{[^}]*\\} (\\d+)$`, 'm'))?.[1];
    expect(metric('normaliser_comment_analysis_dropped_total')).toBe(String(leftToSweep));
    expect(metric('normaliser_comments_analysed_total')).toBe(String(analysed));
    expect(metric('normaliser_comment_analysis_backlog')).toBe('0');
    const ids = idList(third);
    expect(await count(`SELECT count() AS n FROM comment_analysis_v1 FINAL WHERE event_id IN (${ids})`)).toBe(
      analysed,
    );
    await small.commentAnalysis!.sweep();
    expect(await count(`SELECT count() AS n FROM comment_analysis_v1 FINAL WHERE event_id IN (${ids})`)).toBe(
      owed.length,
    );
    expect(await maxRowsPerEvent(third)).toBe(1);
    await insertRows(warehouse, 'expected_analysis', COMMENT_ANALYSIS_COLUMNS, owed);
    await stop(small);
  });

  it('a replay of the topic (a new group from the beginning) gives the same rows, one per event and version', async () => {
    const before = await select(`SELECT * EXCEPT _ingested_at FROM comment_analysis_v1 FINAL ORDER BY ALL`);
    const replay = await normaliser('replay', { commentSweepAtStart: false, commentSweepEveryMs: 0 });
    const total = (await select<{ n: string }>(`SELECT count() AS n FROM expected_analysis FINAL`))[0]!.n;
    await waitUntil(
      async () => (replay.commentAnalysis!.status().analysed >= Number(total) ? true : undefined),
      60_000,
      () => `${JSON.stringify(replay.commentAnalysis!.status())} of ${total}`,
    );
    await replay.commentAnalysis!.idle();
    expect(await select(`SELECT * EXCEPT _ingested_at FROM comment_analysis_v1 FINAL ORDER BY ALL`)).toEqual(
      before,
    );
    expect(
      await count(
        'SELECT max(n) AS n FROM (SELECT count() AS n FROM comment_analysis_v1 FINAL GROUP BY event_id, analyser_version)',
      ),
    ).toBe(1);
    await stop(replay);
  });
});
