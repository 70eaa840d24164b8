// The branch floor on simulated days: the simulator's generator (a slow window and a colleague
// whose attitude falls, both from day 14, and NPS answers planted as a linear function of the five
// dimensions) into a chDB warehouse, the worker's floor job, then the scorecards, the wait threshold
// and the key drivers read back through the documented queries.
import { DEFAULT_CONFIG, evaluateBranch } from '@servloop/analytics-worker';
import { DEMO_FLOOR, type FloorScenario } from '@servloop/local-stack';
import { isolate, resolveEndpoints } from '@servloop/test-harness';
import { openWarehouse } from '@servloop/warehouse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentedQueries } from './documented-queries.ts';
import { floorDay, seedFloor } from './floor-seed.ts';

const endpoints = await resolveEndpoints();
const iso = isolate(endpoints, 'floor');
const warehouse = await openWarehouse({ url: iso.clickhouseUrl, database: iso.database });
afterAll(() => warehouse.close());

const ONSET = 14;
const SCENARIO: FloorScenario = {
  ...DEMO_FLOOR,
  npsBase: 6,
  slowWindow: { branchId: 'F1', windowId: 'W03', fromDay: ONSET, extraServiceMinutes: 8 },
  fallingColleague: { branchId: 'F2', staffId: 'F2-S2', fromDay: ONSET, overDays: 7, attitudeDrop: 1.5 },
};
const q = async (sql: string) =>
  (await warehouse.client.query({ query: sql, format: 'JSONEachRow' })).json<
    Record<string, string | number | null>
  >();

beforeAll(async () => {
  await seedFloor(warehouse, {
    branches: ['F1', 'F2', 'F3'],
    days: 35,
    visitsPerDay: 60,
    scenario: SCENARIO,
  });
});

const queries = documentedQueries();
async function run(id: string) {
  const sql = queries.get(id);
  if (!sql) throw new Error(`docs/analysts.md has no query ${id}`);
  return q(sql);
}
const num = (v: unknown) => Number(v);

describe('the branch floor on 35 simulated days (slow window and falling colleague from day 14)', () => {
  it('the slow window surfaces in the first weekly scorecard after the onset (within 7 simulated days)', async () => {
    const weeks = await q(
      `SELECT period_start, window_id, mean_service_min, service_min_change FROM window_scorecard
       WHERE branch_id = 'F1' AND period_kind = 'week' ORDER BY period_start, mean_service_min DESC`,
    );
    const slowest = (week: string) => weeks.filter((r) => r.period_start === week);
    // Before the onset: W03 is like the others (within a minute of the branch).
    for (const week of [floorDay(0), floorDay(7)]) {
      const rows = slowest(week);
      const w03 = rows.find((r) => r.window_id === 'W03')!;
      const others = rows.filter((r) => r.window_id !== 'W03').map((r) => num(r.mean_service_min));
      expect(
        Math.abs(num(w03.mean_service_min) - others.reduce((a, b) => a + b, 0) / others.length),
      ).toBeLessThan(1);
    }
    // The onset week (days 14–20) and every week after: slowest, by far, and the change shows.
    for (const week of [floorDay(14), floorDay(21), floorDay(28)])
      expect(slowest(week)[0]!.window_id).toBe('W03');
    const onset = slowest(floorDay(14))[0]!;
    expect(num(onset.mean_service_min) - num(slowest(floorDay(14))[1]!.mean_service_min)).toBeGreaterThan(5);
    expect(num(onset.service_min_change)).toBeGreaterThan(5);
    const doc = await run('window-scorecard');
    expect(doc.filter((r) => r.branch_id === 'F1')[0]).toMatchObject({
      window_id: 'W03',
      period_start: floorDay(28),
    });
    expect(doc.filter((r) => r.branch_id !== 'F1').every((r) => num(r.service_min) < 12)).toBe(true);
  });

  it('the colleague whose attitude falls is flagged in the onset week (within 7 simulated days); others only at the false-alarm rate', async () => {
    const flagged = (await run('staff-attitude-falls')).filter(
      (r) => num(r.significant) === 1 && num(r.change) < 0,
    );
    expect(
      flagged.some((r) => r.staff_id === 'F2-S2' && r.branch_id === 'F2' && r.period_start === floorDay(14)),
    ).toBe(true);
    // Each colleague-week is a test at the 5 % level: 3 branches × 6 colleagues × 4 weeks with a week before.
    const others = flagged.filter((r) => r.staff_id !== 'F2-S2');
    expect(others.length).toBeLessThanOrEqual(Math.ceil(0.1 * 3 * 6 * 4));
    const [onset] = await q(
      `SELECT attitude, attitude_high, ranked, (SELECT min(attitude_low) FROM staff_scorecard
              WHERE branch_id = 'F2' AND period_kind = 'week' AND period_start = '${floorDay(14)}' AND staff_id != 'F2-S2') AS others_low
       FROM staff_scorecard WHERE branch_id = 'F2' AND staff_id = 'F2-S2' AND period_kind = 'week' AND period_start = '${floorDay(14)}'`,
    );
    expect(num(onset!.attitude_high)).toBeLessThan(num(onset!.others_low));
    expect(num(onset!.ranked)).toBe(6);
    // Before the onset the same colleague is indistinguishable from the branch.
    const [before] = await q(
      `SELECT attitude, attitude_low, attitude_high FROM staff_scorecard
       WHERE branch_id = 'F2' AND staff_id = 'F2-S2' AND period_kind = 'week' AND period_start = '${floorDay(7)}'`,
    );
    const [branch] = await q(
      `SELECT branch_mean FROM scorecards_v1 FINAL WHERE branch_id = 'F2' AND level = 'staff' AND measure = 'attitude'
       AND period_kind = 'week' AND period_start = '${floorDay(7)}' LIMIT 1`,
    );
    expect(
      num(before!.attitude_low) <= num(branch!.branch_mean) &&
        num(branch!.branch_mean) <= num(before!.attitude_high),
    ).toBe(true);
  });

  it('key drivers recover the planted slopes within their bootstrap intervals; soft beats hard', async () => {
    const rows = await q(
      `SELECT term, slope, slope_low, slope_high, n FROM key_drivers WHERE branch_id = '*' AND outcome = 'nps_answer'`,
    );
    expect(rows).toHaveLength(5);
    for (const r of rows) {
      const planted = SCENARIO.npsSlopes[r.term as keyof FloorScenario['npsSlopes']];
      expect(num(r.slope_low), String(r.term)).toBeLessThanOrEqual(planted);
      expect(num(r.slope_high), String(r.term)).toBeGreaterThanOrEqual(planted);
    }
    const ranking = await run('key-drivers');
    expect(ranking.filter((r) => r.branch_id === '*').map((r) => num(r.gain_rank))).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(ranking.map((r) => r.branch_id))).toEqual(new Set(['*', 'F1', 'F2', 'F3']));
    const soft = await run('soft-vs-hard-drivers');
    expect(soft).toHaveLength(8);
    expect(soft.every((r) => r.answer === 'soft' && num(r.difference_low) > 0)).toBe(true);
  });

  it('the wait at which loyalty drops: the planted 15 minutes inside the network interval; slow visits cost', async () => {
    const t = await run('wait-threshold');
    const network = t.find((r) => r.branch_id === '*')!;
    expect(network.verdict).toBe('drop');
    expect(num(network.threshold_low)).toBeLessThanOrEqual(SCENARIO.waitThresholdMinutes);
    expect(num(network.threshold_high)).toBeGreaterThanOrEqual(SCENARIO.waitThresholdMinutes);
    const bins = await run('wait-loyalty');
    const f1 = bins.filter((r) => r.branch_id === 'F1' && num(r.n) > 100);
    expect(f1.map((r) => num(r.wait_from_min))).toEqual([5, 10, 15]);
    expect(num(f1[2]!.promoter_high)).toBeLessThan(num(f1[1]!.promoter_low));
    const cost = await run('wait-cost');
    expect(cost).toHaveLength(3);
    for (const r of cost) {
      expect(num(r.excess_low)).toBeGreaterThan(0);
      expect(num(r.clv_at_risk)).toBeGreaterThan(0);
      expect(num(r.clv_at_risk_low)).toBeLessThanOrEqual(num(r.clv_at_risk));
    }
  });

  it("the improvement loop's step 1 opens on the largest expected gain and says so", async () => {
    const asOf = Date.parse(`${floorDay(35)}T00:00:00+08:00`);
    await evaluateBranch({ warehouse, config: DEFAULT_CONFIG, raise: async () => {} }, 'F1', asOf);
    const opened = await q(
      `SELECT dimension, event FROM improvement_loops_v1 FINAL WHERE branch_id = 'F1' AND step = 1 ORDER BY opened_at, dimension`,
    );
    expect(opened.length).toBeGreaterThan(0);
    const [top] = await q(
      `SELECT term FROM key_drivers WHERE branch_id = 'F1' AND outcome = 'nps_answer' AND gain_rank = 1`,
    );
    for (const o of opened) expect(String(o.event)).toContain(`key drivers (branch F1, `);
    expect(String(opened[0]!.event)).toContain(`largest expected gain ${top!.term} `);
  });
});
