// Every example query in docs/analysts.md runs against seeded data and its result is checked.
// Seeding goes through the normaliser's own mapping and the analytics worker's own jobs.
import { isolate, resolveEndpoints } from '@servloop/test-harness';
import { openWarehouse } from '@servloop/warehouse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnalystEndpoint } from './analyst-endpoint.ts';
import { asOf, CALLBACK_COMMENT, ITEMS, seedAnalystData } from './analyst-seed.ts';
import { DOCUMENTED_QUERY_PARAMS, documentedQueries } from './documented-queries.ts';

const endpoints = await resolveEndpoints();
const iso = isolate(endpoints, 'analystq');
const warehouse = await openWarehouse({ url: iso.clickhouseUrl, database: iso.database });
afterAll(() => warehouse.close());

const queries = documentedQueries();

const overridesApplied: number[] = [];
beforeAll(async () => {
  overridesApplied.push(...(await seedAnalystData(warehouse)));
});

async function run(id: string, params: Record<string, string> = {}) {
  const sql = queries.get(id);
  if (!sql) throw new Error(`docs/analysts.md has no query ${id}`);
  return (await warehouse.client.query({ query: sql, query_params: params, format: 'JSONEachRow' })).json<
    Record<string, string | number | null>
  >();
}
const num = (v: unknown) => Number(v);

describe('docs/analysts.md example queries', () => {
  it('documents at least 10 queries, each checked below', () => {
    expect(queries.size).toBeGreaterThanOrEqual(10);
    expect([...queries.keys()].sort()).toEqual(
      [
        'alerts-by-rule',
        'comment-topics-weekly',
        'comments-needing-response',
        'callback-cases',
        'complaint-sla',
        'console-audit',
        'csat-ces-daily',
        'detractor-comments',
        'item-gaps',
        'item-quality-rollup',
        'loop-history',
        'loop-status',
        'revenue-at-risk',
        'servqual-by-region',
        'soft-vs-hard',
        'standards',
        'top-customers',
        'top-terms-per-topic',
        'waits',
        'weakest-dimensions',
        'weekly-nps-by-region',
        'window-scorecard',
        'staff-attitude-falls',
        'wait-loyalty',
        'wait-threshold',
        'wait-cost',
        'key-drivers',
        'soft-vs-hard-drivers',
      ].sort(),
    );
  });

  it('1 weekly NPS by region: four weeks per region, score inside its interval, East falls', async () => {
    const rows = await run('weekly-nps-by-region');
    expect(rows.map((r) => `${r.region} ${r.week}`)).toEqual(
      ['2026-03-02', '2026-03-09', '2026-03-16', '2026-03-23']
        .flatMap((w) => [`East ${w}`])
        .concat(['2026-03-02', '2026-03-09', '2026-03-16', '2026-03-23'].map((w) => `North ${w}`)),
    );
    for (const r of rows) expect(num(r.ci_low) <= num(r.nps) && num(r.nps) <= num(r.ci_high)).toBe(true);
    const east = rows.filter((r) => r.region === 'East');
    expect(num(east[3]!.nps)).toBeLessThan(num(east[0]!.nps));
    expect(num(rows.find((r) => r.region === 'North')!.answers)).toBe(42);
  });

  it('2 weakest dimensions: efficiency first for the degraded branch, two per branch', async () => {
    const rows = await run('weakest-dimensions');
    expect(rows).toHaveLength(6);
    expect(rows.find((r) => r.branch_id === 'B001')!.dimension).toBe('efficiency');
  });

  it('3 item gaps: the largest shortfall is an efficiency item', async () => {
    const rows = await run('item-gaps', { branch: 'B001' });
    expect(rows).toHaveLength(ITEMS.length);
    expect(String(rows[0]!.item_id)).toMatch(/^efficiency\./);
    expect(num(rows[0]!.mean_gap)).toBeLessThan(-1.5);
  });

  it('4 soft vs hard: a row per branch and quality type; B001 soft lower than B002 soft', async () => {
    const rows = await run('soft-vs-hard');
    expect(rows).toHaveLength(6);
    const soft = (b: string) =>
      num(rows.find((r) => r.branch_id === b && r.quality_type === 'soft')!.perception);
    expect(soft('B001')).toBeLessThan(soft('B002'));
  });

  it('5 SERVQUAL gaps by region: responsiveness is the East shortfall', async () => {
    const rows = await run('servqual-by-region');
    expect(new Set(rows.map((r) => r.region))).toEqual(new Set(['East', 'North']));
    expect(rows.find((r) => r.region === 'East')!.servqual).toBe('responsiveness');
  });

  it('6 revenue at risk: the degraded branch holds value in detractors, the healthy ones none', async () => {
    const rows = await run('revenue-at-risk');
    expect(rows[0]!.branch_id).toBe('B001');
    expect(num(rows[0]!.clv_at_risk)).toBeGreaterThan(0);
    expect(num(rows[0]!.share_at_risk)).toBeGreaterThan(0);
    expect(rows.filter((r) => r.branch_id !== 'B001').every((r) => num(r.clv_at_risk) === 0)).toBe(true);
  });

  it('7 complaint SLA: B001 resolved late (96 h), B002 in time (10 h)', async () => {
    const rows = await run('complaint-sla');
    expect(
      rows.map((r) => [
        r.branch_id,
        num(r.acknowledged_in_time),
        num(r.resolved_in_time),
        num(r.mean_hours_to_resolve),
      ]),
    ).toEqual([
      ['B001', 1, 0, 96],
      ['B002', 1, 1, 10],
    ]);
  });

  it('8 loop status: one open loop, B001 × efficiency at step 4', async () => {
    const rows = await run('loop-status');
    expect(rows.map((r) => [r.branch_id, r.dimension, num(r.step), r.status])).toEqual([
      ['B001', 'efficiency', 4, 'open'],
    ]);
    expect(num(rows[0]!.measured)).toBe(2);
  });

  it('9 loop history: steps 1 to 4 in order', async () => {
    const rows = await run('loop-history', { branch: 'B001', dimension: 'efficiency' });
    expect(rows.map((r) => [num(r.version), num(r.step)])).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
      [4, 4],
    ]);
  });

  it('10 standards: proposed from expectations, except the one set by configuration', async () => {
    const rows = await run('standards');
    expect(rows).toHaveLength(3 * 5);
    expect(overridesApplied).toEqual([1, 0]);
    const b003 = rows.find((r) => r.branch_id === 'B003' && r.dimension === 'attitude')!;
    expect([b003.standard_source, num(b003.target)]).toEqual(['override', 3.5]);
    expect(rows.filter((r) => r !== b003).every((r) => r.standard_source === 'proposed')).toBe(true);
    expect(num(rows.find((r) => r.branch_id === 'B001' && r.dimension === 'efficiency')!.target)).toBe(4.5);
  });

  it('11 waits: the degraded branch waits longest', async () => {
    const rows = await run('waits');
    expect(rows[0]!.branch_id).toBe('B001');
    expect(num(rows[0]!.mean_wait_min)).toBe(25); // 14 days at 10 min, 14 at 40
    expect(rows.map((r) => num(r.visits))).toEqual([168, 168, 168]);
  });

  it('12 top customers: five, by CLV, with a probability alive', async () => {
    const rows = await run('top-customers');
    expect(rows).toHaveLength(5);
    for (let i = 1; i < rows.length; i++)
      expect(num(rows[i - 1]!.clv)).toBeGreaterThanOrEqual(num(rows[i]!.clv));
    expect(rows.every((r) => num(r.p_alive) > 0 && num(r.p_alive) <= 1)).toBe(true);
  });

  it('13 alerts by rule: the loop opening and the detractor comments are queued', async () => {
    const rows = await run('alerts-by-rule');
    const rules = new Map(rows.map((r) => [`${r.rule}/${r.status}`, num(r.alerts)]));
    expect(rules.get('dimension-breach/queued')).toBe(1);
    expect(rules.get('sla-breach/queued')).toBe(1); // C1 resolved after 96 h
    expect(rules.get('detractor-comment/queued')).toBeGreaterThan(0);
  });

  it('14 detractor comments: newest first, detractors with comments only', async () => {
    const rows = await run('detractor-comments');
    expect(rows).toHaveLength(10);
    expect(
      rows.every((r) => num(r.nps) <= 6 && r.comment === '等候时间太长,态度冷淡。' && r.branch_id === 'B001'),
    ).toBe(true);
    expect(rows[0]!.local_date).toBe('2026-03-29');
  });

  it('15 CSAT and CES: a row per branch and week with n; the degraded branch falls to 2', async () => {
    const rows = await run('csat-ces-daily');
    expect(rows).toHaveLength(3 * 4);
    expect(rows.every((r) => num(r.csat_answers) === 42 && num(r.ces_answers) === 42)).toBe(true);
    const b001 = rows.filter((r) => r.branch_id === 'B001');
    expect(b001.map((r) => num(r.csat))).toEqual([4.5, 4.5, 2, 2]);
    expect(b001.map((r) => num(r.csat_top))).toEqual([1, 1, 0, 0]);
    expect(num(rows.find((r) => r.branch_id === 'B002')!.ces)).toBe(6);
  });

  // The floor queries' numbers on simulated days are checked in floor.e2e.test.ts; here, on the
  // hand-made seed, what the seed's fixed patterns imply.
  it('19 window scorecard: the last week, two windows per branch, NPS inside its interval', async () => {
    const rows = await run('window-scorecard');
    expect(rows.map((r) => `${r.branch_id} ${r.period_start}`)).toEqual(
      ['B001', 'B001', 'B002', 'B002', 'B003', 'B003'].map((b) => `${b} 2026-03-23`),
    );
    for (const r of rows) {
      expect(num(r.nps_low) <= num(r.nps) && num(r.nps) <= num(r.nps_high)).toBe(true);
      expect(num(r.service_min)).toBe(15);
    }
    expect(rows.filter((r) => r.branch_id === 'B001').every((r) => num(r.wait_min) === 40)).toBe(true);
  });

  it("20 staff attitude: colleague-weeks with a week before, none a significant fall (the seed's attitude is steady)", async () => {
    const rows = await run('staff-attitude-falls');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => num(r.significant) === 0 && num(r.attitude_n) >= 10)).toBe(true);
    expect(new Set(rows.map((r) => String(r.staff_id).slice(0, 4)))).toEqual(
      new Set(['B001', 'B002', 'B003']),
    );
  });

  it('21 wait loyalty: B001 promoters at 10 minutes, none at 40', async () => {
    const rows = (await run('wait-loyalty')).filter((r) => r.branch_id === 'B001');
    expect(rows.map((r) => [num(r.wait_from_min), num(r.n)])).toEqual([
      [10, 84],
      [40, 84],
    ]);
    expect(num(rows[0]!.promoter_share)).toBeGreaterThan(0.5);
    expect(num(rows[1]!.promoter_share)).toBe(0);
    expect(num(rows[1]!.promoter_high)).toBeLessThan(num(rows[0]!.promoter_low));
  });

  it('22 wait threshold: B001 drops past 10 minutes; waits that never vary give no threshold', async () => {
    const rows = await run('wait-threshold');
    const b001 = rows.find((r) => r.branch_id === 'B001')!;
    expect(b001.verdict).toBe('drop');
    expect(num(b001.threshold_min)).toBeGreaterThan(10);
    expect(num(b001.threshold_min)).toBeLessThanOrEqual(40);
    expect(rows.find((r) => r.branch_id === 'B002')!.verdict).toBe('not enough data');
  });

  it('23 wait cost: only B001 has slow visits, all answered by detractors', async () => {
    const rows = await run('wait-cost');
    expect(rows.map((r) => r.branch_id)).toEqual(['B001']);
    expect([num(rows[0]!.slow_detractor_share), num(rows[0]!.other_detractor_share)]).toEqual([1, 0]);
    expect(num(rows[0]!.clv_at_risk)).toBeGreaterThan(0);
  });

  it('24-25 key drivers: the seed\'s dimensions move in lockstep, so every answer is "not enough data"', async () => {
    const rows = await run('key-drivers');
    expect(rows).toHaveLength(4 * 5);
    expect(rows.every((r) => r.importance === null)).toBe(true);
    expect(num(rows.find((r) => r.branch_id === 'B001')!.n)).toBe(168);
    const soft = await run('soft-vs-hard-drivers');
    expect(soft).toHaveLength(4 * 2);
    expect(soft.every((r) => r.answer === 'not enough data')).toBe(true);
  });

  it('16 comment topics: share of the week’s comments inside its interval; the degraded branch’s efficiency turns negative', async () => {
    const rows = await run('comment-topics-weekly');
    for (const r of rows) {
      expect(num(r.share_low) <= num(r.share) && num(r.share) <= num(r.share_high)).toBe(true);
      expect(num(r.mentions)).toBeLessThanOrEqual(num(r.comments));
    }
    const at = (b: string, week: string, topic: string) =>
      rows.find((r) => r.branch_id === b && r.week === week && r.topic === topic);
    // One passive comment a day while healthy; one detractor comment a day once degraded; the
    // complaint descriptions count too (B001 on 2026-03-10, B002 on 03-11).
    expect(num(at('B001', '2026-03-02', 'efficiency')!.comments)).toBe(7);
    expect(num(at('B001', '2026-03-09', 'efficiency')!.comments)).toBe(8);
    const degraded = at('B001', '2026-03-23', 'efficiency')!;
    expect([num(degraded.comments), num(degraded.share), num(degraded.negative_share)]).toEqual([7, 1, 1]);
    expect(num(at('B001', '2026-03-02', 'efficiency')!.negative_share)).toBeLessThan(1);
    expect(new Set(rows.map((r) => r.branch_id))).toEqual(new Set(['B001', 'B002', 'B003']));
  });

  it('17 top terms per topic: the degraded branch’s words lead efficiency; no rule names', async () => {
    const rows = await run('top-terms-per-topic');
    const efficiency = rows.filter((r) => r.topic === 'efficiency');
    expect(efficiency.length).toBeLessThanOrEqual(5);
    expect(num(efficiency[0]!.comments)).toBeGreaterThanOrEqual(14); // 14 degraded days' comments
    expect(efficiency.map((r) => r.term)).toContain('太长'); // 等候时间太长,态度冷淡
    expect(rows.every((r) => !/^[a-z_]+$/.test(String(r.term)))).toBe(true);
  });

  it('18 comments needing a response: the recent one alerted, the older complaint not', async () => {
    const rows = await run('comments-needing-response');
    expect(rows.map((r) => [r.branch_id, r.source, r.alert_status])).toEqual([
      ['B002', 'survey', 'queued'],
      ['B001', 'complaint', ''],
    ]);
    expect(rows[0]).toMatchObject({ text: CALLBACK_COMMENT, alert_severity: 'critical' });
    expect(String(rows[0]!.reasons).split(',')).toEqual(
      expect.arrayContaining(['callback_requested', 'money_at_risk']),
    );
    expect(String(rows[1]!.reasons)).toBe('escalation_threat');
    expect(rows[1]!.source_id).toBe('C1');
  });

  it("19 item gaps from the rollup: the degraded branch's efficiency items fall short most, each with an interval", async () => {
    const rows = await run('item-quality-rollup');
    expect(rows.length).toBeGreaterThan(0);
    expect(String(rows[0]!.item_id)).toMatch(/^efficiency\./);
    expect(num(rows[0]!.mean_gap)).toBeLessThan(-1);
    for (const r of rows) expect(num(r.half_width)).toBeGreaterThanOrEqual(0);
  });

  it('20 open call-back cases: every detractor who commented but the one the console reached, and the comment asking for a call back', async () => {
    const rows = await run('callback-cases');
    const commented = await warehouse.client.query({
      query:
        "SELECT count() AS n FROM survey_responses_latest WHERE nps_category = 'detractor' AND comment != ''",
      format: 'JSONEachRow',
    });
    const n = num((await commented.json<{ n: string }>())[0]!.n);
    // Plus the passive comment at B002 that asks for a call back (comment-needs-response).
    expect(rows).toHaveLength(Math.min(20, n - 1 + 1));
    expect(rows.filter((r) => r.kind === 'needs-response').map((r) => r.branch_id)).toEqual(['B002']);
    expect(
      rows.every((r) => ['detractor', 'needs-response'].includes(String(r.kind)) && num(r.attempts) === 0),
    ).toBe(true);
  });

  it('21 console audit: the note and the call-back, each with who made it', async () => {
    const rows = await run('console-audit');
    expect(rows.map((r) => [r.actor, r.actor_role, r.event_type])).toEqual([
      ['quality-hq', 'hq', 'complaint.callback'],
      ['quality-hq', 'hq', 'loop.note_added'],
    ]);
  });

  it('@clickhouse/client through the read-only endpoint runs every documented query; INSERT is refused', async () => {
    const analyst = await startAnalystEndpoint(iso);
    const remote = await openWarehouse({
      url: analyst.urlWithCredentials,
      database: iso.database,
      create: false,
    });
    try {
      const params = DOCUMENTED_QUERY_PARAMS;
      for (const [id, sql] of queries) {
        const viaHttp = await (
          await remote.client.query({ query: sql, query_params: params[id] ?? {}, format: 'JSONEachRow' })
        ).json();
        expect(viaHttp, id).toEqual(await run(id, params[id]));
      }
      await expect(
        remote.client.insert({
          table: 'branches_v1',
          values: [{ branch_id: 'X', name: 'x', region: 'x', timezone: 'UTC', updated_at: asOf }],
          format: 'JSONEachRow',
        }),
      ).rejects.toThrow(/readonly mode/);
    } finally {
      await remote.close();
      await analyst.close();
    }
  });
});
