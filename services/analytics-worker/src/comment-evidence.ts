// Step 1 of the loop (understand expectations) cites what customers wrote: for the dimension the
// loop opened on, the sub-topics of the branch's comments that were negative (or mixed) on that
// dimension in the measured period, with counts and the words that triggered them. Pure: the
// comments come from facts.ts (comment_analysis_latest), the words go into the loop's evidence.
import type { Period } from './periods.ts';

/** One analysed comment, as comment_analysis_latest holds it. */
export interface AnalysedComment {
  topics: string[];
  topicSentiments: string[];
  subtopics: string[];
  matchedTerms: string[];
}

export interface CommentEvidence {
  period: Period;
  /** Comments of the branch in the period (about anything, or nothing the analyser knows). */
  comments: number;
  /** Of them, negative or mixed on the dimension. */
  negative: number;
  /** Sub-topics of those comments, most frequent first, each with its commonest words. */
  subtopics: { subtopic: string; count: number; terms: string[] }[];
}

const NEGATIVE = new Set(['negative', 'mixed']);
// matched_terms also names the analyser's rules (safety, money_at_risk, …): not words customers wrote.
const isRuleName = (term: string) => /^[a-z_]+$/.test(term);

function top<K>(counts: Map<K, number>, n: number, order: (a: K, b: K) => number): [K, number][] {
  return [...counts].sort((a, b) => b[1] - a[1] || order(a[0], b[0])).slice(0, n);
}

export function commentEvidence(
  comments: readonly AnalysedComment[],
  dimension: string,
  period: Period,
  { maxSubtopics = 3, maxTerms = 3 } = {},
): CommentEvidence {
  const negative = comments.filter((c) =>
    c.topics.some((t, i) => t === dimension && NEGATIVE.has(c.topicSentiments[i] ?? '')),
  );
  const counts = new Map<string, number>();
  const terms = new Map<string, Map<string, number>>();
  for (const c of negative)
    for (const s of new Set(c.subtopics)) {
      counts.set(s, (counts.get(s) ?? 0) + 1);
      const t = terms.get(s) ?? new Map<string, number>();
      for (const term of new Set(c.matchedTerms)) if (!isRuleName(term)) t.set(term, (t.get(term) ?? 0) + 1);
      terms.set(s, t);
    }
  const byName = (a: string, b: string) => a.localeCompare(b);
  return {
    period,
    comments: comments.length,
    negative: negative.length,
    subtopics: top(counts, maxSubtopics, byName).map(([subtopic, count]) => ({
      subtopic,
      count,
      terms: top(terms.get(subtopic)!, maxTerms, byName).map(([t]) => t),
    })),
  };
}

/** The sentence the loop's step 1 records. */
export function describeCommentEvidence(e: CommentEvidence, dimension: string): string {
  const head = `comments ${e.period.from} to ${e.period.to}: ${e.negative} of ${e.comments} negative on ${dimension}`;
  if (e.comments === 0) return `${head} (no comments to cite)`;
  if (e.subtopics.length === 0) return `${head}; no sub-topic named`;
  const list = e.subtopics
    .map((s) => `${s.subtopic} ${s.count}${s.terms.length ? ` (${s.terms.join(', ')})` : ''}`)
    .join(', ');
  return `${head}; top sub-topics ${list}`;
}
