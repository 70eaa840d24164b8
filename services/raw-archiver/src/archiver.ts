import type { Archive } from '@servloop/archive';
import type { Kafka } from '@servloop/kafka';
import { Counter, type Lifecycle } from '@servloop/service-kit';
import { type ArchivedRecord, encode, objectKey } from './format.ts';

export interface ArchiverOptions {
  kafka: Kafka;
  archive: Archive;
  topic: string;
  groupId: string;
  /** Key prefix inside the bucket (tests isolate with it). */
  prefix?: string;
  lifecycle: Lifecycle;
  sessionTimeoutMs?: number;
}

/** Its own consumer group: every batch → one S3 object, then the offsets are committed. */
export async function startArchiver(o: ArchiverOptions) {
  const objects = new Counter({
    name: 'archiver_objects_total',
    help: 'Objects written',
    registers: [o.lifecycle.registry],
  });
  const records = new Counter({
    name: 'archiver_records_total',
    help: 'Records archived',
    registers: [o.lifecycle.registry],
  });
  const consumer = o.kafka.consumer({
    groupId: o.groupId,
    sessionTimeout: o.sessionTimeoutMs ?? 30_000,
    maxBytesPerPartition: 16 * 1024 * 1024,
    maxWaitTimeInMs: 1000,
  });
  await consumer.connect();
  await consumer.subscribe({ topic: o.topic, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
      if (!isRunning() || isStale() || batch.messages.length === 0) return;
      const rows: ArchivedRecord[] = batch.messages.map((m) => ({
        o: m.offset,
        k: m.key ? m.key.toString('utf8') : null,
        v: m.value ? m.value.toString('utf8') : null,
        h: Object.fromEntries(Object.entries(m.headers ?? {}).map(([k, v]) => [k, String(v)])),
        t: m.timestamp,
      }));
      const first = batch.messages[0]!.offset;
      const last = batch.lastOffset();
      await o.archive.put(
        objectKey(o.prefix ?? '', batch.topic, batch.partition, first, last),
        encode(rows),
        'application/gzip',
      );
      objects.inc();
      records.inc(rows.length);
      await consumer.commitOffsets([
        { topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() },
      ]);
      resolveOffset(last);
      await heartbeat();
    },
  });
  o.lifecycle.ready = true;
  return {
    async stop() {
      o.lifecycle.ready = false;
      await consumer.disconnect();
    },
  };
}
