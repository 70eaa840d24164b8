import type { Kafka } from 'kafkajs';

export interface TopicSpec {
  name: string;
  partitions: number;
  replicationFactor?: number;
  /** Broker config entries, e.g. `retention.ms`. */
  config?: Record<string, string>;
}

/** Creates missing topics and raises partition counts that are lower than declared. */
export async function ensureTopics(kafka: Kafka, specs: TopicSpec[], prefix = ''): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((s) => !existing.has(prefix + s.name));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((s) => ({
          topic: prefix + s.name,
          numPartitions: s.partitions,
          replicationFactor: s.replicationFactor ?? 1,
          configEntries: Object.entries(s.config ?? {}).map(([name, value]) => ({ name, value })),
        })),
      });
    }
    const present = specs.filter((s) => existing.has(prefix + s.name));
    if (present.length > 0) {
      const meta = await admin.fetchTopicMetadata({ topics: present.map((s) => prefix + s.name) });
      const grow = present.filter((s) => {
        const m = meta.topics.find((t) => t.name === prefix + s.name);
        return m !== undefined && m.partitions.length < s.partitions;
      });
      if (grow.length > 0) {
        await admin.createPartitions({
          topicPartitions: grow.map((s) => ({ topic: prefix + s.name, count: s.partitions })),
        });
      }
    }
    return missing.map((s) => prefix + s.name);
  } finally {
    await admin.disconnect();
  }
}
