// Seeded draws for simulations and benchmarks, so that two runs see the same customers.

export interface SeededDraws {
  /** Uniform on (0, 1). */
  uniform(): number;
  /** Gamma(shape, scale) by Marsaglia–Tsang, boosted for shape < 1. */
  gamma(shape: number, scale: number): number;
  beta(a: number, b: number): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
}

export function seededDraws(seed: number): SeededDraws {
  let state = seed >>> 0;
  const uniform = () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return (state + 0.5) / 2 ** 32;
  };
  const gamma = (shape: number, scale: number): number => {
    if (shape < 1) return gamma(shape + 1, scale) * uniform() ** (1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        const u1 = uniform();
        const u2 = uniform();
        x = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
        v = 1 + c * x;
      } while (v <= 0);
      v = v ** 3;
      if (Math.log(uniform()) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v * scale;
    }
  };
  const beta = (a: number, b: number) => {
    const x = gamma(a, 1);
    return x / (x + gamma(b, 1));
  };
  const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  return { uniform, gamma, beta, normal };
}
