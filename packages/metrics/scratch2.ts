import { fitBgNbd, fitGammaGamma } from './src/index.ts';
// Everyone buys every week until the end: no dropout visible.
const steady = Array.from({ length: 200 }, (_, i) => ({ x: 10 + (i % 5), tx: 20, T: 20 }));
console.log(JSON.stringify(fitBgNbd(steady)));
const steady2 = Array.from({ length: 200 }, (_, i) => ({ x: 2+(i % 7), tx: 19 + (i%3)/3, T: 20 }));
console.log(JSON.stringify(fitBgNbd(steady2)));
// identical spend for everyone: no heterogeneity in spend → q, γ → ∞
console.log(JSON.stringify(fitGammaGamma(Array.from({ length: 50 }, (_, i) => ({ x: 1 + (i % 4), m: 20 })))));
// heavy tailed spend → q ≤ 1?
let s = 1; const r = () => { s = (s * 16807) % 2147483647; return s / 2147483647; };
const heavy = Array.from({ length: 300 }, () => ({ x: 1 + Math.floor(r() * 3), m: 10 / r() ** 1.5 }));
console.log(JSON.stringify(fitGammaGamma(heavy)));
