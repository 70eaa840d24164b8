// The analyser against the labelled data set, printed in CI, part by part. The goals are judged on
// the held-out part only: the development parts (dev, and dev-extra, written later in another
// style) are what the lexicon and rules were tuned on, so their figures flatter.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyseComment } from './comment.ts';
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
  // The development parts: printed, each on its own, and each must be there and be scored whole.
  for (const [file, title] of [
    ['dev.jsonl', 'dev (tuned on; optimistic)'],
    ['dev-extra.jsonl', 'dev-extra (another labeller and style; tuned on; optimistic)'],
    ['dev-extra-2.jsonl', 'dev-extra-2 (a third labeller; tuned on since 1.3.0; optimistic)'],
  ] as const) {
    it(`${file}: printed, and the file is there`, () => {
      const part = load(file);
      expect(part, `data/${file} is missing`).toBeDefined();
      expect(part!.length).toBeGreaterThan(0);
      const e = evaluate(part!, analyseComment);
      console.log(formatEvaluation(title, e));
      expect(e.count).toBe(part!.length);
    });
  }

  // The goals (macro-F1 ≥ 0.8, sentiment accuracy ≥ 0.8, needs-response recall ≥ 0.9) are
  // printed with their status, not asserted: a red CI would not make the analyser better, and each
  // figure is an estimate on a few hundred comments (their intervals are printed). Two held-out parts,
  // each by a labeller whose comments nobody tuning saw: heldout.jsonl (206; scored once after each
  // of 1.0.0, 1.1.0, 1.2.0 and 1.3.0) and heldout-2.jsonl (250, written for 1.3.0 and scored for the
  // first time with it); then both together. Every part must be there in CI and be scored whole.
  const goalsOf = (title: string, e: ReturnType<typeof evaluate>) => {
    console.log(formatEvaluation(title, e));
    const goals: [string, number, number][] = [
      ['macro-F1 (five dimensions)', e.macroF1, 0.8],
      ['overall sentiment accuracy', e.sentimentAccuracy, 0.8],
      ['needs-response recall', e.needsResponse.recall, 0.9],
    ];
    for (const [name, value, goal] of goals)
      console.log(
        `${title}: goal ${name} ≥ ${goal}: ${value.toFixed(3)} ${value >= goal ? 'met' : 'NOT MET'}`,
      );
  };
  const heldOutParts = [
    ['heldout.jsonl', 'held-out'],
    ['heldout-2.jsonl', 'held-out-2'],
  ] as const;
  for (const [file, title] of heldOutParts) {
    it(`${file}: scored whole and printed against the goals`, () => {
      const part = load(file);
      expect(part, `data/${file} is missing`).toBeDefined();
      const e = evaluate(part!, analyseComment);
      goalsOf(title, e);
      expect(e.count).toBe(part!.length);
    });
  }
  it('both held-out parts together: printed against the goals', () => {
    const all = heldOutParts.flatMap(([file]) => load(file) ?? []);
    const e = evaluate(all, analyseComment);
    goalsOf('held-out, both parts', e);
    expect(e.count).toBe(all.length);
  });
});
