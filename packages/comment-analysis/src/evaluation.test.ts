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
  // printed with their status, not asserted: on the held-out part the analyser does not meet them
  // yet (1.0.0 at merge: 0.649 / 0.655 / 0.85; 1.1.0, scored once after tuning on dev and dev-extra:
  // 0.714 / 0.748 / 0.850; 1.2.0 with the learnt model, scored once at the end: 0.806 / 0.796 / 0.925,
  // all within their uncertainty on 206 comments of the goal line), and a red CI would not make it better.
  // The part must be there in CI and be scored whole.
  it('held-out part: scored whole and printed against the goals', () => {
    const heldOut = load('heldout.jsonl');
    expect(heldOut, 'data/heldout.jsonl is missing').toBeDefined();
    const e = evaluate(heldOut!, analyseComment);
    console.log(formatEvaluation('held-out', e));
    const goals: [string, number, number][] = [
      ['macro-F1 (five dimensions)', e.macroF1, 0.8],
      ['overall sentiment accuracy', e.sentimentAccuracy, 0.8],
      ['needs-response recall', e.needsResponse.recall, 0.9],
    ];
    for (const [name, value, goal] of goals)
      console.log(`goal ${name} ≥ ${goal}: ${value.toFixed(3)} ${value >= goal ? 'met' : 'NOT MET'}`);
    expect(e.count).toBe(heldOut!.length);
  });
});
