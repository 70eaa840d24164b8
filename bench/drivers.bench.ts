// Key-driver analysis run time for 1 million questionnaire responses, two ways, each against a
// baseline in the same run:
//  1. in memory (packages/metrics): cross-product blocks + relative weights with 200 bootstrap
//     replicates, against one least-squares pass over the same rows (no bootstrap) and against the
//     ordinary bootstrap that resamples responses (measured on 3 replicates, scaled to 200);
//  2. the worker's job on chDB (estimateKeyDrivers: SQL blocks from the _latest views, bootstrap,
//     write), against a bare GROUP BY scan of the same answer rows.
//   pnpm --filter @servloop/bench drivers
import { estimateKeyDrivers } from '@servloop/analytics-worker';
import {
  addObservation,
  crossProductBlocks,
  emptyCrossProducts,
  relativeWeights,
  relativeWeightsPoint,
  seededDraws,
} from '@servloop/metrics';
import { benchWarehouse, fmt, timeQuery } from './common.ts';

const N = Number(process.env.BENCH_RESPONSES ?? 1_000_000);
const NAMES = ['attitude', 'efficiency', 'performance', 'process', 'facilities'];
const SLOPES = [1.2, 1, 0.5, 0.4, 0.3];
const seconds = (t: number) => (performance.now() - t) / 1000;

// 1. In memory.
const draw = seededDraws(3);
const clamp = (v: number) => Math.max(1, Math.min(5, Math.round(v)));
const rows: Float64Array[] = [];
for (let i = 0; i < N; i++) {
  const mood = 0.3 * draw.normal();
  const x = NAMES.map(() => clamp(4 + mood + 0.7 * draw.normal()));
  const y = Math.max(
    0,
    Math.min(10, Math.round(6 + x.reduce((a, v, j) => a + SLOPES[j]! * (v - 4), 0) + draw.normal())),
  );
  rows.push(Float64Array.from([...x, y]));
}
let t = performance.now();
const single = emptyCrossProducts(6);
for (const r of rows) addObservation(single, r);
relativeWeightsPoint(single);
const onePass = seconds(t);
t = performance.now();
const result = relativeWeights(crossProductBlocks(rows, 200), NAMES, { replicates: 200, seed: 1 })!;
const withBootstrap = seconds(t);
t = performance.now();
for (let r = 0; r < 3; r++) {
  const c = emptyCrossProducts(6);
  for (let i = 0; i < N; i++) addObservation(c, rows[Math.floor(draw.uniform() * N)]!);
  relativeWeightsPoint(c);
}
const rowBootstrap = (seconds(t) / 3) * 200;
console.log(`in memory, ${fmt(N)} responses × 5 dimensions:`);
console.log(`  relative weights + 200 block-bootstrap replicates: ${withBootstrap.toFixed(2)} s`);
console.log(`  baseline, one least-squares pass (no intervals):   ${onePass.toFixed(2)} s`);
console.log(`  ordinary row bootstrap, 200 replicates (3 measured, scaled): ${rowBootstrap.toFixed(1)} s`);
console.log(
  `  attitude weight ${result.predictors[0]!.weight.estimate.toFixed(3)} [${result.predictors[0]!.weight.low!.toFixed(3)}, ${result.predictors[0]!.weight.high!.toFixed(3)}], R² ${result.r2.estimate.toFixed(3)}`,
);

// 2. The worker's job on chDB.
const warehouse = await benchWarehouse('drivers');
const c = warehouse.client;
t = performance.now();
// Response r: perception of dimension k is 1 + cityHash64(r, k) % 5; its NPS answer follows them.
const perception = (r: string, k: number) => `(1 + cityHash64(${r}, ${k}) % 5)`;
await c.command({
  query: `INSERT INTO questionnaire_answers_v1 (event_id, branch_id, response_id, visit_id, customer_key, questionnaire_id, questionnaire_version, item_id, quality_type, dimension, servqual_dimension, expectation, perception, gap, occurred_at, local_date, received_at, _topic, _partition, _offset)
          SELECT concat('q', toString(intDiv(number, 5))), concat('B', leftPad(toString(intDiv(number, 5) % 50), 3, '0')),
                 concat('Q', toString(intDiv(number, 5))), '', '', 'window-service', 1,
                 ['attitude.courtesy', 'efficiency.short_wait', 'performance.trust', 'process.accuracy', 'facilities.amenities'][number % 5 + 1],
                 if(number % 5 = 4, 'hard', 'soft'), ['attitude', 'efficiency', 'performance', 'process', 'facilities'][number % 5 + 1], 'tangibles',
                 4, toUInt8(1 + cityHash64(intDiv(number, 5), number % 5) % 5), toInt8(1 + cityHash64(intDiv(number, 5), number % 5) % 5) - 4,
                 toDateTime64('2026-01-01 00:00:00', 3, 'UTC') + toIntervalSecond(intDiv(number, 5) % (80 * 86400)),
                 toDate('2026-01-01') + toIntervalDay(intDiv(intDiv(number, 5) % (80 * 86400), 86400)), now64(3), 'bench', 0, number
          FROM numbers(${5 * N})`,
  clickhouse_settings: { max_insert_threads: '2' },
});
await c.command({
  query: `INSERT INTO survey_responses_v1 (event_id, branch_id, response_id, visit_id, customer_key, channel, language, nps, nps_category, occurred_at, local_date, received_at, _topic, _partition, _offset)
          SELECT concat('s', toString(number)), concat('B', leftPad(toString(number % 50), 3, '0')), concat('Q', toString(number)), '', '',
                 'questionnaire', 'zh-CN', toUInt8(a) AS answer, multiIf(answer >= 9, 'promoter', answer >= 7, 'passive', 'detractor'),
                 toDateTime64('2026-01-01 00:00:00', 3, 'UTC') + toIntervalSecond(number % (80 * 86400)),
                 toDate('2026-01-01') + toIntervalDay(intDiv(number % (80 * 86400), 86400)), now64(3), 'bench', 0, number
          FROM (SELECT number, least(10, greatest(0, round(6 + ${SLOPES.map((s, k) => `${s} * (${perception('number', k)} - 3)`).join(' + ')} + (cityHash64(number, 9) % 3) - 1))) AS a
                FROM numbers(${N}))`,
});
console.log(
  `chDB: generated ${fmt(N)} questionnaires (${fmt(5 * N)} answer rows) in ${seconds(t).toFixed(1)} s`,
);
const { median: scan } = await timeQuery(
  warehouse,
  'SELECT count() FROM (SELECT branch_id, dimension, count(), avg(perception) FROM questionnaire_answers_v1 GROUP BY ALL)',
  1,
);
t = performance.now();
const job = await estimateKeyDrivers(
  warehouse,
  { from: '2026-01-01', to: '2026-03-31' },
  { replicates: 200, minRespondents: 100, defaultTarget: 4.5, seed: 1 },
);
const jobTime = seconds(t);
console.log(
  `  estimateKeyDrivers (SQL blocks through the _latest views, 2 outcomes × ${job.scopes} scopes × 200 replicates, ${job.rows} rows written): ${jobTime.toFixed(2)} s`,
);
console.log(
  `  baseline, bare GROUP BY scan of the answer rows (no FINAL, no join):        ${scan.toFixed(2)} s`,
);
console.log(`  job/scan time ratio: ${(jobTime / scan).toFixed(1)}`);
await warehouse.close();
