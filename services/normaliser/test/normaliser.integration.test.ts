import { createKafka, createReliableProducer, ensureTopics, parseBrokers } from '@servloop/kafka';
import type { EventEnvelope } from '@servloop/schemas';
import { validExamples } from '@servloop/schemas';
import { createLifecycle } from '@servloop/service-kit';
import { isolate, resolveEndpoints, waitUntil } from '@servloop/test-harness';
import { insertRows, migrate, openWarehouse } from '@servloop/warehouse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  COMMENT_ANALYSIS_COLUMNS,
  commentAnalysisRows,
  type Row,
  type RunningNormaliser,
  startNormaliser,
  type Table,
  toRows,
} from '../src/index.ts';
import { migrationsDir } from './paths.ts';

const envelopeOf = (
  body: ReturnType<typeof validExamples>[number]['body'],
  id: string,
  branchId: string,
) => ({
  id,
  branchId,
  schemaVersion: 1,
  receivedAt: new Date().toISOString(),
  ...body,
  data: { ...body.data, customer: { customerKey: 'ck_0123456789abcdef0123456789abcdef' } },
});

const endpoints = await resolveEndpoints();
const iso = isolate(endpoints, 'normaliser');
const kafka = createKafka({ brokers: parseBrokers(endpoints.KAFKA_BROKERS), clientId: `test-${iso.id}` });
const topic = `${iso.topicPrefix}events`;
const dlqTopic = `${iso.topicPrefix}dlq`;
const warehouse = await openWarehouse({ url: iso.clickhouseUrl, database: iso.database });
const count = async (sql: string) =>
  Number(
    (await (await warehouse.client.query({ query: sql, format: 'JSONEachRow' })).json<{ n: string }>())[0]!.n,
  );

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
  await warehouse.close();
});

describe('normaliser: Kafka → ClickHouse', () => {
  it('turns every golden example into the expected rows, across branches and both instances', async () => {
    const examples = validExamples();
    const branches = ['B001', 'B002', 'B003', 'B004', 'B005', 'B006'];
    const producer = createReliableProducer(kafka);
    await producer.connect();
    for (const b of branches) {
      const messages = examples.map((ex, i) => ({
        key: b,
        value: JSON.stringify(envelopeOf(ex.body, `${iso.id}-${b}-${i}`, b)),
      }));
      await producer.send({ topic, messages: [...messages, ...messages] }); // each twice: a redelivery
    }
    await producer.disconnect();
    await waitUntil(
      async () =>
        (await count('SELECT count() AS n FROM complaint_events')) >= 4 * branches.length ? true : undefined,
      30_000,
      () => 'complaint rows',
    );
    await waitUntil(
      async () =>
        (await count('SELECT count() AS n FROM visits')) >= 2 * branches.length ? true : undefined,
      30_000,
      () => 'visit rows',
    );
    await waitUntil(
      async () =>
        (await count('SELECT count() AS n FROM survey_responses')) >= 4 * branches.length ? true : undefined,
      30_000,
      () => 'survey rows',
    );
    await waitUntil(
      async () =>
        (await count('SELECT count() AS n FROM questionnaire_answers')) >= 19 * branches.length
          ? true
          : undefined,
      30_000,
      () => 'answer rows',
    );

    const visit = (
      await (
        await warehouse.client.query({
          query: "SELECT * FROM visits WHERE visit_id = 'V-20260302-0042' AND branch_id = 'B001'",
          format: 'JSONEachRow',
        })
      ).json<Record<string, unknown>>()
    )[0]!;
    expect(visit).toMatchObject({
      wait_seconds: 740,
      service_seconds: 400,
      amount: 268.5,
      currency: 'CNY',
      local_date: '2026-03-02',
      queued_at: '2026-03-02 02:02:10.000',
    });
    expect(visit.customer_key).toBe('ck_0123456789abcdef0123456789abcdef');
    // Both survey responses, plus the two questionnaires' NPS rows... the perception-only one has NPS 9.
    const nps = await (
      await warehouse.client.query({
        query:
          "SELECT nps_category, count() AS n FROM survey_responses WHERE branch_id = 'B001' GROUP BY nps_category ORDER BY nps_category",
        format: 'JSONEachRow',
      })
    ).json<{ nps_category: string; n: string }>();
    expect(nps.map((r) => [r.nps_category, Number(r.n)])).toEqual([
      ['detractor', 2],
      ['promoter', 2],
    ]);
    const current = await (
      await warehouse.client.query({
        query:
          "SELECT current_status, category, severity FROM complaints_current_v1 WHERE branch_id = 'B003'",
        format: 'JSONEachRow',
      })
    ).json();
    expect(current).toEqual([{ current_status: 'followed_up', category: 'attitude', severity: 'high' }]);
    const gap = await count(
      "SELECT sum(gap) AS n FROM questionnaire_answers WHERE branch_id = 'B001' AND response_id = 'Q-5521' AND dimension = 'efficiency'",
    );
    expect(gap).toBe(-1 + -1 + -3); // 4-5, 4-5, 2-5
    // Both instances did work.
    expect(normalisers.every((n) => [...n.inserted.values()].reduce((a, b) => a + b, 0) > 0)).toBe(true);
  });

  it('writes the comment analyses as the rows commentAnalysisRows makes, once each despite the redelivery', async () => {
    // The same events mapped and analysed in this thread, as row objects, through insertRows: the
    // normaliser's rows (encoded on its analyser thread, some remembered) must be these rows.
    const rows = new Map<Table, Row[]>();
    for (const b of ['B001', 'B002', 'B003', 'B004', 'B005', 'B006'])
      for (const [i, ex] of validExamples().entries()) {
        const result = toRows(envelopeOf(ex.body, `${iso.id}-${b}-${i}`, b) as EventEnvelope, {
          topic,
          partition: 0,
          offset: '0',
        });
        if (result.kind !== 'ok') continue;
        for (const { table, row } of result.rows) rows.set(table, [...(rows.get(table) ?? []), row]);
      }
    const expected = commentAnalysisRows(rows);
    expect(expected.length).toBeGreaterThan(6);
    await warehouse.client.command({
      query: 'CREATE TABLE expected_comment_analysis AS comment_analysis_v1',
    });
    await insertRows(warehouse, 'expected_comment_analysis', COMMENT_ANALYSIS_COLUMNS, expected);
    await waitUntil(
      async () =>
        (await count('SELECT count() AS n FROM comment_analysis_v1 FINAL')) >= expected.length
          ? true
          : undefined,
      30_000,
      () => 'comment analysis rows',
    );
    const table = async (name: string) =>
      (
        await warehouse.client.query({
          query: `SELECT * EXCEPT _ingested_at FROM ${name} FINAL ORDER BY ALL`,
          format: 'JSONEachRow',
        })
      ).json();
    const written = await table('comment_analysis_v1');
    expect(written).toHaveLength(expected.length);
    expect(written).toEqual(await table('expected_comment_analysis'));
  });

  it('sends poison messages to the DLQ with reason headers and keeps going', async () => {
    const producer = createReliableProducer(kafka);
    await producer.connect();
    await producer.send({
      topic,
      messages: [
        { key: 'B001', value: '{not json' },
        { key: 'B001', value: JSON.stringify({ id: 'x', type: 'survey.response' }) },
      ],
    });
    await producer.disconnect();
    const dlq: Record<string, string>[] = [];
    const reader = kafka.consumer({ groupId: `${iso.topicPrefix}dlq-reader` });
    await reader.connect();
    await reader.subscribe({ topic: dlqTopic, fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }) =>
        void dlq.push(
          Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])),
        ),
    });
    await waitUntil(
      async () => (dlq.length >= 2 ? true : undefined),
      30_000,
      () => `${dlq.length} DLQ messages`,
    );
    await reader.disconnect();
    expect(dlq.map((h) => h['x-dlq-step']).sort()).toEqual(['parse', 'validate']);
    expect(dlq.find((h) => h['x-dlq-step'] === 'validate')!['x-dlq-errors']).toContain('/branchId');
    expect(dlq.every((h) => h['x-source-topic'] === topic && /^\d+$/.test(h['x-source-offset']!))).toBe(true);
  });
});
