// Training and cross-validating the learnt model. Pure and deterministic: the same examples,
// options and seed give the same weights, bit for bit (full-batch gradient steps in a fixed order,
// folds from a seeded shuffle, weights rounded before they are stored).
import { analyseByRules, type RuleAnalysis } from './analyse.ts';
import { combine } from './combine.ts';
import { type Evaluation, evaluate, type LabelledComment } from './evaluate.ts';
import { featuresOf } from './features.ts';
import {
  type CombinationPolicy,
  HEADS,
  type Model,
  type ModelFile,
  modelFromFile,
  NEEDS_HEAD,
  REASON_HEAD,
  SENTIMENT_HEAD,
  TOPIC_HEAD,
} from './model.ts';
import { type CommentAnalysis, DIMENSIONS, NEEDS_RESPONSE_REASONS, SENTIMENTS } from './types.ts';

export interface Example {
  label: LabelledComment;
  rule: RuleAnalysis;
  features: string[];
}

export interface TrainOptions {
  /** L2 penalty on the weights (not the biases), on the mean loss. */
  lambda: number;
  /** Whether the rules' conclusions are features (else words and bigrams only). */
  ruleFeatures: boolean;
  /** Full-batch AdaGrad steps. */
  steps: number;
  /** A word or bigram is a feature when at least this many training comments have it. */
  minCount: number;
  /** Weights smaller than this are dropped from the file (rounded to 4 decimals first). */
  prune: number;
  seed: number;
}

export const DEFAULT_OPTIONS: TrainOptions = {
  lambda: 0.001,
  ruleFeatures: true,
  steps: 300,
  minCount: 2,
  prune: 0.01,
  seed: 20261127,
};

export function toExample(label: LabelledComment): Example {
  const rule = analyseByRules(label.text);
  return { label, rule, features: featuresOf(rule) };
}

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

/** One row of targets per example, over HEADS (0/1; the sentiment heads one-hot). */
function targets(label: LabelledComment): Float64Array {
  const y = new Float64Array(HEADS.length);
  DIMENSIONS.forEach((d, i) => {
    y[TOPIC_HEAD + i] = label.topics.includes(d) ? 1 : 0;
  });
  y[NEEDS_HEAD] = label.needsResponse ? 1 : 0;
  NEEDS_RESPONSE_REASONS.forEach((r, i) => {
    y[REASON_HEAD + i] = label.needsResponseReasons.includes(r) ? 1 : 0;
  });
  y[SENTIMENT_HEAD + SENTIMENTS.indexOf(label.sentiment)] = 1;
  return y;
}

/**
 * L2-regularised logistic regression: one-vs-rest heads for the five topics, needs-response and
 * the five reasons, a softmax over the four sentiments, all on the same features. Returns the
 * file as it is shipped (rounded, pruned), with the given policy.
 */
export function trainModel(
  examples: readonly Example[],
  options: TrainOptions,
  policy: CombinationPolicy,
  training: Record<string, unknown> = {},
): ModelFile {
  const usable = (f: string) => options.ruleFeatures || !f.startsWith('r');
  const counts = new Map<string, number>();
  for (const e of examples)
    for (const f of e.features) if (usable(f)) counts.set(f, (counts.get(f) ?? 0) + 1);
  // Rule outputs are always kept (few, and a rare one such as a reason is the point); words and
  // bigrams need minCount comments. Sorted, so the vocabulary does not depend on example order.
  const vocabulary = [...counts.entries()]
    .filter(([f, c]) => f.startsWith('r') || c >= options.minCount)
    .map(([f]) => f)
    .sort();
  const index = new Map(vocabulary.map((f, i) => [f, i]));
  const H = HEADS.length;
  const rows = examples.map((e) => ({
    x: Int32Array.from(e.features.filter((f) => index.has(f)).map((f) => index.get(f)!)),
    y: targets(e.label),
  }));
  const n = Math.max(rows.length, 1);
  const w = new Float64Array(vocabulary.length * H);
  const b = new Float64Array(H);
  const gw = new Float64Array(w.length);
  const gb = new Float64Array(H);
  const accW = new Float64Array(w.length);
  const accB = new Float64Array(H);
  const rate = 0.5;
  const z = new Float64Array(H);
  const p = new Float64Array(H);
  const S = SENTIMENTS.length;
  for (let step = 0; step < options.steps; step++) {
    gw.fill(0);
    gb.fill(0);
    for (const { x, y } of rows) {
      z.set(b);
      for (const f of x) for (let h = 0; h < H; h++) z[h]! += w[f * H + h]!;
      for (let h = 0; h < SENTIMENT_HEAD; h++) p[h] = 1 / (1 + Math.exp(-z[h]!));
      let max = Number.NEGATIVE_INFINITY;
      for (let s = 0; s < S; s++) max = Math.max(max, z[SENTIMENT_HEAD + s]!);
      let total = 0;
      for (let s = 0; s < S; s++) {
        p[SENTIMENT_HEAD + s] = Math.exp(z[SENTIMENT_HEAD + s]! - max);
        total += p[SENTIMENT_HEAD + s]!;
      }
      for (let s = 0; s < S; s++) p[SENTIMENT_HEAD + s]! /= total;
      for (let h = 0; h < H; h++) {
        const g = (p[h]! - y[h]!) / n;
        gb[h]! += g;
        for (const f of x) gw[f * H + h]! += g;
      }
    }
    for (let k = 0; k < w.length; k++) {
      const g = gw[k]! + options.lambda * w[k]!;
      if (g === 0) continue;
      accW[k]! += g * g;
      w[k]! -= (rate * g) / Math.sqrt(accW[k]!);
    }
    for (let h = 0; h < H; h++) {
      accB[h]! += gb[h]! * gb[h]!;
      if (accB[h]! > 0) b[h]! -= (rate * gb[h]!) / Math.sqrt(accB[h]!);
    }
  }
  const weights: Record<string, number[]> = {};
  vocabulary.forEach((f, i) => {
    const kept: number[] = [];
    for (let h = 0; h < H; h++) {
      const v = round4(w[i * H + h]!);
      if (Math.abs(v) >= options.prune) kept.push(h, v);
    }
    if (kept.length > 0) weights[f] = kept;
  });
  return {
    format: 'servloop-comment-model-1',
    heads: [...HEADS],
    bias: [...b].map(round4),
    weights,
    policy,
    training: { ...training, options, examples: examples.length, features: Object.keys(weights).length },
  };
}

/** Deterministic pseudo-random numbers (mulberry32) for the fold shuffle. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fold number of each example: a seeded shuffle dealt round-robin into k folds. */
export function foldsOf(count: number, k: number, seed: number): number[] {
  const order = Array.from({ length: count }, (_, i) => i);
  const next = random(seed);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const fold = new Array<number>(count);
  order.forEach((example, position) => {
    fold[example] = position % k;
  });
  return fold;
}

/** Each example with the model that did not see it (out-of-fold), for scoring policies. */
export interface OutOfFold {
  examples: readonly Example[];
  models: readonly Model[];
}

/** k-fold: each example scored by the model trained on the other folds. */
export function crossValidate(examples: readonly Example[], options: TrainOptions, k: number): OutOfFold {
  const fold = foldsOf(examples.length, k, options.seed);
  const foldModels: Model[] = [];
  for (let f = 0; f < k; f++)
    foldModels.push(
      modelFromFile(
        trainModel(
          examples.filter((_, i) => fold[i] !== f),
          options,
          NEVER_POLICY,
        ),
      ),
    );
  return { examples, models: examples.map((_, i) => foldModels[fold[i]!]!) };
}

/** Train on one part, score the other. */
export function trainTest(
  train: readonly Example[],
  test: readonly Example[],
  options: TrainOptions,
): OutOfFold {
  const model = modelFromFile(trainModel(train, options, NEVER_POLICY));
  return { examples: test, models: test.map(() => model) };
}

/** The rules alone, expressed as a policy: the model never changes anything. */
export const NEVER_POLICY: CombinationPolicy = {
  topicThreshold: 2,
  needsThreshold: 2,
  sentimentMode: 'rules',
  sentimentConfidence: 2,
  mixedConfidence: 2,
};

/** Scores rules + model under a policy on out-of-fold predictions (evaluate() visits in order). */
export function evaluatePolicy(oof: OutOfFold, policy: CombinationPolicy): Evaluation {
  let i = 0;
  return evaluate(
    oof.examples.map((e) => e.label),
    () => {
      const e = oof.examples[i]!;
      const model = oof.models[i++]!;
      return combine(e.rule, { ...model, policy });
    },
  );
}

const F2 = (precision: number, recall: number) =>
  precision + recall === 0 ? 0 : (5 * precision * recall) / (4 * precision + recall);

export interface Selection {
  policy: CombinationPolicy;
  /** What the choice maximised on the out-of-fold predictions. */
  macroF1: number;
  sentimentAccuracy: number;
  needsF2: number;
}

const THRESHOLDS = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 2];
const CONFIDENCES = [0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

/**
 * The policy, part by part on the out-of-fold predictions (each part only moves its own metric):
 * the topic threshold with the best macro-F1; the needs-response threshold with the best F2
 * (recall counts four times as much as precision: a missed complaint costs more than a needless
 * read); the sentiment mode, confidence and mixed confidence with the best accuracy, on
 * `sentimentOof` when given (see selectByProxy). Ties keep the earlier, more conservative
 * candidate (higher thresholds and `rules` are listed first).
 */
export function selectPolicy(oof: OutOfFold, sentimentOof: OutOfFold = oof): Selection {
  const desc = [...THRESHOLDS].reverse();
  let policy = { ...NEVER_POLICY };
  let best = -1;
  let macroF1 = 0;
  for (const t of desc) {
    const e = evaluatePolicy(oof, { ...NEVER_POLICY, topicThreshold: t });
    if (e.macroF1 > best + 1e-12) {
      best = e.macroF1;
      macroF1 = e.macroF1;
      policy = { ...policy, topicThreshold: t };
    }
  }
  best = -1;
  let needsF2 = 0;
  for (const t of desc) {
    const n = evaluatePolicy(oof, { ...NEVER_POLICY, needsThreshold: t }).needsResponse;
    const f2 = F2(n.precision, n.recall);
    if (f2 > best + 1e-12) {
      best = f2;
      needsF2 = f2;
      policy = { ...policy, needsThreshold: t };
    }
  }
  best = -1;
  let sentimentAccuracy = 0;
  const modes: Array<Pick<CombinationPolicy, 'sentimentMode' | 'sentimentConfidence'>> = [
    { sentimentMode: 'rules', sentimentConfidence: 2 },
    ...(['model-when-rules-neutral', 'model'] as const).flatMap((mode) =>
      [...CONFIDENCES].reverse().map((c) => ({ sentimentMode: mode, sentimentConfidence: c })),
    ),
  ];
  const candidates = modes.flatMap((m) =>
    [2, ...[...CONFIDENCES].reverse()].map((mixedConfidence) => ({ ...m, mixedConfidence })),
  );
  for (const c of candidates) {
    const e = evaluatePolicy(sentimentOof, { ...NEVER_POLICY, ...c });
    if (e.sentimentAccuracy > best + 1e-12) {
      best = e.sentimentAccuracy;
      sentimentAccuracy = e.sentimentAccuracy;
      policy = { ...policy, ...c };
    }
  }
  return { policy, macroF1, sentimentAccuracy, needsF2 };
}

/** The headline numbers of an evaluation, for the model file and the reports. */
export function summary(e: Evaluation): Record<string, number> {
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return {
    count: e.count,
    ...Object.fromEntries(DIMENSIONS.map((d) => [`f1.${d}`, r(e.topics[d].f1)])),
    macroF1: r(e.macroF1),
    sentimentAccuracy: r(e.sentimentAccuracy),
    needsRecall: r(e.needsResponse.recall),
    needsPrecision: r(e.needsResponse.precision),
  };
}

/** The grid model selection searches: L2 penalty × whether the rules' conclusions are features. */
export const GRID: ReadonlyArray<Pick<TrainOptions, 'lambda' | 'ruleFeatures'>> = [
  0.0003, 0.001, 0.003, 0.01, 0.03,
].flatMap((lambda) => [true, false].map((ruleFeatures) => ({ lambda, ruleFeatures })));
export const FOLDS = 5;

type Row = Record<string, number>;

function table(): { lines: string[]; row: (name: string, e: Evaluation) => Row } {
  const lines = [
    `${''.padEnd(40)} F1: ${DIMENSIONS.map((d) => d.slice(0, 5)).join(' ')}  macro  sent.  needs R/P`,
  ];
  const row = (name: string, e: Evaluation) => {
    const s = summary(e);
    lines.push(
      `${name.padEnd(44)} ${DIMENSIONS.map((d) => s[`f1.${d}`]!.toFixed(3)).join(' ')}  ${s.macroF1!.toFixed(3)}  ${s.sentimentAccuracy!.toFixed(3)}  ${s.needsRecall!.toFixed(3)}/${s.needsPrecision!.toFixed(3)}  (n ${s.count})`,
    );
    return s;
  };
  return { lines, row };
}

/** Out-of-fold sets as one (each example keeps the model that did not see it). */
function pooled(...sets: readonly OutOfFold[]): OutOfFold {
  return {
    examples: sets.flatMap((s) => s.examples),
    models: sets.flatMap((s) => s.models),
  };
}

/** Per part: the part scored by a model trained on all the other parts. */
function leaveOnePartOut(parts: readonly (readonly Example[])[], options: TrainOptions): OutOfFold[] {
  return parts.map((test, k) =>
    trainTest(
      parts.flatMap((e, j) => (j === k ? [] : e)),
      test,
      options,
    ),
  );
}

/** A development part by file name, for leave-one-file-out. */
export interface Part {
  name: string;
  comments: readonly LabelledComment[];
}

/**
 * Model selection on a proxy of unseen comments. The current rules were tuned on every
 * development comment (macro-F1 0.96 on them, 0.71 held-out with 1.1.0), so cross-validation with
 * them cannot show what the model adds where the rules miss: it finds nothing to add. The rules of
 * 1.0.0 (`olderRules`) were tuned on dev alone (`olderRulesSaw`) and never saw the later parts
 * (0.73 on dev-extra, close to their 0.65 held-out). So, with them, leave one file out: train on
 * the other parts, score the one left out. Where the older rules never saw the part left out,
 * rules and model are both unseen (what the model brings); where they did (dev), the rules know
 * the text and the model does not, and the part is another labeller's, with another share of
 * neutral comments (what overriding the rules costs). The L2 penalty, the use of rule features
 * and the policy are chosen on the sum macro-F1 + sentiment accuracy + needs-response F2, each
 * part as selectPolicy says: the topic and needs-response thresholds on the parts the older rules
 * never saw (as in 1.2.0: a topic or reason the model adds matters where the rules miss, as they
 * do on unseen text), the sentiment policy on every part pooled. Training on dev and scoring
 * dev-extra alone (1.2.0) let the model turn the dev labeller's neutral comments (14% of dev, 8%
 * of dev-extra) into complaints: the share of neutral comments is the labeller's, not the rules'.
 */
export function selectByProxy(
  parts: readonly Part[],
  olderRules: (text: string) => CommentAnalysis,
  olderRulesSaw: ReadonlySet<string>,
  log: (line: string) => void = () => {},
): { options: TrainOptions; policy: CombinationPolicy; proxy: Record<string, Row>; report: string } {
  const withOlderRules = (label: LabelledComment): Example => {
    const current = analyseByRules(label.text);
    const rule = { ...current, analysis: olderRules(label.text) };
    return { label, rule, features: featuresOf(rule) };
  };
  const examples = parts.map((p) => p.comments.map(withOlderRules));
  const unseen = parts.map((p) => !olderRulesSaw.has(p.name));
  let chosen: { options: TrainOptions; selection: Selection; ways: OutOfFold[] } | undefined;
  const total = (s: Selection) => s.macroF1 + s.sentimentAccuracy + s.needsF2;
  for (const g of GRID) {
    const options = { ...DEFAULT_OPTIONS, ...g };
    const ways = leaveOnePartOut(examples, options);
    const selection = selectPolicy(pooled(...ways.filter((_, k) => unseen[k])), pooled(...ways));
    log(
      `proxy lambda ${options.lambda} ruleFeatures ${options.ruleFeatures}: macro-F1 ${selection.macroF1.toFixed(3)} sentiment ${selection.sentimentAccuracy.toFixed(3)} needs F2 ${selection.needsF2.toFixed(3)} ${JSON.stringify(selection.policy)}`,
    );
    if (!chosen || total(selection) > total(chosen.selection) + 1e-12) chosen = { options, selection, ways };
  }
  const { options, selection, ways } = chosen!;
  const { lines, row } = table();
  lines.unshift(
    `selected on the proxy (rules 1.0.0, leave one file out; topics and needs-response: the parts those rules never saw; sentiment: all parts): lambda ${options.lambda}, ruleFeatures ${options.ruleFeatures}, policy ${JSON.stringify(selection.policy)}`,
  );
  const proxy: Record<string, Row> = {};
  ways.forEach((way, k) => {
    const name = parts[k]!.name;
    const title = `proxy others → ${name}${unseen[k] ? '' : ' (rules saw it)'}`;
    proxy[`${name}.rules`] = row(`${title}, rules 1.0.0 only`, evaluatePolicy(way, NEVER_POLICY));
    proxy[`${name}.model`] = row(`${title}, rules 1.0.0 + model`, evaluatePolicy(way, selection.policy));
  });
  proxy['pooled.rules'] = row(
    'proxy all parts pooled, rules 1.0.0 only',
    evaluatePolicy(pooled(...ways), NEVER_POLICY),
  );
  proxy['pooled.model'] = row(
    'proxy all parts pooled, rules 1.0.0 + model',
    evaluatePolicy(pooled(...ways), selection.policy),
  );
  return { options, policy: selection.policy, proxy, report: lines.join('\n') };
}

/**
 * With the chosen options and policy: the current rules alone and with the model, per fold of a
 * 5-fold cross-validation on all development parts, pooled, and leave one file out (train on the
 * other parts, score the one left out: across labellers); then the shipped model, trained on all
 * parts. `training` is stored with it.
 */
export function reportAndTrain(
  parts: readonly Part[],
  options: TrainOptions,
  policy: CombinationPolicy,
  training: Record<string, unknown> = {},
): { file: ModelFile; report: string; cv: Record<string, Row> } {
  const examples = parts.map((p) => p.comments.map(toExample));
  const all = examples.flat();
  const { lines, row } = table();
  const cv: Record<string, Row> = {};
  const oof = crossValidate(all, options, FOLDS);
  const fold = foldsOf(all.length, FOLDS, options.seed);
  for (let f = 0; f < FOLDS; f++) {
    const part = {
      examples: oof.examples.filter((_, i) => fold[i] === f),
      models: oof.models.filter((_, i) => fold[i] === f),
    };
    cv[`fold${f + 1}.rules`] = row(`fold ${f + 1}, rules only`, evaluatePolicy(part, NEVER_POLICY));
    cv[`fold${f + 1}.model`] = row(`fold ${f + 1}, rules + model`, evaluatePolicy(part, policy));
  }
  cv['cv.rules'] = row(`${FOLDS}-fold pooled, rules only`, evaluatePolicy(oof, NEVER_POLICY));
  cv['cv.model'] = row(`${FOLDS}-fold pooled, rules + model`, evaluatePolicy(oof, policy));
  const ways = leaveOnePartOut(examples, options);
  ways.forEach((way, k) => {
    const name = parts[k]!.name;
    cv[`lofo.${name}.rules`] = row(`others → ${name}, rules only`, evaluatePolicy(way, NEVER_POLICY));
    cv[`lofo.${name}.model`] = row(`others → ${name}, rules + model`, evaluatePolicy(way, policy));
  });
  cv['lofo.rules'] = row(
    'leave one file out pooled, rules only',
    evaluatePolicy(pooled(...ways), NEVER_POLICY),
  );
  cv['lofo.model'] = row('leave one file out pooled, rules + model', evaluatePolicy(pooled(...ways), policy));
  const file = trainModel(all, options, policy, { ...training, data: parts.map((p) => p.name), cv });
  const fitted = modelFromFile(file);
  // What the shipped model scores on its own training data (model.test.ts reproduces it).
  file.training.fit = summary(evaluatePolicy({ examples: all, models: all.map(() => fitted) }, policy));
  return { file, report: lines.join('\n'), cv };
}
