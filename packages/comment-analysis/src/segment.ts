// The one place that talks to the segmenter (jieba-rs through @node-rs/jieba, MIT, prebuilt binary).
import { readFileSync } from 'node:fs';
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { LEXICON } from './lexicon.ts';

// The hall vocabulary ships with the package; it is read once here, at module initialisation.
const hallVocabulary = readFileSync(new URL('../dict/hall-vocabulary.txt', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '' && !line.startsWith('#'));

// Multi-character lexicon terms are added too, so that the segmenter keeps them whole (爱答不理
// stays one word instead of 爱|答|不理, whose 不 would then read as a negation).
const lexiconWords = [...LEXICON.keys()].filter((term) => term.length > 1).map((term) => `${term} 20000`);

const segmenter = Jieba.withDict(
  Buffer.concat([dict, Buffer.from(`\n${[...hallVocabulary, ...lexiconWords].join('\n')}\n`)]),
);

/** Splits normalised text into words; the words concatenate back to the input. */
export function segment(text: string): string[] {
  if (text.length === 0) return [];
  return segmenter.cut(text, true);
}
