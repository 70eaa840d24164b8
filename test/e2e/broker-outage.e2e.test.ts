// The broker dies under load: the gateway answers 503 + Retry-After and never 202 for an event
// that Kafka did not persist. The test runs a broker of its own so it can kill and restart it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKafka, ensureTopics } from '@servloop/kafka';
import { freePortPair, type RunningBroker, startKafkaBroker } from '@servloop/local-stack';
import { postEvent, resolveEndpoints, waitUntil } from '@servloop/test-harness';
import { start } from '@servloop/webhook-gateway';
import { afterAll, describe, expect, it } from 'vitest';

const endpoints = await resolveEndpoints();
const dir = mkdtempSync(join(tmpdir(), 'servloop-broker-'));
const [port, controllerPort] = await freePortPair();
let broker: RunningBroker = await startKafkaBroker({
  dir,
  port,
  controllerPort,
  heap: '384m',
  log: () => {},
});
const kafka = createKafka({ brokers: [broker.brokers], clientId: 'outage-test', retries: 10 });
const topic = 'outage.events';
const secret = `whsec_${Buffer.from('outage').toString('base64')}`;
afterAll(async () => broker.stop(5_000));

const survey = (i: number) => ({
  type: 'survey.response',
  occurredAt: '2026-03-02T10:30:00+08:00',
  data: { responseId: `R${i}`, customer: {}, channel: 'sms', nps: i % 11 },
});

describe('Kafka broker outage', () => {
  it('503 with Retry-After while the broker is down, and every 202 survives the outage', async () => {
    await ensureTopics(kafka, [{ name: topic, partitions: 2 }]);
    const gateway = await start({
      config: {
        branchSecrets: new Map([['B001', [secret]]]),
        pseudonymSecret: 'p',
        ratePerSecond: 1e6,
        rateBurst: 1e6,
      },
      kafkaBrokers: broker.brokers,
      redisUrl: endpoints.REDIS_URL,
      port: 0,
      topic,
    });
    const accepted = new Set<string>();
    const statuses = new Map<number, number>();
    let retryAfterMissing = 0;
    let next = 0;
    let phase: 'up' | 'down' | 'done' = 'up';
    const runId = Date.now().toString(36);
    const sender = async () => {
      while (phase !== 'done') {
        const id = `${runId}-${next++}`;
        const res = await postEvent(`${gateway.address}/v1/branches/B001/events`, survey(next), {
          secret,
          id,
        });
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status === 202) accepted.add(id);
        if (res.status === 503 && !res.headers.get('retry-after')) retryAfterMissing++;
        expect([202, 503]).toContain(res.status);
        if (res.status === 503) await new Promise((r) => setTimeout(r, 200));
      }
    };
    const senders = Array.from({ length: 8 }, sender);
    await waitUntil(
      async () => (accepted.size >= 200 ? true : undefined),
      30_000,
      () => 'no 202s before the outage',
    );
    broker.kill(); // SIGKILL: no clean shutdown
    phase = 'down';
    await waitUntil(
      async () => ((statuses.get(503) ?? 0) >= 8 ? true : undefined),
      60_000,
      () => `no 503 while the broker is down: ${JSON.stringify([...statuses])}`,
    );
    const acceptedBeforeRestart = new Set(accepted);
    phase = 'done';
    await Promise.all(senders);
    expect(retryAfterMissing).toBe(0);

    broker = await startKafkaBroker({ dir, port, controllerPort, heap: '384m', log: () => {} });
    // Everything that got a 202 is in the log after the restart.
    const seen = new Set<string>();
    const consumer = kafka.consumer({ groupId: `outage-reader-${runId}` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => void seen.add(JSON.parse(message.value!.toString()).id),
    });
    await waitUntil(
      async () => ([...acceptedBeforeRestart].every((id) => seen.has(id)) ? true : undefined),
      60_000,
      () =>
        `${[...acceptedBeforeRestart].filter((id) => !seen.has(id)).length} acknowledged event(s) missing after restart`,
    );
    await consumer.disconnect();

    // And the gateway recovers by itself once the broker is back.
    await waitUntil(
      async () =>
        (
          await postEvent(`${gateway.address}/v1/branches/B001/events`, survey(1), {
            secret,
            id: `${runId}-after`,
          })
        ).status === 202
          ? true
          : undefined,
      60_000,
      () => 'gateway did not recover after the broker came back',
      1000,
    );
    await gateway.stop();
    console.log(
      `outage test: ${acceptedBeforeRestart.size} accepted before/while down, statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
  });
});
