export { ANALYSER_VERSION, analyseByRules, type RuleAnalysis } from './analyse.ts';
export { analyseComment } from './comment.ts';
export {
  type BinaryScore,
  binaryScore,
  type Evaluation,
  evaluate,
  formatEvaluation,
  type LabelledComment,
  type Prediction,
} from './evaluate.ts';
export { MAX_ANALYSED_CHARS, normalise, stripUnsafeCharacters } from './normalise.ts';
export { detectReasons } from './reasons.ts';
export { segment } from './segment.ts';
export * from './types.ts';
