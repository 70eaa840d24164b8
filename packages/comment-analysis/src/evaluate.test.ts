import { describe, expect, it } from 'vitest';
import {
  binaryScore,
  evaluate,
  formatEvaluation,
  type LabelledComment,
  type Prediction,
} from './evaluate.ts';

const label = (id: string, text: string, over: Partial<LabelledComment>): LabelledComment => ({
  id,
  text,
  topics: [],
  subtopics: [],
  sentiment: 'neutral',
  topicSentiment: {},
  needsResponse: false,
  needsResponseReasons: [],
  ...over,
});

// Four comments and a fake analyser whose answers are written out below, so every count is known.
const set: LabelledComment[] = [
  label('a', 'A', { topics: ['attitude'], sentiment: 'positive', topicSentiment: { attitude: 'positive' } }),
  label('b', 'B', {
    topics: ['efficiency', 'facilities'],
    sentiment: 'negative',
    topicSentiment: { efficiency: 'negative', facilities: 'negative' },
    needsResponse: true,
    needsResponseReasons: ['safety'],
  }),
  label('c', 'C', { sentiment: 'neutral' }),
  label('d', 'D', {
    topics: ['attitude'],
    sentiment: 'mixed',
    topicSentiment: { attitude: 'mixed' },
    needsResponse: true,
    needsResponseReasons: ['callback_requested'],
  }),
];
const answers: Record<string, Prediction> = {
  A: {
    topics: [{ dimension: 'attitude', sentiment: 'positive' }],
    sentiment: 'positive',
    needsResponse: false,
    reasons: [],
  },
  // finds efficiency, misses facilities, invents attitude; reason right
  B: {
    topics: [
      { dimension: 'efficiency', sentiment: 'negative' },
      { dimension: 'attitude', sentiment: 'negative' },
    ],
    sentiment: 'negative',
    needsResponse: true,
    reasons: ['safety'],
  },
  // invents a needs-response
  C: { topics: [], sentiment: 'negative', needsResponse: true, reasons: ['money_at_risk'] },
  // topic right with the wrong topic sentiment, overall wrong, misses the callback
  D: {
    topics: [{ dimension: 'attitude', sentiment: 'positive' }],
    sentiment: 'positive',
    needsResponse: false,
    reasons: [],
  },
};
const fake = (text: string): Prediction => answers[text]!;

describe('binaryScore', () => {
  it('computes precision, recall and F1', () => {
    const s = binaryScore(3, 1, 2);
    expect(s.precision).toBeCloseTo(0.75);
    expect(s.recall).toBeCloseTo(0.6);
    expect(s.f1).toBeCloseTo((2 * 0.75 * 0.6) / 1.35);
  });
  it('scores a class never labelled and never predicted as perfect, one only wrongly predicted as zero', () => {
    expect(binaryScore(0, 0, 0).f1).toBe(1);
    expect(binaryScore(0, 2, 0).precision).toBe(0);
    expect(binaryScore(0, 2, 0).f1).toBe(0);
  });
});

describe('evaluate', () => {
  const e = evaluate(set, fake);

  it('counts topic hits, misses and inventions per dimension', () => {
    expect(e.topics.attitude).toMatchObject({ truePositives: 2, falsePositives: 1, falseNegatives: 0 });
    expect(e.topics.efficiency).toMatchObject({ truePositives: 1, falsePositives: 0, falseNegatives: 0 });
    expect(e.topics.facilities).toMatchObject({ truePositives: 0, falsePositives: 0, falseNegatives: 1 });
    expect(e.topics.performance.f1).toBe(1);
    // attitude 0.8, efficiency 1, performance 1, process 1, facilities 0
    expect(e.macroF1).toBeCloseTo((0.8 + 1 + 1 + 1 + 0) / 5);
  });

  it('scores overall sentiment with a confusion matrix', () => {
    expect(e.sentimentAccuracy).toBeCloseTo(2 / 4);
    expect(e.sentimentConfusion.neutral.negative).toBe(1);
    expect(e.sentimentConfusion.mixed.positive).toBe(1);
    expect(e.sentimentConfusion.positive.positive).toBe(1);
    // attitude in a (right), efficiency in b (right), attitude in d (wrong)
    expect(e.topicSentimentAccuracy).toBeCloseTo(2 / 3);
  });

  it('scores needs-response and each reason', () => {
    expect(e.needsResponse).toMatchObject({ truePositives: 1, falsePositives: 1, falseNegatives: 1 });
    expect(e.needsResponse.recall).toBeCloseTo(0.5);
    expect(e.reasons.safety.f1).toBe(1);
    expect(e.reasons.callback_requested.recall).toBe(0);
    expect(e.reasons.money_at_risk.precision).toBe(0);
  });

  it('lists the comments with any disagreement', () => {
    expect(e.disagreements).toEqual(['b', 'c', 'd']);
  });

  it('formats the figures it computed', () => {
    const text = formatEvaluation('tiny', e);
    expect(text).toContain('tiny (4 comments)');
    expect(text).toContain('macro-F1 (five dimensions): 0.760');
    expect(text).toContain('overall sentiment accuracy: 0.500');
  });
});
