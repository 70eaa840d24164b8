// The learnt model: training is deterministic and reproduces the shipped file, the loaded model
// reproduces the numbers stored with it, per-fold cross-validation is printed, the combination
// keeps the rules' findings and cites terms for what it adds, and no input makes it throw.
// Only the development parts are read here; the held-out part is evaluation.test.ts's alone.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyseByRules } from './analyse.ts';
import { combine } from './combine.ts';
import { analyseComment } from './comment.ts';
import { loadDevelopmentPart, loadDevelopmentParts } from './development-data.ts';
import { evaluate } from './evaluate.ts';
import { featuresOf } from './features.ts';
import {
  MODEL_URL,
  type ModelFile,
  modelFromFile,
  NEEDS_HEAD,
  REASON_HEAD,
  SENTIMENT_HEAD,
  score,
  TOPIC_HEAD,
  toProbabilities,
} from './model.ts';
import { NEVER_POLICY, reportAndTrain, summary, type TrainOptions, toExample, trainModel } from './train.ts';
import { DIMENSIONS, NEEDS_RESPONSE_REASONS, SENTIMENTS } from './types.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const shippedJson = readFileSync(MODEL_URL, 'utf8');
const shipped = JSON.parse(shippedJson) as ModelFile;
const options = shipped.training.options as TrainOptions;
const parts = loadDevelopmentParts();
const comments = parts.flatMap((p) => p.comments);
const dev = loadDevelopmentPart('dev.jsonl');

describe('training', () => {
  let retrained: ReturnType<typeof reportAndTrain>;
  beforeAll(() => {
    // The training script's second step with the options, policy and proxy figures it selected.
    retrained = reportAndTrain(parts, options, shipped.policy, {
      selectedOn: shipped.training.selectedOn,
      proxy: shipped.training.proxy,
    });
  }, 600_000);

  it('same data and seed → the shipped weights file, byte for byte', () => {
    expect(sha256(`${JSON.stringify(retrained.file)}\n`)).toBe(sha256(shippedJson));
  });

  it('is deterministic run to run (two trainings, same hash)', () => {
    const examples = dev.slice(0, 80).map(toExample);
    const once = JSON.stringify(trainModel(examples, { ...options, steps: 50 }, NEVER_POLICY));
    const twice = JSON.stringify(trainModel(examples, { ...options, steps: 50 }, NEVER_POLICY));
    expect(sha256(twice)).toBe(sha256(once));
    // A different seed changes nothing in a full-batch fit but the folds; a different penalty does.
    const other = JSON.stringify(
      trainModel(examples, { ...options, steps: 50, lambda: options.lambda * 10 }, NEVER_POLICY),
    );
    expect(sha256(other)).not.toBe(sha256(once));
  });

  it('cross-validation report: per fold, pooled and across labellers, rules alone and with the model', () => {
    console.log(
      `comment model cross-validation (${parts.map((p) => p.name).join(' + ')}, ${comments.length} comments)`,
    );
    console.log(retrained.report);
    expect(Object.keys(retrained.cv)).toContain('fold5.model');
    expect(retrained.cv).toEqual(shipped.training.cv);
  });

  it('the loaded model reproduces the numbers stored with it on its training data', () => {
    const e = evaluate(comments, analyseComment);
    expect(summary(e)).toEqual(shipped.training.fit);
  });
});

describe('scoring reads what training reads', () => {
  // score() walks the features with its own loop (no names, no callback); the reference here sums
  // the weights of featuresOf's names, the features training fits, in their order. Equal to the
  // bit on every development comment, for the shipped model (words and bigrams only) and for one
  // that also reads the rules' conclusions.
  const withRules: ModelFile = {
    ...shipped,
    weights: {
      ...shipped.weights,
      'rs:negative': [SENTIMENT_HEAD + 1, 0.7, NEEDS_HEAD, 0.2],
      'rs:neutral': [SENTIMENT_HEAD + 2, 0.3],
      'rt:efficiency': [TOPIC_HEAD + 1, 1.1],
      'rts:attitude:negative': [TOPIC_HEAD, 0.9, SENTIMENT_HEAD + 1, 0.4],
      'rsub:waiting': [TOPIC_HEAD + 1, 0.5],
      'rr:money_at_risk': [NEEDS_HEAD, 1.3],
      'rt:none': [TOPIC_HEAD + 3, -0.6],
    },
  };
  const reference = (file: ModelFile, rule: ReturnType<typeof analyseByRules>) => {
    const z = Float64Array.from(file.bias);
    for (const name of featuresOf(rule)) {
      const w = file.weights[name];
      if (w) for (let k = 0; k < w.length; k += 2) z[w[k]!]! += w[k + 1]!;
    }
    // score() returns probabilities: the same link on the reference sums.
    return Array.from(toProbabilities(z));
  };
  const logits = (p: Float64Array) => Array.from(p);
  const model = modelFromFile(shipped);

  // A weight with more than four decimals: the rows are kept as doubles, not as integers.
  const [firstWord, firstWeights] = Object.entries(shipped.weights).find(([name]) => name.startsWith('w:'))!;
  const longDecimals: ModelFile = {
    ...shipped,
    weights: { ...shipped.weights, [firstWord]: firstWeights.map((w, k) => (k % 2 === 1 ? w + 1e-7 : w)) },
  };

  for (const [name, file] of [
    ['the shipped model', shipped],
    ['a model that reads the rules too', withRules],
    ['a model with weights of more than four decimals', longDecimals],
  ] as const) {
    it(`${name}: the same as featuresOf and the weights by name, on every development comment`, () => {
      const m = modelFromFile(file);
      expect(m.readsRules).toBe(file === withRules);
      expect(m.scoring.rowScale).toBe(file === longDecimals ? 1 : 10_000);
      let compared = 0;
      for (const c of comments) {
        const rule = analyseByRules(c.text);
        expect(logits(score(m, rule)), c.id).toEqual(reference(file, rule));
        compared++;
      }
      expect(compared).toBe(comments.length);
    });
  }

  it('counts a feature seen twice once, in every call', () => {
    const rule = analyseByRules('柜员态度很差,排队太慢');
    const once = logits(score(model, rule));
    expect(logits(score(model, { ...rule, words: [...rule.words, ...rule.words] }))).toEqual(once);
    expect(logits(score(model, rule))).toEqual(once);
  });
});

describe('combination with the rules', () => {
  // A hand-made model: 取款 means performance; 存折 means someone must respond (a money reason).
  const fake = modelFromFile({
    ...shipped,
    bias: shipped.bias.map(() => -5),
    weights: {
      'w:取款': [TOPIC_HEAD + DIMENSIONS.indexOf('performance'), 10],
      'w:存折': [NEEDS_HEAD, 10, REASON_HEAD + NEEDS_RESPONSE_REASONS.indexOf('money_at_risk'), 10],
    },
    policy: {
      topicThreshold: 0.5,
      needsThreshold: 0.5,
      sentimentMode: 'rules',
      sentimentConfidence: 2,
      mixedConfidence: 2,
    },
  });
  const withFake = (text: string) => {
    const rule = analyseByRules(text);
    return { rule: rule.analysis, combined: combine(rule, fake) };
  };

  it('keeps every rule topic and adds the model-only topic with its top words as terms', () => {
    const { rule, combined } = withFake('柜员态度很差,取款');
    expect(rule.topics.map((t) => t.dimension)).toEqual(['attitude']);
    expect(combined.topics.map((t) => t.dimension)).toEqual(['attitude', 'performance']);
    expect(combined.topics[1]).toMatchObject({ terms: ['取款'], sentiment: combined.sentiment });
    expect(combined.matchedTerms).toContain('取款');
  });
  it('turns needs-response on with the likeliest reason when the rules found none', () => {
    const plain = withFake('我的存折');
    expect(plain.rule.needsResponse).toBe(false);
    expect(plain.combined).toMatchObject({ needsResponse: true, reasons: ['money_at_risk'] });
    // Reasons the rules found stand as they are.
    const ruled = withFake('存折的事我要去12315投诉');
    expect(ruled.rule.reasons).toContain('escalation_threat');
    expect(ruled.combined.reasons).toEqual(ruled.rule.reasons);
  });
  it("makes a one-sided rules verdict mixed when the model's likeliest sentiment is mixed", () => {
    // 取款 means mixed to this model; the rules read praise only, or nothing.
    const mixedModel = modelFromFile({
      ...shipped,
      bias: shipped.bias.map(() => 0),
      weights: { 'w:取款': [SENTIMENT_HEAD + SENTIMENTS.indexOf('mixed'), 10] },
      policy: { ...NEVER_POLICY, mixedConfidence: 0.5 },
    });
    const praise = analyseByRules('柜员态度很好,取款');
    expect(praise.analysis.sentiment).toBe('positive');
    expect(combine(praise, mixedModel).sentiment).toBe('mixed');
    // No opinion found by the rules is not one side of a comment: that is sentimentMode's to decide.
    const plain = analyseByRules('取款');
    expect(plain.analysis.sentiment).toBe('neutral');
    expect(combine(plain, mixedModel).sentiment).toBe('neutral');
    // Below the confidence the rules' verdict stands.
    expect(
      combine(praise, { ...mixedModel, policy: { ...NEVER_POLICY, mixedConfidence: 2 } }).sentiment,
    ).toBe('positive');
  });
  it('says nothing about text that normalises to nothing', () => {
    expect(withFake('\u0000\u200b').combined).toMatchObject({ topics: [], needsResponse: false });
  });
});

describe('the analyser with the model: bad input never throws', () => {
  const wellFormed = (text: string) => {
    const a = analyseComment(text);
    expect(a.topics.length).toBeLessThanOrEqual(3);
    expect(['positive', 'negative', 'neutral', 'mixed']).toContain(a.sentiment);
    expect(a.needsResponse).toBe(a.reasons.length > 0);
    for (const t of a.topics) expect(t.terms.length).toBeGreaterThan(0);
    return a;
  };
  it('empty, not a string, punctuation only', () => {
    expect(wellFormed('')).toMatchObject({ topics: [], sentiment: 'neutral', needsResponse: false });
    expect(wellFormed(undefined as unknown as string).topics).toEqual([]);
    wellFormed('。。。???!!!');
  });
  it('10,000 characters', () => {
    expect(wellFormed('柜员态度很好,'.repeat(1500).slice(0, 10_000)).truncated).toBe(true);
  });
  it('only emoji, control characters, lone surrogates, mixed scripts', () => {
    wellFormed('😀😀😀');
    wellFormed('态度\u0000很\u001b差\u007f');
    wellFormed('\ud83d态度很好\udc00');
    wellFormed('The teller 态度很差 and la file était longue ¿por qué?');
  });
  it('random code units (seeded)', () => {
    let seed = 4242;
    const next = () => {
      seed = (seed * 1664525 + 1013904223) >>> 0;
      return seed;
    };
    for (let n = 0; n < 300; n++) {
      let text = '';
      for (let i = next() % 60; i > 0; i--) text += String.fromCharCode(next() % 0x10000);
      wellFormed(text);
    }
  });
});

describe('a model file that names a head the code does not have', () => {
  it('is refused at load (its weight would land in the next feature)', () => {
    const [name, w] = Object.entries(shipped.weights)[0]!;
    for (const head of [-1, shipped.heads.length, 1.5]) {
      const bad: ModelFile = { ...shipped, weights: { ...shipped.weights, [name]: [...w, head, 0.5] } };
      expect(() => modelFromFile(bad)).toThrow(/outside/);
    }
    expect(() => modelFromFile(shipped)).not.toThrow();
  });
});
