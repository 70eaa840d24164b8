// Soft/hard service quality: expectation, perception and the SERVQUAL gap (P − E).

export interface QualityAnswer {
  dimension: string;
  itemId: string;
  expectation?: number | null;
  perception?: number | null;
}

export interface QualityCell {
  nExpectation: number;
  nPerception: number;
  /** Answers with both scores: the gap is computed on these pairs. */
  nPairs: number;
  meanExpectation: number | null;
  meanPerception: number | null;
  /** Mean of (perception − expectation) over paired answers; negative = below expectations. */
  gap: number | null;
}

class Accumulator {
  e = 0;
  ne = 0;
  p = 0;
  np = 0;
  g = 0;
  ng = 0;
  add(a: QualityAnswer) {
    const valid = (v: number | null | undefined): v is number => typeof v === 'number' && v >= 1 && v <= 5;
    if (valid(a.expectation)) {
      this.e += a.expectation;
      this.ne++;
    }
    if (valid(a.perception)) {
      this.p += a.perception;
      this.np++;
    }
    if (valid(a.expectation) && valid(a.perception)) {
      this.g += a.perception - a.expectation;
      this.ng++;
    }
  }
  cell(): QualityCell {
    return {
      nExpectation: this.ne,
      nPerception: this.np,
      nPairs: this.ng,
      meanExpectation: this.ne ? this.e / this.ne : null,
      meanPerception: this.np ? this.p / this.np : null,
      gap: this.ng ? this.g / this.ng : null,
    };
  }
}

/** Per dimension and per item. */
export function qualityProfile(answers: Iterable<QualityAnswer>): {
  dimensions: Record<string, QualityCell>;
  items: Record<string, QualityCell>;
} {
  const dims = new Map<string, Accumulator>();
  const items = new Map<string, Accumulator>();
  for (const a of answers) {
    if (!dims.has(a.dimension)) dims.set(a.dimension, new Accumulator());
    if (!items.has(a.itemId)) items.set(a.itemId, new Accumulator());
    dims.get(a.dimension)!.add(a);
    items.get(a.itemId)!.add(a);
  }
  const out = (m: Map<string, Accumulator>) => Object.fromEntries([...m].map(([k, acc]) => [k, acc.cell()]));
  return { dimensions: out(dims), items: out(items) };
}

/** The largest shortfalls first (most negative gap), for step 1 of the improvement loop. */
export function largestGaps(
  cells: Record<string, QualityCell>,
  minPairs = 1,
): { key: string; gap: number; nPairs: number }[] {
  return Object.entries(cells)
    .filter(([, c]) => c.gap !== null && c.nPairs >= minPairs)
    .map(([key, c]) => ({ key, gap: c.gap!, nPairs: c.nPairs }))
    .sort((a, b) => a.gap - b.gap);
}
