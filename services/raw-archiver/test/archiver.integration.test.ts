import { openArchive } from '@servloop/archive';
import { createKafka, createReliableProducer, ensureTopics, parseBrokers } from '@servloop/kafka';
import { createLifecycle } from '@servloop/service-kit';
import { isolate, resolveEndpoints, waitUntil } from '@servloop/test-harness';
import { afterAll, describe, expect, it } from 'vitest';
import { decode, parseObjectKey, replay, startArchiver } from '../src/index.ts';

const endpoints = await resolveEndpoints();
const iso = isolate(endpoints, 'archiver');
const kafka = createKafka({ brokers: parseBrokers(endpoints.KAFKA_BROKERS), clientId: `test-${iso.id}` });
const archive = openArchive({ endpoint: endpoints.S3_ENDPOINT, bucket: endpoints.S3_BUCKET });
afterAll(() => archive.close());

describe('raw archiver', () => {
  it('archives every record once with key and headers, and replays them in order per partition', async () => {
    await ensureTopics(
      kafka,
      [
        { name: 'src', partitions: 2 },
        { name: 'dst', partitions: 2 },
      ],
      iso.topicPrefix,
    );
    const src = `${iso.topicPrefix}src`;
    const producer = createReliableProducer(kafka);
    await producer.connect();
    const sent = Array.from({ length: 300 }, (_, i) => ({
      key: `B00${i % 3}`,
      value: JSON.stringify({ id: `e${i}`, text: '服务很好' }),
      headers: { 'event-type': 'survey.response' },
    }));
    await producer.send({ topic: src, messages: sent });
    await producer.disconnect();

    const archiver = await startArchiver({
      kafka,
      archive,
      topic: src,
      groupId: `${src}.archiver`,
      prefix: iso.s3Prefix,
      lifecycle: createLifecycle('a'),
    });
    const prefix = `${iso.s3Prefix}raw/${src}/`;
    const archived = async () => {
      const records = [];
      for (const key of await archive.list(prefix))
        records.push(
          ...decode(await archive.get(key)).map((r) => ({ ...r, partition: parseObjectKey(key)!.partition })),
        );
      return records;
    };
    await waitUntil(
      async () => ((await archived()).length >= sent.length ? true : undefined),
      30_000,
      () => 'archive incomplete',
    );
    await archiver.stop();
    const records = await archived();
    expect(records).toHaveLength(300);
    expect(new Set(records.map((r) => JSON.parse(r.v!).id)).size).toBe(300);
    expect(records.every((r) => r.h['event-type'] === 'survey.response' && /^B00[0-2]$/.test(r.k!))).toBe(
      true,
    );
    // One branch's records stay on one partition, in produce order.
    const b1 = records.filter((r) => r.k === 'B001');
    expect(new Set(b1.map((r) => r.partition)).size).toBe(1);

    const result = await replay({
      kafka,
      archive,
      sourceTopic: src,
      targetTopic: `${iso.topicPrefix}dst`,
      prefix: iso.s3Prefix,
    });
    expect(result).toMatchObject({ records: 300, skipped: 0 });
    const replayed: string[] = [];
    const reader = kafka.consumer({ groupId: `${iso.topicPrefix}reader` });
    await reader.connect();
    await reader.subscribe({ topic: `${iso.topicPrefix}dst`, fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }) =>
        void (message.key?.toString() === 'B001' && replayed.push(JSON.parse(message.value!.toString()).id)),
    });
    await waitUntil(
      async () => (replayed.length >= b1.length ? true : undefined),
      30_000,
      () => 'replay incomplete',
    );
    await reader.disconnect();
    expect(replayed).toEqual(b1.map((r) => JSON.parse(r.v!).id));
  });
});
