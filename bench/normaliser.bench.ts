// Normaliser rows/s against a raw chDB insert of the same rows, in the same process and run.
//   pnpm --filter @servloop/bench normaliser   (needs the local stack's Kafka)
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKafka, createReliableProducer, ensureTopics, parseBrokers } from '@servloop/kafka';
import { startNormaliser, threadedCommentAnalyser, toRows } from '@servloop/normaliser';
import type { EventEnvelope } from '@servloop/schemas';
import { createLifecycle } from '@servloop/service-kit';
import { resolveEndpoints } from '@servloop/test-harness';
import { migrate, openWarehouse } from '@servloop/warehouse';
import { hallComment, SECTORS, type VisitScores } from '../infra/local/comments.ts';
import { fmt, labelledTexts, steadyState, surveyEnvelope } from './common.ts';

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

// One survey in BENCH_COMMENT_EVERY (3 by default, as surveyBody has them) carries a comment. A
// third of all events is heavier than the demo's simulator (a comment on 30% of surveys, surveys on
// half the visits, beside visit and questionnaire events: about 8% of events; BENCH_COMMENT_EVERY=12).
// BENCH_COMMENT_TEXTS says which comments:
//  - labelled (default): the labelled development comments in turn, 312 distinct texts, so every
//    text comes back every 312 comments: the best case for a cache of analyses by text;
//  - simulator: the demo simulator's comments (infra/local/comments.ts) for visits scored at random,
//    where a stock phrase ("无", "还行") or a template recurs as it does in the demo.
const COMMENT_EVERY = Number(process.env.BENCH_COMMENT_EVERY ?? 3);
const COMMENT_TEXTS = process.env.BENCH_COMMENT_TEXTS ?? 'labelled';
const COMMENTS =
  COMMENT_TEXTS === 'simulator' ? simulatorComments(Math.ceil(N / COMMENT_EVERY)) : labelledTexts();
function simulatorComments(n: number): string[] {
  let seed = 7;
  const rand = () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
  const dimensions = ['attitude', 'efficiency', 'performance', 'process', 'facilities'] as const;
  const texts: string[] = [];
  for (let i = 0; texts.length < n; i++) {
    const scores = Object.fromEntries(dimensions.map((d) => [d, 1.5 + rand() * 3.5])) as VisitScores;
    const text = hallComment(rand, SECTORS[i % SECTORS.length]!, scores);
    if (text !== '') texts.push(text);
  }
  return texts;
}
const WARM_UP = (() => {
  const inStream = new Set(COMMENTS);
  const held = ['heldout.jsonl', 'dev-extra.jsonl'].flatMap((file) => labelledTexts(file));
  return [1, 2, 3, 4]
    .flatMap((n) => held.map((text) => `${text}${'!'.repeat(n)}`))
    .filter((t) => !inStream.has(t));
})();
let commented = 0;
const envelopes: EventEnvelope[] = Array.from({ length: N }, (_, i) =>
  surveyEnvelope(`${run}-${i}`, i, i % COMMENT_EVERY === 0 ? COMMENTS[commented++ % COMMENTS.length]! : ''),
);

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
type Kind = 'off' | 'on' | 'on-nocache';
// Surveys only. With comment analysis on, comments are analysed after their batch (deferred, on a
// nice-19 analyser thread) and their comment_analysis_v1 rows go in then: the normaliser's rate is
// its ingestion (surveys in), and the run then waits until every comment has its row (the drain).
// Each run starts its own analyser thread, as a starting normaliser does, and waits for it to load
// the segmenter's dictionary before the clock starts: loading is a one-off, not throughput. The
// normaliser's sweep over every day comes a minute after start, after a run of this size.
async function normalise(into: typeof warehouse, group: string, kind: Kind) {
  const analyseComments = kind !== 'off';
  const analyser =
    kind === 'on'
      ? threadedCommentAnalyser(1, { lowPriority: true })
      : kind === 'on-nocache'
        ? threadedCommentAnalyser(1, { cacheSize: 0, lowPriority: true })
        : undefined;
  await analyser?.ready();
  // A running normaliser's analyser is warm (compiled by the JIT); its cache holds what it saw.
  // So the analyser is warmed on texts the stream does not carry, before the clock starts.
  await analyser?.analyse(WARM_UP);
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
    ...(analyser ? { commentAnalyser: analyser } : {}),
  });
  const surveys = () => normaliser.inserted.get('survey_responses_v1') ?? 0;
  const state = await steadyState(surveys, N, (rows) =>
    process.stderr.write(`  normaliser (${group}): ${fmt(rows)} rows\n`),
  );
  // CPU of the whole process (every thread: chDB's and the analyser's too) while ingesting, and
  // until every comment has its row.
  const ingestCpu = process.cpuUsage(cpuBefore);
  const analysis = normaliser.commentAnalysis;
  const backlogAtEnd = analysis?.status().backlog ?? 0;
  if (analysis) {
    await analysis.idle();
    // Comments the queue could not take (or failed) are the sweep's: sweep until they have rows.
    if (analysis.status().leftToSweep > 0) await analysis.sweep();
  }
  const drainedAt = performance.now();
  const cpu = process.cpuUsage(cpuBefore);
  const rowsFor = async () =>
    Number(
      (
        await (
          await into.client.query({
            query: 'SELECT count() AS n FROM comment_analysis_v1 FINAL',
            format: 'JSONEachRow',
          })
        ).json<{ n: string }>()
      )[0]!.n,
    );
  const comments = analyseComments ? await rowsFor() : 0;
  await normaliser.stop();
  await analyser?.close();
  if (analyseComments && comments !== commented)
    throw new Error(`${group}: ${comments} comment rows for ${commented} comments`);
  return {
    ...state,
    began,
    comments,
    backlogAtEnd,
    leftToSweep: analysis?.status().leftToSweep ?? 0,
    drainMs: drainedAt - state.endAt,
    ingestCpuSeconds: (ingestCpu.user + ingestCpu.system) / 1e6,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
}
const on = await normalise(warehouse, 'n', 'on');
const [count] = await (
  await warehouse.client.query({ query: 'SELECT count() AS n FROM survey_responses', format: 'JSONEachRow' })
).json<{ n: string }>();
const nRate = on.rate;
console.log(
  `normaliser          ${fmt(nRate)} rows/s steady state (first insert to last); ${fmt(N / ((on.endAt - on.began) / 1000))} rows/s including the ${((on.firstAt - on.began) / 1000).toFixed(2)} s group join; ${count!.n} rows in the view`,
);
console.log(`normaliser/raw ratio: ${(nRate / rawRate).toFixed(2)} (goal ≥ 0.5 and ≥ 50,000 rows/s)`);
// The same events again into fresh databases, in interleaved rounds of BENCH_KINDS: comment
// analysis off (the baseline), on (deferred, the default) and, if asked for, on-nocache (the same
// with no analyses of recent texts remembered: every comment analysed). On a shared host a
// neighbour's burst lands on one run, not on one kind: each round prints its own on/off ratio of
// ingestion rows/s, the backlog when ingestion finished and the drain (from then until every
// comment had its row), and the summary the median of the ratios. CPU-seconds (all threads) per
// run, ingestion and drain together, are what a saturated host would see.
async function fresh(database: string) {
  const db = await openWarehouse({ url: warehouseUrl, database });
  await migrate(db, join(import.meta.dirname, '..', 'infra', 'clickhouse', 'migrations'));
  return db;
}
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const KINDS = (process.env.BENCH_KINDS ?? 'off,on').split(',') as Kind[];
if (KINDS[0] !== 'off') throw new Error('BENCH_KINDS starts with off, the baseline');
type Run = Awaited<ReturnType<typeof normalise>>;
const runs = new Map<Kind, Run[]>(KINDS.map((kind) => [kind, []]));
const ratios = new Map<Kind, number[]>(KINDS.map((kind) => [kind, []]));
const cpuPerK = (r: Run) => (1e6 * r.cpuSeconds) / N;
const loads: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  loads.push(loadavg()[0]!);
  for (const kind of KINDS) {
    const db = await fresh(`bench_${kind.replace(/\W/g, '_')}_${round}`);
    runs.get(kind)!.push(await normalise(db, `${kind}${round}`, kind));
    await db.close();
  }
  const off = runs.get('off')![round]!;
  const parts = KINDS.map((kind) => {
    const r = runs.get(kind)![round]!;
    ratios.get(kind)!.push(r.rate / off.rate);
    const ratio =
      kind === 'off'
        ? ` (CPU ${r.cpuSeconds.toFixed(1)} s)`
        : ` (${(r.rate / off.rate).toFixed(2)}; backlog at end of ingestion ${fmt(r.backlogAtEnd)}, drained ${(r.drainMs / 1000).toFixed(1)} s later${r.leftToSweep ? `, ${fmt(r.leftToSweep)} by the sweep` : ''}; CPU ${r.ingestCpuSeconds.toFixed(1)} s ingesting, ${r.cpuSeconds.toFixed(1)} s with the drain)`;
    return `${kind} ${fmt(r.rate)} rows/s${ratio}`;
  });
  console.log(`round ${round + 1} (load ${loads[round]!.toFixed(1)}): ${parts.join(', ')}`);
}
loads.push(loadavg()[0]!);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const distinct = new Set(COMMENTS.slice(0, commented)).size;
console.log(
  `comments: ${fmt(commented)} of ${fmt(N)} events carry one (${((100 * commented) / N).toFixed(1)}%), ${COMMENT_TEXTS} texts, ${fmt(Math.min(distinct, commented))} distinct; ${fmt(on.comments)} analysis rows per run; host load (1-min) ${loads.map((l) => l.toFixed(1)).join(' → ')}`,
);
for (const kind of KINDS.filter((k) => k !== 'off'))
  console.log(
    `on/off rows/s (${kind}): rounds ${ratios
      .get(kind)!
      .map((r) => r.toFixed(2))
      .join(', ')}; median ${median(ratios.get(kind)!).toFixed(2)} (goal ≥ 0.80); drain ${runs
      .get(kind)!
      .map((r) => `${(r.drainMs / 1000).toFixed(1)} s`)
      .join(', ')} after ingestion ended (backlogs ${runs
      .get(kind)!
      .map((r) => fmt(r.backlogAtEnd))
      .join(
        ', ',
      )}); medians ${fmt(median(runs.get(kind)!.map((r) => r.rate)))} vs off ${fmt(median(runs.get('off')!.map((r) => r.rate)))} rows/s`,
  );
console.log(
  `CPU-ms per 1,000 events (all threads, medians): ${KINDS.map((kind) => `${kind} ${fmt(median(runs.get(kind)!.map(cpuPerK)), 1)}`).join(', ')} (off/on: the ratio on a host with no core to spare)`,
);
await warehouse.close();
process.exit(0);
