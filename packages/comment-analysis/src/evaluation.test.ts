// The analyser against the labelled data set, printed in CI. The goals are asserted on the held-out
// part only: the development part is what the lexicon was tuned on, so its figures flatter.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyseComment } from './analyse.ts';
import { evaluate, formatEvaluation, type LabelledComment } from './evaluate.ts';

const dataDir = new URL('../data/', import.meta.url);

function load(name: string): LabelledComment[] | undefined {
  const url = new URL(name, dataDir);
  if (!existsSync(url)) return undefined;
  return readFileSync(url, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as LabelledComment);
}

describe('comment analyser evaluation', () => {
  it('development part: printed, and the file is there', () => {
    const dev = load('dev.jsonl');
    expect(dev, 'data/dev.jsonl is missing').toBeDefined();
    expect(dev!.length).toBeGreaterThan(0);
    const e = evaluate(dev!, analyseComment);
    console.log(formatEvaluation('dev (tuned on; optimistic)', e));
    expect(e.count).toBe(dev!.length);
  });

  it('held-out part: meets the goals (macro-F1 ≥ 0.8, sentiment accuracy ≥ 0.8, needs-response recall ≥ 0.9)', () => {
    const heldOut = load('heldout.jsonl');
    if (!heldOut) {
      // Locally the held-out part is absent by design; CI must have it.
      expect(process.env.CI, 'data/heldout.jsonl is missing and CI is set').toBeFalsy();
      console.log('held-out part absent (not CI): goals not checked');
      return;
    }
    const e = evaluate(heldOut, analyseComment);
    console.log(formatEvaluation('held-out', e));
    expect(e.macroF1).toBeGreaterThanOrEqual(0.8);
    expect(e.sentimentAccuracy).toBeGreaterThanOrEqual(0.8);
    expect(e.needsResponse.recall).toBeGreaterThanOrEqual(0.9);
  });
});
