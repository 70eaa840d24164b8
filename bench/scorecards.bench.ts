// Scorecard query time at 10 million visits (chDB), against baselines in the same run: the same
// week's window figures computed straight from the raw tables (no rollup), and a bare GROUP BY
// scan of the visits. Also prints what keeps the scorecards fast: the rollup and scorecard jobs.
//   pnpm --filter @servloop/bench scorecards        (BENCH_VISITS=1000000 for a quick run)
import { refreshScorecards, rollupFloor } from '@servloop/analytics-worker';
import { benchWarehouse, fmt, timeQuery } from './common.ts';

const N = Number(process.env.BENCH_VISITS ?? 10_000_000);
const warehouse = await benchWarehouse('scorecards');
const c = warehouse.client;
const seconds = (t: number) => (performance.now() - t) / 1000;
// Visit n: day n mod 365 of 2026, between 09:00 and 18:00 Beijing time.
const at = (n: string) =>
  `toDateTime64('2026-01-01 01:00:00', 3, 'UTC') + toIntervalSecond((${n} % 365) * 86400 + intDiv(${n}, 365) % 32400)`;
const day = (n: string) => `toDate('2026-01-01') + toIntervalDay(${n} % 365)`;

let t = performance.now();
// 50 branches × 8 windows × 12 colleagues over a year (branch, window and colleague hashed from the
// visit number, so answers spread over all of them); 30 % of visits answer a survey, 10 % a
// questionnaire (5 items), 0.5 % complain.
await c.command({
  query: `INSERT INTO visits_v1 (event_id, branch_id, visit_id, window_id, staff_id, customer_key, service_type, queued_at, called_at, served_at, finished_at, wait_seconds, service_seconds, amount, currency, occurred_at, local_date, received_at, _topic, _partition, _offset)
          SELECT concat('v', toString(number)), concat('B', leftPad(toString(cityHash64(number, 0) % 50), 3, '0')), concat('V', toString(number)),
                 concat('W', toString(cityHash64(number, 1) % 8 + 1)), concat('S', toString(cityHash64(number, 0) % 50), '-', toString(cityHash64(number, 2) % 12 + 1)),
                 concat('ck', toString(number % 2000000)), 'bill_payment',
                 ${at('number')}, ${at('number')}, ${at('number')}, ${at('number')},
                 toUInt32(cityHash64(number, 3) % 2400), toUInt32(120 + cityHash64(number, 4) % 900), 100, 'CNY',
                 ${at('number')}, ${day('number')}, now64(3), 'bench', 0, number
          FROM numbers(${N})`,
  clickhouse_settings: { max_insert_threads: '2' },
});
await c.command({
  query: `INSERT INTO survey_responses_v1 (event_id, branch_id, response_id, visit_id, customer_key, channel, language, nps, nps_category, occurred_at, local_date, received_at, _topic, _partition, _offset)
          SELECT concat('s', toString(v)), concat('B', leftPad(toString(cityHash64(v, 0) % 50), 3, '0')), concat('R', toString(v)), concat('V', toString(v)), '',
                 'sms', 'zh-CN', toUInt8(cityHash64(v, 5) % 11) AS answer, multiIf(answer >= 9, 'promoter', answer >= 7, 'passive', 'detractor'),
                 ${at('v')}, ${day('v')}, now64(3), 'bench', 0, v
          FROM (SELECT number * 10 + number % 3 AS v FROM numbers(${Math.floor((3 * N) / 10)}))`,
});
await c.command({
  query: `INSERT INTO questionnaire_answers_v1 (event_id, branch_id, response_id, visit_id, customer_key, questionnaire_id, questionnaire_version, item_id, quality_type, dimension, servqual_dimension, expectation, perception, gap, occurred_at, local_date, received_at, _topic, _partition, _offset)
          SELECT concat('q', toString(v)), concat('B', leftPad(toString(cityHash64(v, 0) % 50), 3, '0')), concat('Q', toString(v)), concat('V', toString(v)), '',
                 'window-service', 1, ['attitude.courtesy', 'efficiency.short_wait', 'performance.trust', 'process.accuracy', 'facilities.amenities'][k + 1],
                 if(k = 4, 'hard', 'soft'), ['attitude', 'efficiency', 'performance', 'process', 'facilities'][k + 1], 'tangibles',
                 4, toUInt8(1 + cityHash64(v, k) % 5), toInt8(1 + cityHash64(v, k) % 5) - 4, ${at('v')}, ${day('v')}, now64(3), 'bench', 0, v * 5 + k
          FROM (SELECT intDiv(number, 5) * 10 + 3 AS v, number % 5 AS k FROM numbers(${Math.floor(N / 10) * 5}))`,
});
await c.command({
  query: `INSERT INTO complaints_v1 (event_id, branch_id, complaint_id, status, customer_key, channel, category, severity, description, resolution, handler_id, occurred_at, local_date, received_at, _topic, _partition, _offset)
          SELECT concat('c', toString(v)), concat('B', leftPad(toString(cityHash64(v, 0) % 50), 3, '0')), concat('C', toString(v)), 'filed', concat('ck', toString(v % 2000000)),
                 'hotline', 'efficiency', 'medium', '', '', '', ${at('v')} + toIntervalHour(2), ${day('v')}, now64(3), 'bench', 0, v
          FROM (SELECT number * 200 + 7 AS v FROM numbers(${Math.floor(N / 200)}))`,
});
console.log(
  `generated ${fmt(N)} visits (30 % surveyed, 10 % with a questionnaire, 0.5 % complaints) in ${seconds(t).toFixed(1)} s`,
);

t = performance.now();
await rollupFloor(warehouse, { from: '2026-01-01', to: '2026-12-31' }, 7);
const rollupTime = seconds(t);
t = performance.now();
const cards = await refreshScorecards(
  warehouse,
  { from: '2026-01-01', to: '2026-12-31' },
  { minStaffRespondents: 10 },
);
const cardTime = seconds(t);
const [daily] = await c
  .query({ query: 'SELECT count() AS n FROM floor_daily_v1', format: 'JSONEachRow' })
  .then((r) => r.json<{ n: string }>());

const timed = (sql: string, runs = 5) => timeQuery(warehouse, sql, runs);
const WEEK = '2026-06-01';
const windowCard = await timed(
  `SELECT * FROM window_scorecard WHERE period_kind = 'week' AND period_start = '${WEEK}' ORDER BY branch_id, mean_service_min DESC`,
);
const staffCard = await timed(
  `SELECT * FROM staff_scorecard WHERE period_kind = 'month' AND period_start = '2026-06-01' ORDER BY branch_id, nps_rank`,
);
const fromRaw = await timed(
  `SELECT v.branch_id, v.window_id, count() AS visits, avg(v.wait_seconds) / 60 AS wait_min, avg(v.service_seconds) / 60 AS service_min,
          countIf(s.answer IS NOT NULL) AS nps_n, 100 * (countIf(s.answer >= 9) - countIf(s.answer <= 6)) / nps_n AS nps
   FROM (SELECT * FROM visits_v1 FINAL WHERE local_date >= '${WEEK}' AND local_date < toDate('${WEEK}') + 7) AS v
   LEFT JOIN (SELECT branch_id, visit_id, argMax(nps, occurred_at) AS answer FROM survey_responses_latest
              WHERE visit_id != '' AND nps IS NOT NULL AND local_date >= '${WEEK}' AND local_date < toDate('${WEEK}') + 21 GROUP BY branch_id, visit_id) AS s
     ON s.branch_id = v.branch_id AND s.visit_id = v.visit_id
   GROUP BY v.branch_id, v.window_id ORDER BY v.branch_id, service_min DESC
   SETTINGS join_use_nulls = 1`,
  3,
);
const scan = await timed(
  'SELECT branch_id, window_id, toMonday(local_date) AS week, count(), avg(wait_seconds), avg(service_seconds) FROM visits_v1 GROUP BY ALL',
  3,
);
console.log(`at ${fmt(N)} visits:`);
console.log(
  `  window_scorecard, one week, every branch (${windowCard.rows} rows):   ${(windowCard.median * 1000).toFixed(0)} ms (median of 5)`,
);
console.log(
  `  staff_scorecard, one month, every branch (${staffCard.rows} rows):   ${(staffCard.median * 1000).toFixed(0)} ms (median of 5)`,
);
console.log(
  `  baseline: that week's window figures from the raw tables (visits FINAL ⋈ survey_responses_latest, raw NPS only, no shrinkage): ${(fromRaw.median * 1000).toFixed(0)} ms (median of 3)`,
);
console.log(
  `  baseline: bare GROUP BY scan of all visits per window and week (no FINAL, no answers): ${(scan.median * 1000).toFixed(0)} ms (median of 3)`,
);
console.log(
  `  upkeep: floor rollup of the whole year ${rollupTime.toFixed(1)} s (${fmt(Number(daily!.n))} floor_daily rows); scorecard job ${cardTime.toFixed(1)} s (${fmt(cards.rows)} rows)`,
);
await warehouse.close();
