// What drives loyalty (key_drivers_v1, migration 0072): relative weights of the five dimensions for
// the questionnaire's NPS answer and for being a promoter, per branch and for the network. The
// warehouse hands over cross-product blocks (responses hashed into blocks), so the run time does
// not grow with the rows moved to the worker; the importance × performance table and the soft
// versus hard answer are built here, the loop's step 1 reads the gain ranking.
import {
  type CrossProducts,
  type DriverResult,
  type Interval,
  relativeWeights,
  selectVariables,
} from '@servloop/metrics';
import { insertRows, type Warehouse } from '@servloop/warehouse';
import { DIMENSIONS } from '../copy.ts';
import { rows } from '../sql.ts';

export const NETWORK = '*';
const BLOCKS = 200;
/** Variables of a block: the five dimensions, then the two outcomes. */
const VARIABLES = [...DIMENSIONS, 'nps_answer', 'promoter'] as const;
export const OUTCOMES = ['nps_answer', 'promoter'] as const;
const SOFT = DIMENSIONS.filter((d) => d !== 'facilities');

/**
 * Cross-product blocks per branch (and the network) of questionnaires answering all five
 * dimensions, with their NPS answer: the questionnaire's own, else the latest of its visit.
 */
export async function driverBlocks(
  w: Warehouse,
  from: string,
  to: string,
): Promise<Map<string, CrossProducts[]>> {
  const v = VARIABLES.map((x) => `r.${x}`);
  const products: string[] = [];
  for (let i = 0; i < v.length; i++)
    for (let j = i; j < v.length; j++) products.push(`sum(${v[i]} * ${v[j]})`);
  const perDimension = DIMENSIONS.map((d) => `avgIf(perception, dimension = '${d}') AS ${d}`).join(', ');
  const answered = DIMENSIONS.map((d) => `countIf(dimension = '${d}') > 0`).join(' AND ');
  const result = await rows<{
    branch_id: string;
    block: string;
    n: string;
    sums: number[];
    products: number[];
  }>(
    w,
    `WITH q AS (
       SELECT branch_id, response_id, any(visit_id) AS of_visit, ${perDimension}
       FROM questionnaire_answers_latest
       WHERE perception IS NOT NULL AND local_date >= {from:Date} AND local_date <= {to:Date}
       GROUP BY branch_id, response_id
       HAVING ${answered}
     ), own AS (
       SELECT branch_id, response_id, toFloat64(argMax(nps, received_at)) AS own_answer
       FROM survey_responses_latest
       WHERE channel = 'questionnaire' AND nps IS NOT NULL AND local_date >= {from:Date} AND local_date <= {to:Date}
       GROUP BY branch_id, response_id
     ), by_visit AS (
       SELECT branch_id, visit_id, toFloat64(argMax(nps, (occurred_at, received_at))) AS visit_answer
       FROM survey_responses_latest
       WHERE visit_id != '' AND nps IS NOT NULL AND local_date >= {from:Date} AND local_date <= {to:Date} + 14
       GROUP BY branch_id, visit_id
     ), r AS (
       SELECT q.branch_id AS branch_id, q.response_id AS response_id, ${DIMENSIONS.map((d) => `q.${d} AS ${d}`).join(', ')},
              coalesce(own.own_answer, by_visit.visit_answer) AS nps_answer, toFloat64(nps_answer >= 9) AS promoter
       FROM q
       LEFT JOIN own ON own.branch_id = q.branch_id AND own.response_id = q.response_id
       LEFT JOIN by_visit ON by_visit.branch_id = q.branch_id AND by_visit.visit_id = q.of_visit
       WHERE nps_answer IS NOT NULL
     )
     SELECT r.branch_id AS branch_id, cityHash64(r.response_id) % ${BLOCKS} AS block, count() AS n,
            [${v.map((x) => `sum(${x})`).join(', ')}] AS sums, [${products.join(', ')}] AS products
     FROM r GROUP BY branch_id, block
     SETTINGS join_use_nulls = 1`,
    { from, to },
  );
  const out = new Map<string, CrossProducts[]>();
  const network = new Map<string, CrossProducts>();
  for (const x of result) {
    const c: CrossProducts = { n: Number(x.n), sums: x.sums.map(Number), products: x.products.map(Number) };
    out.set(x.branch_id, [...(out.get(x.branch_id) ?? []), c]);
    const nb = network.get(x.block);
    if (!nb) network.set(x.block, { n: c.n, sums: [...c.sums], products: [...c.products] });
    else {
      nb.n += c.n;
      c.sums.forEach((s, i) => {
        nb.sums[i]! += s;
      });
      c.products.forEach((s, i) => {
        nb.products[i]! += s;
      });
    }
  }
  if (network.size) out.set(NETWORK, [...network.values()]);
  return out;
}

export type DriverRow = {
  branch_id: string;
  outcome: (typeof OUTCOMES)[number];
  term: string;
  from_date: string;
  to_date: string;
  n: number;
  weight: number | null;
  weight_low: number | null;
  weight_high: number | null;
  share: number | null;
  share_low: number | null;
  share_high: number | null;
  slope: number | null;
  slope_low: number | null;
  slope_high: number | null;
  mean_perception: number | null;
  target: number | null;
  target_source: string;
  expected_gain: number | null;
  gain_rank: number;
  verdict: string;
  replicates: number;
  computed_at: number;
};

const triple = (i: Interval | undefined) => [i?.estimate ?? null, i?.low ?? null, i?.high ?? null] as const;

/** Soft quality moves loyalty more, less, or not distinguishably (the difference's interval decides). */
export function softVersusHard(d: Interval | undefined): string {
  if (!d || d.low === null || d.high === null) return 'not enough data';
  if (d.low > 0) return 'soft';
  if (d.high < 0) return 'hard';
  return 'no difference';
}

/**
 * Rows of key_drivers_v1 for one branch (or the network) and outcome. Expected gain: the answer
 * points a dimension's mean moving to its target would bring, through the relative weight's
 * implied slope √weight · sd(outcome) / sd(dimension) — importance × distance to target.
 */
export function driverRows(
  branchId: string,
  outcome: (typeof OUTCOMES)[number],
  r: DriverResult | null,
  n: number,
  targets: Map<string, { target: number; source: string }>,
  context: { from: string; to: string; computedAt: number; outcomeSd?: number },
): DriverRow[] {
  const base = {
    branch_id: branchId,
    outcome,
    from_date: context.from,
    to_date: context.to,
    n: r?.n ?? n,
    replicates: r?.replicates ?? 0,
    computed_at: context.computedAt,
  };
  const empty = {
    weight: null,
    weight_low: null,
    weight_high: null,
    share: null,
    share_low: null,
    share_high: null,
    slope: null,
    slope_low: null,
    slope_high: null,
    mean_perception: null,
    target: null,
    target_source: '',
    expected_gain: null,
    gain_rank: 0,
    verdict: '',
  };
  const gains = DIMENSIONS.map((d) => {
    const p = r?.predictors.find((x) => x.name === d);
    const t = targets.get(d);
    if (!p || !t || !context.outcomeSd) return 0;
    return (
      ((Math.sqrt(Math.max(0, p.weight.estimate)) * context.outcomeSd) / p.sd) *
      Math.max(0, t.target - p.mean)
    );
  });
  const order = [...gains.keys()].sort((a, b) => gains[b]! - gains[a]!);
  const dimensionRows = DIMENSIONS.map((d, i): DriverRow => {
    const p = r?.predictors.find((x) => x.name === d);
    const t = targets.get(d);
    if (!p) return { ...base, ...empty, term: d, target: t?.target ?? null, target_source: t?.source ?? '' };
    const [weight, weight_low, weight_high] = triple(p.weight);
    const [share, share_low, share_high] = triple(p.share);
    const [slope, slope_low, slope_high] = triple(p.slope);
    return {
      ...base,
      ...empty,
      term: d,
      weight,
      weight_low,
      weight_high,
      share,
      share_low,
      share_high,
      slope,
      slope_low,
      slope_high,
      mean_perception: p.mean,
      target: t?.target ?? null,
      target_source: t?.source ?? '',
      expected_gain: gains[i]!,
      gain_rank: order.indexOf(i) + 1,
    };
  });
  const summary = (term: string, i: Interval | undefined, verdict = ''): DriverRow => {
    const [weight, weight_low, weight_high] = triple(i);
    return { ...base, ...empty, term, weight, weight_low, weight_high, verdict };
  };
  const diff = r?.contrasts.find((c) => c.name === 'soft_minus_hard')?.difference;
  return [
    ...dimensionRows,
    summary('soft', r?.groups.find((g) => g.name === 'soft')?.weight),
    summary('hard', r?.groups.find((g) => g.name === 'hard')?.weight),
    summary('soft_minus_hard', diff, softVersusHard(diff)),
    summary('r2', r?.r2),
  ];
}

export const DRIVER_COLUMNS = [
  'branch_id',
  'outcome',
  'term',
  'from_date',
  'to_date',
  'n',
  'weight',
  'weight_low',
  'weight_high',
  'share',
  'share_low',
  'share_high',
  'slope',
  'slope_low',
  'slope_high',
  'mean_perception',
  'target',
  'target_source',
  'expected_gain',
  'gain_rank',
  'verdict',
  'replicates',
  'computed_at',
] as const;

async function targetsByBranch(w: Warehouse, defaultTarget: number) {
  const r = await rows<{ branch_id: string; dimension: string; target: number }>(
    w,
    'SELECT branch_id, dimension, target FROM standards_current',
  );
  return (branchId: string) => {
    const own = r.filter((x) => (branchId === NETWORK ? x.branch_id !== '*' : x.branch_id === branchId));
    return new Map(
      DIMENSIONS.map((d) => {
        const ts = own.filter((x) => x.dimension === d).map((x) => Number(x.target));
        return [
          d,
          ts.length
            ? { target: ts.reduce((a, b) => a + b, 0) / ts.length, source: 'standard' }
            : { target: defaultTarget, source: 'default' },
        ];
      }),
    );
  };
}

/** The driver job: rewrites key_drivers_v1 for the answers of [from, to]. */
export async function estimateKeyDrivers(
  w: Warehouse,
  r: { from: string; to: string },
  o: {
    replicates: number;
    minRespondents: number;
    defaultTarget: number;
    computedAt?: number;
    seed?: number;
  },
): Promise<{ scopes: number; rows: number }> {
  const computedAt = o.computedAt ?? Date.now();
  const blocks = await driverBlocks(w, r.from, r.to);
  const targets = await targetsByBranch(w, o.defaultTarget);
  const out: DriverRow[] = [];
  for (const [branchId, bs] of blocks) {
    const n = bs.reduce((a, b) => a + b.n, 0);
    for (const [k, outcome] of OUTCOMES.entries()) {
      const y = DIMENSIONS.length + k;
      const selected = bs.map((b) => selectVariables(b, [...DIMENSIONS.keys(), y]));
      const result =
        n >= o.minRespondents
          ? relativeWeights(selected, [...DIMENSIONS], {
              replicates: o.replicates,
              seed: o.seed ?? 1,
              groups: { soft: SOFT, hard: ['facilities'] },
              contrasts: { soft_minus_hard: ['soft', 'hard'] },
            })
          : null;
      const totals = selected.reduce(
        (a, b) => ({ n: a.n + b.n, s: a.s + b.sums[DIMENSIONS.length]!, ss: a.ss + b.products.at(-1)! }),
        { n: 0, s: 0, ss: 0 },
      );
      const outcomeSd =
        totals.n > 1 ? Math.sqrt((totals.ss - totals.s ** 2 / totals.n) / (totals.n - 1)) : undefined;
      out.push(
        ...driverRows(branchId, outcome, result, n, targets(branchId), { ...r, computedAt, outcomeSd }),
      );
    }
  }
  if (out.length) await insertRows(w, 'key_drivers_v1', DRIVER_COLUMNS, out);
  return { scopes: blocks.size, rows: out.length };
}

/** The ranking step 1 of a branch's loops reads: the branch's own analysis, else the network's. */
export interface DriverEvidence {
  scope: string;
  n: number;
  ranked: { dimension: string; gain: number; weight: number; low: number | null; high: number | null }[];
}

export async function driverEvidence(w: Warehouse, branchId: string): Promise<DriverEvidence | null> {
  const r = await rows<{
    branch_id: string;
    term: string;
    n: string;
    expected_gain: number | null;
    weight: number | null;
    weight_low: number | null;
    weight_high: number | null;
    gain_rank: string;
  }>(
    w,
    `SELECT branch_id, term, n, expected_gain, weight, weight_low, weight_high, gain_rank FROM key_drivers
     WHERE branch_id IN ({b:String}, '*') AND outcome = 'nps_answer' AND weight IS NOT NULL
     ORDER BY branch_id = {b:String} DESC, gain_rank`,
    { b: branchId },
  );
  const scope = r[0]?.branch_id;
  if (!scope) return null;
  const own = r.filter((x) => x.branch_id === scope);
  return {
    scope,
    n: Number(own[0]!.n),
    ranked: own.map((x) => ({
      dimension: x.term,
      gain: Number(x.expected_gain ?? 0),
      weight: Number(x.weight),
      low: x.weight_low === null ? null : Number(x.weight_low),
      high: x.weight_high === null ? null : Number(x.weight_high),
    })),
  };
}

/** The sentence step 1 adds to its evidence for `dimension`. */
export function driverSentence(e: DriverEvidence, dimension: string): string {
  const first = e.ranked[0]!;
  const at = e.ranked.findIndex((x) => x.dimension === dimension);
  const w = (x: DriverEvidence['ranked'][number]) =>
    `weight ${x.weight.toFixed(3)}${x.low !== null && x.high !== null ? ` [${x.low.toFixed(3)}, ${x.high.toFixed(3)}]` : ''}`;
  const scope = e.scope === NETWORK ? 'network' : `branch ${e.scope}`;
  return (
    `key drivers (${scope}, ${e.n} respondents): largest expected gain ${first.dimension} ` +
    `(+${first.gain.toFixed(2)} NPS-answer points to target, ${w(first)})` +
    (at === 0
      ? '; opening here first'
      : at > 0
        ? `; ${dimension} ranks ${at + 1} of ${e.ranked.length} (+${e.ranked[at]!.gain.toFixed(2)}, ${w(e.ranked[at]!)})`
        : '')
  );
}
