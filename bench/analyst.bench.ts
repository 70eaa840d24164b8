// Ingestion under analyst load: normaliser rows/s while an analyst keeps a heavy query running
// through the SQL endpoint, against the same run without it (goal: ≥ 0.7). Rounds alternate quiet
// and loaded (and which goes first), each consuming the same events into a fresh database of one
// embedded engine, after one warm-up round. (The same query on the writers' own session, as the
// endpoint ran it before it had a session of its own, blocks every insert until it ends: past the
// consumer's session timeout the group drops the normaliser; see the integration test
// 'runs beside the writers'.)
//   pnpm --filter @servloop/bench analyst   (needs the local stack's Kafka)
//   BENCH_ROWS=100000 BENCH_ROUNDS=3
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKafka, createReliableProducer, ensureTopics, parseBrokers } from '@servloop/kafka';
import { startNormaliser } from '@servloop/normaliser';
import { createLifecycle } from '@servloop/service-kit';
import { resolveEndpoints } from '@servloop/test-harness';
import {
  analystUsers,
  DEFAULT_ANALYST_LIMITS,
  hashPassword,
  migrate,
  openWarehouse,
  serveQueryEndpoint,
} from '@servloop/warehouse';
import { fmt, steadyState, surveyBody } from './common.ts';

const N = Number(process.env.BENCH_ROWS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
// A full scan that burns CPU for the whole time limit: the worst an analyst can do.
const HEAVY = 'SELECT count() FROM numbers(1000000000) WHERE sipHash64(number) % 7 = 0';
const endpoints = await resolveEndpoints();
const run = Date.now().toString(36);
const kafka = createKafka({ brokers: parseBrokers(endpoints.KAFKA_BROKERS), clientId: 'bench' });
const topic = `bench.${run}.analyst`;
const path = mkdtempSync(join(tmpdir(), 'bench-analyst-'));
const migrations = join(import.meta.dirname, '..', 'infra', 'clickhouse', 'migrations');

await ensureTopics(kafka, [{ name: topic, partitions: 6 }]);
const producer = createReliableProducer(kafka);
await producer.connect();
for (let i = 0; i < N; i += 5000) {
  await producer.send({
    topic,
    messages: Array.from({ length: Math.min(5000, N - i) }, (_, k) => {
      const body = surveyBody(i + k);
      const branchId = `B${String((i + k) % 50).padStart(3, '0')}`;
      return {
        key: branchId,
        value: JSON.stringify({
          id: `${run}-${i + k}`,
          branchId,
          schemaVersion: 1,
          receivedAt: new Date().toISOString(),
          type: 'survey.response',
          occurredAt: body.occurredAt,
          data: { ...body.data, customer: { customerKey: 'ck_0123456789abcdef0123456789abcdef' } },
        }),
      };
    }),
  });
}
await producer.disconnect();
console.log(`${fmt(N)} survey events on ${topic}; ${ROUNDS} rounds of quiet vs loaded`);

const PASSWORD = 'bench';
const users = analystUsers({ analyst: hashPassword(PASSWORD) });
const auth = `Basic ${Buffer.from(`analyst:${PASSWORD}`).toString('base64')}`;

type Load = 'quiet' | 'endpoint';
async function ingest(label: string, load: Load): Promise<{ rate: number; analyst: string }> {
  const database = `bench_${label}`;
  const writer = await openWarehouse({ url: `chdb://${path}`, database });
  await migrate(writer, migrations);
  const reader = await openWarehouse({ url: `chdb://${path}`, database, create: false });
  const endpoint = await serveQueryEndpoint(reader, { users, limits: DEFAULT_ANALYST_LIMITS, port: 0 });
  const answers: string[] = [];
  let stop = false;
  const once = async () => {
    const began = performance.now();
    const res = await fetch(endpoint.url, { method: 'POST', body: HEAVY, headers: { authorization: auth } });
    const text = await res.text();
    answers.push(
      `${res.status === 200 ? 'ok' : text.slice(0, 9)} after ${((performance.now() - began) / 1000).toFixed(1)} s`,
    );
  };
  const analyst =
    load === 'quiet'
      ? Promise.resolve()
      : (async () => {
          while (!stop) await once();
        })();
  if (load !== 'quiet') await new Promise((r) => setTimeout(r, 500)); // the query runs before ingestion starts
  const normaliser = await startNormaliser({
    kafka,
    warehouse: writer,
    topic,
    dlqTopic: `${topic}.dlq`,
    groupId: `${topic}.${label}`,
    lifecycle: createLifecycle('bench'),
  });
  // Surveys only: comment_analysis_v1 rows are inserted too.
  const { rate } = await steadyState(() => normaliser.inserted.get('survey_responses_v1') ?? 0, N);
  stop = true;
  await normaliser.stop();
  await analyst;
  await endpoint.close();
  await reader.close();
  await writer.close();
  return { rate, analyst: answers.join(', ') };
}

await ingest('warmup', 'quiet');
const ratios: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  const order: Load[] = r % 2 === 0 ? ['quiet', 'endpoint'] : ['endpoint', 'quiet'];
  const result: Partial<Record<Load, Awaited<ReturnType<typeof ingest>>>> = {};
  for (const load of order) result[load] = await ingest(`r${r}_${load.replace(' ', '_')}`, load);
  const quiet = result.quiet!.rate;
  ratios.push(result.endpoint!.rate / quiet);
  console.log(
    `round ${r + 1}: quiet ${fmt(quiet)} rows/s; heavy query through the endpoint ${fmt(result.endpoint!.rate)} rows/s ` +
      `(ratio ${(result.endpoint!.rate / quiet).toFixed(2)}; analyst: ${result.endpoint!.analyst}); `,
  );
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`endpoint-loaded/quiet ratio, median of ${ROUNDS}: ${median(ratios).toFixed(2)} (goal ≥ 0.70)`);
process.exit(0);
