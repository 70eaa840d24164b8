// The floor page and the staff scorecard against the fixture's seeded rows (real chDB, over HTTP):
// every figure with its n and interval, a change marked only when significant, "数据不足" where
// there is no row, and a staff account that sees its own scorecard and no colleague's.
import { isolate, resolveEndpoints } from '@servloop/test-harness';
import { describe, expect, it } from 'vitest';
import { FIXTURE, type FloorMeasureSeed } from '../src/fixture.ts';
import { floorPeriodOf } from '../src/floor-period.ts';
import { json, okText, signIn, TODAY, useTestConsole } from './support.ts';

const t = useTestConsole(async () => {
  const endpoints = await resolveEndpoints();
  return {
    kafkaBrokers: endpoints.KAFKA_BROKERS,
    redisUrl: endpoints.REDIS_URL,
    iso: isolate(endpoints, 'console-floor'),
  };
});

const WEEK = floorPeriodOf({}, Date.parse(`${TODAY}T04:00:00Z`));
const text = okText;
/** The HTML of one table row (by data-unit) and one cell of it (by data-measure). */
const cell = (html: string, table: string, unit: string, measure: string) => {
  const tableHtml = html.slice(html.indexOf(`id="${table}"`));
  const row = new RegExp(`<tr data-unit="${unit}">.*?</tr>`, 's').exec(
    tableHtml.slice(0, tableHtml.indexOf('</table>')),
  )?.[0];
  if (!row) return undefined;
  return new RegExp(`<td data-measure="${measure}">(.*?)</td>`, 's').exec(row)?.[1];
};
const seed = (level: 'window' | 'staff', unit: string, measure: string) =>
  FIXTURE.floor.units[level][unit]![measure] as FloorMeasureSeed;

describe('floor page', () => {
  it('shows the window and staff scorecards of the latest complete week with n and intervals', async () => {
    const page = await text(t.hq, '/branches/N001/floor');
    for (const label of [
      '窗口评分卡',
      '员工评分卡',
      '等候的代价',
      '什么在驱动推荐意愿',
      '服务态度',
      '最近一个完整周期',
    ])
      expect(page, label).toContain(label);
    expect(page).toContain(`${WEEK.start} – `);
    const [n, estimate, low, high] = seed('window', 'W01', 'nps');
    const w01 = cell(page, 'window-scorecard', 'W01', 'nps')!;
    expect(w01).toContain(
      `${estimate.toFixed(1)} <small>[${low.toFixed(1)}, ${high.toFixed(1)}]</small> <small>n=${n}</small>`,
    );
    expect(w01).toContain('第 1/3'); // the highest NPS of three windows
    // W01's NPS changed, but not significantly: no arrow.
    expect(w01).not.toMatch(/[▲▼]/);
    // W03's service got slower, significantly: marked, in the "worse" colour, with the change's interval.
    const w03 = cell(page, 'window-scorecard', 'W03', 'service_min')!;
    expect(w03).toContain('class="change worse"');
    expect(w03).toContain('▲ +7.9 <small>[6.2, 9.6]</small>');
    // No efficiency row for W01: 数据不足, not a zero.
    expect(cell(page, 'window-scorecard', 'W01', 'efficiency')).toContain('数据不足');
    // Colleagues: S1 and S2 shown; S3 (under the minimum sample) has no row and is not listed.
    expect(cell(page, 'staff-scorecard', 'N001-S2', 'attitude')).toContain(
      '▼ -0.91 <small>[-1.32, -0.50]</small>',
    );
    expect(cell(page, 'staff-scorecard', 'N001-S1', 'nps')).toContain('n=26');
    expect(page).not.toContain('N001-S3');
  });

  it('shows what waiting costs: NPS by wait with intervals, the threshold, the revenue at risk', async () => {
    const api = await json(t.hq.get('/api/branches/N001/floor'));
    const expected = FIXTURE.floor.waits.map(([minutes, answers]) => ({
      fromMin: Math.floor(minutes / 5) * 5,
      n: answers.length,
      nps:
        (100 * (answers.filter((a) => a >= 9).length - answers.filter((a) => a <= 6).length)) /
        answers.length,
    }));
    expect(
      api.waiting.bins.map((b: { fromMin: number; n: number; nps: number }) => ({
        fromMin: b.fromMin,
        n: b.n,
        nps: b.nps,
      })),
    ).toEqual(expected);
    for (const b of api.waiting.bins) {
      expect(b.npsLow).toBeLessThan(b.nps);
      expect(b.npsHigh).toBeGreaterThan(b.nps);
    }
    expect(api.waiting.threshold).toMatchObject({ minutes: 15, low: 10, high: 20, verdict: 'drop', n: 40 });
    // Slowest tenth: the ten 25-minute visits, 6 detractors of 10 against 6 of the other 30;
    // their two customers' CLV 500 + 300 = 800 × the excess 0.4 = 320.
    const se = Math.sqrt((0.6 * 0.4) / 10 + (0.2 * 0.8) / 30);
    expect(api.waiting.cost).toMatchObject({
      p90WaitMin: 25,
      slowAnswers: 10,
      otherAnswers: 30,
      slowDetractorShare: 0.6,
      otherDetractorShare: 0.2,
      excess: 0.4,
      slowCustomers: 2,
      clvAtRisk: 320,
    });
    expect(api.waiting.cost.clvAtRiskLow).toBeCloseTo(800 * (0.4 - 1.959963984540054 * se), 1);
    expect(api.waiting.cost.clvAtRiskHigh).toBeCloseTo(800 * (0.4 + 1.959963984540054 * se), 1);
    // Read from the floor job's copy (wait_loyalty_v1, wait_cost_v1), which says when it was made:
    // the fixture copies the views an hour before its 04:00 UTC "now".
    expect(api.waiting.computedAt).toBe(`${TODAY}T03:00:00.000Z`);
    const page = await text(t.hq, '/branches/N001/floor');
    expect(page).toContain(`计算于 ${TODAY} 03:00 UTC`);
    expect(page).toContain('data-chart=');
    expect(page).toContain('等候 <strong>15.0 分钟</strong> <small>[10.0, 20.0]</small>');
    expect(page).toContain('¥320');
  });

  it('shows the key drivers: relative weights with intervals, importance × performance, soft vs hard', async () => {
    const api = await json(t.hq.get('/api/branches/N001/floor'));
    expect(api.drivers.n).toBe(180);
    expect(api.drivers.dimensions.map((d: { dimension: string }) => d.dimension)).toEqual([
      'attitude',
      'efficiency',
      'performance',
      'process',
      'facilities',
    ]);
    expect(api.drivers.dimensions[0]).toMatchObject({
      share: 0.35,
      performance: 3.9,
      expectedGain: 0.72,
      gainRank: 1,
    });
    expect(api.drivers.dimensions[0].shareLow).toBeCloseTo(0.27, 9);
    expect(api.drivers.softVsHard).toMatchObject({
      soft: 0.54,
      hard: 0.06,
      differenceLow: 0.38,
      answer: 'soft',
    });
    const page = await text(t.hq, '/branches/N001/floor');
    expect(page).toContain('软质量对推荐意愿的影响更大');
    expect(page).toMatch(
      /<tr data-dimension="attitude"><td>1<\/td><td>服务态度<\/td>\s*<td>35\.0% <small>\[27\.0%, 43\.0%\]<\/small>/,
    );
  });

  it('says 数据不足 where there are no rows: another branch, a month without scorecards', async () => {
    const n002 = await text(t.hq, '/branches/N002/floor');
    expect(n002.match(/数据不足/g)?.length).toBeGreaterThanOrEqual(6); // two scorecards, bins, threshold, cost, drivers, soft vs hard
    const api = await json(t.hq.get('/api/branches/N002/floor'));
    expect(api).toMatchObject({
      windows: [],
      staff: [],
      waiting: { computedAt: null, bins: [], threshold: null, cost: null },
    });
    expect(n002).not.toContain('wait-computed-at');
    const month = await json(t.hq.get('/api/branches/N001/floor?period=month'));
    expect(month.period.kind).toBe('month');
    expect(month.windows).toEqual([]);
    expect(month.waiting.bins).toHaveLength(4); // waiting and drivers are not cut by the period
  });

  it('opens the week before on request: same units, no change marked there', async () => {
    const before = floorPeriodOf(
      { start: new Date(Date.parse(`${WEEK.start}T00:00:00Z`) - 5 * 86_400_000).toISOString().slice(0, 10) },
      Date.now(),
    );
    const page = await text(t.hq, `/branches/N001/floor?period=week&start=${before.start}`);
    expect(page).toContain(`<option value="${before.start}" selected>`);
    expect(cell(page, 'window-scorecard', 'W03', 'service_min')).toMatch(/^8\.4 /); // 16.3 − 7.9
    expect(page).not.toMatch(/class="change/);
  });

  it('CSV has a line per unit and measure; English on request; linked from the branch page', async () => {
    const csv = await text(t.hq, `/branches/N001/floor.csv?period=week&start=${WEEK.start}`);
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toContain(
      'branch_id,period_kind,period_start,level,unit_id,measure,n,raw,estimate,low,high',
    );
    expect(lines).toContain(
      `N001,week,${WEEK.start},staff,N001-S2,attitude,18,3.42,3.42,3.11,3.73,4.02,0.8,4.33,-0.91,-1.32,-0.5,1,0,0,75,2`,
    );
    const units = Object.values(FIXTURE.floor.units).flatMap((level) => Object.values(level));
    const measures = units.reduce((sum, u) => sum + Object.values(u).filter(Array.isArray).length, 0);
    expect(lines).toHaveLength(1 + measures);
    const en = await text(t.hq, '/branches/N001/floor?lang=en');
    for (const label of [
      'Window scorecard',
      'Staff scorecard',
      'What waiting costs',
      'What drives loyalty',
      'Soft quality moves loyalty more',
    ])
      expect(en).toContain(label);
    expect(await text(t.hq, '/branches/N001')).toContain('href="/branches/N001/floor"');
  });

  it('is there for the branch manager and the region, 404 for another branch or region', async () => {
    const manager = await signIn(t.c, 'n001');
    expect(await text(manager, '/branches/N001/floor')).toContain('N001-S2');
    expect((await manager.get('/branches/N002/floor')).status).toBe(404);
    const north = await signIn(t.c, 'north');
    expect((await north.get('/api/branches/N001/floor')).status).toBe(200);
    expect((await north.get('/branches/S001/floor.csv')).status).toBe(404);
  });
});

describe('a staff account', () => {
  it('sees its own scorecard, and no colleague, window, rank — nor the branch mean while one other colleague could be worked out from it', async () => {
    const s2 = await signIn(t.c, 'n001-s2');
    const page = await text(s2, '/me');
    expect(page).toContain('我的评分卡');
    expect(page).toContain('N001-S2');
    const [n, estimate, low, high] = seed('staff', 'N001-S2', 'attitude');
    const attitude = /<tr data-measure="attitude">(.*?)<\/tr>/s.exec(page)![1]!;
    expect(attitude).toContain(
      `${estimate.toFixed(2)} <small>[${low.toFixed(2)}, ${high.toFixed(2)}]</small> <small>n=${n}</small>`,
    );
    expect(attitude).toContain('▼ -0.91');
    // Two colleagues shown this week: with the mean, S2 could work out S1's figures.
    expect(page).toContain('id="no-branch-mean"');
    expect(attitude).not.toContain('<td>4.02</td>'); // the branch mean
    expect(page).not.toContain('class="rank"');
    expect(attitude).toContain('<td>4.33</td>'); // the previous week
    for (const other of ['N001-S1', 'N001-S3', 'W01', 'W02', 'W03']) expect(page, other).not.toContain(other);
    // Only the staff page in the navigation.
    expect(page).not.toContain('href="/network"');
    expect(page).not.toContain('href="/callbacks"');
  });

  it('sees the branch mean beside its figures once three colleagues are shown', async () => {
    await t.c.writer.client.command({
      query: `INSERT INTO scorecards_v1
              SELECT * REPLACE (3 AS units, computed_at + INTERVAL 1 SECOND AS computed_at) FROM scorecards_v1 FINAL
              WHERE branch_id = 'N001' AND level = 'staff' AND unit_id = 'N001-S2' AND measure = 'nps'`,
    });
    try {
      const page = await text(await signIn(t.c, 'n001-s2'), '/me');
      const attitude = /<tr data-measure="attitude">(.*?)<\/tr>/s.exec(page)![1]!;
      expect(attitude).toContain('<td>4.02</td>'); // the branch mean
      expect(page).not.toContain('id="no-branch-mean"');
      expect(page).not.toContain('class="rank"');
    } finally {
      await t.c.writer.client.command({
        query: `INSERT INTO scorecards_v1
                SELECT * REPLACE (2 AS units, computed_at + INTERVAL 1 SECOND AS computed_at) FROM scorecards_v1 FINAL
                WHERE branch_id = 'N001' AND level = 'staff' AND unit_id = 'N001-S2' AND measure = 'nps'`,
      });
    }
  });

  it('a colleague under the minimum sample sees 数据不足, not a score', async () => {
    const s3 = await signIn(t.c, 'n001-s3');
    const page = await text(s3, '/me');
    expect(page).toContain('N001-S3');
    expect(page).toContain('数据不足');
    expect(page).not.toContain('N001-S2');
    expect(page).not.toMatch(/data-measure=/);
  });
});
