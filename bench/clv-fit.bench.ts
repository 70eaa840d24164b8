// BG/NBD + Gamma-Gamma fit time for 100,000 customers (goal ≤ 10 s), against the CDNOW fit in the
// same run. Customers are drawn from the published CDNOW parameters, so the fit should find them.
//   pnpm --filter @servloop/bench clv
import { fitBgNbd, fitGammaGamma } from '@servloop/metrics';
import { fmt } from './common.ts';

const N = Number(process.env.BENCH_CUSTOMERS ?? 100_000);
const truth = { r: 0.2426, alpha: 4.4135, a: 0.7929, b: 2.4259 };
const spendTruth = { p: 6.25, q: 3.74, gamma: 15.44 };

// Small deterministic PRNG so runs are comparable.
let seed = 42;
const rand = () => {
  seed = (seed * 1664525 + 1013904223) >>> 0;
  return (seed + 0.5) / 2 ** 32;
};
function gamma(shape: number, scale: number): number {
  // Marsaglia–Tsang, with the boost for shape < 1.
  if (shape < 1) return gamma(shape + 1, scale) * rand() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      const u1 = rand();
      const u2 = rand();
      x = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
      v = 1 + c * x;
    } while (v <= 0);
    v = v ** 3;
    if (Math.log(rand()) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v * scale;
  }
}
const beta = (a: number, b: number) => {
  const x = gamma(a, 1);
  return x / (x + gamma(b, 1));
};

const customers: { x: number; tx: number; T: number; m: number }[] = [];
for (let i = 0; i < N; i++) {
  const T = 39 - rand() * 12; // first purchase in the first quarter, 39-week calibration
  const lambda = gamma(truth.r, 1 / truth.alpha);
  const p = beta(truth.a, truth.b);
  const nu = gamma(spendTruth.q, 1 / spendTruth.gamma);
  let t = 0;
  let x = 0;
  let tx = 0;
  let spend = 0;
  for (;;) {
    t += -Math.log(rand()) / lambda;
    if (t > T) break;
    x++;
    tx = t;
    spend += gamma(spendTruth.p, 1 / nu);
    if (rand() < p) break; // drops out after this purchase
  }
  customers.push({ x, tx, T, m: x ? spend / x : 0 });
}
// Timestamps rounded to days, as real histories are: this is what makes groups share terms.
for (const c of customers) {
  c.T = Math.round(c.T * 7) / 7;
  c.tx = Math.round(c.tx * 7) / 7;
}

let t = performance.now();
const bg = fitBgNbd(customers);
const bgSeconds = (performance.now() - t) / 1000;
t = performance.now();
const gg = fitGammaGamma(customers.filter((c) => c.x > 0));
const ggSeconds = (performance.now() - t) / 1000;
const p = bg.params;
console.log(
  `BG/NBD on ${fmt(N)} customers: ${bgSeconds.toFixed(2)} s (${bg.iterations} iterations) → r ${p.r.toFixed(4)} α ${p.alpha.toFixed(3)} a ${p.a.toFixed(4)} b ${p.b.toFixed(4)} (drawn with ${JSON.stringify(truth)})`,
);
console.log(
  `Gamma-Gamma on ${fmt(gg.customers)} repeat buyers: ${ggSeconds.toFixed(2)} s → p ${gg.params.p.toFixed(3)} q ${gg.params.q.toFixed(3)} γ ${gg.params.gamma.toFixed(3)} (drawn with ${JSON.stringify(spendTruth)})`,
);
console.log(`total fit ${(bgSeconds + ggSeconds).toFixed(2)} s for ${fmt(N)} customers (goal ≤ 10 s)`);
