import type { Archive } from '@servloop/archive';
import { createReliableProducer, type Kafka } from '@servloop/kafka';
import { decode, parseObjectKey } from './format.ts';

export interface ReplayOptions {
  kafka: Kafka;
  archive: Archive;
  /** Topic whose archive is read. */
  sourceTopic: string;
  /** Topic to produce into (the same topic to rebuild downstream, or another). */
  targetTopic: string;
  prefix?: string;
  onProgress?: (done: { objects: number; totalObjects: number; records: number }) => void;
}

/**
 * Reads the archive of a topic partition by partition in offset order and produces every record
 * once (offsets already sent are skipped, so overlapping objects from a crashed archiver do not
 * duplicate), with its key and headers, preserving per-branch order.
 */
export async function replay(
  o: ReplayOptions,
): Promise<{ records: number; objects: number; skipped: number }> {
  const keys = (await o.archive.list(`${o.prefix ?? ''}raw/${o.sourceTopic}/`))
    .map((key) => ({ key, meta: parseObjectKey(key) }))
    .filter(
      (x): x is { key: string; meta: NonNullable<ReturnType<typeof parseObjectKey>> } => x.meta !== undefined,
    )
    .sort(
      (a, b) =>
        a.meta.partition - b.meta.partition ||
        (a.meta.first < b.meta.first ? -1 : a.meta.first > b.meta.first ? 1 : 0),
    );
  const producer = createReliableProducer(o.kafka);
  await producer.connect();
  const nextOffset = new Map<number, bigint>();
  let records = 0;
  let skipped = 0;
  let objects = 0;
  try {
    for (const { key, meta } of keys) {
      const from = nextOffset.get(meta.partition) ?? 0n;
      const fresh = decode(await o.archive.get(key)).filter((r) => BigInt(r.o) >= from);
      skipped += Number(meta.last - meta.first + 1n) - fresh.length;
      if (fresh.length > 0) {
        await producer.send({
          topic: o.targetTopic,
          acks: -1,
          messages: fresh.map((r) => ({ key: r.k, value: r.v, headers: r.h })),
        });
        nextOffset.set(meta.partition, BigInt(fresh[fresh.length - 1]!.o) + 1n);
        records += fresh.length;
      }
      objects++;
      o.onProgress?.({ objects, totalObjects: keys.length, records });
    }
  } finally {
    await producer.disconnect();
  }
  return { records, objects, skipped };
}
