// The floor job on the real warehouse: after a refresh the console's waiting-panel tables hold
// exactly the rows of the views they copy (wait_loyalty, wait_cost), stamped with the run's time;
// after a correction empties a bin, the next refresh leaves no trace of it.
import { join } from 'node:path';
import { isolate, resolveEndpoints } from '@servloop/test-harness';
import { migrate, openWarehouse } from '@servloop/warehouse';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../config.ts';
import { rows } from '../sql.ts';
import { runFloor } from './job.ts';
import { WAIT_COST_COLUMNS, WAIT_LOYALTY_COLUMNS } from './wait-panel.ts';

const endpoints = await resolveEndpoints();
const iso = isolate(endpoints, 'floorjob');
const warehouse = await openWarehouse({ url: iso.clickhouseUrl, database: iso.database });
afterAll(() => warehouse.close());
await migrate(
  warehouse,
  join(import.meta.dirname, '..', '..', '..', '..', 'infra', 'clickhouse', 'migrations'),
);

const DAY = 86_400_000;
const asOf = Date.parse('2026-11-20T12:00:00Z');

/** `count` visits of `branch` over the 20 days before asOf, waits 0–79 minutes; answers for every other one unless `answered` is false. */
async function seed(branch: string, count: number, o: { answered: boolean; waitMinutes?: string }) {
  const at = `toDateTime64(${(asOf - 20 * DAY) / 1000} + number * 3571 % (20 * 86400), 3, 'UTC')`;
  const wait = o.waitMinutes ?? '(number * 37) % 80';
  await warehouse.client.command({
    query: `INSERT INTO visits_v1 (event_id, branch_id, visit_id, window_id, staff_id, customer_key, service_type, queued_at, called_at, served_at, finished_at, wait_seconds, service_seconds, amount, currency, occurred_at, local_date, received_at, _topic, _partition, _offset)
            SELECT concat('${branch}-v', toString(number)), '${branch}', concat('${branch}-V', toString(number)),
                   concat('W0', toString(number % 3 + 1)), concat('${branch}-S', toString(number % 4 + 1)),
                   concat('ck_', toString(number % 25)), 'account', ${at}, ${at}, ${at}, ${at},
                   toUInt32((${wait}) * 60), 300, 100, 'CNY', ${at}, toDate(${at}), ${at}, 't', 0, number
            FROM numbers(${count})`,
  });
  if (!o.answered) return;
  await warehouse.client.command({
    query: `INSERT INTO survey_responses_v1 (event_id, branch_id, response_id, visit_id, customer_key, channel, language, nps, nps_category, occurred_at, local_date, received_at, _topic, _partition, _offset)
            SELECT concat('${branch}-a', toString(number)), '${branch}', concat('${branch}-R', toString(number)), concat('${branch}-V', toString(number)), '',
                   'sms', 'zh-CN', toUInt8(if(${wait} >= 30, cityHash64(number) % 8, 4 + cityHash64(number) % 7)) AS answer,
                   multiIf(answer >= 9, 'promoter', answer >= 7, 'passive', 'detractor'),
                   ${at}, toDate(${at}), ${at}, 't', 0, number
            FROM numbers(${count}) WHERE number % 2 = 0`,
  });
}

const normalise = (r: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(r).map(([k, v]) => [k, k === 'branch_id' || v === null ? v : Number(v)]));
async function tableAndView(table: string, view: string, columns: readonly string[], order: string) {
  const list = columns.join(', ');
  const [copied, source, stamps] = await Promise.all([
    rows<Record<string, unknown>>(warehouse, `SELECT ${list} FROM ${table} FINAL ORDER BY ${order}`),
    rows<Record<string, unknown>>(warehouse, `SELECT ${list} FROM ${view} ORDER BY ${order}`),
    rows<{ at: string }>(
      warehouse,
      `SELECT DISTINCT toUnixTimestamp64Milli(computed_at) AS at FROM ${table}`,
    ),
  ]);
  return {
    copied: copied.map(normalise),
    source: source.map(normalise),
    stamps: stamps.map((s) => Number(s.at)),
  };
}
const loyalty = () =>
  tableAndView('wait_loyalty_v1', 'wait_loyalty', WAIT_LOYALTY_COLUMNS, 'branch_id, wait_from_min');
const cost = () => tableAndView('wait_cost_v1', 'wait_cost', WAIT_COST_COLUMNS, 'branch_id');

describe('floor job: the waiting-panel tables', () => {
  it('are empty before the first run, then equal the views row for row, stamped with the run', async () => {
    await seed('B1', 600, { answered: true });
    await seed('B2', 300, { answered: true });
    await seed('B3', 100, { answered: false }); // visits without answers: in neither view
    await warehouse.client.command({
      query: `INSERT INTO clv_estimates_v1 (branch_id, customer_key, model, x, tx, t_age, mean_spend, probability_alive, expected_visits, expected_spend, clv, params, fitted_at)
              SELECT 'B1', concat('ck_', toString(number)), 'bgnbd_gammagamma', 3, 10, 20, 100, 0.9, 4, 100, 100 + number * 10, '{}',
                     toDateTime64(${(asOf - DAY) / 1000}, 3, 'UTC')
              FROM numbers(25)`,
    });
    expect((await loyalty()).copied).toEqual([]);

    const result = await runFloor(warehouse, DEFAULT_CONFIG.floor, { asOf, days: 35 });
    const l = await loyalty();
    const c = await cost();
    expect(l.source.length).toBeGreaterThan(20); // 13 bins at B1 and at B2
    expect(new Set(l.source.map((r) => r.branch_id))).toEqual(new Set(['B1', 'B2']));
    expect(l.source.some((r) => r.wait_from_min === 60 && r.wait_to_min === null)).toBe(true);
    expect(l.copied).toEqual(l.source);
    expect(c.source.map((r) => r.branch_id)).toEqual(['B1', 'B2']);
    expect(c.source[0]!.clv_at_risk).toBeGreaterThan(0);
    expect(c.copied).toEqual(c.source);
    expect([l.stamps, c.stamps]).toEqual([[asOf], [asOf]]);
    expect(result.waitPanelRows).toBe(l.source.length + c.source.length);
  });

  it('the next refresh replaces them: a bin a correction emptied is gone, every row carries the new time', async () => {
    // Corrected B1 visits (same event ids, ingested later): nobody waited 60 minutes or more.
    await seed('B1', 600, { answered: false, waitMinutes: '(number * 37) % 60' });
    const later = asOf + DAY;
    await runFloor(warehouse, DEFAULT_CONFIG.floor, { asOf: later, days: 35 });
    const l = await loyalty();
    const c = await cost();
    expect(l.source.some((r) => r.branch_id === 'B1' && r.wait_from_min === 60)).toBe(false);
    expect(l.source.some((r) => r.branch_id === 'B2' && r.wait_from_min === 60)).toBe(true);
    expect(l.copied).toEqual(l.source);
    expect(c.copied).toEqual(c.source);
    expect([l.stamps, c.stamps]).toEqual([[later], [later]]);
  });
});
