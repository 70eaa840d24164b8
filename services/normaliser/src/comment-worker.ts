// An analyser thread: texts in, their encoded analyses out, in the same order. Started by
// comment-threads.ts; the analyser is pure, so a thread gives exactly what the caller's own thread
// would.
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { encodedAnalyser } from './comments.ts';

export interface AnalyserThreadData {
  /** Distinct texts whose analyses the thread keeps (0: none). */
  cacheSize: number;
  /** Run this thread at the lowest CPU priority (nice 19), so a busy host serves ingestion first. */
  lowPriority: boolean;
}

export interface AnalyseRequest {
  id: number;
  texts: string[];
}

/** This thread's kernel id (Linux: /proc/thread-self → "<pid>/task/<tid>"), or undefined elsewhere. */
function osThreadId(): number | undefined {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(tid) ? tid : undefined;
  } catch {
    return undefined;
  }
}

const data = workerData as AnalyserThreadData;
const tid = osThreadId();
if (data.lowPriority && tid !== undefined) {
  // On Linux a thread id names that thread alone. Where this is refused, the thread keeps the
  // process's priority: analysis still happens, it just competes with ingestion.
  try {
    setPriority(tid, 19);
  } catch {}
}
const analyse = encodedAnalyser(data.cacheSize);
// The analyser's module (and the segmenter's dictionary) is loaded by now: say so.
parentPort?.postMessage({ ready: true, tid });
parentPort?.on('message', ({ id, texts }: AnalyseRequest) => {
  parentPort!.postMessage({ id, analyses: texts.map(analyse) });
});
