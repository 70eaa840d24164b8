export { type PreparedBatch, prepareBatch } from './batch.ts';
export {
  type CommentAnalyser,
  inlineCommentAnalyser,
  threadedCommentAnalyser,
} from './comment-threads.ts';
export { type NormaliserOptions, type RunningNormaliser, startNormaliser } from './consumer.ts';
export { COLUMNS, localDate, npsCategory, type Row, type Table, toRows } from './mapping.ts';
