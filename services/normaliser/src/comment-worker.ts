// An analyser thread: texts in, their encoded analyses out, in the same order. Started by
// comment-threads.ts; the analyser is pure, so a thread gives exactly what the caller's own thread
// would.
import { parentPort, workerData } from 'node:worker_threads';
import { encodedAnalyser } from './comments.ts';

export interface AnalyserThreadData {
  /** Distinct texts whose analyses the thread keeps (0: none). */
  cacheSize: number;
}

export interface AnalyseRequest {
  id: number;
  texts: string[];
}

const analyse = encodedAnalyser((workerData as AnalyserThreadData).cacheSize);
// The analyser's module (and the segmenter's dictionary) is loaded by now: say so.
parentPort?.postMessage({ ready: true });
parentPort?.on('message', ({ id, texts }: AnalyseRequest) => {
  parentPort!.postMessage({ id, analyses: texts.map(analyse) });
});
