// The rules (analyse.ts) with the learnt model (model.ts) beside them. The rules stay the first
// word — everything they find is kept — and the model adds what they miss, under the policy stored
// with the weights (chosen by cross-validation on the development parts, see train.ts and README).
import { analyseByRules, type RuleAnalysis } from './analyse.ts';
import { textOf } from './features.ts';
import {
  type Model,
  NEEDS_HEAD,
  REASON_HEAD,
  SENTIMENT_HEAD,
  score,
  TOPIC_HEAD,
  topTextContributors,
} from './model.ts';
import {
  type CommentAnalysis,
  DIMENSIONS,
  type Dimension,
  NEEDS_RESPONSE_REASONS,
  type NeedsResponseReason,
  SENTIMENTS,
  type Sentiment,
  type TopicAnalysis,
} from './types.ts';

const MAX_TOPICS = 3;
/** How many of its strongest words or bigrams a model-only topic cites as its terms. */
const MODEL_TERMS = 3;

/** Joins the model's scores onto the rules' analysis under the model's policy. */
export function combine(rule: RuleAnalysis, model: Model): CommentAnalysis {
  const base = rule.analysis;
  // Nothing left after normalisation: nothing to say, whatever the biases are.
  if (rule.text.length === 0) return base;
  const p = score(model, rule);
  const { policy } = model;

  let best: Sentiment = base.sentiment;
  let bestP = -1;
  SENTIMENTS.forEach((s, i) => {
    if (p[SENTIMENT_HEAD + i]! > bestP) {
      best = s;
      bestP = p[SENTIMENT_HEAD + i]!;
    }
  });
  let sentiment: Sentiment = base.sentiment;
  if (
    policy.sentimentMode !== 'rules' &&
    (policy.sentimentMode === 'model' || base.sentiment === 'neutral') &&
    bestP >= policy.sentimentConfidence
  )
    sentiment = best;
  else if (
    best === 'mixed' &&
    bestP >= policy.mixedConfidence &&
    (base.sentiment === 'positive' || base.sentiment === 'negative')
  )
    sentiment = 'mixed';

  const topics: TopicAnalysis[] = [...base.topics];
  const added: Array<[Dimension, number]> = [];
  DIMENSIONS.forEach((d, i) => {
    const pd = p[TOPIC_HEAD + i]!;
    if (pd > policy.topicThreshold && !base.topics.some((t) => t.dimension === d)) added.push([d, pd]);
  });
  added.sort((a, b) => b[1] - a[1]);
  const modelTerms: string[] = [];
  for (const [dimension] of added) {
    if (topics.length >= MAX_TOPICS) break;
    const terms = topTextContributors(
      model,
      rule,
      TOPIC_HEAD + DIMENSIONS.indexOf(dimension),
      MODEL_TERMS,
    ).map((f) => textOf(f)!);
    modelTerms.push(...terms);
    // A topic the rules did not see has no sentiment of its own: it takes the comment's.
    topics.push({ dimension, sentiment, subtopics: [], terms });
  }

  let reasons: NeedsResponseReason[] = base.reasons;
  if (reasons.length === 0 && p[NEEDS_HEAD]! > policy.needsThreshold) {
    // The model says someone must respond: the reasons it finds likely, else its likeliest one.
    const pr = (r: NeedsResponseReason) => p[REASON_HEAD + NEEDS_RESPONSE_REASONS.indexOf(r)]!;
    const likely = NEEDS_RESPONSE_REASONS.filter((r) => pr(r) > 0.5);
    reasons = likely.length > 0 ? likely : [NEEDS_RESPONSE_REASONS.reduce((a, b) => (pr(b) > pr(a) ? b : a))];
  }
  if (sentiment === base.sentiment && added.length === 0 && reasons === base.reasons) return base;

  return {
    ...base,
    topics,
    sentiment,
    needsResponse: reasons.length > 0,
    reasons,
    matchedTerms:
      modelTerms.length > 0 ? [...new Set([...base.matchedTerms, ...modelTerms])] : base.matchedTerms,
  };
}

/** An analyser made of the rules and the given model (training and cross-validation use it). */
export function analyserWith(model: Model): (input: string) => CommentAnalysis {
  return (input) => {
    const rule = analyseByRules(input);
    return combine(rule, model);
  };
}
