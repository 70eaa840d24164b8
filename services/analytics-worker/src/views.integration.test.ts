// The numbers analysts read, on the real warehouse: complaint SLA with open-and-late counted late
// and the configured thresholds, revenue at risk once per current customer, corrections replace.
import { join } from 'node:path';
import { isolate, resolveEndpoints } from '@servloop/test-harness';
import { insertRows, migrate, openWarehouse } from '@servloop/warehouse';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from './config.ts';
import { rows } from './sql.ts';
import { writeConfigFacts } from './writers.ts';

const endpoints = await resolveEndpoints();
const iso = isolate(endpoints, 'analyticsv');
const warehouse = await openWarehouse({ url: iso.clickhouseUrl, database: iso.database });
afterAll(() => warehouse.close());
await migrate(warehouse, join(import.meta.dirname, '..', '..', '..', 'infra', 'clickhouse', 'migrations'));

const HOUR = 3_600_000;
const now = Date.now();
const trace = { _topic: 't', _partition: 0, _offset: 0 };
const q = (sql: string) => rows<Record<string, string | number | null>>(warehouse, sql);

function complaintEvent(id: string, status: string, at: number) {
  return {
    event_id: `${id}-${status}`,
    branch_id: 'B1',
    complaint_id: id,
    status,
    customer_key: '',
    channel: 'hotline',
    category: 'efficiency',
    severity: 'medium',
    description: '',
    promised_by: null,
    resolution: '',
    satisfied: null,
    handler_id: '',
    occurred_at: at,
    local_date: new Date(at).toISOString().slice(0, 10),
    received_at: at,
    ...trace,
  };
}

describe('analyst views', () => {
  it('complaint SLA: 3 complaints, one acknowledged in time, one late, one never acknowledged and past due → 1/3', async () => {
    const filed = now - 30 * HOUR;
    const events = [
      complaintEvent('C1', 'filed', filed),
      complaintEvent('C1', 'acknowledged', filed + 2 * HOUR),
      complaintEvent('C2', 'filed', filed),
      complaintEvent('C2', 'acknowledged', filed + 6 * HOUR),
      complaintEvent('C3', 'filed', filed),
      // Filed a moment ago and not yet due: pending, neither in time nor late.
      complaintEvent('C4', 'filed', now - HOUR),
    ];
    await insertRows(warehouse, 'complaints_v1', Object.keys(events[0]!), events);
    await writeConfigFacts(warehouse, DEFAULT_CONFIG, now - 1000);
    const sla = await q('SELECT complaint_id, acknowledged_in_time FROM complaint_sla ORDER BY complaint_id');
    expect(sla.map((r) => [r.complaint_id, r.acknowledged_in_time])).toEqual([
      ['C1', 1],
      ['C2', 0],
      ['C3', 0],
      ['C4', null],
    ]);
    const [share] = await q('SELECT avg(acknowledged_in_time) AS share FROM complaint_sla');
    expect(Number(share!.share)).toBeCloseTo(1 / 3, 10);

    // The view reads the configured threshold: with 8 hours to acknowledge, C2 is in time.
    await writeConfigFacts(
      warehouse,
      { ...DEFAULT_CONFIG, complaintSla: { ...DEFAULT_CONFIG.complaintSla, acknowledgeHours: 8 } },
      now,
    );
    const [relaxed] = await q(
      'SELECT avg(acknowledged_in_time) AS share, any(acknowledge_sla_hours) AS hours FROM complaint_sla',
    );
    expect([Number(relaxed!.share), Number(relaxed!.hours)]).toEqual([2 / 3, 8]);
  });

  it('revenue at risk counts a customer once, at their current branch, after their main branch changed', async () => {
    const clv = (branch: string, at: number, value: number) => ({
      branch_id: branch,
      customer_key: 'ck_1',
      model: 'bgnbd_gammagamma',
      x: 3,
      tx: 10,
      t_age: 20,
      mean_spend: 100,
      probability_alive: 0.9,
      expected_visits: 4,
      expected_spend: 100,
      clv: value,
      params: '{}',
      fitted_at: at,
    });
    await insertRows(warehouse, 'clv_estimates_v1', Object.keys(clv('B1', 0, 0)), [
      clv('B1', now - 40 * 24 * HOUR, 500),
      clv('B2', now, 800),
    ]);
    const survey = (id: string, received: number, nps: number) => ({
      event_id: id,
      branch_id: 'B1',
      response_id: 'R-9',
      visit_id: '',
      customer_key: 'ck_1',
      channel: 'sms',
      language: 'zh-CN',
      nps,
      nps_category: nps >= 9 ? 'promoter' : nps >= 7 ? 'passive' : 'detractor',
      csat: null,
      ces: null,
      comment: '',
      occurred_at: now - 5 * HOUR,
      local_date: new Date(now).toISOString().slice(0, 10),
      received_at: received,
      ...trace,
    });
    await insertRows(warehouse, 'survey_responses_v1', Object.keys(survey('x', 0, 0)), [
      survey('e-1', now - 4 * HOUR, 3),
    ]);
    const risk = await q(
      'SELECT branch_id, customers, detractors, clv_at_risk FROM revenue_at_risk ORDER BY branch_id',
    );
    expect(risk).toEqual([{ branch_id: 'B2', customers: 1, detractors: 1, clv_at_risk: 800 }]);

    // Corrections replace: the branch re-sends response R-9 (new webhook id) with the right score.
    await insertRows(warehouse, 'survey_responses_v1', Object.keys(survey('x', 0, 0)), [
      survey('e-2', now - 3 * HOUR, 9),
    ]);
    expect(await q("SELECT event_id, nps FROM survey_responses_latest WHERE response_id = 'R-9'")).toEqual([
      { event_id: 'e-2', nps: 9 },
    ]);
    expect(
      Number((await q("SELECT count() AS n FROM survey_responses WHERE response_id = 'R-9'"))[0]!.n),
    ).toBe(2);
    expect(await q('SELECT branch_id, detractors, clv_at_risk FROM revenue_at_risk')).toEqual([
      { branch_id: 'B2', detractors: 0, clv_at_risk: 0 },
    ]);
  });
});
