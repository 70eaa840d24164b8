// The learnt model beside the rules: one linear layer over presence features (features.ts), sparse,
// scored by a dot product over the comment's few dozen features. The weights are trained by
// scripts/train.ts (src/train.ts) and ship as model/comment-model.json, read once at import.
import { readFileSync } from 'node:fs';
import type { RuleAnalysis } from './analyse.ts';
import { hasLetter, LETTER_COUNT, letterIndex } from './features.ts';
import { DIMENSIONS, NEEDS_RESPONSE_REASONS, SENTIMENTS, SUBTOPICS } from './types.ts';

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
  /** Whether the model reads the rules' conclusions (`r` features) at all. */
  readsRules: boolean;
  /** What score() reads: every feature's weights by a small id, and the ids by kind and key. */
  scoring: ScoringTables;
  policy: CombinationPolicy;
}

/**
 * The weights as score() reads them. A feature is an id; its weights are row id of `rows`, one
 * number per head (zero where the file has none), in one typed array: the file's [head, weight, …]
 * arrays of boxed numbers cost an indirection per weight, and most features weigh on 13 of the 15
 * heads anyway. Adding a zero leaves a sum as it is, so the sums are those of the sparse form.
 * The file's weights have four decimals; held as integers (weight × 10,000, in 32 bits) the rows
 * take half the memory of doubles, and score() reads them while the segmenter's and the rules'
 * data compete for the same CPU caches (scoring costs three times as much after the rules as in a
 * loop of its own). `integer / 10,000` is correctly rounded, so it is the very double the file's
 * decimal parses to; a file with any other weight keeps doubles (ROW_SCALE 1).
 * The rules' conclusions are found by their parts (sentiment, dimension …), whose strings are
 * constants, so no feature name is built per comment.
 */
export interface ScoringTables {
  featureCount: number;
  rows: Int32Array | Float64Array;
  /** What a row number is divided by to give the weight: 10,000 for integer rows, 1 for doubles. */
  rowScale: number;
  words: ReadonlyMap<string, number>;
  /** By `letterIndex(first) * LETTER_COUNT + letterIndex(second)`. */
  bigrams: ReadonlyMap<number, number>;
  overallSentiment: ReadonlyMap<string, number>;
  topic: ReadonlyMap<string, number>;
  topicSentiment: ReadonlyMap<string, ReadonlyMap<string, number>>;
  subtopic: ReadonlyMap<string, number>;
  reason: ReadonlyMap<string, number>;
  /** `rt:none`, or -1 when the model has no such feature. */
  noTopic: number;
  /** By id, the feature's name. */
  names: readonly string[];
  /** Per feature, the walk that last took it: a feature seen twice counts once. */
  seenIn: Uint32Array;
  /** The features taken in the current walk, by id, in order (scratch, reused by every walk). */
  present: Int32Array;
  call: number;
}

export function modelFromFile(file: ModelFile): Model {
  if (
    file.format !== 'servloop-comment-model-1' ||
    file.heads.join() !== HEADS.join() ||
    file.bias.length !== HEADS.length
  )
    throw new Error('comment model: unknown format or heads; retrain with the current code');
  const weights = new Map(Object.entries(file.weights));
  const names = [...weights.keys()];
  const headCount = HEADS.length;
  const decimal = (w: number) => Math.round(w * 10_000) / 10_000 === w && Math.abs(w * 10_000) < 2 ** 31;
  const integerRows = names.every((name) => weights.get(name)!.every((w, k) => k % 2 === 0 || decimal(w)));
  const rowScale = integerRows ? 10_000 : 1;
  const rows = integerRows
    ? new Int32Array(names.length * headCount)
    : new Float64Array(names.length * headCount);
  const ids = new Map<string, number>();
  const words = new Map<string, number>();
  const bigrams = new Map<number, number>();
  names.forEach((name, id) => {
    const w = weights.get(name)!;
    // A head listed twice would be added twice by the sparse form; the trainer never writes one.
    if (new Set(w.filter((_, k) => k % 2 === 0)).size !== w.length / 2)
      throw new Error(`comment model: feature ${name} lists a head twice`);
    // A head out of range would land in the next feature's row.
    if (w.some((h, k) => k % 2 === 0 && !(Number.isInteger(h) && h >= 0 && h < headCount)))
      throw new Error(`comment model: feature ${name} names a head outside 0–${headCount - 1}`);
    for (let k = 0; k < w.length; k += 2)
      rows[id * headCount + w[k]!] = integerRows ? Math.round(w[k + 1]! * rowScale) : w[k + 1]!;
    ids.set(name, id);
    if (name.startsWith('w:')) words.set(name.slice(2), id);
    else if (name.startsWith('b:')) {
      // Only letter pairs are ever features (forEachFeature); anything else could never be read.
      const first = letterIndex(name.charCodeAt(2));
      const second = letterIndex(name.charCodeAt(3));
      if (name.length === 4 && first >= 0 && second >= 0) bigrams.set(first * LETTER_COUNT + second, id);
    }
  });
  const idsOf = (values: readonly string[], prefix: string) =>
    new Map(values.filter((v) => ids.has(prefix + v)).map((v) => [v, ids.get(prefix + v)!]));
  const scoring: ScoringTables = {
    featureCount: names.length,
    rows,
    rowScale,
    words,
    bigrams,
    overallSentiment: idsOf(SENTIMENTS, 'rs:'),
    topic: idsOf(DIMENSIONS, 'rt:'),
    topicSentiment: new Map(DIMENSIONS.map((d) => [d, idsOf(SENTIMENTS, `rts:${d}:`)])),
    subtopic: idsOf(SUBTOPICS, 'rsub:'),
    reason: idsOf(NEEDS_RESPONSE_REASONS, 'rr:'),
    noTopic: ids.get('rt:none') ?? -1,
    names,
    seenIn: new Uint32Array(names.length),
    present: new Int32Array(names.length),
    call: 0,
  };
  const readsRules = names.some((name) => !name.startsWith('w:') && !name.startsWith('b:'));
  return { bias: Float64Array.from(file.bias), weights, readsRules, scoring, policy: file.policy };
}

export const MODEL_URL = new URL('../model/comment-model.json', import.meta.url);

/** The shipped model, read at module initialisation. */
export function loadShippedModel(): Model {
  return modelFromFile(JSON.parse(readFileSync(MODEL_URL, 'utf8')) as ModelFile);
}

/** Starts a walk over a comment's features: a new mark instead of a set of the features seen. */
function newMark(t: ScoringTables): void {
  t.call = (t.call + 1) >>> 0;
  if (t.call === 0) {
    // The counter wrapped: old marks could equal new ones.
    t.seenIn.fill(0);
    t.call = 1;
  }
}

/** Puts feature `id` at t.present[n] unless unknown or already taken in this walk; the new count. */
function take(t: ScoringTables, id: number | undefined, n: number): number {
  if (id === undefined || id < 0 || t.seenIn[id] === t.call) return n;
  t.seenIn[id] = t.call;
  t.present[n] = id;
  return n + 1;
}

/**
 * The comment's words and bigrams that the model knows, each once, in forEachFeature's order,
 * into t.present (ids); returns how many. Starts a new walk.
 */
function collectTextFeatures(t: ScoringTables, rule: RuleAnalysis): number {
  newMark(t);
  let n = 0;
  for (const word of rule.words) if (hasLetter(word)) n = take(t, t.words.get(word), n);
  const { text } = rule;
  let previous = text.length > 0 ? letterIndex(text.charCodeAt(0)) : -1;
  for (let i = 1; i < text.length; i++) {
    const current = letterIndex(text.charCodeAt(i));
    if (previous >= 0 && current >= 0) n = take(t, t.bigrams.get(previous * LETTER_COUNT + current), n);
    previous = current;
  }
  return n;
}

/**
 * Probabilities, one per head in HEADS order: a sigmoid per binary head (topics, needs, reasons),
 * a softmax over the sentiment heads. Bias plus the weights of the features present.
 *
 * The features are forEachFeature's, walked in its order (model.test.ts checks the two agree), each
 * counted once, the first time it is seen: the sums are added in the same order as when the
 * weights were summed per feature name, so the probabilities are the same to the last bit.
 */
export function score(model: Model, rule: RuleAnalysis): Float64Array {
  // A copy by a loop: TypedArray.prototype.slice goes through a slow generic path for 15 numbers.
  const z = new Float64Array(model.bias.length);
  for (let h = 0; h < z.length; h++) z[h] = model.bias[h]!;
  const t = model.scoring;
  let n = collectTextFeatures(t, rule);
  if (model.readsRules) {
    const { analysis } = rule;
    n = take(t, t.overallSentiment.get(analysis.sentiment), n);
    for (const topic of analysis.topics) {
      n = take(t, t.topic.get(topic.dimension), n);
      n = take(t, t.topicSentiment.get(topic.dimension)?.get(topic.sentiment), n);
    }
    for (const s of analysis.subtopics) n = take(t, t.subtopic.get(s), n);
    for (const r of analysis.reasons) n = take(t, t.reason.get(r), n);
    if (analysis.topics.length === 0) n = take(t, t.noTopic, n);
  }
  for (let i = 0; i < n; i++) {
    const row = t.present[i]! * z.length;
    for (let h = 0; h < z.length; h++) z[h]! += t.rows[row + h]! / t.rowScale;
  }
  return toProbabilities(z);
}

/** Sums per head → probabilities, in place: a sigmoid per binary head, a softmax over the sentiments. */
export function toProbabilities(z: Float64Array): Float64Array {
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

/**
 * The comment's words and bigrams that push a head up the most, largest first, as feature names
 * (`w:…`, `b:…`): a model-only topic's terms. Ties go by name, so the order the features are
 * found in does not matter; they are found by id, without building every feature's name.
 */
export function topTextContributors(model: Model, rule: RuleAnalysis, head: number, count: number): string[] {
  const t = model.scoring;
  const n = collectTextFeatures(t, rule);
  const pushes: Array<[string, number]> = [];
  for (let i = 0; i < n; i++) {
    const id = t.present[i]!;
    const weight = t.rows[id * model.bias.length + head]! / t.rowScale;
    if (weight > 0) pushes.push([t.names[id]!, weight]);
  }
  pushes.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return pushes.slice(0, count).map(([f]) => f);
}
