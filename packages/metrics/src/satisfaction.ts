// CSAT (1–5) and CES (1–7): means and top-box shares over valid answers only.

export interface ScaleSummary {
  n: number;
  mean: number | null;
  /** Share of answers in the top box (CSAT 4–5, CES 5–7); null when n = 0. */
  topShare: number | null;
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
  return { n, mean: n ? sum / n : null, topShare: n ? top / n : null };
}

export const csat = (answers: Iterable<number | null | undefined>) => summarise(answers, 1, 5, 4);
export const ces = (answers: Iterable<number | null | undefined>) => summarise(answers, 1, 7, 5);
