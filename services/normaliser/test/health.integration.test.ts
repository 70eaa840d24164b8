// /readyz tells the truth: inserts made to fail for real (the target table detached) turn the
// normaliser not-ready within the configured time, with the reason; reattaching it brings the
// held-back event in and readiness back.
import { createKafka, createReliableProducer, ensureTopics, parseBrokers } from '@servloop/kafka';
import type { Logger } from '@servloop/log';
import { validExamples } from '@servloop/schemas';
import { createLifecycle, serveProbes } from '@servloop/service-kit';
import { isolate, resolveEndpoints, waitUntil } from '@servloop/test-harness';
import { migrate, openWarehouse } from '@servloop/warehouse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningNormaliser, startNormaliser } from '../src/index.ts';
import { migrationsDir } from './paths.ts';

/** kafkajs's lines, kept: this test makes a real error happen, and checks it is logged as one. */
const kafkaLines: { level: string; message: string }[] = [];
const capture = (): Logger => {
  const at = (level: string) => (message: string) => void kafkaLines.push({ level, message });
  const logger: Logger = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: () => logger,
  };
  return logger;
};

const endpoints = await resolveEndpoints();
const iso = isolate(endpoints, 'health');
const kafka = createKafka({
  brokers: parseBrokers(endpoints.KAFKA_BROKERS),
  clientId: `test-${iso.id}`,
  logger: capture(),
});
const topic = `${iso.topicPrefix}events`;
const warehouse = await openWarehouse({ url: iso.clickhouseUrl, database: iso.database });
const lifecycle = createLifecycle('normaliser');
const survey = validExamples().find((e) => e.body.type === 'survey.response')!;
let normaliser: RunningNormaliser;
let probes: Awaited<ReturnType<typeof serveProbes>>;

beforeAll(async () => {
  await ensureTopics(
    kafka,
    [
      { name: 'events', partitions: 1 },
      { name: 'dlq', partitions: 1 },
    ],
    iso.topicPrefix,
  );
  await migrate(warehouse, migrationsDir);
  normaliser = await startNormaliser({
    kafka,
    warehouse,
    topic,
    dlqTopic: `${iso.topicPrefix}dlq`,
    groupId: `${iso.topicPrefix}normaliser`,
    lifecycle,
    stuckAfterMs: 3_000,
    lagPollMs: 500,
  });
  probes = await serveProbes(lifecycle, 0);
});
afterAll(async () => {
  probes.close();
  await normaliser.stop();
  await warehouse.close();
});

async function send(id: string) {
  const producer = createReliableProducer(kafka);
  await producer.connect();
  await producer.send({
    topic,
    messages: [
      {
        key: 'B001',
        value: JSON.stringify({
          id,
          branchId: 'B001',
          schemaVersion: 1,
          receivedAt: new Date().toISOString(),
          ...survey.body,
          data: {
            ...survey.body.data,
            responseId: id,
            customer: { customerKey: 'ck_0123456789abcdef0123456789abcdef' },
          },
        }),
      },
    ],
  });
  await producer.disconnect();
}
const surveys = async () =>
  Number(
    (
      await (
        await warehouse.client.query({
          query: 'SELECT count() AS n FROM survey_responses_v1',
          format: 'JSONEachRow',
        })
      ).json<{ n: string }>()
    )[0]!.n,
  );
const probe = async (path: string) => {
  const { port } = probes.address() as { port: number };
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: res.status, text: await res.text() };
};

describe('normaliser readiness', () => {
  it('goes 503 with the reason while inserts fail, and back to 200 once they succeed', async () => {
    await send(`${iso.id}-1`);
    await waitUntil(
      async () => (await surveys()) === 1 || undefined,
      30_000,
      () => 'first survey row',
    );
    expect(await probe('/readyz')).toEqual({ status: 200, text: 'ready\n' });

    await warehouse.client.command({ query: 'DETACH TABLE survey_responses_v1' });
    await send(`${iso.id}-2`);
    await waitUntil(
      async () => (await probe('/readyz')).status === 503 || undefined,
      30_000,
      () => 'readyz 503',
    );
    const notReady = await probe('/readyz');
    expect(notReady.text).toMatch(
      /^normaliser: (inserts failing for \d+ s: |\d+ event\(s\) waiting and no offset committed for \d+ s; last insert error: )survey_responses_v1: /,
    );
    const metrics = (await probe('/metrics')).text;
    expect(metrics).toMatch(
      /normaliser_insert_failures_total\{table="survey_responses_v1",service="normaliser"\} [1-9]/,
    );
    expect(metrics).toMatch(/normaliser_consumer_lag\{partition="0",service="normaliser"\} 1/);
    expect(normaliser.status().lastError?.message).toMatch(/survey_responses_v1/);

    await warehouse.client.command({ query: 'ATTACH TABLE survey_responses_v1' });
    await waitUntil(
      async () => (await surveys()) === 2 || undefined,
      60_000,
      () => 'held-back survey row',
    );
    await waitUntil(
      async () => (await probe('/readyz')).status === 200 || undefined,
      30_000,
      () => 'readyz 200 again',
    );
    expect(normaliser.status().problem).toBeUndefined();
    // The failures were real errors and were logged as such, not hidden with the routine chatter.
    expect(kafkaLines.some((l) => l.level === 'error')).toBe(true);
  });
});
