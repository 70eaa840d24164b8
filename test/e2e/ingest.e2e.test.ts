import { createKafka, ensureTopics, parseBrokers } from '@servloop/kafka';
import { COLUMNS, type RunningNormaliser, startNormaliser } from '@servloop/normaliser';
import { validExamples } from '@servloop/schemas';
import { createLifecycle } from '@servloop/service-kit';
import { isolate, postEvent, resolveEndpoints, waitUntil } from '@servloop/test-harness';
import { migrate, openWarehouse } from '@servloop/warehouse';
import { start as startGateway } from '@servloop/webhook-gateway';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsDir } from './paths.ts';

const endpoints = await resolveEndpoints();
const iso = isolate(endpoints, 'normaliser');
const kafka = createKafka({ brokers: parseBrokers(endpoints.KAFKA_BROKERS), clientId: `test-${iso.id}` });
const topic = `${iso.topicPrefix}events`;
const dlqTopic = `${iso.topicPrefix}dlq`;
const secret = `whsec_${Buffer.from(`s-${iso.id}`).toString('base64')}`;
const warehouse = await openWarehouse({ url: iso.clickhouseUrl, database: iso.database });
const count = async (sql: string) =>
  Number(
    (await (await warehouse.client.query({ query: sql, format: 'JSONEachRow' })).json<{ n: string }>())[0]!.n,
  );

let gateway: Awaited<ReturnType<typeof startGateway>>;
const normalisers: RunningNormaliser[] = [];

beforeAll(async () => {
  await ensureTopics(
    kafka,
    [
      { name: 'events', partitions: 4 },
      { name: 'dlq', partitions: 1 },
    ],
    iso.topicPrefix,
  );
  await migrate(warehouse, migrationsDir);
  gateway = await startGateway({
    config: {
      branchSecrets: new Map(['B001', 'B002', 'B003', 'B004', 'B005', 'B006'].map((b) => [b, [secret]])),
      pseudonymSecret: 'p',
    },
    kafkaBrokers: endpoints.KAFKA_BROKERS,
    redisUrl: endpoints.REDIS_URL,
    port: 0,
    topic,
  });
  // Two instances in one consumer group: they share the four partitions.
  for (let i = 0; i < 2; i++) {
    normalisers.push(
      await startNormaliser({
        kafka,
        warehouse,
        topic,
        dlqTopic,
        groupId: `${iso.topicPrefix}normaliser`,
        lifecycle: createLifecycle(`n${i}`),
      }),
    );
  }
});
afterAll(async () => {
  for (const n of normalisers) await n.stop();
  await gateway.stop();
  await warehouse.close();
});

describe('ingestion: signed webhooks → gateway → Kafka → normaliser → ClickHouse', () => {
  it('turns every golden example into the expected rows, across branches and both instances', async () => {
    const examples = validExamples();
    const branches = ['B001', 'B002', 'B003', 'B004', 'B005', 'B006'];
    for (const [i, ex] of examples.entries()) {
      for (const b of branches) {
        const res = await postEvent(`${gateway.address}/v1/branches/${b}/events`, ex.body, {
          secret,
          id: `${iso.id}-${b}-${i}`,
        });
        expect(res.status).toBe(202);
      }
    }
    // Every accepted event lands exactly once, whatever table it maps to.
    const total = () =>
      count(
        `SELECT uniqExact(event_id) AS n FROM (${Object.keys(COLUMNS)
          .map((t) => `SELECT event_id FROM ${t} FINAL`)
          .join(' UNION ALL ')})`,
      );
    await waitUntil(
      async () => ((await total()) >= examples.length * branches.length ? true : undefined),
      60_000,
      () => 'events missing',
    );
    expect(await total()).toBe(examples.length * branches.length);
    // What the gateway did is visible in the warehouse: customer keys, masked text, no PII.
    const dump = await (
      await warehouse.client.query({
        query: "SELECT * FROM survey_responses WHERE branch_id = 'B001' ORDER BY response_id",
        format: 'JSONEachRow',
      })
    ).json<Record<string, string>>();
    // (one golden questionnaire names no customer: its key stays empty)
    expect(dump.filter((r) => /^ck_[0-9a-f]{32}$/.test(r.customer_key!)).length).toBe(dump.length - 1);
    expect(dump.find((r) => r.response_id === 'R-88231')!.comment).toContain('138****8000');
    const everything =
      JSON.stringify(
        await (
          await warehouse.client.query({
            query: 'SELECT * FROM visits UNION ALL SELECT * FROM visits',
            format: 'JSONEachRow',
          })
        ).json(),
      ) + JSON.stringify(dump);
    for (const pii of ['13800138000', '张三', '李四', '110101195001011234'])
      expect(everything).not.toContain(pii);
    const [visit] = await (
      await warehouse.client.query({
        query:
          "SELECT wait_seconds, service_seconds FROM visits WHERE visit_id = 'V-20260302-0042' AND branch_id = 'B004'",
        format: 'JSONEachRow',
      })
    ).json();
    expect(visit).toEqual({ wait_seconds: 740, service_seconds: 400 });
  });
});
