// The floor page's waiting panel, materialised (wait_loyalty_v1, wait_cost_v1, migration 0076):
// a copy of the views wait_loyalty and wait_cost taken at each floor run, so the console reads a
// branch's rows by primary key. The views hold the definitions; this only copies their rows.
import type { Warehouse } from '@servloop/warehouse';
import { rows as query } from '../sql.ts';

export const WAIT_LOYALTY_COLUMNS = [
  'branch_id',
  'wait_from_min',
  'wait_to_min',
  'n',
  'promoters',
  'detractors',
  'nps',
  'nps_low',
  'nps_high',
  'promoter_share',
  'promoter_low',
  'promoter_high',
] as const;

export const WAIT_COST_COLUMNS = [
  'branch_id',
  'p90_wait_min',
  'slow_answers',
  'other_answers',
  'slow_detractor_share',
  'other_detractor_share',
  'excess_detractor_share',
  'excess_low',
  'excess_high',
  'slow_customers',
  'slow_customers_clv',
  'clv_at_risk',
  'clv_at_risk_low',
  'clv_at_risk_high',
] as const;

const COPIES = [
  { table: 'wait_loyalty_v1', view: 'wait_loyalty', columns: WAIT_LOYALTY_COLUMNS },
  { table: 'wait_cost_v1', view: 'wait_cost', columns: WAIT_COST_COLUMNS },
] as const;

/**
 * Copies the views into their tables stamped `computedAt`, then deletes the rows of earlier runs:
 * a bin or branch that has left the view (a corrected visit, a branch without answers any more)
 * must not linger on the page beside the fresh ones.
 */
export async function materialiseWaitPanel(w: Warehouse, computedAt: number): Promise<{ rows: number }> {
  let rows = 0;
  for (const { table, view, columns } of COPIES) {
    const list = columns.join(', ');
    await w.client.command({
      query: `INSERT INTO ${table} (${list}, computed_at)
              SELECT ${list}, fromUnixTimestamp64Milli({at:Int64}) FROM ${view}`,
      query_params: { at: computedAt },
    });
    await w.client.command({
      query: `DELETE FROM ${table} WHERE computed_at < fromUnixTimestamp64Milli({at:Int64})`,
      query_params: { at: computedAt },
    });
    const [written] = await query<{ n: string }>(
      w,
      `SELECT count() AS n FROM ${table} FINAL WHERE computed_at = fromUnixTimestamp64Milli({at:Int64})`,
      { at: computedAt },
    );
    rows += Number(written?.n ?? 0);
  }
  return { rows };
}
