// The CLV job against a real (isolated) warehouse with every migration applied: the rows carry
// which model produced them and why, the analyst view shows those columns, and a later run
// replaces an earlier run's rows even when the model changed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { summarise } from '@servloop/metrics';
import { isolate, resolveEndpoints } from '@servloop/test-harness';
import { insertRows, migrate, openWarehouse } from '@servloop/warehouse';
import { afterAll, describe, expect, it } from 'vitest';
import { estimateClv } from './clv.ts';
import { rows } from './sql.ts';

const root = join(import.meta.dirname, '..', '..', '..');
const endpoints = await resolveEndpoints();
const iso = isolate(endpoints, 'clvjob');
const warehouse = await openWarehouse({ url: iso.clickhouseUrl, database: iso.database });
afterAll(() => warehouse.close());
await migrate(warehouse, join(root, 'infra', 'clickhouse', 'migrations'));

// CDNOW purchases as counter visits, customers alternating between two branches.
const purchases = readFileSync(join(root, 'packages', 'metrics', 'test-data', 'CDNOW_sample.txt'), 'utf8')
  .trim()
  .split('\n')
  .map((line, i) => {
    const [, id, date, , dollars] = line.trim().split(/\s+/);
    const at = Date.parse(`${date!.slice(0, 4)}-${date!.slice(4, 6)}-${date!.slice(6, 8)}T10:00:00Z`);
    return { i, customer: `C${id}`, at, amount: Number(dollars), branch: Number(id) % 2 ? 'B1' : 'B2' };
  });
const visitRow = (p: (typeof purchases)[number]) => ({
  event_id: `e${p.i}`,
  branch_id: p.branch,
  visit_id: `v${p.i}`,
  customer_key: p.customer,
  finished_at: p.at,
  occurred_at: p.at,
  received_at: p.at,
  local_date: new Date(p.at).toISOString().slice(0, 10),
  amount: p.amount,
  currency: 'USD',
});
const VISIT_COLUMNS = Object.keys(visitRow(purchases[0]!));
const asOf = Date.parse('1997-09-30T23:00:00Z');

// 20 one-time and 5 repeat buyers: too few for Gamma-Gamma.
const summary = summarise(
  purchases.map((p) => ({ customerId: p.customer, at: p.at, amount: p.amount })),
  '1997-09-30',
);
const small = new Set(
  [...summary.filter((c) => c.x === 0).slice(0, 20), ...summary.filter((c) => c.x > 0).slice(0, 5)].map(
    (c) => c.customerId,
  ),
);

interface Row {
  customer_key: string;
  model: string;
  fit_status: string;
  fit_note: string;
  fit_customers: number;
  fit_repeat_buyers: number;
  clv: number;
  probability_alive: number;
}
const current = () =>
  rows<Row>(
    warehouse,
    'SELECT customer_key, model, fit_status, fit_note, fit_customers, fit_repeat_buyers, clv, probability_alive FROM clv_estimates',
  );

describe('estimateClv', () => {
  it('a small sample gets the pooled fallback, labelled with the reason and its n', async () => {
    await insertRows(
      warehouse,
      'visits_v1',
      VISIT_COLUMNS,
      purchases.filter((p) => small.has(p.customer)).map(visitRow),
    );
    const result = await estimateClv(warehouse, asOf);
    expect(result).toMatchObject({
      customers: 25,
      model: 'fallback_pooled',
      fitStatus: 'too_few_repeat_buyers',
    });
    const out = await current();
    expect(out).toHaveLength(25);
    for (const r of out) {
      expect(r).toMatchObject({
        model: 'fallback_pooled',
        fit_status: 'too_few_repeat_buyers',
        fit_customers: 25,
        fit_repeat_buyers: 5,
      });
      expect(r.fit_note).toContain('n = 25 customers (5 repeat buyers)');
      expect(Number(r.clv)).toBeGreaterThanOrEqual(0);
    }
  });

  it('with the whole CDNOW sample the fit is published and replaces the fallback rows', async () => {
    await insertRows(
      warehouse,
      'visits_v1',
      VISIT_COLUMNS,
      purchases.filter((p) => !small.has(p.customer)).map(visitRow),
    );
    const result = await estimateClv(warehouse, asOf + 30 * 60_000);
    expect(result).toMatchObject({ customers: 2357, model: 'bgnbd_gammagamma', fitStatus: 'published' });
    expect(result.params!.r).toBeCloseTo(0.2426, 3);
    const out = await current();
    expect(out).toHaveLength(2357); // no customer keeps a fallback row beside the new one
    expect(
      new Set(out.map((r) => `${r.model}/${r.fit_status}/${r.fit_customers}/${r.fit_repeat_buyers}`)),
    ).toEqual(new Set(['bgnbd_gammagamma/published/2357/946']));
    expect(out.every((r) => Number(r.probability_alive) > 0 && Number(r.probability_alive) <= 1)).toBe(true);
  });
});
