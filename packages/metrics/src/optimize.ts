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

export interface ValueAndGradient {
  f: number;
  g: number[];
}

export interface BoxBfgsOptions {
  /** Lower and upper bounds per coordinate (the iterate is projected onto the box). */
  lower?: number[];
  upper?: number[];
  /** Converged when the projected gradient's largest component is at most this. */
  gradientTolerance?: number;
  /**
   * When no step lowers f any more, even along the gradient, f's own rounding is the limit: the
   * iterate counts as converged if the projected gradient is at most this (default 1e-6).
   */
  precisionLimitTolerance?: number;
  maxIterations?: number;
}

export interface BoxBfgsResult extends MinimizeResult {
  /** Gradient at x. */
  gradient: number[];
  /** Per coordinate: true when x sits on its lower or upper bound. */
  atBound: boolean[];
  /** Euclidean norm of the projected gradient (components pushing out of the box dropped). */
  projectedGradientNorm: number;
  /** gradient: below gradientTolerance; precision: no step lowers f; iterations: maxIterations used up. */
  stoppedBy: 'gradient' | 'precision' | 'iterations';
}

/**
 * BFGS on the inverse Hessian with a backtracking (Armijo) line search, projected onto a box.
 * Coordinates on a bound whose gradient pushes outwards are held there (their step and gradient
 * component are zeroed); the curvature update is skipped when sᵀy ≤ 0 so the inverse Hessian
 * stays positive definite. For the few-parameter likelihoods here a dense 4 × 4 matrix is cheaper
 * and more accurate than L-BFGS's history.
 */
export function boxBfgs(
  fg: (x: number[]) => ValueAndGradient,
  start: number[],
  {
    lower,
    upper,
    gradientTolerance = 1e-9,
    precisionLimitTolerance = 1e-6,
    maxIterations = 500,
  }: BoxBfgsOptions = {},
): BoxBfgsResult {
  const n = start.length;
  const lo = lower ?? start.map(() => Number.NEGATIVE_INFINITY);
  const hi = upper ?? start.map(() => Number.POSITIVE_INFINITY);
  const project = (v: number[]) => v.map((vi, i) => Math.min(hi[i]!, Math.max(lo[i]!, vi)));
  const held = (v: number[], g: number[]) =>
    v.map((vi, i) => (vi <= lo[i]! && g[i]! > 0) || (vi >= hi[i]! && g[i]! < 0));
  const projected = (v: number[], g: number[]) => {
    const fixed = held(v, g);
    return g.map((gi, i) => (fixed[i] ? 0 : gi));
  };
  const norm = (v: number[]) => Math.hypot(...v);
  const identity = (): number[][] =>
    Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));

  let x = project(start);
  let { f, g } = fg(x);
  if (!Number.isFinite(f)) throw new Error('boxBfgs: the objective is not finite at the start');
  let H = identity();
  let fresh = true; // H is the identity: scale the first step instead of trusting it
  let iterations = 0;
  let stoppedBy: BoxBfgsResult['stoppedBy'] = 'iterations';
  for (; iterations < maxIterations; iterations++) {
    const fixed = held(x, g);
    const pg = g.map((gi, i) => (fixed[i] ? 0 : gi));
    if (Math.max(...pg.map(Math.abs)) <= gradientTolerance) {
      stoppedBy = 'gradient';
      break;
    }
    let d = H.map((row, i) => (fixed[i] ? 0 : -row.reduce((s, h, j) => s + h * pg[j]!, 0)));
    let slope = d.reduce((s, di, i) => s + di * pg[i]!, 0);
    if (!(slope < 0)) {
      H = identity();
      fresh = true;
      d = pg.map((v) => -v);
      slope = -pg.reduce((s, v) => s + v * v, 0);
    }
    // Armijo backtracking on the projected path; the first step of a fresh H moves at most 1 in
    // any coordinate so a huge gradient cannot throw the iterate to the bounds.
    let t = fresh ? Math.min(1, 1 / Math.max(...d.map(Math.abs))) : 1;
    let next: number[] | undefined;
    let nf = 0;
    let ng: number[] = [];
    for (let k = 0; k < 60; k++) {
      const trial = project(x.map((xi, i) => xi + t * d[i]!));
      const r = fg(trial);
      const decrease = trial.reduce((s, ti, i) => s + (ti - x[i]!) * pg[i]!, 0);
      const armijo = r.f <= f + 1e-4 * Math.min(decrease, 0);
      // Near the optimum the decrease (≈ gradient²/curvature) falls below the error of f itself
      // (a likelihood sums differences of ln Γ values in the hundreds, each good to ~1e-15
      // relative) and Armijo cannot tell; there a step that keeps f within that error and
      // shrinks the gradient is progress.
      const withinRounding =
        r.f <= f + 1e-12 * Math.max(1, Math.abs(f)) && norm(projected(trial, r.g)) < norm(pg);
      if (Number.isFinite(r.f) && (armijo || withinRounding)) {
        next = trial;
        nf = r.f;
        ng = r.g;
        break;
      }
      t *= 0.5;
    }
    if (!next) {
      // The curvature model may be stale: retry once along the gradient before concluding that
      // precision is exhausted.
      if (fresh) {
        stoppedBy = 'precision';
        break;
      }
      H = identity();
      fresh = true;
      continue;
    }
    const s = next.map((v, i) => v - x[i]!);
    const y = ng.map((v, i) => v - g[i]!);
    const sy = s.reduce((acc, si, i) => acc + si * y[i]!, 0);
    if (sy > 1e-12 * Math.hypot(...s) * Math.hypot(...y)) {
      if (fresh) {
        // Shanno–Phua scaling of the initial inverse Hessian.
        const yy = y.reduce((acc, v) => acc + v * v, 0);
        H = identity().map((row) => row.map((v) => (v * sy) / yy));
        fresh = false;
      }
      // H ← (I − ρsyᵀ) H (I − ρysᵀ) + ρssᵀ
      const rho = 1 / sy;
      const Hy = H.map((row) => row.reduce((acc, h, j) => acc + h * y[j]!, 0));
      const yHy = y.reduce((acc, v, i) => acc + v * Hy[i]!, 0);
      H = H.map((row, i) =>
        row.map(
          (h, j) => h - rho * (Hy[i]! * s[j]! + s[i]! * Hy[j]!) + (rho * rho * yHy + rho) * s[i]! * s[j]!,
        ),
      );
    }
    const stalled = Math.abs(f - nf) <= 1e-16 * Math.abs(f) && s.every((v) => v === 0);
    x = next;
    f = nf;
    g = ng;
    if (stalled) {
      stoppedBy = 'precision';
      break;
    }
  }
  const fixed = held(x, g);
  const pg = g.map((gi, i) => (fixed[i] ? 0 : gi));
  const largest = Math.max(...pg.map(Math.abs));
  const converged =
    largest <= gradientTolerance || (stoppedBy === 'precision' && largest <= precisionLimitTolerance);
  return {
    x,
    fx: f,
    iterations,
    converged,
    gradient: g,
    atBound: x.map((v, i) => v <= lo[i]! || v >= hi[i]!),
    projectedGradientNorm: Math.hypot(...pg),
    stoppedBy,
  };
}
