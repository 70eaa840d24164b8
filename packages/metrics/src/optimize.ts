// Nelder–Mead simplex minimiser: derivative-free, robust for the few-parameter likelihoods here.

export interface MinimizeResult {
  x: number[];
  fx: number;
  iterations: number;
  converged: boolean;
}

export function nelderMead(
  f: (x: number[]) => number,
  start: number[],
  { step = 0.5, tolerance = 1e-10, maxIterations = 10_000 } = {},
): MinimizeResult {
  const n = start.length;
  let simplex = [start, ...start.map((_, i) => start.map((v, j) => (i === j ? v + step : v)))];
  let values = simplex.map((p) => safe(f(p)));
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
    simplex = order.map(([, i]) => simplex[i]!);
    values = order.map(([v]) => v);
    if (Math.abs(values[n]! - values[0]!) <= tolerance * (Math.abs(values[0]!) + tolerance)) {
      return { x: simplex[0]!, fx: values[0]!, iterations, converged: true };
    }
    const centroid = start.map((_, j) => simplex.slice(0, n).reduce((s, p) => s + p[j]!, 0) / n);
    const along = (t: number) => centroid.map((c, j) => c + t * (simplex[n]![j]! - c));
    const reflected = along(-1);
    const fr = safe(f(reflected));
    if (fr < values[0]!) {
      const expanded = along(-2);
      const fe = safe(f(expanded));
      [simplex[n], values[n]] = fe < fr ? [expanded, fe] : [reflected, fr];
    } else if (fr < values[n - 1]!) {
      [simplex[n], values[n]] = [reflected, fr];
    } else {
      const contracted = fr < values[n]! ? along(-0.5) : along(0.5);
      const fc = safe(f(contracted));
      if (fc < Math.min(fr, values[n]!)) {
        [simplex[n], values[n]] = [contracted, fc];
      } else {
        const best = simplex[0]!;
        simplex = simplex.map((p, i) => (i === 0 ? p : p.map((v, j) => best[j]! + 0.5 * (v - best[j]!))));
        values = simplex.map((p, i) => (i === 0 ? values[0]! : safe(f(p))));
      }
    }
  }
  return { x: simplex[0]!, fx: values[0]!, iterations, converged: false };
}

const safe = (v: number) => (Number.isFinite(v) ? v : Number.POSITIVE_INFINITY);

/** Restarts from the previous optimum until the objective stops improving: escapes a collapsed simplex. */
export function minimize(f: (x: number[]) => number, start: number[], restarts = 4): MinimizeResult {
  let best = nelderMead(f, start);
  for (let i = 0; i < restarts; i++) {
    const again = nelderMead(f, best.x, { step: 0.1 });
    const improved = best.fx - again.fx > 1e-9 * Math.abs(best.fx);
    if (again.fx < best.fx) best = { ...again, iterations: best.iterations + again.iterations };
    if (!improved) break;
  }
  return best;
}
