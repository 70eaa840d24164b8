// Rollup time over 10 million generated survey responses and questionnaire answers, against a
// bare GROUP BY scan of the same rows in the same run.
//   pnpm --filter @servloop/bench rollup
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rollup } from '@servloop/analytics-worker';
import { migrate, openWarehouse } from '@servloop/warehouse';
import { fmt } from './common.ts';

const N = Number(process.env.BENCH_RESPONSES ?? 10_000_000);
const warehouse = await openWarehouse({
  url: `chdb://${mkdtempSync(join(tmpdir(), 'bench-rollup-'))}`,
  database: 'bench',
});
await migrate(warehouse, join(import.meta.dirname, '..', 'infra', 'clickhouse', 'migrations'));
const c = warehouse.client;
let t = performance.now();
// Generated in ClickHouse itself: 200 branches × 365 days, NPS 0–10, one event id each.
await c.command({
  query: `INSERT INTO survey_responses_v1 (event_id, branch_id, response_id, customer_key, channel, language, nps, nps_category, occurred_at, local_date, received_at, _topic, _partition, _offset)
          SELECT concat('e', toString(number)), concat('B', leftPad(toString(number % 200), 3, '0')), toString(number), '', 'sms', 'zh-CN',
                 toUInt8(number % 11), multiIf(number % 11 >= 9, 'promoter', number % 11 >= 7, 'passive', 'detractor'),
                 toDateTime64('2026-01-01 00:00:00', 3, 'UTC') + toIntervalSecond(number % (365 * 86400)),
                 toDate('2026-01-01') + toIntervalDay(intDiv(number % (365 * 86400), 86400)), now64(3), 'bench', 0, number
          FROM numbers(${N})`,
  clickhouse_settings: { max_insert_threads: '2' },
});
await c.command({
  query: `INSERT INTO questionnaire_answers_v1 (event_id, branch_id, response_id, customer_key, questionnaire_id, questionnaire_version, item_id, quality_type, dimension, servqual_dimension, expectation, perception, gap, occurred_at, local_date, received_at, _topic, _partition, _offset)
          SELECT concat('q', toString(intDiv(number, 5))), concat('B', leftPad(toString(intDiv(number, 5) % 200), 3, '0')), '', '', 'window-service', 1,
                 ['attitude.courtesy', 'efficiency.short_wait', 'performance.trust', 'process.accuracy', 'facilities.amenities'][number % 5 + 1], if(number % 5 = 4, 'hard', 'soft'),
                 ['attitude', 'efficiency', 'performance', 'process', 'facilities'][number % 5 + 1], 'tangibles',
                 toUInt8(4 + number % 2), toUInt8(1 + number % 5), toInt8(1 + number % 5) - toInt8(4 + number % 2),
                 toDateTime64('2026-01-01 00:00:00', 3, 'UTC') + toIntervalSecond(intDiv(number, 5) % (365 * 86400)),
                 toDate('2026-01-01') + toIntervalDay(intDiv(intDiv(number, 5) % (365 * 86400), 86400)), now64(3), 'bench', 0, number
          FROM numbers(${N})`,
});
console.log(
  `generated ${fmt(N)} survey responses and ${fmt(N)} questionnaire answers in ${((performance.now() - t) / 1000).toFixed(1)} s`,
);

t = performance.now();
await c
  .query({
    query:
      'SELECT count() FROM (SELECT branch_id, local_date, count(), countIf(nps >= 9), countIf(nps <= 6) FROM survey_responses_v1 GROUP BY ALL)',
  })
  .then((r) => r.text());
await c
  .query({
    query:
      'SELECT count() FROM (SELECT branch_id, local_date, dimension, avg(perception), avg(gap) FROM questionnaire_answers_v1 GROUP BY ALL)',
  })
  .then((r) => r.text());
const scan = (performance.now() - t) / 1000;
console.log(`bare GROUP BY scan of both tables (no FINAL, no output): ${scan.toFixed(2)} s`);

t = performance.now();
const out = await rollup(warehouse, { from: '2026-01-01', to: '2026-12-31' });
const took = (performance.now() - t) / 1000;
console.log(
  `rollup (FINAL views, NPS intervals, ${fmt(out.npsRows)} nps_daily + ${fmt(out.qualityRows)} quality_daily rows written): ${took.toFixed(2)} s`,
);
console.log(`rollup/scan time ratio: ${(took / scan).toFixed(2)} over ${fmt(N)} responses`);
await warehouse.close();
