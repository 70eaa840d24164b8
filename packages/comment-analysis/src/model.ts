// The learnt model beside the rules: one linear layer over presence features (features.ts), sparse,
// scored by a dot product over the comment's few dozen features. The weights are trained by
// scripts/train.ts (src/train.ts) and ship as model/comment-model.json, read once at import.
import { readFileSync } from 'node:fs';
import {
  DIMENSIONS,
  type Dimension,
  NEEDS_RESPONSE_REASONS,
  type NeedsResponseReason,
  SENTIMENTS,
  type Sentiment,
} from './types.ts';

/** How the model's scores join the rules' analysis; chosen by cross-validation (see train.ts). */
export interface CombinationPolicy {
  /** A topic the rules did not find is added when the model's probability is above this. */
  topicThreshold: number;
  /** needsResponse is also on when the model's probability is above this. */
  needsThreshold: number;
  /**
   * `rules`: the rules' overall sentiment stands. `model-when-rules-neutral`: when the rules find
   * no opinion, the model's most probable sentiment replaces it if its probability is at least
   * `sentimentConfidence`. `model`: the same, whatever the rules said.
   */
  sentimentMode: 'rules' | 'model-when-rules-neutral' | 'model';
  sentimentConfidence: number;
}

/** The heads, in the order of every weight vector: topics, needs-response, reasons, sentiments. */
export const HEADS: readonly string[] = [
  ...DIMENSIONS.map((d) => `topic:${d}`),
  'needs',
  ...NEEDS_RESPONSE_REASONS.map((r) => `reason:${r}`),
  ...SENTIMENTS.map((s) => `sentiment:${s}`),
];
export const TOPIC_HEAD = 0;
export const NEEDS_HEAD = DIMENSIONS.length;
export const REASON_HEAD = NEEDS_HEAD + 1;
export const SENTIMENT_HEAD = REASON_HEAD + NEEDS_RESPONSE_REASONS.length;

/** The JSON file: weights as feature → flat [head, weight, head, weight, …] (zeros left out). */
export interface ModelFile {
  format: 'servloop-comment-model-1';
  heads: string[];
  bias: number[];
  weights: Record<string, number[]>;
  policy: CombinationPolicy;
  /** How it was trained and what cross-validation measured; informative, not read by inference. */
  training: Record<string, unknown>;
}

export interface Model {
  bias: Float64Array;
  weights: ReadonlyMap<string, readonly number[]>;
  policy: CombinationPolicy;
}

export interface ModelScores {
  topics: Record<Dimension, number>;
  needs: number;
  reasons: Record<NeedsResponseReason, number>;
  sentiment: Record<Sentiment, number>;
}

export function modelFromFile(file: ModelFile): Model {
  if (file.format !== 'servloop-comment-model-1' || file.heads.join() !== HEADS.join())
    throw new Error('comment model: unknown format or heads; retrain with the current code');
  return {
    bias: Float64Array.from(file.bias),
    weights: new Map(Object.entries(file.weights)),
    policy: file.policy,
  };
}

export const MODEL_URL = new URL('../model/comment-model.json', import.meta.url);

/** The shipped model, read at module initialisation. */
export function loadShippedModel(): Model {
  return modelFromFile(JSON.parse(readFileSync(MODEL_URL, 'utf8')) as ModelFile);
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Raw scores (logits), one per head: bias plus the weights of the features present. */
export function logits(model: Model, features: readonly string[]): Float64Array {
  const z = Float64Array.from(model.bias);
  for (const feature of features) {
    const w = model.weights.get(feature);
    if (!w) continue;
    for (let k = 0; k < w.length; k += 2) z[w[k]!]! += w[k + 1]!;
  }
  return z;
}

export function score(model: Model, features: readonly string[]): ModelScores {
  const z = logits(model, features);
  const topics = {} as Record<Dimension, number>;
  DIMENSIONS.forEach((d, i) => {
    topics[d] = sigmoid(z[TOPIC_HEAD + i]!);
  });
  const reasons = {} as Record<NeedsResponseReason, number>;
  NEEDS_RESPONSE_REASONS.forEach((r, i) => {
    reasons[r] = sigmoid(z[REASON_HEAD + i]!);
  });
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < SENTIMENTS.length; i++) max = Math.max(max, z[SENTIMENT_HEAD + i]!);
  let total = 0;
  const exp = SENTIMENTS.map((_, i) => {
    const e = Math.exp(z[SENTIMENT_HEAD + i]! - max);
    total += e;
    return e;
  });
  const sentiment = {} as Record<Sentiment, number>;
  SENTIMENTS.forEach((s, i) => {
    sentiment[s] = exp[i]! / total;
  });
  return { topics, needs: sigmoid(z[NEEDS_HEAD]!), reasons, sentiment };
}

/** The features present that push a head up the most, largest first (a model-only topic's terms). */
export function topContributors(
  model: Model,
  features: readonly string[],
  head: number,
  count: number,
  accept: (feature: string) => boolean,
): string[] {
  const pushes: Array<[string, number]> = [];
  for (const feature of features) {
    if (!accept(feature)) continue;
    const w = model.weights.get(feature);
    if (!w) continue;
    for (let k = 0; k < w.length; k += 2)
      if (w[k] === head && w[k + 1]! > 0) pushes.push([feature, w[k + 1]!]);
  }
  pushes.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return pushes.slice(0, count).map(([f]) => f);
}
