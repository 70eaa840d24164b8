// The learnt model beside the rules: one linear layer over presence features (features.ts), sparse,
// scored by a dot product over the comment's few dozen features. The weights are trained by
// scripts/train.ts (src/train.ts) and ship as model/comment-model.json, read once at import.
import { readFileSync } from 'node:fs';
import type { RuleAnalysis } from './analyse.ts';
import { bigramKey, forEachFeature } from './features.ts';
import { DIMENSIONS, NEEDS_RESPONSE_REASONS, SENTIMENTS } from './types.ts';

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
  /**
   * When the rules find one side only (praise or blame) and the model's most probable sentiment is
   * `mixed` at this probability or more, the comment is mixed: the rules' usual miss is the other
   * half of a two-sided comment (a blame word they do not know after the praise), and the model
   * reads both halves' words. 2 = never.
   */
  mixedConfidence: number;
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
  /** By feature name, as in the file. */
  weights: ReadonlyMap<string, readonly number[]>;
  /** The same weights by forEachFeature's kind and key, so scoring builds no names. */
  words: ReadonlyMap<string, readonly number[]>;
  /** Bigrams by bigramKey (their two code units in one number). */
  bigrams: ReadonlyMap<number, readonly number[]>;
  rules: ReadonlyMap<string, readonly number[]>;
  policy: CombinationPolicy;
}

export function modelFromFile(file: ModelFile): Model {
  if (file.format !== 'servloop-comment-model-1' || file.heads.join() !== HEADS.join())
    throw new Error('comment model: unknown format or heads; retrain with the current code');
  const weights = new Map(Object.entries(file.weights));
  const words = new Map<string, number[]>();
  const bigrams = new Map<number, number[]>();
  const rules = new Map<string, number[]>();
  for (const [name, w] of weights) {
    if (name.startsWith('w:')) words.set(name.slice(2), w);
    else if (name.startsWith('b:')) bigrams.set(bigramKey(name.slice(2)), w);
    else rules.set(name, w);
  }
  return { bias: Float64Array.from(file.bias), weights, words, bigrams, rules, policy: file.policy };
}

export const MODEL_URL = new URL('../model/comment-model.json', import.meta.url);

/** The shipped model, read at module initialisation. */
export function loadShippedModel(): Model {
  return modelFromFile(JSON.parse(readFileSync(MODEL_URL, 'utf8')) as ModelFile);
}

/**
 * Probabilities, one per head in HEADS order: a sigmoid per binary head (topics, needs, reasons),
 * a softmax over the sentiment heads. Bias plus the weights of the features present.
 */
export function score(model: Model, rule: RuleAnalysis): Float64Array {
  const z = model.bias.slice();
  // Presence features: a feature seen twice counts once (its weights are one array, compared by
  // identity — cheaper than a set of names), in forEachFeature's order, as featuresOf dedupes.
  const present: Array<readonly number[]> = [];
  forEachFeature(rule, model.rules.size > 0, (kind, key, bigram) => {
    const w = kind === 'b' ? model.bigrams.get(bigram) : (kind === 'w' ? model.words : model.rules).get(key);
    if (w && !present.includes(w)) present.push(w);
  });
  for (const w of present) for (let k = 0; k < w.length; k += 2) z[w[k]!]! += w[k + 1]!;
  for (let h = 0; h < SENTIMENT_HEAD; h++) z[h] = 1 / (1 + Math.exp(-z[h]!));
  let max = Number.NEGATIVE_INFINITY;
  for (let h = SENTIMENT_HEAD; h < z.length; h++) max = Math.max(max, z[h]!);
  let total = 0;
  for (let h = SENTIMENT_HEAD; h < z.length; h++) {
    z[h] = Math.exp(z[h]! - max);
    total += z[h]!;
  }
  for (let h = SENTIMENT_HEAD; h < z.length; h++) z[h]! /= total;
  return z;
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
