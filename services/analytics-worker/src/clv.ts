// CLV from visit histories: BG/NBD + Gamma-Gamma fitted on every customer with spend, then one
// discounted value per customer, attributed to the branch they visit most.
import { customerValue, fitBgNbd, fitGammaGamma, summarise } from '@servloop/metrics';
import { insertRows, type Warehouse } from '@servloop/warehouse';
import { rows } from './sql.ts';

export interface ClvSettings {
  margin: number;
  monthlyDiscountRate: number;
  months: number;
}
export const DEFAULT_CLV: ClvSettings = { margin: 0.3, monthlyDiscountRate: 0.01, months: 12 };

export async function estimateClv(
  w: Warehouse,
  asOf: number,
  s: ClvSettings = DEFAULT_CLV,
  progress: (p: number) => Promise<void> = async () => {},
) {
  const visits = await rows<{ customer_key: string; branch_id: string; at: string; amount: number }>(
    w,
    `SELECT customer_key, branch_id, toUnixTimestamp64Milli(finished_at) AS at, toFloat64(amount) AS amount FROM visits
     WHERE customer_key != '' AND amount IS NOT NULL AND finished_at <= fromUnixTimestamp64Milli({asOf:Int64})`,
    { asOf },
  );
  if (visits.length === 0) return { customers: 0 };
  const home = new Map<string, Map<string, number>>();
  for (const v of visits) {
    const counts = home.get(v.customer_key) ?? new Map<string, number>();
    counts.set(v.branch_id, (counts.get(v.branch_id) ?? 0) + 1);
    home.set(v.customer_key, counts);
  }
  const summaries = summarise(
    visits.map((v) => ({ customerId: v.customer_key, at: Number(v.at), amount: Number(v.amount) })),
    new Date(asOf).toISOString(),
    7,
  );
  await progress(20);
  const bg = fitBgNbd(summaries);
  await progress(60);
  const repeat = summaries.filter((c) => c.x > 0 && c.m > 0);
  const gg = repeat.length >= 10 ? fitGammaGamma(repeat).params : { p: 1, q: 2, gamma: 1 };
  await progress(80);
  const params = JSON.stringify({ bgnbd: bg.params, gammaGamma: gg, ...s });
  const options = {
    periodLength: 52 / 12,
    periods: s.months,
    discountRate: s.monthlyDiscountRate,
    margin: s.margin,
  };
  await insertRows(
    w,
    'clv_estimates_v1',
    [
      'branch_id',
      'customer_key',
      'model',
      'x',
      'tx',
      't_age',
      'mean_spend',
      'probability_alive',
      'expected_visits',
      'expected_spend',
      'clv',
      'params',
      'fitted_at',
    ],
    summaries.map((c) => {
      const v = customerValue(bg.params, gg, c, options);
      const branch = [...home.get(c.customerId)!].sort((a, b) => b[1] - a[1])[0]![0];
      return {
        branch_id: branch,
        customer_key: c.customerId,
        model: 'bgnbd_gammagamma',
        x: c.x,
        tx: c.tx,
        t_age: c.T,
        mean_spend: c.m,
        probability_alive: v.probabilityAlive,
        expected_visits: v.expectedPurchases,
        expected_spend: v.expectedSpend,
        clv: v.clv,
        params,
        fitted_at: asOf,
      };
    }),
  );
  await progress(100);
  return { customers: summaries.length, params: bg.params };
}
