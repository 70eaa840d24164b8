// What the learnt model sees of a comment: the rules' words, the text's character bigrams and the
// rules' own conclusions. Pure; the same function serves training and analysis, so the two cannot
// drift apart.
import type { RuleAnalysis } from './analyse.ts';

/** Words that say nothing by themselves (punctuation, spaces, digits-only) are left out. */
const NOT_A_WORD = /^[\s\p{P}\p{S}0-9]*$/u;
/** Bigrams across punctuation or spaces are noise; a bigram is two letters or ideographs. */
const BIGRAM_CHAR = /[\p{L}\p{Extended_Pictographic}]/u;

/**
 * Feature names, deduplicated, in a fixed order: `w:` a word, `b:` a character bigram, `r…:` a
 * conclusion of the rules (`rt:` topic, `rts:` topic and its sentiment, `rs:` overall sentiment,
 * `rr:` needs-response reason, `rsub:` subtopic). Presence only (0/1 features).
 */
export function featuresOf(rule: RuleAnalysis): string[] {
  const out = new Set<string>();
  for (const word of rule.words) if (!NOT_A_WORD.test(word)) out.add(`w:${word}`);
  const chars = Array.from(rule.text);
  for (let i = 0; i + 1 < chars.length; i++) {
    const a = chars[i]!;
    const b = chars[i + 1]!;
    if (BIGRAM_CHAR.test(a) && BIGRAM_CHAR.test(b)) out.add(`b:${a}${b}`);
  }
  const { analysis } = rule;
  out.add(`rs:${analysis.sentiment}`);
  for (const t of analysis.topics) {
    out.add(`rt:${t.dimension}`);
    out.add(`rts:${t.dimension}:${t.sentiment}`);
  }
  for (const s of analysis.subtopics) out.add(`rsub:${s}`);
  for (const r of analysis.reasons) out.add(`rr:${r}`);
  if (analysis.topics.length === 0) out.add('rt:none');
  return [...out];
}

/** A feature a model-only topic may cite as its term: a word or bigram of the text, not a rule output. */
export function textOf(feature: string): string | undefined {
  return feature.startsWith('w:') || feature.startsWith('b:') ? feature.slice(2) : undefined;
}
