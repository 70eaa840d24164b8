// Normaliser rows/s against a raw chDB insert of the same rows, in the same process and run.
//   pnpm --filter @servloop/bench normaliser   (needs the local stack's Kafka)
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKafka, createReliableProducer, ensureTopics, parseBrokers } from '@servloop/kafka';
import { startNormaliser, toRows } from '@servloop/normaliser';
import type { EventEnvelope } from '@servloop/schemas';
import { createLifecycle } from '@servloop/service-kit';
import { resolveEndpoints } from '@servloop/test-harness';
import { migrate, openWarehouse } from '@servloop/warehouse';
import { fmt, steadyState, surveyBody } from './common.ts';

const N = Number(process.env.BENCH_ROWS ?? 200_000);
const CHUNK = 10_000;
const endpoints = await resolveEndpoints();
const run = Date.now().toString(36);
const kafka = createKafka({ brokers: parseBrokers(endpoints.KAFKA_BROKERS), clientId: 'bench' });
const topic = `bench.${run}.events`;
const warehouseUrl = `chdb://${mkdtempSync(join(tmpdir(), 'bench-chdb-'))}`;
const warehouse = await openWarehouse({ url: warehouseUrl, database: 'bench' });
await migrate(warehouse, join(import.meta.dirname, '..', 'infra', 'clickhouse', 'migrations'));
await warehouse.client.command({ query: 'CREATE TABLE baseline AS survey_responses_v1' });

const envelopes: EventEnvelope[] = Array.from({ length: N }, (_, i) => {
  const body = surveyBody(i);
  return {
    id: `${run}-${i}`,
    branchId: `B${String(i % 50).padStart(3, '0')}`,
    schemaVersion: 1,
    receivedAt: new Date().toISOString(),
    type: 'survey.response',
    occurredAt: body.occurredAt,
    data: { ...body.data, customer: { customerKey: 'ck_0123456789abcdef0123456789abcdef' } },
  } as EventEnvelope;
});

// Baseline: the rows the normaliser would write, inserted straight into chDB in 10k chunks,
// in the same (fastest measured) format the normaliser uses.
const rows = envelopes.map((e, i) => {
  const r = toRows(e, { topic, partition: 0, offset: String(i) });
  if (r.kind !== 'ok') throw new Error('mapping failed');
  return r.rows[0]!.row;
});
const t = performance.now();
for (let i = 0; i < rows.length; i += CHUNK) {
  await warehouse.client.insert({
    table: 'baseline',
    values: rows.slice(i, i + CHUNK),
    format: 'JSONEachRow',
  });
}
const rawSeconds = (performance.now() - t) / 1000;
const rawRate = N / rawSeconds;
console.log(
  `raw chDB insert     ${fmt(rawRate)} rows/s (${fmt(N)} rows in ${rawSeconds.toFixed(2)} s, ${CHUNK}-row inserts)`,
);

// The normaliser: the same events on Kafka, consumed, validated, mapped and inserted.
await ensureTopics(kafka, [{ name: topic, partitions: 6 }]);
const producer = createReliableProducer(kafka);
await producer.connect();
for (let i = 0; i < envelopes.length; i += 5000) {
  await producer.send({
    topic,
    messages: envelopes.slice(i, i + 5000).map((e) => ({ key: e.branchId, value: JSON.stringify(e) })),
  });
}
await producer.disconnect();
// Surveys only: with comment analysis on, comment_analysis_v1 rows are inserted too.
async function normalise(into: typeof warehouse, group: string, analyseComments: boolean) {
  const began = performance.now();
  const normaliser = await startNormaliser({
    kafka,
    warehouse: into,
    topic,
    dlqTopic: `${topic}.dlq`,
    groupId: `${topic}.${group}`,
    lifecycle: createLifecycle('bench'),
    analyseComments,
  });
  const surveys = () => normaliser.inserted.get('survey_responses_v1') ?? 0;
  const state = await steadyState(surveys, N, (rows) =>
    process.stderr.write(`  normaliser (${group}): ${fmt(rows)} rows\n`),
  );
  await normaliser.stop();
  return { ...state, began };
}
const on = await normalise(warehouse, 'n', true);
const [count] = await (
  await warehouse.client.query({ query: 'SELECT count() AS n FROM survey_responses', format: 'JSONEachRow' })
).json<{ n: string }>();
const nRate = on.rate;
console.log(
  `normaliser          ${fmt(nRate)} rows/s steady state (first insert to last); ${fmt(N / ((on.endAt - on.began) / 1000))} rows/s including the ${((on.firstAt - on.began) / 1000).toFixed(2)} s group join; ${count!.n} rows in the view`,
);
console.log(`normaliser/raw ratio: ${(nRate / rawRate).toFixed(2)} (goal ≥ 0.5 and ≥ 50,000 rows/s)`);
// The same events again into a fresh database, comment analysis off: what analysing costs.
const plain = await openWarehouse({ url: warehouseUrl, database: 'bench_no_comments' });
await migrate(plain, join(import.meta.dirname, '..', 'infra', 'clickhouse', 'migrations'));
const off = await normalise(plain, 'off', false);
await plain.close();
console.log(
  `comment analysis   on ${fmt(on.rate)} rows/s, off ${fmt(off.rate)} rows/s: on/off ratio ${(on.rate / off.rate).toFixed(2)} (goal ≥ 0.80)`,
);
await warehouse.close();
process.exit(0);
