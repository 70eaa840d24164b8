import { describe, expect, it } from 'vitest';
import { type AnalysedComment, commentEvidence, describeCommentEvidence } from './comment-evidence.ts';
import { DEFAULT_CONFIG } from './config.ts';
import { evaluateLoop, type LoopInput } from './loop.ts';

const period = { from: '2026-03-09', to: '2026-03-16' };
const c = (topics: [string, string][], subtopics: string[], matchedTerms: string[]): AnalysedComment => ({
  topics: topics.map((t) => t[0]),
  topicSentiments: topics.map((t) => t[1]),
  subtopics,
  matchedTerms,
});

const COMMENTS: AnalysedComment[] = [
  c([['efficiency', 'negative']], ['waiting'], ['等了', '四十分钟', '排队']),
  c(
    [
      ['efficiency', 'negative'],
      ['facilities', 'negative'],
    ],
    ['waiting', 'queue_machine'],
    ['等了', '取号机', '坏了'],
  ),
  c([['efficiency', 'mixed']], ['waiting', 'few_windows'], ['排队', '只开', 'callback_requested']),
  c([['efficiency', 'negative']], ['few_windows'], ['只开', '窗口']),
  // Positive on efficiency: not cited.
  c([['efficiency', 'positive']], ['waiting'], ['不用等']),
  // Negative on attitude only: not cited for efficiency.
  c([['attitude', 'negative']], ['staff_named'], ['态度', '差']),
  // No topic at all: counted in the comments, nowhere else.
  c([], [], []),
];

describe('comment evidence for the loop’s step 1', () => {
  it('counts the sub-topics of comments negative or mixed on the dimension, with their commonest words', () => {
    const e = commentEvidence(COMMENTS, 'efficiency', period);
    expect(e).toEqual({
      period,
      comments: 7,
      negative: 4,
      subtopics: [
        { subtopic: 'waiting', count: 3, terms: ['排队', '等了', '取号机'] },
        { subtopic: 'few_windows', count: 2, terms: ['只开', '排队', '窗口'] },
        { subtopic: 'queue_machine', count: 1, terms: ['取号机', '坏了', '等了'] },
      ],
    });
    expect(describeCommentEvidence(e, 'efficiency')).toBe(
      'comments 2026-03-09 to 2026-03-16: 4 of 7 negative on efficiency; top sub-topics waiting 3 (排队, 等了, 取号机), few_windows 2 (只开, 排队, 窗口), queue_machine 1 (取号机, 坏了, 等了)',
    );
  });

  it('keeps the top N; ties in name order', () => {
    const e = commentEvidence(COMMENTS, 'efficiency', period, { maxSubtopics: 1, maxTerms: 1 });
    expect(e.subtopics).toEqual([{ subtopic: 'waiting', count: 3, terms: ['排队'] }]);
  });

  it('says when there is nothing to cite', () => {
    const none = commentEvidence([], 'process', period);
    expect(none).toEqual({ period, comments: 0, negative: 0, subtopics: [] });
    expect(describeCommentEvidence(none, 'process')).toBe(
      'comments 2026-03-09 to 2026-03-16: 0 of 0 negative on process (no comments to cite)',
    );
    expect(describeCommentEvidence(commentEvidence(COMMENTS, 'process', period), 'process')).toBe(
      'comments 2026-03-09 to 2026-03-16: 0 of 7 negative on process; no sub-topic named',
    );
  });
});

describe('the loop’s step 1 cites the comments', () => {
  const input: LoopInput = {
    branchId: 'B1',
    dimension: 'efficiency',
    now: Date.parse('2026-03-16T00:00:00Z'),
    today: '2026-03-16',
    standard: { target: 4.1, locked: false },
    expectations: { meanExpectation: 4.6, respondents: 80, topGaps: [] },
    period,
    measured: { respondents: 40, answers: 120, mean: 2.6, sd: 0.6, se: 0.6 / Math.sqrt(40), designEffect: 1 },
    completions: [],
  };
  it('in the evidence of step 1, kept by the later versions', () => {
    const evidence = commentEvidence(COMMENTS, 'efficiency', period);
    const { versions } = evaluateLoop({ ...input, comments: evidence }, DEFAULT_CONFIG.loop);
    expect(versions[0]!.step).toBe(1);
    expect(versions[0]!.event).toMatch(
      /^expectations: mean 4\.60 \(80 respondents\); largest gaps n\/a; comments /,
    );
    expect(versions[0]!.event).toContain(describeCommentEvidence(evidence, 'efficiency'));
    expect(versions.every((v) => v.comments === evidence)).toBe(true);
    expect(versions[1]!.event).not.toContain('comments');
  });
  it('no comments given: step 1 as before', () => {
    const { versions } = evaluateLoop(input, DEFAULT_CONFIG.loop);
    expect(versions[0]!.event).toBe('expectations: mean 4.60 (80 respondents); largest gaps n/a');
    expect(versions[0]!.comments).toBeUndefined();
  });
});
