// A batch's mapped rows → comment_analysis_v1 rows: every non-empty survey comment, questionnaire
// comment and complaint description, analysed by @servloop/comment-analysis (pure, in process).
// Rows carry the source event's id, branch and times, so a replay produces the same rows and the
// table's key (event, source, analyser version) replaces them; a new analyser version adds rows.
import { ANALYSER_VERSION, analyseComment, type CommentAnalysis } from '@servloop/comment-analysis';
import type { Row, Table } from './mapping.ts';
import { rememberRecent } from './recent-memo.ts';

export const COMMENT_ANALYSIS_TABLE = 'comment_analysis_v1';

/** Insert order of comment_analysis_v1 (infra/clickhouse/migrations/0020); _ingested_at takes its DEFAULT. */
export const COMMENT_ANALYSIS_COLUMNS = [
  'event_id',
  'branch_id',
  'source',
  'source_id',
  'occurred_at',
  'local_date',
  'analyser_version',
  'topics',
  'topic_sentiments',
  'subtopics',
  'sentiment',
  'needs_response',
  'reasons',
  'matched_terms',
  'truncated',
] as const;

export type CommentSource = 'survey' | 'questionnaire' | 'complaint';
export type CommentAnalysisRow = Record<
  (typeof COMMENT_ANALYSIS_COLUMNS)[number],
  string | number | readonly string[]
>;

export interface CommentText {
  base: Row;
  source: CommentSource;
  sourceId: string;
  text: string;
}

/** The texts worth analysing in a batch, in table then row order. */
export function commentTexts(rows: ReadonlyMap<Table, readonly Row[]>): CommentText[] {
  const texts: CommentText[] = [];
  for (const row of rows.get('survey_responses_v1') ?? []) {
    const text = typeof row.comment === 'string' ? row.comment : '';
    if (text.trim() === '') continue;
    // The normaliser writes a questionnaire's own comment as a survey row of channel 'questionnaire'.
    const source: CommentSource = row.channel === 'questionnaire' ? 'questionnaire' : 'survey';
    texts.push({ base: row, source, sourceId: String(row.response_id ?? ''), text });
  }
  for (const row of rows.get('complaints_v1') ?? []) {
    const text = typeof row.description === 'string' ? row.description : '';
    if (text.trim() === '') continue;
    texts.push({ base: row, source: 'complaint', sourceId: String(row.complaint_id ?? ''), text });
  }
  return texts;
}

/**
 * The part of an analysis that comment_analysis_v1 stores, flat: what an analyser thread sends
 * back (a smaller message than the whole analysis, whose topic terms are not stored).
 */
export interface StoredAnalysis {
  analyserVersion: string;
  topics: string[];
  topicSentiments: string[];
  subtopics: string[];
  sentiment: string;
  needsResponse: boolean;
  reasons: string[];
  matchedTerms: string[];
  truncated: boolean;
}

export function storedAnalysis(analysis: CommentAnalysis): StoredAnalysis {
  return {
    analyserVersion: analysis.analyserVersion,
    topics: analysis.topics.map((t) => t.dimension),
    topicSentiments: analysis.topics.map((t) => t.sentiment),
    subtopics: [...analysis.subtopics],
    sentiment: analysis.sentiment,
    needsResponse: analysis.needsResponse,
    reasons: [...analysis.reasons],
    matchedTerms: [...analysis.matchedTerms],
    truncated: analysis.truncated,
  };
}

/** The first six columns of COMMENT_ANALYSIS_COLUMNS: where the comment came from. */
function sourceCells(comment: CommentText): CommentAnalysisRow[keyof CommentAnalysisRow][] {
  return [
    String(comment.base.event_id),
    String(comment.base.branch_id),
    comment.source,
    comment.sourceId,
    comment.base.occurred_at ?? 0,
    String(comment.base.local_date),
  ];
}

/** The other nine: the analysis. */
function analysisCells(analysis: StoredAnalysis): CommentAnalysisRow[keyof CommentAnalysisRow][] {
  return [
    analysis.analyserVersion,
    analysis.topics,
    analysis.topicSentiments,
    analysis.subtopics,
    analysis.sentiment,
    analysis.needsResponse ? 1 : 0,
    analysis.reasons,
    analysis.matchedTerms,
    analysis.truncated ? 1 : 0,
  ];
}

export function commentAnalysisRow(comment: CommentText, analysis: StoredAnalysis): CommentAnalysisRow {
  const cells = [...sourceCells(comment), ...analysisCells(analysis)];
  return Object.fromEntries(
    COMMENT_ANALYSIS_COLUMNS.map((column, i) => [column, cells[i]!]),
  ) as CommentAnalysisRow;
}

/**
 * An analysis's cells as JSON, the tail of a JSONCompactEachRow line of comment_analysis_v1 (what
 * an analyser thread sends back: one string crosses threads more cheaply than an object of arrays,
 * and a cache can keep it as it is).
 */
export type EncodedAnalysis = string;

export function encodeAnalysis(analysis: StoredAnalysis): EncodedAnalysis {
  return JSON.stringify(analysisCells(analysis)).slice(1, -1);
}

/** The JSONCompactEachRow line of commentAnalysisRow(comment, analysis), from the encoded analysis. */
export function encodedCommentAnalysisRow(comment: CommentText, analysis: EncodedAnalysis): string {
  return `${JSON.stringify(sourceCells(comment)).slice(0, -1)},${analysis}]`;
}

/** Texts whose analyses an analyser keeps by default (per thread), and the longest text kept. */
export const ANALYSIS_CACHE_SIZE = 10_000;
export const MAX_CACHED_TEXT_CHARS = 200;

/**
 * The analyser as the normaliser runs it: text → encoded analysis, remembered for the last
 * `cacheSize` distinct texts (the analyser is pure, so a remembered analysis is the analysis).
 */
export function encodedAnalyser(cacheSize = ANALYSIS_CACHE_SIZE): (text: string) => EncodedAnalysis {
  return rememberRecent(
    (text) => encodeAnalysis(storedAnalysis(analyseComment(text))),
    cacheSize,
    MAX_CACHED_TEXT_CHARS,
  );
}

/**
 * comment_analysis_v1 rows for the comments in a batch's mapped rows (PreparedBatch.rows).
 * `analyse` is the analyser; tests pass a fake to check the mapping on its own.
 */
export function commentAnalysisRows(
  rows: ReadonlyMap<Table, readonly Row[]>,
  analyse: (text: string) => CommentAnalysis = analyseComment,
): CommentAnalysisRow[] {
  return commentTexts(rows).map((comment) =>
    commentAnalysisRow(comment, storedAnalysis(analyse(comment.text))),
  );
}

export { ANALYSER_VERSION };
