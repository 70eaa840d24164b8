// What the learnt model sees of a comment: the rules' words, the text's character bigrams and the
// rules' own conclusions. Pure; the same function serves training and analysis, so the two cannot
// drift apart.
import type { RuleAnalysis } from './analyse.ts';

/**
 * A letter the model reads: a CJK ideograph or a Latin letter (the text is lower-cased by then).
 * Punctuation, spaces, digits, emoji and other symbols are left to the rules, which read them
 * with meaning (emoji, 12345); to the model they would be noise. Code-unit tests, not Unicode
 * property regexes: this runs on every comment, and must stay a small part of the analysis.
 */
export function isLetter(code: number): boolean {
  return (
    (code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf) || (code >= 0x61 && code <= 0x7a)
  );
}

/**
 * A letter's place among the LETTER_COUNT letters, or -1 for anything else. Scoring keys a bigram
 * by `first * LETTER_COUNT + second` (at most 762 million): a small integer, which V8 keeps
 * unboxed and hashes cheaply, where bigramKey's two code units in one number (up to 2.7 billion)
 * is a heap number on every lookup.
 */
export function letterIndex(code: number): number {
  if (code >= 0x4e00 && code <= 0x9fff) return code - 0x4e00;
  if (code >= 0x3400 && code <= 0x4dbf) return 0x9fff - 0x4e00 + 1 + (code - 0x3400);
  if (code >= 0x61 && code <= 0x7a) return 0x9fff - 0x4e00 + 1 + (0x4dbf - 0x3400 + 1) + (code - 0x61);
  return -1;
}
export const LETTER_COUNT = 0x9fff - 0x4e00 + 1 + (0x4dbf - 0x3400 + 1) + 26;

export function hasLetter(word: string): boolean {
  for (let i = 0; i < word.length; i++) if (isLetter(word.charCodeAt(i))) return true;
  return false;
}

/**
 * Every feature of a comment, in a fixed order, possibly repeated: `w` a word with a letter in it,
 * `b` two letters side by side, then (when `withRules`) `r` a conclusion of the rules (`rs:`
 * overall sentiment, `rt:` topic, `rts:` topic and its sentiment, `rsub:` subtopic, `rr:`
 * needs-response reason, `rt:none`). Training walks this (featuresOf). Scoring (model.ts score)
 * walks the same features in the same order with its own loop, which builds no name and calls no
 * callback (it runs on every comment); model.test.ts checks that the two agree on every
 * development comment, so what the model was trained on and what it reads cannot drift apart.
 */
export function forEachFeature(
  rule: RuleAnalysis,
  withRules: boolean,
  visit: (kind: 'w' | 'b' | 'r', key: string, bigram: number) => void,
): void {
  for (const word of rule.words) if (hasLetter(word)) visit('w', word, 0);
  const { text } = rule;
  let previous = text.length > 0 ? text.charCodeAt(0) : 0;
  for (let i = 1; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // A bigram goes as its two code units in one number: no string per bigram.
    if (isLetter(previous) && isLetter(code)) visit('b', '', previous * 0x10000 + code);
    previous = code;
  }
  if (!withRules) return;
  const { analysis } = rule;
  visit('r', `rs:${analysis.sentiment}`, 0);
  for (const t of analysis.topics) {
    visit('r', `rt:${t.dimension}`, 0);
    visit('r', `rts:${t.dimension}:${t.sentiment}`, 0);
  }
  for (const s of analysis.subtopics) visit('r', `rsub:${s}`, 0);
  for (const r of analysis.reasons) visit('r', `rr:${r}`, 0);
  if (analysis.topics.length === 0) visit('r', 'rt:none', 0);
}

function bigramText(key: number): string {
  return String.fromCharCode(Math.floor(key / 0x10000), key % 0x10000);
}

/** Feature names (`w:word`, `b:bigram`, `rt:…`), deduplicated, in forEachFeature's order. */
export function featuresOf(rule: RuleAnalysis): string[] {
  const out = new Set<string>();
  forEachFeature(rule, true, (kind, key, bigram) => {
    out.add(kind === 'r' ? key : kind === 'w' ? `w:${key}` : `b:${bigramText(bigram)}`);
  });
  return [...out];
}

/** A feature a model-only topic may cite as its term: a word or bigram of the text, not a rule output. */
export function textOf(feature: string): string | undefined {
  return feature.startsWith('w:') || feature.startsWith('b:') ? feature.slice(2) : undefined;
}
