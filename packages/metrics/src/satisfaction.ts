// CSAT (1–5) and CES (1–7): means and top-box shares over valid answers only.

export interface ScaleSummary {
  n: number;
  mean: number | null;
  /** Share of answers in the top box (CSAT 4–5, CES 5–7); null when n = 0. */
  topShare: number | null;
  /** 95% Wilson interval of the top-box share; null when n = 0. */
  topShareCi95: [number, number] | null;
}

const Z95 = 1.959963984540054;
/** Wilson score interval: honest for small n and shares near 0 or 1. */
export function wilson(successes: number, n: number): [number, number] | null {
  if (n === 0) return null;
  const p = successes / n;
  const d = 1 + (Z95 * Z95) / n;
  const centre = (p + (Z95 * Z95) / (2 * n)) / d;
  const half = (Z95 * Math.sqrt((p * (1 - p)) / n + (Z95 * Z95) / (4 * n * n))) / d;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

function summarise(
  answers: Iterable<number | null | undefined>,
  min: number,
  max: number,
  topFrom: number,
): ScaleSummary {
  let n = 0;
  let sum = 0;
  let top = 0;
  for (const a of answers) {
    if (typeof a !== 'number' || !Number.isInteger(a) || a < min || a > max) continue;
    n++;
    sum += a;
    if (a >= topFrom) top++;
  }
  return { n, mean: n ? sum / n : null, topShare: n ? top / n : null, topShareCi95: wilson(top, n) };
}

export const csat = (answers: Iterable<number | null | undefined>) => summarise(answers, 1, 5, 4);
export const ces = (answers: Iterable<number | null | undefined>) => summarise(answers, 1, 7, 5);
