// CLV from visit histories: BG/NBD + Gamma-Gamma fitted on every customer with spend, then one
// discounted value per customer, attributed to the branch they visit most. A fit is published only
// when it can be trusted (see chooseClvModel); otherwise every customer gets the pooled fallback
// and the table says why.
import {
  type BgNbdFit,
  type ClvOptions,
  type CustomerSummary,
  type CustomerValue,
  customerValue,
  fitBgNbd,
  fitGammaGamma,
  type GammaGammaFit,
  pooledCustomerValue,
  pooledRates,
  summarise,
} from '@servloop/metrics';
import { insertRows, type Warehouse } from '@servloop/warehouse';
import { rows } from './sql.ts';

export interface ClvSettings {
  margin: number;
  monthlyDiscountRate: number;
  months: number;
}
export const DEFAULT_CLV: ClvSettings = { margin: 0.3, monthlyDiscountRate: 0.01, months: 12 };

/** Gamma-Gamma needs this many repeat buyers with spend before its three parameters mean anything. */
export const MIN_REPEAT_BUYERS = 10;

export type ClvModelName = 'bgnbd_gammagamma' | 'fallback_pooled';
export type FitStatus =
  | 'published'
  | 'too_few_repeat_buyers'
  | 'bgnbd_not_converged'
  | 'bgnbd_at_bound'
  | 'gammagamma_not_converged'
  | 'gammagamma_at_bound'
  | 'gammagamma_q_le_1'
  | 'fit_failed';

export interface ClvModelChoice {
  model: ClvModelName;
  status: FitStatus;
  /** Why, in a sentence an analyst can act on (with the numbers that decided it). */
  note: string;
  customers: number;
  repeatBuyers: number;
  /** Everything needed to reproduce the numbers (JSON). */
  params: Record<string, unknown>;
  value: (c: CustomerSummary) => CustomerValue;
  /** The published fits (absent for the fallback). */
  published?: { bgnbd: BgNbdFit; gammaGamma: GammaGammaFit };
}

const fmt = (v: number) => v.toPrecision(4);
const describeFit = (f: BgNbdFit | GammaGammaFit) =>
  `${f.iterations} iterations, gradient norm ${f.gradientNorm.toExponential(1)}` +
  (f.atBound.length
    ? `, at bound: ${f.atBound.map((k) => `${k} = ${fmt((f.params as unknown as Record<string, number>)[k]!)}`).join(', ')}`
    : '');

/**
 * Fits BG/NBD + Gamma-Gamma and publishes them only if both converged inside their bounds and
 * Gamma-Gamma's population mean spend exists (q > 1). A fit on its bounds is the likelihood
 * running off to a degenerate model (e.g. nobody ever drops out), and q ≤ 1 leaves expected spend
 * undefined; publishing either would print confident numbers the data does not support.
 *
 * Otherwise every customer gets the pooled fallback (clv/fallback.ts: the seed's formula with the
 * customer's own spend and a repeat rate pooled over everyone), labelled 'fallback_pooled' with the
 * failed check and the n it was pooled on. We prefer it to writing no estimate because the
 * revenue-at-risk view sums clv per branch: a labelled, conservative number keeps that sum
 * meaningful, and analysts can still filter on model = 'bgnbd_gammagamma'.
 */
export function chooseClvModel(summaries: readonly CustomerSummary[], s: ClvSettings): ClvModelChoice {
  const repeat = summaries.filter((c) => c.x > 0 && c.m > 0);
  const base = { customers: summaries.length, repeatBuyers: repeat.length };
  const options = clvOptions(s);
  const fallback = (status: FitStatus, why: string, fits: Record<string, unknown> = {}): ClvModelChoice => {
    const rates = pooledRates(summaries);
    return {
      ...base,
      model: 'fallback_pooled',
      status,
      note:
        `${why}. Fallback: the seed's CLV formula with each customer's own mean spend and rates pooled over ` +
        `n = ${rates.customers} customers (${rates.repeatBuyers} repeat buyers): ${fmt(rates.visitRate * options.periodLength)} visits a month while active, ` +
        `${fmt(rates.returnProbability)} of visits followed by another.`,
      params: { fallback: rates, ...fits, ...s },
      value: (c) => pooledCustomerValue(rates, c, options),
    };
  };
  if (repeat.length < MIN_REPEAT_BUYERS)
    return fallback(
      'too_few_repeat_buyers',
      `${repeat.length} repeat buyers with spend, fewer than the ${MIN_REPEAT_BUYERS} Gamma-Gamma needs`,
    );
  let bg: BgNbdFit;
  let gg: GammaGammaFit;
  try {
    bg = fitBgNbd(summaries);
    gg = fitGammaGamma(repeat);
  } catch (e) {
    return fallback('fit_failed', `the fit failed: ${(e as Error).message}`);
  }
  const fits = { bgnbd: bg, gammaGamma: gg };
  if (bg.atBound.length)
    return fallback('bgnbd_at_bound', `BG/NBD ended on its bounds (${describeFit(bg)})`, fits);
  if (!bg.converged)
    return fallback('bgnbd_not_converged', `BG/NBD did not converge (${describeFit(bg)})`, fits);
  if (gg.atBound.length)
    return fallback('gammagamma_at_bound', `Gamma-Gamma ended on its bounds (${describeFit(gg)})`, fits);
  if (!gg.converged)
    return fallback('gammagamma_not_converged', `Gamma-Gamma did not converge (${describeFit(gg)})`, fits);
  if (gg.params.q <= 1)
    return fallback(
      'gammagamma_q_le_1',
      `Gamma-Gamma q = ${fmt(gg.params.q)} ≤ 1: spend is so heavy-tailed that the population mean spend is undefined`,
      fits,
    );
  // The closed forms (₂F₁ series) can still fail or overflow for some history under a valid fit;
  // one such customer must not abort the job or publish a NaN, so the run falls back instead.
  const checked = new Map<CustomerSummary, CustomerValue>();
  for (const c of summaries) {
    let v: CustomerValue;
    try {
      v = customerValue(bg.params, gg.params, c, options);
    } catch (e) {
      return fallback(
        'fit_failed',
        `the fitted model failed for customer ${c.customerId}: ${(e as Error).message}`,
        fits,
      );
    }
    if (![v.clv, v.expectedPurchases, v.expectedSpend, v.probabilityAlive].every(Number.isFinite))
      return fallback(
        'fit_failed',
        `the fitted model gave a non-finite value for customer ${c.customerId}`,
        fits,
      );
    checked.set(c, v);
  }
  const value = (c: CustomerSummary) => checked.get(c) ?? customerValue(bg.params, gg.params, c, options);
  return {
    ...base,
    model: 'bgnbd_gammagamma',
    status: 'published',
    note: `BG/NBD on ${bg.customers} customers (${describeFit(bg)}), Gamma-Gamma on ${gg.customers} repeat buyers (${describeFit(gg)})`,
    // Same shape as before the fit checks (parameters under bgnbd / gammaGamma), plus how each fit ended.
    params: {
      bgnbd: bg.params,
      gammaGamma: gg.params,
      diagnostics: { bgnbd: diagnostics(bg), gammaGamma: diagnostics(gg) },
      ...s,
    },
    value,
    published: fits,
  };
}

const diagnostics = ({
  converged,
  iterations,
  atBound,
  gradientNorm,
  logLikelihood,
}: BgNbdFit | GammaGammaFit) => ({
  converged,
  iterations,
  atBound,
  gradientNorm,
  logLikelihood,
});

function clvOptions(s: ClvSettings): ClvOptions {
  return { periodLength: 52 / 12, periods: s.months, discountRate: s.monthlyDiscountRate, margin: s.margin };
}

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
  const choice = chooseClvModel(summaries, s);
  await progress(80);
  const params = JSON.stringify(choice.params);
  await insertRows(
    w,
    'clv_estimates_v1',
    [
      'branch_id',
      'customer_key',
      'model',
      'fit_status',
      'fit_note',
      'fit_customers',
      'fit_repeat_buyers',
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
      const v = choice.value(c);
      const branch = [...home.get(c.customerId)!].sort((a, b) => b[1] - a[1])[0]![0];
      return {
        branch_id: branch,
        customer_key: c.customerId,
        model: choice.model,
        fit_status: choice.status,
        fit_note: choice.note,
        fit_customers: choice.customers,
        fit_repeat_buyers: choice.repeatBuyers,
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
  // A run rewrites the table. Rows are keyed by (branch, customer, model), so a customer whose
  // model changed (fallback → fitted) or whose home branch changed would otherwise keep the older
  // run's row beside the new one and be counted twice in every sum over clv.
  await w.client.command({
    query: 'DELETE FROM clv_estimates_v1 WHERE fitted_at < fromUnixTimestamp64Milli({asOf:Int64})',
    query_params: { asOf },
  });
  await progress(100);
  return {
    customers: summaries.length,
    model: choice.model,
    fitStatus: choice.status,
    fitNote: choice.note,
    params: choice.published?.bgnbd.params,
  };
}
