export { type PreparedBatch, prepareBatch } from './batch.ts';
export {
  type CommentAnalyser,
  inlineCommentAnalyser,
  threadedCommentAnalyser,
} from './comment-threads.ts';
export {
  COMMENT_ANALYSIS_COLUMNS,
  COMMENT_ANALYSIS_TABLE,
  type CommentAnalysisRow,
  commentAnalysisRows,
  commentTexts,
  encodeAnalysis,
  encodedCommentAnalysisRow,
  storedAnalysis,
} from './comments.ts';
export {
  type CommentAnalysisStatus,
  type NormaliserOptions,
  type RunningNormaliser,
  startNormaliser,
} from './consumer.ts';
export { COLUMNS, localDate, npsCategory, type Row, type Table, toRows } from './mapping.ts';
export {
  type Analyser,
  CURRENT_ANALYSER,
  formatProgress,
  type ReanalyseOptions,
  type ReanalyseProgress,
  reanalyse,
} from './reanalyse.ts';
