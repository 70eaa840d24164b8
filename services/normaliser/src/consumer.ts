import type { Kafka } from '@servloop/kafka';
import { createLagReader, createReliablePublisher } from '@servloop/kafka';
import { Counter, Gauge, Histogram, type Lifecycle } from '@servloop/service-kit';
import { insertRows, type Warehouse } from '@servloop/warehouse';
import { prepareBatch } from './batch.ts';
import { type CommentSweep, startCommentSweep } from './comment-sweep.ts';
import { type CommentAnalyser, inlineCommentAnalyser, threadedCommentAnalyser } from './comment-threads.ts';
import { COMMENT_ANALYSIS_TABLE, type CommentText, commentTexts } from './comments.ts';
import { type DeferredAnalyser, startDeferredAnalyser } from './deferred-analysis.ts';
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
  /**
   * Analyse comments into comment_analysis_v1 (default on): after their batch is inserted, by a
   * deferred analyser on a low-priority thread, so ingestion never waits for it (deferred-analysis.ts).
   */
  analyseComments?: boolean;
  /** Analyser threads (default 1, at nice 19); 0 analyses in the consumer's own thread (tests). */
  analyserThreads?: number;
  /** Distinct comment texts whose analyses each analyser thread remembers (default 10,000; 0: none). */
  analysisCacheSize?: number;
  /** An analyser to share (its owner closes it); instead of starting analyserThreads of its own. */
  commentAnalyser?: CommentAnalyser;
  /** Comments waiting for analysis held in memory at most (default 50,000; the rest: the sweep). */
  commentQueueSize?: number;
  /** Between sweeps for comments without an analysis (default 5 min; 0: only the one at start). */
  commentSweepEveryMs?: number;
  /** Sweep every day for comments without an analysis a minute after start (default true). */
  commentSweepAtStart?: boolean;
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

export interface CommentAnalysisStatus {
  /** Comments queued for analysis or being analysed. */
  backlog: number;
  /** Comment rows written by the deferred analyser (the sweep's not included). */
  analysed: number;
  /** Comments left to the sweep (queue full, analysis or insert failed, stopped). */
  leftToSweep: number;
}

export interface RunningNormaliser {
  stop(): Promise<void>;
  /** Comment analysis of this process (undefined with analyseComments off). */
  commentAnalysis?: {
    status(): CommentAnalysisStatus;
    /** Resolves once every comment handed over so far is analysed or left to the sweep. */
    idle(): Promise<void>;
    /** Sweeps for comments without an analysis now (`from` unset: every day). */
    sweep(from?: string): Promise<unknown>;
  };
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
        ? threadedCommentAnalyser(analyserThreads, { ...cache, lowPriority: true })
        : inlineCommentAnalyser(cache);
  await analyser?.ready();
  const analysed = new Counter({
    name: 'normaliser_comments_analysed_total',
    help: 'Comment analysis rows written after their batch (deferred; the sweep not included)',
    registers: [registry],
  });
  const leftToSweep = new Counter({
    name: 'normaliser_comment_analysis_dropped_total',
    help: 'Comments not analysed after their batch (queue full, failure, stop): left to the sweep',
    registers: [registry],
  });
  const commentFacts = { analysed: 0, leftToSweep: 0 };
  // Rules that read comment_analysis_v1 (a comment needing a response) run with the rollups: a
  // comment's rows come after its batch's rollup jobs, so their days are rolled up again.
  const rollupsFor = (comments: readonly CommentText[]) => {
    if (!o.onInserted || comments.length === 0) return;
    const touched = new Map<string, { branchId: string; localDate: string }>();
    for (const c of comments) {
      const day = { branchId: String(c.base.branch_id), localDate: String(c.base.local_date) };
      touched.set(`${day.branchId}|${day.localDate}`, day);
    }
    o.onInserted([...touched.values()]).catch((err) =>
      log(`rollups after comment analysis not queued: ${(err as Error).message}`),
    );
  };
  let sweep: CommentSweep | undefined;
  const deferred: DeferredAnalyser | undefined =
    analyser &&
    startDeferredAnalyser({
      warehouse: o.warehouse,
      analyser,
      ...(o.commentQueueSize === undefined ? {} : { capacity: o.commentQueueSize }),
      onAnalysed: (comments) => {
        const rows = comments.length;
        analysed.inc(rows);
        rollupsFor(comments);
        commentFacts.analysed += rows;
        rowsInserted.inc({ table: COMMENT_ANALYSIS_TABLE }, rows);
        inserted.set(COMMENT_ANALYSIS_TABLE, (inserted.get(COMMENT_ANALYSIS_TABLE) ?? 0) + rows);
      },
      onLeftToSweep: (comments, why) => {
        leftToSweep.inc(comments.length);
        commentFacts.leftToSweep += comments.length;
        for (const c of comments) sweep?.owe(String(c.base.local_date));
        log(`${comments.length} comment(s) left to the sweep: ${why}`);
      },
    });
  new Gauge({
    name: 'normaliser_comment_analysis_backlog',
    help: 'Comments of inserted batches waiting for their analysis',
    registers: [registry],
    collect() {
      this.set(deferred?.backlog() ?? 0);
    },
  });
  if (analyser && deferred)
    sweep = startCommentSweep({
      warehouse: o.warehouse,
      analyser,
      queue: deferred,
      ...(o.commentSweepEveryMs === undefined ? {} : { everyMs: o.commentSweepEveryMs }),
      ...(o.commentSweepAtStart === undefined ? {} : { atStart: o.commentSweepAtStart }),
      onWritten: rollupsFor,
      log,
    });
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
      // The batch is durable: its comments are analysed after it, while the next batches go on.
      deferred?.enqueue(commentTexts(prepared.rows));
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
    ...(deferred && sweep
      ? {
          commentAnalysis: {
            status: () => ({ backlog: deferred.backlog(), ...commentFacts }),
            idle: () => deferred.idle(),
            sweep: (from?: string) => sweep.sweep(from),
          },
        }
      : {}),
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
      await sweep?.stop();
      await deferred?.close(); // what is still queued is left to the next start's sweep
      if (analyser !== o.commentAnalyser) await analyser?.close();
      await dlq.close();
      await lagReader.close();
    },
  };
}
