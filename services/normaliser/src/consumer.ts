import type { Kafka } from '@servloop/kafka';
import { createLagReader, createReliablePublisher } from '@servloop/kafka';
import { Counter, Gauge, Histogram, type Lifecycle } from '@servloop/service-kit';
import { insertEncodedRows, insertRows, type Warehouse } from '@servloop/warehouse';
import { prepareBatch } from './batch.ts';
import { type CommentAnalyser, inlineCommentAnalyser, threadedCommentAnalyser } from './comment-threads.ts';
import {
  COMMENT_ANALYSIS_COLUMNS,
  COMMENT_ANALYSIS_TABLE,
  commentTexts,
  encodedCommentAnalysisRow,
} from './comments.ts';
import { type IngestFacts, ingestProblem } from './health.ts';
import { COLUMNS, type Row, type Table } from './mapping.ts';

export interface NormaliserOptions {
  kafka: Kafka;
  warehouse: Warehouse;
  topic: string;
  dlqTopic: string;
  groupId: string;
  lifecycle: Lifecycle;
  /** Called after rows are durable, before offsets are committed: e.g. enqueue rollups. */
  onInserted?: (touched: { branchId: string; localDate: string }[]) => Promise<void>;
  /** An insert slower than this pauses the partition for as long again (backpressure). */
  slowInsertMs?: number;
  /** Partitions handled at once: one batch is mapped while others are inserted (default 3). */
  concurrency?: number;
  /** How fast the group notices a dead member (6 s is the broker's minimum). */
  sessionTimeoutMs?: number;
  /** Not ready once inserts fail, or events wait with no commit, for this long (default 60 s). */
  stuckAfterMs?: number;
  /** How often the group's lag is read from the broker (default 5 s). */
  lagPollMs?: number;
  /** How often the branches' time zones are re-read from branches_v1 (default 60 s). */
  branchZonesRefreshMs?: number;
  /** Analyse comments into comment_analysis_v1 as they are normalised (default on). */
  analyseComments?: boolean;
  /**
   * Threads that analyse comments while the batch's other rows are inserted (default 1); 0
   * analyses in the consumer's own thread. Either way the rows are the same.
   */
  analyserThreads?: number;
  /** Distinct comment texts whose analyses each analyser thread remembers (default 10,000; 0: none). */
  analysisCacheSize?: number;
  /** An analyser to share (its owner closes it); instead of starting analyserThreads of its own. */
  commentAnalyser?: CommentAnalyser;
  log?: (line: string) => void;
}

export interface IngestStatus {
  /** Why ingestion is stuck, or undefined. */
  problem?: string;
  /** Events on the topic not yet committed by this group. */
  lag: number;
  /** Age of the oldest event taken but not yet committed, ms (0 when none is in hand). */
  oldestPendingMs: number;
  lastCommitAt?: number;
  lastError?: { at: number; message: string };
}

export interface RunningNormaliser {
  stop(): Promise<void>;
  /** Rows inserted so far, by table (this process only). */
  inserted: Map<string, number>;
  status(): IngestStatus;
}

export async function startNormaliser(o: NormaliserOptions): Promise<RunningNormaliser> {
  const log = o.log ?? (() => {});
  const registry = o.lifecycle.registry;
  const rowsInserted = new Counter({
    name: 'normaliser_rows_inserted_total',
    help: 'Rows inserted',
    labelNames: ['table'],
    registers: [registry],
  });
  const dlqSent = new Counter({
    name: 'normaliser_dlq_total',
    help: 'Messages sent to the DLQ',
    registers: [registry],
  });
  const insertSeconds = new Histogram({
    name: 'normaliser_insert_seconds',
    help: 'Insert latency',
    registers: [registry],
  });
  const insertFailures = new Counter({
    name: 'normaliser_insert_failures_total',
    help: 'Inserts that failed (the batch is retried, nothing is committed past it)',
    labelNames: ['table'],
    registers: [registry],
  });
  const inserted = new Map<string, number>();
  const stuckAfterMs = o.stuckAfterMs ?? 60_000;
  const facts: Omit<IngestFacts, 'now'> & { lag: Map<number, number> } = {
    startedAt: Date.now(),
    lag: new Map(),
  };
  /** First message timestamp of the batch in hand on each partition, until it is committed. */
  const pendingSince = new Map<number, number>();
  const oldestPendingMs = () =>
    pendingSince.size === 0 ? 0 : Math.max(0, Date.now() - Math.min(...pendingSince.values()));
  new Gauge({
    name: 'normaliser_consumer_lag',
    help: 'Events past the committed offset, per partition (read from the broker)',
    labelNames: ['partition'],
    registers: [registry],
    collect() {
      for (const [partition, lag] of facts.lag) this.set({ partition: String(partition) }, lag);
    },
  });
  new Gauge({
    name: 'normaliser_oldest_unprocessed_event_age_seconds',
    help: 'Age of the oldest event taken from Kafka and not yet committed',
    registers: [registry],
    collect() {
      this.set(oldestPendingMs() / 1000);
    },
  });
  new Gauge({
    name: 'normaliser_last_commit_timestamp_seconds',
    help: 'When offsets were last committed (0: not yet)',
    registers: [registry],
    collect() {
      this.set((facts.lastCommitAt ?? 0) / 1000);
    },
  });
  const problem = () => ingestProblem({ ...facts, now: Date.now() }, stuckAfterMs);
  o.lifecycle.problems.push(problem);
  const lagReader = createLagReader(o.kafka, o.groupId, o.topic);
  let lagReadFailed = false;
  const pollLag = async () => {
    try {
      const lag = await lagReader.read();
      facts.lag.clear();
      for (const [p, n] of lag) facts.lag.set(p, n);
      lagReadFailed = false;
    } catch (err) {
      if (!lagReadFailed) log(`consumer lag unreadable (kept the last value): ${(err as Error).message}`);
      lagReadFailed = true;
    }
  };
  const lagTimer = setInterval(() => void pollLag(), o.lagPollMs ?? 5_000);
  lagTimer.unref();
  // local_date is the day in the branch's configured zone; a branch not (yet) configured keeps the
  // offset its event carried. Re-read now and then: branches are added while the pipeline runs.
  let zones = new Map<string, string>();
  const loadZones = async () => {
    try {
      const rows = await (
        await o.warehouse.client.query({
          query: "SELECT branch_id, timezone FROM branches_v1 FINAL WHERE timezone != ''",
          format: 'JSONEachRow',
        })
      ).json<{ branch_id: string; timezone: string }>();
      zones = new Map(rows.map((r) => [r.branch_id, r.timezone]));
    } catch (err) {
      log(`branch time zones unreadable (kept the last ones): ${(err as Error).message}`);
    }
  };
  await loadZones();
  const zonesTimer = setInterval(() => void loadZones(), o.branchZonesRefreshMs ?? 60_000);
  zonesTimer.unref();

  // A publisher, not a bare producer: a producer whose send failed must not be reused (see
  // createBatchingPublisher), and a failed DLQ send makes kafkajs retry the batch.
  const dlq = await createReliablePublisher(o.kafka, o.dlqTopic);
  const consumer = o.kafka.consumer({
    groupId: o.groupId,
    sessionTimeout: o.sessionTimeoutMs ?? 30_000,
    heartbeatInterval: Math.min(3_000, Math.floor((o.sessionTimeoutMs ?? 30_000) / 6)),
    maxBytesPerPartition: 8 * 1024 * 1024,
    maxBytes: 32 * 1024 * 1024,
    maxWaitTimeInMs: 200,
  });
  const analyseComments = o.analyseComments ?? true;
  const analyserThreads = o.analyserThreads ?? 1;
  const cache = o.analysisCacheSize === undefined ? {} : { cacheSize: o.analysisCacheSize };
  const analyser: CommentAnalyser | undefined = !analyseComments
    ? undefined
    : o.commentAnalyser
      ? o.commentAnalyser
      : analyserThreads > 0
        ? threadedCommentAnalyser(analyserThreads, cache)
        : inlineCommentAnalyser(cache);
  // Not consuming before the analyser can analyse: a first batch would otherwise wait for it.
  await analyser?.ready();
  await consumer.connect();
  await consumer.subscribe({ topic: o.topic, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: o.concurrency ?? 3,
    eachBatch: async ({ batch, heartbeat, resolveOffset, isRunning, isStale, pause }) => {
      if (!isRunning() || isStale() || batch.messages.length === 0) return;
      const first = batch.messages[0]!.offset;
      const last = batch.lastOffset();
      if (!pendingSince.has(batch.partition))
        pendingSince.set(batch.partition, Number(batch.messages[0]!.timestamp));
      const prepared = prepareBatch(batch.topic, batch.partition, batch.messages, (b) => zones.get(b), {
        analyseComments: false,
      });
      // Comments are analysed as they are normalised, in the same batch under the same offsets and
      // deduplication token (a replay gives the same rows), on an analyser thread while this
      // batch's other rows are inserted; their rows go in last, as before.
      const comments = analyser ? commentTexts(prepared.rows) : [];
      const analysing = analyser?.analyse(comments.map((c) => c.text));
      // Settled here, awaited below: an insert failure must not leave it an unhandled rejection.
      analysing?.catch(() => {});
      const began = Date.now();
      // Same batch redelivered → same token → ClickHouse skips it. Different boundaries
      // after a crash are collapsed by ReplacingMergeTree on the event id instead.
      const token = (table: string) => `${batch.topic}:${batch.partition}:${first}-${last}:${table}`;
      const inserting = async (table: string, rows: number, write: () => Promise<void>) => {
        try {
          await write();
        } catch (err) {
          insertFailures.inc({ table });
          facts.failingSince ??= Date.now();
          facts.lastError = { at: Date.now(), message: `${table}: ${(err as Error).message}` };
          throw err;
        }
        facts.failingSince = undefined;
        rowsInserted.inc({ table }, rows);
        inserted.set(table, (inserted.get(table) ?? 0) + rows);
      };
      for (const [table, rows] of prepared.rows as Map<Table, readonly Row[]>)
        await inserting(table, rows.length, () =>
          insertRows(o.warehouse, table, COLUMNS[table], rows, { deduplicationToken: token(table) }),
        );
      if (analysing) {
        const analyses = await analysing;
        // The analyses come encoded: the rows go in as the lines insertRows would have written.
        const lines = comments.map((comment, i) => encodedCommentAnalysisRow(comment, analyses[i]!));
        if (lines.length > 0)
          await inserting(COMMENT_ANALYSIS_TABLE, lines.length, () =>
            insertEncodedRows(o.warehouse, COMMENT_ANALYSIS_TABLE, COMMENT_ANALYSIS_COLUMNS, lines, {
              deduplicationToken: token(COMMENT_ANALYSIS_TABLE),
            }),
          );
      }
      const tookMs = Date.now() - began;
      insertSeconds.observe(tookMs / 1000);
      if (prepared.dlq.length > 0) {
        await dlq.publish(prepared.dlq);
        dlqSent.inc(prepared.dlq.length);
        log(`partition ${batch.partition}: ${prepared.dlq.length} message(s) to ${o.dlqTopic}`);
      }
      if (o.onInserted && prepared.touched.size > 0) {
        await o.onInserted(
          [...prepared.touched].map((k) => {
            const [branchId, localDate] = k.split('|') as [string, string];
            return { branchId, localDate };
          }),
        );
      }
      // Only now is everything in the batch durable: commit past it.
      await consumer.commitOffsets([
        { topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() },
      ]);
      facts.lastCommitAt = Date.now();
      pendingSince.delete(batch.partition);
      // The batch's own high watermark is fresher than the last poll for this partition.
      facts.lag.set(batch.partition, Math.max(0, Number(BigInt(batch.highWatermark) - BigInt(last) - 1n)));
      resolveOffset(last);
      await heartbeat();
      if (tookMs > (o.slowInsertMs ?? 5_000)) {
        log(`partition ${batch.partition}: insert took ${tookMs} ms, pausing it as long`);
        const resume = pause();
        setTimeout(resume, tookMs).unref();
      }
    },
  });
  o.lifecycle.ready = true;
  void pollLag();
  return {
    inserted,
    status: () => ({
      ...(problem() ? { problem: problem() } : {}),
      lag: [...facts.lag.values()].reduce((a, b) => a + b, 0),
      oldestPendingMs: oldestPendingMs(),
      ...(facts.lastCommitAt ? { lastCommitAt: facts.lastCommitAt } : {}),
      ...(facts.lastError ? { lastError: facts.lastError } : {}),
    }),
    async stop() {
      o.lifecycle.ready = false;
      clearInterval(lagTimer);
      clearInterval(zonesTimer);
      await consumer.disconnect(); // finishes the batch in hand, leaves the group
      if (analyser !== o.commentAnalyser) await analyser?.close();
      await dlq.close();
      await lagReader.close();
    },
  };
}
