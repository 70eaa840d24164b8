// Comment analysis off the consumer's thread: the normaliser hands a batch's comment texts to an
// analyser thread and inserts the batch's other rows meanwhile, so analysing overlaps the insert
// (and the parsing of the next batch) instead of adding to them. Results come back in the order of
// the texts, so the rows, and a replay's rows, are the same as analysing in line. They come back
// encoded (comments.ts, EncodedAnalysis), and each thread remembers the analyses of the texts it
// saw last, as the in-line analyser does.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AnalyseRequest, AnalyserThreadData } from './comment-worker.ts';
import { ANALYSIS_CACHE_SIZE, type EncodedAnalysis, encodedAnalyser } from './comments.ts';

export interface CommentAnalyser {
  /** The encoded analyses of `texts`, in their order. Rejects only if an analyser thread died. */
  analyse(texts: string[]): Promise<EncodedAnalysis[]>;
  /** Resolves once every thread has loaded the analyser (rejects if one could not). */
  ready(): Promise<void>;
  close(): Promise<void>;
  /** Kernel ids of the analyser threads that have started (Linux only; empty in line). */
  osThreadIds(): number[];
}

export interface AnalyserOptions {
  /** Distinct texts whose analyses are remembered, per thread (default ANALYSIS_CACHE_SIZE; 0: none). */
  cacheSize?: number;
  /** Threads run at the lowest CPU priority (nice 19, Linux); default false. */
  lowPriority?: boolean;
}

/** In the caller's thread: for threads = 0, and for tests. */
export function inlineCommentAnalyser({
  cacheSize = ANALYSIS_CACHE_SIZE,
}: AnalyserOptions = {}): CommentAnalyser {
  const analyse = encodedAnalyser(cacheSize);
  return {
    analyse: async (texts) => texts.map(analyse),
    ready: async () => {},
    close: async () => {},
    osThreadIds: () => [],
  };
}

/**
 * The analyser thread runs TypeScript as this process does. tsx registers its loader in the main
 * thread only, so the thread's entry registers it (tsx's API) before importing the worker module.
 */
function analyserThread(data: AnalyserThreadData): Worker {
  // The ESM build of tsx's API (its CommonJS build resolves the loader wrongly from an eval'd entry).
  const tsxApi = pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  const entry = new URL('./comment-worker.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: data });
}

interface Pending {
  resolve: (analyses: EncodedAnalysis[]) => void;
  reject: (err: Error) => void;
}

interface AnalyserThread {
  worker: Worker;
  started: Promise<void>;
  pending: Map<number, Pending>;
  texts: number;
  tid?: number;
}

/**
 * `threads` analyser threads (≥ 1); a request goes to the thread with the fewest texts in hand.
 * A thread that dies fails its requests (the batch fails and is retried, nothing is committed
 * past it) and is replaced when the next request comes (all start at once), so a thread that cannot start fails each
 * batch instead of restarting in a loop.
 */
export function threadedCommentAnalyser(
  threads: number,
  { cacheSize = ANALYSIS_CACHE_SIZE, lowPriority = false }: AnalyserOptions = {},
): CommentAnalyser {
  const pool: Array<AnalyserThread | undefined> = Array.from({ length: Math.max(1, threads) });
  let nextId = 0;
  let closed = false;
  const start = (slot: number): AnalyserThread => {
    const worker = analyserThread({ cacheSize, lowPriority });
    let started!: (value: undefined) => void;
    let failedToStart!: (err: Error) => void;
    const thread: AnalyserThread = {
      worker,
      started: new Promise<void>((resolve, reject) => {
        started = resolve;
        failedToStart = reject;
      }),
      pending: new Map(),
      texts: 0,
    };
    thread.started.catch(() => {});
    // Kafka's sockets keep a running normaliser alive; an idle analyser thread must not.
    worker.unref();
    worker.on(
      'message',
      (message: { ready: true; tid?: number } | { id: number; analyses: EncodedAnalysis[] }) => {
        if ('ready' in message) {
          if (message.tid !== undefined) thread.tid = message.tid;
          started(undefined);
          return;
        }
        const { id, analyses } = message;
        const request = thread.pending.get(id);
        thread.pending.delete(id);
        thread.texts -= analyses.length;
        request?.resolve(analyses);
      },
    );
    const fail = (err: Error): void => {
      failedToStart(err);
      if (pool[slot] === thread) pool[slot] = undefined;
      for (const request of thread.pending.values()) request.reject(err);
      thread.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`comment analyser thread exited (code ${code})`)));
    pool[slot] = thread;
    return thread;
  };
  // Started now, not at the first batch: loading the segmenter's dictionary takes a second or two.
  for (let slot = 0; slot < pool.length; slot++) start(slot);
  return {
    analyse(texts) {
      if (texts.length === 0) return Promise.resolve([]);
      if (closed) return Promise.reject(new Error('comment analyser closed'));
      let thread: AnalyserThread | undefined;
      for (let slot = 0; slot < pool.length; slot++) {
        const candidate = pool[slot] ?? start(slot);
        if (!thread || candidate.texts < thread.texts) thread = candidate;
      }
      const chosen = thread!;
      const id = nextId++;
      chosen.texts += texts.length;
      return new Promise<EncodedAnalysis[]>((resolve, reject) => {
        chosen.pending.set(id, { resolve, reject });
        chosen.worker.postMessage({ id, texts } satisfies AnalyseRequest);
      });
    },
    async ready() {
      await Promise.all(pool.map((thread, slot) => (thread ?? start(slot)).started));
    },
    async close() {
      closed = true;
      await Promise.all(pool.map((thread) => thread?.worker.terminate()));
    },
    osThreadIds: () => pool.flatMap((thread) => (thread?.tid === undefined ? [] : [thread.tid])),
  };
}
