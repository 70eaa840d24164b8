import type { Kafka } from 'kafkajs';

export interface LagReader {
  /** Messages on each partition past the group's committed offset. */
  read(): Promise<Map<number, number>>;
  close(): Promise<void>;
}

/** Reads a consumer group's lag on one topic through one admin connection kept open. */
export function createLagReader(kafka: Kafka, groupId: string, topic: string): LagReader {
  const admin = kafka.admin();
  let connected: Promise<void> | undefined;
  return {
    async read() {
      connected ??= admin.connect().catch((err) => {
        connected = undefined;
        throw err;
      });
      await connected;
      const [ends, [committed]] = await Promise.all([
        admin.fetchTopicOffsets(topic),
        admin.fetchOffsets({ groupId, topics: [topic] }),
      ]);
      const done = new Map((committed?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]));
      const lag = new Map<number, number>();
      for (const end of ends) {
        const at = done.get(end.partition) ?? -1n;
        // Nothing committed yet: the group starts from the beginning (fromBeginning consumers).
        const from = at < 0n ? BigInt(end.low) : at;
        lag.set(end.partition, Number(BigInt(end.high) - from));
      }
      return lag;
    },
    async close() {
      if (connected) await admin.disconnect();
    },
  };
}
