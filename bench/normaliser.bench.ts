// Normaliser rows/s against a raw chDB insert of the same rows, in the same process and run.
//   pnpm --filter @servloop/bench normaliser   (needs the local stack's Kafka)
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKafka, createReliableProducer, ensureTopics, parseBrokers } from '@servloop/kafka';
import { startNormaliser, threadedCommentAnalyser, toRows } from '@servloop/normaliser';
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

// One survey in BENCH_COMMENT_EVERY (3 by default, as surveyBody has them) carries a comment: the
// labelled development comments in turn rather than one sentence, since real comments vary in
// length and content and one repeated text would flatter any cache on the way. A third of all
// events is heavier than the demo's simulator (a comment on 30% of surveys, surveys on half the
// visits, beside visit and questionnaire events: about 8% of events).
const COMMENT_EVERY = Number(process.env.BENCH_COMMENT_EVERY ?? 3);
const COMMENTS = readFileSync(new URL('../packages/comment-analysis/data/dev.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => (JSON.parse(line) as { text: string }).text);
let commented = 0;
const envelopes: EventEnvelope[] = Array.from({ length: N }, (_, i) => {
  const body = surveyBody(i);
  body.data.comment = i % COMMENT_EVERY === 0 ? COMMENTS[commented++ % COMMENTS.length]! : '';
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
const sharedAnalyser = threadedCommentAnalyser(1);
// Surveys only: with comment analysis on, comment_analysis_v1 rows are inserted too.
async function normalise(
  into: typeof warehouse,
  group: string,
  analyseComments: boolean,
  analyserThreads = 1,
) {
  const began = performance.now();
  const cpuBefore = process.cpuUsage();
  const normaliser = await startNormaliser({
    kafka,
    warehouse: into,
    topic,
    dlqTopic: `${topic}.dlq`,
    groupId: `${topic}.${group}`,
    lifecycle: createLifecycle('bench'),
    analyseComments,
    analyserThreads,
    // A running normaliser starts its analyser thread once; so do the runs here (the first run
    // pays the thread's start, loading the segmenter's dictionary, during its group join).
    ...(analyseComments && analyserThreads > 0 ? { commentAnalyser: sharedAnalyser } : {}),
  });
  const surveys = () => normaliser.inserted.get('survey_responses_v1') ?? 0;
  // With analysis on, a batch is done when its comment rows are in too (they go in last).
  const analysed = () => normaliser.inserted.get('comment_analysis_v1') ?? 0;
  const done = analyseComments
    ? () => Math.min(surveys(), Math.floor((analysed() * N) / commented))
    : surveys;
  const state = await steadyState(done, N, (rows) =>
    process.stderr.write(`  normaliser (${group}): ${fmt(rows)} rows\n`),
  );
  // CPU of the whole process (every thread, chDB's and the analyser's too) from start to stop.
  const cpu = process.cpuUsage(cpuBefore);
  await normaliser.stop();
  if (analyseComments && analysed() !== commented)
    throw new Error(`${group}: ${analysed()} comment rows for ${commented} comments`);
  return { ...state, began, comments: analysed(), cpuSeconds: (cpu.user + cpu.system) / 1e6 };
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
// The same events again into fresh databases: comment analysis off (what analysing costs), on
// (analyser thread, the default), and on in the consumer's own thread (as before the thread).
async function fresh(database: string) {
  const db = await openWarehouse({ url: warehouseUrl, database });
  await migrate(db, join(import.meta.dirname, '..', 'infra', 'clickhouse', 'migrations'));
  return db;
}
// Interleaved rounds, the median of each kind: on a shared host a neighbour's burst lands on one
// run, not on one kind. CPU-seconds (all threads) per run are what a saturated host would see.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const runs = { off: [] as Run[], thread: [] as Run[], inline: [] as Run[] };
type Run = Awaited<ReturnType<typeof normalise>>;
for (let round = 0; round < ROUNDS; round++) {
  for (const kind of ['off', 'thread', 'inline'] as const) {
    const db = await fresh(`bench_${kind}_${round}`);
    runs[kind].push(await normalise(db, `${kind}${round}`, kind !== 'off', kind === 'inline' ? 0 : 1));
    await db.close();
  }
  const last = (kind: keyof typeof runs) => runs[kind][round]!;
  console.log(
    `round ${round + 1}: off ${fmt(last('off').rate)}, on (analyser thread) ${fmt(last('thread').rate)}, on (consumer's thread) ${fmt(last('inline').rate)} rows/s`,
  );
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rate = (kind: keyof typeof runs) => median(runs[kind].map((r) => r.rate));
const cpuPerK = (kind: keyof typeof runs) => median(runs[kind].map((r) => (1e6 * r.cpuSeconds) / N));
console.log(
  `comments: ${fmt(commented)} of ${fmt(N)} events carry one (${((100 * commented) / N).toFixed(0)}%), ${COMMENTS.length} distinct labelled texts in turn; ${fmt(on.comments)} analysis rows per run`,
);
console.log(
  `comment analysis   on ${fmt(rate('thread'))} rows/s (analyser thread), off ${fmt(rate('off'))} rows/s: on/off ratio ${(rate('thread') / rate('off')).toFixed(2)} (goal ≥ 0.80; medians of ${ROUNDS} interleaved rounds)`,
);
console.log(
  `                   on in the consumer's thread ${fmt(rate('inline'))} rows/s: ratio ${(rate('inline') / rate('off')).toFixed(2)} (before the analyser thread)`,
);
console.log(
  `CPU-ms per 1,000 events (all threads): off ${fmt(cpuPerK('off'), 1)}, on (analyser thread) ${fmt(cpuPerK('thread'), 1)}, on (consumer's thread) ${fmt(cpuPerK('inline'), 1)}; off/on ${(cpuPerK('off') / cpuPerK('thread')).toFixed(2)} (the ratio on a host with no core to spare)`,
);
await sharedAnalyser.close();
await warehouse.close();
process.exit(0);
