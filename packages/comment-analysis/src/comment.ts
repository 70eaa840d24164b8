// The analyser: rules and learnt model, the model read once from model/comment-model.json.
import { analyseByRules } from './analyse.ts';
import { combine } from './combine.ts';
import { loadShippedModel } from './model.ts';
import type { CommentAnalysis } from './types.ts';

const shipped = loadShippedModel();

/**
 * Comment → topics, sentiment and needs-response. Pure: the lexicon, the segmenter's dictionary
 * and the model load at module initialisation; no I/O here, and no string makes it throw.
 */
export function analyseComment(input: string): CommentAnalysis {
  const rule = analyseByRules(input);
  return combine(rule, shipped);
}
