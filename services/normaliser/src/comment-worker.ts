// An analyser thread: texts in, the stored part of each analysis out, in the same order. Started
// by comment-threads.ts; the analyser is pure, so a thread gives exactly what the caller's own
// thread would.
import { parentPort } from 'node:worker_threads';
import { analyseComment } from '@servloop/comment-analysis';
import { storedAnalysis } from './comments.ts';

export interface AnalyseRequest {
  id: number;
  texts: string[];
}

// The analyser's module (and the segmenter's dictionary) is loaded by now: say so.
parentPort?.postMessage({ ready: true });
parentPort?.on('message', ({ id, texts }: AnalyseRequest) => {
  parentPort!.postMessage({ id, analyses: texts.map((text) => storedAnalysis(analyseComment(text))) });
});
