// The demo simulator's comments as a check on the comment analyser: what the analyser says about
// 4,000 of them, one hash per comment. Recorded from analyser 1.3.0 as released (before the
// speed-up of issue 13) by `pnpm exec tsx record-analyser-outputs.ts`; analyser-outputs.test.ts
// checks that the analyser still says the same. Independent of the analyser's own data: these
// texts are written by comments.ts, not taken from the labelled comments.
import { createHash } from 'node:crypto';
import { analyseByRules, analyseComment } from '@servloop/comment-analysis';
import { hallComment, SECTORS, toTraditional, type VisitScores } from './comments.ts';

export const ANALYSER_OUTPUTS_URL = new URL('./analyser-outputs-1.3.0.json', import.meta.url);

const seeded = (seed: number) => () => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 2 ** 32;
};

/** 4,000 simulated comments over every sector and a spread of visit scores (some in Traditional). */
export function simulatedComments(): string[] {
  const rand = seeded(1302);
  const texts: string[] = [];
  for (let i = 0; texts.length < 4000; i++) {
    const score = () => 1 + Math.floor(rand() * 9) / 2;
    const scores: VisitScores = {
      attitude: score(),
      efficiency: score(),
      performance: score(),
      process: score(),
      facilities: score(),
    };
    const text = hallComment(rand, SECTORS[i % SECTORS.length]!, scores, { complaint: i % 5 === 0 });
    if (text === '') continue;
    texts.push(i % 13 === 0 ? toTraditional(text) : text);
  }
  return texts;
}

/** A hash of everything the analyser says about a text: the analysis and what the rules read. */
export function analyserOutputHash(text: string): string {
  const output = { analysis: analyseComment(text), rules: analyseByRules(text) };
  return createHash('sha256').update(JSON.stringify(output)).digest('hex').slice(0, 16);
}
