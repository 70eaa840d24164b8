import { freePort, isolate, resolveEndpoints } from '@servloop/test-harness';
import type { Consumer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectOrExplain, createKafka, createReliableProducer, parseBrokers } from './client.ts';
import { ensureTopics } from './topics.ts';

const endpoints = await resolveEndpoints();
const iso = isolate(endpoints, 'kafka');
const brokers = parseBrokers(endpoints.KAFKA_BROKERS);
const kafka = createKafka({ brokers, clientId: `test-${iso.id}` });
const topic = `${iso.topicPrefix}shared`;

describe('Kafka broker', () => {
  beforeAll(async () => {
    const created = await ensureTopics(kafka, [{ name: 'shared', partitions: 4 }], iso.topicPrefix);
    expect(created).toEqual([topic]);
    // A second call finds the topic and creates nothing.
    expect(await ensureTopics(kafka, [{ name: 'shared', partitions: 4 }], iso.topicPrefix)).toEqual([]);
  });

  const consumers: Consumer[] = [];
  afterAll(async () => {
    await Promise.all(consumers.map((c) => c.disconnect()));
  });

  it('two consumers in one group share the partitions and together read every message once', async () => {
    const groupId = `${iso.topicPrefix}group`;
    const seen = new Map<string, string[]>(); // consumer -> message values
    const assigned = new Map<string, Set<number>>();
    // Resolves once a join leaves every member of the group holding partitions.
    let joins = 0;
    let settled!: () => void;
    const groupSettled = new Promise<void>((resolve) => {
      settled = resolve;
    });
    for (const name of ['c1', 'c2']) {
      const consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1000 });
      consumers.push(consumer);
      seen.set(name, []);
      assigned.set(name, new Set());
      consumer.on(consumer.events.GROUP_JOIN, (e) => {
        if (++joins >= 2 && Object.keys(e.payload.memberAssignment).length > 0) settled();
      });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ partition, message }) => {
          seen.get(name)!.push(message.value!.toString());
          assigned.get(name)!.add(partition);
        },
      });
    }
    await groupSettled;

    const producer = createReliableProducer(kafka);
    await producer.connect();
    const total = 400;
    const messages = Array.from({ length: total }, (_, i) => ({ key: `branch-${i % 40}`, value: `m${i}` }));
    const acks = await producer.send({ topic, messages });
    await producer.disconnect();
    expect(acks.every((a) => a.errorCode === 0)).toBe(true);

    const deadline = Date.now() + 30_000;
    const count = () => [...seen.values()].reduce((n, v) => n + v.length, 0);
    while (count() < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));

    const all = [...seen.values()].flat();
    expect(all.length).toBe(total);
    expect(new Set(all).size).toBe(total);
    // Both members got work, and no partition was read by both.
    const [p1, p2] = [assigned.get('c1')!, assigned.get('c2')!];
    expect(p1.size).toBeGreaterThan(0);
    expect(p2.size).toBeGreaterThan(0);
    expect([...p1].filter((p) => p2.has(p))).toEqual([]);
  });

  it('a broker that is not there fails fast with a message naming the address', async () => {
    const dead = [`127.0.0.1:${await freePort()}`];
    const producer = createReliableProducer(
      createKafka({ brokers: dead, clientId: 'dead', retries: 1, connectionTimeoutMs: 500 }),
    );
    const started = Date.now();
    await expect(connectOrExplain(producer, dead, 'producer')).rejects.toThrow(
      new RegExp(`Kafka producer could not reach broker\\(s\\) ${dead[0]}`),
    );
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
