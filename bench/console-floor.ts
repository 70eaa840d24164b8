// The floor page's data for the console bench (kept apart from console.bench.ts): one visit per
// generated survey response (same branches, same days), three in ten answered with their visit id,
// then the worker's floor rollup and scorecards for the last five weeks and its copy of the
// waiting-panel views — so the floor page reads what it reads in production: scorecards_v1,
// wait_loyalty_v1 and wait_cost_v1 by their primary keys. Key drivers and wait thresholds are one
// row per branch and term (written by the nightly job); the bench leaves them out.
import { materialiseWaitPanel, refreshScorecards, rollupFloor } from '@servloop/analytics-worker';
import type { Warehouse } from '@servloop/warehouse';

export async function loadFloor(
  w: Warehouse,
  d: { offset: number; count: number; branches: number; days: number; lastDay: string },
): Promise<{ waitPanelSeconds: number }> {
  const first = `toDateTime64(toDate('${d.lastDay}') - ${d.days - 1}, 3, 'UTC')`;
  const firstDay = `toDate('${d.lastDay}') - ${d.days - 1}`;
  const second = (n: string) => `(${n} * 7919) % (${d.days} * 86400)`;
  const branch = `concat('B', leftPad(toString(number % ${d.branches}), 3, '0'))`;
  const at = `${first} + toIntervalSecond(${second('number')})`;
  await w.client.command({
    query: `INSERT INTO visits_v1 (event_id, branch_id, visit_id, window_id, staff_id, customer_key, service_type, queued_at, called_at, served_at, finished_at, wait_seconds, service_seconds, amount, currency, occurred_at, local_date, received_at, _topic, _partition, _offset)
            SELECT concat('v', toString(number)), ${branch}, concat('V', toString(number)),
                   concat('W0', toString(cityHash64(number, 1) % 6 + 1)), concat(${branch}, '-S', toString(cityHash64(number, 2) % 12 + 1)),
                   concat('C', toString(number % 1000003)), 'bill_payment', ${at}, ${at}, ${at}, ${at},
                   toUInt32(cityHash64(number, 3) % 2400), toUInt32(120 + cityHash64(number, 4) % 900), 100, 'CNY',
                   ${at}, ${firstDay} + intDiv(${second('number')}, 86400), now64(3), 'bench', 0, number
            FROM numbers(${d.offset}, ${d.count})`,
    clickhouse_settings: { max_insert_threads: '2' },
  });
  await w.client.command({
    query: `INSERT INTO survey_responses_v1 (event_id, branch_id, response_id, visit_id, customer_key, channel, language, nps, nps_category, occurred_at, local_date, received_at, _topic, _partition, _offset)
            SELECT concat('fv', toString(number)), ${branch}, concat('FR', toString(number)), concat('V', toString(number)), '',
                   'sms', 'zh-CN', toUInt8(cityHash64(number, 5) % 11) AS answer, multiIf(answer >= 9, 'promoter', answer >= 7, 'passive', 'detractor'),
                   ${at}, ${firstDay} + intDiv(${second('number')}, 86400), now64(3), 'bench', 0, number
            FROM numbers(${d.offset}, ${d.count}) WHERE number % 10 < 3`,
    clickhouse_settings: { max_insert_threads: '2' },
  });
  const from = new Date(Date.parse(`${d.lastDay}T00:00:00Z`) - 40 * 86_400_000).toISOString().slice(0, 10);
  await rollupFloor(w, { from, to: d.lastDay }, 7);
  await refreshScorecards(w, { from, to: d.lastDay }, { minStaffRespondents: 10 });
  const started = performance.now();
  await materialiseWaitPanel(w, Date.now());
  return { waitPanelSeconds: (performance.now() - started) / 1000 };
}
