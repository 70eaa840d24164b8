// Re-analyses the comments already in the warehouse with the analyser this build carries, and
// writes its comment_analysis_v1 rows beside the older versions' rows (which it never touches).
// Lives in the normaliser because the normaliser is the one writer of comment_analysis_v1 and owns
// what counts as a comment (comments.ts): the rows are the ones a replay of the archive would write.
//
// Idempotent and resumable without a checkpoint file: a comment whose event already has a row for
// this analyser version is skipped, so an interrupted run picks up where it stopped and a repeated
// run writes nothing. Pages go in (local_date, event_id) order with a keyset cursor, so every page
// makes progress even if a text turns out to hold nothing to analyse.
import { ANALYSER_VERSION, analyseComment, type CommentAnalysis } from '@servloop/comment-analysis';
import { insertEncodedRows, insertRows, type Warehouse } from '@servloop/warehouse';
import {
  COMMENT_ANALYSIS_COLUMNS,
  COMMENT_ANALYSIS_TABLE,
  type CommentText,
  commentAnalysisRows,
  commentTexts,
  type EncodedAnalysis,
  encodedCommentAnalysisRow,
} from './comments.ts';
import type { Row, Table } from './mapping.ts';

export interface Analyser {
  version: string;
  analyse: (text: string) => CommentAnalysis;
}
export const CURRENT_ANALYSER: Analyser = { version: ANALYSER_VERSION, analyse: analyseComment };

export interface ReanalyseProgress {
  /** Comments in the range that have this version's analysis (before this run plus written by it). */
  done: number;
  total: number;
  /** Comments this run analysed so far. */
  analysedThisRun: number;
  /** Rows written by this run so far. */
  written: number;
  elapsedMs: number;
}

export interface ReanalyseOptions {
  /** Branch-local days, inclusive; unset means from the first / to the last. */
  from?: string;
  to?: string;
  /** Comments per page (read, analyse, insert). */
  batch?: number;
  analyser?: Analyser;
  /**
   * Analyses a page's texts elsewhere (the normaliser's low-priority analyser thread) instead of
   * with `analyser.analyse` in this thread; its analyses must be of `analyser`'s version.
   */
  encodedAnalyses?: (texts: string[]) => Promise<EncodedAnalysis[]>;
  onProgress?: (p: ReanalyseProgress) => void;
  /** The comments of a page whose rows were just written. */
  onWritten?: (comments: readonly CommentText[]) => void;
  /** Stops after the page in hand is written (the next run resumes). */
  signal?: AbortSignal;
  now?: () => number;
}

export interface ReanalyseResult extends ReanalyseProgress {
  version: string;
  /** True when stopped by the signal before the range was finished. */
  stopped: boolean;
}

const FIRST_DAY = '1970-01-01';
const LAST_DAY = '2149-06-06';

// The comment-bearing rows of the two source tables, as the normaliser mapped them (FINAL: an
// event delivered twice is one row). Only the columns commentAnalysisRows reads.
const SOURCES = `
  SELECT 'survey_responses_v1' AS source_table, event_id, branch_id, local_date,
         toUnixTimestamp64Milli(occurred_at) AS occurred_ms, response_id AS source_id, channel, comment AS text
  FROM survey_responses_v1 FINAL
  WHERE local_date >= {from:Date} AND local_date <= {to:Date} AND notEmpty(trimBoth(comment))
  UNION ALL
  SELECT 'complaints_v1' AS source_table, event_id, branch_id, local_date,
         toUnixTimestamp64Milli(occurred_at) AS occurred_ms, complaint_id AS source_id, '' AS channel, description AS text
  FROM complaints_v1 FINAL
  WHERE local_date >= {from:Date} AND local_date <= {to:Date} AND notEmpty(trimBoth(description))`;
const ANALYSED = `SELECT event_id FROM ${COMMENT_ANALYSIS_TABLE}
  WHERE analyser_version = {version:String} AND local_date >= {from:Date} AND local_date <= {to:Date}`;

interface SourceRow {
  source_table: 'survey_responses_v1' | 'complaints_v1';
  event_id: string;
  branch_id: string;
  local_date: string;
  occurred_ms: string;
  source_id: string;
  channel: string;
  text: string;
}

async function select<T>(w: Warehouse, query: string, params: Record<string, unknown>): Promise<T[]> {
  return (await w.client.query({ query, query_params: params, format: 'JSONEachRow' })).json<T>();
}

/** The source rows of a page, in the shape commentAnalysisRows takes (a batch's mapped rows). */
function mappedRows(page: readonly SourceRow[]): Map<Table, Row[]> {
  const surveys: Row[] = [];
  const complaints: Row[] = [];
  for (const r of page) {
    const base = {
      event_id: r.event_id,
      branch_id: r.branch_id,
      local_date: r.local_date,
      occurred_at: Number(r.occurred_ms),
    };
    if (r.source_table === 'complaints_v1')
      complaints.push({ ...base, complaint_id: r.source_id, description: r.text });
    else surveys.push({ ...base, response_id: r.source_id, channel: r.channel, comment: r.text });
  }
  return new Map<Table, Row[]>([
    ['survey_responses_v1', surveys],
    ['complaints_v1', complaints],
  ]);
}

export async function reanalyse(w: Warehouse, o: ReanalyseOptions = {}): Promise<ReanalyseResult> {
  const analyser = o.analyser ?? CURRENT_ANALYSER;
  const batch = o.batch ?? 2000;
  if (!Number.isInteger(batch) || batch < 1)
    throw new Error(`batch must be a positive integer, got ${batch}`);
  const now = o.now ?? Date.now;
  const params = { from: o.from ?? FIRST_DAY, to: o.to ?? LAST_DAY, version: analyser.version };
  const [counts] = await select<{ total: string; done: string }>(
    w,
    `SELECT count() AS total, countIf(event_id IN (${ANALYSED})) AS done FROM (${SOURCES})`,
    params,
  );
  const started = now();
  const progress: ReanalyseProgress = {
    done: Number(counts?.done ?? 0),
    total: Number(counts?.total ?? 0),
    analysedThisRun: 0,
    written: 0,
    elapsedMs: 0,
  };
  let cursor = { day: FIRST_DAY, eventId: '' };
  let stopped = false;
  for (;;) {
    if (o.signal?.aborted) {
      stopped = true;
      break;
    }
    const page = await select<SourceRow>(
      w,
      `SELECT * FROM (${SOURCES})
       WHERE (local_date > {day:Date} OR (local_date = {day:Date} AND event_id > {eventId:String}))
         AND event_id NOT IN (${ANALYSED})
       ORDER BY local_date, event_id LIMIT {batch:UInt32}`,
      // Both sides read from the cursor's day on: a page costs what is left, not the whole range.
      { ...params, from: cursor.day > params.from ? cursor.day : params.from, ...cursor, batch },
    );
    if (page.length === 0) break;
    const mapped = mappedRows(page);
    const comments = commentTexts(mapped);
    const written = o.encodedAnalyses
      ? await writeEncoded(w, comments, o.encodedAnalyses, analyser.version)
      : await writeRows(w, mapped, analyser);
    o.onWritten?.(comments);
    const last = page.at(-1)!;
    cursor = { day: last.local_date, eventId: last.event_id };
    progress.done += page.length;
    progress.analysedThisRun += page.length;
    progress.written += written;
    progress.elapsedMs = now() - started;
    o.onProgress?.({ ...progress });
  }
  progress.elapsedMs = now() - started;
  return { ...progress, version: analyser.version, stopped };
}

// The analyser names its version in its output; a mismatch would write rows this run's "already
// analysed" test never sees, and loop on them next time.
function checkVersion(wrote: unknown, expected: string): void {
  if (wrote !== expected)
    throw new Error(`the analyser wrote version ${String(wrote)}, expected ${expected}`);
}

async function writeRows(w: Warehouse, page: Map<Table, Row[]>, analyser: Analyser): Promise<number> {
  const rows = commentAnalysisRows(page, analyser.analyse);
  for (const r of rows) checkVersion(r.analyser_version, analyser.version);
  await insertRows(w, COMMENT_ANALYSIS_TABLE, COMMENT_ANALYSIS_COLUMNS, rows);
  return rows.length;
}

async function writeEncoded(
  w: Warehouse,
  comments: readonly CommentText[],
  analyse: (texts: string[]) => Promise<EncodedAnalysis[]>,
  version: string,
): Promise<number> {
  const analyses = await analyse(comments.map((c) => c.text));
  // An encoded analysis is the row's analysis cells as JSON; the first is the analyser version.
  for (const a of analyses) checkVersion((JSON.parse(`[${a}]`) as unknown[])[0], version);
  const lines = comments.map((comment, i) => encodedCommentAnalysisRow(comment, analyses[i]!));
  if (lines.length > 0) await insertEncodedRows(w, COMMENT_ANALYSIS_TABLE, COMMENT_ANALYSIS_COLUMNS, lines);
  return lines.length;
}

/** One progress line: comments done / total, this run's rate and the time left at that rate. */
export function formatProgress(p: ReanalyseProgress): string {
  const pct = p.total === 0 ? 100 : (100 * p.done) / p.total;
  const rate = p.elapsedMs > 0 ? (1000 * p.analysedThisRun) / p.elapsedMs : 0;
  const left = Math.max(0, p.total - p.done);
  const eta = left === 0 ? '0s' : rate > 0 ? duration(left / rate) : 'unknown';
  return `reanalyse: ${p.done}/${p.total} comments (${pct.toFixed(1)}%), ${Math.round(rate)} comments/s, ETA ${eta}`;
}

function duration(seconds: number): string {
  const s = Math.ceil(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
