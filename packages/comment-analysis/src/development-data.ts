// The development parts, the only labelled data training and model selection may read. The
// held-out part is read by evaluation.test.ts alone, once, to score the finished analyser.
import { readFileSync } from 'node:fs';
import type { LabelledComment } from './evaluate.ts';

export const DEVELOPMENT_PARTS = ['dev.jsonl', 'dev-extra.jsonl', 'dev-extra-2.jsonl'] as const;

export function loadDevelopmentPart(name: (typeof DEVELOPMENT_PARTS)[number]): LabelledComment[] {
  return readFileSync(new URL(`../data/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as LabelledComment);
}

/** Every development part, by file name, in DEVELOPMENT_PARTS order (training's input). */
export function loadDevelopmentParts(): Array<{ name: string; comments: LabelledComment[] }> {
  return DEVELOPMENT_PARTS.map((name) => ({ name, comments: loadDevelopmentPart(name) }));
}
