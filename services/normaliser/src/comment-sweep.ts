// The sweep: comments in the warehouse without this analyser version's row get one. It is what makes
// deferred analysis (deferred-analysis.ts) lose nothing: a crash between a batch's insert and its
// analysis, a full queue, a failed analysis or insert all leave comments without a row, and the sweep
// is reanalyse() (idempotent: it reads what is missing from the warehouse) run by the normaliser
// itself. Once over every day soon after start, then every few minutes over the last days plus the oldest
// day the queue had to leave out since. A sweep waits until the queue is empty: what is queued is
// about to get its row, and sweeping it too would analyse it twice (harmless: rows are keyed by
// event and version in a ReplacingMergeTree, but it costs the CPU the queue saves).
import type { Warehouse } from '@servloop/warehouse';
import type { CommentAnalyser } from './comment-threads.ts';
import type { CommentText } from './comments.ts';
import type { DeferredAnalyser } from './deferred-analysis.ts';
import { CURRENT_ANALYSER, type ReanalyseResult, reanalyse } from './reanalyse.ts';

export interface CommentSweepOptions {
  warehouse: Warehouse;
  /** The low-priority analyser thread(s) the queue uses. */
  analyser: CommentAnalyser;
  queue: Pick<DeferredAnalyser, 'idle'>;
  /** Between periodic sweeps (default 5 min; 0: only the sweep at start). */
  everyMs?: number;
  /** Branch-local days a periodic sweep covers, today included (default 3). */
  recentDays?: number;
  /** Sweep over every day once, soon after start (default true). */
  atStart?: boolean;
  /**
   * How long after start that sweep waits (default 60 s): a starting normaliser first catches up on
   * its topic, and the sweep's reads of the comment tables would compete with those inserts.
   */
  startDelayMs?: number;
  onSwept?: (result: ReanalyseResult, from: string | undefined) => void;
  /** Comments the sweep just wrote rows for. */
  onWritten?: (comments: readonly CommentText[]) => void;
  log?: (line: string) => void;
  now?: () => number;
}

export interface CommentSweep {
  /** Makes the next periodic sweep reach back to this branch-local day (a comment left out). */
  owe(localDate: string): void;
  /** Sweeps now (after any sweep in hand); `from` unset: every day. */
  sweep(from?: string): Promise<ReanalyseResult | undefined>;
  stop(): Promise<void>;
}

const DAY_MS = 86_400_000;

/**
 * The first branch-local day of the last `days` days: local days run at most 14 h ahead of UTC and
 * 12 h behind, so the UTC day `days` days ago is no later than any branch's.
 */
export function recentFrom(now: number, days: number): string {
  return new Date(now - days * DAY_MS).toISOString().slice(0, 10);
}

export function startCommentSweep(o: CommentSweepOptions): CommentSweep {
  const log = o.log ?? (() => {});
  const now = o.now ?? Date.now;
  const stopping = new AbortController();
  let oldestOwed: string | undefined;
  let chain: Promise<unknown> = Promise.resolve();
  const run = async (from: string | undefined) => {
    if (stopping.signal.aborted) return undefined;
    await Promise.race([o.queue.idle(), new Promise((r) => stopping.signal.addEventListener('abort', r))]);
    if (stopping.signal.aborted) return undefined;
    const result = await reanalyse(o.warehouse, {
      ...(from ? { from } : {}),
      analyser: CURRENT_ANALYSER,
      encodedAnalyses: (texts) => o.analyser.analyse(texts),
      signal: stopping.signal,
      ...(o.onWritten ? { onWritten: o.onWritten } : {}),
    });
    o.onSwept?.(result, from);
    if (result.analysedThisRun > 0)
      log(
        `comment sweep from ${from ?? 'the first day'}: ${result.analysedThisRun} comment(s) had no analysis`,
      );
    return result;
  };
  const sweep = (from?: string): Promise<ReanalyseResult | undefined> => {
    const next = chain.then(() => run(from));
    // One sweep at a time; a failed sweep is logged and the next one tries again.
    chain = next.catch((err) =>
      log(`comment sweep failed (the next one retries): ${(err as Error).message}`),
    );
    return next;
  };
  const owe = (localDate: string) => {
    if (oldestOwed === undefined || localDate < oldestOwed) oldestOwed = localDate;
  };
  const periodic = () => {
    const recent = recentFrom(now(), o.recentDays ?? 3);
    const from = oldestOwed !== undefined && oldestOwed < recent ? oldestOwed : recent;
    oldestOwed = undefined;
    void sweep(from).catch(() => owe(from));
  };
  const startTimer =
    (o.atStart ?? true)
      ? setTimeout(() => void sweep().catch(() => {}), o.startDelayMs ?? 60_000)
      : undefined;
  startTimer?.unref();
  const everyMs = o.everyMs ?? 5 * 60_000;
  const timer = everyMs > 0 ? setInterval(periodic, everyMs) : undefined;
  timer?.unref();
  return {
    owe,
    sweep,
    async stop() {
      if (timer) clearInterval(timer);
      if (startTimer) clearTimeout(startTimer);
      stopping.abort();
      await chain;
    },
  };
}
