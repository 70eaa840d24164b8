import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openWarehouse } from '@servloop/warehouse';
import { generateBranches, generateSurveyData } from './warehouse-data.ts';
const N = Number(process.env.N ?? 2_000_000);
const url = `chdb://${mkdtempSync(join(tmpdir(), 'scratch-perf-'))}`;
const w = await openWarehouse({ url, database: 'x' });
await migrate(w, join(import.meta.dirname, '..', 'infra', 'clickhouse', 'migrations'));
await generateBranches(w, 200);
import { readFileSync } from 'node:fs';
import { splitStatements } from '@servloop/warehouse';
for (const st of splitStatements(readFileSync(join(import.meta.dirname, '..', 'infra/clickhouse/migrations/0052_create_callback_cases.sql'), 'utf8')))
  await w.client.command({ query: st.replace(/\b(callback_outcomes|callback_cases|alert_cases)\b/g, 'old_$1') });
const TODAY = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
let t = performance.now();
await generateSurveyData(w, { responses: N, answers: 1000, branches: 200, days: 730, lastDay: TODAY });
console.log('load', ((performance.now() - t) / 1000).toFixed(1), 's');
const q = async (name: string, query: string) => {
  const times: number[] = [];
  let n = 0;
  for (let i = 0; i < 4; i++) {
    const s = performance.now();
    const r = await (await w.client.query({ query, format: 'JSONEachRow', clickhouse_settings: { max_threads: 1 } as never })).json();
    times.push(performance.now() - s);
    n = r.length;
  }
  console.log(name.padEnd(30), n, times.map((x) => x.toFixed(0)).join(' '));
};
await q('parts', `SELECT table, count() AS parts, sum(rows) AS rows FROM system.parts WHERE active AND database = currentDatabase() AND table LIKE 'callback%' GROUP BY table`);
console.log(await (await w.client.query({ query: `SELECT table, count() AS parts, sum(rows) AS rows FROM system.parts WHERE active AND database = currentDatabase() AND table LIKE 'callback%' GROUP BY table`, format: 'JSONEachRow' })).json());
const CLOSED = `argMaxMerge(outcome) IN ('reached', 'resolved')`;
await q('stage1 light', `SELECT branch_id, case_id FROM callback_cases_v1 GROUP BY branch_id, case_id HAVING min(priority) < 255 AND NOT ${CLOSED} ORDER BY ${CLOSED}, argMaxMerge(due_at), branch_id, case_id LIMIT 500`);
await q('count only', `SELECT count() FROM (SELECT branch_id, case_id FROM callback_cases_v1 GROUP BY branch_id, case_id)`);
await q('merge all cols', `SELECT count() FROM callback_cases`);
await q('old view list', `SELECT * FROM old_callback_cases WHERE NOT closed ORDER BY closed, due_at LIMIT 500`);
await q('full list', `SELECT count() FROM (SELECT branch_id, case_id, argMaxMerge(text) t, argMaxMerge(kind) k, argMaxMerge(alert_key) a FROM callback_cases_v1 WHERE (branch_id, case_id) IN (SELECT branch_id, case_id FROM callback_cases_v1 GROUP BY branch_id, case_id HAVING min(priority) < 255 AND NOT ${CLOSED} ORDER BY ${CLOSED}, argMaxMerge(due_at), branch_id, case_id LIMIT 500) GROUP BY branch_id, case_id)`);
await q('stage1 in order', `SELECT branch_id, case_id FROM callback_cases_v1 GROUP BY branch_id, case_id HAVING min(priority) < 255 AND NOT ${CLOSED} ORDER BY ${CLOSED}, argMaxMerge(due_at), branch_id, case_id LIMIT 500 SETTINGS optimize_aggregation_in_order = 1`);
await q('stage1 FINAL', `SELECT branch_id, case_id, finalizeAggregation(outcome) IN ('reached','resolved') AS closed, finalizeAggregation(due_at) AS due FROM callback_cases_v1 FINAL WHERE priority < 255 AND NOT closed ORDER BY closed, due, branch_id, case_id LIMIT 500`);
const keys = await (await w.client.query({ query: `SELECT DISTINCT branch_id, alert_key FROM callback_cases LIMIT 500`, format: 'JSONEachRow' })).json<{ branch_id: string; alert_key: string }>();
const k = keys.map((x) => `('${x.branch_id}', '${x.alert_key}')`).join(', ');
await q('alerts', `SELECT branch_id, key AS alert_key, toUInt32(countIf(NOT closed)) AS open_cases FROM (SELECT branch_id, case_id, argMaxMerge(alert_key) AS key, ${CLOSED} AS closed FROM callback_cases_v1 WHERE (branch_id, case_id) IN (SELECT branch_id, case_id FROM callback_alert_cases_v1 WHERE (branch_id, alert_key) IN (${k})) GROUP BY branch_id, case_id HAVING min(priority) < 255) WHERE (branch_id, key) IN (${k}) GROUP BY branch_id, key`);
await w.client.command({ query: 'OPTIMIZE TABLE callback_cases_v1 FINAL' });
await q('stage1 after optimize', `SELECT branch_id, case_id FROM callback_cases_v1 GROUP BY branch_id, case_id HAVING min(priority) < 255 AND NOT ${CLOSED} ORDER BY ${CLOSED}, argMaxMerge(due_at), branch_id, case_id LIMIT 500`);
await q('FINAL after optimize', `SELECT branch_id, case_id, finalizeAggregation(outcome) IN ('reached','resolved') AS closed, finalizeAggregation(due_at) AS due FROM callback_cases_v1 FINAL WHERE priority < 255 AND NOT closed ORDER BY closed, due, branch_id, case_id LIMIT 500`);
await w.close();
