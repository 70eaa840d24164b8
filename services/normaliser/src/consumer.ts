import type { Kafka } from '@servloop/kafka';
import { createReliablePublisher } from '@servloop/kafka';
import { Counter, Histogram, type Lifecycle } from '@servloop/service-kit';
import { insertRows, type Warehouse } from '@servloop/warehouse';
import { prepareBatch } from './batch.ts';
import { COLUMNS } from './mapping.ts';

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
  log?: (line: string) => void;
}

export interface RunningNormaliser {
  stop(): Promise<void>;
  /** Rows inserted so far, by table (this process only). */
  inserted: Map<string, number>;
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
  const inserted = new Map<string, number>();

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
      const prepared = prepareBatch(batch.topic, batch.partition, batch.messages);
      const began = Date.now();
      for (const [table, rows] of prepared.rows) {
        // Same batch redelivered → same token → ClickHouse skips it. Different boundaries
        // after a crash are collapsed by ReplacingMergeTree on the event id instead.
        await insertRows(o.warehouse, table, COLUMNS[table], rows, {
          deduplicationToken: `${batch.topic}:${batch.partition}:${first}-${last}:${table}`,
        });
        rowsInserted.inc({ table }, rows.length);
        inserted.set(table, (inserted.get(table) ?? 0) + rows.length);
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
  return {
    inserted,
    async stop() {
      o.lifecycle.ready = false;
      await consumer.disconnect(); // finishes the batch in hand, leaves the group
      await dlq.close();
    },
  };
}
