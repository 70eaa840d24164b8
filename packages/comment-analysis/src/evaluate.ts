// Scoring an analyser against labelled comments. Pure: the caller reads the files.
import {
  DIMENSIONS,
  type Dimension,
  NEEDS_RESPONSE_REASONS,
  type NeedsResponseReason,
  SENTIMENTS,
  type Sentiment,
  type Subtopic,
} from './types.ts';

/** One line of data/*.jsonl (the labelling guide's record format). */
export interface LabelledComment {
  id: string;
  text: string;
  industry?: string;
  source?: string;
  topics: Dimension[];
  subtopics: Subtopic[];
  sentiment: Sentiment;
  topicSentiment: Partial<Record<Dimension, Sentiment>>;
  needsResponse: boolean;
  needsResponseReasons: NeedsResponseReason[];
}

/** What evaluate() needs from an analysis: a CommentAnalysis satisfies it. */
export interface Prediction {
  topics: ReadonlyArray<{ dimension: Dimension; sentiment: Sentiment }>;
  sentiment: Sentiment;
  needsResponse: boolean;
  reasons: readonly NeedsResponseReason[];
}

export interface BinaryScore {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface Evaluation {
  count: number;
  topics: Record<Dimension, BinaryScore>;
  /** Mean F1 over the five dimensions. */
  macroF1: number;
  sentimentAccuracy: number;
  /** confusion[labelled][predicted] counts, over SENTIMENTS. */
  sentimentConfusion: Record<Sentiment, Record<Sentiment, number>>;
  /** For comments where a topic is both labelled and predicted: share with the same topic sentiment. */
  topicSentimentAccuracy: number;
  needsResponse: BinaryScore;
  reasons: Record<NeedsResponseReason, BinaryScore>;
  /** Ids of comments with any disagreement, for reading by hand. */
  disagreements: string[];
}

/**
 * precision = tp/(tp+fp), recall = tp/(tp+fn), F1 their harmonic mean. A ratio with nothing to
 * count (0/0) is 1 when there was also nothing to find and nothing wrongly found (a class absent
 * from the set and never predicted is not a failure), else 0.
 */
export function binaryScore(
  truePositives: number,
  falsePositives: number,
  falseNegatives: number,
): BinaryScore {
  const perfectEmpty = truePositives + falsePositives + falseNegatives === 0;
  const precision =
    truePositives + falsePositives === 0
      ? perfectEmpty
        ? 1
        : 0
      : truePositives / (truePositives + falsePositives);
  const recall =
    truePositives + falseNegatives === 0
      ? perfectEmpty
        ? 1
        : 0
      : truePositives / (truePositives + falseNegatives);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { truePositives, falsePositives, falseNegatives, precision, recall, f1 };
}

function counter<K extends string>(keys: readonly K[]): Record<K, [number, number, number]> {
  return Object.fromEntries(keys.map((k) => [k, [0, 0, 0]])) as unknown as Record<
    K,
    [number, number, number]
  >;
}

export function evaluate(
  labelled: readonly LabelledComment[],
  analyse: (text: string) => Prediction,
): Evaluation {
  const topicCounts = counter(DIMENSIONS);
  const reasonCounts = counter(NEEDS_RESPONSE_REASONS);
  const needs: [number, number, number] = [0, 0, 0];
  const confusion = Object.fromEntries(
    SENTIMENTS.map((l) => [l, Object.fromEntries(SENTIMENTS.map((p) => [p, 0]))]),
  ) as Record<Sentiment, Record<Sentiment, number>>;
  let sentimentCorrect = 0;
  let topicSentimentPairs = 0;
  let topicSentimentCorrect = 0;
  const disagreements: string[] = [];

  const tally = (cell: [number, number, number], expected: boolean, predicted: boolean) => {
    if (expected && predicted) cell[0]++;
    else if (predicted) cell[1]++;
    else if (expected) cell[2]++;
  };

  for (const item of labelled) {
    const prediction = analyse(item.text);
    let agrees = true;
    const predictedTopics = new Map(prediction.topics.map((t) => [t.dimension, t.sentiment]));
    for (const dimension of DIMENSIONS) {
      const expected = item.topics.includes(dimension);
      const predicted = predictedTopics.has(dimension);
      tally(topicCounts[dimension], expected, predicted);
      if (expected !== predicted) agrees = false;
      if (expected && predicted) {
        topicSentimentPairs++;
        if (item.topicSentiment[dimension] === predictedTopics.get(dimension)) topicSentimentCorrect++;
        else agrees = false;
      }
    }
    confusion[item.sentiment][prediction.sentiment]++;
    if (item.sentiment === prediction.sentiment) sentimentCorrect++;
    else agrees = false;
    tally(needs, item.needsResponse, prediction.needsResponse);
    if (item.needsResponse !== prediction.needsResponse) agrees = false;
    for (const reason of NEEDS_RESPONSE_REASONS) {
      const expected = item.needsResponseReasons.includes(reason);
      const predicted = prediction.reasons.includes(reason);
      tally(reasonCounts[reason], expected, predicted);
      if (expected !== predicted) agrees = false;
    }
    if (!agrees) disagreements.push(item.id);
  }

  const topics = Object.fromEntries(DIMENSIONS.map((d) => [d, binaryScore(...topicCounts[d])])) as Record<
    Dimension,
    BinaryScore
  >;
  const reasons = Object.fromEntries(
    NEEDS_RESPONSE_REASONS.map((r) => [r, binaryScore(...reasonCounts[r])]),
  ) as Record<NeedsResponseReason, BinaryScore>;
  const count = labelled.length;
  return {
    count,
    topics,
    macroF1: DIMENSIONS.reduce((sum, d) => sum + topics[d].f1, 0) / DIMENSIONS.length,
    sentimentAccuracy: count === 0 ? 0 : sentimentCorrect / count,
    sentimentConfusion: confusion,
    topicSentimentAccuracy: topicSentimentPairs === 0 ? 0 : topicSentimentCorrect / topicSentimentPairs,
    needsResponse: binaryScore(...needs),
    reasons,
    disagreements,
  };
}

const pct = (x: number) => x.toFixed(3);

/** A plain-text report of an evaluation, for CI logs. */
export function formatEvaluation(name: string, e: Evaluation): string {
  const lines: string[] = [];
  lines.push(`== comment analyser evaluation: ${name} (${e.count} comments) ==`);
  lines.push('topic          precision  recall  f1     tp  fp  fn');
  for (const d of DIMENSIONS) {
    const s = e.topics[d];
    lines.push(
      `${d.padEnd(14)} ${pct(s.precision).padStart(9)}  ${pct(s.recall).padStart(6)}  ${pct(s.f1)}  ${String(s.truePositives).padStart(3)} ${String(s.falsePositives).padStart(3)} ${String(s.falseNegatives).padStart(3)}`,
    );
  }
  lines.push(`macro-F1 (five dimensions): ${pct(e.macroF1)}`);
  lines.push(`topic sentiment accuracy (topics found and labelled): ${pct(e.topicSentimentAccuracy)}`);
  lines.push(`overall sentiment accuracy: ${pct(e.sentimentAccuracy)}`);
  lines.push('confusion (rows labelled, columns predicted):');
  lines.push(`${''.padEnd(10)}${SENTIMENTS.map((s) => s.padStart(9)).join('')}`);
  for (const l of SENTIMENTS) {
    lines.push(
      `  ${l.padEnd(8)}${SENTIMENTS.map((p) => String(e.sentimentConfusion[l][p]).padStart(9)).join('')}`,
    );
  }
  const n = e.needsResponse;
  lines.push(
    `needs response: precision ${pct(n.precision)} recall ${pct(n.recall)} (tp ${n.truePositives} fp ${n.falsePositives} fn ${n.falseNegatives})`,
  );
  for (const r of NEEDS_RESPONSE_REASONS) {
    const s = e.reasons[r];
    lines.push(
      `  ${r.padEnd(20)} precision ${pct(s.precision)} recall ${pct(s.recall)} (tp ${s.truePositives} fp ${s.falsePositives} fn ${s.falseNegatives})`,
    );
  }
  return lines.join('\n');
}
