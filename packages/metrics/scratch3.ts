import { fitGammaGamma } from './src/index.ts';
let seed = 7;
const rand = () => { seed = (seed * 1664525 + 1013904223) >>> 0; return (seed + 0.5) / 2 ** 32; };
function gamma(shape: number, scale: number): number {
  if (shape < 1) return gamma(shape + 1, scale) * rand() ** (1 / shape);
  const d = shape - 1 / 3, c = 1 / Math.sqrt(9 * d);
  for (;;) { let x, v; do { const u1 = rand(), u2 = rand(); x = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2); v = 1 + c * x; } while (v <= 0);
    v = v ** 3; if (Math.log(rand()) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v * scale; }
}
for (const [q, n] of [[0.7, 300], [0.8, 500], [0.6, 200], [3, 40], [3, 12]]) {
  seed = 7;
  const cs = Array.from({ length: n }, (_, i) => { const nu = gamma(q, 1 / 10); const x = 1 + (i % 6); let s = 0; for (let k = 0; k < x; k++) s += gamma(4, 1 / nu); return { x, m: s / x }; });
  const f = fitGammaGamma(cs); console.log(q, n, JSON.stringify(f));
}
