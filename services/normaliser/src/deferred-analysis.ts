// Comment analysis after ingestion, not inside it: the consumer hands a batch's comments here once
// the batch is durably inserted and goes on with the next batch; an analyser thread (at the lowest
// CPU priority) works through the queue and its rows go into comment_analysis_v1. Ingestion never
// waits for text analytics. What this queue does not get done (it was full, the analyser or the
// insert failed, the process stopped or crashed) has no row yet, and the sweep (comment-sweep.ts)
// finds it in the warehouse: the queue is a fast path, the warehouse is the record of what is owed.
import { insertEncodedRows, type Warehouse } from '@servloop/warehouse';
import { BoundedQueue } from './bounded-queue.ts';
import type { CommentAnalyser } from './comment-threads.ts';
import {
  COMMENT_ANALYSIS_COLUMNS,
  COMMENT_ANALYSIS_TABLE,
  type CommentText,
  encodedCommentAnalysisRow,
} from './comments.ts';

export interface DeferredAnalyserOptions {
  warehouse: Warehouse;
  analyser: CommentAnalyser;
  /** Comments held in memory at most (default 50,000); the overflow is left to the sweep. */
  capacity?: number;
  /** Comments analysed and inserted together (default 2,000). */
  batch?: number;
  /** Comments whose rows were just written. */
  onAnalysed?: (comments: readonly CommentText[]) => void;
  /** Comments left to the sweep: not queued (full) or whose analysis or insert failed. */
  onLeftToSweep?: (comments: readonly CommentText[], why: string) => void;
}

export interface DeferredAnalyser {
  /** Queues comments of a batch already in the warehouse; never waits. */
  enqueue(comments: readonly CommentText[]): void;
  /** Comments queued or being analysed. */
  backlog(): number;
  /** Resolves once nothing is queued or being analysed. */
  idle(): Promise<void>;
  /** Stops after the comments in hand; what is still queued is left to the sweep. */
  close(): Promise<void>;
}

/** Only what a comment_analysis_v1 row needs: the queue should not hold whole mapped rows. */
function slim(comment: CommentText): CommentText {
  const { event_id, branch_id, occurred_at, local_date } = comment.base;
  return {
    base: {
      event_id: event_id ?? null,
      branch_id: branch_id ?? null,
      occurred_at: occurred_at ?? null,
      local_date: local_date ?? null,
    },
    source: comment.source,
    sourceId: comment.sourceId,
    text: comment.text,
  };
}

export function startDeferredAnalyser(o: DeferredAnalyserOptions): DeferredAnalyser {
  const queue = new BoundedQueue<CommentText>(o.capacity ?? 50_000);
  const batch = o.batch ?? 2000;
  let inHand = 0;
  let closed = false;
  let draining: Promise<void> | undefined;
  let idleWaiters: Array<() => void> = [];
  const settleIdle = () => {
    if (queue.size > 0 || inHand > 0) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  };
  const drain = async () => {
    while (!closed && queue.size > 0) {
      const comments = queue.take(batch);
      inHand = comments.length;
      try {
        const analyses = await o.analyser.analyse(comments.map((c) => c.text));
        const lines = comments.map((comment, i) => encodedCommentAnalysisRow(comment, analyses[i]!));
        // No deduplication token: the table's key (event, version) replaces a row written twice.
        await insertEncodedRows(o.warehouse, COMMENT_ANALYSIS_TABLE, COMMENT_ANALYSIS_COLUMNS, lines);
        o.onAnalysed?.(comments);
      } catch (err) {
        o.onLeftToSweep?.(comments, (err as Error).message);
      } finally {
        inHand = 0;
      }
    }
  };
  const pump = () => {
    if (draining || closed) return;
    draining = drain().finally(() => {
      draining = undefined;
      // Comments may have come while the last insert was in hand.
      if (!closed && queue.size > 0) pump();
      else settleIdle();
    });
  };
  return {
    enqueue(comments) {
      if (comments.length === 0) return;
      if (closed) {
        o.onLeftToSweep?.(comments, 'deferred analyser closed');
        return;
      }
      const overflow = queue.push(comments.map(slim));
      if (overflow.length > 0) o.onLeftToSweep?.(overflow, 'queue full');
      pump();
    },
    backlog: () => queue.size + inHand,
    idle() {
      if (queue.size === 0 && inHand === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    async close() {
      closed = true;
      await draining;
      const left = queue.take(queue.size);
      if (left.length > 0) o.onLeftToSweep?.(left, 'deferred analyser closed');
      settleIdle();
    },
  };
}
